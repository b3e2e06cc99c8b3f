"""Churn and retention (客户流失与保持): period rates, cohort tables, the shifted-beta-geometric
model and the value of a retention improvement.

Conventions
-----------
* **Retention rate** of a period = (customers at the end − new customers gained in the period)
  / customers at the start; **churn rate** = 1 − retention = lost / start.
* A **cohort** is the customers acquired in the same month (or quarter / year); column ``k`` of
  a cohort table is "k periods since acquisition", and a customer counts there while still
  a customer ``k`` whole periods after signing up.
* The **shifted-beta-geometric (sBG)** model (Fader & Hardie 2007, *How to project customer
  retention*, Journal of Interactive Marketing 21(1)) lets every customer have their own
  churn probability θ ~ Beta(α, β): the least loyal leave first, so the retention rate of the
  cohort rises with tenure even though no single customer changes.

>>> fit = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
>>> round(fit.params["alpha"], 3), round(fit.params["beta"], 3)
(0.704, 1.182)
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .. import _validate
from .._setup import AS_OF
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import text

__all__ = [
    "FADER_HARDIE_2007", "churn_rates", "retention_rates", "cohort_table", "plot_cohort_heatmap",
    "fit_sbg", "SBGFit", "retention_value",
]

#: The two cohorts of Fader & Hardie (2007), Table 1: survivors of 1,000 customers at the start of
#: years 0–12 (the paper gives % surviving; ×10 here). The paper fits years 1–7
#: (``calibration_periods``) and compares the projection with years 8–12; ``alpha`` and ``beta``
#: are the published maximum-likelihood estimates.
FADER_HARDIE_2007 = {
    "regular": {
        "survivors": (1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173),
        "calibration_periods": 7, "alpha": 0.704, "beta": 1.182,
    },
    "high_end": {
        "survivors": (1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394),
        "calibration_periods": 7, "alpha": 0.668, "beta": 3.806,
    },
}

_FREQ_MONTHS = {"M": 1, "Q": 3, "Y": 12}
_LOG_BOUND = 15.0  # |log alpha|, |log beta| larger than this means the fit ran off to 0 or infinity


# --------------------------------------------------------------------------- period rates

def _rates(table, *, where, start_col, new_col, lost_col, end_col) -> pd.DataFrame:
    df = _validate.frame(table, where=where, arg="customers_per_period")
    needed = {"start_col": start_col, "new_col": new_col}
    needed.update({"end_col": end_col} if end_col is not None else {"lost_col": lost_col})
    _validate.columns(df, needed, where=where)
    nums = {kw: _validate.numbers_col(df[col], col=col, where=where, allow_negative=True)
            for kw, col in needed.items()}
    for kw, values in nums.items():
        bad = (values.to_numpy() % 1 != 0) | (values.to_numpy() < 0)
        if bad.any():
            raise DataError(text(
                en="{where}: column {col!r} must hold numbers of customers (whole numbers >= 0); "
                   "row(s) {rows} do not.",
                zh="{where}：列 {col!r} 应为客户人数（>= 0 的整数），第 {rows} 行不符合。",
                where=where, col=needed[kw], rows=_validate.row_list(df.index[bad], int(bad.sum()))))
    start, new = nums["start_col"], nums["new_col"]
    empty = start.to_numpy() == 0
    if empty.any():
        raise DataError(text(
            en="{where}: column {col!r} is 0 at row(s) {rows}; a rate needs customers at the start "
               "of the period. Drop those periods.",
            zh="{where}：列 {col!r} 在第 {rows} 行为 0；期初没有客户就无法计算比率，请删除这些期。",
            where=where, col=start_col, rows=_validate.row_list(df.index[empty], int(empty.sum()))))
    if end_col is not None:
        end = nums["end_col"]
        lost = start + new - end
    else:
        lost = nums["lost_col"]
        end = start + new - lost
    retained = end - new
    bad = (lost.to_numpy() > start.to_numpy()) | (retained.to_numpy() < 0)
    if bad.any():
        raise DataError(text(
            en="{where}: at row(s) {rows} more customers are lost than were there at the start "
               "({start} < lost). Check the counts: lost = start + new − end.",
            zh="{where}：第 {rows} 行流失的客户多于期初客户数（{start} < 流失数）。请检查人数："
               "流失数 = 期初 + 新增 − 期末。",
            where=where, start=start_col, rows=_validate.row_list(df.index[bad], int(bad.sum()))))
    out = df.copy()
    out["lost"] = lost.astype("int64")
    out["end"] = end.astype("int64")
    out["retention_rate"] = retained / start
    out["churn_rate"] = 1.0 - out["retention_rate"]
    return out


def retention_rates(customers_per_period, *, start_col="start", new_col="new", lost_col="lost",
                    end_col=None) -> pd.DataFrame:
    """Retention rate of each period: r = (end − new) / start (new customers do not count as kept).

    One row per period with the customer count at the start, the new customers gained and either
    the customers lost (``lost_col``) or the count at the end (``end_col``; then lost is derived
    as start + new − end). Returns the table with ``lost``, ``end``, ``retention_rate`` and
    ``churn_rate`` (= 1 − retention = lost / start) added.

    >>> retention_rates(pd.DataFrame({"start": [200], "new": [30], "lost": [20]}))["retention_rate"].tolist()
    [0.9]
    """
    return _rates(customers_per_period, where="retention_rates", start_col=start_col,
                  new_col=new_col, lost_col=lost_col, end_col=end_col)


def churn_rates(customers_per_period, *, start_col="start", new_col="new", lost_col="lost",
                end_col=None) -> pd.DataFrame:
    """Churn rate of each period: c = lost / start = 1 − (end − new) / start.

    The same table as :func:`retention_rates` (``lost``, ``end``, ``retention_rate``,
    ``churn_rate`` added), named for the question it answers.

    >>> table = pd.DataFrame({"start": [200], "new": [30], "end": [210]})
    >>> churn_rates(table, end_col="end")["churn_rate"].round(2).tolist()
    [0.1]
    """
    return _rates(customers_per_period, where="churn_rates", start_col=start_col,
                  new_col=new_col, lost_col=lost_col, end_col=end_col)


# --------------------------------------------------------------------------- cohort table

def _whole_months(start: pd.Series, end: pd.Series) -> np.ndarray:
    """Completed months from ``start`` to ``end`` (a month is complete on the same day of the month)."""
    return ((end.dt.year - start.dt.year) * 12 + (end.dt.month - start.dt.month)
            - (end.dt.day < start.dt.day)).to_numpy()


def _month_number(dates: pd.Series) -> np.ndarray:
    """Months since year 0 (calendar month ordinal); ``// 3`` gives quarters, ``// 12`` years."""
    return (dates.dt.year * 12 + dates.dt.month - 1).to_numpy()


def _cohort_labels(dates: pd.Series, freq: str) -> pd.Series:
    return dates.dt.to_period(freq).astype(str)


def cohort_table(subscriptions, *, customer_col="customer_id", start_col="signup_date",
                 end_col="cancel_date", activity_col=None, as_of=AS_OF, freq="M",
                 values="share") -> pd.DataFrame:
    """Cohort retention table: acquisition period (rows) × periods since acquisition (columns).

    Two kinds of input:

    * **subscriptions** (default): one row per customer with ``start_col`` (sign-up date) and
      ``end_col`` (cancellation date, empty while still a customer). A customer counts in column
      ``k`` while still subscribed ``k`` whole periods after signing up (a month is complete on
      the same day of the month); column 0 is the cohort size.
    * **activity log** (``activity_col=`` a date column, ``end_col`` ignored): one row per
      customer activity; the cohort is the period of the first activity and column ``k`` counts
      customers active in period cohort + k.

    ``values="share"`` gives the retention share (count / cohort size), ``"count"`` the customers.
    Cells not yet observable at ``as_of`` are empty (NaN): a cell is shown only when every
    customer of the cohort has been observed for ``k`` periods.

    >>> subs = pd.DataFrame({"customer_id": [1, 2], "signup_date": ["2024-01-05", "2024-01-20"],
    ...                      "cancel_date": ["2024-03-01", None]})
    >>> cohort_table(subs, as_of="2024-06-01", values="count").iloc[0].tolist()
    [2.0, 2.0, 1.0, 1.0, 1.0]
    """
    where = "cohort_table"
    df = _validate.frame(subscriptions, where=where, arg="subscriptions")
    if freq not in _FREQ_MONTHS:
        raise ArgumentError(text(en="{where}: freq={f!r} is not supported; use 'M' (month), 'Q' (quarter) "
                                    "or 'Y' (year).",
                                 zh="{where}：不支持 freq={f!r}；请使用 'M'（月）、'Q'（季度）或 'Y'（年）。",
                                 where=where, f=freq))
    if values not in ("share", "count"):
        raise ArgumentError(text(en="{where}: values={v!r} is not supported; use 'share' or 'count'.",
                                 zh="{where}：不支持 values={v!r}；请使用 'share'（留存比例）或 'count'（人数）。",
                                 where=where, v=values))
    as_of_ts = pd.to_datetime(pd.Series([as_of]), errors="coerce").iloc[0]
    if pd.isna(as_of_ts):
        raise ArgumentError(text(en="{where}: as_of={v!r} is not a date; write it as 'YYYY-MM-DD'.",
                                 zh="{where}：as_of={v!r} 不是日期；请写成 'YYYY-MM-DD' 格式。",
                                 where=where, v=as_of))
    _validate.columns(df, {"customer_col": customer_col}, where=where)
    no_id = df[customer_col].isna().to_numpy()
    if no_id.any():
        raise DataError(text(
            en="{where}: column {col!r} is empty at row(s) {rows}; every row needs a customer. Drop those rows.",
            zh="{where}：列 {col!r} 在第 {rows} 行为空；每一行都需要客户编号。请删除这些行。",
            where=where, col=customer_col, rows=_validate.row_list(df.index[no_id], int(no_id.sum()))))
    if activity_col is not None:
        counts = _activity_counts(df, where=where, customer_col=customer_col,
                                  activity_col=activity_col, as_of=as_of_ts, freq=freq)
    else:
        counts = _subscription_counts(df, where=where, customer_col=customer_col, start_col=start_col,
                                      end_col=end_col, as_of=as_of_ts, freq=freq)
    counts.index.name = "cohort"
    counts.columns.name = "periods_since"
    if values == "count":
        return counts
    return counts.div(counts[0], axis=0)


def _subscription_counts(df, *, where, customer_col, start_col, end_col, as_of, freq) -> pd.DataFrame:
    _validate.columns(df, {"customer_col": customer_col, "start_col": start_col, "end_col": end_col},
                      where=where)
    dup = df[customer_col].duplicated()
    if dup.any():
        raise DataError(text(
            en="{where}: customer(s) {ids} appear more than once in {col!r}; a subscription table has one "
               "row per customer. For an activity log pass activity_col='<date column>'.",
            zh="{where}：列 {col!r} 中客户 {ids} 出现了多次；订阅表应每位客户一行。"
               "如果这是活动记录，请传入 activity_col='<日期列>'。",
            where=where, col=customer_col, ids=", ".join(map(repr, df.loc[dup, customer_col].head(3)))))
    start, end = _validate.date_span(df, start_col, end_col, where=where)
    late = (start > as_of).to_numpy()
    if late.any():
        raise DataError(text(
            en="{where}: column {col!r} has sign-up dates after as_of={a} at row(s) {rows}. "
               "Drop them or move as_of later.",
            zh="{where}：列 {col!r} 在第 {rows} 行的注册日期晚于 as_of={a}。请删除这些行或把 as_of 调后。",
            where=where, col=start_col, a=as_of.date(), rows=_validate.row_list(df.index[late], int(late.sum()))))
    step = _FREQ_MONTHS[freq]
    observed = _whole_months(start, pd.Series(as_of, index=df.index)) // step
    churned = end.notna() & (end <= as_of)
    lifetime = np.where(churned.to_numpy(), _whole_months(start, end.fillna(as_of)) // step, observed)
    cohort = _cohort_labels(start, freq)
    horizon = int(observed.max())
    tally = (pd.DataFrame({"cohort": cohort.to_numpy(), "k": np.minimum(lifetime, horizon)})
             .value_counts().unstack("k", fill_value=0)
             .reindex(columns=range(horizon + 1), fill_value=0))
    counts = tally.iloc[:, ::-1].cumsum(axis=1).iloc[:, ::-1].astype("float64")
    seen = pd.Series(observed, index=cohort.to_numpy()).groupby(level=0).min().reindex(counts.index)
    mask = np.arange(horizon + 1)[None, :] <= seen.to_numpy()[:, None]
    return counts.where(mask).dropna(axis=1, how="all").sort_index()


def _activity_counts(df, *, where, customer_col, activity_col, as_of, freq) -> pd.DataFrame:
    _validate.columns(df, {"customer_col": customer_col, "activity_col": activity_col}, where=where)
    when = _validate.dates(df[activity_col], col=activity_col, where=where)
    late = (when >= as_of).to_numpy()
    if late.any():
        raise DataError(text(
            en="{where}: column {col!r} has activity on or after as_of={a} at row(s) {rows}. "
               "Drop those rows or move as_of later.",
            zh="{where}：列 {col!r} 在第 {rows} 行的活动日期不早于 as_of={a}。请删除这些行或把 as_of 调后。",
            where=where, col=activity_col, a=as_of.date(), rows=_validate.row_list(df.index[late], int(late.sum()))))
    step = _FREQ_MONTHS[freq]
    ordinal = pd.Series(_month_number(when) // step, index=df.index)
    first = ordinal.groupby(df[customer_col]).transform("min")
    cohort = _cohort_labels(when.groupby(df[customer_col]).transform("min"), freq).to_numpy()
    pairs = pd.DataFrame({"cohort": cohort, "k": (ordinal - first).to_numpy(), "c": df[customer_col].to_numpy()})
    counts = pairs.drop_duplicates().groupby(["cohort", "k"]).size().unstack("k", fill_value=0)
    last = _month_number(pd.Series([as_of]))[0] // step
    cohort_start = pd.Series(first.to_numpy(), index=cohort).groupby(level=0).first()
    left = (last - 1 - cohort_start).reindex(counts.index).to_numpy()
    horizon = int(left.max())
    counts = counts.reindex(columns=range(horizon + 1), fill_value=0).astype("float64")
    mask = np.arange(horizon + 1)[None, :] <= left[:, None]
    return counts.where(mask).sort_index()


def plot_cohort_heatmap(table, *, ax=None, annotate=True):
    """Heat map of a :func:`cohort_table` (share or count); returns the ``Axes``.

    Rows are acquisition periods, columns periods since acquisition; empty cells are not yet
    observable. A table whose values are all <= 1 is drawn as shares (annotated as percentages),
    any other as counts.
    """
    where = "plot_cohort_heatmap"
    df = _validate.frame(table, where=where, arg="table")
    data = df.apply(pd.to_numeric, errors="coerce").astype("float64")
    if not np.isfinite(data.to_numpy()).any():
        raise DataError(text(
            en="{where}: the table has no numbers to draw; pass the result of cohort_table(...).",
            zh="{where}：表中没有可绘制的数值；请传入 cohort_table(...) 的结果。", where=where))
    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(max(7.0, 0.45 * data.shape[1] + 2), max(4.2, 0.3 * data.shape[0] + 1.5)))
    share = bool(np.nanmax(data.to_numpy()) <= 1.0)
    image = ax.imshow(np.ma.masked_invalid(data.to_numpy()), aspect="auto", cmap="YlGnBu",
                      vmin=0, vmax=1 if share else None)
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    ax.set_xticks(range(data.shape[1]), [str(c) for c in data.columns])
    ax.set_yticks(range(data.shape[0]), [str(i) for i in data.index])
    if annotate:
        rows, cols = np.nonzero(np.isfinite(data.to_numpy()))
        for r, c in zip(rows, cols):
            v = data.iat[r, c]
            ax.text(c, r, f"{v:.0%}" if share else f"{v:.0f}", ha="center", va="center", fontsize=6,
                    color="white" if (share and v > 0.6) else "black")
    ax.set_xlabel(text(en="Periods since acquisition", zh="客户获取后的期数"))
    ax.set_ylabel(text(en="Acquisition cohort", zh="同期群（按客户获取时间）"))
    ax.set_title(text(en="Cohort retention", zh="同期群客户保持率") if share
                 else text(en="Customers still active by cohort", zh="各同期群仍在的客户数"))
    return ax


# --------------------------------------------------------------------------- shifted-beta-geometric

def _check_survivors(survivors) -> np.ndarray:
    where = "fit_sbg"
    if isinstance(survivors, (str, bytes, dict)) or not isinstance(
            survivors, (list, tuple, np.ndarray, pd.Series, pd.Index)):
        raise InputTypeError(text(
            en="{where}: survivors must be a list, array or Series of customer counts, got {t}.",
            zh="{where}：参数 survivors 应为客户人数的列表、数组或 Series，实际为 {t}。",
            where=where, t=type(survivors).__name__))
    raw = list(survivors)
    if len(raw) < 3:
        raise ArgumentError(text(
            en="{where}: survivors needs at least 3 counts (the cohort size and two later periods), got {n}; "
               "one period shows only the average churn, not how it changes with tenure.",
            zh="{where}：参数 survivors 至少需要 3 个人数（同期群初始人数和之后至少两期），实际只有 {n} 个；"
               "只有一期数据只能看出平均流失率，看不出它随客户年限的变化。",
            where=where, n=len(raw)))
    for i, v in enumerate(raw):
        if isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)) and np.isnan(v):
            raise DataError(text(
                en="{where}: survivors[{i}] is missing (NaN); drop the periods not observed yet, "
                   "e.g. fit_sbg(row.dropna()) for a row of cohort_table(..., values='count').",
                zh="{where}：survivors[{i}] 缺失（NaN）；请先去掉尚未观察到的期，例如对 "
                   "cohort_table(..., values='count') 的一行使用 fit_sbg(row.dropna())。",
                where=where, i=i))
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) or not np.isfinite(v) \
                or float(v) != int(v):
            raise DataError(text(
                en="{where}: survivors[{i}] = {v!r} is not a whole number of customers; pass counts "
                   "(not percentages with decimals) such as [1000, 631, 468].",
                zh="{where}：survivors[{i}] = {v!r} 不是整数人数；请传入人数（不要带小数的百分比），"
                   "例如 [1000, 631, 468]。",
                where=where, i=i, v=v))
    n = np.asarray(raw, dtype="float64")
    neg = np.flatnonzero(n < 0)
    if neg.size:
        raise DataError(text(en="{where}: survivors[{i}] = {v:g} is negative; counts must be >= 0.",
                             zh="{where}：survivors[{i}] = {v:g} 为负数；人数必须 >= 0。",
                             where=where, i=int(neg[0]), v=n[neg[0]]))
    if n[0] == 0:
        raise DataError(text(en="{where}: survivors[0] is 0; the first count is the cohort size and must be positive.",
                             zh="{where}：survivors[0] 为 0；第一个数是同期群的初始人数，必须大于 0。",
                             where=where))
    up = np.flatnonzero(np.diff(n) > 0)
    if up.size:
        i = int(up[0]) + 1
        raise DataError(text(
            en="{where}: survivors must not increase, but survivors[{i}] = {b:g} > survivors[{j}] = {a:g}. "
               "Count only the customers of one cohort (new sign-ups do not join it).",
            zh="{where}：survivors 不能增加，但 survivors[{i}] = {b:g} > survivors[{j}] = {a:g}。"
               "请只统计同一个同期群的客户（新注册的客户不加入该群）。",
            where=where, i=i, j=i - 1, a=n[i - 1], b=n[i]))
    return n


class SBGFit:
    """A fitted shifted-beta-geometric model (see :func:`fit_sbg`).

    Attributes: ``params`` ({"alpha", "beta"}), ``loglik`` (maximised log-likelihood),
    ``survivors`` (the counts it was fitted to, period 0 first).
    """

    def __init__(self, alpha: float, beta: float, loglik: float, survivors: np.ndarray):
        self.params = {"alpha": float(alpha), "beta": float(beta)}
        self.loglik = float(loglik)
        self.survivors = survivors

    def __repr__(self) -> str:
        return (f"SBGFit(alpha={self.params['alpha']:.4f}, beta={self.params['beta']:.4f}, "
                f"loglik={self.loglik:.2f}, periods={len(self.survivors) - 1})")

    @staticmethod
    def _periods(t, *, name: str, lo: float):
        """``t`` as a number or a float array (``_validate.vector``'s rule), every value >= ``lo``."""
        values, kind, _ = _validate.vector(t, name="t", where=f"SBGFit.{name}", lo=lo)
        return values[0] if kind == "scalar" else values

    def survival(self, t):
        """S(t) = B(α, β + t) / B(α, β): share of the cohort still there after t periods; S(0) = 1."""
        from scipy.special import betaln

        a, b = self.params["alpha"], self.params["beta"]
        out = np.exp(betaln(a, b + self._periods(t, name="survival", lo=0)) - betaln(a, b))
        return float(out) if np.ndim(out) == 0 else out

    def retention(self, t):
        """r(t) = (β + t − 1) / (α + β + t − 1): share of period t−1's survivors still there at t (t >= 1)."""
        a, b = self.params["alpha"], self.params["beta"]
        tt = self._periods(t, name="retention", lo=1)
        out = (b + tt - 1) / (a + b + tt - 1)
        return float(out) if np.ndim(out) == 0 else out

    def projection(self, periods: int) -> pd.DataFrame:
        """Periods 0..``periods``: model survival and retention, expected and observed survivors."""
        periods = _validate.number(periods, name="periods", where="SBGFit.projection", lo=1, integer=True)
        t = np.arange(periods + 1)
        observed = pd.Series(self.survivors, dtype="float64").reindex(t)
        out = pd.DataFrame({
            "survival": self.survival(t),
            "retention": np.r_[np.nan, self.retention(t[1:])],
            "expected_survivors": self.survivors[0] * self.survival(t),
            "observed_survivors": observed.to_numpy(),
        }, index=pd.Index(t, name="period"))
        out["observed_survival"] = out["observed_survivors"] / self.survivors[0]
        return out

    def plot(self, periods: int | None = None, *, actual=None, ax=None):
        """Model survival curve against the observed survival share; returns the ``Axes``.

        ``actual`` may give a longer series of survivor counts (e.g. including hold-out periods
        the model was not fitted to); the fitted periods are marked by a dashed line.
        """
        where = "SBGFit.plot"
        shown = self.survivors if actual is None else _check_survivors(actual)
        if periods is None:
            periods = len(shown) - 1
        periods = _validate.number(periods, name="periods", where=where, lo=1, integer=True)
        from ..display.plotting import new_axes

        ax = new_axes(ax)
        t = np.linspace(0, periods, 200)
        ax.plot(t, self.survival(t), color="C0", label=text(en="sBG model", zh="sBG 模型"))
        k = np.arange(len(shown))
        ax.plot(k, shown / shown[0], "o", color="C1", label=text(en="observed", zh="实际"))
        ax.axvline(len(self.survivors) - 1, color="grey", linestyle="--", linewidth=1,
                   label=text(en="end of fitted periods", zh="拟合期结束"))
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(text(en="Periods since acquisition", zh="客户获取后的期数"))
        ax.set_ylabel(text(en="Share of cohort still a customer", zh="同期群仍为客户的比例"))
        ax.set_title(text(en="Projected retention (shifted-beta-geometric)",
                          zh="客户保持预测（移位贝塔几何模型）"))
        ax.legend()
        return ax


def fit_sbg(survivors) -> SBGFit:
    """Fit the shifted-beta-geometric model to one cohort's survivor counts by maximum likelihood.

    ``survivors[t]`` = customers still active at the start of period t (``survivors[0]`` = cohort
    size). Each customer leaves with probability θ per period, θ ~ Beta(α, β) across customers:
    P(T = t) = B(α + 1, β + t − 1) / B(α, β), S(t) = B(α, β + t) / B(α, β).
    Log-likelihood = Σ_t (n_{t−1} − n_t)·ln P(T = t) + n_last·ln S(last): the customers still
    there at the end are right-censored. Maximised over (ln α, ln β) with L-BFGS and the exact
    gradient.

    >>> fit_sbg([1000, 869, 743, 653, 593, 551, 517, 491]).params   # doctest: +ELLIPSIS
    {'alpha': 0.668..., 'beta': 3.806...}
    """
    from scipy import optimize, special

    n = _check_survivors(survivors)
    if n[-1] == n[0]:
        raise DataError(text(
            en="fit_sbg: survivors never fall ({n:g} customers throughout); with no customer lost "
               "the churn model cannot be estimated. Use a longer observation window.",
            zh="fit_sbg：survivors 从未减少（始终为 {n:g} 人）；没有客户流失就无法估计流失模型。"
               "请使用更长的观察期。", n=n[0]))
    lost = n[:-1] - n[1:]
    t = np.arange(1, len(n))
    last = len(n) - 1

    def negloglik(x):
        a, b = np.exp(x)
        base = special.betaln(a, b)
        ll = lost @ (special.betaln(a + 1, b + t - 1) - base) + n[-1] * (special.betaln(a, b + last) - base)
        psi_ab = special.digamma(a + b)
        da = (lost @ (special.digamma(a + 1) - special.digamma(a + b + t) - special.digamma(a) + psi_ab)
              + n[-1] * (psi_ab - special.digamma(a + b + last)))
        db = (lost @ (special.digamma(b + t - 1) - special.digamma(a + b + t) - special.digamma(b) + psi_ab)
              + n[-1] * (special.digamma(b + last) - special.digamma(a + b + last) - special.digamma(b) + psi_ab))
        return -ll, -np.array([a * da, b * db])

    res = optimize.minimize(negloglik, x0=np.zeros(2), jac=True, method="L-BFGS-B",
                            bounds=[(-_LOG_BOUND, _LOG_BOUND)] * 2,
                            options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 500})
    if np.any(np.abs(res.x) >= _LOG_BOUND - 1e-6) or not np.isfinite(res.fun):
        raise DataError(text(
            en="fit_sbg: the likelihood of these survivors has no maximum at finite alpha and beta "
               "(the estimates run off to 0 or infinity): either churn looks the same for every customer "
               "(use a constant retention rate) or the pattern is extreme, e.g. everyone who leaves does so "
               "in the first period. Check the counts or use more periods.",
            zh="fit_sbg：这组 survivors 的似然函数在有限的 alpha、beta 处没有最大值（估计值趋于 0 或无穷大），"
               "要么所有客户的流失概率看起来相同（请改用固定的保持率），要么数据模式过于极端，"
               "例如流失的客户全部在第一期离开。请检查人数或使用更多期的数据。"))
    alpha, beta = np.exp(res.x)
    return SBGFit(alpha, beta, -res.fun, n)


# --------------------------------------------------------------------------- value of retention

def retention_value(margin, retention, discount, *, uplift=0.05, acquisition_cost=0) -> pd.Series:
    """What raising retention by ``uplift`` (default 5 points) is worth per customer in CLV.

    Uses the simple retention CLV, CLV = m·r / (1 + d − r) − AC (:func:`crm_study.analytics.clv.clv_simple`),
    at r and at r + uplift. Returns a Series: ``retention``, ``retention_new``, ``clv``,
    ``clv_new``, ``gain`` (clv_new − clv) and ``gain_pct`` (gain / |clv|).

    >>> round(float(retention_value(100, 0.6, 0.1)["gain"]), 2)      # 144.44 − 120.00
    24.44
    """
    from .clv import clv_simple

    where = "retention_value"
    m = _validate.number(margin, name="margin", where=where)
    r = _validate.number(retention, name="retention", where=where, lo=0, hi=1, hi_open=True)
    d = _validate.number(discount, name="discount", where=where, lo=-1, lo_open=True)
    ac = _validate.number(acquisition_cost, name="acquisition_cost", where=where, lo=0)
    u = _validate.number(uplift, name="uplift", where=where)
    if not 0 <= r + u < 1:
        raise ArgumentError(text(
            en="{where}: retention + uplift = {v:g} is outside [0, 1); choose an uplift that keeps the "
               "new retention rate below 1 (e.g. uplift=0.05 means +5 points).",
            zh="{where}：retention + uplift = {v:g} 超出 [0, 1)；请选择使新保持率小于 1 的 uplift"
               "（例如 uplift=0.05 表示提高 5 个百分点）。", where=where, v=r + u))
    before = clv_simple(m, r, d, acquisition_cost=ac)
    after = clv_simple(m, r + u, d, acquisition_cost=ac)
    gain = after - before
    return pd.Series({"retention": r, "retention_new": r + u, "clv": before, "clv_new": after,
                      "gain": gain, "gain_pct": gain / abs(before) if before else np.nan})
