"""Sales funnel (销售漏斗): users per stage from an event log, step and overall conversion,
the bottleneck, and a funnel chart.

Conventions
-----------
* A user **reaches** a stage if the log holds at least one event of that stage for them
  (repeat events count once). With ``strict=True`` (default) a user counts at a stage only if
  they also reached **every earlier stage**, so counts never increase down the funnel and every
  conversion is at most 1. With ``strict=False`` each stage is counted on its own (a user who
  adds to the cart from a list page without opening the product page still counts at "cart"),
  and a conversion can then exceed 1.
* **Step conversion** = users at this stage / users at the previous stage; **overall
  conversion** = users at this stage / users at the first stage; **drop-off rate** =
  1 − step conversion (the share lost at this step). The first stage has no step.

>>> ev = pd.DataFrame({"user_id": [1, 1, 2], "stage": ["visit", "product_page", "visit"]})
>>> funnel_table(ev, stages=["visit", "product_page"])["step_conversion"].tolist()
[nan, 0.5]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text

__all__ = ["DEFAULT_STAGES", "STAGE_LABELS", "stage_label", "funnel_table", "bottleneck", "plot_funnel"]

#: The e-commerce purchase funnel of the seed-003 case, in order.
DEFAULT_STAGES = ("visit", "product_page", "cart", "checkout", "purchase")

#: Display names of the default stages in both languages.
STAGE_LABELS = {
    "visit": {"en": "Visit site", "zh": "访问网站"},
    "product_page": {"en": "View product page", "zh": "查看商品详情"},
    "cart": {"en": "Add to cart", "zh": "加入购物车"},
    "checkout": {"en": "Checkout", "zh": "结算"},
    "purchase": {"en": "Purchase", "zh": "完成购买"},
}

_TABLE_COLUMNS = ("stage", "label", "users", "lost", "step_conversion", "overall_conversion", "drop_off_rate")


def stage_label(stage, lang: str | None = None) -> str:
    """Name of a stage in the active (or given) language; unknown stages are shown as they are."""
    return str(pick(STAGE_LABELS.get(stage, stage), lang))


def _check_stages(stages, where: str) -> list:
    if isinstance(stages, (str, bytes)) or not hasattr(stages, "__iter__"):
        raise InputTypeError(text(
            en="{where}: stages must be a list of stage names in funnel order, got {v!r}.",
            zh="{where}：参数 stages 应为按漏斗顺序排列的阶段名称列表，实际为 {v!r}。", where=where, v=stages))
    out = list(stages)
    if len(out) < 2 or len(set(out)) != len(out):
        raise ArgumentError(text(
            en="{where}: stages must name at least 2 different stages in funnel order, got {v!r}.",
            zh="{where}：参数 stages 至少应包含 2 个互不相同的阶段，并按漏斗顺序排列，实际为 {v!r}。",
            where=where, v=out))
    return out


def funnel_table(events, *, user_col="user_id", stage_col="stage", stages=DEFAULT_STAGES,
                 segment_col=None, strict=True) -> pd.DataFrame:
    """Users reaching each funnel stage, with step and overall conversion.

    step conversion_i = users_i / users_(i−1); overall conversion_i = users_i / users_0;
    drop-off rate_i = 1 − step conversion_i; ``lost`` = users_(i−1) − users_i.
    ``strict=True`` counts a user at a stage only if they reached every earlier stage too.
    With ``segment_col`` (e.g. ``"user_type"``: new / returning) one funnel per segment is
    returned, the segment as the first column; each user must belong to one segment.
    Events of stages not listed in ``stages`` are ignored, and so (with ``segment_col``) are
    users whose segment is missing.

    Returns one row per (segment,) stage: ``stage``, ``label`` (active language), ``users``,
    ``lost``, ``step_conversion``, ``overall_conversion``, ``drop_off_rate``.
    """
    where = "funnel_table"
    df = _validate.frame(events, where=where, arg="events")
    stage_list = _check_stages(stages, where)
    cols = {"user_col": user_col, "stage_col": stage_col}
    if segment_col is not None:
        cols["segment_col"] = segment_col
    _validate.columns(df, cols, where=where)
    if not isinstance(strict, (bool, np.bool_)):
        raise InputTypeError(text(en="{where}: strict must be True or False, got {v!r}.",
                                  zh="{where}：参数 strict 应为 True 或 False，实际为 {v!r}。",
                                  where=where, v=strict))
    missing_user = df[user_col].isna().to_numpy()
    if missing_user.any():
        raise DataError(text(
            en="{where}: column {col!r} is empty at row(s) {rows}; every event needs a user. Drop those rows.",
            zh="{where}：列 {col!r} 在第 {rows} 行为空；每条事件都需要用户编号。请删除这些行。",
            where=where, col=user_col, rows=_validate.row_list(df.index[missing_user], int(missing_user.sum()))))
    present = set(df[stage_col].dropna().unique())
    absent = [s for s in stage_list if s not in present]
    if absent:
        raise DataError(text(
            en="{where}: no event of stage(s) {miss} in column {col!r}. Stages found: {found}. "
               "Pass stages=[...] with the names your log uses, in funnel order.",
            zh="{where}：列 {col!r} 中没有阶段 {miss} 的事件。实际出现的阶段：{found}。"
               "请用 stages=[...] 按漏斗顺序传入日志中使用的阶段名称。",
            where=where, col=stage_col, miss=", ".join(map(repr, absent)),
            found=", ".join(map(repr, sorted(map(str, present)))) or "-"))

    if segment_col is not None:
        seg = df[[user_col, segment_col]].dropna().drop_duplicates()
        torn = seg[user_col].duplicated(keep=False)
        if torn.any():
            raise DataError(text(
                en="{where}: user(s) {ids} belong to more than one {col!r} value; a user must be in one "
                   "segment. Fix the log or derive one segment per user first.",
                zh="{where}：用户 {ids} 在列 {col!r} 中对应多个取值；每个用户只能属于一个分组。"
                   "请修正日志，或先为每个用户确定唯一的分组。",
                where=where, col=segment_col,
                ids=", ".join(map(repr, seg.loc[torn, user_col].unique()[:3].tolist()))))
        segment = seg.set_index(user_col)[segment_col]
    hits = df.loc[df[stage_col].isin(stage_list), [user_col, stage_col]].drop_duplicates()
    reached = (pd.crosstab(hits[user_col], hits[stage_col])
               .reindex(columns=stage_list, fill_value=0).clip(upper=1))
    if strict:
        reached = reached.cummin(axis=1)
    if segment_col is None:
        counts = reached.sum().to_frame().T
    else:
        counts = reached.groupby(segment.reindex(reached.index).to_numpy(), dropna=True).sum()
    long = pd.DataFrame({"stage": np.tile(np.asarray(stage_list, dtype=object), len(counts)),
                         "users": counts.to_numpy().ravel()})
    keys = [segment_col] if segment_col is not None else []
    if keys:
        long.insert(0, segment_col, np.repeat(counts.index.to_numpy(), len(stage_list)))
    groups = long.groupby(long[segment_col] if keys else np.zeros(len(long)), sort=False)["users"]
    prev = groups.shift()
    first = groups.transform("first")
    long["users"] = long["users"].astype("int64")
    long["label"] = long["stage"].map(stage_label)
    long["lost"] = (prev - long["users"]).fillna(0).astype("int64")
    long["step_conversion"] = long["users"] / prev.where(prev > 0)
    long["overall_conversion"] = long["users"] / first.where(first > 0)
    long["drop_off_rate"] = 1.0 - long["step_conversion"]
    return long[keys + list(_TABLE_COLUMNS)]


def _segment_columns(table: pd.DataFrame, where: str) -> list:
    df = _validate.frame(table, where=where, arg="table")
    _validate.columns(df, {c: c for c in ("stage", "users", "step_conversion", "overall_conversion")},
                      where=where)
    return [c for c in df.columns if c not in _TABLE_COLUMNS]


def bottleneck(table) -> pd.DataFrame:
    """The transition with the lowest step conversion (per segment if the table has one).

    Returns ``from_stage``, ``to_stage``, their labels, ``step_conversion`` and ``drop_off_rate``.

    Ties go to the earlier transition.

    >>> ev = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3], "stage": ["visit", "product_page", "cart",
    ...                                                          "visit", "product_page", "visit"]})
    >>> bottleneck(funnel_table(ev, stages=["visit", "product_page", "cart"]))["to_stage"].tolist()
    ['cart']
    """
    where = "bottleneck"
    keys = _segment_columns(table, where)
    df = table.copy()
    df["from_stage"] = df.groupby(keys, sort=False)["stage"].shift() if keys else df["stage"].shift()
    steps = df[df["step_conversion"].notna()]
    if steps.empty:
        raise DataError(text(
            en="{where}: the table has no step conversion to compare (a funnel needs two stages with users "
               "at the earlier one). Build it with funnel_table(...).",
            zh="{where}：表中没有可比较的环节转化率（漏斗至少需要两个阶段，且前一阶段有用户）。"
               "请用 funnel_table(...) 生成该表。", where=where))
    idx = steps.groupby(keys, sort=False)["step_conversion"].idxmin() if keys else [steps["step_conversion"].idxmin()]
    out = steps.loc[list(idx), keys + ["from_stage", "stage", "step_conversion", "drop_off_rate"]]
    out = out.rename(columns={"stage": "to_stage"}).reset_index(drop=True)
    out.insert(len(keys) + 2, "from_label", out["from_stage"].map(stage_label))
    out.insert(len(keys) + 3, "to_label", out["to_stage"].map(stage_label))
    return out


def plot_funnel(table, *, ax=None):
    """Horizontal funnel chart of a :func:`funnel_table`; returns the ``Axes``.

    Without segments: centred bars as wide as the users at each stage, labelled with the users,
    the overall and the step conversion. With a segment column: grouped bars of the overall
    conversion per stage, one colour per segment, so segments of different size compare.
    """
    where = "plot_funnel"
    keys = _segment_columns(table, where)
    from ..display.labels import label
    from ..display.plotting import new_axes

    own_figure = ax is None
    ax = new_axes(ax)
    if not keys:
        stages = table["stage"].tolist()
        y = np.arange(len(stages))[::-1]
        width = table["users"].to_numpy(dtype="float64")
        ax.barh(y, width, left=-width / 2, color=[f"C{i}" for i in range(len(stages))], height=0.8)
        for yi, users, overall, step in zip(y, table["users"], table["overall_conversion"],
                                            table["step_conversion"]):
            step_text = "" if pd.isna(step) else text(en=" | step {s:.1%}", zh=" | 环节 {s:.1%}", s=step)
            ax.text(0, yi, f"{int(users):,} ({overall:.1%}){step_text}", ha="center", va="center", fontsize=9)
        ax.set_yticks(y, [stage_label(s) for s in stages])
        ax.set_xticks([])
        ax.set_xlabel(text(en="Users (overall conversion | step conversion)",
                           zh="用户数（总体转化率 | 环节转化率）"))
    else:
        data = table.pivot_table(index="stage", columns=keys, values="overall_conversion", sort=False)
        stages = data.index.tolist()
        y = np.arange(len(stages))[::-1]
        h = 0.8 / data.shape[1]
        for j, seg in enumerate(data.columns):
            pos = y + 0.4 - h * (j + 0.5)
            names = seg if isinstance(seg, tuple) else (seg,)
            ax.barh(pos, data[seg].to_numpy(), height=h, label=", ".join(label(str(s)) for s in names), color=f"C{j}")
            for p, v in zip(pos, data[seg].to_numpy()):
                ax.text(v, p, f" {v:.1%}", va="center", fontsize=8)
        ax.set_yticks(y, [stage_label(s) for s in stages])
        ax.set_xlim(0, 1.15)
        ax.set_xlabel(text(en="Overall conversion (share of first stage)", zh="总体转化率（占第一阶段的比例）"))
        ax.legend(title=", ".join(label(str(k)) for k in keys))
    ax.set_title(text(en="Sales funnel", zh="销售漏斗"))
    if own_figure:  # long stage names need room on the left
        ax.figure.tight_layout()
    return ax
