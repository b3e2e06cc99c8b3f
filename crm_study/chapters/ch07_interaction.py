"""Customer interaction and experience (客户互动与客户体验): channel and touchpoint analysis of a
contact log, the call-centre diagram, a customer-journey touchpoint chart and the chapter-07 panel.

A **contact log** has one row per contact (a call, a chat, a store visit …) with the case it
belongs to (one customer issue, possibly several contacts), its date, channel, journey stage,
content (information / emotion / opinion), whether it solved the case, and a 1–5 rating.

Conventions
-----------
* **Resolution rate** of a group = contacts that solved their case ÷ contacts in the group.
* **First-contact resolution (FCR)** = cases solved by their first contact ÷ cases whose first
  contact (earliest date; ties broken by row order) falls in the group.
* A case **switched channels** when its contacts use more than one channel; comparing such cases
  with single-channel ones measures omnichannel consistency.
* Channels are **personal** (人员渠道: a person of the firm talks with this one customer — store,
  hotline, online chat, e-mail) or **non-personal** (非人员渠道: self-service or broadcast — app,
  social media, community); stages map to the care phases pre-sale (aware, consider), in-sale
  (purchase) and after-sale (use, service).

>>> log = pd.DataFrame({"case_id": [1, 1, 2], "contact_date": ["2024-01-01", "2024-01-02", "2024-01-05"],
...                     "channel": ["app", "hotline", "store"], "stage": ["use", "use", "purchase"],
...                     "resolved": [False, True, True], "satisfaction": [2, 4, 5]})
>>> channel_summary(log)[["contacts", "resolution_rate", "fcr"]].loc["store"].tolist()
[1.0, 1.0, 1.0]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, ColumnError, DataError, InputTypeError
from ..i18n import pick, text
from ..display.widgets import Panel

__all__ = [
    "CHANNELS", "STAGES", "CONTACT_TYPES", "PHASES", "CHANNEL_KIND", "PHASE_OF_STAGE", "CALL_CENTRE_BLANKS",
    "label", "channel_summary", "touchpoint_matrix", "case_table", "omnichannel_summary",
    "plot_call_centre", "plot_journey", "plot_channels", "ALL", "Exploration", "explore", "TouchpointExplorer",
    "touchpoint_explorer",
]

#: Channel codes of the kit's contact log, in display order.
CHANNELS = ("app", "hotline", "store", "online_chat", "email", "social_media", "community")
#: Customer-journey stages, in journey order.
STAGES = ("aware", "consider", "purchase", "use", "service")
#: The three contents of interaction (seed 000): information, emotion, opinion or suggestion.
CONTACT_TYPES = ("information", "emotion", "opinion")
#: Phases of customer care.
PHASES = ("pre_sale", "in_sale", "after_sale")
#: Personal (a person of the firm talks with this customer) or non-personal channel.
CHANNEL_KIND = {"store": "personal", "hotline": "personal", "online_chat": "personal", "email": "personal",
                "app": "non_personal", "social_media": "non_personal", "community": "non_personal"}
#: Care phase of each journey stage.
PHASE_OF_STAGE = {"aware": "pre_sale", "consider": "pre_sale", "purchase": "in_sale", "use": "after_sale",
                  "service": "after_sale"}
#: Seed-003 fill-in-the-diagram key: the call-centre component at each numbered position.
CALL_CENTRE_BLANKS = {
    1: {"zh": "自动呼叫分配（ACD）", "en": "automatic call distribution (ACD)"},
    2: {"zh": "计算机电话集成（CTI）", "en": "computer telephony integration (CTI)"},
    3: {"zh": "交互式语音应答（IVR）", "en": "interactive voice response (IVR)"},
    4: {"zh": "电话", "en": "telephones"},
    5: {"zh": "呼叫管理系统", "en": "call management system"},
}

#: Display names; the Chinese names of channels, stages, phases and channel kinds are those of the
#: kit's table of display labels, so a chart and the table beside it name a channel alike.
_LABELS = {
    "app": {"zh": "应用程序（App）", "en": "app"},
    "hotline": {"zh": "热线电话", "en": "hotline"},
    "store": {"zh": "门店", "en": "store"},
    "online_chat": {"zh": "在线客服", "en": "online chat"},
    "email": {"zh": "电子邮件", "en": "e-mail"},
    "social_media": {"zh": "社交媒体", "en": "social media"},
    "community": {"zh": "社群", "en": "community"},
    "aware": {"zh": "认知", "en": "aware"},
    "consider": {"zh": "考虑", "en": "consider"},
    "purchase": {"zh": "购买", "en": "purchase"},
    "use": {"zh": "使用", "en": "use"},
    "service": {"zh": "服务", "en": "service"},
    "information": {"zh": "信息", "en": "information"},
    "emotion": {"zh": "情感", "en": "emotion"},
    "opinion": {"zh": "意见或建议", "en": "opinion/suggestion"},
    "pre_sale": {"zh": "售前", "en": "pre-sale"},
    "in_sale": {"zh": "售中", "en": "in-sale"},
    "after_sale": {"zh": "售后", "en": "after-sale"},
    "personal": {"zh": "人员渠道", "en": "personal"},
    "non_personal": {"zh": "非人员渠道", "en": "non-personal"},
}
_ORDER = {"channel": CHANNELS, "stage": STAGES, "contact_type": CONTACT_TYPES, "phase": PHASES,
          "channel_kind": ("personal", "non_personal")}
_DERIVED = {"phase": "stage", "channel_kind": "channel"}
_TRUE = {"true", "t", "yes", "y", "1", "是", "已解决"}
_FALSE = {"false", "f", "no", "n", "0", "否", "未解决"}
_MATRIX_VALUES = ("contacts", "share", "satisfaction")
#: The "no filter" value of :func:`explore`.
ALL = "all"


def label(code, lang: str | None = None) -> str:
    """Display name of a channel, stage, content, phase or channel kind; unknown codes as they are."""
    return str(pick(_LABELS.get(code, code), lang))


def _cols(**cols) -> dict:
    for kw, col in cols.items():
        if not isinstance(col, str):
            raise InputTypeError(text(en="{kw} must be a column name (a string), got {v!r}.",
                                      zh="参数 {kw} 应为列名（字符串），实际为 {v!r}。", kw=kw, v=col))
    return cols


def _resolved(series: pd.Series, *, col: str, where: str) -> pd.Series:
    """True/False from booleans, 0/1 or words (true/false, yes/no, 是/否); anything else raises."""
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return series.astype(bool)
    if pd.api.types.is_numeric_dtype(series) and series.isin([0, 1]).all():
        return series.astype(bool)
    words = series.astype("string").str.strip().str.lower()
    out = pd.Series(np.where(words.isin(_TRUE), True, False), index=series.index)
    bad = ~(words.isin(_TRUE) | words.isin(_FALSE)).fillna(False).astype(bool)
    if bad.any():
        raise DataError(text(
            en="{where}: column {col!r} must be True/False (or 1/0, yes/no); {n} value(s) such as {vals} "
               "at row(s) {rows} cannot be read. Fix or drop those rows.",
            zh="{where}：列 {col!r} 应为 True/False（或 1/0、是/否）；第 {rows} 行等 {n} 个值（如 {vals}）"
               "无法识别。请改正或删除这些行。",
            where=where, col=col, n=int(bad.sum()), vals=", ".join(repr(v) for v in series[bad].head(3).tolist()),
            rows=_validate.row_list(series.index[bad], int(bad.sum()))))
    return out


def _satisfaction(series: pd.Series, *, col: str, where: str) -> pd.Series:
    values = _validate.numbers_col(series, col=col, where=where)
    bad = (values < 1) | (values > 5)
    if bad.any():
        raise DataError(text(
            en="{where}: column {col!r} is a 1–5 rating, but {n} value(s) at row(s) {rows} lie outside 1–5. "
               "Rescale the ratings to 1–5 or drop those rows.",
            zh="{where}：列 {col!r} 是 1–5 分的评分，但第 {rows} 行有 {n} 个值超出 1–5。请把评分换算到 1–5，"
               "或删除这些行。",
            where=where, col=col, n=int(bad.sum()), rows=_validate.row_list(series.index[bad], int(bad.sum()))))
    return values


def _known(series: pd.Series, allowed, *, col: str, where: str) -> pd.Series:
    values = series.astype("string").str.strip()
    bad = ~values.isin(allowed).fillna(False).astype(bool)
    if bad.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} unknown value(s) such as {vals} at row(s) {rows}; "
               "use one of {allowed}.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个未知的值（如 {vals}）；请使用 {allowed} 之一。",
            where=where, col=col, n=int(bad.sum()), vals=", ".join(repr(v) for v in series[bad].head(3).tolist()),
            rows=_validate.row_list(series.index[bad], int(bad.sum())), allowed=", ".join(allowed)))
    return values.astype(object)


def _prepare(log, where: str, cols: dict, extra: tuple = ()) -> pd.DataFrame:
    """Validated copy of the columns ``cols`` (keyword -> column) plus ``extra`` columns of ``log``,
    renamed to the keywords ``case``, ``date``, ``channel``, ``stage``, ``resolved``, ``satisfaction``."""
    _validate.frame(log, where=where, arg="log")
    _validate.columns(log, {f"{k}_col": v for k, v in cols.items()}, where=where)
    _validate.columns(log, {"by": c for c in extra}, where=where)
    out = pd.DataFrame({k: log[v] for k, v in cols.items()}, index=log.index)
    for c in extra:
        out[f"extra:{c}"] = log[c]
    if "case" in out:
        missing = out["case"].isna()
        if missing.any():
            raise DataError(text(
                en="{where}: column {col!r} has {n} missing case id(s) at row(s) {rows}. Every contact needs the "
                   "case it belongs to; fill them in or drop those rows.",
                zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个缺失的事项编号。每次接触都要注明所属事项；"
                   "请补全或删除这些行。",
                where=where, col=cols["case"], n=int(missing.sum()),
                rows=_validate.row_list(out.index[missing], int(missing.sum()))))
    if "date" in out:
        out["date"] = _validate.dates(out["date"], col=cols["date"], where=where)
    if "resolved" in out:
        out["resolved"] = _resolved(out["resolved"], col=cols["resolved"], where=where)
    if "satisfaction" in out:
        out["satisfaction"] = _satisfaction(out["satisfaction"], col=cols["satisfaction"], where=where)
    if "stage" in out:
        out["stage"] = _known(out["stage"], STAGES, col=cols["stage"], where=where)
    return out


def _grouping(df: pd.DataFrame, by: str, cols: dict, where: str) -> pd.Series:
    """The group key of every row: a derived key (phase, channel_kind) or a column of the log."""
    if by == "phase":
        return df["stage"].map(PHASE_OF_STAGE)
    if by == "channel_kind":
        return _known(df["channel"], tuple(CHANNEL_KIND), col=cols["channel"], where=where).map(CHANNEL_KIND)
    key = next((k for k, v in cols.items() if v == by), None)
    return df[key] if key is not None else df[f"extra:{by}"]


def _ordered(index, dim: str) -> list:
    """Known codes in the kit's order first, then any other values sorted."""
    known = [c for c in _ORDER.get(dim, ()) if c in set(index)]
    return known + sorted((v for v in index if v not in set(known)), key=str)


def _by(by) -> str:
    if not isinstance(by, str):
        raise InputTypeError(text(en="channel_summary: by must be a column name or 'phase'/'channel_kind', got {v!r}.",
                                  zh="channel_summary：参数 by 应为列名或 'phase'/'channel_kind'，实际为 {v!r}。", v=by))
    return by


def _first_contacts(df: pd.DataFrame) -> pd.DataFrame:
    """The first contact of every case (earliest date, then row order)."""
    order = df.assign(_row=np.arange(len(df))).sort_values(["case", "date", "_row"], kind="stable")
    return order.drop_duplicates("case", keep="first")


def channel_summary(log, by: str = "channel", *, case_col: str = "case_id", date_col: str = "contact_date",
                    channel_col: str = "channel", stage_col: str = "stage", resolved_col: str = "resolved",
                    satisfaction_col: str = "satisfaction") -> pd.DataFrame:
    """Contacts, resolution, first-contact resolution and satisfaction per channel (or per ``by``).

    ``by`` is a column of the log (``"channel"``, ``"stage"``, ``"contact_type"`` …) or a derived key:
    ``"phase"`` (pre-sale / in-sale / after-sale from the stage) or ``"channel_kind"`` (personal /
    non-personal); the index keeps the codes (a notebook shows them by their names, see :func:`label`).
    Columns: ``contacts``, ``share`` (of all contacts),
    ``cases`` (cases whose first contact is in the group), ``resolution_rate`` = resolved contacts /
    contacts, ``fcr`` = cases solved at the first contact / cases, ``satisfaction`` (mean 1–5 rating).
    A group with contacts but no first contact has ``cases`` 0 and ``fcr`` NaN.
    """
    where = "channel_summary"
    by = _by(by)
    cols = _cols(case=case_col, date=date_col, channel=channel_col, stage=stage_col, resolved=resolved_col,
                 satisfaction=satisfaction_col)
    extra = () if by in _DERIVED or by in cols.values() else (by,)
    df = _prepare(log, where, cols, extra)
    df["group"] = _grouping(df, by, cols, where)
    missing = df["group"].isna()
    if missing.any():
        raise DataError(text(
            en="{where}: column {col!r} is empty at row(s) {rows}; every contact needs a value to be grouped by. "
               "Fill it in or drop those rows.",
            zh="{where}：列 {col!r} 在第 {rows} 行为空；每次接触都需要有分组依据的值。请补全或删除这些行。",
            where=where, col=by, rows=_validate.row_list(df.index[missing], int(missing.sum()))))
    first = _first_contacts(df)
    dim = next((k for k, v in cols.items() if v == by), by)
    grouped = df.groupby("group", sort=False)
    out = pd.DataFrame({"contacts": grouped.size(), "resolution_rate": grouped["resolved"].mean(),
                        "satisfaction": grouped["satisfaction"].mean()})
    starts = first.groupby("group", sort=False)["resolved"].agg(["size", "mean"])
    out["cases"] = starts["size"].reindex(out.index).fillna(0).astype("int64")
    out["fcr"] = starts["mean"].reindex(out.index)
    out["contacts"] = out["contacts"].astype("int64")
    out["share"] = out["contacts"] / len(df)
    out = out.loc[_ordered(out.index, dim)]
    out.index.name = by
    return out[["contacts", "share", "cases", "resolution_rate", "fcr", "satisfaction"]]


def touchpoint_matrix(log, rows: str = "stage", cols: str = "channel", values: str = "contacts", *,
                      satisfaction_col: str = "satisfaction") -> pd.DataFrame:
    """Cross-table of the log: ``rows`` × ``cols`` (column names of the log, or ``"phase"`` /
    ``"channel_kind"``). ``values``: ``"contacts"`` (counts), ``"share"`` (each row's contacts as
    shares of the row, summing to 1) or ``"satisfaction"`` (mean rating; NaN where no contact).
    Known codes are in journey / channel order; index and columns keep the codes (see :func:`label`).
    ``"phase"`` is derived from the column ``stage`` and ``"channel_kind"`` from ``channel``.
    """
    where = "touchpoint_matrix"
    if values not in _MATRIX_VALUES:
        raise ArgumentError(text(en="{where}: values={v!r} is not available; use one of {a}.",
                                 zh="{where}：参数 values={v!r} 不可用；请使用 {a} 之一。",
                                 where=where, v=values, a=", ".join(repr(x) for x in _MATRIX_VALUES)))
    for name, dim in (("rows", rows), ("cols", cols)):
        if not isinstance(dim, str):
            raise InputTypeError(text(en="{where}: {n} must be a column name, got {v!r}.",
                                      zh="{where}：参数 {n} 应为列名，实际为 {v!r}。", where=where, n=name, v=dim))
    _validate.frame(log, where=where, arg="log")
    base = {d: _DERIVED.get(d, d) for d in (rows, cols)}
    _validate.columns(log, {("rows" if d == rows else "cols"): c for d, c in base.items()}, where=where)
    keys = {}
    for d, c in base.items():
        series = log[c]
        if c == "stage" or d == "phase":
            series = _known(series, STAGES, col=c, where=where)
        if d == "phase":
            series = series.map(PHASE_OF_STAGE)
        elif d == "channel_kind":
            series = _known(series, tuple(CHANNEL_KIND), col=c, where=where).map(CHANNEL_KIND)
        keys[d] = series.astype(object)
    if values == "satisfaction":
        _validate.columns(log, {"satisfaction_col": satisfaction_col}, where=where)
        sat = _satisfaction(log[satisfaction_col], col=satisfaction_col, where=where)
        table = pd.crosstab(keys[rows], keys[cols], values=sat, aggfunc="mean")
    else:
        table = pd.crosstab(keys[rows], keys[cols], normalize="index" if values == "share" else False)
    table = table.reindex(index=_ordered(table.index, rows), columns=_ordered(table.columns, cols))
    table.index.name, table.columns.name = rows, cols
    return table


def case_table(log, *, case_col: str = "case_id", date_col: str = "contact_date", channel_col: str = "channel",
               resolved_col: str = "resolved", satisfaction_col: str = "satisfaction") -> pd.DataFrame:
    """One row per case: ``contacts``, ``channels`` (distinct channels used), ``first_channel``,
    ``switched`` (more than one channel), ``resolved`` (any contact solved it),
    ``first_contact_resolved`` and ``satisfaction`` (mean rating of its contacts)."""
    where = "case_table"
    cols = _cols(case=case_col, date=date_col, channel=channel_col, resolved=resolved_col,
                 satisfaction=satisfaction_col)
    df = _prepare(log, where, cols)
    first = _first_contacts(df).set_index("case")
    grouped = df.groupby("case", sort=True)
    out = pd.DataFrame({"contacts": grouped.size(), "channels": grouped["channel"].nunique()})
    out["first_channel"] = first["channel"].reindex(out.index)
    out["switched"] = out["channels"] > 1
    out["resolved"] = grouped["resolved"].any()
    out["first_contact_resolved"] = first["resolved"].reindex(out.index).astype(bool)
    out["satisfaction"] = grouped["satisfaction"].mean()
    out.index.name = case_col
    return out


def omnichannel_summary(log, **cols) -> pd.DataFrame:
    """Cases that stayed in one channel vs cases that switched (index ``case_kind``: ``single_channel``,
    ``switched``): ``cases``, ``share``, ``contacts_per_case``, ``resolution_rate`` (cases solved) and
    ``satisfaction`` (mean of the cases' mean ratings). Keyword arguments are the column names of
    :func:`case_table`."""
    cases = case_table(log, **cols)
    key = np.where(cases["switched"], "switched", "single_channel")
    grouped = cases.groupby(key, sort=False)
    out = pd.DataFrame({"cases": grouped.size(), "contacts_per_case": grouped["contacts"].mean(),
                        "resolution_rate": grouped["resolved"].mean(),
                        "satisfaction": grouped["satisfaction"].mean()})
    out = out.reindex([k for k in ("single_channel", "switched") if k in out.index])
    out.insert(1, "share", out["cases"] / len(cases))
    out.index.name = "case_kind"
    return out


# ----------------------------------------------------------------------------- charts

_CALL_CENTRE_BOXES = {
    # key: (x, y, width, height, blank number or None, {zh, en})
    "customers": (0.02, 0.42, 0.15, 0.16, None, {"zh": "客户\n（电话 / 手机）", "en": "customers\n(phone / mobile)"}),
    "pstn": (0.22, 0.42, 0.13, 0.16, None, {"zh": "公共\n电话网", "en": "public phone\nnetwork"}),
    "acd": (0.39, 0.42, 0.19, 0.16, 1, None),
    "ivr": (0.39, 0.74, 0.19, 0.16, 3, None),
    "cti": (0.39, 0.10, 0.19, 0.16, 2, None),
    "phones": (0.63, 0.42, 0.13, 0.16, 4, None),
    "agents": (0.83, 0.36, 0.15, 0.28, None, {"zh": "座席\n（人工客服）", "en": "agents\n(service staff)"}),
    "mgmt": (0.63, 0.78, 0.22, 0.14, 5, None),
    "db": (0.64, 0.10, 0.34, 0.16, None, {"zh": "CRM 数据库 /\n业务系统", "en": "CRM database /\nbusiness systems"}),
}
_CALL_CENTRE_LINKS = (("customers", "pstn"), ("pstn", "acd"), ("acd", "ivr"), ("acd", "cti"), ("acd", "phones"),
                      ("phones", "agents"), ("cti", "db"), ("db", "agents"), ("mgmt", "acd"), ("mgmt", "agents"))
_CIRCLED = {1: "①", 2: "②", 3: "③", 4: "④", 5: "⑤"}
_DIAGRAM_NAMES = {
    1: {"zh": "自动呼叫分配\n（ACD）", "en": "automatic call\ndistribution (ACD)"},
    2: {"zh": "计算机电话集成\n（CTI）", "en": "computer telephony\nintegration (CTI)"},
    3: {"zh": "交互式语音应答\n（IVR）", "en": "interactive voice\nresponse (IVR)"},
    4: {"zh": "电话", "en": "telephones"},
    5: {"zh": "呼叫管理系统", "en": "call management\nsystem"},
}


def _box_centre(key: str) -> tuple[float, float]:
    x, y, w, h, *_ = _CALL_CENTRE_BOXES[key]
    return x + w / 2, y + h / 2


def _edge_point(key: str, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the line from a box's centre towards ``towards`` leaves the box."""
    x, y, w, h, *_ = _CALL_CENTRE_BOXES[key]
    cx, cy = x + w / 2, y + h / 2
    dx, dy = towards[0] - cx, towards[1] - cy
    scale = min((w / 2) / abs(dx) if dx else np.inf, (h / 2) / abs(dy) if dy else np.inf)
    return cx + dx * scale, cy + dy * scale


def plot_call_centre(*, blanks: bool = False, ax=None):
    """The call-centre architecture: customers' phones → public network → ① ACD, with ③ IVR,
    ② CTI to the CRM database, ④ the agents' telephones and ⑤ the call management system.

    ``blanks=True`` draws the seed-003 fill-in-the-diagram version (numbers only); the key is
    :data:`CALL_CENTRE_BLANKS`. Returns the ``Axes``.
    """
    if not isinstance(blanks, bool):
        raise InputTypeError(text(en="plot_call_centre: blanks must be True or False, got {v!r}.",
                                  zh="plot_call_centre：参数 blanks 应为 True 或 False，实际为 {v!r}。", v=blanks))
    from matplotlib.patches import FancyBboxPatch

    from ..display.plotting import arrow, new_axes

    ax = new_axes(ax, figsize=(8.0, 4.6))
    for key, (x, y, w, h, number, name) in _CALL_CENTRE_BOXES.items():
        numbered = number is not None
        face = "#fdf3d8" if numbered else "#e8eef7"
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.005,rounding_size=0.015",
                                    facecolor=face, edgecolor="#44546a", linewidth=1.2))
        if numbered:
            words = "" if blanks else "\n" + pick(_DIAGRAM_NAMES[number])
            ax.text(x + w / 2, y + h / 2, _CIRCLED[number] + words, ha="center", va="center",
                    fontsize=16 if blanks else 8, color="#7a4a00" if blanks else "black")
        else:
            ax.text(x + w / 2, y + h / 2, pick(name), ha="center", va="center", fontsize=8.5)
    for a, b in _CALL_CENTRE_LINKS:
        start = _edge_point(a, _box_centre(b))
        end = _edge_point(b, _box_centre(a))
        arrow(ax, start, end, style="<->", color="#44546a", width=1.1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0.05, 1.0)
    ax.set_axis_off()
    ax.set_title(text(en="Call centre: components" + (" (fill in ①–⑤)" if blanks else ""),
                      zh="呼叫中心的组成" + ("（填写 ①–⑤）" if blanks else "")))
    return ax


def plot_journey(log, *, ax=None, channel_col: str = "channel", stage_col: str = "stage",
                 satisfaction_col: str = "satisfaction"):
    """Customer-journey touchpoint chart: journey stages across, channels down; a bubble's area is
    the number of contacts at that touchpoint, its colour the mean satisfaction (1 red – 5 green).
    Returns the ``Axes``."""
    where = "plot_journey"
    _validate.frame(log, where=where, arg="log")
    _validate.columns(log, {"channel_col": channel_col, "stage_col": stage_col}, where=where)
    renamed = log.rename(columns={channel_col: "channel", stage_col: "stage"})
    counts = touchpoint_matrix(renamed, "channel", "stage", "contacts")
    sat = touchpoint_matrix(renamed, "channel", "stage", "satisfaction", satisfaction_col=satisfaction_col)
    from ..display.plotting import new_axes, pyplot

    ax = new_axes(ax, figsize=(7.5, 4.4))
    long = counts.stack().rename("n").to_frame().join(sat.stack().rename("s"))
    long = long[long["n"] > 0]
    xs = {s: i for i, s in enumerate(counts.columns)}
    ys = {c: i for i, c in enumerate(counts.index[::-1])}
    x = long.index.get_level_values(1).map(xs)
    y = long.index.get_level_values(0).map(ys)
    area = 1400 * long["n"] / long["n"].max()
    points = ax.scatter(x, y, s=area, c=long["s"], cmap="RdYlGn", vmin=1, vmax=5, edgecolors="#44546a",
                        linewidths=0.6)
    for xi, yi, n in zip(x, y, long["n"]):
        ax.text(xi, yi, f"{int(n)}", ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(xs)), [label(s) for s in xs])
    ax.set_yticks(range(len(ys)), [label(c) for c in ys])
    ax.set_xlim(-0.6, len(xs) - 0.4)
    ax.set_ylim(-0.6, len(ys) - 0.4)
    ax.set_xlabel(text(en="journey stage", zh="旅程阶段"))
    ax.set_title(text(en="Touchpoints: contacts (bubble area) and mean satisfaction (colour)",
                      zh="触点：接触次数（气泡面积）与平均满意度（颜色）"))
    bar = pyplot().colorbar(points, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(text(en="mean satisfaction (1–5)", zh="平均满意度（1–5）"))
    return ax


def plot_channels(summary, *, ax=None):
    """First-contact resolution (x) against mean satisfaction (y) per channel of a
    :func:`channel_summary`; bubble area = contacts, colour = personal / non-personal channel."""
    where = "plot_channels"
    _validate.frame(summary, where=where, arg="summary")
    missing = [c for c in ("contacts", "fcr", "satisfaction") if c not in summary.columns]
    if missing:
        raise ColumnError(text(
            en="{where}: summary lacks the column(s) {m}; pass the table returned by "
               "crm_study.interaction.channel_summary(log).",
            zh="{where}：summary 缺少列 {m}；请传入 crm_study.interaction.channel_summary(log) 返回的表格。",
            where=where, m=", ".join(missing)))
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    kinds = [CHANNEL_KIND.get(c) for c in summary.index]
    colours = ["C0" if k == "personal" else "C1" if k == "non_personal" else "C7" for k in kinds]
    area = 900 * summary["contacts"] / summary["contacts"].max()
    ax.scatter(summary["fcr"] * 100, summary["satisfaction"], s=area, c=colours, alpha=0.6, edgecolors="#44546a")
    below = summary["fcr"].rank(method="first").to_numpy() % 2 == 1   # alternate so neighbours do not collide
    names = [label(c) for c in summary.index]
    for name, fx, sy, size, down in zip(names, summary["fcr"] * 100, summary["satisfaction"], area, below):
        offset = (np.sqrt(size) / 2 + 2) * (-1 if down else 1)
        ax.annotate(name, (fx, sy), xytext=(0, offset), textcoords="offset points", ha="center",
                    va="top" if down else "bottom", fontsize=8)
    for kind, colour in (("personal", "C0"), ("non_personal", "C1")):
        if kind in kinds:
            ax.scatter([], [], s=80, c=colour, alpha=0.6, label=label(kind))
    ax.legend(loc="lower right", fontsize=8)
    ax.set_xlabel(text(en="first-contact resolution (%)", zh="首次接触解决率（%）"))
    ax.set_ylabel(text(en="mean satisfaction (1–5)", zh="平均满意度（1–5）"))
    ax.set_title(text(en="Channels: solved at the first contact vs satisfaction",
                      zh="各渠道：首次接触解决率与满意度"))
    ax.margins(0.15)
    return ax


# ----------------------------------------------------------------------------- "try it" panel

@dataclass(frozen=True)
class Exploration:
    """What the panel shows for one filter: ``cases`` kept, ``summary`` (:func:`channel_summary` by
    stage when a channel is chosen, else by channel), ``content`` (shares of information / emotion /
    opinion), ``omni`` (:func:`omnichannel_summary`) and the ``settings``."""

    log: pd.DataFrame
    summary: pd.DataFrame
    content: pd.Series
    omni: pd.DataFrame
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        ch = label(s["channel"]) if s["channel"] != ALL else text(en="all channels", zh="全部渠道")
        st = label(s["stage"]) if s["stage"] != ALL else text(en="all stages", zh="全部阶段")
        first = self.log.drop_duplicates("case_id")
        fcr = float(self.summary["fcr"].mul(self.summary["cases"]).sum() / self.summary["cases"].sum())
        content = " · ".join(text(en="{c} {p:.0%}", zh="{c} {p:.0%}", c=label(k), p=v) for k, v in self.content.items())
        switched = float(self.omni["share"].get("switched", 0.0))
        return "\n".join([
            text(en="Filter: first channel = {ch}, journey stage = {st}: {n:,} cases, {m:,} contacts.",
                 zh="筛选：首次接触渠道 = {ch}，旅程阶段 = {st}：共 {n:,} 个事项，{m:,} 次接触。",
                 ch=ch, st=st, n=len(first), m=len(self.log)),
            text(en="Solved at the first contact: {f:.1%}; mean satisfaction {s:.2f}; cases that switched channel: {w:.1%}.",
                 zh="首次接触解决率 {f:.1%}；平均满意度 {s:.2f}；更换过渠道的事项占 {w:.1%}。",
                 f=fcr, s=float(self.log["satisfaction"].mean()), w=switched),
            text(en="Content of interaction: {c}.", zh="互动内容：{c}。", c=content),
        ])


def _choice(value, allowed, name: str, where: str) -> str:
    if value != ALL and value not in allowed:
        raise ArgumentError(text(en="{where}: {name}={v!r} is not available; use 'all' or one of {a}.",
                                 zh="{where}：参数 {name}={v!r} 不可用；请使用 'all' 或 {a} 之一。",
                                 where=where, name=name, v=value, a=", ".join(allowed)))
    return value


_STANDARD = {"case_col": "case_id", "date_col": "contact_date", "channel_col": "channel", "stage_col": "stage",
             "type_col": "contact_type", "resolved_col": "resolved", "satisfaction_col": "satisfaction"}


def _standard(log, where: str, cols: dict) -> pd.DataFrame:
    """``log`` with its columns renamed to the kit's names (``case_id``, ``contact_date`` …)."""
    unknown = sorted(set(cols) - set(_STANDARD))
    if unknown:
        raise ArgumentError(text(en="{where}: unknown keyword(s) {u}; use some of {a}.",
                                 zh="{where}：未知的参数 {u}；可用的参数：{a}。",
                                 where=where, u=", ".join(unknown), a=", ".join(_STANDARD)))
    names = {kw: cols.get(kw, default) for kw, default in _STANDARD.items()}
    _validate.frame(log, where=where, arg="log")
    _validate.columns(log, names, where=where)
    return log[list(names.values())].set_axis(list(_STANDARD.values()), axis=1)


def explore(log, *, channel: str = ALL, stage: str = ALL, **cols) -> Exploration:
    """The panel's numbers for one filter (no widgets): the cases whose **first** contact was in
    ``channel`` and whose stage is ``stage`` (``"all"`` keeps everything), with all their contacts.
    Column names default to the kit's (``case_col="case_id"``, ``date_col="contact_date"``,
    ``channel_col``, ``stage_col``, ``type_col="contact_type"``, ``resolved_col``, ``satisfaction_col``).
    """
    where = "interaction.explore"
    log = _standard(log, where, cols)
    channel = _choice(channel, CHANNELS, "channel", where)
    stage = _choice(stage, STAGES, "stage", where)
    dates = _validate.dates(log["contact_date"], col=cols.get("date_col", "contact_date"), where=where)
    order = log.assign(_date=dates,
                       _row=np.arange(len(log))).sort_values(["case_id", "_date", "_row"], kind="stable")
    first = order.drop_duplicates("case_id")
    keep = first["case_id"][((first["channel"] == channel) | (channel == ALL))
                            & ((first["stage"] == stage) | (stage == ALL))]
    kept = order[order["case_id"].isin(keep)].drop(columns=["_date", "_row"])
    if kept.empty:
        raise DataError(text(en="{where}: no case started in channel {c!r} at stage {s!r}; choose another filter.",
                             zh="{where}：没有从渠道 {c!r}、阶段 {s!r} 开始的事项；请换一个筛选条件。",
                             where=where, c=channel, s=stage))
    summary = channel_summary(kept, by="stage" if channel != ALL else "channel")
    content = kept["contact_type"].value_counts(normalize=True)
    content = content.reindex(_ordered(content.index, "contact_type"))
    return Exploration(log=kept.reset_index(drop=True), summary=summary, content=content,
                       omni=omnichannel_summary(kept), settings={"channel": channel, "stage": stage})


class TouchpointExplorer(Panel):
    """A built panel: ``widget`` (ipywidgets box), ``controls`` (``channel``, ``stage``) and ``result``
    (the :class:`Exploration` of the current filter, ``None`` when the filter keeps no case)."""

    table_format = "{:.2f}".format

    def __init__(self, log: pd.DataFrame, channel: str, stage: str):
        import ipywidgets as w

        self.log = log
        style = {"style": {"description_width": "initial"}}
        controls = {
            "channel": w.Dropdown(options=[(text(en="all channels", zh="全部渠道"), ALL)]
                                  + [(label(c), c) for c in CHANNELS], value=channel,
                                  description=text(en="first channel", zh="首次接触渠道"), **style),
            "stage": w.Dropdown(options=[(text(en="all stages", zh="全部阶段"), ALL)]
                                + [(label(s), s) for s in STAGES], value=stage,
                                description=text(en="journey stage", zh="旅程阶段"), **style),
        }
        super().__init__(
            controls, text(en="Try it: touchpoint explorer", zh="互动练习：触点探索器"),
            text(en="Touchpoint explorer: {n:,} contacts. Choose a first channel and a journey stage to "
                    "see resolution, satisfaction and channel switching (the panel appears when the notebook runs).",
                 zh="触点探索器：共 {n:,} 次接触。选择首次接触渠道和旅程阶段，查看解决率、满意度和渠道切换"
                    "（运行笔记本后显示面板）。", n=len(log)),
            lambda c: [list(c.values())])

    def compute(self, **values) -> Exploration:
        return explore(self.log, **values)

    def table(self, result: Exploration) -> pd.DataFrame:
        """The per-stage (or per-channel) summary."""
        return result.summary


def touchpoint_explorer(log, *, channel: str = ALL, stage: str = ALL, **cols) -> TouchpointExplorer:
    """The "try it" panel for a contact log: pick the channel a case started in and its journey stage;
    the per-stage (or per-channel) table and the summary of :func:`explore` are redrawn. Keyword
    arguments after ``stage`` are the column names of :func:`explore`."""
    log = _standard(log, "interaction.touchpoint_explorer", cols)
    start = explore(log, channel=channel, stage=stage)
    return TouchpointExplorer(log, start.settings["channel"], start.settings["stage"])
