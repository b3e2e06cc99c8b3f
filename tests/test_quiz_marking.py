"""Written answers are marked the way a fair marker marks them: point by point, negations and
contradictions do not score, a list without the asked-for explanation earns half, synonyms count."""
import importlib.util
from pathlib import Path

import pytest

from crm_study import i18n
from crm_study.quiz import grade, load_bank
from crm_study.quiz.bank import check_banks, synonym_table, synonyms_path
from crm_study.quiz.marking import highlight, mark_text, split_code
from crm_study.quiz.normalise import NEG, read_answer, read_phrase

ROOT = Path(__file__).resolve().parents[1]
KIT = load_bank()


@pytest.fixture(autouse=True)
def chinese():
    old = i18n.get_language()
    i18n.set_language("zh")
    yield
    i18n.set_language(old)


def _bank(tmp_path, keypoints: str, kind: str = "short_answer"):
    path = tmp_path / "b.yaml"
    path.write_text('chapter: "82"\ntitle: {zh: 测, en: T}\nitems:\n'
                    f'  - id: m82-sa-001\n    type: {kind}\n    prompt: {{zh: 客户关系的发展阶段及其特点, en: Q}}\n'
                    '    model_answer: {zh: 答, en: A}\n    keypoints:\n' + keypoints, encoding="utf-8")
    return path


STAGES = ('      - {points: 2, explain: true, any: {zh: [考察期], en: [exploration]}}\n'
          '      - {points: 2, explain: true, any: {zh: [形成期], en: [formation]}}\n')


def test_a_bare_list_earns_half_when_the_question_asks_for_features(tmp_path):
    item = load_bank(_bank(tmp_path, STAGES))["m82-sa-001"]
    assert grade(item, "考察期、形成期").score == 2
    assert grade(item, "分为考察期、形成期两个阶段。").score == 2
    assert [c.status for c in mark_text(item, "考察期、形成期")] == ["named", "named"]
    assert grade(item, "考察期：双方互相试探，不确定性大；形成期：信任加深，交易扩大。").score == 4
    assert grade(item, "双方互相试探、了解不足的是考察期。形成期。").score == 3  # explained before the name
    assert grade(item, "考察期：双方互相试探；形成期不是信任加深的阶段。").score == 2  # a false statement of it
    assert grade(item, "考察期：双方互相试探；形成期不是试探，而是信任加深的阶段。").score == 4  # what follows the turn


LISTED = ('      - {points: 2, explain: {zh: [试探, 不确定], en: [testing]}, any: {zh: [考察期], en: [exploration]}}\n'
          '      - {points: 2, explain: {zh: [信任加深], en: [trust grows]}, any: {zh: [形成期], en: [formation]}}\n')


@pytest.mark.parametrize("answer, score", [
    ("考察期。他们还在互相试探。形成期。", 3),                 # the next sentence refers back with a listed explanation
    ("考察期。这类阶段的双方还不确定对方是否可靠。形成期。", 3),
    ("Exploration. They are still testing each other. Formation.", 3),
    ("考察期。形成期：信任加深。", 3),                         # the next sentence names another point
    ("考察期。他们对企业很热情，会主动推荐。形成期。", 2),       # refers back, but with no listed explanation
    ("考察期。这些都是书上的内容，考试常考。形成期。", 2),
    ("考察期。企业在这时互相试探。形成期。", 2),               # no back-reference
    ("考察期。他们不试探。形成期。", 2),                       # the listed explanation under a negation
])
def test_a_next_sentence_that_refers_back_to_the_point_explains_it(tmp_path, answer, score):
    item = load_bank(_bank(tmp_path, LISTED))["m82-sa-001"]
    assert grade(item, answer).score == score


def test_without_listed_explanations_a_next_sentence_does_not_explain(tmp_path):
    """Any words would do then: a remark about the exam as well as a description of another point."""
    item = load_bank(_bank(tmp_path, STAGES))["m82-sa-001"]
    assert grade(item, "考察期。他们还在互相试探。形成期。").score == 2
    assert grade(item, "考察期。这些都是书上第九章的内容，考试常考。形成期。").score == 2


def test_the_words_of_a_labels_name_are_names_not_an_explanation():
    """"成本领先和规模优势" names the point twice; its label is "成本领先优势和规模优势：……"."""
    item = KIT["ch01-sa-007"]
    assert [c.status for c in mark_text(item, "1.成本领先和规模优势 2.市场价值和品牌优势 3.信息价值 4.网络化价值")] == ["named"] * 4
    assert mark_text(item, "成本领先和规模优势：客户多了，固定成本分摊到更多客户身上。")[0].status == "met"
    assert grade(item, "成本领先和规模优势；市场价值和品牌优势；信息价值；网络化价值。").score == 4  # either name first
    assert grade(KIT["ch09-sa-001"], "利益忠诚：为了优惠。").score == 1    # a name, then a phrase that describes it
    i18n.set_language("en")
    assert mark_text(item, "1. Cost leadership and scale 2. Information value")[0].status == "named"
    assert grade(item, "Cost leadership and scale; market value and brand; information value; network value.").score == 4
    # a numbered list of names joined by "and" is a list, not a heap of loose words
    assert "stuffed" not in [c.status for c in mark_text(item, "1. Cost leadership and scale 2. Market value and brand")]


def test_named_share_sets_the_credit_for_a_point_named_but_not_explained(tmp_path):
    item = load_bank(_bank(tmp_path, '      - {points: 4, explain: true, named_share: 0.25, any: {zh: [考察期], en: [exploration]}}\n'))
    assert grade(item["m82-sa-001"], "考察期").score == 1


@pytest.mark.parametrize("answer", ["不是考察期", "没有考察期", "并非考察期", "无考察期", "未到考察期",
                                    "客户关系没有阶段之分，不存在考察期、形成期", "和考察期、形成期都没有关系",
                                    "考察期、形成期都不是客户关系的阶段"])
def test_a_phrase_under_a_negation_in_its_clause_does_not_count(tmp_path, answer):
    item = load_bank(_bank(tmp_path, STAGES))["m82-sa-001"]
    assert grade(item, answer).score == 0
    assert mark_text(item, answer)[0].status == "negated"


@pytest.mark.parametrize("answer", ["is not customer-centric", "isn't customer-centric", "without a customer-centred view",
                                    "never customer centred", "no customer focus", "does not put the customer first",
                                    "product-centred rather than customer-centred", "instead of a customer focus",
                                    "has little to do with being customer-centred", "being customer-centred is not part of it",
                                    "being customer-centred plays no role", "customer-centred thinking and profit are unrelated",
                                    "being customer-centred is not really essential",
                                    "there is no need to make every department of the firm customer-centred",
                                    "being customer-centred does not need to be considered", "customer-centred thinking means nothing",
                                    "being customer-centred is a waste of money", "customer-centred is not what CRM is about"])
def test_english_negations_do_not_count(tmp_path, answer):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [以客户为中心], en: [customer-centred]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == 0


@pytest.mark.parametrize("answer", ["企业不需要在每一个部门每一个环节都以客户为中心", "也不必让每个部门都以客户为中心",
                                    "以客户为中心没有意义", "以客户为中心是浪费", "以客户为中心不是 CRM 的内容"])
def test_no_need_and_pointless_deny_the_point_in_chinese(tmp_path, answer):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [以客户为中心], en: [customer-centred]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == 0


@pytest.mark.parametrize("answer", ["customer-centred rather than product-centred", "customer-centred, without a big budget",
                                    "以客户为中心，而不是以产品为中心", "以客户为中心不是口号，而是行动"])
def test_a_point_followed_by_what_it_is_not_still_counts(tmp_path, answer):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [以客户为中心], en: [customer-centred]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == 2


@pytest.mark.parametrize("answer, score", [
    ("不断了解客户需求", 2),            # 不断 is a word, not a negation
    ("不仅以客户为中心，还要赚钱", 2),   # not only
    ("非常重视以客户为中心", 2),        # 非常 = very
    ("未来要以客户为中心", 2),          # 未来 = future
    ("无论如何要以客户为中心", 2),      # 无论 = whatever
    ("不是软件，而是以客户为中心的理念", 2),  # 而是 ends the negation
    ("not only customer-centred but profitable", 2),
    ("CRM 离不开以客户为中心的理念", 2),   # a double negation is a need
    ("以客户为中心和技术缺一不可", 2),
    ("以客户为中心必不可少", 2),
    ("企业不得不以客户为中心", 2),
    ("不惜一切以客户为中心", 2),           # 不惜 = spare no effort
    ("差不多都以客户为中心", 2),           # 差不多 = almost
])
def test_words_that_merely_contain_a_negation_character_are_not_negations(tmp_path, answer, score):
    # Why no word segmenter (jieba) is needed: in every Chinese compound where 不/非/未/无/没 does not
    # negate, the character comes first (不断, 非常, 未来, 无论 …), so a short list of such compounds
    # is enough; and the phrase itself is never cut apart (满意 in 不满意 is caught as negated).
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [以客户为中心, 客户需求], en: [customer-centred]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == score


def test_satisfied_inside_not_satisfied_does_not_count(tmp_path):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [满意], en: [satisfied]}}\n'))["m82-sa-001"]
    assert grade(item, "客户不满意").score == 0 and grade(item, "客户很满意").score == 2
    assert grade(item, "customers are dissatisfied").score == 0 and grade(item, "customers are satisfied").score == 2
    # a negation covers the words right after it, not a whole long sentence
    assert grade(item, "对不值得挽留的客户也要设法让他们满意").score == 2


def test_not_wrong_is_not_wrong_and_both_judgements_earn_nothing():
    item = KIT["ch03-sa-001"]
    verdict = lambda answer: mark_text(item, answer)[0]  # noqa: E731
    assert verdict("错误。").status == "met"
    assert verdict("正确，没有错。").status == "negated"
    assert verdict("这种说法不正确").status == "met"
    assert verdict("说法正确也错误").status == "contradicted"
    assert grade(item, "正确，没有错。").score == 0
    assert grade(item, "不是管理理念，也不是管理机制，也不是管理软件，也不是最重要的资源").score == 0


def test_a_wrong_stage_for_the_same_slot_earns_nothing():
    item = KIT["ch03-sa-003"]
    right = mark_text(item, "浅尝辄止型发生在考察期。")[0]
    both = mark_text(item, "浅尝辄止型发生在考察期或稳定期。")[0]
    wrong = mark_text(item, "浅尝辄止型发生在稳定期。")[0]
    assert (right.status, both.status, wrong.status) == ("met", "contradicted", "contradicted")


def test_the_term_being_defined_does_not_count_as_an_answer():
    assert grade(KIT["ch01-term-001"], "客户关系管理").score == 0
    assert grade(KIT["ch06-term-001"], "客户分级管理就是客户分级管理。").score == 0


def test_synonym_table_widens_every_bank_in_both_languages():
    table = synonym_table()
    assert read_phrase("以顾客为中心", table) == read_phrase("以客户为中心", table)
    assert read_phrase("customer-centric", table) == read_phrase("customer centred", table)
    assert read_phrase("预期", table) == read_phrase("期望", table)
    assert read_phrase("维系", table) == read_phrase("保持", table) == read_phrase("留住", table)
    assert read_phrase("net present value", table) != read_phrase("profit", table)
    assert read_phrase("消费者", table) != read_phrase("客户", table)    # chapter 03 tells them apart
    # the course's own definition of CRM and Gartner's both score now
    assert grade(KIT["ch01-term-001"], "客户关系管理是一个不断加强与顾客交流，不断了解顾客需求，并不断对产品及服务"
                                       "进行改进和提高以满足顾客需求的连续的过程。").score >= 4
    assert grade(KIT["ch01-term-001"], "CRM is a customer-centric business strategy, supported by technology, "
                                       "that builds profitable long-term relationships.").score >= 5


def test_synonym_table_is_checked_by_crm_study_check(tmp_path):
    n, problems = check_banks(ROOT / "quizzes")
    assert n > 0 and problems == []
    (tmp_path / "ch99.yaml").write_text((ROOT / "tests" / "fixtures" / "quiz" / "good" / "ch90_sample.yaml").read_text(
        encoding="utf-8"), encoding="utf-8")
    (tmp_path / "synonyms.yaml").write_text("words:\n  - [客户]\n  - [客户, 顾客]\n  - [顾客, 用户]\n", encoding="utf-8")
    n, problems = check_banks(tmp_path)
    text = "\n".join(problems)
    assert "words[0]" in text and "'顾客'" in text and "synonyms.yaml" in text


def test_keypoint_schema_errors_name_the_field(tmp_path):
    bad = ('      - {points: 2, explain: maybe, any: {zh: [甲], en: [a]}}\n'
           '      - {points: 2, named_share: 0.5, any: {zh: [乙], en: [b]}}\n'
           '      - {points: 2, not_with: {zh: []}, any: {zh: [丙], en: [c]}, colour: red}\n')
    n, problems = check_banks(_bank(tmp_path, bad))
    text = "\n".join(problems)
    assert "keypoints[0].explain" in text and "keypoints[1].named_share" in text
    assert "keypoints[2].not_with" in text and "colour" in text


def test_short_english_phrases_that_match_inside_other_words_are_refused(tmp_path):
    bad = '      - {points: 2, any: {zh: [客户], en: [sum, VIP, does not pay, net value]}}\n'
    n, problems = check_banks(_bank(tmp_path, bad))
    assert len(problems) == 1 and "'sum'" in problems[0] and "consumer" in problems[0]


def test_every_written_item_of_the_kit_gives_its_model_answer_full_marks_in_both_languages():
    for lang in ("zh", "en"):
        i18n.set_language(lang)
        short = [p.id for it in KIT for p in (it, *it.parts) if p.type in ("term", "short_answer")
                 and not grade(p, p.model_answer[lang]).correct]
        assert short == [], lang


def test_highlight_finds_the_counted_words_in_the_students_own_text():
    answer = "客户关系管理是企业通过采用信息技术，以顾客为中心，提高客户满意度。"
    pieces = highlight(answer, grade(KIT["ch01-term-001"], answer).checklist)
    assert "".join(t for t, _ in pieces) == answer
    assert {t for t, on in pieces if on} >= {"以顾客为中心", "满意"}


def test_code_in_an_explanation_is_split_from_the_prose():
    prose, code = split_code("合计 292.60 元。可用 crm.clv.clv_table(200, 0.7) 复算。常见错误：忘了乘保持率。")
    assert prose == "合计 292.60 元。常见错误：忘了乘保持率。" and code.startswith("可用 crm.clv.clv_table")


def test_reading_marks_negations_and_sentences():
    reading = read_answer("正确，没有错。客户不满意")
    assert len(reading.sentences) == 2 and NEG in reading.sentences[0] and NEG in reading.sentences[1]


def _calibration():
    spec = importlib.util.spec_from_file_location("bench_marking", ROOT / "benchmarks" / "bench_marking.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_calibration_set_agrees_with_a_fair_marker(capsys):
    bench = _calibration()
    df = bench.marks()
    table = bench.agreement(df)
    with capsys.disabled():
        print("\n" + table.to_string())
    assert len(df) >= 150 and df["item"].nunique() >= 25
    assert {it.split("-")[0] for it in df["item"]} == {f"ch{n:02d}" for n in range(1, 13)}
    assert set(df["kind"]) == set(bench.KINDS)
    assert table.loc["all", "mean_abs_diff"] <= 0.10
    assert table.loc["all", "within_12_5"] >= 0.85
    assert table.loc["bare_list", "kit"] <= 0.50
    assert table.loc["negated", "kit"] <= 0.15
    assert table.loc["stuffed", "kit"] <= 0.15
    assert table.loc["textbook", "kit"] >= 0.80
    assert table.loc["paraphrase", "kit"] >= 0.60


def test_held_out_answers_written_blind_agree_within_their_bars(capsys):
    """The held-out set (468 answers to 61 items, marked by three markers who never saw the keypoints):
    a harder test than the calibration set, since its paraphrases avoid the textbook's words. The bars
    hold what the marker reaches there, so that a change that loses it fails."""
    bench = _calibration()
    df = bench.marks(ROOT / "tests" / "fixtures" / "marking_holdout.yaml")
    table = bench.agreement(df)
    with capsys.disabled():
        print("\n" + table.to_string())
    assert len(df) >= 400 and {it.split("-")[0] for it in df["item"]} == {f"ch{n:02d}" for n in range(1, 14)}
    assert table.loc["all", "mean_abs_diff"] <= 0.14 and table.loc["all", "within_12_5"] >= 0.62
    assert table.loc["paraphrase", "kit"] >= 0.70
    assert table.loc["bare_list", "kit"] <= 0.55
    assert table.loc["negated", "kit"] <= 0.15 and table.loc["stuffed", "kit"] <= 0.10


@pytest.mark.parametrize("name, mean_abs_diff, within, negated", [
    ("marking_holdout_2.yaml", 0.19, 0.53, 0.36),
    ("marking_holdout_3.yaml", 0.19, 0.46, 0.42),
    ("marking_holdout_4.yaml", 0.12, 0.69, 0.12),
])
def test_later_held_out_sets_keep_the_agreement_they_reached(name, mean_abs_diff, within, negated):
    """Sets written blind later (see each file's header): their markers differ from the calibration set's in how
    they mark keyword notes and wrong statements, so the bars are what the kit reached on them, to catch a loss."""
    bench = _calibration()
    df = bench.marks(ROOT / "tests" / "fixtures" / name)
    table = bench.agreement(df)
    assert len(df) >= 320
    assert table.loc["all", "mean_abs_diff"] <= mean_abs_diff and table.loc["all", "within_12_5"] >= within
    assert table.loc["negated", "kit"] <= negated and table.loc["stuffed", "kit"] <= 0.5


@pytest.mark.parametrize("answer", [
    "识别 识别客户 客户档案 区分 差异化 分类 细分 互动 交流 沟通 定制 个性化 一对一",
    "识别、客户档案、区分、差异化、分类、细分、互动、交流、沟通、定制、个性化、一对一",
    "identify, identification, recognise, differentiate, segment, rank, interact, dialogue, communicate, customise, tailor",
])
def test_a_heap_of_keywords_earns_nothing_and_says_why(answer):
    item = KIT["ch02-sa-002"]                                     # IDIC: four points to explain
    result = grade(item, answer)
    assert result.score == 0 and {c.status for c in result.checklist} == {"stuffed"}
    assert "堆砌关键词" in result.feedback


def test_a_bracket_after_a_name_is_part_of_it_not_more_keywords():
    """A bare list whose last name carries its parts in brackets is a list (named share), not a heap."""
    result = grade(KIT["ch01-sa-001"], "1. 管理理念 2. 管理机制 3. 管理软件和技术 4. 铁三角（理念、技术、实施）")
    assert "stuffed" not in {c.status for c in result.checklist} and 0 < result.score <= 5


@pytest.mark.parametrize("item_id, lang, answer", [
    ("ch08-sa-002", "zh", "C = b / a；C = 感知 − 期望；小于1为不满意；等于1为一般满意；大于1为高度满意。"),
    ("ch12-term-052", "en", "next-step users ÷ previous-step users, e.g. cart ÷ product page"),
    ("ch04-sa-003", "en", "Delivered value = total value − total cost. Total value = product + service + personnel + image value. "
                          "Total cost = money + time + energy + physical cost."),
])
def test_an_answer_in_formulas_is_a_statement_not_a_heap(item_id, lang, answer):
    i18n.set_language(lang)
    result = grade(KIT[item_id], answer)
    assert "stuffed" not in {c.status for c in result.checklist} and result.score >= KIT[item_id].points / 2


def test_a_formula_inside_a_heap_of_keywords_does_not_save_it():
    result = grade(KIT["ch08-term-002"], "满意度 度量 C=b/a 感知 期望 差值 比值 不满意 一般满意 高度满意 <1 =1 >1")
    assert result.score == 0


def test_negations_inside_a_loose_english_heap_are_part_of_its_keywords():
    i18n.set_language("en")
    heap = ("monopoly no choice kinship family benefit discounts inertia habit convenience nearby trust satisfied "
            "latent cannot afford")
    assert grade(KIT["ch09-sa-001"], heap).score == 0


def test_every_synonym_of_every_point_strung_together_earns_nothing():
    item = KIT["ch01-sa-001"]
    listed = grade(item, "管理理念、管理机制、管理软件、重要资源")    # the four names: a list, not a heap
    assert listed.score > item.points / 2 and "stuffed" not in {c.status for c in listed.checklist}
    assert grade(item, " ".join(w for kp in item.keypoints for w in kp.any["zh"])).score == 0


@pytest.mark.parametrize("answer", [
    "垄断忠诚、亲缘忠诚、利益忠诚、惰性忠诚、方便忠诚、信赖忠诚、潜在忠诚。",          # a bare list: the named share
    "利益忠诚：优惠；惰性忠诚：习惯；信赖忠诚：信任。",                            # a terse list: name and a word each
    "垄断忠诚，没得选；亲缘忠诚，因为亲友；利益忠诚，图优惠；惰性忠诚，习惯了。",
])
def test_a_list_of_the_points_is_not_a_heap_of_keywords(answer):
    assert "stuffed" not in {c.status for c in grade(KIT["ch09-sa-001"], answer).checklist}
    assert grade(KIT["ch09-sa-001"], answer).score > 0


@pytest.mark.parametrize("language", ["zh", "en"])
def test_keyword_dumps_of_the_whole_kit_score_next_to_nothing(language):
    """Every written item, answered with all its points' phrases strung together (spaces, 、 or commas):
    on average at most 5 % of the points (a few items keep one point whose phrases are all plain names)."""
    i18n.set_language(language)
    comma = ", " if language == "en" else "，"
    shares = [grade(item, sep.join(w for kp in item.keypoints for w in kp.any[language])).score / item.points
              for item in KIT if item.type in ("term", "short_answer") for sep in (" ", "、", comma)]
    assert len(shares) > 400 and sum(shares) / len(shares) <= 0.05


@pytest.mark.parametrize("answer", [
    "双向沟通；合作；双赢；亲密；控制；互动；共赢；情感；反馈",                   # semicolons
    "1.双向沟通 2.合作 3.双赢 4.亲密 5.控制 6.互动 7.共赢 8.情感 9.反馈",         # numbered
    "- 双向沟通\n- 合作\n- 双赢\n- 亲密\n- 控制\n- 互动\n- 共赢\n- 情感\n- 反馈",  # bullets
    "特征包括：双向沟通、合作、双赢、亲密、控制、互动、协作、共赢、情感、反馈",       # a lead-in
])
def test_a_heap_is_a_heap_whatever_separates_its_keywords(answer):
    result = grade(KIT["ch02-sa-001"], answer)
    assert result.score == 0 and "stuffed" in {c.status for c in result.checklist}


def test_a_heap_in_english_words_with_no_marks_earns_nothing():
    i18n.set_language("en")
    result = grade(KIT["ch08-sa-007"], "satisfaction loyalty feeling behaviour repeat purchase competitor lower price "
                                       "switching cost profit customer value NPS")
    assert result.score == 0


@pytest.mark.parametrize("item_id, answer", [
    ("ch09-sa-001", "利益忠诚：优惠；惰性忠诚：习惯；信赖忠诚：信任。"),                          # name：word；
    ("ch05-sa-001", "优质客户的标准：购买欲望强、购买力大、对价格不敏感、付款及时、信誉好、服务成本低、"
                    "经营风险小、发展前景好、愿意长期合作。"),                                     # a list of statements
    ("ch03-sa-003", "浅尝辄止型、中途夭折型、提前退出型和长久保持型都可能发生在考察期、形成期。"),  # one sentence
])
def test_terse_answers_and_lists_of_statements_are_not_heaps(item_id, answer):
    assert "stuffed" not in {c.status for c in grade(KIT[item_id], answer).checklist}


def test_a_negated_word_that_is_its_own_list_item_does_not_deny_the_rest(tmp_path):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [付款及时], en: [pays on time]}}\n'
                                     '      - {points: 2, any: {zh: [购买量下降], en: [buys less]}}\n'))["m82-sa-001"]
    assert grade(item, "对价格不敏感、付款及时").score == 2                # 不 denies 敏感 only
    assert grade(item, "很久没买、购买量下降").score == 2                  # 没 denies 买 only
    assert grade(item, "不存在付款及时、购买量下降的情况").score == 0       # a denied verb takes the whole list


def test_not_before_an_english_list_denies_every_item():
    i18n.set_language("en")
    result = grade(KIT["ch02-sa-001"], "The features of relationship marketing are not two-way communication, "
                                       "cooperation, win-win, intimacy and control.")
    assert result.score == 0 and {c.status for c in result.checklist} == {"negated"}


@pytest.mark.parametrize("said, tail", [
    ("客户忠诚是指客户出于对企业产品的偏爱而长期重复购买。", "要点：信任、满意、重复购买、推荐、转换成本、情感、行为、态度"),
    ("Customer loyalty is a customer's preference for one company, shown by buying from it again and again over a long time. ",
     "Keywords: trust, satisfaction, repeat purchase, referral, switching cost, emotion, behaviour, attitude"),
])
def test_a_heap_after_a_sentence_earns_nothing_and_takes_nothing_from_the_sentence(said, tail):
    item = KIT["ch09-term-001"]
    alone, both = grade(item, said), grade(item, said + tail)
    assert alone.score > 0 and both.score == alone.score
    heap = grade(item, tail)                            # the same heap alone earns nothing
    assert heap.score == 0 and "stuffed" in {c.status for c in heap.checklist}


def test_terse_sentences_beside_a_statement_are_not_a_heap():
    item = KIT["ch11-sa-007"]
    answer = ("CRM实施成功的关键因素有：高层领导的支持；专注于业务流程，以客户为中心重新设计流程；"
              "分步实施，先试点再推广；重视人的因素，加强员工培训；做好系统整合，保证数据质量。")
    assert "stuffed" not in {c.status for c in grade(item, answer).checklist}


@pytest.mark.parametrize("answer, score", [
    ("客户份额不是指客户在同类产品上的全部花费中花在本企业的比例", 0),   # 不是 denies its whole clause
    ("购买间隔变长、消费下降也都是正常波动，与流失无关", 0),             # the next clause denies this one
    ("消费下降和流失没什么关系", 0),
    ("买的时候会不会点名要这个牌子", 2),                              # A-not-A is a question, not a negation
    ("他不怎么在乎消费下降", 0),                                      # 不怎么 is 不
])
def test_how_far_a_chinese_negation_reaches(tmp_path, answer, score):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [比例, 消费下降, 点名], en: [share]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == score


@pytest.mark.parametrize("answer, score", [
    ("Cross-selling is not about selling different products to existing customers.", 0),  # the whole predicate
    ("Added value has no effect on satisfaction.", 0),
    ("It isn't only about existing customers and added value.", 2),
])
def test_how_far_an_english_negation_reaches(tmp_path, answer, score):
    i18n.set_language("en")
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [现有客户], en: [existing customers, added value]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == score


@pytest.mark.parametrize("item_id, answer", [
    ("ch01-term-002", "要点：交叉销售 CRM 现有客户 多种需求 不同产品 服务 客户份额 更深 银行 信用卡 保险"),  # a label, spaces
    ("ch06-term-002", "频率高、量大、利润率高、VIP、主要客户、5%、客户经理、业绩、资源"),                  # a term is a sentence
    ("ch02-term-002", "IDIC identify differentiate interact customise share of customer dialogue customisation long-term win-win"),
])
def test_heaps_with_labels_spaces_and_short_statements_earn_nothing(item_id, answer):
    assert grade(KIT[item_id], answer).score == 0


@pytest.mark.parametrize("item_id, answer", [
    ("ch04-term-002", "产品价值、服务价值、人员价值、形象价值；货币成本、时间成本、精神成本、体力成本。"),  # groups
    ("ch07-sa-004", "ACD把来电分配给座席。呼叫管理系统：统计话务量、监控服务水平、生成报表、支持排班。"),  # name: list
])
def test_structured_lists_are_not_heaps(item_id, answer):
    assert "stuffed" not in {c.status for c in grade(KIT[item_id], answer).checklist}


def test_an_english_phrase_matches_whole_words_not_the_inside_of_longer_ones(tmp_path):
    i18n.set_language("en")
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [竞争对手], en: [rival, customis]}}\n'))["m82-sa-001"]
    assert grade(item, "Service on arrival matters.").score == 0          # not "rival" inside "arrival"
    assert grade(item, "A rival firm.").score == 2
    assert grade(item, "They customised the offer.").score == 2           # a stem still matches its word's forms
    assert grade(item, "用CRM把竞争对手的客户抢过来").score == 2


@pytest.mark.parametrize("answer", ["组织之间的关系对大客户也不重要。", "高层拜访没有必要。", "Guest carts and privacy notices do not help."])
def test_a_predicate_that_ends_its_clause_and_denies_it_denies_the_subject(tmp_path, answer):
    item = load_bank(_bank(tmp_path, '      - {points: 2, any: {zh: [组织之间, 高层拜访], en: [guest cart]}}\n'))
    assert grade(item["m82-sa-001"], answer).score == 0


@pytest.mark.parametrize("answer", ["这种说法是错误的。客户还包括中间商。", "这种说法错误，正确的理解是客户范围很广。",
                                    "The statement is false: customers also include dealers."])
def test_the_verdict_false_counts_however_it_is_worded(answer):
    assert mark_text(KIT["ch03-sa-001"], answer)[0].status == "met"
