"""Chapter 08 (客户满意) pictures and the "try it" panel.

Diagrams: the three layers of satisfaction (:func:`plot_three_layers`), the Kano
curves (:func:`plot_kano_curves`), the ACSI-style index model (:func:`plot_acsi_model`),
the four complaint-handling steps (:func:`plot_complaint_steps`) and the SERVQUAL
expectation–perception chart of a survey (:func:`plot_servqual`). Labels follow the
active language at call time.

The panel: :func:`what_if` is a pure function — lift the guests' perception of one
SERVQUAL dimension by a few points and see both satisfaction conventions (ratio
C = b / a and difference b − a), the gaps, the importance-weighted satisfaction index
and the importance–performance quadrant change; :func:`satisfaction_explorer` only
adds sliders. matplotlib and ipywidgets are imported when a chart or panel is built.

>>> survey = datasets.load("satisfaction_survey")                       # doctest: +SKIP
>>> what_if(survey, dimension="responsiveness", lift=1.0)               # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate

from ..analytics import satisfaction
from ..errors import ArgumentError, ColumnError, InputTypeError
from ..i18n import pick, text
from ..display.plotting import arrow, chain, diagram_axes, label_box
from ..display.widgets import Panel

__all__ = [
    "FIVE_KINDS", "THREE_LAYERS", "COMPLAINT_STEPS",
    "plot_three_layers", "plot_kano_curves", "plot_acsi_model", "plot_complaint_steps", "plot_servqual",
    "WhatIf", "what_if", "SatisfactionExplorer", "satisfaction_explorer",
]

#: The five kinds of satisfaction (seed 001), key -> name and what it is about.
FIVE_KINDS = {
    "idea": {"zh": "理念满意", "en": "idea satisfaction",
             "about": {"zh": "企业的经营理念", "en": "the firm's business philosophy"}},
    "behaviour": {"zh": "行为满意", "en": "behaviour satisfaction",
                  "about": {"zh": "企业全部运行状态（制度、员工行为）",
                            "en": "how the whole firm operates (rules, staff conduct)"}},
    "audio_visual": {"zh": "视听满意", "en": "audio-visual satisfaction",
                     "about": {"zh": "看得见、听得到的外在形象", "en": "the image one can see and hear"}},
    "product": {"zh": "产品满意", "en": "product satisfaction",
                "about": {"zh": "企业的产品", "en": "the firm's products"}},
    "service": {"zh": "服务满意", "en": "service satisfaction",
                "about": {"zh": "企业的服务", "en": "the firm's service"}},
}

#: The three layers of satisfaction (seed 001), from the base (product) to the top (social).
THREE_LAYERS = {
    "product": {"zh": "产品满意", "en": "product satisfaction",
                "about": {"zh": "质量、功能、设计、包装、价格——基础",
                          "en": "quality, function, design, packaging, price: the base"}},
    "service": {"zh": "服务满意", "en": "service satisfaction",
                "about": {"zh": "售前、售中、售后的服务过程", "en": "service before, during and after the sale"}},
    "social": {"zh": "社会满意", "en": "social satisfaction",
               "about": {"zh": "企业对社会、环境与公众的贡献",
                         "en": "the firm's care for society, environment and the public"}},
}

#: The four steps of complaint handling (seed 001), in order.
COMPLAINT_STEPS = {
    "listen": {"zh": "① 让客户发泄：\n倾听、认同", "en": "① Let the customer\nvent: listen,\nacknowledge"},
    "record": {"zh": "② 记录投诉要点，\n判断是否成立", "en": "② Record the key\npoints; judge if\nit is valid"},
    "propose": {"zh": "③ 提出并实施\n解决方案", "en": "③ Propose and\ncarry out\na solution"},
    "follow_up": {"zh": "④ 跟踪服务：\n回访是否满意", "en": "④ Follow up:\nis the customer\nsatisfied now?"},
}



# ---------------------------------------------------------------- diagrams
def plot_three_layers(*, ax=None):
    """The three layers as a pyramid: product satisfaction at the base, service in the middle,
    social satisfaction on top (seed 001: product satisfaction is the foundation)."""
    ax = diagram_axes(ax)
    from matplotlib.patches import Polygon

    colours = ("#c6dbef", "#9ecae1", "#6baed6")
    left, right, top = 0.04, 0.60, 0.95
    heights = (0.05, 0.35, 0.65, top)
    for k, (key, colour) in enumerate(zip(THREE_LAYERS, colours)):
        y0, y1 = heights[k], heights[k + 1]
        w0 = (right - left) * (1 - (y0 - heights[0]) / (top - heights[0]))
        w1 = (right - left) * (1 - (y1 - heights[0]) / (top - heights[0]))
        mid = (left + right) / 2
        ax.add_patch(Polygon([(mid - w0 / 2, y0), (mid + w0 / 2, y0), (mid + w1 / 2, y1), (mid - w1 / 2, y1)],
                             closed=True, facecolor=colour, edgecolor="white", lw=2))
        layer = THREE_LAYERS[key]
        ax.text(mid, (y0 + y1) / 2 - (0.05 if k == 2 else 0), pick(layer).replace(" ", "\n"), ha="center",
                va="center", fontsize=10)
        ax.text(right + 0.03, (y0 + y1) / 2, pick(layer["about"]), ha="left", va="center", fontsize=9,
                wrap=True)
    ax.set_title(text(en="Three layers of customer satisfaction", zh="客户满意的三个层次"))
    return ax


def plot_kano_curves(*, ax=None):
    """The Kano diagram: satisfaction (y) against how fully a feature is provided (x) for
    must-be, one-dimensional, attractive and indifferent features."""
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    x = np.linspace(-1, 1, 201)
    curves = {
        "O": (x, "#1f77b4", "-"),
        "A": (0.03 + 0.95 * np.expm1(2.5 * (x + 1)) / np.expm1(5.0), "#2ca02c", "-"),
        "M": (-0.03 - 0.95 * np.expm1(2.5 * (1 - x)) / np.expm1(5.0), "#d62728", "-"),
        "I": (np.zeros_like(x), "#7f7f7f", "--"),
    }
    for code, (y, colour, style) in curves.items():
        ax.plot(x, y, color=colour, ls=style, lw=2, label=pick(satisfaction.KANO_CATEGORIES[code]))
    ax.axhline(0, color="black", lw=0.6)
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xticks([-1, 1], [text(en="feature absent", zh="不具备"), text(en="fully provided", zh="充分具备")])
    ax.set_yticks([-1, 1], [text(en="very dissatisfied", zh="非常不满意"), text(en="delighted", zh="非常满意")])
    ax.set_xlabel(text(en="how fully the feature is provided", zh="功能 / 属性的具备程度"))
    ax.set_ylabel(text(en="customer satisfaction", zh="客户满意程度"))
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    ax.set_title(text(en="Kano model: how each kind of feature drives satisfaction", zh="卡诺模型：各类质量属性与满意度"))
    return ax


def plot_acsi_model(*, ax=None):
    """The ACSI-style cause-and-effect model: expectations, perceived quality and perceived
    value drive satisfaction, which drives complaints and loyalty."""
    ax = diagram_axes(ax)
    labels = {
        "exp": text(en="customer\nexpectations", zh="客户预期"),
        "quality": text(en="perceived\nquality", zh="感知质量"),
        "value": text(en="perceived\nvalue", zh="感知价值"),
        "sat": text(en="customer\nsatisfaction\n(ACSI)", zh="客户满意度\n（ACSI）"),
        "complaints": text(en="customer\ncomplaints", zh="客户抱怨"),
        "loyalty": text(en="customer\nloyalty", zh="客户忠诚"),
    }
    pos = {"exp": (0.12, 0.80), "quality": (0.12, 0.20), "value": (0.38, 0.50), "sat": (0.65, 0.50),
           "complaints": (0.90, 0.80), "loyalty": (0.90, 0.20)}
    for key, (x, y) in pos.items():
        label_box(ax, x, y, labels[key], face="#fde7c8" if key == "sat" else None)
    arrows = [((0.12, 0.71), (0.12, 0.29)), ((0.20, 0.75), (0.32, 0.59)), ((0.20, 0.25), (0.32, 0.41)),
              ((0.21, 0.80), (0.55, 0.60)), ((0.21, 0.20), (0.55, 0.40)), ((0.45, 0.50), (0.55, 0.50)),
              ((0.74, 0.60), (0.84, 0.71)), ((0.74, 0.40), (0.84, 0.29)), ((0.90, 0.71), (0.90, 0.29))]
    for start, end in arrows:
        arrow(ax, start, end)
    ax.text(0.38, 0.03, text(en="causes  →  satisfaction  →  results", zh="原因  →  满意度  →  结果"),
            ha="center", fontsize=9, color="grey")
    ax.set_title(text(en="ACSI model of customer satisfaction", zh="美国客户满意度指数（ACSI）模型"))
    return ax


def plot_complaint_steps(*, ax=None):
    """The four complaint-handling steps as a flow, with the lesson fed back into the process."""
    ax = diagram_axes(ax, figsize=(8.0, 3.2))
    xs = (0.12, 0.37, 0.63, 0.88)
    for x, step in zip(xs, COMPLAINT_STEPS.values()):
        label_box(ax, x, 0.62, pick(step), size=9)
    chain(ax, xs, 0.62, gap=0.115)
    arrow(ax, (0.88, 0.40), (0.12, 0.40), connectionstyle="arc3,rad=-0.2", ls="--")
    ax.text(0.5, 0.02, text(en="feed the cause back: improve the product or process so it does not happen again",
                            zh="把原因反馈回去：改进产品或流程，避免同类投诉再次发生"),
            ha="center", fontsize=9, color="grey")
    ax.set_title(text(en="Handling a customer complaint", zh="客户投诉的处理步骤"))
    return ax


def plot_servqual(gaps: pd.DataFrame, *, ax=None):
    """Expectation and perception per SERVQUAL dimension as paired bars, the gap P − E written
    beside each pair; ``gaps`` is the table of :func:`crm_study.analytics.satisfaction.servqual_gaps`."""
    where = "plot_servqual"
    _validate.frame(gaps, where=where, arg="gaps")
    _validate.columns(gaps, {c: c for c in ("expectation", "perception", "gap")}, where=where)
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    names = [pick(satisfaction.SERVQUAL_DIMENSIONS.get(d, str(d))) for d in gaps.index]
    y = np.arange(len(gaps))
    ax.barh(y - 0.2, gaps["expectation"], height=0.4, color="#bdbdbd", label=text(en="expectation E", zh="期望 E"))
    ax.barh(y + 0.2, gaps["perception"], height=0.4, color="#1f77b4", label=text(en="perception P", zh="感知 P"))
    top = float(max(gaps["expectation"].max(), gaps["perception"].max()))
    for yi, g in zip(y, gaps["gap"]):
        ax.text(top + 0.15, yi, f"{g:+.2f}", va="center", fontsize=9, color="#d62728" if g < 0 else "#2ca02c")
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0, top + 0.9)
    ax.set_xlabel(text(en="mean rating (gap P − E on the right)", zh="平均评分（右侧为差距 P − E）"))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9, frameon=False)
    ax.set_title(text(en="SERVQUAL: expectation vs perception", zh="SERVQUAL：期望与感知"))
    return ax


# ---------------------------------------------------------------- the "try it" computation
@dataclass(frozen=True)
class WhatIf:
    """The panel's numbers for one setting.

    ``table``: one row per SERVQUAL dimension after the lift — ``expectation`` a,
    ``perception`` b, ``ratio`` C = b / a, ``difference`` b − a and the level each
    convention names (``level_ratio``, ``level_difference``), plus the IPA ``quadrant``;
    ``index_before`` / ``index_after``: the importance-weighted satisfaction index (0–100)
    on the perception items; ``settings``: the arguments used.
    """

    table: pd.DataFrame
    index_before: float
    index_after: float
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        row = self.table.loc[s["dimension"]]
        name = pick(satisfaction.SERVQUAL_DIMENSIONS[s["dimension"]])
        return "\n".join([
            text(en="Lift of {name} perception: +{lift:.1f} points (capped at {hi:g})",
                 zh="{name}感知提升：+{lift:.1f} 分（最高不超过 {hi:g} 分）", name=name, lift=s["lift"], hi=s["scale"][1]),
            text(en="{name}: a = {a:.2f}, b = {b:.2f} → ratio C = b/a = {c:.2f} ({lr}); difference b − a = {d:+.2f} ({ld})",
                 zh="{name}：a = {a:.2f}，b = {b:.2f} → 比值 C = b/a = {c:.2f}（{lr}）；差值 b − a = {d:+.2f}（{ld}）",
                 name=name, a=row["expectation"], b=row["perception"], c=row["ratio"], lr=row["level_ratio"],
                 d=row["difference"], ld=row["level_difference"]),
            text(en="IPA quadrant of {name}: {q}", zh="{name}在 IPA 矩阵中的位置：{q}", name=name, q=row["quadrant"]),
            text(en="Satisfaction index (importance-weighted, 0–100): {a:.1f} → {b:.1f}",
                 zh="满意度指数（按重要性加权，0–100）：{a:.1f} → {b:.1f}", a=self.index_before, b=self.index_after),
        ])


def _dimension_columns(survey: pd.DataFrame, *, where: str) -> dict:
    """``dimension -> (perception columns, importance column)`` of the satisfaction_survey layout."""
    out = {}
    for dim in satisfaction.SERVQUAL_DIMENSIONS:
        perc = [c for c in survey.columns if str(c).startswith(f"perc_{dim}")]
        if not perc or f"imp_{dim}" not in survey.columns:
            raise ColumnError(text(
                en="{where}: survey has no perception columns perc_{d}_… or no importance column imp_{d} for the "
                   "dimension {d!r}. Use the layout of the satisfaction_survey dataset "
                   "(exp_<dimension>_k, perc_<dimension>_k, imp_<dimension>).",
                zh="{where}：survey 中缺少维度 {d!r} 的感知列 perc_{d}_… 或重要性列 imp_{d}。"
                   "请使用 satisfaction_survey 数据集的列结构（exp_<维度>_k、perc_<维度>_k、imp_<维度>）。",
                where=where, d=dim))
        out[dim] = (perc, f"imp_{dim}")
    return out


def what_if(survey: pd.DataFrame, *, dimension: str = "responsiveness", lift: float = 0.0,
            scale=(1, 7)) -> WhatIf:
    """Raise every guest's perception ratings of ``dimension`` by ``lift`` points (capped at the
    top of ``scale``) and recompute the SERVQUAL table, both satisfaction conventions, the IPA
    quadrants and the importance-weighted satisfaction index.

    ``survey`` has the ``satisfaction_survey`` layout: ``exp_<dim>_k``, ``perc_<dim>_k`` and
    ``imp_<dim>`` for the five SERVQUAL dimensions. Levels use the textbook rule (C < 1 or
    b − a < 0 dissatisfied, = satisfied, > highly satisfied): with a > 0 both conventions
    always name the same level; they differ in the number (a ratio versus points).
    """
    where = "satisfaction_views.what_if"
    _validate.frame(survey, where=where, arg="survey")
    if dimension not in satisfaction.SERVQUAL_DIMENSIONS:
        raise ArgumentError(text(en="{where}: dimension={v!r} is not a SERVQUAL dimension; use one of {a}.",
                                 zh="{where}：参数 dimension={v!r} 不是 SERVQUAL 维度；请使用 {a} 之一。",
                                 where=where, v=dimension, a=", ".join(map(repr, satisfaction.SERVQUAL_DIMENSIONS))))
    if not isinstance(scale, (tuple, list)) or len(scale) != 2:
        raise InputTypeError(text(en="{where}: scale must be a pair (lowest, highest), e.g. (1, 7); got {v!r}.",
                                  zh="{where}：参数 scale 应为 (最低分, 最高分)，例如 (1, 7)；实际为 {v!r}。",
                                  where=where, v=scale))
    lo = _validate.number(scale[0], name="scale[0]", where=where)
    hi = _validate.number(scale[1], name="scale[1]", where=where, lo=lo, lo_open=True)
    lift = _validate.number(lift, name="lift", where=where, lo=0, hi=hi - lo)
    cols = _dimension_columns(survey, where=where)
    perc_cols = [c for perc, _ in cols.values() for c in perc]
    importance = pd.Series({dim: float(_validate.numbers_col(survey[imp], col=imp, where=where).mean())
                            for dim, (_, imp) in cols.items()})
    weights = {c: importance[dim] for dim, (perc, _) in cols.items() for c in perc}
    before = satisfaction.satisfaction_index(survey, perc_cols, weights=weights, scale=(lo, hi))
    lifted = survey.copy()
    target = cols[dimension][0]
    lifted[target] = survey[target].astype("float64").add(lift).clip(upper=hi)
    gaps = satisfaction.servqual_gaps(lifted, scale=(lo, hi))
    after = satisfaction.satisfaction_index(lifted, perc_cols, weights=weights, scale=(lo, hi))
    ipa = satisfaction.importance_performance(importance, gaps["perception"])
    table = pd.DataFrame({"expectation": gaps["expectation"], "perception": gaps["perception"]})
    table["ratio"] = satisfaction.satisfaction_ratio(table["perception"], table["expectation"])
    table["difference"] = satisfaction.satisfaction_difference(table["perception"], table["expectation"])
    table["level_ratio"] = satisfaction.satisfaction_level(table["ratio"], convention="ratio")
    table["level_difference"] = satisfaction.satisfaction_level(table["difference"], convention="difference")
    table["quadrant"] = ipa["quadrant"]
    table.index.name = "dimension"
    settings = {"dimension": dimension, "lift": lift, "scale": (lo, hi)}
    return WhatIf(table=table, index_before=before, index_after=after, settings=settings)


# ---------------------------------------------------------------- the panel
class SatisfactionExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> widget) and ``result``,
    the :class:`WhatIf` for the current values."""

    def __init__(self, survey: pd.DataFrame, start: WhatIf):
        import ipywidgets as w

        self.survey = survey
        style = {"style": {"description_width": "initial"}}
        s = start.settings
        controls = {
            "dimension": w.Dropdown(options=[(pick(v), k) for k, v in satisfaction.SERVQUAL_DIMENSIONS.items()],
                                    value=s["dimension"], description=text(en="improve", zh="改进维度"), **style),
            "lift": w.FloatSlider(value=s["lift"], min=0.0, max=max(2.0, s["lift"]), step=0.1, continuous_update=False,
                                  description=text(en="perception lift (points)", zh="感知提升（分）"), **style),
        }
        super().__init__(
            controls, text(en="Try it: what if the hotel improves one dimension?",
                           zh="互动练习：如果酒店改进一个维度会怎样？"),
            text(en="Satisfaction what-if panel: {n:,} guests. Pick a dimension and a lift to recompute "
                    "the gaps, both conventions and the satisfaction index (the panel appears when the notebook runs).",
                 zh="满意度假设分析面板：共 {n:,} 位住客。选择维度和提升幅度即可重新计算差距、两种满意度口径和满意度指数"
                    "（运行笔记本后显示面板）。", n=len(survey)),
            lambda c: [[c["dimension"], c["lift"]]], result=start)

    def compute(self, **values) -> WhatIf:
        return what_if(self.survey, **values)

    def draw(self, result: WhatIf):
        return plot_servqual(result.table.assign(gap=result.table["difference"]))


def satisfaction_explorer(survey: pd.DataFrame, *, dimension: str = "responsiveness",
                          lift: float = 0.0) -> SatisfactionExplorer:
    """The "try it" panel on a survey in the ``satisfaction_survey`` layout: a dimension menu and
    slider for the perception lift; the chart and the summary of
    :func:`what_if` are redrawn on every change. The keyword values set where the controls start."""
    start = what_if(survey, dimension=dimension, lift=lift)
    return SatisfactionExplorer(survey, start)
