"""The chapter-04 question bank (客户价值): format, coverage, and every key recomputed.

The keys are checked three ways: against hand computation (the CLV and delivered-value
sums), against the kit's own functions (``crm_study.analytics.clv``, ``crm_study.analytics.value`` on the
``retail_transactions`` dataset and on the inline case table), and against the grader
(every reference and model answer scores full marks, the slips the explanations name
score nothing).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import clv, datasets, quiz, value
from crm_study.quiz import paper
from crm_study.quiz.marking import format_number

BANK_FILE = Path(__file__).resolve().parents[1] / "quizzes" / "ch04_customer_value.yaml"


@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


# ----------------------------------------------------------------------------- format and coverage

def test_enough_true_false_and_short_answer_items_for_a_seed_paper(bank):
    """The point layout itself is checked for every chapter in test_banks.py."""
    assert len(bank.select(types=["true_false"])) >= 20
    assert len(bank.select(types=["short_answer"])) >= 5


def test_a_seed000_paper_can_be_drawn_from_this_bank_alone(bank):
    exam = paper.build_exam(bank=bank, seed=0)
    assert exam.total == 100
    assert [len(chosen) for _, chosen in exam.sections] == [20, 5, 1]


# ----------------------------------------------------------------------------- keys agree with the grader

@pytest.mark.parametrize("item_id, slip", [
    ("ch04-num-001", 400),          # forgot d in 1 + d − r
    ("ch04-num-002", 513.97),       # forgot the retention factor
    ("ch04-num-002", 412.60),       # added the acquisition cost
    ("ch04-num-004", 300),          # subtracted the price only
    ("ch04-num-007", "5%"),         # not even close
    ("ch04-case-002-b", 27000),     # used sales instead of profit
])
def test_the_slips_the_explanations_name_score_nothing(bank, item_id, slip):
    item = bank[item_id]
    assert quiz.grade(item, slip).score == 0
    assert quiz.grade(item, f"{format_number(item.answer)}{item.unit_in()}").correct


# ----------------------------------------------------------------------------- formulas by hand and by crm_study.analytics.clv

def test_simple_clv_item_is_the_textbook_example(bank):
    item = bank["ch04-num-001"]
    assert item.answer == pytest.approx(100 * 0.8 / (1 + 0.1 - 0.8), abs=0.005)
    assert item.answer == pytest.approx(266.67) and item.unit == {"zh": "元", "en": "yuan"}
    assert item.answer == pytest.approx(clv.clv_simple(100, 0.8, 0.1), abs=0.005)
    assert bank["ch04-num-007"].answer == pytest.approx(150 * 0.6 / 0.45, abs=0.005)
    assert bank["ch04-case-002-b"].answer == pytest.approx(clv.clv_simple(600, 0.9, 0.1), abs=0.005)


def test_multi_period_clv_with_acquisition_cost(bank):
    by_hand = 200 * 0.7 / 1.1 + 200 * 0.7**2 / 1.1**2 + 200 * 0.7**3 / 1.1**3 + 200 * 0.7**4 / 1.1**4 - 120
    item = bank["ch04-num-002"]
    assert item.answer == pytest.approx(by_hand, abs=0.005)
    table = clv.clv_table(200, 0.7, 0.1, periods=4, acquisition_cost=120)
    assert item.answer == pytest.approx(table["clv"].iloc[-1], abs=0.005)
    contract = 300 / 1.1 + 400 / 1.1**2 + 500 / 1.1**3 - 250
    assert bank["ch04-num-003"].answer == pytest.approx(contract, abs=0.005)
    assert bank["ch04-num-003"].answer == pytest.approx(clv.clv_discounted([300, 400, 500], 0.1, acquisition_cost=250),
                                                        abs=0.005)


def test_delivered_value_recency_and_top_share_by_hand(bank):
    assert bank["ch04-num-004"].answer == (600 + 200 + 100 + 100) - (700 + 80 + 40 + 30)
    days = (pd.Timestamp("2025-01-01") - pd.Timestamp("2024-12-20")).days
    assert bank["ch04-num-006"].answer == days == 12
    sales = pd.Series([40, 25, 10, 8, 6, 4, 3, 2, 1, 1])
    assert bank["ch04-num-005"].answer == pytest.approx(100 * sales.iloc[:3].sum() / sales.sum())
    ten = pd.DataFrame({"customer_id": [f"c{i}" for i in range(10)], "amount": sales})
    exam = value.abc_analysis(ten)
    assert exam["abc_class"].tolist()[:5] == ["A", "A", "A", "B", "B"]  # the explanation's exam answer: 3 in class A
    crossing = value.abc_analysis(ten, rule="crossing")
    assert crossing["abc_class"].tolist()[:5] == ["A", "A", "A", "A", "B"]  # and its crossing-rule aside: 4


@settings(max_examples=60, deadline=None)
@given(m=st.floats(1, 1000), r=st.floats(0, 0.95), d=st.floats(0.01, 0.5))
def test_simple_formula_is_the_limit_of_the_period_by_period_sum(m, r, d):
    """m·r/(1+d−r) = Σ_{t≥1} m·r^t/(1+d)^t: the convention the CLV items and crm_study.analytics.clv share."""
    periods = 2000
    tail = clv.clv_table(m, r, d, periods=periods)["clv"].iloc[-1]
    assert tail == pytest.approx(m * r / (1 + d - r), rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(m=st.floats(1, 1000), r=st.floats(0.05, 0.9), d=st.floats(0.01, 0.5), step=st.floats(0.01, 0.09))
def test_the_true_false_keys_on_retention_and_discount_hold_for_all_inputs(bank, m, r, d, step):
    """tf-010 (higher r → higher CLV) is true and tf-009 (higher d → higher CLV) is false for every input."""
    base = clv.clv_simple(m, r, d)
    assert clv.clv_simple(m, r + step, d) > base
    assert clv.clv_simple(m, r, d + step) < base
    assert bank["ch04-tf-010"].answer is True and bank["ch04-tf-009"].answer is False


# ----------------------------------------------------------------------------- the RFM diagram agrees with crm_study.analytics.value

_PATTERN = re.compile(r"R\s*(高|低)、F\s*(高|低)、M\s*(高|低)")


def _segment_of(slot_zh: str) -> str:
    flags = tuple(int(h == "高") for h in _PATTERN.search(slot_zh).groups())
    return next(seg["zh"] for seg in value.SEGMENTS.values() if seg["code"] == flags)


@pytest.mark.parametrize("item_id", ["ch04-fill-001", "ch04-fill-002"])
def test_rfm_diagram_slots_follow_the_segment_codes(bank, item_id):
    item = bank[item_id]
    for slot in item.slots:
        assert _PATTERN.search(slot["zh"]), slot
        flags_en = re.search(r"(high|low) R, (high|low) F, (high|low) M", slot["en"]).groups()
        flags_zh = _PATTERN.search(slot["zh"]).groups()
        assert [f == "high" for f in flags_en] == [f == "高" for f in flags_zh]
    if item_id == "ch04-fill-001":
        keyed = [item.choices[a]["zh"] for a in item.answer]
        assert keyed == [_segment_of(s["zh"]) for s in item.slots]
        # the seed-003 answer key: ① 重要保持 ② 重要挽留 ③ 重要发展 ④ 重要价值 ⑤ 一般发展
        assert keyed == ["重要保持客户", "重要挽留客户", "重要发展客户", "重要价值客户", "一般发展客户"]
        assert [c["zh"] for c in item.choices] == [s["zh"] for s in value.SEGMENTS.values()]
    else:
        assert [s["zh"].split("（")[0] for s in item.slots] == [_segment_of(s["zh"]) for s in item.slots]
        assert sorted(item.answer) == list(range(len(item.choices)))


def test_high_spending_segments_are_exactly_the_important_ones(bank):
    item = bank["ch04-mc-004"]
    high_m = {seg["zh"] for seg in value.SEGMENTS.values() if seg["code"][2] == 1}
    assert {item.options[k]["zh"] for k in item.answer} == {o["zh"] for o in item.options} & high_m


def test_inline_case_table_segments_match_crm_study_value(bank, case_table):
    case = bank["ch04-case-002"]
    table = case_table(case, "customer_id", "recency", "frequency", "monetary").set_index("customer_id")
    crm_study.set_language("zh")
    seg = value.rfm_segment(table, method="mean")
    part = bank["ch04-case-002-a"]
    assert [s["zh"] for s in part.slots] == list(table.index)
    assert [part.choices[a]["zh"] for a in part.answer] == seg["segment"].astype(str).tolist()


# ----------------------------------------------------------------------------- the case computed from retail_transactions

@pytest.fixture(scope="module")
def retail():
    tx = datasets.load("retail_transactions")
    rfm = value.rfm_table(tx, as_of=crm_study.AS_OF, returns="net")
    abc = value.abc_analysis(rfm.reset_index(), value_col="monetary", cutoffs=(0.8, 0.95))
    return tx, rfm, abc


def test_case_a_class_count_and_share_match_the_dataset(bank, retail):
    _, rfm, abc = retail
    n_a = int((abc["abc_class"] == "A").sum())
    assert bank["ch04-case-001-a"].answer == n_a
    share = 100 * n_a / len(abc)
    assert bank["ch04-case-001-b"].answer == pytest.approx(share, abs=0.005)
    # the crossing rule's count is accepted too, and named in the feedback
    n_cross = int((value.abc_analysis(rfm.reset_index(), value_col="monetary", rule="crossing")["abc_class"] == "A").sum())
    assert abs(n_cross - n_a) <= bank["ch04-case-001-a"].tolerance
    assert abs(100 * n_cross / len(abc) - share) <= bank["ch04-case-001-b"].tolerance
    for lang in ("zh", "en"):
        assert str(n_cross) in bank["ch04-case-001-a"].explanation[lang]
    for lang in ("zh", "en"):
        assert str(n_a) in bank["ch04-case-001-a"].explanation[lang]
        assert str(len(rfm)) in bank["ch04-case-001-a"].explanation[lang]
        assert str(len(rfm.attrs["dropped"])) in bank["ch04-case-001-a"].explanation[lang]
        assert f"{n_a} / {len(abc)} = {share:.2f}%" in bank["ch04-case-001-b"].explanation[lang]


def test_case_important_value_count_matches_the_dataset(bank, retail):
    _, rfm, _ = retail
    seg = value.rfm_segment(rfm, method="mean")
    key = next(k for k, s in value.SEGMENTS.items() if s["code"] == (1, 1, 1))
    count = int(value.segment_summary(seg).iloc[list(value.SEGMENTS).index(key)]["count"])
    assert count == int((seg["r_high"] & seg["f_high"] & seg["m_high"]).sum())
    assert bank["ch04-case-001-c"].answer == count
    for lang in ("zh", "en"):
        assert str(count) in bank["ch04-case-001-c"].explanation[lang]
    cuts = seg.attrs["thresholds"]
    zh = bank["ch04-case-001-c"].explanation["zh"]
    assert f"{cuts['recency']:.0f} 天" in zh and f"{cuts['frequency']:.1f} 次" in zh and f"{cuts['monetary']:.0f} 元" in zh


def test_case_parts_add_up_to_the_seed000_case_points(bank):
    case = bank["ch04-case-001"]
    assert sum(p.points for p in case.parts) == 30
    assert case.data == {"dataset": "retail_transactions"}
    assert {p.type for p in case.parts} >= {"numeric", "short_answer"}


# ----------------------------------------------------------------------------- a broken copy is reported by item id

@pytest.mark.parametrize("lang, words", [("en", "not an option index"), ("zh", "不是有效的选项下标")])
def test_a_broken_key_in_a_copy_of_the_bank_is_reported_by_id(tmp_path, lang, words):
    crm_study.set_language(lang)
    original = BANK_FILE.read_text(encoding="utf-8")
    broken = original.replace(
        "    answer: 1\n    explanation:\n      zh: \"B。让渡价值", "    answer: 7\n    explanation:\n      zh: \"B。让渡价值")
    assert broken != original
    path = tmp_path / "ch04_broken.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(quiz.QuizFormatError) as info:
        quiz.load_bank(path)
    assert "ch04-sc-001" in str(info.value) and words in str(info.value)
