"""Chapter 10 (客户流失与挽回): the period-count table, the Fader–Hardie reproduction, the
retention-gain panel, the diagrams, and the chapter's question bank and glossary."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import churn_views as cv
from crm_study import clv, datasets, glossary, quiz, retention
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch10_churn.yaml"


@pytest.fixture(scope="module")
def subs():
    return datasets.load("subscription_cohorts")


# ----------------------------------------------------------------------------- period_counts

def _toy():
    return pd.DataFrame({"signup_date": ["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10"],
                         "cancel_date": ["2024-02-10", "2024-01-25", None, "2024-03-15"]})


def test_period_counts_hand_computed_months():
    # Jan: 2 sign-ups, one leaves in January (quick) -> 1 new, end 1.
    # Feb: start 1, 2 sign-ups kept -> new 2, customer 1 cancels on 10 Feb -> lost 1, end 2.
    # Mar (as_of 1 Apr): start 2, customer 4 cancels on 15 Mar -> lost 1, end 1.
    got = cv.period_counts(_toy(), as_of="2024-04-01")
    assert got.index.tolist() == ["2024-01", "2024-02", "2024-03"]
    assert got.to_dict("list") == {"start": [0, 1, 2], "signups": [2, 2, 0], "quick_lost": [1, 0, 0],
                                   "new": [1, 2, 0], "lost": [0, 1, 1], "end": [1, 2, 1]}


def test_period_counts_drops_the_unfinished_last_period_and_unknown_cancellations():
    got = cv.period_counts(_toy(), as_of="2024-03-10")
    assert got.index.tolist() == ["2024-01", "2024-02"]
    assert got["end"].iloc[-1] == 2


def test_period_counts_by_quarter_hand_computed():
    got = cv.period_counts(_toy(), as_of="2024-04-01", freq="Q")
    # Q1: 4 sign-ups, 3 of them cancel within Q1 -> new 1, lost 0 (nobody was there at the start).
    assert got.to_dict("list") == {"start": [0], "signups": [4], "quick_lost": [3], "new": [1],
                                   "lost": [0], "end": [1]}


def test_retention_from_period_counts_is_exactly_the_share_of_starting_customers_kept(subs):
    counts = cv.period_counts(subs)
    rates = retention.retention_rates(counts[counts["start"] > 0])
    expected = (rates["start"] - rates["lost"]) / rates["start"]
    np.testing.assert_allclose(rates["retention_rate"], expected)
    dec = rates.loc["2024-12"]
    assert (dec["start"], dec["new"], dec["lost"], dec["end"]) == (1986, 259, 191, 2054)
    assert dec["retention_rate"] == pytest.approx((2054 - 259) / 1986)


def test_period_counts_end_matches_the_customers_active_on_as_of(subs):
    counts = cv.period_counts(subs)
    active = int(subs["cancel_date"].isna().sum())
    assert counts["end"].iloc[-1] == active == 2054
    assert counts["quick_lost"].sum() == 632 and counts["signups"].sum() == len(subs)


@st.composite
def _subscriptions(draw):
    n = draw(st.integers(1, 30))
    starts = draw(st.lists(st.integers(0, 364), min_size=n, max_size=n))
    lives = draw(st.lists(st.one_of(st.none(), st.integers(0, 500)), min_size=n, max_size=n))
    base = pd.Timestamp("2023-01-01")
    signup = [base + pd.Timedelta(days=s) for s in starts]
    cancel = [None if life is None else s + pd.Timedelta(days=life) for s, life in zip(signup, lives)]
    return pd.DataFrame({"signup_date": signup, "cancel_date": cancel})


@settings(max_examples=60, deadline=None)
@given(df=_subscriptions(), freq=st.sampled_from(["M", "Q"]))
def test_period_counts_identities_hold_for_any_table(df, freq):
    as_of = pd.Timestamp("2024-01-01")
    got = cv.period_counts(df, as_of=as_of, freq=freq)
    assert (got["end"] == got["start"] + got["new"] - got["lost"]).all()
    assert (got["start"].iloc[1:].to_numpy() == got["end"].iloc[:-1].to_numpy()).all()
    assert (got["new"] == got["signups"] - got["quick_lost"]).all()
    assert (got["lost"] <= got["start"]).all() and (got.to_numpy() >= 0).all()
    cancel = pd.to_datetime(df["cancel_date"])
    active = int(((cancel.isna()) | (cancel >= as_of)).sum())
    assert got["end"].iloc[-1] == active


def test_period_counts_rejects_a_list(lang):
    with pytest.raises(InputTypeError, match="period_counts") as err:
        cv.period_counts([1, 2])
    assert ("DataFrame" in str(err.value)) and (("参数" in str(err.value)) == (lang == "zh"))


def test_period_counts_names_a_missing_column(lang):
    df = _toy().rename(columns={"cancel_date": "cancelled"})
    with pytest.raises(ColumnError, match="cancel_date") as err:
        cv.period_counts(df)
    assert ("找不到列" in str(err.value)) == (lang == "zh")
    assert "end_col" in str(err.value)


def test_period_counts_rejects_an_empty_table(lang):
    with pytest.raises(DataError, match="period_counts"):
        cv.period_counts(_toy().iloc[:0])


@pytest.mark.parametrize("kwargs, word_en, word_zh", [
    ({"freq": "W"}, "freq='W' is not supported", "不支持 freq='W'"),
    ({"as_of": "soon"}, "as_of='soon' is not a date", "as_of='soon' 不是日期"),
    ({"as_of": "2024-01-10"}, "no whole period", "没有一个完整的期"),
])
def test_period_counts_bad_arguments_raise_argument_error_in_both_languages(kwargs, word_en, word_zh, lang):
    with pytest.raises(ArgumentError) as err:
        cv.period_counts(_toy().iloc[:1], **kwargs)
    assert (word_zh if lang == "zh" else word_en) in str(err.value)


def test_period_counts_rows_with_bad_dates_are_named(lang):
    bad = _toy()
    bad.loc[1, "cancel_date"] = "2023-12-01"
    with pytest.raises(DataError, match=r"\b1\b") as err:
        cv.period_counts(bad, as_of="2024-04-01")
    assert ("注册前退订" in str(err.value)) == (lang == "zh")
    late = _toy()
    late.loc[2, "signup_date"] = "2024-05-01"
    with pytest.raises(DataError, match="as_of=2024-04-01"):
        cv.period_counts(late, as_of="2024-04-01")
    garbled = _toy()
    garbled.loc[0, "signup_date"] = "not a date"
    with pytest.raises(DataError, match="signup_date"):
        cv.period_counts(garbled)


# ----------------------------------------------------------------------------- Fader & Hardie

def test_fader_hardie_reproduces_the_published_parameters():
    fh = cv.fader_hardie()
    for cohort, spec in retention.FADER_HARDIE_2007.items():
        row = fh.params.loc[cohort]
        assert round(row["alpha"], 3) == spec["alpha"] and round(row["beta"], 3) == spec["beta"]
        assert row["alpha_published"] == spec["alpha"]


def test_fader_hardie_projection_fits_the_hold_out_years():
    fh = cv.fader_hardie()
    proj = fh.projection
    assert proj.index.tolist() == list(range(13))
    assert proj["fitted"].tolist() == [True] * 8 + [False] * 5
    assert proj.loc[12, "regular_observed"] == pytest.approx(0.173)
    # S(1) = β / (α + β) for the fitted parameters.
    a, b = fh.fits["regular"].params["alpha"], fh.fits["regular"].params["beta"]
    assert proj.loc[1, "regular_model"] == pytest.approx(b / (a + b))
    assert fh.holdout_error["regular"] < 0.5 and fh.holdout_error["high_end"] < 2.0


def test_fader_hardie_repr_is_deterministic_in_both_languages(lang):
    text = repr(cv.fader_hardie())
    assert text == repr(cv.fader_hardie())
    assert "α = 0.704" in text and "β = 3.806" in text and "alpha" not in text, "the model's own symbols in both languages"
    assert ("高端客户" in text) == (lang == "zh")


def test_fader_hardie_accepts_a_custom_cohort():
    spec = {"mine": {"survivors": [1000, 631, 468, 382, 326, 289], "calibration_periods": 4}}
    fh = cv.fader_hardie(spec)
    assert fh.projection.index.tolist() == list(range(6))
    assert fh.projection["fitted"].sum() == 5
    assert pd.isna(fh.params.loc["mine", "alpha_published"])


@pytest.mark.parametrize("cohorts, error, word_en, word_zh", [
    ([1, 2], InputTypeError, "must be a non-empty dict", "非空字典"),
    ({}, InputTypeError, "must be a non-empty dict", "非空字典"),
    ({"x": {"survivors": [1000, 800]}}, DataError, "'calibration_periods'", "'calibration_periods'"),
    ({"x": {"survivors": 1000, "calibration_periods": 2}}, InputTypeError, "list of customer counts", "客户人数的列表"),
    ({"x": {"survivors": [1000, 800, 700, 650], "calibration_periods": 9}}, ArgumentError, "outside", "超出"),
    ({"x": {"survivors": [1000, 800, 700, 650], "calibration_periods": 2},
      "y": {"survivors": [1000, 800, 700], "calibration_periods": 2}}, DataError, "same years", "年数必须相同"),
])
def test_fader_hardie_bad_cohorts_raise_with_a_message(cohorts, error, word_en, word_zh, lang):
    with pytest.raises(error) as err:
        cv.fader_hardie(cohorts)
    assert "fader_hardie" in str(err.value)
    assert (word_zh if lang == "zh" else word_en) in str(err.value)


# ----------------------------------------------------------------------------- retention gain

def test_retention_gain_hand_computed():
    got = cv.retention_gain(100, 0.6, 0.1, uplift=0.05, customers=1000)
    # 100·0.6/0.5 = 120; 100·0.65/0.45 = 144.44…
    assert got.value["clv"] == pytest.approx(120.0)
    assert got.value["clv_new"] == pytest.approx(65 / 0.45)
    assert got.total_gain == pytest.approx((65 / 0.45 - 120) * 1000)
    gym = cv.retention_gain(200, 0.8, 0.1, customers=2000)
    assert gym.total_gain == pytest.approx((680 - 160 / 0.3) * 2000)


def test_retention_gain_repr_is_deterministic_in_both_languages(lang):
    got = repr(cv.retention_gain(100, 0.6, 0.1))
    if lang == "zh":
        assert got.splitlines() == ["保持率 60% → 65%（每期利润 100，折现率 10.0%）",
                                    "每位客户的 CLV：120.00 → 144.44（增加 24.44，+20.4%）",
                                    "1,000 位客户合计：24,444.44"]
    else:
        assert got.splitlines() == ["Retention 60% → 65% (margin 100 per period, discount 10.0%)",
                                    "CLV per customer: 120.00 → 144.44 (gain 24.44, +20.4%)",
                                    "For 1,000 customers: 24,444.44"]


@settings(max_examples=80, deadline=None)
@given(m=st.floats(1, 1000), r=st.floats(0, 0.85), d=st.floats(0, 0.3), u=st.floats(0.001, 0.1))
def test_a_retention_gain_is_worth_more_the_higher_retention_already_is(m, r, d, u):
    low = cv.retention_gain(m, r, d, uplift=u)
    high = cv.retention_gain(m, r + 0.04, d, uplift=u)
    assert low.value["gain"] > 0
    assert high.value["gain"] >= low.value["gain"] * (1 - 1e-12)
    assert low.value["clv_new"] == pytest.approx(clv.clv_simple(m, r + u, d))


@pytest.mark.parametrize("kwargs, error, name", [
    ({"customers": 0}, ArgumentError, "customers"),
    ({"customers": 2.5}, InputTypeError, "customers"),
    ({"uplift": 0.5}, ArgumentError, "retention + uplift"),
])
def test_retention_gain_bad_arguments_are_named(kwargs, error, name, lang):
    with pytest.raises(error) as err:
        cv.retention_gain(100, 0.6, 0.1, **kwargs)
    assert name in str(err.value)
    assert ("参数" in str(err.value) or "超出" in str(err.value)) == (lang == "zh")


def test_retention_gain_rejects_a_retention_rate_of_one():
    with pytest.raises(ArgumentError, match="retention"):
        cv.retention_gain(100, 1.0, 0.1)


# ----------------------------------------------------------------------------- diagrams and plots

@pytest.mark.parametrize("draw, en, zh", [
    (cv.plot_churn_causes, "Three sources of customer churn", "客户流失的三类原因"),
    (cv.plot_lost_customer_attitude, "Attitude to lost customers by customer level", "对不同级别流失客户的态度"),
    (cv.plot_win_back_process, "From early warning to win-back", "从流失预警到客户挽回"),
])
def test_diagrams_are_titled_in_the_active_language(draw, en, zh, lang):
    ax = draw()
    assert ax.get_title() == (zh if lang == "zh" else en)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert ("挽回" in texts or "原因" in texts or "预警" in texts) == (lang == "zh")


def test_attitude_diagram_shows_the_four_seed_attitudes_in_order(lang):
    ax = cv.plot_lost_customer_attitude()
    labels = [t.get_text() for t in ax.texts]
    want = ["极力挽回", "尽量挽回", "见机行事", "彻底放弃"] if lang == "zh" else \
        ["win back at all costs", "try to win back", "case by case", "let go"]
    assert all(w in label for w, label in zip(want, labels))
    widths = [p.get_width() for p in ax.patches]
    assert widths == sorted(widths, reverse=True)


def test_churn_causes_are_the_three_syllabus_sources():
    assert list(cv.CHURN_CAUSES) == ["firm", "customer", "competitor"]
    assert [v["attitude"]["zh"] for v in cv.ATTITUDE_BY_LEVEL.values()] == ["极力挽回", "尽量挽回", "见机行事", "彻底放弃"]


def test_fader_hardie_plot_marks_fitted_and_hold_out_points(lang):
    ax = cv.fader_hardie().plot()
    hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white"]
    assert len(hollow) == 2 and all(len(line.get_xdata()) == 5 for line in hollow)
    assert ("拟合" in ax.get_title()) == (lang == "zh")


def test_plot_retention_gain_marks_both_points_and_rejects_other_input(lang):
    got = cv.retention_gain(100, 0.6, 0.1)
    ax = cv.plot_retention_gain(got)
    points = [line for line in ax.lines if line.get_marker() == "o"][0]
    np.testing.assert_allclose(points.get_ydata(), [120.0, 65 / 0.45])
    with pytest.raises(InputTypeError, match="retention_gain") as err:
        cv.plot_retention_gain(got.value)
    assert ("参数" in str(err.value)) == (lang == "zh")


# ----------------------------------------------------------------------------- the panel

def test_panel_starts_with_retention_gain_and_recomputes_on_slider_moves():
    panel = cv.retention_explorer(margin=100, retention_rate=0.6, discount=0.1, uplift=0.05, customers=1000)
    assert panel.result.total_gain == pytest.approx(cv.retention_gain(100, 0.6, 0.1).total_gain)
    panel.controls["retention_rate"].value = 0.8
    assert panel.result.settings["retention_rate"] == pytest.approx(0.8)
    assert panel.result.value["gain"] == pytest.approx(cv.retention_gain(100, 0.8, 0.1).value["gain"])
    assert any(o.get("output_type") == "display_data" for o in panel.output.outputs)


def test_panel_start_values_outside_the_default_ranges_are_not_clamped():
    panel = cv.retention_explorer(margin=2000, retention_rate=0.92, discount=0.4, uplift=0.05, customers=500_000)
    assert panel.settings() == {"margin": 2000, "retention_rate": 0.92, "discount": 0.4, "uplift": 0.05,
                                "customers": 500_000}


def test_panel_shows_the_kit_message_and_keeps_the_last_result_for_an_invalid_setting(lang):
    panel = cv.retention_explorer(retention_rate=0.92, uplift=0.05)
    before = panel.result
    panel.controls["uplift"].value = 0.09          # 0.92 + 0.09 >= 1
    assert panel.result is before
    shown = panel.output.outputs[0]["text"]
    assert "retention_gain" in shown or "retention_value" in shown
    assert ("超出" in shown) == (lang == "zh")


def test_panel_repr_is_the_description_and_the_numbers(lang):
    panel = cv.retention_explorer()
    text = repr(panel)
    assert text.endswith(repr(panel.result))
    assert ("面板" in text) == (lang == "zh")
    assert panel._repr_mimebundle_()["text/plain"] == text


# ----------------------------------------------------------------------------- bank and glossary

@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


def test_numeric_keys_are_what_the_kit_computes(bank, subs):
    rr = retention.retention_rates
    assert bank["ch10-num-001"].answer == pytest.approx(
        100 * rr(pd.DataFrame({"start": [2000], "new": [300], "end": [2100]}), end_col="end")["retention_rate"][0])
    assert bank["ch10-num-002"].answer == pytest.approx(
        100 * rr(pd.DataFrame({"start": [500], "new": [60], "lost": [40]}))["churn_rate"][0])
    fit = retention.SBGFit(0.704, 1.182, 0.0, np.array([1000.0, 500.0]))
    assert bank["ch10-num-003"].answer == pytest.approx(100 * fit.retention(5), abs=0.005)
    assert bank["ch10-num-004"].answer == pytest.approx(retention.retention_value(100, 0.6, 0.1)["gain"], abs=0.005)
    assert bank["ch10-num-005"].answer == pytest.approx(cv.retention_gain(200, 0.8, 0.1, customers=2000).total_gain,
                                                        abs=0.005)
    counts = cv.period_counts(subs)
    dec = rr(counts[counts["start"] > 0]).loc["2024-12", "retention_rate"]
    assert bank["ch10-case-001-a"].answer == pytest.approx(100 * dec, abs=0.005)
    assert bank["ch10-case-001-b"].answer == retention.cohort_table(subs, values="count").loc["2023-01", 12]
    # single choice: (840 − 120) / 800 = 90 % is option B; β/(α+β) ≈ 63 % is option B.
    assert bank["ch10-sc-002"].answer == 1 and (840 - 120) / 800 == 0.9
    assert bank["ch10-sc-005"].answer == 1 and round(100 * fit.retention(1)) == 63


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_wrong_answer_does_not_earn_half_the_marks(bank, language):
    """Reference answers are checked for every chapter in test_banks.py."""
    crm_study.set_language(language)
    wrong = quiz.grade(bank["ch10-sa-001"], "客户不满意" if language == "zh" else "customers are unhappy")
    assert wrong.score < wrong.max_score / 2


def test_glossary_has_the_chapter_terms_consistent_with_other_chapters():
    table = glossary.terms("10")
    pairs = dict(zip(table["zh"], table["en"]))
    assert pairs["客户流失"] == "customer churn" and pairs["见机行事"] == "case by case"
    everything = glossary.terms()
    per_zh = everything.groupby("zh")["en"].nunique()
    assert (per_zh[list(pairs)] == 1).all()
