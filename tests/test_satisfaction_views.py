"""Chapter-08 pictures and the what-if panel: labels in the active language, numbers that match
crm_study.analytics.satisfaction and hand computation, and messages that say what went wrong."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import datasets, satisfaction
from crm_study import satisfaction_views as views
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

DIMS = list(satisfaction.SERVQUAL_DIMENSIONS)


@pytest.fixture(scope="module")
def survey():
    return datasets.load("satisfaction_survey")


def _tiny(perc_resp=(4, 5), exp=6, imp=None):
    """Two guests, one expectation and one perception item per dimension, importance 1..5 by dimension."""
    imp = imp or {d: k + 1 for k, d in enumerate(DIMS)}
    data = {}
    for d in DIMS:
        data[f"exp_{d}_1"] = [exp, exp]
        data[f"perc_{d}_1"] = list(perc_resp)
        data[f"imp_{d}"] = [imp[d], imp[d]]
    return pd.DataFrame(data)


def _texts(ax):
    return [t.get_text() for t in ax.texts] + [ax.get_title()]


# ----------------------------------------------------------------------------- diagrams

@pytest.mark.parametrize("draw", [views.plot_three_layers, views.plot_kano_curves, views.plot_acsi_model,
                                  views.plot_complaint_steps])
def test_diagrams_draw_in_both_languages_without_glyph_or_font_warnings(draw, lang):
    crm_study.setup(lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = draw()
        ax.figure.canvas.draw()
    title = ax.get_title()
    assert title
    has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in title)
    assert has_cjk == (lang == "zh")


def test_three_layers_put_product_at_the_base_in_the_active_language(lang):
    ax = views.plot_three_layers()
    names = [views.THREE_LAYERS[k][lang] for k in ("product", "service", "social")]
    labels = {t.get_text().replace("\n", " "): t.get_position()[1] for t in ax.texts}
    heights = [labels[n] for n in names]
    assert heights == sorted(heights)                     # product lowest, social on top
    for layer in views.THREE_LAYERS.values():
        assert layer["about"][lang] in _texts(ax)


def test_kano_curves_have_the_textbook_shapes():
    ax = views.plot_kano_curves()
    lines = {line.get_label(): line.get_ydata() for line in ax.get_lines() if not line.get_label().startswith("_")}
    names = {code: crm_study.pick(satisfaction.KANO_CATEGORIES[code]) for code in "AOMI"}
    must, attractive, one_dim, indifferent = (lines[names[c]] for c in "MAOI")
    assert must.max() < 0 < attractive.min()               # must-be never delights, attractive never angers
    assert must[0] < -0.9 and must[-1] > -0.05            # very dissatisfied when absent, neutral when full
    assert attractive[0] < 0.05 and attractive[-1] > 0.9  # neutral when absent, delight when full
    assert one_dim[0] == -1 and one_dim[-1] == 1 and np.all(np.diff(one_dim) > 0)
    assert np.all(indifferent == 0)


def test_acsi_model_names_causes_and_results(lang):
    boxes = {t.get_text().replace("\n", " ") for t in views.plot_acsi_model().texts}
    expected = {"zh": {"客户预期", "感知质量", "感知价值", "客户满意度 （ACSI）", "客户抱怨", "客户忠诚"},
                "en": {"customer expectations", "perceived quality", "perceived value",
                       "customer satisfaction (ACSI)", "customer complaints", "customer loyalty"}}[lang]
    assert expected <= boxes


def test_complaint_steps_are_the_four_seed_steps_in_order(lang):
    ax = views.plot_complaint_steps()
    steps = [t.get_text() for t in ax.texts if t.get_text()[:1] and t.get_text()[0] in "①②③④"]
    assert steps == [s[lang] for s in views.COMPLAINT_STEPS.values()]
    if lang == "zh":
        for word, step in zip(["倾听", "记录", "解决方案", "跟踪"], steps):
            assert word in step


def test_diagrams_draw_on_a_given_axes():
    plt = crm_study.display.plotting.pyplot()
    _, ax = plt.subplots()
    assert views.plot_kano_curves(ax=ax) is ax
    assert views.plot_three_layers(ax=ax) is ax


def test_five_kinds_and_three_layers_follow_seed_001():
    assert [k["zh"] for k in views.FIVE_KINDS.values()] == ["理念满意", "行为满意", "视听满意", "产品满意", "服务满意"]
    assert [k["zh"] for k in views.THREE_LAYERS.values()] == ["产品满意", "服务满意", "社会满意"]


# ----------------------------------------------------------------------------- plot_servqual

def test_servqual_chart_shows_both_bars_and_each_signed_gap(survey, lang):
    gaps = satisfaction.servqual_gaps(survey)
    ax = views.plot_servqual(gaps)
    assert len(ax.patches) == 2 * len(gaps)
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted(round(v, 6) for v in list(gaps["expectation"]) + list(gaps["perception"]))
    assert [t.get_text() for t in ax.texts] == [f"{g:+.2f}" for g in gaps["gap"]]
    assert "-1.36" in [t.get_text() for t in ax.texts]       # responsiveness, computed by hand in the bank test
    assert [t.get_text() for t in ax.get_yticklabels()] == list(gaps["name"])


@pytest.mark.parametrize("bad, error, words", [
    ([1, 2], InputTypeError, {"en": "plot_servqual: gaps must be a pandas DataFrame", "zh": "plot_servqual：参数 gaps 应为 pandas DataFrame"}),
    (pd.DataFrame(), DataError, {"en": "plot_servqual: the table gaps is empty", "zh": "plot_servqual：表格 gaps 为空"}),
    (pd.DataFrame({"expectation": [6.0], "perception": [5.0]}), ColumnError,
     {"en": "column 'gap' not found", "zh": "找不到列 'gap'"}),
])
def test_plot_servqual_rejects_bad_input_with_a_message_in_each_language(bad, error, words, lang):
    with pytest.raises(error) as info:
        views.plot_servqual(bad)
    assert words[lang] in str(info.value)


# ----------------------------------------------------------------------------- what_if

def test_what_if_without_lift_reproduces_the_servqual_table_and_conventions(survey):
    result = views.what_if(survey, dimension="responsiveness", lift=0)
    gaps = satisfaction.servqual_gaps(survey)
    pd.testing.assert_series_equal(result.table["expectation"], gaps["expectation"], check_names=False)
    pd.testing.assert_series_equal(result.table["perception"], gaps["perception"], check_names=False)
    assert result.table["ratio"].tolist() == pytest.approx((gaps["perception"] / gaps["expectation"]).tolist())
    assert result.table["difference"].tolist() == pytest.approx(gaps["gap"].tolist())
    assert result.table.loc["responsiveness", "ratio"] == pytest.approx(4.785 / 6.145)
    assert result.index_before == result.index_after


def test_what_if_index_and_lift_by_hand(lang):
    # perceptions 4 and 5 of an expectation 6 on every dimension; importance 1..5 by dimension.
    result = views.what_if(_tiny(), dimension="tangibles", lift=2.5)
    # before: every item mean 4.5 -> (4.5 - 1) / 6 * 100 = 58.33 whatever the weights.
    assert result.index_before == pytest.approx(3.5 / 6 * 100)
    # tangibles (weight 1/15) rises to 6.5 and 7 (7.5 capped at 7): mean 6.75 -> 95.83.
    after = (1 / 15) * (5.75 / 6 * 100) + (14 / 15) * (3.5 / 6 * 100)
    assert result.index_after == pytest.approx(after)
    row = result.table.loc["tangibles"]
    assert row["perception"] == pytest.approx(6.75)
    assert row["ratio"] == pytest.approx(6.75 / 6) and row["difference"] == pytest.approx(0.75)
    highly = {"zh": "高度满意", "en": "highly satisfied"}[lang]
    assert row["level_ratio"] == row["level_difference"] == highly
    other = result.table.loc["empathy"]
    assert other["ratio"] == pytest.approx(4.5 / 6) and other["level_ratio"] == {"zh": "不满意", "en": "dissatisfied"}[lang]


def test_what_if_quadrants_match_importance_performance(survey):
    result = views.what_if(survey, dimension="responsiveness", lift=1.0)
    importance = survey.filter(like="imp_").mean().rename(lambda c: c.removeprefix("imp_"))
    ipa = satisfaction.importance_performance(importance, result.table["perception"])
    assert result.table["quadrant"].tolist() == ipa["quadrant"].tolist()
    # the notebook's statement: a one-point lift moves responsiveness out of "concentrate here"
    # while it stays below expectations, and reliability takes its place
    crm_study.set_language("en")
    again = views.what_if(survey, dimension="responsiveness", lift=1.0)
    assert again.table.loc["responsiveness", "quadrant"] == "keep up the good work"
    assert again.table.loc["responsiveness", "ratio"] < 1
    assert again.table.loc["reliability", "quadrant"] == "concentrate here"
    assert views.what_if(survey).table.loc["responsiveness", "quadrant"] == "concentrate here"


def test_what_if_repr_is_deterministic_and_in_the_active_language(survey, lang):
    result = views.what_if(survey, dimension="responsiveness", lift=1.0)
    text = repr(result)
    assert text == repr(views.what_if(survey, dimension="responsiveness", lift=1.0))
    expected = {"zh": ["响应性感知提升：+1.0 分", "比值 C = b/a = 0.93（不满意）", "73.0 → 76.4"],
                "en": ["Lift of responsiveness perception: +1.0 points", "ratio C = b/a = 0.93 (dissatisfied)",
                       "73.0 → 76.4"]}[lang]
    for piece in expected:
        assert piece in text


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0.01, 100), b=st.floats(0, 100))
def test_both_conventions_always_name_the_same_level(a, b):
    """b / a < 1 ⇔ b − a < 0 for a > 0: the verdict never depends on the convention."""
    ratio = satisfaction.satisfaction_ratio(b, a)
    diff = satisfaction.satisfaction_difference(b, a)
    assert satisfaction.satisfaction_level(ratio, lang="en") == \
        satisfaction.satisfaction_level(diff, convention="difference", lang="en")


@settings(max_examples=25, deadline=None)
@given(p1=st.integers(1, 7), p2=st.integers(1, 7), lift=st.floats(0, 6), dim=st.sampled_from(DIMS))
def test_a_lift_never_lowers_the_index_and_never_leaves_the_scale(p1, p2, lift, dim):
    result = views.what_if(_tiny((p1, p2)), dimension=dim, lift=lift)
    assert result.index_after >= result.index_before - 1e-9
    assert result.table["perception"].max() <= 7
    assert result.table.loc[dim, "perception"] == pytest.approx((min(p1 + lift, 7) + min(p2 + lift, 7)) / 2)
    untouched = [d for d in DIMS if d != dim]
    assert result.table.loc[untouched, "perception"].tolist() == pytest.approx([(p1 + p2) / 2] * len(untouched))


@pytest.mark.parametrize("kwargs, error, words", [
    ({"dimension": "price"}, ArgumentError,
     {"en": "satisfaction_views.what_if: dimension='price' is not a SERVQUAL dimension",
      "zh": "satisfaction_views.what_if：参数 dimension='price' 不是 SERVQUAL 维度"}),
    ({"lift": -0.5}, ArgumentError,
     {"en": "satisfaction_views.what_if: lift = -0.5 is outside the allowed range [0, 6]",
      "zh": "satisfaction_views.what_if：参数 lift = -0.5 超出允许范围 [0, 6]"}),
    ({"lift": "1"}, InputTypeError,
     {"en": "satisfaction_views.what_if: lift must be a number", "zh": "satisfaction_views.what_if：参数 lift 应为数字"}),
    ({"scale": 7}, InputTypeError,
     {"en": "scale must be a pair (lowest, highest)", "zh": "参数 scale 应为 (最低分, 最高分)"}),
    ({"scale": (7, 1)}, ArgumentError,
     {"en": "scale[1] = 1 is outside the allowed range (7, inf)", "zh": "参数 scale[1] = 1 超出允许范围 (7, inf)"}),
])
def test_what_if_rejects_bad_arguments_with_a_message_in_each_language(kwargs, error, words, lang):
    with pytest.raises(error) as info:
        views.what_if(_tiny(), **kwargs)
    assert words[lang] in str(info.value)


def test_what_if_rejects_a_survey_without_the_layout_naming_the_dimension(lang):
    with pytest.raises(ColumnError) as info:
        views.what_if(_tiny().drop(columns=["imp_empathy"]))
    assert {"en": "imp_empathy for the dimension 'empathy'", "zh": "维度 'empathy' 的感知列"}[lang] in str(info.value)
    with pytest.raises(InputTypeError, match="what_if"):
        views.what_if(_tiny().to_dict())
    with pytest.raises(DataError, match="what_if"):
        views.what_if(_tiny().iloc[0:0])


def test_what_if_reports_an_unreadable_rating_by_column_and_row(lang):
    bad = _tiny()
    bad["imp_tangibles"] = bad["imp_tangibles"].astype(object)
    bad.loc[1, "imp_tangibles"] = "very"
    with pytest.raises(DataError) as info:
        views.what_if(bad)
    assert {"en": "column 'imp_tangibles' has 1 missing or non-numeric value(s) at row(s) 1",
            "zh": "列 'imp_tangibles' 在第 1 行有 1 个缺失或非数字的值"}[lang] in str(info.value)
    off_scale = _tiny((4, 9))
    with pytest.raises(DataError, match="perc_tangibles_1"):
        views.what_if(off_scale)


# ----------------------------------------------------------------------------- the panel

def test_panel_recomputes_when_a_control_moves(survey, lang):
    panel = views.satisfaction_explorer(survey, dimension="empathy", lift=0.0)
    assert panel.result.settings["dimension"] == "empathy"
    assert [o["output_type"] for o in panel.output.outputs] == ["display_data", "stream"]
    assert "image/png" in panel.output.outputs[0]["data"]
    panel.controls["lift"].value = 1.0
    assert panel.result.settings["lift"] == 1.0
    assert panel.output.outputs[1]["text"] == repr(views.what_if(survey, dimension="empathy", lift=1.0)) + "\n"
    panel.controls["dimension"].value = "reliability"
    assert panel.result.table.equals(views.what_if(survey, dimension="reliability", lift=1.0).table)


def test_panel_plain_text_is_deterministic_and_in_the_active_language(survey, lang):
    panel = views.satisfaction_explorer(survey)
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"] == repr(panel)
    assert {"zh": "共 400 位住客", "en": "400 guests"}[lang] in repr(panel)
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_panel_rejects_bad_start_values_before_building_widgets(survey):
    with pytest.raises(ArgumentError, match="dimension"):
        views.satisfaction_explorer(survey, dimension="speed")
