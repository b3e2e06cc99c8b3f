"""crm_study.analytics.loyalty: repeat-purchase rate, share of wallet, purchase intervals, loyalty classes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import loyalty
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError


def _msg(exc_info) -> str:
    return str(exc_info.value)


def _tx():
    # customer 1: three purchase days (two rows on 2024-01-11 count once);
    # customer 2: one purchase; customer 3: two purchases, one in 2023
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 1, 2, 3, 3],
        "order_date": ["2024-01-01", "2024-01-11", "2024-01-11", "2024-01-31", "2024-02-01",
                       "2023-12-01", "2024-03-01"],
        "order_id": [101, 102, 103, 104, 201, 301, 302],
    })


def test_repeat_purchase_rate_hand_computed():
    out = loyalty.repeat_purchase_rate(_tx())
    assert out["customers"] == 3 and out["repeat_customers"] == 2
    assert out["rate"] == pytest.approx(2 / 3)
    in_2024 = loyalty.repeat_purchase_rate(_tx(), start="2024-01-01", end="2024-12-31")
    assert in_2024["repeat_customers"] == 1 and in_2024["rate"] == pytest.approx(1 / 3)
    january = loyalty.repeat_purchase_rate(_tx(), start="2024-01-01", end="2024-01-11")
    assert january["customers"] == 1 and january["rate"] == pytest.approx(1.0)


def test_repeat_purchase_rate_counts_orders_when_given():
    tx = _tx().query("customer_id == 2")
    tx = pd.concat([tx, tx.assign(order_id=202)])        # two orders on the same day
    assert loyalty.repeat_purchase_rate(tx)["rate"] == 0.0
    assert loyalty.repeat_purchase_rate(tx, order_col="order_id")["rate"] == 1.0


def test_repeat_purchase_rate_on_cdnow_is_a_share():
    tx = crm_study.data.datasets.load("cdnow_sample")
    out = loyalty.repeat_purchase_rate(tx)
    assert out["customers"] == 2357 and 0 < out["rate"] < 1


def test_repeat_purchase_rate_errors(lang):
    with pytest.raises(ColumnError) as e:
        loyalty.repeat_purchase_rate(_tx(), date_col="date")
    assert "repeat_purchase_rate" in _msg(e) and "'date'" in _msg(e)
    with pytest.raises(ColumnError):
        loyalty.repeat_purchase_rate(_tx(), order_col="order")
    with pytest.raises(InputTypeError):
        loyalty.repeat_purchase_rate(_tx().to_dict())
    with pytest.raises(DataError):
        loyalty.repeat_purchase_rate(_tx().iloc[0:0])
    with pytest.raises(ArgumentError) as e:
        loyalty.repeat_purchase_rate(_tx(), start="2024-13-45")
    assert "start" in _msg(e) and "YYYY-MM-DD" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        loyalty.repeat_purchase_rate(_tx(), start="2024-06-01", end="2024-01-01")
    assert ("swap" if lang == "en" else "交换") in _msg(e)
    with pytest.raises(DataError) as e:
        loyalty.repeat_purchase_rate(_tx(), start="2030-01-01")
    assert ("no purchases" if lang == "en" else "没有任何购买") in _msg(e)
    bad = _tx()
    bad.loc[4, "customer_id"] = None
    with pytest.raises(DataError) as e:
        loyalty.repeat_purchase_rate(bad)
    assert "'customer_id'" in _msg(e) and "4" in _msg(e)
    bad = _tx()
    bad.loc[2, "order_date"] = "yesterday"
    with pytest.raises(DataError) as e:
        loyalty.repeat_purchase_rate(bad)
    assert "'order_date'" in _msg(e)


# ------------------------------------------------------------------ share of wallet
def test_share_of_wallet_hand_computed():
    assert loyalty.share_of_wallet(3000, 12000) == pytest.approx(0.25)
    out = loyalty.share_of_wallet(pd.Series([500, 0, 800], index=list("abc")), [1000, 800, 800])
    assert isinstance(out, pd.Series) and out.index.tolist() == list("abc")
    assert out.tolist() == pytest.approx([0.5, 0.0, 1.0])
    assert loyalty.share_of_wallet(np.array([1.0, 2.0]), 4).tolist() == [0.25, 0.5]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e6), st.floats(0, 1)), min_size=1, max_size=30))
def test_share_of_wallet_in_0_1(rows):
    total = [t + 1.0 for t, _ in rows]
    ours = [(t + 1.0) * f for t, f in rows]
    out = loyalty.share_of_wallet(ours, total)
    assert ((out >= 0) & (out <= 1)).all()


def test_share_of_wallet_errors(lang):
    with pytest.raises(DataError) as e:
        loyalty.share_of_wallet([500, 900], [1000, 800])
    m = _msg(e)
    assert "share_of_wallet" in m and "our_spend" in m and "total_category_spend" in m and "1" in m
    assert ("swapped" if lang == "en" else "写反") in m
    with pytest.raises(DataError) as e:
        loyalty.share_of_wallet(-5, 100)
    assert "our_spend" in _msg(e) and ("negative" if lang == "en" else "负值") in _msg(e)
    with pytest.raises(DataError) as e:
        loyalty.share_of_wallet(0, 0)
    assert "total_category_spend" in _msg(e) and ("undefined" if lang == "en" else "无从计算") in _msg(e)
    with pytest.raises(InputTypeError):
        loyalty.share_of_wallet("a lot", 100)
    with pytest.raises(ArgumentError):
        loyalty.share_of_wallet([1, 2], [3, 4, 5])


# ------------------------------------------------------------------ intervals
def test_purchase_intervals_hand_computed():
    out = loyalty.purchase_intervals(_tx())
    # customer 1: days 1, 11, 31 -> gaps 10 and 20; customer 3: 2023-12-01 -> 2024-03-01 = 91 days
    assert out.loc[1, "purchases"] == 3
    assert out.loc[1, "mean_interval_days"] == pytest.approx(15.0)
    assert out.loc[1, "median_interval_days"] == pytest.approx(15.0)
    assert np.isnan(out.loc[2, "mean_interval_days"])
    assert out.loc[3, "mean_interval_days"] == pytest.approx(91.0)
    assert out.loc[1, "last_purchase"] == pd.Timestamp("2024-01-31")
    assert out.index.name == "customer_id"


def test_purchase_interval_stats_pools_all_gaps():
    out = loyalty.purchase_interval_stats(_tx())
    # gaps 10, 20, 91
    assert out["intervals"] == 3 and out["repeat_customers"] == 2
    assert out["mean_days"] == pytest.approx(121 / 3)
    assert out["median_days"] == pytest.approx(20.0)
    assert out["p25_days"] == pytest.approx(15.0) and out["p75_days"] == pytest.approx(55.5)


def test_interval_stats_ignore_a_repeated_row_index():
    tx = _tx()
    tx.index = [0, 0, 1, 1, 0, 2, 2]          # labels shared across customers
    out = loyalty.purchase_interval_stats(tx)
    assert out["repeat_customers"] == 2 and out["intervals"] == 3


def test_purchase_interval_errors(lang):
    with pytest.raises(DataError) as e:
        loyalty.purchase_interval_stats(_tx().query("customer_id == 2"))
    assert "purchase_interval_stats" in _msg(e)
    assert ("two different days" if lang == "en" else "两个不同的日期") in _msg(e)
    with pytest.raises(ColumnError) as e:
        loyalty.purchase_intervals(_tx(), customer_col="client")
    assert "purchase_intervals" in _msg(e) and "customer_col" in _msg(e)


# ------------------------------------------------------------------ loyalty classes
def test_loyalty_class_quadrants(lang):
    out = loyalty.loyalty_class([0.9, 0.1, 0.9, 0.1], [9, 9, 3, 3], behaviour_cut=0.5, attitude_cut=7)
    assert out["loyalty_code"].tolist() == ["true", "latent", "spurious", "none"]
    expected = ["true loyalty", "latent loyalty", "spurious loyalty", "no loyalty"] if lang == "en" \
        else ["真正忠诚", "潜在忠诚", "虚假忠诚", "不忠诚"]
    assert out["loyalty"].tolist() == expected
    # the cut itself counts as high
    assert loyalty.loyalty_class([0.5], [7], behaviour_cut=0.5, attitude_cut=7)["loyalty_code"].tolist() == ["true"]


def test_loyalty_class_default_cuts_are_medians_and_keep_the_index():
    b = pd.Series([1, 2, 3, 4], index=list("wxyz"))
    out = loyalty.loyalty_class(b, [4, 3, 2, 1])
    assert out.attrs == {"behaviour_cut": 2.5, "attitude_cut": 2.5}
    assert out.index.tolist() == list("wxyz")
    assert out["loyalty_code"].tolist() == ["latent", "latent", "spurious", "spurious"]
    mean_cut = loyalty.loyalty_class([0, 0, 9], [0, 0, 9], behaviour_cut="mean", attitude_cut="mean")
    assert mean_cut.attrs["behaviour_cut"] == 3.0
    assert mean_cut["loyalty_code"].tolist() == ["none", "none", "true"]


def test_loyalty_class_on_the_travel_agency_finds_all_four():
    ta = crm_study.data.datasets.load("travel_agency")
    sow = loyalty.share_of_wallet(ta["spend_3y"], ta["travel_spend_3y"])
    out = loyalty.loyalty_class(sow, ta["recommend_score"])
    assert set(out["loyalty_code"]) == {"true", "latent", "spurious", "none"}
    assert len(out) == len(ta)


def test_loyalty_class_errors(lang):
    with pytest.raises(ArgumentError) as e:
        loyalty.loyalty_class([1, 2], [1, 2], behaviour_cut="mode")
    assert "behaviour_cut" in _msg(e) and "'median'" in _msg(e)
    with pytest.raises(InputTypeError):
        loyalty.loyalty_class([1, 2], [1, 2], attitude_cut=None)
    with pytest.raises(ArgumentError):
        loyalty.loyalty_class([1, 2, 3], [1, 2])
    with pytest.raises(DataError) as e:
        loyalty.loyalty_class([1, None], [1, 2])
    assert "behaviour_score" in _msg(e)
