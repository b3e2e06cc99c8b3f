"""往年真题 / Past papers: the course documents as papers a student can look up.

The data file ``quizzes/past_papers/past_papers.yaml`` holds the paper layouts, which bank item
teaches each past question, and paper 3's case marking schemes; the questions' answer points come
from the bank (keypoints and model answers), and the 35 true/false items of past paper 1 are the bank
items tagged ``seed000-NN``. The page's anchors (``tf-21``, ``short-answers``, ``paper3-cases`` …)
are what the citation labels 【往年判断题 21】 / [Past T/F 21] link to.

>>> past_papers()                      # doctest: +SKIP
>>> len(true_false_items())            # doctest: +SKIP
35
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import DataError
from ..i18n import get_language, text
from .exam_points import _bank, numbered, past_number, point_label, strip_key

__all__ = ["past_papers_path", "load_past_papers", "true_false_items", "past_papers_blocks", "past_papers_markdown",
           "past_papers"]

_SECTIONS = ("papers", "short_answers", "review_qa", "essays", "paper3")


def past_papers_path() -> Path:
    """The data file of the past-papers page: ``quizzes/past_papers/past_papers.yaml`` of the kit."""
    from ..resources import folder

    return folder("quizzes") / "past_papers" / "past_papers.yaml"


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    import yaml

    p = Path(path)
    if not p.is_file():
        raise DataError(text(en="past papers: {p} is missing; restore it from git (git checkout -- {p}).",
                             zh="往年真题：找不到 {p}；请从 git 恢复（git checkout -- {p}）。", p=p))
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise DataError(text(en="past papers: {p}{l} is not valid YAML ({w}); check the quotes on that line.",
                             zh="往年真题：{p}{l} 的 YAML 语法有误（{w}）；请检查该行的引号。", p=p, l=line,
                             w=getattr(exc, "problem", None) or exc)) from exc
    missing = [s for s in _SECTIONS if not isinstance(raw, dict) or s not in raw]
    if missing:
        raise DataError(text(en="past papers: {p} lacks the section(s) {m}; each of {a} is needed.",
                             zh="往年真题：{p} 缺少 {m} 部分；需要 {a} 各部分。", p=p, m=", ".join(missing),
                             a=", ".join(_SECTIONS)))
    bank = _bank()
    refs = [q["item"] for s in ("short_answers", "review_qa", "essays") for q in raw[s]]
    refs += [q["item"] for s in ("reasons", "fill_ins") for q in raw["paper3"][s]]
    refs += [c["practice"] for c in raw["paper3"]["cases"]]
    unknown = [r for r in refs if r not in bank]
    if unknown:
        raise DataError(text(en="past papers: {p} names item(s) {u} that no bank holds; fix the ids.",
                             zh="往年真题：{p} 引用的题目 {u} 在题库中不存在；请改正 id。", p=p, u=", ".join(unknown)))
    return raw


def load_past_papers() -> dict:
    """The parsed data file (checked: every section present, every item id in the bank)."""
    return _load(str(past_papers_path()))


def true_false_items() -> list:
    """``(number, item)`` for the 35 true/false items of past paper 1, in the paper's order."""
    found = sorted((past_number(it), it) for it in _bank() if past_number(it) is not None)
    return [(n, it) for n, it in found]


def _answer_points(item, lang: str) -> list[str]:
    points = numbered([point_label(k, lang) for k in item.keypoints], lang)
    return [text(en="Points: {p}", zh="要点：{p}", p=points, lang=lang),
            text(en="Model answer: {a}", zh="参考答案：{a}", a=item.model_answer[lang], lang=lang)]


def _questions(entries, label_zh: str, label_en: str, lang: str) -> list:
    bank = _bank()
    blocks = []
    for q in entries:
        item = bank[q["item"]]
        label = text(en=label_en, zh=label_zh, n=q["n"], lang=lang)
        blocks.append(("p", f"**{label}** {item.prompt[lang]}"))
        blocks.append(("ul", _answer_points(item, lang)
                       + [text(en="Practise it: item {i} (chapter {c})", zh="练习：题目 {i}（第 {c} 章）",
                               i=item.id, c=item.chapter, lang=lang)]))
    return blocks


def _key(value: bool, lang: str) -> str:
    return text(en="True", zh="√ 对", lang=lang) if value else text(en="False", zh="× 错", lang=lang)


def past_papers_blocks(lang: str | None = None, *, level: int = 2) -> list:
    """The whole past-papers page as layout blocks (headings from ``level``)."""
    lang = lang or get_language()
    data = load_past_papers()
    bank = _bank()
    h = level
    b: list = [("h", h, text(en="The course documents", zh="课程资料一览", lang=lang), "papers")]
    b.append(("table", [text(en="label", zh="引用标签", lang=lang), text(en="document", zh="资料", lang=lang),
                        text(en="layout and contents", zh="结构与内容", lang=lang)],
              [[p["cite"][lang], f"{p['label'][lang]}：{p['title'][lang]}" if lang == "zh"
                else f"{p['label'][lang]}: {p['title'][lang]}", p["layout"][lang]] for p in data["papers"]]))

    b.append(("h", h, text(en="Past paper 1: the 35 true/false items", zh="往年试卷一：35 道判断题", lang=lang), "true-false"))
    b.append(("p", text(en="In the paper's order, in the kit's wording (the original is garbled in places). "
                           "Disputed items: the key shown is the one the kit recommends, with the reason.",
                        zh="按原卷顺序排列，题面为本学习包整理后的表述（原卷个别题目字句有误）。"
                           "有争议的题目给出推荐答案并说明理由。", lang=lang)))
    for n, item in true_false_items():
        disputed = text(en=" (disputed)", zh="（有争议）", lang=lang) if "disputed" in item.tags else ""
        b.append(("h", h + 1, f"{text(en='[Past T/F {n}]', zh='【往年判断题 {n}】', n=n, lang=lang)}{disputed}", f"tf-{n}"))
        b.append(("p", item.prompt[lang]))
        b.append(("ul", [text(en="Key: **{k}**. {r}", zh="答案：**{k}**。{r}", k=_key(item.answer, lang),
                              r=strip_key(item.explanation[lang]), lang=lang),
                         text(en="Chapter {c}, item {i}", zh="第 {c} 章，题目 {i}", c=item.chapter, i=item.id, lang=lang)]))

    b.append(("h", h, text(en="Past paper 1: short answers", zh="往年试卷一：简答题", lang=lang), "short-answers"))
    b += _questions(data["short_answers"], "【往年简答题 {n}】", "[Past short answer {n}]", lang)
    b.append(("h", h, text(en="Review Q&A", zh="复习问答", lang=lang), "review-qa"))
    b += _questions(data["review_qa"], "【复习问答 {n}】", "[Review Q&A {n}]", lang)
    b.append(("h", h, text(en="Past essays and the Walmart questions", zh="往年论述题与沃尔玛案例问答", lang=lang), "essays"))
    b += _questions(data["essays"], "【往年论述题 {n}】", "[Past essay {n}]", lang)

    p3 = data["paper3"]
    b.append(("h", h, text(en="Past paper 3: true/false with a reason", zh="往年试卷三：判断并说明理由", lang=lang), "paper3"))
    b += _questions(p3["reasons"], "【往年试卷三 判断 {n}】", "[Past paper 3, T/F {n}]", lang)
    b.append(("h", h, text(en="Past paper 3: fill-in figures", zh="往年试卷三：填图题", lang=lang), "fill-ins"))
    for q in p3["fill_ins"]:
        item = bank[q["item"]]
        b.append(("p", f"**{text(en='[Past fill-in {n}]', zh='【往年填图题 {n}】', n=q['n'], lang=lang)}** {item.prompt[lang]}"))
        b.append(("table", [text(en="position", zh="位置", lang=lang), text(en="answer", zh="答案", lang=lang)],
                  [[s[lang], item.choices[a][lang]] for s, a in zip(item.slots, item.answer)]))
    b.append(("h", h, text(en="Past paper 3: cases and their marking schemes", zh="往年试卷三：案例分析与评分要点", lang=lang),
              "paper3-cases"))
    b.append(("p", text(en="In the answer key the marking notes of cases 1 and 2 are swapped (their points, 11 and 12, "
                           "give it away); here each case has the notes that fit it.",
                        zh="原答案中案例 1、案例 2 的评分说明互相错位（分值 11 分、12 分可以印证），这里按案例内容归位。",
                        lang=lang)))
    for case in p3["cases"]:
        title = text(en="[Past case {n}] {t} ({p} points)", zh="【往年案例题 {n}】{t}（{p} 分）",
                     n=case["n"], t=case["title"][lang], p=case["points"], lang=lang)
        b.append(("h", h + 1, title, f"case-{case['n']}"))
        b.append(("p", case["story"][lang]))
        for k, part in enumerate(case["parts"], 1):
            head = text(en="({k}) {q}", zh="（{k}）{q}", k=k, q=part["question"][lang], lang=lang)
            b.append(("p", f"**{head}**" + text(en=" ({p} points)", zh="（{p} 分）", p=part["points"], lang=lang)))
            b.append(("ul", [text(en="Marking: {m}", zh="评分说明：{m}", m=part["marking"][lang], lang=lang),
                             text(en="Answer points: {a}", zh="答题要点：{a}", a=numbered(part["answer"][lang], lang),
                                  lang=lang)]))
        b.append(("p", text(en="Practise it with data: case {i} (chapter 12).", zh="结合数据练习：案例 {i}（第 12 章）。",
                            i=case["practice"], lang=lang)))
    return b


def past_papers_markdown(lang: str | None = None) -> str:
    """The past-papers page as Markdown."""
    from .layout import to_markdown

    return to_markdown(past_papers_blocks(lang))


def past_papers():
    """Show the past-papers page in a notebook (in the active language)."""
    from IPython.display import Markdown

    return Markdown(past_papers_markdown())

