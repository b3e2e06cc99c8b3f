"""The glossary is the one source of term pairs: complete, consistent, and searchable."""
from __future__ import annotations

import pytest

import crm_study
from crm_study import glossary
from crm_study.errors import ArgumentError, DataError


def test_every_term_has_both_languages_and_no_pair_disagrees_across_chapters():
    df = glossary.terms()
    assert not df.empty and (df["zh"].str.strip() != "").all() and (df["en"].str.strip() != "").all()
    per_zh = df.groupby("zh")["en"].nunique()
    assert (per_zh == 1).all(), per_zh[per_zh > 1]
    assert not df.duplicated(["chapter", "zh"]).any()


def test_key_terms_table_follows_the_language():
    crm_study.set_language("zh")
    zh = glossary.key_terms("04")
    assert zh.index.name == "中文" and list(zh.columns) == ["English"]
    assert zh.loc["客户让渡价值", "English"] == "customer delivered value"
    crm_study.set_language("en")
    table = glossary.key_terms(4)
    assert table.index.name == "English" and list(table.columns) == ["中文"]
    assert table.loc["customer delivered value", "中文"] == "客户让渡价值"


def test_translate_ignores_width_case_and_spacing():
    assert glossary.translate("客户让渡价值") == "customer delivered value"
    assert glossary.translate("Customer  Delivered Value") == "客户让渡价值"
    assert glossary.translate("ＲＦＭ分析法", "en") == "RFM analysis"
    assert glossary.translate("超越期望价值") == "beyond-expected value"
    assert glossary.translate("no such term") is None


def test_unknown_chapter_lists_the_chapters_that_have_terms(lang):
    with pytest.raises(ArgumentError, match="04"):
        glossary.terms("99")


def test_malformed_glossary_file_names_the_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "ch01.csv").write_text("zh,en\n客户,customer\n客户关系,\n", encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match=r"ch01\.csv: line 3"):
        glossary.terms()
