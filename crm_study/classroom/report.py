"""The class report: item analysis and chapter mastery as one self-contained HTML page.

``write_report(folder, out, lang="zh")`` reads every progress export in ``folder``
(:func:`~crm_study.classroom.records.read_exports`), computes the tables of
:func:`~crm_study.classroom.item_analysis.analyse` (facility, upper–lower 27 %
discrimination, most-missed items and tags, per-chapter mastery) and writes one HTML file
with the charts embedded as base64 PNG images, so it opens anywhere and can be mailed.

>>> write_report("class-exports/", "report.html", lang="en")   # doctest: +SKIP
"""
from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path

import pandas as pd

from ..display.labels import label
from ..errors import ArgumentError, InputTypeError
from ..i18n import get_language, set_language, text
from .item_analysis import GROUP_SHARE, MASTERED, analyse
from .records import read_exports

__all__ = ["plot_items", "plot_chapter_mastery", "plot_missed_tags", "report_table", "report_html", "write_report"]

_LABELS = {
    "item_id": ("item", "题号"), "chapter": ("chapter", "章"), "item_type": ("type", "题型"), "tags": ("tags", "知识点"),
    "tag": ("tag", "知识点"), "students": ("students", "学生数"), "attempts": ("attempts", "作答次数"),
    "responses": ("responses", "作答人次"), "items": ("items", "题数"), "facility": ("facility", "难度系数（得分率）"),
    "upper": ("upper 27 %", "高分组得分率"), "lower": ("lower 27 %", "低分组得分率"),
    "discrimination": ("discrimination D", "区分度 D"), "mean": ("mean", "平均"), "q1": ("lower quartile", "下四分位"),
    "median": ("median", "中位数"), "q3": ("upper quartile", "上四分位"), "mastered": ("share mastered", "掌握人数占比"),
    "value": ("number", "数量"),
}
_TYPES = {"true_false": ("true/false", "判断题"), "single_choice": ("single choice", "单项选择题"),
          "multiple_choice": ("multiple choice", "多项选择题"), "numeric": ("calculation", "计算题"),
          "term": ("term definition", "名词解释"), "short_answer": ("short answer", "简答题"),
          "matching": ("fill-in diagram", "填图题"), "case": ("case", "案例分析题")}
_SUMMARY = {"students": ("students", "学生"), "items": ("items tried", "作答过的题目"), "attempts": ("attempts", "作答次数")}


def _label(col: str) -> str:
    en, zh = _LABELS.get(col, (col, col))
    return text(en=en, zh=zh)


def _chapter_name(number: str) -> str:
    from ..chapters.plan import CHAPTERS

    titles = {c["number"]: text(en=c["en"], zh=c["zh"]) for c in CHAPTERS}
    return f"{number} {titles[number]}" if number in titles else str(number)


def plot_items(items: pd.DataFrame, *, ax=None):
    """Facility (x) against discrimination (y), one dot per item, with the D = 0.2 and 0.3 guide lines."""
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    shown = items.dropna(subset=["discrimination"])
    ax.scatter(shown["facility"], shown["discrimination"], s=14, alpha=0.6, color="#4C72B0")
    for level, style in ((0.3, "-"), (0.2, "--"), (0.0, ":")):
        ax.axhline(level, color="#888888", linestyle=style, linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(-1, 1)
    ax.set_xlabel(text(en="facility (mean share of points, first attempt)", zh="难度系数（首次作答平均得分率）"))
    ax.set_ylabel(text(en="discrimination D (upper − lower 27 %)", zh="区分度 D（高分组 − 低分组，各 27%）"))
    ax.set_title(text(en="Items: how hard, and how well they separate students",
                      zh="各题的难度与区分度"))
    return ax


def plot_chapter_mastery(mastery: pd.DataFrame, *, ax=None):
    """Box plot of the students' mastery per chapter (latest attempt per item), 0–100 %."""
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    chapters = sorted(mastery["chapter"].unique())
    data = [mastery.loc[mastery["chapter"] == c, "mastery"].to_numpy() * 100 for c in chapters]
    import matplotlib

    horizontal = ({"orientation": "horizontal"} if tuple(map(int, matplotlib.__version__.split(".")[:2])) >= (3, 10)
                  else {"vert": False})
    ax.boxplot(data, **horizontal)
    ax.set_yticks(range(1, len(chapters) + 1), [_chapter_name(c) for c in chapters])
    ax.invert_yaxis()
    ax.axvline(MASTERED * 100, color="#55A868", linestyle="--", linewidth=1)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text(en="mastery (% of points, latest attempt per item)", zh="掌握程度（得分率 %，按每题最近一次作答）"))
    ax.set_title(text(en="Mastery per chapter across the class", zh="全班各章掌握程度分布"))
    return ax


def plot_missed_tags(tags: pd.DataFrame, *, ax=None):
    """Horizontal bars of the facility of the most-missed tags (lowest first, at the top)."""
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    ax.barh(["#" + label(t, tag=True) for t in tags.index], tags["facility"].to_numpy() * 100, color="#DD8452")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(text(en="facility (% of points, first attempt)", zh="得分率（%，首次作答）"))
    ax.set_title(text(en="Most-missed topics", zh="失分最多的知识点"))
    return ax


def _png(draw, data, height: float) -> str:
    from ..display.plotting import pyplot

    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, height))
    draw(data, ax=ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, metadata={"Software": None})
    plt.close(fig)
    alt = html.escape(ax.get_title())
    return f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode("ascii")}">'


_FORMATS = {"items": (("facility", "upper", "lower"), ("discrimination",)),
            "missed_items": (("facility", "upper", "lower"), ("discrimination",)),
            "tags": (("facility",), ()), "missed_tags": (("facility",), ()),
            "chapters": (("mean", "q1", "median", "q3", "mastered"), ()), "mastery": (("mastery",), ("score", "max_score"))}
_ITEM_COLUMNS = ["chapter", "item_type", "students", "facility", "upper", "lower", "discrimination"]


def report_table(result: dict, name: str) -> pd.DataFrame:
    """One table of :func:`analyse` ready to show: headers, chapters and item types in the active
    language, shares as percentages, D to two decimals."""
    if name not in result:
        raise ArgumentError(text(en="report_table: no table {n!r}; choose one of {k}.",
                                 zh="report_table：没有名为 {n!r} 的表；可选：{k}。", n=name, k=", ".join(result)))
    df = result[name]
    if name in ("items", "missed_items"):
        df = df[_ITEM_COLUMNS]
    if name in ("items", "missed_items", "tags", "missed_tags"):   # ids as a column, rows numbered from 1
        df = df.reset_index()
        df.index = pd.RangeIndex(1, len(df) + 1)
    percent, decimals = _FORMATS.get(name, ((), ()))
    shown = df.copy()
    for col in shown.columns:
        if col in percent:
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v * 100:.0f} %")
        elif col in decimals:
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    if "chapter" in shown.columns:
        shown["chapter"] = shown["chapter"].map(_chapter_name)
    if "tag" in shown.columns:
        shown["tag"] = shown["tag"].map(lambda t: label(t, tag=True))
    if "item_type" in shown.columns:
        shown["item_type"] = shown["item_type"].map(lambda t: text(en=_TYPES[t][0], zh=_TYPES[t][1]) if t in _TYPES else t)
    if name == "summary":
        shown.index = shown.index.map(lambda k: text(en=_SUMMARY[k][0], zh=_SUMMARY[k][1]))
    elif shown.index.name == "chapter":
        shown.index = shown.index.map(_chapter_name)
    shown = shown.rename(columns=_label)
    shown.index.name = _label(df.index.name) if df.index.name in _LABELS else None
    return shown


def _table(result: dict, name: str, **kw) -> str:
    return report_table(result, name).to_html(border=0, classes="t", **kw)


def report_html(result: dict, *, title: str | None = None) -> str:
    """The report page for the tables of :func:`analyse`, in the active language."""
    lang = get_language()
    title = title or text(en="Class report", zh="班级学习情况报告")
    n_tags = max(len(result["missed_tags"]), 1)
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        _table(result, "summary", header=False),
        "<h2>{}</h2>".format(text(en="How to read it", zh="阅读说明")),
        "<p>{}</p>".format(text(
            en="<b>Facility</b> is the mean share of points on an item at each student's first attempt (1 = everyone "
               "right). <b>Discrimination D</b> is the facility among the top {g} % of students minus the facility "
               "among the bottom {g} % (ranked by their overall first-attempt share): D ≥ 0.3 separates well, D < 0.2 "
               "poorly, D < 0 suggests a wrong key or a misleading item. <b>Mastery</b> of a chapter is a student's "
               "share of points over the latest attempt at each item tried; {m} % or more counts as mastered.",
            zh="<b>难度系数</b>是学生首次作答某题的平均得分率（1 表示全对）。<b>区分度 D</b> 是总成绩前 {g}% 的学生"
               "（高分组）与后 {g}% 的学生（低分组）在该题上得分率之差：D ≥ 0.3 区分良好，D < 0.2 区分较差，"
               "D < 0 说明答案可能有误或题目有误导。某章的<b>掌握程度</b>是学生在该章所做各题最近一次作答的得分率；"
               "达到 {m}% 即视为掌握。", g=round(GROUP_SHARE * 100), m=round(MASTERED * 100))),
        "<h2>{}</h2>".format(text(en="Mastery per chapter", zh="各章掌握程度")),
        _png(plot_chapter_mastery, result["mastery"], 0.45 * result["chapters"].shape[0] + 1.5),
        _table(result, "chapters"),
        "<h2>{}</h2>".format(text(en="Most-missed items", zh="失分最多的题目")),
        _table(result, "missed_items"),
        "<h2>{}</h2>".format(text(en="Most-missed topics (tags)", zh="失分最多的知识点")),
        _png(plot_missed_tags, result["missed_tags"], 0.35 * n_tags + 1.5),
        _table(result, "missed_tags"),
        "<h2>{}</h2>".format(text(en="Every item: facility and discrimination", zh="全部题目的难度与区分度")),
        _png(plot_items, result["items"], 4.5),
        _table(result, "items"),
    ]
    style = ("body{font-family:'Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei',sans-serif;max-width:60em;"
             "margin:2em auto;padding:0 1em;color:#222}table.t{border-collapse:collapse;margin:1em 0}"
             "table.t td,table.t th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:right}"
             "table.t th{background:#f4f6f8}img{max-width:100%}")
    head = (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{style}</style></head><body>")
    return head + "\n".join(sections) + "</body></html>\n"


def write_report(folder, out, *, lang: str | None = None, top: int = 10, min_students: int = 5) -> Path:
    """Read the exports in ``folder``, write the HTML report to ``out`` in ``lang``; returns the path."""
    if not isinstance(out, (str, os.PathLike)):
        raise InputTypeError(text(en="write_report: out must be a file path, got {t}.",
                                  zh="write_report：参数 out 应为文件路径，实际为 {t}。", t=type(out).__name__))
    attempts = read_exports(folder)  # a wrong folder is said in the active language, not the report's
    before = get_language()
    if lang is not None:
        set_language(lang)
    try:
        result = analyse(attempts, top=top, min_students=min_students)
        page = report_html(result)
    finally:
        set_language(before)
    out = Path(out).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out
