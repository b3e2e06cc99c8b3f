"""Chapter 11 (CRM 系统与实施): the OLAP cube views, the risk register, the OLAP slicer panel,
the diagrams, the seed-003 funnel numbers, and the chapter's question bank and glossary."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import datasets, funnel, glossary, quiz
from crm_study import systems as sy
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch11_crm_systems.yaml"


def _tx():
    """Five rows over two years, two channels; customer a buys in Q1 and Q3 of 2024."""
    return pd.DataFrame({
        "customer_id": ["a", "b", "a", "c", "b"],
        "order_date": ["2024-01-05", "2024-02-10", "2024-07-01", "2023-12-31", "2024-02-11"],
        "channel": ["online", "store", "online", "store", "store"],
        "type": ["sale", "sale", "sale", "sale", "return"],
        "amount": [10.0, 20.0, 30.0, 40.0, -5.0],
    })


@pytest.fixture(scope="module")
def retail():
    return datasets.load("retail_transactions")


# ----------------------------------------------------------------------------- OLAP views

def test_olap_view_year_by_channel_hand_computed():
    got = sy.olap_view(_tx())
    assert got.index.tolist() == [2023, 2024] and got.index.name == "year"
    assert got.to_dict("list") == {"online": [0.0, 40.0], "store": [40.0, 15.0]}


def test_olap_view_quarter_and_month_labels_and_net_sales():
    q = sy.olap_view(_tx(), rows="quarter", columns=None)
    assert q["sales"].to_dict() == {"2023-Q4": 40.0, "2024-Q1": 25.0, "2024-Q3": 30.0}
    m = sy.olap_view(_tx(), rows="month", columns="type", measure="transactions")
    assert m.loc["2024-02"].to_dict() == {"return": 1, "sale": 1}


def test_slice_keeps_one_value_and_equals_filtering_first():
    sliced = sy.olap_view(_tx(), rows="quarter", columns=None, filters={"channel": "store"})
    store = _tx()[_tx()["channel"] == "store"]
    assert sliced.equals(sy.olap_view(store, rows="quarter", columns=None))
    assert sliced["sales"].to_dict() == {"2023-Q4": 40.0, "2024-Q1": 15.0}


def test_dice_restricts_two_dimensions():
    diced = sy.olap_view(_tx(), rows="month", columns="channel", filters={"year": [2024], "type": ["sale"]})
    assert diced.to_dict("index") == {"2024-01": {"online": 10.0, "store": 0.0},
                                      "2024-02": {"online": 0.0, "store": 20.0},
                                      "2024-07": {"online": 30.0, "store": 0.0}}


def test_pivot_is_the_transpose():
    a = sy.olap_view(_tx(), rows="quarter", columns="channel")
    b = sy.olap_view(_tx(), rows="channel", columns="quarter")
    pd.testing.assert_frame_equal(a.T, b, check_names=False)


def test_distinct_customers_do_not_add_up_over_a_roll_up():
    per_q = sy.olap_view(_tx(), rows="quarter", columns=None, filters={"year": 2024}, measure="customers")
    per_y = sy.olap_view(_tx(), rows="year", columns=None, filters={"year": 2024}, measure="customers")
    assert per_q["customers"].to_dict() == {"2024-Q1": 2, "2024-Q3": 1}
    assert per_y["customers"].tolist() == [2]


@st.composite
def _logs(draw):
    n = draw(st.integers(1, 40))
    days = draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n))
    return pd.DataFrame({
        "customer_id": draw(st.lists(st.sampled_from("abcdef"), min_size=n, max_size=n)),
        "order_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(days, unit="D"),
        "channel": draw(st.lists(st.sampled_from(["online", "store"]), min_size=n, max_size=n)),
        "amount": draw(st.lists(st.floats(-50, 500, allow_nan=False).map(lambda v: round(v, 2)),
                                min_size=n, max_size=n)),
    })


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_logs(), st.sampled_from(["sales", "transactions"]))
def test_roll_up_of_additive_measures_gives_the_coarser_view(log, measure):
    months = sy.olap_view(log, rows="month", columns="channel", measure=measure)
    years = sy.olap_view(log, rows="year", columns="channel", measure=measure)
    rolled = months.groupby(months.index.str[:4].astype("int64")).sum()
    np.testing.assert_allclose(rolled.loc[years.index, years.columns].to_numpy(dtype=float),
                               years.to_numpy(dtype=float), atol=1e-6)
    total = log["amount"].sum() if measure == "sales" else len(log)
    assert float(years.to_numpy().sum()) == pytest.approx(total, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(_logs())
def test_customers_of_a_year_lie_between_the_busiest_month_and_the_sum_of_months(log):
    months = sy.olap_view(log, rows="month", columns=None, measure="customers")["customers"]
    years = sy.olap_view(log, rows="year", columns=None, measure="customers")["customers"]
    by_year = months.groupby(months.index.str[:4].astype("int64"))
    assert (years <= by_year.sum()).all() and (years >= by_year.max()).all()
    assert int(years.sum()) >= log["customer_id"].nunique()


def test_olap_on_the_shop_rolls_up_exactly(retail):
    quarters = sy.olap_view(retail, rows="quarter")
    rolled = quarters.groupby(quarters.index.str[:4].astype(int)).sum()
    pd.testing.assert_frame_equal(rolled, sy.olap_view(retail), check_names=False, atol=1e-6)
    assert float(sy.olap_view(retail).to_numpy().sum()) == pytest.approx(retail["amount"].sum())


# ----------------------------------------------------------------------------- OLAP errors

def test_olap_view_rejects_a_list(lang):
    with pytest.raises(InputTypeError) as err:
        sy.olap_view([1, 2])
    assert "systems.olap_view" in str(err.value) and "transactions" in str(err.value)
    assert ("参数" in str(err.value)) == (lang == "zh")


def test_olap_view_rejects_an_empty_table(lang):
    with pytest.raises(DataError) as err:
        sy.olap_view(_tx().iloc[0:0])
    assert ("为空" in str(err.value)) == (lang == "zh")


def test_olap_view_names_a_missing_dimension_column(lang):
    with pytest.raises(ColumnError) as err:
        sy.olap_view(_tx(), columns="region")
    msg = str(err.value)
    assert "'region'" in msg and "columns=" in msg and ("找不到列" in msg) == (lang == "zh")


def test_olap_view_names_a_missing_filter_column():
    with pytest.raises(ColumnError, match="filters="):
        sy.olap_view(_tx(), filters={"region": "north"})


def test_olap_view_names_a_missing_amount_column_only_when_sales_are_asked():
    log = _tx().drop(columns="amount")
    with pytest.raises(ColumnError, match="amount_col"):
        sy.olap_view(log)
    assert sy.olap_view(log, measure="transactions")["store"].tolist() == [1, 2]


def test_olap_view_unknown_measure_and_same_dimension_twice(lang):
    with pytest.raises(ArgumentError) as err:
        sy.olap_view(_tx(), measure="profit")
    assert "'sales'" in str(err.value) and ("不可用" in str(err.value)) == (lang == "zh")
    with pytest.raises(ArgumentError) as err:
        sy.olap_view(_tx(), rows="channel", columns="channel")
    assert ("不同的维度" in str(err.value)) == (lang == "zh")


def test_olap_view_wrong_types_of_rows_and_filters(lang):
    with pytest.raises(InputTypeError) as err:
        sy.olap_view(_tx(), rows=3)
    assert "rows" in str(err.value)
    with pytest.raises(InputTypeError) as err:
        sy.olap_view(_tx(), filters=[("channel", "store")])
    assert "filters" in str(err.value) and ("切片" in str(err.value)) == (lang == "zh")
    with pytest.raises(ArgumentError, match="filters"):
        sy.olap_view(_tx(), filters={"channel": []})


def test_olap_view_filter_value_not_in_the_data_lists_the_values(lang):
    with pytest.raises(DataError) as err:
        sy.olap_view(_tx(), filters={"channel": "phone"})
    msg = str(err.value)
    assert "'phone'" in msg and "'online'" in msg and ("不存在" in msg) == (lang == "zh")


def test_olap_view_filters_that_never_occur_together(lang):
    with pytest.raises(DataError) as err:
        sy.olap_view(_tx(), filters={"year": 2023, "channel": "online"})
    assert ("放宽" in str(err.value)) == (lang == "zh")


def test_olap_view_empty_dimension_value_names_the_row(lang):
    bad = _tx()
    bad.loc[4, "channel"] = None
    with pytest.raises(DataError) as err:
        sy.olap_view(bad)
    msg = str(err.value)
    assert "'channel'" in msg and "4" in msg and ("维度列" in msg) == (lang == "zh")


def test_olap_view_unreadable_date_and_amount_name_the_row(lang):
    bad = _tx()
    bad.loc[2, "order_date"] = "soon"
    with pytest.raises(DataError) as err:
        sy.olap_view(bad)
    assert "'order_date'" in str(err.value) and "2" in str(err.value)
    bad = _tx().astype({"amount": object})
    bad.loc[3, "amount"] = "forty"
    with pytest.raises(DataError) as err:
        sy.olap_view(bad)
    assert "'amount'" in str(err.value) and ("非数字" in str(err.value)) == (lang == "zh")


# ----------------------------------------------------------------------------- risk register

def test_example_register_hand_computed():
    reg = sy.risk_register(sy.example_risks())
    assert reg["risk_id"].tolist() == ["R1", "R2", "R3", "R4", "R6", "R5", "R7"]
    assert reg["exposure"].tolist() == [2.5, 2.4, 2.1, 1.8, 1.2, 1.0, 0.4]
    assert reg["rank"].tolist() == list(range(1, 8))
    assert reg["response"].tolist() == ["avoid", "avoid", "mitigate", "mitigate", "transfer", "transfer", "accept"]


def test_response_labels_follow_the_language():
    crm_study.set_language("zh")
    assert sy.risk_register(sy.example_risks())["response_label"].iloc[0] == "回避"
    assert sy.example_risks()["risk"].iloc[0] == "高层支持不足"
    crm_study.set_language("en")
    assert sy.risk_register(sy.example_risks())["response_label"].iloc[-1] == "accept"


def test_cut_offs_belong_to_the_high_side():
    reg = sy.risk_register(pd.DataFrame({"probability": [0.5, 0.49], "impact": [4, 4]}))
    assert reg["response"].tolist() == ["avoid", "transfer"]
    lower = sy.risk_register(pd.DataFrame({"probability": [0.4], "impact": [3]}), prob_cut=0.4, impact_cut=3)
    assert lower["response"].tolist() == ["avoid"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 5)), min_size=1, max_size=20))
def test_register_exposure_rank_and_quadrant_rule_hold_for_all_inputs(pairs):
    df = pd.DataFrame(pairs, columns=["probability", "impact"])
    reg = sy.risk_register(df)
    np.testing.assert_allclose(reg["exposure"], reg["probability"] * reg["impact"], atol=1e-9)
    assert (np.diff(reg["exposure"]) <= 1e-12).all() and reg["rank"].tolist() == list(range(1, len(df) + 1))
    likely, severe = reg["probability"] >= 0.5, reg["impact"] >= 4
    expected = np.where(likely & severe, "avoid", np.where(severe, "transfer", np.where(likely, "mitigate", "accept")))
    assert reg["response"].tolist() == expected.tolist()


def test_register_probability_above_one_names_the_rows(lang):
    with pytest.raises(DataError) as err:
        sy.risk_register(pd.DataFrame({"probability": [0.2, 30], "impact": [3, 3]}))
    msg = str(err.value)
    assert "systems.risk_register" in msg and "'probability'" in msg and "0.3" in msg
    assert ("大于 1" in msg) == (lang == "zh")


def test_register_other_bad_inputs(lang):
    with pytest.raises(ColumnError, match="impact_col"):
        sy.risk_register(pd.DataFrame({"probability": [0.2]}))
    with pytest.raises(DataError, match="'impact'"):
        sy.risk_register(pd.DataFrame({"probability": [0.2], "impact": [-1]}))
    with pytest.raises(ArgumentError) as err:
        sy.risk_register(sy.example_risks(), prob_cut=1.5)
    assert "prob_cut" in str(err.value) and ("超出允许范围" in str(err.value)) == (lang == "zh")
    with pytest.raises(InputTypeError):
        sy.risk_register("risks")


# ----------------------------------------------------------------------------- slicer (pure part and panel)

def test_explore_names_the_olap_operation(lang):
    base = sy.explore_olap(_tx())
    assert base.table.equals(sy.olap_view(_tx()))
    assert ("基础视图" in base.operation) == (lang == "zh")
    drill = sy.explore_olap(_tx(), rows="month", year=2024)
    word = "下钻" if lang == "zh" else "drill-down"
    assert word in drill.operation and ("切片" if lang == "zh" else "slice") in drill.operation
    dice = sy.explore_olap(_tx(), channel="store", year=2024, columns="type")
    assert ("切块" if lang == "zh" else "dice") in dice.operation
    assert ("旋转" if lang == "zh" else "pivot") in dice.operation
    rolled = sy.explore_olap(_tx(), columns=None)
    assert ("上卷" if lang == "zh" else "roll-up") in rolled.operation


def test_explore_repr_is_deterministic_and_warns_about_customer_sums():
    crm_study.set_language("en")
    view = sy.explore_olap(_tx(), rows="quarter", year=2024)
    assert repr(view) == repr(sy.explore_olap(_tx(), rows="quarter", year=2024))
    assert "Sum of all cells: 55.00." in repr(view) and "year = 2024" in repr(view)
    assert "do not add up" in repr(sy.explore_olap(_tx(), measure="customers"))


def test_explore_rejects_a_non_time_row_dimension(lang):
    with pytest.raises(ArgumentError) as err:
        sy.explore_olap(_tx(), rows="channel")
    assert "systems.explore_olap" in str(err.value) and "quarter" in str(err.value)


def test_panel_recomputes_when_a_control_changes():
    panel = sy.olap_explorer(_tx())
    assert panel.result.table.equals(sy.olap_view(_tx()))
    panel.controls["rows"].value = "quarter"
    assert panel.result.table.equals(sy.olap_view(_tx(), rows="quarter"))
    panel.controls["channel"].value = "store"
    assert panel.result.settings["channel"] == "store"
    kinds = [o.get("output_type") for o in panel.output.outputs]
    assert kinds == ["display_data", "display_data", "stream"]
    assert "image/png" in panel.output.outputs[0]["data"]


def test_panel_shows_the_kit_message_when_slices_never_meet(lang):
    panel = sy.olap_explorer(_tx())
    panel.controls["year"].value = 2023
    panel.controls["channel"].value = "online"
    assert panel.result is None
    shown = panel.output.outputs[0]["text"]
    assert "systems.olap_view" in shown and ("放宽" in shown) == (lang == "zh")


def test_panel_repr_is_a_deterministic_description(lang):
    panel = sy.olap_explorer(_tx())
    assert repr(panel) == panel._repr_mimebundle_()["text/plain"]
    assert "5" in repr(panel) and ("面板" in repr(panel)) == (lang == "zh")


def test_panel_checks_the_start_choice_before_building(lang):
    with pytest.raises(DataError, match="'phone'"):
        sy.olap_explorer(_tx(), channel="phone")
    with pytest.raises(ArgumentError) as err:
        sy.olap_explorer(_tx(), columns=None)
    assert "systems.olap_explorer" in str(err.value) and ("面板" in str(err.value)) == (lang == "zh")
    with pytest.raises(ColumnError, match="date_col"):
        sy.olap_explorer(_tx().rename(columns={"order_date": "day"}))
    panel = sy.olap_explorer(_tx().rename(columns={"order_date": "day"}), date_col="day")
    assert panel.result.table.equals(sy.olap_view(_tx()))


# ----------------------------------------------------------------------------- diagrams and charts

@pytest.mark.parametrize("draw, zh, en", [
    (sy.plot_crm_types, "CRM 系统的三种类型", "Three kinds of CRM system"),
    (sy.plot_data_warehouse, "数据仓库的结构", "Structure of a data warehouse"),
    (sy.plot_analytical_process, "分析型 CRM 的过程", "The analytical-CRM process"),
    (sy.plot_implementation, "CRM 实施阶段", "CRM implementation stages"),
    (sy.plot_olap_operations, "OLAP 操作", "OLAP operations"),
])
def test_diagrams_are_drawn_in_the_active_language(draw, zh, en, lang):
    ax = draw()
    title = ax.get_title()
    assert (zh in title) if lang == "zh" else (en in title)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in texts) == (lang == "zh")


def test_every_analytical_step_appears_in_order_on_the_diagram():
    crm_study.set_language("en")
    ax = sy.plot_analytical_process()
    texts = [t.get_text() for t in ax.texts]
    starts = [next(i for i, t in enumerate(texts) if t.startswith(n)) for n in ("①", "②", "③", "④", "⑤")]
    assert starts == sorted(starts)


def test_olap_operations_picture_highlights_the_slice_and_the_dice():
    from matplotlib.colors import to_hex

    ax = sy.plot_olap_operations()
    coloured = [p for p in ax.patches if to_hex(p.get_facecolor()) == "#fbe5c8"]
    assert len(coloured) == 4 + 4                     # one column of 4 cells, a 2 × 2 block
    cells = [p for p in ax.patches if p.get_width() == pytest.approx(sy._CELL_W)]
    assert len(cells) == (12 + 6) * 2 + 12 * 2 + 12 + 12


def test_plot_olap_and_risk_matrix(lang):
    ax = sy.plot_olap(sy.olap_view(_tx(), rows="quarter"))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023-Q4", "2024-Q1", "2024-Q3"]
    assert len(ax.patches) == 6
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == (["线上", "门店"] if lang == "zh" else ["online", "store"]), "channel values in the notebook's language"
    ax = sy.plot_olap(sy.olap_view(_tx(), rows="channel", columns="year"))
    assert [t.get_text() for t in ax.get_xticklabels()] == (["线上", "门店"] if lang == "zh" else ["online", "store"])
    ax = sy.plot_risk_matrix(sy.risk_register(sy.example_risks()))
    labels = {t.get_text() for t in ax.texts}
    assert {"R1", "R7"} <= labels and (("回避" in labels) == (lang == "zh"))
    with pytest.raises(ColumnError, match="label_col"):
        sy.plot_risk_matrix(pd.DataFrame({"probability": [0.1], "impact": [1]}))


# ----------------------------------------------------------------------------- the seed-003 case numbers

def test_funnel_case_numbers_stated_in_the_chapter():
    events = datasets.load("funnel_events")
    neck = funnel.bottleneck(funnel.funnel_table(events))
    assert (neck["from_stage"].iloc[0], neck["to_stage"].iloc[0]) == ("product_page", "cart")
    assert neck["step_conversion"].iloc[0] == pytest.approx(0.255)
    by_type = funnel.bottleneck(funnel.funnel_table(events, segment_col="user_type")).set_index("user_type")
    assert by_type.loc["new", "drop_off_rate"] == pytest.approx(0.874)
    assert by_type.loc["returning", "drop_off_rate"] == pytest.approx(0.616)


# ----------------------------------------------------------------------------- bank and glossary

@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


def test_disputed_seed_item_13_explains_both_readings(bank):
    """Bank size, variety and the seed keys are checked for every chapter in test_banks.py."""
    seeds = {tag: it for it in bank for tag in it.tags if tag.startswith("seed000-")}
    zh, en = seeds["seed000-13"].explanation["zh"], seeds["seed000-13"].explanation["en"]
    assert "判“对”" in zh and "判“错”" in zh and "marking it true" in en and "marking it false" in en


def test_case_numbers_match_the_event_log(bank, case_table):
    case = bank["ch11-case-001"]
    data = case_table(case, "stage", "new_users", "returning_users")
    data["stage"] = data["stage"].str.replace(" ", "_")                          # "product page" is product_page
    data = data.set_index("stage")
    events = datasets.load("funnel_events")
    users = funnel.funnel_table(events, segment_col="user_type").set_index(["user_type", "stage"])["users"]
    assert data["new_users"].to_dict() == users["new"].to_dict()
    assert data["returning_users"].to_dict() == users["returning"].to_dict()
    assert bank["ch11-case-001-a"].answer == pytest.approx(100 * (630 + 1920) / 10000)
    assert bank["ch11-case-001-b"].answer == pytest.approx(100 * (1 - 630 / 5000))
    assert sum(p.points for p in case.parts) == 30


def test_a_vague_answer_does_not_earn_the_process_marks(bank):
    crm_study.set_language("en")
    result = quiz.grade(bank["ch11-sa-002"], "Collect data and use it to make a good model.")
    assert result.score < result.max_score / 2


def test_glossary_has_the_chapter_terms():
    crm_study.set_language("zh")
    table = glossary.key_terms("11")
    assert table.loc["数据仓库", "English"] == "data warehouse"
    assert table.loc["下钻", "English"] == "drill-down"
    assert glossary.translate("collaborative CRM") == "协作型 CRM"
