"""Chapter 01 (CRM overview): the goals in numbers, the diagrams, the "try it" panel, the
question bank and the notebook source.

The projection is checked against hand calculation and, for all inputs, against the
period-by-period recursion it is the closed form of; the bank's keys are checked against the
grader and, for the case calculations, against :func:`crm_study.chapters.ch01_overview.project_goals`.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import glossary, overview, quiz
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch01_crm_overview.yaml"


# ----------------------------------------------------------------------------- project_goals by hand

def test_projection_matches_the_notebook_hand_calculation():
    out = overview.project_goals(1200, new_per_year=200, retention=0.8, spend=500, deepen=0.1, years=2)
    assert out.index.tolist() == [1, 2] and out.index.name == "year"
    assert out["retained"].tolist() == pytest.approx([960, 928])
    assert out["customers"].tolist() == pytest.approx([1160, 1128])
    assert out["spend_per_customer"].tolist() == pytest.approx([500, 550])
    assert out["revenue"].tolist() == pytest.approx([580_000, 620_400])
    assert out["cumulative_revenue"].tolist() == pytest.approx([580_000, 1_200_400])
    lower = overview.project_goals(1200, new_per_year=200, retention=0.7, years=2)["customers"]
    assert lower.iloc[-1] == pytest.approx(1200 * 0.7**2 + 200 * 1.7) == pytest.approx(928)


def test_exercise_four_gym_members_after_three_years():
    # 500 → 400 → 340 → 304, tending to 100 / (1 − 0.6) = 250
    out = overview.project_goals(500, new_per_year=100, retention=0.6, years=3)
    assert out["customers"].tolist() == pytest.approx([400, 340, 304])
    far = overview.project_goals(500, new_per_year=100, retention=0.6, years=60)
    assert far["customers"].iloc[-1] == pytest.approx(250)


def test_full_retention_adds_the_new_customers_each_year():
    out = overview.project_goals(100, new_per_year=10, retention=1.0, years=3)
    assert out["customers"].tolist() == pytest.approx([110, 120, 130])


@settings(max_examples=80, deadline=None)
@given(c0=st.floats(0, 1e5), new=st.floats(0, 1e4), r=st.floats(0, 1), spend=st.floats(0, 1e4),
       g=st.floats(-0.5, 0.5), years=st.integers(1, 30))
def test_closed_form_equals_the_year_by_year_recursion(c0, new, r, spend, g, years):
    out = overview.project_goals(c0, new_per_year=new, retention=r, spend=spend, deepen=g, years=years)
    c, expected = c0, []
    for t in range(1, years + 1):
        c = r * c + new
        expected.append(c * spend * (1 + g) ** (t - 1))
    assert out["revenue"].to_numpy() == pytest.approx(np.array(expected), rel=1e-9, abs=1e-6)
    assert out["cumulative_revenue"].iloc[-1] == pytest.approx(sum(expected), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(new=st.floats(1, 1000), r=st.floats(0, 0.99), years=st.integers(1, 40))
def test_a_base_at_its_steady_state_stays_there(new, r, years):
    """With c₀ = n / (1 − r) the customers lost each year equal the new ones."""
    steady = new / (1 - r)
    out = overview.project_goals(steady, new_per_year=new, retention=r, years=years)
    assert out["customers"].to_numpy() == pytest.approx(np.full(years, steady), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(new=st.floats(0, 500), r=st.floats(0.05, 0.9), g=st.floats(0, 0.2), step=st.floats(0.01, 0.09))
def test_every_lever_raises_total_revenue(new, r, g, step):
    """More new customers, higher retention and faster spend growth each raise cumulative revenue."""
    base = overview.project_goals(1000, new_per_year=new, retention=r, deepen=g)["cumulative_revenue"].iloc[-1]
    for kw in ({"new_per_year": new + 50, "retention": r, "deepen": g},
               {"new_per_year": new, "retention": r + step, "deepen": g},
               {"new_per_year": new, "retention": r, "deepen": g + step}):
        assert overview.project_goals(1000, **kw)["cumulative_revenue"].iloc[-1] > base


# ----------------------------------------------------------------------------- explore_goals

def test_comparison_gain_is_scenario_minus_baseline():
    comp = overview.explore_goals(retention=0.8)
    base = overview.project_goals(1000, new_per_year=200, retention=0.7)
    scen = overview.project_goals(1000, new_per_year=200, retention=0.8)
    assert comp.table["baseline_revenue"].tolist() == pytest.approx(base["revenue"].tolist())
    assert comp.table["gain"].tolist() == pytest.approx((scen["revenue"] - base["revenue"]).tolist())
    assert comp.table["gain"].tolist()[:2] == pytest.approx([10_000, 17_000])
    worse = overview.explore_goals(baseline={"retention": 0.8})   # the default scenario keeps only 70 %
    assert worse.table["gain"].tolist() == pytest.approx((-comp.table["gain"]).tolist())
    assert overview.explore_goals(retention=0.8, baseline={"retention": 0.8}).table["gain"].abs().max() == 0


def test_lever_comparison_quoted_in_the_notebook():
    gains = {years: {name: round(overview.explore_goals(**kw, years=years).table["gain"].sum())
                     for name, kw in {"more": {"new_per_year": 250}, "longer": {"retention": 0.75},
                                      "deeper": {"deepen": 0.05}}.items()} for years in (5, 10)}
    assert gains == {5: {"more": 50980, "longer": 47723, "deeper": 39500},
                     10: {"more": 128876, "longer": 114374, "deeper": 180278}}


def test_comparison_repr_is_deterministic_in_both_languages():
    comp = overview.explore_goals(retention=0.8, deepen=0.05)
    crm_study.set_language("en")
    en = repr(comp)
    assert en == repr(overview.explore_goals(retention=0.8, deepen=0.05))
    assert "retention 80% (longer)" in en and "Year 5: 1,000 customers (baseline 723)" in en
    assert "552,563 against 398,039 (+154,524)" in en
    crm_study.set_language("zh")
    zh = repr(comp)
    assert "保持率 80%（更久）" in zh and "5 年累计收入：552,563，基准为 398,039（+154,524）" in zh


# ----------------------------------------------------------------------------- goal_metrics

def _log():
    return pd.DataFrame({
        "customer_id": ["a", "b", "a", "c", "a", "b", "d"],
        "order_date": ["2023-03-01", "2023-05-01", "2023-06-01", "2024-01-02", "2024-02-03", "2024-02-10",
                       "2024-03-01"],
        "amount": [100.0, 50.0, 30.0, 40.0, 60.0, -20.0, 10.0],
    })


def test_goal_metrics_by_hand():
    out = overview.goal_metrics(_log())
    assert out.index.tolist() == [2023, 2024]
    # 2023: a, b active (both new); 2024: a, c, d buy (b only refunds) → c, d new, a retained
    assert out["active"].tolist() == [2, 3]
    assert out["new"].tolist() == [2, 2]
    assert out["retained"].tolist() == [0, 1]
    assert math.isnan(out.loc[2023, "retention_rate"]) and out.loc[2024, "retention_rate"] == pytest.approx(0.5)
    assert out["purchases_per_customer"].tolist() == pytest.approx([3 / 2, 3 / 3])
    assert out["revenue"].tolist() == pytest.approx([180, 90])          # the refund of 20 nets off in 2024
    assert out["spend_per_customer"].tolist() == pytest.approx([90, 30])


def test_goal_metrics_fills_a_year_without_purchases():
    log = pd.DataFrame({"customer_id": ["a", "a"], "order_date": ["2021-01-01", "2023-01-01"], "amount": [5, 7]})
    out = overview.goal_metrics(log)
    assert out.index.tolist() == [2021, 2022, 2023]
    assert out["active"].tolist() == [1, 0, 1] and out["retained"].tolist() == [0, 0, 0]
    assert math.isnan(out.loc[2023, "retention_rate"])  # nobody was active in 2022
    assert math.isnan(out.loc[2022, "spend_per_customer"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(2020, 2024), st.floats(0.01, 500)),
                min_size=1, max_size=40))
def test_goal_metrics_accounting_identities(rows):
    log = pd.DataFrame(rows, columns=["customer_id", "year", "amount"])
    log["order_date"] = log["year"].astype(str) + "-06-30"
    out = overview.goal_metrics(log)
    assert out["new"].sum() == log["customer_id"].nunique()
    assert (out["retained"] <= out["active"]).all() and (out["new"] <= out["active"]).all()
    assert (out["retained"] + out["new"] <= out["active"]).all()
    assert out["revenue"].sum() == pytest.approx(log["amount"].sum())


def test_goal_metrics_on_the_shop_matches_the_notebook():
    out = overview.goal_metrics(crm_study.data.datasets.load("retail_transactions"))
    assert out["active"].tolist() == [1832, 2124]
    assert out.loc[2024, "new"] == 1168 and out.loc[2024, "retained"] == 956
    assert round(out.loc[2024, "retention_rate"], 2) == 0.52
    assert round(out.loc[2024, "new"] / out.loc[2024, "active"], 2) == 0.55


# ----------------------------------------------------------------------------- bad input, both languages

@pytest.mark.parametrize("lang, words", [("en", "must be a pandas DataFrame"), ("zh", "应为 pandas DataFrame")])
def test_goal_metrics_rejects_a_non_frame(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(InputTypeError, match=words) as info:
        overview.goal_metrics([1, 2, 3])
    assert "overview.goal_metrics" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "column 'amount' not found"), ("zh", "找不到列 'amount'")])
def test_goal_metrics_names_a_missing_column(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(ColumnError, match=words) as info:
        overview.goal_metrics(_log().rename(columns={"amount": "Amount"}))
    assert "overview.goal_metrics" in str(info.value) and "'Amount'" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "is empty"), ("zh", "为空")])
def test_goal_metrics_rejects_an_empty_log(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(DataError, match=words):
        overview.goal_metrics(_log().iloc[0:0])


@pytest.mark.parametrize("lang, words", [("en", "unreadable date"), ("zh", "无法识别的日期")])
def test_goal_metrics_names_the_row_of_a_bad_date(lang, words):
    crm_study.set_language(lang)
    log = _log()
    log.loc[4, "order_date"] = "someday"
    with pytest.raises(DataError, match=words) as info:
        overview.goal_metrics(log)
    assert "'someday'" in str(info.value) and "4" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "non-numeric"), ("zh", "非数字")])
def test_goal_metrics_names_the_row_of_a_bad_amount(lang, words):
    crm_study.set_language(lang)
    log = _log().astype({"amount": object})
    log.loc[2, "amount"] = "thirty"
    with pytest.raises(DataError, match=words) as info:
        overview.goal_metrics(log)
    assert "'amount'" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "no positive amount"), ("zh", "没有正数金额")])
def test_goal_metrics_needs_at_least_one_purchase(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(DataError, match=words) as info:
        overview.goal_metrics(_log().assign(amount=-1.0))
    assert "amount_col" in str(info.value)


@pytest.mark.parametrize("kwargs, exc, name", [
    ({"retention": 1.5}, ArgumentError, "retention"),
    ({"retention": -0.1}, ArgumentError, "retention"),
    ({"years": 0}, ArgumentError, "years"),
    ({"years": 2.5}, InputTypeError, "years"),
    ({"spend": "100"}, InputTypeError, "spend"),
    ({"new_per_year": -5}, ArgumentError, "new_per_year"),
    ({"deepen": -1.0}, ArgumentError, "deepen"),
    ({"start_customers": float("nan")}, ArgumentError, "start_customers"),
    ({"retention": True}, InputTypeError, "retention"),
])
def test_projection_arguments_are_checked(kwargs, exc, name, lang):
    with pytest.raises(exc) as info:
        overview.project_goals(**kwargs)
    message = str(info.value)
    assert "overview.project_goals" in message and name in message
    assert ("参数" in message) == (lang == "zh")


def test_explorer_arguments_are_checked_before_the_panel_is_built(lang):
    with pytest.raises(ArgumentError, match="retention"):
        overview.goals_explorer(retention=2)
    with pytest.raises(ArgumentError, match="overview.project_goals"):
        overview.explore_goals(baseline={"retention": 3})


@pytest.mark.parametrize("lang, words", [("en", "must be the result of explore_goals"), ("zh", "应为 explore_goals")])
def test_projection_plot_rejects_other_input(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(InputTypeError, match=words):
        overview.plot_goal_projection(overview.project_goals())


# ----------------------------------------------------------------------------- diagrams

def _texts(ax) -> str:
    return " ".join(t.get_text() for t in ax.texts) + " " + ax.get_title()


@pytest.mark.parametrize("func, en, zh", [
    ("plot_iron_triangle", ["Philosophy", "Technology", "Implementation", "CRM"], ["理念", "技术", "实施", "铁三角"]),
    ("plot_concept_evolution", ["production", "marketing", "emotional", "output-centred"],
     ["生产观念", "营销观念", "情感消费", "产值中心论", "客户满意中心论"]),
    ("plot_4p_4c_4r", ["4P", "4C", "4R", "Convenience", "Reward"], ["渠道", "便利", "关联", "回报"]),
    ("plot_goals", ["MORE", "LONGER", "DEEPER", "cross-selling", "up-selling"], ["更多", "更久", "更深", "交叉销售", "追加销售"]),
])
def test_diagrams_label_in_the_active_language(func, en, zh):
    crm_study.set_language("en")
    ax = getattr(overview, func)()
    words = _texts(ax)
    assert all(w in words for w in en), (func, words)
    assert not re.search(r"[\u4e00-\u9fff]", ax.get_title())
    crm_study.set_language("zh")
    words = _texts(getattr(overview, func)())
    assert all(w in words for w in zh), (func, words)


def test_diagram_texts_stay_inside_the_figure():
    """Every label of every diagram is drawn inside the figure, in both languages."""
    for lang in ("en", "zh"):
        crm_study.set_language(lang)
        for func in ("plot_iron_triangle", "plot_concept_evolution", "plot_4p_4c_4r", "plot_goals"):
            ax = getattr(overview, func)()
            fig = ax.figure
            fig.canvas.draw()
            box = fig.bbox
            for t in ax.texts:
                if t.get_text():
                    ext = t.get_window_extent()
                    assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, (lang, func, t.get_text())


def test_diagrams_draw_on_a_given_axes():
    from crm_study.display.plotting import pyplot

    _, ax = pyplot().subplots()
    assert overview.plot_goals(ax=ax) is ax


def test_projection_plot_shows_scenario_and_baseline(lang):
    comp = overview.explore_goals(retention=0.8)
    ax = overview.plot_goal_projection(comp)
    assert len(ax.patches) == 5
    assert [round(p.get_height()) for p in ax.patches] == [round(v) for v in comp.table["revenue"]]
    assert ax.lines[0].get_ydata().tolist() == pytest.approx(comp.table["baseline_revenue"].tolist())
    assert ax.get_xlabel() == ("年份" if lang == "zh" else "year")


# ----------------------------------------------------------------------------- the "try it" panel

def test_panel_recomputes_when_a_slider_moves(lang):
    panel = overview.goals_explorer()
    assert panel.result.settings["retention"] == pytest.approx(0.7)
    assert panel.output.outputs[0]["data"]["image/png"]
    panel.controls["retention"].value = 0.8
    assert panel.result.settings["retention"] == pytest.approx(0.8)
    assert panel.output.outputs[-1]["text"] == repr(overview.explore_goals(retention=0.8)) + "\n"
    assert repr(panel) == repr(overview.goals_explorer())
    assert ("探索器" in repr(panel)) == (lang == "zh")


# ----------------------------------------------------------------------------- the question bank

@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


@pytest.mark.parametrize("item_id, wrong", [
    ("ch01-sa-003", {"zh": "目标是提高市场份额，多做广告和促销。", "en": "The goal is market share: advertise and promote more."}),
    ("ch01-term-002", {"zh": "把产品卖给尽可能多的新客户。", "en": "Selling a product to as many new buyers as possible."}),
    ("ch01-sa-002", {"zh": "主要靠老板重视和政府支持。", "en": "Mainly the boss's interest and government support."}),
])
def test_a_wrong_answer_earns_nothing(bank, item_id, wrong):
    for lang in ("zh", "en"):
        crm_study.set_language(lang)
        assert quiz.grade(bank[item_id], wrong[lang]).score == 0, (item_id, lang)


def test_case_calculations_agree_with_project_goals(bank):
    out = overview.project_goals(1200, new_per_year=200, retention=0.8, spend=500, deepen=0.1, years=2)
    assert bank["ch01-case-001-c"].answer == pytest.approx(out["customers"].iloc[-1])
    assert bank["ch01-case-001-d"].answer == pytest.approx(out["revenue"].iloc[-1])
    assert quiz.grade(bank["ch01-case-001-d"], 564000).score == 0     # the slip the explanation names
    assert quiz.grade(bank["ch01-case-001-c"], "1,128位").correct


def test_the_4p_to_4c_diagram_item_matches_the_chart(bank):
    item = bank["ch01-fill-002"]
    keyed = [item.choices[a]["en"].split(" (")[0] for a in item.answer]
    assert keyed == [c.split(" (")[0].lower() for c, _ in overview._4C]


# ----------------------------------------------------------------------------- glossary and notebook source

def test_chapter_glossary_covers_the_chapter_terms():
    table = glossary.terms("01")
    assert len(table) >= 40
    for zh in ("客户关系管理", "铁三角", "原动力", "拉动力", "牵引力", "推动力", "交叉销售", "追加销售", "购买升级",
               "4C", "情感消费", "营销观念", "接触管理"):
        assert zh in set(table["zh"]), zh
    assert glossary.translate("cross-selling") == "交叉销售"
