"""crm_study.analytics.segmentation: weighted multi-criteria grading and the customer pyramid."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import segmentation as seg
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

QUARTERS = (0.25, 0.25, 0.25)
ORDER = {"key": 0, "major": 1, "ordinary": 2, "small": 3}


def _msg(exc_info) -> str:
    return str(exc_info.value)


def _df():
    return pd.DataFrame({"customer_id": ["c1", "c2", "c3", "c4"], "credit": [100, 50, 0, 50],
                         "volume": [10, 0, 5, 10], "overdue_days": [0, 30, 60, 0],
                         "profit": [500.0, -100.0, 100.0, 300.0]})


def test_minmax_score_and_levels_by_share_hand_computed(lang):
    # credit -> [1, .5, 0, .5], volume -> [1, 0, .5, 1]; weights 2:3 -> 0.4, 0.6
    out = seg.grade_customers(_df(), {"credit": 2, "volume": 3}, shares=QUARTERS)
    assert out["score"].tolist() == pytest.approx([100.0, 20.0, 30.0, 80.0])
    assert out["level_code"].tolist() == ["key", "small", "ordinary", "major"]
    assert out["customer_id"].tolist() == ["c1", "c2", "c3", "c4"]
    assert out.loc[0, "level"] == ("VIP customers" if lang == "en" else "VIP 客户")
    assert out.loc[1, "level"] == ("small customers" if lang == "en" else "小客户")


def test_rank_method_and_ties_share_the_better_level():
    # percentile ranks: credit [1, .625, .25, .625], volume [.875, .25, .5, .875]
    out = seg.grade_customers(_df(), {"credit": 0.4, "volume": 0.6}, method="rank", shares=QUARTERS)
    assert out["score"].tolist() == pytest.approx([92.5, 40.0, 40.0, 77.5])
    assert out["level_code"].tolist() == ["key", "ordinary", "ordinary", "major"]


def test_lower_is_better_reverses_a_criterion():
    out = seg.grade_customers(_df(), {"overdue_days": 1}, lower_is_better=["overdue_days"], shares=QUARTERS)
    assert out["score"].tolist() == pytest.approx([100.0, 50.0, 0.0, 100.0])


def test_constant_criterion_gives_half_marks():
    df = _df().assign(credit=70)
    assert seg.grade_customers(df, {"credit": 1})["score"].tolist() == [50.0] * 4


def test_levels_by_score_thresholds():
    out = seg.grade_customers(_df(), {"credit": 2, "volume": 3}, thresholds=(90, 70, 25))
    assert out["level_code"].tolist() == ["key", "small", "ordinary", "major"]


def test_default_pyramid_on_the_travel_agency_is_1_4_15_80_percent():
    ta = crm_study.data.datasets.load("travel_agency")
    graded = seg.grade_customers(ta, {"credit_score": 0.2, "spend_3y": 0.3, "prospects_score": 0.2,
                                      "profit_3y": 0.3})
    summary = seg.pyramid_summary(graded, value_col="profit_3y")
    assert summary["customers"].tolist() == [5, 20, 75, 400]
    assert summary["customer_share"].tolist() == pytest.approx([0.01, 0.04, 0.15, 0.80])
    assert summary["value_share"].sum() == pytest.approx(1.0)
    # the few key customers hold far more than their headcount share of the profit
    assert summary.loc["key", "value_share"] > 5 * 0.01


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e4, 1e4), st.floats(0, 100)), min_size=1, max_size=60))
def test_scores_in_0_100_and_levels_monotone_in_score(rows):
    df = pd.DataFrame(rows, columns=["profit", "credit"]).assign(customer_id=range(len(rows)))
    out = seg.grade_customers(df, {"profit": 0.7, "credit": 0.3})
    assert out["score"].between(0, 100).all()
    rank = out["level_code"].map(ORDER)
    order = np.argsort(-out["score"].to_numpy(), kind="stable")
    assert (np.diff(rank.to_numpy()[order]) >= 0).all()      # a higher score never gets a lower level
    assert (out["level_code"] == "key").sum() >= 1


def test_pyramid_summary_hand_computed(lang):
    graded = seg.grade_customers(_df(), {"credit": 2, "volume": 3}, shares=QUARTERS).assign(profit=_df()["profit"])
    out = seg.pyramid_summary(graded, value_col="profit")
    assert out.index.tolist() == ["key", "major", "ordinary", "small"]
    assert out["customers"].tolist() == [1, 1, 1, 1]
    assert out["value"].tolist() == [500.0, 300.0, 100.0, -100.0]
    assert out["value_share"].tolist() == pytest.approx([500 / 800, 300 / 800, 100 / 800, -100 / 800])
    assert out.loc["major", "level"] == ("major customers" if lang == "en" else "主要客户")
    no_value = seg.pyramid_summary(graded)
    assert "value" not in no_value.columns
    zero = seg.pyramid_summary(graded.assign(profit=[1.0, -1.0, 0.0, 0.0]), value_col="profit")
    assert zero["value_share"].isna().all()
    empty_level = seg.pyramid_summary(seg.grade_customers(_df(), {"credit": 1}, thresholds=(99, 98, 97)))
    assert empty_level["customers"].tolist() == [1, 0, 0, 3]


def test_plot_pyramid_draws_four_bands_with_names(lang):
    graded = seg.grade_customers(_df(), {"credit": 2, "volume": 3}, shares=QUARTERS)
    ax = seg.plot_pyramid(graded, value_col="credit")
    assert len(ax.patches) == 4
    assert ax.get_title() == ("Customer pyramid" if lang == "en" else "客户金字塔")
    labels = " ".join(t.get_text() for t in ax.texts)
    assert ("small customers" if lang == "en" else "小客户") in labels and "credit" in labels
    # the apex band is narrower than the base band
    widths = [np.ptp(p.get_xy()[:, 0]) for p in ax.patches]
    assert widths == sorted(widths)


def test_grade_customers_errors(lang):
    df = _df()
    with pytest.raises(InputTypeError) as e:
        seg.grade_customers(df, ["credit"])
    assert "grade_customers" in _msg(e) and "criteria" in _msg(e)
    with pytest.raises(ColumnError) as e:
        seg.grade_customers(df, {"credit": 1, "volumes": 1})
    assert "'volumes'" in _msg(e) and "'volume'" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        seg.grade_customers(df, {"credit": 0})
    assert "criteria['credit']" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        seg.grade_customers(df, {"credit": 1}, lower_is_better=["overdue_days"])
    assert "'overdue_days'" in _msg(e)
    with pytest.raises(InputTypeError):
        seg.grade_customers(df, {"credit": 1}, lower_is_better="credit")
    with pytest.raises(ArgumentError) as e:
        seg.grade_customers(df, {"credit": 1}, method="zscore")
    assert "method" in _msg(e)
    with pytest.raises(DataError) as e:
        seg.grade_customers(df.assign(customer_id=["a", "a", "b", "c"]), {"credit": 1})
    assert "'customer_id'" in _msg(e) and ("repeated" if lang == "en" else "重复") in _msg(e)
    with pytest.raises(ColumnError) as e:
        seg.grade_customers(df, {"credit": 1}, id_col="id")
    assert "id_col" in _msg(e)
    with pytest.raises(DataError) as e:
        seg.grade_customers(df.assign(credit=["high", 1, 2, 3]), {"credit": 1})
    assert "'credit'" in _msg(e)
    with pytest.raises(InputTypeError) as e:
        seg.grade_customers(df, {"credit": 1}, shares=(0.2, 0.3))
    assert "shares" in _msg(e)
    with pytest.raises(ArgumentError) as e:
        seg.grade_customers(df, {"credit": 1}, shares=(0.5, 0.4, 0.3))
    assert ("add up to" if lang == "en" else "之和") in _msg(e)
    with pytest.raises(ArgumentError):
        seg.grade_customers(df, {"credit": 1}, shares=(1.5, 0, 0))
    with pytest.raises(ArgumentError) as e:
        seg.grade_customers(df, {"credit": 1}, thresholds=(50, 70, 20))
    assert "thresholds" in _msg(e)
    with pytest.raises(InputTypeError):
        seg.grade_customers(df, {"credit": 1}, thresholds=80)
    with pytest.raises(ArgumentError):
        seg.grade_customers(df, {"credit": 1}, thresholds=(150, 70, 20))
    with pytest.raises(DataError):
        seg.grade_customers(df.iloc[0:0], {"credit": 1})


def test_pyramid_summary_errors(lang):
    with pytest.raises(ColumnError) as e:
        seg.pyramid_summary(_df())
    assert "pyramid_summary" in _msg(e) and "'level_code'" in _msg(e)
    graded = seg.grade_customers(_df(), {"credit": 1})
    with pytest.raises(ColumnError) as e:
        seg.pyramid_summary(graded, value_col="profit")
    assert "value_col" in _msg(e)
    with pytest.raises(InputTypeError):
        seg.plot_pyramid(None)
