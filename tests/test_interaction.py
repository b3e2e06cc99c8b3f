"""Chapter 07 (客户互动与客户体验): channel and touchpoint analysis of a contact log, the
call-centre diagram, the journey chart, the touchpoint panel and the interaction_log dataset."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import datasets, interaction
from crm_study.data.generators import gen_interaction_log
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError


def _hand_log() -> pd.DataFrame:
    """Four cases, six contacts, rows deliberately out of date order.

    case 1: app (unsolved, 2) → hotline (solved, 4)   — switched channels
    case 2: store (solved, 5)
    case 3: hotline (solved, 4)
    case 4: app (unsolved, 1) → app (unsolved, 2)      — never solved
    """
    return pd.DataFrame({
        "case_id": [1, 2, 1, 3, 4, 4],
        "contact_date": ["2024-01-02", "2024-01-05", "2024-01-01", "2024-01-03", "2024-01-06", "2024-01-04"],
        "channel": ["hotline", "store", "app", "hotline", "app", "app"],
        "stage": ["use", "purchase", "use", "service", "aware", "aware"],
        "contact_type": ["information", "information", "emotion", "opinion", "information", "information"],
        "resolved": [True, True, False, True, False, False],
        "satisfaction": [4, 5, 2, 4, 2, 1],
    })


@pytest.fixture(scope="module")
def log():
    return datasets.load("interaction_log")


# ----------------------------------------------------------------------------- hand-computed cases

def test_channel_summary_matches_the_hand_calculation():
    out = interaction.channel_summary(_hand_log())
    assert out.index.tolist() == ["app", "hotline", "store"]          # the kit's channel order
    assert out["contacts"].tolist() == [3, 2, 1]
    app, hotline, store = out.loc["app"], out.loc["hotline"], out.loc["store"]
    # app: case 1's first contact and both contacts of case 4, none solved; cases 1 and 4 started there
    assert app["contacts"] == 3 and app["share"] == pytest.approx(3 / 6)
    assert app["cases"] == 2 and app["resolution_rate"] == 0 and app["fcr"] == 0
    assert app["satisfaction"] == pytest.approx((2 + 2 + 1) / 3)
    # hotline: the follow-up of case 1 and case 3, both solved; only case 3 started there
    assert hotline["contacts"] == 2 and hotline["resolution_rate"] == 1
    assert hotline["cases"] == 1 and hotline["fcr"] == 1 and hotline["satisfaction"] == 4
    assert store["cases"] == 1 and store["fcr"] == 1 and store["satisfaction"] == 5


def test_first_contact_is_the_earliest_date_not_the_first_row():
    cases = interaction.case_table(_hand_log())
    assert cases.loc[1, "first_channel"] == "app"          # the hotline row comes first but a day later
    assert not cases.loc[1, "first_contact_resolved"] and cases.loc[1, "resolved"]
    assert cases["switched"].tolist() == [True, False, False, False]
    assert cases["contacts"].tolist() == [2, 1, 1, 2]
    assert cases.loc[4, "satisfaction"] == pytest.approx(1.5) and not cases.loc[4, "resolved"]


def test_omnichannel_summary_compares_switched_and_single_channel_cases():
    out = interaction.omnichannel_summary(_hand_log())
    assert out.index.tolist() == ["single_channel", "switched"] and out.index.name == "case_kind"
    single, switched = out.loc["single_channel"], out.loc["switched"]
    assert single["cases"] == 3 and single["share"] == pytest.approx(0.75)
    assert single["contacts_per_case"] == pytest.approx(4 / 3)
    assert single["resolution_rate"] == pytest.approx(2 / 3)
    assert single["satisfaction"] == pytest.approx((5 + 4 + 1.5) / 3)
    assert switched["cases"] == 1 and switched["contacts_per_case"] == 2 and switched["satisfaction"] == 3


def test_summary_by_phase_and_channel_kind_use_the_course_groupings():
    by_phase = interaction.channel_summary(_hand_log(), by="phase")
    assert by_phase.index.tolist() == ["pre_sale", "in_sale", "after_sale"]
    assert by_phase["contacts"].tolist() == [2, 1, 3]
    kinds = interaction.channel_summary(_hand_log(), by="channel_kind")
    assert kinds.index.tolist() == ["personal", "non_personal"]
    assert kinds["contacts"].tolist() == [3, 3]
    assert kinds.loc["personal", "fcr"] == 1 and kinds.loc["non_personal", "fcr"] == 0


def test_summary_by_a_free_column_and_a_group_without_first_contacts():
    out = interaction.channel_summary(_hand_log(), by="contact_type")
    assert out.index.tolist() == ["information", "emotion", "opinion"]
    assert out.loc["information", "contacts"] == 4
    hot = interaction.channel_summary(_hand_log().query("case_id == 1"))
    assert hot.loc["hotline", "cases"] == 0 and np.isnan(hot.loc["hotline", "fcr"])


def test_touchpoint_matrix_counts_shares_and_means():
    counts = interaction.touchpoint_matrix(_hand_log())
    assert counts.loc["aware", "app"] == 2 and counts.loc["use", "hotline"] == 1
    assert int(counts.to_numpy().sum()) == 6
    assert counts.index.tolist() == ["aware", "purchase", "use", "service"]
    shares = interaction.touchpoint_matrix(_hand_log(), "stage", "contact_type", "share")
    assert shares.loc["use"].tolist() == [0.5, 0.5, 0.0] and shares.loc["service", "opinion"] == 1
    sat = interaction.touchpoint_matrix(_hand_log(), values="satisfaction")
    assert sat.loc["use", "app"] == 2 and sat.loc["aware", "app"] == 1.5 and np.isnan(sat.loc["aware", "store"])


def test_resolved_flag_accepts_words_and_numbers():
    words = _hand_log().assign(resolved=["是", "yes", "否", "1", "no", "0"])
    numbers = _hand_log().assign(resolved=[1, 1, 0, 1, 0, 0])
    expected = interaction.channel_summary(_hand_log())
    pd.testing.assert_frame_equal(interaction.channel_summary(words), expected)
    pd.testing.assert_frame_equal(interaction.channel_summary(numbers), expected)


def test_custom_column_names():
    renamed = _hand_log().rename(columns={"case_id": "ticket", "channel": "via", "satisfaction": "csat"})
    out = interaction.channel_summary(renamed, case_col="ticket", channel_col="via", satisfaction_col="csat",
                                      by="via")
    assert out["contacts"].tolist() == [3, 2, 1] and out.index.name == "via"


def test_labels_follow_the_active_language():
    crm_study.set_language("zh")
    assert [interaction.label(c) for c in ("app", "hotline", "store")] == ["应用程序（App）", "热线电话", "门店"]
    crm_study.set_language("en")
    assert [interaction.label(c) for c in ("app", "hotline", "store")] == ["app", "hotline", "store"]
    assert interaction.label("opinion") == "opinion/suggestion" and interaction.label("fax") == "fax"


def test_summaries_show_each_group_once_by_its_code():
    # the index is the only name column: a notebook shows it through the display labels
    for table in (interaction.channel_summary(_hand_log()), interaction.omnichannel_summary(_hand_log())):
        assert "label" not in table.columns


def test_charts_name_channels_stages_and_phases_as_the_tables_do():
    codes = (*interaction.CHANNELS, *interaction.STAGES, *interaction.PHASES, "personal", "non_personal")
    assert [interaction.label(c, "zh") for c in codes] == [crm_study.labels.label(c, "zh") for c in codes]


# ----------------------------------------------------------------------------- properties

@st.composite
def _logs(draw):
    n_cases = draw(st.integers(1, 8))
    sizes = draw(st.lists(st.integers(1, 3), min_size=n_cases, max_size=n_cases))
    n = sum(sizes)
    return pd.DataFrame({
        "case_id": np.repeat(np.arange(1, n_cases + 1), sizes),
        "contact_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(
            draw(st.lists(st.integers(0, 30), min_size=n, max_size=n)), unit="D"),
        "channel": draw(st.lists(st.sampled_from(interaction.CHANNELS), min_size=n, max_size=n)),
        "stage": draw(st.lists(st.sampled_from(interaction.STAGES), min_size=n, max_size=n)),
        "resolved": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        "satisfaction": draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)),
    })


@settings(max_examples=60, deadline=None)
@given(_logs())
def test_every_contact_and_case_is_counted_once_and_rates_are_shares(log):
    out = interaction.channel_summary(log)
    cases = interaction.case_table(log)
    assert out["contacts"].sum() == len(log) and out["share"].sum() == pytest.approx(1)
    assert out["cases"].sum() == log["case_id"].nunique() == len(cases)
    assert out["resolution_rate"].between(0, 1).all() and out["fcr"].dropna().between(0, 1).all()
    overall_fcr = (out["fcr"].fillna(0) * out["cases"]).sum() / out["cases"].sum()
    assert overall_fcr == pytest.approx(cases["first_contact_resolved"].mean())
    assert out["satisfaction"].between(1, 5).all()
    omni = interaction.omnichannel_summary(log)
    assert omni["cases"].sum() == len(cases) and omni["share"].sum() == pytest.approx(1)
    assert int(interaction.touchpoint_matrix(log).to_numpy().sum()) == len(log)
    shares = interaction.touchpoint_matrix(log, values="share")
    assert np.allclose(shares.sum(axis=1), 1)


@settings(max_examples=30, deadline=None)
@given(_logs(), st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_results(log, rnd):
    assume(not log.duplicated(["case_id", "contact_date"]).any())   # same-day contacts keep row order
    shuffled = log.sample(frac=1, random_state=rnd.randint(0, 10_000))
    pd.testing.assert_frame_equal(interaction.channel_summary(shuffled), interaction.channel_summary(log))


# ----------------------------------------------------------------------------- bad input, both languages

@pytest.mark.parametrize(("call", "error", "en", "zh"), [
    (lambda: interaction.channel_summary([1, 2]), InputTypeError, "must be a pandas DataFrame", "应为 pandas DataFrame"),
    (lambda: interaction.channel_summary(_hand_log().iloc[0:0]), DataError, "is empty", "为空"),
    (lambda: interaction.channel_summary(_hand_log().drop(columns="channel")), ColumnError,
     "column 'channel' not found", "找不到列 'channel'"),
    (lambda: interaction.channel_summary(_hand_log().assign(satisfaction=[4, 5, 7, 4, 2, 1])), DataError,
     "outside 1–5", "超出 1–5"),
    (lambda: interaction.channel_summary(_hand_log().assign(resolved=[True, "maybe", 0, 1, 0, 0])), DataError,
     "'maybe'", "'maybe'"),
    (lambda: interaction.channel_summary(_hand_log().assign(stage=["use", "buy", "use", "use", "use", "use"])),
     DataError, "unknown value", "未知的值"),
    (lambda: interaction.channel_summary(_hand_log().assign(contact_date=["2024-01-02", "soon", "2024-01-01",
                                                                          "2024-01-03", "2024-01-06", "2024-01-04"])),
     DataError, "unreadable date", "无法识别的日期"),
    (lambda: interaction.channel_summary(_hand_log().assign(case_id=[1, None, 1, 3, 4, 4])), DataError,
     "missing case id", "缺失的事项编号"),
    (lambda: interaction.channel_summary(_hand_log().assign(channel=["app", None, "app", "app", "app", "app"])),
     DataError, "is empty at row(s) 1", "在第 1 行为空"),
    (lambda: interaction.channel_summary(_hand_log(), by=3), InputTypeError, "by must be", "参数 by"),
    (lambda: interaction.channel_summary(_hand_log(), by="region"), ColumnError, "'region'", "'region'"),
    (lambda: interaction.channel_summary(_hand_log().assign(channel="fax"), by="channel_kind"), DataError,
     "'fax'", "'fax'"),
    (lambda: interaction.channel_summary(_hand_log(), case_col=1), InputTypeError, "case must be a column name",
     "参数 case"),
    (lambda: interaction.touchpoint_matrix(_hand_log(), values="mean"), ArgumentError, "values='mean'", "values='mean'"),
    (lambda: interaction.touchpoint_matrix(_hand_log(), rows=["stage"]), InputTypeError, "rows must be", "参数 rows"),
    (lambda: interaction.explore(_hand_log(), channel="fax"), ArgumentError, "channel='fax'", "channel='fax'"),
    (lambda: interaction.explore(_hand_log(), channel="email"), DataError, "no case started", "没有从渠道"),
    (lambda: interaction.plot_call_centre(blanks="yes"), InputTypeError, "blanks must be", "blanks 应为"),
    (lambda: interaction.plot_channels(pd.DataFrame({"x": [1]})), ColumnError, "lacks the column(s) contacts",
     "缺少列 contacts"),
    (lambda: interaction.explore(_hand_log(), ticket_col="x"), ArgumentError, "unknown keyword(s) ticket_col",
     "未知的参数 ticket_col"),
    (lambda: interaction.explore(_hand_log().rename(columns={"stage": "phase"})), ColumnError,
     "column 'stage' not found", "找不到列 'stage'"),
])
def test_bad_input_raises_a_kit_error_that_names_the_problem(lang, call, error, en, zh):
    with pytest.raises(error) as info:
        call()
    assert (zh if lang == "zh" else en) in str(info.value)


def test_error_message_names_function_and_rows():
    crm_study.set_language("en")
    with pytest.raises(DataError) as info:
        interaction.channel_summary(_hand_log().assign(satisfaction=[4, 0, 7, 4, 2, 1]))
    message = str(info.value)
    assert message.startswith("channel_summary:") and "1, 2" in message and "Rescale" in message


# ----------------------------------------------------------------------------- charts

def test_call_centre_key_is_the_seed_003_answer():
    assert [interaction.CALL_CENTRE_BLANKS[k]["zh"].split("（")[0] for k in range(1, 6)] == [
        "自动呼叫分配", "计算机电话集成", "交互式语音应答", "电话", "呼叫管理系统"]


def test_call_centre_diagram_hides_the_names_in_the_blank_version(lang):
    full = [t.get_text() for t in interaction.plot_call_centre().texts if t.get_text()]   # arrows have no text
    blank = [t.get_text() for t in interaction.plot_call_centre(blanks=True).texts if t.get_text()]
    acd = "自动呼叫分配" if lang == "zh" else "automatic call"
    assert any(acd in t for t in full) and not any(acd in t for t in blank)
    assert {"①", "②", "③", "④", "⑤"} <= set(blank)
    assert len(full) == len(blank) == 9


def test_journey_chart_has_stages_across_and_one_bubble_label_per_touchpoint(log, lang):
    ax = interaction.plot_journey(log)
    stages = [t.get_text() for t in ax.get_xticklabels()]
    assert stages == [interaction.label(s) for s in interaction.STAGES]
    touchpoints = int((interaction.touchpoint_matrix(log) > 0).to_numpy().sum())
    assert len(ax.texts) == touchpoints


def test_channel_chart_labels_every_channel(lang):
    summary = interaction.channel_summary(_hand_log())
    ax = interaction.plot_channels(summary)
    assert {t.get_text() for t in ax.texts} == {interaction.label(c) for c in summary.index}
    assert ax.get_legend() is not None


# ----------------------------------------------------------------------------- the "try it" panel

def test_explore_filters_cases_by_their_first_channel_and_stage():
    result = interaction.explore(_hand_log(), channel="app")
    assert sorted(result.log["case_id"].unique()) == [1, 4]       # case 1 started in the app
    assert result.summary.index.name == "stage"
    everything = interaction.explore(_hand_log())
    assert len(everything.log) == 6 and everything.summary.index.name == "channel"


def test_explore_and_the_panel_accept_other_column_names():
    renamed = _hand_log().rename(columns={"case_id": "ticket", "contact_type": "content"})
    result = interaction.explore(renamed, case_col="ticket", type_col="content")
    assert repr(result) == repr(interaction.explore(_hand_log()))
    panel = interaction.touchpoint_explorer(renamed, case_col="ticket", type_col="content")
    assert panel.result.settings == {"channel": "all", "stage": "all"}


def test_explore_text_is_deterministic_and_computed(lang):
    result = interaction.explore(_hand_log())
    text = repr(result)
    assert text == repr(interaction.explore(_hand_log()))
    assert "50.0%" in text              # 2 of 4 cases solved at the first contact
    assert "25.0%" in text              # 1 of 4 cases switched channels


def test_touchpoint_explorer_recomputes_when_a_filter_changes(log):
    crm_study.set_language("en")
    panel = interaction.touchpoint_explorer(log)
    assert panel.result.settings == {"channel": "all", "stage": "all"}
    assert repr(panel).startswith("Touchpoint explorer: 4,004 contacts")
    panel.controls["channel"].value = "hotline"
    assert panel.result.settings["channel"] == "hotline"
    assert set(panel.result.log.drop_duplicates("case_id")["channel"]) == {"hotline"}
    panel.controls["channel"].value = "social_media"
    panel.controls["stage"].value = "purchase"        # no case starts on social media at purchase
    assert panel.result is None and "no case started" in panel.output.outputs[0]["text"]
    assert panel._repr_mimebundle_()["text/plain"] == repr(panel)


# ----------------------------------------------------------------------------- the dataset

def test_dataset_follows_its_documented_rules(log):
    sizes = log.groupby("case_id").size()
    assert len(sizes) == gen_interaction_log.N_CASES and sizes.between(1, 3).all()
    assert log.groupby("case_id")["resolved"].sum().le(1).all()           # solved at most once
    last = log.groupby("case_id").tail(1)
    assert log.loc[log["resolved"]].index.isin(last.index).all()          # and only by the last contact
    assert log["satisfaction"].between(1, 5).all()
    assert set(log["channel"]) == set(interaction.CHANNELS) and set(log["stage"]) == set(interaction.STAGES)
    assert set(log["contact_type"]) == set(interaction.CONTACT_TYPES)
    assert log["contact_date"].dt.year.eq(2024).all() and log["customer_id"].between(1, 1200).all()
    assert (log.groupby("case_id")["contact_date"].diff().dropna() > pd.Timedelta(0)).all()


def test_dataset_shows_the_chapter_story(log):
    omni = interaction.omnichannel_summary(log)
    assert omni.loc["switched", "satisfaction"] < omni.loc["single_channel", "satisfaction"] - 0.5
    summary = interaction.channel_summary(log)
    assert summary["fcr"].idxmax() == "store" and summary["satisfaction"].idxmin() == "social_media"
    content = interaction.channel_summary(log, by="contact_type")
    assert content["contacts"].idxmax() == "information"


# ----------------------------------------------------------------------------- the chapter-07 bank

BANK_FILE = datasets.data_dir().parent / "quizzes" / "ch07_interaction.yaml"


@pytest.fixture(scope="module")
def bank():
    from crm_study import quiz

    return quiz.load_bank(BANK_FILE)


def test_calculation_keys_are_recomputed(bank, log):
    assert bank["ch07-num-001"].answer == pytest.approx(100 * 372 / 480)
    assert bank["ch07-num-002"].answer == pytest.approx(100 * 390 / 600)
    started = {"store": (40, 36), "hotline": (60, 45), "app": (50, 30), "social_media": (30, 12), "email": (20, 9)}
    solved, cases = sum(s for _, s in started.values()), sum(n for n, _ in started.values())
    assert (solved, cases) == (132, 200) and bank["ch07-case-001-a"].answer == pytest.approx(100 * 132 / 200)
    averaged = sum(100 * s / n for n, s in started.values()) / len(started)   # the slip the explanation names
    assert averaged == pytest.approx(62.0)
    from crm_study import quiz

    assert not quiz.grade(bank["ch07-case-001-a"], "62.0").correct and quiz.grade(bank["ch07-case-001-a"], "66%").correct
    omni = interaction.omnichannel_summary(log)
    gap = omni.loc["single_channel", "satisfaction"] - omni.loc["switched", "satisfaction"]
    assert bank["ch07-case-001-b"].answer == pytest.approx(gap, abs=0.005)


def test_call_centre_fill_in_matches_the_diagram_key(bank):
    item = bank["ch07-fill-001"]
    chosen = [item.choices[k]["zh"] for k in item.answer]
    assert chosen == [interaction.CALL_CENTRE_BLANKS[k]["zh"] for k in range(1, 6)]


def test_an_off_topic_answer_does_not_earn_the_text_marks(bank, lang):
    from crm_study import quiz

    off_topic = "客户价值可以用 ABC 分析法计算。" if lang == "zh" else "Customer value is computed with ABC analysis."
    for it in bank.select(types=["term", "short_answer"]):
        result = quiz.grade(it, off_topic)
        assert result.score < result.max_score / 2, it.id


def test_docstring_example_and_public_surface():
    import doctest

    assert doctest.testmod(interaction).failed == 0
    assert {"channel_summary", "touchpoint_matrix", "case_table", "omnichannel_summary", "plot_call_centre",
            "plot_journey", "plot_channels", "explore", "touchpoint_explorer"} <= set(interaction.__all__)
    assert all(hasattr(interaction, name) for name in interaction.__all__)
