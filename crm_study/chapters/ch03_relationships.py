"""Chapter 03 (customers and relationships): the customer lifecycle in numbers, where each exit
type leaves the firm, the diagrams, and the chapter's "try it" panel.

* :func:`lifecycle_profit` is a stylised five-stage customer lifecycle (潜在获取期 / 成长期 /
  成熟期 / 衰退期 / 终止期), period by period: revenue is 0 while the customer is being acquired,
  climbs in ``growth`` steps of ``peak_revenue / (growth + 1)``, stays at ``peak_revenue`` in
  maturity, falls by the same steps in decline and is 0 again in the one termination period.
  Cost is ``acquisition_cost`` per acquisition period and ``service_cost`` per period after.
  ``profit = revenue − cost``; the result carries a per-stage summary and the break-even period.
* :func:`exit_profit` reads, from such a table, the cumulative profit at the point where each of
  the four exit types ends the relationship (浅尝辄止型 after acquisition ≈ exploration,
  中途夭折型 after growth ≈ formation, 提前退出型 after the first third of maturity ≈ early
  stability, 长久保持型 at the end).
* :func:`lifecycle_explorer` is the slider panel built on :func:`lifecycle_profit`.
* Diagrams: :func:`plot_lifecycle` (revenue and cost curves over the five stages),
  :func:`plot_relationship_stages` (考察期 / 形成期 / 稳定期 / 退化期 with the exit types),
  :func:`plot_scope` (the SCOPE model of who counts as a customer).

>>> lifecycle_profit().stages["profit"].tolist()
[-120.0, 90.0, 480.0, 90.0, -20.0]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import DataError, InputTypeError
from ..i18n import pick, text
from ..display.plotting import arrow, box, diagram_axes
from ..display.widgets import Panel

__all__ = ["LIFECYCLE_STAGES", "EXIT_TYPES", "Lifecycle", "lifecycle_profit", "exit_profit",
           "plot_lifecycle", "LifecycleExplorer", "lifecycle_explorer", "plot_relationship_stages",
           "plot_scope"]

#: The five stages of the customer lifecycle, in order: code -> name in each language.
LIFECYCLE_STAGES = {
    "acquisition": {"zh": "潜在获取期", "en": "acquisition"},
    "growth": {"zh": "成长期", "en": "growth"},
    "maturity": {"zh": "成熟期", "en": "maturity"},
    "decline": {"zh": "衰退期", "en": "decline"},
    "termination": {"zh": "终止期", "en": "termination"},
}

#: The four exit types: code -> name, the relationship stage where the exit happens.
EXIT_TYPES = {
    "trial": {"zh": ("浅尝辄止型", "考察期"), "en": ("trial-and-quit type", "exploration")},
    "midway": {"zh": ("中途夭折型", "形成期"), "en": ("broken-off-midway type", "formation")},
    "early": {"zh": ("提前退出型", "稳定期前期"), "en": ("early-exit type", "early stability")},
    "lasting": {"zh": ("长久保持型", "稳定期（长期）"), "en": ("long-lasting type", "stability, kept long")},
}

_COLOURS = {"acquisition": "#f6d5d5", "growth": "#fbe5c8", "maturity": "#dff0d8", "decline": "#dbe9f6",
            "termination": "#eeeeee"}
_EDGE = "#2c3e50"


def _stage_name(code: str) -> str:
    return pick(LIFECYCLE_STAGES[code])


# ----------------------------------------------------------------------------- the lifecycle in numbers

@dataclass(frozen=True)
class Lifecycle:
    """A computed lifecycle (:func:`lifecycle_profit`).

    ``periods``: one row per period (index ``period`` = 1, 2, …) with ``stage`` (code),
    ``revenue``, ``cost``, ``profit``, ``cumulative_profit``. ``stages``: one row per stage code
    with ``name`` (in the language active when it was computed), ``periods``, ``revenue``, ``cost``,
    ``profit``. ``break_even``: the first period whose
    cumulative profit is ≥ 0 (``None`` if it never is). ``settings``: the checked arguments.
    """

    periods: pd.DataFrame
    stages: pd.DataFrame
    break_even: int | None
    settings: dict

    def __repr__(self) -> str:
        total = float(self.periods["profit"].sum())
        lines = [text(
            en="Customer lifecycle over {n} periods: revenue {r:,.0f}, cost {c:,.0f}, lifetime profit {p:,.0f}.",
            zh="客户生命周期共 {n} 期：收入 {r:,.0f}，成本 {c:,.0f}，生命周期利润 {p:,.0f}。",
            n=len(self.periods), r=float(self.periods["revenue"].sum()), c=float(self.periods["cost"].sum()),
            p=total)]
        lines.append(" · ".join(f"{_stage_name(code)} {row['profit']:+,.0f}" for code, row in self.stages.iterrows()))
        if self.break_even is None:
            lines.append(text(en="The cumulative profit never turns positive: the customer does not pay back "
                                 "the cost of winning them.",
                              zh="累计利润始终为负：客户带来的收入收不回获取和服务成本。"))
        else:
            stage = self.periods.loc[self.break_even, "stage"]
            lines.append(text(en="Break-even in period {b} ({s} stage).", zh="第 {b} 期（{s}）累计利润转正。",
                              b=self.break_even, s=_stage_name(stage)))
        return "\n".join(lines)


def _settings(where, peak_revenue, acquisition_cost, service_cost, acquisition, growth, maturity, decline) -> dict:
    money = {"peak_revenue": peak_revenue, "acquisition_cost": acquisition_cost, "service_cost": service_cost}
    lengths = {"acquisition": acquisition, "growth": growth, "maturity": maturity, "decline": decline}
    out = {k: _validate.number(v, name=k, where=where, lo=0) for k, v in money.items()}
    out.update({k: _validate.number(v, name=k, where=where, lo=1, hi=60, integer=True) for k, v in lengths.items()})
    return out


def lifecycle_profit(*, peak_revenue=100.0, acquisition_cost=60.0, service_cost=20.0, acquisition=2, growth=3,
                     maturity=6, decline=3) -> Lifecycle:
    """Revenue, cost and profit of one customer over the five lifecycle stages, period by period.

    Revenue: 0 in acquisition; ``peak · k / (growth + 1)`` in growth period k; ``peak`` in
    maturity; ``peak · (decline + 1 − k) / (decline + 1)`` in decline period k; 0 in the single
    termination period. Cost: ``acquisition_cost`` per acquisition period, ``service_cost`` per
    later period (the termination period settles outstanding business). Stage lengths are
    whole periods between 1 and 60.

    >>> life = lifecycle_profit()
    >>> life.break_even, float(life.periods["profit"].sum())
    (6, 520.0)
    """
    s = _settings("relationships.lifecycle_profit", peak_revenue, acquisition_cost, service_cost, acquisition,
                  growth, maturity, decline)
    peak = s["peak_revenue"]
    codes = list(LIFECYCLE_STAGES)
    lengths = [s["acquisition"], s["growth"], s["maturity"], s["decline"], 1]
    stage = np.repeat(codes, lengths)
    up = np.arange(1, s["growth"] + 1) / (s["growth"] + 1)
    down = np.arange(s["decline"], 0, -1) / (s["decline"] + 1)
    revenue = peak * np.concatenate([np.zeros(s["acquisition"]), up, np.ones(s["maturity"]), down, [0.0]])
    cost = np.where(stage == "acquisition", s["acquisition_cost"], s["service_cost"]).astype(float)
    profit = revenue - cost
    periods = pd.DataFrame({"stage": stage, "revenue": revenue, "cost": cost, "profit": profit,
                            "cumulative_profit": np.cumsum(profit)},
                           index=pd.RangeIndex(1, len(stage) + 1, name="period"))
    stages = (periods.groupby("stage", sort=False)
              .agg(periods=("profit", "size"), revenue=("revenue", "sum"), cost=("cost", "sum"),
                   profit=("profit", "sum")))
    stages.index.name = "stage"
    stages.insert(0, "name", [_stage_name(code) for code in stages.index])
    positive = periods.index[periods["cumulative_profit"] >= -1e-9]
    break_even = int(positive[0]) if len(positive) else None
    return Lifecycle(periods=periods, stages=stages, break_even=break_even, settings=s)


def exit_profit(periods, *, stage_col="stage", profit_col="profit") -> pd.DataFrame:
    """Cumulative profit at the point where each exit type ends the relationship.

    ``periods`` is a per-period table in lifecycle order (e.g. ``lifecycle_profit().periods``).
    Exit points: ``trial`` (浅尝辄止型) after the last acquisition period; ``midway``
    (中途夭折型) after the last growth period; ``early`` (提前退出型) after the first
    ``max(1, maturity // 3)`` maturity periods; ``lasting`` (长久保持型) after the last period.
    Columns ``name``, ``stage`` (where the exit happens), ``periods`` (how long the relationship
    lasted) and ``profit`` (cumulative profit then), one row per exit type.

    >>> exit_profit(lifecycle_profit().periods)["profit"].tolist()
    [-120.0, -30.0, 130.0, 520.0]
    """
    where = "relationships.exit_profit"
    _validate.frame(periods, where=where, arg="periods")
    _validate.columns(periods, {"stage_col": stage_col, "profit_col": profit_col}, where=where)
    profit = _validate.numbers_col(periods[profit_col], col=profit_col, where=where, allow_negative=True)
    stage = periods[stage_col].astype(str).to_numpy()
    unknown = ~np.isin(stage, list(LIFECYCLE_STAGES))
    if unknown.any():
        raise DataError(text(
            en="{where}: column {col!r} has unknown stage(s) {vals} at row(s) {rows}; use the codes {codes}.",
            zh="{where}：列 {col!r} 在第 {rows} 行有未知的阶段 {vals}；请使用代码 {codes}。",
            where=where, col=stage_col, vals=", ".join(repr(v) for v in pd.unique(stage[unknown])[:3]),
            rows=", ".join(repr(i) for i in periods.index[unknown][:3]), codes=", ".join(LIFECYCLE_STAGES)))
    for needed in ("acquisition", "growth", "maturity"):
        if needed not in stage:
            raise DataError(text(
                en="{where}: column {col!r} has no {s!r} period; the exit points need acquisition, growth and "
                   "maturity periods (pass lifecycle_profit(...).periods).",
                zh="{where}：列 {col!r} 中没有 {s!r} 阶段；退出点需要获取期、成长期和成熟期（请传入 "
                   "lifecycle_profit(...).periods）。", where=where, col=stage_col, s=needed))
    cumulative = np.cumsum(profit.to_numpy())
    last = {code: int(np.flatnonzero(stage == code)[-1]) for code in ("acquisition", "growth")}
    mature = np.flatnonzero(stage == "maturity")
    ends = {"trial": last["acquisition"], "midway": last["growth"],
            "early": int(mature[max(1, len(mature) // 3) - 1]), "lasting": len(stage) - 1}
    rows = []
    for code, end in ends.items():
        name, where_stage = pick(EXIT_TYPES[code])
        rows.append({"exit_type": code, "name": name, "stage": where_stage, "periods": end + 1,
                     "profit": float(cumulative[end])})
    return pd.DataFrame(rows).set_index("exit_type")


def plot_lifecycle(life: Lifecycle | None = None, *, ax=None):
    """Revenue and cost per period over the five stages (shaded), profit as bars, and the
    break-even period. ``life`` defaults to :func:`lifecycle_profit` with its defaults. Returns the Axes."""
    from matplotlib.ticker import MaxNLocator

    from ..display.plotting import new_axes

    if life is None:
        life = lifecycle_profit()
    if not isinstance(life, Lifecycle):
        raise InputTypeError(text(
            en="relationships.plot_lifecycle: life must be the result of lifecycle_profit(...), got {t}.",
            zh="relationships.plot_lifecycle：参数 life 应为 lifecycle_profit(...) 的结果，实际为 {t}。",
            t=type(life).__name__))
    ax = new_axes(ax, figsize=(8.4, 4.6))
    df = life.periods
    x = df.index.to_numpy()
    top = max(float(df["revenue"].max()), float(df["cost"].max()), 1.0) * 1.32
    low = min(float(df["profit"].min()), 0.0) * 1.15
    start = 0.5
    for code, n in life.stages["periods"].items():
        ax.axvspan(start, start + n, color=_COLOURS[code], alpha=0.7, linewidth=0)
        ax.text(start + n / 2, top * 0.97, _stage_name(code), ha="center", va="top", fontsize=9,
                rotation=90 if n < 2 else 0)
        start += n
    ax.bar(x, df["profit"], width=0.6, color=np.where(df["profit"] >= 0, "#7fb77e", "#d9534f"), alpha=0.8,
           label=text(en="profit", zh="利润"))
    ax.plot(x, df["revenue"], color="#1f77b4", marker="o", markersize=3, linewidth=2,
            label=text(en="revenue", zh="收入"))
    ax.plot(x, df["cost"], color="#d62728", marker="s", markersize=3, linewidth=2, linestyle="--",
            label=text(en="cost", zh="成本"))
    if life.break_even is not None:
        ax.axvline(life.break_even, color=_EDGE, linestyle=":", linewidth=1.2)
        ax.text(life.break_even + 0.15, top * 0.8, text(en="break-even", zh="累计利润转正"), fontsize=8,
                color=_EDGE, ha="left")
    ax.axhline(0, color=_EDGE, linewidth=0.8)
    ax.set_xlim(0.5, len(x) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(low, top)
    ax.set_xlabel(text(en="period of the relationship", zh="关系持续的期数"))
    ax.set_ylabel(text(en="per period", zh="每期金额"))
    ax.legend(frameon=False, loc="lower center", ncol=3, fontsize=8)
    ax.set_title(text(en="Customer lifecycle: revenue, cost and profit by stage",
                      zh="客户生命周期：各阶段的收入、成本与利润"))
    return ax


# ----------------------------------------------------------------------------- the "try it" panel

class LifecycleExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> slider) and ``result``,
    the :class:`Lifecycle` for the current slider values (the last valid one while they are invalid)."""

    keep_result_on_error = True

    def __init__(self, start: Lifecycle):
        import ipywidgets as w

        num = {"continuous_update": False, "style": {"description_width": "initial"}}
        s = start.settings
        self.fixed = {"peak_revenue": s["peak_revenue"], "growth": s["growth"], "decline": s["decline"]}
        controls = {
            "acquisition_cost": w.FloatSlider(value=s["acquisition_cost"], min=0, max=max(200, s["acquisition_cost"]),
                                              step=10, description=text(en="acquisition cost a period",
                                                                        zh="获取期每期成本"), **num),
            "service_cost": w.FloatSlider(value=s["service_cost"], min=0, max=max(80, s["service_cost"]), step=5,
                                          description=text(en="service cost a period", zh="服务每期成本"), **num),
            "acquisition": w.IntSlider(value=s["acquisition"], min=1, max=max(6, s["acquisition"]),
                                       description=text(en="acquisition periods", zh="获取期长度"), **num),
            "maturity": w.IntSlider(value=s["maturity"], min=1, max=max(20, s["maturity"]),
                                    description=text(en="maturity periods", zh="成熟期长度"), **num),
        }
        super().__init__(
            controls, text(en="Try it: what a customer earns over the lifecycle",
                           zh="互动练习：客户在生命周期中带来多少利润"),
            text(en="Lifecycle explorer: move a slider to see when a customer pays back and what the whole "
                    "relationship earns (the panel appears when the notebook runs).",
                 zh="生命周期探索器：拖动滑块，看客户何时收回成本、整段关系能带来多少利润（运行笔记本后显示面板）。"))

    def compute(self, **values) -> Lifecycle:
        return lifecycle_profit(**values, **self.fixed)

    def draw(self, result: Lifecycle):
        return plot_lifecycle(result)


def lifecycle_explorer(*, peak_revenue=100.0, acquisition_cost=60.0, service_cost=20.0, acquisition=2, growth=3,
                       maturity=6, decline=3) -> LifecycleExplorer:
    """The "try it" panel: sliders for the acquisition and service cost and the length of the
    acquisition and maturity stages; the :func:`plot_lifecycle` chart and the summary are redrawn on
    every change. Arguments are checked (by :func:`lifecycle_profit`) before the panel is built."""
    start = lifecycle_profit(peak_revenue=peak_revenue, acquisition_cost=acquisition_cost, service_cost=service_cost,
                             acquisition=acquisition, growth=growth, maturity=maturity, decline=decline)
    return LifecycleExplorer(start)


# ----------------------------------------------------------------------------- diagrams

_REL_STAGES = [({"zh": "考察期", "en": "exploration"}, {"zh": "了解不足、不确定\n评估对方价值",
                                                      "en": "little known, uncertain;\nweigh each other up"}),
               ({"zh": "形成期", "en": "formation"}, {"zh": "信任加深\n交易快速增长", "en": "trust grows,\ntrade grows fast"}),
               ({"zh": "稳定期", "en": "stability"}, {"zh": "高度满意、大量投入\n相互依赖最高",
                                                   "en": "highly satisfied, big\ninvestments; peak\ninterdependence"}),
               ({"zh": "退化期", "en": "degeneration"}, {"zh": "交易量下降\n寻找替代伙伴",
                                                      "en": "trade falls; looking\nfor other partners"})]


def _level(t):
    """The relationship level of the stage diagram at time t in [0, 10] (a smooth rise, plateau, fall)."""
    t = np.asarray(t, dtype=float)
    rise = 1 / (1 + np.exp(-1.6 * (t - 3.2)))
    fall = 1 / (1 + np.exp(1.8 * (t - 9.0)))
    return 0.08 + 0.8 * rise * fall


def plot_relationship_stages(*, ax=None):
    """The four relationship stages (考察期 / 形成期 / 稳定期 / 退化期) as the level of the
    relationship over time, with where the four exit types leave it. Returns the Axes."""
    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(9.0, 5.0))
    t = np.linspace(0, 10.5, 300)
    bounds = [0, 2.2, 4.4, 8.0, 10.5]
    for i, (name, note) in enumerate(_REL_STAGES):
        ax.axvspan(bounds[i], bounds[i + 1], color=["#f6d5d5", "#fbe5c8", "#dff0d8", "#dbe9f6"][i], alpha=0.6,
                   linewidth=0)
        mid = (bounds[i] + bounds[i + 1]) / 2
        ax.text(mid, 1.18, pick(name), ha="center", va="center", fontsize=11)
        ax.text(mid, 1.11, pick(note), ha="center", va="top", fontsize=7.5, linespacing=1.3)
    ax.plot(t, _level(t), color=_EDGE, linewidth=2.2)
    exits = [("trial", 1.4), ("midway", 3.5), ("early", 5.0)]
    for code, x in exits:
        y = float(_level(x))
        end = (x + 0.45, max(0.03, y - 0.3))
        arrow(ax, (x, y), end, color="#c0392b", width=1.3, linestyle="--")
        ax.plot([x], [y], "o", color="#c0392b")
        ax.text(end[0] + 0.08, end[1], pick(EXIT_TYPES[code])[0], color="#c0392b", fontsize=9, ha="left",
                va="center")
    ax.annotate(pick(EXIT_TYPES["lasting"])[0], xy=(7.3, float(_level(7.3))), xytext=(7.0, 0.4),
                fontsize=9, color="#1e7b34", arrowprops={"arrowstyle": "-|>", "color": "#1e7b34"})
    ax.set_xlim(0, 10.5)
    ax.set_ylim(0, 1.25)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(text(en="time", zh="时间"))
    ax.set_ylabel(text(en="relationship level (trade, interdependence)", zh="关系水平（交易量、相互依赖）"))
    ax.set_title(text(en="Relationship stages and where the exit types leave", zh="客户关系的发展阶段与退出类型"),
                 pad=12)
    return ax


# letter, label, box centre, arrow from (box side) to (firm side)
_SCOPE = [("S", {"zh": "供应商", "en": "Suppliers"}, (0.5, 0.86), ((0.5, 0.79), (0.5, 0.63))),
          ("C", {"zh": "消费者（最终客户）", "en": "Consumers (end customers)"}, (0.84, 0.6),
           ((0.69, 0.58), (0.645, 0.54))),
          ("O", {"zh": "股东（所有者）", "en": "Owners (shareholders)"}, (0.72, 0.16), ((0.68, 0.23), (0.58, 0.39))),
          ("P", {"zh": "合作伙伴\n（经销商、代理商）", "en": "Partners\n(dealers, agents)"}, (0.28, 0.16),
           ((0.32, 0.23), (0.42, 0.39))),
          ("E", {"zh": "员工（内部客户）", "en": "Employees\n(internal customers)"}, (0.16, 0.6),
           ((0.31, 0.58), (0.355, 0.54)))]


def plot_scope(*, ax=None):
    """The SCOPE model: suppliers, consumers, owners, partners and employees all count as the
    firm's customers; employees are the internal customers. Returns the Axes."""
    from matplotlib.patches import Ellipse

    ax = diagram_axes(ax, figsize=(8.0, 5.2))
    ax.add_patch(Ellipse((0.5, 0.5), 0.3, 0.24, facecolor="#fbe5c8", edgecolor=_EDGE, linewidth=1.2))
    ax.text(0.5, 0.5, text(en="the firm", zh="企业"), ha="center", va="center", fontsize=13)
    for letter, label, (x, y), (start, end) in _SCOPE:
        internal = letter == "E"
        box(ax, x, y, f"{letter} · {pick(label)}", w=0.3, h=0.13, color="#dff0d8" if internal else "#dbe9f6",
             size=9)
        arrow(ax, start, end, style="<|-|>")
    ax.text(0.5, 0.02, text(en="green = internal customer · blue = external customers",
                            zh="绿色 = 内部客户 · 蓝色 = 外部客户"), ha="center", va="bottom", fontsize=9)
    ax.set_title(text(en="The SCOPE model: a customer is not always outside the firm",
                      zh="SCOPE 模型：客户不一定在企业之外"))
    return ax
