"""BG/NBD, Gamma-Gamma, model-based CLV and the BTYD summary (crm_study.analytics.btyd).

Published numbers: Fader, Hardie & Lee (2005) on the CDNOW sample (2,357 customers,
39-week calibration): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; the
Gamma-Gamma spend model on the 946 repeat buyers: p = 6.25, q = 3.74, γ = 15.44.
"""
from __future__ import annotations

import doctest
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import crm_study
from crm_study.analytics import btyd
from crm_study.analytics.btyd import (BGNBDModel, GammaGammaModel, btyd_summary, fit_bgnbd, fit_gamma_gamma,
                             model_clv, plot_frequency_fit, plot_prob_alive)
from crm_study.data.datasets import load
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def summary():
    return load("cdnow_summary")


@pytest.fixture(scope="module")
def from_log():
    return btyd_summary(load("cdnow_sample"), calibration_end="1997-09-30")


@pytest.fixture(scope="module")
def cdnow_bg(summary):
    return fit_bgnbd(summary)


# --------------------------------------------------------------------------- published results

def test_bgnbd_reproduces_fader_hardie_lee_2005_on_cdnow(cdnow_bg):
    for name, value in PUBLISHED_BGNBD.items():
        assert abs(cdnow_bg.params[name] - value) < 0.0005, name
    assert abs(cdnow_bg.loglik - (-9582.4)) < 0.1
    assert cdnow_bg.n_customers == 2357


def test_bgnbd_conditional_expectation_matches_lifetimes_on_cdnow(cdnow_bg):
    # lifetimes 0.11.3 BetaGeoFitter on the same data (benchmarks/bench_bgnbd.py):
    # conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86) = 1.22591,
    # conditional_probability_alive(2, 30.43, 38.86) = 0.72661
    assert cdnow_bg.expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.22591, abs=1e-4)
    assert cdnow_bg.prob_alive(2, 30.43, 38.86) == pytest.approx(0.72661, abs=1e-4)


def test_gamma_gamma_reproduces_published_parameters_from_the_transactions(from_log):
    gg = fit_gamma_gamma(from_log)
    for name, value in PUBLISHED_GG.items():
        assert abs(gg.params[name] - value) < 0.005, name
    assert gg.n_customers == 946
    assert 0 < gg.corr < 0.2   # frequency and spend nearly independent, as the model assumes


def test_gamma_gamma_on_the_rounded_summary_file_is_within_rounding(summary):
    # cdnow_summary stores monetary to the cent, which moves gamma by < 0.01
    gg = fit_gamma_gamma(summary)
    for name, value in PUBLISHED_GG.items():
        assert abs(gg.params[name] - value) < 0.01, name


def test_btyd_summary_of_cdnow_sample_reproduces_the_published_summary(summary, from_log):
    mine = from_log.set_index("customer_id").loc[summary["customer_id"]]
    assert len(from_log) == 2357
    assert (mine["frequency"].to_numpy() == summary["frequency"].to_numpy()).all()
    for col in ("recency", "T", "monetary"):
        assert np.abs(mine[col].to_numpy() - summary[col].to_numpy()).max() < 0.01, col
    assert (mine["duration_holdout"] == 39.0).all()   # 1997-09-30 .. 1998-06-30 = 273 days


def test_bgnbd_fitted_on_the_summary_built_from_transactions_equals_published(from_log):
    bg = fit_bgnbd(from_log)
    for name, value in PUBLISHED_BGNBD.items():
        assert abs(bg.params[name] - value) < 0.0005, name
    assert abs(bg.loglik - (-9582.4)) < 0.1


def test_fit_gives_the_same_model_from_a_frame_or_from_arrays(summary, cdnow_bg):
    bg = fit_bgnbd(summary["frequency"].to_numpy(), summary["recency"].tolist(), summary["T"])
    assert bg.params == pytest.approx(cdnow_bg.params, rel=1e-6)
    renamed = summary.rename(columns={"frequency": "x", "recency": "t_x", "T": "age"})
    bg2 = fit_bgnbd(renamed, frequency_col="x", recency_col="t_x", T_col="age")
    assert bg2.params == pytest.approx(cdnow_bg.params, rel=1e-6)


def test_frequency_table_counts_every_customer_once(cdnow_bg, summary):
    table = cdnow_bg.frequency_table(7)
    assert list(table.index) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert table["observed"].tolist()[:3] == [1411, 439, 214]
    assert table["observed"].sum() == 2357
    assert table["expected"].sum() == pytest.approx(2357)
    assert table.loc["0", "expected"] == pytest.approx(1411, rel=0.01)


# --------------------------------------------------------------------------- hand-computed cases

def test_bgnbd_log_likelihood_hand_computed():
    # x = 0, T = 1, r = α = a = b = 1: L = B(1,1)/B(1,1) · 1/(1+1) = 1/2
    assert BGNBDModel(1, 1, 1, 1).log_likelihood(0, 0, 1) == pytest.approx(math.log(1 / 2))
    # x = 1, t_x = 1, T = 2, r = α = a = 1, b = 2:
    # B(1,3)/B(1,2) · 1/3² + B(2,2)/B(1,2) · 1/2² = 2/27 + 1/12 = 17/108
    assert BGNBDModel(1, 1, 1, 2).log_likelihood(1, 1, 2) == pytest.approx(math.log(17 / 108))


def test_prob_alive_hand_computed():
    # 1 / (1 + a/(b+x-1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 1/2 · (3/2)²) = 8/17
    model = BGNBDModel(1, 1, 1, 2)
    assert model.prob_alive(1, 1, 2) == pytest.approx(8 / 17)
    assert model.prob_alive(0, 0, 5) == 1.0


def test_expected_purchases_hand_computed():
    # r = a + b - 1 makes 2F1(r, b; a+b-1; z) = (1 - z)^(-b): with r=3, α=1, a=2, b=2, x=0, T=1, t=1,
    # E = 3 · [1 - (2/3)³ · (2/3)^(-2)] = 3 · (1 - 2/3) = 1
    model = BGNBDModel(3, 1, 2, 2)
    assert model.expected_purchases(1, 0, 0, 1) == pytest.approx(1.0)
    assert model.expected_purchases_unconditional(0) == 0.0


def test_unconditional_expectation_starts_at_rate_r_over_alpha():
    model = BGNBDModel(0.5, 4.0, 1.5, 2.5)
    h = 1e-6
    assert model.expected_purchases_unconditional(h) / h == pytest.approx(0.5 / 4.0, rel=1e-4)


def test_unconditional_expectation_is_the_mean_of_the_pmf():
    model = BGNBDModel(0.243, 4.414, 0.793, 2.426)
    pmf = model.frequency_pmf([10.0, 39.0], max_frequency=400)
    assert pmf.sum(axis=1) == pytest.approx([1, 1], abs=1e-9)
    means = pmf @ np.arange(401)
    assert means == pytest.approx(model.expected_purchases_unconditional(np.array([10.0, 39.0])), rel=1e-6)


def test_pmf_at_time_zero_is_all_mass_at_zero():
    pmf = BGNBDModel(1, 2, 3, 4).frequency_pmf(0, max_frequency=3)
    assert pmf.tolist() == [[1.0, 0.0, 0.0, 0.0]]


def test_gamma_gamma_hand_computed():
    # Γ(3)/(Γ(1)Γ(2)) · 1² · 1⁰ · 1¹ / (1 + 1)³ = 2/8
    assert GammaGammaModel(1, 2, 1).log_likelihood(1, 1) == pytest.approx(math.log(1 / 4))
    gg = GammaGammaModel(2, 3, 4)
    # (γ + m̄x) p / (px + q - 1) = (4 + 10) · 2 / (4 + 2) = 14/3; population mean pγ/(q-1) = 4
    assert gg.expected_average_spend(2, 5) == pytest.approx(14 / 3)
    assert gg.expected_average_spend(0, 0) == pytest.approx(4.0)
    assert gg.mean_spend == pytest.approx(4.0)
    assert GammaGammaModel(1, 0.5, 1).mean_spend == math.inf


def test_gamma_gamma_log_likelihood_is_nan_for_customers_without_repeat_purchases():
    out = GammaGammaModel(1, 2, 1).log_likelihood(np.array([0, 1]), np.array([0.0, 1.0]))
    assert np.isnan(out[0]) and out[1] == pytest.approx(math.log(1 / 4))


def test_model_clv_without_discount_telescopes_to_total_expected_purchases():
    bg = BGNBDModel(0.243, 4.414, 0.793, 2.426)
    gg = GammaGammaModel(6.25, 3.74, 15.44)
    weeks_per_month = 365.25 / 12 / 7
    spend = gg.expected_average_spend(2, 22.35)
    expected = 0.8 * spend * bg.expected_purchases(12 * weeks_per_month, 2, 30.43, 38.86)
    assert model_clv(bg, gg, 2, 30.43, 38.86, 22.35, months=12, discount_rate=0, margin=0.8) == pytest.approx(expected)


def test_model_clv_two_months_by_hand():
    bg = BGNBDModel(0.5, 3.0, 1.2, 2.0)
    gg = GammaGammaModel(5.0, 3.0, 10.0)
    m = 365.25 / 12 / 7
    e1, e2 = bg.expected_purchases(m, 3, 20, 30), bg.expected_purchases(2 * m, 3, 20, 30)
    spend = (10 + 40 * 3) * 5 / (5 * 3 + 3 - 1)
    by_hand = spend * (e1 / 1.1 + (e2 - e1) / 1.1 ** 2)
    assert model_clv(bg, gg, 3, 20, 30, 40, months=2, discount_rate=0.1) == pytest.approx(by_hand)


def test_model_clv_does_not_depend_on_the_time_unit():
    gg = GammaGammaModel(6.25, 3.74, 15.44)
    weeks = model_clv(BGNBDModel(0.243, 4.414, 0.793, 2.426), gg, 2, 30.43, 38.86, 22.35, time_unit="weeks")
    days = model_clv(BGNBDModel(0.243, 4.414 * 7, 0.793, 2.426), gg, 2, 30.43 * 7, 38.86 * 7, 22.35,
                     time_unit="days")
    assert days == pytest.approx(weeks)


def test_model_clv_keeps_the_index_of_a_frame(summary, cdnow_bg):
    gg = fit_gamma_gamma(summary)
    part = summary.iloc[[5, 2, 9]]
    out = model_clv(cdnow_bg, gg, part)
    assert isinstance(out, pd.Series) and out.name == "clv"
    assert list(out.index) == [5, 2, 9]
    assert (out > 0).all()


def test_predictions_return_series_for_series_and_arrays_for_lists(cdnow_bg, summary):
    head = summary.head(4)
    s = cdnow_bg.prob_alive(head["frequency"], head["recency"], head["T"])
    assert isinstance(s, pd.Series) and list(s.index) == [0, 1, 2, 3]
    a = cdnow_bg.prob_alive([2, 0], [30.43, 0], [38.86, 38.86])
    assert isinstance(a, np.ndarray) and a[1] == 1.0


# --------------------------------------------------------------------------- btyd_summary by hand

@pytest.fixture
def tiny_log():
    return pd.DataFrame({
        "customer_id": ["A", "A", "A", "A", "B"],
        "order_date": ["2025-01-01", "2025-01-01", "2025-01-08", "2025-01-22", "2025-01-15"],
        "amount": [10.0, 5.0, 20.0, 40.0, 99.0],
    })


def test_btyd_summary_hand_computed_weeks_and_days(tiny_log):
    weeks = btyd_summary(tiny_log, observation_end="2025-01-29").set_index("customer_id")
    # A: same-day purchases merge; repeats on Jan 8 and Jan 22; spend (20 + 40)/2
    assert weeks.loc["A"].tolist() == [2, 3.0, 4.0, 30.0]
    assert weeks.loc["B"].tolist() == [0, 0.0, 2.0, 0.0]
    days = btyd_summary(tiny_log, observation_end="2025-01-29", freq="D").set_index("customer_id")
    assert days.loc["A", "recency"] == 21 and days.loc["A", "T"] == 28
    assert list(weeks.columns) == ["frequency", "recency", "T", "monetary"]


def test_btyd_summary_with_a_calibration_split(tiny_log):
    out = btyd_summary(tiny_log, calibration_end="2025-01-10", observation_end="2025-01-29").set_index("customer_id")
    assert list(out.index) == ["A"]   # B first bought after the calibration period
    row = out.loc["A"]
    assert row["frequency"] == 1 and row["recency"] == 1.0 and row["monetary"] == 20.0
    assert row["T"] == pytest.approx(9 / 7)
    assert row["frequency_holdout"] == 1 and row["duration_holdout"] == pytest.approx(19 / 7)


def test_btyd_summary_without_amounts_and_default_end(tiny_log):
    out = btyd_summary(tiny_log.drop(columns="amount"), amount_col=None, freq="D")
    assert "monetary" not in out.columns
    assert out.set_index("customer_id").loc["A", "T"] == 21   # ends at the last date in the log


# --------------------------------------------------------------------------- properties

positive = st.floats(min_value=0.05, max_value=20, allow_nan=False)


@st.composite
def customer(draw):
    T = draw(st.floats(min_value=0.0, max_value=100))
    x = draw(st.integers(min_value=0, max_value=40))
    tx = 0.0 if x == 0 else draw(st.floats(min_value=0.0, max_value=T))
    return x, tx, T


@settings(max_examples=60, deadline=None)
@given(positive, positive, positive, positive, customer())
def test_prob_alive_is_a_probability(r, alpha, a, b, cust):
    p = BGNBDModel(r, alpha, a, b).prob_alive(*cust)
    assert 0 < p <= 1


@settings(max_examples=60, deadline=None)
@given(positive, positive, st.floats(min_value=1.05, max_value=20), positive, customer(),
       st.floats(min_value=0.1, max_value=50))
def test_expected_purchases_grow_with_the_horizon(r, alpha, a, b, cust, t):
    model = BGNBDModel(r, alpha, a, b)
    e1, e2 = model.expected_purchases(t, *cust), model.expected_purchases(2 * t, *cust)
    assert 0 <= e1 <= e2 * (1 + 1e-9) + 1e-12


@settings(max_examples=40, deadline=None)
@given(positive, positive, positive, positive, st.floats(min_value=0.01, max_value=60))
def test_a_brand_new_customer_expects_the_unconditional_number(r, alpha, a, b, t):
    model = BGNBDModel(r, alpha, a, b)
    assert model.expected_purchases(t, 0, 0, 0) == pytest.approx(model.expected_purchases_unconditional(t), rel=1e-7)


@settings(max_examples=40, deadline=None)
@given(positive, positive, positive, positive, st.floats(min_value=0.0, max_value=60))
def test_pmf_is_a_distribution(r, alpha, a, b, t):
    pmf = BGNBDModel(r, alpha, a, b).frequency_pmf(t, max_frequency=5)
    assert (pmf >= 0).all() and pmf.sum() <= 1 + 1e-9


@settings(max_examples=30, deadline=None)
@given(customer(), st.floats(min_value=0.1, max_value=500), st.floats(min_value=0.0, max_value=0.2))
def test_clv_is_positive_and_falls_as_the_discount_rate_rises(cust, spend, d):
    bg, gg = BGNBDModel(0.243, 4.414, 0.793, 2.426), GammaGammaModel(6.25, 3.74, 15.44)
    low = model_clv(bg, gg, *cust, spend, months=6, discount_rate=d)
    high = model_clv(bg, gg, *cust, spend, months=6, discount_rate=d + 0.05)
    assert 0 < high < low


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("args, arg, en_fragment", [
    (([-1, 2], [0, 1], [3, 3]), "frequency", "negative"),
    (([1, 2], [4, 1], [3, 3]), "recency", "larger than T"),
    (([1.5, 2], [1, 1], [3, 3]), "frequency", "whole number"),
    (([0, 2], [1, 1], [3, 3]), "recency", "frequency is 0"),
    (([1, 2], [1, None], [3, 3]), "recency", "missing"),
])
def test_fit_bgnbd_rejects_bad_customers_naming_the_argument(args, arg, en_fragment):
    crm_study.set_language("en")
    with pytest.raises(DataError, match=en_fragment) as info:
        fit_bgnbd(*args)
    assert "fit_bgnbd" in str(info.value) and arg in str(info.value)


def test_text_in_a_list_of_customers_is_refused_like_a_single_text_value():
    crm_study.set_language("en")
    with pytest.raises(InputTypeError, match=r"fit_bgnbd: recency\[1\] must be a number, got 'x'"):
        fit_bgnbd([1, 2], [1, "x"], [3, 3])


def test_text_in_a_summary_column_is_named_by_the_column():
    crm_study.set_language("en")
    with pytest.raises(DataError, match="column 'recency' has 1 missing or non-numeric value"):
        fit_bgnbd(pd.DataFrame({"frequency": [1, 2], "recency": [1, "x"], "T": [3, 3]}))


def test_bad_customer_messages_in_chinese():
    crm_study.set_language("zh")
    with pytest.raises(DataError, match="不能超过 T") as info:
        fit_bgnbd([1], [4], [3])
    assert "recency" in str(info.value) and "第 0 行" in str(info.value)
    with pytest.raises(DataError, match="负值"):
        fit_bgnbd([-1], [0], [3])


def test_bad_rows_are_named_by_the_frame_index():
    crm_study.set_language("en")
    df = pd.DataFrame({"frequency": [1, 2], "recency": [5.0, 1.0], "T": [3.0, 3.0]}, index=["c7", "c9"])
    with pytest.raises(DataError, match="'c7'"):
        fit_bgnbd(df)


def test_empty_and_mismatched_inputs(lang):
    with pytest.raises(DataError, match="fit_bgnbd"):
        fit_bgnbd([], [], [])
    with pytest.raises(ArgumentError, match="frequency=2"):
        fit_bgnbd([1, 2], [1, 1, 1], [3, 3, 3])
    with pytest.raises(DataError, match="fit_bgnbd"):
        fit_bgnbd(pd.DataFrame({"frequency": [], "recency": [], "T": []}))


def test_wrong_types_and_missing_columns(lang):
    with pytest.raises(InputTypeError, match="frequency"):
        fit_bgnbd({"a": 1}, [1], [1])
    with pytest.raises(ArgumentError, match="recency"):
        fit_bgnbd([1, 2])
    with pytest.raises(ColumnError, match="T_col"):
        fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [1.0], "age": [2.0]}))
    with pytest.raises(ArgumentError, match="DataFrame"):
        fit_bgnbd(pd.DataFrame({"frequency": [1], "recency": [1.0], "T": [2.0]}), [1], [2])


def test_model_arguments_are_checked(lang):
    with pytest.raises(ArgumentError, match="alpha"):
        BGNBDModel(1, 0, 1, 1)
    with pytest.raises(ArgumentError, match="t"):
        BGNBDModel(1, 1, 2, 1).expected_purchases(-1, 1, 1, 2)
    with pytest.raises(ArgumentError, match="fit_bgnbd"):
        BGNBDModel(1, 1, 2, 1).frequency_table()


def test_gamma_gamma_input_errors(lang):
    with pytest.raises(DataError, match="monetary"):
        fit_gamma_gamma([1, 2], [0.0, 5.0])
    with pytest.raises(DataError, match="frequency"):
        fit_gamma_gamma([0, 0], [0.0, 0.0])
    with pytest.raises(DataError, match="monetary"):
        fit_gamma_gamma([1, 2], [-3.0, 5.0])
    with pytest.raises(ArgumentError, match="q"):
        GammaGammaModel(1, 0.5, 1).expected_average_spend(1, 2)


def test_model_clv_argument_errors(lang):
    bg, gg = BGNBDModel(0.243, 4.414, 0.793, 2.426), GammaGammaModel(6.25, 3.74, 15.44)
    with pytest.raises(InputTypeError, match="BGNBDModel"):
        model_clv(gg, bg, 1, 1, 2, 3)
    with pytest.raises(ArgumentError, match="time_unit"):
        model_clv(bg, gg, 1, 1, 2, 3, time_unit="fortnights")
    with pytest.raises(ArgumentError, match="discount_rate"):
        model_clv(bg, gg, 1, 1, 2, 3, discount_rate=-0.1)
    with pytest.raises(InputTypeError, match="months"):
        model_clv(bg, gg, 1, 1, 2, 3, months=1.5)
    with pytest.raises(DataError, match="recency"):
        model_clv(bg, gg, 1, 5, 2, 3)


def test_btyd_summary_errors(tiny_log, lang):
    with pytest.raises(InputTypeError, match="transactions"):
        btyd_summary(tiny_log.to_dict())
    with pytest.raises(ColumnError, match="date_col"):
        btyd_summary(tiny_log.rename(columns={"order_date": "day"}))
    with pytest.raises(ArgumentError, match="freq"):
        btyd_summary(tiny_log, freq="Q")
    with pytest.raises(ArgumentError, match="calibration_end"):
        btyd_summary(tiny_log, calibration_end="not a date")
    with pytest.raises(ArgumentError, match="calibration_end"):
        btyd_summary(tiny_log, calibration_end="2025-02-01")
    with pytest.raises(DataError, match="2024-12-01"):
        btyd_summary(tiny_log, calibration_end="2024-12-01")
    bad_date = tiny_log.assign(order_date=["2025-01-01", "soon", "2025-01-08", "2025-01-22", "2025-01-15"])
    with pytest.raises(DataError, match="order_date"):
        btyd_summary(bad_date)
    with pytest.raises(DataError, match="amount"):
        btyd_summary(tiny_log.assign(amount=[10.0, -5.0, 20.0, 40.0, 99.0]))
    with pytest.raises(DataError, match="customer_id"):
        btyd_summary(tiny_log.assign(customer_id=["A", None, "A", "A", "B"]))


def test_btyd_summary_error_messages_follow_the_language(tiny_log):
    crm_study.set_language("en")
    with pytest.raises(ArgumentError, match="must be before observation_end"):
        btyd_summary(tiny_log, calibration_end="2025-02-01")
    crm_study.set_language("zh")
    with pytest.raises(ArgumentError, match="必须早于"):
        btyd_summary(tiny_log, calibration_end="2025-02-01")


# --------------------------------------------------------------------------- plot, docs, imports

def test_plot_frequency_fit_labels_follow_the_language(cdnow_bg, lang):
    ax = plot_frequency_fit(cdnow_bg)
    assert len(ax.patches) == 16
    want = {"en": "customers", "zh": "客户数"}[lang]
    assert ax.get_ylabel() == want
    assert [t.get_text() for t in ax.get_xticklabels()][-1] == "7+"


def test_plot_frequency_fit_rejects_other_objects(lang):
    with pytest.raises(InputTypeError, match="plot_frequency_fit"):
        plot_frequency_fit("model")


def test_docstring_examples_run():
    result = doctest.testmod(btyd)
    assert result.attempted > 10 and result.failed == 0


def test_importing_the_module_does_not_import_scipy_or_matplotlib():
    code = "import sys, crm_study.analytics.btyd; print('scipy' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.mark.parametrize("params", [(1, 1, 1.0, 0.3), (0.7, 3, 0.99995, 2), (1, 1, 0.5, 0.5), (1, 1, 0.5, 0.50001)])
def test_expectation_is_continuous_through_the_removable_singularities(params):
    # the closed form divides by (a - 1), and for x = 0 by a + b - 1; near them it is interpolated
    model = BGNBDModel(*params)
    mean_of_pmf = (model.frequency_pmf(2.0, max_frequency=3000) @ np.arange(3001))[0]
    assert model.expected_purchases_unconditional(2.0) == pytest.approx(mean_of_pmf, rel=1e-7)


def test_plot_prob_alive_shows_the_fitted_range(cdnow_bg, lang):
    ax = plot_prob_alive(cdnow_bg)
    grid = ax.images[0].get_array()
    assert grid.shape == (30, 60)                      # x = 0..29 (CDNOW's largest), 60 recency steps
    assert (grid[0] == 1).all()                        # no repeat purchase: alive by construction
    assert grid[10, -1] > grid[10, 0]                  # a recent last purchase means more likely alive
    assert ax.get_ylabel() == {"en": "repeat purchases x", "zh": "重复购买次数 x"}[lang]
    assert "38.86" in ax.get_title()


def test_plot_prob_alive_needs_T_for_an_unfitted_model(lang):
    with pytest.raises(ArgumentError, match="T="):
        plot_prob_alive(BGNBDModel(1, 2, 3, 4))
    ax = plot_prob_alive(BGNBDModel(1, 2, 3, 4), T=10, max_frequency=5)
    assert ax.images[0].get_array().shape == (6, 60)
    with pytest.raises(InputTypeError, match="max_frequency"):
        plot_prob_alive(BGNBDModel(1, 2, 3, 4), T=10, max_frequency=2.5)


# --------------------------------------------------------------------------- simulated data

def _simulate_bgnbd(r, alpha, a, b, n, T, seed):
    """Customers drawn from BG/NBD itself: λ ~ Gamma(r, α), p ~ Beta(a, b); each purchase
    after the first one is followed by drop-out with probability p."""
    rng = np.random.default_rng(seed)
    lam, p = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    t, x, tx = np.zeros(n), np.zeros(n), np.zeros(n)
    active = np.ones(n, bool)
    while active.any():
        t = t + rng.exponential(1 / lam)
        buy = active & (t <= T)
        x[buy] += 1
        tx[buy] = t[buy]
        active = buy & (rng.random(n) >= p)
    return x, tx, np.full(n, float(T))


def test_fit_bgnbd_recovers_the_parameters_of_simulated_customers():
    truth = BGNBDModel(0.5, 5.0, 0.8, 2.5)
    x, tx, T = _simulate_bgnbd(*truth.params.values(), n=5000, T=52, seed=0)
    fit = fit_bgnbd(x, tx, T)
    assert fit.loglik >= truth.log_likelihood(x, tx, T).sum()     # the maximum beats the truth
    assert fit.params["r"] == pytest.approx(0.5, rel=0.1)
    assert fit.params["alpha"] == pytest.approx(5.0, rel=0.1)
    mean_dropout = fit.params["a"] / (fit.params["a"] + fit.params["b"])
    assert mean_dropout == pytest.approx(0.8 / 3.3, rel=0.1)


def test_fit_gamma_gamma_recovers_the_parameters_of_simulated_spend():
    rng = np.random.default_rng(3)
    n, p, q, gamma = 4000, 6.0, 4.0, 15.0
    x = rng.integers(1, 10, n).astype(float)
    nu = rng.gamma(q, 1 / gamma, n)
    mean_spend = rng.gamma(p * x, 1 / nu) / x            # the mean of x Gamma(p, ν) purchase values
    fit = fit_gamma_gamma(x, mean_spend)
    assert fit.loglik >= np.nansum(GammaGammaModel(p, q, gamma).log_likelihood(x, mean_spend))
    assert fit.params["p"] == pytest.approx(p, rel=0.1)
    assert fit.mean_spend == pytest.approx(p * gamma / (q - 1), rel=0.1)
    assert abs(fit.corr) < 0.05                          # independent by construction


def test_fits_refuse_data_that_cannot_identify_the_model(lang):
    with pytest.raises(DataError, match="frequency > 0"):
        fit_bgnbd([0, 0, 0], [0, 0, 0], [5, 6, 7])
    with pytest.raises(DataError, match="fit_bgnbd") as info:
        fit_bgnbd([1, 2], [1, 3], [4, 5])
    assert "alpha=" in str(info.value)
    with pytest.raises(DataError, match="fit_gamma_gamma"):
        fit_gamma_gamma([2, 2, 2], [5, 6, 7])


@settings(max_examples=40, deadline=None)
@given(positive, positive, st.floats(min_value=0.3, max_value=20), positive, customer(),
       st.floats(min_value=0.1, max_value=40))
def test_conditional_expectation_is_alive_times_a_new_customer_with_updated_parameters(r, alpha, a, b, cust, t):
    # given alive at T: λ ~ Gamma(r + x, α + T), p ~ Beta(a, b + x); eq. 10 = P(alive) · eq. 9 with those
    x, tx, T = cust
    posterior = BGNBDModel(r + x, alpha + T, a, b + x)
    pmf = posterior.frequency_pmf(t, max_frequency=3000)[0]
    assume(abs(pmf.sum() - 1) < 1e-10)
    model = BGNBDModel(r, alpha, a, b)
    expected = model.prob_alive(x, tx, T) * (pmf @ np.arange(3001))
    assert model.expected_purchases(t, x, tx, T) == pytest.approx(expected, rel=1e-6, abs=1e-9)


def test_the_clv_module_offers_the_probabilistic_models():
    from crm_study import clv

    assert clv.fit_bgnbd is fit_bgnbd and clv.model_clv is model_clv and clv.btyd_summary is btyd_summary
    assert {"fit_bgnbd", "fit_gamma_gamma", "model_clv", "btyd_summary", "BGNBDModel",
            "GammaGammaModel", "plot_frequency_fit", "plot_prob_alive"} <= set(clv.__all__)


def test_measuring_time_in_days_only_rescales_alpha():
    days = btyd_summary(load("cdnow_sample"), calibration_end="1997-09-30", freq="D")
    bg = fit_bgnbd(days)
    assert bg.params["alpha"] == pytest.approx(PUBLISHED_BGNBD["alpha"] * 7, abs=0.01)
    for name in ("r", "a", "b"):
        assert abs(bg.params[name] - PUBLISHED_BGNBD[name]) < 0.0005, name
