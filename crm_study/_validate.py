"""Input checks used where data enters the kit (private helpers).

Each check raises a :mod:`crm_study.errors` exception whose message says which
function, which argument or column, which row, and what to do, in the active
language.
"""
from __future__ import annotations

import difflib
import math
import numbers
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .errors import ArgumentError, ColumnError, DataError, InputTypeError
from .i18n import text

_SHOW = 3  # how many offending rows a message lists


def row_list(index: Iterable, n_bad: int) -> str:
    shown = ", ".join(repr(i) for i in list(index)[:_SHOW])
    more = text(en=" and {n} more", zh=" 等另外 {n} 行", n=n_bad - _SHOW) if n_bad > _SHOW else ""
    return shown + more


def _key(name) -> str:
    """A column name compared loosely: case, spaces, ``_`` and ``-`` ignored."""
    return "".join(ch for ch in str(name).casefold() if ch not in " _-")


def frame(df, *, where: str, arg: str = "df", allow_empty: bool = False) -> pd.DataFrame:
    """Check that ``df`` is a non-empty DataFrame."""
    if not isinstance(df, pd.DataFrame):
        raise InputTypeError(text(
            en="{where}: {arg} must be a pandas DataFrame, got {typ}. Load a table with "
               "pandas.read_csv(...) or crm_study.datasets.load(...).",
            zh="{where}：参数 {arg} 应为 pandas DataFrame，实际为 {typ}。请用 pandas.read_csv(...) "
               "或 crm_study.datasets.load(...) 读入表格。",
            where=where, arg=arg, typ=type(df).__name__))
    if df.empty and not allow_empty:
        raise DataError(text(
            en="{where}: the table {arg} is empty (no rows). Check the filter or file that produced it.",
            zh="{where}：表格 {arg} 为空（没有任何行）。请检查产生它的文件或筛选条件。",
            where=where, arg=arg))
    return df


def columns(df: pd.DataFrame, cols: Mapping[str, str], *, where: str) -> None:
    """Check that every column named in ``cols`` (keyword -> column) exists."""
    available = [str(c) for c in df.columns]
    for kw, col in cols.items():
        if col in df.columns:
            continue
        keys = {_key(c): c for c in available}
        close = difflib.get_close_matches(_key(col), list(keys), n=1, cutoff=0.6)
        hint = keys[close[0]] if close else None
        msg = text(
            en="{where}: column {col!r} not found ({kw}={col!r}). Available columns: {avail}.",
            zh="{where}：找不到列 {col!r}（{kw}={col!r}）。现有的列：{avail}。",
            where=where, col=col, kw=kw, avail=", ".join(available) or "-")
        if hint is not None:
            msg += text(en=" Did you mean {h!r}? Pass {kw}={h!r}.",
                        zh=" 是否指 {h!r}？请传入 {kw}={h!r}。", h=hint, kw=kw)
        else:
            msg += text(en=" Rename the column or pass {kw}='<your column>'.",
                        zh=" 请重命名该列，或传入 {kw}='<你的列名>'。", kw=kw)
        raise ColumnError(msg)


def dates(series: pd.Series, *, col: str, where: str) -> pd.Series:
    """Parse a date column; missing or unparseable values raise ``DataError``."""
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        parsed = pd.to_datetime(series, errors="coerce", format="mixed")
    bad = parsed.isna()
    if bad.any():
        first = series[bad]
        raise DataError(text(
            en="{where}: column {col!r} has {n} missing or unreadable date(s), e.g. {vals} at row(s) {rows}. "
               "Write dates as YYYY-MM-DD, or drop those rows first.",
            zh="{where}：列 {col!r} 中有 {n} 个缺失或无法识别的日期，例如第 {rows} 行的 {vals}。"
               "请把日期写成 YYYY-MM-DD 格式，或先删除这些行。",
            where=where, col=col, n=int(bad.sum()),
            vals=", ".join(repr(v) for v in first.head(_SHOW).tolist()),
            rows=row_list(first.index, int(bad.sum()))))
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed


def numbers_col(series: pd.Series, *, col: str, where: str, allow_negative: bool = False) -> pd.Series:
    """Parse a numeric column; missing, non-numeric or (optionally) negative values raise."""
    if pd.api.types.is_bool_dtype(series):
        raise DataError(text(en="{where}: column {col!r} holds True/False values, not numbers.",
                             zh="{where}：列 {col!r} 是真/假值，不是数字。", where=where, col=col))
    values = series if pd.api.types.is_numeric_dtype(series) else pd.to_numeric(series, errors="coerce")
    values = values.astype("float64")
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} missing or non-numeric value(s) at row(s) {rows}. "
               "Fill them in or drop those rows.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个缺失或非数字的值。请补全或删除这些行。",
            where=where, col=col, n=int(bad.sum()), rows=row_list(series.index[bad], int(bad.sum()))))
    if not allow_negative:
        neg = values.to_numpy() < 0
        if neg.any():
            raise DataError(text(
                en="{where}: column {col!r} has {n} negative value(s) at row(s) {rows}. "
                   "Amounts must be >= 0; remove returns/refunds or net them per order first.",
                zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个负值。金额必须 >= 0；"
                   "请先删除退货/退款记录，或按订单冲抵后再分析。",
                where=where, col=col, n=int(neg.sum()), rows=row_list(series.index[neg], int(neg.sum()))))
    return values


def number(value, *, name: str, where: str, lo: float | None = None, hi: float | None = None,
           lo_open: bool = False, hi_open: bool = False, integer: bool = False) -> float:
    """Check a scalar argument: a real number (not bool), finite, within [lo, hi] (open ends optional)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or (
            integer and not float(value).is_integer()):
        kind = text(en="an integer", zh="整数") if integer else text(en="a number", zh="数字")
        raise InputTypeError(text(en="{where}: {name} must be {kind}, got {v!r}.",
                                  zh="{where}：参数 {name} 应为{kind}，实际为 {v!r}。",
                                  where=where, name=name, kind=kind, v=value))
    v = float(value)
    if not math.isfinite(v):
        raise ArgumentError(text(en="{where}: {name} must be finite, got {v!r}.",
                                 zh="{where}：参数 {name} 必须是有限数，实际为 {v!r}。",
                                 where=where, name=name, v=value))
    too_low = lo is not None and (v <= lo if lo_open else v < lo)
    too_high = hi is not None and (v >= hi if hi_open else v > hi)
    if too_low or too_high:
        left = "-inf" if lo is None else f"{lo:g}"
        right = "inf" if hi is None else f"{hi:g}"
        rng = ("(" if lo_open or lo is None else "[") + f"{left}, {right}" + (")" if hi_open or hi is None else "]")
        raise ArgumentError(text(en="{where}: {name} = {v!r} is outside the allowed range {rng}.",
                                 zh="{where}：参数 {name} = {v!r} 超出允许范围 {rng}。",
                                 where=where, name=name, v=value, rng=rng))
    return int(v) if integer else v


def as_of(value, *, where: str) -> pd.Timestamp:
    """Read an "as of" date (string, date or Timestamp) as a day without time zone."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(text(
            en="{where}: as_of={v!r} is not a date; pass e.g. as_of='2025-01-01' or crm_study.AS_OF.",
            zh="{where}：as_of={v!r} 不是日期；请传入例如 as_of='2025-01-01' 或 crm_study.AS_OF。",
            where=where, v=value)) from exc
    if ts is pd.NaT:
        raise ArgumentError(text(
            en="{where}: as_of is missing (NaT); pass a date such as crm_study.AS_OF.",
            zh="{where}：as_of 为空（NaT）；请传入日期，例如 crm_study.AS_OF。", where=where))
    return (ts.tz_localize(None) if ts.tzinfo is not None else ts).normalize()


def vector(x, *, name: str, where: str):
    """``x`` (a number, list, array or Series of numbers) as ``(float array, kind, index)``;
    missing, non-numeric or True/False values raise."""
    if isinstance(x, pd.Series):
        kind, index = "series", x.index
        raw = x
    elif isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)):
        kind, index = "scalar", None
        raw = pd.Series([x])
    else:
        try:
            arr = None if isinstance(x, (bool, np.bool_, str, bytes)) else np.asarray(x)
        except (TypeError, ValueError):
            arr = None
        if arr is None:
            raise InputTypeError(text(
                en="{where}: {name} must be a number or a list/array/Series of numbers, got {v!r}.",
                zh="{where}：参数 {name} 应为数字，或由数字组成的列表/数组/Series，实际为 {v!r}。",
                where=where, name=name, v=x))
        if arr.ndim != 1:
            raise InputTypeError(text(
                en="{where}: {name} must be one-dimensional (a number, list, array or Series), got shape {s}.",
                zh="{where}：参数 {name} 应为一维数据（数字、列表、数组或 Series），实际形状为 {s}。",
                where=where, name=name, s=arr.shape))
        kind, index = "array", None
        raw = pd.Series(arr)
    if pd.api.types.is_bool_dtype(raw):
        raise InputTypeError(text(en="{where}: {name} holds True/False values, not numbers.",
                                  zh="{where}：参数 {name} 是真/假值，不是数字。", where=where, name=name))
    values = pd.to_numeric(raw, errors="coerce").astype("float64").to_numpy()
    bad = ~np.isfinite(values)
    if bad.any():
        raise DataError(text(
            en="{where}: {name} has {n} missing or non-numeric value(s) at position(s) {rows}. "
               "Fill them in or drop them first.",
            zh="{where}：参数 {name} 在第 {rows} 个位置有 {n} 个缺失或非数字的值。请先补全或删除。",
            where=where, name=name, n=int(bad.sum()), rows=row_list(np.flatnonzero(bad), int(bad.sum()))))
    return values, kind, index


def shaped_like(values, parts, name: str):
    """Give ``values`` the shape of the inputs: float for scalars, Series if any input was one."""
    kinds = [p[1] for p in parts]
    if all(k == "scalar" for k in kinds):
        return float(values[0])
    for _, kind, index in parts:
        if kind == "series":
            return pd.Series(values, index=index, name=name)
    return np.asarray(values)


def vector_pair(a, b, *, names: tuple[str, str], where: str):
    """Two :func:`vector` inputs that must have the same length unless one is a scalar."""
    pa = vector(a, name=names[0], where=where)
    pb = vector(b, name=names[1], where=where)
    if pa[1] != "scalar" and pb[1] != "scalar" and len(pa[0]) != len(pb[0]):
        raise ArgumentError(text(
            en="{where}: {a} has {na} values but {b} has {nb}; give one value per respondent in both.",
            zh="{where}：参数 {a} 有 {na} 个值，而 {b} 有 {nb} 个；两者应逐一对应。",
            where=where, a=names[0], b=names[1], na=len(pa[0]), nb=len(pb[0])))
    return pa, pb


def date_span(df: pd.DataFrame, start_col: str, end_col: str, *, where: str) -> tuple[pd.Series, pd.Series]:
    """Parse a start-date column and an optional end-date column (missing = still open);
    an end before its start raises ``DataError`` naming the rows."""
    start = dates(df[start_col], col=start_col, where=where)
    given = df[end_col].notna()
    end = dates(df.loc[given, end_col], col=end_col, where=where).reindex(df.index)
    before = (end < start).to_numpy()
    if before.any():
        raise DataError(text(
            en="{where}: column {col!r} is earlier than {start!r} at row(s) {rows}; a customer cannot "
               "cancel before signing up. Fix or drop those rows.",
            zh="{where}：列 {col!r} 在第 {rows} 行早于 {start!r}；客户不可能在注册前退订。请更正或删除这些行。",
            where=where, col=end_col, start=start_col, rows=row_list(df.index[before], int(before.sum()))))
    return start, end
