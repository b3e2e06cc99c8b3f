"""The notebook quiz without a browser: set the inputs, click Check, read the feedback and the running score."""
import html
from pathlib import Path

import pytest

from crm_study import i18n
from crm_study.errors import ArgumentError, InputTypeError
from crm_study.quiz import ProgressStore, load_bank, review, show

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
BANK = load_bank(FIXTURES / "good")


pytestmark = pytest.mark.usefixtures("english")



@pytest.fixture
def quiz(store):
    return show(BANK, store=store)


def card(quiz, item_id):
    return next(c for c in quiz.cards if c.item.id == item_id)


def test_every_type_gets_a_fitting_input(quiz):
    kinds = {c.item.type: type(c.input).__name__ for c in quiz.cards}
    assert kinds == {"true_false": "RadioButtons", "single_choice": "RadioButtons", "multiple_choice": "VBox",
                     "numeric": "Text", "term": "Textarea", "short_answer": "Textarea", "matching": "VBox", "case": "NoneType"}
    mc = card(quiz, "t90-mc-001").input.children
    assert [type(w).__name__ for w in mc] == ["Checkbox"] * 4 and mc[0].description == "A. Information"
    fill = card(quiz, "t90-fill-001").input.children
    assert [type(w).__name__ for w in fill] == ["Dropdown"] * 3 and fill[0].description == "①"
    case = card(quiz, "t90-case-001")
    assert [type(p.input).__name__ for p in case.parts] == ["Text", "Textarea"]
    assert "<table>" in case.box.children[0].value and "<td>1000</td>" in case.box.children[0].value


def test_true_false_check_shows_feedback_and_updates_the_score(quiz):
    c = card(quiz, "t90-tf-001")
    c.input.value = False
    c.check.click()
    assert "✔ 1.5 / 1.5" in c.feedback.value and "Correct." in c.feedback.value
    assert quiz.score == 1.5
    assert "Score so far: 1.5 / 35.5 (1 of 11 questions checked)" in quiz.status.value


def test_single_choice_wrong_then_right_counts_the_latest_check(quiz):
    c = card(quiz, "t90-sc-001")
    c.input.value = 0
    c.check.click()
    assert "✘ 0 / 1" in c.feedback.value and "The answer is C. Recency." in c.feedback.value
    c.input.value = 2
    c.check.click()
    assert quiz.score == 1 and "(1 of 11 questions checked)" in quiz.status.value


def test_multiple_choice_checkboxes(quiz):
    c = card(quiz, "t90-mc-001")
    for k in (0, 2, 3):
        c.input.children[k].value = True
    c.check.click()
    assert c.result.score == 2 and "✔" in c.feedback.value


def test_numeric_text_box_takes_units_and_percent(quiz):
    c = card(quiz, "t90-num-002")
    c.input.value = "0.255"
    c.check.click()
    assert c.result.score == 0 and "a proportion" in c.feedback.value
    c.input.value = "25.5%"
    c.check.click()
    assert c.result.correct


def test_typed_html_is_escaped_in_the_feedback(quiz):
    c = card(quiz, "t90-num-001")
    c.input.value = "<script>alert(1)</script>"
    c.check.click()
    assert "<script>" not in c.feedback.value and "&lt;script&gt;" in c.feedback.value


def test_text_answer_partial_credit_shows_missed_points(quiz):
    c = card(quiz, "t90-term-001")
    c.input.value = "profit over the whole relationship"
    c.check.click()
    assert "◐ 4 / 6" in c.feedback.value and "✗" in c.feedback.value and "discount" in c.feedback.value
    assert "Model answer:" in c.feedback.value


def test_matching_dropdowns(quiz):
    c = card(quiz, "t90-fill-001")
    for dd, v in zip(c.input.children, [1, 0, 3]):
        dd.value = v
    c.check.click()
    assert c.result.score == 2 and "2 of 3 slots right" in c.feedback.value


def test_case_card_grades_all_parts_with_one_button(quiz):
    c = card(quiz, "t90-case-001")
    c.parts[0].input.value = "25.5"
    c.parts[1].input.value = "简化注册，改进验证码"
    c.check.click()
    assert c.result.score == 10 and "✔ 10 / 10" in c.feedback.value
    assert "✔ 4 / 4" in c.parts[0].feedback.value and "✔ 6 / 6" in c.parts[1].feedback.value


def test_case_feedback_sits_part_by_part_with_the_mark_beside_each_input(quiz):
    c = card(quiz, "t90-case-001")
    c.parts[0].input.value = "0.255"
    c.parts[1].input.value = "简化注册"
    c.check.click()
    for part in c.parts:  # each part: its input, then its own mark and feedback, inside the part's box
        kids = list(part.box.children)
        assert kids.index(part.input) < kids.index(part.feedback)
    assert "✘ 0 / 4" in c.parts[0].feedback.value and "a proportion" in c.parts[0].feedback.value
    assert "◐ 3 / 6" in c.parts[1].feedback.value and "✓" in c.parts[1].feedback.value
    assert len(c.parts[1].self_box.children) == 2 and len(c.parts[0].self_box.children) == 0


def test_student_feedback_shows_no_python_code_only_an_expandable_note(store):
    import re

    kit = [it for it in load_bank() if it.type == "case"]
    code = re.compile(r"crm(_study)?\.[a-z_]+|\w+\(\w+=|rfm = ")
    q = show(kit, store=store, record=False)
    for c in q.cards:
        for p in c.parts:
            if p.item.type in ("numeric", "term", "short_answer"):
                p.input.value = "1"
        c.check.click()
        for shown in [c, *c.parts]:
            visible = re.sub(r"<details>.*?</details>", "", shown.feedback.value, flags=re.S)
            assert not code.search(visible), (shown.item.id, visible)
            assert not code.search(shown.result.feedback), shown.item.id
    from crm_study.quiz.marking import how_computed

    for shown in (p for c in q.cards for p in (c, *c.parts) if how_computed(p.item)):
        assert "<details>" in shown.feedback.value and how_computed(shown.item)[:20] in html.unescape(shown.feedback.value)


def test_written_answer_checklist_highlights_the_words_that_counted(quiz):
    c = card(quiz, "t90-term-001")
    c.input.value = "Profit over the whole relationship, but not discounted."
    c.check.click()
    value = c.feedback.value
    assert "<mark>Profit</mark>" in value and "<mark>whole relationship</mark>" in value
    assert "✗ discount (0/2): only under a negation" in value and "Model answer:" in value


def test_self_marking_keeps_the_kits_suggestion_and_the_students_own_mark(quiz, store):
    c = card(quiz, "t90-term-001")
    c.input.value = "profit over the whole relationship"
    c.check.click()
    assert [t.value for t in c.self_box.children] == [1.0, 1.0, 0.0] and quiz.score == 4
    assert "self-marked (written answers, your own marks): 4 / " in quiz.status.value
    c.self_box.children[2].value = 0.5          # the student gives half a point for "discount"
    assert quiz.score == 5 and "Self-marked (your mark): 5 / 6" in c.feedback.value
    row = store.attempts().iloc[-1]
    assert row["score"] == 4 and row["written_kit"] == 4 and row["self_score"] == 5 and row["final"] == 5
    assert store.mastery().loc[("chapter", "90"), "self_score"] == 5
    assert store.mastery().loc[("chapter", "90"), "auto_max"] == 0


def test_self_marking_a_case_part_updates_the_case_and_the_store(quiz, store):
    c = card(quiz, "t90-case-001")
    c.parts[0].input.value = "25.5"
    c.parts[1].input.value = "简化注册"
    c.check.click()
    c.parts[1].self_box.children[1].value = 1.0
    assert quiz.score == 10 and "Self-marked (your mark): 6 / 6" in c.feedback.value
    row = store.attempts().iloc[-1]
    assert row["written_max"] == 6 and row["written_kit"] == 3 and row["self_score"] == 6 and bool(row["correct"])
    assert store.mastery().loc[("chapter", "90"), "auto_score"] == 4


def test_checks_are_recorded_in_the_store(quiz, store):
    c = card(quiz, "t90-tf-002")
    c.input.value = False
    c.check.click()
    df = store.attempts()
    assert list(df["item_id"]) == ["t90-tf-002"] and list(df["response"]) == ["false"] and not df["correct"][0]


def test_record_false_writes_nothing(store):
    q = show(BANK, record=False, store=store)
    c = card(q, "t90-tf-002")
    c.input.value = True
    c.check.click()
    assert c.result.correct and store.attempts().empty


def test_a_broken_store_shows_a_message_instead_of_crashing(tmp_path):
    bad = tmp_path / "progress.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    q = show(BANK, store=ProgressStore(bad))
    c = card(q, "t90-tf-001")
    c.input.value = False
    c.check.click()
    assert c.result.correct and "not a SQLite database" in q.status.value


def test_text_repr_is_deterministic_and_used_in_the_mime_bundle(quiz):
    assert repr(quiz) == ("Quiz: 11 questions, 35.5 points (the questions appear when the notebook runs). "
                          "Answer each one and press Check.")
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/plain"] == repr(quiz)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    i18n.set_language("zh")
    assert repr(quiz) == "测验：共 11 题，35.5 分（运行笔记本后显示题目）。逐题作答后点击“检查答案”。"


def test_text_repr_of_one_question_says_question_not_questions(store):
    one = show(BANK["t90-tf-001"], store=store)
    assert repr(one).startswith("Quiz: 1 question, ") and "1 questions" not in repr(one)
    i18n.set_language("zh")
    assert repr(one).startswith("测验：共 1 题，")


def test_labels_follow_the_language_at_render_time(store):
    i18n.set_language("zh")
    q = show(BANK["t90-tf-001"], store=store)
    assert q.cards[0].check.description == "检查答案"
    assert "只有大企业" in q.cards[0].box.children[0].value
    assert [o[0] for o in q.cards[0].input.options] == ["对（√）", "错（×）"]


def test_random_subset_and_shuffle_are_reproducible_with_a_seed(store):
    a = [c.item.id for c in show(BANK, n=4, seed=7, store=store).cards]
    b = [c.item.id for c in show(BANK, n=4, seed=7, store=store).cards]
    assert a == b and len(a) == 4 and a == sorted(a, key=[it.id for it in BANK].index)  # bank order kept
    mixed = [c.item.id for c in show(BANK, shuffle=True, seed=3, store=store).cards]
    assert sorted(mixed) == sorted(it.id for it in BANK) and mixed != [it.id for it in BANK]
    assert mixed == [c.item.id for c in show(BANK, shuffle=True, seed=3, store=store).cards]


def test_show_rejects_bad_arguments_in_both_languages(store):
    with pytest.raises(ArgumentError, match=r"quiz.show: n = 12 is outside the allowed range \[1, 11\]"):
        show(BANK, n=12, store=store)
    with pytest.raises(InputTypeError, match="quiz.show: pass a Bank"):
        show("ch04", store=store)
    with pytest.raises(InputTypeError, match="seed must be an integer"):
        show(BANK, seed="x", store=store)
    i18n.set_language("zh")
    with pytest.raises(InputTypeError, match="请传入题库"):
        show([1, 2], store=store)


def test_review_brings_back_missed_items_lowest_box_first(store):
    q = show(BANK, store=store)
    for item_id, value in [("t90-tf-001", True), ("t90-tf-002", True), ("t90-sc-001", 0)]:
        c = card(q, item_id)
        c.input.value = value
        c.check.click()
    r = review(n=5, bank=BANK, store=store)
    assert [c.item.id for c in r.cards] == ["t90-tf-001", "t90-sc-001", "t90-tf-002"]
    assert [c.item.id for c in review(n=1, bank=BANK, store=store).cards] == ["t90-tf-001"]
    assert review(n=5, chapter="04", bank=BANK, store=store).cards == []


def test_review_of_an_empty_store_says_what_will_appear(store):
    r = review(bank=BANK, store=store)
    assert r.cards == [] and "Nothing to review yet" in r.widget.children[0].value
    with pytest.raises(ArgumentError, match="quiz.review: n = 0"):
        review(n=0, bank=BANK, store=store)


def test_empty_review_says_so_in_its_text_repr(tmp_path):
    import crm_study
    from crm_study import quiz

    crm_study.set_language("en")
    store = quiz.ProgressStore(tmp_path / "p.sqlite")
    shown = quiz.review(store=store)
    assert repr(shown).startswith("Nothing to review yet")
    crm_study.set_language("zh")
    assert repr(quiz.review(store=store)).startswith("暂时没有需要复习的题目")
