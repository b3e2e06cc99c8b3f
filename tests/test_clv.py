"""crm_study.analytics.clv: the simple retention formula, the period table, the exam-style discounted CLV."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_study import clv
from crm_study.errors import ArgumentError, InputTypeError


def test_clv_simple_hand_computed():
    assert clv.clv_simple(100, 0.8, 0.1) == pytest.approx(100 * 0.8 / 0.3)
    assert round(clv.clv_simple(100, 0.8, 0.1), 2) == 266.67
    assert clv.clv_simple(100, 0.8, 0.1, acquisition_cost=50) == pytest.approx(800 / 3 - 50)
    assert clv.clv_simple(100, 0.0, 0.1, acquisition_cost=20) == pytest.approx(-20.0)
    assert isinstance(clv.clv_simple(100, 0.8, 0.1), float)


def test_clv_simple_broadcasts_over_arrays():
    r = np.array([0.0, 0.5, 0.8])
    out = clv.clv_simple(100, r, 0.1)
    assert isinstance(out, np.ndarray)
    assert out.tolist() == pytest.approx([clv.clv_simple(100, x, 0.1) for x in r])


def test_clv_table_three_periods_by_hand():
    t = clv.clv_table(100, 0.8, 0.1, periods=3, acquisition_cost=10)
    assert t["period"].tolist() == [1, 2, 3]
    assert t["survival"].tolist() == pytest.approx([0.8, 0.64, 0.512])
    assert t["discount_factor"].tolist() == pytest.approx([1 / 1.1, 1 / 1.21, 1 / 1.331])
    assert t["discounted_margin"].tolist() == pytest.approx([80 / 1.1, 64 / 1.21, 51.2 / 1.331])
    assert t["cumulative"].iloc[-1] == pytest.approx(80 / 1.1 + 64 / 1.21 + 51.2 / 1.331)
    assert t["clv"].iloc[-1] == pytest.approx(164.0872 - 10, abs=1e-4)
    assert (t["clv"] == t["cumulative"] - 10).all()


def test_clv_table_converges_to_the_simple_formula():
    long = clv.clv_table(100, 0.8, 0.1, periods=400, acquisition_cost=30)
    assert long["clv"].iloc[-1] == pytest.approx(clv.clv_simple(100, 0.8, 0.1, 30))


def test_first_period_zero_counts_a_margin_today():
    t = clv.clv_table(100, 0.8, 0.1, periods=400, first_period=0)
    assert t["period"].iloc[0] == 0 and t["discounted_margin"].iloc[0] == 100
    assert t["clv"].iloc[-1] == pytest.approx(100 * 1.1 / 0.3)
    assert t["clv"].iloc[-1] == pytest.approx(clv.clv_simple(100, 0.8, 0.1) + 100)


@settings(max_examples=60, deadline=None)
@given(st.floats(-1e4, 1e4), st.floats(0, 0.9), st.floats(0, 0.5), st.floats(0, 1e3))
def test_clv_table_tends_to_clv_simple_for_any_inputs(margin, retention, discount, ac):
    table = clv.clv_table(margin, retention, discount, periods=600, acquisition_cost=ac)
    assert table["clv"].iloc[-1] == pytest.approx(clv.clv_simple(margin, retention, discount, ac), abs=1e-6)
    if margin > 0:
        assert (np.diff(table["cumulative"].to_numpy()) >= 0).all()


def test_per_period_margins_and_the_exam_calculation():
    t = clv.clv_table([100, 200, 300], 1.0, 0.1)
    assert t["clv"].iloc[-1] == pytest.approx(100 / 1.1 + 200 / 1.21 + 300 / 1.331)
    # "profit 500 a year for 3 years, discount rate 10 %, acquisition cost 200"
    assert clv.clv_discounted(500, 0.1, years=3, acquisition_cost=200) == pytest.approx(1043.43, abs=0.005)
    assert clv.clv_discounted([500, 500, 500], 0.1, acquisition_cost=200) == pytest.approx(1043.43, abs=0.005)
    assert clv.clv_discounted(500, 0.1, years=2, retention=0.5) == pytest.approx(250 / 1.1 + 125 / 1.21)


@pytest.mark.parametrize("retention", [1.0, -0.1, 1.5])
def test_clv_simple_rejects_retention_outside_0_1(lang, retention):
    with pytest.raises(ArgumentError) as err:
        clv.clv_simple(100, retention, 0.1)
    msg = str(err.value)
    assert "clv_simple" in msg and "retention" in msg and "[0, 1)" in msg
    assert ("outside the allowed range" in msg) if lang == "en" else ("超出允许范围" in msg)


def test_clv_simple_rejects_bad_discount_margin_and_cost(lang):
    with pytest.raises(ArgumentError, match="discount"):
        clv.clv_simple(100, 0.8, -1)
    with pytest.raises(ArgumentError, match="margin"):
        clv.clv_simple(float("nan"), 0.8, 0.1)
    with pytest.raises(InputTypeError, match="margin"):
        clv.clv_simple("100", 0.8, 0.1)
    with pytest.raises(ArgumentError, match="acquisition_cost"):
        clv.clv_simple(100, 0.8, 0.1, acquisition_cost=-5)


def test_array_argument_names_the_bad_element(lang):
    with pytest.raises(ArgumentError) as err:
        clv.clv_simple(100, [0.5, 0.9, 1.0], 0.1)
    assert "retention[2]" in str(err.value)
    with pytest.raises(InputTypeError) as err:
        clv.clv_simple(100, ["a", 0.5], 0.1)
    assert ("sequence of numbers" in str(err.value)) == (lang == "en")


def test_clv_table_argument_checks(lang):
    with pytest.raises(ArgumentError, match="periods"):
        clv.clv_table(100, 0.8, 0.1, periods=0)
    with pytest.raises(ArgumentError) as err:
        clv.clv_table(100, 0.8, 0.1)
    assert ("periods=N" in str(err.value)) and (("missing" in str(err.value)) == (lang == "en"))
    with pytest.raises(ArgumentError, match="periods=4"):
        clv.clv_table([1, 2, 3], 0.8, 0.1, periods=4)
    with pytest.raises(ArgumentError, match="first_period"):
        clv.clv_table(100, 0.8, 0.1, periods=3, first_period=2)
    with pytest.raises(ArgumentError, match="retention"):
        clv.clv_table(100, 1.1, 0.1, periods=3)
    with pytest.raises(ArgumentError, match="margin"):
        clv.clv_table([], 0.8, 0.1)
    with pytest.raises(InputTypeError, match="periods"):
        clv.clv_table(100, 0.8, 0.1, periods=2.5)


def test_plot_clv_vs_retention(lang):
    ax = clv.plot_clv_vs_retention(100, 0.1, acquisition_cost=50, highlight=0.8)
    x, y = ax.get_lines()[0].get_data()
    assert x[0] == 0 and x[-1] == pytest.approx(95)
    assert y == pytest.approx(clv.clv_simple(100, x / 100, 0.1, 50))
    note = ax.texts[0].get_text()
    assert "216.67" in note and "80%" in note
    assert ax.get_xlabel() == ("retention rate r (%)" if lang == "en" else "客户保持率 r（%）")
    with pytest.raises(ArgumentError, match="highlight"):
        clv.plot_clv_vs_retention(100, 0.1, highlight=1.0)
