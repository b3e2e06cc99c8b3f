"""考点速记 / Exam essentials: each chapter's exam points, built from its bank.

One source, four views (chapter notebook, booklet, flashcards, past papers), so they cannot disagree:

- 【名词解释】 definitions: every ``term`` item of the chapter (term = prompt, definition = model answer);
- 【简答要点】 skeletons: every ``short_answer`` item (its keypoints, in order, as the numbered points,
  then the model answer);
- 【易错判断】 traps: **every** ``true_false`` item of the chapter, with its key and the first sentence
  of its explanation that is more than a bare "正确/错误" (the course's true/false questions are all
  traps of one kind or another, and taking them all means no trap can be forgotten by a missing tag);
  items from the past paper carry their label, e.g. 【往年判断题 21】;
- 【必背图表】 figures: every ``matching`` (fill-in) item, as a table slot → answer.

>>> essentials("04")                                       # doctest: +SKIP
>>> len(chapter_essentials("04", "zh").definitions) >= 6   # doctest: +SKIP
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ArgumentError
from ..i18n import get_language, text

__all__ = ["Essentials", "chapter_essentials", "essentials", "essentials_blocks", "essentials_markdown",
           "past_label", "past_number", "point_label", "revision_chapters", "numbered", "strip_key", "one_line_reason"]

_PAST_TAG = re.compile(r"^seed000-(\d\d)$")
_BARE_KEY = re.compile(r"^\s*(正确|错误|对|错|不对|true|false|correct|wrong|yes|no)\s*[。.!！,，:：]?\s*$", re.I)
_KEY_PREFIX = re.compile(r"^(正确|错误|对|错|True|False)[。.,，:：;；]\s*", re.I)
_ZH_SENTENCE = re.compile(r"(?<=[。！？])")
_EN_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")


@lru_cache(maxsize=4)
def _bank_at(folder: str):
    from ..quiz.bank import load_bank

    return load_bank(folder)


def _bank():
    from ..quiz.bank import banks_dir

    return _bank_at(str(banks_dir()))


def revision_chapters() -> list[str]:
    """The numbered chapters that have a bank (``["01", …, "12"]``)."""
    return sorted({it.chapter for it in _bank() if it.chapter.isdigit()})


def _check_chapter(chapter) -> str:
    key = f"{chapter:02d}" if isinstance(chapter, int) and not isinstance(chapter, bool) else str(chapter)
    have = revision_chapters()
    if key not in have:
        raise ArgumentError(text(en="essentials: no chapter {c!r}; use one of {a}, e.g. essentials(\"04\").",
                                 zh="essentials：没有第 {c!r} 章；可用的章节为 {a}，例如 essentials(\"04\")。",
                                 c=chapter, a=", ".join(have)))
    return key


def past_number(item) -> int | None:
    """The past-paper true/false number of an item (its ``seed000-NN`` tag), or None."""
    for tag in item.tags:
        m = _PAST_TAG.match(tag)
        if m:
            return int(m.group(1))
    return None


def past_label(number: int, lang: str | None = None) -> str:
    """The label a student can look up on the past-papers page: 【往年判断题 21】 / [Past T/F 21]."""
    return text(en="[Past T/F {n}]", zh="【往年判断题 {n}】", n=number, lang=lang)


def point_label(keypoint, lang: str) -> str:
    """The readable name of one marking point in ``lang``: its label (as a marker's checklist states
    it), else its first phrase."""
    return keypoint.titles[lang]


def numbered(points, lang: str) -> str:
    """Points in one line, numbered: "（1）甲；（2）乙" / "(1) a; (2) b"."""
    if lang == "zh":
        return "；".join(f"（{k}）{p}" for k, p in enumerate(points, 1))
    return "; ".join(f"({k}) {p}" for k, p in enumerate(points, 1))


def strip_key(explanation: str) -> str:
    """An explanation without its opening "正确。" / "False." (the key is shown separately)."""
    return _KEY_PREFIX.sub("", explanation.strip(), count=1)


def one_line_reason(explanation: str, lang: str) -> str:
    """The first sentence of an explanation that says more than a bare "正确。" / "False."."""
    splitter = _ZH_SENTENCE if lang == "zh" else _EN_SENTENCE
    for sentence in splitter.split(explanation.strip()):
        sentence = sentence.strip()
        if sentence and not _BARE_KEY.match(sentence):
            sentence = _KEY_PREFIX.sub("", sentence)
            return sentence[:1].upper() + sentence[1:] if lang == "en" else sentence
    return explanation.strip()


@dataclass(frozen=True)
class Essentials:
    """A chapter's exam essentials in one language; every entry keeps the id of the bank item it came from."""

    chapter: str
    lang: str
    title: str
    definitions: tuple[tuple[str, str, str], ...]                 # (item id, term, definition)
    skeletons: tuple[tuple[str, str, tuple[str, ...], str], ...]  # (item id, question, points, model answer)
    traps: tuple[tuple[str, str, bool, str, int | None], ...]     # (item id, statement, key, reason, past number)
    figures: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # (item id, prompt, (slot, answer) rows)


def _title(chapter: str, lang: str) -> str:
    from ..chapters.plan import CHAPTERS

    for c in CHAPTERS:
        if c["number"] == chapter:
            return c[lang]
    return chapter


def chapter_essentials(chapter, lang: str | None = None) -> Essentials:
    """The chapter's definitions, short-answer skeletons, trap statements and fill-in figures."""
    key = _check_chapter(chapter)
    lang = lang or get_language()
    items = list(_bank().select(chapter=key))
    return Essentials(
        chapter=key, lang=lang, title=_title(key, lang),
        definitions=tuple((it.id, it.prompt[lang], it.model_answer[lang]) for it in items if it.type == "term"),
        skeletons=tuple((it.id, it.prompt[lang], tuple(point_label(k, lang) for k in it.keypoints),
                         it.model_answer[lang]) for it in items if it.type == "short_answer"),
        traps=tuple((it.id, it.prompt[lang], bool(it.answer), one_line_reason(it.explanation[lang], lang),
                     past_number(it)) for it in items if it.type == "true_false"),
        figures=tuple((it.id, it.prompt[lang], tuple((slot[lang], it.choices[a][lang]) for slot, a in
                                                     zip(it.slots, it.answer))) for it in items if it.type == "matching"),
    )


def _key(value: bool, lang: str) -> str:
    return text(en="True", zh="√ 对", lang=lang) if value else text(en="False", zh="× 错", lang=lang)


def essentials_blocks(chapter, lang: str | None = None, *, level: int = 3, with_title: bool = False) -> list:
    """The essentials as layout blocks: four parts headed at ``level``, under the chapter title if ``with_title``.

    Past-paper labels link to ``#tf-N`` (the past-papers page's anchors).
    """
    e = chapter_essentials(chapter, lang)
    lang = e.lang
    h = level
    blocks: list = []
    if with_title:
        blocks.append(("h", h - 1, text(en="Chapter {c} · {t}", zh="第 {c} 章 · {t}", c=e.chapter, t=e.title,
                                        lang=lang), f"ch{e.chapter}"))
    blocks.append(("h", h, text(en="Definitions", zh="【名词解释】", lang=lang), None))
    blocks.append(("ol", [f"**{term}**：{d}" if lang == "zh" else f"**{term}**: {d}" for _, term, d in e.definitions]))
    blocks.append(("h", h, text(en="Short-answer skeletons", zh="【简答要点】", lang=lang), None))
    for n, (_, question, points, answer) in enumerate(e.skeletons, 1):
        blocks.append(("p", f"**{n}. {question}**"))
        blocks.append(("ul", [text(en="Points: {p}", zh="要点：{p}", p=numbered(points, lang), lang=lang),
                              text(en="Model answer: {a}", zh="参考答案：{a}", a=answer, lang=lang)]))
    blocks.append(("h", h, text(en="True or false? The traps", zh="【易错判断】", lang=lang), None))
    rows = []
    for _, statement, key, reason, number in e.traps:
        label = f" [{past_label(number, lang)}](#tf-{number})" if number else ""
        rows.append([statement + label, _key(key, lang), reason])
    blocks.append(("table", [text(en="statement", zh="题目", lang=lang), text(en="key", zh="答案", lang=lang),
                             text(en="why", zh="理由", lang=lang)], rows))
    if e.figures:
        blocks.append(("h", h, text(en="Figures to know by heart", zh="【必背图表】", lang=lang), None))
    for _, prompt, pairs in e.figures:
        blocks.append(("p", f"**{prompt}**"))
        blocks.append(("table", [text(en="position", zh="位置", lang=lang), text(en="answer", zh="答案", lang=lang)],
                       [list(p) for p in pairs]))
    return blocks


def essentials_markdown(chapter, lang: str | None = None, *, past_page: str = "P1_past_papers.ipynb") -> str:
    """The essentials as Markdown; past-paper labels link into ``past_page``."""
    from .layout import relink, to_markdown

    return to_markdown(relink(essentials_blocks(chapter, lang), past_page))


def essentials(chapter):
    """Show the chapter's 考点速记 / Exam essentials in a notebook (in the active language)."""
    from IPython.display import Markdown

    return Markdown(essentials_markdown(chapter))
