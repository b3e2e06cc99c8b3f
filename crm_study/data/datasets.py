"""The kit's datasets: small CSVs in ``datasets/``, each described by a YAML sidecar.

``datasets/<name>.yaml`` holds the title, description, source, licence, seed,
generator and a data dictionary (column, unit, meaning in 中文 and English);
``datasets/README.md`` is written from those sidecars (``crm-study data readme``).
Synthetic datasets are made by seeded generators in this package and can be
rebuilt byte for byte with ``crm-study data regenerate``.

Your own exports (Excel, WPS, a shop system) are read with :func:`read_csv`, which
finds the text encoding (UTF-8, UTF-8 with BOM, GBK/GB18030), maps Chinese headers
such as 客户编号/订单日期/金额 to the kit's column names, parses the dates and says
what it did.

>>> tx = load("retail_transactions")          # doctest: +SKIP
>>> mine = read_csv("orders.csv")             # doctest: +SKIP
"""
from __future__ import annotations

import difflib
import importlib
import io
import os
import warnings
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import _validate
from ..errors import ArgumentError, ColumnError, DataError, DataWarning, InputTypeError
from ..i18n import get_language, pick, text
from ..resources import folder

__all__ = ["data_dir", "list_datasets", "load", "info", "column_labels", "regenerate", "readme_text",
           "read_csv", "COLUMN_NAMES"]

#: Headers found in exports (Chinese and English, compared ignoring case, spaces, ``_`` and ``-``)
#: → the kit's column names; :func:`read_csv` renames them.
COLUMN_NAMES = {
    "customer_id": ("客户编号", "客户ID", "客户号", "客户代码", "客户", "会员编号", "会员ID", "会员号", "用户ID",
                    "用户编号", "顾客编号", "customer", "customer_id", "cust_id", "user_id", "member_id"),
    "order_date": ("订单日期", "下单日期", "交易日期", "购买日期", "消费日期", "下单时间", "交易时间", "日期",
                   "order_date", "date", "purchase_date", "transaction_date"),
    "amount": ("金额", "订单金额", "消费金额", "交易金额", "实付金额", "付款金额", "销售额", "amount", "sales",
               "revenue", "dollar_value", "value"),
    "order_id": ("订单编号", "订单号", "订单ID", "order_id", "order_no"),
    "quantity": ("数量", "购买数量", "件数", "quantity", "qty", "number_of_cds"),
}
_CURRENCY = r"[,\s¥￥$元]"

_REQUIRED = ("name", "file", "title", "description", "source", "licence", "columns")


def data_dir() -> Path:
    """Folder holding the CSVs: ``$CRM_STUDY_DATA`` or ``datasets/`` (see :func:`crm_study.resources.folder`)."""
    env = os.environ.get("CRM_STUDY_DATA")
    return Path(env) if env else folder("datasets")


@lru_cache(maxsize=None)
def _catalog(folder: str) -> dict:
    if not Path(folder).is_dir():
        raise DataError(text(
            en="datasets: the data folder {f} does not exist (looked there because {why}). "
               "Unset CRM_STUDY_DATA or point it at a folder of CSV files with their .yaml sidecars.",
            zh="datasets：数据文件夹 {f} 不存在（依据：{why}）。请取消 CRM_STUDY_DATA，"
               "或让它指向存放 CSV 文件及其 .yaml 说明文件的文件夹。",
            f=folder, why="CRM_STUDY_DATA" if os.environ.get("CRM_STUDY_DATA") else "datasets/"))
    out = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        meta = _validate.yaml_file(path, where="datasets")  # names the file and line of any problem
        missing = [k for k in _REQUIRED if not isinstance(meta, dict) or k not in meta]
        if missing:
            raise DataError(text(
                en="datasets: {p}: the dataset description lacks {m}; see datasets/README.md for the fields a "
                   "sidecar needs.",
                zh="datasets：{p}：数据集说明缺少 {m}；说明文件需要哪些字段见 datasets/README.md。",
                p=path, m=", ".join(missing)))
        out[meta["name"]] = dict(meta, _sidecar=str(path))
    return out


def _meta(name: str) -> dict:
    cat = _catalog(str(data_dir()))
    if not isinstance(name, str) or name not in cat:
        close = difflib.get_close_matches(str(name), list(cat), n=1)
        hint = text(en=" Did you mean {c!r}?", zh=" 是否指 {c!r}？", c=close[0]) if close else ""
        raise ArgumentError(text(
            en="datasets.load: no dataset called {n!r}. Available: {a}.{h} "
               "See crm_study.data.datasets.list_datasets().",
            zh="datasets.load：没有名为 {n!r} 的数据集。可用的有：{a}。{h}"
               "可用 crm_study.data.datasets.list_datasets() 查看。",
            n=name, a=", ".join(sorted(cat)), h=hint))
    return cat[name]


def list_datasets() -> pd.DataFrame:
    """One row per dataset: title (active language), rows, file, source."""
    rows = [{"name": m["name"], "title": pick(m["title"]), "rows": m.get("rows"),
             "file": m["file"], "source": pick(m["source"])}
            for m in _catalog(str(data_dir())).values()]
    return pd.DataFrame(rows).set_index("name")


def info(name: str) -> dict:
    """The sidecar metadata of dataset ``name`` (title, description, columns …)."""
    return {k: v for k, v in _meta(name).items() if not k.startswith("_")}


def column_labels(name: str, lang: str | None = None) -> dict:
    """``{column: label}`` in the active (or given) language, for renaming table headers."""
    return {c["name"]: pick(c["label"], lang) for c in _meta(name)["columns"]}


def load(name: str) -> pd.DataFrame:
    """Load dataset ``name`` as a DataFrame with its documented dtypes and parsed dates."""
    meta = _meta(name)
    path = data_dir() / meta["file"]
    if not path.exists():
        raise DataError(text(
            en="datasets.load: file {p} is missing; run `crm-study data regenerate {n}` or restore it from git.",
            zh="datasets.load：缺少文件 {p}；请运行 `crm-study data regenerate {n}` 或从 git 恢复。",
            p=path, n=name))
    dtypes = {c["name"]: c["dtype"] for c in meta["columns"] if c.get("dtype") and c["dtype"] != "date"}
    dates = [c["name"] for c in meta["columns"] if c.get("dtype") == "date"]
    source, _ = _decode(path, where="datasets.load")
    sep = r"\s+" if meta.get("sep") == "whitespace" else ","
    try:
        df = pd.read_csv(io.StringIO(source), sep=sep, dtype=dtypes, keep_default_na=True)
        for col in dates:
            raw = df[col].astype(str) if pd.api.types.is_integer_dtype(df[col]) else df[col]  # 19970101
            df[col] = pd.to_datetime(raw, format=meta.get("date_format", "%Y-%m-%d"))
    except (ValueError, TypeError, KeyError) as exc:
        raise DataError(text(en="datasets.load: {p} does not match its description {s} ({e}).",
                             zh="datasets.load：{p} 与其说明文件 {s} 不符（{e}）。",
                             p=path, s=meta["_sidecar"], e=str(exc)[:200])) from exc
    return df


def _decode(path: Path, *, where: str) -> tuple[str, str]:
    """The text of a CSV export and the encoding found: UTF-8 (with or without BOM), UTF-16 or GB18030/GBK."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(text(en="{w}: cannot read {p} ({e}).", zh="{w}：无法读取 {p}（{e}）。",
                             w=where, p=path, e=exc.strerror or exc)) from exc
    if raw.startswith(b"PK\x03\x04") or (b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise DataError(text(
            en="{w}: {p} is not a text file (an Excel workbook?). In Excel or WPS choose Save as → "
               "\"CSV UTF-8 (comma delimited)\".",
            zh="{w}：{p} 不是文本文件（可能是 Excel 工作簿）。请在 Excel 或 WPS 中选择“另存为 → CSV UTF-8（逗号分隔）”。",
            w=where, p=path))
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    for codec, label in (("utf-8", "UTF-8"), ("gb18030", "GBK/GB18030")):
        try:
            return raw.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise DataError(text(
        en="{w}: {p} is neither UTF-8 nor GBK/GB18030 text. In Excel or WPS choose "
           "Save as → \"CSV UTF-8 (comma delimited)\".",
        zh="{w}：{p} 既不是 UTF-8 也不是 GBK/GB18030 编码的文本。请在 Excel 或 WPS 中选择"
           "“另存为 → CSV UTF-8（逗号分隔）”。", w=where, p=path))


def _separator(source: str) -> str:
    head = source.split("\n", 1)[0]
    for sep in ("\t", ",", ";", "|"):
        if sep in head:
            return sep
    return r"\s+"  # columns lined up with spaces, as in CDNOW_master.txt


def _numbers(series: pd.Series) -> pd.Series | None:
    """Text as numbers when every value reads as one (thousands separators, ¥/￥/$/元 removed); else None."""
    known = series.dropna()
    cleaned = known.str.replace(_CURRENCY, "", regex=True)
    values = pd.to_numeric(cleaned, errors="coerce")
    if known.empty or values.isna().any():
        return None
    return pd.to_numeric(series.str.replace(_CURRENCY, "", regex=True), errors="coerce")


def read_csv(path, *, columns: dict | None = None, dates=("order_date",), dayfirst: bool | None = None,
             sep: str | None = None, verbose: bool = True) -> pd.DataFrame:
    """Read your own transactions export (CSV, TSV or space-aligned text) ready for the kit.

    - **encoding**: UTF-8, UTF-8 with BOM (Excel "CSV UTF-8"), UTF-16 and GBK/GB18030 (Excel/WPS
      "CSV" on a Chinese system) are recognised;
    - **columns**: headers in :data:`COLUMN_NAMES` (客户编号, 订单日期, 金额 …) are renamed to
      ``customer_id``, ``order_date``, ``amount`` …; ``columns={"会员卡号": "customer_id"}``
      adds or overrides a mapping;
    - **values**: ids stay text (``"00001"`` keeps its zeros), amounts lose thousands separators
      and ¥/￥/$/元, other all-number columns become numbers;
    - **dates**: the columns in ``dates`` are parsed as :func:`crm_study._validate.dates` does
      (any common form, YYYYMMDD, Excel serial numbers; ``dayfirst`` for 05/01/2024);
    - **report**: a short summary of all this in the active language is printed (``verbose``)
      and kept in ``result.attrs["read_report"]``; in Chinese a column is named as the table shows
      it, with the code name after it (``date → 订单日期（order_date）``).

    >>> tx = read_csv("orders.csv")   # doctest: +SKIP
    """
    where = "read_csv"
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(text(en="{w}: path must be a file path such as 'orders.csv', got {t}.",
                                  zh="{w}：参数 path 应为文件路径，如 'orders.csv'，实际为 {t}。",
                                  w=where, t=type(path).__name__))
    file = Path(path)
    if not file.is_file():
        raise ArgumentError(text(en="{w}: no file {p} (looked in {d}). Check the name and folder.",
                                 zh="{w}：找不到文件 {p}（查找位置：{d}）。请检查文件名和所在文件夹。",
                                 w=where, p=file, d=file.resolve().parent))
    if columns is not None and not isinstance(columns, dict):
        raise InputTypeError(text(en="{w}: columns must be a mapping such as {{'会员卡号': 'customer_id'}}, got {t}.",
                                  zh="{w}：参数 columns 应为映射，如 {{'会员卡号': 'customer_id'}}，实际为 {t}。",
                                  w=where, t=type(columns).__name__))
    dates = (dates,) if isinstance(dates, str) else tuple(dates or ())
    source, encoding = _decode(file, where=where)
    try:
        with warnings.catch_warnings():  # a row longer than the header must not become an index silently
            warnings.simplefilter("error", pd.errors.ParserWarning)
            df = pd.read_csv(io.StringIO(source), sep=sep or _separator(source), dtype=str, skipinitialspace=True,
                             index_col=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, pd.errors.EmptyDataError, ValueError) as exc:
        raise DataError(text(en="{w}: {p} cannot be read as a table ({e}).", zh="{w}：{p} 无法读作表格（{e}）。",
                             w=where, p=file, e=str(exc)[:200])) from exc
    df.columns = [str(c).strip() for c in df.columns]
    _validate.frame(df, where=where, arg=file.name)
    report = [text(en="{p}: {r:,} rows, {c} columns, encoding {e}.", zh="{p}：{r:,} 条记录，{c} 个字段，编码 {e}。",
                   p=file.name, r=len(df), c=len(df.columns), e=encoding)]
    rename = _rename(df, columns or {}, where=where)
    if rename:
        df = df.rename(columns=rename)
        report.append(text(en="columns renamed: {m}.", zh="列名已改为：{m}。",
                           m=text(en=", ", zh="，").join(f"{a} → {_column_name(b)}" for a, b in rename.items())))
    for col in df.columns:
        df[col] = df[col].str.strip()
        if col in ("customer_id", "order_id") or col in dates:
            continue
        values = _numbers(df[col])
        if values is not None:
            if (df[col].dropna() != df[col].dropna().str.replace(_CURRENCY, "", regex=True)).any():
                report.append(text(en="{c}: thousands separators and currency signs removed.",
                                   zh="{c}：已去掉千位分隔符和货币符号。", c=_column_name(col)))
            df[col] = values
    for col in dates:
        if col in df.columns:
            kind = _date_kind(df[col])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DataWarning)  # the report says it instead
                df[col] = _validate.dates(df[col], col=col, where=where, dayfirst=dayfirst)
            report.append(text(en="{c}: read as dates ({k}), {a} to {b}.", zh="{c}：已按日期读取（{k}），{a} 至 {b}。",
                               c=_column_name(col), k=kind, a=df[col].min().date(), b=df[col].max().date()))
    df.attrs["read_report"] = report
    if verbose:
        print("\n".join(report))
    return df


def _column_name(col: str) -> str:
    """A column of the table as :func:`read_csv`'s report names it: the code name in English; in Chinese
    the name the table shows with the code name after it, 订单日期（order_date）, because functions take
    the code name (``date_col="order_date"``, ``columns={"会员卡号": "customer_id"}``)."""
    from ..display.labels import label

    shown = label(col, "zh") if get_language() == "zh" else col
    return col if shown == col else f"{shown}（{col}）"


def _date_kind(series: pd.Series) -> str:
    known = series.dropna()
    if not known.empty and known.str.fullmatch(r"\d{8}").all():
        return text(en="YYYYMMDD", zh="年月日连写")
    if not known.empty and known.str.fullmatch(r"\d+(\.\d+)?").all():
        return text(en="Excel serial numbers", zh="Excel 日期序号")
    return text(en="text dates", zh="文字日期")


def _rename(df: pd.DataFrame, columns: dict, *, where: str) -> dict:
    """Old → new header names: the caller's ``columns`` first, then :data:`COLUMN_NAMES`."""
    for old in columns:
        if old not in df.columns:
            raise ColumnError(text(en="{w}: columns={{{o!r}: ...}} names no column of the file; its columns are {a}.",
                                   zh="{w}：columns 中的 {o!r} 不是文件中的列；文件的列为 {a}。",
                                   w=where, o=old, a=", ".join(df.columns)))
    rename = {str(k): str(v) for k, v in columns.items()}
    taken = set(rename.values()) | {c for c in df.columns if c in COLUMN_NAMES}
    keys = {_validate._key(c): c for c in df.columns if c not in rename}
    for target, aliases in COLUMN_NAMES.items():
        if target in taken:
            continue
        for alias in aliases:
            found = keys.get(_validate._key(alias))
            if found is not None and found not in rename and found != target:
                rename[found] = target
                taken.add(target)
                break
    return rename


def _generate(name: str) -> pd.DataFrame:
    meta = _meta(name)
    target = meta.get("generator")
    if not target:
        raise ArgumentError(text(en="dataset {n!r} is real data, not generated; it cannot be regenerated.",
                                 zh="数据集 {n!r} 是真实数据，不是生成的，无法重新生成。", n=name))
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)(seed=meta["seed"])


def regenerate(name: str | None = None) -> list[Path]:
    """Rebuild generated datasets (all, or ``name``) from their seeded generators; returns the files written."""
    names = [name] if name else [n for n, m in _catalog(str(data_dir())).items() if m.get("generator")]
    written = []
    for n in names:
        df = _generate(n)
        path = data_dir() / _meta(n)["file"]
        df.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d")
        written.append(path)
    return written


def readme_text() -> str:
    """The text of ``datasets/README.md``, written from the sidecars."""
    lines = [
        "# Datasets — 数据集",
        "",
        "Written by `crm-study data readme` from the `*.yaml` sidecars in this folder; edit those, "
        "not this file. Load any dataset with `crm_study.datasets.load(name)`; synthetic ones are "
        "rebuilt byte for byte by `crm-study data regenerate`.",
        "",
        "| name | title | rows | source | licence |",
        "| --- | --- | ---: | --- | --- |",
    ]
    cat = _catalog(str(data_dir()))
    for m in cat.values():
        lines.append(f"| `{m['name']}` | {m['title']['en']} — {m['title']['zh']} | {m.get('rows', '')} "
                     f"| {pick(m['source'], 'en')} | {m['licence']} |")
    for m in cat.values():
        lines += ["", f"## `{m['name']}` — {m['title']['en']} / {m['title']['zh']}", "",
                  pick(m["description"], "en").strip(), "", pick(m["description"], "zh").strip(), "",
                  f"- File: `{m['file']}` ({m.get('rows', '?')} rows)",
                  f"- Source: {pick(m['source'], 'en')}",
                  f"- Licence: {m['licence']}"]
        if m.get("generator"):
            lines.append(f"- Generated by `{m['generator']}` with seed {m['seed']}")
        lines += ["", "| column | type | unit | meaning | 含义 |", "| --- | --- | --- | --- | --- |"]
        for c in m["columns"]:
            lines.append(f"| `{c['name']}` | {c.get('dtype', '')} | {c.get('unit', '')} "
                         f"| {c['label']['en']}: {pick(c.get('doc', c['label']), 'en')} "
                         f"| {c['label']['zh']}：{pick(c.get('doc', c['label']), 'zh')} |")
    return "\n".join(lines) + "\n"
