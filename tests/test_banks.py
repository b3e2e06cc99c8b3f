"""Every question bank of the kit: big enough, varied enough, keys that grade to full marks,
and the seed-000 true/false items each in exactly one chapter with the syllabus key."""
from __future__ import annotations

import re

import pytest

import crm_study
from crm_study import quiz

BANK = quiz.load_bank()
CHAPTERS = sorted({it.chapter for it in BANK})

# SYLLABUS.md, "Seed true/false items (000) and the usual key"; None = disputed between textbooks.
SEED_KEYS = {
    1: False, 2: False, 3: True, 4: None, 5: False, 6: False, 7: True, 8: True, 9: None, 10: True,
    11: None, 12: True, 13: None, 14: True, 15: False, 16: True, 17: None, 18: True, 19: True,
    20: False, 21: False, 22: True, 23: False, 24: False, 25: True, 26: True, 27: False, 28: True,
    29: False, 30: True, 31: False, 32: True, 33: True, 34: False, 35: True,
}
# Which chapter teaches each seed item (the chapter banks must agree).
SEED_CHAPTER = {
    1: "01", 3: "01", 7: "01", 21: "01", 12: "02", 16: "02", 17: "02", 27: "02", 8: "03", 29: "03",
    24: "04", 33: "05", 4: "06", 23: "06", 26: "06", 31: "06", 34: "06",
    9: "07", 15: "07", 20: "07", 30: "07", 32: "07", 5: "08", 25: "08", 35: "08",
    2: "09", 10: "09", 11: "09", 14: "09", 19: "09", 22: "09", 6: "10", 28: "10", 13: "11", 18: "11",
}
_SEED_TAG = re.compile(r"^seed000-(\d\d)$")


def _seed_items():
    out = {}
    for it in BANK:
        for tag in it.tags:
            m = _SEED_TAG.match(tag)
            if m:
                out.setdefault(int(m.group(1)), []).append(it)
    return out


def test_seed_mapping_covers_all_35_items():
    assert sorted(SEED_CHAPTER) == list(range(1, 36))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_bank_is_big_and_varied(chapter):
    items = list(BANK.select(chapter=chapter))
    assert len(items) >= (40 if chapter == "04" else 30)
    assert len({it.type for it in items}) >= 5


@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_reference_answer_scores_full_marks(chapter, lang):
    crm_study.set_language(lang)
    for it in BANK.select(chapter=chapter):
        result = quiz.grade(it, quiz.reference_response(it))
        assert result.correct and result.score == pytest.approx(result.max_score), it.id


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_seed_items_of_a_built_chapter_are_all_there_with_the_syllabus_key(chapter):
    found = _seed_items()
    for number, where in SEED_CHAPTER.items():
        if where != chapter:
            continue
        items = found.get(number, [])
        assert len(items) == 1, f"seed 000 item {number} should be in chapter {chapter} exactly once"
        item = items[0]
        assert item.chapter == chapter and item.type == "true_false" and item.points == 1.5
        if SEED_KEYS[number] is not None:
            assert item.answer is SEED_KEYS[number], item.id


def test_no_seed_item_is_in_two_banks_or_in_the_wrong_chapter():
    for number, items in _seed_items().items():
        assert len(items) == 1, [it.id for it in items]
        assert items[0].chapter == SEED_CHAPTER[number], (number, items[0].id)
