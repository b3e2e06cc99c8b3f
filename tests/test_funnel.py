"""crm_study.analytics.funnel: users per stage, step and overall conversion, bottleneck, funnel chart."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import funnel
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError
from crm_study.analytics.funnel import DEFAULT_STAGES, bottleneck, funnel_table, plot_funnel, stage_label

THREE = ["visit", "product_page", "cart"]


def said(lang, en, zh):
    return en if lang == "en" else zh


def log(rows):
    """An event log from (user, stage, segment) triples."""
    return pd.DataFrame(rows, columns=["user_id", "stage", "user_type"])


# users 1-4 visit; 1, 2, 3 open a product page (1 twice); 1 and 5 add to cart; 5 never visited
# and never opened a product page; "search" events are not funnel stages.
EVENTS = log([
    (1, "visit", "new"), (1, "product_page", "new"), (1, "product_page", "new"), (1, "cart", "new"),
    (2, "visit", "new"), (2, "product_page", "new"), (2, "search", "new"),
    (3, "visit", "returning"), (3, "product_page", "returning"),
    (4, "visit", "returning"),
    (5, "cart", "returning"),
])


def test_strict_funnel_by_hand():
    # strict: visit {1,2,3,4} = 4; product page {1,2,3} = 3; cart {1} = 1 (user 5 skipped the earlier stages)
    t = funnel_table(EVENTS, stages=THREE)
    assert t["stage"].tolist() == THREE
    assert t["users"].tolist() == [4, 3, 1]
    assert t["lost"].tolist() == [0, 1, 2]
    assert np.isnan(t["step_conversion"].iloc[0])
    assert t["step_conversion"].iloc[1:].tolist() == pytest.approx([3 / 4, 1 / 3])
    assert t["overall_conversion"].tolist() == pytest.approx([1, 3 / 4, 1 / 4])
    assert t["drop_off_rate"].iloc[1:].tolist() == pytest.approx([1 / 4, 2 / 3])


def test_non_strict_funnel_counts_each_stage_on_its_own():
    t = funnel_table(EVENTS, stages=THREE, strict=False)
    assert t["users"].tolist() == [4, 3, 2]
    assert t["step_conversion"].iloc[2] == pytest.approx(2 / 3)


def test_segment_split_by_hand():
    t = funnel_table(EVENTS, stages=THREE, segment_col="user_type")
    assert list(t.columns[:2]) == ["user_type", "stage"]
    new = t[t["user_type"] == "new"]
    ret = t[t["user_type"] == "returning"]
    assert new["users"].tolist() == [2, 2, 1]
    assert ret["users"].tolist() == [2, 1, 0]  # user 5 is returning but skipped the first stages
    assert ret["drop_off_rate"].iloc[2] == pytest.approx(1.0)
    assert new["overall_conversion"].tolist() == pytest.approx([1, 1, 0.5])


def test_bottleneck_is_the_lowest_step_by_hand():
    b = bottleneck(funnel_table(EVENTS, stages=THREE))
    assert b[["from_stage", "to_stage"]].iloc[0].tolist() == ["product_page", "cart"]
    assert b["step_conversion"].iloc[0] == pytest.approx(1 / 3)


def test_bottleneck_per_segment(lang):
    b = bottleneck(funnel_table(EVENTS, stages=THREE, segment_col="user_type"))
    assert b["user_type"].tolist() == ["new", "returning"]
    # new: steps 1.0 and 0.5 -> cart; returning: 0.5 and 0.0 -> cart
    assert b["to_stage"].tolist() == ["cart", "cart"]
    assert b["step_conversion"].tolist() == pytest.approx([0.5, 0.0])
    assert b["to_label"].iloc[0] == said(lang, "Add to cart", "加入购物车")


def test_bottleneck_ties_go_to_the_earlier_step():
    ev = log([(1, "visit", "a"), (1, "product_page", "a"), (1, "cart", "a"), (2, "visit", "a")])
    b = bottleneck(funnel_table(ev, stages=THREE))
    assert b["to_stage"].tolist() == ["product_page"]


def test_labels_follow_the_language_at_call_time(lang):
    t = funnel_table(EVENTS, stages=THREE)
    assert t["label"].tolist() == said(lang, ["Visit site", "View product page", "Add to cart"],
                                       ["访问网站", "查看商品详情", "加入购物车"])
    assert stage_label("wishlist") == "wishlist"
    assert stage_label("purchase", "zh") == "完成购买"


def test_default_stages_are_the_seed_case():
    assert DEFAULT_STAGES == ("visit", "product_page", "cart", "checkout", "purchase")
    assert [stage_label(s, "zh") for s in DEFAULT_STAGES] == ["访问网站", "查看商品详情", "加入购物车", "结算", "完成购买"]


def test_other_column_names_are_keywords():
    ev = EVENTS.rename(columns={"user_id": "uid", "stage": "event", "user_type": "kind"})
    t = funnel_table(ev, user_col="uid", stage_col="event", stages=THREE, segment_col="kind")
    assert t["users"].tolist() == [2, 2, 1, 2, 1, 0]


def test_funnel_errors_name_what_is_wrong(lang):
    with pytest.raises(InputTypeError, match=said(lang, "funnel_table: events must be a pandas DataFrame",
                                                  "funnel_table：参数 events 应为 pandas DataFrame")):
        funnel_table(EVENTS.to_dict())
    with pytest.raises(ColumnError, match=said(lang, "Did you mean 'user_type'\\? Pass segment_col='user_type'",
                                               "是否指 'user_type'？请传入 segment_col='user_type'")):
        funnel_table(EVENTS, stages=THREE, segment_col="User_Type")
    with pytest.raises(DataError, match=said(lang, "no event of stage\\(s\\) 'checkout' in column 'stage'",
                                             "列 'stage' 中没有阶段 'checkout' 的事件")):
        funnel_table(EVENTS, stages=["visit", "checkout"])
    with pytest.raises(DataError, match=said(lang, "column 'user_id' is empty at row\\(s\\) 0",
                                             "列 'user_id' 在第 0 行为空")):
        funnel_table(EVENTS.assign(user_id=[None] + EVENTS["user_id"].tolist()[1:]), stages=THREE)


def test_a_user_in_two_segments_is_rejected(lang):
    bad = pd.concat([EVENTS, log([(1, "visit", "returning")])], ignore_index=True)
    with pytest.raises(DataError, match=said(lang, "user\\(s\\) 1 belong to more than one 'user_type' value",
                                             "用户 1 在列 'user_type' 中对应多个取值")):
        funnel_table(bad, stages=THREE, segment_col="user_type")


def test_bad_stage_and_strict_arguments(lang):
    with pytest.raises(InputTypeError, match=said(lang, "stages must be a list", "stages 应为")):
        funnel_table(EVENTS, stages="visit")
    with pytest.raises(ArgumentError, match=said(lang, "at least 2 different stages", "至少应包含 2 个互不相同的阶段")):
        funnel_table(EVENTS, stages=["visit", "visit"])
    with pytest.raises(InputTypeError, match=said(lang, "strict must be True or False", "strict 应为 True 或 False")):
        funnel_table(EVENTS, stages=THREE, strict="yes")


def test_bottleneck_needs_a_funnel_table(lang):
    with pytest.raises(ColumnError, match="step_conversion"):
        bottleneck(pd.DataFrame({"stage": ["visit"], "users": [3]}))
    one = funnel_table(EVENTS, stages=THREE).iloc[:1]
    with pytest.raises(DataError, match=said(lang, "no step conversion to compare", "没有可比较的环节转化率")):
        bottleneck(one)


def test_funnel_chart_labels_stages_and_rates(lang):
    ax = plot_funnel(funnel_table(EVENTS, stages=THREE))
    assert ax.get_title() == said(lang, "Sales funnel", "销售漏斗")
    top_down = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
    assert [t.get_text() for t in top_down] == said(lang, ["Visit site", "View product page", "Add to cart"],
                                                    ["访问网站", "查看商品详情", "加入购物车"])
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "4 (100.0%)"
    assert texts[2] == said(lang, "1 (25.0%) | step 33.3%", "1 (25.0%) | 环节 33.3%")
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == [1, 3, 4]


def test_segmented_funnel_chart_has_one_colour_per_segment():
    crm_study.set_language("en")
    ax = plot_funnel(funnel_table(EVENTS, stages=THREE, segment_col="user_type"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["new", "returning"]
    assert len(ax.patches) == 6


events = st.lists(st.tuples(st.integers(1, 12), st.sampled_from(list(DEFAULT_STAGES)), st.sampled_from(["a", "b"])),
                  min_size=1, max_size=60)


@settings(max_examples=80, deadline=None)
@given(events)
def test_strict_counts_never_increase_and_conversion_is_at_most_one(rows):
    ev = log(rows)
    ev["user_type"] = np.where(ev["user_id"] % 2 == 0, "a", "b")  # one segment per user
    present = [s for s in DEFAULT_STAGES if s in set(ev["stage"])]
    assume(len(present) >= 2)
    for t in (funnel_table(ev, stages=present), funnel_table(ev, stages=present, segment_col="user_type")):
        keys = ["user_type"] if "user_type" in t.columns else []
        for _, g in (t.groupby(keys) if keys else [(None, t)]):
            users = g["users"].to_numpy()
            assert np.all(np.diff(users) <= 0)
            steps = g["step_conversion"].iloc[1:].dropna().to_numpy()
            assert np.all((steps >= 0) & (steps <= 1))
            assert np.all(g["overall_conversion"].dropna().to_numpy() <= 1)
            if users[0] > 0:  # overall conversion is the product of the steps
                assert g["overall_conversion"].iloc[-1] == pytest.approx(users[-1] / users[0])
    loose = funnel_table(ev, stages=present, strict=False)
    strict = funnel_table(ev, stages=present)
    assert np.all(loose["users"].to_numpy() >= strict["users"].to_numpy())
    assert strict["users"].iloc[0] == ev.loc[ev["stage"] == present[0], "user_id"].nunique()


def test_module_exports_its_public_names():
    assert set(funnel.__all__) == {"DEFAULT_STAGES", "STAGE_LABELS", "stage_label", "funnel_table", "bottleneck",
                                   "plot_funnel"}
