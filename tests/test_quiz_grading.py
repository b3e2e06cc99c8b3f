"""Grading is fair to a real student: every accepted answer form, partial credit, feedback, both languages."""
from pathlib import Path

import pytest
from hypothesis import assume, given, settings, strategies as st

from crm_study import i18n
from crm_study.errors import ArgumentError, DataError, InputTypeError
from crm_study.quiz import Result, grade, grade_references, load_bank, reference_response
from crm_study.quiz.bank import default_tolerance
from crm_study.quiz.normalise import normalise_text, parse_bool, parse_letters, parse_number

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
BANK = load_bank(FIXTURES / "good")


pytestmark = pytest.mark.usefixtures("english")


def wrong_response(item):
    """A response that must not score full marks."""
    if item.type == "true_false":
        return not item.answer
    if item.type == "single_choice":
        return (item.answer + 1) % len(item.options)
    if item.type == "multiple_choice":
        return [i for i in range(len(item.options)) if i not in item.answer]
    if item.type == "numeric":
        return item.answer + 10 * (item.tolerance or default_tolerance(item.answer)) + 1
    if item.type == "matching":
        return [(a + 1) % len(item.choices) for a in item.answer]
    if item.type == "case":
        return {p.id: wrong_response(p) for p in item.parts}
    return "no relevant words at all"


@pytest.mark.parametrize("item", list(BANK), ids=lambda it: it.id)
def test_reference_answer_scores_full_marks_and_wrong_answer_scores_less(item):
    ref = grade(item, reference_response(item))
    assert ref.correct and ref.score == pytest.approx(item.points)
    bad = grade(item, wrong_response(item))
    assert bad.score < item.points and not bad.correct


def test_every_item_in_the_kits_banks_has_a_key_the_grader_accepts():
    kit = load_bank()
    broken = [it.id for it in kit if not grade(it, reference_response(it)).correct]
    lenient = [it.id for it in kit if grade(it, wrong_response(it)).correct]
    assert len(kit) > 0 and broken == [] and lenient == []


def test_grade_references_totals_match_and_count_every_type():
    table = grade_references(BANK)
    assert table.loc["total", "items"] == 11
    assert table.loc["total", "score"] == pytest.approx(35.5)  # 1.5+1+1+2+1+1+1+6+8+3+10
    assert (table["score"] == table["max_score"]).all()
    assert (table["full_marks"] == table["items"]).all()
    assert list(table.index) == ["true_false", "single_choice", "multiple_choice", "numeric", "term",
                                 "short_answer", "matching", "case", "total"]


@pytest.mark.parametrize("form", [True, "T", "t", "true", " TRUE ", "√", "✓", "对", "是", "正确", "Ｔ", "yes", 1])
def test_true_forms_score_on_a_true_item(form):
    assert grade(BANK["t90-tf-002"], form).score == 1.0


@pytest.mark.parametrize("form", [False, "F", "f", "false", "×", "x", "X", "错", "否", "错误", "Ｆ", "no", 0])
def test_false_forms_score_on_a_false_item(form):
    assert grade(BANK["t90-tf-001"], form).score == 1.5


def test_true_false_unreadable_answer_scores_zero_and_lists_accepted_forms():
    r = grade(BANK["t90-tf-001"], "maybe")
    assert r.score == 0 and "T/F" in r.feedback and "False (×)" in r.feedback


@pytest.mark.parametrize("form", [2, "C", "c", "Ｃ", " c ", ["C"]])
def test_single_choice_accepts_index_and_letters(form):
    assert grade(BANK["t90-sc-001"], form).correct


def test_single_choice_with_two_letters_scores_zero_and_says_choose_one():
    r = grade(BANK["t90-sc-001"], "AC")
    assert r.score == 0 and "one option" in r.feedback


@pytest.mark.parametrize("form", ["A,C,D", "ACD", "a、c、d", "d c a", "Ａ，Ｃ，Ｄ", [0, 2, 3], ["A", "c", "D"], "A;C;D"])
def test_multiple_choice_accepts_letter_lists_in_any_form(form):
    assert grade(BANK["t90-mc-001"], form).score == 2.0


def test_multiple_choice_is_all_or_nothing_and_names_missed_and_extra_options():
    r = grade(BANK["t90-mc-001"], "ABC")
    assert r.score == 0
    assert "Missed: D." in r.feedback and "Should not be chosen: B." in r.feedback


def test_choice_letter_out_of_range_is_unreadable():
    r = grade(BANK["t90-sc-001"], "Z")
    assert r.score == 0 and "A–D" in r.feedback


@pytest.mark.parametrize("form", ["266.67", "266.67元", "266.67 元", 266.67, "２６６．６７", "２６６．６７元", "266.675", "¥266.67",
                                  "266.67 yuan", "266.67 Yuan"])
def test_numeric_accepts_units_full_width_digits_within_tolerance(form):
    assert grade(BANK["t90-num-001"], form).correct


def test_numeric_outside_tolerance_scores_zero_and_shows_the_answer():
    r = grade(BANK["t90-num-001"], "266.69")  # |266.69 - 266.67| = 0.02 > 0.01
    assert r.score == 0 and "266.67 yuan" in r.feedback and "±0.01" in r.feedback
    i18n.set_language("zh")
    assert "266.67 元" in grade(BANK["t90-num-001"], "266.69").feedback


def test_a_unit_is_one_text_for_both_languages_or_one_per_language(tmp_path):
    from crm_study.quiz import QuizFormatError

    bank = tmp_path / "u.yaml"
    item = ("chapter: '91'\ntitle: {{zh: 单位, en: units}}\nitems:\n- id: t91-num-001\n  type: numeric\n"
            "  prompt: {{zh: 多少, en: how many}}\n  explanation: {{zh: 三, en: three}}\n  answer: 3\n  unit: {u}\n")
    bank.write_text(item.format(u='"%"'), encoding="utf-8")
    assert load_bank(bank)["t91-num-001"].unit == {"zh": "%", "en": "%"}
    bank.write_text(item.format(u="{zh: 位, en: customers}"), encoding="utf-8")
    it = load_bank(bank)["t91-num-001"]
    assert (it.unit_in("zh"), it.unit_in("en")) == ("位", "customers") and grade(it, "3 customers").correct
    for bad in ("[元]", "{zh: 元, fr: yuan}", "{zh: ''}"):
        bank.write_text(item.format(u=bad), encoding="utf-8")
        with pytest.raises(QuizFormatError, match="unit"):
            load_bank(bank)


def test_the_kits_units_are_written_in_each_language():
    import re

    for it in load_bank():
        for part in (it, *it.parts):
            if part.unit:
                assert not re.search(r"[\u4e00-\u9fff]", part.unit_in("en")), f"{part.id}: English unit {part.unit_in('en')!r}"


@pytest.mark.parametrize("form", ["1,234.5", "1234.5", "1 234.5", 1234.5, "1240.6"])
def test_numeric_thousands_separators_and_default_tolerance(form):
    # no tolerance in the bank: 0.5 % of 1234.5 = 6.1725, so 1240.6 (off by 6.1) still scores
    assert grade(BANK["t90-num-003"], form).correct


def test_default_tolerance_is_half_a_percent_with_a_floor():
    assert default_tolerance(1234.5) == pytest.approx(6.1725)
    assert default_tolerance(0.5) == 0.01
    assert not grade(BANK["t90-num-003"], "1240.7").correct  # off by 6.2 > 6.1725


@pytest.mark.parametrize("form", ["25.5%", "25.5", "25.5 %", "２５．５％", 25.5])
def test_percent_item_accepts_with_or_without_the_sign(form):
    assert grade(BANK["t90-num-002"], form).correct


def test_percent_item_names_the_proportion_slip():
    r = grade(BANK["t90-num-002"], "0.255")
    assert r.score == 0
    assert "0.255" in r.feedback and "percentage" in r.feedback and "25.5%" in r.feedback


def test_percent_item_slip_feedback_in_chinese():
    i18n.set_language("zh")
    assert "百分数" in grade(BANK["t90-num-002"], 0.255).feedback


def test_percent_sign_on_a_plain_item_means_hundredths(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text('chapter: "80"\ntitle: {zh: 比, en: Rate}\nitems:\n'
                    '  - {id: p80-num-001, type: numeric, prompt: {zh: 比例, en: Share}, answer: 0.255, '
                    'tolerance: 0.001, explanation: {zh: 解, en: Why}}\n', encoding="utf-8")
    assert grade(load_bank(path)["p80-num-001"], "25.5%").correct


@pytest.mark.parametrize("form", ["abc", "12..5", "266.67美元", "1,23,4"])
def test_numeric_unreadable_scores_zero_with_advice(form):
    r = grade(BANK["t90-num-001"], form)
    assert r.score == 0 and "Could not read" in r.feedback


def test_term_partial_credit_lists_missed_keypoints_and_model_answer():
    r = grade(BANK["t90-term-001"], "客户在整个生命周期里带来的利润")
    assert r.score == 4 and r.max_score == 6 and not r.correct
    assert r.missed == ("discount",)
    assert "✗ discount (0/2): not found" in r.feedback and "✓ profit (2/2)" in r.feedback
    assert "Model answer: The discounted profit" in r.feedback
    assert "Self-marked" in r.feedback


def test_term_matching_ignores_width_case_whitespace_and_punctuation():
    r = grade(BANK["t90-term-001"], "Over the WHOLE-Relationship: PROFIT, discounted!")
    assert r.score == 6


def test_term_accepts_chinese_phrases_while_english_is_active():
    assert grade(BANK["t90-term-001"], "全过程，价值总和，现值").score == 6


def test_short_answer_score_is_capped_at_the_items_points(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text('chapter: "81"\ntitle: {zh: 封顶, en: Cap}\nitems:\n'
                    '  - id: c81-sa-001\n    type: short_answer\n    prompt: {zh: 题, en: Q}\n    points: 5\n'
                    '    model_answer: {zh: 答, en: A}\n    keypoints:\n'
                    '      - {points: 3, any: {zh: [甲], en: [alpha]}}\n'
                    '      - {points: 3, any: {zh: [乙], en: [beta]}}\n', encoding="utf-8")
    item = load_bank(path)["c81-sa-001"]
    assert grade(item, "alpha beta").score == 5
    assert grade(item, "alpha").score == 3


def test_matching_partial_credit_per_slot():
    item = BANK["t90-fill-001"]
    assert grade(item, [1, 0, 2]).score == 3
    assert grade(item, "BAC").score == 3
    assert grade(item, ["B", "A", "C"]).score == 3
    r = grade(item, [1, 0, 3])
    assert r.score == 2 and "2 of 3 slots right" in r.feedback and "③" in r.feedback
    assert grade(item, [1, None, 2]).score == 2


def test_matching_wrong_number_of_slots_scores_zero():
    r = grade(BANK["t90-fill-001"], "BA")
    assert r.score == 0 and "3 slots" in r.feedback


def test_case_grades_each_part_and_totals():
    item = BANK["t90-case-001"]
    r = grade(item, {"t90-case-001-a": "25.5%", "t90-case-001-b": "simplify sign-up"})
    assert r.score == 7 and r.max_score == 10
    assert [p.score for p in r.parts] == [4, 3]
    assert r.feedback.startswith("(a) 4/4") and "(b) 3/6" in r.feedback
    assert grade(item, ["25.5"]).score == 4  # the missing part scores 0
    assert grade(item, None).score == 0


def test_case_unknown_part_id_raises_naming_the_parts():
    with pytest.raises(ArgumentError, match="t90-case-001-a"):
        grade(BANK["t90-case-001"], {"t90-case-001-z": "x"})


def test_case_text_response_raises_saying_what_to_pass():
    with pytest.raises(ArgumentError, match="dict"):
        grade(BANK["t90-case-001"], "all of it")


@pytest.mark.parametrize("item", list(BANK), ids=lambda it: it.id)
def test_empty_response_scores_zero_with_no_answer_feedback(item):
    r = grade(item, None if item.type == "case" else "  ")
    assert r.score == 0 and ("No answer given." in r.feedback or "(a)" in r.feedback)


def test_grade_rejects_non_items_and_odd_response_types_in_both_languages():
    with pytest.raises(InputTypeError, match="grade: item must be a quiz Item"):
        grade("t90-tf-001", True)
    with pytest.raises(InputTypeError, match="t90-tf-001"):
        grade(BANK["t90-tf-001"], object())
    with pytest.raises(InputTypeError, match="text answer"):
        grade(BANK["t90-term-001"], ["list"])
    i18n.set_language("zh")
    with pytest.raises(InputTypeError, match="参数 item 应为题目对象"):
        grade(None, True)
    with pytest.raises(InputTypeError, match="文字答案"):
        grade(BANK["t90-term-001"], 5)


def test_feedback_follows_the_active_language():
    item = BANK["t90-tf-001"]
    assert grade(item, "T").feedback.startswith("Not quite. The answer is False (×).")
    i18n.set_language("zh")
    assert grade(item, "T").feedback.startswith("回答不正确。 答案是错误（×）。")


def test_reference_response_forms():
    assert reference_response(BANK["t90-mc-001"]) == [0, 2, 3]
    assert reference_response(BANK["t90-term-001"]) == BANK["t90-term-001"].model_answer["en"]
    assert set(reference_response(BANK["t90-case-001"])) == {"t90-case-001-a", "t90-case-001-b"}
    with pytest.raises(InputTypeError, match="reference_response"):
        reference_response({"id": "x"})


def test_grade_references_rejects_empty_and_wrong_input():
    with pytest.raises(DataError, match="empty"):
        grade_references(BANK.select(types=["numeric"], chapter="99"))
    with pytest.raises(InputTypeError, match="grade_references"):
        grade_references(42)
    with pytest.raises(InputTypeError, match="quiz Item"):
        grade_references(["t90-tf-001"])
    i18n.set_language("zh")
    with pytest.raises(DataError, match="题库为空"):
        grade_references([])


def test_result_repr_is_short():
    assert repr(grade(BANK["t90-tf-001"], "F")) == "Result(t90-tf-001: 1.5/1.5)"
    assert isinstance(grade(BANK["t90-tf-001"], "F"), Result)


# ---- properties -----------------------------------------------------------------------------

ITEMS = [it for it in BANK if it.type != "case"]
RESPONSES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=30),
                      st.lists(st.one_of(st.integers(-2, 6), st.text(max_size=3)), max_size=5))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ITEMS), RESPONSES)
def test_any_response_scores_between_zero_and_max_and_correct_means_full(item, response):
    assume(item.type not in ("term", "short_answer") or response is None or isinstance(response, str))
    r = grade(item, response)
    assert 0 <= r.score <= r.max_score == item.points
    assert r.correct == (r.score == r.max_score)
    assert isinstance(r.feedback, str) and r.feedback


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(s):
    assert normalise_text(normalise_text(s)) == normalise_text(s)


STUDENT_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 ,.;:!?-'\"，。、；：！？（）"
                                  "整个生命周期全过程利润价值总和折现现值的客户ＡＢＣ１２３　", max_size=40)


@given(STUDENT_TEXT, STUDENT_TEXT)
def test_adding_words_to_a_text_answer_never_lowers_the_score(a, b):
    item = BANK["t90-term-001"]
    assert grade(item, a + " " + b).score >= grade(item, a).score


@given(st.floats(-1, 1))
def test_every_value_within_the_tolerance_scores(u):
    item = BANK["t90-num-001"]
    assert grade(item, item.answer + u * item.tolerance).correct


@given(st.sets(st.integers(0, 5), min_size=1), st.sampled_from([",", "", " ", "、", "，", ";"]), st.booleans())
def test_any_letter_set_in_any_spelling_parses_back(picks, sep, lower):
    letters = [chr(65 + i) for i in sorted(picks, reverse=True)]
    word = sep.join(letters)
    assert parse_letters(word.lower() if lower else word, 6) == tuple(sorted(picks))


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_written_with_thousands_separators_parse_exactly(d):
    assert parse_number(f"{d:,}")[0] == pytest.approx(float(d))


def test_parse_helpers_return_none_for_unreadable_input():
    assert parse_bool("perhaps") is None and parse_bool(2) is None and parse_bool([True]) is None
    assert parse_letters(True, 4) is None and parse_letters("", 4) is None and parse_letters({1}, 1) is None
    assert parse_number(float("nan")) is None and parse_number("%") is None and parse_number([1]) is None


def test_grading_is_pure_no_file_or_database_access(monkeypatch):
    import builtins
    import sqlite3

    def refuse(*args, **kwargs):
        raise AssertionError("grade() must not do I/O")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(sqlite3, "connect", refuse)
    for item in BANK:
        assert grade(item, reference_response(item)).correct
        assert not grade(item, wrong_response(item)).correct


def test_grade_references_by_chapter_totals_every_chapter():
    from crm_study import quiz

    bank = quiz.load_bank()
    table = quiz.grade_references(bank, by="chapter")
    chapters = sorted({it.chapter for it in bank})
    assert list(table.index) == chapters + ["total"]
    assert table.loc["total", "items"] == len(bank)
    assert (table["score"] == table["max_score"]).all()
    with pytest.raises(ValueError, match="by"):
        quiz.grade_references(bank, by="tag")
