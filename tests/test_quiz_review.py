"""What a student meets in the quiz pages: Check with no answer, the 错题本's order and labels,
and the mock paper shown with its section headings and time limit."""
from pathlib import Path

import pytest

from crm_study import i18n
from crm_study.errors import InputTypeError
from crm_study.quiz import ProgressStore, build_exam, grade, load_bank, review, show, show_exam

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
BANK = load_bank(FIXTURES / "good")


pytestmark = pytest.mark.usefixtures("english")



def card(quiz, item_id):
    return next(c for c in quiz.cards if c.item.id == item_id)


@pytest.mark.parametrize("item_id, blank", [
    ("t90-tf-001", None), ("t90-sc-001", None), ("t90-num-001", "   "), ("t90-term-001", "\n"),
])
def test_check_with_no_answer_gives_a_hint_and_records_nothing(store, item_id, blank):
    q = show(BANK, store=store)
    c = card(q, item_id)
    c.input.value = blank
    c.check.click()
    assert "No answer yet" in c.feedback.value and "✘" not in c.feedback.value
    assert c.result is None and q.score == 0 and "(0 of 11 questions checked)" in q.status.value
    assert store.attempts().empty and review(bank=BANK, store=store).cards == []


def test_check_with_no_box_ticked_no_slot_or_case_part_filled_records_nothing(store):
    q = show(BANK, store=store)
    for item_id in ("t90-mc-001", "t90-fill-001", "t90-case-001"):
        card(q, item_id).check.click()
        assert "No answer yet" in card(q, item_id).feedback.value
    assert store.attempts().empty


def test_a_partly_answered_case_is_marked(store):
    q = show(BANK, store=store)
    c = card(q, "t90-case-001")
    c.parts[0].input.value = "123"
    c.check.click()
    assert c.result is not None and list(store.attempts()["item_id"]) == ["t90-case-001"]


def test_the_hint_is_in_chinese_in_the_chinese_edition(store):
    i18n.set_language("zh")
    c = card(show(BANK, store=store), "t90-tf-001")
    c.check.click()
    assert "还没有作答" in c.feedback.value


def _answer(store, item_id, response):
    item = BANK[item_id]
    store.record(item, response, grade(item, response))


def test_review_shows_mistakes_first_and_labels_items_only_due_for_review(store):
    _answer(store, "t90-tf-002", "T")        # right at once: box 2, only due for review
    _answer(store, "t90-sc-001", "A")        # wrong, then right twice: a mistake in box 3
    _answer(store, "t90-sc-001", "C")
    _answer(store, "t90-sc-001", "C")
    _answer(store, "t90-tf-001", "T")        # wrong: box 1
    _answer(store, "t90-num-001", "266.67")  # right at once, after the others
    r = review(n=10, bank=BANK, store=store)
    assert [c.item.id for c in r.cards] == ["t90-tf-001", "t90-sc-001", "t90-tf-002", "t90-num-001"]
    labels = [c.box.children[0].value for c in r.cards]
    assert "Mistake · wrong 1× · your last answer was wrong" in labels[0]
    assert "Mistake · wrong 1× · right 2× since, not yet mastered" in labels[1]
    assert all("Due for review · answered right before (not a mistake)" in v for v in labels[2:])
    assert [c.item.id for c in review(n=1, bank=BANK, store=store).cards] == ["t90-tf-001"]


def test_a_mistake_in_a_higher_box_still_comes_before_a_routine_review(store):
    _answer(store, "t90-tf-002", "T")        # box 2, never wrong
    _answer(store, "t90-tf-001", "T")
    for _ in range(3):
        _answer(store, "t90-tf-001", "F")    # wrong once, then right 3×: box 4
    assert store.boxes().loc["t90-tf-001", "box"] == 4
    assert [c.item.id for c in review(n=10, bank=BANK, store=store).cards] == ["t90-tf-001", "t90-tf-002"]


def test_review_labels_are_chinese_in_the_chinese_edition(store):
    i18n.set_language("zh")
    _answer(store, "t90-tf-001", "T")
    _answer(store, "t90-tf-002", "T")
    labels = [c.box.children[0].value for c in review(bank=BANK, store=store).cards]
    assert "错题 · 答错 1 次 · 上次答错" in labels[0] and "到期复习" in labels[1]


def test_mock_paper_quiz_has_section_headings_points_and_time_limit():
    i18n.set_language("zh")
    exam = build_exam(bank=load_bank(), seed=2025)
    q = show_exam(exam, record=False)
    texts = [w.value for w in q.widget.children if hasattr(w, "value")]
    headings = [t for t in texts if t.startswith("<h3>")]
    assert headings == ["<h3>一、判断题（20 题 × 1.5 分 = 30 分）</h3>", "<h3>二、简答题（5 题 × 8 分 = 40 分）</h3>",
                        "<h3>三、案例分析题（1 题 × 30 分 = 30 分）</h3>"]
    assert "满分 100 分 · 限时 120 分钟" in texts[0]
    assert len(q.cards) == 26 and [c.item.type for c in q.cards[19:21]] == ["true_false", "short_answer"]
    assert len({c.item.chapter for c in q.cards}) > 3, "the default paper draws from every chapter"


def test_show_exam_needs_a_paper():
    with pytest.raises(InputTypeError, match="show_exam: pass the paper from build_exam"):
        show_exam(load_bank())
