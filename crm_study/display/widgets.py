"""The "try it" panels: :class:`Panel`, the mechanics every chapter's panel shares, and the
chapter-04 panel: move sliders, see ABC classes, RFM segments and CLV change. Panels are
:class:`~crm_study.display.WidgetText`, as are the quiz and the flashcards.

The numbers come from :func:`explore`, a pure function of the RFM table and the
slider values that calls the same tested :mod:`crm_study.analytics.value` and
:mod:`crm_study.analytics.clv` functions as the notebook; :func:`value_explorer` only builds
the sliders and redraws. ipywidgets and matplotlib are imported when a panel is built.

>>> rfm = value.rfm_table(tx, as_of=AS_OF, returns="net")          # doctest: +SKIP
>>> explore(rfm, cutoffs=(0.7, 0.9), bins=5, method="median")       # doctest: +SKIP
>>> value_explorer(tx, as_of=AS_OF)                                  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from .. import _validate

from ..analytics import clv, value
from ..errors import ArgumentError, CRMStudyError
from ..i18n import text
from . import WidgetText
from .plotting import figure_output

__all__ = ["WidgetText", "Panel", "Exploration", "explore", "ValueExplorer", "value_explorer", "VIEWS"]

_RFM_COLS = {"recency": "recency", "frequency": "frequency", "monetary": "monetary"}
#: The charts the panel can draw.
VIEWS = ("pareto", "segments", "heatmap", "clv")


def _stream(message: str) -> dict:
    """``message`` as a notebook stdout output."""
    return {"output_type": "stream", "name": "stdout", "text": message + "\n"}


class Panel(WidgetText):
    """A "try it" panel: controls, a bold heading and an output area, redrawn whenever a control moves.

    ``Panel(controls, heading, description, layout=None, *, result=None)``: ``controls`` maps a
    name to an ipywidgets control; ``heading`` is shown in bold above them; ``description`` is the
    fixed ``text/plain`` repr (what a plain-text notebook view shows instead of the widget);
    ``layout(controls)`` returns the rows between the heading and the output, a list/tuple of
    widgets becoming one row (default: one control per row); ``result``, if given, is shown as the
    start instead of recomputing. The panel then has ``widget`` (the box to display), ``controls``,
    ``output`` (an ``ipywidgets.Output``) and ``result``.

    A subclass supplies ``compute(**values)``, the panel's pure function of :meth:`settings`
    returning the result object, and ``draw(result)``, returning the chart's Axes (``None`` for
    text only). On every change :meth:`update` recomputes; a :class:`~crm_study.errors.CRMStudyError`
    shows the kit's message (``result`` becomes ``None``, or stays when ``keep_result_on_error``),
    otherwise the output holds the chart, the table of ``table(result)`` if any (HTML numbers
    formatted with ``table_format``) and the text repr of the result. The outputs are written to
    ``Output.outputs`` directly (no output capture), so a panel behaves the same in JupyterLab,
    under nbclient and in tests. ipywidgets is imported when a panel is built.
    """

    #: Keep the last valid ``result`` (instead of ``None``) while the values are invalid.
    keep_result_on_error = False
    #: ``float_format`` for the table's HTML (``None``: pandas' default).
    table_format: Callable | None = None

    def __init__(self, controls: Mapping, heading: str, description: str,
                 layout: Callable[[Mapping], list] | None = None, *, result=None):
        import ipywidgets as w

        self.controls = controls
        self.description = description
        self.output = w.Output()
        self.result = result
        rows = list(controls.values()) if layout is None else layout(controls)
        self.widget = w.VBox([w.HTML("<b>" + heading + "</b>"),
                              *(w.HBox(list(row)) if isinstance(row, (list, tuple)) else row for row in rows),
                              self.output])
        for control in controls.values():
            control.observe(self.update, names="value")
        if result is None:
            self.update()
        else:
            self._show(result)

    def compute(self, **values):
        """The result for the control values (a pure function; raise ``CRMStudyError`` when invalid)."""
        raise NotImplementedError

    def draw(self, result):
        """The chart of ``result`` as an Axes, or ``None`` for a text-only panel (the default)."""

    def table(self, result) -> pd.DataFrame | None:
        """The table shown under the chart, or ``None`` (the default)."""

    def settings(self) -> dict:
        """The current control values as keyword arguments of :meth:`compute`."""
        return {name: control.value for name, control in self.controls.items()}

    def update(self, _change=None) -> None:
        """Recompute with the current values and redraw; an invalid combination shows the kit's message."""
        try:
            result = self.compute(**self.settings())
        except CRMStudyError as exc:
            if not self.keep_result_on_error:
                self.result = None
            self.output.outputs = (_stream(str(exc)),)
            return
        self.result = result
        self._show(result)

    def _show(self, result) -> None:
        out = []
        ax = self.draw(result)
        if ax is not None:
            from .plotting import pyplot

            out.append(figure_output(ax.figure))
            pyplot().close(ax.figure)
        table = self.table(result)
        if table is not None:
            out.append({"output_type": "display_data", "metadata": {},
                        "data": {"text/html": table.to_html(float_format=self.table_format),
                                 "text/plain": table.to_string()}})
        out.append(_stream(repr(result)))
        self.output.outputs = tuple(out)

    def __repr__(self) -> str:
        return self.description


def _method_label(method: str) -> str:
    return text(en="mean", zh="均值") if method == "mean" else text(en="median", zh="中位数")


@dataclass(frozen=True)
class Exploration:
    """Everything the panel shows for one set of slider values.

    ``abc`` (:func:`~crm_study.analytics.value.abc_analysis` of monetary value), ``abc_summary`` (per class:
    ``customers``, ``customer_share``, ``value_share``), ``segments`` (scored and segmented RFM
    table), ``summary`` (:func:`~crm_study.analytics.value.segment_summary`), ``clv`` (one customer's
    :func:`~crm_study.analytics.clv.clv_simple`) and the ``settings`` that produced them.
    """

    abc: pd.DataFrame
    abc_summary: pd.DataFrame
    segments: pd.DataFrame
    summary: pd.DataFrame
    clv: float
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        a, b = s["cutoffs"]
        abc = " · ".join(
            text(en="{c} {n:,} customers ({v:.1%} of value)", zh="{c} 类 {n:,} 人（占价值 {v:.1%}）",
                 c=c, n=int(row.customers), v=row.value_share)
            for c, row in self.abc_summary.iterrows())
        segs = " · ".join(f"{name} {int(n):,}" for name, n in self.summary["count"].items())
        return "\n".join([
            text(en="ABC (cut-offs {a:.0%} / {b:.0%}): {t}", zh="ABC（分界 {a:.0%} / {b:.0%}）：{t}", a=a, b=b, t=abc),
            text(en="RFM (raw values against the {m}; heat map on {k} score levels): {t}",
                 zh="RFM（原始值与{m}比较；热力图按 {k} 级评分）：{t}",
                 k=s["bins"], m=_method_label(s["method"]), t=segs),
            text(en="CLV (m = {m:,.2f}, r = {r:.0%}, d = {d:.0%}, AC = {ac:,.2f}): {v:,.2f}",
                 zh="CLV（m = {m:,.2f}，r = {r:.0%}，d = {d:.0%}，AC = {ac:,.2f}）：{v:,.2f}",
                 m=s["margin"], r=s["retention"], d=s["discount"], ac=s["acquisition_cost"], v=self.clv),
        ])


def explore(rfm, *, cutoffs=(0.8, 0.95), bins=5, method="mean", margin=100.0, retention=0.8,
            discount=0.1, acquisition_cost=0.0) -> Exploration:
    """The panel's numbers for one set of slider values (no widgets, no drawing).

    ABC classes of ``monetary`` with ``cutoffs`` by the exam rule (cumulative share including the
    customer <= cut-off, :func:`~crm_study.analytics.value.abc_analysis`), RFM scores with ``bins``
    levels (for the heat map) and the eight segments by the exam rule, each raw value against its
    ``method`` (:func:`~crm_study.analytics.value.rfm_score`, :func:`~crm_study.analytics.value.rfm_segment`), and
    ``CLV = m·r/(1+d−r) − AC`` (:func:`~crm_study.analytics.clv.clv_simple`). ``rfm`` is the output of
    :func:`~crm_study.analytics.value.rfm_table`; argument errors are reported by those functions.
    """
    where = "widgets.explore"
    _validate.frame(rfm, where=where, arg="rfm")
    _validate.columns(rfm, _RFM_COLS, where=where)
    customer_col = rfm.index.name or "customer_id"
    abc = value.abc_analysis(rfm["monetary"].rename_axis(customer_col).reset_index(),
                             customer_col=customer_col, value_col="monetary", cutoffs=cutoffs)
    groups = abc.groupby("abc_class", sort=True)
    abc_summary = pd.DataFrame({"customers": groups.size(), "value_share": groups["share"].sum()})
    abc_summary = abc_summary.reindex(["A", "B", "C"], fill_value=0)
    abc_summary.insert(1, "customer_share", abc_summary["customers"] / len(abc))
    abc_summary.index.name = "abc_class"
    segments = value.rfm_segment(value.rfm_score(rfm, bins=bins), method=method)
    lifetime = clv.clv_simple(margin, retention, discount, acquisition_cost)
    settings = {"cutoffs": tuple(abc.attrs["cutoffs"]), "bins": bins, "method": method, "margin": float(margin),
                "retention": float(retention), "discount": float(discount),
                "acquisition_cost": float(acquisition_cost)}
    return Exploration(abc=abc, abc_summary=abc_summary, segments=segments,
                       summary=value.segment_summary(segments), clv=lifetime, settings=settings)


class ValueExplorer(Panel):
    """A built panel: ``widget`` (the ipywidgets box), ``controls`` (name -> widget) and ``result``,
    the :class:`Exploration` for the current slider values (``None`` while the values are invalid)."""

    def __init__(self, rfm: pd.DataFrame, settings: dict, view: str):
        import ipywidgets as w

        self.rfm = rfm
        style = {"style": {"description_width": "initial"}}
        num = {"continuous_update": False, **style}
        pct = {"readout_format": ".0%", **num}
        a, b = settings["cutoffs"]

        def slider(kind, start, lo, hi, step, label, fmt):
            """A slider whose range is widened to include its start value (ipywidgets would clamp it)."""
            return kind(value=start, min=min(lo, start), max=max(hi, start), step=step, description=label, **fmt)

        controls = {
            "a_cut": slider(w.FloatSlider, a, 0.5, 0.95, 0.05, text(en="A cut-off", zh="A 类分界"), pct),
            "b_cut": slider(w.FloatSlider, b, 0.6, 1.0, 0.01, text(en="B cut-off", zh="B 类分界"), pct),
            "bins": slider(w.IntSlider, settings["bins"], 2, 10, 1,
                           text(en="heat map: score levels", zh="热力图评分级数"), num),
            "method": w.ToggleButtons(options=[(_method_label(m), m) for m in ("mean", "median")],
                                      value=settings["method"],
                                      description=text(en="high = above the", zh="“高”= 高于"), **style),
            "margin": slider(w.FloatSlider, settings["margin"], 0.0, 1000.0, 10,
                             text(en="margin per period m", zh="每期利润 m"), num),
            "retention": slider(w.FloatSlider, settings["retention"], 0.0, 0.95, 0.05,
                                text(en="retention r", zh="保持率 r"), pct),
            "discount": slider(w.FloatSlider, settings["discount"], 0.0, 0.3, 0.01,
                               text(en="discount rate d", zh="折现率 d"), pct),
            "acquisition_cost": slider(w.FloatSlider, settings["acquisition_cost"], 0.0, 500.0, 10,
                                       text(en="acquisition cost AC", zh="客户获取成本 AC"), num),
            "view": w.Dropdown(options=[(text(en="ABC: Pareto chart", zh="ABC：帕累托图"), "pareto"),
                                        (text(en="RFM: segments", zh="RFM：客户细分"), "segments"),
                                        (text(en="RFM: R × F heat map", zh="RFM：R × F 热力图"), "heatmap"),
                                        (text(en="CLV vs retention", zh="CLV 与保持率"), "clv")],
                               value=view, description=text(en="show", zh="显示"), **style),
        }
        super().__init__(
            controls, text(en="Try it: customer value explorer", zh="互动练习：客户价值探索器"),
            text(en="Customer value explorer: {n:,} customers. Move a slider to recompute ABC classes, "
                    "RFM segments and CLV (the panel appears when the notebook runs).",
                 zh="客户价值探索器：共 {n:,} 位客户。拖动滑块即可重新计算 ABC 分类、RFM 细分和 CLV"
                    "（运行笔记本后显示面板）。", n=len(rfm)),
            lambda c: [c["view"], [c["a_cut"], c["b_cut"]], [c["bins"], c["method"]],
                       [c["margin"], c["retention"]], [c["discount"], c["acquisition_cost"]]])

    def settings(self) -> dict:
        """The current slider values as keyword arguments of :func:`explore`."""
        c = self.controls
        return {"cutoffs": (c["a_cut"].value, c["b_cut"].value), "bins": c["bins"].value,
                "method": c["method"].value, "margin": c["margin"].value, "retention": c["retention"].value,
                "discount": c["discount"].value, "acquisition_cost": c["acquisition_cost"].value}

    def compute(self, **values) -> Exploration:
        return explore(self.rfm, **values)

    def draw(self, result: Exploration):
        """The chart chosen in the ``view`` control."""
        view = self.controls["view"].value
        if view == "pareto":
            return value.plot_pareto(result.abc)
        if view == "segments":
            return value.plot_segments(result.summary)
        if view == "heatmap":
            return value.plot_rf_heatmap(result.segments)
        s = result.settings
        return clv.plot_clv_vs_retention(s["margin"], s["discount"], s["acquisition_cost"], highlight=s["retention"])

    def table(self, result: Exploration) -> pd.DataFrame | None:
        """The table of the chart chosen in the ``view`` control (none for the CLV curve)."""
        view = self.controls["view"].value
        if view == "pareto":
            return result.abc_summary
        if view == "segments":
            return result.summary[["count", "share", "monetary_share"]]
        if view == "heatmap":
            return result.summary[["count", "recency", "frequency", "monetary"]]
        return None


def value_explorer(transactions, *, as_of=None, customer_col="customer_id", date_col="order_date",
                   amount_col="amount", returns="net", cutoffs=(0.8, 0.95), bins=5, method="mean",
                   margin=100.0, retention=0.8, discount=0.1, acquisition_cost=0.0,
                   view="pareto") -> ValueExplorer:
    """The "try it" panel for a transaction log: sliders for the ABC cut-offs, the RFM "high" rule
    (raw values against the mean or the median), the heat map's score levels, and CLV margin,
    retention, discount rate and acquisition cost; the chart chosen in ``view`` (one of
    :data:`VIEWS`) and its table are redrawn on every change.

    The RFM table is computed once with :func:`~crm_study.analytics.value.rfm_table` (``as_of``, ``returns``
    and the column names are passed on); the keyword values after it set where the sliders start.
    """
    where = "widgets.value_explorer"
    if view not in VIEWS:
        raise ArgumentError(text(en="{where}: view={v!r} is not available; use one of {a}.",
                                 zh="{where}：参数 view={v!r} 不可用；请使用 {a} 之一。",
                                 where=where, v=view, a=", ".join(repr(x) for x in VIEWS)))
    rfm = value.rfm_table(transactions, customer_col=customer_col, date_col=date_col, amount_col=amount_col,
                          as_of=as_of, returns=returns)
    start = explore(rfm, cutoffs=cutoffs, bins=bins, method=method, margin=margin, retention=retention,
                    discount=discount, acquisition_cost=acquisition_cost)
    return ValueExplorer(rfm, start.settings, view)
