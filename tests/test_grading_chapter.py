"""Chapter 06 (客户分级管理): the question bank, its keys recomputed, the glossary, and the notebooks.

Bank keys are checked against hand computation (weighted score, pyramid headcount, budget),
against ``crm_study.chapters.ch06_grading`` on the ``travel_agency`` dataset (the case), and against the grader
(every reference and model answer scores full marks). The notebooks are checked for syllabus
coverage in both languages, identical code, sync with the source, and the numbers their prose states.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import datasets, glossary, grading, quiz, segmentation, value
from crm_study.quiz.bank import numeric_tolerance

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch06_grading.yaml"


@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


@pytest.fixture(scope="module")
def agency():
    ta = datasets.load("travel_agency")
    return ta, grading.explore(ta, grading.DEFAULT_WEIGHTS)


# ----------------------------------------------------------------------------- format and coverage

def test_disputed_item_4_explains_both_readings(bank):
    item = next(it for it in bank if "seed000-04" in it.tags)
    zh, en = item.explanation["zh"], item.explanation["en"]
    assert "答案不一" in zh and "“对”" in zh and "判为错" in zh
    assert "disagree" in en and "true" in en and "false" in en


# ----------------------------------------------------------------------------- keys agree with the grader

@pytest.mark.parametrize("item_id, slip", [
    ("ch06-num-001", 75),          # plain average, weights ignored
    ("ch06-num-002", 100),         # counted the whole top 5 %
    ("ch06-num-003", 20000),       # gave the whole budget to the key level
])
def test_the_slips_the_explanations_name_score_nothing(bank, item_id, slip):
    assert quiz.grade(bank[item_id], slip).score == 0
    assert str(slip) in bank[item_id].explanation["en"].replace(",", "")


# ----------------------------------------------------------------------------- keys by hand

def test_calculation_keys_by_hand(bank):
    assert bank["ch06-num-001"].answer == pytest.approx(0.3 * 80 + 0.3 * 90 + 0.2 * 60 + 0.2 * 70) == 77
    assert (80 + 90 + 60 + 70) / 4 == 75
    assert bank["ch06-num-002"].answer == 2000 * 0.04 == 80
    assert bank["ch06-num-003"].answer == 200_000 * 0.5 / 10 == 10_000


def test_budget_item_agrees_with_differentiated_service(bank):
    """num-003 as data: 10 key customers with half the profit get 10,000 each of a 200,000 budget."""
    profit = [5.0] * 10 + [1.0] * 50
    df = pd.DataFrame({"customer_id": range(60), "profit": profit})
    graded = segmentation.grade_customers(df, {"profit": 1}, shares=(10 / 60, 0, 0))
    graded["profit"] = df["profit"]
    plan = grading.differentiated_service(graded, value_col="profit", budget=200_000)
    assert plan.loc["key", "value_share"] == pytest.approx(0.5)
    assert plan.loc["key", "budget_per_customer"] == pytest.approx(bank["ch06-num-003"].answer)


@settings(max_examples=60, deadline=None)
@given(scores=st.lists(st.floats(0, 100), min_size=4, max_size=4),
       raw=st.lists(st.floats(0.01, 1), min_size=4, max_size=4))
def test_weighted_score_stays_within_the_range_of_the_criterion_scores(scores, raw):
    """The rule behind tf-014 and sc-005 (D): weights summing to 1 give a score between the lowest and the
    highest criterion score, so no score exceeds 100."""
    weights = [w / sum(raw) for w in raw]
    total = sum(w * s for w, s in zip(weights, scores))
    assert min(scores) - 1e-9 <= total <= max(scores) + 1e-9


def test_pyramid_diagram_follows_the_level_order(bank):
    item = bank["ch06-fill-001"]
    keyed = [item.choices[a]["zh"] for a in item.answer]
    assert keyed == [segmentation.PYRAMID_LEVELS[c]["zh"] for c in segmentation.PYRAMID_LEVELS]
    shares = [re.search(r"(\d+)%", s["en"]).group(1) for s in item.slots]
    assert [int(s) / 100 for s in shares[:3]] == pytest.approx(list(segmentation.DEFAULT_SHARES))


def test_churn_attitudes_agree_with_the_service_plan(bank):
    item = bank["ch06-fill-002"]
    keyed = [item.choices[a]["zh"] for a in item.answer]
    assert keyed == ["极力挽回", "尽量挽回", "见机行事", "彻底放弃"]
    plan = {c: grading.SERVICE_LEVELS[c]["churn"]["zh"] for c in grading.SERVICE_LEVELS}
    assert keyed[0] in plan["key"] and keyed[1] in plan["ordinary"] and keyed[2] in plan["small"]
    assert keyed[3] in plan["small"]


# ----------------------------------------------------------------------------- the case, from travel_agency

def test_case_corporate_count_at_the_top(bank, agency):
    ta, result = agency
    top = result.graded["level_code"].isin(["key", "major"])
    assert top.sum() == 25
    corporate = int((top & (ta["customer_type"] == "corporate")).sum())
    assert bank["ch06-case-001-a"].answer == corporate == 21
    assert int((ta["customer_type"] == "corporate").sum()) == 57
    assert "57" in bank["ch06-case-001-a"].explanation["zh"]


def test_case_profit_share_of_the_top_five_percent(bank, agency):
    ta, result = agency
    s = result.summary
    share = 100 * s.loc[["key", "major"], "value_share"].sum()
    item = bank["ch06-case-001-b"]
    assert item.answer == pytest.approx(share, abs=numeric_tolerance(item))
    for number in (f"{s.loc['key', 'value']:,.2f}", f"{s.loc['major', 'value']:,.2f}",
                   f"{ta['profit_3y'].sum():,.2f}", f"{share:.2f}%"):
        assert number in item.explanation["en"], number


def test_case_frequent_travellers_and_their_levels(bank, agency):
    ta, result = agency
    frequent = ta["trips_3y"] >= 7
    assert frequent.sum() == 25
    levels = result.graded.loc[frequent, "level_code"].value_counts()
    low = int(levels.reindex(["ordinary", "small"], fill_value=0).sum())
    assert bank["ch06-case-001-c"].answer == low == 10
    assert levels.to_dict() == {"major": 10, "ordinary": 7, "key": 5, "small": 3}
    individuals = (result.graded["level_code"].isin(["ordinary", "small"]) & frequent
                   & (ta["customer_type"] == "individual")).sum()
    assert individuals == 8
    assert "10 of the 25" in bank["ch06-tf-002"].explanation["en"]


def test_consumer_versus_business_claims_in_tf_005(bank, agency):
    ta, _ = agency
    per_trip = ta.groupby("customer_type")["spend_3y"].sum() / ta.groupby("customer_type")["trips_3y"].sum()
    assert round(per_trip["corporate"] / per_trip["individual"], 1) == 2.7
    credit = ta.groupby("customer_type")["credit_score"].mean()
    assert credit["corporate"] < credit["individual"]
    assert "2.7" in bank["ch06-tf-005"].explanation["en"] and "2.7" in bank["ch06-tf-005"].explanation["zh"]


# ----------------------------------------------------------------------------- glossary

def test_glossary_has_the_chapter_terms_and_the_bank_uses_them():
    terms = set(glossary.terms("06")["zh"])
    assert {"客户分级管理", "客户金字塔", "关键客户", "客户经理制", "信用状况", "业务量", "发展前景", "利润贡献率",
            "综合加权", "差异化服务", "客户关怀", "大客户管理", "主要客户", "普通客户", "小客户"} <= terms


# ----------------------------------------------------------------------------- notebooks

def _notebook(lang):
    return nbformat.read(str(ROOT / "notebooks" / lang / "06_grading.ipynb"), as_version=4)


def _markdown(lang):
    return "\n".join(c.source for c in _notebook(lang).cells if c.cell_type == "markdown")


def test_numbers_stated_in_the_prose_are_the_computed_ones(agency):
    ta, result = agency
    graded = result.graded.assign(customer_type=ta["customer_type"])
    table = pd.crosstab(graded["level_code"], graded["customer_type"])
    assert table.loc["key", "corporate"] == 5 and table.loc["major", "corporate"] == 16
    plan = grading.differentiated_service(result.graded, value_col="profit_3y", budget=100_000)
    assert round(plan.loc["key", "budget_per_customer"], -2) == 4300
    assert round(plan.loc["small", "budget_per_customer"], -1) == 70
    assert 0.25 < plan.loc["small", "value_share"] < 0.3 and plan.loc["small", "budget"] > 25_000
    rfm = grading.rfm_from_customer_file(ta, as_of=crm_study.AS_OF)
    crm_study.set_language("en")
    seg = value.rfm_segment(rfm)
    top = result.graded.loc[result.graded["level_code"].isin(["key", "major"]), "customer_id"]
    counts = seg.loc[seg.index.isin(top), "segment"].value_counts()
    assert counts["Important value"] == 16 and counts["Important retention"] == 9
    en = _markdown("en")
    for claim in ("16 of the 20 major", "10 grade only as ordinary or small", "8 of those 10",
                  "about 4,300 yuan", "about 70 yuan", "16 of the 25", "other 9", "**84**", "**67.5**", "**7.5**"):
        assert claim in en, claim


def test_hand_example_in_the_notes_matches_the_grader():
    five = pd.DataFrame({"customer_id": list("ABCDE"), "credit_score": [90, 60, 80, 50, 70],
                         "spend_3y": [50, 30, 10, 20, 40], "prospects_score": [6, 10, 8, 2, 4],
                         "profit_3y": [8, 6, 2, 0, 10]})
    out = segmentation.grade_customers(five, grading.DEFAULT_WEIGHTS, thresholds=(80, 60, 40))
    assert out["score"].round(2).tolist() == [84.0, 58.0, 36.0, 7.5, 67.5]
    assert out["level_code"].tolist() == ["key", "ordinary", "small", "small", "major"]
    profit_first = grading.explore(datasets.load("travel_agency"),
                                   {"credit_score": 0.1, "spend_3y": 0.2, "prospects_score": 0.1, "profit_3y": 0.6})
    top = profit_first.graded["level_code"].isin(["key", "major"])
    assert int((top & (datasets.load("travel_agency")["customer_type"] == "corporate")).sum()) == 25
    assert "**25**" in _markdown("en") and "**25** 位" in _markdown("zh")
