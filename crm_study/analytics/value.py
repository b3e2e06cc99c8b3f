"""Customer value (客户价值): ABC analysis, RFM table, scores and segments, the value matrix.

The chapter-04 toolbox. Every function takes a DataFrame and returns a new one;
labels (segment and quadrant names, axis titles) follow the active language at
call time (:func:`crm_study.set_language`).

>>> import pandas as pd
>>> tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_date": ["2024-12-01", "2024-12-30", "2024-06-01"],
...                    "amount": [100.0, 50.0, 30.0]})
>>> rfm_table(tx, as_of="2025-01-01")[["recency", "frequency", "monetary"]].loc["a"].tolist()
[2.0, 2.0, 150.0]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, ColumnError, DataError, InputTypeError
from ..i18n import pick, text

__all__ = [
    "abc_analysis", "rfm_table", "rfm_score", "rfm_segment", "segment_summary", "segment_strategy",
    "value_matrix", "plot_pareto", "plot_segments", "plot_rf_heatmap", "plot_value_matrix",
    "SEGMENTS", "SEGMENT_STRATEGIES", "QUADRANTS",
]

#: The eight RFM segments in their fixed order: key -> (R high, F high, M high) and names.
#: "High R" means a recent customer (recency below the threshold).
SEGMENTS = {
    "important_value": {"code": (1, 1, 1), "zh": "重要价值客户", "en": "Important value"},
    "important_development": {"code": (1, 0, 1), "zh": "重要发展客户", "en": "Important development"},
    "important_retention": {"code": (0, 1, 1), "zh": "重要保持客户", "en": "Important retention"},
    "important_winback": {"code": (0, 0, 1), "zh": "重要挽留客户", "en": "Important win-back"},
    "general_value": {"code": (1, 1, 0), "zh": "一般价值客户", "en": "General value"},
    "general_development": {"code": (1, 0, 0), "zh": "一般发展客户", "en": "General development"},
    "general_retention": {"code": (0, 1, 0), "zh": "一般保持客户", "en": "General retention"},
    "general_winback": {"code": (0, 0, 0), "zh": "一般挽留客户", "en": "General win-back"},
}

#: Recommended action for each segment, in both languages.
SEGMENT_STRATEGIES = {
    "important_value": {
        "zh": "最有价值的核心客户：提供 VIP 专属服务和客户经理，优先满足需求，重在维持满意而不是打折。",
        "en": "The core customers: VIP service and a personal account manager, first access to new "
              "products; keep them delighted rather than discounting.",
    },
    "important_development": {
        "zh": "最近买过、花得多但次数少：用会员积分、补货提醒和交叉销售提高购买频率。",
        "en": "Recent big spenders who buy rarely: raise purchase frequency with membership points, "
              "replenishment reminders and cross-selling.",
    },
    "important_retention": {
        "zh": "过去常买、花得多，但最近没来：主动回访，了解原因，用个性化优惠在其流失前唤回。",
        "en": "Frequent big spenders who have not bought lately: contact them proactively, find out why, "
              "and reactivate them with a personal offer before they leave.",
    },
    "important_winback": {
        "zh": "消费额高但很久没买、次数也少：已有流失风险，开展挽回活动，调查流失原因，权衡挽回成本。",
        "en": "High spenders who are neither recent nor frequent: likely lost; run a win-back campaign, "
              "ask why they left, and weigh the cost of winning them back.",
    },
    "general_value": {
        "zh": "近期活跃、购买频繁但客单价低：通过追加销售、组合套餐提高每单金额。",
        "en": "Recent, frequent but low-spending: lift the basket with up-selling and bundles.",
    },
    "general_development": {
        "zh": "新客户或偶尔购买的低消费客户：做好新客引导，用第二单优惠等低成本方式培养。",
        "en": "New or occasional low spenders: onboarding and low-cost nurturing such as a "
              "second-purchase coupon.",
    },
    "general_retention": {
        "zh": "以前常买、消费低、正在沉寂：用短信、邮件等低成本的自动化提醒维持联系。",
        "en": "Used to buy often, low spend, going quiet: keep in touch with low-cost automated "
              "reminders (SMS, e-mail).",
    },
    "general_winback": {
        "zh": "三项都低：投入最少的资源，只用大众化低成本渠道，必要时可以放弃。",
        "en": "Low on all three: spend the least; mass low-cost channels only, or let them go.",
    },
}

#: The customer value matrix (客户价值矩阵): key -> (frequency high, average amount high) and names.
QUADRANTS = {
    "best": {"code": (1, 1), "zh": "最好的客户", "en": "Best customers"},
    "spender": {"code": (0, 1), "zh": "乐于消费型客户", "en": "Spenders"},
    "frequent": {"code": (1, 0), "zh": "经常性客户", "en": "Frequent customers"},
    "uncertain": {"code": (0, 0), "zh": "不确定型客户", "en": "Uncertain customers"},
}

_RETURNS = ("error", "net", "drop")
_METHODS = ("mean", "median")
_MAX_BARS = 200
_ABC_COLOURS = {"A": "#c0392b", "B": "#e67e22", "C": "#95a5a6"}


# --------------------------------------------------------------------------- helpers

def _names(table: dict, lang: str | None = None) -> list[str]:
    return [pick({"zh": v["zh"], "en": v["en"]}, lang) for v in table.values()]


def _key_of_label(table: dict) -> dict:
    out = {}
    for key, v in table.items():
        out[v["zh"]] = key
        out[v["en"]] = key
    return out


def _choice(value, allowed: tuple, *, name: str, where: str) -> str:
    if value not in allowed:
        raise ArgumentError(text(
            en="{where}: {name}={v!r} is not allowed; use one of {a}.",
            zh="{where}：参数 {name}={v!r} 不可用；请使用 {a} 之一。",
            where=where, name=name, v=value, a=", ".join(repr(a) for a in allowed)))
    return value


def _threshold(values: pd.Series, method: str) -> float:
    return float(values.mean() if method == "mean" else values.median())


def _fast_dates(series: pd.Series, *, col: str, where: str, dayfirst=None) -> pd.Series:
    """Parse dates: ISO strings in one fast pass; anything else through ``_validate.dates``."""
    if not pd.api.types.is_datetime64_any_dtype(series) and not pd.api.types.is_numeric_dtype(series):
        try:
            iso = pd.to_datetime(series, format="ISO8601", errors="coerce")
        except (ValueError, TypeError):  # e.g. mixed time zones: _validate.dates explains
            iso = None
        if iso is not None and not iso.isna().any():
            series = iso
    return _validate.dates(series, col=col, where=where, dayfirst=dayfirst)


# --------------------------------------------------------------------------- ABC

def abc_analysis(df, *, customer_col="customer_id", value_col="amount", cutoffs=(0.8, 0.95),
                 rule="cutoff") -> pd.DataFrame:
    """ABC (Pareto) classes of customers: A = the top customers bringing the first ``cutoffs[0]``
    of value, B up to ``cutoffs[1]``, C the rest.

    ``share = value / total``, ``cum_share`` = running total of ``share`` in the order value
    descending, then customer id ascending (so ties are ordered deterministically).
    ``rule="cutoff"`` (default, the exam convention): a customer is A while the cumulative share
    *including* them is <= ``cutoffs[0]``, B while it is <= ``cutoffs[1]``, C after that; the top
    customer is always A. ``rule="crossing"`` (the alternative some textbooks use): a customer is A
    while the cumulative share *before* them is below ``cutoffs[0]``, so the customer who crosses
    80 % is still A (likewise for B and ``cutoffs[1]``).
    **Ties**: customers with equal values always share a class, the class of the first of them
    in that order; a group of equal values that straddles a cut-off goes wholly to the better class.
    ``df`` may be a transaction log (rows of a customer are summed) or one row per customer;
    values must be >= 0 (net returns first).

    >>> import pandas as pd
    >>> three = pd.DataFrame({"customer_id": list("abc"), "amount": [50, 35, 15]})
    >>> abc_analysis(three)["abc_class"].tolist(), abc_analysis(three, rule="crossing")["abc_class"].tolist()
    (['A', 'B', 'C'], ['A', 'A', 'B'])
    """
    where = "abc_analysis"
    _choice(rule, ("cutoff", "crossing"), name="rule", where=where)
    _validate.frame(df, where=where)
    _validate.columns(df, {"customer_col": customer_col, "value_col": value_col}, where=where)
    if not isinstance(cutoffs, (tuple, list)) or len(cutoffs) != 2:
        raise InputTypeError(text(
            en="{where}: cutoffs must be a pair (a, b) such as (0.8, 0.95), got {v!r}.",
            zh="{where}：参数 cutoffs 应为两个数 (a, b)，例如 (0.8, 0.95)，实际为 {v!r}。", where=where, v=cutoffs))
    a = _validate.number(cutoffs[0], name="cutoffs[0]", where=where, lo=0, hi=1, lo_open=True, hi_open=True)
    b = _validate.number(cutoffs[1], name="cutoffs[1]", where=where, lo=0, hi=1, lo_open=True)
    if not a < b:
        raise ArgumentError(text(
            en="{where}: cutoffs must satisfy 0 < a < b <= 1, got {v!r}; e.g. cutoffs=(0.8, 0.95).",
            zh="{where}：cutoffs 必须满足 0 < a < b <= 1，实际为 {v!r}；例如 cutoffs=(0.8, 0.95)。",
            where=where, v=tuple(cutoffs)))
    values = _validate.numbers_col(df[value_col], col=value_col, where=where)
    ids = _validate.ids(df[customer_col], col=customer_col, where=where)
    per = values.groupby(ids, sort=True).sum()
    per.index.name = customer_col
    total = float(per.sum())
    if total <= 0:
        raise DataError(text(
            en="{where}: the total of column {col!r} is 0, so shares cannot be computed; "
               "check that the column holds sales or profit.",
            zh="{where}：列 {col!r} 的合计为 0，无法计算占比；请确认该列是销售额或利润。", where=where, col=value_col))
    per = per.sort_values(ascending=False, kind="stable")
    v = per.to_numpy()
    running = np.cumsum(v)
    starts = np.r_[True, v[1:] != v[:-1]]  # first customer of each group of equal values
    first = np.maximum.accumulate(np.where(starts, np.arange(len(v)), 0))  # its group's first customer
    eps = 1e-12
    if rule == "crossing":
        before = ((running - v) / total)[first]
        cls = np.where(before < a - eps, "A", np.where(before < b - eps, "B", "C"))
    else:
        cum = (running / total)[first]
        cls = np.where(cum <= a + eps, "A", np.where(cum <= b + eps, "B", "C"))
        cls[first == 0] = "A"  # the top customer (and any tied with them) is always A
    out = pd.DataFrame({"value": v, "share": v / total, "cum_share": running / total,
                        "abc_class": cls}, index=per.index)
    out.attrs["cutoffs"] = (a, b)
    out.attrs["rule"] = rule
    return out


# --------------------------------------------------------------------------- RFM

def rfm_table(transactions, *, customer_col="customer_id", date_col="order_date", amount_col="amount",
              as_of=None, returns="error", order_col="order_id", duplicates="warn",
              dayfirst=None) -> pd.DataFrame:
    """Recency, frequency and monetary value per customer (the RFM table).

    - ``recency``: whole days from the customer's last purchase to ``as_of``
      (a purchase on ``as_of`` itself gives 0). When ``as_of`` is None it is the day
      **after** the last date in the data (refused when that date is more than a year after all
      the others, a likely typing slip); notebooks pass ``as_of=crm.AS_OF``.
      Transactions dated after ``as_of`` are an error.
    - ``frequency``: number of purchases = distinct ``order_col`` values when that column
      exists (several lines of one order count once), otherwise the number of rows. An order id
      that comes back for another customer or on another day is reported (``DataWarning`` naming
      the rows) and counted once per customer and day, so two purchases are never merged.
    - ``monetary``: total amount.

    Returns/cancellations (negative amounts) follow ``returns``:
    ``"error"`` (default) refuses them and names the rows; ``"drop"`` ignores them;
    ``"net"`` subtracts them from ``monetary`` but does not count them as purchases or as the
    last purchase date. With ``"net"``, customers whose net amount is <= 0 (everything returned)
    are dropped from the table and listed in ``result.attrs["dropped"]``.

    Rows that repeat an earlier row in every column follow ``duplicates``: ``"warn"`` (default;
    kept, with a :class:`~crm_study.errors.DataWarning` giving the count), ``"drop"`` or ``"keep"``.
    Customer ids must be of one type (1 and "1" mixed raise). Dates like 05/01/2024 need
    ``dayfirst=True``/``False`` when the column itself does not show the order.

    Vectorised: one ``groupby`` with built-in ``max``/``nunique``/``sum``; days computed after.

    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["a", "a"], "order_date": ["2024-12-01", "2024-12-30"],
    ...                    "amount": [100.0, 50.0]})
    >>> int(rfm_table(tx).loc["a", "recency"])      # as_of defaults to 2024-12-31
    1
    """
    where = "rfm_table"
    _validate.frame(transactions, where=where, arg="transactions")
    _validate.columns(transactions, {"customer_col": customer_col, "date_col": date_col,
                                     "amount_col": amount_col}, where=where)
    _choice(returns, _RETURNS, name="returns", where=where)
    _choice(duplicates, ("warn", "drop", "keep"), name="duplicates", where=where)
    if duplicates != "keep":
        dup = _validate.duplicate_rows(transactions, where=where, arg="transactions", rule=duplicates)
        if duplicates == "drop" and dup.any():
            transactions = transactions[~dup]
    ids = _validate.ids(transactions[customer_col], col=customer_col, where=where)
    dates = _fast_dates(transactions[date_col], col=date_col, where=where, dayfirst=dayfirst)
    amounts = _validate.numbers_col(transactions[amount_col], col=amount_col, where=where, allow_negative=True)
    negative = amounts.to_numpy() < 0
    has_returns = bool(negative.any())
    if has_returns and returns == "error":
        n_bad = int(negative.sum())
        raise DataError(text(
            en="{where}: column {col!r} has {n} negative amount(s) (returns/refunds) at row(s) {rows}. "
               "Choose a rule: returns='net' (subtract them from monetary, not counted as purchases) "
               "or returns='drop' (ignore them).",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个负金额（退货/退款）。请选择处理规则："
               "returns='net'（从消费金额中扣除，不计为购买次数）或 returns='drop'（忽略这些行）。",
            where=where, col=amount_col, n=n_bad, rows=_validate.row_list(transactions.index[negative], n_bad)))
    if as_of is None:
        last_day = _validate.latest_date(dates, col=date_col, where=where)
        day = last_day + pd.Timedelta(days=1)
    else:
        last_day, day = dates.max().normalize(), _validate.as_of(as_of, where=where)
    if last_day > day:
        late = (dates >= day + pd.Timedelta(days=1)).to_numpy()
        n_bad = int(late.sum())
        raise DataError(text(
            en="{where}: {n} transaction(s) in column {col!r} are dated after as_of={d} at row(s) {rows}. "
               "Pass a later as_of or filter those rows out first.",
            zh="{where}：列 {col!r} 中有 {n} 笔交易的日期晚于 as_of={d}（第 {rows} 行）。"
               "请传入更晚的 as_of，或先筛掉这些行。",
            where=where, col=date_col, n=n_bad, d=day.date(), rows=_validate.row_list(transactions.index[late], n_bad)))
    use_orders = order_col is not None and order_col in transactions.columns
    work = pd.DataFrame({"_id": ids.array, "_date": dates.array, "_amount": amounts.array})
    if use_orders:
        _validate.no_missing(transactions[order_col], col=order_col, where=where)
        work["_order"] = transactions[order_col].array
    sales = work[~negative] if has_returns else work
    grouped = sales.groupby("_id", sort=True)
    out = pd.DataFrame({
        "last": grouped["_date"].max(),
        "frequency": _orders(sales, transactions.index, col=order_col, where=where) if use_orders else grouped.size(),
        "monetary": grouped["_amount"].sum(),
    })
    dropped: list = []
    if has_returns and returns == "net":
        net = work.groupby("_id", sort=True)["_amount"].sum()
        out["monetary"] = net.reindex(out.index)
        dropped = sorted(net.index[net <= 0])
        out = out[out["monetary"] > 0]
    if out.empty:
        raise DataError(text(
            en="{where}: no purchases are left after applying returns={r!r}; check column {col!r}.",
            zh="{where}：按 returns={r!r} 处理后没有剩下任何购买记录；请检查列 {col!r}。",
            where=where, r=returns, col=amount_col))
    recency = (day - out["last"].dt.normalize()).dt.days
    result = pd.DataFrame({"recency": recency.astype("int64"), "frequency": out["frequency"].astype("int64"),
                           "monetary": out["monetary"].astype("float64")})
    result.index.name = customer_col
    result.attrs["as_of"] = day
    result.attrs["dropped"] = dropped
    return result


def _orders(sales: pd.DataFrame, index: pd.Index, *, col: str, where: str) -> pd.Series:
    """Purchases per customer from the order column. An order id is one purchase: one customer, one day.
    An id that comes back for another customer or on another day (numbers restarting each day, two
    exports joined) is reported with a ``DataWarning`` naming the rows, and each (order id, day) of a
    customer counts as its own purchase, so two orders are never merged into one."""
    keys = pd.DataFrame({"_order": sales["_order"].array, "_id": sales["_id"].array,
                         "_day": sales["_date"].dt.normalize().array}, index=sales.index)
    distinct = keys.drop_duplicates()
    reused = distinct["_order"].duplicated(keep=False)
    if not reused.any():
        return sales.groupby("_id", sort=True)["_order"].nunique()
    orders = distinct.loc[reused.to_numpy(), "_order"]
    rows = index[np.flatnonzero(keys["_order"].isin(orders.unique()).to_numpy())]
    _validate.warn(text(
        en="{where}: {k} order id(s) in column {col!r} are used for more than one customer or day, e.g. {o!r} "
           "(row(s) {rows}); an order id should stand for one purchase. Each (order id, day) of a customer was "
           "counted as its own purchase. If the column does not hold order numbers, pass order_col=None to count rows.",
        zh="{where}：列 {col!r} 中有 {k} 个订单号被不同客户或在不同日期重复使用，例如 {o!r}（第 {rows} 行）；"
           "一个订单号应只代表一次购买。已把每位客户每天的每个订单号各算作一次购买。"
           "如果该列不是订单号，请传入 order_col=None，按行计数。",
        where=where, col=col, k=orders.nunique(), o=_validate.short(orders.iloc[0]),
        rows=_validate.row_list(rows, len(rows))))
    return distinct.groupby("_id", sort=True).size()


def rfm_score(rfm, bins=5) -> pd.DataFrame:
    """Add integer scores ``R``, ``F``, ``M`` in 1..``bins`` (higher = better) to an RFM table.

    Rule (ties share a score): ``score = 1 + floor(bins × share of customers with a strictly
    worse value)``. For F and M "worse" means smaller; for R it means a *larger* recency, so the
    most recent customers get the highest R. Equal values always get equal scores, scores are
    monotone in the value, and the most common low value (e.g. one purchase) scores 1.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [1, 2, 3, 4, 5], "frequency": [10, 20, 20, 30, 40],
    ...                   "monetary": [1.0, 2, 3, 4, 5]})
    >>> rfm_score(t)["F"].tolist()
    [1, 2, 2, 4, 5]
    """
    where = "rfm_score"
    _validate.frame(rfm, where=where, arg="rfm")
    _validate.columns(rfm, {"recency": "recency", "frequency": "frequency", "monetary": "monetary"}, where=where)
    bins = _validate.number(bins, name="bins", where=where, lo=2, hi=10, integer=True)
    out = rfm.copy()
    n = len(out)
    for col, score, ascending in (("recency", "R", False), ("frequency", "F", True), ("monetary", "M", True)):
        values = _validate.numbers_col(out[col], col=col, where=where, allow_negative=True)
        worse = values.rank(method="min", ascending=ascending).to_numpy().astype("int64") - 1
        out[score] = (bins * worse) // n + 1
    return out


def _high_flags(rfm: pd.DataFrame, method: str, basis: str, *, where: str) -> tuple[dict, dict]:
    """(flags, thresholds): R/F/M "high" against the mean/median of the raw values or of the scores."""
    if basis == "scores":
        cols = {"R": "R", "F": "F", "M": "M"}
        missing = [c for c in cols.values() if c not in rfm.columns]
        if missing:
            raise ColumnError(text(
                en="{where}: basis='scores' compares the score columns R, F, M, but {m} is missing; "
                   "add the scores first with crm_study.value.rfm_score(rfm), or use basis='values'.",
                zh="{where}：basis='scores' 比较的是得分列 R、F、M，但缺少 {m}；请先用 "
                   "crm_study.value.rfm_score(rfm) 打分，或改用 basis='values'。",
                where=where, m=", ".join(repr(c) for c in missing)))
    else:
        cols = {"R": "recency", "F": "frequency", "M": "monetary"}
        _validate.columns(rfm, cols, where=where)
    flags, thresholds = {}, {}
    for key, col in cols.items():
        values = _validate.numbers_col(rfm[col], col=col, where=where, allow_negative=True)
        cut = _threshold(values, method)
        thresholds[col] = cut
        flags[key] = (values < cut) if col == "recency" else (values > cut)
    return flags, thresholds


def rfm_segment(rfm, method="mean", *, basis="values") -> pd.DataFrame:
    """Add the eight RFM segments (客户细分) to an RFM table.

    Each of R, F, M is *high* when it is strictly better than its ``method`` ("mean" or
    "median") over all customers. ``basis="values"`` (default, the exam convention for hand
    calculations): the raw ``recency``, ``frequency`` and ``monetary`` values are compared, high R
    meaning *recent* (recency strictly below the threshold), even when score columns are present.
    ``basis="scores"`` (the alternative some materials use): the 1–5 scores ``R``, ``F``, ``M`` of
    :func:`rfm_score` are compared with their mean or median instead; the two bases can place
    customers differently. Values equal to the threshold count as low.
    Segments (R F M): 111 important value, 101 important development, 011 important retention,
    001 important win-back; with M low the same four as "general".
    Adds ``r_high``, ``f_high``, ``m_high`` (bool) and ``segment`` (ordered categorical in the
    active language); the thresholds are in ``result.attrs["thresholds"]``, the rule in
    ``result.attrs["method"]`` and ``result.attrs["basis"]``.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"recency": [10, 100], "frequency": [9, 1], "monetary": [1000.0, 10.0]})
    >>> rfm_segment(t)[["r_high", "f_high", "m_high"]].to_numpy().tolist()   # 111 and 000
    [[True, True, True], [False, False, False]]
    """
    where = "rfm_segment"
    _validate.frame(rfm, where=where, arg="rfm")
    _choice(method, _METHODS, name="method", where=where)
    _choice(basis, ("values", "scores"), name="basis", where=where)
    if len(rfm) < 2:
        _validate.warn(text(
            en="{where}: only {n} customer; segments compare each customer with the {m} of all customers, "
               "so one customer always lands in the lowest segments. Segment at least two customers.",
            zh="{where}：只有 {n} 位客户；细分是把每位客户与全体客户的{mz}比较，只有一位客户时总会落入最低的细分。"
               "请至少对两位客户做细分。", where=where, n=len(rfm), m=method, mz="平均值" if method == "mean" else "中位数"))
    flags, thresholds = _high_flags(rfm, method, basis, where=where)
    out = rfm.copy()
    out["r_high"] = flags["R"].to_numpy()
    out["f_high"] = flags["F"].to_numpy()
    out["m_high"] = flags["M"].to_numpy()
    code = out["r_high"].to_numpy().astype(int) * 4 + out["f_high"].to_numpy() * 2 + out["m_high"].to_numpy()
    labels = _names(SEGMENTS)
    lookup = np.empty(8, dtype=object)
    for label, seg in zip(labels, SEGMENTS.values()):
        r, f, m = seg["code"]
        lookup[r * 4 + f * 2 + m] = label
    out["segment"] = pd.Categorical(lookup[code], categories=labels, ordered=True)
    out.attrs["thresholds"] = thresholds
    out.attrs["method"] = method
    out.attrs["basis"] = basis
    return out


def segment_strategy(lang: str | None = None) -> pd.DataFrame:
    """The eight segments with their R/F/M pattern (↑ high, ↓ low) and the recommended action."""
    rows = []
    for key, seg in SEGMENTS.items():
        arrows = " ".join(f"{k}{'↑' if h else '↓'}" for k, h in zip("RFM", seg["code"]))
        rows.append({"segment": pick({"zh": seg["zh"], "en": seg["en"]}, lang), "rfm": arrows,
                     "strategy": pick(SEGMENT_STRATEGIES[key], lang)})
    return pd.DataFrame(rows).set_index("segment")


def segment_summary(seg) -> pd.DataFrame:
    """Per segment, in the fixed order: ``count``, ``share`` of customers, ``monetary_total``,
    ``monetary_share`` and the mean ``recency``, ``frequency``, ``monetary``.
    Empty segments are kept with count 0. Takes the output of :func:`rfm_segment`
    (built in either language; labelled in the active one)."""
    where = "segment_summary"
    _validate.frame(seg, where=where, arg="seg")
    _validate.columns(seg, {"segment": "segment", "recency": "recency", "frequency": "frequency",
                            "monetary": "monetary"}, where=where)
    key_of = _key_of_label(SEGMENTS)
    keys = seg["segment"].astype(object).map(key_of)
    unknown = keys.isna().to_numpy()
    if unknown.any():
        raise DataError(text(
            en="{where}: column 'segment' has unknown label(s) {v} at row(s) {rows}; "
               "build it with crm_study.value.rfm_segment(...).",
            zh="{where}：列 'segment' 在第 {rows} 行有无法识别的标签 {v}；请用 crm_study.value.rfm_segment(...) 生成。",
            where=where, v=sorted(set(seg["segment"][unknown].astype(str)))[:3],
            rows=_validate.row_list(seg.index[unknown], int(unknown.sum()))))
    g = seg[["recency", "frequency", "monetary"]].groupby(keys.to_numpy())
    order = list(SEGMENTS)
    count = g.size().reindex(order, fill_value=0)
    total = g["monetary"].sum().reindex(order, fill_value=0.0)
    means = g.mean().reindex(order)
    out = pd.DataFrame({
        "count": count.astype("int64"),
        "share": count / count.sum(),
        "monetary_total": total,
        "monetary_share": total / total.sum() if total.sum() != 0 else 0.0,
        "recency": means["recency"], "frequency": means["frequency"], "monetary": means["monetary"],
    })
    out.index = pd.Index(_names(SEGMENTS), name="segment")
    return out


# --------------------------------------------------------------------------- value matrix

def value_matrix(rfm, method="mean") -> pd.DataFrame:
    """The customer value matrix (客户价值矩阵): purchase frequency × average purchase amount.

    ``avg_amount = monetary / frequency``; each axis is *high* when strictly above its
    ``method`` ("mean", the textbook rule, or "median"). Quadrants: high/high best customers
    (最好的客户), low frequency & high amount spenders (乐于消费型客户), high frequency & low
    amount frequent customers (经常性客户), low/low uncertain customers (不确定型客户).
    Adds ``avg_amount``, ``frequency_high``, ``amount_high`` and ``quadrant`` (active
    language); thresholds in ``result.attrs["thresholds"]``. Takes the output of :func:`rfm_table`.

    >>> import pandas as pd
    >>> m = value_matrix(pd.DataFrame({"frequency": [1, 5], "monetary": [1000.0, 100.0]}))
    >>> m[["avg_amount", "frequency_high", "amount_high"]].to_numpy().tolist()   # spender, frequent
    [[1000.0, False, True], [20.0, True, False]]
    """
    where = "value_matrix"
    _validate.frame(rfm, where=where, arg="rfm")
    _validate.columns(rfm, {"frequency": "frequency", "monetary": "monetary"}, where=where)
    _choice(method, _METHODS, name="method", where=where)
    freq = _validate.numbers_col(rfm["frequency"], col="frequency", where=where)
    money = _validate.numbers_col(rfm["monetary"], col="monetary", where=where)
    zero = (freq <= 0).to_numpy()
    if zero.any():
        raise DataError(text(
            en="{where}: column 'frequency' is 0 at row(s) {rows}; every customer needs at least one purchase.",
            zh="{where}：列 'frequency' 在第 {rows} 行为 0；每位客户至少要有一次购买。",
            where=where, rows=_validate.row_list(rfm.index[zero], int(zero.sum()))))
    out = rfm.copy()
    out["avg_amount"] = money / freq
    f_cut, a_cut = _threshold(freq, method), _threshold(out["avg_amount"], method)
    out["frequency_high"] = (freq > f_cut).to_numpy()
    out["amount_high"] = (out["avg_amount"] > a_cut).to_numpy()
    labels = _names(QUADRANTS)
    lookup = np.empty(4, dtype=object)
    for label, q in zip(labels, QUADRANTS.values()):
        lookup[q["code"][0] * 2 + q["code"][1]] = label
    code = out["frequency_high"].to_numpy().astype(int) * 2 + out["amount_high"].to_numpy()
    out["quadrant"] = pd.Categorical(lookup[code], categories=labels, ordered=True)
    out.attrs["thresholds"] = {"frequency": f_cut, "avg_amount": a_cut}
    return out


# --------------------------------------------------------------------------- plots

def plot_pareto(abc, *, ax=None):
    """Pareto chart of :func:`abc_analysis`: value bars coloured by class, the cumulative share
    line (right axis) and the cut-off lines. Returns the Axes."""
    where = "plot_pareto"
    _validate.frame(abc, where=where, arg="abc")
    _validate.columns(abc, {"value": "value", "cum_share": "cum_share", "abc_class": "abc_class"}, where=where)
    unknown = ~abc["abc_class"].isin(list(_ABC_COLOURS)).to_numpy()
    if unknown.any():
        raise DataError(text(
            en="{where}: column 'abc_class' has values other than A, B, C at row(s) {rows}; "
               "build the table with crm_study.value.abc_analysis(...).",
            zh="{where}：列 'abc_class' 在第 {rows} 行有 A、B、C 以外的值；请用 crm_study.value.abc_analysis(...) 生成该表。",
            where=where, rows=_validate.row_list(abc.index[unknown], int(unknown.sum()))))
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    rank = np.arange(1, len(abc) + 1)
    cls = abc["abc_class"].to_numpy()
    for name, colour in _ABC_COLOURS.items():
        mask = cls == name
        if mask.any():
            share = mask.mean()
            label = text(en="class {c} ({p:.0%} of customers)", zh="{c} 类（占客户 {p:.0%}）", c=name, p=share)
            if len(abc) <= _MAX_BARS:
                ax.bar(rank[mask], abc["value"].to_numpy()[mask], width=1.0, color=colour, linewidth=0, label=label)
            else:  # thousands of customers: one filled area per class draws far faster than bars
                ax.fill_between(rank, np.where(mask, abc["value"].to_numpy(), np.nan), step="mid",
                                color=colour, linewidth=0, label=label)
    ax.set_xlabel(text(en="customers, ranked by value", zh="客户（按价值从高到低排序）"))
    ax.set_ylabel(text(en="value", zh="价值"))
    line = ax.twinx()
    line.plot(rank, abc["cum_share"].to_numpy() * 100, color="#2c3e50", linewidth=1.5)
    for cut in abc.attrs.get("cutoffs", (0.8, 0.95)):
        line.axhline(cut * 100, color="#2c3e50", linestyle="--", linewidth=0.8)
        line.annotate(f"{cut:.0%}", (rank[-1], cut * 100), ha="right", va="bottom", fontsize=8)
    line.set_ylim(0, 105)
    line.set_ylabel(text(en="cumulative share of value (%)", zh="累计价值占比（%）"))
    ax.set_xlim(0.5, len(abc) + 0.5)
    ax.legend(loc="center right", frameon=False)
    ax.set_title(text(en="ABC analysis: Pareto chart", zh="ABC 分析：帕累托图"))
    return ax


def plot_segments(seg, *, ax=None):
    """Bars: number of customers per RFM segment; line (right axis): share of monetary value.
    Takes :func:`rfm_segment` output or its :func:`segment_summary`. Returns the Axes."""
    where = "plot_segments"
    _validate.frame(seg, where=where, arg="seg")
    summary = seg if {"count", "monetary_share"} <= set(seg.columns) else segment_summary(seg)
    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(8.0, 4.2))
    x = np.arange(len(summary))
    ax.bar(x, summary["count"].to_numpy(), color="#3498db", label=text(en="customers", zh="客户数"))
    ax.set_ylabel(text(en="number of customers", zh="客户数"))
    ax.set_xticks(x, [str(s) for s in summary.index], rotation=30, ha="right")
    line = ax.twinx()
    line.plot(x, summary["monetary_share"].to_numpy() * 100, color="#c0392b", marker="o",
              label=text(en="share of monetary value (%)", zh="消费金额占比（%）"))
    line.set_ylabel(text(en="share of monetary value (%)", zh="消费金额占比（%）"))
    line.set_ylim(0, None)
    handles = ax.get_legend_handles_labels()[0] + line.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], loc="upper right", frameon=False)
    ax.set_title(text(en="RFM segments: customers and value", zh="RFM 客户细分：人数与价值"))
    return ax


def plot_rf_heatmap(scored, *, ax=None, value="count"):
    """R × F grid of :func:`rfm_score` output: number of customers (``value="count"``) or mean
    monetary value (``value="monetary"``) in each cell. Returns the Axes."""
    where = "plot_rf_heatmap"
    _validate.frame(scored, where=where, arg="scored")
    _validate.columns(scored, {"R": "R", "F": "F"}, where=where)
    _choice(value, ("count", "monetary"), name="value", where=where)
    if value == "monetary":
        _validate.columns(scored, {"monetary": "monetary"}, where=where)
    for col in ("R", "F"):
        score = _validate.numbers_col(scored[col], col=col, where=where)
        odd = ((score < 1) | (score > 10) | (score != np.floor(score))).to_numpy()
        if odd.any():
            raise DataError(text(
                en="{where}: column {col!r} must hold whole scores from 1 to 10 (from rfm_score), but row(s) {rows} "
                   "do not.", zh="{where}：列 {col!r} 应为 1 至 10 的整数分（由 rfm_score 生成），第 {rows} 行不是。",
                where=where, col=col, rows=_validate.row_list(scored.index[odd], int(odd.sum()))))
    from ..display.plotting import new_axes

    top = int(max(scored["R"].max(), scored["F"].max()))
    levels = range(1, top + 1)
    if value == "count":
        grid = pd.crosstab(scored["R"], scored["F"]).reindex(index=levels, columns=levels, fill_value=0)
    else:
        grid = scored.pivot_table(index="R", columns="F", values="monetary", aggfunc="mean",
                                  observed=False).reindex(index=levels, columns=levels)
    ax = new_axes(ax, figsize=(5.6, 4.6))
    data = grid.to_numpy(dtype=float)
    image = ax.imshow(data, origin="lower", cmap="YlOrRd", aspect="auto")
    for (i, j), v in np.ndenumerate(data):
        if np.isfinite(v):
            ax.text(j, i, f"{v:,.0f}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(top), list(levels))
    ax.set_yticks(range(top), list(levels))
    ax.set_xlabel(text(en="F score (frequency)", zh="F 分（购买频率）"))
    ax.set_ylabel(text(en="R score (recency; higher = more recent)", zh="R 分（最近购买；越高越近）"))
    ax.figure.colorbar(image, ax=ax, label=text(en="customers", zh="客户数") if value == "count"
                       else text(en="mean monetary value", zh="平均消费金额"))
    ax.set_title(text(en="Customers on the R × F grid", zh="R × F 网格中的客户") if value == "count"
                 else text(en="Mean spend on the R × F grid", zh="R × F 网格中的平均消费"))
    return ax


def plot_value_matrix(matrix, *, ax=None):
    """Scatter of :func:`value_matrix` output: frequency (x) × average amount (y), quadrants
    coloured, threshold lines dashed. Returns the Axes."""
    where = "plot_value_matrix"
    _validate.frame(matrix, where=where, arg="matrix")
    _validate.columns(matrix, {"frequency": "frequency", "avg_amount": "avg_amount", "quadrant": "quadrant"},
                      where=where)
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    colours = dict(zip(QUADRANTS, ("#c0392b", "#e67e22", "#3498db", "#95a5a6")))
    key_of = _key_of_label(QUADRANTS)
    keys = matrix["quadrant"].astype(object).map(key_of).to_numpy()
    labels = dict(zip(QUADRANTS, _names(QUADRANTS)))
    for key, colour in colours.items():
        mask = keys == key
        if mask.any():
            ax.scatter(matrix["frequency"].to_numpy()[mask], matrix["avg_amount"].to_numpy()[mask], s=8,
                       alpha=0.6, color=colour, label=labels[key])
    cuts = matrix.attrs.get("thresholds", {})
    if "frequency" in cuts:
        ax.axvline(cuts["frequency"], color="black", linestyle="--", linewidth=0.8)
    if "avg_amount" in cuts:
        ax.axhline(cuts["avg_amount"], color="black", linestyle="--", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xlabel(text(en="purchase frequency", zh="购买频率（次）"))
    ax.set_ylabel(text(en="average purchase amount (log scale)", zh="平均每次购买金额（对数刻度）"))
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(text(en="Customer value matrix", zh="客户价值矩阵"))
    return ax
