"""Input checks used where data enters the kit (private helpers).

Each check raises a :mod:`crm_study.errors` exception whose message says which
function, which argument or column, which row, and what to do, in the active
language.
"""
from __future__ import annotations

import difflib
import math
import numbers
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .errors import ArgumentError, ColumnError, DataError, InputTypeError
from .i18n import text

_SHOW = 3  # how many offending rows a message lists


def row_list(index: Iterable, n_bad: int) -> str:
    shown = ", ".join(repr(i.item() if isinstance(i, np.generic) else i) for i in list(index)[:_SHOW])
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
        if col in df.columns and list(df.columns).count(col) > 1:
            raise ColumnError(text(
                en="{where}: there are {n} columns named {col!r} ({kw}); rename or drop all but one.",
                zh="{where}：有 {n} 个名为 {col!r} 的列（{kw}）；请重命名或只保留其中一列。",
                where=where, col=col, kw=kw, n=list(df.columns).count(col)))
        if col in df.columns:
            continue
        keys = {_key(c): c for c in available}
        close = difflib.get_close_matches(_key(col), list(keys), n=1, cutoff=0.6)
        hint = keys[close[0]] if close else None
        msg = text(
            en="{where}: column {col!r} not found ({kw}={col!r}). Available columns: {avail}.",
            zh="{where}：找不到列 {col!r}（{kw}={col!r}）。现有的列：{avail}。",
            where=where, col=col, kw=kw, avail=", ".join(available) or "-")
        if col == df.index.name or col in (df.index.names or ()):
            msg += text(en=" It is the index of the table: pass df.reset_index().",
                        zh=" 它是表格的索引：请传入 df.reset_index()。")
        elif hint is not None:
            msg += text(en=" Did you mean {h!r}? Pass {kw}={h!r}.",
                        zh=" 是否指 {h!r}？请传入 {kw}={h!r}。", h=hint, kw=kw)
        else:
            msg += text(en=" Rename the column or pass {kw}='<your column>'.",
                        zh=" 请重命名该列，或传入 {kw}='<你的列名>'。", kw=kw)
        raise ColumnError(msg)


_EXCEL_EPOCH = pd.Timestamp("1899-12-30")  # Excel/WPS day 1 is 1900-01-01 (with the 1900 leap-year bug)
_EXCEL_DAYS = (20000, 80000)                # serial numbers read as dates: 1954-10-03 … 2119-01-10
_YMD = (18000101, 22001231)                 # integers such as 19970101 (CDNOW) read as YYYYMMDD
_NUMERIC_TEXT = r"\s*\d+(?:\.\d+)?\s*"
_DMY = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{2,4}(?!\d)"
_LATEST_GAP_DAYS = 365


def warn(message: str) -> None:
    """Show a :class:`~crm_study.errors.DataWarning` (usable data that is probably not what was meant)."""
    import warnings

    from .errors import DataWarning

    warnings.warn(message, DataWarning, stacklevel=4)


def _from_numbers(values: pd.Series, raw: pd.Series, *, col: str, where: str) -> pd.Series:
    """Numbers as dates: YYYYMMDD integers, or Excel serial day numbers (with a warning)."""
    v = values.to_numpy(dtype="float64")
    ok = np.isfinite(v)
    known = v[ok]
    if known.size and np.all(known == np.floor(known)) and known.min() >= _YMD[0] and known.max() <= _YMD[1]:
        as_text = pd.Series(np.where(ok, np.nan_to_num(v).astype("int64").astype(str), ""), index=values.index)
        return pd.to_datetime(as_text.where(ok), format="%Y%m%d", errors="coerce")
    if known.size and known.min() >= _EXCEL_DAYS[0] and known.max() <= _EXCEL_DAYS[1]:
        parsed = _EXCEL_EPOCH + pd.to_timedelta(pd.Series(v, index=values.index), unit="D")
        first = int(np.flatnonzero(ok)[0])
        warn(text(en="{where}: column {col!r} holds numbers; they were read as Excel serial dates "
                      "(e.g. {v:g} = {d}). If they are something else, convert the column yourself.",
                   zh="{where}：列 {col!r} 是数字，已按 Excel 日期序号读取（例如 {v:g} = {d}）。"
                      "如果它们不是日期序号，请先自行转换该列。",
                   where=where, col=col, v=v[first], d=parsed.iloc[first].date()))
        return parsed
    bad = ok & ((v < _EXCEL_DAYS[0]) | (v > _EXCEL_DAYS[1]))
    rows = raw.index[bad] if bad.any() else raw.index[ok]
    raise DataError(text(
        en="{where}: column {col!r} holds numbers such as {vals} (row(s) {rows}) that are neither Excel "
           "serial dates ({lo}–{hi}) nor dates written as YYYYMMDD. Write dates as YYYY-MM-DD.",
        zh="{where}：列 {col!r} 中的数字（如第 {rows} 行的 {vals}）既不是 Excel 日期序号（{lo}–{hi}），"
           "也不是 YYYYMMDD 形式的日期。请把日期写成 YYYY-MM-DD 格式。",
        where=where, col=col, lo=_EXCEL_DAYS[0], hi=_EXCEL_DAYS[1],
        vals=", ".join(f"{x:g}" for x in v[bad if bad.any() else ok][:_SHOW]), rows=row_list(rows, len(rows))))


def _day_first(texts: pd.Series, dayfirst, *, col: str, where: str):
    """Decide day-first or month-first for dates like 05/01/2024 (the whole column one way)."""
    parts = texts.str.extract(_DMY)
    parts = parts.dropna().astype("int64")
    if parts.empty:
        return dayfirst
    day_sure, month_sure = parts[0] > 12, parts[1] > 12
    if dayfirst is not None:
        return bool(dayfirst)
    if day_sure.any() and month_sure.any():
        raise DataError(text(
            en="{where}: column {col!r} mixes day-first dates ({a!r}) and month-first dates ({b!r}); "
               "make the column use one order, then read it again.",
            zh="{where}：列 {col!r} 中既有“日/月/年”（{a!r}）又有“月/日/年”（{b!r}）的日期；"
               "请统一成一种写法后再读入。",
            where=where, col=col, a=texts[day_sure[day_sure].index[0]], b=texts[month_sure[month_sure].index[0]]))
    if day_sure.any() or month_sure.any():
        return bool(day_sure.any())
    if (parts[0] != parts[1]).any():
        example = texts[parts.index[(parts[0] != parts[1]).to_numpy()][0]]
        raise DataError(text(
            en="{where}: column {col!r} has dates such as {v!r} that read both as day/month and as "
               "month/day. Say which: convert with pandas.to_datetime(df[{col!r}], dayfirst=True) (or False), "
               "or read the file with crm_study.datasets.read_csv(path, dayfirst=True).",
            zh="{where}：列 {col!r} 中的日期（如 {v!r}）既可读作“日/月”也可读作“月/日”。请说明是哪一种："
               "用 pandas.to_datetime(df[{col!r}], dayfirst=True)（或 False）转换，"
               "或用 crm_study.datasets.read_csv(path, dayfirst=True) 读入文件。",
            where=where, col=col, v=example))
    return dayfirst


def _from_text(series: pd.Series, dayfirst, *, col: str, where: str) -> pd.Series:
    """Text (or mixed) dates, parsed once per distinct value so a long column stays fast."""
    known = series.dropna()
    uniq = pd.Series(pd.unique(known.to_numpy(dtype=object)), dtype=object)
    is_text = uniq.map(lambda x: isinstance(x, str))
    texts = uniq[is_text.to_numpy()].astype(str)
    if len(texts) and len(texts) == len(uniq) and texts.str.fullmatch(_NUMERIC_TEXT).all():
        return _from_numbers(pd.to_numeric(series, errors="coerce"), series, col=col, where=where)
    dayfirst = _day_first(texts.reset_index(drop=True), dayfirst, col=col, where=where)
    short_form = uniq.map(lambda x: isinstance(x, str)) & uniq.astype(str).str.extract(_DMY)[0].notna()
    try:  # only the dd/mm/yyyy-like values read day-first; 2024-01-05 is never turned round
        parsed = pd.Series(pd.to_datetime(uniq, errors="coerce", format="mixed"))
        if bool(dayfirst) and short_form.any():
            parsed[short_form.to_numpy()] = pd.to_datetime(uniq[short_form.to_numpy()], errors="coerce",
                                                           format="mixed", dayfirst=True).to_numpy()
    except (ValueError, TypeError, OverflowError) as exc:
        zones = texts.str.extract(r"(Z|[+-]\d\d:?\d\d)\s*$")[0].dropna().unique()[:_SHOW]
        raise DataError(text(
            en="{where}: column {col!r} cannot be read as dates ({e}). Dates with different time zones "
               "({z}) must be converted to one zone first, e.g. "
               "pandas.to_datetime(df[{col!r}], utc=True).dt.tz_convert('Asia/Shanghai').",
            zh="{where}：列 {col!r} 无法读作日期（{e}）。带不同时区（{z}）的日期须先换算到同一时区，例如 "
               "pandas.to_datetime(df[{col!r}], utc=True).dt.tz_convert('Asia/Shanghai')。",
            where=where, col=col, e=str(exc)[:120], z=", ".join(zones) or "-")) from exc
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    table = parsed.to_numpy()
    if table.dtype.kind != "M":
        table = table.astype("datetime64[ns]")
    positions = pd.Index(uniq.to_numpy(), dtype=object).get_indexer(known.to_numpy(dtype=object))
    values = np.full(len(series), np.datetime64("NaT"), dtype=table.dtype)
    values[series.notna().to_numpy()] = table[positions]
    return pd.Series(values, index=series.index)


def dates(series: pd.Series, *, col: str, where: str, dayfirst: bool | None = None) -> pd.Series:
    """Parse a date column; missing or unparseable values raise ``DataError``.

    Text dates in any common form (2024-01-05, 2024/1/5, Jan 5 2024); ``05/01/2024`` style dates
    are read the same way for the whole column: day-first when some day is above 12, month-first
    when some month is, otherwise ``dayfirst`` must say (else ``DataError``). Integers such as
    19970101 are YYYYMMDD; numbers 20000–80000 are Excel serial dates (with a ``DataWarning``).
    Time zones are dropped (local wall time kept); different zones in one column raise.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    elif pd.api.types.is_bool_dtype(series):
        raise DataError(text(en="{where}: column {col!r} holds True/False values, not dates.",
                             zh="{where}：列 {col!r} 是真/假值，不是日期。", where=where, col=col))
    elif pd.api.types.is_numeric_dtype(series):
        parsed = _from_numbers(series, series, col=col, where=where)
    else:
        parsed = _from_text(series, dayfirst, col=col, where=where)
    bad = parsed.isna()
    if bad.any():
        first = series[bad.to_numpy()]
        raise DataError(text(
            en="{where}: column {col!r} has {n} missing or unreadable date(s), e.g. {vals} at row(s) {rows}. "
               "Write dates as YYYY-MM-DD, or drop those rows first.",
            zh="{where}：列 {col!r} 中有 {n} 个缺失或无法识别的日期，例如第 {rows} 行的 {vals}。"
               "请把日期写成 YYYY-MM-DD 格式，或先删除这些行。",
            where=where, col=col, n=int(bad.sum()),
            vals=", ".join(repr(v)[:40] for v in first.head(_SHOW).tolist()),
            rows=row_list(first.index, int(bad.sum()))))
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed


def latest_date(parsed: pd.Series, *, col: str, where: str, arg: str = "as_of") -> pd.Timestamp:
    """The last day of a parsed date column, used as the reference date when none is given.
    A last date more than a year after every other one (a typing slip such as 2030) raises
    ``DataError`` naming the rows; pass ``arg`` (``as_of``, ``observation_end``) to measure to a date you choose."""
    days = parsed.dt.normalize()
    last = days.max()
    earlier = days[days < last]
    if not earlier.empty and (last - earlier.max()).days > _LATEST_GAP_DAYS:
        rows = parsed.index[(days == last).to_numpy()]
        raise DataError(text(
            en="{where}: the latest date in column {col!r}, {d} (row(s) {rows}), is {g} days after every "
               "other date, so it would move the reference date for all customers. Fix that date, or pass "
               "{arg}='YYYY-MM-DD' (e.g. crm_study.AS_OF).",
            zh="{where}：列 {col!r} 中最晚的日期 {d}（第 {rows} 行）比其余日期都晚 {g} 天，会改变所有客户的"
               "计算基准日。请更正该日期，或传入 {arg}='YYYY-MM-DD'（例如 crm_study.AS_OF）。",
            where=where, col=col, d=last.date(), rows=row_list(rows, len(rows)), g=(last - earlier.max()).days,
            arg=arg))
    return last


def no_missing(series: pd.Series, *, col: str, where: str) -> None:
    """Refuse a column with missing values, naming the rows."""
    missing = series.isna().to_numpy()
    if missing.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} missing value(s) at row(s) {rows}. "
               "Fill them in or drop those rows.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个缺失值。请补全或删除这些行。",
            where=where, col=col, n=int(missing.sum()), rows=row_list(series.index[missing], int(missing.sum()))))


def ids(series: pd.Series, *, col: str, where: str) -> pd.Series:
    """Check a customer-id column: no missing ids, and not numbers and text mixed (1 and "1")."""
    no_missing(series, col=col, where=where)
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("mixed", "mixed-integer"):
        kinds = series.map(lambda v: "number" if isinstance(v, (numbers.Number, np.number))
                           else "text" if isinstance(v, str) else type(v).__name__)
        first = np.flatnonzero(~kinds.duplicated().to_numpy())[:_SHOW]
        names = {"number": text(en="number", zh="数字"), "text": text(en="text", zh="文字")}
        examples = "; ".join(text(en="{k} {v!r} (row {i!r})", zh="{k} {v!r}（第 {i!r} 行）",
                                  k=names.get(k, k), v=short(series.loc[i] if series.index.is_unique else i), i=i)
                             for i, k in zip(series.index[first], kinds.iloc[first]))
        raise DataError(text(
            en="{where}: column {col!r} mixes ids of different types: {ex}. The same customer could be "
               "counted twice (1 and '1'). Make them one type first, e.g. df[{col!r}] = df[{col!r}].astype(str).",
            zh="{where}：列 {col!r} 中的客户编号类型不一：{ex}。同一位客户可能被算成两位（1 与 '1'）。"
               "请先统一类型，例如 df[{col!r}] = df[{col!r}].astype(str)。",
            where=where, col=col, ex=examples))
    return series


def duplicate_rows(df: pd.DataFrame, *, where: str, arg: str, rule: str = "warn") -> np.ndarray:
    """Mask of rows that repeat an earlier row in every column. ``rule="warn"`` warns with the
    count and rows (``DataWarning``), ``"drop"`` and ``"keep"`` stay quiet (the caller acts)."""
    dup = df.duplicated(keep="first").to_numpy()
    if rule == "warn" and dup.any():
        n = int(dup.sum())
        warn(text(
            en="{where}: {n} row(s) of {arg} repeat an earlier row exactly (row(s) {rows}); they count as "
               "extra purchases. If the file was appended twice pass duplicates='drop'; if they are real "
               "repeat purchases pass duplicates='keep'.",
            zh="{where}：{arg} 中有 {n} 行与前面某行完全相同（第 {rows} 行），会被算作额外的购买。"
               "如果文件被重复追加，请传入 duplicates='drop'；如果确是重复购买，请传入 duplicates='keep'。",
            where=where, arg=arg, n=n, rows=row_list(df.index[dup], n)))
    return dup


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
            integer and not isinstance(value, numbers.Integral) and not float(value).is_integer()):
        kind = text(en="an integer", zh="整数") if integer else text(en="a number", zh="数字")
        raise InputTypeError(text(en="{where}: {name} must be {kind}, got {v!r}.",
                                  zh="{where}：参数 {name} 应为{kind}，实际为 {v!r}。",
                                  where=where, name=name, kind=kind, v=short(value)))
    try:
        v, overflow = float(value), False
    except OverflowError:  # an integer such as 10**400: beyond every float, checked against the range below
        v, overflow = (math.inf if value > 0 else -math.inf), True
    if not math.isfinite(v) and not overflow:
        raise ArgumentError(text(en="{where}: {name} must be finite, got {v!r}.",
                                 zh="{where}：参数 {name} 必须是有限数，实际为 {v!r}。",
                                 where=where, name=name, v=short(value)))
    too_low = lo is not None and (v <= lo if lo_open else v < lo)
    too_high = hi is not None and (v >= hi if hi_open else v > hi)
    if too_low or too_high:
        left = "-inf" if lo is None else f"{lo:g}"
        right = "inf" if hi is None else f"{hi:g}"
        rng = ("(" if lo_open or lo is None else "[") + f"{left}, {right}" + (")" if hi_open or hi is None else "]")
        raise ArgumentError(text(en="{where}: {name} = {v!r} is outside the allowed range {rng}.",
                                 zh="{where}：参数 {name} = {v!r} 超出允许范围 {rng}。",
                                 where=where, name=name, v=short(value), rng=rng))
    if overflow and not integer:
        raise ArgumentError(text(en="{where}: {name} = {v!r} is too large to compute with.",
                                 zh="{where}：参数 {name} = {v!r} 过大，无法计算。", where=where, name=name, v=short(value)))
    return int(value) if overflow else int(v) if integer else v


def as_of(value, *, where: str, name: str = "as_of") -> pd.Timestamp:
    """Read a reference date (``as_of``, ``observation_end`` …: a string, date or Timestamp) as a day
    without time zone. A bare number (2025, 20250101) is refused: pandas would read it as nanoseconds after 1970."""
    if isinstance(value, (numbers.Number, np.number)):
        raise ArgumentError(text(
            en="{where}: {name}={v!r} is a number, not a date; write it as text, e.g. {name}='2025-01-01', "
               "or pass crm_study.AS_OF.",
            zh="{where}：{name}={v!r} 是数字而不是日期；请写成文字形式，例如 {name}='2025-01-01'，"
               "或传入 crm_study.AS_OF。", where=where, name=name, v=short(value)))
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(text(
            en="{where}: {name}={v!r} is not a date; pass e.g. {name}='2025-01-01' or crm_study.AS_OF.",
            zh="{where}：{name}={v!r} 不是日期；请传入例如 {name}='2025-01-01' 或 crm_study.AS_OF。",
            where=where, name=name, v=short(value))) from exc
    if ts is pd.NaT:
        raise ArgumentError(text(
            en="{where}: {name} is missing (NaT); pass a date such as crm_study.AS_OF.",
            zh="{where}：{name} 为空（NaT）；请传入日期，例如 crm_study.AS_OF。", where=where, name=name))
    return (ts.tz_localize(None) if ts.tzinfo is not None else ts).normalize()


def _is_number(v) -> bool:
    if isinstance(v, np.ndarray) and v.ndim == 0:  # np.array(100.0) inside a list
        return v.dtype.kind in "iuf"
    return isinstance(v, (numbers.Real, np.number)) and not isinstance(v, (bool, np.bool_))


def _float(v) -> float:
    try:
        return float(v)
    except OverflowError:  # 10**400: infinite as far as arithmetic goes
        return math.inf if v > 0 else -math.inf


def _is_missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def vector(x, *, name: str, where: str, lo: float | None = None, hi: float | None = None,
           lo_open: bool = False, hi_open: bool = False):
    """``x`` (a number, or a list, tuple, array or Series of numbers) as ``(float array, kind, index)``.

    The one rule for every argument that takes a number or a sequence of numbers:

    * a single value is checked by :func:`number` (text, True/False or ``None`` raise
      ``InputTypeError``; NaN, inf or a value outside ``[lo, hi]`` raise ``ArgumentError``);
    * a sequence must hold numbers: text (``'200'``), True/False or other objects raise
      ``InputTypeError`` naming the position (``profit[1]``); missing values (None, NaN) and inf raise
      ``DataError`` with their count and positions; a value outside ``[lo, hi]`` raises ``ArgumentError``
      naming its position. Positions count from 0, also in a Series (whose labels may repeat).
    """
    bounds = {"lo": lo, "hi": hi, "lo_open": lo_open, "hi_open": hi_open}
    if isinstance(x, np.ndarray) and x.ndim == 0 or isinstance(x, np.generic):
        x = x.item()
    if not isinstance(x, (pd.Series, list, tuple, np.ndarray)):
        if isinstance(x, (set, frozenset, dict, pd.DataFrame)):
            raise InputTypeError(text(
                en="{where}: {name} must be a number or a list/array/Series of numbers, got a {t}.",
                zh="{where}：参数 {name} 应为数字，或由数字组成的列表/数组/Series，实际为 {t}。",
                where=where, name=name, t=type(x).__name__))
        return np.array([number(x, name=name, where=where, **bounds)]), "scalar", None
    kind, index = ("series", x.index) if isinstance(x, pd.Series) else ("array", None)
    try:
        raw = x.to_numpy() if isinstance(x, pd.Series) else x if isinstance(x, np.ndarray) else np.asarray(x, dtype=object)
    except ValueError:  # ragged nesting numpy cannot hold
        raw = None
    if raw is None or raw.ndim != 1:
        raise InputTypeError(text(
            en="{where}: {name} must be one-dimensional (a number, list, array or Series of numbers), got {v!r}.",
            zh="{where}：参数 {name} 应为一维数据（数字，或由数字组成的列表、数组、Series），实际为 {v!r}。",
            where=where, name=name, v=short(x)))
    if pd.api.types.is_bool_dtype(raw.dtype) or (raw.dtype == object and len(raw)
                                                 and pd.api.types.infer_dtype(raw, skipna=True) == "boolean"):
        raise InputTypeError(text(en="{where}: {name} holds True/False values, not numbers.",
                                  zh="{where}：参数 {name} 是真/假值，不是数字。", where=where, name=name))
    if raw.dtype.kind in "iuf":
        raw = raw.astype("float64")
    elif isinstance(x, pd.Series) and pd.api.types.is_numeric_dtype(x.dtype):  # nullable Int64, Float64
        raw = x.to_numpy(dtype="float64", na_value=np.nan)
    else:
        raw = raw.astype(object)
        if pd.api.types.infer_dtype(raw, skipna=True) not in ("integer", "floating", "mixed-integer-float",
                                                               "decimal", "empty"):
            wrong = np.fromiter((not (_is_number(v) or _is_missing(v)) for v in raw), dtype=bool, count=len(raw))
            if wrong.any():
                i, n = int(np.flatnonzero(wrong)[0]), int(wrong.sum())
                raise InputTypeError(text(
                    en="{where}: {name}[{i}] must be a number, got {v!r} ({n} value(s) of {name} that are not "
                       "numbers, at position(s) {rows}). {name} takes a number or a sequence of numbers; text such "
                       "as '200' is refused here as for a single value: convert it first, e.g. pandas.to_numeric(...).",
                    zh="{where}：{name}[{i}] 应为数字，实际为 {v!r}（参数 {name} 中共 {n} 个值不是数字，位于第 {rows} 个位置）。"
                       "{name} 应为数字或数字序列；与单个值一样，'200' 这样的文字不予接受：请先转换，例如 pandas.to_numeric(...)。",
                    where=where, name=name, i=i, v=short(raw[i]), n=n, rows=row_list(np.flatnonzero(wrong), n)))
        raw = np.fromiter((np.nan if _is_missing(v) else _float(v) for v in raw), dtype="float64", count=len(raw))
    values = raw
    bad = ~np.isfinite(values)
    if bad.any():
        n = int(bad.sum())
        first = int(np.flatnonzero(bad)[0])
        raise DataError(text(
            en="{where}: {name} has {n} missing, non-numeric or infinite (too large) value(s) at position(s) {rows} "
               "(e.g. {name}[{i}] is {v}). Fill them in or drop them first.",
            zh="{where}：参数 {name} 在第 {rows} 个位置有 {n} 个缺失、非数字或无穷大（过大）的值（例如 {name}[{i}] 为 {v}）。"
               "请先补全或删除。",
            where=where, name=name, n=n, rows=row_list(np.flatnonzero(bad), n), i=first,
            v=_written(x, first)))
    if lo is not None or hi is not None:
        out = np.zeros(len(values), dtype=bool)
        if lo is not None:
            out |= values <= lo if lo_open else values < lo
        if hi is not None:
            out |= values >= hi if hi_open else values > hi
        if out.any():
            i = int(np.flatnonzero(out)[0])
            number(float(values[i]), name=f"{name}[{i}]", where=where, **bounds)
    return values, kind, index


def _written(x, i: int) -> str:
    """How the missing value at position ``i`` was written: None, nan, inf, <NA>."""
    v = x.iloc[i] if isinstance(x, pd.Series) else x[i]
    return "None" if v is None else repr(short(v))


def shaped_like(values, parts, name: str):
    """Give ``values`` the shape of the inputs: float for scalars, Series if any input was one."""
    kinds = [p[1] for p in parts]
    if all(k == "scalar" for k in kinds):
        return float(values[0])
    for _, kind, index in parts:
        if kind == "series":
            return pd.Series(values, index=index, name=name)
    return np.asarray(values)


def vectors(named: Mapping, *, where: str, bounds: Mapping | None = None) -> list:
    """Several :func:`vector` inputs (``{name: value}``), which must have the same length unless a
    single number (broadcast to the others); ``bounds`` maps a name to its ``lo``/``hi`` keywords."""
    parts = [vector(v, name=k, where=where, **(bounds or {}).get(k, {})) for k, v in named.items()]
    sizes = {k: len(p[0]) for k, p in zip(named, parts) if p[1] != "scalar"}
    if len(set(sizes.values())) > 1:
        raise ArgumentError(text(
            en="{where}: the sequences have different lengths ({s}); give the same number of values in each "
               "(or a single number to use for all).",
            zh="{where}：各序列长度不同（{s}）；每个序列应有相同个数的值（或只给一个数，对所有值通用）。",
            where=where, s=", ".join(f"{k}={n}" for k, n in sizes.items())))
    return parts


def vector_pair(a, b, *, names: tuple[str, str], where: str):
    """Two :func:`vector` inputs that must have the same length unless one is a scalar."""
    return tuple(vectors({names[0]: a, names[1]: b}, where=where))


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


MAX_YAML_BYTES = 2_000_000  # twenty times the largest bank the kit ships
MAX_YAML_DEPTH = 50


class _Short:
    """A value as it appears in a message: its repr cut to a readable length."""

    def __init__(self, value):
        self.value = value.item() if isinstance(value, np.generic) else value  # 1, not np.int64(1)

    def __repr__(self) -> str:
        import reprlib

        r = reprlib.Repr()
        r.maxstring, r.maxother, r.maxlist, r.maxdict, r.maxlevel = 80, 80, 6, 6, 3
        return r.repr(self.value)

    def __str__(self) -> str:
        s = self.value if isinstance(self.value, str) else repr(self)
        return s if len(s) <= 300 else s[:297] + "..."

    def __format__(self, spec: str) -> str:
        return format(self.value, spec) if spec else str(self)


def short(value) -> _Short:
    """Wrap a value for a message: ``{v!r}`` and ``{v}`` show at most about 80 characters."""
    return _Short(value)


def yaml_file(path, *, where: str, max_bytes: int = MAX_YAML_BYTES):
    """Read a small YAML file safely: size capped before parsing, plain data only (no Python tags),
    no anchors/aliases (``&a``/``*a``, which can expand a few bytes into gigabytes), no key twice
    in one mapping, nesting at most ``MAX_YAML_DEPTH`` deep. Problems raise ``DataError`` naming
    the file and line."""
    import yaml

    path = Path(path)

    def fail(line, en: str, zh: str, **fmt):
        at = f"{path}:{line}" if line else f"{path}"
        raise DataError(f"{where}: {at}: " + text(en=en, zh=zh, **fmt))

    try:
        size = path.stat().st_size
        if size > max_bytes:
            fail(None, en="the file is {s:,} bytes; files over {m:,} bytes are refused. Split it into smaller files.",
                 zh="文件大小为 {s:,} 字节，超过上限 {m:,} 字节，不予读取。请拆分成几个较小的文件。", s=size, m=max_bytes)
        source = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(None, en="not UTF-8 text; save the file as UTF-8.", zh="不是 UTF-8 文本；请以 UTF-8 编码保存。")
    except OSError as exc:
        fail(None, en="cannot be read ({e}).", zh="无法读取（{e}）。", e=exc.strerror or exc)
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(source)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            what = getattr(exc, "problem", None) or str(exc)
            fail(mark.line + 1 if mark is not None else None,
                 en="not valid YAML ({w}); check the indentation and quotes on that line.",
                 zh="YAML 语法错误（{w}）；请检查该行的缩进和引号。", w=str(what)[:200])
        except RecursionError:
            fail(None, en="nested too deeply to read; keep lists and mappings at most {d} levels deep.",
                 zh="嵌套层数过多，无法读取；列表和映射的嵌套请不要超过 {d} 层。", d=MAX_YAML_DEPTH)
        if node is None:
            return None
        seen: set[int] = set()
        stack = [(node, 1)]
        while stack:
            current, depth = stack.pop()
            line = current.start_mark.line + 1
            if id(current) in seen:
                fail(line, en="anchors and aliases (&name / *name) are not allowed; write the text out in full.",
                     zh="不允许使用锚点和别名（&名称 / *名称）；请把内容完整写出。")
            seen.add(id(current))
            if depth > MAX_YAML_DEPTH:
                fail(line, en="nested more than {d} levels deep; flatten this part.",
                     zh="嵌套超过 {d} 层；请把这一部分改得扁平一些。", d=MAX_YAML_DEPTH)
            if isinstance(current, yaml.MappingNode):
                keys: dict = {}
                for key, value in current.value:
                    if isinstance(key, yaml.ScalarNode):
                        if key.value in keys:
                            fail(key.start_mark.line + 1,
                                 en="the key {k!r} appears twice in one mapping (first on line {f}); keep one.",
                                 zh="同一映射中键 {k!r} 出现了两次（第一次在第 {f} 行）；请只保留一个。",
                                 k=short(key.value), f=keys[key.value])
                        keys[key.value] = key.start_mark.line + 1
                    stack += [(key, depth + 1), (value, depth + 1)]
            elif isinstance(current, yaml.SequenceNode):
                stack += [(child, depth + 1) for child in current.value]
        try:
            return loader.construct_document(node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            fail(mark.line + 1 if mark is not None else None, en="not plain data ({w}).", zh="不是纯数据（{w}）。",
                 w=str(getattr(exc, "problem", None) or exc)[:200])
    finally:
        loader.dispose()
