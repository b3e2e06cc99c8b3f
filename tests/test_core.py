"""The language switch and the edge checks every module relies on."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import crm_study
from crm_study import _validate as v
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError


def test_language_switch_is_one_global_setting():
    crm_study.set_language("en")
    assert crm_study.get_language() == "en"
    assert crm_study.text(en="yes", zh="是") == "yes"
    assert crm_study.pick({"zh": "客户", "en": "customer"}) == "customer"
    crm_study.set_language(" ZH ")
    assert crm_study.get_language() == "zh"
    assert crm_study.text(en="{n} rows", zh="{n} 行", n=3) == "3 行"


@pytest.mark.parametrize("bad", ["fr", "", None, 1])
def test_unknown_language_is_rejected_with_both_languages_in_the_message(bad):
    with pytest.raises(ArgumentError, match="zh.*en"):
        crm_study.set_language(bad)


def test_crm_study_lang_follows_the_set_language_rule_and_its_message_names_the_variable(monkeypatch):
    from crm_study.i18n import env_language

    monkeypatch.setenv("CRM_STUDY_LANG", " EN ")
    assert env_language() == "en"
    monkeypatch.delenv("CRM_STUDY_LANG")
    assert env_language() == "zh"
    monkeypatch.setenv("CRM_STUDY_LANG", "zh-CN")
    with pytest.raises(ArgumentError) as err:
        env_language()
    assert str(err.value).startswith("CRM_STUDY_LANG='zh-CN' is not a language of the kit")
    assert "环境变量 CRM_STUDY_LANG='zh-CN'" in str(err.value) and "set_language:" not in str(err.value)


def test_pick_falls_back_and_passes_plain_values_through():
    assert crm_study.pick({"en": "only english"}, "zh") == "only english"
    assert crm_study.pick("plain") == "plain"
    assert crm_study.pick(3) == 3


def test_errors_are_value_or_type_errors():
    assert issubclass(ColumnError, ValueError) and issubclass(DataError, ValueError)
    assert issubclass(ArgumentError, ValueError) and issubclass(InputTypeError, TypeError)


def test_frame_rejects_non_frames_and_empty_tables(lang):
    with pytest.raises(InputTypeError, match="DataFrame"):
        v.frame([1, 2], where="f")
    with pytest.raises(DataError, match="空" if lang == "zh" else "empty"):
        v.frame(pd.DataFrame({"a": []}), where="f")


def test_missing_column_message_suggests_the_close_name(lang):
    df = pd.DataFrame({"Amount": [1.0], "customer_id": ["c1"]})
    with pytest.raises(ColumnError) as info:
        v.columns(df, {"value_col": "amount"}, where="abc_analysis")
    msg = str(info.value)
    assert "abc_analysis" in msg and "'amount'" in msg and "value_col='Amount'" in msg
    assert ("找不到列" in msg) == (lang == "zh")


def test_missing_column_without_a_close_name_says_how_to_pass_one():
    crm_study.set_language("en")
    with pytest.raises(ColumnError, match="pass date_col="):
        v.columns(pd.DataFrame({"x": [1]}), {"date_col": "order_date"}, where="rfm_table")


def test_bad_dates_name_the_row_and_value(lang):
    s = pd.Series(["2024-01-05", "2024-13-40", None], index=[10, 11, 12])
    with pytest.raises(DataError) as info:
        v.dates(s, col="order_date", where="rfm_table")
    msg = str(info.value)
    assert "'order_date'" in msg and "11" in msg and "2024-13-40" in msg and "YYYY-MM-DD" in msg


def test_dates_parse_mixed_formats_and_drop_time_zones():
    s = pd.Series(["2024-01-05", "2024/02/06"])
    out = v.dates(s, col="d", where="f")
    assert list(out.dt.strftime("%Y-%m-%d")) == ["2024-01-05", "2024-02-06"]
    tz = pd.Series(pd.to_datetime(["2024-01-05T10:00:00+08:00"]))
    assert v.dates(tz, col="d", where="f").dt.tz is None


def test_numbers_reject_text_missing_negative_and_bool(lang):
    with pytest.raises(DataError, match="'amount'"):
        v.numbers_col(pd.Series(["1", "x"]), col="amount", where="f")
    with pytest.raises(DataError, match="'amount'"):
        v.numbers_col(pd.Series([1.0, np.nan]), col="amount", where="f")
    with pytest.raises(DataError, match="退货" if lang == "zh" else "returns"):
        v.numbers_col(pd.Series([1.0, -2.0]), col="amount", where="f")
    with pytest.raises(DataError):
        v.numbers_col(pd.Series([True, False]), col="amount", where="f")
    assert v.numbers_col(pd.Series(["1.5", "2"]), col="a", where="f").tolist() == [1.5, 2.0]
    assert v.numbers_col(pd.Series([-1.0]), col="a", where="f", allow_negative=True).tolist() == [-1.0]


def test_long_lists_of_bad_rows_are_shortened():
    crm_study.set_language("en")
    with pytest.raises(DataError, match="and 7 more"):
        v.numbers_col(pd.Series([-1.0] * 10), col="a", where="f")


@pytest.mark.parametrize("value, kwargs, exc", [
    (1.0, dict(lo=0, hi=1, hi_open=True), ArgumentError),
    (-0.1, dict(lo=0, hi=1, hi_open=True), ArgumentError),
    (-1, dict(lo=-1, lo_open=True), ArgumentError),
    (float("nan"), dict(), ArgumentError),
    ("0.8", dict(), InputTypeError),
    (True, dict(), InputTypeError),
    (2.5, dict(integer=True), InputTypeError),
])
def test_number_checks_range_and_type(value, kwargs, exc):
    with pytest.raises(exc, match="retention"):
        v.number(value, name="retention", where="clv_simple", **kwargs)


def test_number_accepts_valid_values_and_shows_the_range():
    assert v.number(0.8, name="r", where="f", lo=0, hi=1, hi_open=True) == 0.8
    assert v.number(np.int64(3), name="bins", where="f", integer=True) == 3
    crm_study.set_language("en")
    with pytest.raises(ArgumentError, match=r"\[0, 1\)"):
        v.number(1, name="r", where="f", lo=0, hi=1, hi_open=True)


def test_column_suggestion_ignores_case_and_separators():
    crm_study.set_language("en")
    df = pd.DataFrame({"order_id": [1], "OrderDate": ["2024-01-01"]})
    with pytest.raises(ColumnError, match="date_col='OrderDate'"):
        v.columns(df, {"date_col": "order_date"}, where="rfm_table")
