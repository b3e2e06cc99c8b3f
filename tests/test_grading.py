"""crm_study.chapters.ch06_grading (chapter 06): service plan per level, care budget, RFM from a customer file,
segment actions, the diagrams and the weighted-grading "try it" panel."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import grading, segmentation, value
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

QUARTERS = (0.25, 0.25, 0.25)


def _five():
    """The chapter's hand-computed example (notes 1.3): customers A–E, weights 0.2 / 0.3 / 0.2 / 0.3."""
    return pd.DataFrame({"customer_id": list("ABCDE"), "credit_score": [90, 60, 80, 50, 70],
                         "spend_3y": [50.0, 30, 10, 20, 40], "prospects_score": [6, 10, 8, 2, 4],
                         "profit_3y": [8.0, 6, 2, 0, 10]})


def _file():
    return pd.DataFrame({"customer_id": [1, 2, 3, 4], "last_trip_date": ["2024-12-22", "2024-06-01", "2020-01-01",
                                                                          "2023-01-01"],
                         "trips_3y": [5, 1, 0, 2], "spend_3y": [5000.0, 800, 0, 1500]})


# ----------------------------------------------------------------------------- the worked example by hand

def test_weighted_score_of_the_chapter_example_is_the_hand_calculation():
    # min-max: credit [1, .25, .75, 0, .5], volume [1, .5, 0, .25, .75], prospects [.5, 1, .75, 0, .25],
    # profit [.8, .6, .2, 0, 1]; A = .2 + .3 + .1 + .24 = .84, D = .3 × .25 = .075, E = .1 + .225 + .05 + .3 = .675
    result = grading.explore(_five())
    assert result.graded["score"].tolist() == pytest.approx([84.0, 58.0, 36.0, 7.5, 67.5])
    by_threshold = segmentation.grade_customers(_five(), grading.DEFAULT_WEIGHTS, thresholds=(80, 60, 40))
    assert by_threshold["level_code"].tolist() == ["key", "ordinary", "small", "small", "major"]


def test_default_weights_add_up_to_one_and_name_the_dataset_columns():
    assert sum(grading.DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)
    assert set(grading.DEFAULT_WEIGHTS) == {c["column"] for c in grading.CRITERIA.values()}
    ta = crm_study.data.datasets.load("travel_agency")
    assert set(grading.DEFAULT_WEIGHTS) <= set(ta.columns)


def test_criteria_table_lists_the_five_course_criteria(lang):
    table = grading.criteria_table()
    assert len(table) == 5
    names = table.iloc[:, 0].tolist()
    if lang == "zh":
        assert names == ["信用状况", "业务量（客户价值）", "发展前景", "利润贡献率", "综合加权"]
    else:
        assert names[-1] == "weighted combination" and names[0] == "credit standing"


# ----------------------------------------------------------------------------- service plan and budget

def test_service_plan_has_one_row_per_level_in_the_active_language(lang):
    plan = grading.service_plan()
    assert plan.index.tolist() == [segmentation.PYRAMID_LEVELS[c][lang] for c in segmentation.PYRAMID_LEVELS]
    assert plan.shape == (4, 4)
    assert plan.notna().all().all()
    churn = plan.iloc[:, 3].tolist()
    # the course's attitude to churn: key every effort, ordinary try hard, small case by case
    words = ["极力挽回", "极力挽回", "尽量挽回", "见机行事"] if lang == "zh" else \
        ["every effort", "every effort", "try hard", "case by case"]
    assert all(w in c for w, c in zip(words, churn))


def test_service_plan_follows_an_explicit_language_argument():
    crm_study.set_language("en")
    assert grading.service_plan("zh").index[0] == "VIP 客户"


def test_budget_follows_the_value_of_each_level_hand_computed():
    # one customer per level from the top (scores A 84, E 67.5, B 58): A key (profit 8), E major (10),
    # B ordinary (6), C + D small (2 + 0); total 26, so 2,600 gives 100 per unit of profit
    graded = segmentation.grade_customers(_five(), grading.DEFAULT_WEIGHTS, shares=(0.2, 0.2, 0.2))
    graded["profit_3y"] = _five()["profit_3y"]
    out = grading.differentiated_service(graded, value_col="profit_3y", budget=2600)
    assert out["budget"].tolist() == pytest.approx([800.0, 1000.0, 600.0, 200.0])
    assert out["budget_per_customer"].tolist() == pytest.approx([800.0, 1000.0, 600.0, 100.0])
    assert out.index.tolist() == ["key", "major", "ordinary", "small"]


def test_loss_making_level_gets_no_budget_and_empty_level_gets_zero_per_customer():
    df = pd.DataFrame({"customer_id": [1, 2, 3], "s": [3.0, 2, 1], "profit": [90.0, 10, -50]})
    graded = segmentation.grade_customers(df, {"s": 1}, shares=(1 / 3, 0, 1 / 3))
    graded["profit"] = df["profit"]
    out = grading.differentiated_service(graded, value_col="profit", budget=100)
    assert out["budget"].tolist() == pytest.approx([90.0, 0.0, 10.0, 0.0])
    assert out.loc["major", "budget_per_customer"] == 0.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profits=st.lists(st.floats(-1000, 1000, allow_nan=False), min_size=4, max_size=30),
       budget=st.floats(1, 1e6))
def test_budget_is_spent_in_full_and_never_negative(profits, budget):
    df = pd.DataFrame({"customer_id": range(len(profits)), "profit": profits})
    graded = segmentation.grade_customers(df, {"profit": 1}, shares=QUARTERS)
    graded["profit"] = df["profit"]
    totals = graded.groupby("level_code")["profit"].sum()
    if (totals.clip(lower=0).sum()) <= 0:
        with pytest.raises(ArgumentError):
            grading.differentiated_service(graded, value_col="profit", budget=budget)
        return
    out = grading.differentiated_service(graded, value_col="profit", budget=budget)
    assert out["budget"].sum() == pytest.approx(budget)
    assert (out["budget"] >= 0).all()
    # graded by profit alone, a higher level never gets less per customer than a lower one
    per = out.loc[out["customers"] > 0, "budget_per_customer"]
    assert per.is_monotonic_decreasing or (per.diff().dropna() <= 1e-6 * budget).all()


@pytest.mark.parametrize("lang, words", [("en", "budget needs value_col"), ("zh", "还需要 value_col")])
def test_budget_without_value_column_is_refused(lang, words):
    crm_study.set_language(lang)
    graded = segmentation.grade_customers(_five(), grading.DEFAULT_WEIGHTS)
    with pytest.raises(ArgumentError, match=words) as info:
        grading.differentiated_service(graded, budget=100)
    assert "grading.differentiated_service" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "no level has a positive total"), ("zh", "没有任何级别")])
def test_budget_when_every_level_loses_money_is_refused(lang, words):
    crm_study.set_language(lang)
    df = pd.DataFrame({"customer_id": [1, 2], "s": [1.0, 2], "loss": [-5.0, -1]})
    graded = segmentation.grade_customers(df, {"s": 1})
    graded["loss"] = df["loss"]
    with pytest.raises(ArgumentError, match=words):
        grading.differentiated_service(graded, value_col="loss", budget=10)


def test_bad_budget_and_bad_table_raise_kit_errors(lang):
    graded = segmentation.grade_customers(_five(), grading.DEFAULT_WEIGHTS)
    graded["profit_3y"] = _five()["profit_3y"]
    with pytest.raises(ArgumentError, match="budget"):
        grading.differentiated_service(graded, value_col="profit_3y", budget=-1)
    with pytest.raises(InputTypeError, match="budget"):
        grading.differentiated_service(graded, value_col="profit_3y", budget="1000")
    with pytest.raises(InputTypeError, match="grading.differentiated_service"):
        grading.differentiated_service([1, 2], value_col="profit_3y")
    with pytest.raises(DataError, match="graded"):
        grading.differentiated_service(graded.iloc[:0])
    with pytest.raises(ColumnError, match="profit"):
        grading.differentiated_service(graded, value_col="profit")


# ----------------------------------------------------------------------------- RFM from a customer file

def test_rfm_from_customer_file_hand_computed():
    rfm = grading.rfm_from_customer_file(_file(), as_of="2025-01-01")
    assert rfm.index.tolist() == [1, 2, 4]
    assert rfm["recency"].tolist() == [10, 214, 731]      # 2024-12-22, 2024-06-01, 2023-01-01 to 2025-01-01
    assert rfm["frequency"].tolist() == [5, 1, 2]
    assert rfm["monetary"].tolist() == [5000.0, 800.0, 1500.0]
    assert rfm.attrs["dropped"] == [3]
    seg = value.rfm_segment(rfm)
    assert seg["r_high"].tolist() == [True, True, False]   # mean recency 318.3 days


def test_rfm_from_the_travel_agency_matches_a_transaction_style_table():
    ta = crm_study.data.datasets.load("travel_agency")
    rfm = grading.rfm_from_customer_file(ta, as_of=crm_study.AS_OF)
    assert len(rfm) + len(rfm.attrs["dropped"]) == len(ta)
    assert (rfm["frequency"] > 0).all() and (rfm["recency"] >= 0).all()
    assert rfm["monetary"].sum() == pytest.approx(ta["spend_3y"].sum())


@pytest.mark.parametrize("lang, words", [("en", "after as_of"), ("zh", "晚于 as_of")])
def test_last_purchase_after_as_of_is_named(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(DataError, match=words) as info:
        grading.rfm_from_customer_file(_file(), as_of="2024-12-01")
    assert "last_trip_date" in str(info.value) and "0" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "nobody bought"), ("zh", "没有任何客户购买")])
def test_no_purchases_at_all_is_named(lang, words):
    crm_study.set_language(lang)
    df = _file().assign(trips_3y=0)
    with pytest.raises(DataError, match=words):
        grading.rfm_from_customer_file(df, as_of="2025-01-01")


def test_rfm_from_customer_file_bad_inputs(lang):
    with pytest.raises(ColumnError, match="last_col"):
        grading.rfm_from_customer_file(_file().drop(columns="last_trip_date"), as_of="2025-01-01")
    with pytest.raises(ArgumentError, match="as_of"):
        grading.rfm_from_customer_file(_file(), as_of="not a date")
    with pytest.raises(DataError, match="last_trip_date"):
        grading.rfm_from_customer_file(_file().assign(last_trip_date=["x", "2024-01-01", "2024-01-01", "2024-01-01"]),
                                       as_of="2025-01-01")
    with pytest.raises(DataError, match="trips_3y"):
        grading.rfm_from_customer_file(_file().assign(trips_3y=[1, -1, 0, 2]), as_of="2025-01-01")
    with pytest.raises(DataError, match="spend_3y"):
        grading.rfm_from_customer_file(_file().assign(spend_3y=["1", "many", "0", "5"]), as_of="2025-01-01")
    with pytest.raises(DataError, match="customers"):
        grading.rfm_from_customer_file(_file().iloc[:0], as_of="2025-01-01")


def test_segment_actions_join_the_strategy_and_sort_by_size(lang):
    rfm = pd.DataFrame({"recency": [1, 2, 3, 300, 400], "frequency": [9, 8, 7, 1, 1],
                        "monetary": [900.0, 800, 700, 10, 20]})
    seg = value.rfm_segment(rfm)
    out = grading.segment_actions(seg)
    top, general = value.SEGMENTS["important_value"][lang], value.SEGMENTS["general_winback"][lang]
    assert out.index.tolist() == [top, general]
    assert out["count"].tolist() == [3, 2]
    assert out.loc[top, "strategy"] == value.SEGMENT_STRATEGIES["important_value"][lang]
    assert out["monetary_share"].sum() == pytest.approx(1.0)


# ----------------------------------------------------------------------------- diagrams

@pytest.mark.parametrize("draw, title", [(grading.plot_service_pyramid, {"en": "Customer pyramid and "
                                                                                "differentiated service",
                                                                         "zh": "客户金字塔与差异化服务"}),
                                         (grading.plot_account_manager, {"en": "The account-manager system",
                                                                         "zh": "客户经理制"})])
def test_diagrams_are_labelled_in_the_active_language(lang, draw, title):
    ax = draw()
    assert ax.get_title() == title[lang]
    labels = " ".join(t.get_text() for t in ax.texts)
    assert ("客户" in labels) == (lang == "zh")


def test_service_pyramid_shows_every_level_and_its_service(lang):
    ax = grading.plot_service_pyramid()
    labels = [t.get_text() for t in ax.texts]
    for code, level in segmentation.PYRAMID_LEVELS.items():
        assert any(lbl.startswith(level[lang]) for lbl in labels), level
        assert grading.SERVICE_LEVELS[code]["service"][lang] in labels
    assert len(ax.patches) >= 4


# ----------------------------------------------------------------------------- the "try it" panel

def test_explore_matches_a_direct_call_and_normalises_the_weights():
    ta = crm_study.data.datasets.load("travel_agency")
    got = grading.explore(ta, {"credit_score": 1, "spend_3y": 3, "prospects_score": 0, "profit_3y": 1},
                          method="rank")
    direct = segmentation.grade_customers(ta, {"credit_score": 1, "spend_3y": 3, "profit_3y": 1}, method="rank")
    pd.testing.assert_series_equal(got.graded["score"], direct["score"])
    assert got.settings["weights"] == pytest.approx({"credit_score": 0.2, "spend_3y": 0.6, "profit_3y": 0.2})
    assert "prospects_score" not in got.graded.columns
    assert got.summary["customers"].tolist() == [5, 20, 75, 400]


def test_explore_repr_is_deterministic_and_bilingual():
    crm_study.set_language("en")
    result = grading.explore(_five(), value_col="profit_3y")
    text = repr(result)
    assert text == repr(grading.explore(_five(), value_col="profit_3y"))
    assert text.startswith("Weights (min–max): credit standing 20% · business volume (value) 30%")
    assert "of profit_3y" in text
    crm_study.set_language("zh")
    zh = repr(grading.explore(_five(), value_col="profit_3y"))
    assert zh.startswith("权重（极差标准化）：信用状况 20%") and "（占三年利润的" in zh and "profit_3y" not in zh


@pytest.mark.parametrize("lang, words", [("en", "every weight is 0"), ("zh", "所有权重都是 0")])
def test_all_zero_weights_are_refused(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(ArgumentError, match=words):
        grading.explore(_five(), {"credit_score": 0, "spend_3y": 0})


def test_explore_bad_inputs(lang):
    with pytest.raises(InputTypeError, match="weights"):
        grading.explore(_five(), [0.2, 0.8])
    with pytest.raises(ArgumentError, match="weights"):
        grading.explore(_five(), {"credit_score": -0.1, "spend_3y": 1})
    with pytest.raises(ColumnError, match="credit"):
        grading.explore(_five(), {"credit": 1})
    with pytest.raises(ColumnError, match="value_col"):
        grading.explore(_five(), value_col="profit")
    with pytest.raises(ArgumentError, match="method"):
        grading.explore(_five(), method="zscore")


def test_panel_regrades_when_a_weight_slider_moves(lang):
    ta = crm_study.data.datasets.load("travel_agency")
    panel = grading.grading_explorer(ta)
    assert set(panel.controls) == set(grading.DEFAULT_WEIGHTS) | {"method"}
    before = panel.result.graded["score"].copy()
    panel.controls["profit_3y"].value = 1.0
    assert panel.result.settings["weights"]["profit_3y"] == pytest.approx(1 / 1.7)
    assert not panel.result.graded["score"].equals(before)
    kinds = [o["output_type"] for o in panel.output.outputs]
    assert kinds == ["display_data", "display_data", "stream"]
    assert panel.output.outputs[-1]["text"] == repr(panel.result) + "\n"
    assert repr(panel).startswith("Customer grading panel: 500" if lang == "en" else "客户分级面板：共 500")


def test_panel_shows_the_message_when_every_weight_is_zero():
    crm_study.set_language("en")
    panel = grading.grading_explorer(_five(), value_col="profit_3y")
    for col in grading.DEFAULT_WEIGHTS:
        panel.controls[col].value = 0.0
    assert panel.result is None
    assert "every weight is 0" in panel.output.outputs[0]["text"]


def test_explore_without_a_value_column_reports_headcounts_only():
    crm_study.set_language("en")
    result = grading.explore(_five(), value_col=None)
    assert "value_share" not in result.summary.columns
    assert result.summary["customers"].tolist() == [1, 0, 0, 4]   # ceil(5 × 1 %) = ceil(5 × 5 %) = ceil(5 × 20 %) = 1
    assert "of " not in repr(result).splitlines()[1]
