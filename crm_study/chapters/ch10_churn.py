"""Chapter 10 (客户流失与挽回) pictures, the period-count table, the Fader–Hardie
reproduction and the "try it" panel.

Diagrams: the three sources of churn (:func:`plot_churn_causes`), the graded attitude
to lost customers by customer level (:func:`plot_lost_customer_attitude`) and the
win-back process from early warning to follow-up (:func:`plot_win_back_process`).
Labels follow the active language at call time.

Numbers: :func:`period_counts` turns a subscription table into customers at the start,
new and lost customers and customers at the end of every month (quarter, year), the
input of :func:`crm_study.analytics.retention.retention_rates`; :func:`fader_hardie` fits the
shifted-beta-geometric model to the two published cohorts and projects them onto the
hold-out years; :func:`retention_gain` is the pure computation behind the panel
:func:`retention_explorer`, built on :func:`crm_study.analytics.retention.retention_value`.
matplotlib and ipywidgets are imported only when a chart or panel is built.

>>> retention_gain(100, 0.6, 0.1, uplift=0.05, customers=1000).total_gain   # doctest: +ELLIPSIS
24444.44...
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate

from ..analytics import retention
from .._setup import AS_OF
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text
from ..display.plotting import arrow, chain, diagram_axes, label_box
from ..display.widgets import Panel

__all__ = [
    "CHURN_CAUSES", "ATTITUDE_BY_LEVEL", "WIN_BACK_STEPS",
    "plot_churn_causes", "plot_lost_customer_attitude", "plot_win_back_process",
    "period_counts", "FaderHardie", "fader_hardie",
    "RetentionGain", "retention_gain", "plot_retention_gain", "RetentionExplorer", "retention_explorer",
]

#: Where churn comes from (seeds 000, 001): the firm, the customer, the competitor, each with examples.
CHURN_CAUSES = {
    "firm": {"zh": "企业自身原因", "en": "the firm",
             "examples": {"zh": ["产品或服务质量差", "服务态度差、投诉处理不当", "价格缺乏竞争力",
                                 "缺乏创新、诚信出问题", "员工跳槽带走客户"],
                          "en": ["poor product or service quality", "rude service, complaints mishandled",
                                 "uncompetitive prices", "no innovation, broken promises",
                                 "staff leave and take customers"]}},
    "customer": {"zh": "客户自身原因", "en": "the customer",
                 "examples": {"zh": ["需求改变或不再需要", "搬迁、转行或经营失败", "追求新鲜感、随意转换",
                                     "购买力下降"],
                              "en": ["needs change or end", "moves away, changes trade or fails",
                                     "wants variety, switches on a whim", "less money to spend"]}},
    "competitor": {"zh": "竞争者原因", "en": "the competitor",
                   "examples": {"zh": ["更低的价格或更优惠的条件", "更好的产品或服务", "有针对性地挖走客户"],
                                "en": ["lower prices, better terms", "a better product or service",
                                       "targeted poaching of customers"]}},
}

#: The graded attitude to lost customers (seed 001), from the most to the least valuable level.
ATTITUDE_BY_LEVEL = {
    "key": {"level": {"zh": "关键客户", "en": "key customers"},
            "attitude": {"zh": "极力挽回", "en": "win back at all costs"}, "effort": 1.0},
    "ordinary": {"level": {"zh": "普通客户", "en": "ordinary customers"},
                 "attitude": {"zh": "尽量挽回", "en": "try to win back"}, "effort": 0.7},
    "small": {"level": {"zh": "小客户", "en": "small customers"},
              "attitude": {"zh": "见机行事", "en": "case by case"}, "effort": 0.4},
    "not_worth": {"level": {"zh": "不值得挽留的客户", "en": "customers not worth keeping"},
                  "attitude": {"zh": "彻底放弃", "en": "let go"}, "effort": 0.12},
}

#: The steps from spotting churn to winning customers back (seed 001), in order.
WIN_BACK_STEPS = {
    "warn": {"zh": "① 流失预警\n监测异常信号", "en": "① Early warning:\nwatch the signals"},
    "visit": {"zh": "② 访问流失客户\n调查流失原因", "en": "② Visit lost\ncustomers: find\nthe cause"},
    "grade": {"zh": "③ 按客户价值\n分级对待", "en": "③ Grade by\ncustomer value"},
    "act": {"zh": "④ 对症下药\n采取挽回措施", "en": "④ Targeted\nwin-back\nmeasures"},
    "follow": {"zh": "⑤ 跟踪回访\n防止再次流失", "en": "⑤ Follow up;\nprevent repeat\nchurn"},
}

_FREQS = ("M", "Q", "Y")


# ---------------------------------------------------------------- diagrams
def plot_churn_causes(*, ax=None):
    """Churn in the middle, its three sources around it (firm, customer, competitor) with
    examples: the picture behind the seed-000 trap "churn is always the firm's fault"."""
    ax = diagram_axes(ax, figsize=(8.0, 4.6))
    label_box(ax, 0.5, 0.50, text(en="customer\nchurn", zh="客户流失"), size=12, face="#fde7c8", edge="#d35400")
    places = {"firm": (0.17, 0.66), "customer": (0.83, 0.66), "competitor": (0.5, 0.13)}
    for key, (x, y) in places.items():
        cause = CHURN_CAUSES[key]
        bullets = "\n".join("· " + e for e in pick(cause["examples"]))
        label = pick(cause) + "\n" + bullets
        label_box(ax, x, y, label, size=8.5, pad=0.6, linespacing=1.35)
    arrow(ax, (0.31, 0.60), (0.43, 0.53))
    arrow(ax, (0.69, 0.60), (0.57, 0.53))
    arrow(ax, (0.5, 0.27), (0.5, 0.41))
    ax.set_title(text(en="Three sources of customer churn", zh="客户流失的三类原因"))
    return ax


def plot_lost_customer_attitude(*, ax=None):
    """The four levels of lost customers as bars whose length is the win-back effort:
    key — win back at all costs; ordinary — try; small — case by case; not worth it — let go."""
    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(7.5, 3.8))
    rows = list(ATTITUDE_BY_LEVEL.values())
    y = np.arange(len(rows))
    colours = ("#08519c", "#3182bd", "#6baed6", "#bdd7e7")
    ax.barh(y, [r["effort"] for r in rows], color=colours, height=0.62)
    for yi, row in zip(y, rows):
        ax.text(row["effort"] + 0.02, yi, text(en="{level}: {attitude}", zh="{level}：{attitude}",
                                                level=pick(row["level"]), attitude=pick(row["attitude"])),
                va="center", fontsize=10)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.6)
    ax.set_xticks([])
    ax.set_xlabel(text(en="effort spent on winning the customer back →", zh="挽回投入的力度 →"))
    ax.set_title(text(en="Attitude to lost customers by customer level", zh="对不同级别流失客户的态度"))
    return ax


def plot_win_back_process(*, ax=None):
    """Early warning → visit lost customers → grade by value → targeted measures → follow up."""
    ax = diagram_axes(ax, figsize=(9.0, 2.8))
    xs = np.linspace(0.09, 0.91, len(WIN_BACK_STEPS))
    for x, step in zip(xs, WIN_BACK_STEPS.values()):
        label_box(ax, x, 0.58, pick(step), size=8.5)
    chain(ax, xs, 0.58, gap=0.085)
    ax.text(0.5, 0.08, text(en="prevention first: warning signals are cheaper to act on than lost customers",
                            zh="预防为先：在预警阶段采取行动，比客户流失后再挽回成本更低"),
            ha="center", fontsize=9, color="grey")
    ax.set_title(text(en="From early warning to win-back", zh="从流失预警到客户挽回"))
    return ax


# ---------------------------------------------------------------- customers per period
def period_counts(subscriptions, *, start_col="signup_date", end_col="cancel_date", as_of=AS_OF,
                  freq="M") -> pd.DataFrame:
    """Customers per period of a subscription table: start, sign-ups, new, lost, end.

    One row per month (``freq="M"``), quarter (``"Q"``) or year (``"Y"``) from the first
    sign-up to the last whole period before ``as_of``. A customer counts from the sign-up
    date until the cancellation date (exclusive); cancellations on or after ``as_of`` are
    not known yet. Columns:

    * ``start`` — customers at the start of the period;
    * ``signups`` — customers who signed up during the period;
    * ``quick_lost`` — of those, the ones who also cancelled during the same period;
    * ``new`` — sign-ups still there at the end (signups − quick_lost);
    * ``lost`` — customers present at the start who cancelled during the period;
    * ``end`` — customers at the end = start + new − lost.

    With this split the textbook retention rate (end − new) / start of
    :func:`crm_study.analytics.retention.retention_rates` is exactly the share of the starting
    customers kept.

    >>> subs = pd.DataFrame({"signup_date": ["2024-01-05", "2024-01-20", "2024-02-03"],
    ...                      "cancel_date": ["2024-02-10", "2024-01-25", None]})
    >>> period_counts(subs, as_of="2024-03-01")[["start", "new", "lost", "end"]].to_numpy().tolist()
    [[0, 1, 0, 1], [1, 1, 1, 1]]
    """
    where = "period_counts"
    df = _validate.frame(subscriptions, where=where, arg="subscriptions")
    if freq not in _FREQS:
        raise ArgumentError(text(
            en="{where}: freq={f!r} is not supported; use 'M' (month), 'Q' (quarter) or 'Y' (year).",
            zh="{where}：不支持 freq={f!r}；请使用 'M'（月）、'Q'（季度）或 'Y'（年）。", where=where, f=freq))
    as_of_ts = _validate.as_of(as_of, where=where)
    _validate.columns(df, {"start_col": start_col, "end_col": end_col}, where=where)
    start, end = _validate.date_span(df, start_col, end_col, where=where)
    late = (start >= as_of_ts).to_numpy()
    if late.any():
        raise DataError(text(
            en="{where}: column {col!r} has sign-up dates on or after as_of={a} at row(s) {rows}. "
               "Drop them or move as_of later.",
            zh="{where}：列 {col!r} 在第 {rows} 行的注册日期不早于 as_of={a}。请删除这些行或把 as_of 调后。",
            where=where, col=start_col, a=as_of_ts.date(), rows=_validate.row_list(df.index[late], int(late.sum()))))
    periods = pd.period_range(start.min().to_period(freq), (as_of_ts - pd.Timedelta(days=1)).to_period(freq),
                              freq=freq)
    if (as_of_ts - pd.Timedelta(days=1)).to_period(freq).end_time.normalize() != (
            as_of_ts - pd.Timedelta(days=1)).normalize():
        periods = periods[:-1]
    if len(periods) == 0:
        raise ArgumentError(text(
            en="{where}: no whole period lies between the first sign-up and as_of={a}; move as_of later "
               "or use a shorter freq.",
            zh="{where}：第一次注册与 as_of={a} 之间没有一个完整的期；请把 as_of 调后或使用更短的 freq。",
            where=where, a=as_of_ts.date()))
    s = start.dt.to_period(freq)
    known = end.notna() & (end < as_of_ts)
    c = end.where(known).dt.to_period(freq)
    quick = known & (c == s)
    signups = s.value_counts().reindex(periods, fill_value=0)
    quick_lost = s[quick].value_counts().reindex(periods, fill_value=0)
    lost = c[known & ~quick].value_counts().reindex(periods, fill_value=0)
    new = signups - quick_lost
    end_count = (new - lost).cumsum()
    out = pd.DataFrame({"start": end_count.shift(1, fill_value=0), "signups": signups,
                        "quick_lost": quick_lost, "new": new, "lost": lost, "end": end_count},
                       index=pd.Index(periods.astype(str), name="period")).astype("int64")
    return out


# ---------------------------------------------------------------- Fader & Hardie (2007)
@dataclass(frozen=True)
class FaderHardie:
    """The sBG model refitted to the two cohorts of Fader & Hardie (2007).

    ``fits``: cohort -> :class:`crm_study.analytics.retention.SBGFit` (years 1–7 only);
    ``params``: one row per cohort with the fitted and published ``alpha``, ``beta`` and the
    log-likelihood; ``projection``: one row per year 0–12 with the observed and projected share
    still a customer for both cohorts and whether the year was used for fitting;
    ``holdout_error``: the mean absolute error (percentage points) of the projection in the
    hold-out years 8–12, per cohort.
    """

    fits: dict
    params: pd.DataFrame
    projection: pd.DataFrame
    holdout_error: pd.Series

    def __repr__(self) -> str:
        rows = [text(en="{c}: α = {a:.3f} (published {pa}), β = {b:.3f} (published {pb}); "
                        "hold-out error {e:.1f} points",
                     zh="{c}：α = {a:.3f}（论文 {pa}），β = {b:.3f}（论文 {pb}）；检验期平均误差 {e:.1f} 个百分点",
                     c=_cohort_name(c), a=r["alpha"], pa=r["alpha_published"], b=r["beta"], pb=r["beta_published"],
                     e=self.holdout_error[c]) for c, r in self.params.iterrows()]
        return "\n".join(rows)

    def plot(self, *, ax=None):
        """Observed survival (filled dots: fitted years, hollow: hold-out years) and the sBG
        projection for both cohorts; returns the ``Axes``."""
        from ..display.plotting import new_axes

        ax = new_axes(ax)
        t = np.linspace(0, self.projection.index.max(), 200)
        calib = self.projection["fitted"].to_numpy()
        for colour, (cohort, fit) in zip(("C0", "C3"), self.fits.items()):
            name = _cohort_name(cohort)
            observed = self.projection[f"{cohort}_observed"].to_numpy()
            years = self.projection.index.to_numpy()
            ax.plot(t, fit.survival(t), color=colour, label=text(en="{n}: sBG", zh="{n}：sBG 模型", n=name))
            ax.plot(years[calib], observed[calib], "o", color=colour,
                    label=text(en="{n}: observed (fitted)", zh="{n}：实际（拟合期）", n=name))
            ax.plot(years[~calib], observed[~calib], "o", mfc="white", color=colour,
                    label=text(en="{n}: observed (hold-out)", zh="{n}：实际（检验期）", n=name))
        ax.axvline(years[calib].max(), color="grey", ls="--", lw=1)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(text(en="year since acquisition", zh="客户获取后的年份"))
        ax.set_ylabel(text(en="share of cohort still a customer", zh="同期群仍为客户的比例"))
        ax.set_title(text(en="sBG fitted on years 1–7, projected to years 8–12",
                          zh="sBG 模型：用第 1–7 年拟合，预测第 8–12 年"))
        ax.legend(fontsize=8, frameon=False, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.14))
        return ax


def _cohort_name(cohort: str) -> str:
    names = {"regular": {"zh": "普通客户", "en": "regular"}, "high_end": {"zh": "高端客户", "en": "high end"}}
    return pick(names.get(cohort, cohort))


def fader_hardie(cohorts=None) -> FaderHardie:
    """Fit the sBG model to the calibration years of each cohort of
    :data:`crm_study.analytics.retention.FADER_HARDIE_2007` (or a dict of the same shape) and project it
    over all the years given; the published α, β are kept beside the fitted ones."""
    where = "fader_hardie"
    cohorts = retention.FADER_HARDIE_2007 if cohorts is None else cohorts
    if not isinstance(cohorts, dict) or not cohorts:
        raise InputTypeError(text(
            en="{where}: cohorts must be a non-empty dict like crm.retention.FADER_HARDIE_2007, got {t}.",
            zh="{where}：参数 cohorts 应为与 crm.retention.FADER_HARDIE_2007 结构相同的非空字典，实际为 {t}。",
            where=where, t=type(cohorts).__name__))
    fits, rows, observed = {}, {}, {}
    horizon = None
    for name, spec in cohorts.items():
        if not isinstance(spec, dict) or not {"survivors", "calibration_periods"} <= set(spec):
            raise DataError(text(
                en="{where}: cohort {c!r} needs the keys 'survivors' and 'calibration_periods'.",
                zh="{where}：同期群 {c!r} 需要 'survivors' 和 'calibration_periods' 两个键。", where=where, c=name))
        if not isinstance(spec["survivors"], (list, tuple, np.ndarray, pd.Series)):
            raise InputTypeError(text(
                en="{where}: cohorts[{c!r}]['survivors'] must be a list of customer counts, got {t}.",
                zh="{where}：cohorts[{c!r}]['survivors'] 应为客户人数的列表，实际为 {t}。",
                where=where, c=name, t=type(spec["survivors"]).__name__))
        survivors = list(spec["survivors"])
        k = _validate.number(spec["calibration_periods"], name=f"cohorts[{name!r}]['calibration_periods']",
                             where=where, lo=2, hi=len(survivors) - 1, integer=True)
        if horizon is not None and len(survivors) - 1 != horizon:
            raise DataError(text(
                en="{where}: every cohort must cover the same years; {c!r} has {n} years, the first had {h}.",
                zh="{where}：各同期群的年数必须相同；{c!r} 有 {n} 年，第一个同期群有 {h} 年。",
                where=where, c=name, n=len(survivors) - 1, h=horizon))
        horizon = len(survivors) - 1
        fit = retention.fit_sbg(survivors[: k + 1])
        fits[name] = fit
        rows[name] = {"alpha": fit.params["alpha"], "beta": fit.params["beta"],
                      "alpha_published": spec.get("alpha"), "beta_published": spec.get("beta"),
                      "loglik": fit.loglik}
        observed[name] = np.asarray(survivors, dtype="float64") / survivors[0]
    years = np.arange(horizon + 1)
    proj = pd.DataFrame(index=pd.Index(years, name="year"))
    errors = {}
    for name, fit in fits.items():
        proj[f"{name}_observed"] = observed[name]
        proj[f"{name}_model"] = fit.survival(years)
        hold = years > len(fit.survivors) - 1
        gap = proj.loc[hold, f"{name}_observed"] - proj.loc[hold, f"{name}_model"]
        errors[name] = float(np.mean(np.abs(gap))) * 100
    calib = min(len(f.survivors) - 1 for f in fits.values())
    proj["fitted"] = years <= calib
    params = pd.DataFrame.from_dict(rows, orient="index")
    params.index.name = "cohort"
    return FaderHardie(fits=fits, params=params, projection=proj, holdout_error=pd.Series(errors, name="mae_points"))


# ---------------------------------------------------------------- the "try it" computation
@dataclass(frozen=True)
class RetentionGain:
    """What raising retention is worth: ``value`` is the Series of
    :func:`crm_study.analytics.retention.retention_value` (retention, retention_new, clv, clv_new, gain,
    gain_pct) for one customer; ``customers`` the size of the base; ``total_gain`` = gain ×
    customers; ``settings`` the arguments used."""

    value: pd.Series
    customers: int
    total_gain: float
    settings: dict

    def __repr__(self) -> str:
        v = self.value
        return "\n".join([
            text(en="Retention {r:.0%} → {n:.0%} (margin {m:g} per period, discount {d:.1%})",
                 zh="保持率 {r:.0%} → {n:.0%}（每期利润 {m:g}，折现率 {d:.1%}）",
                 r=v["retention"], n=v["retention_new"], m=self.settings["margin"], d=self.settings["discount"]),
            text(en="CLV per customer: {a:,.2f} → {b:,.2f} (gain {g:,.2f}, {p:+.1%})",
                 zh="每位客户的 CLV：{a:,.2f} → {b:,.2f}（增加 {g:,.2f}，{p:+.1%}）",
                 a=v["clv"], b=v["clv_new"], g=v["gain"], p=v["gain_pct"]),
            text(en="For {n:,} customers: {t:,.2f}", zh="{n:,} 位客户合计：{t:,.2f}",
                 n=self.customers, t=self.total_gain),
        ])


def retention_gain(margin, retention_rate, discount, *, uplift=0.05, customers=1000,
                   acquisition_cost=0) -> RetentionGain:
    """Value of raising retention by ``uplift``: per customer with the simple CLV
    m·r / (1 + d − r) − AC (via :func:`crm_study.analytics.retention.retention_value`) and for a base of
    ``customers`` (gain × customers).

    >>> round(float(retention_gain(100, 0.6, 0.1).value["gain"]), 2)       # 144.44 − 120.00
    24.44
    """
    where = "retention_gain"
    n = _validate.number(customers, name="customers", where=where, lo=1, integer=True)
    value = retention.retention_value(margin, retention_rate, discount, uplift=uplift,
                                      acquisition_cost=acquisition_cost)
    settings = {"margin": float(margin), "retention_rate": float(retention_rate), "discount": float(discount),
                "uplift": float(uplift), "customers": n, "acquisition_cost": float(acquisition_cost)}
    return RetentionGain(value=value, customers=n, total_gain=float(value["gain"]) * n, settings=settings)


def plot_retention_gain(result: RetentionGain, *, ax=None):
    """CLV against retention with the two points of ``result`` and the gain between them."""
    if not isinstance(result, RetentionGain):
        raise InputTypeError(text(
            en="plot_retention_gain: result must come from retention_gain(...), got {t}.",
            zh="plot_retention_gain：参数 result 应为 retention_gain(...) 的结果，实际为 {t}。",
            t=type(result).__name__))
    from ..analytics.clv import clv_simple
    from ..display.plotting import new_axes

    s, v = result.settings, result.value
    ax = new_axes(ax)
    r = np.linspace(0.0, max(0.95, float(v["retention_new"])), 96)
    ax.plot(r * 100, clv_simple(s["margin"], r, s["discount"], s["acquisition_cost"]), color="#2980b9", lw=2,
            label="CLV = m·r/(1+d−r) − AC")
    ax.plot([v["retention"] * 100, v["retention_new"] * 100], [v["clv"], v["clv_new"]], "o", color="#c0392b")
    arrow(ax, (v["retention"] * 100, v["clv"]), (v["retention_new"] * 100, v["clv_new"]), color="#c0392b")
    ax.annotate(text(en="+{g:,.2f} per customer", zh="每位客户 +{g:,.2f}", g=v["gain"]),
                (v["retention_new"] * 100, v["clv_new"]), textcoords="offset points", xytext=(-8, 8), ha="right",
                color="#c0392b")
    ax.set_xlabel(text(en="retention rate r (%)", zh="客户保持率 r（%）"))
    ax.set_ylabel(text(en="customer lifetime value", zh="客户终身价值"))
    ax.set_title(text(en="What a retention gain is worth", zh="提高保持率的价值"))
    ax.legend(frameon=False, loc="upper left")
    return ax


# ---------------------------------------------------------------- the panel
class RetentionExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> widget) and ``result``,
    the :class:`RetentionGain` for the current values (the last valid one while they are invalid)."""

    keep_result_on_error = True

    def __init__(self, start: RetentionGain):
        import ipywidgets as w

        s = start.settings
        style = {"style": {"description_width": "initial"}, "continuous_update": False}
        controls = {
            "margin": w.FloatSlider(value=s["margin"], min=min(0.0, s["margin"]),
                                    max=max(500.0, s["margin"]), step=1,
                                    description=text(en="margin per period m", zh="每期利润 m"), **style),
            "retention_rate": w.FloatSlider(value=s["retention_rate"], min=0.0,
                                            max=max(0.9, s["retention_rate"]), step=0.01,
                                            description=text(en="retention r", zh="保持率 r"), **style),
            "discount": w.FloatSlider(value=s["discount"], min=min(0.0, s["discount"]),
                                      max=max(0.3, s["discount"]), step=0.005,
                                      description=text(en="discount d", zh="折现率 d"), **style),
            "uplift": w.FloatSlider(value=s["uplift"], min=min(0.0, s["uplift"]), max=max(0.09, s["uplift"]), step=0.01,
                                    description=text(en="uplift", zh="保持率提升"), **style),
            "customers": w.IntSlider(value=s["customers"], min=1, max=max(100_000, s["customers"]), step=100,
                                     description=text(en="customers", zh="客户数"), **style),
        }
        super().__init__(
            controls, text(en="Try it: what is a retention gain worth?", zh="互动练习：提高保持率值多少钱？"),
            text(en="Retention-gain panel: move the sliders to see what raising retention is worth "
                    "(the panel appears when the notebook runs).",
                 zh="保持率提升价值面板：拖动滑块，看看提高保持率值多少钱（运行笔记本后显示面板）。"),
            lambda c: [[c["margin"], c["retention_rate"], c["discount"]], [c["uplift"], c["customers"]]],
            result=start)

    def compute(self, **values) -> RetentionGain:
        return retention_gain(**values)

    def draw(self, result: RetentionGain):
        return plot_retention_gain(result)

    def __repr__(self) -> str:
        """The fixed description followed by the numbers of the current result."""
        return f"{self.description}\n{self.result!r}"


def retention_explorer(margin=100, retention_rate=0.6, discount=0.1, *, uplift=0.05,
                       customers=1000) -> RetentionExplorer:
    """The "try it" panel: sliders for margin, retention, discount rate, uplift and the number of
    customers; the chart and summary of :func:`retention_gain` are redrawn on every change. The
    arguments set where the sliders start."""
    return RetentionExplorer(retention_gain(margin, retention_rate, discount, uplift=uplift,
                                            customers=customers))
