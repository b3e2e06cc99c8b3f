"""Customer loyalty (客户忠诚): repeat-purchase rate, share of wallet (客户份额),
purchase intervals and the behaviour × attitude loyalty classes (Dick & Basu 1994).

Loyalty is judged on behaviour *and* attitude: a customer who buys again only out of
habit or lack of choice shows spurious loyalty, not true loyalty.

>>> share_of_wallet(3000, 12000)
0.25
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, DataError
from ..i18n import pick, text

__all__ = ["LOYALTY_CLASSES", "repeat_purchase_rate", "share_of_wallet", "purchase_intervals",
           "purchase_interval_stats", "loyalty_class"]

#: The four loyalty classes of Dick & Basu (1994): code -> names.
LOYALTY_CLASSES = {
    "true": {"en": "true loyalty", "zh": "真正忠诚"},
    "latent": {"en": "latent loyalty", "zh": "潜在忠诚"},
    "spurious": {"en": "spurious loyalty", "zh": "虚假忠诚"},
    "none": {"en": "no loyalty", "zh": "不忠诚"},
}


def _purchases(transactions, *, customer_col: str, date_col: str, order_col: str | None,
               start, end, where: str) -> pd.DataFrame:
    """One row per purchase (distinct order, or distinct customer-day), within [start, end]."""
    _validate.frame(transactions, where=where, arg="transactions")
    cols = {"customer_col": customer_col, "date_col": date_col}
    if order_col is not None:
        cols["order_col"] = order_col
    _validate.columns(transactions, cols, where=where)
    missing = transactions[customer_col].isna()
    if missing.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} missing customer id(s) at row(s) {rows}; drop or fill them.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个缺失的客户编号；请删除或补全。",
            where=where, col=customer_col, n=int(missing.sum()),
            rows=_validate.row_list(transactions.index[missing], int(missing.sum()))))
    data = pd.DataFrame({"customer": transactions[customer_col],
                         "date": _validate.dates(transactions[date_col], col=date_col, where=where).dt.normalize()})
    bounds = {}
    for name, value in (("start", start), ("end", end)):
        if value is not None:
            parsed = pd.to_datetime(pd.Series([value]), errors="coerce", format="mixed")
            if parsed.isna().any():
                raise ArgumentError(text(en="{where}: {name} = {v!r} is not a date; write it as 'YYYY-MM-DD'.",
                                         zh="{where}：参数 {name} = {v!r} 不是日期；请写成 'YYYY-MM-DD'。",
                                         where=where, name=name, v=value))
            bounds[name] = parsed.iloc[0]
    if "start" in bounds and "end" in bounds and bounds["start"] > bounds["end"]:
        raise ArgumentError(text(en="{where}: start ({s:%Y-%m-%d}) is after end ({e:%Y-%m-%d}); swap them.",
                                 zh="{where}：start（{s:%Y-%m-%d}）晚于 end（{e:%Y-%m-%d}）；请交换两者。",
                                 where=where, s=bounds["start"], e=bounds["end"]))
    keep = pd.Series(True, index=data.index)
    if "start" in bounds:
        keep &= data["date"] >= bounds["start"]
    if "end" in bounds:
        keep &= data["date"] <= bounds["end"]
    if order_col is not None:
        data["order"] = transactions[order_col]
        data = data[keep].drop_duplicates(["customer", "order"])
    else:
        data = data[keep].drop_duplicates(["customer", "date"])
    if data.empty:
        raise DataError(text(en="{where}: no purchases between start and end; widen the period.",
                             zh="{where}：start 与 end 之间没有任何购买记录；请放宽时间范围。", where=where))
    return data.reset_index(drop=True)


def repeat_purchase_rate(transactions: pd.DataFrame, *, customer_col: str = "customer_id",
                         date_col: str = "order_date", order_col: str | None = None,
                         start=None, end=None) -> pd.Series:
    """Repeat-purchase rate (重复购买率) = customers with >= 2 purchases / customers with >= 1,
    counting only purchases between ``start`` and ``end`` (inclusive, default: all).

    A purchase is a distinct ``order_col`` value when given, otherwise a distinct
    customer-day (several rows on one day count once, as in the BTYD convention).
    Returns customers, repeat_customers and rate.

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "order_date": ["2024-01-02", "2024-03-01", "2024-02-01"]})
    >>> float(repeat_purchase_rate(tx)["rate"])
    0.5
    """
    where = "repeat_purchase_rate"
    data = _purchases(transactions, customer_col=customer_col, date_col=date_col, order_col=order_col,
                      start=start, end=end, where=where)
    counts = data.groupby("customer", sort=False).size()
    repeaters = int((counts >= 2).sum())
    return pd.Series({"customers": len(counts), "repeat_customers": repeaters, "rate": repeaters / len(counts)},
                     dtype="float64")


def share_of_wallet(our_spend, total_category_spend):
    """Share of wallet (客户份额) = what the customer spends with us / what the customer
    spends in the whole category (with us and with competitors); in [0, 1].

    Numbers, lists, arrays or Series (Series in, Series out). Our spend above the total,
    negative values or a zero total raise an error naming the argument.

    >>> share_of_wallet([500, 0], [1000, 800]).tolist()
    [0.5, 0.0]
    """
    where = "share_of_wallet"
    ours, total = _validate.vector_pair(our_spend, total_category_spend, names=("our_spend", "total_category_spend"), where=where)
    for part, name in ((ours, "our_spend"), (total, "total_category_spend")):
        neg = part[0] < 0
        if neg.any():
            raise DataError(text(
                en="{where}: {name} has {n} negative value(s) at position(s) {rows}; spending must be >= 0.",
                zh="{where}：参数 {name} 在第 {rows} 个位置有 {n} 个负值；消费额必须 >= 0。",
                where=where, name=name, n=int(neg.sum()), rows=_validate.row_list(np.flatnonzero(neg), int(neg.sum()))))
    o, t = np.broadcast_arrays(ours[0], total[0])
    zero = t <= 0
    if zero.any():
        raise DataError(text(
            en="{where}: total_category_spend is 0 at position(s) {rows}, so the share is undefined; "
               "leave out customers who spent nothing in the category.",
            zh="{where}：参数 total_category_spend 在第 {rows} 个位置为 0，份额无从计算；"
               "请剔除在该品类没有任何消费的客户。",
            where=where, rows=_validate.row_list(np.flatnonzero(zero), int(zero.sum()))))
    over = o > t
    if over.any():
        raise DataError(text(
            en="{where}: our_spend is larger than total_category_spend at position(s) {rows}; the total must "
               "include our own sales. Check that the two arguments are not swapped.",
            zh="{where}：在第 {rows} 个位置 our_spend 大于 total_category_spend；品类总消费应包含本企业的销售额。"
               "请检查两个参数是否写反。",
            where=where, rows=_validate.row_list(np.flatnonzero(over), int(over.sum()))))
    return _validate.shaped_like(o / t, [ours, total], "share_of_wallet")


def purchase_intervals(transactions: pd.DataFrame, *, customer_col: str = "customer_id",
                       date_col: str = "order_date") -> pd.DataFrame:
    """Per customer: purchases (distinct days), first and last purchase, and the mean and
    median number of days between consecutive purchases (NaN for one-time buyers).

    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1], "order_date": ["2024-01-01", "2024-01-11", "2024-01-31"]})
    >>> purchase_intervals(tx)["mean_interval_days"].tolist()
    [15.0]
    """
    data = _purchases(transactions, customer_col=customer_col, date_col=date_col, order_col=None,
                      start=None, end=None, where="purchase_intervals")
    data = data.sort_values(["customer", "date"], kind="stable")
    data["gap"] = data.groupby("customer", sort=False)["date"].diff().dt.days
    g = data.groupby("customer")
    out = pd.DataFrame({"purchases": g.size(), "first_purchase": g["date"].min(), "last_purchase": g["date"].max(),
                        "mean_interval_days": g["gap"].mean(), "median_interval_days": g["gap"].median()})
    out.index.name = customer_col
    return out


def purchase_interval_stats(transactions: pd.DataFrame, *, customer_col: str = "customer_id",
                            date_col: str = "order_date") -> pd.Series:
    """Statistics of all gaps between a customer's consecutive purchase days, pooled over
    customers: how many gaps, from how many repeat customers, mean, median, std, 25th and
    75th percentile in days (the typical repurchase cycle)."""
    data = _purchases(transactions, customer_col=customer_col, date_col=date_col, order_col=None,
                      start=None, end=None, where="purchase_interval_stats")
    data = data.sort_values(["customer", "date"], kind="stable")
    gaps = data.groupby("customer", sort=False)["date"].diff().dt.days.dropna()
    if gaps.empty:
        raise DataError(text(
            en="purchase_interval_stats: no customer bought on two different days, so there is no interval to "
               "describe. Use a longer period.",
            zh="purchase_interval_stats：没有客户在两个不同的日期购买过，因此没有购买间隔可以统计。请使用更长的时间段。"))
    return pd.Series({"intervals": len(gaps), "repeat_customers": data.loc[gaps.index, "customer"].nunique(),
                      "mean_days": gaps.mean(), "median_days": gaps.median(), "std_days": gaps.std(),
                      "p25_days": gaps.quantile(0.25), "p75_days": gaps.quantile(0.75)}, dtype="float64")


def _cut(values: np.ndarray, cut, *, name: str, where: str) -> float:
    if isinstance(cut, str) and cut in ("median", "mean"):
        return float(np.median(values) if cut == "median" else np.mean(values))
    if isinstance(cut, str):
        raise ArgumentError(text(en="{where}: {name} must be 'median', 'mean' or a number, got {v!r}.",
                                 zh="{where}：参数 {name} 应为 'median'、'mean' 或数字，实际为 {v!r}。",
                                 where=where, name=name, v=cut))
    return _validate.number(cut, name=name, where=where)


def loyalty_class(behaviour_score, attitude_score, *, behaviour_cut="median", attitude_cut="median",
                  lang: str | None = None) -> pd.DataFrame:
    """Loyalty class from behaviour × attitude (Dick & Basu 1994), score >= cut is "high":

    high behaviour & high attitude: true loyalty (真正忠诚); low behaviour & high attitude:
    latent loyalty (潜在忠诚); high behaviour & low attitude: spurious loyalty (虚假忠诚,
    whatever the cause: inertia, monopoly, convenience, incentives); low & low: no loyalty
    (不忠诚). Behaviour is e.g. share of wallet or repeat purchases; attitude e.g. satisfaction or likelihood to recommend. Cuts are
    ``"median"`` (default), ``"mean"`` or numbers; they are kept in ``result.attrs``.

    >>> loyalty_class([0.9, 0.1], [9, 9], behaviour_cut=0.5, attitude_cut=7, lang="en")["loyalty"].tolist()
    ['true loyalty', 'latent loyalty']
    """
    where = "loyalty_class"
    b, a = _validate.vector_pair(behaviour_score, attitude_score, names=("behaviour_score", "attitude_score"), where=where)
    bv, av = np.broadcast_arrays(b[0], a[0])
    cut_b = _cut(bv, behaviour_cut, name="behaviour_cut", where=where)
    cut_a = _cut(av, attitude_cut, name="attitude_cut", where=where)
    hi_b, hi_a = bv >= cut_b, av >= cut_a
    code = np.select([hi_b & hi_a, hi_a, hi_b], ["true", "latent", "spurious"], default="none")
    index = next((p[2] for p in (b, a) if p[1] == "series"), None)
    out = pd.DataFrame({"behaviour": bv, "attitude": av, "loyalty_code": code}, index=index)
    out["loyalty"] = out["loyalty_code"].map({k: pick(v, lang) for k, v in LOYALTY_CLASSES.items()})
    out.attrs.update(behaviour_cut=cut_b, attitude_cut=cut_a)
    return out
