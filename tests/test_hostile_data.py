"""Hostile and careless data given to the chapter-04 functions (review 2026-12, part 2, cases V and M).

Each test is named after the case it replays and asserts the kit's named error, its
DataWarning, or the correct result; none may end in a raw pandas/numpy exception or a
silently wrong number.
"""
from __future__ import annotations

import re
import time
import warnings

import numpy as np
import pandas as pd
import pytest

import crm_study as crm
from crm_study import value
from crm_study.errors import ArgumentError, ColumnError, DataError, DataWarning, InputTypeError

AS_OF = "2025-01-01"


@pytest.fixture
def en():
    crm.set_language("en")


def tx(ids, dates, amounts, **extra) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": ids, "order_date": dates, "amount": amounts, **extra})


def quiet(func, *args, **kwargs):
    """Call ``func`` and fail on any warning (the correct result must come without one)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


# --------------------------------------------------------------------------- V01–V07 tables, columns, amounts

@pytest.mark.parametrize("frame", [tx([], [], []), pd.DataFrame()], ids=["V01-right-columns", "V02-no-columns"])
def test_v01_v02_empty_tables_are_refused(lang, frame):
    with pytest.raises(DataError, match="rfm_table"):
        value.rfm_table(frame, as_of=AS_OF)


def test_v03_missing_amount_column_lists_the_columns(en):
    with pytest.raises(ColumnError, match=r"'amount' not found.*customer_id, order_date"):
        value.rfm_table(pd.DataFrame({"customer_id": [1], "order_date": ["2024-01-01"]}), as_of=AS_OF)


def test_v04_chinese_headers_name_the_missing_column(en):
    df = pd.DataFrame({"客户编号": [1], "订单日期": ["2024-01-01"], "金额": [1.0]})
    with pytest.raises(ColumnError, match="客户编号"):
        value.rfm_table(df, as_of=AS_OF)


@pytest.mark.parametrize("amounts, rows", [(["1,200元", "5元", "7元"], "0, 1, 2"), (["1,200.50", "3", "4"], "0"),
                                           (["10", "20", "1,200"], "2")], ids=["V05-yuan", "V06-thousands", "V07-one"])
def test_v05_v07_text_amounts_name_the_rows(en, amounts, rows):
    with pytest.raises(DataError, match=f"row\\(s\\) {rows}"):
        value.rfm_table(tx([1, 2, 3], ["2024-01-01"] * 3, amounts), as_of=AS_OF)


# --------------------------------------------------------------------------- V08–V17 dates

def test_v08_slash_dates_are_read(en):
    out = quiet(value.rfm_table, tx([1, 2], ["2024/12/31", "2024/12/01"], [1.0, 1.0]), as_of=AS_OF)
    assert out["recency"].tolist() == [1, 31]


def test_v09_day_first_column_is_read_day_first_for_every_row(en):
    d = ["13/01/2024", "05/01/2024", "20/02/2024", "03/02/2024"]
    out = value.rfm_table(tx([1, 2, 3, 4], d, 1.0), as_of=AS_OF)
    assert out["recency"].tolist() == [354, 362, 316, 333]


def test_v09_dates_that_read_both_ways_need_dayfirst(lang):
    frame = tx([1, 2], ["05/01/2024", "03/02/2024"], 1.0)
    with pytest.raises(DataError, match="dayfirst=True"):
        value.rfm_table(frame, as_of=AS_OF)
    assert value.rfm_table(frame, as_of=AS_OF, dayfirst=True)["recency"].tolist() == [362, 333]
    assert value.rfm_table(frame, as_of=AS_OF, dayfirst=False)["recency"].tolist() == [245, 305]


def test_v09_a_column_mixing_both_orders_is_refused(en):
    with pytest.raises(DataError, match="day-first.*'13/01/2024'.*month-first.*'01/13/2024'"):
        value.rfm_table(tx([1, 2], ["13/01/2024", "01/13/2024"], 1.0), as_of=AS_OF)


def test_v09_iso_dates_are_never_turned_round_by_a_day_first_neighbour(en):
    out = value.rfm_table(tx([1, 2], ["2024-01-08", "13/01/2024"], 1.0), as_of=AS_OF)
    assert out["recency"].tolist() == [359, 354]


def test_v10_chinese_written_dates_are_refused_with_the_value(en):
    with pytest.raises(DataError, match="2024年1月5日"):
        value.rfm_table(tx([1], ["2024年1月5日"], [1.0]), as_of=AS_OF)


def test_v11_mixed_iso_slash_and_month_names_are_read(en):
    out = value.rfm_table(tx([1, 2, 3], ["2024-01-05", "2024/01/05", "Jan 5 2024"], 1.0), as_of=AS_OF)
    assert out["recency"].tolist() == [362, 362, 362]


@pytest.mark.parametrize("serials", [[45292, 45600], [45292.0, 45600.0], ["45292", "45600"]],
                         ids=["V12-int", "V13-float", "V12-text"])
def test_v12_v13_excel_serial_dates_are_read_with_a_warning(en, serials):
    with pytest.warns(DataWarning, match="Excel serial dates"):
        out = value.rfm_table(tx([1, 2], serials, [1.0, 2.0]), as_of=AS_OF)
    assert out["recency"].tolist() == [366, 58]


def test_v14_excel_serial_dates_without_as_of_measure_to_the_next_day(en):
    with pytest.warns(DataWarning):
        out = value.rfm_table(tx([1, 2], [45292, 45600], [1.0, 2.0]))
    assert out.attrs["as_of"] == pd.Timestamp("2024-11-05")
    assert out["recency"].tolist() == [309, 1]


def test_v15_yyyymmdd_integers_are_dates_without_a_pandas_warning(en):
    out = quiet(value.rfm_table, tx([1, 2], [19970101, 19970105], [1.0, 2.0]))
    assert out["recency"].tolist() == [5, 1]


@pytest.mark.parametrize("numbers", [[5, 6], [123456, 99999999]], ids=["small", "huge"])
def test_v12_numbers_that_are_not_dates_are_refused(en, numbers):
    with pytest.raises(DataError, match="neither Excel serial dates"):
        value.rfm_table(tx([1, 2], numbers, 1.0), as_of=AS_OF)


def test_v16_mixed_time_zones_are_refused_clearly(lang):
    with pytest.raises(DataError, match=r"\+08:00, Z"):
        value.rfm_table(tx([1, 2], ["2024-01-05T10:00+08:00", "2024-01-06T00:00Z"], 1.0), as_of=AS_OF)


def test_v16_one_time_zone_keeps_the_local_day(en):
    out = value.rfm_table(tx([1], ["2024-12-31T23:30+08:00"], [1.0]), as_of=AS_OF)
    assert out["recency"].tolist() == [1]


def test_v17_all_missing_dates_name_the_rows(en):
    with pytest.raises(DataError, match="row\\(s\\) 0, 1"):
        value.rfm_table(tx([1, 2], [None, None], 1.0), as_of=AS_OF)


def test_v17_true_false_dates_are_refused(en):
    with pytest.raises(DataError, match="True/False"):
        value.rfm_table(tx([1, 2], [True, False], 1.0), as_of=AS_OF)


# --------------------------------------------------------------------------- V18–V25 ids, returns, as_of

def test_v18_missing_id_names_the_row(en):
    with pytest.raises(DataError, match="row\\(s\\) 1"):
        value.rfm_table(tx([1, None], ["2024-01-01"] * 2, 1.0), as_of=AS_OF)


def test_v19_ids_mixing_numbers_and_text_are_refused_with_the_rows(lang):
    with pytest.raises(DataError, match="'1'") as err:
        value.rfm_table(tx([1, "1", "001"], ["2024-01-01"] * 3, 1.0), as_of=AS_OF)
    assert "astype(str)" in str(err.value)


def test_v19_abc_analysis_refuses_mixed_ids_too(en):
    with pytest.raises(DataError, match="mixes ids"):
        value.abc_analysis(pd.DataFrame({"customer_id": [1, "1"], "amount": [1.0, 2.0]}))


def test_v19_text_ids_with_leading_zeros_stay_distinct_customers(en):
    out = quiet(value.rfm_table, tx(["1", "001"], ["2024-01-01"] * 2, 1.0), as_of=AS_OF)
    assert out.index.tolist() == ["001", "1"]


def test_v20_negative_amount_explains_the_rules(en):
    with pytest.raises(DataError, match="returns='net'"):
        value.rfm_table(tx([1, 1], ["2024-01-01", "2024-01-02"], [10.0, -5.0]), as_of=AS_OF)


def test_v21_returns_net_and_drop_give_the_documented_results(en):
    frame = tx([1, 1, 2, 2], ["2024-01-01", "2024-01-02", "2024-01-01", "2024-01-02"], [10.0, -5.0, 4.0, -4.0])
    net = value.rfm_table(frame, as_of=AS_OF, returns="net")
    assert net["monetary"].tolist() == [5.0] and net.attrs["dropped"] == [2]
    assert value.rfm_table(frame, as_of=AS_OF, returns="drop")["monetary"].tolist() == [10.0, 4.0]


def test_v22_returns_in_capitals_lists_the_allowed_values(en):
    with pytest.raises(ArgumentError, match="'error', 'net', 'drop'"):
        value.rfm_table(tx([1], ["2024-01-01"], [1.0]), as_of=AS_OF, returns="NET")


def test_v23_transaction_after_as_of_names_the_row(en):
    with pytest.raises(DataError, match="row\\(s\\) 1"):
        value.rfm_table(tx([1, 2], ["2024-01-01", "2030-01-01"], 1.0), as_of=AS_OF)


def test_v24_a_far_future_typo_does_not_move_the_reference_date(lang):
    with pytest.raises(DataError, match="2030-01-01") as err:
        value.rfm_table(tx([1, 2], ["2024-01-01", "2030-01-01"], [1.0, 2.0]))
    assert "as_of=" in str(err.value) and "1" in str(err.value)


def test_v24_btyd_summary_refuses_a_far_future_typo_too(lang):
    log = tx([1, 1, 2, 2], ["2024-01-01", "2024-03-01", "2024-02-01", "2030-01-01"], [1.0, 2.0, 3.0, 4.0])
    with pytest.raises(DataError, match="btyd_summary.*2030-01-01") as err:
        crm.clv.btyd_summary(log)
    assert "observation_end=" in str(err.value) and "3" in str(err.value)
    out = crm.clv.btyd_summary(log, observation_end="2024-12-31")
    assert out["frequency"].tolist() == [1, 0]


@pytest.mark.parametrize("bad", [2025, 20241231.0, np.int64(20241231)], ids=["int", "float", "numpy"])
def test_v25_btyd_summary_refuses_a_bare_number_as_a_date(en, bad):
    log = tx([1, 1], ["2024-01-01", "2024-03-01"], [1.0, 2.0])
    with pytest.raises(ArgumentError, match="btyd_summary: observation_end=.* is a number, not a date"):
        crm.clv.btyd_summary(log, observation_end=bad)
    with pytest.raises(ArgumentError, match="calibration_end=.* is a number"):
        crm.clv.btyd_summary(log, calibration_end=bad, observation_end="2024-12-31")


def test_v19_btyd_summary_refuses_mixed_ids(en):
    with pytest.raises(DataError, match="btyd_summary: column 'customer_id' mixes ids"):
        crm.clv.btyd_summary(tx([1, "1"], ["2024-01-01", "2024-03-01"], [1.0, 2.0]))


def test_v24_an_ordinary_last_date_is_still_the_default_reference(en):
    out = quiet(value.rfm_table, tx([1, 2], ["2024-01-01", "2024-06-30"], [1.0, 2.0]))
    assert out.attrs["as_of"] == pd.Timestamp("2024-07-01")


@pytest.mark.parametrize("bad", [2025, 2025.0, np.int64(20250101)], ids=["int", "float", "numpy"])
def test_v25_as_of_as_a_bare_number_is_refused(lang, bad):
    with pytest.raises(ArgumentError, match="'2025-01-01'"):
        value.rfm_table(tx([1], ["2024-01-01"], [1.0]), as_of=bad)


def test_v25_as_of_as_a_word_is_refused(en):
    with pytest.raises(ArgumentError, match="not a date"):
        value.rfm_table(tx([1], ["2024-01-01"], [1.0]), as_of="yesterday")


# --------------------------------------------------------------------------- V26–V31 segments, ties, duplicates

def test_v26_one_customer_segmented_gets_a_warning(en):
    rfm = value.rfm_table(tx([1], ["2024-01-01"], [1.0]), as_of=AS_OF)
    with pytest.warns(DataWarning, match="only 1 customer"):
        value.rfm_segment(rfm)


def test_v27_identical_customers_all_share_one_abc_class(en):
    out = value.abc_analysis(pd.DataFrame({"customer_id": range(100), "amount": 50.0}))
    assert out["abc_class"].value_counts().to_dict() == {"A": 100}


def test_v27_a_tie_across_the_cut_off_goes_wholly_to_the_better_class(en):
    out = value.abc_analysis(pd.DataFrame({"customer_id": list("abcde"), "amount": [60.0, 10, 10, 10, 10]}))
    assert out["abc_class"].tolist() == ["A", "A", "A", "A", "A"]
    out = value.abc_analysis(pd.DataFrame({"customer_id": list("abcd"), "amount": [70.0, 20, 5, 5]}), rule="crossing")
    assert out["abc_class"].tolist() == ["A", "A", "B", "B"]


def test_v28_a_file_appended_twice_is_reported_with_the_count(lang):
    t = tx([1, 2], ["2024-06-01", "2024-07-01"], [50.0, 60.0])
    with pytest.warns(DataWarning, match="2") as caught:
        value.rfm_table(pd.concat([t, t]), as_of=AS_OF)
    assert "duplicates='drop'" in str(caught[0].message)


def test_v28_duplicates_drop_gives_the_single_file_result(en):
    t = tx([1, 2], ["2024-06-01", "2024-07-01"], [50.0, 60.0])
    doubled = quiet(value.rfm_table, pd.concat([t, t]), as_of=AS_OF, duplicates="drop")
    pd.testing.assert_frame_equal(doubled, quiet(value.rfm_table, t, as_of=AS_OF), check_like=True)


def test_v28_duplicates_keep_counts_them_silently(en):
    t = tx([1], ["2024-06-01"], [50.0])
    out = quiet(value.rfm_table, pd.concat([t, t]), as_of=AS_OF, duplicates="keep")
    assert out["frequency"].tolist() == [2] and out["monetary"].tolist() == [100.0]


def test_v28_duplicates_rule_is_checked(en):
    with pytest.raises(ArgumentError, match="duplicates"):
        value.rfm_table(tx([1], ["2024-06-01"], [50.0]), as_of=AS_OF, duplicates="yes")


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
def test_v29_nan_or_inf_amount_names_the_row(en, bad):
    with pytest.raises(DataError, match="row\\(s\\) 1"):
        value.rfm_table(tx([1, 2], ["2024-01-01"] * 2, [1.0, bad]), as_of=AS_OF)


def test_v30_true_false_amounts_are_refused(en):
    with pytest.raises(DataError, match="True/False"):
        value.rfm_table(tx([1, 2], ["2024-01-01"] * 2, [True, False]), as_of=AS_OF)


def test_v31_two_columns_with_one_name_are_refused(lang):
    df = pd.DataFrame([[1, "2024-01-01", 1.0, 2.0]], columns=["customer_id", "order_date", "amount", "amount"])
    with pytest.raises(ColumnError, match="'amount'"):
        value.rfm_table(df, as_of=AS_OF)
    with pytest.raises(ColumnError, match="'amount'"):
        value.abc_analysis(df)


def test_v32_bom_header_from_excel_is_read(tmp_path, en):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffcustomer_id,order_date,amount\n1,2024-12-31,5\n".encode("utf-8"))
    out = value.rfm_table(pd.read_csv(path), as_of=AS_OF)
    assert out["monetary"].tolist() == [5.0]


@pytest.mark.parametrize("bad", [[{"customer_id": 1}], {"customer_id": [1]}], ids=["list", "dict"])
def test_v33_list_or_dict_instead_of_a_table(en, bad):
    with pytest.raises(InputTypeError, match="read_csv"):
        value.rfm_table(bad)


# --------------------------------------------------------------------------- V34–V45 ABC, scores, segments, plots

def test_v34_abc_on_all_zero_values(en):
    with pytest.raises(DataError, match="total"):
        value.abc_analysis(pd.DataFrame({"customer_id": [1, 2], "amount": [0.0, 0.0]}))


@pytest.mark.parametrize("cutoffs, error", [((0.95, 0.8), ArgumentError), (("a", "b"), InputTypeError),
                                            ((80, 95), ArgumentError)], ids=["reversed", "strings", "percent"])
def test_v35_abc_cutoffs_name_the_argument(en, cutoffs, error):
    with pytest.raises(error, match="cutoffs"):
        value.abc_analysis(pd.DataFrame({"customer_id": [1], "amount": [1.0]}), cutoffs=cutoffs)


def test_v36_abc_with_a_net_negative_customer(en):
    with pytest.raises(DataError, match="negative"):
        value.abc_analysis(pd.DataFrame({"customer_id": [1, 2], "amount": [5.0, -1.0]}))


@pytest.mark.parametrize("bins, error", [(1, ArgumentError), (2.5, InputTypeError), ("5", InputTypeError)])
def test_v37_rfm_score_bins(en, bins, error):
    rfm = value.rfm_table(tx([1, 2], ["2024-01-01", "2024-02-01"], [1.0, 2.0]), as_of=AS_OF)
    with pytest.raises(error, match="bins"):
        value.rfm_score(rfm, bins=bins)


@pytest.mark.parametrize("func", [value.rfm_score, value.rfm_segment])
def test_v38_scores_and_segments_need_monetary(en, func):
    with pytest.raises(ColumnError, match="monetary"):
        func(pd.DataFrame({"recency": [1, 2], "frequency": [1, 2]}))


def test_v39_unknown_segment_method(en):
    with pytest.raises(ArgumentError, match="'mean', 'median'"):
        value.rfm_segment(pd.DataFrame({"recency": [1, 2], "frequency": [1, 2], "monetary": [1.0, 2.0]}), method="avg")


def test_v40_existing_scores_are_used_as_documented(en):
    rfm = pd.DataFrame({"recency": [1, 100], "frequency": [9, 1], "monetary": [100.0, 1.0],
                        "R": [1, 5], "F": [1, 5], "M": [1, 5]})
    seg = value.rfm_segment(rfm, basis="scores")
    assert seg[["r_high", "f_high", "m_high"]].to_numpy().tolist() == [[False, False, False], [True, True, True]]
    by_values = value.rfm_segment(rfm)  # the default compares the raw values, whatever the scores say
    assert by_values[["r_high", "f_high", "m_high"]].to_numpy().tolist() == [[True, True, True], [False, False, False]]


def test_v41_segments_made_in_chinese_summarise_in_english():
    crm.set_language("zh")
    seg = value.rfm_segment(pd.DataFrame({"recency": [1, 100], "frequency": [9, 1], "monetary": [100.0, 1.0]}))
    crm.set_language("en")
    summary = value.segment_summary(seg)
    assert summary.loc["Important value", "count"] == 1 and summary["count"].sum() == 2


def test_v42_value_matrix_with_zero_frequency(en):
    with pytest.raises(DataError, match="frequency"):
        value.value_matrix(pd.DataFrame({"frequency": [0, 2], "monetary": [1.0, 2.0]}))


def test_v43_pareto_of_a_table_with_an_unknown_class(en):
    abc = pd.DataFrame({"value": [2.0, 1.0], "cum_share": [0.6, 1.0], "abc_class": ["A", "Z"]})
    with pytest.raises(DataError, match="A, B, C"):
        value.plot_pareto(abc)
    with pytest.raises(DataError, match="empty"):
        value.plot_pareto(abc.iloc[:0])


def test_v44_heatmap_with_a_missing_score(en):
    with pytest.raises(DataError, match="row\\(s\\) 1"):
        value.plot_rf_heatmap(pd.DataFrame({"R": [1, np.nan], "F": [1, 2]}))


def test_v45_heatmap_with_absurd_scores_is_refused_fast(en):
    start = time.perf_counter()
    with pytest.raises(DataError, match="1 to 10"):
        value.plot_rf_heatmap(pd.DataFrame({"R": [1, 20000], "F": [1, 2]}))
    assert time.perf_counter() - start < 2


# --------------------------------------------------------------------------- V46–V50 CLV and datasets

@pytest.mark.parametrize("kwargs, error", [({"retention": 1}, ArgumentError), ({"discount": -1}, ArgumentError),
                                           ({"margin": "100"}, InputTypeError), ({"margin": np.nan}, ArgumentError)],
                         ids=["r=1", "d=-1", "text", "nan"])
def test_v46_clv_simple_arguments(en, kwargs, error):
    args = {"margin": 100, "retention": 0.8, "discount": 0.1} | kwargs
    with pytest.raises(error, match=next(iter(kwargs))):
        crm.clv.clv_simple(**args)


@pytest.mark.parametrize("periods, error", [(1e9, ArgumentError), (0, ArgumentError), (2.5, InputTypeError)])
def test_v47_clv_table_periods(en, periods, error):
    with pytest.raises(error, match="periods"):
        crm.clv.clv_table(100, 0.8, 0.1, periods=periods)


def test_v48_clv_discounted_with_a_missing_profit_names_itself_and_the_position(en):
    with pytest.raises(DataError, match=r"^clv_discounted: profit has 1 missing.* position\(s\) 1 \(e\.g\. profit\[1\] is None\)"):
        crm.clv.clv_discounted([100, None, 300], 0.1)


def test_v48_text_in_a_sequence_is_refused_as_it_is_for_one_value(en):
    with pytest.raises(InputTypeError, match=r"^clv_discounted: profit\[1\] must be a number, got '200'"):
        crm.clv.clv_discounted([100, "200", 300], 0.1)
    with pytest.raises(InputTypeError, match=r"^clv_simple: margin must be a number, got '100'"):
        crm.clv.clv_simple("100", 0.8, 0.1)


ONE_RULE = {  # every analytics function taking a number or a sequence: (call with the bad list, name of the argument)
    "clv_simple": (lambda v: crm.clv.clv_simple(v, 0.8, 0.1), "margin"),
    "clv_table": (lambda v: crm.clv.clv_table(v, 0.8, 0.1), "margin"),
    "clv_discounted": (lambda v: crm.clv.clv_discounted(v, 0.1), "profit"),
    "satisfaction_ratio": (lambda v: crm.satisfaction.satisfaction_ratio(v, 5), "perceived"),
    "satisfaction_level": (lambda v: crm.satisfaction.satisfaction_level(v), "score"),
    "nps": (lambda v: crm.satisfaction.nps(v), "scores"),
    "share_of_wallet": (lambda v: crm.loyalty.share_of_wallet(v, 500), "our_spend"),
    "fit_bgnbd": (lambda v: crm.clv.fit_bgnbd(v, [1, 1, 1], [3, 3, 3]), "frequency"),
    "SBGFit.survival": (lambda v: crm.retention.SBGFit(1.0, 1.0, 0.0, np.array([10.0, 5.0])).survival(v), "t"),
}


@pytest.mark.parametrize("func", list(ONE_RULE), ids=[f"V48-{f}" for f in ONE_RULE])
def test_v48_one_rule_for_number_or_sequence_arguments(en, func):
    call, name = ONE_RULE[func]
    with pytest.raises(InputTypeError, match=rf"^{re.escape(func)}: {name}\[1\] must be a number, got '2'"):
        call([1, "2", 3])
    with pytest.raises(InputTypeError, match=rf"^{re.escape(func)}: {name}\[2\] must be a number, got True"):
        call([1, 2, True])
    with pytest.raises(DataError, match=rf"^{re.escape(func)}: {name} has 1 missing.*position\(s\) 1 "):
        call([1, None, 3])
    with pytest.raises(DataError, match=rf"^{re.escape(func)}: {name} has 1 missing.*position\(s\) 0 "):
        call(pd.Series([np.nan, 2.0, 3.0], index=["a", "b", "c"]))


@pytest.mark.parametrize("value", [np.int64(100), np.float32(100.0), np.array(100.0)], ids=["int64", "float32", "0-d"])
def test_v48_numpy_numbers_are_numbers(en, value):
    assert crm.clv.clv_simple(value, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)
    assert crm.clv.clv_discounted([value, value], 0.1) == pytest.approx(100 / 1.1 + 100 / 1.21)


def test_v48_sequences_of_different_lengths_name_each_length(en):
    with pytest.raises(ArgumentError, match="clv_simple: .*margin=3, retention=2"):
        crm.clv.clv_simple([1, 2, 3], [0.5, 0.6], 0.1)
    out = crm.clv.clv_simple(pd.Series([100.0, 200.0], index=["x", "y"]), [0.5, 0.8], 0.1)
    assert out.index.tolist() == ["x", "y"] and out["y"] == pytest.approx(200 * 0.8 / 0.3)


@pytest.mark.parametrize("name", ["retail", None, "datasets/retail_transactions.csv"])
def test_v50_unknown_dataset_names(en, name):
    with pytest.raises(ArgumentError, match="list_datasets"):
        crm.datasets.load(name)


# --------------------------------------------------------------------------- M: pipeline cases

def test_m01_functions_leave_the_callers_table_unchanged(en):
    frame = tx([1, 1, 2], ["2024-01-01", "2024-01-01", "2024-02-01"], [1.0, 1.0, 2.0])
    before = frame.copy()
    with pytest.warns(DataWarning):
        value.rfm_table(frame, as_of=AS_OF, duplicates="warn")
    value.rfm_table(frame, as_of=AS_OF, duplicates="drop")
    value.abc_analysis(frame)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("kwargs, error", [({"cutoffs": (0.95, 0.8)}, ArgumentError), ({"method": "mode"}, ArgumentError)])
def test_m06_explore_panel_arguments(en, kwargs, error):
    rfm = value.rfm_table(tx([1, 2, 3], ["2024-01-01", "2024-02-01", "2024-03-01"], [1.0, 2.0, 3.0]), as_of=AS_OF)
    with pytest.raises(error):
        crm.widgets.explore(rfm, **kwargs)


def test_m07_missing_order_id_names_the_row(en):
    with pytest.raises(DataError, match="order_id.*row\\(s\\) 1"):
        value.rfm_table(tx([1, 1], ["2024-01-01", "2024-01-02"], 1.0, order_id=["o1", None]), as_of=AS_OF)


def test_m08_an_order_id_reused_on_another_day_is_reported_and_not_merged(lang):
    frame = tx(["a", "a", "b"], ["2024-01-01", "2024-02-01", "2024-03-01"], [1.0, 2.0, 3.0], order_id=[1, 1, 2])
    with pytest.warns(DataWarning, match="order_col=None") as caught:
        out = value.rfm_table(frame, as_of=AS_OF)
    message = str(caught[0].message)
    assert "'order_id'" in message and "0, 1" in message and "np.int64" not in message
    assert out["frequency"].tolist() == [2, 1]


def test_m08_an_order_id_shared_by_two_customers_is_reported(en):
    frame = tx(["a", "b"], ["2024-03-01", "2024-03-01"], [1.0, 2.0], order_id=["O7", "O7"])
    with pytest.warns(DataWarning, match=r"1 order id\(s\).*'O7' \(row\(s\) 0, 1\)"):
        out = value.rfm_table(frame, as_of=AS_OF)
    assert out["frequency"].tolist() == [1, 1]


def test_m08_lines_of_one_order_and_a_return_repeating_its_id_stay_quiet(en):
    frame = tx(["a", "a", "a", "a"], ["2024-01-01 10:00", "2024-01-01 10:05", "2024-01-09", "2024-02-01"],
               [5.0, 6.0, -5.0, 7.0], order_id=["O1", "O1", "O1", "O2"])
    out = quiet(value.rfm_table, frame, as_of=AS_OF, returns="net")
    assert out["frequency"].tolist() == [2] and out["monetary"].tolist() == [13.0]


def test_m08_order_col_none_counts_rows(en):
    frame = tx(["a", "a"], ["2024-01-01", "2024-02-01"], [1.0, 2.0], order_id=[1, 1])
    assert quiet(value.rfm_table, frame, as_of=AS_OF, order_col=None)["frequency"].tolist() == [2]


def test_m09_abc_on_an_rfm_table_without_reset_index_says_so(lang):
    rfm = value.rfm_table(tx([1, 2], ["2024-01-01", "2024-02-01"], [1.0, 2.0]), as_of=AS_OF)
    with pytest.raises(ColumnError, match=r"reset_index\(\)"):
        value.abc_analysis(rfm, value_col="monetary")


def test_perf_large_log_is_read_quickly(en):
    n = 200_000
    rng = np.random.default_rng(0)
    frame = tx(rng.integers(0, 20_000, n), pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
               rng.uniform(1, 100, n).round(2))
    start = time.perf_counter()
    value.rfm_table(frame.astype({"order_date": str}), as_of=AS_OF, duplicates="keep")
    assert time.perf_counter() - start < 2
