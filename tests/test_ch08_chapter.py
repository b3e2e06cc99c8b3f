"""Chapter 08 (客户满意): the question bank, its keys recomputed, the glossary, and the notebooks.

Bank keys are checked against hand computation (ratio, difference, index, Kano coefficients,
complaint rate, NPS), against ``crm_study.analytics.satisfaction`` on the ``satisfaction_survey`` dataset
(the case) and against the grader (every reference and model answer scores full marks; the
slips the explanations name score nothing). The notebooks are checked for syllabus coverage in
both languages, identical code, sync with the source, and the numbers their prose states.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import datasets, glossary, quiz, satisfaction
from crm_study import satisfaction_views as views
from crm_study.nbbuild import parse_source
from crm_study.quiz.marking import format_number

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch08_satisfaction.yaml"
SOURCE = ROOT / "notebooks" / "_src" / "08_satisfaction.md"


@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


@pytest.fixture(scope="module")
def survey():
    return datasets.load("satisfaction_survey")


def _all_items(bank):
    for it in bank:
        yield it
        yield from it.parts


def _kano_answers(counts: dict) -> pd.DataFrame:
    """Answer pairs that the evaluation table turns into the given category counts."""
    pair = {"A": ("like", "neutral"), "O": ("like", "dislike"), "M": ("must-be", "dislike"),
            "I": ("neutral", "neutral"), "R": ("dislike", "like")}
    rows = [pair[c] for c, n in counts.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["kano_x_func", "kano_x_dysf"])


# ----------------------------------------------------------------------------- format and coverage

def test_enough_true_false_items_and_a_case_that_mixes_calculation_and_text(bank):
    """The point layout itself is checked for every chapter in test_banks.py."""
    assert len(bank.select(types=["true_false"])) >= 15
    case = bank["ch08-case-001"]
    assert {p.type for p in case.parts} >= {"numeric", "short_answer", "matching"}


def test_a_seed000_paper_can_be_drawn_from_this_bank_alone(bank):
    from crm_study.quiz import paper

    layout = {**paper.load_blueprint(), "on_paper": False}   # the chapter's case needs its dataset
    exam = paper.build_exam(layout, bank=bank, seed=0)
    assert exam.total == 100
    assert [len(chosen) for _, chosen in exam.sections] == [20, 5, 1]
    assert exam.sections == paper.build_exam(layout, bank=bank, seed=0).sections


# ----------------------------------------------------------------------------- keys agree with the grader

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_answer_that_only_names_the_formula_letters_scores_nothing_on_the_formula_point(bank, lang):
    """Keypoints never collapse to a letter or a digit after normalisation (``b / a`` → ``ba`` would match "based")."""
    for it in _all_items(bank):
        for kp in it.keypoints:
            assert all(len(p) >= 2 and not p.isdigit() for p in kp.normalised), (it.id, kp.normalised)
    crm_study.set_language(lang)
    assert quiz.grade(bank["ch08-sa-002"], "based on a table; 1 and 0").score == 0


@pytest.mark.parametrize("item_id, slip", [
    ("ch08-num-001", round(6 / 4.2, 2)),          # a / b instead of b / a
    ("ch08-num-002", 1.8),                        # expected − perceived
    ("ch08-num-003", round(0.5 * 6 / 7 * 100 + 0.3 * 5 / 7 * 100 + 0.2 * 4 / 7 * 100, 2)),  # mean / 7 × 100
    ("ch08-num-004", 0.95),                       # M added to the numerator
    ("ch08-num-005", -0.8),                       # A + O instead of O + M
    ("ch08-num-006", 0.015),                      # a proportion, not a percentage
    ("ch08-num-007", 50),                         # passives counted as promoters
    ("ch08-case-001-b", round(6.145 / 4.785, 2)),  # upside down
])
def test_the_slips_the_explanations_name_score_nothing(bank, item_id, slip):
    item = bank[item_id]
    assert quiz.grade(item, slip).score == 0
    assert quiz.grade(item, f"{format_number(item.answer)}{item.unit_in()}").correct
    for lang in ("zh", "en"):
        assert format_number(abs(slip)) in item.explanation[lang], (item_id, lang)


# ----------------------------------------------------------------------------- formulas by hand and by crm_study.analytics.satisfaction

def test_ratio_and_difference_items_by_hand(bank):
    assert bank["ch08-num-001"].answer == pytest.approx(4.2 / 6) == satisfaction.satisfaction_ratio(4.2, 6)
    assert bank["ch08-num-002"].answer == pytest.approx(4.2 - 6) == satisfaction.satisfaction_difference(4.2, 6)
    assert satisfaction.satisfaction_level(7.5 / 6, lang="zh") == bank["ch08-sc-002"].options[2]["zh"]
    assert 7.5 / 6 == 1.25


def test_index_item_by_hand_and_by_the_kit(bank):
    by_hand = 0.5 * (6 - 1) / 6 * 100 + 0.3 * (5 - 1) / 6 * 100 + 0.2 * (4 - 1) / 6 * 100
    three = pd.DataFrame({"q1": [6, 6], "q2": [5, 5], "q3": [4, 4]})
    kit = satisfaction.satisfaction_index(three, ["q1", "q2", "q3"], weights=[0.5, 0.3, 0.2])
    assert bank["ch08-num-003"].answer == pytest.approx(by_hand, abs=0.005) == pytest.approx(kit, abs=0.005)
    no_rescale = 0.5 * 6 / 7 * 100 + 0.3 * 5 / 7 * 100 + 0.2 * 4 / 7 * 100   # mean over the top point
    assert "75.71" in bank["ch08-num-003"].explanation["en"] and round(no_rescale, 2) == 75.71


def test_kano_coefficients_by_hand_and_by_kano_table(bank):
    table = satisfaction.kano_table(_kano_answers({"A": 30, "O": 50, "M": 15, "I": 5}))
    row = table.loc["x"]
    assert bank["ch08-num-004"].answer == (30 + 50) / 100 == pytest.approx(row["better"])
    assert bank["ch08-num-005"].answer == -(50 + 15) / 100 == pytest.approx(row["worse"])
    assert row["category"] == "O"


def test_complaint_rate_and_nps_by_hand(bank):
    assert bank["ch08-num-006"].answer == pytest.approx(45 / 3000 * 100) and bank["ch08-num-006"].unit_in("en") == "%"
    scores = [10] * 90 + [8] * 60 + [3] * 50
    assert bank["ch08-num-007"].answer == pytest.approx(float(satisfaction.nps(scores)["nps"]))
    assert bank["ch08-num-007"].answer == 100 * (90 - 50) / 200


def test_kano_fill_in_agrees_with_the_evaluation_table(bank):
    item = bank["ch08-fill-001"]
    words = {"喜欢": "like", "理所当然": "must-be", "无所谓": "neutral", "不喜欢": "dislike"}
    codes = {"必备质量": "M", "期望质量": "O", "魅力质量": "A", "无差异质量": "I", "反向质量": "R"}
    for slot, key in zip(item.slots, item.answer):
        functional, dysfunctional = (words[w.strip()] for w in slot["zh"][1:].split("/"))
        assert satisfaction.kano_category(functional, dysfunctional) == codes[item.choices[key]["zh"]], slot


def test_servqual_and_five_kinds_fill_ins_use_the_kit_names(bank):
    assert [c["zh"] for c in bank["ch08-fill-002"].choices] == [d["zh"] for d in satisfaction.SERVQUAL_DIMENSIONS.values()]
    assert [c["en"] for c in bank["ch08-fill-002"].choices] == [d["en"] for d in satisfaction.SERVQUAL_DIMENSIONS.values()]
    assert [c["zh"] for c in bank["ch08-fill-003"].choices] == [k["zh"] for k in views.FIVE_KINDS.values()]
    assert [c["en"] for c in bank["ch08-fill-003"].choices] == [k["en"] for k in views.FIVE_KINDS.values()]


@settings(max_examples=50, deadline=None)
@given(a=st.integers(0, 60), o=st.integers(0, 60), m=st.integers(0, 60), i=st.integers(0, 60))
def test_better_and_worse_stay_in_their_ranges_for_every_answer_mix(a, o, m, i):
    """better ∈ [0, 1] and worse ∈ [−1, 0], as tf/num items and the plot's quadrants assume."""
    if a + o + m + i == 0:
        return
    row = satisfaction.kano_table(_kano_answers({"A": a, "O": o, "M": m, "I": i})).loc["x"]
    assert 0 <= row["better"] <= 1 and -1 <= row["worse"] <= 0
    assert row["better"] == pytest.approx((a + o) / (a + o + m + i))


# ----------------------------------------------------------------------------- the case from satisfaction_survey

def test_case_servqual_gap_and_ratio_match_the_dataset(bank, survey):
    gaps = satisfaction.servqual_gaps(survey)
    worst = gaps["gap"].idxmin()
    assert worst == "responsiveness"
    assert gaps.loc[worst, "expectation"] == pytest.approx(6.145) and gaps.loc[worst, "perception"] == pytest.approx(4.785)
    assert bank["ch08-case-001-a"].answer == pytest.approx(gaps.loc[worst, "gap"], abs=0.005)
    ratio = satisfaction.satisfaction_ratio(gaps.loc[worst, "perception"], gaps.loc[worst, "expectation"])
    assert bank["ch08-case-001-b"].answer == pytest.approx(ratio, abs=0.005)
    for lang in ("zh", "en"):
        text = bank["ch08-case-001-a"].explanation[lang]
        assert "6.145" in text and "4.785" in text and "0.79" in text and "0.29" in text
    assert gaps.loc["reliability", "gap"] == pytest.approx(-0.7925) and gaps.loc["tangibles", "gap"] == pytest.approx(0.285)


def test_case_kano_classes_and_counts_match_the_dataset(bank, survey):
    kano = satisfaction.kano_table(survey)
    part = bank["ch08-case-001-c"]
    codes = {"必备质量": "M", "期望质量": "O", "魅力质量": "A", "无差异质量": "I", "反向质量": "R"}
    features = ["wifi", "breakfast", "robot_delivery", "late_checkout", "newspaper"]
    assert [codes[part.choices[k]["zh"]] for k in part.answer] == kano.loc[features, "category"].tolist()
    counts = [int(kano.loc[f, c]) for f, c in zip(features, kano.loc[features, "category"])]
    assert counts == [219, 164, 169, 148, 239]
    for lang in ("zh", "en"):
        assert all(str(n) in part.explanation[lang] for n in counts)


def test_case_nps_matches_the_dataset(bank, survey):
    result = satisfaction.nps(survey["nps_score"])
    assert bank["ch08-case-001-d"].answer == pytest.approx(float(result["nps"]))
    assert result["promoters"] == pytest.approx(0.1975) and result["detractors"] == pytest.approx(0.475)
    for lang in ("zh", "en"):
        assert "19.75" in bank["ch08-case-001-d"].explanation[lang] and "47.5" in bank["ch08-case-001-d"].explanation[lang]


def test_case_recommendation_follows_the_ipa_quadrant(bank, survey):
    gaps = satisfaction.servqual_gaps(survey)
    importance = survey.filter(like="imp_").mean().rename(lambda c: c.removeprefix("imp_"))
    ipa = satisfaction.importance_performance(importance, gaps["perception"])
    assert ipa.index[ipa["quadrant_code"] == "concentrate"].tolist() == ["responsiveness"]
    assert ipa.loc["reliability", "quadrant_code"] == "keep_up" and ipa.loc["tangibles", "quadrant_code"] == "overkill"
    assert importance.idxmax() == "reliability"


# ----------------------------------------------------------------------------- glossary

def test_glossary_has_the_chapter_terms():
    """The bank's use of them is checked for every chapter in test_banks.py."""
    terms = glossary.terms("08")
    for zh in ("客户满意", "客户满意度", "理念满意", "社会满意", "美誉度", "价格敏感度", "双因素理论", "差距模型",
               "有形性", "移情性", "卡诺模型", "魅力质量", "美国客户满意度指数", "客户投诉"):
        assert zh in set(terms["zh"]), zh


# ----------------------------------------------------------------------------- notebooks

def _notebook(lang):
    return nbformat.read(str(ROOT / "notebooks" / lang / "08_satisfaction.ipynb"), as_version=4)


def _markdown(lang):
    return "\n".join(c.source for c in _notebook(lang).cells if c.cell_type == "markdown")


def test_exercises_are_left_for_the_student():
    """Cell lengths are checked for every notebook in test_chapter_notebooks.py."""
    cells = [text["en"] for kind, text in parse_source(SOURCE) if kind == "code"]
    exercises = [c for c in cells if "check(answer" in c]
    assert len(exercises) >= 3 and all(c.startswith("answer = None") for c in exercises)
    quiz_cells = [c for c in cells if "crm.quiz.show" in c]
    assert quiz_cells == ['crm.quiz.show(crm.quiz.load_bank().select(chapter="08"), n=10, seed=8)']


def test_hand_calculations_in_the_notes_are_the_computed_ones():
    assert round(satisfaction.satisfaction_ratio(4.2, 6), 2) == 0.70
    assert satisfaction.satisfaction_difference(4.2, 6) == pytest.approx(-1.8)
    assert satisfaction.satisfaction_ratio(7.5, 6) == 1.25 and satisfaction.satisfaction_difference(7.5, 6) == 1.5
    assert round(6 / 4.2, 2) == 1.43
    assert (f"{45 / 3000:.1%}", f"{1140 / 3000:.1%}") == ("1.5%", "38.0%")
    for lang in ("en", "zh"):
        md = _markdown(lang)
        for claim in ("**0.70**", "**−1.8**", "**1.25**", "**+1.5**", "1.43", "**71.67**", "**0.80**",
                      "**−0.65**", "38.0", "−298 / 381", "**−0.78**", "75.71"):
            assert claim in md, (lang, claim)


def test_numbers_and_claims_in_the_worked_example_are_the_computed_ones(survey):
    kano = satisfaction.kano_table(survey)
    wifi = kano.loc["wifi"]
    assert (int(wifi["O"]), int(wifi["M"]), int(wifi["A"]), int(wifi["I"])) == (79, 219, 32, 51)
    assert round(wifi["worse"], 2) == -0.78 == round(-298 / 381, 2)
    assert kano["category"].to_dict() == {"wifi": "M", "breakfast": "O", "robot_delivery": "A",
                                         "late_checkout": "A", "newspaper": "I"}
    gaps = satisfaction.servqual_gaps(survey)
    assert gaps.index[gaps["gap"] > 0].tolist() == ["tangibles"]
    assert gaps["gap"].sort_values().index[:2].tolist() == ["responsiveness", "reliability"]
    crm_study.set_language("en")
    levels_ratio = satisfaction.satisfaction_level(satisfaction.satisfaction_ratio(gaps["perception"], gaps["expectation"]))
    levels_diff = satisfaction.satisfaction_level(gaps["gap"], convention="difference")
    assert levels_ratio.tolist() == levels_diff.tolist()     # "they agree on every level"


def test_the_solutions_shown_under_the_exercises_pass_their_own_checks(survey, lang):
    from crm_study.quiz.exercises import check

    gaps = satisfaction.servqual_gaps(survey)
    kano = satisfaction.kano_table(survey)
    assert check(0.8, satisfaction.satisfaction_ratio(4, 5))
    assert check({"zh": "高度满意", "en": "highly satisfied"}[lang], {"zh": "高度满意", "en": "highly satisfied"})
    assert satisfaction.satisfaction_level(0.5, convention="difference", lang=lang) == \
        {"zh": "高度满意", "en": "highly satisfied"}[lang]
    assert check("A", satisfaction.kano_category("like", "neutral"))
    target = satisfaction.SERVQUAL_DIMENSIONS[gaps["gap"].idxmin()]
    assert check("响应性", target) and check("responsiveness", target) and not check("reliability", target)
    assert check(-0.78, kano.loc["wifi", "worse"], tolerance=0.005)
    assert not check(0.78, kano.loc["wifi", "worse"], tolerance=0.005)
