"""Customer lifetime value (客户终身价值, CLV): the textbook formulas.

Two definitions (课本): the **broad** CLV is the present value of all the profit a customer
brings over the whole relationship; the **narrow** CLV counts only future profit. The functions
here compute the narrow, forward-looking value of one customer:

- :func:`clv_simple` — infinite horizon, constant margin and retention: ``m·r/(1+d−r) − AC``;
- :func:`clv_table` — finite horizon, period by period (margin may change each period);
- :func:`clv_discounted` — the exam calculation "profit p for N years, discount rate d,
  acquisition cost AC": ``Σ p_t/(1+d)^t − AC`` (retention 1 unless given).

>>> round(clv_simple(100, 0.8, 0.1), 2)
266.67
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError
from ..i18n import text

__all__ = ["clv_simple", "clv_table", "clv_discounted", "plot_clv_vs_retention"]


def clv_simple(margin, retention, discount, acquisition_cost=0):
    """Infinite-horizon CLV with constant margin ``m``, retention ``r`` and discount rate ``d``:

        CLV = m · r / (1 + d − r) − AC

    Convention (period 1): margins arrive at the **end** of each period and the first one is
    earned only if the customer is retained, so no margin is counted today. The variant that
    also counts a margin now is ``m·(1+d)/(1+d−r)`` (= this formula with AC = 0, plus ``m``).
    Each argument is a number or a list/array/Series of them (one value per case, all of one length;
    a Series in gives a Series out), checked by one rule (``_validate.vector``): text such as ``'100'``
    is refused, as are missing values, naming the argument and position. Requires 0 <= r < 1 and d > −1.

    >>> round(clv_simple(100, 0.8, 0.1, acquisition_cost=50), 2)
    216.67
    """
    where = "clv_simple"
    parts = _validate.vectors({"margin": margin, "retention": retention, "discount": discount,
                               "acquisition_cost": acquisition_cost}, where=where,
                              bounds={"retention": {"lo": 0, "hi": 1, "hi_open": True},
                                      "discount": {"lo": -1, "lo_open": True}, "acquisition_cost": {"lo": 0}})
    m, r, d, ac = (p[0] for p in parts)
    return _validate.shaped_like(m * r / (1 + d - r) - ac, parts, "clv")


def clv_table(margin, retention, discount, periods=None, acquisition_cost=0, *, first_period=1) -> pd.DataFrame:
    """Finite-horizon discounted CLV, one row per period ``t``:

        discounted_margin_t = margin_t · r^t / (1 + d)^t,   CLV_T = Σ_{t ≤ T} discounted_margin_t − AC

    Columns: ``period`` t, ``survival`` r^t (probability the customer is still there),
    ``margin``, ``discount_factor`` 1/(1+d)^t, ``discounted_margin``, ``cumulative`` (running
    sum) and ``clv`` (cumulative − AC: the CLV if the relationship stopped after that period);
    the last row's ``clv`` is the answer. ``margin`` is a number (then ``periods`` is needed) or
    one value per period. ``first_period=1`` (default) starts at the end of period 1, as
    :func:`clv_simple`, to which the table converges as ``periods`` grows; ``first_period=0``
    counts a margin today. Retention may be 1 here (a customer certain to stay for ``periods``).

    >>> round(float(clv_table(100, 0.8, 0.1, periods=3)["clv"].iloc[-1]), 2)
    164.09
    """
    return _table(margin, retention, discount, periods, acquisition_cost, first_period=first_period,
                  where="clv_table", names=("margin", "periods"))


def _table(margin, retention, discount, periods, acquisition_cost, *, first_period, where: str,
           names: tuple[str, str]) -> pd.DataFrame:
    """:func:`clv_table` with the caller's name and argument names (``margin``/``periods`` or
    ``profit``/``years``) in every message."""
    m_name, n_name = names
    if first_period not in (0, 1) or isinstance(first_period, bool):
        raise ArgumentError(text(en="{where}: first_period must be 0 or 1, got {v!r}.",
                                 zh="{where}：参数 first_period 应为 0 或 1，实际为 {v!r}。",
                                 where=where, v=first_period))
    m, kind, _ = _validate.vector(margin, name=m_name, where=where)
    if kind != "scalar":
        if len(m) == 0:
            raise ArgumentError(text(en="{where}: {m} is an empty sequence; give one value per period.",
                                     zh="{where}：参数 {m} 是空序列；请每期给出一个值。", where=where, m=m_name))
        if periods is None:
            periods = len(m)
    if periods is None:
        raise ArgumentError(text(en="{where}: {n} is missing; pass {n}=N with a single {m}.",
                                 zh="{where}：缺少 {n}；只给一个 {m} 时请传入 {n}=N。", where=where, n=n_name, m=m_name))
    n = _validate.number(periods, name=n_name, where=where, lo=1, hi=100_000, integer=True)
    if kind != "scalar" and len(m) != n:
        raise ArgumentError(text(
            en="{where}: {m} has {k} values but {p}={n}; give one value per period or drop {p}.",
            zh="{where}：{m} 有 {k} 个值，而 {p}={n}；请每期给一个值，或不传 {p}。",
            where=where, m=m_name, k=len(m), p=n_name, n=n))
    r = _validate.number(retention, name="retention", where=where, lo=0, hi=1)
    d = _validate.number(discount, name="discount", where=where, lo=-1, lo_open=True)
    ac = _validate.number(acquisition_cost, name="acquisition_cost", where=where, lo=0)
    t = np.arange(first_period, first_period + n)
    survival = r ** t
    factor = (1.0 + d) ** -t.astype("float64")
    margins = np.broadcast_to(m if kind != "scalar" else m[0], t.shape).astype("float64")
    discounted = margins * survival * factor
    cumulative = np.cumsum(discounted)
    return pd.DataFrame({"period": t, "survival": survival, "margin": margins, "discount_factor": factor,
                         "discounted_margin": discounted, "cumulative": cumulative, "clv": cumulative - ac})


def clv_discounted(profit, discount, years=None, acquisition_cost=0, *, retention=1.0, first_period=1) -> float:
    """The exam-style CLV of one customer: profit ``p_t`` per year for ``years`` years, discounted
    at ``d``, minus the acquisition cost:

        CLV = Σ_{t=1..N} p_t · r^t / (1 + d)^t − AC     (r = 1: the customer surely stays N years)

    ``profit`` is a number (then give ``years``) or the list of yearly profits.

    >>> round(clv_discounted(500, 0.1, years=3, acquisition_cost=200), 2)
    1043.43
    """
    table = _table(profit, retention, discount, years, acquisition_cost, first_period=first_period,
                   where="clv_discounted", names=("profit", "years"))
    return float(table["clv"].iloc[-1])


def plot_clv_vs_retention(margin, discount, acquisition_cost=0, *, ax=None, highlight=None):
    """CLV (:func:`clv_simple`) as retention goes from 0 to 0.95; ``highlight`` marks one retention
    rate with its value. Shows how sharply CLV rises as retention approaches 1. Returns the Axes."""
    where = "plot_clv_vs_retention"
    m = _validate.number(margin, name="margin", where=where)
    d = _validate.number(discount, name="discount", where=where, lo=-1, lo_open=True)
    ac = _validate.number(acquisition_cost, name="acquisition_cost", where=where, lo=0)
    if highlight is not None:
        highlight = _validate.number(highlight, name="highlight", where=where, lo=0, hi=1, hi_open=True)
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    r = np.linspace(0.0, 0.95, 96)
    ax.plot(r * 100, clv_simple(m, r, d, ac), color="#2980b9", linewidth=2,
            label="CLV = m·r/(1+d−r) − AC")
    if ac > 0:
        ax.axhline(0, color="grey", linewidth=0.8)
    if highlight is not None:
        value = clv_simple(m, highlight, d, ac)
        ax.plot([highlight * 100], [value], "o", color="#c0392b")
        ax.annotate(text(en="r = {r:.0%}: CLV = {v:,.2f}", zh="r = {r:.0%}：CLV = {v:,.2f}", r=highlight, v=value),
                    (highlight * 100, value), textcoords="offset points", xytext=(-10, 10), ha="right")
    ax.set_xlabel(text(en="retention rate r (%)", zh="客户保持率 r（%）"))
    ax.set_ylabel(text(en="customer lifetime value", zh="客户终身价值"))
    ax.set_title(text(en="CLV rises steeply with retention (m = {m:g}, d = {d:.0%})",
                      zh="CLV 随保持率急剧上升（m = {m:g}，d = {d:.0%}）", m=m, d=d))
    ax.legend(frameon=False, loc="upper left")
    return ax


# The probabilistic models (BG/NBD, Gamma-Gamma, model-based CLV) live in ``_btyd``.
from .btyd import (BGNBDModel, GammaGammaModel, btyd_summary, fit_bgnbd,  # noqa: E402
                    fit_gamma_gamma, model_clv, plot_frequency_fit, plot_prob_alive)

__all__ += ["BGNBDModel", "GammaGammaModel", "fit_bgnbd", "fit_gamma_gamma", "model_clv", "btyd_summary",
            "plot_frequency_fit", "plot_prob_alive"]
