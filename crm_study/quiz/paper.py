"""Mock exam papers from the banks, laid out by a blueprint (a small YAML file an instructor can edit).

A blueprint lists sections; each picks ``count`` items of a ``type`` (or a list of
types, optionally only from some ``chapters``) and gives each ``points``::

    title: {zh: 客户关系管理模拟试卷, en: CRM mock paper}
    minutes: 120
    on_paper: true          # draw only items answerable with pen and paper
    sections:
      - {title: {zh: 一、判断题, en: I. True or false}, type: true_false, count: 20, points: 1.5}

The kit ships two layouts from the course's exams (:func:`blueprints`): ``layout_a``
(20 true/false × 1.5 + 5 short answers × 8 + 1 case × 30) and ``layout_b`` (5 terms × 6 +
15 single choice × 1 + 10 true/false × 1 + 3 short answers × 5 + 2 cases × 15).

A paper is identified by its paper number (``seed``): the same number, bank and
blueprint give the same items and byte-identical files. ``version="A"`` / ``"B"`` keeps
the items and shuffles their order within each section and the options of choice
questions; each version's key follows its own order.

Points: every chosen item is worth the section's ``points``. Where an item's own
points are split (keypoints of a short answer, parts of a case), the split is scaled
in proportion to the item's own points and rounded to halves, the last share taking
the remainder so the shares add up exactly (a 10-point case of parts 4 + 6 in a
30-point section becomes 12 + 18).

The HTML is laid out for A4 printing: a header with 课程/班级/姓名/学号 and a 题号/得分
grid, section instructions, answer space in proportion to the points, page numbers; for the PDFs
it uses the Chinese font of the ``mplfonts`` package, so no system CJK font is needed to print.
The key gathers the objective answers in one grid, gives numeric answers at the item's
precision and lists the marking points of every written item. :func:`write_exam` also
prints PDFs when a Chromium or Chrome browser is installed. Bank text is plain text: every text is
HTML-escaped in the HTML files and Markdown-escaped in the ``.md`` files (a ``[link](…)``, ``*x*`` or
``# line`` from a bank shows as written, never as a link, emphasis or heading; ``**bold**`` stays bold).

>>> exam = build_exam(seed=1)                              # doctest: +SKIP
>>> write_exam("exam-out", exam, lang="en")                # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import html
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text
from ..resources import folder
from .bank import (TEXT_TYPES, TYPES, Bank, Item, QuizFormatError, data_table, data_table_html, dataset_note, item_decimals, load_bank,
                   numeric_tolerance, requires_computer)
from .marking import format_number, letter

__all__ = ["blueprints", "default_blueprint", "load_blueprint", "Exam", "build_exam", "render_exam", "write_exam",
           "split_points", "numeric_key", "marking_points", "find_browser", "print_pdf"]

_OBJECTIVE = ("true_false", "single_choice", "multiple_choice")
_ZH_NUMERALS = "一二三四五六七八九十"


def blueprints() -> dict[str, Path]:
    """The kit's layouts by name: ``{"layout_a": …/layout_a.yaml, "layout_b": …}``."""
    return {p.stem: p for p in sorted((folder("quizzes") / "blueprints").glob("*.yaml"))}


def default_blueprint() -> Path:
    """Layout A: 20 true/false × 1.5, 5 short answers × 8, 1 case × 30 = 100 points."""
    return blueprints()["layout_a"]


def _blueprint_path(path) -> Path:
    if path is None:
        return default_blueprint()
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(text(en="load_blueprint: path must be a file path or a layout name, got {t}.",
                                  zh="load_blueprint：参数 path 应为文件路径或版式名称，实际为 {t}。", t=type(path).__name__))
    named = blueprints()
    if str(path) in named:
        return named[str(path)]
    return Path(path)


def load_blueprint(path=None) -> dict:
    """Read and check a blueprint: a file, or a kit layout by name (``"layout_b"``); default layout A.
    Problems raise ``QuizFormatError``."""
    from .. import _validate

    path = _blueprint_path(path)
    if not path.is_file():
        raise DataError(text(en="load_blueprint: {p} does not exist; pass --blueprint with an existing file or one of {n}.",
                             zh="load_blueprint：{p} 不存在；请用 --blueprint 指定一个存在的文件，或 {n} 之一。",
                             p=path, n=", ".join(blueprints())))
    try:  # size cap, no aliases, no duplicate keys, bounded nesting
        raw = _validate.yaml_file(path, where="load_blueprint")
    except DataError as exc:
        raise QuizFormatError(str(exc)) from None
    problems = []
    sections = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(raw.get("title"), dict) or not {"zh", "en"} <= set(raw["title"]):
        problems.append(text(en="'title' must be {zh: …, en: …}", zh="'title' 应为 {zh: …, en: …}"))
    if isinstance(raw, dict) and not isinstance(raw.get("on_paper", False), bool):
        problems.append(text(en="'on_paper' must be true or false", zh="'on_paper' 应为 true 或 false"))
    minutes = raw.get("minutes") if isinstance(raw, dict) else None
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1000):
        problems.append(text(en="'minutes' must be a whole number of minutes such as 120, got {v!r}",
                             zh="'minutes' 应为整数分钟数，如 120，实际为 {v!r}", v=_validate.short(minutes)))
    if not isinstance(sections, list) or not sections:
        problems.append(text(en="'sections' must be a non-empty list", zh="'sections' 应为非空列表"))
        sections = []
    for k, sec in enumerate(sections, start=1):
        if not isinstance(sec, dict):
            problems.append(text(en="section {k} must be a mapping", zh="第 {k} 部分应为映射", k=k))
            continue
        kinds = sec.get("type")
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(TYPES):
            problems.append(text(en="section {k}: 'type' must be one of {t} (or a list of them)",
                                 zh="第 {k} 部分：'type' 应为 {t} 之一（或其列表）", k=k, t=", ".join(TYPES)))
        count, pts = sec.get("count"), sec.get("points")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            problems.append(text(en="section {k}: 'count' must be a whole number >= 1", zh="第 {k} 部分：'count' 应为 >= 1 的整数", k=k))
        if isinstance(pts, bool) or not isinstance(pts, (int, float)) or pts <= 0:
            problems.append(text(en="section {k}: 'points' (per item) must be a number > 0",
                                 zh="第 {k} 部分：'points'（每题分值）应为大于 0 的数", k=k))
        if not isinstance(sec.get("title"), dict) or not {"zh", "en"} <= set(sec["title"]):
            problems.append(text(en="section {k}: 'title' must be {{zh: …, en: …}}", zh="第 {k} 部分：'title' 应为 {{zh: …, en: …}}", k=k))
        chapters = sec.get("chapters")
        if chapters is not None and (not isinstance(chapters, list) or not chapters or not all(
                isinstance(c, (str, int)) and not isinstance(c, bool) for c in chapters)):
            problems.append(text(en="section {k}: 'chapters' must be a list of chapter numbers such as [\"04\", \"08\"]",
                                 zh="第 {k} 部分：'chapters' 应为章节号列表，如 [\"04\", \"08\"]", k=k))
    if problems:
        raise QuizFormatError(text(en="load_blueprint: {p} has problems: {l}.", zh="load_blueprint：{p} 有以下问题：{l}。",
                                   p=path, l="; ".join(problems)))
    return raw


def split_points(total: float, weights: list[float]) -> list[float]:
    """``total`` shared in proportion to ``weights``, rounded to halves (hundredths when the shares are
    under a point each); the last share takes the remainder, so the shares always add up to ``total``.

    >>> split_points(30, [4, 6]), split_points(8, [2, 2, 2])
    ([12.0, 18.0], [2.5, 2.5, 3.0])
    """
    s = sum(weights)
    per_step = 2 if total >= len(weights) else 100  # halves, or hundredths when the shares are under a point
    shares = [round(total * w / s * per_step) / per_step for w in weights[:-1]]
    last = round(total - sum(shares), 6)
    if last < 0:
        return [round(total * w / s, 2) for w in weights]
    return shares + [last]


@dataclass(frozen=True)
class Exam:
    """A chosen paper: title, minutes, paper number (``seed``), version and sections of ``(title, [(item, points), ...])``."""

    title: dict
    minutes: int | None
    seed: int
    sections: tuple
    version: str = ""

    @property
    def total(self) -> float:
        return sum(p for _, chosen in self.sections for _, p in chosen)


_FIXED_LAST = re.compile(r"^\s*(以上|上述|都不|all of|none of)", re.IGNORECASE)
_LEAD = re.compile(r"^([A-H](?:\s*[、,，]\s*[A-H])*)(?=[。．.:：\s])")   # "C。…", "A、B、C。…", "B. …"
_LETTER = re.compile(r"(?<![A-Za-z0-9])[A-H](?![A-Za-z0-9])")


def _relettered(explanation, new_keys: list[int]):
    """The explanation with its leading answer letters rewritten for a new option order, or ``None``
    when it names option letters elsewhere (those cannot be rewritten safely)."""
    out = {}
    for lang, value in (explanation or {}).items():
        m = _LEAD.match(value)
        if _LETTER.search(value[m.end():] if m else value):
            return None
        sep = "、" if lang == "zh" else ", "
        out[lang] = sep.join(letter(k) for k in new_keys) + value[m.end():] if m else value
    return out or explanation


def _shuffle_options(item: Item, rng: random.Random) -> Item:
    """The item with its options in a new order, the answer and the explanation's answer letters
    following them (parts of a case too). Options stay in place when a fixed-last option ("以上都对")
    is present or the explanation refers to other options by letter."""
    if item.parts:
        return dataclasses.replace(item, parts=tuple(_shuffle_options(p, rng) for p in item.parts))
    if item.type not in ("single_choice", "multiple_choice") or any(_FIXED_LAST.match(o["zh"]) or _FIXED_LAST.match(o["en"])
                                                                    for o in item.options):
        return item
    order = list(range(len(item.options)))
    rng.shuffle(order)
    new_index = {old: new for new, old in enumerate(order)}
    answer = new_index[item.answer] if item.type == "single_choice" else tuple(sorted(new_index[a] for a in item.answer))
    explanation = _relettered(item.explanation, [answer] if item.type == "single_choice" else list(answer))
    if explanation is None:
        return item
    return dataclasses.replace(item, options=tuple(item.options[i] for i in order), answer=answer, explanation=explanation)


def _chapter_no(value) -> str:
    """A chapter as compared between a blueprint and the banks: 4, "4" and "04" alike."""
    text_ = str(value).strip()
    return str(int(text_)) if text_.isdigit() else text_


def build_exam(blueprint=None, *, bank: Bank | None = None, seed: int = 0, version: str = "") -> Exam:
    """Choose the items of paper number ``seed``: per section, a seeded sample of ``count`` items of its
    type(s), none twice; with ``on_paper: true`` in the blueprint, items that need a computer are left out.
    ``version`` (``"A"``, ``"B"`` …) keeps the items and shuffles item and option order for that version."""
    from .._validate import number

    seed = number(seed, name="seed", where="build_exam", lo=0, integer=True)
    if not isinstance(version, str) or (version and not re.fullmatch(r"[A-Z]", version)):
        raise ArgumentError(text(en="build_exam: version must be one capital letter such as 'A' or 'B', got {v!r}.",
                                 zh="build_exam：version 应为一个大写字母，如 'A' 或 'B'，实际为 {v!r}。", v=version))
    bp = blueprint if isinstance(blueprint, dict) else load_blueprint(blueprint)
    bank = bank if bank is not None else load_bank()
    if not isinstance(bank, Bank):
        raise InputTypeError(text(en="build_exam: bank must be a Bank from load_bank(), got {t}.",
                                  zh="build_exam：参数 bank 应为 load_bank() 得到的题库，实际为 {t}。", t=type(bank).__name__))
    rng = random.Random(seed)
    used: set[str] = set()
    sections, short = [], []
    held = {_chapter_no(it.chapter): it.chapter for it in bank}
    for sec in bp["sections"]:
        kinds = [sec["type"]] if isinstance(sec["type"], str) else list(sec["type"])
        on_paper = sec.get("on_paper", bp.get("on_paper", False))
        wanted = {_chapter_no(c) for c in sec.get("chapters") or ()}  # 4, "4" and "04" are one chapter
        pool = sorted((it for it in bank if it.type in kinds and it.id not in used
                       and (not wanted or _chapter_no(it.chapter) in wanted)
                       and not (on_paper and requires_computer(it))), key=lambda it: it.id)
        if len(pool) < sec["count"]:
            absent = [str(c) for c in sec.get("chapters") or () if _chapter_no(c) not in held]
            short.append(text(en="{t}: the banks hold {h} usable item(s){o} but the blueprint asks for {c} (short by {s})",
                              zh="{t}：题库中只有 {h} 道可用题目{o}，但蓝图需要 {c} 道（缺 {s} 道）",
                              t="/".join(kinds), h=len(pool), c=sec["count"], s=sec["count"] - len(pool),
                              o=text(en=" answerable on paper", zh="（可笔答）") if on_paper else "")
                         + (text(en=" (no chapter {a} in the banks, which hold chapters {b})",
                                 zh="（题库中没有第 {a} 章；现有章节：{b}）", a=", ".join(absent),
                                 b=", ".join(sorted(held.values()))) if absent else ""))
            continue
        chosen = rng.sample(pool, sec["count"])
        used.update(it.id for it in chosen)
        sections.append((sec["title"], tuple((it, float(sec["points"])) for it in chosen)))
    if short:
        raise DataError(text(en="exam: the banks cannot fill the blueprint: {l}. Add items, pass --bank with more banks, "
                                "or lower the counts in the blueprint.",
                             zh="exam：题库不足以组成这份试卷：{l}。请补充题目、用 --bank 指定更多题库，或减少蓝图中的题量。",
                             l=text(en="; ", zh="；").join(short)))
    if version:
        vrng = random.Random(f"{seed}-{version}")
        shuffled = []
        for title, chosen in sections:
            order = list(chosen)
            vrng.shuffle(order)
            shuffled.append((title, tuple((_shuffle_options(it, vrng), p) for it, p in order)))
        sections = shuffled
    return Exam(bp["title"], bp.get("minutes"), seed, tuple(sections), version)


# -- rendering: one list of blocks, written out as HTML or Markdown --------------------------------

def _pts(x: float, lang: str) -> str:
    return text(en="{p} pt" if x == 1 else "{p} pts", zh="{p} 分", p=format_number(x), lang=lang)


def _space_mm(item: Item, points: float) -> int:
    """Answer space in millimetres, in proportion to the points: 9 mm a point for a short answer
    (an 8-point answer gets 72 mm, about nine lines of handwriting), 7 for a term, 5 for a calculation."""
    if item.type == "term":
        return int(min(80, max(20, 7 * points)))
    if item.type in TEXT_TYPES:
        return int(min(150, max(24, 9 * points)))
    if item.type == "numeric":
        return int(min(60, max(12, 5 * points)))
    return 0


def numeric_key(item: Item, lang: str) -> str:
    """A numeric item's key as the answer key prints it: the answer at the item's precision, its unit and
    the tolerance (none when it is 0), with the reason when the tolerance is wider than the precision.

    >>> numeric_key(Item(id="x", type="numeric", chapter="90", prompt={"zh": "（保留两位小数）", "en": "(two decimals)"},
    ...                  answer=0.8), "en")
    '0.80 (accept ± 0.005)'
    """
    d = item_decimals(item)
    shown = f"{item.answer:.{d}f}" if d is not None else format_number(item.answer)
    unit = item.unit_in(lang)
    unit = f" {unit}" if unit and unit != "%" else unit
    tol = numeric_tolerance(item)
    if not tol:
        return shown + unit
    reason = text(en=": {r}", zh="：{r}", r=pick(item.tolerance_reason, lang), lang=lang) if item.tolerance_reason else ""
    return text(en="{a}{u} (accept ± {t}{r})", zh="{a}{u}（允许误差 ±{t}{r}）", a=shown, u=unit,
                t=format_number(tol), r=reason, lang=lang)


def marking_points(item: Item, lang: str, points: float | None = None) -> list[tuple[str, str, str]]:
    """The marking points of a written item as a marker reads them: ``(statement, points, note)`` each.
    The statement is the point's ``label`` (its first phrase when it has none); the points are the
    keypoints' own, or their shares of a paper's ``points`` rounded to halves; the note gives the
    share for a point named but not explained, where the question asks for an explanation."""
    weights = [k.points for k in item.keypoints]
    shares = weights if points is None else split_points(points * sum(weights) / item.points, weights)
    out = []
    for kp, share in zip(item.keypoints, shares):
        note = text(en="named without explanation: {p}", zh="只写出要点、未作解释：{p}",
                    p=_pts(round(share * kp.named_share, 2), lang), lang=lang) if kp.explain else ""
        out.append((kp.titles[lang], _pts(share, lang), note))
    return out


def _objective_answer(item: Item, lang: str) -> str:
    if item.type == "true_false":
        return "√" if item.answer else "×"
    keys = item.answer if item.type == "multiple_choice" else (item.answer,)
    return "".join(letter(i) for i in keys)


def _question_blocks(item: Item, points: float, number: str, lang: str, key: bool) -> list[tuple]:
    def t(**kw) -> str:
        return text(lang=lang, **kw)

    blocks = []
    if item.type == "case":
        blocks.append(("q", number, pick(item.case, lang), _pts(points, lang), ""))
        if item.prompt:
            blocks.append(("p", pick(item.prompt, lang)))
        if item.data:
            blocks.append(("table", item.data, lang))
        shares = split_points(points, [p.points for p in item.parts])
        for k, (part, share) in enumerate(zip(item.parts, shares)):
            blocks += _question_blocks(part, share, f"({letter(k).lower()})", lang, key)
        return blocks
    bracket = "bracket" if item.type in _OBJECTIVE and not key else ""
    shown_pts = "" if item.type in _OBJECTIVE and not number.startswith("(") else _pts(points, lang)  # the section says it
    blocks.append(("q", number, pick(item.prompt, lang), shown_pts, bracket))
    if item.type in ("single_choice", "multiple_choice"):
        blocks.append(("opts", [f"{letter(i)}. {pick(o, lang)}" for i, o in enumerate(item.options)]))
    if item.type == "matching":
        blocks.append(("opts", [f"{letter(i)}. {pick(c, lang)}" for i, c in enumerate(item.choices)]))
        if not key:
            blocks.append(("opts", [f"{pick(s, lang)} ______" for s in item.slots]))
    if not key:
        if item.type == "numeric":
            blocks.append(("space", _space_mm(item, points), t(en="Working and answer: ________ {u}", zh="计算过程与结果：________ {u}",
                                                              u=item.unit_in(lang))))
        elif item.type in TEXT_TYPES:
            blocks.append(("space", _space_mm(item, points), t(en="Answer:", zh="答：")))
        return blocks
    if item.type in _OBJECTIVE:
        blocks.append(("key", t(en="Answer: {a}", zh="答案：{a}", a=_objective_answer(item, lang))))
    elif item.type == "numeric":
        blocks.append(("key", t(en="Answer: {a}", zh="答案：{a}", a=numeric_key(item, lang))))
    elif item.type == "matching":
        blocks.append(("key", t(en="Answer: {a}", zh="答案：{a}",
                                a="; ".join(f"{pick(s, lang)} {letter(a)}" for s, a in zip(item.slots, item.answer)))))
    if item.type in TEXT_TYPES:
        cap = "" if sum(k.points for k in item.keypoints) <= item.points else \
            t(en=" (any of them, up to {p})", zh="（答出其中任意几点，最多 {p}）", p=_pts(points, lang))
        blocks.append(("key", t(en="Marking points{c}:", zh="评分要点{c}：", c=cap)))
        blocks += [("mark", statement, pts, note) for statement, pts, note in marking_points(item, lang, points)]
        blocks.append(("key", t(en="Model answer: {m}", zh="参考答案：{m}", m=pick(item.model_answer, lang))))
    if item.explanation:
        blocks.append(("expl", pick(item.explanation, lang)))
    return blocks


def _instruction(kinds: set[str], lang: str) -> str:
    if kinds <= {"true_false"}:
        return text(en="Mark each statement √ if true and × if false in the brackets.",
                    zh="判断下列说法是否正确，正确的在括号内打“√”，错误的打“×”。", lang=lang)
    if kinds <= {"single_choice"}:
        return text(en="Write the letter of the one correct option in the brackets.",
                    zh="每小题只有一个正确选项，请将其字母填在括号内。", lang=lang)
    if kinds <= {"single_choice", "multiple_choice"}:
        return text(en="Write the letter(s) of the correct option(s) in the brackets; a multiple-choice item scores only "
                       "when every correct option and no wrong one is chosen.",
                    zh="将正确选项的字母填在括号内；多选题须全部选对且不多选方可得分。", lang=lang)
    if kinds <= {"term"}:
        return text(en="Define each term in your own words and name its key features.",
                    zh="用自己的话解释下列名词，并写出其要点。", lang=lang)
    if kinds <= set(TEXT_TYPES):
        return text(en="Answer in points; marks go to each key point.", zh="请分点作答，按要点给分。", lang=lang)
    if "case" in kinds:
        return text(en="Read the case and answer every part; show your working for calculations.",
                    zh="阅读案例，回答全部小题；计算题须写出计算过程。", lang=lang)
    return text(en="Answer every question.", zh="请回答全部题目。", lang=lang)


def _section_label(k: int, lang: str) -> str:
    return _ZH_NUMERALS[k] if lang == "zh" and k < len(_ZH_NUMERALS) else ("I II III IV V VI VII VIII IX X".split() + [""] * 99)[k]


def _info(exam: Exam, lang: str) -> str:
    info = text(en="Paper no. {s}", zh="试卷编号 {s}", s=exam.seed, lang=lang)
    if exam.version:
        info += text(en=" · version {v}", zh=" · {v} 卷", v=exam.version, lang=lang)
    info += text(en=" · {p} points", zh=" · 满分 {p} 分", p=format_number(exam.total), lang=lang)
    if exam.minutes:
        info += text(en=" · {m} minutes", zh=" · 考试时间 {m} 分钟", m=exam.minutes, lang=lang)
    return info


def _blocks(exam: Exam, lang: str, key: bool) -> list[tuple]:
    title = pick(exam.title, lang)
    if key:
        title += text(en=" — answer key and marking scheme", zh=" — 参考答案与评分标准", lang=lang)
    blocks: list[tuple] = [("h1", title), ("info", _info(exam, lang))]
    labels = [_section_label(k, lang) for k in range(len(exam.sections))]
    if not key:
        blocks += [("fields", [text(en=w, zh=z, lang=lang) for w, z in (("Course", "课程"), ("Class", "班级"), ("Name", "姓名"),
                                                                         ("Student no.", "学号"))]),
                   ("grid", labels, text(en="Question", zh="题号", lang=lang), text(en="Total", zh="总分", lang=lang),
                    text(en="Score", zh="得分", lang=lang))]
    number = 0
    for k, (sec_title, chosen) in enumerate(exam.sections):
        subtotal = sum(p for _, p in chosen)
        kinds = {it.type for it, _ in chosen}
        blocks.append(("h2", text(en="{t} ({n} × {p} = {s})", zh="{t}（本大题共 {n} 小题，每小题 {p} 分，共 {s} 分）",
                                  t=pick(sec_title, lang), n=len(chosen), p=format_number(chosen[0][1]),
                                  s=format_number(subtotal), lang=lang)))
        objective = key and kinds <= set(_OBJECTIVE)
        if not key:
            blocks.append(("instr", _instruction(kinds, lang)))
        first = number + 1
        if objective:
            blocks.append(("keygrid", [(str(first + j), _objective_answer(it, lang)) for j, (it, _) in enumerate(chosen)],
                           text(en="No.", zh="题号", lang=lang), text(en="Key", zh="答案", lang=lang)))
        for item, pts in chosen:
            number += 1
            if objective:
                if item.explanation:
                    blocks.append(("expl", f"{number}. {pick(item.explanation, lang)}"))
                continue
            blocks += _question_blocks(item, pts, f"{number}.", lang, key)
    return blocks


_CSS = """
@font-face { font-family: 'Kit CJK'; src: local('Noto Serif CJK SC'), local('Source Han Serif SC')%(font)s; }
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
  @bottom-center { content: "%(page)s"; font-family: 'Kit CJK', serif; font-size: 9pt; color: #444; } }
body { font-family: 'Kit CJK', 'Noto Sans CJK SC', 'SimSun', serif;
  font-size: 11pt; line-height: 1.55; max-width: 178mm; margin: 1em auto; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 1mm; break-after: avoid; }
.info { text-align: center; margin: 0 0 3mm; }
html[lang="en"] body { font-family: 'Noto Serif', 'DejaVu Serif', 'Liberation Serif', 'Times New Roman', 'Kit CJK', serif; }
.fields { display: flex; justify-content: space-between; gap: 4mm; margin: 3mm 0; }
.fields span { white-space: nowrap; }
.fields .line { display: inline-block; width: 25mm; border-bottom: 1px solid #000; }
table.grid { border-collapse: collapse; margin: 2mm auto 4mm; }
table.grid td, table.grid th { border: 1px solid #000; min-width: 13mm; height: 8mm; text-align: center; padding: 0 2mm; }
.instr { margin: 0 0 2mm; color: #222; }
.item { break-inside: avoid; }
.q { margin: 3mm 0 1mm; }
.q .pts { color: #333; font-size: 9.5pt; white-space: nowrap; }
.bracket { display: inline-block; white-space: pre; margin-left: 1mm; }
.opts { display: flex; flex-wrap: wrap; gap: 1mm 8mm; margin: 0 0 1mm 7mm; }
.space { margin: 1mm 0 3mm 7mm; border: 1px solid #999; padding: 1mm 2mm; break-inside: avoid; }
.key { margin: 0 0 1mm 7mm; color: #1a4d1f; }
.mark { margin: 0 0 0 12mm; }
.mark .alt { color: #555; font-size: 9.5pt; }
.expl { margin: 0 0 1mm 7mm; font-size: 9.5pt; color: #333; }
table.data { border-collapse: collapse; margin: 1mm 0 2mm 7mm; font-size: 10pt; }
table.data td, table.data th { border: 1px solid #666; padding: 0.5mm 2mm; }
table.keygrid { border-collapse: collapse; margin: 1mm 0 2mm 7mm; }
table.keygrid td, table.keygrid th { border: 1px solid #000; width: 9mm; text-align: center; }
table.keygrid tr.no td, table.keygrid tr.no th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { body { max-width: none; margin: 0; } }
"""


_BRACKET = {"zh": "（\u3000\u3000）", "en": "(" + "\u00a0" * 6 + ")"}  # answer brackets whose spaces do not collapse


def _html(blocks: list[tuple], lang: str, embed_font: bool) -> str:
    e = html.escape
    page = text(en='Page " counter(page) " of " counter(pages) "', zh='第 " counter(page) " 页 共 " counter(pages) " 页', lang=lang)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(blocks[0][1])}</title>", "<style>" + _CSS % {"page": page, "font": f", url('{_font_uri()}')" if embed_font else ""} + "</style>",
           "</head>", "<body>"]
    grouped = False  # a question, its options and its answer space stay on one page
    for b in blocks:
        kind = b[0]
        if grouped and kind in ("h1", "h2", "q", "keygrid"):
            out.append("</div>")
            grouped = False
        if kind == "q":
            out.append('<div class="item">')
            grouped = True
        if kind in ("h1", "h2"):
            out.append(f"<{kind}>{e(b[1])}</{kind}>")
        elif kind == "fields":
            out.append('<div class="fields">' + "".join(f'<span>{e(f)}：<span class="line"></span></span>' if lang == "zh"
                                                         else f'<span>{e(f)}: <span class="line"></span></span>' for f in b[1])
                       + "</div>")
        elif kind == "grid":
            labels, head, total, score = b[1:]
            out.append(f'<table class="grid"><tr><th>{e(head)}</th>' + "".join(f"<th>{e(x)}</th>" for x in labels)
                       + f"<th>{e(total)}</th></tr><tr><th>{e(score)}</th>" + "<td></td>" * (len(labels) + 1) + "</tr></table>")
        elif kind == "q":
            _, number, prompt, pts, bracket = b
            tail = f'<span class="bracket">{_BRACKET[lang]}</span>' if bracket else ""
            shown = f' <span class="pts">({e(pts)})</span>' if pts else ""
            out.append(f'<p class="q"><b>{e(number)}</b> {e(prompt)}{tail}{shown}</p>')
        elif kind == "opts":
            out.append('<div class="opts">' + "".join(f"<span>{e(o)}</span>" for o in b[1]) + "</div>")
        elif kind == "space":
            out.append(f'<div class="space" style="height:{b[1]}mm">{e(b[2])}</div>')
        elif kind == "mark":
            alt = f' <span class="alt">— {e(b[3])}</span>' if b[3] else ""
            out.append(f'<p class="mark">• {e(b[1])} <b>({e(b[2])})</b>{alt}</p>')
        elif kind == "keygrid":
            rows, head, ans = b[1:]
            body = ""
            for start in range(0, len(rows), 10):
                chunk = rows[start:start + 10]
                body += (f'<tr class="no"><th>{e(head)}</th>' + "".join(f"<td>{e(n)}</td>" for n, _ in chunk)
                         + f"</tr><tr><th>{e(ans)}</th>" + "".join(f"<td><b>{e(a)}</b></td>" for _, a in chunk) + "</tr>")
            out.append(f'<table class="keygrid">{body}</table>')
        elif kind == "table":
            out.append(_table_html(b[1], b[2]))
        else:
            out.append(f'<p class="{kind}">{e(b[1])}</p>')
    out += ["</div>"] * grouped + ["</body>", "</html>", ""]
    return "\n".join(out)


def _font_uri() -> str:
    """The Chinese serif font shipped with the ``mplfonts`` package, so a paper prints without a system CJK font."""
    from ..display.plotting import cjk_font_path

    sans = cjk_font_path()
    serif = sans.with_name("NotoSerifCJKsc-Regular.otf")
    return (serif if serif.is_file() else sans).resolve().as_uri()


def _table_html(data: dict, lang: str) -> str:
    if "columns" not in data:
        return f"<p>{html.escape(dataset_note(data, lang))}</p>"
    return data_table_html(data, lang, attrs='class="data"')


_MD_INLINE = re.compile(r"[\\`*\[\]~]|_++(?!\s|$)", flags=re.M)            # emphasis, code, links, strikethrough
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([#>+=_-])|(\d+)([.)])(?=\s|$))", re.M)  # headings, quotes, lists, rules


def _md_line_starts(text_: str) -> str:
    return _MD_LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"),
                              text_)


_MD_BOLD = re.compile(r"\\\*\\\*(?=\S)([^\n]+?)(?<=\S)\\\*\\\*")  # an escaped **bold** pair


def _md_escape(value, *, line_start: bool = False) -> str:
    """Plain text for a Markdown file: HTML (``&``, ``<``) as entities, table bars as ``&#124;``, and the
    characters Markdown reads as syntax backslash-escaped, so the text shows exactly as written; only the
    banks' one inline mark, ``**bold**``, stays bold. A run of ``_`` followed by a space or the end (an
    answer blank ``______``) stays as it is: it can never open an emphasis, and every other ``_`` is
    escaped. Marks that only count at the start of a line (``#``, ``>``, ``-``, ``1.``) are escaped after
    each line break, and at the very start when ``line_start`` (the text opens a line of the file)."""
    out = _MD_INLINE.sub(lambda m: "".join("\\" + c for c in m.group(0)),
                         str(value).replace("&", "&amp;").replace("<", "&lt;").replace("|", "&#124;"))
    out = _MD_BOLD.sub(r"**\1**", out)
    if line_start:
        return _md_line_starts(out)
    head, sep, rest = out.partition("\n")
    return head + sep + _md_line_starts(rest)


def _markdown(blocks: list[tuple], lang: str) -> str:
    e = _md_escape

    def s(value) -> str:  # text that opens a line of the file
        return _md_escape(value, line_start=True)

    def row(cells) -> str:
        return "| " + " | ".join(e(c) for c in cells) + " |"

    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            out += [f"# {e(b[1])}", ""]
        elif kind == "h2":
            out += ["", f"## {e(b[1])}", ""]
        elif kind == "fields":
            out += ["", "    ".join(f"{s(f) if k == 0 else e(f)}: ________" for k, f in enumerate(b[1])), ""]
        elif kind == "grid":
            labels, head, total, score = b[1:]
            out += ["", row([head, *labels, total]), "|" + " --- |" * (len(labels) + 2), row([score] + [" "] * (len(labels) + 1)), ""]
        elif kind == "q":
            _, number, prompt, pts, bracket = b
            shown = f" *({e(pts)})*" if pts else ""
            out += ["", f"**{e(number)}** {e(prompt)}{_BRACKET[lang] if bracket else ''}{shown}", ""]
        elif kind == "opts":
            out += ["", "    ".join(s(o) if k == 0 else e(o) for k, o in enumerate(b[1])), ""]
        elif kind == "space":
            out += ["", s(b[2]), ""] + ["___", ""] * max(2, b[1] // 8)  # ruled lines, one per 8 mm of the HTML box
        elif kind == "mark":
            out.append(f"- {s(b[1])} **({e(b[2])})**" + (f" — {e(b[3])}" if b[3] else ""))
        elif kind == "keygrid":
            rows, head, ans = b[1:]
            for start in range(0, len(rows), 10):
                chunk = rows[start:start + 10]
                out += ["", row([head] + [n for n, _ in chunk]), "|" + " --- |" * (len(chunk) + 1), row([ans] + [a for _, a in chunk]), ""]
        elif kind == "table":
            if "columns" in b[1]:
                columns, rows = data_table(b[1], b[2])
                out += ["", row(columns), "|" + " --- |" * len(columns)]
                out += [row(r) for r in rows]
                out.append("")
            else:
                out += ["", s(dataset_note(b[1], b[2])), ""]
        elif kind in ("key", "expl"):
            out += ["", f"> {s(b[1])}"]
        else:
            out += ["", s(b[1])]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"


def render_exam(exam: Exam, *, lang: str = "zh", key: bool = False, fmt: str = "html", embed_font: bool = False) -> str:
    """The paper (or, with ``key=True``, the answer key with marking points) as HTML or Markdown text.
    ``embed_font=True`` points the HTML at the kit's own Chinese font file (a ``file:`` address on this
    computer), so it prints without a system CJK font; :func:`write_exam` does so for the PDFs."""
    if not isinstance(exam, Exam):
        raise InputTypeError(text(en="render_exam: exam must come from build_exam(...), got {t}.",
                                  zh="render_exam：参数 exam 应为 build_exam(...) 的结果，实际为 {t}。", t=type(exam).__name__))
    if lang not in ("zh", "en") or fmt not in ("html", "md"):
        raise ArgumentError(text(en="render_exam: use lang='zh' or 'en' and fmt='html' or 'md' (got {l!r}, {f!r}).",
                                 zh="render_exam：lang 应为 'zh' 或 'en'，fmt 应为 'html' 或 'md'（实际为 {l!r}、{f!r}）。",
                                 l=lang, f=fmt))
    blocks = _blocks(exam, lang, key)
    return _html(blocks, lang, embed_font) if fmt == "html" else _markdown(blocks, lang)


_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    """A Chromium or Chrome program to print PDFs with: ``$CRM_STUDY_CHROME``, else the first on the PATH, else ``None``."""
    env = os.environ.get("CRM_STUDY_CHROME")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    return next((found for name in _BROWSERS if (found := shutil.which(name))), None)


def print_pdf(html_path, pdf_path, *, browser: str | None = None) -> Path:
    """Print an HTML file to PDF with headless Chromium/Chrome (A4, the page's own page numbers)."""
    browser = browser or find_browser()
    if browser is None:
        raise DataError(text(en="print_pdf: no Chromium or Chrome found; install one (apt-get install chromium) or set "
                                "CRM_STUDY_CHROME to its path, or print the HTML from a browser.",
                             zh="print_pdf：找不到 Chromium 或 Chrome 浏览器；请安装（apt-get install chromium）或把 "
                                "CRM_STUDY_CHROME 设为其路径，也可以在浏览器中打开 HTML 直接打印。"))
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
           f"--print-to-pdf={pdf_path}", html_path.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0 or not pdf_path.is_file():
        raise DataError(text(en="print_pdf: {b} could not print {h} (exit {c}): {m}",
                             zh="print_pdf：{b} 无法打印 {h}（退出码 {c}）：{m}",
                             b=browser, h=html_path, c=done.returncode, m=done.stderr.strip()[-300:]))
    return pdf_path


def write_exam(out_dir, exam: Exam, *, lang: str = "zh", pdf: bool = False) -> list[Path]:
    """Write ``paper.html``, ``paper.md``, ``key.html`` and ``key.md`` into ``out_dir`` (``paper_B.html`` …
    for a version), and with ``pdf=True`` also ``paper.pdf`` and ``key.pdf`` (needs :func:`find_browser`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    suffix = f"_{exam.version}" if exam.version else ""
    written = []
    for name, key in (("paper", False), ("key", True)):
        for fmt in ("html", "md"):
            path = out / f"{name}{suffix}.{fmt}"
            path.write_text(render_exam(exam, lang=lang, key=key, fmt=fmt, embed_font=pdf), encoding="utf-8", newline="\n")
            written.append(path)
        if pdf:
            written.append(print_pdf(out / f"{name}{suffix}.html", out / f"{name}{suffix}.pdf"))
    return written
