"""crm_study.analytics.value: ABC classes, the RFM table, scores and the eight segments, the value matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study as crm
from crm_study import value
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

AS_OF = pd.Timestamp("2025-01-01")


def _tx(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols)


@pytest.fixture
def en():
    crm.set_language("en")


# --------------------------------------------------------------------------- ABC

def test_abc_hand_computed_shares_and_classes_follow_the_exam_rule_by_default(en):
    out = value.abc_analysis(_tx(customer_id=["c", "a", "b"], amount=[20.0, 50.0, 30.0]))
    assert out.index.tolist() == ["a", "b", "c"]
    assert out["share"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert out["cum_share"].tolist() == pytest.approx([0.5, 0.8, 1.0])
    # b lands exactly on 80 %: A; c takes the cumulative share to 100 % > 95 %: C
    assert out["abc_class"].tolist() == ["A", "A", "C"]
    assert out.attrs["rule"] == "cutoff"


def test_abc_exam_rule_keeps_a_customer_only_while_the_share_including_them_is_within_the_cutoff(en):
    out = value.abc_analysis(_tx(customer_id=list("abcd"), amount=[60.0, 30.0, 6.0, 4.0]))
    # cumulative shares .60 .90 .96 1.00: b passes 80 % (B), c passes 95 % (C)
    assert out["abc_class"].tolist() == ["A", "B", "C", "C"]
    alone = value.abc_analysis(_tx(customer_id=list("ab"), amount=[90.0, 10.0]))
    assert alone["abc_class"].tolist() == ["A", "C"]  # the top customer is A even above 80 %


def test_abc_crossing_rule_keeps_the_customer_who_crosses_a_cutoff_in_the_upper_class(en):
    out = value.abc_analysis(_tx(customer_id=list("abcd"), amount=[60.0, 30.0, 6.0, 4.0]), rule="crossing")
    # cumulative shares .60 .90 .96 1.00: b crosses 80 % (A), c crosses 95 % (B), d is C
    assert out["abc_class"].tolist() == ["A", "A", "B", "C"]
    assert out.attrs["rule"] == "crossing"
    exact = value.abc_analysis(_tx(customer_id=list("abc"), amount=[50.0, 30.0, 20.0]), rule="crossing")
    assert exact["abc_class"].tolist() == ["A", "A", "B"]  # c starts at 80 %, below 95 %: B


def test_abc_chapter_04_hand_example_under_both_rules(en):
    """Section 1.4 of chapter 04: P 500, Q 250, R 120, S 80, T 50; cumulative 50 %, 75 %, 87 %, 95 %, 100 %."""
    five = _tx(customer_id=list("PQRST"), amount=[500.0, 250.0, 120.0, 80.0, 50.0])
    assert value.abc_analysis(five)["abc_class"].tolist() == ["A", "A", "B", "B", "C"]
    assert value.abc_analysis(five, rule="crossing")["abc_class"].tolist() == ["A", "A", "A", "B", "C"]


@pytest.mark.parametrize("rule, amounts, cutoffs", [
    # exam rule, cumulative .40 .70 1.00: the first 30 is B (70 % <= 90 %); alone, the second would be C (100 %)
    ("cutoff", [40.0, 30.0, 30.0], (0.5, 0.9)),
    # crossing rule, share before .00 .50 .75: the first 25 is B (50 % < 70 %); alone, the second would be C (75 %)
    ("crossing", [50.0, 25.0, 25.0], (0.5, 0.7)),
])
def test_abc_equal_values_always_share_the_class_of_the_first_of_them(en, rule, amounts, cutoffs):
    out = value.abc_analysis(_tx(customer_id=list("xyz"), amount=amounts), cutoffs=cutoffs, rule=rule)
    assert out["abc_class"].tolist() == ["A", "B", "B"]


def test_abc_rejects_an_unknown_rule(en):
    with pytest.raises(ArgumentError, match="rule"):
        value.abc_analysis(_tx(customer_id=["a"], amount=[1.0]), rule="nearest")


def test_abc_sums_a_transaction_log_per_customer(en):
    log = _tx(customer_id=["a", "b", "a", "b", "c"], amount=[10.0, 5.0, 40.0, 25.0, 20.0])
    out = value.abc_analysis(log)
    assert out["value"].to_dict() == {"a": 50.0, "b": 30.0, "c": 20.0}


def test_abc_ties_share_a_class_and_are_ordered_by_customer_id_whatever_the_row_order(en):
    rows = _tx(customer_id=["b", "c", "a"], amount=[40.0, 20.0, 40.0])
    out = value.abc_analysis(rows, cutoffs=(0.4, 0.9))
    assert out.index.tolist() == ["a", "b", "c"]
    assert out["abc_class"].tolist() == ["A", "A", "C"]   # b ties with a, so b is A as well; c reaches 100 %
    shuffled = value.abc_analysis(rows.iloc[[2, 0, 1]], cutoffs=(0.4, 0.9))
    pd.testing.assert_frame_equal(out, shuffled)


def test_abc_custom_column_names_and_zero_value_customers(en):
    out = value.abc_analysis(_tx(cid=[1, 2, 3], profit=[9.0, 1.0, 0.0]), customer_col="cid", value_col="profit")
    assert out.index.name == "cid"
    assert out["abc_class"].tolist() == ["A", "C", "C"]  # cumulative .9, 1.0, 1.0: only the top one within 95 %
    assert out.attrs["cutoffs"] == (0.8, 0.95)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=40)
       .filter(lambda v: sum(v) > 0),
       st.floats(min_value=0.05, max_value=0.9), st.floats(min_value=0.01, max_value=1.0),
       st.sampled_from(["cutoff", "crossing"]))
def test_abc_properties_hold_for_any_values(values, a, gap, rule):
    b = min(1.0, a + gap)
    out = value.abc_analysis(_tx(customer_id=range(len(values)), amount=values), cutoffs=(a, b), rule=rule)
    assert out["share"].sum() == pytest.approx(1.0)
    assert out["cum_share"].iloc[-1] == pytest.approx(1.0)
    assert (np.diff(out["value"].to_numpy()) <= 0).all()
    ranks = out["abc_class"].map({"A": 0, "B": 1, "C": 2}).to_numpy()
    assert (np.diff(ranks) >= 0).all()
    assert out["abc_class"].iloc[0] == "A"
    assert (out.groupby("value")["abc_class"].nunique() == 1).all()           # equal values, one class
    by_value = out.groupby(out["value"].to_numpy())
    if rule == "crossing":   # the share before the first of each tie decides
        before = by_value["cum_share"].transform("min") - by_value["share"].transform("first")
        assert (before[out["abc_class"] == "A"] < a + 1e-9).all()
        assert (before[out["abc_class"] == "B"] < b + 1e-9).all()
        assert (before[out["abc_class"] == "C"] >= b - 1e-9).all()
    else:                    # the share including the first of each tie decides; the top customer is A
        upto = by_value["cum_share"].transform("min")
        top = out["value"] == out["value"].iloc[0]
        assert (upto[(out["abc_class"] == "A") & ~top] <= a + 1e-9).all()
        assert (upto[out["abc_class"] == "B"] > a - 1e-9).all() and (upto[out["abc_class"] == "B"] <= b + 1e-9).all()
        assert (upto[out["abc_class"] == "C"] > b - 1e-9).all()


@pytest.mark.parametrize("cutoffs", [(0.95, 0.8), (0.0, 0.5), (0.8, 1.2), (0.8, 0.8)])
def test_abc_rejects_cutoffs_out_of_order_or_range(en, cutoffs):
    with pytest.raises(ArgumentError, match="abc_analysis"):
        value.abc_analysis(_tx(customer_id=["a"], amount=[1.0]), cutoffs=cutoffs)


def test_abc_cutoffs_must_be_a_pair(lang):
    with pytest.raises(InputTypeError) as err:
        value.abc_analysis(_tx(customer_id=["a"], amount=[1.0]), cutoffs=0.8)
    assert ("(0.8, 0.95)" in str(err.value)) and (("must be a pair" in str(err.value)) == (lang == "en"))


def test_abc_missing_column_suggests_the_close_name(lang):
    with pytest.raises(ColumnError) as err:
        value.abc_analysis(_tx(customer_id=["a"], amout=[1.0]))
    msg = str(err.value)
    assert "abc_analysis" in msg and "'amout'" in msg and "value_col" in msg
    assert ("Did you mean" in msg) if lang == "en" else ("是否指" in msg)


def test_abc_refuses_negative_values_and_a_zero_total(lang):
    with pytest.raises(DataError) as err:
        value.abc_analysis(_tx(customer_id=["a", "b"], amount=[5.0, -1.0]))
    assert "'amount'" in str(err.value) and "1" in str(err.value)
    with pytest.raises(DataError) as err:
        value.abc_analysis(_tx(customer_id=["a", "b"], amount=[0.0, 0.0]))
    assert ("total" in str(err.value)) if lang == "en" else ("合计" in str(err.value))


# --------------------------------------------------------------------------- RFM table

@pytest.fixture
def orders():
    return _tx(customer_id=["a", "a", "a", "b"],
               order_id=["O1", "O1", "O2", "O3"],
               order_date=["2024-12-01", "2024-12-01", "2024-12-30", "2024-06-01"],
               amount=[60.0, 40.0, 50.0, 30.0])


def test_rfm_table_hand_computed(en, orders):
    out = value.rfm_table(orders, as_of=AS_OF)
    assert out.index.name == "customer_id"
    assert out.loc["a"].tolist() == [2, 2, 150.0]      # 2 distinct orders, 2 days before as_of
    assert out.loc["b"].tolist() == [214, 1, 30.0]     # 2024-06-01 -> 2025-01-01 is 214 days
    assert out["recency"].dtype == "int64" and out["frequency"].dtype == "int64"
    assert out.attrs["as_of"] == AS_OF


def test_rfm_frequency_counts_rows_without_an_order_column(en, orders):
    out = value.rfm_table(orders.drop(columns="order_id"), as_of="2025-01-01")
    assert out.loc["a", "frequency"] == 3


def test_rfm_default_as_of_is_the_day_after_the_last_date(en, orders):
    out = value.rfm_table(orders)
    assert out.attrs["as_of"] == pd.Timestamp("2024-12-31")
    assert out.loc["a", "recency"] == 1


def test_rfm_recency_counts_whole_days_and_a_purchase_on_as_of_is_zero(en):
    tx = _tx(customer_id=["a", "b"], order_date=pd.to_datetime(["2024-12-30 23:59", "2025-01-01 10:00"]),
             amount=[1.0, 2.0])
    out = value.rfm_table(tx, as_of=AS_OF)
    assert out["recency"].tolist() == [2, 0]


def test_rfm_refuses_transactions_after_as_of(lang, orders):
    with pytest.raises(DataError) as err:
        value.rfm_table(orders, as_of="2024-12-15")
    msg = str(err.value)
    assert "rfm_table" in msg and "2024-12-15" in msg and "2" in msg and "'order_date'" in msg


def test_rfm_negative_amount_without_a_rule_names_rows_and_rules(lang, orders):
    orders.loc[4] = ["a", "O2", "2024-12-31", -50.0]
    with pytest.raises(DataError) as err:
        value.rfm_table(orders, as_of=AS_OF)
    msg = str(err.value)
    assert "'amount'" in msg and "4" in msg and "returns='net'" in msg and "returns='drop'" in msg
    assert ("negative" in msg) if lang == "en" else ("负金额" in msg)


def test_rfm_returns_net_reduces_monetary_but_not_frequency_or_recency(en, orders):
    orders.loc[4] = ["a", "O2", "2024-12-31", -50.0]
    out = value.rfm_table(orders, as_of=AS_OF, returns="net")
    assert out.loc["a"].tolist() == [2, 2, 100.0]
    dropped = value.rfm_table(orders, as_of=AS_OF, returns="drop")
    assert dropped.loc["a"].tolist() == [2, 2, 150.0]


def test_rfm_returns_net_drops_customers_with_nothing_left(en, orders):
    orders.loc[4] = ["b", "O3", "2024-06-05", -30.0]
    orders.loc[5] = ["c", "O9", "2024-06-05", -5.0]       # a refund with no sale in the window
    out = value.rfm_table(orders, as_of=AS_OF, returns="net")
    assert out.index.tolist() == ["a"]
    assert out.attrs["dropped"] == ["b", "c"]


def test_rfm_returns_leaving_no_purchase_is_an_error(lang):
    with pytest.raises(DataError, match="returns='drop'"):
        value.rfm_table(_tx(customer_id=["a"], order_date=["2024-01-01"], amount=[-3.0]), returns="drop")


def test_rfm_matches_the_tutorial_groupby(en):
    rng = np.random.default_rng(1)
    tx = _tx(customer_id=rng.integers(0, 50, 500).astype(str),
             order_date=pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, 500), unit="D"),
             amount=rng.uniform(1, 100, 500).round(2))
    ours = value.rfm_table(tx, as_of=AS_OF)
    slow = tx.groupby("customer_id").agg(recency=("order_date", lambda x: (AS_OF - x.max()).days),
                                         frequency=("order_date", "count"), monetary=("amount", "sum"))
    pd.testing.assert_frame_equal(ours, slow, check_dtype=False, check_index_type=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 60), st.floats(0, 1e4)), min_size=1, max_size=50),
       st.randoms(use_true_random=False))
def test_rfm_totals_match_the_log_and_row_order_does_not_matter(rows, rnd):
    tx = pd.DataFrame(rows, columns=["customer_id", "day", "amount"])
    tx["order_date"] = pd.Timestamp("2024-10-01") + pd.to_timedelta(tx["day"], unit="D")
    out = value.rfm_table(tx, as_of=AS_OF, duplicates="keep")   # every row is a purchase, repeated or not
    assert out["frequency"].sum() == len(tx)
    assert out["monetary"].sum() == pytest.approx(tx["amount"].sum())
    assert out["recency"].min() == (AS_OF - tx["order_date"].max()).days
    order = list(range(len(tx)))
    rnd.shuffle(order)
    pd.testing.assert_frame_equal(value.rfm_table(tx.iloc[order], as_of=AS_OF, duplicates="keep"), out)


def test_rfm_unparseable_date_names_the_row(lang, orders):
    orders.loc[1, "order_date"] = "2024-13-45"
    with pytest.raises(DataError) as err:
        value.rfm_table(orders)
    msg = str(err.value)
    assert "'order_date'" in msg and "'2024-13-45'" in msg and "1" in msg
    assert ("YYYY-MM-DD" in msg) and (("unreadable" in msg) == (lang == "en"))


def test_rfm_nan_amount_names_the_row(lang, orders):
    orders.loc[2, "amount"] = np.nan
    with pytest.raises(DataError) as err:
        value.rfm_table(orders)
    assert "'amount'" in str(err.value) and "2" in str(err.value)


def test_rfm_missing_customer_id_names_the_row(lang, orders):
    orders.loc[3, "customer_id"] = None
    with pytest.raises(DataError) as err:
        value.rfm_table(orders)
    assert "'customer_id'" in str(err.value) and "3" in str(err.value)


def test_rfm_missing_order_id_names_the_row(lang, orders):
    orders.loc[2, "order_id"] = None
    with pytest.raises(DataError) as err:
        value.rfm_table(orders)
    assert "'order_id'" in str(err.value) and "2" in str(err.value)
    assert ("missing" in str(err.value)) == (lang == "en")


def test_rfm_bad_arguments(lang, orders):
    with pytest.raises(ArgumentError, match="returns"):
        value.rfm_table(orders, returns="ignore")
    with pytest.raises(ArgumentError, match="as_of"):
        value.rfm_table(orders, as_of="yesterday-ish")


def test_rfm_input_checks_in_both_languages(lang, orders):
    with pytest.raises(InputTypeError) as err:
        value.rfm_table(orders.to_dict())
    assert ("must be a pandas DataFrame" in str(err.value)) == (lang == "en")
    with pytest.raises(DataError) as err:
        value.rfm_table(orders.iloc[:0])
    assert ("is empty" in str(err.value)) if lang == "en" else ("为空" in str(err.value))
    with pytest.raises(ColumnError) as err:
        value.rfm_table(orders.rename(columns={"order_date": "Order_Date"}))
    assert "date_col='Order_Date'" in str(err.value)


# --------------------------------------------------------------------------- RFM scores

def test_rfm_score_hand_computed_and_r_reversed():
    t = _tx(recency=[1, 2, 3, 4, 5], frequency=[10, 20, 20, 30, 40], monetary=[5.0, 4, 3, 2, 1])
    out = value.rfm_score(t)
    assert out["F"].tolist() == [1, 2, 2, 4, 5]
    assert out["R"].tolist() == [5, 4, 3, 2, 1]
    assert out["M"].tolist() == [5, 4, 3, 2, 1]
    assert "R" not in t.columns  # the input is not modified


def test_rfm_score_ties_share_the_lowest_score_with_three_bins():
    out = value.rfm_score(_tx(recency=[1] * 6, frequency=[1, 1, 1, 2, 3, 4], monetary=[1.0] * 6), bins=3)
    assert out["F"].tolist() == [1, 1, 1, 2, 3, 3]
    assert out["R"].tolist() == [1] * 6


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8), st.integers(0, 5)), min_size=1, max_size=60),
       st.integers(2, 10))
def test_rfm_scores_in_range_ties_equal_and_monotone(rows, bins):
    t = pd.DataFrame(rows, columns=["recency", "frequency", "monetary"])
    out = value.rfm_score(t, bins=bins)
    for col, score, sign in (("recency", "R", -1), ("frequency", "F", 1), ("monetary", "M", 1)):
        s = out[score]
        assert s.between(1, bins).all() and s.dtype.kind == "i"
        assert (out.groupby(col)[score].nunique() == 1).all()
        ordered = out.sort_values(col)[score].to_numpy() * sign
        assert (np.diff(ordered) >= 0).all()


@pytest.mark.parametrize("bins", [0, 1, 11, 2.5])
def test_rfm_score_rejects_bad_bins(lang, bins):
    with pytest.raises((ArgumentError, InputTypeError)) as err:
        value.rfm_score(_tx(recency=[1], frequency=[1], monetary=[1.0]), bins=bins)
    assert "rfm_score" in str(err.value) and "bins" in str(err.value)
    if isinstance(err.value, ArgumentError):
        assert ("outside the allowed range" in str(err.value)) == (lang == "en")


# --------------------------------------------------------------------------- segments

#: one customer per cell of the RFM cube: code (R F M) -> (recency, frequency, monetary)
_CUBE = {"111": (10, 9, 1000.0), "101": (10, 1, 1000.0), "011": (100, 9, 1000.0), "001": (100, 1, 1000.0),
         "110": (10, 9, 10.0), "100": (10, 1, 10.0), "010": (100, 9, 10.0), "000": (100, 1, 10.0)}
_ZH = {"111": "重要价值客户", "101": "重要发展客户", "011": "重要保持客户", "001": "重要挽留客户",
       "110": "一般价值客户", "100": "一般发展客户", "010": "一般保持客户", "000": "一般挽留客户"}
_EN = {"111": "Important value", "101": "Important development", "011": "Important retention",
       "001": "Important win-back", "110": "General value", "100": "General development",
       "010": "General retention", "000": "General win-back"}


def _cube() -> pd.DataFrame:
    return pd.DataFrame.from_dict(_CUBE, orient="index", columns=["recency", "frequency", "monetary"])


def test_all_eight_segments_from_raw_values(lang):
    out = value.rfm_segment(_cube())
    names = _ZH if lang == "zh" else _EN
    assert out["segment"].astype(str).to_dict() == names
    assert out.loc["101", "r_high"] and not out.loc["101", "f_high"] and out.loc["101", "m_high"]
    assert out.attrs["thresholds"] == {"recency": 55.0, "frequency": 5.0, "monetary": 505.0}


def test_the_textbook_cube_is_not_swapped():
    crm.set_language("zh")
    out = value.rfm_segment(_cube())["segment"].astype(str)
    assert out["101"] == "重要发展客户"    # recent, rare, big spender: develop (not win back)
    assert out["011"] == "重要保持客户"    # lapsed, frequent, big spender: keep
    assert out["001"] == "重要挽留客户"    # lapsed, rare, big spender: win back


def test_segments_compare_the_scores_when_asked(lang):
    t = pd.DataFrame({"recency": [5] * 8, "frequency": [5] * 8, "monetary": [5.0] * 8}, index=list(_CUBE))
    for col, pos in (("R", 0), ("F", 1), ("M", 2)):
        t[col] = [5 if code[pos] == "1" else 1 for code in _CUBE]
    out = value.rfm_segment(t, basis="scores")
    assert out["segment"].astype(str).to_dict() == (_ZH if lang == "zh" else _EN)
    assert out.attrs["thresholds"] == {"R": 3.0, "F": 3.0, "M": 3.0} and out.attrs["basis"] == "scores"


def test_segments_compare_the_raw_values_by_default_even_when_scores_are_present(en):
    # three customers, recency 10/20/90 (mean 40), frequency 1/2/9 (mean 4), monetary 10/20/300 (mean 110):
    # only the third beats the F and M means, only the first two the R mean. Scores 1–5 first would give
    # the middle customer R = F = M = 2 against score means of 2.33 / 2.33 / 2.33: all low, general win-back.
    t = _tx(recency=[10, 20, 90], frequency=[1, 2, 9], monetary=[10.0, 20.0, 300.0])
    by_values = value.rfm_segment(value.rfm_score(t))
    assert by_values["segment"].astype(str).tolist() == ["General development", "General development",
                                                         "Important retention"]
    assert by_values.attrs["thresholds"] == {"recency": 40.0, "frequency": 4.0, "monetary": 110.0}
    assert by_values.attrs["basis"] == "values"
    by_scores = value.rfm_segment(value.rfm_score(t), basis="scores")
    assert by_scores["segment"].astype(str).tolist()[1] == "General win-back"


def test_segments_by_scores_need_the_score_columns(lang):
    with pytest.raises(ColumnError) as err:
        value.rfm_segment(_cube(), basis="scores")
    msg = str(err.value)
    assert "rfm_segment" in msg and "rfm_score" in msg and "'R'" in msg and "basis='values'" in msg
    with pytest.raises(ArgumentError, match="basis"):
        value.rfm_segment(_cube(), basis="ranks")


def test_values_equal_to_the_mean_count_as_low(en):
    t = _tx(recency=[1, 2, 3], frequency=[1, 2, 3], monetary=[1.0, 2.0, 3.0])
    out = value.rfm_segment(t)
    assert out["segment"].astype(str).tolist() == ["General development", "General win-back", "Important retention"]


def test_median_method_differs_from_mean_on_skewed_data(en):
    t = _tx(recency=[1, 2, 3, 4, 100], frequency=[1, 1, 1, 1, 1], monetary=[1.0, 2, 3, 4, 100])
    mean = value.rfm_segment(t)
    median = value.rfm_segment(t, method="median")
    assert mean["r_high"].tolist() == [True, True, True, True, False]
    assert median["r_high"].tolist() == [True, True, False, False, False]
    assert median.attrs["method"] == "median"


def test_segment_summary_fixed_order_and_totals(en):
    seg = value.rfm_segment(pd.concat([_cube(), _cube().loc[["111"]]]))
    crm.set_language("zh")  # labelled in the language active when summarising
    summary = value.segment_summary(seg)
    assert summary.index.tolist() == list(value.SEGMENTS[k]["zh"] for k in value.SEGMENTS)
    assert summary["count"].tolist() == [2, 1, 1, 1, 1, 1, 1, 1]
    assert summary["share"].sum() == pytest.approx(1.0)
    assert summary.loc["重要价值客户", "monetary_total"] == 2000.0
    assert summary["monetary_share"].sum() == pytest.approx(1.0)
    assert summary.loc["一般挽留客户", ["recency", "frequency", "monetary"]].tolist() == [100, 1, 10.0]


def test_segment_summary_keeps_empty_segments(en):
    summary = value.segment_summary(value.rfm_segment(_cube().loc[["111", "000"]]))
    assert len(summary) == 8 and summary["count"].sum() == 2
    assert summary.loc["General value", "count"] == 0


def test_segment_summary_rejects_unknown_labels(lang):
    bad = _cube().assign(segment="VIP")
    with pytest.raises(DataError) as err:
        value.segment_summary(bad)
    assert "rfm_segment" in str(err.value) and "VIP" in str(err.value)


def test_segment_strategy_covers_the_eight_segments(lang):
    table = value.segment_strategy()
    names = _ZH if lang == "zh" else _EN
    assert table.index.tolist() == [names["".join(map(str, v["code"]))] for v in value.SEGMENTS.values()]
    assert table.loc[table.index[1], "rfm"] == "R↑ F↓ M↑"
    assert table["strategy"].str.len().min() > 10
    assert set(value.SEGMENT_STRATEGIES) == set(value.SEGMENTS)


def test_segment_bad_method_and_missing_columns(lang):
    with pytest.raises(ArgumentError) as err:
        value.rfm_segment(_cube(), method="avg")
    assert "'median'" in str(err.value)
    with pytest.raises(ColumnError) as err:
        value.rfm_segment(_cube().drop(columns="monetary"))
    assert "'monetary'" in str(err.value)


# --------------------------------------------------------------------------- value matrix

def test_value_matrix_four_quadrants(lang):
    t = _tx(frequency=[1, 1, 5, 5], monetary=[100.0, 1000.0, 100.0, 2000.0])
    out = value.value_matrix(t)
    assert out["avg_amount"].tolist() == [100.0, 1000.0, 20.0, 400.0]
    assert out.attrs["thresholds"] == {"frequency": 3.0, "avg_amount": 380.0}
    expected = {"zh": ["不确定型客户", "乐于消费型客户", "经常性客户", "最好的客户"],
                "en": ["Uncertain customers", "Spenders", "Frequent customers", "Best customers"]}[lang]
    assert out["quadrant"].astype(str).tolist() == expected


def test_value_matrix_needs_a_purchase_per_customer(lang):
    with pytest.raises(DataError) as err:
        value.value_matrix(_tx(frequency=[0, 2], monetary=[0.0, 5.0]))
    assert "'frequency'" in str(err.value) and "0" in str(err.value)


# --------------------------------------------------------------------------- plots

def test_plots_return_axes_with_titles_in_the_active_language(lang):
    cube = value.rfm_score(_cube())
    seg = value.rfm_segment(cube)
    abc = value.abc_analysis(_tx(customer_id=list("abcd"), amount=[60.0, 30.0, 6.0, 4.0]))
    axes = [value.plot_pareto(abc), value.plot_segments(seg), value.plot_rf_heatmap(cube),
            value.plot_rf_heatmap(cube, value="monetary"), value.plot_value_matrix(value.value_matrix(_cube()))]
    titles = [ax.get_title() for ax in axes]
    if lang == "zh":
        assert titles[0] == "ABC 分析：帕累托图" and "客户价值矩阵" in titles[4]
    else:
        assert titles[0] == "ABC analysis: Pareto chart" and "Customer value matrix" in titles[4]
    assert [t.get_text() for t in axes[1].get_xticklabels()] == list((_ZH if lang == "zh" else _EN)[k]
                                                                     for k in _CUBE)
    heat = axes[2].images[0].get_array()
    assert heat.sum() == 8


def test_pareto_draws_the_cutoff_lines(en):
    abc = value.abc_analysis(_tx(customer_id=list("abcd"), amount=[60.0, 30.0, 6.0, 4.0]), cutoffs=(0.7, 0.9))
    ax = value.plot_pareto(abc)
    twin = [a for a in ax.figure.axes if a is not ax][0]
    levels = sorted(line.get_ydata()[0] for line in twin.get_lines() if len(set(line.get_ydata())) == 1)
    assert levels == pytest.approx([70.0, 90.0])


def test_plot_checks_its_input(lang):
    with pytest.raises(ColumnError):
        value.plot_pareto(_tx(value=[1.0]))
    with pytest.raises(ArgumentError):
        value.plot_rf_heatmap(_tx(R=[1], F=[1]), value="median")
