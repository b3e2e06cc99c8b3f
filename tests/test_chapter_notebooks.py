"""Every chapter notebook: built from its bilingual source and in sync with it, the same code and
the same section outline in both languages, short code cells that start with the setup cell.

These checks used to be written out in the chapter test files; each is now run for every notebook
where it holds. Chapter-specific notebook checks (numbers quoted in the prose, exercises, the quiz
cell) stay with their chapter."""
from __future__ import annotations

import functools
from pathlib import Path

import nbformat
import pytest

from crm_study.nbbuild import out_of_date, parse_source

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks" / "_src").glob("*.md"))
NAMES = [src.stem for src in SOURCES]
CHAPTERS = [name for name in NAMES if name[:2].isdigit() and name[:2] != "00"]


@functools.cache
def _notebook(name, lang):
    return nbformat.read(str(ROOT / "notebooks" / lang / f"{name}.ipynb"), as_version=4)


def _markdown(name, lang):
    return "\n".join(c.source for c in _notebook(name, lang).cells if c.cell_type == "markdown")


def _code(name):
    return [c["en"] for kind, c in parse_source(ROOT / "notebooks" / "_src" / f"{name}.md") if kind == "code"]


def test_the_chapter_list_is_what_the_kit_ships():
    assert CHAPTERS[0] == "01_crm_overview" and CHAPTERS[-1] == "13_digital_crm" and len(CHAPTERS) == 13


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_built_from_the_source_and_share_their_code(name):
    assert out_of_date(ROOT / "notebooks" / "_src" / f"{name}.md") == []
    code = {lang: [c.source for c in _notebook(name, lang).cells if c.cell_type == "code"] for lang in ("en", "zh")}
    assert code["en"] == [c.replace('crm.setup("zh")', 'crm.setup("en")') for c in code["zh"]]
    for lang in ("en", "zh"):
        for cell in _notebook(name, lang).cells:
            if cell.cell_type == "code":
                assert cell.execution_count is not None
                assert all(o.output_type != "error" and o.get("name") != "stderr" for o in cell.outputs)


# The least number of headings each chapter claimed.
MIN_HEADINGS = {"06_grading": 18, "08_satisfaction": 18, "09_loyalty": 16}


SAME_OUTLINE = NAMES


@pytest.mark.parametrize("name", SAME_OUTLINE)
def test_both_languages_have_the_same_section_headings(name):
    def outline(lang):
        heads = [line.split(" ") for line in _markdown(name, lang).splitlines() if line.startswith("#")]
        return [(h[0], h[1] if h[1][:1].isdigit() else "") for h in heads]

    assert outline("en") == outline("zh")
    assert len(outline("en")) >= MIN_HEADINGS.get(name, 1)


@pytest.mark.parametrize("name", SAME_OUTLINE)
def test_both_languages_have_the_same_headings_in_the_same_cells(name):
    for kind, parts in parse_source(ROOT / "notebooks" / "_src" / f"{name}.md"):
        if kind == "markdown":
            levels = {lang: [ln.split(" ", 1)[0] for ln in parts[lang].splitlines() if ln.startswith("#")]
                      for lang in ("en", "zh")}
            assert levels["en"] == levels["zh"], parts["en"][:60]


@pytest.mark.parametrize("name", NAMES)
def test_the_first_code_cell_is_the_setup(name):
    code = _code(name)
    assert code[0].startswith("import crm_study as crm") and 'crm.setup("en")' in code[0]


@pytest.mark.parametrize("name", NAMES)
def test_code_cells_are_short(name):
    lengths = sorted(len(c.splitlines()) for c in _code(name))
    assert max(lengths) <= 6 and lengths[len(lengths) // 2] <= 6


# From chapter 08 on, plot cells show their return value; only chapters up to 07 end them with ";".
@pytest.mark.parametrize("name", [n for n in NAMES if n < "08"])
def test_plot_cells_end_with_a_semicolon(name):
    assert all(c.rstrip().endswith(";") for c in _code(name) if "plot_" in c and c.lstrip().startswith("ax ="))


def _by_language(pairs):
    return {"zh": [zh for zh, _ in pairs], "en": [en for _, en in pairs]}


# The keywords of every concept SYLLABUS.md lists for a chapter, in each language; chapters 01 and 03
# keep them as (zh, en) pairs.
CONCEPTS = {
    "01_crm_overview": _by_language([
        ("Gartner", "Gartner"), ("卡尔松", "Carlson"), ("Hurwitz", "Hurwitz"), ("接入管理", "access management"),
        ("理念", "philosophy"), ("管理机制", "mechanism"), ("铁三角", "iron triangle"), ("实施", "implementation"),
        ("管理理念的更新", "new management philosophy"), ("需求的拉动", "demand pull"), ("技术的推动", "technology push"),
        ("原动力", "prime driver"), ("拉动力", "pull force"), ("牵引力", "traction force"), ("推动力", "push force"),
        ("接触管理", "contact management"), ("呼叫中心", "call centres"), ("2000 年以后", "after 2000"),
        ("生产观念", "production concept"), ("产品观念", "product concept"), ("推销观念", "selling concept"),
        ("营销观念", "marketing concept"), ("产值中心论", "output-centred"), ("客户满意", "customer satisfaction"),
        ("4P", "4P"), ("4C", "4C"), ("4R", "4R"),
        ("理性消费", "rational consumption"), ("感性消费", "sensory consumption"), ("情感消费", "emotional consumption"),
        ("提高效率", "efficiency"), ("拓展市场", "expanding the market"), ("保留客户", "retaining customers"),
        ("更多", "more"), ("更久", "longer"), ("更深", "deeper"), ("赢返", "win back"), ("新的细分市场", "new segments"),
        ("交叉销售", "cross-selling"), ("追加销售", "up-selling"), ("购买升级", "upgrading"),
        ("建立", "build"), ("维护", "maintain"), ("恢复", "restore"), ("CRM 软件系统", "CRM software system"),
        ("Oracle", "Oracle"), ("SAP", "SAP"), ("用友", "Yonyou"), ("金蝶", "Kingdee"),
        ("只有大企业", "only large firms"), ("购买 CRM 软件", "buying CRM software"),
        ]),
    "03_customers_relationships": _by_language([
        ("狭义的客户", "narrow sense"), ("广义的客户", "broad sense"), ("内部客户", "internal customer"),
        ("外部客户", "external customers"), ("SCOPE", "SCOPE"), ("供应商", "suppliers"), ("股东", "shareholders"),
        ("合作伙伴", "partners"), ("员工", "employees"),
        ("客户与消费者的区别", "Customer vs consumer"), ("客户与顾客", "Client vs customer"),
        ("消费者", "consumers"), ("B2B", "B2B"), ("渠道客户", "channel customers"),
        ("贵宾型", "VIP"), ("重要型", "important"), ("普通型", "ordinary"),
        ("忠诚客户", "loyal customers"), ("老客户", "old customers"), ("新客户", "new customers"),
        ("潜在客户", "potential customers"),
        ("灯塔型", "lighthouse"), ("跟随型", "follower"), ("理性客户", "rational"), ("逐利客户", "profit-seeking"),
        ("客户自身因素", "customer's own factors"), ("外部影响因素", "External factors"),
        ("竞争性因素", "Competitive factors"),
        ("考察期", "exploration"), ("形成期", "formation"), ("稳定期", "stability"), ("退化期", "degeneration"),
        ("买卖关系", "buyer-seller relationship"), ("优先供应关系", "preferred-supplier"), ("合作伙伴关系", "partnership"),
        ("战略联盟", "strategic alliance"), ("认知", "awareness"), ("扩展", "expansion"), ("承诺", "commitment"), ("解体", "dissolution"),
        ("潜在获取期", "acquisition"), ("成长期", "growth"), ("成熟期", "maturity"), ("衰退期", "decline"),
        ("终止期", "termination"),
        ("浅尝辄止型", "trial-and-quit"), ("中途夭折型", "broken-off midway"), ("提前退出型", "early exit"),
        ("长久保持型", "long-lasting"),
        ("不一定在企业之外", "not necessarily outside the firm"),
        ]),
    "06_grading": {
        "zh": ["客户分级管理", "信用状况", "业务量", "发展前景", "利润贡献率", "综合加权", "客户金字塔", "关键客户",
              "大客户管理", "客户经理制", "差异化", "关怀", "动态调整", "极力挽回", "尽量挽回", "见机行事",
              "【往年判断题 4】", "【往年判断题 23】", "【往年判断题 26】", "【往年判断题 31】", "【往年判断题 34】", "RFM"],
        "en": ["customer grading management", "credit standing", "business volume", "growth prospects",
              "profit contribution", "weighted", "customer pyramid", "key customer", "key account management",
              "account-manager system", "differentiated service", "care", "dynamic", "every effort", "try hard",
              "case by case", "Past T/F 4", "Past T/F 23", "Past T/F 26", "Past T/F 31", "Past T/F 34", "RFM"],
    },
    "08_satisfaction": {
        "zh": ["客户满意", "客户满意度", "不满意", "一般满意", "高度满意", "C = b / a", "感知效果 − 期望值", "理念满意",
              "行为满意", "视听满意", "产品满意", "服务满意", "社会满意", "美誉度", "知名度", "回头率", "投诉率",
              "购买额", "对价格的敏感度", "双因素", "保健因素", "激励因素", "差距模型", "SERVQUAL", "有形性", "可靠性",
              "响应性", "保证性", "移情性", "卡诺模型", "必备质量", "期望质量", "魅力质量", "ACSI", "满意度指数",
              "把握客户的期望", "以客户为中心", "体验价值", "客户投诉", "发泄", "记录", "跟踪", "往年判断题 5", "往年判断题 25",
              "往年判断题 35", "重要性—表现", "NPS", "客户期望", "感知价值", "核心价值的需求"],
        "en": ["customer satisfaction", "satisfaction degree", "dissatisfied", "highly satisfied", "C = b / a",
              "perceived − expected", "idea satisfaction", "behaviour satisfaction", "audio-visual satisfaction",
              "product satisfaction", "service satisfaction", "social satisfaction", "reputation", "awareness",
              "return rate", "complaint rate", "purchase amount", "price sensitivity", "two-factor", "hygiene factors",
              "motivators", "gap model", "SERVQUAL", "tangibles", "reliability", "responsiveness", "assurance",
              "empathy", "Kano", "must-be", "one-dimensional", "attractive", "ACSI", "satisfaction index",
              "manage the customer's expectation", "customer at the centre", "experience value", "customer complaint",
              "vent", "record", "follow up", "T/F 5", "T/F 25", "T/F 35", "importance–performance", "Net Promoter",
              "expectation", "perceived value", "core value"],
    },
    "09_loyalty": {
        "zh": ["客户忠诚", "好感", "偏爱", "重复购买", "行为的持续性", "认知", "情感", "行为", "真正忠诚", "潜在忠诚",
              "虚假忠诚", "惰性忠诚", "垄断忠诚", "亲缘忠诚", "利益忠诚", "方便忠诚", "信赖忠诚", "转换成本", "重复购买率",
              "客户份额", "指明度", "指名度", "美誉度", "对价格的敏感程度", "对竞争品牌的态度", "购买挑选时间", "净推荐值",
              "满意是忠诚的**基础**", "竞争程度", "完全满意", "期望发生变化", "员工忠诚", "客户取向", "物有所值",
              "客户反馈", "客户价值的含义", "客户再生", "双赢", "化解客户抱怨", "降低客户成本", "影响客户忠诚的因素", "实现客户忠诚的策略", "往年判断题 2", "往年判断题 10",
              "往年判断题 11", "往年判断题 14", "往年判断题 19", "往年判断题 22"],
        "en": ["customer loyalty", "like and prefer", "again and again", "continuity of customer behaviour", "cognition",
              "emotion", "behaviour", "true loyalty", "latent loyalty", "spurious loyalty", "inertia loyalty",
              "monopoly loyalty", "kinship loyalty", "benefit loyalty", "convenience loyalty", "trust loyalty",
              "switching costs", "repeat-purchase rate", "share of wallet", "ask-for-by-name rate", "reputation",
              "sensitivity to price", "attitude towards competing brands", "time taken to choose", "NPS", "basis",
              "competition", "completely satisfied", "expectations change", "staff loyalty", "customer orientation",
              "worth the money", "customer feedback", "what customer value means", "win back", "win-win",
              "resolve complaints", "lower the customer's costs", "T/F 2", "T/F 10", "T/F 11", "T/F 14",
              "T/F 19", "T/F 22", "drives loyalty", "strategies"],
    },
}
# Chapters 01 and 03 spell their keywords with the notebook's capitals; the others match in any case.
CASE_SENSITIVE = {"01_crm_overview", "03_customers_relationships"}


@pytest.mark.parametrize("name", sorted(CONCEPTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_syllabus_concept_is_taught_in_both_languages(name, lang):
    cells = parse_source(ROOT / "notebooks" / "_src" / f"{name}.md")
    text = "\n".join(c[lang] for kind, c in cells if kind == "markdown")
    if name in CASE_SENSITIVE:
        assert [c for c in CONCEPTS[name][lang] if c not in text] == []
    else:
        assert [c for c in CONCEPTS[name][lang] if c.casefold() not in text.casefold()] == []
