"""Hostile and careless answers and banks given to the grader, the quiz, the paper and the
exports (review 2026-12, part 2, cases Q01–Q17, X01–X03, Y14 and C18).
"""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

import crm_study as crm
from crm_study.errors import ArgumentError, InputTypeError
from crm_study.quiz import ProgressStore, QuizFormatError, UnknownItemError, grade, load_bank, show
from crm_study.quiz.bank import check_banks
from crm_study.quiz.export import to_gift, to_moodle_xml
from crm_study.quiz.paper import build_exam, load_blueprint, render_exam


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


# --------------------------------------------------------------------------- Q12 negated and stuffed written answers

def test_q12_the_reviews_negated_answer_scores_nothing(bank):
    crm.set_language("zh")
    result = grade(bank["ch01-sa-001"], "不是管理理念，也不是管理机制，也不是管理软件，也不是最重要的资源")
    assert result.score == 0 and [c.status for c in result.checklist][:3] == ["negated"] * 3


def test_q12_a_negated_english_answer_scores_nothing(bank, en):
    result = grade(bank["ch01-sa-001"], "CRM is not a management philosophy, not a management mechanism, "
                                        "not software and not the most important resource")
    assert result.score == 0 and [c.status for c in result.checklist][:3] == ["negated"] * 3


@pytest.mark.parametrize("language", ["zh", "en"])
def test_q12_a_bare_list_of_the_points_earns_only_the_named_share(bank, language):
    crm.set_language(language)
    item = bank["ch02-sa-002"]                     # every point must be explained
    result = grade(item, " ".join(kp.any[language][0] for kp in item.keypoints))
    assert result.score == item.points / 2 and {c.status for c in result.checklist} == {"named"}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_q12_a_stuffed_answer_scores_nothing_and_is_kept_apart_from_the_auto_marked_points(bank, tmp_path, language):
    crm.set_language(language)
    item = bank["ch02-sa-002"]
    stuffed = " ".join(word for kp in item.keypoints for word in kp.any[language])
    result = grade(item, stuffed)
    assert result.score == 0 and {c.status for c in result.checklist} == {"stuffed"}
    assert len(result.checklist) == len(item.keypoints)   # the widget asks the student to mark it point by point
    store = ProgressStore(tmp_path / "progress.sqlite")
    store.record(item, stuffed, result)
    box = store.boxes().loc[item.id]
    assert box["auto_max"] == 0 and box["self_max"] == item.points and not box["self_marked"]
    mastery = store.mastery().loc[("chapter", "02")]
    assert mastery["auto_max"] == 0 and mastery["self_max"] == item.points


# --------------------------------------------------------------------------- X02, X03 bank text in Markdown and Moodle

HOSTILE = "[链接](javascript:alert(3)) *x* _y_ ___z___ `code` <b>bold</b> **kept**\n# heading\n- item\n1. first\n___"


def hostile_bank(tmp_path):
    import json

    text = json.dumps(HOSTILE, ensure_ascii=False)
    items = "".join(
        f"  - {{id: x-{k}, type: true_false, prompt: {{zh: {text}, en: {text}}}, answer: true, "
        f"explanation: {{zh: {text}, en: {text}}}}}\n" for k in range(3))
    items += (f"  - {{id: x-sc, type: single_choice, prompt: {{zh: {text}, en: {text}}}, options: [{{zh: {text}, en: {text}}}, "
              "{zh: b, en: b}], answer: 0, explanation: {zh: a, en: a}}\n")
    (tmp_path / "x.yaml").write_text('chapter: "98"\ntitle: {zh: a, en: b}\nitems:\n' + items, encoding="utf-8")
    return load_bank(tmp_path / "x.yaml")


def test_x02_markdown_from_a_bank_shows_as_written_in_paper_md(tmp_path, en):
    mistune = pytest.importorskip("mistune")
    bank = hostile_bank(tmp_path)
    exam = build_exam({"title": {"zh": "卷", "en": "paper"}, "minutes": 10, "sections": [
        {"title": {"zh": "判断", "en": "tf"}, "type": "true_false", "count": 3, "points": 1}]}, bank=bank, seed=1)
    for key in (False, True):
        page = mistune.html(render_exam(exam, lang="en", fmt="md", key=key))
        assert "<a " not in page and "<em>" not in page and "<code>" not in page and "<b>" not in page
        assert page.count("<h1>") == 1 and "<li>" not in page and "<ol>" not in page and "<hr" not in page
        assert "[链接](javascript:alert(3)) *x* _y_ ___z___ `code` &lt;b&gt;bold&lt;/b&gt; <strong>kept</strong>" in page
        assert "# heading" in page and "- item" in page and "1. first" in page


def test_x02_answer_blanks_stay_readable_in_paper_md(bank, en):
    item = next(it for it in bank if it.type == "numeric")
    exam = build_exam({"title": {"zh": "卷", "en": "paper"}, "sections": [
        {"title": {"zh": "计算", "en": "calc"}, "type": "numeric", "count": 1, "points": 5}]}, bank=load_bank().select(
        ids=[item.id]), seed=1)
    assert "Working and answer: ________" in render_exam(exam, lang="en", fmt="md")


def test_x03_html_from_a_bank_reaches_moodle_as_text_in_gift(tmp_path, en):
    gift, _ = to_gift(hostile_bank(tmp_path), lang="en")
    questions = [q for q in gift.split("\n\n") if q.startswith("// ")]
    assert len(questions) == 4 and all("::[html]" in q for q in questions)
    assert "<b>" not in gift and "&lt;b&gt;bold&lt;/b&gt;" in gift and "<br>\\# heading" in gift


def test_x03_html_from_a_bank_is_escaped_in_moodle_xml(tmp_path, en):
    xml, _ = to_moodle_xml(hostile_bank(tmp_path), lang="en")
    assert "<b>bold" not in xml and "&lt;b&gt;bold" not in xml.replace("&amp;lt;b&amp;gt;bold", "")
    assert "&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;" in xml


# --------------------------------------------------------------------------- Y14 blueprints, C18 blueprints beside banks

def blueprint(tmp_path, extra: str, section: str = "") -> object:
    path = tmp_path / "bp.yaml"
    path.write_text("title: {zh: 卷, en: paper}\n" + extra + "sections:\n"
                    "  - {title: {zh: 判断, en: tf}, type: true_false, count: 3, points: 1" + section + "}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("minutes", ["'two hours'", "-5", "1.5", "true", "100000"])
def test_y14_minutes_that_are_not_a_whole_number_are_refused(tmp_path, en, minutes):
    with pytest.raises(QuizFormatError, match="'minutes' must be a whole number of minutes"):
        load_blueprint(blueprint(tmp_path, f"minutes: {minutes}\n"))


@pytest.mark.parametrize("chapters", ["[4]", "['4']", "['04']"], ids=["int", "unpadded", "padded"])
def test_y14_chapter_4_is_chapter_04(bank, tmp_path, en, chapters):
    exam = build_exam(blueprint(tmp_path, "minutes: 30\n", f", chapters: {chapters}"), bank=bank, seed=1)
    assert {it.chapter for it, _ in exam.sections[0][1]} == {"04"}
    assert "30 minutes" in render_exam(exam, lang="en", fmt="md")


def test_y14_a_chapter_the_banks_do_not_hold_is_named(bank, tmp_path, en):
    with pytest.raises(crm.errors.DataError, match=r"no chapter 99 in the banks, which hold chapters 01, 02"):
        build_exam(blueprint(tmp_path, "", ", chapters: ['99']"), bank=bank, seed=1)


def test_y14_a_blueprint_alias_bomb_is_refused(tmp_path, en):
    path = tmp_path / "bp.yaml"
    path.write_text("a: &a [x, x]\nb: [*a, *a]\ntitle: {zh: 卷, en: paper}\nsections: []\n", encoding="utf-8")
    with pytest.raises(QuizFormatError, match="anchors and aliases"):
        load_blueprint(path)


def bank_and_blueprint(tmp_path):
    (tmp_path / "ch98.yaml").write_text('chapter: "98"\ntitle: {zh: a, en: b}\nitems:\n' + "".join(
        f"  - {{id: b-{k}, type: true_false, prompt: {{zh: 题{k}, en: q{k}}}, answer: true, explanation: {{zh: 因, en: why}}}}\n"
        for k in range(4)), encoding="utf-8")
    blueprint(tmp_path, "minutes: 10\n")


def test_c18_a_blueprint_beside_the_banks_is_not_read_as_a_bank(tmp_path, en):
    bank_and_blueprint(tmp_path)
    assert len(load_bank(tmp_path)) == 4
    assert check_banks(tmp_path) == (4, [])
    assert len(build_exam(tmp_path / "bp.yaml", bank=load_bank(tmp_path), seed=1).sections[0][1]) == 3


def test_c18_a_folder_holding_only_blueprints_is_refused(tmp_path, en):
    blueprint(tmp_path, "minutes: 10\n")
    for call in (load_bank, check_banks):
        with pytest.raises(ArgumentError, match="no questions: only exam blueprints"):
            call(tmp_path)
