"""Probabilistic customer-lifetime-value models ("buy till you die", BTYD).

* **BG/NBD** (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
  while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase
  the customer drops out with probability p ~ Beta(a, b).
* **Gamma-Gamma** (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves"):
  the average value of a customer's repeat purchases, independent of how often they buy.
* **model-based CLV**: expected purchases per month from BG/NBD × expected spend from
  Gamma-Gamma × margin, discounted month by month.
* :func:`btyd_summary` turns a transaction log into the model inputs
  (frequency x, recency t_x, age T, monetary m̄).

The BTYD summary is **not** the RFM table of chapter 04 (:func:`crm_study.analytics.value.rfm_table`):
there, *recency* is the time from the last purchase to the as-of date, *frequency* counts
every order and *monetary* is the total spend; here, *frequency* counts **repeat** purchases
only (the first one is excluded), *recency* t_x is the time from the first to the last
purchase (0 for a one-time buyer), *T* is the time from the first purchase to the end of the
period and *monetary* is the mean value of the repeat purchases.

The fits are plain maximum likelihood (scipy, imported on first use), vectorised over
customers, on log-parameters with analytic gradients.

>>> from crm_study.data.datasets import load
>>> bg = fit_bgnbd(load("cdnow_summary"))
>>> {k: round(v, 3) for k, v in bg.params.items()}
{'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import text

__all__ = [
    "BGNBDModel", "GammaGammaModel", "fit_bgnbd", "fit_gamma_gamma", "model_clv",
    "btyd_summary", "plot_frequency_fit", "plot_prob_alive",
]

#: Length of one time unit in days, for ``btyd_summary(freq=...)`` and ``model_clv(time_unit=...)``.
_UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
_TIME_UNITS = {"days": "D", "weeks": "W", "months": "M"}


# --------------------------------------------------------------------------- input handling

def _as_array(value, *, name: str, where: str, column: bool = False):
    """A 1-D float array from a number, list, array or Series (``_validate.vector``'s rule), or from a
    DataFrame column (``column=True``: a data column, read like any table column); also returns the
    index (or None). Negative values raise."""
    if column:
        index = value.index
        values = _validate.numbers_col(value.reset_index(drop=True), col=name, where=where, allow_negative=True).to_numpy()
    else:
        values, _, index = _validate.vector(value, name=name, where=where)
    neg = values < 0
    if neg.any():
        raise DataError(text(en="{where}: {name} has {n} negative value(s) at row(s) {rows}; counts, times and "
                                "amounts must be >= 0.",
                             zh="{where}：参数 {name} 在第 {rows} 行有 {n} 个负值；次数、时间和金额都必须 >= 0。",
                             where=where, name=name, n=int(neg.sum()), rows=_bad_rows(neg, index)))
    return values, index


def _inputs(where: str, values: dict, *, frame_cols: dict | None = None):
    """Turn the customer arguments into aligned float arrays.

    ``values`` maps argument name -> value. If the first value is a DataFrame and the
    others are None, the columns named in ``frame_cols`` (argument -> column) are used.
    Returns (arrays dict, index or None, scalar flag).
    """
    names = list(values)
    first = values[names[0]]
    from_frame = isinstance(first, pd.DataFrame)
    if from_frame:
        if any(values[n] is not None for n in names[1:]):
            raise ArgumentError(text(
                en="{where}: pass either one DataFrame (columns {cols}) or {args} separately, not both.",
                zh="{where}：请只传入一个 DataFrame（列 {cols}），或分别传入 {args}，不要同时传入。",
                where=where, cols=", ".join(frame_cols.values()), args=", ".join(names)))
        _validate.frame(first, where=where, arg=names[0])
        _validate.columns(first, {f"{n}_col": c for n, c in frame_cols.items()}, where=where)
        values = {n: first[frame_cols[n]] for n in names}
    missing = [n for n in names if values[n] is None]
    if missing:
        raise ArgumentError(text(en="{where}: {args} missing; pass them, or one DataFrame with columns {cols}.",
                                 zh="{where}：缺少参数 {args}；请传入它们，或传入含 {cols} 列的 DataFrame。",
                                 where=where, args=", ".join(missing), cols=", ".join((frame_cols or {}).values())))
    scalar = all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values.values())
    arrays, index = {}, None
    for n in names:
        arrays[n], idx = _as_array(values[n], name=n, where=where, column=from_frame)
        index = idx if index is None else index
    sizes = {n: a.size for n, a in arrays.items()}
    if len(set(sizes.values()) - {1}) > 1:
        raise ArgumentError(text(en="{where}: the arguments have different lengths ({sizes}); "
                                    "give one value per customer.",
                                 zh="{where}：各参数长度不一致（{sizes}）；每位客户应各有一个值。",
                                 where=where, sizes=", ".join(f"{n}={s}" for n, s in sizes.items())))
    if max(sizes.values()) == 0:
        raise DataError(text(en="{where}: no customers given ({arg} is empty).",
                             zh="{where}：没有任何客户（{arg} 为空）。", where=where, arg=names[0]))
    n = max(sizes.values())
    if index is not None and len(index) != n:
        index = None
    arrays = {k: np.broadcast_to(a, n) for k, a in arrays.items()}
    return arrays, index, scalar


def _bad_rows(mask: np.ndarray, index) -> str:
    rows = (index if index is not None else pd.RangeIndex(mask.size))[mask]
    return _validate.row_list(rows, int(mask.sum()))


def _check_customers(where: str, x, tx, T, index) -> None:
    """frequency: whole numbers >= 0; 0 <= recency <= T; recency 0 when frequency is 0."""
    checks = [
        (x != np.floor(x), "frequency",
         "must be a whole number of repeat purchases", "必须是整数（重复购买次数）"),
        (tx > T + 1e-9, "recency",
         "is larger than T; recency (first to last purchase) cannot exceed T (first purchase to the end). "
         "Check that the columns are not swapped",
         "大于 T；recency（首次到最后一次购买）不能超过 T（首次购买到观察期结束）。请检查两列是否填反"),
        ((x == 0) & (tx > 0), "recency",
         "is > 0 while frequency is 0; a customer with no repeat purchase has recency 0",
         "大于 0 而 frequency 为 0；没有重复购买的客户 recency 应为 0"),
    ]
    for mask, arg, en, zh in checks:
        if mask.any():
            raise DataError(text(en="{where}: {arg} {msg} (row(s) {rows}).",
                                 zh="{where}：参数 {arg} {msg}（第 {rows} 行）。",
                                 where=where, arg=arg, msg=text(en=en, zh=zh), rows=_bad_rows(mask, index)))


def _out(values: np.ndarray, index, scalar: bool, name: str):
    if scalar:
        return float(values[0])
    if index is not None:
        return pd.Series(values, index=index, name=name)
    return values


def _horizon(t, *, where: str) -> float:
    return _validate.number(t, name="t", where=where, lo=0)


# --------------------------------------------------------------------------- BG/NBD

def _dropout_log_odds(r, alpha, a, b, x, tx, T):
    """ln[P(dropped out after the last purchase) / P(alive)] = ln(a/(b+x−1)) + (r+x)·ln((α+T)/(α+t_x))
    for repeat buyers (0 where x = 0, which the callers mask); also returns the mask and a safe x."""
    rep = x > 0
    xb = np.where(rep, x, 1.0)  # keeps b + x - 1 > 0 where the term is masked out
    d = np.where(rep, np.log(a) - np.log(b + xb - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)), 0.0)
    return d, rep, xb


def _bgnbd_terms(r, alpha, a, b, x, tx, T):
    """Per-customer log-likelihood of BG/NBD and the pieces its gradient needs."""
    from scipy.special import expit, gammaln

    d, rep, xb = _dropout_log_odds(r, alpha, a, b, x, tx, T)
    ll = (gammaln(r + x) - gammaln(r) + r * np.log(alpha)
          + gammaln(b + x) + gammaln(a + b) - gammaln(b) - gammaln(a + b + x)
          - (r + x) * np.log(alpha + T)
          + np.where(rep, np.logaddexp(0.0, d), 0.0))
    sigma = np.where(rep, expit(d), 0.0)  # P(dropped out after the last purchase | data)
    return ll, sigma, xb


def _alive(r, alpha, a, b, x, tx, T):
    """P(alive | x, t_x, T); 1 for customers without repeat purchases."""
    from scipy.special import expit

    d, rep, _ = _dropout_log_odds(r, alpha, a, b, x, tx, T)
    return np.where(rep, expit(-d), 1.0)


def _purchases_if_alive(r, alpha, a, b, x, T, t):
    """(a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t).

    Computed through Euler's transformation, (1−z)^(r+x) ₂F₁(r+x, b+x; c; z) =
    (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; c; z), which cannot overflow (falling back to the direct
    form where scipy's ₂F₁ returns NaN). The formula has removable
    singularities at a = 1 and (for x = 0) at a + b = 1; within 1e-4 of one, the value is
    interpolated linearly between the two neighbours 1e-4 away (error ~1e-8).
    """
    from scipy.special import hyp2f1

    def value(a_, b_):
        c = a_ + b_ + x - 1
        z = t / (alpha + T + t)
        g = (1 - z) ** (a_ - 1) * hyp2f1(a_ + b_ - 1 - r, a_ - 1, c, z)
        lost = ~np.isfinite(g)   # scipy's hyp2f1 has a few NaN patches near z = 1: use the untransformed form
        if lost.any():
            g = np.where(lost, (1 - z) ** (r + x) * hyp2f1(r + x, b_ + x, c, z), g)
        return c / (a_ - 1) * (1 - g)

    eps = 1e-4
    if abs(a - 1) < eps:   # interpolate linearly between a = 1 - eps and a = 1 + eps
        w = (a - (1 - eps)) / (2 * eps)
        return (1 - w) * value(1 - eps, b) + w * value(1 + eps, b)
    if abs(a + b - 1) < eps and (x == 0).any():
        lo = 1 - a - eps
        w = (b - lo) / (2 * eps)
        return (1 - w) * value(a, lo) + w * value(a, lo + 2 * eps)
    return value(a, b)


def _bgnbd_negll_grad(theta, x, tx, T, w):
    from scipy.special import digamma

    r, alpha, a, b = np.exp(theta)
    ll, s, xb = _bgnbd_terms(r, alpha, a, b, x, tx, T)
    la_T, la_t = np.log(alpha + T), np.log(alpha + tx)
    g_r = digamma(r + x) - digamma(r) + np.log(alpha) - la_T + s * (la_T - la_t)
    g_alpha = r / alpha - (r + x) / (alpha + T) + s * (r + x) * (1 / (alpha + T) - 1 / (alpha + tx))
    g_a = digamma(a + b) - digamma(a + b + x) + s / a
    g_b = digamma(b + x) + digamma(a + b) - digamma(b) - digamma(a + b + x) - s / (b + xb - 1)
    grad = np.array([w @ g_r * r, w @ g_alpha * alpha, w @ g_a * a, w @ g_b * b])
    n = w.sum()
    return -(w @ ll) / n, -grad / n


class BGNBDModel:
    """A BG/NBD model with parameters ``r, alpha`` (purchase rate λ ~ Gamma(r, α)) and
    ``a, b`` (drop-out probability p ~ Beta(a, b)); time in the unit of the data it was fitted on.

    Build one from known parameters (``BGNBDModel(r=0.243, alpha=4.414, a=0.793, b=2.426)``)
    or fit one with :func:`fit_bgnbd`. The prediction methods take one customer (numbers → a
    float), arrays (→ an array) or Series (→ a Series with the same index), or a DataFrame with
    columns ``frequency, recency, T``.
    """

    def __init__(self, r: float, alpha: float, a: float, b: float):
        where = "BGNBDModel"
        self.params = {k: _validate.number(v, name=k, where=where, lo=0, lo_open=True)
                       for k, v in {"r": r, "alpha": alpha, "a": a, "b": b}.items()}
        self.loglik: float | None = None
        self.n_customers: int | None = None
        self._data: tuple | None = None

    def __repr__(self) -> str:
        p = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        ll = "" if self.loglik is None else f", loglik={self.loglik:.1f}, n={self.n_customers}"
        return f"BGNBDModel({p}{ll})"

    def _customers(self, where, frequency, recency, T):
        arrays, index, scalar = _inputs(where, {"frequency": frequency, "recency": recency, "T": T},
                                        frame_cols={"frequency": "frequency", "recency": "recency", "T": "T"})
        x, tx, TT = arrays["frequency"], arrays["recency"], arrays["T"]
        _check_customers(where, x, tx, TT, index)
        return x, tx, TT, index, scalar

    def log_likelihood(self, frequency, recency=None, T=None):
        """Each customer's log-likelihood ln L(r, α, a, b | x, t_x, T) (FHL 2005, eq. 6).

        >>> BGNBDModel(1, 1, 1, 1).log_likelihood(0, 0, 1)   # L = 1/2
        -0.6931471805599453
        """
        x, tx, TT, index, scalar = self._customers("BGNBDModel.log_likelihood", frequency, recency, T)
        ll, _, _ = _bgnbd_terms(*self.params.values(), x, tx, TT)
        return _out(ll, index, scalar, "log_likelihood")

    def prob_alive(self, frequency, recency=None, T=None):
        """P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)).

        A customer with no repeat purchase is alive with probability 1 under BG/NBD
        (drop-out can only happen right after a purchase).

        >>> BGNBDModel(1, 1, 1, 2).prob_alive(1, 1, 2)          # 8/17
        0.47058823529411764
        """
        x, tx, TT, index, scalar = self._customers("BGNBDModel.prob_alive", frequency, recency, T)
        return _out(_alive(*self.params.values(), x, tx, TT), index, scalar, "prob_alive")

    def expected_purchases(self, t, frequency, recency=None, T=None):
        """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` time units (FHL 2005, eq. 10)

        = (a + b + x − 1)/(a − 1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
          / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).

        >>> round(BGNBDModel(3, 1, 2, 2).expected_purchases(1, 0, 0, 1), 12)
        1.0
        """
        where = "BGNBDModel.expected_purchases"
        t = _horizon(t, where=where)
        x, tx, TT, index, scalar = self._customers(where, frequency, recency, T)
        params = self.params.values()
        out = _purchases_if_alive(*params, x, TT, t) * _alive(*params, x, tx, TT)
        return _out(out, index, scalar, "expected_purchases")

    def expected_purchases_unconditional(self, t):
        """E[X(t)] for a customer just acquired (FHL 2005, eq. 9)

        = (a + b − 1)/(a − 1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]; ``t`` a number or array.
        """
        arrays, index, scalar = _inputs("BGNBDModel.expected_purchases_unconditional", {"t": t})
        tt = arrays["t"]
        zero = np.zeros_like(tt)
        return _out(_purchases_if_alive(*self.params.values(), zero, zero, tt), index, scalar, "expected_purchases")

    def frequency_pmf(self, t, max_frequency: int = 7):
        """P(X(t) = x) for x = 0 … max_frequency (FHL 2005, eq. 8); ``t`` a number or array.

        Returns an array of shape (len(t), max_frequency + 1).
        """
        from scipy.special import betainc, betaln, gammaln, xlogy

        where = "BGNBDModel.frequency_pmf"
        k = _validate.number(max_frequency, name="max_frequency", where=where, lo=0, integer=True)
        tt = _inputs(where, {"t": t})[0]["t"][:, None]
        r, alpha, a, b = self.params.values()
        xs = np.arange(k + 1.0)[None, :]
        nb = np.exp(gammaln(r + xs) - gammaln(r) - gammaln(xs + 1)      # NBD(r, α) probabilities of x
                    + r * np.log(alpha / (alpha + tt)) + xlogy(xs, tt / (alpha + tt)))
        x1 = np.maximum(xs, 1)
        at_least = betainc(x1, r, tt / (alpha + tt))                 # P(NBD >= x) for x >= 1
        stay = np.exp(betaln(a, b + xs) - betaln(a, b))
        left = np.where(xs > 0, np.exp(betaln(a + 1, b + x1 - 1) - betaln(a, b)), 0.0)
        return stay * nb + left * at_least

    def frequency_table(self, max_frequency: int = 7) -> pd.DataFrame:
        """Observed vs expected number of customers with 0, 1, …, ``max_frequency``+ repeat
        purchases in the data the model was fitted on (expected = Σ_i P(X(T_i) = x))."""
        if self._data is None:
            raise ArgumentError(text(
                en="BGNBDModel.frequency_table: this model was not fitted to data; use fit_bgnbd(...) first.",
                zh="BGNBDModel.frequency_table：该模型没有用数据拟合过；请先调用 fit_bgnbd(...)。"))
        k = _validate.number(max_frequency, name="max_frequency", where="BGNBDModel.frequency_table",
                             lo=1, integer=True)
        x, _, TT = self._data
        pmf = self.frequency_pmf(TT, k - 1)
        expected = np.append(pmf.sum(axis=0), x.size - pmf.sum())
        observed = np.bincount(np.minimum(x, k).astype(int), minlength=k + 1)
        labels = [str(i) for i in range(k)] + [f"{k}+"]
        return pd.DataFrame({"observed": observed, "expected": expected},
                            index=pd.Index(labels, name="frequency"))


def _check_fit(res, names, *, where: str, hint: str) -> None:
    """The optimiser must stop at a stationary point with every parameter in [1e-6, 1e6]."""
    est = np.exp(res.x)
    if np.all(np.isfinite(res.x)) and np.abs(res.jac).max() <= 1e-4 and np.all((est >= 1e-6) & (est <= 1e6)):
        return
    shown = ", ".join(f"{k}={v:.3g}" for k, v in zip(names, est))
    raise DataError(text(
        en="{where}: the maximum-likelihood estimate did not settle ({shown}); the data has {hint}. "
           "Use more customers or a longer calibration period.",
        zh="{where}：极大似然估计没有得到稳定的结果（{shown}）；原因是{hint}。请使用更多客户或更长的校准期。",
        where=where, shown=shown, hint=hint))


def fit_bgnbd(frequency, recency=None, T=None, *, frequency_col: str = "frequency",
              recency_col: str = "recency", T_col: str = "T") -> BGNBDModel:
    """Fit BG/NBD by maximum likelihood to repeat purchases x, recency t_x and age T.

    ln L = Σ_i ln[ B(a, b+x)/B(a, b) · Γ(r+x)α^r/(Γ(r)(α+T)^(r+x))
                   + [x>0] B(a+1, b+x−1)/B(a, b) · Γ(r+x)α^r/(Γ(r)(α+t_x)^(r+x)) ].

    Pass three arrays/Series, or one DataFrame (columns named by ``frequency_col``,
    ``recency_col``, ``T_col``), e.g. the output of :func:`btyd_summary`. ``.loglik`` is the
    total log-likelihood, as reported in the papers (−9582.4 on CDNOW).

    >>> from crm_study.data.datasets import load
    >>> round(fit_bgnbd(load("cdnow_summary")).loglik, 1)
    -9582.4
    """
    from scipy import optimize

    where = "fit_bgnbd"
    arrays, index, _ = _inputs(where, {"frequency": frequency, "recency": recency, "T": T},
                               frame_cols={"frequency": frequency_col, "recency": recency_col, "T": T_col})
    x, tx, TT = arrays["frequency"], arrays["recency"], arrays["T"]
    _check_customers(where, x, tx, TT, index)
    if not (x > 0).any():
        raise DataError(text(
            en="fit_bgnbd: no customer has frequency > 0, so the drop-out process cannot be estimated; "
               "use a longer period or check that frequency counts repeat purchases.",
            zh="fit_bgnbd：没有任何客户 frequency > 0，无法估计流失过程；请使用更长的观察期，"
               "或检查 frequency 是否为重复购买次数。"))
    # customers with identical (x, t_x, T) share one likelihood term: fit on the unique rows
    uniq, w = np.unique(np.column_stack([x, tx, TT]), axis=0, return_counts=True)
    ux, utx, uT = uniq.T
    w = w.astype(float)
    start = np.log([1.0, max(TT.mean(), 1e-3), 1.0, 1.0])
    res = optimize.minimize(_bgnbd_negll_grad, start, args=(ux, utx, uT, w), jac=True, method="BFGS",
                            options={"gtol": 1e-9, "maxiter": 2000})
    _check_fit(res, ("r", "alpha", "a", "b"), where=where, hint=text(
        en="too few customers, or too few repeat buyers, to estimate both the purchase and the drop-out process",
        zh="客户太少，或重复购买的客户太少，无法同时估计购买过程和流失过程"))
    model = BGNBDModel(*np.exp(res.x))
    model.loglik = float(-res.fun * w.sum())
    model.n_customers = int(x.size)
    model._data = (x.copy(), tx.copy(), TT.copy())
    return model


# --------------------------------------------------------------------------- Gamma-Gamma

def _gg_terms(p, q, g, x, m):
    from scipy.special import gammaln

    return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(g)
            + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))


def _gg_negll_grad(theta, x, m):
    from scipy.special import digamma

    p, q, g = np.exp(theta)
    ll = _gg_terms(p, q, g, x, m)
    dpq = digamma(p * x + q)
    lgm = np.log(g + m * x)
    g_p = (x * (dpq - digamma(p * x) + np.log(m) + np.log(x) - lgm)).sum()
    g_q = (dpq - digamma(q) + np.log(g) - lgm).sum()
    g_g = (q / g - (p * x + q) / (g + m * x)).sum()
    n = x.size
    return -ll.sum() / n, -np.array([g_p * p, g_q * q, g_g * g]) / n


class GammaGammaModel:
    """The Gamma-Gamma spend model: a customer's purchase values are Gamma(p, ν) with
    ν ~ Gamma(q, γ), so the population mean spend is p·γ/(q − 1) (needs q > 1).

    Build one from known parameters (``GammaGammaModel(p=6.25, q=3.74, gamma=15.44)``) or fit
    one with :func:`fit_gamma_gamma`. ``.corr`` (after fitting) is the correlation of frequency
    and average spend among repeat buyers: the model assumes they are independent, so it
    should be close to 0 (0.11 on CDNOW).
    """

    def __init__(self, p: float, q: float, gamma: float):
        where = "GammaGammaModel"
        self.params = {k: _validate.number(v, name=k, where=where, lo=0, lo_open=True)
                       for k, v in {"p": p, "q": q, "gamma": gamma}.items()}
        self.loglik: float | None = None
        self.n_customers: int | None = None
        self.corr: float | None = None

    def __repr__(self) -> str:
        p = ", ".join(f"{k}={v:.4g}" for k, v in self.params.items())
        ll = "" if self.loglik is None else f", loglik={self.loglik:.1f}, n={self.n_customers}"
        return f"GammaGammaModel({p}{ll})"

    @property
    def mean_spend(self) -> float:
        """Population mean spend per purchase p·γ/(q − 1) (infinite when q ≤ 1)."""
        p, q, g = self.params.values()
        return p * g / (q - 1) if q > 1 else float("inf")

    def log_likelihood(self, frequency, monetary=None):
        """Each repeat buyer's log-likelihood of average spend m̄ over x purchases (rows with x = 0 → NaN).

        >>> round(GammaGammaModel(1, 2, 1).log_likelihood(1, 1), 10)          # ln(1/4)
        -1.3862943611
        """
        where = "GammaGammaModel.log_likelihood"
        arrays, index, scalar = _inputs(where, {"frequency": frequency, "monetary": monetary},
                                        frame_cols={"frequency": "frequency", "monetary": "monetary"})
        x, m = arrays["frequency"], arrays["monetary"]
        _check_spend(where, x, m, index, repeat_only=False)
        rep = x > 0
        ll = np.full(x.size, np.nan)
        ll[rep] = _gg_terms(*self.params.values(), x[rep], m[rep])
        return _out(ll, index, scalar, "log_likelihood")

    def expected_average_spend(self, frequency, monetary=None):
        """E[M | x, m̄] = (γ + m̄·x)·p / (p·x + q − 1): the customer's own mean m̄ shrunk toward
        the population mean p·γ/(q − 1), with more weight on m̄ the more purchases x there are;
        a customer with x = 0 gets the population mean.

        >>> GammaGammaModel(2, 3, 4).expected_average_spend(2, 5)       # (4 + 10)·2/(4 + 2)
        4.666666666666667
        """
        where = "GammaGammaModel.expected_average_spend"
        arrays, index, scalar = _inputs(where, {"frequency": frequency, "monetary": monetary},
                                        frame_cols={"frequency": "frequency", "monetary": "monetary"})
        x, m = arrays["frequency"], arrays["monetary"]
        _check_spend(where, x, m, index, repeat_only=False)
        p, q, g = self.params.values()
        if q <= 1:
            raise ArgumentError(text(
                en="{where}: q = {q:.3g} <= 1, so the model's mean spend is infinite; refit on cleaner data.",
                zh="{where}：q = {q:.3g} <= 1，模型的平均消费额为无穷大；请用更干净的数据重新拟合。",
                where=where, q=q))
        return _out((g + m * x) * p / (p * x + q - 1), index, scalar, "expected_spend")


def _check_spend(where, x, m, index, *, repeat_only: bool) -> None:
    bad_x = x != np.floor(x)
    if bad_x.any():
        raise DataError(text(en="{where}: frequency must be whole numbers of repeat purchases (row(s) {rows}).",
                             zh="{where}：参数 frequency 必须是整数（重复购买次数）（第 {rows} 行）。",
                             where=where, rows=_bad_rows(bad_x, index)))
    bad_m = (x > 0) & (m <= 0)
    if bad_m.any():
        raise DataError(text(
            en="{where}: monetary must be > 0 for customers with repeat purchases (row(s) {rows}); "
               "drop zero-value purchases first.",
            zh="{where}：有重复购买的客户 monetary 必须大于 0（第 {rows} 行）；请先删除金额为 0 的购买。",
            where=where, rows=_bad_rows(bad_m, index)))
    if repeat_only and not (x > 0).any():
        raise DataError(text(
            en="{where}: no customer has frequency > 0; the Gamma-Gamma model is fitted on repeat buyers only.",
            zh="{where}：没有 frequency > 0 的客户；Gamma-Gamma 模型只能用有重复购买的客户拟合。", where=where))


def fit_gamma_gamma(frequency, monetary=None, *, frequency_col: str = "frequency",
                    monetary_col: str = "monetary") -> GammaGammaModel:
    """Fit the Gamma-Gamma spend model by maximum likelihood on the repeat buyers (x > 0):

    ln L = Σ_i [ ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + m̄x) ].

    Customers with frequency 0 are skipped (their m̄ is undefined). Pass two arrays/Series or
    one DataFrame (columns ``frequency_col``, ``monetary_col``). Check ``.corr`` (frequency vs
    spend): the model assumes the two are independent.

    >>> from crm_study.data.datasets import load
    >>> {k: round(v, 2) for k, v in fit_gamma_gamma(load("cdnow_summary")).params.items()}
    {'p': 6.25, 'q': 3.74, 'gamma': 15.45}
    """
    from scipy import optimize

    where = "fit_gamma_gamma"
    arrays, index, _ = _inputs(where, {"frequency": frequency, "monetary": monetary},
                               frame_cols={"frequency": frequency_col, "monetary": monetary_col})
    x, m = arrays["frequency"], arrays["monetary"]
    _check_spend(where, x, m, index, repeat_only=True)
    keep = x > 0
    x, m = x[keep], m[keep]
    res = optimize.minimize(_gg_negll_grad, np.log([1.0, 1.0, 1.0]), args=(x, m), jac=True, method="BFGS",
                            options={"gtol": 1e-9, "maxiter": 2000})
    _check_fit(res, ("p", "q", "gamma"), where=where, hint=text(
        en="too few repeat buyers, or spends that hardly vary between customers",
        zh="重复购买的客户太少，或客户之间的消费额几乎没有差别"))
    model = GammaGammaModel(*np.exp(res.x))
    model.loglik = float(-res.fun * x.size)
    model.n_customers = int(x.size)
    model.corr = float(np.corrcoef(x, m)[0, 1]) if x.size > 1 and x.std() > 0 and m.std() > 0 else float("nan")
    return model


# --------------------------------------------------------------------------- model-based CLV

def model_clv(bgnbd: BGNBDModel, gamma_gamma: GammaGammaModel, frequency, recency=None, T=None,
              monetary=None, *, months: int = 12, discount_rate: float = 0.01, time_unit: str = "weeks",
              margin: float = 1.0):
    """Expected discounted value of each customer over the next ``months`` months:

    CLV = Σ_{i=1..months} margin · E[M] · (E[Y(i)] − E[Y(i−1)]) / (1 + d)^i,

    with E[Y(i)] the BG/NBD conditional expected purchases up to the end of month i,
    E[M] the Gamma-Gamma expected spend and d the **monthly** discount rate (the convention of
    lifetimes' ``customer_lifetime_value``). ``time_unit`` is the unit the models were fitted
    in ("days", "weeks" or "months"); one month is 365.25/12 days. Pass the four customer
    arrays/Series, or one DataFrame with columns ``frequency, recency, T, monetary``.

    >>> bg = BGNBDModel(0.243, 4.414, 0.793, 2.426); gg = GammaGammaModel(6.25, 3.74, 15.44)
    >>> round(model_clv(bg, gg, 2, 30.43, 38.86, 22.35, months=12), 2)
    36.31
    """
    where = "model_clv"
    if not isinstance(bgnbd, BGNBDModel) or not isinstance(gamma_gamma, GammaGammaModel):
        raise InputTypeError(text(
            en="model_clv: bgnbd must be a BGNBDModel (from fit_bgnbd) and gamma_gamma a GammaGammaModel "
               "(from fit_gamma_gamma); got {t1} and {t2}.",
            zh="model_clv：bgnbd 应为 BGNBDModel（由 fit_bgnbd 得到），gamma_gamma 应为 GammaGammaModel"
               "（由 fit_gamma_gamma 得到）；实际为 {t1} 和 {t2}。",
            t1=type(bgnbd).__name__, t2=type(gamma_gamma).__name__))
    n_months = _validate.number(months, name="months", where=where, lo=1, integer=True)
    d = _validate.number(discount_rate, name="discount_rate", where=where, lo=0)
    mg = _validate.number(margin, name="margin", where=where, lo=0)
    if time_unit not in _TIME_UNITS:
        raise ArgumentError(text(en="model_clv: time_unit={u!r} is not one of {ok}; use the unit of recency and T.",
                                 zh="model_clv：time_unit={u!r} 不在 {ok} 之中；请使用 recency 和 T 的时间单位。",
                                 u=time_unit, ok=", ".join(_TIME_UNITS)))
    arrays, index, scalar = _inputs(where, {"frequency": frequency, "recency": recency, "T": T, "monetary": monetary},
                                    frame_cols={k: k for k in ("frequency", "recency", "T", "monetary")})
    x, tx, TT, m = arrays["frequency"], arrays["recency"], arrays["T"], arrays["monetary"]
    _check_customers(where, x, tx, TT, index)
    spend = gamma_gamma.expected_average_spend(x, m)
    month = _UNIT_DAYS["M"] / _UNIT_DAYS[_TIME_UNITS[time_unit]]
    params = bgnbd.params.values()
    alive = _alive(*params, x, tx, TT)
    cumulative = np.stack([np.zeros_like(x)] + [_purchases_if_alive(*params, x, TT, i * month) * alive
                                                for i in range(1, n_months + 1)])
    factors = (1 + d) ** -np.arange(1.0, n_months + 1)
    clv = mg * spend * (factors @ np.diff(cumulative, axis=0))
    return _out(clv, index, scalar, "clv")


# --------------------------------------------------------------------------- transaction log -> summary

def btyd_summary(transactions: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "order_date",
                 amount_col: str | None = "amount", calibration_end=None, observation_end=None,
                 freq: str = "W") -> pd.DataFrame:
    """One row per customer with the BTYD inputs, time in units of ``freq`` ("D" days,
    "W" weeks = 7 days, "M" months = 365.25/12 days):

    * ``frequency`` x — number of **repeat** purchase days (purchases on the same day count
      once; the first purchase day is not counted);
    * ``recency`` t_x — first purchase → last purchase (0 if x = 0);
    * ``T`` — first purchase → end of the period (the end date is included in the period);
    * ``monetary`` — mean value of the repeat purchase days (0 if x = 0), skipped when
      ``amount_col=None``.

    Unlike chapter 04's :func:`crm_study.analytics.value.rfm_table` (recency = days from the last purchase
    to as_of, frequency = all orders, monetary = total spend), this follows the BG/NBD and
    Gamma-Gamma papers. The period ends at ``calibration_end`` if given, else at ``observation_end``
    (default: the last date in the log, refused when it is more than a year after every other date, a
    likely typing slip; dates are written as text such as ``"1997-09-30"``, not as a bare number). With ``calibration_end``, customers first seen after
    it are left out and two hold-out columns are added: ``frequency_holdout`` (purchase days
    after calibration_end up to observation_end) and ``duration_holdout`` (that length).
    On ``cdnow_sample`` with ``calibration_end="1997-09-30"`` this reproduces ``cdnow_summary``.
    """
    where = "btyd_summary"
    _validate.frame(transactions, where=where, arg="transactions")
    cols = {"customer_col": customer_col, "date_col": date_col}
    if amount_col is not None:
        cols["amount_col"] = amount_col
    _validate.columns(transactions, cols, where=where)
    if freq not in _UNIT_DAYS:
        raise ArgumentError(text(en="btyd_summary: freq={f!r} is not one of {ok} (days, weeks, months).",
                                 zh="btyd_summary：freq={f!r} 不在 {ok} 之中（日、周、月）。",
                                 f=freq, ok=", ".join(_UNIT_DAYS)))
    unit = pd.Timedelta(days=1) * _UNIT_DAYS[freq]
    day = _validate.dates(transactions[date_col], col=date_col, where=where).dt.normalize()
    ids = _validate.ids(transactions[customer_col], col=customer_col, where=where)
    data = pd.DataFrame({"customer": ids, "day": day})
    data["amount"] = (_validate.numbers_col(transactions[amount_col], col=amount_col, where=where)
                      if amount_col is not None else 0.0)
    obs_end = (_validate.latest_date(day, col=date_col, where=where, arg="observation_end") if observation_end is None
               else _validate.as_of(observation_end, where=where, name="observation_end"))
    end = obs_end
    if calibration_end is not None:
        end = _validate.as_of(calibration_end, where=where, name="calibration_end")
        if end >= obs_end:
            raise ArgumentError(text(
                en="btyd_summary: calibration_end ({c}) must be before observation_end ({o}).",
                zh="btyd_summary：calibration_end（{c}）必须早于 observation_end（{o}）。",
                c=end.date(), o=obs_end.date()))
    data = data[data["day"] <= obs_end]
    per_day = data.groupby(["customer", "day"], as_index=False, sort=True)["amount"].sum()
    cal = per_day[per_day["day"] <= end]
    if cal.empty:
        raise DataError(text(
            en="btyd_summary: no purchase on or before {e}; move calibration_end/observation_end later.",
            zh="btyd_summary：{e} 及之前没有任何购买；请把 calibration_end/observation_end 调晚。", e=end.date()))
    first = cal.groupby("customer")["day"].transform("min")
    repeat = cal["day"] > first
    g = cal.groupby("customer")
    out = pd.DataFrame({
        "frequency": repeat.groupby(cal["customer"]).sum().astype("int64"),
        "recency": (g["day"].max() - g["day"].min()) / unit,
        "T": (end - g["day"].min()) / unit,
    })
    if amount_col is not None:
        out["monetary"] = cal["amount"].where(repeat).groupby(cal["customer"]).mean().fillna(0.0)
    if calibration_end is not None:
        hold = per_day[per_day["day"] > end]
        out["frequency_holdout"] = hold.groupby("customer").size().reindex(out.index, fill_value=0).astype("int64")
        out["duration_holdout"] = (obs_end - end) / unit
    return out.rename_axis(customer_col).reset_index()


# --------------------------------------------------------------------------- plot

def plot_frequency_fit(model: BGNBDModel, *, max_frequency: int = 7, ax=None):
    """Bar chart of how many customers made 0, 1, …, ``max_frequency``+ repeat purchases in
    the calibration period, observed vs predicted by the fitted BG/NBD model (FHL 2005, fig. 3)."""
    from ..display.plotting import new_axes

    if not isinstance(model, BGNBDModel):
        raise InputTypeError(text(en="plot_frequency_fit: model must be a BGNBDModel from fit_bgnbd, got {t}.",
                                  zh="plot_frequency_fit：model 应为 fit_bgnbd 得到的 BGNBDModel，实际为 {t}。",
                                  t=type(model).__name__))
    table = model.frequency_table(max_frequency)
    ax = new_axes(ax)
    pos = np.arange(len(table))
    ax.bar(pos - 0.2, table["observed"], width=0.4, label=text(en="observed", zh="实际"))
    ax.bar(pos + 0.2, table["expected"], width=0.4, label=text(en="BG/NBD model", zh="BG/NBD 模型"))
    ax.set_xticks(pos, table.index)
    ax.set_xlabel(text(en="repeat purchases in the calibration period", zh="校准期内的重复购买次数"))
    ax.set_ylabel(text(en="customers", zh="客户数"))
    ax.set_title(text(en="Repeat purchases: observed vs model", zh="重复购买次数：实际与模型对比"))
    ax.legend()
    return ax


def plot_prob_alive(model: BGNBDModel, *, T: float | None = None, max_frequency: int | None = None, ax=None):
    """Heat map of P(alive) by repeat purchases x (rows) and recency t_x (columns) for customers
    observed for ``T`` time units (default: the longest T in the fitted data). The top-right
    (many purchases, the last one recent) is alive; the top-left (many purchases long ago)
    has most likely left. Row x = 0 is 1 by construction."""
    from ..display.plotting import new_axes, pyplot

    where = "plot_prob_alive"
    if not isinstance(model, BGNBDModel):
        raise InputTypeError(text(en="plot_prob_alive: model must be a BGNBDModel from fit_bgnbd, got {t}.",
                                  zh="plot_prob_alive：model 应为 fit_bgnbd 得到的 BGNBDModel，实际为 {t}。",
                                  t=type(model).__name__))
    fitted = model._data
    if T is None and fitted is None:
        raise ArgumentError(text(en="plot_prob_alive: this model was not fitted to data; pass T= (the customers' age).",
                                 zh="plot_prob_alive：该模型没有用数据拟合过；请传入 T=（客户的观察时长）。"))
    age = float(fitted[2].max()) if T is None else _validate.number(T, name="T", where=where, lo=0, lo_open=True)
    default_k = int(fitted[0].max()) if fitted is not None else 20
    k = _validate.number(default_k if max_frequency is None else max_frequency, name="max_frequency",
                         where=where, lo=1, integer=True)
    x = np.arange(k + 1.0)[:, None]
    tx = np.linspace(0, age, 60)[None, :]
    grid = _alive(*model.params.values(), x, tx, np.full_like(tx, age))
    ax = new_axes(ax)
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=1,
                      extent=(0, age, -0.5, k + 0.5))
    pyplot().colorbar(image, ax=ax, label=text(en="P(alive)", zh="P(仍活跃)"))
    ax.set_xlabel(text(en="recency t_x (time of the last purchase)", zh="最近一次购买的时间 t_x"))
    ax.set_ylabel(text(en="repeat purchases x", zh="重复购买次数 x"))
    ax.set_title(text(en="Probability the customer is still active (T = {T:g})",
                      zh="客户仍然活跃的概率（T = {T:g}）", T=round(age, 2)))
    return ax
