"""Customer satisfaction (客户满意): the two course formulas, a weighted satisfaction
index, SERVQUAL gaps, the Kano model, importance–performance analysis and NPS.

Two exam conventions exist for the satisfaction formula and the kit teaches both:

* ratio (seed 001): C = b / a, perceived performance b over expectation a;
  C < 1 dissatisfied (不满意), C = 1 satisfied (一般满意), C > 1 highly satisfied (高度满意);
* difference (seed 000, item 25): satisfaction = perceived − expected; < 0, = 0, > 0.

>>> satisfaction_ratio(6, 5)
1.2
>>> satisfaction_level(1.2, lang="en")
'highly satisfied'
"""
from __future__ import annotations

import unicodedata
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _validate
from ..errors import ArgumentError, ColumnError, DataError, InputTypeError
from ..i18n import pick, text

__all__ = [
    "SERVQUAL_DIMENSIONS", "KANO_CATEGORIES", "KANO_ANSWERS",
    "satisfaction_ratio", "satisfaction_difference", "satisfaction_level", "satisfaction_index",
    "servqual_gaps", "kano_category", "kano_table", "plot_kano",
    "importance_performance", "plot_ipa", "nps",
]

#: The five SERVQUAL dimensions (Parasuraman, Zeithaml & Berry 1988), key -> names.
SERVQUAL_DIMENSIONS = {
    "tangibles": {"en": "tangibles", "zh": "有形性"},
    "reliability": {"en": "reliability", "zh": "可靠性"},
    "responsiveness": {"en": "responsiveness", "zh": "响应性"},
    "assurance": {"en": "assurance", "zh": "保证性"},
    "empathy": {"en": "empathy", "zh": "移情性"},
}

#: Kano categories (code -> names).
KANO_CATEGORIES = {
    "A": {"en": "attractive", "zh": "魅力质量"},
    "O": {"en": "one-dimensional", "zh": "期望质量（一维）"},
    "M": {"en": "must-be", "zh": "必备质量（基本）"},
    "I": {"en": "indifferent", "zh": "无差异质量"},
    "R": {"en": "reverse", "zh": "反向质量"},
    "Q": {"en": "questionable", "zh": "可疑结果"},
}

_LEVELS = {
    "dissatisfied": {"en": "dissatisfied", "zh": "不满意"},
    "satisfied": {"en": "satisfied", "zh": "一般满意"},
    "highly": {"en": "highly satisfied", "zh": "高度满意"},
}

# The standard Kano evaluation table (Berger et al. 1993): rows = answer to the
# functional question, columns = answer to the dysfunctional question, both in the
# order like, must-be, neutral, live-with, dislike.
_KANO_TABLE = np.array([
    ["Q", "A", "A", "A", "O"],
    ["R", "I", "I", "I", "M"],
    ["R", "I", "I", "I", "M"],
    ["R", "I", "I", "I", "M"],
    ["R", "R", "R", "R", "Q"],
])
#: The five answers of a Kano question, in the order of the evaluation table.
KANO_ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")
_KANO_WORDS = {
    0: ("like", "like it", "i like it", "喜欢", "我喜欢", "很喜欢"),
    1: ("must-be", "must be", "expect it", "i expect it", "理所当然", "应该如此", "必须这样",
        "必须的", "本应如此", "应该的"),
    2: ("neutral", "i am neutral", "indifferent", "无所谓", "中立", "没感觉"),
    3: ("live-with", "live with", "i can live with it", "can live with it", "tolerate",
        "能忍受", "可以忍受", "勉强接受"),
    4: ("dislike", "dislike it", "i dislike it", "不喜欢", "讨厌", "我不喜欢", "很不喜欢"),
}


def _norm_word(word: str) -> str:
    s = unicodedata.normalize("NFKC", word).casefold().strip()
    return "".join(ch for ch in s if ch not in " -_'’")


_KANO_LOOKUP = {_norm_word(w): i for i, words in _KANO_WORDS.items() for w in words}
_KANO_PRIORITY = ("M", "O", "A", "I", "R")   # tie rule: the category with more impact wins


# ---------------------------------------------------------------- helpers
def _nonnegative(vals, *, name: str, where: str) -> None:
    neg = vals < 0
    if neg.any():
        raise DataError(text(
            en="{where}: {name} has {n} negative value(s) at position(s) {rows}; "
               "ratings and scores must be >= 0.",
            zh="{where}：参数 {name} 在第 {rows} 个位置有 {n} 个负值；评分必须 >= 0。",
            where=where, name=name, n=int(neg.sum()), rows=_validate.row_list(np.flatnonzero(neg), int(neg.sum()))))


def _scale(scale, *, where: str) -> tuple[float, float]:
    if not isinstance(scale, (tuple, list)) or len(scale) != 2:
        raise InputTypeError(text(en="{where}: scale must be a pair (lowest, highest), e.g. (1, 7); got {v!r}.",
                                  zh="{where}：参数 scale 应为 (最低分, 最高分)，例如 (1, 7)；实际为 {v!r}。",
                                  where=where, v=scale))
    lo = _validate.number(scale[0], name="scale[0]", where=where)
    hi = _validate.number(scale[1], name="scale[1]", where=where)
    if not lo < hi:
        raise ArgumentError(text(en="{where}: scale = {v!r} must have lowest < highest, e.g. (1, 7).",
                                 zh="{where}：scale = {v!r} 中最低分应小于最高分，例如 (1, 7)。",
                                 where=where, v=scale))
    return lo, hi


def _likert(df: pd.DataFrame, cols: Sequence[str], *, scale, where: str) -> pd.DataFrame:
    """Numeric copy of Likert columns, every value checked to lie on the scale."""
    lo, hi = scale
    out = {}
    for col in cols:
        vals = _validate.numbers_col(df[col], col=col, where=where, allow_negative=True)
        bad = (vals < lo) | (vals > hi)
        if bad.any():
            raise DataError(text(
                en="{where}: column {col!r} has {n} answer(s) outside the scale {lo:g}–{hi:g} at row(s) {rows} "
                   "(e.g. {v}). Fix the data entry, or pass the survey's scale=(lowest, highest).",
                zh="{where}：列 {col!r} 在第 {rows} 行有 {n} 个超出量表 {lo:g}–{hi:g} 的答案（例如 {v}）。"
                   "请更正录入错误，或传入问卷实际的 scale=(最低分, 最高分)。",
                where=where, col=col, n=int(bad.sum()), lo=lo, hi=hi, v=f"{vals[bad].iloc[0]:g}",
                rows=_validate.row_list(vals.index[bad], int(bad.sum()))))
        out[col] = vals
    return pd.DataFrame(out, index=df.index)


# ---------------------------------------------------------------- the formulas
def satisfaction_ratio(perceived, expected):
    """Satisfaction as a ratio, C = b / a (perceived b over expected a; seed 001).

    Works on numbers, lists, arrays and Series (Series in, Series out).
    Read the result with :func:`satisfaction_level`.

    >>> satisfaction_ratio(4, 5)
    0.8
    """
    where = "satisfaction_ratio"
    pb, pa = _validate.vector_pair(perceived, expected, names=("perceived", "expected"), where=where)
    _nonnegative(pb[0], name="perceived", where=where)
    zero = pa[0] <= 0
    if zero.any():
        raise DataError(text(
            en="{where}: expected must be > 0 (C = b / a divides by it); found {n} value(s) <= 0 at "
               "position(s) {rows}. Use satisfaction_difference for scales that include 0.",
            zh="{where}：参数 expected 必须 > 0（C = b / a 以它为除数）；在第 {rows} 个位置有 {n} 个 <= 0 的值。"
               "量表含 0 时请改用 satisfaction_difference。",
            where=where, n=int(zero.sum()), rows=_validate.row_list(np.flatnonzero(zero), int(zero.sum()))))
    return _validate.shaped_like(pb[0] / pa[0], [pb, pa], "ratio")


def satisfaction_difference(perceived, expected):
    """Satisfaction as a difference, perceived − expected (seed 000, item 25).

    < 0 dissatisfied, = 0 satisfied, > 0 highly satisfied. Numbers, lists, arrays or Series.

    >>> satisfaction_difference(4, 5)
    -1.0
    """
    where = "satisfaction_difference"
    pb, pa = _validate.vector_pair(perceived, expected, names=("perceived", "expected"), where=where)
    return _validate.shaped_like(pb[0] - pa[0], [pb, pa], "difference")


def satisfaction_level(score, *, convention: str = "ratio", band: float = 0.0, lang: str | None = None):
    """Name the satisfaction level of a ratio or a difference, in the active language.

    ratio: C < 1 − band dissatisfied, |C − 1| <= band satisfied, C > 1 + band highly satisfied;
    difference: the same around 0. ``band`` is the tolerance for "equals": survey means
    are rarely exactly 1 (or 0), e.g. ``band=0.05`` calls 0.97 "satisfied". The default 0
    is the textbook rule.

    >>> satisfaction_level([0.8, 1.0, 1.2], lang="zh").tolist()
    ['不满意', '一般满意', '高度满意']
    """
    where = "satisfaction_level"
    if convention not in ("ratio", "difference"):
        raise ArgumentError(text(en="{where}: convention must be 'ratio' (C = b/a) or 'difference' (b − a), got {v!r}.",
                                 zh="{where}：参数 convention 应为 'ratio'（C = b/a）或 'difference'（b − a），实际为 {v!r}。",
                                 where=where, v=convention))
    band = _validate.number(band, name="band", where=where, lo=0)
    part = _validate.vector(score, name="score", where=where)
    centre = 1.0 if convention == "ratio" else 0.0
    vals = part[0]
    names = np.select([vals < centre - band, vals > centre + band],
                      [pick(_LEVELS["dissatisfied"], lang), pick(_LEVELS["highly"], lang)],
                      default=pick(_LEVELS["satisfied"], lang)).astype(object)
    if part[1] == "scalar":
        return str(names[0])
    if part[1] == "series":
        return pd.Series(names, index=part[2], name="level")
    return names


def _weights(items: Sequence[str], weights, importance, df, *, scale, where: str) -> pd.Series:
    if weights is not None and importance is not None:
        raise ArgumentError(text(en="{where}: give weights or importance, not both.",
                                 zh="{where}：weights 与 importance 只能给出其中一个。", where=where))
    if weights is None and importance is None:
        return pd.Series(1.0 / len(items), index=list(items))
    source, arg = (weights, "weights") if weights is not None else (importance, "importance")
    if isinstance(source, Mapping):
        missing = [i for i in items if i not in source]
        if missing:
            raise ArgumentError(text(en="{where}: {arg} has no entry for item(s) {m}; give one per item.",
                                     zh="{where}：参数 {arg} 缺少题目 {m} 的取值；每个题目都要给出。",
                                     where=where, arg=arg, m=", ".join(map(repr, missing))))
        seq = [source[i] for i in items]
    elif isinstance(source, (list, tuple, np.ndarray, pd.Series)) and len(source) == len(items):
        seq = list(source)
    else:
        raise InputTypeError(text(
            en="{where}: {arg} must be a dict {{item: value}} or a list with one value per item ({n} items).",
            zh="{where}：参数 {arg} 应为 {{题目: 取值}} 字典，或与题目一一对应的列表（共 {n} 个题目）。",
            where=where, arg=arg, n=len(items)))
    if arg == "importance":
        _validate.columns(df, {f"importance[{i!r}]": c for i, c in zip(items, seq)}, where=where)
        means = _likert(df, list(dict.fromkeys(seq)), scale=scale, where=where).mean()
        seq = [means[c] for c in seq]  # several items may share one importance column
    w = pd.Series([_validate.number(v, name=f"{arg}[{i!r}]", where=where, lo=0) for i, v in zip(items, seq)],
                  index=list(items), dtype="float64")
    if w.sum() <= 0:
        raise ArgumentError(text(en="{where}: the {arg} add up to 0; give at least one positive weight.",
                                 zh="{where}：{arg} 之和为 0；至少要有一个正的权重。", where=where, arg=arg))
    return w / w.sum()


def satisfaction_index(survey: pd.DataFrame, items: Sequence[str], *, weights=None, importance=None,
                       scale=(1, 7), detail: bool = False):
    """ACSI-style satisfaction index on 0–100: Σ w_i · (mean_i − low) / (high − low) · 100.

    Weights are normalised to sum to 1: equal by default, ``weights`` as given
    (dict or list), or from ``importance`` — the importance-rating column of each item,
    whose mean rating becomes the item's weight. ``detail=True`` returns the per-item
    table (mean, score, weight, contribution; contributions add up to the index).

    >>> df = pd.DataFrame({"q1": [7, 5], "q2": [4, 4]})
    >>> satisfaction_index(df, ["q1", "q2"], weights={"q1": 3, "q2": 1})
    75.0
    """
    where = "satisfaction_index"
    _validate.frame(survey, where=where, arg="survey")
    if isinstance(items, str) or not isinstance(items, Sequence) or len(items) == 0:
        raise InputTypeError(text(en="{where}: items must be a non-empty list of column names, got {v!r}.",
                                  zh="{where}：参数 items 应为非空的列名列表，实际为 {v!r}。", where=where, v=items))
    repeated = sorted({str(i) for i in items if list(items).count(i) > 1})
    if repeated:
        raise ArgumentError(text(en="{where}: items lists {r} more than once; name each item once.",
                                 zh="{where}：items 中 {r} 出现了不止一次；每个题目只列一次。",
                                 where=where, r=", ".join(map(repr, repeated))))
    lo, hi = _scale(scale, where=where)
    _validate.columns(survey, {f"items[{i}]": c for i, c in enumerate(items)}, where=where)
    answers = _likert(survey, items, scale=(lo, hi), where=where)
    w = _weights(items, weights, importance, survey, scale=(lo, hi), where=where)
    table = pd.DataFrame({"mean": answers.mean()})
    table["score"] = (table["mean"] - lo) / (hi - lo) * 100
    table["weight"] = w
    table["contribution"] = table["score"] * table["weight"]
    table.index.name = "item"
    if detail:
        return table
    return float(table["contribution"].sum())


def _dimension_columns(survey: pd.DataFrame, dimensions, *, where: str) -> dict:
    if dimensions is None:
        out = {}
        for dim in SERVQUAL_DIMENSIONS:
            exp = [c for c in survey.columns if str(c).startswith(f"exp_{dim}")]
            perc = [c for c in survey.columns if str(c).startswith(f"perc_{dim}")]
            if not exp or not perc:
                raise ColumnError(text(
                    en="{where}: no columns named exp_{d}… and perc_{d}… for the dimension {d!r}. Pass "
                       "dimensions={{'{d}': (['<expectation columns>'], ['<perception columns>']), …}}.",
                    zh="{where}：找不到维度 {d!r} 的期望列 exp_{d}… 和感知列 perc_{d}…。请传入 "
                       "dimensions={{'{d}': (['<期望列>'], ['<感知列>']), …}}。",
                    where=where, d=dim))
            out[dim] = (exp, perc)
        return out
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise InputTypeError(text(
            en="{where}: dimensions must be a dict {{dimension: (expectation columns, perception columns)}}.",
            zh="{where}：参数 dimensions 应为字典 {{维度: (期望列, 感知列)}}。", where=where))
    out = {}
    for dim, pair in dimensions.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InputTypeError(text(
                en="{where}: dimensions[{d!r}] must be a pair (expectation columns, perception columns).",
                zh="{where}：dimensions[{d!r}] 应为 (期望列, 感知列) 二元组。", where=where, d=dim))
        exp, perc = ([p] if isinstance(p, str) else list(p) for p in pair)
        for col in exp + perc:
            _validate.columns(survey, {f"dimensions[{dim!r}]": col}, where=where)
        out[dim] = (exp, perc)
    return out


def servqual_gaps(survey: pd.DataFrame, *, dimensions=None, scale=(1, 7), per_respondent: bool = False):
    """SERVQUAL gap scores: gap = perception P − expectation E, per dimension.

    ``dimensions`` maps a dimension to (expectation columns, perception columns); by
    default the five SERVQUAL dimensions with columns ``exp_<dimension>…`` and
    ``perc_<dimension>…`` (as in the ``satisfaction_survey`` dataset). A negative gap
    means service fell short of expectations. ``per_respondent=True`` gives one row per
    respondent and one gap column per dimension instead.

    >>> df = pd.DataFrame({"e": [6, 7], "p": [5, 5]})
    >>> servqual_gaps(df, dimensions={"reliability": ("e", "p")})["gap"].tolist()
    [-1.5]
    """
    where = "servqual_gaps"
    _validate.frame(survey, where=where, arg="survey")
    lo_hi = _scale(scale, where=where)
    dims = _dimension_columns(survey, dimensions, where=where)
    gaps, rows = {}, []
    for dim, (exp, perc) in dims.items():
        e = _likert(survey, exp, scale=lo_hi, where=where).mean(axis=1)
        p = _likert(survey, perc, scale=lo_hi, where=where).mean(axis=1)
        gaps[dim] = p - e
        rows.append({"dimension": dim, "name": pick(SERVQUAL_DIMENSIONS.get(dim, dim)),
                     "expectation": e.mean(), "perception": p.mean(), "gap": (p - e).mean()})
    if per_respondent:
        return pd.DataFrame(gaps, index=survey.index)
    return pd.DataFrame(rows).set_index("dimension")


# ---------------------------------------------------------------- Kano
def _kano_codes(answers, *, name: str, where: str):
    """Answer words -> row/column index 0..4 of the evaluation table, with the input's kind."""
    if isinstance(answers, str):
        kind, index, raw = "scalar", None, pd.Series([answers], dtype=object)
    elif isinstance(answers, pd.Series):
        kind, index, raw = "series", answers.index, answers
    else:
        arr = np.asarray(answers, dtype=object)
        if arr.ndim != 1:
            raise InputTypeError(text(
                en="{where}: {name} must be an answer word or a one-dimensional list/array/Series of them.",
                zh="{where}：参数 {name} 应为一个答案词，或由答案词组成的一维列表/数组/Series。",
                where=where, name=name))
        kind, index, raw = "array", None, pd.Series(arr)
    raw = raw.reset_index(drop=True)
    uniques = pd.unique(raw)
    lookup = {u: _KANO_LOOKUP.get(_norm_word(u)) if isinstance(u, str) else None for u in uniques}
    codes = raw.map(lookup)
    bad = codes.isna()
    if bad.any():
        shown = ", ".join(repr(v) for v in pd.unique(raw[bad])[:3])
        raise DataError(text(
            en="{where}: {name} has {n} unknown answer(s), e.g. {vals} at position(s) {rows}. Accepted words: "
               "{words}, or 喜欢 / 理所当然 (应该如此, 必须这样) / 无所谓 (中立) / 能忍受 (可以忍受) / 不喜欢 (讨厌).",
            zh="{where}：{name} 有 {n} 个无法识别的答案，例如第 {rows} 个位置的 {vals}。可用的答案："
               "喜欢 / 理所当然（应该如此、必须这样）/ 无所谓（中立）/ 能忍受（可以忍受）/ 不喜欢（讨厌），"
               "或英文 {words}。",
            where=where, name=name, words=" / ".join(KANO_ANSWERS), n=int(bad.sum()), vals=shown,
            rows=_validate.row_list(raw.index[bad], int(bad.sum()))))
    return codes.astype("int64").to_numpy(), kind, index


def kano_category(functional, dysfunctional):
    """Kano category from the answers to the functional ("if the feature is there") and
    dysfunctional ("if it is not there") questions, by the standard 5 × 5 evaluation table.

    Returns "A" attractive, "O" one-dimensional, "M" must-be, "I" indifferent,
    "R" reverse or "Q" questionable. Answers: like / must-be / neutral / live-with /
    dislike or 喜欢 / 理所当然 / 无所谓 / 能忍受 / 不喜欢 (and common variants;
    case and full-width characters do not matter). Single words or lists/arrays/Series.

    >>> kano_category("like", "dislike"), kano_category("理所当然", "不喜欢")
    ('O', 'M')
    """
    where = "kano_category"
    f = _kano_codes(functional, name="functional", where=where)
    d = _kano_codes(dysfunctional, name="dysfunctional", where=where)
    if f[1] != "scalar" and d[1] != "scalar" and len(f[0]) != len(d[0]):
        raise ArgumentError(text(
            en="{where}: functional has {a} answers but dysfunctional has {b}; give one pair per respondent.",
            zh="{where}：functional 有 {a} 个答案而 dysfunctional 有 {b} 个；每位受访者应给出一对答案。",
            where=where, a=len(f[0]), b=len(d[0])))
    cats = _KANO_TABLE[f[0], d[0]]          # a single word broadcasts against a list
    if f[1] == "scalar" and d[1] == "scalar":
        return str(cats[0])
    for _, kind, index in (f, d):
        if kind == "series":
            return pd.Series(cats.astype(object), index=index, name="kano")
    return cats.astype(object)


def kano_table(survey: pd.DataFrame, features: Sequence[str] | Mapping | None = None, *,
               functional: str = "kano_{}_func", dysfunctional: str = "kano_{}_dysf") -> pd.DataFrame:
    """Classify every feature of a Kano survey: counts of A/O/M/I/R/Q, the category and
    the better/worse coefficients (Berger et al. 1993).

    better = (A + O) / (A + O + M + I), in [0, 1]; worse = −(O + M) / (A + O + M + I), in [−1, 0].
    category = the most frequent of A, O, M, I, R; ties go to the category with more
    impact, M > O > A > I > R (Matzler & Hinterhuber 1998); Q answers are counted but
    never chosen unless every answer is Q.

    ``features`` lists feature names whose columns follow the templates
    ``functional``/``dysfunctional`` (default ``kano_<feature>_func`` / ``kano_<feature>_dysf``),
    or maps feature -> (functional column, dysfunctional column); ``None`` finds every
    feature whose two columns follow the templates.
    """
    where = "kano_table"
    _validate.frame(survey, where=where, arg="survey")
    if features is None:
        prefix, suffix = functional.split("{}")
        names = [str(c)[len(prefix):len(str(c)) - len(suffix)] for c in survey.columns
                 if str(c).startswith(prefix) and str(c).endswith(suffix) and len(str(c)) > len(prefix) + len(suffix)]
        pairs = {n: (functional.format(n), dysfunctional.format(n)) for n in names
                 if dysfunctional.format(n) in survey.columns}
        if not pairs:
            raise ColumnError(text(
                en="{where}: no pair of columns like {f!r} / {d!r} found. Pass features=[...] or "
                   "features={{feature: (functional column, dysfunctional column)}}.",
                zh="{where}：找不到形如 {f!r} / {d!r} 的成对列。请传入 features=[...] 或 "
                   "features={{功能: (正向问题列, 反向问题列)}}。",
                where=where, f=functional.format("<feature>"), d=dysfunctional.format("<feature>")))
    elif isinstance(features, Mapping):
        pairs = {k: tuple(v) for k, v in features.items()}
    elif isinstance(features, Sequence) and not isinstance(features, str) and len(features) > 0:
        pairs = {n: (functional.format(n), dysfunctional.format(n)) for n in features}
    else:
        raise InputTypeError(text(en="{where}: features must be a list of feature names or a dict, got {v!r}.",
                                  zh="{where}：参数 features 应为功能名称列表或字典，实际为 {v!r}。",
                                  where=where, v=features))
    for feat, cols in pairs.items():
        for col in cols:
            _validate.columns(survey, {f"features[{feat!r}]": col}, where=where)
    order = list(KANO_CATEGORIES)
    rows = {}
    for feat, (fcol, dcol) in pairs.items():
        f = _kano_codes(survey[fcol], name=text(en="column {c!r}", zh="列 {c!r}", c=fcol), where=where)[0]
        d = _kano_codes(survey[dcol], name=text(en="column {c!r}", zh="列 {c!r}", c=dcol), where=where)[0]
        cats = pd.Series(_KANO_TABLE[f, d])
        rows[feat] = cats.value_counts().reindex(order, fill_value=0)
    counts = pd.DataFrame(rows).T.astype("int64")
    counts.index.name = "feature"
    counts["n"] = counts[order].sum(axis=1)
    ranked = counts[list(_KANO_PRIORITY)]
    best = ranked.idxmax(axis=1)              # idxmax keeps the first maximum: the priority order
    counts["category"] = best.where(ranked.max(axis=1) > 0, "Q")
    counts["category_name"] = counts["category"].map(lambda c: pick(KANO_CATEGORIES[c]))
    base = counts[["A", "O", "M", "I"]].sum(axis=1).replace(0, np.nan)
    counts["better"] = (counts["A"] + counts["O"]) / base
    counts["worse"] = -(counts["O"] + counts["M"]) / base
    return counts


def plot_kano(kano: pd.DataFrame, *, ax=None):
    """Better–worse diagram: |worse| on x, better on y, split at 0.5 into the four Kano quadrants."""
    where = "plot_kano"
    _validate.frame(kano, where=where, arg="kano")
    _validate.columns(kano, {"better": "better", "worse": "worse"}, where=where)
    from ..display.labels import label
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    x, y = kano["worse"].abs(), kano["better"]
    ax.scatter(x, y, s=60, color="#1f77b4", zorder=3)
    for name, xi, yi in zip(kano.index, x, y):
        ax.annotate(label(str(name)), (xi, yi), textcoords="offset points", xytext=(6, 4), fontsize=9)
    ax.axvline(0.5, color="grey", lw=0.8, ls="--")
    ax.axhline(0.5, color="grey", lw=0.8, ls="--")
    for code, (qx, qy) in {"A": (0.02, 0.97), "O": (0.98, 0.97), "I": (0.02, 0.03), "M": (0.98, 0.03)}.items():
        ax.text(qx, qy, pick(KANO_CATEGORIES[code]), transform=ax.transAxes, color="grey",
                ha="left" if qx < 0.5 else "right", va="top" if qy > 0.5 else "bottom")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(text(en="|worse| (dissatisfaction if absent)", zh="不满意系数的绝对值（缺失时的不满程度）"))
    ax.set_ylabel(text(en="better (satisfaction if present)", zh="满意系数（具备时的满意程度）"))
    ax.set_title(text(en="Kano better–worse diagram", zh="卡诺模型：满意系数与不满意系数"))
    return ax


# ---------------------------------------------------------------- IPA and NPS
_IPA = {
    "concentrate": {"en": "concentrate here", "zh": "重点改进区"},
    "keep_up": {"en": "keep up the good work", "zh": "继续保持区"},
    "low_priority": {"en": "low priority", "zh": "低优先区"},
    "overkill": {"en": "possible overkill", "zh": "过度投入区"},
}


def _attribute_series(x, *, name: str, where: str) -> pd.Series:
    if isinstance(x, Mapping):
        x = pd.Series(dict(x))
    if not isinstance(x, pd.Series):
        raise InputTypeError(text(
            en="{where}: {name} must be a Series or dict {{attribute: mean rating}}, got {t}.",
            zh="{where}：参数 {name} 应为 Series 或字典 {{属性: 平均评分}}，实际为 {t}。",
            where=where, name=name, t=type(x).__name__))
    if x.empty:
        raise DataError(text(en="{where}: {name} is empty; give one mean rating per attribute.",
                             zh="{where}：参数 {name} 为空；请为每个属性给出平均评分。", where=where, name=name))
    values, _, _ = _validate.vector(x, name=name, where=where)
    return pd.Series(values, index=x.index)


def importance_performance(importance, performance, *, thresholds="mean") -> pd.DataFrame:
    """Importance–performance analysis (Martilla & James 1977): a quadrant per attribute.

    An attribute is "high" on an axis when its value is >= the cut. ``thresholds`` is
    ``"mean"`` (the grand means, the usual choice), ``"median"`` or a pair
    (importance cut, performance cut), e.g. the scale midpoint (4, 4).
    high importance & low performance: concentrate here; high & high: keep up the good
    work; low & low: low priority; low importance & high performance: possible overkill.
    The cuts are kept in ``result.attrs`` for :func:`plot_ipa`.
    """
    where = "importance_performance"
    imp = _attribute_series(importance, name="importance", where=where)
    perf = _attribute_series(performance, name="performance", where=where)
    if set(imp.index) != set(perf.index) or len(imp) != len(perf):
        raise ArgumentError(text(
            en="{where}: importance and performance must name the same attributes; only in one of them: {d}.",
            zh="{where}：importance 与 performance 的属性应一一对应；只出现在其中一个里的有：{d}。",
            where=where, d=", ".join(map(repr, sorted(set(imp.index) ^ set(perf.index), key=str))) or "-"))
    perf = perf.reindex(imp.index)
    if isinstance(thresholds, str) and thresholds in ("mean", "median"):
        cut_i, cut_p = (imp.mean(), perf.mean()) if thresholds == "mean" else (imp.median(), perf.median())
    elif isinstance(thresholds, (tuple, list)) and len(thresholds) == 2:
        cut_i = _validate.number(thresholds[0], name="thresholds[0]", where=where)
        cut_p = _validate.number(thresholds[1], name="thresholds[1]", where=where)
    else:
        raise ArgumentError(text(
            en="{where}: thresholds must be 'mean', 'median' or a pair (importance cut, performance cut); got {v!r}.",
            zh="{where}：参数 thresholds 应为 'mean'、'median' 或 (重要性分界, 表现分界)；实际为 {v!r}。",
            where=where, v=thresholds))
    hi_i, hi_p = imp >= cut_i, perf >= cut_p
    code = np.select([hi_i & ~hi_p, hi_i & hi_p, ~hi_i & ~hi_p], ["concentrate", "keep_up", "low_priority"],
                     default="overkill")
    out = pd.DataFrame({"importance": imp, "performance": perf, "quadrant_code": code}, index=imp.index)
    out["quadrant"] = out["quadrant_code"].map(lambda c: pick(_IPA[c]))
    out.index.name = "attribute"
    out.attrs.update(importance_cut=float(cut_i), performance_cut=float(cut_p))
    return out


def plot_ipa(ipa: pd.DataFrame, *, ax=None):
    """Importance–performance matrix: performance on x, importance on y, the cuts as lines."""
    where = "plot_ipa"
    _validate.frame(ipa, where=where, arg="ipa")
    _validate.columns(ipa, {"importance": "importance", "performance": "performance"}, where=where)
    if "importance_cut" not in ipa.attrs or "performance_cut" not in ipa.attrs:
        raise DataError(text(en="{where}: ipa has no cuts; pass the table returned by importance_performance(...).",
                             zh="{where}：ipa 中没有分界值；请传入 importance_performance(...) 返回的表格。",
                             where=where))
    from ..display.labels import label
    from ..display.plotting import new_axes

    ax = new_axes(ax)
    ax.scatter(ipa["performance"], ipa["importance"], s=60, color="#d62728", zorder=3)
    for name, xi, yi in zip(ipa.index, ipa["performance"], ipa["importance"]):
        ax.annotate(label(str(name)), (xi, yi), textcoords="offset points", xytext=(6, 4), fontsize=9)
    ax.margins(0.3)                                   # room for the quadrant names in the corners
    ax.axvline(ipa.attrs["performance_cut"], color="grey", lw=0.8, ls="--")
    ax.axhline(ipa.attrs["importance_cut"], color="grey", lw=0.8, ls="--")
    for code, (qx, qy) in {"concentrate": (0.02, 0.97), "keep_up": (0.98, 0.97),
                           "low_priority": (0.02, 0.03), "overkill": (0.98, 0.03)}.items():
        ax.text(qx, qy, pick(_IPA[code]), transform=ax.transAxes, color="grey",
                ha="left" if qx < 0.5 else "right", va="top" if qy > 0.5 else "bottom")
    ax.set_xlabel(text(en="performance (mean rating)", zh="表现（平均评分）"))
    ax.set_ylabel(text(en="importance (mean rating)", zh="重要性（平均评分）"))
    ax.set_title(text(en="Importance–performance analysis", zh="重要性—表现分析（IPA）"))
    return ax


def nps(scores) -> pd.Series:
    """Net Promoter Score: % promoters (9–10) − % detractors (0–6), from −100 to 100.

    Answers to "how likely are you to recommend us?" on the 0–10 scale; passives are 7–8.
    Returns the score and the three shares (fractions of respondents) and n.

    >>> float(nps([10, 9, 8, 3])["nps"])
    25.0
    """
    where = "nps"
    vals, _, _ = _validate.vector(scores, name="scores", where=where)
    if len(vals) == 0:
        raise DataError(text(en="{where}: scores is empty; give at least one 0–10 answer.",
                             zh="{where}：参数 scores 为空；至少需要一个 0–10 的答案。", where=where))
    bad = (vals < 0) | (vals > 10) | (vals != np.round(vals))
    if bad.any():
        raise DataError(text(
            en="{where}: scores has {n} answer(s) that are not whole numbers from 0 to 10, at position(s) {rows} "
               "(e.g. {v:g}). The NPS question is answered on the 0–10 scale.",
            zh="{where}：参数 scores 在第 {rows} 个位置有 {n} 个不是 0–10 整数的答案（例如 {v:g}）。"
               "NPS 问题使用 0–10 分量表。",
            where=where, n=int(bad.sum()), v=vals[bad][0], rows=_validate.row_list(np.flatnonzero(bad), int(bad.sum()))))
    promoters = float(np.mean(vals >= 9))
    detractors = float(np.mean(vals <= 6))
    passives = float(np.mean((vals >= 7) & (vals <= 8)))
    return pd.Series({"nps": 100 * (promoters - detractors), "promoters": promoters, "passives": passives,
                      "detractors": detractors, "n": float(len(vals))})
