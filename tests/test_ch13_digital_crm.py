"""Chapter 13 (CRM today / 数字化时代的客户关系管理): listed in the plan, its case numbers follow
from the case table by the chapter-11 funnel method, its numeric keys are recomputed, and the notes
teach every topic of the chapter in both languages."""
from pathlib import Path

import pandas as pd
import pytest

import crm_study as crm
from crm_study import quiz
from crm_study.chapters.plan import CHAPTERS
from crm_study.nbbuild import parse_source

ROOT = Path(__file__).resolve().parents[1]
BANK = quiz.load_bank().select(chapter="13")


def _answer(item_id: str) -> float:
    for it in BANK:
        for candidate in (it, *it.parts):
            if candidate.id == item_id:
                return candidate.answer
    raise KeyError(item_id)


def test_chapter_13_is_in_the_plan_after_chapter_12():
    numbers = [c["number"] for c in CHAPTERS]
    assert numbers.index("13") == numbers.index("12") + 1
    entry = CHAPTERS[numbers.index("13")]
    assert entry["slug"] == "13_digital_crm" and entry["zh"] == "数字化时代的客户关系管理"


def test_case_numbers_follow_from_the_case_table_with_the_funnel_method(case_table):
    case = next(it for it in BANK if it.id == "ch13-case-001")
    table = case_table(case, "stage", "customers")
    events = pd.concat([pd.DataFrame({"user_id": range(n), "stage": s})
                        for s, n in zip(table["stage"], table["customers"])])
    funnel = crm.funnel.funnel_table(events, stages=list(table["stage"]))
    assert round(100 * funnel["step_conversion"].iloc[-1], 2) == _answer("ch13-case-001-a")
    assert round(100 * funnel["overall_conversion"].iloc[-1], 2) == _answer("ch13-case-001-b")
    assert round(100 * funnel["step_conversion"].iloc[2], 2) == _answer("ch13-num-001")
    assert crm.funnel.bottleneck(funnel)["to_stage"].iloc[0] == "bought again"


def test_numeric_keys_are_recomputed():
    assert _answer("ch13-num-002") == pytest.approx(100 * 120 / 200)
    assert _answer("ch13-num-003") == pytest.approx(100 * 120 / 150)
    assert _answer("ch13-num-004") == pytest.approx(max(20, 0.04 * 1000))   # GDPR: whichever is higher


TOPICS = {
    "zh": ["社会化客户关系管理", "SCRM", "企业微信", "私域流量", "公域流量", "会员运营", "全渠道", "客户数据平台",
           "身份统一", "推荐系统", "协同过滤", "流失预测", "智能客服", "大语言模型", "幻觉", "个人信息保护法",
           "2021 年 11 月 1 日", "告知同意", "单独同意", "敏感个人信息", "最小必要", "删除", "可携带", "不得非法买卖",
           "大数据杀熟", "GDPR", "正当利益", "4%", "Salesforce", "Dynamics 365", "HubSpot", "甲骨文", "SAP",
           "纷享销客", "销售易", "用友", "金蝶", "截至 2025 年", "Siebel", "模拟数据"],
    "en": ["social CRM", "SCRM", "WeChat Work", "private-domain", "public-domain", "membership operations",
           "omnichannel", "customer data platform", "identity resolution", "recommendation", "collaborative filtering",
           "churn prediction", "intelligent customer service", "large language models", "hallucinations",
           "Personal Information Protection Law", "1 November 2021", "notice and consent", "separate consent",
           "sensitive personal information", "minimum necessary", "deleted", "portability", "no trading",
           "unreasonable differences in price", "GDPR", "legitimate interests", "4 %", "Salesforce",
           "Dynamics 365", "HubSpot", "Oracle", "SAP", "纷享销客", "销售易", "用友", "金蝶", "as of 2025", "Siebel",
           "hypothetical data"],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_notes_teach_every_topic_in_both_languages(lang):
    cells = parse_source(ROOT / "notebooks" / "_src" / "13_digital_crm.md")
    text = "\n".join(c[lang] for kind, c in cells if kind == "markdown").casefold()
    assert [t for t in TOPICS[lang] if t.casefold() not in text] == []
