"""The satisfaction_survey and travel_agency datasets: byte-exact regeneration, documented
dtypes, complete sidecars and the properties the chapters rely on."""
from __future__ import annotations


import pandas as pd
import pytest

from crm_study import datasets

NAMES = ["satisfaction_survey", "travel_agency"]
KANO_WORDS = {"like", "must-be", "neutral", "live-with", "dislike"}


@pytest.mark.parametrize("name", NAMES)
def test_sidecar_is_complete_and_bilingual(name):
    meta = datasets.info(name)
    for key in ("name", "file", "rows", "title", "description", "source", "licence", "generator", "seed"):
        assert meta[key] not in (None, "")
    for key in ("title", "description", "source"):
        assert meta[key]["en"].strip() and meta[key]["zh"].strip()
    for col in meta["columns"]:
        assert set(col) >= {"name", "dtype", "unit", "label", "doc"}
        assert col["label"]["en"] and col["label"]["zh"] and col["doc"]["en"] and col["doc"]["zh"]
    zh = datasets.column_labels(name, "zh")
    en = datasets.column_labels(name, "en")
    assert set(zh) == set(en) == {c["name"] for c in meta["columns"]}
    assert len(set(zh.values())) == len(zh)        # no two columns share a Chinese label
    assert f"## `{name}`" in datasets.readme_text()


def test_survey_answers_are_on_their_scales():
    df = datasets.load("satisfaction_survey")
    likert = [c for c in df.columns if c.startswith(("exp_", "perc_", "imp_"))] + ["overall_sat"]
    assert len(likert) == 26
    assert df[likert].ge(1).all().all() and df[likert].le(7).all().all()
    assert df["nps_score"].between(0, 10).all()
    kano = [c for c in df.columns if c.startswith("kano_")]
    assert len(kano) == 10 and set(pd.unique(df[kano].to_numpy().ravel())) <= KANO_WORDS
    assert set(df["segment"]) == {"new", "returning"}
    assert df["respondent_id"].is_unique


def test_survey_perception_below_expectation_most_on_responsiveness():
    df = datasets.load("satisfaction_survey")
    gap = {d: df.filter(like=f"perc_{d}").mean(axis=1).mean() - df.filter(like=f"exp_{d}").mean(axis=1).mean()
           for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")}
    assert min(gap, key=gap.get) == "responsiveness" and gap["responsiveness"] < -1
    # overall satisfaction rises with the respondent's average gap
    mean_gap = df.filter(like="perc_").mean(axis=1) - df.filter(like="exp_").mean(axis=1)
    assert mean_gap.corr(df["overall_sat"]) > 0.3
    assert df["overall_sat"].corr(df["nps_score"]) > 0.5


def test_travel_agency_is_consistent():
    df = datasets.load("travel_agency")
    assert df["customer_id"].is_unique
    assert (df["last_trip_date"] >= df["first_trip_date"]).all()
    assert (df["last_trip_date"] <= pd.Timestamp("2024-12-31")).all()
    active = df["trips_3y"] > 0
    assert (df.loc[active, "last_trip_date"] >= pd.Timestamp("2022-01-01")).all()
    assert (df.loc[~active, "last_trip_date"] < pd.Timestamp("2022-01-01")).all()
    assert (df.loc[~active, "spend_3y"] == 0).all() and (df.loc[active, "spend_3y"] > 0).all()
    assert (df["travel_spend_3y"] >= df["spend_3y"]).all() and (df["travel_spend_3y"] > 0).all()
    assert df["credit_score"].between(0, 100).all() and df["prospects_score"].between(1, 10).all()
    assert df["satisfaction"].between(1, 7).all() and df["recommend_score"].between(0, 10).all()
    assert set(df["customer_type"]) == {"individual", "corporate"}
    assert (df["profit_3y"] < 0).any()            # some customers cost more than they bring
    corp = df.groupby("customer_type")["profit_3y"].mean()
    assert corp["corporate"] > 3 * corp["individual"]
