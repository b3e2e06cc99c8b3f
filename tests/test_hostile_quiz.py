"""Hostile and careless answers and banks given to the grader, the quiz and the paper
(review 2026-12, part 2, cases Q01–Q16 and X01).
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

import crm_study as crm
from crm_study.errors import ArgumentError, InputTypeError
from crm_study.quiz import UnknownItemError, grade, load_bank, show
from crm_study.quiz.paper import build_exam, render_exam


@pytest.fixture
def en():
    crm.set_language("en")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def first(bank, kind):
    return next(it for it in bank if it.type == kind)


KINDS = ["true_false", "single_choice", "multiple_choice", "numeric", "term", "short_answer", "matching"]


@pytest.mark.parametrize("kind", KINDS)
def test_q01_no_answer_scores_zero_with_the_key(bank, en, kind):
    result = grade(first(bank, kind), None)
    assert result.score == 0 and "No answer" in result.feedback


@pytest.mark.parametrize("kind", ["numeric", "term", "short_answer"])
def test_q02_a_megabyte_answer_is_graded_fast(bank, en, kind):
    start = time.perf_counter()
    grade(first(bank, kind), "客户" * 500_000)
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("answer", ["😀", "\u200b", "\u200f266.67"], ids=["emoji", "zero-width", "rtl"])
def test_q04_odd_characters_are_unreadable_not_errors(bank, en, answer):
    assert grade(first(bank, "numeric"), answer).score == 0


def test_q06_html_in_an_answer_is_escaped_in_the_widget(bank, en):
    quiz = show([first(bank, "term")], record=False)
    quiz.cards[0].input.value = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    quiz.cards[0]._on_check()
    assert "<script>" not in quiz.cards[0].feedback.value and "<img" not in quiz.cards[0].feedback.value


@pytest.mark.parametrize("answer", [10**400, -(10**400)], ids=["huge", "huge-negative"])
def test_q07_numbers_too_large_for_a_float_are_unreadable(bank, en, answer):
    result = grade(first(bank, "numeric"), answer)
    assert result.score == 0


@pytest.mark.parametrize("answer, value", [("yes", True), ("是", True), (1, True), (0, False), ("T", True),
                                           ("f", False), ("对的", True)])
def test_q08_true_false_spellings(bank, en, answer, value):
    item = first(bank, "true_false")
    assert grade(item, answer).correct == (item.answer == value)


def test_q08_unreadable_true_false_lists_the_accepted_forms(bank, en):
    assert grade(first(bank, "true_false"), "不对的吧").score == 0


@pytest.mark.parametrize("answer", [10, -1, "Z", "A,A", "AB", ["A", "A"]])
def test_q09_odd_choice_answers_get_feedback(bank, en, answer):
    assert grade(first(bank, "single_choice"), answer).score == 0


@pytest.mark.parametrize("answer", [{0}, b"A", object(), pd.Series([1])], ids=["set", "bytes", "object", "series"])
def test_q10_answers_of_an_unusable_type(bank, en, answer):
    with pytest.raises(InputTypeError, match="grade"):
        grade(first(bank, "single_choice"), answer)


def test_q11_case_answers_with_unknown_parts(bank, en):
    case = first(bank, "case")
    with pytest.raises(ArgumentError):
        grade(case, {f"nope-{k}": 1 for k in range(50)})


@pytest.mark.parametrize("answer", ["a", "ＡＢＣ", [None, None, None], list(range(99))])
def test_q13_odd_matching_answers(bank, en, answer):
    assert grade(first(bank, "matching"), answer).score >= 0


@pytest.mark.parametrize("item", [{"id": "x"}, "ch04-tf-001"], ids=["dict", "id"])
def test_q14_grading_something_that_is_not_an_item(en, item):
    with pytest.raises(InputTypeError, match="bank\\['ch04-tf-001'\\]"):
        grade(item, True)


def test_q15_unknown_id_suggests_the_close_one(bank, en):
    with pytest.raises(UnknownItemError, match="Did you mean 'ch04-tf-"):
        bank["ch04-tf-999"]


@pytest.mark.parametrize("kwargs", [{"types": "numeric"}, {"chapter": 4.0}, {"chapter": True}],
                         ids=["types-string", "chapter-float", "chapter-bool"])
def test_q15_select_with_arguments_of_the_wrong_type(bank, en, kwargs):
    with pytest.raises(InputTypeError, match="Bank.select"):
        bank.select(**kwargs)


def test_q15_select_by_chapter_number_or_text_agree(bank):
    assert len(bank.select(chapter=4)) == len(bank.select(chapter="04")) > 0


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"n": 10**6}, {"seed": -1}])
def test_q16_show_with_out_of_range_arguments(bank, en, kwargs):
    with pytest.raises(ArgumentError):
        show(bank.select(chapter="04"), record=False, **kwargs)


def test_x01_html_in_a_bank_is_escaped_in_the_paper(tmp_path, en):
    text = ('chapter: "98"\ntitle: {zh: a, en: b}\nitems:\n' + "".join(
        f"  - {{id: x-{k}, type: true_false, prompt: {{zh: \"<script>alert({k})</script>\", en: \"<img src=x "
        f"onerror=alert({k})>\"}}, answer: true, explanation: {{zh: a, en: b}}}}\n" for k in range(25)))
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "bp.yaml").write_text("title: {zh: 卷, en: paper}\nminutes: 10\nsections:\n"
                                      "  - {title: {zh: 判断, en: tf}, type: true_false, count: 3, points: 1}\n", encoding="utf-8")
    exam = build_exam(tmp_path / "bp.yaml", bank=load_bank(tmp_path / "x.yaml"), seed=1)
    for lang in ("zh", "en"):
        page = render_exam(exam, lang=lang, fmt="html")
        assert "<script>" not in page and "<img src=x" not in page


def test_q07_numpy_float_answers_are_read(bank, en):
    item = first(bank, "numeric")
    assert grade(item, np.float64(item.answer)).correct


@pytest.mark.parametrize("kind, convert", [("numeric", np.int64), ("numeric", np.float32), ("numeric", np.array),
                                           ("true_false", np.bool_), ("single_choice", np.int64),
                                           ("multiple_choice", lambda keys: [np.int64(k) for k in keys])],
                         ids=["Q07-int64", "Q07-float32", "Q07-0d-array", "Q07-bool_", "Q07-choice-int64",
                              "Q07-list-of-int64"])
def test_q07_numpy_numbers_grade_like_python_numbers(bank, en, kind, convert):
    item = first(bank, kind) if kind != "numeric" else next(it for it in bank if it.type == "numeric"
                                                           and float(it.answer).is_integer())
    plain = grade(item, item.answer)
    assert plain.correct
    assert grade(item, convert(item.answer)) == plain


def test_q07_the_reviews_numpy_answer_266(tmp_path, en):
    path = tmp_path / "b.yaml"
    path.write_text('chapter: "98"\ntitle: {zh: a, en: b}\nitems:\n  - {id: n-1, type: numeric, prompt: {zh: 题, en: q}, '
                    "answer: 266, explanation: {zh: 因, en: why}}\n", encoding="utf-8")
    item = load_bank(path)["n-1"]
    assert grade(item, np.int64(266)).correct and not grade(item, np.int64(300)).correct
