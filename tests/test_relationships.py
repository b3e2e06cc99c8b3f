"""Chapter 03 (customers and relationships): the lifecycle profit model, the exit types, the
diagrams, the "try it" panel, the question bank, the glossary and the notebook source.

The lifecycle is checked against the notebook's hand calculation and, for all inputs, against
the accounting rules it must obey; the bank's keys are checked against the grader and, for the
case calculations, against :func:`crm_study.chapters.ch03_relationships.lifecycle_profit`.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import glossary, quiz
from crm_study import relationships as rel
from crm_study.nbbuild import parse_source
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch03_customers_relationships.yaml"
SOURCE = ROOT / "notebooks" / "_src" / "03_customers_relationships.md"


# ----------------------------------------------------------------------------- lifecycle_profit by hand

def test_lifecycle_matches_the_notebook_hand_calculation():
    life = rel.lifecycle_profit()
    df = life.periods
    assert df.index.tolist() == list(range(1, 16)) and df.index.name == "period"
    assert df["revenue"].tolist() == [0, 0, 25, 50, 75, 100, 100, 100, 100, 100, 100, 75, 50, 25, 0]
    assert df["cost"].tolist() == [60, 60] + [20] * 13
    assert df["cumulative_profit"].head(6).tolist() == [-60, -120, -115, -85, -30, 50]
    assert df["revenue"].sum() == 900 and df["cost"].sum() == 380 and df["profit"].sum() == 520
    assert life.stages.index.tolist() == list(rel.LIFECYCLE_STAGES)
    assert life.stages["periods"].tolist() == [2, 3, 6, 3, 1]
    assert life.stages["profit"].tolist() == [-120, 90, 480, 90, -20]
    assert life.break_even == 6 and df.loc[life.break_even, "stage"] == "maturity"


def test_exercise_four_and_the_expensive_acquisition_of_the_try_it_cell():
    assert rel.lifecycle_profit(acquisition_cost=90).periods["profit"].sum() == pytest.approx(460)
    dear = rel.lifecycle_profit(acquisition_cost=120)
    assert dear.periods["profit"].sum() == pytest.approx(400) and dear.break_even == 7


def test_a_customer_who_never_pays_back_has_no_break_even(lang):
    life = rel.lifecycle_profit(acquisition_cost=1000)
    assert life.break_even is None
    assert ("始终为负" in repr(life)) == (lang == "zh")
    assert ("never turns positive" in repr(life)) == (lang == "en")


@settings(max_examples=80, deadline=None)
@given(peak=st.floats(0, 1e4), acq_cost=st.floats(0, 1e4), svc=st.floats(0, 1e3), a=st.integers(1, 12),
       g=st.integers(1, 12), m=st.integers(1, 30), d=st.integers(1, 12))
def test_lifecycle_accounting_rules_hold_for_all_inputs(peak, acq_cost, svc, a, g, m, d):
    life = rel.lifecycle_profit(peak_revenue=peak, acquisition_cost=acq_cost, service_cost=svc, acquisition=a,
                                growth=g, maturity=m, decline=d)
    df = life.periods
    assert len(df) == a + g + m + d + 1
    # revenue in closed form: growth and decline each add peak · n / 2, maturity peak · m
    assert df["revenue"].sum() == pytest.approx(peak * (g / 2 + m + d / 2), rel=1e-9, abs=1e-6)
    assert df["cost"].sum() == pytest.approx(a * acq_cost + (g + m + d + 1) * svc, rel=1e-9, abs=1e-6)
    assert life.stages["profit"].sum() == pytest.approx(df["profit"].sum(), rel=1e-9, abs=1e-6)
    assert df["cumulative_profit"].iloc[-1] == pytest.approx(df["profit"].sum(), rel=1e-9, abs=1e-6)
    assert df["revenue"].max() == pytest.approx(peak) and (df["revenue"] >= 0).all()
    rev = df["revenue"].to_numpy()
    assert (np.diff(rev[: a + g + m]) >= -1e-9).all() and (np.diff(rev[a + g:]) <= 1e-9).all()
    if life.break_even is not None:
        assert df.loc[life.break_even, "cumulative_profit"] >= -1e-6
        assert (df["cumulative_profit"].iloc[: life.break_even - 1] < 0).all()


@settings(max_examples=40, deadline=None)
@given(m=st.integers(1, 20), extra=st.integers(1, 10))
def test_a_longer_maturity_never_lowers_lifetime_profit_when_maturity_pays(m, extra):
    short = rel.lifecycle_profit(maturity=m).periods["profit"].sum()
    long = rel.lifecycle_profit(maturity=m + extra).periods["profit"].sum()
    assert long - short == pytest.approx(extra * (100 - 20))


def test_stage_names_follow_the_language():
    crm_study.set_language("zh")
    assert rel.lifecycle_profit().stages["name"].tolist() == ["潜在获取期", "成长期", "成熟期", "衰退期", "终止期"]
    crm_study.set_language("en")
    assert rel.lifecycle_profit().stages["name"].tolist() == ["acquisition", "growth", "maturity", "decline",
                                                               "termination"]


def test_lifecycle_repr_is_deterministic_in_both_languages():
    crm_study.set_language("en")
    en = repr(rel.lifecycle_profit())
    assert en == repr(rel.lifecycle_profit())
    assert "revenue 900, cost 380, lifetime profit 520" in en
    assert "acquisition -120 · growth +90 · maturity +480" in en and "Break-even in period 6 (maturity stage)" in en
    crm_study.set_language("zh")
    zh = repr(rel.lifecycle_profit())
    assert "收入 900，成本 380，生命周期利润 520" in zh and "第 6 期（成熟期）累计利润转正" in zh


@pytest.mark.parametrize("kwargs, exc, name", [
    ({"peak_revenue": -1}, ArgumentError, "peak_revenue"),
    ({"acquisition_cost": float("inf")}, ArgumentError, "acquisition_cost"),
    ({"service_cost": "20"}, InputTypeError, "service_cost"),
    ({"acquisition": 0}, ArgumentError, "acquisition"),
    ({"growth": 2.5}, InputTypeError, "growth"),
    ({"maturity": 61}, ArgumentError, "maturity"),
    ({"decline": True}, InputTypeError, "decline"),
])
def test_lifecycle_arguments_are_checked(kwargs, exc, name, lang):
    with pytest.raises(exc) as info:
        rel.lifecycle_profit(**kwargs)
    message = str(info.value)
    assert "relationships.lifecycle_profit" in message and name in message
    assert ("参数" in message) == (lang == "zh")


# ----------------------------------------------------------------------------- exit_profit

def test_exit_profit_matches_the_notebook_hand_calculation(lang):
    out = rel.exit_profit(rel.lifecycle_profit().periods)
    assert out.index.tolist() == ["trial", "midway", "early", "lasting"]
    assert out["profit"].tolist() == [-120, -30, 130, 520]
    assert out["periods"].tolist() == [2, 5, 7, 15]
    names = out["name"].tolist()
    assert names == (["浅尝辄止型", "中途夭折型", "提前退出型", "长久保持型"] if lang == "zh" else
                     ["trial-and-quit type", "broken-off-midway type", "early-exit type", "long-lasting type"])


def test_exit_names_agree_with_the_glossary():
    for code, pair in rel.EXIT_TYPES.items():
        assert glossary.translate(pair["zh"][0], "en") == pair["en"][0], code
    for code, pair in rel.LIFECYCLE_STAGES.items():
        assert glossary.translate(pair["zh"], "en") == f"{pair['en']} stage", code


@settings(max_examples=40, deadline=None)
@given(a=st.integers(1, 8), g=st.integers(1, 8), m=st.integers(1, 20), d=st.integers(1, 8),
       acq=st.floats(0, 500), svc=st.floats(0, 50))
def test_later_exits_earn_more_while_each_stage_they_cross_pays(a, g, m, d, acq, svc):
    """With service cheaper than the smallest growth revenue, every extra period until the end of
    maturity adds profit, so the exit types are ordered trial < midway < early ≤ lasting."""
    peak = 100.0
    periods = rel.lifecycle_profit(peak_revenue=peak, acquisition_cost=acq, service_cost=min(svc, peak / (g + 1) - 1),
                                   acquisition=a, growth=g, maturity=m, decline=d).periods
    out = rel.exit_profit(periods)["profit"]
    assert out["trial"] == pytest.approx(-a * acq)
    assert out["trial"] < out["midway"] < out["early"]
    # after the early exit only profitable periods follow, then the one termination period's cost
    assert out["early"] <= out["lasting"] + periods["cost"].iloc[-1]


def test_exit_profit_accepts_renamed_columns():
    periods = rel.lifecycle_profit().periods.rename(columns={"stage": "phase", "profit": "margin"})
    out = rel.exit_profit(periods, stage_col="phase", profit_col="margin")
    assert out["profit"].tolist() == [-120, -30, 130, 520]


@pytest.mark.parametrize("lang, words", [("en", "must be a pandas DataFrame"), ("zh", "应为 pandas DataFrame")])
def test_exit_profit_rejects_a_non_frame(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(InputTypeError, match=words) as info:
        rel.exit_profit([1, 2])
    assert "relationships.exit_profit" in str(info.value) and "periods" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "column 'profit' not found"), ("zh", "找不到列 'profit'")])
def test_exit_profit_names_a_missing_column(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(ColumnError, match=words) as info:
        rel.exit_profit(rel.lifecycle_profit().periods.rename(columns={"profit": "Profit"}))
    assert "'Profit'" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "is empty"), ("zh", "为空")])
def test_exit_profit_rejects_an_empty_table(lang, words):
    crm_study.set_language(lang)
    with pytest.raises(DataError, match=words):
        rel.exit_profit(rel.lifecycle_profit().periods.iloc[0:0])


@pytest.mark.parametrize("lang, words", [("en", "unknown stage"), ("zh", "未知的阶段")])
def test_exit_profit_names_the_row_of_an_unknown_stage(lang, words):
    crm_study.set_language(lang)
    periods = rel.lifecycle_profit().periods.astype({"stage": object})
    periods.loc[4, "stage"] = "adolescence"
    with pytest.raises(DataError, match=words) as info:
        rel.exit_profit(periods)
    assert "'adolescence'" in str(info.value) and "4" in str(info.value) and "maturity" in str(info.value)


@pytest.mark.parametrize("lang, words", [("en", "has no 'maturity' period"), ("zh", "没有 'maturity' 阶段")])
def test_exit_profit_needs_the_stages_that_define_the_exit_points(lang, words):
    crm_study.set_language(lang)
    periods = rel.lifecycle_profit().periods
    with pytest.raises(DataError, match=words):
        rel.exit_profit(periods[periods["stage"] != "maturity"])


@pytest.mark.parametrize("lang, words", [("en", "non-numeric"), ("zh", "非数字")])
def test_exit_profit_names_an_unparseable_profit(lang, words):
    crm_study.set_language(lang)
    periods = rel.lifecycle_profit().periods.astype({"profit": object})
    periods.loc[3, "profit"] = "lots"
    with pytest.raises(DataError, match=words) as info:
        rel.exit_profit(periods)
    assert "'profit'" in str(info.value)


# ----------------------------------------------------------------------------- diagrams

def _texts(ax) -> str:
    return " ".join(t.get_text() for t in ax.texts) + " " + ax.get_title() + " " + ax.get_xlabel()


@pytest.mark.parametrize("func, en, zh", [
    ("plot_lifecycle", ["acquisition", "growth", "maturity", "decline", "termination", "break-even"],
     ["潜在获取期", "成长期", "成熟期", "衰退期", "终止期", "累计利润转正"]),
    ("plot_relationship_stages", ["exploration", "formation", "stability", "degeneration", "trial-and-quit type",
                                  "broken-off-midway type", "early-exit type", "long-lasting type"],
     ["考察期", "形成期", "稳定期", "退化期", "浅尝辄止型", "中途夭折型", "提前退出型", "长久保持型"]),
    ("plot_scope", ["Suppliers", "Consumers", "Owners", "Partners", "Employees", "internal"],
     ["供应商", "消费者", "股东", "合作伙伴", "员工", "内部客户", "外部客户"]),
])
def test_diagrams_label_in_the_active_language(func, en, zh):
    crm_study.set_language("en")
    ax = getattr(rel, func)()
    words = _texts(ax)
    assert all(w in words for w in en), (func, words)
    assert not re.search(r"[\u4e00-\u9fff]", words)
    crm_study.set_language("zh")
    words = _texts(getattr(rel, func)())
    assert all(w in words for w in zh), (func, words)


def test_diagram_texts_stay_inside_the_figure():
    for lang in ("en", "zh"):
        crm_study.set_language(lang)
        for func in ("plot_lifecycle", "plot_relationship_stages", "plot_scope"):
            ax = getattr(rel, func)()
            fig = ax.figure
            fig.canvas.draw()
            box = fig.bbox
            for t in ax.texts:
                if t.get_text():
                    ext = t.get_window_extent()
                    assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, (lang, func, t.get_text())


def test_lifecycle_chart_draws_the_numbers_of_the_model(lang):
    life = rel.lifecycle_profit(maturity=4)
    ax = rel.plot_lifecycle(life)
    assert [round(p.get_height(), 6) for p in ax.patches if p.get_width() == pytest.approx(0.6)] == \
        pytest.approx(life.periods["profit"].tolist())
    revenue, cost = ax.lines[0], ax.lines[1]
    assert revenue.get_ydata().tolist() == pytest.approx(life.periods["revenue"].tolist())
    assert cost.get_ydata().tolist() == pytest.approx(life.periods["cost"].tolist())
    assert ax.get_xlabel() == ("关系持续的期数" if lang == "zh" else "period of the relationship")


def test_lifecycle_chart_rejects_other_input_and_draws_on_a_given_axes(lang):
    from crm_study.display.plotting import pyplot

    with pytest.raises(InputTypeError, match="lifecycle_profit") as info:
        rel.plot_lifecycle(rel.lifecycle_profit().periods)
    assert ("参数" in str(info.value)) == (lang == "zh")
    _, ax = pyplot().subplots()
    assert rel.plot_lifecycle(ax=ax) is ax and rel.plot_scope(ax=ax) is ax


# ----------------------------------------------------------------------------- the "try it" panel

def test_panel_recomputes_when_a_slider_moves(lang):
    panel = rel.lifecycle_explorer()
    assert panel.result.settings["maturity"] == 6
    assert panel.output.outputs[0]["data"]["image/png"]
    panel.controls["acquisition_cost"].value = 120
    assert panel.result.break_even == 7
    assert panel.output.outputs[-1]["text"] == repr(rel.lifecycle_profit(acquisition_cost=120)) + "\n"
    panel.controls["maturity"].value = 10
    assert panel.result.periods["profit"].sum() == pytest.approx(400 + 4 * 80)
    assert repr(panel) == repr(rel.lifecycle_explorer())
    assert ("探索器" in repr(panel)) == (lang == "zh")


def test_panel_arguments_are_checked_before_it_is_built(lang):
    with pytest.raises(ArgumentError, match="maturity"):
        rel.lifecycle_explorer(maturity=0)


# ----------------------------------------------------------------------------- the question bank

@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


def test_seed_item_29_explains_the_external_customers(bank):
    """The keys of the seed items are checked for every chapter in test_banks.py."""
    seeds = {t: it for it in bank for t in it.tags if t.startswith("seed000-")}
    assert "外部客户" in seeds["seed000-29"].explanation["zh"]
    assert "external customers" in seeds["seed000-29"].explanation["en"]


@pytest.mark.parametrize("item_id, wrong", [
    ("ch03-sa-003", {"zh": "客户觉得价格太贵就走了，企业应该降价。", "en": "Customers leave when prices are high, so cut prices."}),
    ("ch03-sa-002", {"zh": "先做广告，再做促销，最后打折。", "en": "First advertise, then promote, then discount."}),
    ("ch03-term-002", {"zh": "客户每个月来店里的次数。", "en": "How many times a month a shopper visits the store."}),
])
def test_a_wrong_answer_earns_nothing(bank, item_id, wrong):
    for lang in ("zh", "en"):
        crm_study.set_language(lang)
        assert quiz.grade(bank[item_id], wrong[lang]).score == 0, (item_id, lang)


def test_case_calculations_agree_with_the_lifecycle_model(bank):
    life = rel.lifecycle_profit()
    exits = rel.exit_profit(life.periods)
    assert bank["ch03-case-001-a"].answer == pytest.approx(life.periods["profit"].sum())
    assert bank["ch03-case-001-b"].answer == life.break_even
    assert bank["ch03-case-001-d"].answer == pytest.approx(exits.loc["trial", "profit"])
    assert quiz.grade(bank["ch03-case-001-a"], "520元").correct
    assert quiz.grade(bank["ch03-case-001-b"], 5).score == 0


def test_diagram_items_match_the_module(bank):
    crm_study.set_language("zh")
    item = bank["ch03-fill-001"]
    assert [s["zh"][2:] for s in item.slots] == [pair["zh"][0] for pair in rel.EXIT_TYPES.values()]
    stages = bank["ch03-fill-002"]
    assert [s["zh"][2:] for s in stages.slots] == [pair["zh"] for pair in rel.LIFECYCLE_STAGES.values()]


# ----------------------------------------------------------------------------- glossary and notebook source

def test_chapter_glossary_covers_the_chapter_terms():
    table = glossary.terms("03")
    assert len(table) >= 40
    for zh in ("客户", "内部客户", "外部客户", "SCOPE模型", "消费者", "顾客", "灯塔型客户", "逐利客户", "考察期",
               "形成期", "稳定期", "退化期", "客户生命周期", "潜在获取期", "终止期", "浅尝辄止型", "长久保持型"):
        assert zh in set(table["zh"]), zh
    assert glossary.translate("internal customer") == "内部客户"


def test_notebook_quiz_cell_shows_the_whole_chapter_bank(bank):
    cells = parse_source(SOURCE)
    quiz_cells = [c["en"] for kind, c in cells if kind == "code" and "crm.quiz.show" in c["en"]]
    assert quiz_cells == ['crm.quiz.show(crm.quiz.load_bank().select(chapter="03"))']
    assert len(quiz.load_bank().select(chapter="03")) == len(bank)


def test_stage_summary_frame_is_ordered_like_the_lifecycle():
    stages = rel.lifecycle_profit(growth=1, decline=1).stages
    assert isinstance(stages, pd.DataFrame) and stages.index.tolist() == list(rel.LIFECYCLE_STAGES)
