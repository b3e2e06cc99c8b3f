"""crm_study.analytics.retention: period rates, cohort tables, the shifted-beta-geometric model (published
cohorts of Fader & Hardie 2007 reproduced) and the value of a retention improvement."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import retention
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError
from crm_study.analytics.retention import (FADER_HARDIE_2007, SBGFit, churn_rates, cohort_table, fit_sbg,
                                 plot_cohort_heatmap, retention_rates, retention_value)


def said(lang, en, zh):
    """The regex a message must match in the active language."""
    return en if lang == "en" else zh


# --------------------------------------------------------------------------- period rates

PERIODS = pd.DataFrame({"quarter": ["Q1", "Q2"], "start": [200, 210], "new": [30, 40], "lost": [20, 42]})


def test_retention_rate_is_end_minus_new_over_start_by_hand():
    # Q1: end = 200 + 30 − 20 = 210, r = (210 − 30)/200 = 0.9; Q2: end = 208, r = (208 − 40)/210 = 0.8
    out = retention_rates(PERIODS)
    assert out["end"].tolist() == [210, 208]
    assert out["retention_rate"].tolist() == pytest.approx([0.9, 0.8])
    assert out["churn_rate"].tolist() == pytest.approx([0.1, 0.2])
    assert out["quarter"].tolist() == ["Q1", "Q2"]


def test_churn_rates_from_end_counts_derive_the_lost_customers():
    table = pd.DataFrame({"s": [200, 210], "n": [30, 40], "e": [210, 208]})
    out = churn_rates(table, start_col="s", new_col="n", end_col="e")
    assert out["lost"].tolist() == [20, 42]
    assert out["churn_rate"].tolist() == pytest.approx([0.1, 0.2])
    assert "lost" not in table.columns  # the input is not modified


def test_rates_reject_a_list(lang):
    with pytest.raises(InputTypeError, match=said(
            lang, "retention_rates: customers_per_period must be a pandas DataFrame",
            "retention_rates：参数 customers_per_period 应为 pandas DataFrame")):
        retention_rates([200, 30, 20])


def test_rates_name_a_missing_column(lang):
    with pytest.raises(ColumnError, match=said(lang, "column 'lost' not found", "找不到列 'lost'")):
        churn_rates(PERIODS.drop(columns="lost"))


def test_rates_reject_more_lost_than_at_start(lang):
    bad = PERIODS.assign(lost=[20, 300])
    with pytest.raises(DataError, match=said(lang, "churn_rates: at row\\(s\\) 1 more customers are lost",
                                             "churn_rates：第 1 行流失的客户多于期初客户数")):
        churn_rates(bad)


def test_rates_reject_an_empty_start_and_fractional_counts(lang):
    with pytest.raises(DataError, match=said(lang, "column 'start' is 0 at row\\(s\\) 0", "列 'start' 在第 0 行为 0")):
        retention_rates(PERIODS.assign(start=[0, 210]))
    with pytest.raises(DataError, match=said(
            lang, "column 'new' must hold numbers of customers \\(whole numbers >= 0\\); row\\(s\\) 0 do not",
            "列 'new' 应为客户人数（>= 0 的整数），第 0 行不符合")):
        retention_rates(PERIODS.assign(new=[30.5, 40]))
    with pytest.raises(DataError, match=said(lang, "column 'lost' must hold numbers of customers",
                                             "列 'lost' 应为客户人数（>= 0 的整数），第 1 行不符合")):
        retention_rates(PERIODS.assign(lost=[20, -1]))
    with pytest.raises(DataError, match=said(lang, "column 'start' has 1 missing or non-numeric",
                                             "列 'start' 在第 1 行有 1 个缺失或非数字的值")):
        retention_rates(PERIODS.assign(start=[200, "many"]))


# --------------------------------------------------------------------------- cohort table

SUBS = pd.DataFrame({
    "customer_id": [1, 2, 3, 4, 5],
    "signup_date": ["2024-01-05", "2024-01-20", "2024-01-10", "2024-02-03", "2024-02-15"],
    "cancel_date": ["2024-03-01", None, "2024-01-25", "2024-05-10", "2024-08-01"],
})


def test_cohort_counts_by_hand():
    # as_of 2024-06-01. January cohort: customer 1 leaves after 1 whole month (Jan 5 → Mar 1),
    # customer 3 within the first month, customer 2 stays; everyone observed for 4 months.
    # February cohort: customer 4 leaves after 3 whole months (Feb 3 → May 10); customer 5 cancels
    # after as_of, so is still active; customer 5 has been observed for 3 whole months (Feb 15 → Jun 1).
    counts = cohort_table(SUBS, as_of="2024-06-01", values="count")
    assert counts.index.tolist() == ["2024-01", "2024-02"]
    assert counts.loc["2024-01"].tolist() == [3, 2, 1, 1, 1]
    assert counts.loc["2024-02"].iloc[:4].tolist() == [2, 2, 2, 2]
    assert np.isnan(counts.loc["2024-02", 4])
    assert counts.index.name == "cohort" and counts.columns.name == "periods_since"


def test_cohort_shares_divide_by_the_cohort_size():
    share = cohort_table(SUBS, as_of="2024-06-01")
    assert share.loc["2024-01"].tolist() == pytest.approx([1, 2 / 3, 1 / 3, 1 / 3, 1 / 3])
    assert share[0].tolist() == [1.0, 1.0]


def test_quarterly_cohorts_count_whole_quarters():
    counts = cohort_table(SUBS, as_of="2024-06-01", values="count", freq="Q")
    # all five signed up in 2024Q1; customer 4 left after 3 whole months = 1 quarter,
    # customers 1 and 3 within the first quarter; observed for at least 1 whole quarter.
    assert counts.index.tolist() == ["2024Q1"]
    assert counts.loc["2024Q1"].tolist() == [5, 3]


def test_activity_log_cohorts_by_hand():
    log = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 3],
                        "day": ["2024-01-05", "2024-02-01", "2024-04-03", "2024-02-10", "2024-02-11", "2024-03-01"]})
    counts = cohort_table(log, activity_col="day", as_of="2024-05-01", values="count")
    assert counts.loc["2024-01"].tolist() == [1, 1, 0, 1]
    assert counts.loc["2024-02"].iloc[:3].tolist() == [1, 0, 0]
    assert counts.loc["2024-03"].iloc[:2].tolist() == [1, 0]
    assert counts.loc["2024-03"].iloc[2:].isna().all()


def test_cohort_table_errors_name_the_column_and_rows(lang):
    with pytest.raises(DataError, match=said(lang, "column 'cancel_date' is earlier than 'signup_date' at row\\(s\\) 1",
                                             "列 'cancel_date' 在第 1 行早于 'signup_date'")):
        cohort_table(SUBS.assign(cancel_date=[None, "2023-12-31", None, None, None]), as_of="2024-06-01")
    with pytest.raises(DataError, match=said(lang, "sign-up dates after as_of=2024-02-10 at row\\(s\\) 4",
                                             "在第 4 行的注册日期晚于 as_of=2024-02-10")):
        cohort_table(SUBS, as_of="2024-02-10")
    with pytest.raises(DataError, match=said(lang, "customer\\(s\\) 1 appear more than once", "客户 1 出现了多次")):
        cohort_table(SUBS.assign(customer_id=[1, 1, 3, 4, 5]), as_of="2024-06-01")
    with pytest.raises(DataError, match=said(lang, "column 'customer_id' is empty at row\\(s\\) 2",
                                             "列 'customer_id' 在第 2 行为空")):
        cohort_table(SUBS.assign(customer_id=[1, 2, None, 4, 5]), as_of="2024-06-01")
    with pytest.raises(DataError, match=said(lang, "column 'customer_id' is empty at row\\(s\\) 0",
                                             "列 'customer_id' 在第 0 行为空")):
        cohort_table(pd.DataFrame({"customer_id": [None], "day": ["2024-01-05"]}), activity_col="day",
                     as_of="2024-06-01")
    with pytest.raises(DataError, match=said(lang, "column 'signup_date' has 1 missing or unreadable",
                                             "列 'signup_date' 中有 1 个缺失或无法识别的日期")):
        cohort_table(SUBS.assign(signup_date=["2024-01-05", "soon", "2024-01-10", "2024-02-03", "2024-02-15"]),
                     as_of="2024-06-01")


def test_cohort_table_rejects_an_unreadable_as_of(lang):
    with pytest.raises(ArgumentError, match=said(lang, "as_of='next year' is not a date", "as_of='next year' 不是日期")):
        cohort_table(SUBS, as_of="next year")


def test_heatmap_needs_numbers(lang):
    with pytest.raises(DataError, match=said(lang, "plot_cohort_heatmap: the table has no numbers",
                                             "plot_cohort_heatmap：表中没有可绘制的数值")):
        plot_cohort_heatmap(pd.DataFrame({"a": ["x", "y"]}))


def test_cohort_table_rejects_unknown_options(lang):
    with pytest.raises(ArgumentError, match=said(lang, "freq='W' is not supported", "不支持 freq='W'")):
        cohort_table(SUBS, freq="W")
    with pytest.raises(ArgumentError, match=said(lang, "values='percent' is not supported", "不支持 values='percent'")):
        cohort_table(SUBS, values="percent")
    with pytest.raises(ColumnError, match="end_col"):
        cohort_table(SUBS.drop(columns="cancel_date"))


def test_activity_after_as_of_is_rejected(lang):
    log = pd.DataFrame({"customer_id": [1, 1], "day": ["2024-01-05", "2024-07-01"]})
    with pytest.raises(DataError, match=said(lang, "column 'day' has activity on or after as_of", "列 'day' 在第 1 行")):
        cohort_table(log, activity_col="day", as_of="2024-06-01")


def test_heatmap_labels_follow_the_language(lang):
    ax = plot_cohort_heatmap(cohort_table(SUBS, as_of="2024-06-01"))
    assert ax.get_title() == said(lang, "Cohort retention", "同期群客户保持率")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2024-01", "2024-02"]
    assert "67%" in [t.get_text() for t in ax.texts]


def test_heatmap_of_counts_writes_whole_numbers():
    crm_study.set_language("en")
    ax = plot_cohort_heatmap(cohort_table(SUBS, as_of="2024-06-01", values="count"))
    assert ax.get_title() == "Customers still active by cohort"
    assert {"3", "2", "1"} <= {t.get_text() for t in ax.texts}


# --------------------------------------------------------------------------- shifted-beta-geometric

@pytest.mark.parametrize("cohort", ["regular", "high_end"])
def test_sbg_reproduces_fader_hardie_2007(cohort):
    data = FADER_HARDIE_2007[cohort]
    fit = fit_sbg(data["survivors"][:data["calibration_periods"] + 1])
    assert abs(fit.params["alpha"] - data["alpha"]) < 0.0005
    assert abs(fit.params["beta"] - data["beta"]) < 0.0005


def test_sbg_loglik_is_the_censored_likelihood_by_hand():
    # survivors 100, 60, 45 and alpha = beta = 1: P(T=1) = 1/2, P(T=2) = B(2,2)/B(1,1) = 1/6,
    # S(2) = B(1,3)/B(1,1) = 1/3, so LL = 40 ln(1/2) + 15 ln(1/6) + 45 ln(1/3) at those values;
    # the maximum can only be higher.
    fit = fit_sbg([100, 60, 45])
    at_one = 40 * np.log(1 / 2) + 15 * np.log(1 / 6) + 45 * np.log(1 / 3)
    assert fit.loglik > at_one
    a, b = fit.params["alpha"], fit.params["beta"]
    p1, p2 = a / (a + b), a / (a + b) * b / (a + b + 1)
    assert fit.loglik == pytest.approx(40 * np.log(p1) + 15 * np.log(p2) + 45 * np.log(1 - p1 - p2))


def test_sbg_fit_is_the_maximum_at_the_published_values():
    data = FADER_HARDIE_2007["regular"]
    fit = fit_sbg(data["survivors"][:8])
    n = np.array(data["survivors"][:8], dtype=float)
    for da, db in ((0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)):
        nearby = SBGFit(fit.params["alpha"] + da, fit.params["beta"] + db, 0.0, n)
        s = nearby.survival(np.arange(8))
        ll = (n[:-1] - n[1:]) @ np.log(s[:-1] - s[1:]) + n[-1] * np.log(s[-1])
        assert ll < fit.loglik


@pytest.mark.parametrize("cohort, tolerance_pp", [("regular", 0.5), ("high_end", 2.0)])
def test_sbg_projection_tracks_the_holdout_years(cohort, tolerance_pp):
    # Fitted on years 1-7, projected to years 8-12. Our fit projects 22.0, 20.4, 19.1, 18.0, 17.0 %
    # (regular) and 46.0, 43.6, 41.4, 39.5, 37.8 % (high end) against the observed values in
    # FADER_HARDIE_2007; the model under-projects the high-end cohort slightly, as in the paper's figure.
    data = FADER_HARDIE_2007[cohort]
    fit = fit_sbg(data["survivors"][:8])
    projected = 100 * fit.survival(np.arange(8, 13))
    observed = np.array(data["survivors"][8:]) / 10
    expected = {"regular": [22.01, 20.44, 19.12, 17.99, 17.00], "high_end": [46.04, 43.58, 41.42, 39.51, 37.80]}
    assert projected == pytest.approx(expected[cohort], abs=0.01)
    assert np.max(np.abs(projected - observed)) < tolerance_pp


def test_published_data_is_table_1_of_the_paper():
    assert [v / 10 for v in FADER_HARDIE_2007["regular"]["survivors"][8:]] == [22.3, 20.7, 19.4, 18.3, 17.3]
    assert [v / 10 for v in FADER_HARDIE_2007["high_end"]["survivors"][8:]] == [46.8, 44.5, 42.7, 40.9, 39.4]


def test_survival_and_retention_by_hand_for_alpha_beta_one():
    # alpha = beta = 1 (theta uniform): S(t) = 1/(t+1), r(t) = t/(t+1)
    fit = SBGFit(1.0, 1.0, 0.0, np.array([10.0, 5.0, 3.0]))
    assert fit.survival([0, 1, 3]) == pytest.approx([1, 1 / 2, 1 / 4])
    assert fit.survival(0) == 1.0 and isinstance(fit.survival(0), float)
    assert fit.retention(1) == pytest.approx(0.5)
    assert fit.retention(np.array([2, 3])) == pytest.approx([2 / 3, 3 / 4])


def test_projection_table_lines_up_model_and_observed():
    fit = fit_sbg(FADER_HARDIE_2007["regular"]["survivors"][:8])
    proj = fit.projection(12)
    assert proj.index.tolist() == list(range(13))
    assert proj.loc[0, "survival"] == 1.0 and np.isnan(proj.loc[0, "retention"])
    assert proj.loc[7, "observed_survivors"] == 241 and np.isnan(proj.loc[8, "observed_survivors"])
    assert proj.loc[12, "expected_survivors"] == pytest.approx(1000 * fit.survival(12))
    assert proj.loc[3, "survival"] == pytest.approx(proj.loc[1:3, "retention"].prod())


def test_sbg_plot_shows_holdout_points_in_the_language(lang):
    data = FADER_HARDIE_2007["high_end"]
    fit = fit_sbg(data["survivors"][:8])
    ax = fit.plot(actual=data["survivors"])
    assert ax.get_title() == said(lang, "Projected retention (shifted-beta-geometric)", "客户保持预测（移位贝塔几何模型）")
    points = ax.get_lines()[1]
    assert len(points.get_xdata()) == 13
    assert points.get_ydata()[-1] == pytest.approx(0.394)
    assert ax.get_xlim()[1] >= 12


@pytest.mark.parametrize("bad, en, zh", [
    ([1000, 631, 700, 500], "survivors must not increase, but survivors\\[2\\] = 700 > survivors\\[1\\] = 631",
     "survivors 不能增加，但 survivors\\[2\\] = 700 > survivors\\[1\\] = 631"),
    ([1000, -5, -6], "survivors\\[1\\] = -5 is negative", "survivors\\[1\\] = -5 为负数"),
    ([1000, 63.1, 46.8], "survivors\\[1\\] = 63.1 is not a whole number", "survivors\\[1\\] = 63.1 不是整数人数"),
    ([0, 0, 0], "survivors\\[0\\] is 0", "survivors\\[0\\] 为 0"),
    ([1000, "631", 468], "survivors\\[1\\] = '631' is not a whole number", "survivors\\[1\\] = '631' 不是整数人数"),
    ([1000, 1000, 1000], "survivors never fall", "survivors 从未减少"),
    ([1000, 631, np.nan], "survivors\\[2\\] is missing \\(NaN\\); drop the periods", "survivors\\[2\\] 缺失（NaN）"),
])
def test_bad_survivors_get_a_message_naming_them(lang, bad, en, zh):
    with pytest.raises(DataError, match=said(lang, "fit_sbg: " + en, "fit_sbg：" + zh)):
        fit_sbg(bad)


def test_too_few_or_wrongly_typed_survivors(lang):
    with pytest.raises(ArgumentError, match=said(lang, "survivors needs at least 3 counts",
                                                 "survivors 至少需要 3 个人数")):
        fit_sbg([1000, 631])
    with pytest.raises(InputTypeError, match=said(lang, "survivors must be a list, array or Series", "survivors 应为客户人数")):
        fit_sbg("1000, 631, 468")


def test_a_degenerate_cohort_explains_why_it_cannot_be_fitted(lang):
    with pytest.raises(DataError, match=said(lang, "no maximum at finite alpha and beta", "没有最大值")):
        fit_sbg([100, 50, 50, 50])


def test_survival_rejects_negative_periods(lang):
    fit = SBGFit(1.0, 1.0, 0.0, np.array([10.0, 5.0, 3.0]))
    with pytest.raises(ArgumentError, match=said(lang, r"SBGFit.retention: t = 0 is outside the allowed range \[1, inf\)",
                                                 r"SBGFit.retention：参数 t = 0 超出允许范围 \[1, inf\)")):
        fit.retention(0)
    with pytest.raises(ArgumentError, match=r"SBGFit.survival.*t\[0\] = -1"):
        fit.survival([-1, 2])
    with pytest.raises(InputTypeError, match="SBGFit.survival"):
        fit.survival("3")


def test_fit_accepts_a_cohort_row_of_the_cohort_table():
    counts = cohort_table(SUBS, as_of="2024-06-01", values="count")
    fit = fit_sbg(counts.loc["2024-01"].dropna().astype(int))
    assert fit.survivors.tolist() == [3, 2, 1, 1, 1]


alphas = st.floats(min_value=0.01, max_value=100)


@settings(max_examples=60, deadline=None)
@given(alphas, alphas)
def test_retention_in_unit_interval_and_survival_non_increasing(alpha, beta):
    fit = SBGFit(alpha, beta, 0.0, np.array([1.0, 1.0, 1.0]))
    t = np.arange(0, 60)
    s = fit.survival(t)
    r = fit.retention(t[1:])
    assert s[0] == pytest.approx(1.0)
    assert np.all(np.diff(s) <= 1e-12)
    assert np.all((r >= 0) & (r <= 1))
    assert np.all(np.diff(r) >= -1e-12)  # heterogeneity: retention never falls with tenure
    assert s[1:] == pytest.approx(np.cumprod(r), rel=1e-9)


@settings(max_examples=20, deadline=None)
@given(st.floats(min_value=0.2, max_value=5), st.floats(min_value=0.5, max_value=10))
def test_fit_recovers_the_parameters_of_exact_survival_curves(alpha, beta):
    truth = SBGFit(alpha, beta, 0.0, np.array([1.0, 1.0, 1.0]))
    survivors = np.round(1e7 * truth.survival(np.arange(13))).astype(int)
    fit = fit_sbg(survivors)
    assert fit.survival(np.arange(13)) == pytest.approx(truth.survival(np.arange(13)), abs=1e-5)


# --------------------------------------------------------------------------- value of a retention rise

def test_retention_value_by_hand():
    # m = 100, d = 10 %: r = 0.60 -> 100·0.6/0.5 = 120; r = 0.65 -> 100·0.65/0.45 = 144.44
    out = retention_value(100, 0.6, 0.1)
    assert out["clv"] == pytest.approx(120)
    assert out["clv_new"] == pytest.approx(144.4444, abs=1e-4)
    assert out["gain"] == pytest.approx(24.4444, abs=1e-4)
    assert out["gain_pct"] == pytest.approx(24.4444 / 120, abs=1e-6)
    assert out["retention_new"] == pytest.approx(0.65)


def test_acquisition_cost_lowers_clv_but_not_the_gain():
    plain = retention_value(100, 0.8, 0.1, uplift=0.1)
    costly = retention_value(100, 0.8, 0.1, uplift=0.1, acquisition_cost=50)
    assert costly["clv"] == pytest.approx(plain["clv"] - 50)
    assert costly["gain"] == pytest.approx(plain["gain"])


def test_retention_value_rejects_a_rate_pushed_to_one(lang):
    with pytest.raises(ArgumentError, match=said(lang, "retention_value: retention \\+ uplift = 1 is outside",
                                                 "retention_value：retention \\+ uplift = 1 超出")):
        retention_value(100, 0.95, 0.1)
    with pytest.raises(ArgumentError, match="retention_value"):
        retention_value(100, 1.2, 0.1)
    with pytest.raises(InputTypeError, match="margin"):
        retention_value("100", 0.6, 0.1)


def test_module_exports_its_public_names():
    assert set(retention.__all__) == {"FADER_HARDIE_2007", "churn_rates", "retention_rates", "cohort_table",
                                      "plot_cohort_heatmap", "fit_sbg", "SBGFit", "retention_value"}
