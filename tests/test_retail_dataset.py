"""The retail_transactions dataset: reproducible, documented, and realistic enough for chapter 04."""
from __future__ import annotations

import pandas as pd
import pytest

import crm_study as crm
from crm_study import datasets, value
from crm_study.errors import DataError

NAME = "retail_transactions"


@pytest.fixture(scope="module")
def tx() -> pd.DataFrame:
    return datasets.load(NAME)


@pytest.fixture(scope="module")
def sales(tx) -> pd.DataFrame:
    return tx[tx["type"] == "sale"]


def test_sidecar_documents_every_column_and_the_row_count(tx):
    meta = datasets.info(NAME)
    assert meta["rows"] == len(tx)
    assert [c["name"] for c in meta["columns"]] == list(tx.columns)
    for col in meta["columns"]:
        assert col["dtype"] and "unit" in col
        assert col["label"]["en"] and col["label"]["zh"] and col["doc"]["en"] and col["doc"]["zh"]
    assert meta["generator"] == "crm_study.data.generators.gen_retail_transactions:generate" and meta["seed"] == 2024
    section = datasets.readme_text().split(f"## `{NAME}`")[1].split("\n## ")[0]
    assert section in (datasets.data_dir() / "README.md").read_text(encoding="utf-8")


def test_file_is_small_and_typed(tx):
    assert (datasets.data_dir() / f"{NAME}.csv").stat().st_size < 2_000_000
    assert tx["customer_id"].dtype == "string" and tx["order_id"].dtype == "string"
    assert pd.api.types.is_datetime64_any_dtype(tx["order_date"])
    assert tx["customer_id"].str.fullmatch(r"C\d{5}").all()
    assert tx["customer_id"].nunique() == 3000
    assert tx["order_date"].min() >= pd.Timestamp("2023-01-01")
    assert tx["order_date"].max() <= pd.Timestamp("2024-12-31") < crm.AS_OF
    assert set(tx["channel"]) == {"online", "store"} and set(tx["type"]) == {"sale", "return"}
    assert (tx["amount"].round(2) == tx["amount"]).all()
    assert tx["order_id"][tx["type"] == "sale"].is_unique


def test_returns_are_about_two_percent_and_refund_an_earlier_order(tx, sales):
    returns = tx[tx["type"] == "return"]
    assert 0.015 < len(returns) / len(sales) < 0.025
    assert (returns["amount"] < 0).all() and (sales["amount"] > 0).all()
    joined = returns.merge(sales, on="order_id", suffixes=("_ret", "_sale"), validate="one_to_one")
    assert len(joined) == len(returns)
    assert (joined["customer_id_ret"] == joined["customer_id_sale"]).all()
    assert (joined["order_date_ret"] >= joined["order_date_sale"]).all()
    assert (-joined["amount_ret"] <= joined["amount_sale"]).all()


def test_seasonality_peaks_on_festivals_and_dips_at_spring_festival(sales):
    daily = sales.groupby("order_date").size()
    typical = daily.median()
    assert daily[pd.Timestamp("2024-11-11")] > 5 * typical
    assert daily[pd.Timestamp("2023-06-18")] > 2 * typical
    spring = daily[(daily.index >= "2024-02-05") & (daily.index <= "2024-02-15")]
    assert spring.mean() < 0.6 * typical


def test_the_dataset_exercises_the_returns_rule(tx):
    with pytest.raises(DataError, match="returns="):
        value.rfm_table(tx, as_of=crm.AS_OF)
    net = value.rfm_table(tx, as_of=crm.AS_OF, returns="net")
    drop = value.rfm_table(tx, as_of=crm.AS_OF, returns="drop")
    assert net["monetary"].sum() < drop["monetary"].sum()
    assert len(net) + len(net.attrs["dropped"]) == 3000


def test_abc_gives_an_80_20_like_picture(sales):
    abc = value.abc_analysis(sales)
    share_a = (abc["abc_class"] == "A").mean()
    assert 0.15 < share_a < 0.35


@pytest.mark.parametrize("scored", [False, True])
@pytest.mark.parametrize("method", ["mean", "median"])
def test_all_eight_rfm_segments_are_populated(tx, scored, method):
    rfm = value.rfm_table(tx, as_of=crm.AS_OF, returns="net")
    seg = value.rfm_segment(value.rfm_score(rfm) if scored else rfm, method=method)
    assert (value.segment_summary(seg)["count"] >= 20).all()
