"""The exercise self-check: verdicts for unanswered, right and wrong answers, in both languages."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import crm_study
from crm_study.errors import ArgumentError, InputTypeError
from crm_study.quiz.exercises import Verdict, check


def _fullwidth(s: str) -> str:
    """ASCII printable characters shifted to their full-width forms (U+FF01–U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def test_none_is_not_answered_yet_in_both_languages():
    crm_study.set_language("en")
    v = check(None, 236.36)
    assert v.status == "unanswered" and not v
    assert "Not answered yet" in repr(v) and "None" in repr(v)
    crm_study.set_language("zh")
    assert "尚未作答" in check(None, 236.36).message


def test_number_within_default_tolerance_is_correct(lang):
    v = check(236.4, 236.36)  # 0.5 % of 236.36 is 1.18
    assert v.status == "correct" and bool(v)
    assert v.message.startswith("✓")
    assert ("Correct" in v.message) if lang == "en" else ("正确" in v.message)


def test_number_outside_tolerance_is_wrong_with_hint(lang):
    v = check(250, 236.36, hint={"en": "Use r / (1 + d - r).", "zh": "用 r / (1 + d - r)。"})
    assert v.status == "wrong" and not v
    assert v.message.startswith("✗ ")
    assert "r / (1 + d - r)" in v.message
    assert ("Use" in v.message) if lang == "en" else ("用" in v.message and "Use" not in v.message)
    assert ("Not yet" in v.message) if lang == "en" else ("还不对" in v.message)


def test_explicit_absolute_tolerance_is_used():
    assert check(3.2, 3, tolerance=0.25)
    assert not check(3.3, 3, tolerance=0.25)
    assert not check(3.001, 3, tolerance=0)
    assert check(3, 3, tolerance=0)


def test_explanation_is_shown_only_when_right():
    crm_study.set_language("en")
    note = {"en": "A customer is in A when cumulative share <= 80 %.", "zh": "累计占比不超过 80% 的客户属于 A 类。"}
    assert "cumulative share" in check(12, 12, explanation=note).message
    assert "cumulative share" not in check(13, 12, explanation=note).message


def test_number_strings_with_commas_percent_and_fullwidth_digits():
    assert check("1,234.5", 1234.5)
    assert check("80%", 0.8)
    assert check("８０％", 0.8)
    assert check(" ２３６.３６ ", 236.36)
    assert check(np.float64(0.8), 0.8)
    assert check(np.int64(12), 12)


def test_non_number_answer_to_number_question_says_so(lang):
    v = check("about two hundred", 236.36)
    assert v.status == "wrong"
    assert ("should be a number" in v.message) if lang == "en" else ("应为一个数字" in v.message)
    assert check(True, 1).status == "wrong"


def test_strings_are_compared_after_width_case_space_and_punctuation_folding():
    assert check("Ｒｅｃｅｎｃｙ", "recency")
    assert check("  RECENCY. ", "recency")
    assert check("重要价值客户。", "重要价值客户")
    assert check("重要 价值 客户", "重要价值客户")
    assert not check("重要发展客户", "重要价值客户")


def test_bilingual_expected_accepts_either_language():
    expected = {"zh": "重要挽留客户", "en": "important win-back"}
    assert check("重要挽留客户", expected)
    assert check("Important Win Back", expected)
    assert not check("重要保持客户", expected)


def test_text_question_with_number_answer_is_wrong(lang):
    v = check(5, "recency")
    assert v.status == "wrong"
    assert ("text in quotes" in v.message) if lang == "en" else ("带引号的文字" in v.message)


def test_sets_ignore_order_and_normalise_elements():
    expected = {"重要价值客户", "重要发展客户"}
    assert check({"重要发展客户", "重要价值客户"}, expected)
    assert check(["重要价值客户 ", "重要发展客户"], expected)
    assert not check({"重要价值客户"}, expected)
    assert check({"Ａ", "b"}, {"a", "B"})
    assert check({"1", 2.0}, {1, 2})


def test_non_set_answer_to_set_question_is_wrong(lang):
    v = check("A", {"A", "B"})
    assert v.status == "wrong"
    assert ("should be a set" in v.message) if lang == "en" else ("应为集合" in v.message)


def test_wrong_message_shows_the_answer_given():
    crm_study.set_language("en")
    assert "{'A', 'C'}" in check({"C", "A"}, {"A", "B"}).message
    assert "250" in check(250, 236.36).message


@pytest.mark.parametrize("bad", [None, [1, 2], {"x": 1}, object(), {"en": 1, "zh": 2}])
def test_unsupported_expected_raises_input_type_error(lang, bad):
    with pytest.raises(InputTypeError) as err:
        check(1, bad)
    msg = str(err.value)
    assert "exercises.check" in msg and "expected" in msg
    assert ("must be a number" in msg) if lang == "en" else ("应为数字" in msg)


def test_non_finite_expected_raises(lang):
    with pytest.raises(InputTypeError, match="expected"):
        check(1, float("nan"))


def test_negative_tolerance_raises_argument_error(lang):
    with pytest.raises(ArgumentError) as err:
        check(1, 1, tolerance=-0.1)
    assert "tolerance" in str(err.value) and "exercises.check" in str(err.value)
    with pytest.raises(InputTypeError, match="tolerance"):
        check(1, 1, tolerance="small")


def test_verdict_repr_is_its_message():
    v = Verdict("correct", "✓ Correct.")
    assert repr(v) == "✓ Correct." and bool(v)


@given(expected=st.floats(-1e6, 1e6, allow_nan=False), offset=st.floats(0, 1))
def test_answers_within_absolute_tolerance_are_always_correct(expected, offset):
    tolerance = 0.5
    assert check(expected + offset * tolerance, expected, tolerance=tolerance)
    assert not check(expected + tolerance + 0.01 + offset, expected, tolerance=tolerance)


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20))
def test_fullwidth_answer_matches_its_ascii_model_answer(s):
    assert check(_fullwidth(s), s).status == "correct"
