"""Chapter 02 (theoretical foundations): the 80/20 concentration curve, share of customer
(客户份额), why relationships pay, the IDIC loop, and the chapter's "try it" panel.

* :func:`concentration_curve` ranks customers by value and accumulates the shares of customers
  and of value; :func:`pareto_point` reads the 80/20 numbers off it ("the top 20 % bring x %",
  "80 % of the value comes from y % of the customers"); :func:`plot_pareto_curve` draws it.
* :func:`simulate_customer_base` makes a seeded long-tailed customer base (log-normal spend);
  :func:`explore_concentration` and :func:`pareto_explorer` let a student vary how long the tail is.
* :func:`share_of_customer` = a customer's spend with us ÷ the customer's spend in the whole
  category (one-to-one marketing's yardstick; the ratio itself is
  :func:`crm_study.analytics.loyalty.share_of_wallet`); :func:`share_summary` pools it over a group of customers.
* :func:`relationship_profit` / :func:`plot_relationship_profit`: a stylised profit-per-customer
  table by year of the relationship (after Reichheld & Sasser 1990), the argument of
  relationship marketing against transaction marketing; :func:`plot_idic` draws the IDIC loop.

>>> curve = concentration_curve(pd.DataFrame({"customer_id": list("abcde"), "amount": [60, 20, 10, 6, 4]}))
>>> pareto_point(curve)[["top_value_share", "customers_needed"]].tolist()
[0.6, 2.0]
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate
from .._setup import SEED
from ..errors import DataError
from ..i18n import pick, text
from ..display.widgets import Panel

__all__ = ["IDIC_STEPS", "concentration_curve", "pareto_point", "plot_pareto_curve", "simulate_customer_base",
           "Concentration", "explore_concentration", "ConcentrationExplorer", "pareto_explorer",
           "share_of_customer", "share_summary", "relationship_profit", "plot_relationship_profit", "plot_idic"]

#: The four steps of the IDIC model (Peppers & Rogers), in order: code -> name and what the firm does.
IDIC_STEPS = {
    "identify": {"en": ("Identify", "know each customer by name\nacross every channel"),
                 "zh": ("识别客户", "在每个渠道都认出\n每一位客户")},
    "differentiate": {"en": ("Differentiate", "tell customers apart by\nvalue and by needs"),
                      "zh": ("差异分析", "按价值和需求\n区分客户")},
    "interact": {"en": ("Interact", "keep a two-way dialogue;\nlearn from every contact"),
                 "zh": ("保持互动", "双向对话，\n每次接触都有所收获")},
    "customize": {"en": ("Customize", "adapt the product or service\nto what was learned"),
                  "zh": ("定制调整", "按所了解的需求\n调整产品或服务")},
}

_EDGE = "#2c3e50"
_COMPONENTS = ("base_profit", "more_purchases", "lower_costs", "referrals", "price_premium")
_COMPONENT_LABELS = {
    "acquisition": {"en": "acquisition cost", "zh": "获取成本"},
    "base_profit": {"en": "base profit", "zh": "基本利润"},
    "more_purchases": {"en": "more purchases", "zh": "购买增加"},
    "lower_costs": {"en": "lower cost to serve", "zh": "服务成本降低"},
    "referrals": {"en": "referrals", "zh": "口碑推荐"},
    "price_premium": {"en": "price premium", "zh": "价格溢价"},
}
_COLOURS = {"acquisition": "#c0392b", "base_profit": "#2c7fb8", "more_purchases": "#41b6c4",
            "lower_costs": "#a1dab4", "referrals": "#fdae61", "price_premium": "#fee08b"}


# ----------------------------------------------------------------------------- 80/20 concentration

def _customer_ids(series: pd.Series, *, col: str, where: str) -> None:
    missing = series.isna()
    if missing.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} missing customer id(s) at row(s) {rows}; drop or fill them.",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个缺失的客户编号；请删除或补全。",
            where=where, col=col, n=int(missing.sum()),
            rows=_validate.row_list(series.index[missing], int(missing.sum()))))


def concentration_curve(df, *, customer_col="customer_id", value_col="amount") -> pd.DataFrame:
    """Customers ranked by value (descending, ties by id) with the cumulative shares of the 80/20 rule.

    ``customer_share = rank / n`` and ``value_share = running total of value / total``. ``df`` is a
    transaction log (a customer's rows are summed) or one row per customer; values must be >= 0.
    Columns: ``value``, ``rank``, ``customer_share``, ``value_share``; index: the customer id.

    >>> concentration_curve(pd.DataFrame({"customer_id": ["a", "b"], "amount": [30, 10]}))["value_share"].tolist()
    [0.75, 1.0]
    """
    where = "foundations.concentration_curve"
    _validate.frame(df, where=where)
    _validate.columns(df, {"customer_col": customer_col, "value_col": value_col}, where=where)
    values = _validate.numbers_col(df[value_col], col=value_col, where=where)
    _customer_ids(df[customer_col], col=customer_col, where=where)
    per = values.groupby(df[customer_col].to_numpy(), sort=True).sum()
    total = float(per.sum())
    if total <= 0:
        raise DataError(text(
            en="{where}: the values in column {col!r} add up to 0, so no shares can be computed; "
               "pass sales or profit per customer.",
            zh="{where}：列 {col!r} 的合计为 0，无法计算占比；请传入每位客户的销售额或利润。",
            where=where, col=value_col))
    per = per.sort_values(ascending=False, kind="stable")
    rank = np.arange(1, len(per) + 1)
    out = pd.DataFrame({"value": per.to_numpy(), "rank": rank, "customer_share": rank / len(per),
                        "value_share": np.cumsum(per.to_numpy()) / total},
                       index=pd.Index(per.index, name=customer_col))
    return out


def _curve(curve, where: str) -> pd.DataFrame:
    _validate.frame(curve, where=where, arg="curve")
    _validate.columns(curve, {"value_share": "value_share", "customer_share": "customer_share"}, where=where)
    return curve


def pareto_point(curve, *, top=0.2, target=0.8) -> pd.Series:
    """The 80/20 numbers of a :func:`concentration_curve`.

    ``top_customers = ⌈top · n⌉`` (at least 1) and ``top_value_share`` = the share of value they bring;
    ``customers_needed`` = the fewest top customers whose value reaches ``target`` of the total, and
    ``customers_needed_share`` = that number ÷ n. The rule "20 % bring 80 %" holds exactly when
    ``top_value_share`` = 0.8 at ``top`` = 0.2.

    >>> c = concentration_curve(pd.DataFrame({"customer_id": list("abcde"), "amount": [60, 20, 10, 6, 4]}))
    >>> float(pareto_point(c, top=0.4)["top_value_share"])
    0.8
    """
    where = "foundations.pareto_point"
    curve = _curve(curve, where)
    top = _validate.number(top, name="top", where=where, lo=0, hi=1, lo_open=True)
    target = _validate.number(target, name="target", where=where, lo=0, hi=1, lo_open=True)
    shares = curve["value_share"].to_numpy(dtype="float64")
    n = len(shares)
    k = min(n, max(1, math.ceil(top * n - 1e-9)))
    needed = int(np.searchsorted(shares, target - 1e-12, side="left")) + 1
    return pd.Series({"customers": float(n), "top": top, "top_customers": float(k),
                      "top_value_share": float(shares[k - 1]), "target": target,
                      "customers_needed": float(min(needed, n)),
                      "customers_needed_share": min(needed, n) / n}, name="pareto_point")


def plot_pareto_curve(curve, *, top=0.2, ax=None):
    """The concentration curve: cumulative % of customers (x, ranked by value) against cumulative %
    of value (y), the equal-share diagonal, and the point of the top ``top`` share of customers."""
    point = pareto_point(curve, top=top)
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    x = np.concatenate([[0.0], curve["customer_share"].to_numpy(dtype="float64")]) * 100
    y = np.concatenate([[0.0], curve["value_share"].to_numpy(dtype="float64")]) * 100
    ax.plot(x, y, color="#2c7fb8", linewidth=2, label=text(en="this customer base", zh="本客户群"))
    ax.plot([0, 100], [0, 100], color="#7f8c8d", linestyle="--", linewidth=1,
            label=text(en="every customer worth the same", zh="每位客户价值相同"))
    px, py = point["top_customers"] / point["customers"] * 100, point["top_value_share"] * 100
    ax.plot([px, px, 0], [0, py, py], color="#c0392b", linestyle=":", linewidth=1.2)
    ax.plot([px], [py], "o", color="#c0392b")
    ax.annotate(text(en="top {p:.0f}% of customers\nbring {v:.0f}% of value", zh="前 {p:.0f}% 的客户\n带来 {v:.0f}% 的价值",
                     p=px, v=py), (px, py), xytext=(px + 8, max(py - 28, 8)), fontsize=9,
                arrowprops={"arrowstyle": "-", "color": "#c0392b", "lw": 0.8})
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 102)
    ax.set_xlabel(text(en="cumulative % of customers (ranked by value)", zh="累计客户占比（%，按价值从高到低）"))
    ax.set_ylabel(text(en="cumulative % of value", zh="累计价值占比（%）"))
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(text(en="The 80/20 rule: concentration curve", zh="80/20 法则：集中度曲线"))
    return ax


def simulate_customer_base(n=1000, *, tail=1.7, seed=SEED) -> pd.DataFrame:
    """A seeded customer base with log-normal yearly spend: ``amount = exp(N(4, tail²))``, 2 decimals.

    ``tail`` (σ of the log) sets how unequal customers are: 0 means everyone spends the same,
    about 1.7 gives the classic "top 20 % bring 80 %". Columns ``customer_id`` (C0001 …), ``amount``.

    >>> simulate_customer_base(3, seed=1)["customer_id"].tolist()
    ['C0001', 'C0002', 'C0003']
    """
    where = "foundations.simulate_customer_base"
    n = _validate.number(n, name="n", where=where, lo=1, hi=1_000_000, integer=True)
    tail = _validate.number(tail, name="tail", where=where, lo=0, hi=4)
    seed = _validate.number(seed, name="seed", where=where, lo=0, integer=True)
    rng = np.random.default_rng(seed)
    amount = np.round(np.exp(4.0 + tail * rng.standard_normal(n)), 2)
    width = max(4, len(str(n)))
    return pd.DataFrame({"customer_id": [f"C{i:0{width}d}" for i in range(1, n + 1)], "amount": amount})


@dataclass(frozen=True)
class Concentration:
    """What the "try it" panel shows for one set of slider values: the ``curve``
    (:func:`concentration_curve`), the ``point`` (:func:`pareto_point`) and the ``settings``."""

    curve: pd.DataFrame
    point: pd.Series
    settings: dict

    def __repr__(self) -> str:
        p, s = self.point, self.settings
        return text(
            en="{n:,} customers, tail {t:.2f}: the top {top:.0%} ({k:,} customers) bring {v:.1%} of the value; "
               "{target:.0%} of the value comes from {need:,} customers ({ns:.1%}).",
            zh="{n:,} 位客户，长尾程度 {t:.2f}：前 {top:.0%}（{k:,} 位客户）带来 {v:.1%} 的价值；"
               "{target:.0%} 的价值来自 {need:,} 位客户（{ns:.1%}）。",
            n=int(p["customers"]), t=s["tail"], top=p["top"], k=int(p["top_customers"]), v=p["top_value_share"],
            target=p["target"], need=int(p["customers_needed"]), ns=p["customers_needed_share"])


def explore_concentration(tail=1.7, top=0.2, target=0.8, *, n=1000, seed=SEED) -> Concentration:
    """The panel's numbers (no widgets, no drawing): a :func:`simulate_customer_base` of ``n``
    customers with the given ``tail``, its :func:`concentration_curve` and :func:`pareto_point`."""
    base = simulate_customer_base(n, tail=tail, seed=seed)
    curve = concentration_curve(base)
    point = pareto_point(curve, top=top, target=target)
    return Concentration(curve=curve, point=point,
                         settings={"tail": float(tail), "top": point["top"], "target": point["target"],
                                   "n": int(n), "seed": int(seed)})


class ConcentrationExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> slider) and ``result``,
    the :class:`Concentration` for the current slider values."""

    def __init__(self, start: Concentration):
        import ipywidgets as w

        num = {"continuous_update": False, "style": {"description_width": "initial"}}
        s = start.settings
        self.fixed = {"n": s["n"], "seed": s["seed"]}
        controls = {
            "tail": w.FloatSlider(value=s["tail"], min=0.0, max=max(3.0, s["tail"]), step=0.1,
                                  description=text(en="tail (inequality)", zh="长尾程度（不均衡）"), **num),
            "top": w.FloatSlider(value=s["top"], min=0.05, max=max(0.5, s["top"]), step=0.05, readout_format=".0%",
                                 description=text(en="top share of customers", zh="头部客户比例"), **num),
            "target": w.FloatSlider(value=s["target"], min=0.5, max=max(0.95, s["target"]), step=0.05,
                                    readout_format=".0%",
                                    description=text(en="target share of value", zh="目标价值占比"), **num),
        }
        super().__init__(
            controls, text(en="Try it: how concentrated is the customer base?", zh="互动练习：客户价值有多集中？"),
            text(en="80/20 explorer: {n:,} simulated customers. Move a slider to change how unequal they are "
                    "(the panel appears when the notebook runs).",
                 zh="80/20 探索器：{n:,} 位模拟客户。拖动滑块改变客户之间的不均衡程度（运行笔记本后显示面板）。",
                 n=self.fixed["n"]))

    def compute(self, **values) -> Concentration:
        return explore_concentration(**values, **self.fixed)

    def draw(self, result: Concentration):
        return plot_pareto_curve(result.curve, top=result.settings["top"])


def pareto_explorer(tail=1.7, top=0.2, target=0.8, *, n=1000, seed=SEED) -> ConcentrationExplorer:
    """The "try it" panel: sliders for the tail, the top share of customers and the target share
    of value; the concentration curve and the 80/20 numbers are redrawn on every change.
    Arguments are checked (by :func:`explore_concentration`) before the panel is built."""
    return ConcentrationExplorer(explore_concentration(tail, top, target, n=n, seed=seed))


# ----------------------------------------------------------------------------- share of customer

def share_of_customer(df, *, customer_col="customer_id", our_col="our_spend",
                      total_col="category_spend") -> pd.DataFrame:
    """Share of customer (客户份额) per customer = spend with us ÷ the customer's spend in the whole
    category (with us and with competitors), and the ``headroom`` = category spend − spend with us,
    the part of the wallet still to win. One row per customer, in the input order.

    >>> share_of_customer(pd.DataFrame({"customer_id": ["a"], "our_spend": [300], "category_spend": [1200]}))[
    ...     "share_of_customer"].tolist()
    [0.25]
    """
    from ..analytics.loyalty import share_of_wallet

    where = "foundations.share_of_customer"
    _validate.frame(df, where=where)
    _validate.columns(df, {"customer_col": customer_col, "our_col": our_col, "total_col": total_col}, where=where)
    _customer_ids(df[customer_col], col=customer_col, where=where)
    dup = df[customer_col].duplicated(keep=False)
    if dup.any():
        raise DataError(text(
            en="{where}: customer(s) {ids} appear on more than one row of column {col!r}; give one row per "
               "customer (sum the spending first).",
            zh="{where}：列 {col!r} 中客户 {ids} 出现在多行；每位客户只能有一行（请先汇总其消费额）。",
            where=where, col=customer_col, ids=", ".join(repr(v) for v in pd.unique(df.loc[dup, customer_col])[:3])))
    ours = _validate.numbers_col(df[our_col], col=our_col, where=where)
    total = _validate.numbers_col(df[total_col], col=total_col, where=where)
    zero = total.to_numpy() <= 0
    if zero.any():
        raise DataError(text(
            en="{where}: column {col!r} is 0 at row(s) {rows}, so the share is undefined; leave out customers "
               "who spent nothing in the category.",
            zh="{where}：列 {col!r} 在第 {rows} 行为 0，份额无从计算；请剔除在该品类没有消费的客户。",
            where=where, col=total_col, rows=_validate.row_list(df.index[zero], int(zero.sum()))))
    over = ours.to_numpy() > total.to_numpy()
    if over.any():
        raise DataError(text(
            en="{where}: {ours!r} is larger than {tot!r} at row(s) {rows}; the category spend must include what "
               "the customer spent with us. Check that the two columns are not swapped.",
            zh="{where}：在第 {rows} 行 {ours!r} 大于 {tot!r}；品类总消费应包含客户在本企业的消费。请检查两列是否写反。",
            where=where, ours=our_col, tot=total_col, rows=_validate.row_list(df.index[over], int(over.sum()))))
    return pd.DataFrame({"our_spend": ours.to_numpy(), "category_spend": total.to_numpy(),
                         "share_of_customer": share_of_wallet(ours.to_numpy(), total.to_numpy()),
                         "headroom": total.to_numpy() - ours.to_numpy()},
                        index=pd.Index(df[customer_col].to_numpy(), name=customer_col))


def share_summary(shares) -> pd.Series:
    """Pooled and average share of customer for a :func:`share_of_customer` table.

    ``pooled_share_of_customer`` = Σ spend with us ÷ Σ category spend (the spend-weighted share of
    customer of the group: big customers weigh more; not market share, which needs the whole market); ``mean_share_of_customer`` = the plain average of the
    customers' shares (every customer counts once); ``headroom`` = Σ category spend − Σ spend with us.
    """
    where = "foundations.share_summary"
    _validate.frame(shares, where=where, arg="shares")
    _validate.columns(shares, {"our_spend": "our_spend", "category_spend": "category_spend",
                               "share_of_customer": "share_of_customer"}, where=where)
    ours, total, share = (_validate.numbers_col(shares[c], col=c, where=where)
                          for c in ("our_spend", "category_spend", "share_of_customer"))
    ours, total = float(ours.sum()), float(total.sum())
    if total <= 0:
        raise DataError(text(
            en="{where}: column 'category_spend' adds up to 0; build the table with share_of_customer(...).",
            zh="{where}：列 'category_spend' 的合计为 0；请用 share_of_customer(...) 生成该表。", where=where))
    return pd.Series({"customers": float(len(shares)), "our_spend": ours, "category_spend": total,
                      "pooled_share_of_customer": ours / total, "mean_share_of_customer": float(share.mean()),
                      "headroom": total - ours}, name="share_summary")


# ----------------------------------------------------------------------------- why relationships pay

def relationship_profit(years=7, *, acquisition_cost=50.0, base_profit=25.0, more_purchases=6.0,
                        lower_costs=3.0, referrals=4.0, price_premium=2.0) -> pd.DataFrame:
    """A stylised profit per customer by year of the relationship (after Reichheld & Sasser 1990).

    Year 0 carries ``−acquisition_cost``. In year t >= 1 the customer brings ``base_profit`` plus,
    for each source of extra profit (more purchases, lower cost to serve, referrals, price premium),
    its yearly gain × (t − 1): a customer's profit grows with the length of the relationship.
    Columns: ``acquisition``, the five components, ``total`` and ``cumulative``; index ``year``.

    >>> relationship_profit(3)["cumulative"].tolist()
    [-50.0, -25.0, 15.0, 70.0]
    """
    where = "foundations.relationship_profit"
    years = _validate.number(years, name="years", where=where, lo=1, hi=50, integer=True)
    gains = {}
    for name, value in (("acquisition_cost", acquisition_cost), ("base_profit", base_profit),
                        ("more_purchases", more_purchases), ("lower_costs", lower_costs),
                        ("referrals", referrals), ("price_premium", price_premium)):
        gains[name] = _validate.number(value, name=name, where=where, lo=0)
    year = np.arange(years + 1)
    active = (year >= 1).astype("float64")
    tenure = np.maximum(year - 1, 0).astype("float64")
    out = pd.DataFrame({"acquisition": np.where(year == 0, -gains["acquisition_cost"], 0.0),
                        "base_profit": active * gains["base_profit"]}, index=pd.Index(year, name="year"))
    for name in _COMPONENTS[1:]:
        out[name] = tenure * gains[name]
    out["total"] = out[["acquisition", *_COMPONENTS]].sum(axis=1)
    out["cumulative"] = out["total"].cumsum()
    return out


def plot_relationship_profit(table=None, *, ax=None):
    """Stacked bars of :func:`relationship_profit` (default: 7 years) with the cumulative profit line:
    what a transaction view (one sale, year 1) misses and why keeping customers pays."""
    where = "foundations.plot_relationship_profit"
    table = relationship_profit() if table is None else table
    _validate.frame(table, where=where, arg="table")
    _validate.columns(table, {c: c for c in ("acquisition", *_COMPONENTS, "cumulative")}, where=where)
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    x = table.index.to_numpy()
    ax.bar(x, table["acquisition"], color=_COLOURS["acquisition"], label=pick(_COMPONENT_LABELS["acquisition"]))
    bottom = np.zeros(len(table))
    for name in _COMPONENTS:
        ax.bar(x, table[name], bottom=bottom, color=_COLOURS[name], label=pick(_COMPONENT_LABELS[name]))
        bottom = bottom + table[name].to_numpy(dtype="float64")
    ax.plot(x, table["cumulative"], color=_EDGE, marker="o", linewidth=1.5,
            label=text(en="cumulative profit", zh="累计利润"))
    ax.axhline(0, color=_EDGE, linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xlabel(text(en="year of the relationship", zh="关系持续的年份"))
    ax.set_ylabel(text(en="profit per customer", zh="每位客户的利润"))
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncol=2)
    ax.set_title(text(en="Why relationships pay: profit per customer by year (stylised)",
                      zh="关系为什么能带来利润：一位客户逐年带来的利润（示意）"))
    return ax


# ----------------------------------------------------------------------------- the IDIC loop

def plot_idic(*, ax=None):
    """The IDIC loop (Peppers & Rogers): identify → differentiate → interact → customize → back to
    identify, each box with what the firm does; the first two are insight, the last two action."""
    from matplotlib.patches import FancyBboxPatch

    from ..display.plotting import arrow, new_axes

    ax = new_axes(ax, figsize=(7.5, 5.2))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    spots = {"identify": (0.5, 0.84), "differentiate": (0.82, 0.5), "interact": (0.5, 0.16),
             "customize": (0.18, 0.5)}
    colours = {"identify": "#dbe9f6", "differentiate": "#dbe9f6", "interact": "#dff0d8", "customize": "#dff0d8"}
    w, h = 0.32, 0.2
    for i, (code, (x, y)) in enumerate(spots.items(), start=1):
        name, doc = pick(IDIC_STEPS[code])
        ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.01,rounding_size=0.02",
                                    facecolor=colours[code], edgecolor=_EDGE, linewidth=1))
        ax.text(x, y + 0.045, f"{i}  {name}", ha="center", va="center", fontsize=11)
        ax.text(x, y - 0.035, doc, ha="center", va="center", fontsize=8.5)
    (ix, iy), (dx, dy), (nx, ny), (cx, cy) = spots.values()
    links = [((ix + w / 2, iy), (dx, dy + h / 2)), ((dx, dy - h / 2), (nx + w / 2, ny)),
             ((nx - w / 2, ny), (cx, cy - h / 2)), ((cx, cy + h / 2), (ix - w / 2, iy))]
    for start, end in links:
        arrow(ax, start, end, color=_EDGE, width=1.4, connectionstyle="arc3,rad=-0.3")
    ax.text(0.5, 0.53, "IDIC", ha="center", va="center", fontsize=16, color=_EDGE)
    ax.text(0.5, 0.45, text(en="one-to-one marketing", zh="一对一营销"), ha="center", va="center", fontsize=9)
    ax.text(0.98, 0.97, text(en="blue: insight (inside the firm)\ngreen: action (with the customer)",
                             zh="蓝色：洞察（企业内部分析）\n绿色：行动（与客户接触）"),
            ha="right", va="top", fontsize=8, color="#555555")
    ax.set_title(text(en="The IDIC model: a loop, not a one-off", zh="IDIC 模型：循环往复，而非一次完成"))
    return ax
