"""Mock exam papers from the banks, laid out by a blueprint (a small YAML file an instructor can edit).

A blueprint lists sections; each picks ``count`` items of a ``type`` (or a list of
types, optionally only from some ``chapters``) and gives each ``points``::

    title: {zh: 客户关系管理模拟试卷, en: CRM mock paper}
    minutes: 120
    sections:
      - {title: {zh: 一、判断题, en: I. True or false}, type: true_false, count: 20, points: 1.5}

Points: every chosen item is worth the section's ``points``. Where an item's own
points are split (keypoints of a short answer, parts of a case), the split is scaled
in proportion to the item's own points and rounded to halves, the last share taking
the remainder so the shares add up exactly (a 10-point case of parts 4 + 6 in a
30-point section becomes 12 + 18).

The same seed, bank and blueprint give byte-identical files; every text is HTML-escaped.

>>> exam = build_exam(seed=1)                              # doctest: +SKIP
>>> write_exam("exam-out", exam, lang="en")                # doctest: +SKIP
"""
from __future__ import annotations

import html
import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, InputTypeError
from ..i18n import pick, text
from ..resources import folder
from .bank import TEXT_TYPES, TYPES, Bank, Item, QuizFormatError, load_bank
from .marking import format_number, letter

__all__ = ["default_blueprint", "load_blueprint", "Exam", "build_exam", "render_exam", "write_exam", "split_points"]


def default_blueprint() -> Path:
    """The seed-000 layout: 20 true/false × 1.5, 5 short answers × 8, 1 case × 30 = 100 points."""
    return folder("quizzes") / "blueprints" / "seed000.yaml"


def load_blueprint(path=None) -> dict:
    """Read and check a blueprint file (default :func:`default_blueprint`); problems raise ``QuizFormatError``."""
    import yaml

    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(text(en="load_blueprint: path must be a file path, got {t}.",
                                  zh="load_blueprint：参数 path 应为文件路径，实际为 {t}。", t=type(path).__name__))
    path = Path(path) if path is not None else default_blueprint()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(text(en="load_blueprint: {p} does not exist; pass --blueprint with an existing file.",
                             zh="load_blueprint：{p} 不存在；请用 --blueprint 指定一个存在的文件。", p=path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise QuizFormatError(text(en="{p}{l}: not valid YAML; check the indentation and quotes.",
                                   zh="{p}{l}：YAML 语法错误；请检查缩进和引号。",
                                   p=path, l=f":{mark.line + 1}" if mark else "")) from exc
    problems = []
    sections = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not isinstance(raw.get("title"), dict) or not {"zh", "en"} <= set(raw["title"]):
        problems.append(text(en="'title' must be {zh: …, en: …}", zh="'title' 应为 {zh: …, en: …}"))
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
        if chapters is not None and (not isinstance(chapters, list) or not all(isinstance(c, str) for c in chapters)):
            problems.append(text(en="section {k}: 'chapters' must be a list of quoted chapter numbers such as [\"04\"]",
                                 zh="第 {k} 部分：'chapters' 应为带引号的章节号列表，如 [\"04\"]", k=k))
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
    """A chosen paper: title, minutes, seed and sections of ``(title, [(item, points), ...])``."""

    title: dict
    minutes: int | None
    seed: int
    sections: tuple

    @property
    def total(self) -> float:
        return sum(p for _, chosen in self.sections for _, p in chosen)


def build_exam(blueprint=None, *, bank: Bank | None = None, seed: int = 0) -> Exam:
    """Choose the items of a paper: per section, a seeded sample of ``count`` items of its type(s), none twice."""
    from .._validate import number

    seed = number(seed, name="seed", where="build_exam", lo=0, integer=True)
    bp = blueprint if isinstance(blueprint, dict) else load_blueprint(blueprint)
    bank = bank if bank is not None else load_bank()
    if not isinstance(bank, Bank):
        raise InputTypeError(text(en="build_exam: bank must be a Bank from load_bank(), got {t}.",
                                  zh="build_exam：参数 bank 应为 load_bank() 得到的题库，实际为 {t}。", t=type(bank).__name__))
    rng = random.Random(seed)
    used: set[str] = set()
    sections, short = [], []
    for sec in bp["sections"]:
        kinds = [sec["type"]] if isinstance(sec["type"], str) else list(sec["type"])
        pool = sorted((it for it in bank if it.type in kinds and it.id not in used
                       and (not sec.get("chapters") or it.chapter in sec["chapters"])), key=lambda it: it.id)
        if len(pool) < sec["count"]:
            short.append(text(en="{t}: the banks hold {h} usable item(s) but the blueprint asks for {c} (short by {s})",
                              zh="{t}：题库中只有 {h} 道可用题目，但蓝图需要 {c} 道（缺 {s} 道）",
                              t="/".join(kinds), h=len(pool), c=sec["count"], s=sec["count"] - len(pool)))
            continue
        chosen = rng.sample(pool, sec["count"])
        used.update(it.id for it in chosen)
        sections.append((sec["title"], tuple((it, float(sec["points"])) for it in chosen)))
    if short:
        raise DataError(text(en="exam: the banks cannot fill the blueprint: {l}. Add items, pass --bank with more banks, "
                                "or lower the counts in the blueprint.",
                             zh="exam：题库不足以组成这份试卷：{l}。请补充题目、用 --bank 指定更多题库，或减少蓝图中的题量。",
                             l=text(en="; ", zh="；").join(short)))
    return Exam(bp["title"], bp.get("minutes"), seed, tuple(sections))


# -- rendering: one list of blocks, written out as HTML or Markdown --------------------------------

def _pts(x: float, lang: str) -> str:
    return text(en="{p} pt" if x == 1 else "{p} pts", zh="{p} 分", p=format_number(x), lang=lang)


def _question_blocks(item: Item, points: float, number: str, lang: str, key: bool) -> list[tuple]:
    def t(**kw) -> str:
        return text(lang=lang, **kw)

    blocks = []
    if item.type == "case":
        blocks.append(("q", f"{number} {pick(item.case, lang)}", _pts(points, lang)))
        if item.prompt:
            blocks.append(("p", pick(item.prompt, lang)))
        if item.data:
            blocks.append(("table", item.data, lang))
        shares = split_points(points, [p.points for p in item.parts])
        for k, (part, share) in enumerate(zip(item.parts, shares)):
            blocks += _question_blocks(part, share, f"({letter(k).lower()})", lang, key)
        return blocks
    blocks.append(("q", f"{number} {pick(item.prompt, lang)}", _pts(points, lang)))
    if item.type in ("single_choice", "multiple_choice"):
        blocks += [("opt", f"{letter(i)}. {pick(o, lang)}") for i, o in enumerate(item.options)]
    if item.type == "matching":
        blocks += [("opt", f"{pick(s, lang)} ____") for s in item.slots]
        blocks += [("opt", f"{letter(i)}. {pick(c, lang)}") for i, c in enumerate(item.choices)]
    if not key:
        if item.type == "true_false":
            blocks.append(("space", t(en="(  ) true √ / false ×", zh="（  ）对 √ / 错 ×")))
        elif item.type == "numeric":
            blocks.append(("space", t(en="Answer: ________ {u}", zh="答：________ {u}", u=item.unit or "")))
        elif item.type in TEXT_TYPES:
            blocks.append(("space", t(en="Answer:", zh="答：")))
        return blocks
    if item.type == "true_false":
        ans = t(en="True (√)", zh="对（√）") if item.answer else t(en="False (×)", zh="错（×）")
    elif item.type in ("single_choice", "multiple_choice"):
        keys = item.answer if item.type == "multiple_choice" else (item.answer,)
        ans = ", ".join(letter(i) for i in keys)
    elif item.type == "numeric":
        from .bank import default_tolerance

        tol = item.tolerance if item.tolerance is not None else default_tolerance(item.answer)
        ans = f"{format_number(item.answer)} {item.unit or ''} (± {format_number(tol)})".replace("  ", " ")
    elif item.type == "matching":
        ans = "; ".join(f"{pick(s, lang)} {letter(a)}" for s, a in zip(item.slots, item.answer))
    else:
        ans = None
    if ans is not None:
        blocks.append(("key", t(en="Answer: {a}", zh="答案：{a}", a=ans)))
    if item.type in TEXT_TYPES:
        weights = [k.points for k in item.keypoints]
        shares = split_points(points * sum(weights) / item.points, weights)
        cap = "" if sum(weights) <= item.points else t(en=" (any, up to {p})", zh="（任选，最多 {p}）", p=_pts(points, lang))
        blocks.append(("key", t(en="Marking points{c}:", zh="得分点{c}：", c=cap)))
        blocks += [("mark", " / ".join(kp.any[lang]), _pts(s, lang)) for kp, s in zip(item.keypoints, shares)]
        blocks.append(("key", t(en="Model answer: {m}", zh="参考答案：{m}", m=pick(item.model_answer, lang))))
    if item.explanation:
        blocks.append(("key", pick(item.explanation, lang)))
    return blocks


def _blocks(exam: Exam, lang: str, key: bool) -> list[tuple]:
    title = pick(exam.title, lang)
    if key:
        title += text(en=" — answer key", zh=" — 参考答案与评分要点", lang=lang)
    info = text(en="Paper no. {s} · {p} points", zh="试卷编号 {s} · 满分 {p} 分", s=exam.seed, p=format_number(exam.total), lang=lang)
    if exam.minutes:
        info += text(en=" · {m} minutes", zh=" · 考试时间 {m} 分钟", m=exam.minutes, lang=lang)
    blocks = [("h1", title), ("p", info)]
    number = 0
    for sec_title, chosen in exam.sections:
        subtotal = sum(p for _, p in chosen)
        blocks.append(("h2", text(en="{t} ({n} × {p} = {s})", zh="{t}（{n} 题 × {p} 分 = {s} 分）", t=pick(sec_title, lang),
                                  n=len(chosen), p=format_number(chosen[0][1]), s=format_number(subtotal), lang=lang)))
        for item, pts in chosen:
            number += 1
            blocks += _question_blocks(item, pts, f"{number}.", lang, key)
    return blocks


def _html(blocks: list[tuple], lang: str) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(blocks[0][1])}</title>",
           "<style>body{font-family:'Noto Sans CJK SC',sans-serif;max-width:48em;margin:2em auto;line-height:1.6}"
           ".q{margin-top:1em}.opt,.mark{margin-left:2em}.space{margin:0.5em 2em 2.5em}.key{color:#1a5e20;margin-left:2em}"
           "table{border-collapse:collapse;margin-left:2em}td,th{border:1px solid #888;padding:2px 8px}"
           "@media print{h2{page-break-after:avoid}.q{page-break-inside:avoid}}</style>", "</head>", "<body>"]
    for b in blocks:
        kind = b[0]
        if kind in ("h1", "h2"):
            out.append(f"<{kind}>{e(b[1])}</{kind}>")
        elif kind == "q":
            out.append(f'<p class="q">{e(b[1])} <i>({e(b[2])})</i></p>')
        elif kind == "mark":
            out.append(f'<p class="mark">• {e(b[1])} <i>({e(b[2])})</i></p>')
        elif kind == "table":
            from .widget import table_html

            out.append(table_html(b[1]) if "columns" in b[1] else f"<p>{e(_dataset_line(b[1], b[2]))}</p>")
        else:
            out.append(f'<p class="{kind}">{e(b[1])}</p>')
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _dataset_line(data: dict, lang: str) -> str:
    return text(en="Data: crm_study.data.datasets.load({n!r})", zh="数据：crm_study.data.datasets.load({n!r})", n=data["dataset"], lang=lang)


def _markdown(blocks: list[tuple]) -> str:
    def e(value) -> str:
        return html.escape(str(value)).replace("|", "&#124;")

    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h1":
            out += [f"# {e(b[1])}", ""]
        elif kind == "h2":
            out += ["", f"## {e(b[1])}", ""]
        elif kind == "q":
            out += ["", f"**{e(b[1])}** *({e(b[2])})*", ""]
        elif kind == "opt":
            out.append(f"- {e(b[1])}")
        elif kind == "mark":
            out.append(f"  - {e(b[1])} *({e(b[2])})*")
        elif kind == "table":
            if "columns" in b[1]:
                out += ["", "| " + " | ".join(e(c) for c in b[1]["columns"]) + " |",
                        "|" + " --- |" * len(b[1]["columns"])]
                out += ["| " + " | ".join(e(v) for v in row) + " |" for row in b[1]["rows"]]
                out.append("")
            else:
                out += ["", e(_dataset_line(b[1], b[2])), ""]
        elif kind == "key":
            out += ["", f"> {e(b[1])}"]
        else:
            out += ["", e(b[1])]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"


def render_exam(exam: Exam, *, lang: str = "zh", key: bool = False, fmt: str = "html") -> str:
    """The paper (or, with ``key=True``, the answer key with marking points) as HTML or Markdown text."""
    from ..errors import ArgumentError

    if not isinstance(exam, Exam):
        raise InputTypeError(text(en="render_exam: exam must come from build_exam(...), got {t}.",
                                  zh="render_exam：参数 exam 应为 build_exam(...) 的结果，实际为 {t}。", t=type(exam).__name__))
    if lang not in ("zh", "en") or fmt not in ("html", "md"):
        raise ArgumentError(text(en="render_exam: use lang='zh' or 'en' and fmt='html' or 'md' (got {l!r}, {f!r}).",
                                 zh="render_exam：lang 应为 'zh' 或 'en'，fmt 应为 'html' 或 'md'（实际为 {l!r}、{f!r}）。",
                                 l=lang, f=fmt))
    blocks = _blocks(exam, lang, key)
    return _html(blocks, lang) if fmt == "html" else _markdown(blocks)


def write_exam(out_dir, exam: Exam, *, lang: str = "zh") -> list[Path]:
    """Write ``paper.html``, ``paper.md``, ``key.html`` and ``key.md`` into ``out_dir``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, key in (("paper", False), ("key", True)):
        for fmt in ("html", "md"):
            path = out / f"{name}.{fmt}"
            path.write_text(render_exam(exam, lang=lang, key=key, fmt=fmt), encoding="utf-8", newline="\n")
            written.append(path)
    return written
