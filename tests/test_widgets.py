"""The chapter-04 "try it" panel: its numbers equal direct calls of the value/clv functions,
and the panel recomputes when a slider moves; the one text repr the kit's widgets share."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import clv, value, widgets
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError
from crm_study.quiz import ProgressStore, Quiz, load_bank
from crm_study.revision.flashcards import Flashcards


@pytest.fixture(scope="module")
def tx():
    """Six customers, one return: small enough to check by hand."""
    return pd.DataFrame({
        "customer_id": ["a", "a", "a", "b", "b", "c", "d", "e", "e", "f", "a"],
        "order_date": ["2024-12-20", "2024-11-01", "2024-06-01", "2024-12-01", "2024-03-01", "2024-01-15",
                       "2024-12-28", "2024-05-01", "2024-05-20", "2023-12-01", "2024-12-24"],
        "amount": [500.0, 300.0, 200.0, 150.0, 150.0, 400.0, 60.0, 30.0, 20.0, 10.0, -100.0],
    })


@pytest.fixture(scope="module")
def rfm(tx):
    return value.rfm_table(tx, as_of="2025-01-01", returns="net")


def test_explore_matches_direct_calls(rfm):
    got = widgets.explore(rfm, cutoffs=(0.7, 0.9), bins=4, method="median", margin=120, retention=0.75,
                          discount=0.12, acquisition_cost=40)
    abc = value.abc_analysis(rfm.reset_index(), value_col="monetary", cutoffs=(0.7, 0.9))
    pd.testing.assert_frame_equal(got.abc, abc)
    seg = value.rfm_segment(value.rfm_score(rfm, bins=4), method="median")
    pd.testing.assert_frame_equal(got.segments, seg)
    assert seg.attrs["basis"] == "values"   # the exam rule: raw values, not the scores, against the median
    pd.testing.assert_frame_equal(got.summary, value.segment_summary(seg))
    assert got.clv == pytest.approx(clv.clv_simple(120, 0.75, 0.12, 40))
    assert got.settings == {"cutoffs": (0.7, 0.9), "bins": 4, "method": "median", "margin": 120.0,
                            "retention": 0.75, "discount": 0.12, "acquisition_cost": 40.0}


def test_explore_hand_computed_abc_summary_and_clv(rfm):
    # net monetary: a 900, c 400, b 300, d 60, e 50, f 10 -> total 1720.
    # cumulative share including each: a .523, c .756, b .930, d .965, e .994, f 1.0
    # exam rule with cut-offs (0.8, 0.95): A = a, c (<= 0.8); B = b (<= 0.95); C = d, e, f.
    got = widgets.explore(rfm)
    assert got.abc["abc_class"].to_dict() == {"a": "A", "c": "A", "b": "B", "d": "C", "e": "C", "f": "C"}
    summary = got.abc_summary
    assert summary["customers"].tolist() == [2, 1, 3]
    assert summary["customer_share"].tolist() == pytest.approx([1 / 3, 1 / 6, 0.5])
    assert summary["value_share"].tolist() == pytest.approx([1300 / 1720, 300 / 1720, 120 / 1720])
    # 100 · 0.8 / (1 + 0.1 − 0.8) = 80 / 0.3
    assert got.clv == pytest.approx(266.6666667)


def test_empty_abc_class_is_kept_with_zero_customers(rfm):
    got = widgets.explore(rfm, cutoffs=(0.5, 0.51))
    # a alone reaches 52 % (the top customer is always A); c takes the share to 75.6 % > 51 %: C, so B is empty
    assert got.abc_summary.loc["B", "customers"] == 0
    assert list(got.abc_summary.index) == ["A", "B", "C"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.floats(0.05, 0.9), gap=st.floats(0.01, 0.09), bins=st.integers(2, 10),
       method=st.sampled_from(["mean", "median"]))
def test_explore_totals_add_up_for_any_settings(rfm, a, gap, bins, method):
    got = widgets.explore(rfm, cutoffs=(a, a + gap), bins=bins, method=method)
    assert got.abc_summary["customers"].sum() == len(rfm)
    assert got.abc_summary["value_share"].sum() == pytest.approx(1.0)
    assert got.summary["count"].sum() == len(rfm)
    assert got.segments[["R", "F", "M"]].to_numpy().max() <= bins


def test_repr_lists_abc_segments_and_clv_in_both_languages(rfm):
    crm_study.set_language("en")
    text_en = repr(widgets.explore(rfm))
    assert "ABC (cut-offs 80% / 95%): A 2 customers (75.6% of value)" in text_en
    assert "RFM (raw values against the mean; heat map on 5 score levels)" in text_en and "Important value" in text_en
    assert "CLV (m = 100.00, r = 80%, d = 10%, AC = 0.00): 266.67" in text_en
    crm_study.set_language("zh")
    text_zh = repr(widgets.explore(rfm, method="median"))
    assert "ABC（分界 80% / 95%）：A 类 2 人（占价值 75.6%）" in text_zh
    assert "原始值与中位数比较" in text_zh and "重要价值客户" in text_zh


def test_explore_rejects_bad_tables(lang):
    with pytest.raises(InputTypeError) as err:
        widgets.explore([1, 2, 3])
    assert "widgets.explore" in str(err.value) and "rfm" in str(err.value)
    with pytest.raises(ColumnError) as err:
        widgets.explore(pd.DataFrame({"recency": [1], "frequency": [1]}))
    assert "monetary" in str(err.value)
    assert ("not found" in str(err.value)) if lang == "en" else ("找不到列" in str(err.value))
    with pytest.raises(DataError):
        widgets.explore(pd.DataFrame({"recency": [], "frequency": [], "monetary": []}))


@pytest.mark.parametrize("kwargs, name", [
    ({"cutoffs": (0.9, 0.8)}, "cutoffs"),
    ({"bins": 1}, "bins"),
    ({"method": "mode"}, "method"),
    ({"retention": 1.0}, "retention"),
    ({"acquisition_cost": -5}, "acquisition_cost"),
])
def test_explore_out_of_range_settings_raise_argument_error_naming_them(rfm, lang, kwargs, name):
    with pytest.raises(ArgumentError) as err:
        widgets.explore(rfm, **kwargs)
    assert name in str(err.value)


def test_panel_starts_with_the_explore_result_and_recomputes_on_slider_moves(tx, rfm):
    panel = widgets.value_explorer(tx, as_of="2025-01-01", retention=0.6)
    start = widgets.explore(rfm, retention=0.6)
    assert panel.result.clv == pytest.approx(start.clv)
    pd.testing.assert_frame_equal(panel.result.abc, start.abc)
    panel.controls["a_cut"].value = 0.6
    panel.controls["method"].value = "median"
    panel.controls["retention"].value = 0.9
    want = widgets.explore(rfm, cutoffs=(0.6, 0.95), method="median", retention=0.9)
    pd.testing.assert_frame_equal(panel.result.abc, want.abc)
    pd.testing.assert_frame_equal(panel.result.segments, want.segments)
    assert panel.result.clv == pytest.approx(want.clv)
    for view in widgets.VIEWS:
        panel.controls["view"].value = view
        kinds = [o["output_type"] for o in panel.output.outputs]
        assert kinds[0] == "display_data" and "image/png" in panel.output.outputs[0]["data"]
        assert kinds[-1] == "stream" and panel.output.outputs[-1]["text"] == repr(panel.result) + "\n"
        assert len(kinds) == (2 if view == "clv" else 3)


def test_panel_shows_the_message_and_clears_result_for_invalid_cutoffs(tx):
    crm_study.set_language("en")
    panel = widgets.value_explorer(tx, as_of="2025-01-01")
    panel.controls["a_cut"].value = 0.95
    panel.controls["b_cut"].value = 0.9
    assert panel.result is None
    (only,) = panel.output.outputs
    assert only["output_type"] == "stream" and "cutoffs must satisfy 0 < a < b <= 1" in only["text"]
    panel.controls["b_cut"].value = 1.0
    assert panel.result is not None and panel.result.settings["cutoffs"] == (0.95, 1.0)


def test_panel_start_values_outside_default_ranges_are_not_clamped(tx):
    panel = widgets.value_explorer(tx, as_of="2025-01-01", margin=2500, acquisition_cost=800, cutoffs=(0.3, 0.5))
    assert panel.settings()["margin"] == 2500 and panel.settings()["acquisition_cost"] == 800
    assert panel.settings()["cutoffs"] == (0.3, 0.5)


def test_panel_labels_and_plain_text_follow_the_active_language(tx):
    crm_study.set_language("zh")
    panel = widgets.value_explorer(tx, as_of="2025-01-01")
    assert panel.controls["retention"].description == "保持率 r"
    assert panel._repr_mimebundle_()["text/plain"].startswith("客户价值探索器：共 6 位客户")
    crm_study.set_language("en")
    panel = widgets.value_explorer(tx, as_of="2025-01-01")
    assert panel.controls["retention"].description == "retention r"
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Customer value explorer: 6 customers")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_value_explorer_rejects_unknown_view_and_bad_transactions(tx, lang):
    with pytest.raises(ArgumentError) as err:
        widgets.value_explorer(tx, as_of="2025-01-01", view="pie")
    assert "widgets.value_explorer" in str(err.value) and "view" in str(err.value)
    with pytest.raises(DataError, match="returns"):
        widgets.value_explorer(tx, as_of="2025-01-01", returns="error")
    with pytest.raises(ColumnError, match="order_date"):
        widgets.value_explorer(tx.drop(columns="order_date"))


class _Halver(widgets.Panel):
    """A text-only panel on one slider: half of ``x``, which must not be negative."""

    def __init__(self, x=4, result=None):
        import ipywidgets as w

        controls = {"x": w.IntSlider(value=x, min=-5, max=10), "y": w.IntSlider(value=1)}
        super().__init__(controls, "Halve", "Halver panel", lambda c: [[c["x"], c["y"]]], result=result)

    def compute(self, *, x, y):
        if x < 0:
            raise ArgumentError(f"x={x} is negative")
        return pd.Series({"half": x / 2, "y": y})

    def table(self, result):
        return result.to_frame("value")


class _Keeper(_Halver):
    keep_result_on_error = True


def test_panel_base_recomputes_lays_out_and_shows_the_message_for_invalid_values():
    panel = _Halver()
    heading, row, output = panel.widget.children
    assert heading.value == "<b>Halve</b>" and list(row.children) == list(panel.controls.values())
    assert output is panel.output and panel.result["half"] == 2
    assert [o["output_type"] for o in panel.output.outputs] == ["display_data", "stream"]   # no chart: draw is None
    panel.controls["x"].value = 6
    assert panel.settings() == {"x": 6, "y": 1} and panel.result["half"] == 3
    assert panel.output.outputs[-1]["text"] == repr(panel.result) + "\n"
    panel.controls["x"].value = -1
    assert panel.result is None and panel.output.outputs == ({"output_type": "stream", "name": "stdout",
                                                              "text": "x=-1 is negative\n"},)
    kept = _Keeper()
    before = kept.result
    kept.controls["x"].value = -2
    assert kept.result is before and "negative" in kept.output.outputs[0]["text"]
    assert repr(panel) == panel._repr_mimebundle_()["text/plain"] == "Halver panel"


def test_panel_base_shows_a_given_start_result_without_recomputing():
    start = pd.Series({"half": 99.0})
    panel = _Halver(result=start)
    assert panel.result is start and panel.output.outputs[-1]["text"] == repr(start) + "\n"


def test_panel_quiz_and_flashcards_share_one_text_repr_giving_the_widget_and_their_own_text(tmp_path):
    crm_study.set_language("en")
    bank = load_bank(Path(__file__).parent / "fixtures" / "quiz" / "good")
    shown = [_Halver(), Quiz(list(bank)[:2], record=False),
             Flashcards(chapter="04", n=2, store=ProgressStore(tmp_path / "cards.sqlite"))]
    for obj in shown:
        assert isinstance(obj, widgets.WidgetText)
        assert type(obj)._repr_mimebundle_ is widgets.WidgetText._repr_mimebundle_
        bundle = obj._repr_mimebundle_()
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == obj.widget.model_id
        assert bundle["text/plain"] == repr(obj)
    assert [repr(obj).split(":")[0] for obj in shown] == ["Halver panel", "Quiz", "Flashcards"]
