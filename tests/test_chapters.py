"""The chapter plan matches the notebooks on disk and the start page links only what exists."""
from __future__ import annotations

from pathlib import Path

import crm_study
from crm_study import chapters

ROOT = Path(__file__).resolve().parents[1]


def test_every_chapter_notebook_on_disk_is_in_the_plan():
    planned = {c["slug"] + ".ipynb" for c in chapters.CHAPTERS}
    for lang in ("en", "zh"):
        on_disk = {p.name for p in (ROOT / "notebooks" / lang).glob("*.ipynb")}
        assert on_disk <= planned, on_disk - planned


def test_availability_follows_the_files():
    table = chapters.chapters("en")
    assert table.loc["04", "available"]
    for number, row in table.iterrows():
        assert row["available"] == (ROOT / "notebooks" / "en" / row["notebook"]).exists()


def test_table_of_contents_links_existing_chapters_in_the_active_language():
    crm_study.set_language("zh")
    md = chapters.table_of_contents().data
    assert "[客户价值](04_customer_value.ipynb)" in md
    assert "从这里开始" not in md
    en = chapters.table_of_contents("en").data
    assert "[Customer value](04_customer_value.ipynb)" in en
    missing = [r for _, r in chapters.chapters("en").iterrows() if not r["available"]]
    for row in missing:
        assert f"{row['title']} (coming)" in en
