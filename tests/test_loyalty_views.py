"""Chapter 09 (客户忠诚): the loyalty grid and its panel, the diagrams, the question bank with
its keys recomputed, the glossary, and the notebooks (built from the source, same code in both
languages, every concept taught, every number the prose states computed)."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import datasets, glossary, loyalty, quiz, satisfaction
from crm_study import loyalty_views as views
from crm_study.nbbuild import parse_source
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError
from crm_study.quiz.marking import format_number

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch09_loyalty.yaml"
SOURCE = ROOT / "notebooks" / "_src" / "09_loyalty.md"


@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


@pytest.fixture(scope="module")
def agency():
    return datasets.load("travel_agency")


@pytest.fixture(scope="module")
def sales():
    tx = datasets.load("retail_transactions")
    return tx[tx["type"] == "sale"]


def _tiny():
    """Four customers, one per class with cuts 0.5 / 7, worked out by hand."""
    return pd.DataFrame({"spend_3y": [800.0, 100.0, 600.0, 0.0], "travel_spend_3y": [1000.0, 1000.0, 1000.0, 500.0],
                         "recommend_score": [9, 8, 3, 2], "satisfaction": [6, 5, 4, 2]})


# ----------------------------------------------------------------------------- loyalty_grid by hand

def test_grid_puts_each_customer_in_the_class_the_hand_rule_gives():
    grid = views.loyalty_grid(_tiny(), behaviour_cut=0.5, attitude_cut=7)
    assert grid.customers["loyalty_code"].tolist() == ["true", "latent", "spurious", "none"]
    assert grid.customers["share_of_wallet"].tolist() == [0.8, 0.1, 0.6, 0.0]
    t = grid.table
    assert t.index.tolist() == ["true", "latent", "spurious", "none"] and t.index.name == "loyalty_type"
    assert t["customers"].dtype == "int64" and t["customers"].tolist() == [1, 1, 1, 1] and t["share_of_customers"].tolist() == [0.25] * 4
    assert t["revenue"].tolist() == [800, 100, 600, 0]
    assert t["share_of_revenue"].tolist() == pytest.approx([800 / 1500, 100 / 1500, 600 / 1500, 0])
    assert t["mean_satisfaction"].tolist() == [6, 5, 4, 2]


def test_a_score_equal_to_the_cut_counts_as_high_and_empty_classes_show_zero():
    tiny = _tiny().assign(recommend_score=[7, 7, 7, 7])
    t = views.loyalty_grid(tiny, behaviour_cut=0.6, attitude_cut=7).table
    assert t["customers"].tolist() == [2, 2, 0, 0]          # 0.8 and 0.6 reach the cut; 0.1 and 0.0 do not
    assert t.loc["spurious", "revenue"] == 0 and np.isnan(t.loc["none", "mean_satisfaction"])


def test_grid_repr_is_deterministic_and_follows_the_language():
    crm_study.set_language("en")
    grid = views.loyalty_grid(_tiny())
    assert repr(grid) == repr(views.loyalty_grid(_tiny()))
    assert repr(grid).splitlines()[0] == "High behaviour: share of wallet ≥ 50%; high attitude: recommend_score ≥ 7"
    assert "spurious loyalty: 1 customers (25.0%), 40.0% of our revenue" in repr(grid)
    crm_study.set_language("zh")
    assert repr(grid).splitlines()[0] == "行为“高”：客户份额 ≥ 50%；态度“高”：推荐意愿 ≥ 7", "the column's Chinese name"
    assert "虚假忠诚：1 位客户（25.0%），贡献本企业收入的 40.0%" in repr(grid)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 1000), st.integers(0, 10), st.integers(1, 7)),
                min_size=1, max_size=40),
       st.floats(0, 1), st.integers(0, 10))
def test_classes_partition_the_customers_and_their_revenue(rows, b_cut, a_cut):
    df = pd.DataFrame(rows, columns=["spend_3y", "extra", "recommend_score", "satisfaction"])
    df["travel_spend_3y"] = df["spend_3y"] + df["extra"]
    grid = views.loyalty_grid(df, behaviour_cut=b_cut, attitude_cut=a_cut)
    t = grid.table
    assert t["customers"].sum() == len(df) and t["share_of_customers"].sum() == pytest.approx(1)
    assert t["revenue"].sum() == pytest.approx(df["spend_3y"].sum())
    if df["spend_3y"].sum() > 0:
        assert t["share_of_revenue"].sum() == pytest.approx(1)
    c = grid.customers
    high_b = c["share_of_wallet"] >= b_cut
    high_a = c["attitude"] >= a_cut
    assert ((c["loyalty_code"] == "true") == (high_b & high_a)).all()
    assert ((c["loyalty_code"] == "spurious") == (high_b & ~high_a)).all()
    assert ((c["loyalty_code"] == "latent") == (~high_b & high_a)).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 9), st.floats(0, 0.95))
def test_a_stricter_cut_never_makes_more_customers_loyal(a_cut, b_cut):
    df = _tiny()
    loose = views.loyalty_grid(df, behaviour_cut=b_cut, attitude_cut=a_cut).table
    strict = views.loyalty_grid(df, behaviour_cut=b_cut + 0.05, attitude_cut=a_cut + 1).table
    assert strict.loc["true", "customers"] <= loose.loc["true", "customers"]
    assert strict.loc["none", "customers"] >= loose.loc["none", "customers"]


# ----------------------------------------------------------------------------- bad input, both languages

@pytest.mark.parametrize("make, kwargs, error, en, zh", [
    (lambda: _tiny().to_dict(), {}, InputTypeError, "data must be a pandas DataFrame", "参数 data 应为 pandas DataFrame"),
    (lambda: _tiny().iloc[:0], {}, DataError, "the table data is empty", "表格 data 为空"),
    (lambda: _tiny().drop(columns="recommend_score"), {}, ColumnError, "recommend_score", "recommend_score"),
    (lambda: _tiny(), {"behaviour_cut": 50}, ArgumentError, "behaviour_cut = 50 is outside the allowed range [0, 1]",
     "参数 behaviour_cut = 50 超出允许范围 [0, 1]"),
    (lambda: _tiny(), {"attitude_cut": "high"}, InputTypeError, "attitude_cut must be a number", "参数 attitude_cut 应为数字"),
    (lambda: _tiny().assign(satisfaction=["6", "five", "4", "2"]), {}, DataError,
     "column 'satisfaction' has 1 missing or non-numeric value(s) at row(s) 1", "列 'satisfaction' 在第 1 行"),
    (lambda: _tiny().assign(travel_spend_3y=[1000.0, 50.0, 1000.0, 0.0]), {}, DataError,
     "2 row(s) at 1, 3 have travel_spend_3y = 0 or spend_3y larger than travel_spend_3y",
     "第 1, 3 行共 2 行的 travel_spend_3y 为 0，或 spend_3y 大于 travel_spend_3y"),
])
def test_bad_input_raises_a_kit_error_naming_the_function_and_what_is_wrong(make, kwargs, error, en, zh):
    for lang, expected in (("en", en), ("zh", zh)):
        crm_study.set_language(lang)
        with pytest.raises(error) as info:
            views.loyalty_grid(make(), **kwargs)
        assert "loyalty_views.loyalty_grid" in str(info.value) and expected in str(info.value), str(info.value)


def test_a_missing_column_message_names_the_keyword_to_pass():
    crm_study.set_language("en")
    with pytest.raises(ColumnError, match="attitude_col"):
        views.loyalty_grid(_tiny().rename(columns={"recommend_score": "nps_score"}))
    assert views.loyalty_grid(_tiny().rename(columns={"recommend_score": "nps_score"}),
                              attitude_col="nps_score").settings["attitude_col"] == "nps_score"


# ----------------------------------------------------------------------------- diagrams and panel

@pytest.mark.parametrize("draw, en_title, zh_title", [
    (views.plot_satisfaction_loyalty, "Satisfied is not the same as loyal", "满意不等于忠诚"),
    (views.plot_loyalty_types, "Four kinds of loyalty: behaviour × attitude", "四种忠诚：行为 × 态度"),
    (views.plot_programme_steps, "Designing a loyalty programme: six steps", "设计客户忠诚计划的六个步骤"),
])
def test_diagrams_draw_their_labels_in_the_active_language(draw, en_title, zh_title):
    crm_study.set_language("en")
    ax = draw()
    assert ax.get_title() == en_title
    crm_study.set_language("zh")
    ax = draw()
    assert ax.get_title() == zh_title
    labels = " ".join(t.get_text() for t in ax.texts)
    assert not re.search(r"[A-Za-z]{4,}", labels), labels


def test_programme_diagram_shows_the_six_steps_in_order():
    crm_study.set_language("zh")
    texts = [t.get_text() for t in views.plot_programme_steps().texts]
    assert [t[0] for t in texts[:6]] == list("①②③④⑤⑥") and "员工忠诚" in texts[0] and "客户再生" in texts[5]


def test_competitive_market_loyalty_stays_low_until_complete_satisfaction():
    s = np.array([1.0, 3.0, 4.0, 5.0])
    competitive, sheltered = views._loyalty_curve(s, True), views._loyalty_curve(s, False)
    assert competitive[1] < 0.2 < competitive[3] and (np.diff(competitive) > 0).all()
    assert (sheltered[:3] > competitive[:3]).all()      # dissatisfied customers stay where there is no choice


def test_grid_chart_counts_each_class_in_its_legend(agency):
    crm_study.set_language("en")
    ax = views.plot_loyalty_grid(views.loyalty_grid(agency))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["true loyalty (138)", "latent loyalty (144)", "spurious loyalty (88)", "no loyalty (130)"]


def test_panel_recomputes_when_a_slider_moves(agency):
    crm_study.set_language("en")
    panel = views.loyalty_explorer(agency)
    assert panel.result.table.loc["true", "customers"] == 138
    panel.controls["attitude_cut"].value = 9
    assert panel.result.settings["attitude_cut"] == 9
    assert panel.result.table.equals(views.loyalty_grid(agency, behaviour_cut=0.5, attitude_cut=9).table)
    assert panel.output.outputs[1]["text"] == repr(panel.result) + "\n"
    assert repr(panel).startswith("Loyalty grid panel: 500 customers.")
    assert panel._repr_mimebundle_()["text/plain"] == repr(panel)
    edge = views.loyalty_explorer(agency, behaviour_cut=0.0, attitude_cut=0)
    assert edge.settings() == {"behaviour_cut": 0.0, "attitude_cut": 0}      # sliders reach every valid cut


def test_type_tables_are_bilingual_and_name_the_glossary_terms():
    terms = dict(zip(glossary.terms("09")["zh"], glossary.terms("09")["en"]))
    for entry in views.LOYALTY_TYPES.values():
        assert terms[entry["zh"]] == entry["en"] and entry["cause"]["zh"] and entry["cause"]["en"]
    assert len(views.PROGRAMME_STEPS) == 6


# ----------------------------------------------------------------------------- the bank: format and coverage

def test_the_case_mixes_calculation_and_text(bank):
    """The point layout itself is checked for every chapter in test_banks.py."""
    case = bank["ch09-case-001"]
    assert {p.type for p in case.parts} == {"numeric", "short_answer"}


def test_disputed_seed_item_11_says_the_keys_differ(bank):
    """The keys of the seed items are checked for every chapter in test_banks.py."""
    disputed = [it for it in bank if "seed000-11" in it.tags][0]
    assert "教材答案不一" in disputed.explanation["zh"]
    assert "Keys differ" in disputed.explanation["en"]


# ----------------------------------------------------------------------------- the bank: keys agree with the grader

def test_a_short_answer_listing_only_two_types_earns_only_their_points(bank):
    crm_study.set_language("zh")
    assert quiz.grade(bank["ch09-sa-001"], "垄断忠诚和惰性忠诚").score == 1       # named only: half each
    assert quiz.grade(bank["ch09-sa-001"], "垄断忠诚，客户别无选择；惰性忠诚，出于习惯不愿更换。").score == 2
    crm_study.set_language("en")
    assert quiz.grade(bank["ch09-sa-004"], "give customers points and discounts").score == 0


@pytest.mark.parametrize("item_id, slip", [
    ("ch09-num-001", 33.33),      # divided by the competitors' spend
    ("ch09-num-002", 48.15),      # divided by the one-time buyers
    ("ch09-num-003", 40),         # passives counted as promoters
    ("ch09-num-004", 10),         # 30 days over three purchases
    ("ch09-num-005", 12000),      # the new revenue, not the increase
    ("ch09-case-001-a", 75.37),   # ours over the other agencies' part
])
def test_the_slips_the_explanations_name_score_nothing(bank, item_id, slip):
    item = bank[item_id]
    assert quiz.grade(item, slip).score == 0
    assert quiz.grade(item, f"{format_number(item.answer)}{item.unit_in()}").correct
    for lang in ("zh", "en"):
        assert format_number(slip).replace(",", "") in item.explanation[lang].replace(",", ""), (item_id, lang)


def test_calculation_keys_by_hand_and_by_the_kit(bank):
    assert bank["ch09-num-001"].answer == 100 * 4500 / 18000 == 100 * loyalty.share_of_wallet(4500, 18000)
    assert bank["ch09-num-002"].answer == 100 * 260 / 800
    assert round(100 * 260 / 540, 2) == 48.15 and round(100 * 4500 / 13500, 2) == 33.33
    assert bank["ch09-num-003"].answer == 100 * (120 - 90) / 300
    assert satisfaction.nps([10] * 120 + [8] * 90 + [3] * 90)["nps"] == pytest.approx(10)
    tx = pd.DataFrame({"customer_id": [1, 1, 1], "order_date": ["2025-01-01", "2025-01-11", "2025-01-31"]})
    assert bank["ch09-num-004"].answer == (10 + 20) / 2 == loyalty.purchase_intervals(tx)["mean_interval_days"].iloc[0]
    assert bank["ch09-num-005"].answer == pytest.approx(20000 * (0.6 - 0.4))
    assert bank["ch09-sc-002"].options[bank["ch09-sc-002"].answer]["en"] == f"{loyalty.share_of_wallet(3000, 12000):.0%}"
    assert bank["ch09-sc-006"].options[bank["ch09-sc-006"].answer]["en"] == format_number(
        satisfaction.nps([10] * 40 + [7] * 35 + [0] * 25)["nps"])


def test_grid_matching_follows_the_kit_classes(bank):
    item = bank["ch09-fill-001"]
    classes = loyalty.loyalty_class([0.9, 0.1, 0.9, 0.1], [9, 9, 1, 1], behaviour_cut=0.5, attitude_cut=5, lang="zh")
    keyed = [item.choices[k]["zh"] for k in item.answer]
    assert keyed == classes["loyalty"].tolist()


def test_case_numbers_match_the_dataset(bank, agency):
    overall = agency["spend_3y"].sum() / agency["travel_spend_3y"].sum()
    assert bank["ch09-case-001-a"].answer == round(100 * overall, 2)
    assert round(100 * agency["spend_3y"].sum() / (agency["travel_spend_3y"].sum() - agency["spend_3y"].sum()), 2) == 75.37
    score = satisfaction.nps(agency["recommend_score"])
    assert bank["ch09-case-001-b"].answer == round(score["nps"], 1)
    assert (int((agency["recommend_score"] >= 9).sum()), int((agency["recommend_score"] <= 6).sum())) == (75, 218)
    t = views.loyalty_grid(agency, behaviour_cut=0.5, attitude_cut=7).table
    assert bank["ch09-case-001-c"].answer == t.loc["spurious", "customers"]
    assert t["customers"].tolist() == [138, 144, 88, 130] and round(t.loc["spurious", "mean_satisfaction"], 2) == 4.26
    assert bank["ch09-case-001-d"].answer == round(100 * t.loc["spurious", "share_of_revenue"], 1)
    assert (t.loc["spurious", "revenue"], t["revenue"].sum()) == (1_787_932, 6_718_320)
    for lang in ("zh", "en"):
        answer = bank["ch09-case-001-e"].model_answer[lang]
        assert all(s in answer for s in ("42.98%", "−28.6", "88", "26.6%")), lang


def test_glossary_has_the_chapter_terms():
    """The bank's use of them is checked for every chapter in test_banks.py."""
    terms = set(glossary.terms("09")["zh"])
    assert {"客户忠诚", "客户份额", "重复购买率", "指名度", "美誉度", "真正忠诚", "潜在忠诚", "虚假忠诚", "惰性忠诚",
            "信赖忠诚", "转换成本", "客户忠诚计划", "净推荐值"} <= terms


# ----------------------------------------------------------------------------- notebooks

def _notebook(lang):
    return nbformat.read(str(ROOT / "notebooks" / lang / "09_loyalty.ipynb"), as_version=4)


def _markdown(lang):
    return "\n".join(c.source for c in _notebook(lang).cells if c.cell_type == "markdown")


def _outputs(lang):
    return [("".join(o.get("text", "")) + o.get("data", {}).get("text/plain", ""))
            for c in _notebook(lang).cells if c.cell_type == "code" for o in c.outputs]


def test_exercises_are_left_for_the_student():
    """Cell lengths are checked for every notebook in test_chapter_notebooks.py."""
    cells = [body["en"] for kind, body in parse_source(SOURCE) if kind == "code"]
    exercises = [c for c in cells if "check(answer" in c]
    assert len(exercises) == 5 and all(c.startswith("answer = None") for c in exercises)
    assert [c for c in cells if "crm.quiz.show" in c] == ['crm.quiz.show(crm.quiz.load_bank().select(chapter="09"), n=10, seed=9)']
    assert cells[-1] == 'crm.glossary.key_terms("09")'


def test_hand_calculations_in_the_notes_are_the_computed_ones():
    assert loyalty.share_of_wallet(3000, 12000) == 0.25 and 260 / 800 == 0.325
    assert 20000 * 0.60 - 20000 * 0.40 == pytest.approx(4000)
    for lang in ("en", "zh"):
        md, out = _markdown(lang), "\n".join(_outputs(lang))
        for claim in ("**25%**", "**32.5%**", "**4,000**", "**0.25**", "**40**", "**0.755**", "**138**", "1,603", "2,124"):
            assert claim in md, (lang, claim)
        for shown in ("(0.25, 0.325)", "0.325", "4000.0", "'42.98%'"):
            assert shown in out, (lang, shown)


def test_numbers_and_claims_in_the_worked_example_are_the_computed_ones(agency, sales):
    share = loyalty.share_of_wallet(agency["spend_3y"], agency["travel_spend_3y"])
    assert round(agency["spend_3y"].sum() / agency["travel_spend_3y"].sum(), 2) == 0.43      # "about 43%"
    by_type = share.groupby(agency["customer_type"]).mean()
    assert by_type["corporate"] > by_type["individual"]
    trips = agency["trips_3y"]
    assert ((trips >= 1).sum(), (trips >= 2).sum()) == (390, 219) and 0.5 < 219 / 390 < 0.6   # "a little over half"
    rate = loyalty.repeat_purchase_rate(sales, order_col="order_id")["rate"]
    assert round(rate, 2) == 0.75                                                             # "three in four"
    gaps = loyalty.purchase_interval_stats(sales)
    assert gaps["median_days"] == 14 and 1.8 < gaps["mean_days"] / gaps["median_days"] < 2.2
    score = satisfaction.nps(agency["recommend_score"])
    assert score["nps"] < 0 and 2.7 < score["detractors"] / score["promoters"] < 3           # "almost three times"
    by_level = share.groupby(agency["satisfaction"]).mean()
    assert by_level[7] <= by_level[6] and by_level.loc[1:6].is_monotonic_increasing
    very = agency["satisfaction"] >= 6
    assert 0.3 < (very & (share < 0.5)).sum() / very.sum() < 0.5                              # "a sizeable minority"
    t = views.loyalty_grid(agency).table
    assert t.loc["spurious", "share_of_customers"] < 0.2 < 0.25 < t.loc["spurious", "share_of_revenue"]
    assert t["mean_share_of_customer"].rank(ascending=False)["spurious"] == 2
    assert t["mean_satisfaction"].rank()["spurious"] == 2
    strict = views.loyalty_grid(agency, behaviour_cut=0.6, attitude_cut=9).table
    assert strict.loc["true", "customers"] < t.loc["true", "customers"]
    assert strict.loc["spurious", "share_of_revenue"] > t.loc["spurious", "share_of_revenue"]
    assert round(views.loyalty_grid(agency).table.loc["true", "customers"] / len(agency), 2) == 0.28  # "one in four"


def test_the_solutions_shown_under_the_exercises_pass_their_own_checks(agency, sales, lang):
    from crm_study.quiz.exercises import check

    assert check(0.25, loyalty.share_of_wallet(4500, 18000)) and check("25%", loyalty.share_of_wallet(4500, 18000))
    assert check(40, satisfaction.nps([10, 9, 9, 7, 5])["nps"])
    spurious = {"zh": "虚假忠诚", "en": "spurious loyalty"}
    assert check(spurious[lang], spurious) and not check("true loyalty", spurious)
    rate = loyalty.repeat_purchase_rate(sales, order_col="order_id", start="2024-01-01", end="2024-12-31")
    assert (rate["repeat_customers"], rate["customers"]) == (1603, 2124)
    assert check(0.755, rate["rate"], tolerance=0.0005)
    assert check(138, views.loyalty_grid(agency).table.loc["true", "customers"])
