"""crm_study.analytics.satisfaction: both satisfaction conventions, the index, SERVQUAL, Kano, IPA and NPS."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import satisfaction as sat
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

# The standard Kano evaluation table, written out by hand: rows = functional answer,
# columns = dysfunctional answer, both in the order like, must-be, neutral, live-with, dislike.
KANO_GRID = """
like      Q A A A O
must-be   R I I I M
neutral   R I I I M
live-with R I I I M
dislike   R R R R Q
"""
ANSWERS = ["like", "must-be", "neutral", "live-with", "dislike"]
ZH = {"like": "喜欢", "must-be": "理所当然", "neutral": "无所谓", "live-with": "能忍受", "dislike": "不喜欢"}
CELLS = [(f, d, cat) for line in KANO_GRID.strip().splitlines()
         for f, cats in [line.split(maxsplit=1)] for d, cat in zip(ANSWERS, cats.split())]


def _msg(exc_info) -> str:
    return str(exc_info.value)


# ------------------------------------------------------------------ formulas
def test_ratio_is_perceived_over_expected_for_numbers_arrays_and_series():
    assert sat.satisfaction_ratio(4, 5) == pytest.approx(0.8)
    assert sat.satisfaction_ratio(6, 5) == pytest.approx(1.2)
    arr = sat.satisfaction_ratio([4, 5, 6], [5, 5, 5])
    assert isinstance(arr, np.ndarray) and arr.tolist() == pytest.approx([0.8, 1.0, 1.2])
    s = sat.satisfaction_ratio(pd.Series([3.5, 7.0], index=["a", "b"]), 7)
    assert isinstance(s, pd.Series) and s.index.tolist() == ["a", "b"]
    assert s.tolist() == pytest.approx([0.5, 1.0])


def test_difference_is_perceived_minus_expected():
    assert sat.satisfaction_difference(4, 5) == pytest.approx(-1.0)
    assert sat.satisfaction_difference(pd.Series([6.5, 5.0]), pd.Series([5.0, 5.0])).tolist() == [1.5, 0.0]


def test_levels_follow_the_course_bands_in_both_languages():
    assert sat.satisfaction_level([0.8, 1.0, 1.2], lang="zh").tolist() == ["不满意", "一般满意", "高度满意"]
    assert sat.satisfaction_level([-1, 0, 2], convention="difference", lang="en").tolist() == [
        "dissatisfied", "satisfied", "highly satisfied"]
    crm_study.set_language("en")
    assert sat.satisfaction_level(0.97) == "dissatisfied"
    assert sat.satisfaction_level(0.97, band=0.05) == "satisfied"
    assert sat.satisfaction_level(1.06, band=0.05) == "highly satisfied"
    lv = sat.satisfaction_level(pd.Series([0.5], index=[7]))
    assert lv.index.tolist() == [7] and lv.iloc[0] == "dissatisfied"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 700).map(lambda v: v / 100), st.integers(50, 700).map(lambda v: v / 100)),
                min_size=1, max_size=30))
def test_ratio_and_difference_agree_on_the_level(pairs):
    b = [p for p, _ in pairs]
    a = [e for _, e in pairs]
    by_ratio = sat.satisfaction_level(sat.satisfaction_ratio(b, a), lang="en")
    by_diff = sat.satisfaction_level(sat.satisfaction_difference(b, a), convention="difference", lang="en")
    # survey means (two decimals): b == a gives ratio 1 and difference 0 together; elsewhere the sign decides both
    assert by_ratio.tolist() == by_diff.tolist()


def test_formula_errors_name_the_argument(lang):
    with pytest.raises(DataError) as e:
        sat.satisfaction_ratio(4, 0)
    assert "satisfaction_ratio" in _msg(e) and "expected" in _msg(e)
    assert ("must be > 0" if lang == "en" else "必须 > 0") in _msg(e)
    with pytest.raises(DataError) as e:
        sat.satisfaction_ratio([-1, 2], 5)
    assert "perceived" in _msg(e) and ("negative" if lang == "en" else "负值") in _msg(e)
    with pytest.raises(InputTypeError) as e:
        sat.satisfaction_difference("high", 5)
    assert "perceived" in _msg(e) and ("must be a number" if lang == "en" else "应为数字") in _msg(e)
    with pytest.raises(DataError) as e:
        sat.satisfaction_difference([1, float("nan")], 5)
    assert ("non-numeric" if lang == "en" else "非数字") in _msg(e)
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_difference([1, 2, 3], [1, 2])
    assert "expected" in _msg(e) and "3" in _msg(e)
    with pytest.raises(InputTypeError) as e:
        sat.satisfaction_ratio(np.ones((2, 2)), 1)
    assert ("one-dimensional" if lang == "en" else "一维") in _msg(e)
    with pytest.raises(InputTypeError):
        sat.satisfaction_ratio(True, 1)
    with pytest.raises(InputTypeError) as e:
        sat.satisfaction_ratio([1, [2, 3]], 1)
    assert "perceived" in _msg(e)
    with pytest.raises(DataError) as e:
        sat.satisfaction_ratio(pd.Series([1.0, None], index=["a", "b"]), 1)
    assert "1" in _msg(e) and "'b'" not in _msg(e)      # positions, not labels
    with pytest.raises(InputTypeError):
        sat.satisfaction_ratio(pd.Series([True, False]), 1)
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_level(1.0, convention="gap")
    assert "convention" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_level(1.0, band=-0.1)
    assert "band" in _msg(e)


# ------------------------------------------------------------------ index
def test_index_is_weighted_mean_of_rescaled_item_means():
    df = pd.DataFrame({"q1": [7, 5], "q2": [4, 4], "i1": [6, 6], "i2": [2, 2]})
    # q1 mean 6 -> (6-1)/6*100 = 83.33; q2 mean 4 -> 50
    assert sat.satisfaction_index(df, ["q1", "q2"]) == pytest.approx((83.3333 + 50) / 2, abs=1e-3)
    assert sat.satisfaction_index(df, ["q1", "q2"], weights={"q1": 3, "q2": 1}) == pytest.approx(75.0)
    assert sat.satisfaction_index(df, ["q1", "q2"], weights=[0.75, 0.25]) == pytest.approx(75.0)
    # importance means 6 and 2 -> weights 0.75, 0.25
    assert sat.satisfaction_index(df, ["q1", "q2"], importance={"q1": "i1", "q2": "i2"}) == pytest.approx(75.0)
    detail = sat.satisfaction_index(df, ["q1", "q2"], importance=["i1", "i2"], detail=True)
    assert detail.loc["q2", "score"] == pytest.approx(50.0)
    assert detail["weight"].tolist() == pytest.approx([0.75, 0.25])
    assert detail["contribution"].sum() == pytest.approx(75.0)
    five = pd.DataFrame({"q": [1, 5]})
    assert sat.satisfaction_index(five, ["q"], scale=(1, 5)) == pytest.approx(50.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=1, max_size=25),
       st.floats(0.01, 10), st.floats(0.01, 10))
def test_index_stays_between_0_and_100(rows, w1, w2):
    df = pd.DataFrame(rows, columns=["a", "b"])
    value = sat.satisfaction_index(df, ["a", "b"], weights={"a": w1, "b": w2})
    assert -1e-9 <= value <= 100 + 1e-9


def test_index_errors(lang):
    df = pd.DataFrame({"q1": [7, 9], "q2": [4, 4]})
    with pytest.raises(DataError) as e:
        sat.satisfaction_index(df, ["q1", "q2"])
    m = _msg(e)
    assert "satisfaction_index" in m and "'q1'" in m and "1–7" in m
    assert ("outside the scale" if lang == "en" else "超出量表") in m
    ok = pd.DataFrame({"q1": [7, 5], "q2": [4, 4]})
    with pytest.raises(ColumnError) as e:
        sat.satisfaction_index(ok, ["q1", "q3"])
    assert "'q3'" in _msg(e)
    with pytest.raises(InputTypeError):
        sat.satisfaction_index([[1, 2]], ["q1"])
    with pytest.raises(DataError):
        sat.satisfaction_index(ok.iloc[0:0], ["q1"])
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_index(ok, ["q1", "q2", "q1"])
    assert "'q1'" in _msg(e) and ("more than once" if lang == "en" else "不止一次") in _msg(e)
    with pytest.raises(InputTypeError) as e:
        sat.satisfaction_index(ok, "q1")
    assert "items" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_index(ok, ["q1"], weights={"q1": 1}, importance={"q1": "q2"})
    assert "weights" in _msg(e) and "importance" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_index(ok, ["q1", "q2"], weights={"q1": 1})
    assert "'q2'" in _msg(e)
    with pytest.raises(InputTypeError):
        sat.satisfaction_index(ok, ["q1", "q2"], weights=[1])
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_index(ok, ["q1", "q2"], weights=[0, 0])
    assert ("add up to 0" if lang == "en" else "之和为 0") in _msg(e)
    with pytest.raises(ArgumentError):
        sat.satisfaction_index(ok, ["q1"], weights=[-1])
    with pytest.raises(ArgumentError) as e:
        sat.satisfaction_index(ok, ["q1"], scale=(7, 1))
    assert "scale" in _msg(e)
    with pytest.raises(InputTypeError):
        sat.satisfaction_index(ok, ["q1"], scale=7)
    with pytest.raises(ColumnError):
        sat.satisfaction_index(ok, ["q1"], importance={"q1": "imp_q1"})


# ------------------------------------------------------------------ SERVQUAL
def test_servqual_gap_is_perception_minus_expectation():
    df = pd.DataFrame({"e1": [6, 5], "e2": [7, 5], "p1": [5, 6], "p2": [5, 4]})
    out = sat.servqual_gaps(df, dimensions={"reliability": (["e1", "e2"], ["p1", "p2"])})
    row = out.loc["reliability"]
    assert row["expectation"] == pytest.approx(5.75)
    assert row["perception"] == pytest.approx(5.0)
    assert row["gap"] == pytest.approx(-0.75)
    per = sat.servqual_gaps(df, dimensions={"reliability": (["e1", "e2"], ["p1", "p2"])}, per_respondent=True)
    assert per["reliability"].tolist() == pytest.approx([-1.5, 0.0])
    single = sat.servqual_gaps(df, dimensions={"r": ("e2", "p2")})   # E = 6, P = 4.5
    assert single.loc["r", "gap"] == pytest.approx(-1.5)


def test_servqual_default_dimensions_on_the_survey(lang):
    survey = crm_study.data.datasets.load("satisfaction_survey")
    out = sat.servqual_gaps(survey)
    assert out.index.tolist() == list(sat.SERVQUAL_DIMENSIONS)
    assert out["gap"].idxmin() == "responsiveness"
    assert out.loc["responsiveness", "name"] == ("responsiveness" if lang == "en" else "响应性")
    per = sat.servqual_gaps(survey, per_respondent=True)
    assert per.shape == (len(survey), 5)
    assert per.mean().to_numpy() == pytest.approx(out["gap"].to_numpy())


def test_servqual_errors(lang):
    df = pd.DataFrame({"e1": [6, 5], "p1": [5, 8]})
    with pytest.raises(ColumnError) as e:
        sat.servqual_gaps(df)
    assert "tangibles" in _msg(e) and "dimensions" in _msg(e)
    with pytest.raises(DataError) as e:
        sat.servqual_gaps(df, dimensions={"r": ("e1", "p1")})
    assert "'p1'" in _msg(e) and ("outside the scale" if lang == "en" else "超出量表") in _msg(e)
    with pytest.raises(InputTypeError):
        sat.servqual_gaps(df, dimensions=["e1", "p1"])
    with pytest.raises(InputTypeError) as e:
        sat.servqual_gaps(df, dimensions={"r": "e1"})
    assert "dimensions['r']" in _msg(e)
    for pair in (("e1", "p9"), ("e9", "p1"), (["e1", "e9"], "p1")):
        with pytest.raises(ColumnError) as e:
            sat.servqual_gaps(df, dimensions={"r": pair})
        assert "9'" in _msg(e)


# ------------------------------------------------------------------ Kano
@pytest.mark.parametrize("functional,dysfunctional,expected", CELLS)
def test_kano_every_cell_of_the_evaluation_table(functional, dysfunctional, expected):
    assert sat.kano_category(functional, dysfunctional) == expected
    assert sat.kano_category(ZH[functional], ZH[dysfunctional]) == expected


def test_kano_table_has_25_cells_covering_all_six_categories():
    assert len(CELLS) == 25
    assert {c for _, _, c in CELLS} == set("AOMIRQ")


@pytest.mark.parametrize("word,same_as", [
    ("应该如此", "must-be"), ("必须这样", "must-be"), ("中立", "neutral"), ("可以忍受", "live-with"),
    ("讨厌", "dislike"), ("ＬＩＫＥ", "like"), ("Must Be", "must-be"), (" live_with ", "live-with"),
    ("I can live with it", "live-with"), ("Dislike", "dislike"), ("理所当然", "must-be"),
])
def test_kano_accepts_variants_case_and_full_width(word, same_as):
    assert sat.kano_category(word, "dislike") == sat.kano_category(same_as, "dislike")
    assert sat.kano_category("like", word) == sat.kano_category("like", same_as)


def test_kano_vectorised_keeps_the_shape():
    f = pd.Series(["like", "must-be", "like"], index=[10, 11, 12])
    d = pd.Series(["dislike", "dislike", "neutral"], index=[10, 11, 12])
    out = sat.kano_category(f, d)
    assert isinstance(out, pd.Series) and out.index.tolist() == [10, 11, 12]
    assert out.tolist() == ["O", "M", "A"]
    assert sat.kano_category(["like", "dislike"], "dislike").tolist() == ["O", "Q"]


def test_kano_errors_name_the_argument_and_the_accepted_words(lang):
    with pytest.raises(DataError) as e:
        sat.kano_category("like", "love it")
    m = _msg(e)
    assert "kano_category" in m and "dysfunctional" in m and "'love it'" in m
    assert "must-be" in m and "理所当然" in m
    assert ("Accepted words" if lang == "en" else "可用的答案") in m
    with pytest.raises(DataError) as e:
        sat.kano_category(["like", None], ["dislike", "dislike"])
    assert "functional" in _msg(e)
    with pytest.raises(ArgumentError):
        sat.kano_category(["like", "like"], ["dislike", "dislike", "like"])
    with pytest.raises(InputTypeError):
        sat.kano_category(np.array([["like"]]), "like")


def _kano_survey():
    # feature x: A, A, O, M, I, Q  -> A2 O1 M1 I1 Q1
    # feature y: M, O (tie, M wins); feature z: Q only
    return pd.DataFrame({
        "kano_x_func": ["like", "like", "like", "must-be", "neutral", "like"],
        "kano_x_dysf": ["neutral", "live-with", "dislike", "dislike", "neutral", "like"],
        "kano_y_func": ["like", "neutral", "like", "neutral", "like", "must-be"],
        "kano_y_dysf": ["dislike", "dislike", "dislike", "dislike", "must-be", "neutral"],
        "kano_z_func": ["like"] * 6,
        "kano_z_dysf": ["like"] * 6,
    })


def test_kano_table_counts_category_and_coefficients(lang):
    out = sat.kano_table(_kano_survey())
    x = out.loc["x"]
    assert [x[c] for c in "AOMIRQ"] == [2, 1, 1, 1, 0, 1]
    assert x["n"] == 6 and x["category"] == "A"
    assert x["better"] == pytest.approx(3 / 5)          # (A + O) / (A + O + M + I)
    assert x["worse"] == pytest.approx(-2 / 5)          # -(O + M) / (A + O + M + I)
    assert x["category_name"] == ("attractive" if lang == "en" else "魅力质量")
    y = out.loc["y"]
    assert (y["O"], y["M"]) == (2, 2) and y["category"] == "M"   # tie rule M > O > A > I > R
    z = out.loc["z"]
    assert z["category"] == "Q" and np.isnan(z["better"])
    same = sat.kano_table(_kano_survey(), ["x"])
    assert same.index.tolist() == ["x"]
    mapped = sat.kano_table(_kano_survey(), {"feature x": ("kano_x_func", "kano_x_dysf")})
    assert mapped.loc["feature x", "better"] == pytest.approx(0.6)


def test_kano_table_on_the_survey_shows_a_o_m_i():
    survey = crm_study.data.datasets.load("satisfaction_survey")
    out = sat.kano_table(survey)
    assert out["category"].to_dict() == {"wifi": "M", "breakfast": "O", "robot_delivery": "A",
                                          "late_checkout": "A", "newspaper": "I"}
    assert (out["n"] == len(survey)).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ANSWERS), st.sampled_from(ANSWERS)), min_size=1, max_size=40))
def test_kano_better_in_0_1_and_worse_in_minus1_0(pairs):
    df = pd.DataFrame(pairs, columns=["kano_f_func", "kano_f_dysf"])
    row = sat.kano_table(df).loc["f"]
    assert row[list("AOMIRQ")].sum() == len(pairs)
    if not np.isnan(row["better"]):
        assert 0 <= row["better"] <= 1 and -1 <= row["worse"] <= 0
    assert row["category"] in set("AOMIRQ")


def test_kano_table_errors(lang):
    with pytest.raises(ColumnError) as e:
        sat.kano_table(pd.DataFrame({"a": [1]}))
    assert "kano_<feature>_func" in _msg(e)
    with pytest.raises(ColumnError) as e:
        sat.kano_table(_kano_survey(), ["w"])
    assert "'kano_w_func'" in _msg(e)
    with pytest.raises(InputTypeError):
        sat.kano_table(_kano_survey(), "x")
    bad = _kano_survey()
    bad.loc[2, "kano_x_dysf"] = "hate"
    with pytest.raises(DataError) as e:
        sat.kano_table(bad)
    assert "'kano_x_dysf'" in _msg(e) and ("column" if lang == "en" else "列") in _msg(e)


def test_plot_kano_labels_follow_the_language(lang):
    ax = sat.plot_kano(sat.kano_table(_kano_survey().drop(columns=["kano_z_func", "kano_z_dysf"])))
    assert ax.get_title() == ("Kano better–worse diagram" if lang == "en" else "卡诺模型：满意系数与不满意系数")
    assert [t.get_text() for t in ax.texts if t.get_text() in ("x", "y")] == ["x", "y"]
    with pytest.raises(ColumnError):
        sat.plot_kano(pd.DataFrame({"better": [0.5]}))


# ------------------------------------------------------------------ IPA
def test_importance_performance_quadrants(lang):
    imp = {"a": 6, "b": 5, "c": 3, "d": 4}          # mean 4.5
    perf = pd.Series({"a": 3, "b": 6, "c": 3, "d": 6})   # mean 4.5
    out = sat.importance_performance(imp, perf)
    assert out["quadrant_code"].to_dict() == {"a": "concentrate", "b": "keep_up", "c": "low_priority",
                                              "d": "overkill"}
    assert out.loc["a", "quadrant"] == ("concentrate here" if lang == "en" else "重点改进区")
    assert out.attrs == {"importance_cut": 4.5, "performance_cut": 4.5}
    fixed = sat.importance_performance(imp, perf, thresholds=(5, 6))   # ">= cut" is high
    assert fixed["quadrant_code"].to_dict() == {"a": "concentrate", "b": "keep_up", "c": "low_priority",
                                                "d": "overkill"}
    med = sat.importance_performance(imp, perf, thresholds="median")
    assert med.attrs["importance_cut"] == 4.5 and med.attrs["performance_cut"] == 4.5


def test_importance_performance_errors_and_plot(lang):
    with pytest.raises(ArgumentError) as e:
        sat.importance_performance({"a": 1, "b": 2}, {"a": 1, "c": 2})
    assert "'b'" in _msg(e) and "'c'" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        sat.importance_performance({"a": 1}, {"a": 1}, thresholds="mode")
    assert "thresholds" in _msg(e)
    with pytest.raises(InputTypeError) as e:
        sat.importance_performance([1, 2], [1, 2])
    assert "importance" in _msg(e)
    with pytest.raises(DataError):
        sat.importance_performance({}, {})
    with pytest.raises(InputTypeError) as e:                  # text is not a rating, as for a single value
        sat.importance_performance({"a": "high"}, {"a": 1})
    assert "importance[0]" in _msg(e) and "'high'" in _msg(e)
    out = sat.importance_performance({"a": 6, "b": 2}, {"a": 3, "b": 5})
    ax = sat.plot_ipa(out)
    assert ax.get_xlabel() == ("performance (mean rating)" if lang == "en" else "表现（平均评分）")
    with pytest.raises(DataError) as e:
        sat.plot_ipa(pd.DataFrame({"importance": [1.0], "performance": [2.0]}))
    assert "importance_performance" in _msg(e)


# ------------------------------------------------------------------ NPS
def test_nps_hand_computed():
    out = sat.nps([10, 9, 8, 7, 6, 0])
    assert out["promoters"] == pytest.approx(2 / 6) and out["passives"] == pytest.approx(2 / 6)
    assert out["detractors"] == pytest.approx(2 / 6) and out["nps"] == pytest.approx(0.0)
    assert sat.nps(pd.Series([10, 10, 9, 3]))["nps"] == pytest.approx(50.0)
    assert sat.nps(np.array([6.0, 6.0]))["nps"] == pytest.approx(-100.0)
    assert sat.nps(9)["n"] == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_nps_in_range_and_shares_add_up(scores):
    out = sat.nps(scores)
    assert -100 <= out["nps"] <= 100
    assert out[["promoters", "passives", "detractors"]].sum() == pytest.approx(1.0)
    assert all(0 <= out[k] <= 1 for k in ("promoters", "passives", "detractors"))


def test_nps_errors(lang):
    with pytest.raises(DataError) as e:
        sat.nps([10, 11])
    m = _msg(e)
    assert "nps" in m and "scores" in m and "11" in m and ("0–10" in m)
    with pytest.raises(DataError):
        sat.nps([7.5])
    with pytest.raises(DataError) as e:
        sat.nps([])
    assert ("empty" if lang == "en" else "为空") in _msg(e)


def test_index_items_may_share_one_importance_column():
    import pandas as pd

    from crm_study.analytics.satisfaction import satisfaction_index

    survey = pd.DataFrame({"p1": [7, 5], "p2": [3, 3], "q1": [1, 1], "imp_a": [6, 6], "imp_b": [2, 2]})
    # weights 6, 6, 2 -> 3/7, 3/7, 1/7 on item means 6, 3, 1 (scale 1..7 -> 0..100)
    expected = 100 * (3 / 7 * 5 / 6 + 3 / 7 * 2 / 6 + 1 / 7 * 0)
    got = satisfaction_index(survey, ["p1", "p2", "q1"], importance={"p1": "imp_a", "p2": "imp_a", "q1": "imp_b"})
    assert got == pytest.approx(expected)
