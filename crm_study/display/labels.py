"""What a table shows, in the notebook's language: column headers, index names and labels, quiz tags.

The package's functions return DataFrames whose columns are code identifiers (``value_share``,
``customers``); code keeps using them. What a Chinese notebook *shows* is Chinese: ``setup("zh")``
registers display hooks so that every DataFrame and Series a cell displays has its column
headers, index names and index labels translated through one table,
``datasets/labels/display.csv`` (columns ``id``, ``zh``, ``en``). So are the values of a coded
column, one whose every value is an identifier of the table (channels ``hotline``/``app``, check
codes, customer types), and true/false columns show 是/否. The English edition shows the
identifiers themselves, except quiz tags, which have a readable English name too. A Chinese
notebook shows a Series as a one-column table, so that no English ``Name:``/``dtype:`` footer appears,
a count in a summary Series as a whole number (786, not 786.00) and a missing value as “—”, not NaN.

>>> label("value_share", "zh")                 # doctest: +SKIP
'价值占比'
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..i18n import get_language, text

__all__ = ["labels_file", "label", "localise", "install_display_hooks"]


def labels_file() -> Path:
    """The translation table of identifiers (``datasets/labels/display.csv``)."""
    from ..data.datasets import data_dir

    return data_dir() / "labels" / "display.csv"


@lru_cache(maxsize=None)
def _table(path: str) -> dict[str, dict[str, str]]:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise DataError(text(en="{p}: the table of display labels is missing; restore it from git.",
                             zh="{p}：缺少显示标签表，请从 git 恢复该文件。", p=path)) from None
    if list(df.columns) != ["id", "zh", "en"]:
        raise DataError(text(en="{p}: the display-label table has exactly the columns id,zh,en; found {c}.",
                             zh="{p}：显示标签表应恰好有 id、zh、en 三列，实际为 {c}。", p=path, c=list(df.columns)))
    dup = df["id"][df["id"].duplicated()]
    if len(dup):
        raise DataError(text(en="{p}: identifier {i!r} is listed twice; keep one line for it.",
                             zh="{p}：标识符 {i!r} 出现了两次，请只保留一行。", p=path, i=dup.iloc[0]))
    blank = df.index[df["zh"].str.strip() == ""]
    if len(blank):
        raise DataError(text(en="{p}: line {n} has no Chinese label; fill it in.",
                             zh="{p}：第 {n} 行缺少中文标签，请补上。", p=path, n=int(blank[0]) + 2))
    return {row.id: {"zh": row.zh, "en": row.en} for row in df.itertuples(index=False)}


def label(identifier: str, lang: str | None = None, *, tag: bool = False) -> str:
    """The displayed name of ``identifier`` in ``lang`` (default: the active language).

    Chinese always comes from the table; English is the identifier itself, or for a quiz tag
    (``tag=True``) the table's English name. Unknown identifiers are shown as they are.
    """
    lang = lang or get_language()
    entry = _table(str(labels_file())).get(identifier)
    if entry is None:
        return identifier
    if lang == "zh":
        return entry["zh"]
    return (entry["en"] or identifier) if tag else identifier


def _relabel(value):
    return label(value, "zh") if isinstance(value, str) else value


def _is_text(index: pd.Index) -> bool:
    return index.dtype == object or pd.api.types.is_string_dtype(index)


def _relabel_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        levels = [index.get_level_values(i) for i in range(index.nlevels)]
        return pd.MultiIndex.from_arrays([lv.map(_relabel) if _is_text(lv) else lv for lv in levels],
                                         names=[_relabel(n) for n in index.names])
    return (index.map(_relabel) if _is_text(index) else index).rename(_relabel(index.name))


_YES_NO = {True: "是", False: "否"}


@lru_cache(maxsize=None)
def _zh_names(path: str) -> dict[str, str]:
    """Identifier → Chinese label, built once per label file (not once per column shown)."""
    return {key: entry["zh"] for key, entry in _table(path).items()}


def _yes_no(value):
    return _YES_NO[bool(value)] if isinstance(value, (bool, np.bool_)) else value


def _relabel_values(values: pd.Series) -> pd.Series:
    """True/false as 是/否 (also inside a mixed column, e.g. a transposed row); a coded column
    (every non-missing value an identifier) in Chinese."""
    if pd.api.types.is_bool_dtype(values):
        return values.map(_YES_NO)
    if values.dtype == object:
        values = values.map(_yes_no)
    if not _is_text(values):
        return values
    zh = _zh_names(str(labels_file()))
    present = values.dropna()
    if present.empty or not present.isin(list(zh)).all():
        return values
    return values.map(zh).astype(object).where(values.notna(), values.astype(object))


def localise(obj, lang: str | None = None):
    """A copy of a DataFrame or Series with headers, index names and labels, coded values and
    true/false values in ``lang``.

    In English (or for any other object) ``obj`` itself is returned unchanged.
    """
    if (lang or get_language()) != "zh" or not isinstance(obj, (pd.DataFrame, pd.Series)):
        return obj
    out = obj.copy(deep=False)
    out.index = _relabel_index(out.index)
    if isinstance(out, pd.DataFrame):
        out.columns = _relabel_index(out.columns)
        for j in range(out.shape[1]):
            out.isetitem(j, _relabel_values(out.iloc[:, j]))
    else:
        out = _relabel_values(out).rename(_relabel(out.name))
    return out


def _summary_number(x):
    """A value of a summary Series as shown: a whole number without decimals (客户数 786, not 786.00),
    anything else as the notebook's float format shows it."""
    if x != x:  # NaN stays missing
        return x
    if float(x).is_integer() and abs(x) >= 1:
        return f"{x:,.0f}"
    shown = pd.get_option("display.float_format")
    return shown(x) if callable(shown) else f"{x:,.2f}"


_MISSING_CELL = re.compile(r"<td>(?:NaN|NaT|&lt;NA&gt;|None)</td>")


def _html(obj):
    shown = localise(obj)
    if isinstance(shown, pd.Series):
        if get_language() != "zh":
            return None  # English notebooks keep pandas' own plain-text Series
        if pd.api.types.is_float_dtype(shown.dtype):  # a summary: each row its own quantity, counts as whole numbers
            shown = shown.map(_summary_number)
        shown = shown.to_frame(name="" if shown.name is None else shown.name)
    page = shown._repr_html_()
    if get_language() == "zh" and page:
        page = _MISSING_CELL.sub("<td>—</td>", page)  # an empty cell, not the English NaN
    return page


def _plain(obj, printer, cycle):
    printer.text(repr(localise(obj)))


def install_display_hooks() -> bool:
    """Show DataFrames and Series through :func:`localise` in IPython; False outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    formatters = shell.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/plain"].for_type(kind, _plain)
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/html"].for_type(kind, _html)
    return True
