"""What a table shows follows the notebook's language: headers, index names and labels, quiz tags."""
from __future__ import annotations

import pandas as pd
import pytest

import crm_study as crm
from crm_study import errors
from crm_study.display import labels


@pytest.fixture(autouse=True)
def _zh():
    crm.set_language("zh")
    yield
    crm.set_language("en")


def test_headers_index_name_and_labels_are_translated_in_chinese():
    df = pd.DataFrame({"customers": [3, 5], "value_share": [0.4, 0.6]},
                      index=pd.Index(["key", "major"], name="level"))
    shown = labels.localise(df)
    assert list(shown.columns) == ["客户数", "价值占比"]
    assert list(shown.index) == ["VIP 客户", "主要客户"] and shown.index.name == "级别"
    assert list(df.columns) == ["customers", "value_share"], "the data itself keeps its identifiers"


def test_multiindex_levels_and_names_are_translated_and_numbers_left_alone():
    idx = pd.MultiIndex.from_tuples([("chapter", "04"), ("tag", "rfm")], names=["level", "name"])
    shown = labels.localise(pd.DataFrame({"mastery": [0.5, 1.0]}, index=idx))
    assert list(shown.index) == [("章", "04"), ("知识点", "RFM")]
    assert list(shown.index.names) == ["级别", "名称"]


def test_dates_and_unknown_identifiers_pass_through_unchanged():
    df = pd.DataFrame({"not_in_table": [1]}, index=pd.DatetimeIndex(["2024-01-01"], name="month"))
    shown = labels.localise(df)
    assert isinstance(shown.index, pd.DatetimeIndex) and shown.index.name == "月份"
    assert list(shown.columns) == ["not_in_table"]


def test_coded_cell_values_and_booleans_are_shown_in_chinese_other_values_as_they_are():
    df = pd.DataFrame({"user_type": ["new", "returning", None], "fitted": [True, False, True],
                       "name": ["new", "王芳", "returning"], "amount": [1.5, 2.0, 3.0]})
    shown = labels.localise(df)
    assert list(shown["用户类型"].iloc[:2]) == ["新客户", "老客户"] and pd.isna(shown["用户类型"].iloc[2])
    assert list(shown["用于拟合"]) == ["是", "否", "是"]
    assert list(shown["名称"]) == ["new", "王芳", "returning"], "a column with one non-code value stays as it is"
    assert list(shown["金额"]) == [1.5, 2.0, 3.0]
    assert list(df["user_type"].iloc[:2]) == ["new", "returning"] and df["fitted"].dtype == bool
    series = labels.localise(pd.Series(["online", "store"], name="channel"))
    assert list(series) == ["线上", "门店"] and series.name == "渠道"


def test_coded_values_and_true_false_are_shown_in_chinese_and_free_text_left_alone():
    df = pd.DataFrame({"channel": pd.Series(["hotline", "app", None], dtype="str"),
                       "resolved": [True, False, True], "name": ["王芳", "hotline", "Li"]})
    shown = labels.localise(df)
    assert shown["渠道"].tolist()[:2] == ["热线电话", "应用程序（App）"] and pd.isna(shown["渠道"].iloc[2])
    assert shown["已解决"].tolist() == ["是", "否", "是"]
    assert shown["名称"].tolist() == ["王芳", "hotline", "Li"], "a column that is not all codes is data, not a code"
    assert df["channel"].tolist()[:2] == ["hotline", "app"] and df["resolved"].dtype == bool
    assert labels.localise(pd.Series(["new", "returning"])).tolist() == ["新客户", "老客户"]
    row = labels.localise(pd.DataFrame({"score": [9], "lapsed": [True]}).T)
    assert row.iloc[:, 0].tolist() == [9, "是"], "a transposed row keeps its numbers; its true/false read 是/否"


def test_english_shows_identifiers_and_tag_names():
    crm.set_language("en")
    df = pd.DataFrame({"customers": [1]})
    assert labels.localise(df) is df
    assert labels.label("value_share") == "value_share"
    assert labels.label("rfm-segments", tag=True) == "RFM segments"


def test_series_is_shown_as_a_chinese_table_without_an_english_footer():
    html = labels._html(pd.Series([1, 2], index=["new", "lost"], name="customers"))
    assert "客户数" in html and "新客户" in html and "dtype" not in html
    crm.set_language("en")
    assert labels._html(pd.Series([1], name="customers")) is None


def test_every_quiz_tag_and_every_identifier_has_one_chinese_label():
    table = labels._table(str(labels.labels_file()))
    bank = crm.quiz.load_bank()
    tags = {t for item in bank for t in item.tags if not t.startswith("seed")}
    assert not tags - set(table), f"add these quiz tags to {labels.labels_file()}: {sorted(tags - set(table))}"


@pytest.mark.parametrize("content, fragment", [
    ("id,zh\nx,y\n", "['id', 'zh']"),
    ("id,zh,en\nx,甲,\nx,乙,\n", "'x'"),
    ("id,zh,en\nx,,\n", "2"),
])
def test_a_broken_label_table_names_the_file_and_the_problem(tmp_path, content, fragment):
    path = tmp_path / "display.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(errors.DataError) as info:
        labels._table(str(path))
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_a_missing_value_shows_as_a_dash_in_chinese_and_as_pandas_shows_it_in_english():
    df = pd.DataFrame({"customers": [10000.0, None], "step_conversion": [None, 0.4]})
    html = labels._html(df)
    assert "NaN" not in html and html.count("<td>—</td>") == 2
    crm.set_language("en")
    assert labels._html(df).count("NaN") == 2


def test_a_chinese_summary_series_shows_counts_as_whole_numbers_and_shares_with_decimals():
    html = labels._html(pd.Series([3000.0, 0.2, 786.0, 0.262], index=["customers", "x_share", "needed", "y_share"]))
    assert "<td>3,000</td>" in html and "<td>786</td>" in html and "<td>0.20</td>" in html and "<td>0.26</td>" in html
