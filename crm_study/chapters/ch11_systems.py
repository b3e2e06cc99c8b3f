"""Chapter 11 (CRM 系统与实施): the system diagrams, a small OLAP cube on a transaction log,
the project-risk register, and the chapter's "try it" OLAP slicer.

* Diagrams (labels in the active language at call time): :func:`plot_crm_types` (operational /
  analytical / collaborative CRM and how data flows between them), :func:`plot_data_warehouse`
  (sources → ETL → warehouse → marts → OLAP, data mining, reports), :func:`plot_analytical_process`
  (understand the business → analyse data → prepare data → model → evaluate) and
  :func:`plot_implementation` (integration → analysis → decision execution, with the risk loop
  identify → quantify → respond), :func:`plot_olap_operations` (the five cube operations on a
  small table).
* OLAP: :func:`olap_view` aggregates a transaction log into a cube view. ``rows`` is a time level
  (``year`` → ``quarter`` → ``month``: moving up is a **roll-up**, down a **drill-down**);
  ``columns`` is another dimension; ``filters`` fixes one dimension to one value (**slice**) or
  several dimensions to sets of values (**dice**); swapping ``rows`` and ``columns`` is a **pivot**.
* Risk: :func:`risk_register` computes **exposure = probability × impact**, ranks the risks and
  proposes a response by the kit's teaching rule (high/high → avoid, low probability & high impact →
  transfer, high probability & low impact → mitigate, low/low → accept).

>>> tx = pd.DataFrame({"customer_id": ["a", "b", "a"], "order_date": ["2024-01-05", "2024-02-01", "2024-07-01"],
...                    "channel": ["online", "store", "online"], "amount": [10.0, 20.0, 30.0]})
>>> olap_view(tx, rows="quarter", columns="channel").to_dict("list")
{'online': [10.0, 30.0], 'store': [20.0, 0.0]}
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text
from ..display.labels import label
from ..display.plotting import DIAGRAM_COLOURS, arrow, box, chain, diagram_axes
from ..display.widgets import Panel

__all__ = [
    "CRM_TYPES", "ANALYTICAL_STEPS", "IMPLEMENTATION_STAGES", "RISK_STEPS", "RESPONSES", "TIME_LEVELS",
    "MEASURES", "ALL", "plot_crm_types", "plot_data_warehouse", "plot_analytical_process",
    "plot_implementation", "plot_olap_operations", "olap_view", "plot_olap", "example_risks", "risk_register",
    "plot_risk_matrix", "OlapView", "explore_olap", "OlapExplorer", "olap_explorer",
]

#: The three kinds of CRM system by function, each with its typical modules.
CRM_TYPES = {
    "operational": {"zh": "运营型 CRM（操作型）", "en": "Operational CRM",
                    "modules": {"zh": "销售自动化\n营销自动化\n客户服务与支持",
                                "en": "sales automation\nmarketing automation\nservice and support"}},
    "analytical": {"zh": "分析型 CRM", "en": "Analytical CRM",
                   "modules": {"zh": "数据仓库\nOLAP 联机分析\n数据挖掘",
                               "en": "data warehouse\nOLAP\ndata mining"}},
    "collaborative": {"zh": "协作型 CRM", "en": "Collaborative CRM",
                      "modules": {"zh": "呼叫中心  网站  电子邮件\n社交媒体  门店  移动端",
                                  "en": "call centre · website · e-mail\nsocial media · store · mobile"}},
}

#: The five steps of the analytical-CRM process (seed 004), in order.
ANALYTICAL_STEPS = (
    {"zh": "① 理解业务\n把业务问题变成\n分析的条件和参数", "en": "① Understand\nthe business:\nturn it into\nanalysis terms"},
    {"zh": "② 数据分析\n梳理、规整\n现有数据", "en": "② Analyse\nthe data:\nsurvey and tidy\nwhat exists"},
    {"zh": "③ 数据准备\n抽取、转换、\n清理、导入", "en": "③ Prepare\nthe data:\nextract, transform,\nclean, load"},
    {"zh": "④ 建立模型\n选最合适的方法\n解决主要问题", "en": "④ Build\nthe model:\nthe best method\nfor the question"},
    {"zh": "⑤ 评估\n用历史时段检验\n预测与实际", "en": "⑤ Evaluate:\npredict a past\nperiod, compare\nwith what happened"},
)

#: The three implementation stages of CRM (seed 001), in order.
IMPLEMENTATION_STAGES = (
    {"zh": "① 应用业务集成\n集成前台与后台，\n数据集成与共享", "en": "① Business integration:\njoin front and back\noffice; share data"},
    {"zh": "② 业务数据分析\n数据仓库 + OLAP，\n形成预见性报告", "en": "② Data analysis:\nwarehouse + OLAP;\npredictive reports"},
    {"zh": "③ 决策执行\n据分析结果调整\n下一步业务计划", "en": "③ Decision execution:\nadjust the next\nbusiness plans"},
)

#: Project risk management (seed 004): identify → quantify → respond.
RISK_STEPS = (
    {"zh": "风险识别\n列出可能的风险", "en": "Identify:\nlist what\ncould go wrong"},
    {"zh": "风险量化\n概率 × 影响", "en": "Quantify:\nprobability\n× impact"},
    {"zh": "风险应对\n回避 / 转移 /\n减轻 / 接受", "en": "Respond:\navoid / transfer /\nmitigate / accept"},
)

#: Risk responses of :func:`risk_register`, with their meaning.
RESPONSES = {
    "avoid": {"zh": "回避", "en": "avoid",
              "doc": {"zh": "改变计划，消除风险的来源", "en": "change the plan to remove the cause"}},
    "transfer": {"zh": "转移", "en": "transfer",
                 "doc": {"zh": "用合同、保险或外包把损失转给第三方", "en": "pass the loss to a third party: contract, insurance"}},
    "mitigate": {"zh": "减轻", "en": "mitigate",
                 "doc": {"zh": "降低发生概率或减小影响", "en": "lower the probability or the impact"}},
    "accept": {"zh": "接受", "en": "accept",
               "doc": {"zh": "监控并准备应急预案", "en": "monitor it and keep a contingency plan"}},
}

#: Time levels of the OLAP cube, from the coarsest to the finest.
TIME_LEVELS = ("year", "quarter", "month")
#: Measures of :func:`olap_view`: net sales (sum of amounts), transactions (rows), distinct customers.
MEASURES = ("sales", "transactions", "customers")
#: The "no filter" value of :func:`explore_olap`.
ALL = "all"

_MEASURE_LABELS = {"sales": {"zh": "销售额", "en": "sales"}, "transactions": {"zh": "交易笔数", "en": "transactions"},
                   "customers": {"zh": "客户数", "en": "customers"}}
_LEVEL_LABELS = {"year": {"zh": "年", "en": "year"}, "quarter": {"zh": "季度", "en": "quarter"},
                 "month": {"zh": "月", "en": "month"}, "channel": {"zh": "渠道", "en": "channel"},
                 "type": {"zh": "类型", "en": "type"}}


def _dim_label(dim) -> str:
    """Display name of a dimension, a measure or a value of a dimension (a channel, a row type) in the
    active language; names that are none of these as they are."""
    named = _LEVEL_LABELS.get(dim, _MEASURE_LABELS.get(dim))
    return str(pick(named)) if named is not None else label(str(dim))


# ----------------------------------------------------------------------------- diagrams

def plot_crm_types(*, ax=None):
    """Operational, analytical and collaborative CRM with their modules, and the loop between them:
    contacts come in through the collaborative channels, the operational system records them, the
    analytical system turns the data into insight that goes back to the front office. Returns the Axes."""
    ax = diagram_axes(ax, figsize=(9.0, 5.2))
    places = {"collaborative": (0.5, 0.8, DIAGRAM_COLOURS["orange"]), "operational": (0.2, 0.34, DIAGRAM_COLOURS["blue"]),
              "analytical": (0.8, 0.34, DIAGRAM_COLOURS["green"])}
    for key, (x, y, colour) in places.items():
        kind = CRM_TYPES[key]
        box(ax, x, y + 0.06, {"zh": kind["zh"], "en": kind["en"]}, w=0.34, h=0.09, color=colour, size=11)
        ax.text(x, y - 0.1, pick(kind["modules"]), ha="center", va="center", fontsize=9, linespacing=1.5)
    arrow(ax, (0.36, 0.78), (0.22, 0.46))
    ax.text(0.2, 0.64, text(en="customer contacts", zh="客户接触"), ha="center", fontsize=9, color=DIAGRAM_COLOURS["edge"])
    arrow(ax, (0.38, 0.42), (0.62, 0.42))
    ax.text(0.5, 0.45, text(en="transaction data", zh="业务数据"), ha="center", va="bottom", fontsize=9)
    arrow(ax, (0.62, 0.3), (0.38, 0.3))
    ax.text(0.5, 0.27, text(en="insight, segments, forecasts", zh="客户洞察、细分、预测"), ha="center", va="top",
            fontsize=9)
    arrow(ax, (0.78, 0.46), (0.64, 0.78))
    ax.text(0.8, 0.64, text(en="personalised offers", zh="个性化服务"), ha="center", fontsize=9, color=DIAGRAM_COLOURS["edge"])
    ax.text(0.5, 0.02, text(en="by integration: point solution → integrated → enterprise-integrated",
                            zh="按集成程度：CRM 专项应用 → CRM 整合应用 → CRM 企业集成应用"),
            ha="center", va="bottom", fontsize=9, color="grey")
    ax.set_title(text(en="Three kinds of CRM system and how they work together",
                      zh="CRM 系统的三种类型及其协同"))
    return ax


def plot_data_warehouse(*, ax=None):
    """The data-warehouse structure: source systems → ETL (extract, transform, load) → the warehouse
    with its metadata → data marts → front-end tools (OLAP, data mining, reports). Returns the Axes."""
    ax = diagram_axes(ax, figsize=(10.0, 4.8))
    columns = [
        (0.1, {"zh": "数据源", "en": "Sources"}, DIAGRAM_COLOURS["grey"],
         [{"zh": "运营型 CRM", "en": "operational\nCRM"}, {"zh": "ERP / 财务", "en": "ERP /\nfinance"},
          {"zh": "网站 / App\n日志", "en": "web / app\nlogs"}, {"zh": "外部数据", "en": "external\ndata"}]),
        (0.3, {"zh": "ETL", "en": "ETL"}, DIAGRAM_COLOURS["orange"],
         [{"zh": "抽取", "en": "extract"}, {"zh": "清洗 / 转换", "en": "clean /\ntransform"},
          {"zh": "加载", "en": "load"}]),
        (0.5, {"zh": "数据仓库", "en": "Warehouse"}, DIAGRAM_COLOURS["blue"],
         [{"zh": "集成的\n历史数据", "en": "integrated\nhistory"}, {"zh": "元数据", "en": "metadata"}]),
        (0.7, {"zh": "数据集市", "en": "Data marts"}, DIAGRAM_COLOURS["blue"],
         [{"zh": "营销", "en": "marketing"}, {"zh": "销售", "en": "sales"}, {"zh": "服务", "en": "service"}]),
        (0.9, {"zh": "前端工具", "en": "Front end"}, DIAGRAM_COLOURS["green"],
         [{"zh": "OLAP", "en": "OLAP"}, {"zh": "数据挖掘", "en": "data\nmining"},
          {"zh": "报表 / 查询", "en": "reports /\nqueries"}]),
    ]
    from matplotlib.patches import FancyBboxPatch

    for x, head, colour, items in columns:
        ax.add_patch(FancyBboxPatch((x - 0.08, 0.12), 0.16, 0.74, boxstyle="round,pad=0.005,rounding_size=0.02",
                                    facecolor="white", edgecolor=DIAGRAM_COLOURS["edge"], linewidth=0.8, linestyle="--"))
        ax.text(x, 0.93, pick(head), ha="center", va="center", fontsize=11)
        ys = np.linspace(0.74, 0.24, len(items))
        for y, item in zip(ys, items):
            box(ax, x, y, item, w=0.13, h=0.13, color=colour, size=9)
    xs = [c[0] for c in columns]
    chain(ax, xs, 0.49, gap=0.082, width=2)
    ax.text(0.5, 0.03, text(en="subject-oriented · integrated · non-volatile · time-variant: "
                               "built to support decisions",
                            zh="面向主题 · 集成 · 相对稳定 · 反映历史变化：为支持决策而建"),
            ha="center", va="bottom", fontsize=9, color="grey")
    ax.set_title(text(en="Structure of a data warehouse", zh="数据仓库的结构"))
    return ax


def plot_analytical_process(*, ax=None):
    """The five steps of analytical CRM in a row, with the feedback arrow from evaluation back to the
    business question. Returns the Axes."""
    ax = diagram_axes(ax, figsize=(10.0, 3.4))
    xs = np.linspace(0.1, 0.9, len(ANALYTICAL_STEPS))
    for x, step in zip(xs, ANALYTICAL_STEPS):
        box(ax, x, 0.58, step, w=0.17, h=0.5, color=DIAGRAM_COLOURS["blue"], size=9)
    chain(ax, xs, 0.58, gap=0.087)
    arrow(ax, (xs[-1], 0.3), (xs[0], 0.3), linestyle="--", connectionstyle="arc3,rad=-0.2")
    ax.set_ylim(-0.05, 1)
    ax.text(0.5, -0.04, text(en="if the model does not predict well, go back and refine the question",
                            zh="模型预测不理想时，回到业务问题重新修正"),
            ha="center", va="bottom", fontsize=9, color="grey")
    ax.set_title(text(en="The analytical-CRM process", zh="分析型 CRM 的过程"))
    return ax


def plot_implementation(*, ax=None):
    """Top: the three implementation stages (business integration → data analysis → decision
    execution). Bottom: the risk-management loop that runs through the whole project
    (identify → quantify → respond, then identify again). Returns the Axes."""
    ax = diagram_axes(ax, figsize=(9.5, 5.0))
    xs = (0.18, 0.5, 0.82)
    for x, stage in zip(xs, IMPLEMENTATION_STAGES):
        box(ax, x, 0.76, stage, w=0.28, h=0.22, color=DIAGRAM_COLOURS["green"], size=9)
    chain(ax, xs, 0.76, gap=0.145)
    ax.text(0.5, 0.54, text(en="project risk management accompanies every stage",
                            zh="项目风险管理贯穿实施的每个阶段"), ha="center", va="center", fontsize=10)
    for x, step in zip(xs, RISK_STEPS):
        box(ax, x, 0.3, step, w=0.24, h=0.2, color=DIAGRAM_COLOURS["orange"], size=9)
    chain(ax, xs, 0.3, gap=0.125)
    arrow(ax, (xs[-1], 0.19), (xs[0], 0.19), linestyle="--", connectionstyle="arc3,rad=-0.18")
    ax.set_ylim(-0.1, 1)
    ax.text(0.5, -0.09, text(en="monitor and repeat: new risks appear as the project moves on",
                           zh="持续监控、循环进行：项目推进中会出现新的风险"),
            ha="center", va="bottom", fontsize=9, color="grey")
    ax.set_title(text(en="CRM implementation stages and project risk management", zh="CRM 实施阶段与项目风险管理"))
    return ax


_OLAP_PANELS = (
    ("roll_up", {"zh": "上卷", "en": "roll-up"}, {"zh": "月 → 季度", "en": "month → quarter"}),
    ("drill_down", {"zh": "下钻", "en": "drill-down"}, {"zh": "季度 → 月", "en": "quarter → month"}),
    ("slice", {"zh": "切片", "en": "slice"}, {"zh": "渠道 = 门店", "en": "channel = store"}),
    ("dice", {"zh": "切块", "en": "dice"}, {"zh": "2024 年 × 线上", "en": "2024 × online"}),
    ("pivot", {"zh": "旋转", "en": "pivot"}, {"zh": "行 ⇄ 列", "en": "rows ⇄ columns"}),
)


_CELL_W, _CELL_H = 0.016, 0.042


def _grid(ax, left, top, rows, cols, highlight=frozenset(), cw=_CELL_W, ch=_CELL_H):
    """A rows × cols table of cells with its top-left corner at (left, top); cells in ``highlight``
    ((row, col) pairs) are coloured. Returns the x of its right edge."""
    from matplotlib.patches import Rectangle

    for r in range(rows):
        for c in range(cols):
            face = DIAGRAM_COLOURS["orange"] if (r, c) in highlight else DIAGRAM_COLOURS["blue"]
            ax.add_patch(Rectangle((left + c * cw, top - (r + 1) * ch), cw, ch, facecolor=face, edgecolor=DIAGRAM_COLOURS["edge"],
                                   linewidth=0.8))
    return left + cols * cw


def plot_olap_operations(*, ax=None):
    """Five small pictures of a sales table (time × channel): roll-up and drill-down change the rows'
    level, slice keeps one column, dice keeps a block of rows and columns, pivot turns the table.
    Returns the Axes."""
    ax = diagram_axes(ax, figsize=(10.0, 2.4))
    ax.set_ylim(0.54, 1)
    top, gap = 0.85, 0.025
    for x, (kind, name, note) in zip(np.linspace(0.1, 0.9, len(_OLAP_PANELS)), _OLAP_PANELS):
        ax.text(x, 0.96, pick(name), ha="center", va="center", fontsize=12)
        if kind in ("roll_up", "drill_down", "pivot"):
            before, after = {"roll_up": ((4, 3), (2, 3)), "drill_down": ((2, 3), (4, 3)),
                             "pivot": ((4, 3), (3, 4))}[kind]
            width = (before[1] + after[1]) * _CELL_W + 2 * gap
            end = _grid(ax, x - width / 2, top, *before)
            mid = top - max(before[0], after[0]) * _CELL_H / 2
            arrow(ax, (end + 0.006, mid), (end + gap * 2 - 0.006, mid))
            _grid(ax, end + 2 * gap, top, *after)
        else:
            keep = (frozenset((r, 2) for r in range(4)) if kind == "slice"
                    else frozenset((r, c) for r in (2, 3) for c in (0, 1)))
            _grid(ax, x - 1.5 * _CELL_W, top, 4, 3, keep)
        ax.text(x, top - 4 * _CELL_H - 0.06, pick(note), ha="center", va="center", fontsize=9)
    ax.set_title(text(en="OLAP operations on a sales table (rows: time, columns: channel)",
                      zh="销售表上的 OLAP 操作（行：时间，列：渠道）"))
    return ax


# ----------------------------------------------------------------------------- OLAP

def _dimension_values(dates: pd.Series, level: str) -> pd.Series:
    if level == "year":
        return dates.dt.year.astype("int64")
    if level == "quarter":
        return dates.dt.year.astype(str) + "-Q" + dates.dt.quarter.astype(str)
    return dates.dt.strftime("%Y-%m")


def _check_dimension(value, name: str, where: str, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if not isinstance(value, str):
        raise InputTypeError(text(
            en="{where}: {name} must be a time level ('year', 'quarter', 'month') or a column name, got {v!r}.",
            zh="{where}：参数 {name} 应为时间层级（'year'、'quarter'、'month'）或列名，实际为 {v!r}。",
            where=where, name=name, v=value))


def _filters(filters, where: str) -> dict:
    if filters is None:
        return {}
    if not isinstance(filters, dict):
        raise InputTypeError(text(
            en="{where}: filters must be a dict such as {{'channel': 'store'}} (slice) or "
               "{{'year': [2024], 'channel': ['online']}} (dice), got {t}.",
            zh="{where}：参数 filters 应为字典，例如 {{'channel': 'store'}}（切片）或 "
               "{{'year': [2024], 'channel': ['online']}}（切块），实际为 {t}。",
            where=where, t=type(filters).__name__))
    out = {}
    for dim, wanted in filters.items():
        _check_dimension(dim, "filters", where)
        values = list(wanted) if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
        if not values:
            raise ArgumentError(text(en="{where}: filters[{d!r}] is empty; give at least one value to keep.",
                                     zh="{where}：filters[{d!r}] 为空；请至少给出一个要保留的值。", where=where, d=dim))
        out[dim] = values
    return out


def olap_view(transactions, rows="year", columns="channel", *, filters=None, measure="sales",
              customer_col="customer_id", date_col="order_date", amount_col="amount") -> pd.DataFrame:
    """One view of the sales cube: ``measure`` by ``rows`` × ``columns``, after ``filters``.

    Dimensions are the time levels ``year`` (2024), ``quarter`` ("2024-Q3") and ``month``
    ("2024-07"), derived from ``date_col``, and any other column of the log (``channel``, ``type``).
    ``columns=None`` gives a single column named after the measure. ``filters`` maps a dimension to
    one value or a list of values to keep: one dimension fixed = **slice**, several = **dice**.
    Measures: ``sales`` = sum of ``amount_col`` (return rows with negative amounts make it net sales),
    ``transactions`` = number of rows, ``customers`` = distinct customers. Sales and transactions add
    up when rolled up (month → quarter → year); distinct customers do **not** (a customer who buys in
    two months counts once in the quarter). Cells with no rows are 0.

    >>> tx = pd.DataFrame({"customer_id": ["a", "a"], "order_date": ["2024-01-05", "2024-02-01"],
    ...                    "channel": ["store", "store"], "amount": [5.0, 7.0]})
    >>> olap_view(tx, rows="year", columns=None, measure="customers")["customers"].tolist()
    [1]
    """
    where = "systems.olap_view"
    df = _validate.frame(transactions, where=where, arg="transactions")
    _check_dimension(rows, "rows", where)
    _check_dimension(columns, "columns", where, allow_none=True)
    if measure not in MEASURES:
        raise ArgumentError(text(en="{where}: measure={m!r} is not available; use one of {a}.",
                                 zh="{where}：参数 measure={m!r} 不可用；请使用 {a} 之一。",
                                 where=where, m=measure, a=", ".join(repr(x) for x in MEASURES)))
    if columns is not None and columns == rows:
        raise ArgumentError(text(en="{where}: rows and columns are both {d!r}; choose two different dimensions.",
                                 zh="{where}：rows 和 columns 都是 {d!r}；请选择两个不同的维度。", where=where, d=rows))
    keep = _filters(filters, where)
    dims = [d for d in dict.fromkeys([rows, columns, *keep]) if d is not None]
    needed = {"date_col": date_col}
    if measure == "sales":
        needed["amount_col"] = amount_col
    if measure == "customers":
        needed["customer_col"] = customer_col
    _validate.columns(df, needed, where=where)
    for arg, dim in [("rows", rows), ("columns", columns), *(("filters", d) for d in keep)]:
        if dim is not None and dim not in TIME_LEVELS:
            _validate.columns(df, {arg: dim}, where=where)
    dates = _validate.dates(df[date_col], col=date_col, where=where)
    cube = pd.DataFrame(index=df.index)
    for d in dims:
        cube[d] = _dimension_values(dates, d) if d in TIME_LEVELS else df[d]
        empty = cube[d].isna().to_numpy()
        if empty.any():
            raise DataError(text(
                en="{where}: dimension column {d!r} is empty at row(s) {rows}; every row needs a value to be "
                   "placed in the cube. Fill them in (e.g. 'unknown') or drop those rows.",
                zh="{where}：维度列 {d!r} 在第 {rows} 行为空；每一行都需要有值才能放进立方体。"
                   "请补全（例如填 'unknown'）或删除这些行。",
                where=where, d=d, rows=_validate.row_list(df.index[empty], int(empty.sum()))))
    if measure == "sales":
        cube["_value"] = _validate.numbers_col(df[amount_col], col=amount_col, where=where, allow_negative=True)
    elif measure == "customers":
        cube["_value"] = df[customer_col]
    mask = np.ones(len(cube), dtype=bool)
    for d, values in keep.items():
        present = set(cube[d].dropna().unique().tolist())
        unknown = [v for v in values if v not in present]
        if unknown:
            raise DataError(text(
                en="{where}: filters[{d!r}] keeps {u}, which does not occur in the data; values found: {f}.",
                zh="{where}：filters[{d!r}] 要保留的 {u} 在数据中不存在；实际出现的值：{f}。",
                where=where, d=d, u=", ".join(map(repr, unknown)), f=", ".join(map(repr, sorted(present, key=str)))))
        mask &= cube[d].isin(values).to_numpy()
    cube = cube[mask]
    if cube.empty:
        raise DataError(text(
            en="{where}: no row matches all the filters {f}; every value occurs, but never together. "
               "Loosen one of the filters.",
            zh="{where}：没有任何一行同时满足筛选条件 {f}；各个值单独都存在，但从不同时出现。请放宽其中一个条件。",
            where=where, f=keep))
    keys = [rows] if columns is None else [rows, columns]
    grouped = cube.groupby(keys, sort=True)
    if measure == "sales":
        values = grouped["_value"].sum()
    elif measure == "transactions":
        values = grouped.size()
    else:
        values = grouped["_value"].nunique()
    table = values.to_frame(measure) if columns is None else values.unstack(columns, fill_value=0)
    table.index.name = rows
    return table


def plot_olap(table, *, ax=None):
    """Grouped bars of an :func:`olap_view` table: one group per row, one colour per column. Returns the Axes."""
    where = "systems.plot_olap"
    table = _validate.frame(table, where=where, arg="table")
    from ..display.plotting import new_axes

    own = ax is None
    ax = new_axes(ax, figsize=(8.0, 4.0))
    x = np.arange(len(table))
    width = 0.8 / table.shape[1]
    for j, col in enumerate(table.columns):
        ax.bar(x - 0.4 + width * (j + 0.5), table[col].to_numpy(dtype="float64"), width=width,
               label=_dim_label(col), color=f"C{j}")
    ax.set_xticks(x, [_dim_label(v) for v in table.index], rotation=45 if len(table) > 8 else 0,
                  ha="right" if len(table) > 8 else "center")
    ax.set_xlabel(_dim_label(table.index.name))
    ax.yaxis.set_major_formatter("{x:,.0f}")
    if table.shape[1] > 1:
        ax.legend(frameon=False)
    across = table.columns.name if table.columns.name is not None else table.columns[0]
    ax.set_title(text(en="OLAP view: {r} × {c}", zh="OLAP 视图：{r} × {c}",
                      r=_dim_label(table.index.name), c=_dim_label(across)))
    if own:
        ax.figure.tight_layout()
    return ax


# ----------------------------------------------------------------------------- risk register

_EXAMPLE_RISKS = [
    ("R1", {"zh": "高层支持不足", "en": "weak top-management support"}, 0.5, 5),
    ("R2", {"zh": "需求不断扩大（范围蔓延）", "en": "scope keeps growing (scope creep)"}, 0.6, 4),
    ("R3", {"zh": "历史数据质量差", "en": "poor quality of legacy data"}, 0.7, 3),
    ("R4", {"zh": "员工抵触新系统", "en": "staff resist the new system"}, 0.6, 3),
    ("R5", {"zh": "供应商交付或系统集成失败", "en": "vendor delivery or integration fails"}, 0.2, 5),
    ("R6", {"zh": "预算超支", "en": "budget overrun"}, 0.3, 4),
    ("R7", {"zh": "项目关键成员离职", "en": "a key team member leaves"}, 0.2, 2),
]


def example_risks() -> pd.DataFrame:
    """Seven typical risks of a CRM project with an estimated probability (0–1) and impact (1–5),
    the input of :func:`risk_register`; risk names in the active language."""
    return pd.DataFrame({"risk_id": [r[0] for r in _EXAMPLE_RISKS], "risk": [pick(r[1]) for r in _EXAMPLE_RISKS],
                         "probability": [r[2] for r in _EXAMPLE_RISKS], "impact": [r[3] for r in _EXAMPLE_RISKS]})


def risk_register(risks, *, probability_col="probability", impact_col="impact", prob_cut=0.5,
                  impact_cut=4.0) -> pd.DataFrame:
    """Quantify and rank project risks: **exposure = probability × impact**, rank 1 = largest.

    A risk is *likely* when probability ≥ ``prob_cut`` and *severe* when impact ≥ ``impact_cut``
    (default 0.5 and 4 on a 1–5 scale). The kit's teaching rule for the response: likely and severe →
    ``avoid``; unlikely but severe → ``transfer``; likely but mild → ``mitigate``; unlikely and
    mild → ``accept``. Returns the input columns plus ``exposure``, ``rank``, ``response`` (code)
    and ``response_label`` (active language), sorted by exposure (ties keep the input order) with a
    fresh 0-based index.

    >>> risk_register(pd.DataFrame({"probability": [0.2, 0.6], "impact": [5, 2]}))["exposure"].tolist()
    [1.2, 1.0]
    """
    where = "systems.risk_register"
    df = _validate.frame(risks, where=where, arg="risks")
    _validate.columns(df, {"probability_col": probability_col, "impact_col": impact_col}, where=where)
    prob_cut = _validate.number(prob_cut, name="prob_cut", where=where, lo=0, hi=1)
    impact_cut = _validate.number(impact_cut, name="impact_cut", where=where, lo=0)
    p = _validate.numbers_col(df[probability_col], col=probability_col, where=where)
    impact = _validate.numbers_col(df[impact_col], col=impact_col, where=where)
    above = p > 1
    if above.any():
        raise DataError(text(
            en="{where}: column {col!r} is a probability, but {n} value(s) at row(s) {rows} are above 1. "
               "Write 30 % as 0.3.",
            zh="{where}：列 {col!r} 是概率，但第 {rows} 行有 {n} 个值大于 1。30% 请写成 0.3。",
            where=where, col=probability_col, n=int(above.sum()),
            rows=_validate.row_list(df.index[above], int(above.sum()))))
    likely, severe = (p >= prob_cut).to_numpy(), (impact >= impact_cut).to_numpy()
    code = np.select([likely & severe, ~likely & severe, likely & ~severe], ["avoid", "transfer", "mitigate"],
                     default="accept")
    out = df.copy()
    out["exposure"] = (p * impact).round(10)
    out["response"] = code
    out["response_label"] = [pick(RESPONSES[c]) for c in code]
    out = out.sort_values("exposure", ascending=False, kind="stable").reset_index(drop=True)
    out.insert(out.columns.get_loc("exposure") + 1, "rank", np.arange(1, len(out) + 1))
    return out


def plot_risk_matrix(register, *, label_col="risk_id", probability_col="probability", impact_col="impact",
                     prob_cut=0.5, impact_cut=4.0, ax=None):
    """Probability–impact matrix of a :func:`risk_register`: one point per risk, labelled with
    ``label_col``, on the four response quadrants. Returns the Axes."""
    where = "systems.plot_risk_matrix"
    df = _validate.frame(register, where=where, arg="register")
    _validate.columns(df, {"label_col": label_col, "probability_col": probability_col, "impact_col": impact_col},
                      where=where)
    from ..display.plotting import new_axes

    ax = new_axes(ax, figsize=(6.5, 4.6))
    top = max(5.5, float(df[impact_col].max()) + 0.5)
    quads = {"avoid": (prob_cut, impact_cut, 1, top, "#f8d0c8"), "transfer": (0, impact_cut, prob_cut, top, "#fbe5c8"),
             "mitigate": (prob_cut, 0, 1, impact_cut, "#fff3c4"), "accept": (0, 0, prob_cut, impact_cut, "#dff0d8")}
    for code, (x0, y0, x1, y1, colour) in quads.items():
        ax.fill_between([x0, x1], y0, y1, color=colour, zorder=0)
        left, upper = x0 == 0, y1 == top
        ax.text(x0 + 0.02 if left else x1 - 0.02, y1 - 0.1 if upper else y0 + 0.1, pick(RESPONSES[code]),
                ha="left" if left else "right", va="top" if upper else "bottom", fontsize=11, color=DIAGRAM_COLOURS["edge"])
    ax.scatter(df[probability_col], df[impact_col], s=60, color=DIAGRAM_COLOURS["edge"], zorder=3)
    for _, row in df.iterrows():
        ax.annotate(str(row[label_col]), (row[probability_col], row[impact_col]), xytext=(6, 4),
                    textcoords="offset points", fontsize=9, zorder=4)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, top)
    ax.set_xlabel(text(en="probability", zh="发生概率"))
    ax.set_ylabel(text(en="impact (1–5)", zh="影响程度（1–5）"))
    ax.set_title(text(en="Risk matrix: exposure = probability × impact", zh="风险矩阵：风险值 = 概率 × 影响"))
    return ax


# ----------------------------------------------------------------------------- try it: OLAP slicer

@dataclass(frozen=True)
class OlapView:
    """The slicer's result for one choice: ``table`` (:func:`olap_view`), ``operation`` (what the
    choice does to the default year × channel view, in words) and the ``settings``."""

    table: pd.DataFrame
    operation: str
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        total = float(self.table.to_numpy().sum())
        filters = [f"{_dim_label(k)} = {v}" for k, v in (("channel", s["channel"]), ("year", s["year"])) if v != ALL]
        lines = [
            text(en="View: {m} by {r} × {c}; filter: {f}.", zh="视图：按{r} × {c}统计{m}；筛选：{f}。",
                 m=_dim_label(s["measure"]), r=_dim_label(s["rows"]),
                 c=_dim_label(s["columns"]) if s["columns"] is not None else "-",
                 f=", ".join(filters) if filters else text(en="none", zh="无")),
            text(en="OLAP operation: {o}", zh="OLAP 操作：{o}", o=self.operation),
        ]
        if s["measure"] != "customers":
            lines.append(text(en="Sum of all cells: {t:,.2f}.", zh="各格合计：{t:,.2f}。", t=total))
        else:
            lines.append(text(en="Distinct customers do not add up across cells; compare cells, not their sum.",
                              zh="不同格子里的客户数不能相加（同一位客户可能出现在多个格子里），只能相互比较，不能求和。"))
        return "\n".join(lines)


def _operation(rows: str, columns, channel, year) -> str:
    steps = []
    if rows != "year":
        steps.append(text(en="drill-down (year → {r})", zh="下钻（年 → {r}）", r=_dim_label(rows)))
    if columns is None:
        steps.append(text(en="roll-up (the channel dimension summed away)", zh="上卷（把渠道维度汇总掉）"))
    elif columns != "channel":
        steps.append(text(en="pivot ({c} instead of channel on the columns)", zh="旋转（用{c}替换列上的渠道维度）",
                          c=_dim_label(columns)))
    fixed = sum(v != ALL for v in (channel, year))
    if fixed == 1:
        steps.append(text(en="slice (one dimension fixed)", zh="切片（固定一个维度）"))
    elif fixed == 2:
        steps.append(text(en="dice (two dimensions restricted)", zh="切块（同时限定两个维度）"))
    if not steps:
        return text(en="the base view (year × channel); drilling down to quarter or month reverses a roll-up",
                    zh="基础视图（年 × 渠道）；下钻到季度或月是上卷的逆操作")
    return text(en="; ", zh="；").join(steps)


def explore_olap(transactions, *, rows="year", columns="channel", measure="sales", channel=ALL, year=ALL,
                 customer_col="customer_id", date_col="order_date", amount_col="amount") -> OlapView:
    """The slicer's numbers for one choice (no widgets): :func:`olap_view` with ``channel`` and
    ``year`` as filters (``"all"`` keeps everything), and the OLAP operation that choice performs
    on the base view (year × channel). The column keywords are those of :func:`olap_view`; the log
    also needs a ``channel`` column."""
    where = "systems.explore_olap"
    if rows not in TIME_LEVELS:
        raise ArgumentError(text(en="{where}: rows={v!r}; use one of {a}.", zh="{where}：rows={v!r}；请使用 {a} 之一。",
                                 where=where, v=rows, a=", ".join(TIME_LEVELS)))
    filters = {k: v for k, v in (("channel", channel), ("year", year)) if v != ALL}
    table = olap_view(transactions, rows=rows, columns=columns, filters=filters or None, measure=measure,
                      customer_col=customer_col, date_col=date_col, amount_col=amount_col)
    settings = {"rows": rows, "columns": columns, "measure": measure, "channel": channel, "year": year}
    return OlapView(table=table, operation=_operation(rows, columns, channel, year), settings=settings)


_PANEL_COLUMNS = ("channel", "type")


class OlapExplorer(Panel):
    """A built panel: ``widget`` (ipywidgets box), ``controls`` and ``result`` (the :class:`OlapView`
    of the current choice, ``None`` when the choice keeps no data)."""

    table_format = "{:,.2f}".format

    def __init__(self, transactions: pd.DataFrame, start: OlapView, cols: dict):
        import ipywidgets as w

        self.transactions, self.cols = transactions, cols
        s = start.settings
        style = {"style": {"description_width": "initial"}}
        years = sorted(olap_view(transactions, rows="year", columns=None, measure="transactions", **cols).index)
        channels = sorted(olap_view(transactions, rows="year", columns="channel", measure="transactions",
                                    **cols).columns)
        controls = {
            "rows": w.Dropdown(options=[(_dim_label(lv), lv) for lv in TIME_LEVELS], value=s["rows"],
                               description=text(en="time level (roll-up / drill-down)", zh="时间层级（上卷 / 下钻）"),
                               **style),
            "columns": w.Dropdown(options=[(_dim_label(c), c) for c in _PANEL_COLUMNS], value=s["columns"],
                                  description=text(en="columns (pivot)", zh="列维度（旋转）"), **style),
            "measure": w.Dropdown(options=[(_dim_label(m), m) for m in MEASURES], value=s["measure"],
                                  description=text(en="measure", zh="度量"), **style),
            "channel": w.Dropdown(options=[(text(en="all", zh="全部"), ALL)] + [(c, c) for c in channels],
                                  value=s["channel"], description=text(en="slice: channel", zh="切片：渠道"), **style),
            "year": w.Dropdown(options=[(text(en="all", zh="全部"), ALL)] + [(str(y), y) for y in years],
                               value=s["year"], description=text(en="slice: year", zh="切片：年份"), **style),
        }
        super().__init__(
            controls, text(en="Try it: OLAP slicer", zh="互动练习：OLAP 切片器"),
            text(en="OLAP slicer: {n:,} transactions. Choose the time level, the column dimension, the measure "
                    "and the slices (the panel appears when the notebook runs).",
                 zh="OLAP 切片器：共 {n:,} 笔交易。选择时间层级、列维度、度量和切片条件（运行笔记本后显示面板）。",
                 n=len(transactions)),
            lambda c: [[c["rows"], c["columns"], c["measure"]], [c["channel"], c["year"]]])

    def compute(self, **values) -> OlapView:
        return explore_olap(self.transactions, **values, **self.cols)

    def draw(self, result: OlapView):
        return plot_olap(result.table)

    def table(self, result: OlapView) -> pd.DataFrame:
        return result.table


def olap_explorer(transactions, *, rows="year", columns="channel", measure="sales", channel=ALL, year=ALL,
                  customer_col="customer_id", date_col="order_date", amount_col="amount") -> OlapExplorer:
    """The "try it" panel: dropdowns for the time level (roll-up / drill-down), the column dimension
    (pivot: ``channel`` or ``type``), the measure and the channel and year slices; the chart, table
    and summary of :func:`explore_olap` are redrawn on every change. The choice is checked before
    the panel is built."""
    if columns not in _PANEL_COLUMNS:
        raise ArgumentError(text(en="systems.olap_explorer: columns={v!r}; the panel offers {a}.",
                                 zh="systems.olap_explorer：columns={v!r}；面板只提供 {a}。",
                                 v=columns, a=", ".join(map(repr, _PANEL_COLUMNS))))
    cols = {"customer_col": customer_col, "date_col": date_col, "amount_col": amount_col}
    start = explore_olap(transactions, rows=rows, columns=columns, measure=measure, channel=channel, year=year,
                         **cols)
    return OlapExplorer(transactions, start, cols)
