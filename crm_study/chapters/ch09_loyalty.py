"""Chapter 09 (客户忠诚) pictures and the "try it" panel.

Diagrams: satisfaction against loyalty in a competitive and a non-competitive market
(:func:`plot_satisfaction_loyalty`), the behaviour × attitude grid of the four loyalty
classes (:func:`plot_loyalty_types`), the six steps of a loyalty programme
(:func:`plot_programme_steps`) and a customer file placed on that grid
(:func:`plot_loyalty_grid`). Labels follow the active language at call time.

The panel: :func:`loyalty_grid` is a pure function — choose where "high" behaviour
(share of wallet) and "high" attitude (likelihood to recommend) begin, and see how many
customers fall in each loyalty class, what share of our revenue each class brings and how
satisfied it is; :func:`loyalty_explorer` only adds sliders. matplotlib and ipywidgets are
imported when a chart or panel is built.

>>> agency = datasets.load("travel_agency")                                  # doctest: +SKIP
>>> loyalty_grid(agency, behaviour_cut=0.5, attitude_cut=7)                  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate

from ..analytics import loyalty
from ..errors import DataError
from ..i18n import pick, text
from ..display.labels import label
from ..display.plotting import arrow, diagram_axes, label_box
from ..display.widgets import Panel

__all__ = [
    "LOYALTY_TYPES", "PROGRAMME_STEPS",
    "plot_satisfaction_loyalty", "plot_loyalty_types", "plot_programme_steps", "plot_loyalty_grid",
    "LoyaltyGrid", "loyalty_grid", "LoyaltyExplorer", "loyalty_explorer",
]

#: Loyalty types by what keeps the customer (the usual Chinese textbook list), key -> name and cause.
LOYALTY_TYPES = {
    "monopoly": {"zh": "垄断忠诚", "en": "monopoly loyalty",
                 "cause": {"zh": "别无选择：独家供应或政策垄断", "en": "no choice: a sole supplier or a legal monopoly"}},
    "kinship": {"zh": "亲缘忠诚", "en": "kinship loyalty",
                "cause": {"zh": "亲缘或隶属关系，如员工买本企业产品", "en": "family or affiliation ties, e.g. staff buying their employer's goods"}},
    "benefit": {"zh": "利益忠诚", "en": "benefit loyalty",
                "cause": {"zh": "低价、折扣、积分等额外利益", "en": "low prices, discounts, points and other extra benefits"}},
    "inertia": {"zh": "惰性忠诚", "en": "inertia loyalty",
                "cause": {"zh": "习惯或怕麻烦，懒得更换", "en": "habit, or not wanting the trouble of switching"}},
    "convenience": {"zh": "方便忠诚", "en": "convenience loyalty",
                    "cause": {"zh": "地点或购买方便", "en": "a convenient location or way of buying"}},
    "trust": {"zh": "信赖忠诚", "en": "trust loyalty",
              "cause": {"zh": "满意并信任企业，认知、情感、行为一致", "en": "satisfaction and trust: cognition, emotion and behaviour agree"}},
    "latent": {"zh": "潜在忠诚", "en": "latent loyalty",
               "cause": {"zh": "想买但受条件限制，难以重复购买", "en": "wants to buy again but circumstances prevent it"}},
}

#: The six steps of designing a loyalty programme (seed 004), in order.
PROGRAMME_STEPS = {
    "staff": {"zh": "① 建立员工忠诚", "en": "① Build staff\nloyalty"},
    "orientation": {"zh": "② 确定客户取向", "en": "② Decide which\ncustomers to target"},
    "value": {"zh": "③ 让客户认同\n“物有所值”", "en": "③ Make customers\nfeel it is worth\nthe money"},
    "feedback": {"zh": "④ 获得客户反馈", "en": "④ Get customer\nfeedback"},
    "worth": {"zh": "⑤ 弄清客户价值\n的含义", "en": "⑤ Understand\nwhat customer\nvalue means"},
    "renewal": {"zh": "⑥ 做好客户再生", "en": "⑥ Renew lapsed\ncustomers"},
}

_CLASS_COLOURS = {"true": "#2ca02c", "latent": "#1f77b4", "spurious": "#ff7f0e", "none": "#7f7f7f"}
_CELLS = {"true": (1, 1), "latent": (0, 1), "spurious": (1, 0), "none": (0, 0)}


# ---------------------------------------------------------------- diagrams
def _loyalty_curve(s: np.ndarray, competitive: bool) -> np.ndarray:
    """Illustrative loyalty (0–1) against satisfaction s in [1, 5] (after Jones & Sasser 1995)."""
    if competitive:
        return 0.05 + 0.9 * np.clip((s - 1) / 4, 0, 1) ** 3.5
    return 0.62 + 0.33 * (s - 1) / 4


def plot_satisfaction_loyalty(*, ax=None):
    """Loyalty against satisfaction (1–5) in a highly competitive market (loyalty stays low
    until customers are *completely* satisfied) and in a non-competitive one (loyalty is high
    even among dissatisfied customers, who have nowhere else to go). After Jones & Sasser (1995)."""
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    s = np.linspace(1, 5, 201)
    ax.plot(s, _loyalty_curve(s, True), color="#d62728", lw=2.2,
            label=text(en="highly competitive market (e.g. cars, PCs, travel)", zh="竞争激烈的行业（如汽车、电脑、旅游）"))
    ax.plot(s, _loyalty_curve(s, False), color="#1f77b4", lw=2.2, ls="--",
            label=text(en="little competition (monopoly, high switching cost)", zh="竞争不激烈的行业（垄断、转换成本高）"))
    ax.axvspan(4.5, 5, color="#2ca02c", alpha=0.12)
    ax.text(4.75, 0.5, text(en="zone of\naffection", zh="忠诚区"), ha="center", va="center", fontsize=9)
    ax.axvspan(2.5, 4.5, color="#bbbbbb", alpha=0.12)
    ax.text(3.5, 0.5, text(en="zone of indifference:\nsatisfied, yet easily lured away",
                           zh="冷漠区：\n满意，但容易被挖走"), ha="center", va="center", fontsize=9)
    ax.text(1.75, 0.5, text(en="zone of\ndefection", zh="背叛区"), ha="center", va="center", fontsize=9)
    ax.set_xlim(1, 5)
    ax.set_ylim(0, 1.02)
    ax.set_xticks([1, 2, 3, 4, 5], [text(en="very\ndissatisfied", zh="非常\n不满意"), "2", "3", "4",
                                    text(en="completely\nsatisfied", zh="完全\n满意")])
    ax.set_yticks([0, 1], [text(en="low", zh="低"), text(en="high", zh="高")])
    ax.set_xlabel(text(en="customer satisfaction", zh="客户满意度"))
    ax.set_ylabel(text(en="customer loyalty (repeat purchase)", zh="客户忠诚度（重复购买）"))
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    ax.set_title(text(en="Satisfied is not the same as loyal", zh="满意不等于忠诚"))
    return ax


def plot_loyalty_types(*, ax=None):
    """The behaviour × attitude grid (Dick & Basu 1994): true, latent, spurious and
    no loyalty, with what to do about each class."""
    ax = diagram_axes(ax)
    from matplotlib.patches import Rectangle

    advice = {
        "true": {"zh": "重点维护、奖励忠诚", "en": "keep and reward them"},
        "latent": {"zh": "消除购买障碍", "en": "remove what stops\nthem buying"},
        "spurious": {"zh": "提高满意与情感联系，\n防止被竞争者挖走", "en": "win their hearts before\na rival lures them away"},
        "none": {"zh": "不值得大量投入", "en": "not worth much effort"},
    }
    x0, y0, w, h = 0.16, 0.12, 0.40, 0.38
    for code, (col, row) in _CELLS.items():
        x, y = x0 + col * w, y0 + row * h
        ax.add_patch(Rectangle((x, y), w, h, facecolor=_CLASS_COLOURS[code], alpha=0.25, edgecolor="white", lw=3))
        ax.text(x + w / 2, y + h * 0.64, pick(loyalty.LOYALTY_CLASSES[code]).replace(" (", "\n("), ha="center",
                va="center", fontsize=11)
        ax.text(x + w / 2, y + h * 0.27, pick(advice[code]), ha="center", va="center", fontsize=9)
    ax.text(x0 + w / 2, y0 - 0.04, text(en="low", zh="低"), ha="center", va="top", fontsize=9)
    ax.text(x0 + 1.5 * w, y0 - 0.04, text(en="high", zh="高"), ha="center", va="top", fontsize=9)
    ax.text(x0 + w, -0.03, text(en="behaviour: repeat purchase, share of wallet", zh="行为：重复购买、客户份额"),
            ha="center", va="top", fontsize=10)
    ax.set_ylim(-0.1, 1)
    ax.text(x0 - 0.02, y0 + h / 2, text(en="low", zh="低"), ha="right", va="center", fontsize=9)
    ax.text(x0 - 0.02, y0 + 1.5 * h, text(en="high", zh="高"), ha="right", va="center", fontsize=9)
    ax.text(0.03, y0 + h, text(en="attitude:\ncognition,\nemotion", zh="态度：\n认知、\n情感"), ha="center",
            va="center", fontsize=10)
    ax.set_title(text(en="Four kinds of loyalty: behaviour × attitude", zh="四种忠诚：行为 × 态度"))
    return ax


def plot_programme_steps(*, ax=None):
    """The six steps of a loyalty programme (seed 004) as a cycle of boxes: the last step,
    renewing lapsed customers, feeds back into the first."""
    ax = diagram_axes(ax, figsize=(9, 4.2))
    places = [(0.16, 0.72), (0.5, 0.72), (0.84, 0.72), (0.84, 0.25), (0.5, 0.25), (0.16, 0.25)]
    for (x, y), step in zip(places, PROGRAMME_STEPS.values()):
        label_box(ax, x, y, pick(step))
    arrows = [((0.27, 0.72), (0.39, 0.72)), ((0.61, 0.72), (0.73, 0.72)), ((0.84, 0.58), (0.84, 0.39)),
              ((0.73, 0.25), (0.61, 0.25)), ((0.39, 0.25), (0.27, 0.25)), ((0.16, 0.39), (0.16, 0.58))]
    for start, end in arrows:
        arrow(ax, start, end)
    ax.text(0.5, 0.485, text(en="loyal staff serve customers well → customers stay",
                             zh="忠诚的员工带来满意的客户 → 客户留下来"),
            ha="center", va="center", fontsize=9, color="#555555")
    ax.set_title(text(en="Designing a loyalty programme: six steps", zh="设计客户忠诚计划的六个步骤"))
    return ax


# ---------------------------------------------------------------- the "try it" computation
@dataclass(frozen=True)
class LoyaltyGrid:
    """The panel's numbers for one pair of cuts.

    ``customers``: one row per customer — ``share_of_wallet`` (behaviour), ``attitude``,
    ``loyalty_code`` and ``loyalty``; ``table``: one row per loyalty class (index ``loyalty_type``:
    true, latent, spurious, none) with ``customers``, ``share_of_customers``, ``revenue`` (our spend),
    ``share_of_revenue``, ``mean_share_of_customer`` (the plain mean of the class's shares of
    wallet) and ``mean_satisfaction``; ``settings``:
    the arguments used.
    """

    customers: pd.DataFrame
    table: pd.DataFrame
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        lines = [text(en="High behaviour: share of wallet ≥ {b:.0%}; high attitude: {col} ≥ {a:g}",
                      zh="行为“高”：客户份额 ≥ {b:.0%}；态度“高”：{col} ≥ {a:g}",
                      b=s["behaviour_cut"], a=s["attitude_cut"], col=label(s["attitude_col"]))]
        for code, row in self.table.iterrows():
            lines.append(text(
                en="{name}: {n:.0f} customers ({p:.1%}), {r:.1%} of our revenue, mean share of wallet {w:.1%}",
                zh="{name}：{n:.0f} 位客户（{p:.1%}），贡献本企业收入的 {r:.1%}，平均客户份额 {w:.1%}",
                name=pick(loyalty.LOYALTY_CLASSES[code]), n=row["customers"], p=row["share_of_customers"],
                r=row["share_of_revenue"], w=row["mean_share_of_customer"]))
        return "\n".join(lines)


def loyalty_grid(data: pd.DataFrame, *, behaviour_cut: float = 0.5, attitude_cut: float = 7,
                 our_col: str = "spend_3y", total_col: str = "travel_spend_3y",
                 attitude_col: str = "recommend_score", satisfaction_col: str = "satisfaction") -> LoyaltyGrid:
    """Place every customer on the behaviour × attitude grid and summarise each loyalty class.

    Behaviour = share of wallet = ``our_col`` / ``total_col`` (high when >= ``behaviour_cut``,
    a fraction in [0, 1]); attitude = ``attitude_col`` (high when >= ``attitude_cut``, on the
    0–10 recommendation scale). Classes follow :func:`crm_study.analytics.loyalty.loyalty_class`.
    Defaults fit the ``travel_agency`` dataset.

    >>> tiny = pd.DataFrame({"spend_3y": [900, 100], "travel_spend_3y": [1000, 1000],
    ...                      "recommend_score": [9, 9], "satisfaction": [6, 5]})
    >>> loyalty_grid(tiny).table["customers"].tolist()
    [1, 1, 0, 0]
    """
    where = "loyalty_views.loyalty_grid"
    _validate.frame(data, where=where, arg="data")
    _validate.columns(data, {"our_col": our_col, "total_col": total_col, "attitude_col": attitude_col,
                             "satisfaction_col": satisfaction_col}, where=where)
    behaviour_cut = _validate.number(behaviour_cut, name="behaviour_cut", where=where, lo=0, hi=1)
    attitude_cut = _validate.number(attitude_cut, name="attitude_cut", where=where, lo=0, hi=10)
    ours = _validate.numbers_col(data[our_col], col=our_col, where=where)
    total = _validate.numbers_col(data[total_col], col=total_col, where=where)
    attitude = _validate.numbers_col(data[attitude_col], col=attitude_col, where=where)
    satisfied = _validate.numbers_col(data[satisfaction_col], col=satisfaction_col, where=where)
    wrong = (total <= 0) | (ours > total)
    if wrong.any():
        raise DataError(text(
            en="{where}: {n} row(s) at {rows} have {total} = 0 or {ours} larger than {total}; the total must "
               "include our own sales and be positive. Drop those customers or fix the columns.",
            zh="{where}：第 {rows} 行共 {n} 行的 {total} 为 0，或 {ours} 大于 {total}；总消费应为正数且包含本企业的"
               "销售额。请剔除这些客户或修正数据。",
            where=where, n=int(wrong.sum()), rows=_validate.row_list(data.index[wrong], int(wrong.sum())),
            total=total_col, ours=our_col))
    share = loyalty.share_of_wallet(ours, total)
    classes = loyalty.loyalty_class(share, attitude, behaviour_cut=behaviour_cut, attitude_cut=attitude_cut)
    customers = classes.rename(columns={"behaviour": "share_of_wallet"}).assign(
        revenue=ours, satisfaction=satisfied)
    g = customers.groupby("loyalty_code")
    codes = list(loyalty.LOYALTY_CLASSES)
    table = pd.DataFrame({
        "customers": g.size(), "revenue": g["revenue"].sum(), "mean_share_of_customer": g["share_of_wallet"].mean(),
        "mean_satisfaction": g["satisfaction"].mean(),
    }).reindex(codes).astype("float64")
    table[["customers", "revenue"]] = table[["customers", "revenue"]].fillna(0.0)
    table["customers"] = table["customers"].astype("int64")
    table.insert(1, "share_of_customers", table["customers"] / len(customers))
    revenue = table["revenue"].sum()
    table.insert(3, "share_of_revenue", table["revenue"] / revenue if revenue > 0 else 0.0)
    table.index.name = "loyalty_type"
    settings = {"behaviour_cut": behaviour_cut, "attitude_cut": attitude_cut, "attitude_col": attitude_col}
    return LoyaltyGrid(customers=customers, table=table, settings=settings)


def plot_loyalty_grid(grid: LoyaltyGrid, *, ax=None):
    """Each customer as a dot: share of wallet (x) against attitude (y, jittered so equal scores
    do not hide each other), coloured by loyalty class, with the two cuts drawn."""
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    c = grid.customers
    jitter = np.random.default_rng(9).uniform(-0.25, 0.25, len(c))
    for code, colour in _CLASS_COLOURS.items():
        part = c["loyalty_code"].to_numpy() == code
        n = int(part.sum())
        ax.scatter(c["share_of_wallet"].to_numpy()[part], c["attitude"].to_numpy()[part] + jitter[part], s=12,
                   color=colour, alpha=0.6, label=f"{pick(loyalty.LOYALTY_CLASSES[code])} ({n})")
    s = grid.settings
    ax.axvline(s["behaviour_cut"], color="black", lw=1, ls="--")
    ax.axhline(s["attitude_cut"] - 0.5, color="black", lw=1, ls="--")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, 10.6)
    ax.set_xlabel(text(en="behaviour: share of wallet", zh="行为：客户份额"))
    ax.set_ylabel(text(en="attitude: likelihood to recommend (0–10)", zh="态度：推荐意愿（0–10 分）"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9, frameon=False)
    ax.set_title(text(en="Customers on the loyalty grid", zh="客户在忠诚矩阵中的位置"))
    return ax


# ---------------------------------------------------------------- the panel
class LoyaltyExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> widget) and ``result``,
    the :class:`LoyaltyGrid` for the current values."""

    def __init__(self, data: pd.DataFrame, start: LoyaltyGrid):
        import ipywidgets as w

        self.data = data
        style = {"style": {"description_width": "initial"}}
        s = start.settings
        controls = {
            "behaviour_cut": w.FloatSlider(value=s["behaviour_cut"], min=0.0, max=1.0, step=0.05,
                                           continuous_update=False, readout_format=".0%",
                                           description=text(en="high share of wallet from", zh="客户份额“高”的起点"),
                                           **style),
            "attitude_cut": w.IntSlider(value=int(s["attitude_cut"]), min=0, max=10, continuous_update=False,
                                        description=text(en="high recommendation from", zh="推荐意愿“高”的起点"),
                                        **style),
        }
        super().__init__(
            controls, text(en="Try it: where does loyalty begin?", zh="互动练习：忠诚从哪里算起？"),
            text(en="Loyalty grid panel: {n:,} customers. Move the two cuts to see how many customers are truly "
                    "loyal and how much revenue hangs on spurious loyalty (the panel appears when the notebook runs).",
                 zh="忠诚矩阵面板：共 {n:,} 位客户。移动两条分界线，看看有多少客户是真正忠诚的、"
                    "有多少收入依赖虚假忠诚（运行笔记本后显示面板）。", n=len(data)),
            lambda c: [[c["behaviour_cut"], c["attitude_cut"]]], result=start)

    def compute(self, **values) -> LoyaltyGrid:
        return loyalty_grid(self.data, **values)

    def draw(self, result: LoyaltyGrid):
        return plot_loyalty_grid(result)


def loyalty_explorer(data: pd.DataFrame, *, behaviour_cut: float = 0.5, attitude_cut: int = 7) -> LoyaltyExplorer:
    """The "try it" panel on a customer file in the ``travel_agency`` layout: two sliders for the
    cuts of :func:`loyalty_grid`; the chart and the summary are redrawn on every change."""
    start = loyalty_grid(data, behaviour_cut=behaviour_cut, attitude_cut=attitude_cut)
    return LoyaltyExplorer(data, start)
