"""Chapter 06 (客户分级管理): from a weighted grading model to differentiated service per level.

The grading itself is :func:`crm_study.analytics.segmentation.grade_customers` (weighted criteria →
customer pyramid); this module adds what the chapter teaches around it:

* :data:`CRITERIA` — the five grading criteria of the course (credit, volume, prospects, profit
  contribution, weighted combination) and the ``travel_agency`` column that measures each;
* :func:`service_plan` — the differentiated service, care, account-manager cover and attitude
  to churn for each pyramid level; :func:`differentiated_service` joins it to a graded table and
  splits a care budget between levels in proportion to the value each level brings;
* :func:`rfm_from_customer_file` and :func:`segment_actions` — "from RFM segments to actions"
  when the data is a customer file (last purchase date, purchase count, spend), not a log;
* diagrams :func:`plot_service_pyramid` and :func:`plot_account_manager`;
* the "try it" panel: :func:`explore` (pure: weights in, pyramid and service plan out) and
  :func:`grading_explorer` (weight sliders built on it).

Budget rule: ``budget_l = budget · max(V_l, 0) / Σ max(V_k, 0)`` for level value ``V_l``.

>>> g = segmentation.grade_customers(pd.DataFrame({"customer_id": [1, 2], "profit": [9.0, 1.0]}),
...                                  {"profit": 1}, shares=(0.5, 0, 0))
>>> differentiated_service(g, value_col="profit", budget=100)["budget"].tolist()
[90.0, 0.0, 0.0, 10.0]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from .. import _validate

from ..analytics import segmentation, value
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text
from ..display.labels import label
from ..display.widgets import Panel

__all__ = ["CRITERIA", "DEFAULT_WEIGHTS", "SERVICE_LEVELS", "criteria_table", "service_plan",
           "differentiated_service", "rfm_from_customer_file", "segment_actions", "plot_service_pyramid",
           "plot_account_manager", "Grading", "explore", "GradingExplorer", "grading_explorer"]

#: The course's grading criteria (客户分级的标准, [Review notes]), the travel_agency column of each.
CRITERIA = {
    "credit": {"zh": "信用状况", "en": "credit standing", "column": "credit_score",
               "why": {"zh": "按时付款、不拖欠：决定能否放心给予账期和优惠",
                       "en": "pays on time: decides whether credit terms and favours are safe"}},
    "volume": {"zh": "业务量（客户价值）", "en": "business volume (value)", "column": "spend_3y",
               "why": {"zh": "购买规模：决定客户对销售额的分量",
                       "en": "size of purchases: the customer's weight in sales"}},
    "prospects": {"zh": "发展前景", "en": "growth prospects", "column": "prospects_score",
                  "why": {"zh": "未来的增长潜力：今天的小客户可能是明天的大客户",
                          "en": "future potential: today's small customer may be tomorrow's big one"}},
    "profit": {"zh": "利润贡献率", "en": "profit contribution", "column": "profit_3y",
               "why": {"zh": "扣除服务成本后真正留下的利润：量大不等于赚钱",
                       "en": "profit left after the cost to serve: volume is not profit"}},
}
#: Weights of the worked example (they add up to 1; the fifth criterion is this weighted combination).
DEFAULT_WEIGHTS = {"credit_score": 0.2, "spend_3y": 0.3, "prospects_score": 0.2, "profit_3y": 0.3}

#: Differentiated service and care per pyramid level (codes as in ``segmentation.PYRAMID_LEVELS``).
SERVICE_LEVELS = {
    "key": {
        "service": {"zh": "一对一专属服务、定制方案、优先保障资源",
                    "en": "one-to-one dedicated service, tailored offers, first call on resources"},
        "care": {"zh": "高层定期拜访、专属活动、关键节日个性化关怀",
                 "en": "regular visits by senior managers, exclusive events, personal care on key dates"},
        "manager": {"zh": "专职客户经理（或服务小组）", "en": "a dedicated account manager (or team)"},
        "churn": {"zh": "极力挽回（关键客户）", "en": "win back with every effort (key customers)"},
    },
    "major": {
        "service": {"zh": "优先服务、部分定制、绿色通道", "en": "priority service, some tailoring, a fast lane"},
        "care": {"zh": "定期回访、会员权益、推动升级为 VIP 客户",
                 "en": "regular follow-up calls, member benefits, a push to move up to VIP"},
        "manager": {"zh": "客户经理分管若干客户", "en": "an account manager who looks after several customers"},
        "churn": {"zh": "极力挽回（与 VIP 客户合称关键客户）",
                  "en": "win back with every effort (with VIP customers, the key customers)"},
    },
    "ordinary": {
        "service": {"zh": "标准化服务，交叉销售和追加销售", "en": "standard service plus cross-selling and up-selling"},
        "care": {"zh": "会员积分、节日问候、满意度调查", "en": "loyalty points, holiday greetings, satisfaction surveys"},
        "manager": {"zh": "客服中心统一服务", "en": "the service centre as a whole"},
        "churn": {"zh": "尽量挽回", "en": "try hard to win back"},
    },
    "small": {
        "service": {"zh": "自助、线上等低成本渠道；额外服务收费",
                    "en": "self-service and online low-cost channels; extra services charged"},
        "care": {"zh": "群发信息和自动提醒；亏损客户可以放弃",
                 "en": "mass messages and automatic reminders; loss-making customers may be let go"},
        "manager": {"zh": "无专人，自助为主", "en": "none; mainly self-service"},
        "churn": {"zh": "见机行事；亏损又无前景、不值得挽回的彻底放弃",
                  "en": "case by case; let go those who lose money and have no prospects"},
    },
}
_CODES = list(segmentation.PYRAMID_LEVELS)
_PLAN_COLS = {"service": {"zh": "服务方式", "en": "service"}, "care": {"zh": "关怀措施", "en": "care"},
              "manager": {"zh": "客户经理", "en": "account manager"},
              "churn": {"zh": "对流失的态度", "en": "if they leave"}}


def criteria_table() -> pd.DataFrame:
    """The five grading criteria with what each tells and the travel_agency column that measures it,
    in the active language (the fifth row, the weighted combination, has no column of its own)."""
    rows = [{"criterion": pick(c), "why": pick(c["why"]), "column": c["column"]} for c in CRITERIA.values()]
    rows.append({"criterion": text(en="weighted combination", zh="综合加权"),
                 "why": text(en="one score from all four: score = 100 · Σ w·norm(x)",
                             zh="把四项合成一个分数：得分 = 100 · Σ 权重 × 标准化值"),
                 "column": "score"})
    out = pd.DataFrame(rows)
    out.columns = [text(en="criterion", zh="分级标准"), text(en="what it tells", zh="作用"),
                   text(en="column", zh="衡量指标")]
    return out


def service_plan(lang: str | None = None) -> pd.DataFrame:
    """The differentiated service plan: one row per pyramid level (top first), columns service,
    care, account manager and attitude to churn, labelled in the active (or given) language."""
    out = pd.DataFrame({pick(label, lang): [pick(SERVICE_LEVELS[c][k], lang) for c in _CODES]
                        for k, label in _PLAN_COLS.items()},
                       index=pd.Index([pick(segmentation.PYRAMID_LEVELS[c], lang) for c in _CODES],
                                      name=text(en="level", zh="级别", lang=lang)))
    return out


def differentiated_service(graded: pd.DataFrame, *, value_col: str | None = None,
                           budget: float | None = None) -> pd.DataFrame:
    """Per pyramid level: the :func:`~crm_study.analytics.segmentation.pyramid_summary` numbers, the service
    plan, and with ``budget`` (needs ``value_col``) the level's share of a care budget.

    ``budget_l = budget · max(V_l, 0) / Σ max(V_k, 0)`` where ``V_l`` is the level's total
    ``value_col``; ``budget_per_customer`` = budget_l ÷ customers (0 for an empty level).
    Index: level codes key / major / ordinary / small.
    """
    where = "grading.differentiated_service"
    _validate.frame(graded, where=where, arg="graded")
    if budget is not None and value_col is None:
        raise ArgumentError(text(
            en="{where}: budget needs value_col (e.g. value_col='profit_3y') to know what each level brings.",
            zh="{where}：给出 budget 时还需要 value_col（例如 value_col='profit_3y'），才能按各级别的贡献分配预算。",
            where=where))
    if budget is not None:
        budget = _validate.number(budget, name="budget", where=where, lo=0)
    summary = segmentation.pyramid_summary(graded, value_col=value_col)
    plan = service_plan()
    plan.index = pd.Index(_CODES, name="level_code")
    out = summary.join(plan)
    if budget is not None:
        positive = summary["value"].clip(lower=0)
        if positive.sum() <= 0:
            raise ArgumentError(text(
                en="{where}: no level has a positive total {col!r}, so the budget cannot follow value; "
                   "use a value column such as profit or spend.",
                zh="{where}：没有任何级别的 {col!r} 总和为正，无法按贡献分配预算；请改用利润或消费额等价值列。",
                where=where, col=value_col))
        out["budget"] = positive / positive.sum() * budget  # shares first: exact even for tiny totals
        out["budget_per_customer"] = (out["budget"] / out["customers"].where(out["customers"] > 0)).fillna(0.0)
    return out


def rfm_from_customer_file(customers: pd.DataFrame, *, as_of, id_col: str = "customer_id",
                           last_col: str = "last_trip_date", frequency_col: str = "trips_3y",
                           monetary_col: str = "spend_3y") -> pd.DataFrame:
    """An RFM table (``recency`` days to ``as_of``, ``frequency``, ``monetary``) from a customer
    file that already holds each customer's last purchase date, purchase count and spend.

    Customers with no purchase in the period (frequency 0) are left out and listed in
    ``result.attrs["dropped"]``; a last purchase after ``as_of`` is an error. The result feeds
    :func:`crm_study.analytics.value.rfm_segment` as the table of :func:`crm_study.analytics.value.rfm_table` does.
    """
    where = "grading.rfm_from_customer_file"
    _validate.frame(customers, where=where, arg="customers")
    _validate.columns(customers, {"id_col": id_col, "last_col": last_col, "frequency_col": frequency_col,
                                  "monetary_col": monetary_col}, where=where)
    day = _validate.as_of(as_of, where=where)
    last = _validate.dates(customers[last_col], col=last_col, where=where)
    freq = _validate.numbers_col(customers[frequency_col], col=frequency_col, where=where)
    money = _validate.numbers_col(customers[monetary_col], col=monetary_col, where=where)
    late = (last.dt.normalize() > day).to_numpy()
    if late.any():
        n_bad = int(late.sum())
        raise DataError(text(
            en="{where}: {n} date(s) in column {col!r} are after as_of={d} at row(s) {rows}; pass a later as_of.",
            zh="{where}：列 {col!r} 中有 {n} 个日期晚于 as_of={d}（第 {rows} 行）；请传入更晚的 as_of。",
            where=where, n=n_bad, col=last_col, d=day.date(), rows=_validate.row_list(customers.index[late], n_bad)))
    active = (freq > 0).to_numpy()
    if not active.any():
        raise DataError(text(
            en="{where}: column {col!r} is 0 for every customer, so nobody bought in the period; check frequency_col.",
            zh="{where}：列 {col!r} 全为 0，期内没有任何客户购买；请检查 frequency_col。",
            where=where, col=frequency_col))
    out = pd.DataFrame({"recency": (day - last.dt.normalize()).dt.days.astype("int64").to_numpy()[active],
                        "frequency": freq.to_numpy()[active].astype("int64"),
                        "monetary": money.to_numpy()[active]},
                       index=pd.Index(customers[id_col].to_numpy()[active], name=id_col))
    out.attrs["as_of"] = day
    out.attrs["dropped"] = customers[id_col].to_numpy()[~active].tolist()
    return out


def segment_actions(seg: pd.DataFrame) -> pd.DataFrame:
    """From RFM segments to actions: per segment, customers, share, share of the money and the
    recommended action, largest segment first (output of :func:`crm_study.analytics.value.rfm_segment`)."""
    summary = value.segment_summary(seg)
    strategy = value.segment_strategy()["strategy"]
    out = summary[["count", "share", "monetary_share"]].join(strategy)
    return out[out["count"] > 0].sort_values("count", ascending=False, kind="stable")


# ----------------------------------------------------------------------------- diagrams

def plot_service_pyramid(*, ax=None):
    """The customer pyramid as a concept: four levels with their usual headcount share (1 / 4 / 15 /
    80 %) on the left and the differentiated service on the right; arrows for value per customer
    (up) and number of customers (down)."""
    from matplotlib.patches import FancyArrowPatch, Polygon

    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(10.5, 4.6))
    colours = ["#8c2d04", "#d94801", "#fd8d3c", "#fdd0a2"]
    shares = ["1%", "4%", "15%", "80%"]
    n = len(_CODES)
    for i, code in enumerate(_CODES):
        top, bottom = 1 - i / n, 1 - (i + 1) / n
        ht, hb = 0.5 * (1 - top), 0.5 * (1 - bottom)
        ax.add_patch(Polygon([(0.5 - hb, bottom), (0.5 + hb, bottom), (0.5 + ht, top), (0.5 - ht, top)],
                             closed=True, facecolor=colours[i], edgecolor="white", lw=2))
        mid = (top + bottom) / 2
        edge = 0.5 * (1 - mid)
        ax.text(0.5 - edge - 0.04, mid, text(en="{name} ({s})", zh="{name}（{s}）",
                                             name=pick(segmentation.PYRAMID_LEVELS[code]), s=shares[i]),
                ha="right", va="center", fontsize=9)
        ax.text(0.5 + edge + 0.04, mid, pick(SERVICE_LEVELS[code]["service"]), ha="left", va="center", fontsize=8.5)
    ax.add_patch(FancyArrowPatch((-0.62, 0.05), (-0.62, 0.95), arrowstyle="-|>", mutation_scale=14, color="#555"))
    ax.text(-0.66, 0.5, text(en="value per customer", zh="单个客户价值"), rotation=90, ha="right", va="center",
            fontsize=9)
    ax.add_patch(FancyArrowPatch((2.4, 0.95), (2.4, 0.05), arrowstyle="-|>", mutation_scale=14, color="#555"))
    ax.text(2.44, 0.5, text(en="number of customers", zh="客户数量"), rotation=90, ha="left", va="center",
            fontsize=9)
    ax.set_xlim(-0.75, 2.55)
    ax.set_ylim(-0.02, 1.04)
    ax.set_axis_off()
    ax.set_title(text(en="Customer pyramid and differentiated service", zh="客户金字塔与差异化服务"))
    return ax


def plot_account_manager(*, ax=None):
    """The account-manager system (客户经理制): one account manager between the key customer and
    the firm's departments, so the customer deals with one person who mobilises the rest."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(9.0, 4.6))

    def box(x, y, label, colour, w=0.2, h=0.13):
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.01",
                                    facecolor=colour, edgecolor="#2c3e50"))
        ax.text(x, y, label, ha="center", va="center", fontsize=9)

    def arrow(a, b, label=None, both=True):
        ax.add_patch(FancyArrowPatch(a, b, arrowstyle="<|-|>" if both else "-|>", mutation_scale=12,
                                     color="#2c3e50"))
        if label:
            ax.text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + 0.05, label, ha="center", fontsize=8, color="#444")

    box(0.12, 0.5, text(en="key customer", zh="关键客户"), "#fdd0a2")
    box(0.47, 0.5, text(en="account manager", zh="客户经理"), "#dbe9f6", w=0.22)
    departments = [text(en="sales", zh="销售"), text(en="product / R&D", zh="产品 / 研发"),
                   text(en="service", zh="客户服务"), text(en="finance / credit", zh="财务 / 信用"),
                   text(en="logistics", zh="物流 / 交付")]
    ys = np.linspace(0.9, 0.1, len(departments))
    for y, name in zip(ys, departments):
        box(0.87, y, name, "#dff0d8", w=0.2, h=0.11)
        arrow((0.58, 0.5), (0.77, y))
    arrow((0.22, 0.5), (0.36, 0.5), text(en="one contact", zh="单一窗口"))
    ax.text(0.47, 0.3, text(en="sells · passes on market information\ndevelops and manages the account",
                            zh="推销产品 · 传递市场信息\n开拓和管理客户"), ha="center", va="top", fontsize=8.5)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    ax.set_title(text(en="The account-manager system", zh="客户经理制"))
    return ax


# ----------------------------------------------------------------------------- the "try it" panel

def _criterion_label(col: str) -> str:
    found = next((c for c in CRITERIA.values() if c["column"] == col), None)
    return pick(found) if found else col


@dataclass(frozen=True)
class Grading:
    """What the grading panel shows for one set of weights: ``graded`` (the
    :func:`~crm_study.analytics.segmentation.grade_customers` table), ``summary`` (:func:`differentiated_service`)
    and the ``settings`` (``weights`` normalised to sum to 1, ``method``, ``value_col``)."""

    graded: pd.DataFrame
    summary: pd.DataFrame
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        weights = " · ".join(f"{_criterion_label(c)} {w:.0%}" for c, w in s["weights"].items())
        levels = " · ".join(
            text(en="{name} {n}", zh="{name} {n} 人", name=row.level, n=int(row.customers))
            + (text(en=" ({v:.1%} of {col})", zh="（占{col}的 {v:.1%}）", v=row.value_share, col=label(s["value_col"]))
               if s["value_col"] else "")
            for row in self.summary.itertuples())
        method = text(en="percentile rank", zh="百分位排名") if s["method"] == "rank" else \
            text(en="min–max", zh="极差标准化")
        return "\n".join([text(en="Weights ({m}): {w}", zh="权重（{m}）：{w}", m=method, w=weights),
                          text(en="Pyramid: {t}", zh="金字塔：{t}", t=levels)])


def explore(customers: pd.DataFrame, weights: Mapping[str, float] | None = None, *, method: str = "minmax",
            value_col: str | None = "profit_3y", id_col: str = "customer_id") -> Grading:
    """The panel's numbers for one set of weights (no widgets, no drawing).

    ``weights`` maps criterion columns to weights >= 0 (default :data:`DEFAULT_WEIGHTS`); a weight
    of 0 leaves that criterion out. Grading by :func:`~crm_study.analytics.segmentation.grade_customers` with the
    default pyramid shares; the summary is :func:`differentiated_service` with ``value_col``.
    """
    where = "grading.explore"
    weights = DEFAULT_WEIGHTS if weights is None else weights
    if not isinstance(weights, Mapping) or not weights:
        raise InputTypeError(text(
            en="{where}: weights must be a dict {{column: weight}}, e.g. {{'credit_score': 0.2}}; got {v!r}.",
            zh="{where}：参数 weights 应为字典 {{列名: 权重}}，例如 {{'credit_score': 0.2}}；实际为 {v!r}。",
            where=where, v=weights))
    checked = {c: _validate.number(w, name=f"weights[{c!r}]", where=where, lo=0) for c, w in weights.items()}
    used = {c: w for c, w in checked.items() if w > 0}
    if not used:
        raise ArgumentError(text(en="{where}: every weight is 0; give at least one criterion a positive weight.",
                                 zh="{where}：所有权重都是 0；请至少给一个指标正的权重。", where=where))
    graded = segmentation.grade_customers(customers, used, id_col=id_col, method=method)
    if value_col is not None:
        _validate.columns(customers, {"value_col": value_col}, where=where)
        graded[value_col] = customers[value_col]
    summary = differentiated_service(graded, value_col=value_col)
    total = sum(used.values())
    return Grading(graded=graded, summary=summary,
                   settings={"weights": {c: w / total for c, w in used.items()}, "method": method,
                             "value_col": value_col})


class GradingExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (criterion column or ``method`` ->
    widget) and ``result``, the :class:`Grading` for the current values (``None`` while invalid)."""

    def __init__(self, customers: pd.DataFrame, start: Grading, weights: Mapping[str, float]):
        import ipywidgets as w

        self.customers = customers
        self.value_col = start.settings["value_col"]
        style = {"description_width": "initial"}
        controls = {
            col: w.FloatSlider(value=float(weights[col]), min=0.0, max=max(1.0, float(weights[col])), step=0.05,
                               description=_criterion_label(col), continuous_update=False, style=style)
            for col in weights}
        controls["method"] = w.ToggleButtons(
            options=[(text(en="min–max", zh="极差标准化"), "minmax"), (text(en="percentile rank", zh="百分位排名"), "rank")],
            value=start.settings["method"], description=text(en="rescale by", zh="标准化"), style=style)
        sliders = [controls[c] for c in weights]
        super().__init__(
            controls, text(en="Try it: weighted customer grading", zh="互动练习：客户分级加权模型"),
            text(en="Customer grading panel: {n:,} customers. Move a weight slider to regrade them and "
                    "redraw the pyramid (the panel appears when the notebook runs).",
                 zh="客户分级面板：共 {n:,} 位客户。拖动权重滑块即可重新分级并重画金字塔"
                    "（运行笔记本后显示面板）。", n=len(customers)),
            lambda c: [sliders[:2], sliders[2:], c["method"]], result=start)

    def settings(self) -> dict:
        """The current control values as keyword arguments of :func:`explore`."""
        return {"weights": {c: ctl.value for c, ctl in self.controls.items() if c != "method"},
                "method": self.controls["method"].value, "value_col": self.value_col}

    def compute(self, **values) -> Grading:
        return explore(self.customers, **values)

    def draw(self, result: Grading):
        return segmentation.plot_pyramid(result.graded, value_col=result.settings["value_col"])

    def table(self, result: Grading) -> pd.DataFrame:
        """The level table: customers, mean score and value share per level."""
        return result.summary[[c for c in ("level", "customers", "mean_score", "value_share") if c in result.summary]]


def grading_explorer(customers: pd.DataFrame, weights: Mapping[str, float] | None = None, *,
                     method: str = "minmax", value_col: str | None = "profit_3y") -> GradingExplorer:
    """The "try it" panel: one weight slider per criterion (start values ``weights``, default
    :data:`DEFAULT_WEIGHTS`), a toggle for the rescaling method, and the pyramid chart, level
    table and summary redrawn with :func:`explore` on every change."""
    weights = DEFAULT_WEIGHTS if weights is None else weights
    start = explore(customers, weights, method=method, value_col=value_col)
    return GradingExplorer(customers, start, weights)
