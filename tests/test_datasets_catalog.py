"""Every dataset is documented, loads with its documented types, and bad names get a clear error."""
from __future__ import annotations

import importlib

import pandas as pd
import pytest

import crm_study
from crm_study import datasets
from crm_study.errors import ArgumentError, DataError

NAMES = list(datasets.list_datasets().index)
GENERATED = [name for name in NAMES if datasets.info(name).get("generator")]


def test_catalog_lists_the_real_cdnow_data():
    assert {"cdnow_sample", "cdnow_summary"} <= set(NAMES)


def test_every_synthetic_dataset_names_its_generator():
    assert set(GENERATED) == set(NAMES) - {"cdnow_sample", "cdnow_summary", "cdnow_master"}


@pytest.mark.parametrize("name", NAMES)
def test_dataset_loads_with_documented_rows_columns_and_types(name):
    meta = datasets.info(name)
    df = datasets.load(name)
    assert len(df) == meta["rows"]
    assert list(df.columns) == [c["name"] for c in meta["columns"]]
    for col in meta["columns"]:
        if col["dtype"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(df[col["name"]]), col["name"]
        elif col["dtype"] == "string":
            assert pd.api.types.is_string_dtype(df[col["name"]]), col["name"]
        else:                                           # int64, float64, bool
            assert str(df[col["name"]].dtype) == col["dtype"], col["name"]
        for lang in ("en", "zh"):
            assert col["label"][lang] and col.get("doc", col["label"])[lang], (name, col["name"], lang)
    for field in ("title", "description", "source"):
        assert set(meta[field]) == {"en", "zh"}, (name, field)
    assert set(datasets.column_labels(name, "zh")) == set(df.columns)


# customer_file plants missing values for chapter 05, and subscription_cohorts leaves the cancel
# date of customers still subscribed empty; every other dataset is complete.
@pytest.mark.parametrize("name", [n for n in NAMES if n not in ("customer_file", "subscription_cohorts")])
def test_dataset_has_no_missing_values(name):
    assert not datasets.load(name).isna().any().any()


@pytest.mark.parametrize("name", GENERATED)
def test_regenerating_with_the_seed_reproduces_the_committed_csv_byte_for_byte(name):
    meta = datasets.info(name)
    module, func = meta["generator"].split(":")
    df = getattr(importlib.import_module(module), func)(seed=meta["seed"])
    fresh = df.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    assert fresh.encode("utf-8") == (datasets.data_dir() / meta["file"]).read_bytes()


def test_cdnow_sample_is_the_published_sample():
    tx = datasets.load("cdnow_sample")
    assert len(tx) == 6919 and tx["customer_id"].nunique() == 2357
    assert tx["order_date"].min() == pd.Timestamp("1997-01-01")
    assert tx["order_date"].max() == pd.Timestamp("1998-06-30")
    summary = datasets.load("cdnow_summary")
    assert (summary["frequency"] > 0).sum() == 946


def test_column_labels_follow_the_language():
    crm_study.set_language("zh")
    assert datasets.column_labels("cdnow_sample")["amount"] == "金额"
    assert datasets.column_labels("cdnow_sample", "en")["amount"] == "amount"


def test_unknown_dataset_suggests_the_close_name(lang):
    with pytest.raises(ArgumentError, match="cdnow_sample"):
        datasets.load("cdnow_sampel")


def test_real_data_cannot_be_regenerated():
    with pytest.raises(ArgumentError, match="cdnow_sample"):
        datasets.regenerate("cdnow_sample")


def test_broken_sidecar_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text("name: bad\nfile: bad.csv\n", encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match=r"bad\.yaml.*title"):
        datasets.list_datasets()


def test_missing_csv_says_how_to_restore_it(tmp_path, monkeypatch):
    src = datasets.data_dir() / "cdnow_summary.yaml"
    (tmp_path / "cdnow_summary.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match="regenerate"):
        datasets.load("cdnow_summary")
