"""Chapter 01 (CRM overview): the diagrams, the "more / longer / deeper" goals in numbers, and the
chapter's "try it" panel.

* Diagrams (matplotlib, labels in the active language): :func:`plot_iron_triangle` (philosophy /
  technology / implementation), :func:`plot_concept_evolution` (marketing concepts, management
  focus and consumption stages), :func:`plot_4p_4c_4r`, :func:`plot_goals` (more / longer / deeper).
* :func:`goal_metrics` measures the three goals in a transaction log, year by year:
  **more** = active and new customers, **longer** = retention rate from the previous year,
  **deeper** = purchases and spend per active customer.
* :func:`project_goals` projects a customer base: ``customers_t = r · customers_(t−1) + new`` and
  ``revenue_t = customers_t · spend · (1 + deepen)^(t−1)``; :func:`explore_goals` compares a scenario
  with a baseline and :func:`goals_explorer` is the slider panel built on it.

>>> project_goals(1000, new_per_year=200, retention=0.7, spend=100, deepen=0.1, years=2)["revenue"].tolist()
[90000.0, 91300.0]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import DataError, InputTypeError
from ..i18n import get_language, pick, text
from ..display.plotting import DIAGRAM_COLOURS, arrow, box, diagram_axes
from ..display.widgets import Panel

__all__ = ["goal_metrics", "project_goals", "GoalsComparison", "explore_goals", "plot_goal_projection",
           "GoalsExplorer", "goals_explorer", "plot_iron_triangle", "plot_concept_evolution",
           "plot_4p_4c_4r", "plot_goals"]



# ----------------------------------------------------------------------------- goals measured in a log

def goal_metrics(transactions, *, customer_col="customer_id", date_col="order_date",
                 amount_col="amount") -> pd.DataFrame:
    """The three CRM goals measured per calendar year of a transaction log.

    Columns: ``active`` (customers with a purchase that year), ``new`` (first purchase ever that
    year), ``retained`` (active this year and the year before), ``retention_rate`` = retained ÷
    last year's active (missing in the first year), ``purchases_per_customer``,
    ``spend_per_customer`` (net revenue ÷ active) and ``revenue``. Convention: a row with a positive
    amount is a purchase; a refund (negative amount) lowers the revenue of the year it is dated in
    but is not a purchase. The first year's ``new`` counts every customer (the log has no history).

    >>> tx = pd.DataFrame({"customer_id": ["a", "b", "a", "c"], "amount": [10, 20, 30, 40],
    ...                    "order_date": ["2023-03-01", "2023-05-01", "2024-01-02", "2024-02-03"]})
    >>> goal_metrics(tx)["retention_rate"].tolist()
    [nan, 0.5]
    """
    where = "overview.goal_metrics"
    _validate.frame(transactions, where=where, arg="transactions")
    _validate.columns(transactions, {"customer_col": customer_col, "date_col": date_col,
                                     "amount_col": amount_col}, where=where)
    dates = _validate.dates(transactions[date_col], col=date_col, where=where)
    amounts = _validate.numbers_col(transactions[amount_col], col=amount_col, where=where, allow_negative=True)
    df = pd.DataFrame({"customer": transactions[customer_col].to_numpy(), "year": dates.dt.year.to_numpy(),
                       "amount": amounts.to_numpy()})
    purchases = df[df["amount"] > 0]
    if purchases.empty:
        raise DataError(text(
            en="{where}: column {col!r} has no positive amount, so the log holds no purchase. "
               "Pass the sales rows (amount > 0) or check amount_col.",
            zh="{where}：列 {col!r} 中没有正数金额，日志里没有任何购买记录。请传入销售记录（金额 > 0）或检查 amount_col。",
            where=where, col=amount_col))
    years = pd.RangeIndex(int(df["year"].min()), int(df["year"].max()) + 1, name="year")
    pairs = purchases[["customer", "year"]].drop_duplicates()
    active = pairs.groupby("year").size()
    first = pairs.groupby("customer")["year"].min()
    new = first.value_counts()
    before = pd.MultiIndex.from_frame(pairs.assign(year=pairs["year"] - 1))
    was_active = before.isin(pd.MultiIndex.from_frame(pairs))
    retained = pairs[was_active].groupby("year").size()
    out = pd.DataFrame({"active": active, "new": new, "retained": retained}).reindex(years).fillna(0).astype(int)
    previous = out["active"].shift(1)
    out["retention_rate"] = (out["retained"] / previous.where(previous > 0)).astype("float64")
    out["purchases_per_customer"] = purchases.groupby("year").size().reindex(years) / out["active"]
    out["revenue"] = df.groupby("year")["amount"].sum().reindex(years, fill_value=0.0)
    out["spend_per_customer"] = out["revenue"] / out["active"].where(out["active"] > 0)
    return out[["active", "new", "retained", "retention_rate", "purchases_per_customer",
                "spend_per_customer", "revenue"]]


# ----------------------------------------------------------------------------- goals projected

def _settings(where: str, start_customers, new_per_year, retention, spend, deepen, years) -> dict:
    return {
        "start_customers": _validate.number(start_customers, name="start_customers", where=where, lo=0),
        "new_per_year": _validate.number(new_per_year, name="new_per_year", where=where, lo=0),
        "retention": _validate.number(retention, name="retention", where=where, lo=0, hi=1),
        "spend": _validate.number(spend, name="spend", where=where, lo=0),
        "deepen": _validate.number(deepen, name="deepen", where=where, lo=-1, lo_open=True),
        "years": _validate.number(years, name="years", where=where, lo=1, hi=100, integer=True),
    }


def project_goals(start_customers=1000, *, new_per_year=200, retention=0.7, spend=100.0, deepen=0.0,
                  years=5) -> pd.DataFrame:
    """Project a customer base year by year under the three levers of the CRM goals.

    ``customers_t = retention · customers_(t−1) + new_per_year`` (**more** = new customers,
    **longer** = retention) and ``revenue_t = customers_t · spend · (1 + deepen)^(t−1)`` (**deeper** =
    yearly growth of the spend per customer through cross-selling, up-selling and upgrades).
    Convention: year 1 already applies one year of churn and acquisition to ``start_customers``.
    Columns ``retained``, ``new``, ``customers``, ``spend_per_customer``, ``revenue``,
    ``cumulative_revenue``; index ``year`` = 1 … ``years``.

    >>> project_goals(1000, new_per_year=200, retention=0.7, years=3)["customers"].tolist()
    [900.0, 830.0, 781.0]
    """
    s = _settings("overview.project_goals", start_customers, new_per_year, retention, spend, deepen, years)
    t = np.arange(1, s["years"] + 1)
    r, n0, new = s["retention"], s["start_customers"], s["new_per_year"]
    # closed form of the recursion: c_t = r^t · c_0 + new · (1 + r + … + r^(t−1))
    growth = t.astype(float) if r == 1 else (1 - r ** t) / (1 - r)
    customers = r ** t * n0 + new * growth
    retained = r * np.concatenate(([n0], customers[:-1]))
    spend_t = s["spend"] * (1 + s["deepen"]) ** (t - 1)
    revenue = customers * spend_t
    return pd.DataFrame({"retained": retained, "new": np.full(len(t), new), "customers": customers,
                         "spend_per_customer": spend_t, "revenue": revenue,
                         "cumulative_revenue": np.cumsum(revenue)},
                        index=pd.Index(t, name="year"))


@dataclass(frozen=True)
class GoalsComparison:
    """A scenario and a baseline projection side by side (:func:`explore_goals`).

    ``table`` has, per year, ``baseline_customers``, ``customers``, ``baseline_revenue``,
    ``revenue`` and ``gain`` (scenario − baseline revenue); ``settings`` and ``baseline`` are the
    keyword values that produced the two projections.
    """

    table: pd.DataFrame
    settings: dict
    baseline: dict

    def __repr__(self) -> str:
        s, last = self.settings, self.table.iloc[-1]
        total, base_total = self.table["revenue"].sum(), self.table["baseline_revenue"].sum()
        return "\n".join([
            text(en="Scenario: {new:,.0f} new customers a year (more), retention {r:.0%} (longer), "
                    "spend per customer {d:+.0%} a year (deeper).",
                 zh="情景：每年新增客户 {new:,.0f} 位（更多），保持率 {r:.0%}（更久），人均消费每年 {d:+.0%}（更深）。",
                 new=s["new_per_year"], r=s["retention"], d=s["deepen"]),
            text(en="Year {y}: {c:,.0f} customers (baseline {bc:,.0f}), revenue {v:,.0f} (baseline {bv:,.0f}).",
                 zh="第 {y} 年：客户 {c:,.0f} 位（基准 {bc:,.0f}），收入 {v:,.0f}（基准 {bv:,.0f}）。",
                 y=int(self.table.index[-1]), c=last["customers"], bc=last["baseline_customers"],
                 v=last["revenue"], bv=last["baseline_revenue"]),
            text(en="Revenue over {n} years: {t:,.0f} against {b:,.0f} ({g:+,.0f}).",
                 zh="{n} 年累计收入：{t:,.0f}，基准为 {b:,.0f}（{g:+,.0f}）。",
                 n=len(self.table), t=total, b=base_total, g=total - base_total),
        ])


_BASELINE = {"new_per_year": 200, "retention": 0.7, "deepen": 0.0}


def explore_goals(new_per_year=200, retention=0.7, deepen=0.0, *, start_customers=1000, spend=100.0,
                  years=5, baseline=None) -> GoalsComparison:
    """The panel's numbers: :func:`project_goals` for a scenario and for a baseline (no widgets).

    ``baseline`` is a dict of ``new_per_year``, ``retention`` and ``deepen`` (default 200, 0.7 and
    0); ``start_customers``, ``spend`` and ``years`` are shared by both projections.

    >>> explore_goals(retention=0.8).table["gain"].round(2).tolist()[:2]
    [10000.0, 17000.0]
    """
    base = dict(_BASELINE, **(baseline or {}))
    shared = {"start_customers": start_customers, "spend": spend, "years": years}
    scen = project_goals(new_per_year=new_per_year, retention=retention, deepen=deepen, **shared)
    ref = project_goals(**base, **shared)
    table = pd.DataFrame({"baseline_customers": ref["customers"], "customers": scen["customers"],
                          "baseline_revenue": ref["revenue"], "revenue": scen["revenue"]})
    table["gain"] = table["revenue"] - table["baseline_revenue"]
    settings = _settings("overview.explore_goals", start_customers, new_per_year, retention, spend, deepen, years)
    return GoalsComparison(table=table, settings=settings, baseline=base)


def plot_goal_projection(comparison: GoalsComparison, *, ax=None):
    """Revenue per year of the scenario (bars) against the baseline (line). Returns the Axes."""
    from ..display.plotting import new_axes

    if not isinstance(comparison, GoalsComparison):
        raise InputTypeError(text(
            en="overview.plot_goal_projection: comparison must be the result of explore_goals(...), got {t}.",
            zh="overview.plot_goal_projection：参数 comparison 应为 explore_goals(...) 的结果，实际为 {t}。",
            t=type(comparison).__name__))
    ax = new_axes(ax)
    table = comparison.table
    years = table.index.to_numpy()
    ax.bar(years, table["revenue"], color="#5b9bd5", width=0.6, label=text(en="scenario", zh="情景"))
    ax.plot(years, table["baseline_revenue"], color=DIAGRAM_COLOURS["edge"], marker="o", linewidth=1.5,
            label=text(en="baseline", zh="基准"))
    ax.set_xticks(years)
    ax.set_xlabel(text(en="year", zh="年份"))
    ax.set_ylabel(text(en="revenue", zh="收入"))
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.set_ylim(0, max(table["revenue"].max(), table["baseline_revenue"].max()) * 1.15 or 1)
    ax.legend(frameon=False, loc="upper left")
    ax.set_title(text(en="More, longer, deeper: revenue per year", zh="更多、更久、更深：每年收入"))
    return ax


class GoalsExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> slider) and ``result``,
    the :class:`GoalsComparison` for the current slider values (the last valid one while they are invalid)."""

    keep_result_on_error = True

    def __init__(self, start: GoalsComparison):
        import ipywidgets as w

        num = {"continuous_update": False, "style": {"description_width": "initial"}}
        s = start.settings
        self.shared = {"start_customers": s["start_customers"], "spend": s["spend"], "years": s["years"],
                       "baseline": start.baseline}
        controls = {
            "new_per_year": w.IntSlider(value=int(s["new_per_year"]), min=0, max=max(600, int(s["new_per_year"])),
                                        step=25, description=text(en="more: new customers a year",
                                                                  zh="更多：每年新客户数"), **num),
            "retention": w.FloatSlider(value=s["retention"], min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                       description=text(en="longer: retention", zh="更久：保持率"), **num),
            "deepen": w.FloatSlider(value=s["deepen"], min=-0.2, max=0.3, step=0.01, readout_format="+.0%",
                                    description=text(en="deeper: spend growth a year", zh="更深：人均消费年增长"),
                                    **num),
        }
        super().__init__(
            controls, text(en="Try it: more, longer, deeper", zh="互动练习：更多、更久、更深"),
            text(en="More / longer / deeper explorer: move a slider to see the revenue of a customer base "
                    "change (the panel appears when the notebook runs).",
                 zh="“更多、更久、更深”探索器：拖动滑块，观察客户群收入如何变化（运行笔记本后显示面板）。"))

    def compute(self, **values) -> GoalsComparison:
        return explore_goals(**values, **self.shared)

    def draw(self, result: GoalsComparison):
        return plot_goal_projection(result)


def goals_explorer(new_per_year=200, retention=0.7, deepen=0.0, *, start_customers=1000, spend=100.0,
                   years=5, baseline=None) -> GoalsExplorer:
    """The "try it" panel: sliders for the three levers (new customers, retention, spend growth);
    the chart and summary of :func:`explore_goals` are redrawn on every change. The keyword values
    set where the sliders start; arguments are checked before the panel is built."""
    start = explore_goals(new_per_year, retention, deepen, start_customers=start_customers, spend=spend,
                          years=years, baseline=baseline)
    return GoalsExplorer(start)


# ----------------------------------------------------------------------------- diagrams

def plot_iron_triangle(*, ax=None):
    """The CRM "iron triangle": philosophy (the key), technology (the means), implementation (the
    direct factor of success) around CRM. Returns the Axes."""
    ax = diagram_axes(ax, figsize=(7.0, 5.0))
    corners = {"top": (0.5, 0.82), "left": (0.2, 0.2), "right": (0.8, 0.2)}
    xs, ys = zip(*[corners["top"], corners["left"], corners["right"], corners["top"]])
    ax.plot(xs, ys, color=DIAGRAM_COLOURS["edge"], linewidth=2, zorder=0)
    labels = {
        "top": ({"zh": "理念\n成功的关键、基础", "en": "Philosophy\nthe key, the foundation"}, DIAGRAM_COLOURS["blue"]),
        "left": ({"zh": "技术（信息系统）\n手段和方法", "en": "Technology (IT system)\nthe means"}, DIAGRAM_COLOURS["green"]),
        "right": ({"zh": "实施\n成败的直接因素", "en": "Implementation\ndecides success directly"}, DIAGRAM_COLOURS["orange"]),
    }
    for key, (label, colour) in labels.items():
        box(ax, *corners[key], label, w=0.36, h=0.16, color=colour)
    ax.text(0.5, 0.42, "CRM", ha="center", va="center", fontsize=18, color=DIAGRAM_COLOURS["edge"])
    ax.text(0.5, 0.33, text(en="customer-centred", zh="以客户为中心"), ha="center", va="center", fontsize=10)
    ax.set_title(text(en="The CRM iron triangle: all three legs are needed",
                      zh="CRM 的“铁三角”：三者缺一不可"))
    return ax


_CONCEPTS = [
    ({"zh": "生产观念", "en": "production\nconcept"}, {"zh": "产值中心论\n（生产量）", "en": "output-centred\n(volume)"},
     {"zh": "被动消费", "en": "passive\nconsumption"}),
    ({"zh": "产品观念", "en": "product\nconcept"}, {"zh": "销售额中心论\n（销售额）", "en": "sales-centred\n(sales revenue)"},
     {"zh": "理性消费\n好 / 差", "en": "rational\ngood / bad"}),
    ({"zh": "推销观念", "en": "selling\nconcept"}, {"zh": "利润中心论\n（利润额）", "en": "profit-centred\n(profit)"},
     {"zh": "感性消费\n喜欢 / 不喜欢", "en": "sensory\nlike / dislike"}),
    ({"zh": "营销观念", "en": "marketing\nconcept"}, {"zh": "客户满意中心论\n（客户满意）", "en": "satisfaction-centred\n(satisfaction)"},
     {"zh": "情感消费\n满意 / 不满意", "en": "emotional\nsatisfied / not"}),
]


def plot_concept_evolution(*, ax=None):
    """Three sequences side by side: the marketing concept, the firm's management focus and the
    customer's consumption stage, from production-centred to customer-centred. The columns pair them
    as one courseware does (the title says so); each sequence is taught on its own. Returns the Axes."""
    ax = diagram_axes(ax, figsize=(9.0, 4.8))
    rows = [({"zh": "营销观念", "en": "marketing\nconcept"}, 0.76, DIAGRAM_COLOURS["blue"]),
            ({"zh": "管理焦点", "en": "management\nfocus"}, 0.49, DIAGRAM_COLOURS["green"]),
            ({"zh": "消费阶段", "en": "consumption\nstage"}, 0.22, DIAGRAM_COLOURS["orange"])]
    xs = [0.26, 0.45, 0.64, 0.83]
    for label, y, _ in rows:
        ax.text(0.07, y, pick(label), ha="center", va="center", fontsize=10)
    for i, stage in enumerate(_CONCEPTS):
        for (_, y, colour), label in zip(rows, stage):
            box(ax, xs[i], y, label, w=0.15, h=0.19, color=colour, size=9)
        if i:
            for _, y, _ in rows:
                arrow(ax, (xs[i - 1] + 0.08, y), (xs[i] - 0.08, y))
    arrow(ax, (0.18, 0.05), (0.92, 0.05), width=2)
    ax.text(0.55, 0.0, text(en="from the product to the customer at the centre", zh="从以产品为中心到以客户为中心"),
            ha="center", va="bottom", fontsize=9)
    ax.set_title(text(en="How marketing thinking moved towards the customer\n(the columns pair the three lines as one "
                         "courseware does; sources pair them differently)",
                      zh="营销观念的演变：走向以客户为中心\n（各列按某课件的对应方式排列，各教材的对应不尽相同）"))
    return ax


_4P = [("Product", "产品"), ("Price", "价格"), ("Place", "渠道"), ("Promotion", "促销")]
_4C = [("Consumer (wants and needs)", "顾客（需求与欲望）"), ("Cost", "成本"), ("Convenience", "便利"),
       ("Communication", "沟通")]
_4R = [("Relevance", "关联"), ("Reaction", "反应"), ("Relationship", "关系"), ("Reward", "回报")]


def plot_4p_4c_4r(*, ax=None):
    """4P (the firm's view) → 4C (the customer's view) → 4R (the relationship view), with each P's
    matching C. Returns the Axes."""
    ax = diagram_axes(ax, figsize=(9.0, 4.8))
    columns = [("4P", {"zh": "企业视角", "en": "the firm's view"}, _4P, 0.17, DIAGRAM_COLOURS["grey"]),
               ("4C", {"zh": "客户视角", "en": "the customer's view"}, _4C, 0.5, DIAGRAM_COLOURS["blue"]),
               ("4R", {"zh": "关系视角", "en": "the relationship view"}, _4R, 0.83, DIAGRAM_COLOURS["green"])]
    ys = [0.66, 0.49, 0.32, 0.15]
    for head, sub, items, x, colour in columns:
        ax.text(x, 0.9, head, ha="center", va="center", fontsize=15)
        ax.text(x, 0.81, pick(sub), ha="center", va="center", fontsize=9)
        for (en, zh), y in zip(items, ys):
            label = f"{zh}\n{en}" if get_language() == "zh" else f"{en}\n{zh}"
            box(ax, x, y, label, w=0.26, h=0.13, color=colour, size=9)
    for y in ys:
        arrow(ax, (0.30, y), (0.37, y))
    arrow(ax, (0.635, 0.405), (0.695, 0.405), style="simple,head_width=1.2,head_length=0.8", width=4)
    ax.set_title(text(en="From 4P to 4C to 4R", zh="从 4P 到 4C 再到 4R"))
    return ax


def plot_goals(*, ax=None):
    """The CRM goal "more, longer, deeper" relationships, each with the ways to reach it. Returns the Axes."""
    ax = diagram_axes(ax, figsize=(9.0, 3.8))
    ax.set_ylim(0.2, 0.95)
    box(ax, 0.5, 0.86, {"zh": "CRM 目标：客户忠诚与利润增长", "en": "CRM goal: loyal customers, growing profit"},
         w=0.5, h=0.11)
    goals = [
        (0.17, {"zh": "更多\n关系数量", "en": "MORE\nnumber of relationships"},
         {"zh": "• 获取新客户\n• 赢返流失客户\n• 识别新的细分市场",
          "en": "• acquire new customers\n• win back lost customers\n• find new segments"}, DIAGRAM_COLOURS["blue"]),
        (0.5, {"zh": "更久\n关系持续时间", "en": "LONGER\nlength of relationships"},
         {"zh": "• 培养客户忠诚\n• 客户保持（挽留）\n• 延长生命周期",
          "en": "• build loyalty\n• retain customers\n• extend the life cycle"}, DIAGRAM_COLOURS["green"]),
        (0.83, {"zh": "更深\n关系质量", "en": "DEEPER\nquality of relationships"},
         {"zh": "• 交叉销售\n• 追加销售\n• 购买升级",
          "en": "• cross-selling\n• up-selling\n• upgrading"}, DIAGRAM_COLOURS["orange"]),
    ]
    for x, head, ways, colour in goals:
        arrow(ax, (0.5, 0.8), (x, 0.68))
        box(ax, x, 0.6, head, w=0.3, h=0.15, color=colour)
        ax.text(x - 0.12, 0.36, pick(ways), ha="left", va="center", fontsize=10, linespacing=1.6)
    ax.set_title(text(en="The goals of CRM: more, longer, deeper relationships",
                      zh="CRM 的目标：更多、更久、更深的客户关系"))
    return ax
