"""Chapter 05 (客户识别、选择与开发): audit a customer file and list the customers to warn about.

* :func:`audit_customer_file` checks a customer master file against the three database
  management principles — **truthful** (真实性: no duplicates, valid phones, e-mails and
  dates), **complete** (完整性: required fields filled in) and **timely** (时效性: records
  updated recently) — and returns a per-check summary and a per-record issue list.
* :func:`early_warning` scores each customer on the warning signals of 预警管理 (churn,
  sales progress, receivables, complaints, sales cost) and gives a risk level.
* :func:`explore_warnings` / :func:`warning_explorer` are the chapter's "try it" panel.

Conventions: a phone is valid when, after removing spaces, hyphens and a ``+86``/``0086``
prefix, it is an 11-digit mainland mobile number ``1[3-9]xxxxxxxxx``; a date must be written
``YYYY-MM-DD``, exist in the calendar and lie between 1900-01-01 and ``as_of``; names are
compared after NFKC normalisation (full-width ``ＡＢ`` = ``AB``) with all spaces removed.

>>> audit = audit_customer_file(load("customer_file"))          # doctest: +SKIP
>>> audit.summary                                                # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate
from .._setup import AS_OF
from ..errors import DataError, InputTypeError
from ..i18n import text
from ..display.widgets import Panel

__all__ = ["CHECKS", "SIGNALS", "WEIGHTS", "normalise_name", "normalise_phone", "Audit", "audit_customer_file",
           "remove_duplicates", "plot_audit", "early_warning", "WarningResult", "explore_warnings",
           "plot_warnings", "WarningExplorer", "warning_explorer", "plot_process"]

#: The audit's checks, in the order of the summary table.
CHECKS = ("exact_duplicate", "near_duplicate", "missing", "invalid_phone", "invalid_email", "invalid_date", "stale")
#: The early-warning signals, in the order of the output columns.
SIGNALS = ("lapsed", "falling_spend", "overdue", "complaints", "high_cost")
#: Points each signal adds to the warning score (the maximum score is 10).
WEIGHTS = {"lapsed": 3, "falling_spend": 2, "overdue": 2, "complaints": 2, "high_cost": 1}

_PHONE = r"1[3-9]\d{9}"
_EMAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"
_MIN_DATE = pd.Timestamp("1900-01-01")


def _check_label(check: str) -> str:
    return {
        "exact_duplicate": text(en="exact duplicate", zh="完全重复"),
        "near_duplicate": text(en="near duplicate", zh="疑似重复"),
        "missing": text(en="missing required field", zh="必填项缺失"),
        "invalid_phone": text(en="invalid phone", zh="电话格式错误"),
        "invalid_email": text(en="invalid e-mail", zh="邮箱格式错误"),
        "invalid_date": text(en="impossible or unreadable date", zh="日期不合理或无法识别"),
        "stale": text(en="stale record", zh="长期未更新"),
    }[check]


def _principle(check: str) -> str:
    if check == "missing":
        return text(en="complete", zh="完整性")
    if check == "stale":
        return text(en="timely", zh="时效性")
    return text(en="truthful", zh="真实性")


def _action(check: str) -> str:
    return {
        "exact_duplicate": text(en="delete the copy", zh="删除重复的副本"),
        "near_duplicate": text(en="merge into one record after checking", zh="核实后合并为一条记录"),
        "missing": text(en="ask the customer or the sales rep to fill in", zh="请客户或业务员补填"),
        "invalid_phone": text(en="correct or confirm the number", zh="更正或与客户确认号码"),
        "invalid_email": text(en="correct or delete the address", zh="更正或删除该地址"),
        "invalid_date": text(en="correct to a real YYYY-MM-DD date", zh="改为真实的日期（年-月-日，如 2024-03-15）"),
        "stale": text(en="contact the customer and update the record", zh="联系客户，更新档案"),
    }[check]


def normalise_name(names: pd.Series) -> pd.Series:
    """Names in comparable form: NFKC (full-width → half-width), case folded, every space removed.

    >>> normalise_name(pd.Series(["杭州ＡＢ茶馆", "王\u3000芳"])).tolist()
    ['杭州ab茶馆', '王芳']
    """
    s = names.astype("string")
    return s.str.normalize("NFKC").str.casefold().str.replace(r"\s+", "", regex=True)


def normalise_phone(phones: pd.Series) -> pd.Series:
    """Phones as bare digits: NFKC, spaces, hyphens, brackets and dots removed, ``+86``/``0086`` dropped.

    >>> normalise_phone(pd.Series(["+86 138-1234-5678", "138 1234 5678"])).tolist()
    ['13812345678', '13812345678']
    """
    s = phones.astype("string").str.normalize("NFKC").str.replace(r"[\s\-().]", "", regex=True)
    return s.str.replace(r"^(\+86|0086)(?=1\d{10}$)", "", regex=True)


def _unique_ids(df: pd.DataFrame, col: str, where: str) -> None:
    dup = df[col].duplicated(keep=False) | df[col].isna()
    if dup.any():
        rows = df.index[dup]
        raise DataError(text(
            en="{where}: column {col!r} must identify each record, but {n} row(s) share an id or have none, "
               "e.g. row(s) {rows}. Give every record its own id (e.g. df[{col!r}] = range(len(df))).",
            zh="{where}：列 {col!r} 应唯一标识每条记录，但有 {n} 行编号重复或为空，例如第 {rows} 行。"
               "请为每条记录分配唯一编号（如 df[{col!r}] = range(len(df))）。",
            where=where, col=col, n=int(dup.sum()), rows=_validate.row_list(rows, int(dup.sum()))))


@dataclass(frozen=True)
class Audit:
    """Result of :func:`audit_customer_file`.

    ``flags``: one row per record (index = the id column), one boolean column per check in
    :data:`CHECKS`; ``issues``: one row per problem found (id, check, column, entered = the value as typed, detail);
    ``summary``: one row per check (label, principle, records flagged, percent of all records, action);
    ``settings``: the arguments used.
    """

    flags: pd.DataFrame
    issues: pd.DataFrame
    summary: pd.DataFrame
    settings: dict

    def __repr__(self) -> str:
        n = len(self.flags)
        bad = int(self.flags.any(axis=1).sum())
        lines = [text(en="Customer file audit: {n:,} records, {b:,} with at least one problem ({s:.1%}).",
                      zh="客户档案审计：共 {n:,} 条记录，{b:,} 条至少有一个问题（{s:.1%}）。", n=n, b=bad, s=bad / n)]
        lines += [f"  {row.check}: {int(row.records):,}" for row in self.summary.itertuples()]
        return "\n".join(lines)


def _issue_rows(ids: pd.Series, mask: pd.Series, check: str, column: str, values: pd.Series, detail) -> pd.DataFrame:
    sel = mask.to_numpy(dtype=bool)
    return pd.DataFrame({"id": ids.to_numpy()[sel], "check": check, "column": column,
                         "entered": values.astype("string").to_numpy()[sel],
                         "detail": detail if isinstance(detail, str) else np.asarray(detail, dtype=object)[sel]})


def audit_customer_file(df, *, customer_col="customer_id", name_col="name", phone_col="phone", email_col="email",
                        city_col="city", updated_col="last_updated", date_cols=("signup_date",),
                        required=("name", "phone", "city", "signup_date"), as_of=None,
                        stale_days=730) -> Audit:
    """Audit a customer master file; returns an :class:`Audit` (flags, issues, summary).

    Checks, each flagging records: **exact duplicate** (every column but the id equal to an earlier
    record's); **near duplicate** (not exact, but the same normalised phone, the same e-mail ignoring
    case, or the same normalised name in the same city as an earlier record — the first record of
    each group is kept unflagged); **missing** (any column of ``required`` empty); **invalid phone**
    and **invalid e-mail** (filled in but not of the form in the module notes); **invalid date**
    (a filled-in ``date_cols`` value that is unreadable, not in the calendar, before 1900 or after
    ``as_of``); **stale** (``updated_col`` more than ``stale_days`` days before ``as_of``, default
    ``crm_study.AS_OF``). "Earlier" means earlier in the file's row order.

    >>> audit_customer_file(datasets.load("customer_file")).summary    # doctest: +SKIP
    """
    where = "customer_data.audit_customer_file"
    _validate.frame(df, where=where)
    if isinstance(date_cols, str) or isinstance(required, str):
        raise InputTypeError(text(en="{where}: date_cols and required must be lists of column names, "
                                     "e.g. required=['name', 'phone'].",
                                  zh="{where}：参数 date_cols 和 required 应为列名列表，"
                                     "例如 required=['name', 'phone']。", where=where))
    cols = {"customer_col": customer_col, "name_col": name_col, "phone_col": phone_col, "email_col": email_col,
            "city_col": city_col, "updated_col": updated_col}
    cols.update({f"date_cols[{i}]": c for i, c in enumerate(date_cols)})
    cols.update({f"required[{i}]": c for i, c in enumerate(required)})
    _validate.columns(df, cols, where=where)
    _unique_ids(df, customer_col, where)
    stale_days = _validate.number(stale_days, name="stale_days", where=where, lo=0, integer=True)
    as_of = _validate.as_of(AS_OF if as_of is None else as_of, where=where)
    updated = _validate.dates(df[updated_col], col=updated_col, where=where)

    ids = df[customer_col]
    checked = list(dict.fromkeys([name_col, phone_col, email_col, city_col, *date_cols, *required]))
    blank = df[checked].astype("string").apply(lambda s: s.str.strip().fillna("") == "")
    parts, flags = [], pd.DataFrame(index=df.index)

    others = [c for c in df.columns if c != customer_col]
    flags["exact_duplicate"] = df.duplicated(subset=others, keep="first")
    parts.append(_issue_rows(ids, flags["exact_duplicate"], "exact_duplicate", "*", ids,
                             text(en="same as an earlier record in every field", zh="与前面某条记录的所有字段都相同")))

    phone = normalise_phone(df[phone_col]).where(~blank[phone_col])
    email = df[email_col].astype("string").str.strip().str.casefold().where(~blank[email_col])
    flags["invalid_phone"] = ~blank[phone_col] & ~phone.fillna("").str.fullmatch(_PHONE)
    flags["invalid_email"] = ~blank[email_col] & ~email.fillna("").str.fullmatch(_EMAIL)
    name = normalise_name(df[name_col]).where(~blank[name_col])
    name_city = name + "|" + normalise_name(df[city_col]).where(~blank[city_col])
    near = pd.Series(False, index=df.index)
    for key, column, detail in ((phone.where(~flags["invalid_phone"]), phone_col, text(en="same phone as an earlier record", zh="电话与前面某条记录相同")),
                                (email.where(~flags["invalid_email"]), email_col, text(en="same e-mail as an earlier record", zh="邮箱与前面某条记录相同")),
                                (name_city, name_col, text(en="same name and city as an earlier record",
                                                           zh="姓名和城市与前面某条记录相同"))):
        hit = key.notna() & key.duplicated(keep="first") & ~flags["exact_duplicate"]
        parts.append(_issue_rows(ids, hit, "near_duplicate", column, df[column], detail))
        near |= hit
    flags.insert(1, "near_duplicate", near)

    missing = pd.Series(False, index=df.index)
    for col in required:
        parts.append(_issue_rows(ids, blank[col], "missing", col, df[col],
                                 text(en="required field is empty", zh="必填项为空")))
        missing |= blank[col]
    flags["missing"] = missing

    parts.append(_issue_rows(ids, flags["invalid_phone"], "invalid_phone", phone_col, df[phone_col],
                             text(en="not an 11-digit mobile number 1[3-9]…", zh="不是以 13–19 开头的 11 位手机号")))
    parts.append(_issue_rows(ids, flags["invalid_email"], "invalid_email", email_col, df[email_col],
                             text(en="not of the form name@domain.xx", zh="不符合“名称@域名.后缀”的格式")))

    invalid_date = pd.Series(False, index=df.index)
    for col in date_cols:
        raw = df[col].astype("string").str.strip()
        parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        bad = ~blank[col] & (parsed.isna() | (parsed < _MIN_DATE) | (parsed > as_of))
        detail = np.where(parsed.isna(), text(en="unreadable or not in the calendar", zh="无法识别或日历上不存在"),
                          text(en="outside 1900-01-01 … {d}", zh="不在 1900-01-01 至 {d} 之间",
                               d=as_of.strftime("%Y-%m-%d")))
        parts.append(_issue_rows(ids, bad, "invalid_date", col, df[col], detail))
        invalid_date |= bad
    flags["invalid_date"] = invalid_date

    age = (as_of - updated).dt.days
    flags["stale"] = age > stale_days
    parts.append(_issue_rows(ids, flags["stale"], "stale", updated_col, df[updated_col],
                             text(en="not updated for more than {d} days", zh="超过 {d} 天未更新", d=stale_days)))

    flags = flags[list(CHECKS)]
    flags.index = pd.Index(ids, name=customer_col)
    issues = pd.concat(parts, ignore_index=True).rename(columns={"id": customer_col})
    counts = flags.sum()
    summary = pd.DataFrame({
        "check": [_check_label(c) for c in CHECKS],
        "principle": [_principle(c) for c in CHECKS],
        "records": [int(counts[c]) for c in CHECKS],
        "percent": [100 * float(counts[c]) / len(df) for c in CHECKS],
        "action": [_action(c) for c in CHECKS],
    }, index=pd.Index(CHECKS, name="code"))
    settings = {"as_of": as_of, "stale_days": stale_days, "required": tuple(required), "date_cols": tuple(date_cols),
                "customer_col": customer_col}
    return Audit(flags=flags, issues=issues, summary=summary, settings=settings)


def remove_duplicates(df, audit: Audit) -> pd.DataFrame:
    """The records of ``df`` that the audit did not flag as exact or near duplicates (one per customer)."""
    where = "customer_data.remove_duplicates"
    _validate.frame(df, where=where)
    if not isinstance(audit, Audit):
        raise InputTypeError(text(en="{where}: audit must be the result of audit_customer_file(df), got {t}.",
                                  zh="{where}：参数 audit 应为 audit_customer_file(df) 的结果，实际为 {t}。",
                                  where=where, t=type(audit).__name__))
    col = audit.settings["customer_col"]
    _validate.columns(df, {"customer_col": col}, where=where)
    dup = audit.flags["exact_duplicate"] | audit.flags["near_duplicate"]
    return df[~df[col].isin(dup.index[dup.to_numpy()])].reset_index(drop=True)


def plot_audit(audit: Audit, *, ax=None):
    """Horizontal bars: records flagged by each check, coloured by the principle it protects."""
    from ..display.plotting import new_axes

    if not isinstance(audit, Audit):
        raise InputTypeError(text(en="customer_data.plot_audit: pass the result of audit_customer_file(df), got {t}.",
                                  zh="customer_data.plot_audit：请传入 audit_customer_file(df) 的结果，实际为 {t}。",
                                  t=type(audit).__name__))
    ax = new_axes(ax)
    s = audit.summary.iloc[::-1]
    colours = {"missing": "#f28e2b", "stale": "#76b7b2"}
    bars = ax.barh(s["check"], s["records"], color=[colours.get(c, "#4e79a7") for c in s.index])
    ax.bar_label(bars, padding=3)
    ax.set_xlabel(text(en="records flagged", zh="被标记的记录数"))
    ax.set_title(text(en="Customer file audit: problems by check", zh="客户档案审计：各项检查发现的问题"))
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=_principle(k)) for k, c in
                       (("exact_duplicate", "#4e79a7"), ("missing", "#f28e2b"), ("stale", "#76b7b2"))],
              loc="upper right", frameon=False)
    ax.set_xlim(0, s["records"].max() * 1.15 + 1)
    return ax


def _level(score: pd.Series) -> pd.Series:
    labels = np.select([score >= 5, score >= 3, score >= 1],
                       [text(en="high", zh="高"), text(en="medium", zh="中"), text(en="low", zh="低")],
                       text(en="none", zh="无"))
    return pd.Series(labels, index=score.index, dtype=object)


def early_warning(df, *, customer_col="customer_id", last_purchase_col="last_purchase_date",
                  interval_col="avg_interval_days", prev_spend_col="spend_prev_6m", recent_spend_col="spend_last_6m",
                  overdue_col="overdue_days", complaints_col="complaints_90d", cost_col="service_cost_12m",
                  as_of=None, lapse_factor=2.0, spend_drop=0.5, overdue_days=60, complaints=2,
                  cost_ratio=0.25) -> pd.DataFrame:
    """The churn early-warning list: five signals, a weighted score and a risk level per customer.

    Signals (each fires when the threshold is reached): **lapsed** (客户流失预警) days since the last
    purchase ≥ ``lapse_factor`` × the customer's usual interval; **falling_spend** (销售进度预警)
    recent spend ≤ (1 − ``spend_drop``) × previous spend (only when previous spend > 0);
    **overdue** (外欠款预警) oldest unpaid invoice ≥ ``overdue_days`` overdue; **complaints**
    ≥ ``complaints`` in the last 90 days; **high_cost** (销售费用预警) service cost ≥
    ``cost_ratio`` × the year's spend (previous + recent). Score = Σ :data:`WEIGHTS` of the signals
    that fire (lapsed 3, falling spend 2, overdue 2, complaints 2, high cost 1; at most 10);
    level: high ≥ 5, medium 3–4, low 1–2, none 0. Sorted by score, then by lapse ratio.

    >>> early_warning(customers).head()                     # doctest: +SKIP
    """
    where = "customer_data.early_warning"
    _validate.frame(df, where=where)
    cols = {"customer_col": customer_col, "last_purchase_col": last_purchase_col, "interval_col": interval_col,
            "prev_spend_col": prev_spend_col, "recent_spend_col": recent_spend_col, "overdue_col": overdue_col,
            "complaints_col": complaints_col, "cost_col": cost_col}
    _validate.columns(df, cols, where=where)
    lapse_factor = _validate.number(lapse_factor, name="lapse_factor", where=where, lo=0, lo_open=True)
    spend_drop = _validate.number(spend_drop, name="spend_drop", where=where, lo=0, hi=1)
    overdue_days = _validate.number(overdue_days, name="overdue_days", where=where, lo=0, lo_open=True)
    complaints = _validate.number(complaints, name="complaints", where=where, lo=1, integer=True)
    cost_ratio = _validate.number(cost_ratio, name="cost_ratio", where=where, lo=0, lo_open=True)
    as_of = _validate.as_of(AS_OF if as_of is None else as_of, where=where)
    last = _validate.dates(df[last_purchase_col], col=last_purchase_col, where=where)
    future = last > as_of
    if future.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} date(s) after as_of={d} at row(s) {rows}; a last purchase "
               "cannot be in the future. Correct those dates or pass a later as_of.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个晚于 as_of={d} 的日期；最近购买日期不能在未来。"
               "请更正这些日期，或传入更晚的 as_of。",
            where=where, col=last_purchase_col, n=int(future.sum()), d=as_of.strftime("%Y-%m-%d"),
            rows=_validate.row_list(df.index[future], int(future.sum()))))
    interval = _validate.numbers_col(df[interval_col], col=interval_col, where=where)
    if (interval <= 0).any():
        zero = interval <= 0
        raise DataError(text(
            en="{where}: column {col!r} has {n} interval(s) of 0 days at row(s) {rows}; the usual interval "
               "between purchases must be positive. Drop those customers or fill in their interval.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个为 0 的购买间隔；平均购买间隔必须大于 0。"
               "请删除这些客户或补填其间隔。",
            where=where, col=interval_col, n=int(zero.sum()), rows=_validate.row_list(df.index[zero], int(zero.sum()))))
    prev = _validate.numbers_col(df[prev_spend_col], col=prev_spend_col, where=where)
    recent = _validate.numbers_col(df[recent_spend_col], col=recent_spend_col, where=where)
    overdue = _validate.numbers_col(df[overdue_col], col=overdue_col, where=where)
    n_compl = _validate.numbers_col(df[complaints_col], col=complaints_col, where=where)
    cost = _validate.numbers_col(df[cost_col], col=cost_col, where=where)

    days = (as_of - last).dt.days.astype("int64")
    year = prev + recent
    out = pd.DataFrame({
        customer_col: df[customer_col].to_numpy(),
        "days_since_last": days.to_numpy(),
        "lapse_ratio": (days / interval).to_numpy(),
        "spend_change": (recent / prev.where(prev > 0) - 1).to_numpy(),
        "overdue_days": overdue.round().to_numpy().astype("int64"),
        "complaints_90d": n_compl.to_numpy().astype("int64"),
        "cost_share": (cost / year.where(year > 0)).to_numpy(),
    })
    out["lapsed"] = out["lapse_ratio"] >= lapse_factor
    out["falling_spend"] = ((prev > 0) & (recent <= (1 - spend_drop) * prev)).to_numpy()
    out["overdue"] = out["overdue_days"] >= overdue_days
    out["complaints"] = out["complaints_90d"] >= complaints
    out["high_cost"] = ((year > 0) & (cost >= cost_ratio * year)).to_numpy()
    out["score"] = sum(out[s].astype("int64") * w for s, w in WEIGHTS.items())
    out["level"] = _level(out["score"])
    out = out.sort_values(["score", "lapse_ratio"], ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["thresholds"] = {"lapse_factor": lapse_factor, "spend_drop": spend_drop, "overdue_days": overdue_days,
                               "complaints": complaints, "cost_ratio": cost_ratio,
                               "as_of": as_of.strftime("%Y-%m-%d")}
    return out


def _signal_label(signal: str) -> str:
    return {
        "lapsed": text(en="lapsed (churn)", zh="超期未购（流失预警）"),
        "falling_spend": text(en="falling spend (sales progress)", zh="消费下滑（销售进度预警）"),
        "overdue": text(en="overdue receivables", zh="欠款逾期（外欠款预警）"),
        "complaints": text(en="repeated complaints", zh="多次投诉"),
        "high_cost": text(en="high service cost (sales cost)", zh="服务成本过高（销售费用预警）"),
    }[signal]


@dataclass(frozen=True)
class WarningResult:
    """What the early-warning panel shows for one set of thresholds: the full ``table``
    (:func:`early_warning`), ``levels`` (customers per risk level), ``signals`` (customers per
    signal) and the ``thresholds`` used."""

    table: pd.DataFrame
    levels: pd.Series
    signals: pd.Series
    thresholds: dict

    def __repr__(self) -> str:
        t = self.thresholds
        head = text(en="Early warning (lapse ≥ {k:g}× usual interval, spend drop ≥ {s:.0%}, overdue ≥ {o:g} days, "
                       "complaints ≥ {c}, service cost ≥ {r:.0%} of spend) for {n:,} customers:",
                    zh="预警（超过平时间隔 {k:g} 倍未购、消费下降 ≥ {s:.0%}、欠款逾期 ≥ {o:g} 天、投诉 ≥ {c} 次、"
                       "服务成本 ≥ 消费额的 {r:.0%}），共 {n:,} 位客户：",
                    k=t["lapse_factor"], s=t["spend_drop"], o=t["overdue_days"], c=t["complaints"],
                    r=t["cost_ratio"], n=len(self.table))
        levels = " · ".join(f"{k} {int(v):,}" for k, v in self.levels.items())
        signals = " · ".join(f"{k} {int(v):,}" for k, v in self.signals.items())
        return "\n".join([head, text(en="  risk level: ", zh="  风险等级：") + levels,
                          text(en="  signals: ", zh="  信号：") + signals])


def explore_warnings(df, **thresholds) -> WarningResult:
    """The panel's numbers for one set of thresholds (the keywords of :func:`early_warning`)."""
    table = early_warning(df, **thresholds)
    order = [text(en=k, zh=z) for k, z in (("high", "高"), ("medium", "中"), ("low", "低"), ("none", "无"))]
    levels = table["level"].value_counts().reindex(order, fill_value=0)
    signals = pd.Series({_signal_label(s): int(table[s].sum()) for s in SIGNALS})
    return WarningResult(table=table, levels=levels, signals=signals, thresholds=dict(table.attrs["thresholds"]))


def plot_warnings(result: WarningResult, *, ax=None):
    """Bars: how many customers each warning signal flags, with the risk levels in the title."""
    from ..display.plotting import new_axes

    if not isinstance(result, WarningResult):
        raise InputTypeError(text(en="customer_data.plot_warnings: pass the result of explore_warnings(df), got {t}.",
                                  zh="customer_data.plot_warnings：请传入 explore_warnings(df) 的结果，实际为 {t}。",
                                  t=type(result).__name__))
    ax = new_axes(ax)
    s = result.signals.iloc[::-1]
    bars = ax.barh(s.index, s.to_numpy(), color="#e15759")
    ax.bar_label(bars, padding=3)
    ax.set_xlim(0, max(int(s.max()), 1) * 1.15)
    ax.set_xlabel(text(en="customers flagged", zh="触发信号的客户数"))
    levels = "  ".join(f"{k} {int(v)}" for k, v in result.levels.items())
    ax.set_title(text(en="Early-warning signals (risk level: {l})", zh="预警信号（风险等级：{l}）", l=levels))
    return ax


def plot_process(*, ax=None):
    """Diagram: the identify → select → develop cycle of chapter 05, with the customer database in the middle."""
    from ..display.plotting import pyplot

    plt = pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9.5, 4.4))
    steps = [
        (text(en="1 Collect\ncustomer information", zh="① 收集客户信息"), 0.0, 1.0),
        (text(en="2 Identify potential\nand key customers", zh="② 识别潜在客户\n与关键客户"), 1.3, 1.0),
        (text(en="3 Select target\ncustomers", zh="③ 选择目标客户"), 2.6, 1.0),
        (text(en="4 Develop: turn prospects\ninto real customers", zh="④ 开发：潜在客户\n转化为现实客户"), 2.6, 0.0),
        (text(en="5 Early warning:\nreceivables, sales, cost, churn", zh="⑤ 预警管理：欠款、\n进度、费用、流失"), 1.3, 0.0),
        (text(en="6 Maintain: keep data\ntruthful, complete, timely", zh="⑥ 维护：保持信息\n真实、完整、及时"), 0.0, 0.0),
    ]
    box = {"boxstyle": "round,pad=0.5", "facecolor": "#e8f0fa", "edgecolor": "#4e79a7"}
    for label, x, y in steps:
        ax.text(x, y, label, ha="center", va="center", fontsize=10, bbox=box)
    arrow = {"arrowstyle": "-|>", "color": "#4e79a7", "lw": 1.5}
    for (_, x0, y0), (_, x1, y1) in zip(steps, steps[1:] + steps[:1]):
        dx, dy = x1 - x0, y1 - y0
        ax.annotate("", xy=(x1 - 0.36 * dx, y1 - 0.30 * dy), xytext=(x0 + 0.36 * dx, y0 + 0.30 * dy),
                    arrowprops=arrow)
    ax.text(1.3, 0.5, text(en="customer database", zh="客户数据库"), ha="center", va="center", fontsize=10,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#fdf1e3", "edgecolor": "#f28e2b"})
    ax.set_xlim(-0.6, 3.2)
    ax.set_ylim(-0.45, 1.45)
    ax.axis("off")
    ax.set_title(text(en="Customer identification, selection and development", zh="客户识别、选择与开发的流程"))
    return ax


class WarningExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` and ``result`` (the current
    :class:`WarningResult`, ``None`` while the values are invalid)."""

    def __init__(self, df: pd.DataFrame, start: WarningResult):
        import ipywidgets as w

        self.df = df
        t = start.thresholds
        num = {"continuous_update": False, "style": {"description_width": "initial"}}
        controls = {
            "lapse_factor": w.FloatSlider(value=t["lapse_factor"], min=1.0, max=max(5.0, t["lapse_factor"]), step=0.5,
                                          description=text(en="lapsed: × usual interval", zh="超期倍数（× 平时间隔）"),
                                          **num),
            "spend_drop": w.FloatSlider(value=t["spend_drop"], min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                        description=text(en="spend drop", zh="消费降幅"), **num),
            "overdue_days": w.IntSlider(value=int(t["overdue_days"]), min=1, max=max(180, int(t["overdue_days"])),
                                        step=5, description=text(en="overdue days", zh="欠款逾期天数"), **num),
            "complaints": w.IntSlider(value=t["complaints"], min=1, max=max(5, t["complaints"]),
                                      description=text(en="complaints (90 days)", zh="投诉次数（90 天）"), **num),
            "cost_ratio": w.FloatSlider(value=t["cost_ratio"], min=0.05, max=max(0.6, t["cost_ratio"]), step=0.05,
                                        readout_format=".0%", description=text(en="service cost / spend",
                                                                               zh="服务成本 / 消费额"), **num),
        }
        super().__init__(
            controls, text(en="Try it: early-warning thresholds", zh="互动练习：预警阈值"),
            text(en="Early-warning explorer: {n:,} customers. Move a slider to change a threshold "
                    "(the panel appears when the notebook runs).",
                 zh="预警探索器：共 {n:,} 位客户。拖动滑块即可改变阈值（运行笔记本后显示面板）。", n=len(df)),
            lambda c: [[c["lapse_factor"], c["spend_drop"]], [c["overdue_days"], c["complaints"]], c["cost_ratio"]])

    def thresholds(self) -> dict:
        """The current slider values as keyword arguments of :func:`early_warning`."""
        return self.settings()

    def compute(self, **values) -> WarningResult:
        return explore_warnings(self.df, **values)

    def draw(self, result: WarningResult):
        return plot_warnings(result)

    def table(self, result: WarningResult) -> pd.DataFrame:
        """The top ten of the warning list."""
        return result.table.head(10)


def warning_explorer(df, **thresholds) -> WarningExplorer:
    """The "try it" panel: sliders for the five early-warning thresholds; the signal chart, the
    top ten of the list and the counts are redrawn on every change. ``thresholds`` (keywords of
    :func:`early_warning`) set where the sliders start."""
    return WarningExplorer(df, explore_warnings(df, **thresholds))
