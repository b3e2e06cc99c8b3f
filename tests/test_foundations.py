"""Chapter 02 (theoretical foundations): concentration curve and 80/20 numbers, share of customer,
the stylised relationship profit, the diagrams and the "try it" panel."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import foundations as fd
from crm_study import glossary, quiz
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

FIVE = pd.DataFrame({"customer_id": list("abcde"), "amount": [60, 20, 10, 6, 4]})
WALLETS = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "our_spend": [800, 300, 100, 0],
                        "category_spend": [1000, 1200, 200, 600]})


# ----------------------------------------------------------------------------- concentration curve

def test_curve_hand_computed_ranks_and_shares():
    curve = fd.concentration_curve(FIVE)
    assert curve.index.tolist() == list("abcde")
    assert curve["rank"].tolist() == [1, 2, 3, 4, 5]
    assert curve["customer_share"].tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])
    assert curve["value_share"].tolist() == pytest.approx([0.6, 0.8, 0.9, 0.96, 1.0])


def test_curve_sums_a_transaction_log_per_customer_and_orders_ties_by_id():
    log = pd.DataFrame({"cid": ["y", "x", "y", "z"], "spend": [5, 10, 5, 1]})
    curve = fd.concentration_curve(log, customer_col="cid", value_col="spend")
    assert curve.index.tolist() == ["x", "y", "z"]          # x and y tie at 10: id order
    assert curve["value"].tolist() == [10, 10, 1]
    assert curve.index.name == "cid"


def test_pareto_point_hand_computed():
    point = fd.pareto_point(fd.concentration_curve(FIVE))
    assert point["top_customers"] == 1 and point["top_value_share"] == pytest.approx(0.6)
    assert point["customers_needed"] == 2 and point["customers_needed_share"] == pytest.approx(0.4)
    wider = fd.pareto_point(fd.concentration_curve(FIVE), top=0.5, target=0.9)
    assert wider["top_customers"] == 3 and wider["top_value_share"] == pytest.approx(0.9)   # ⌈2.5⌉ = 3
    assert wider["customers_needed"] == 3                                                   # 0.9 reached exactly


def test_pareto_point_of_an_equal_base_is_the_diagonal():
    equal = pd.DataFrame({"customer_id": range(10), "amount": [7.0] * 10})
    point = fd.pareto_point(fd.concentration_curve(equal))
    assert point["top_value_share"] == pytest.approx(0.2) and point["customers_needed"] == 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=40).filter(lambda v: sum(v) > 0),
       st.floats(0.01, 1.0), st.floats(0.01, 1.0))
def test_curve_and_pareto_point_rules_hold_for_any_base(values, top, target):
    curve = fd.concentration_curve(pd.DataFrame({"customer_id": range(len(values)), "amount": values}))
    shares = curve["value_share"].to_numpy()
    assert shares[-1] == pytest.approx(1.0)
    assert (np.diff(shares) >= -1e-12).all() and (np.diff(curve["value"].to_numpy()) <= 0).all()
    # the top customers always bring at least their share of the headcount
    assert (shares >= curve["customer_share"].to_numpy() - 1e-9).all()
    point = fd.pareto_point(curve, top=top, target=target)
    k = int(point["customers_needed"])
    assert shares[k - 1] >= target - 1e-9 and (k == 1 or shares[k - 2] < target)


def test_curve_rejects_bad_input_naming_function_and_column(lang):
    with pytest.raises(InputTypeError, match="foundations.concentration_curve"):
        fd.concentration_curve([1, 2, 3])
    with pytest.raises(DataError, match="foundations.concentration_curve"):
        fd.concentration_curve(FIVE.iloc[0:0])
    with pytest.raises(ColumnError, match="'value'"):
        fd.concentration_curve(FIVE, value_col="value")
    bad = FIVE.assign(amount=["60", "x", "10", "6", "4"])
    with pytest.raises(DataError, match="'amount'"):
        fd.concentration_curve(bad)
    with pytest.raises(DataError, match="'amount'"):
        fd.concentration_curve(FIVE.assign(amount=[60, -1, 10, 6, 4]))
    with pytest.raises(DataError, match="'customer_id'"):
        fd.concentration_curve(FIVE.assign(customer_id=["a", None, "c", "d", "e"]))


@pytest.mark.parametrize("lang_code, words", [("en", "add up to 0"), ("zh", "合计为 0")])
def test_zero_total_message_in_both_languages(lang_code, words):
    crm_study.set_language(lang_code)
    with pytest.raises(DataError, match=words):
        fd.concentration_curve(FIVE.assign(amount=0))


@pytest.mark.parametrize("kwargs, name", [({"top": 0}, "top"), ({"top": 1.5}, "top"), ({"target": -0.1}, "target")])
def test_pareto_point_out_of_range_arguments(kwargs, name, lang):
    with pytest.raises(ArgumentError, match=name):
        fd.pareto_point(fd.concentration_curve(FIVE), **kwargs)


def test_pareto_point_needs_a_curve(lang):
    with pytest.raises(ColumnError, match="value_share"):
        fd.pareto_point(FIVE)
    with pytest.raises(InputTypeError, match="foundations.pareto_point"):
        fd.pareto_point("curve")


# ----------------------------------------------------------------------------- simulated base and panel

def test_simulated_base_is_seeded_and_the_tail_sets_the_concentration():
    a = fd.simulate_customer_base(500, tail=1.7, seed=3)
    pd.testing.assert_frame_equal(a, fd.simulate_customer_base(500, tail=1.7, seed=3))
    assert a["customer_id"].iloc[[0, -1]].tolist() == ["C0001", "C0500"]
    flat = fd.simulate_customer_base(50, tail=0)
    assert flat["amount"].nunique() == 1 and flat["amount"].iloc[0] == pytest.approx(np.exp(4), abs=0.01)
    shares = [fd.explore_concentration(t).point["top_value_share"] for t in (0.3, 1.0, 1.7, 2.5)]
    assert shares == sorted(shares) and 0.75 < shares[2] < 0.85


@pytest.mark.parametrize("kwargs, exc, name", [({"n": 0}, ArgumentError, "n"), ({"n": 2.5}, InputTypeError, "n"),
                                               ({"tail": -1}, ArgumentError, "tail"),
                                               ({"seed": "x"}, InputTypeError, "seed")])
def test_simulated_base_rejects_bad_arguments(kwargs, exc, name, lang):
    with pytest.raises(exc, match=name):
        fd.simulate_customer_base(**kwargs)


def test_explore_repr_is_deterministic_in_both_languages():
    crm_study.set_language("en")
    result = fd.explore_concentration(1.7, 0.2, 0.8, n=1000)
    assert repr(result) == repr(fd.explore_concentration(1.7, 0.2, 0.8, n=1000))
    assert repr(result).startswith("1,000 customers, tail 1.70: the top 20% (200 customers) bring")
    crm_study.set_language("zh")
    assert repr(result).startswith("1,000 位客户，长尾程度 1.70：前 20%（200 位客户）带来")


def test_panel_recomputes_on_slider_moves_and_shows_chart_and_text(lang):
    panel = fd.pareto_explorer(n=300)
    assert repr(panel.result) == repr(fd.explore_concentration(n=300))
    panel.controls["tail"].value = 0.5
    panel.controls["top"].value = 0.3
    want = fd.explore_concentration(0.5, 0.3, 0.8, n=300)
    pd.testing.assert_series_equal(panel.result.point, want.point)
    image, words = panel.output.outputs
    assert "image/png" in image["data"] and words["text"] == repr(want) + "\n"
    assert panel._repr_mimebundle_()["text/plain"] == repr(panel)
    assert ("300" in repr(panel)) and (("explorer" in repr(panel)) or ("探索器" in repr(panel)))


def test_panel_start_values_outside_default_ranges_are_not_clamped():
    panel = fd.pareto_explorer(tail=3.5, top=0.6, n=200)
    assert panel.controls["tail"].value == 3.5 and panel.controls["top"].value == 0.6


# ----------------------------------------------------------------------------- share of customer

def test_share_of_customer_hand_computed():
    shares = fd.share_of_customer(WALLETS)
    assert shares["share_of_customer"].tolist() == pytest.approx([0.8, 0.25, 0.5, 0.0])
    assert shares["headroom"].tolist() == [200, 900, 100, 600]
    assert shares.index.tolist() == ["A", "B", "C", "D"]
    summary = fd.share_summary(shares)
    assert summary["pooled_share_of_customer"] == pytest.approx(1200 / 3000)
    assert summary["mean_share_of_customer"] == pytest.approx(0.3875)
    assert summary["headroom"] == 1800 and summary["customers"] == 4


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1e5), st.floats(0, 1)), min_size=1, max_size=30))
def test_share_is_between_0_and_1_and_pooled_share_is_spend_weighted(rows):
    total = [t for t, _ in rows]
    ours = [t * f for t, f in rows]
    shares = fd.share_of_customer(pd.DataFrame({"customer_id": range(len(rows)), "our_spend": ours,
                                                "category_spend": total}))
    s = shares["share_of_customer"]
    assert ((s >= 0) & (s <= 1 + 1e-12)).all()
    summary = fd.share_summary(shares)
    weighted = float(np.average(s, weights=total))
    assert summary["pooled_share_of_customer"] == pytest.approx(weighted, rel=1e-9, abs=1e-12)
    assert summary["headroom"] == pytest.approx(float(shares["headroom"].sum()))


def test_share_of_customer_rejects_bad_tables(lang):
    with pytest.raises(InputTypeError, match="foundations.share_of_customer"):
        fd.share_of_customer({"our_spend": [1]})
    with pytest.raises(ColumnError, match="category_spend"):
        fd.share_of_customer(WALLETS.drop(columns="category_spend"))
    with pytest.raises(DataError, match="'our_spend'"):
        fd.share_of_customer(WALLETS.assign(our_spend=[800, -3, 100, 0]))
    with pytest.raises(DataError, match="'B'"):
        fd.share_of_customer(pd.concat([WALLETS, WALLETS.iloc[[1]]]))
    with pytest.raises(ColumnError, match="foundations.share_summary"):
        fd.share_summary(WALLETS.drop(columns="our_spend"))
    table = fd.share_of_customer(WALLETS)
    with pytest.raises(DataError, match="'share_of_customer'"):
        fd.share_summary(table.assign(share_of_customer=["high", 0.25, 0.5, 0.0]))
    with pytest.raises(DataError, match="share_of_customer"):
        fd.share_summary(table.assign(category_spend=0.0, our_spend=0.0))


@pytest.mark.parametrize("lang_code, words", [("en", "not swapped"), ("zh", "是否写反")])
def test_share_over_total_names_the_row_in_both_languages(lang_code, words):
    crm_study.set_language(lang_code)
    with pytest.raises(DataError, match=words) as err:
        fd.share_of_customer(WALLETS.assign(our_spend=[800, 1300, 100, 0]))
    assert "1" in str(err.value) and "'our_spend'" in str(err.value)


@pytest.mark.parametrize("lang_code, words", [("en", "spent nothing"), ("zh", "没有消费")])
def test_share_with_zero_category_spend_in_both_languages(lang_code, words):
    crm_study.set_language(lang_code)
    with pytest.raises(DataError, match=words):
        fd.share_of_customer(WALLETS.assign(our_spend=[800, 0, 100, 0], category_spend=[1000, 0, 200, 600]))


# ----------------------------------------------------------------------------- relationship profit

def test_relationship_profit_hand_computed():
    table = fd.relationship_profit(3)
    assert table["total"].tolist() == [-50, 25, 40, 55]          # 25 + (6+3+4+2)·(t−1)
    assert table["cumulative"].tolist() == [-50, -25, 15, 70]
    assert table.loc[3, "referrals"] == 8 and table.loc[1, "more_purchases"] == 0
    custom = fd.relationship_profit(2, acquisition_cost=0, base_profit=10, more_purchases=1, lower_costs=0,
                                    referrals=0, price_premium=0)
    assert custom["total"].tolist() == [0, 10, 11]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 20), st.floats(0, 100), st.floats(0, 100), st.floats(0, 10))
def test_relationship_profit_total_is_the_sum_of_its_parts(years, ac, base, gain):
    table = fd.relationship_profit(years, acquisition_cost=ac, base_profit=base, referrals=gain)
    parts = table.drop(columns=["total", "cumulative"]).sum(axis=1)
    assert np.allclose(parts, table["total"]) and np.allclose(table["total"].cumsum(), table["cumulative"])
    assert (np.diff(table["total"].to_numpy()[1:]) >= -1e-9).all()   # profit per year never falls


@pytest.mark.parametrize("kwargs, exc", [({"years": 0}, ArgumentError), ({"years": 1.5}, InputTypeError),
                                         ({"acquisition_cost": -5}, ArgumentError),
                                         ({"referrals": "many"}, InputTypeError)])
def test_relationship_profit_rejects_bad_arguments(kwargs, exc, lang):
    with pytest.raises(exc, match="foundations.relationship_profit"):
        fd.relationship_profit(**kwargs)


# ----------------------------------------------------------------------------- diagrams

def _texts(ax):
    return " ".join(t.get_text() for t in ax.texts + [ax.title, ax.xaxis.label, ax.yaxis.label])


def test_idic_diagram_labels_follow_the_language():
    crm_study.set_language("zh")
    words = _texts(fd.plot_idic())
    assert all(name in words for name in ("识别客户", "差异分析", "保持互动", "定制调整"))
    crm_study.set_language("en")
    ax = fd.plot_idic()
    words = _texts(ax)
    assert all(name in words for name in ("Identify", "Differentiate", "Interact", "Customize"))
    assert len([c for c in ax.get_children() if type(c).__name__ == "FancyBboxPatch"]) == 4


def test_pareto_and_relationship_charts_label_in_the_active_language():
    crm_study.set_language("en")
    ax = fd.plot_pareto_curve(fd.concentration_curve(FIVE))
    assert "top 20% of customers\nbring 60% of value" in _texts(ax)
    ax = fd.plot_relationship_profit()
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["cumulative profit", "acquisition cost"]
    crm_study.set_language("zh")
    assert "前 20% 的客户" in _texts(fd.plot_pareto_curve(fd.concentration_curve(FIVE)))
    assert "关系持续的年份" in _texts(fd.plot_relationship_profit(fd.relationship_profit(3)))


def test_relationship_chart_needs_a_profit_table(lang):
    with pytest.raises(ColumnError, match="foundations.plot_relationship_profit"):
        fd.plot_relationship_profit(FIVE)


# ----------------------------------------------------------------------------- the chapter-02 bank

ROOT = Path(__file__).resolve().parents[1]
BANK = quiz.load_bank(ROOT / "quizzes" / "ch02_foundations.yaml")


def test_disputed_seed_item_17_explains_both_readings():
    """The keys of the seed items are checked for every chapter in test_banks.py."""
    seeds = {int(t[-2:]): it for it in BANK for t in it.tags if t.startswith("seed000-")}
    disputed = seeds[17]
    assert "对" in disputed.explanation["zh"] and "错" in disputed.explanation["zh"]
    assert "For True" in disputed.explanation["en"] and "For False" in disputed.explanation["en"]


def test_numeric_keys_agree_with_the_kit(case_table):
    def pct(x):
        return round(100 * float(x), 2)

    one = pd.DataFrame({"customer_id": [1], "our_spend": [600], "category_spend": [2400]})
    assert BANK["ch02-num-001"].answer == pct(fd.share_of_customer(one)["share_of_customer"].iloc[0])
    three = pd.DataFrame({"customer_id": list("ABC"), "our_spend": [500, 100, 400],
                          "category_spend": [1000, 2000, 500]})
    assert BANK["ch02-num-002"].answer == pct(fd.share_summary(fd.share_of_customer(three))["pooled_share_of_customer"])
    ten = pd.DataFrame({"customer_id": range(10), "amount": [50, 20, 10, 6, 5, 3, 2, 2, 1, 1]})
    assert BANK["ch02-num-003"].answer == pct(fd.pareto_point(fd.concentration_curve(ten))["top_value_share"])
    assert BANK["ch02-num-004"].answer == fd.relationship_profit(3)["cumulative"].iloc[-1]
    case = BANK["ch02-case-001"]
    members = case_table(case, "customer_id", "our_spend", "category_spend")
    shares = fd.share_of_customer(members)
    assert BANK["ch02-case-001-a"].answer == pct(fd.share_summary(shares)["pooled_share_of_customer"])
    assert BANK["ch02-case-001-b"].answer == pct(shares.loc["M3", "share_of_customer"])
    part_c = BANK["ch02-case-001-c"]
    assert part_c.options[part_c.answer]["en"] == shares["headroom"].idxmax()


# ----------------------------------------------------------------------------- the notebooks teach every term

def _markdown(lang_code):
    import nbformat

    nb = nbformat.read(str(ROOT / "notebooks" / lang_code / "02_foundations.ipynb"), as_version=4)
    words = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"[\s*_`]+", "", words).casefold()


@pytest.mark.parametrize("lang_code", ["zh", "en"])
def test_every_glossary_term_of_the_chapter_is_taught_in_the_notebook(lang_code):
    text_ = _markdown(lang_code)
    for term in glossary.terms("02")[lang_code]:
        core = re.split(r"\s*[(（]", term)[0]
        assert re.sub(r"\s+", "", core).casefold() in text_, (lang_code, term)
