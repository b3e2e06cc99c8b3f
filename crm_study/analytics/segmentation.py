"""Customer grading (客户分级) and the customer pyramid (客户金字塔).

The course grades customers on several criteria — credit standing (信用状况), business
volume (业务量), prospects (发展前景), profit contribution (利润贡献) — combined by
weights (综合加权), then sorts them into a pyramid: VIP customers at the top,
then major, ordinary and small customers. The default cut is the classic pyramid
by headcount: top 1 % VIP, next 4 % major, next 15 % ordinary, remaining 80 % small;
key customers (关键客户) = VIP + major, the top 5 %.

>>> df = pd.DataFrame({"customer_id": [1, 2, 3], "credit": [90, 50, 10], "volume": [9, 5, 1]})
>>> grade_customers(df, {"credit": 1, "volume": 1}, shares=(1/3, 1/3, 1/3))["level_code"].tolist()
['key', 'major', 'ordinary']
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, DataError, InputTypeError
from ..i18n import pick, text

__all__ = ["PYRAMID_LEVELS", "DEFAULT_SHARES", "grade_customers", "pyramid_summary", "plot_pyramid"]

#: Pyramid levels from the top: code -> names.
PYRAMID_LEVELS = {
    "key": {"en": "VIP customers", "zh": "VIP 客户"},
    "major": {"en": "major customers", "zh": "主要客户"},
    "ordinary": {"en": "ordinary customers", "zh": "普通客户"},
    "small": {"en": "small customers", "zh": "小客户"},
}
#: Headcount shares of VIP, major and ordinary customers; the rest are small customers.
DEFAULT_SHARES = (0.01, 0.04, 0.15)
_CODES = list(PYRAMID_LEVELS)


def _normalise(values: pd.Series, method: str) -> pd.Series:
    if method == "rank":
        return values.rank(method="average", pct=True)
    spread = values.max() - values.min()
    if spread == 0:
        return pd.Series(0.5, index=values.index)
    return (values - values.min()) / spread


def _check_criteria(df: pd.DataFrame, criteria, lower_is_better, *, where: str) -> pd.Series:
    if not isinstance(criteria, Mapping) or not criteria:
        raise InputTypeError(text(
            en="{where}: criteria must be a dict {{column: weight}}, e.g. {{'credit': 0.2, 'volume': 0.3}}; got {v!r}.",
            zh="{where}：参数 criteria 应为字典 {{列名: 权重}}，例如 {{'credit': 0.2, 'volume': 0.3}}；实际为 {v!r}。",
            where=where, v=criteria))
    _validate.columns(df, {f"criteria[{c!r}]": c for c in criteria}, where=where)
    weights = pd.Series({c: _validate.number(w, name=f"criteria[{c!r}]", where=where, lo=0, lo_open=True)
                         for c, w in criteria.items()}, dtype="float64")
    if isinstance(lower_is_better, str) or not isinstance(lower_is_better, Sequence):
        raise InputTypeError(text(en="{where}: lower_is_better must be a list of criteria columns, got {v!r}.",
                                  zh="{where}：参数 lower_is_better 应为评价指标列名的列表，实际为 {v!r}。",
                                  where=where, v=lower_is_better))
    unknown = [c for c in lower_is_better if c not in criteria]
    if unknown:
        raise ArgumentError(text(
            en="{where}: lower_is_better names {u}, which are not in criteria; list only weighted criteria.",
            zh="{where}：lower_is_better 中的 {u} 不在 criteria 里；只能列出参与加权的指标。",
            where=where, u=", ".join(map(repr, unknown))))
    return weights / weights.sum()


def _levels_by_share(score: pd.Series, shares, *, where: str) -> np.ndarray:
    if not isinstance(shares, (tuple, list)) or len(shares) != 3:
        raise InputTypeError(text(
            en="{where}: shares must be three headcount shares (VIP, major, ordinary), e.g. (0.01, 0.04, 0.15).",
            zh="{where}：参数 shares 应为三个人数占比（VIP、主要、普通），例如 (0.01, 0.04, 0.15)。", where=where))
    vals = [_validate.number(s, name=f"shares[{i}]", where=where, lo=0, hi=1) for i, s in enumerate(shares)]
    if sum(vals) > 1 + 1e-12:
        raise ArgumentError(text(en="{where}: shares add up to {t:g} > 1; the three shares must leave room for "
                                    "small customers (sum <= 1).",
                                 zh="{where}：shares 之和为 {t:g} > 1；三个占比之和应 <= 1，其余为小客户。",
                                 where=where, t=sum(vals)))
    n = len(score)
    limits = np.ceil(np.cumsum(vals) * n - 1e-9)      # customers in the top 1, 2, 3 levels
    position = score.rank(method="min", ascending=False).to_numpy()   # ties share the better level
    return np.select([position <= limits[0], position <= limits[1], position <= limits[2]], _CODES[:3],
                     default="small")


def _levels_by_threshold(score: pd.Series, thresholds, *, where: str) -> np.ndarray:
    if not isinstance(thresholds, (tuple, list)) or len(thresholds) != 3:
        raise InputTypeError(text(
            en="{where}: thresholds must be three scores (VIP, major, ordinary) from high to low, e.g. (85, 70, 50).",
            zh="{where}：参数 thresholds 应为从高到低的三个分数（VIP、主要、普通），例如 (85, 70, 50)。",
            where=where))
    t = [_validate.number(v, name=f"thresholds[{i}]", where=where, lo=0, hi=100) for i, v in enumerate(thresholds)]
    if not t[0] > t[1] > t[2]:
        raise ArgumentError(text(en="{where}: thresholds = {v!r} must decrease (VIP > major > ordinary).",
                                 zh="{where}：thresholds = {v!r} 应从高到低排列（VIP > 主要 > 普通）。",
                                 where=where, v=tuple(thresholds)))
    s = score.to_numpy()
    return np.select([s >= t[0], s >= t[1], s >= t[2]], _CODES[:3], default="small")


def grade_customers(df: pd.DataFrame, criteria: Mapping[str, float], *, id_col: str = "customer_id",
                    method: str = "minmax", shares=DEFAULT_SHARES, thresholds=None,
                    lower_is_better: Sequence[str] = ()) -> pd.DataFrame:
    """Weighted multi-criteria score and pyramid level of every customer.

    score = 100 · Σ w_k · norm(x_k), weights normalised to sum to 1. ``method="minmax"``
    rescales each criterion to (x − min) / (max − min) (a constant column gives 0.5);
    ``method="rank"`` uses the percentile rank instead (robust to outliers such as one
    huge account). Criteria in ``lower_is_better`` (e.g. days overdue) are reversed.
    Levels: by headcount ``shares`` of key / major / ordinary customers from the top
    (default 1 % / 4 % / 15 %, the rest small; tied scores share the better level), or
    by score ``thresholds`` (key, major, ordinary) when given.

    Returns ``id_col``, the criteria, ``score``, ``level_code`` (key/major/ordinary/small)
    and ``level`` (name in the active language), in the input's row order.
    """
    where = "grade_customers"
    _validate.frame(df, where=where)
    _validate.columns(df, {"id_col": id_col}, where=where)
    weights = _check_criteria(df, criteria, lower_is_better, where=where)
    if method not in ("minmax", "rank"):
        raise ArgumentError(text(en="{where}: method must be 'minmax' or 'rank', got {v!r}.",
                                 zh="{where}：参数 method 应为 'minmax' 或 'rank'，实际为 {v!r}。",
                                 where=where, v=method))
    dup = df[id_col].duplicated()
    if dup.any():
        raise DataError(text(
            en="{where}: column {col!r} has {n} repeated id(s) at row(s) {rows}; grade one row per customer "
               "(aggregate the data per customer first).",
            zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个重复的客户编号；每位客户只能占一行"
               "（请先按客户汇总）。",
            where=where, col=id_col, n=int(dup.sum()), rows=_validate.row_list(df.index[dup], int(dup.sum()))))
    out = pd.DataFrame({id_col: df[id_col]}, index=df.index)
    score = pd.Series(0.0, index=df.index)
    for col, w in weights.items():
        values = _validate.numbers_col(df[col], col=col, where=where, allow_negative=True)
        out[col] = values
        norm = _normalise(-values if col in lower_is_better else values, method)
        score += w * norm
    out["score"] = 100 * score
    if thresholds is not None:
        codes = _levels_by_threshold(out["score"], thresholds, where=where)
    else:
        codes = _levels_by_share(out["score"], shares, where=where)
    out["level_code"] = codes
    out["level"] = out["level_code"].map({c: pick(PYRAMID_LEVELS[c]) for c in _CODES})
    return out


def pyramid_summary(graded: pd.DataFrame, *, value_col: str | None = None) -> pd.DataFrame:
    """Per pyramid level, top first: customers, share of customers, mean and lowest score;
    with ``value_col`` (e.g. profit) also the level's total value and share of the total.

    The classic pattern to look for: a few key customers hold a large share of the value.
    """
    where = "pyramid_summary"
    _validate.frame(graded, where=where, arg="graded")
    cols = {"level_code": "level_code", "score": "score"}
    if value_col is not None:
        cols["value_col"] = value_col
    _validate.columns(graded, cols, where=where)
    g = graded.groupby("level_code")
    out = pd.DataFrame({"customers": g.size(), "mean_score": g["score"].mean(), "min_score": g["score"].min()})
    out = out.reindex(_CODES)
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out.insert(0, "level", [pick(PYRAMID_LEVELS[c]) for c in _CODES])
    out.insert(2, "customer_share", out["customers"] / out["customers"].sum())
    if value_col is not None:
        values = _validate.numbers_col(graded[value_col], col=value_col, where=where, allow_negative=True)
        total = values.groupby(graded["level_code"]).sum().reindex(_CODES, fill_value=0.0)
        out["value"] = total
        out["value_share"] = total / values.sum() if values.sum() != 0 else np.nan
    out.index.name = "level_code"
    return out


def plot_pyramid(graded: pd.DataFrame, *, value_col: str | None = None, ax=None):
    """The customer pyramid: four bands of equal height from VIP customers (apex) to small
    customers (base), each labelled with its name, headcount and share (and value share
    when ``value_col`` is given)."""
    summary = pyramid_summary(graded, value_col=value_col)
    from matplotlib.patches import Polygon

    from ..display.labels import label
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    colours = ["#8c2d04", "#d94801", "#fd8d3c", "#fdd0a2"]
    n = len(summary)
    for i, (code, row) in enumerate(summary.iterrows()):
        top, bottom = 1 - i / n, 1 - (i + 1) / n
        half_top, half_bottom = 0.5 * (1 - top), 0.5 * (1 - bottom)
        ax.add_patch(Polygon([(0.5 - half_bottom, bottom), (0.5 + half_bottom, bottom),
                              (0.5 + half_top, top), (0.5 - half_top, top)],
                             closed=True, facecolor=colours[i], edgecolor="white", lw=2))
        note = text(en="{name}: {n} ({s:.0%} of customers)", zh="{name}：{n} 人（占客户 {s:.0%}）",
                    name=row["level"], n=int(row["customers"]), s=row["customer_share"])
        if value_col is not None:
            note += text(en=", {v:.0%} of {col}", zh="，占 {col} 的 {v:.0%}", v=row["value_share"], col=label(value_col))
        ax.text(0.5 + 0.5 * (1 - (top + bottom) / 2) + 0.04, (top + bottom) / 2, note, va="center", fontsize=9)
    ax.set_xlim(0, 1.9)
    ax.set_ylim(0, 1.02)
    ax.set_axis_off()
    ax.set_title(text(en="Customer pyramid", zh="客户金字塔"))
    return ax
