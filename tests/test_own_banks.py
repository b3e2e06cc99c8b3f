"""Instructors' own banks: one-language banks, several folders combined, blueprints beside banks,
numeric precision, the needs_computer flag, and the 错题本 following every bank a student used."""
import shutil
from pathlib import Path

import pytest

from crm_study.errors import InputTypeError
from crm_study.i18n import set_language
from crm_study.quiz import ProgressStore, QuizFormatError, banks_dir, grade, load_bank, review, show
from crm_study.quiz.bank import item_decimals, numeric_tolerance, requires_computer

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"

ZH_ONLY = """\
chapter: "13"
title: 我的题库
languages: [zh]
items:
  - id: my-tf-001
    type: true_false
    prompt: 客户满意不等于客户忠诚。
    answer: true
    explanation: 满意是态度，忠诚还要看重复购买行为。
  - id: my-sa-001
    type: short_answer
    prompt: 简述客户忠诚的两种类型。
    keypoints:
      - {points: 2, any: [态度忠诚, 情感忠诚]}
      - {points: 2, any: [行为忠诚, 重复购买]}
    model_answer: 态度忠诚与行为忠诚。
  - id: my-num-001
    type: numeric
    prompt: 每期利润 320 元，保留率 0.5，折现率 0.1，求 CLV（元，保留两位小数）。
    answer: 266.67
    unit: 元
    explanation: 320×0.5÷0.6。
"""


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def mine(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ch13_mine.yaml").write_text(ZH_ONLY, encoding="utf-8")
    return folder


def test_a_one_language_bank_loads_and_the_other_language_is_marked(mine):
    bank = load_bank(mine)
    tf = bank["my-tf-001"]
    assert tf.prompt == {"zh": "客户满意不等于客户忠诚。", "en": "(中文) 客户满意不等于客户忠诚。"}
    kp = bank["my-sa-001"].keypoints[0]
    assert kp.any == {"zh": ("态度忠诚", "情感忠诚"), "en": ("态度忠诚", "情感忠诚")}
    assert grade(bank["my-sa-001"], "态度忠诚和重复购买").score == 4       # marked in English mode too


def test_an_undeclared_one_language_text_names_the_fix(tmp_path):
    path = tmp_path / "ch13_x.yaml"
    path.write_text(ZH_ONLY.replace("languages: [zh]\n", ""), encoding="utf-8")
    msg = str(pytest.raises(QuizFormatError, load_bank, path).value)
    assert "'prompt' must be a mapping {zh: …, en: …}, got '客户满意不等于客户忠诚。'" in msg and "languages: [zh]" in msg
    path.write_text(ZH_ONLY.replace("languages: [zh]", "languages: [fr]"), encoding="utf-8")
    assert "'languages' must be [zh], [en] or [zh, en]" in str(pytest.raises(QuizFormatError, load_bank, path).value)


def test_an_english_only_bank_falls_back_the_other_way(tmp_path):
    path = tmp_path / "ch14_en.yaml"
    path.write_text('chapter: "14"\ntitle: Mine\nlanguages: [en]\nitems:\n'
                    '  - {id: en-tf-001, type: true_false, prompt: "Loyalty is more than satisfaction.", answer: true, '
                    'explanation: "Behaviour counts."}\n', encoding="utf-8")
    assert load_bank(path)["en-tf-001"].prompt["zh"] == "（English）Loyalty is more than satisfaction."


def test_several_folders_combine_and_a_blueprint_beside_the_banks_is_skipped(mine):
    shutil.copy(Path(__file__).parents[1] / "quizzes" / "blueprints" / "layout_b.yaml", mine)
    both = load_bank([banks_dir(), mine])
    assert len(both) == len(load_bank()) + 3 and "my-tf-001" in both and "ch04-tf-001" in both
    assert len(load_bank([mine, mine / "ch13_mine.yaml"])) == 3          # the same file twice counts once
    with pytest.raises(InputTypeError, match="pass a bank file or folder, or a list of them"):
        load_bank([])


def test_ids_must_stay_unique_across_combined_folders(mine, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "ch13_copy.yaml").write_text(ZH_ONLY, encoding="utf-8")
    assert "the id is already used in" in str(pytest.raises(QuizFormatError, load_bank, [mine, other]).value)


def _numeric_bank(tmp_path, *items: str) -> Path:
    path = tmp_path / "ch15_n.yaml"
    path.write_text('chapter: "15"\ntitle: {zh: 数, en: Numbers}\nitems:\n'
                    + "".join(f"  - {{id: n-{k}, type: numeric, {it}, explanation: {{zh: 解, en: why}}}}\n"
                              for k, it in enumerate(items, 1)), encoding="utf-8")
    return path


def _problems(path) -> str:
    return str(pytest.raises(QuizFormatError, load_bank, path).value)


def test_precision_comes_from_decimals_or_the_prompt_and_sets_the_tolerance(mine, tmp_path):
    item = load_bank(mine)["my-num-001"]
    assert item_decimals(item) == 2 and numeric_tolerance(item) == 0.005
    assert grade(item, "266.67").correct and grade(item, "266.674").correct
    assert grade(item, "266").score == 0 and grade(item, "266.7").score == 0    # 保留两位小数 means two decimals
    path = _numeric_bank(tmp_path,
                         'prompt: {zh: 比率（保留一位小数）, en: "Ratio, to one decimal place"}, answer: 2.5',
                         'prompt: {zh: 人数（保留整数）, en: Customers (whole number)}, answer: 786, decimals: 0',
                         'prompt: {zh: 金额, en: Amount}, answer: 1000',
                         'prompt: {zh: 金额, en: Amount}, answer: 1000, tolerance: 0.1',
                         'prompt: {zh: 精确到小数点后三位, en: to 3 d.p.}, answer: 0.125, decimals: 3')
    bank = load_bank(path)
    assert [item_decimals(bank[f"n-{k}"]) for k in range(1, 6)] == [1, 0, None, None, 3]
    assert [numeric_tolerance(bank[f"n-{k}"]) for k in range(1, 6)] == [0.05, 0.5, 5.0, 0.1, 0.0005]
    path.write_text(path.read_text(encoding="utf-8").replace("decimals: 0", "decimals: two"), encoding="utf-8")
    assert "'decimals' must be a whole number 0 … 6" in _problems(path)


def test_a_tolerance_wider_than_the_stated_precision_needs_a_reason(tmp_path):
    wide = 'prompt: {zh: 份额（保留两位小数）, en: Share (two decimals)}, answer: 26.22, tolerance: 0.04'
    message = _problems(_numeric_bank(tmp_path, wide))
    assert "ch15_n.yaml: item n-1: 'tolerance' ±0.04 is wider than a precision of 2 decimals allows (±0.005)" in message
    assert "tolerance_reason" in message
    reason = "tolerance_reason: {zh: 跨界规则得 26.25%，同样算对, en: 'the crossing rule gives 26.25%, also accepted'}"
    item = load_bank(_numeric_bank(tmp_path, f"{wide}, {reason}"))["n-1"]
    assert numeric_tolerance(item) == 0.04 and grade(item, "26.25").correct and not grade(item, "26.27").correct
    assert item.tolerance_reason["zh"] == "跨界规则得 26.25%，同样算对"
    narrow = 'prompt: {zh: 份额（保留两位小数）, en: Share (two decimals)}, answer: 26.22, tolerance: 0.005'
    assert "but ±0.005 is not; drop the reason" in _problems(_numeric_bank(tmp_path, f"{narrow}, {reason}"))
    alone = 'prompt: {zh: 份额（保留两位小数）, en: Share (two decimals)}, answer: 26.22'
    assert "add the tolerance or drop the reason" in _problems(_numeric_bank(tmp_path, f"{alone}, {reason}"))
    assert "'tolerance_reason' lacks the en text" in _problems(_numeric_bank(tmp_path, f"{wide}, tolerance_reason: {{zh: 理由}}"))


def test_the_prompt_and_decimals_must_agree_on_the_precision(tmp_path):
    path = _numeric_bank(tmp_path,
                         'prompt: {zh: CLV（保留两位小数）, en: CLV}, answer: 266.67',
                         'prompt: {zh: CLV（保留两位小数）, en: CLV (one decimal)}, answer: 266.67',
                         'prompt: {zh: CLV, en: CLV}, answer: 266.67, decimals: 2',
                         'prompt: {zh: CLV（保留两位小数）, en: CLV (two decimals)}, answer: 266.7, decimals: 1')
    message = _problems(path)
    assert "item n-1: the prompt asks for 2 decimals in Chinese but no precision in English" in message
    assert "item n-2: the prompt asks for 2 decimals in Chinese but 1 decimal in English" in message
    assert "item n-3: 'decimals: 2' but the prompt states no precision; write the precision in the prompt" in message
    assert "item n-4: 'decimals: 1' but the prompt states 2 decimals" in message
    set_language("zh")
    assert "题目 n-3: 写了 'decimals: 2'，但题干的精度为“未写明精度”" in _problems(path)


def test_a_one_language_bank_states_its_precision_once(tmp_path):
    path = tmp_path / "ch15_zh.yaml"
    path.write_text('chapter: "15"\ntitle: 数\nlanguages: [zh]\nitems:\n'
                    '  - {id: z-1, type: numeric, prompt: CLV（保留两位小数）, answer: 266.67, decimals: 2, explanation: 解}\n',
                    encoding="utf-8")
    assert numeric_tolerance(load_bank(path)["z-1"]) == 0.005


def test_dataset_cases_and_items_marked_needs_computer_stay_off_paper(tmp_path):
    kit = load_bank()
    assert requires_computer(kit["ch04-case-001"]) and not requires_computer(kit["ch04-case-002"])
    path = tmp_path / "ch16_c.yaml"
    path.write_text('chapter: "16"\ntitle: {zh: 机, en: Computer}\nitems:\n'
                    '  - {id: c-1, type: true_false, prompt: {zh: 题, en: Q}, answer: true, needs_computer: true, '
                    'explanation: {zh: 解, en: why}}\n'
                    '  - {id: c-2, type: true_false, prompt: {zh: 题, en: Q}, answer: true, needs_computer: maybe, '
                    'explanation: {zh: 解, en: why}}\n', encoding="utf-8")
    assert "'needs_computer' must be true or false" in str(pytest.raises(QuizFormatError, load_bank, path).value)
    path.write_text(path.read_text(encoding="utf-8").replace("needs_computer: maybe, ", ""), encoding="utf-8")
    bank = load_bank(path)
    assert requires_computer(bank["c-1"]) and not requires_computer(bank["c-2"])


def test_the_review_list_follows_every_bank_the_student_answered_from(mine, tmp_path):
    store = ProgressStore(tmp_path / "progress.sqlite")
    quiz = show(load_bank(mine), store=store)
    card = next(c for c in quiz.cards if c.item.id == "my-tf-001")
    card.input.value = False
    card.check.click()
    assert store.bank_files() == [str((mine / "ch13_mine.yaml").resolve())]
    assert [c.item.id for c in review(store=store).cards] == ["my-tf-001"]          # no bank= needed
    (mine / "ch13_mine.yaml").unlink()
    assert store.bank_files() == [] and review(store=store).cards == []              # a deleted bank drops out


def test_the_example_banks_of_guide_b2_load_and_show_every_type():
    from crm_study.quiz import TYPES, build_exam

    examples = Path(__file__).parents[1] / "quizzes" / "examples"
    bank = load_bank(examples)                               # the blueprint beside them is skipped
    assert {it.type for it in bank} == set(TYPES) and len(bank) == 11
    assert build_exam(examples / "quiz13.yaml", bank=bank, seed=1).total == 100
    assert "my-tf-001" not in load_bank()                    # examples are not part of the kit's own banks


def test_the_example_banks_of_guide_b2_mark_as_the_guide_says():
    from crm_study.i18n import language
    from crm_study.quiz import reference_response

    bank = load_bank(Path(__file__).parents[1] / "quizzes" / "examples")
    for lang in ("zh", "en"):                                # every model answer earns full marks in both languages
        with language(lang):
            assert all(grade(it, reference_response(it)).correct for it in bank)
    loyalty, verdict, term = bank["my-sa-001"], bank["my-sa-002"], bank["my-term-001"]
    # a list of the names earns the named share of each (0.25 × 2 + 0.5 × 2); a heap of keywords earns nothing
    assert grade(loyalty, "态度忠诚；行为忠诚").score == grade(loyalty, "Attitudinal; behavioural").score == 1.5
    assert grade(loyalty, "态度忠诚 情感忠诚 认可 偏爱 重复购买 信任 推荐").score == 0
    assert grade(loyalty, "attitudinal emotional approval preference behavioural repeat trust recommend").score == 0
    # not_with in the point's own sentence cancels the verdict; the negation written into a phrase counts
    assert grade(verdict, "错误，这种说法是对的。").score == grade(verdict, "False, the statement is correct.").score == 0
    assert grade(verdict, "错误。这种说法正确。").score == 1                         # another sentence: not caught
    assert grade(verdict, "错误，正确的做法是先确立理念。").score == 3               # 正确 alone is not in not_with
    assert grade(verdict, "错误。CRM 不等于购买软件。").score == grade(verdict, "False. CRM is not just software.").score == 3
    assert grade(verdict, "CRM 等于购买软件，企业没有树立理念。").score == 0
    assert grade(verdict, "CRM 只是软件。").score == 0
    # restating the prompt earns nothing; 利润 is found in 利润率
    assert grade(term, "Customer lifetime value: the value over a customer's lifetime.").score == 0
    assert grade(term, "利润率高的客户。").score == 2
