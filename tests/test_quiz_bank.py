"""Loading banks: the contract format, indexing and filtering, and one clear error listing every problem."""
import dataclasses
import shutil
from pathlib import Path

import pytest

from crm_study import i18n
from crm_study.errors import ArgumentError, InputTypeError
from crm_study.quiz import Bank, QuizFormatError, UnknownItemError, banks_dir, check_banks, load_bank

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def bank():
    return load_bank(FIXTURES / "good" / "ch90_sample.yaml")


def write(tmp_path, body: str, name="ch80_x.yaml") -> Path:
    path = tmp_path / name
    path.write_text('chapter: "80"\ntitle: {zh: 测试, en: Test}\nitems:\n' + body, encoding="utf-8")
    return path


TF = ("  - id: {id}\n    type: true_false\n    prompt: {{zh: 题, en: Q}}\n    answer: true\n"
      "    explanation: {{zh: 解, en: Why}}\n")


def test_bank_iterates_counts_and_indexes_items_and_case_parts(bank):
    assert len(bank) == 11
    assert [it.id for it in bank][:2] == ["t90-tf-001", "t90-tf-002"]
    assert bank["t90-num-002"].unit == {"zh": "%", "en": "%"}
    assert bank["t90-case-001-b"].type == "short_answer"
    assert "t90-case-001-a" in bank and "nope" not in bank
    assert repr(bank).startswith("Bank(11 items; chapters 90; true_false 2, single_choice 1")


def test_items_keep_both_languages_and_defaults(bank):
    tf = bank["t90-tf-001"]
    assert tf.prompt == {"zh": "只有大企业才需要客户关系管理。", "en": "Only large firms need CRM."}
    assert tf.points == 1.5 and tf.tags == ("overview",) and tf.chapter == "90"
    assert bank["t90-tf-002"].points == 1.0                       # default
    assert bank["t90-term-001"].points == 6.0                     # sum of keypoints
    assert bank["t90-case-001"].points == 10.0                    # sum of parts
    assert bank["t90-mc-001"].answer == (0, 2, 3)
    # phrases are read as answers are: normalised, synonyms in their group's first form (整个生命周期 → 终身)
    # read as answers are: spaces dropped, a mark where each English word starts
    assert bank["t90-term-001"].keypoints[0].normalised == ("终身", "全过程", "\ue006whole\ue006relationship",
                                                             "\ue006entire\ue006lifetime")
    assert bank["t90-term-001"].keypoints[0].title() == "whole relationship"


def test_items_are_immutable(bank):
    with pytest.raises(dataclasses.FrozenInstanceError):
        bank["t90-tf-001"].answer = True


def test_select_by_chapter_types_tags_and_ids(bank):
    assert len(bank.select(chapter="90")) == 11 and len(bank.select(chapter=90)) == 11
    assert len(bank.select(chapter=["04"])) == 0
    assert [it.id for it in bank.select(types=["numeric"])] == ["t90-num-001", "t90-num-002", "t90-num-003"]
    assert [it.id for it in bank.select(tags=["clv"])] == ["t90-num-001", "t90-term-001"]
    assert [it.id for it in bank.select(ids=["t90-sc-001"], types=["single_choice"])] == ["t90-sc-001"]
    assert isinstance(bank.select(), Bank)


def test_select_rejects_unknown_types_and_bare_strings(bank):
    with pytest.raises(ArgumentError, match="Bank.select: unknown type.*essay"):
        bank.select(types=["essay"])
    with pytest.raises(InputTypeError, match="tags must be a list"):
        bank.select(tags="rfm")
    i18n.set_language("zh")
    with pytest.raises(ArgumentError, match="未知题型"):
        bank.select(types=["essay"])


def test_unknown_id_is_a_key_error_with_a_hint_in_both_languages(bank):
    with pytest.raises(KeyError):
        bank["t90-tf-009"]
    with pytest.raises(UnknownItemError, match="no item with id 't90-tf-00X'.*Did you mean 't90-tf-00"):
        bank["t90-tf-00X"]
    i18n.set_language("zh")
    with pytest.raises(UnknownItemError, match="没有 id 为 'zzz' 的题目"):
        bank["zzz"]


def test_a_folder_loads_every_bank_and_ignores_the_blueprints_folder(tmp_path):
    shutil.copy(FIXTURES / "good" / "ch90_sample.yaml", tmp_path)
    write(tmp_path, TF.format(id="x80-tf-001"))
    (tmp_path / "blueprints").mkdir()
    (tmp_path / "blueprints" / "seed000.yaml").write_text("sections: []\n", encoding="utf-8")
    assert len(load_bank(tmp_path)) == 12


def test_default_folder_is_the_kits_quizzes_or_the_environment_variable(monkeypatch):
    assert banks_dir() == Path(__file__).resolve().parents[1] / "quizzes"
    monkeypatch.setenv("CRM_STUDY_BANKS", str(FIXTURES / "good"))
    assert banks_dir() == FIXTURES / "good" and len(load_bank()) == 11


def test_the_kits_own_banks_load_without_problems():
    n, problems = check_banks()
    assert problems == [] and n > 0


def test_yaml_syntax_error_names_the_file_and_line():
    with pytest.raises(QuizFormatError, match=r"bad_yaml\.yaml:7: not valid YAML"):
        load_bank(FIXTURES / "bad" / "bad_yaml.yaml")


def test_missing_language_names_file_item_and_language():
    with pytest.raises(QuizFormatError) as err:
        load_bank(FIXTURES / "bad" / "missing_lang.yaml")
    msg = str(err.value)
    assert "missing_lang.yaml: item b92-tf-001: 'prompt' lacks the en text" in msg
    assert "item b92-sc-001: 'answer' = 5 is not an option index; use 0 … 1" in msg   # listed at once
    assert isinstance(err.value, ValueError)


def test_answer_out_of_range_empty_keypoints_and_bad_numeric_all_listed_at_once():
    with pytest.raises(QuizFormatError) as err:
        load_bank(FIXTURES / "bad" / "out_of_range.yaml")
    msg = str(err.value)
    assert msg.startswith("load_bank: 4 problem(s)")
    assert "item b93-mc-001: 'answer' = 3 is not an option index" in msg
    assert "item b93-sa-001: 'keypoints' must be a non-empty list" in msg
    assert "item b93-num-001: 'explanation' is missing" in msg
    assert "item b93-num-001: 'answer' must be a number" in msg


def test_duplicate_id_across_files_names_both_files():
    with pytest.raises(QuizFormatError, match=r"ch95_b\.yaml: item d94-tf-001: the id is already used in .*ch94_a\.yaml"):
        load_bank(FIXTURES / "dup")


def test_duplicate_id_between_an_item_and_a_case_part(tmp_path):
    body = TF.format(id="x80-a") + ("  - id: x80-case\n    type: case\n    case: {zh: 案, en: Case}\n    parts:\n"
                                     + TF.format(id="x80-a").replace("  - ", "      - ").replace("\n    ", "\n        "))
    with pytest.raises(QuizFormatError, match="x80-a: the id is already used"):
        load_bank(write(tmp_path, body))


@pytest.mark.parametrize("body, expected", [
    (TF.format(id="x80-1").replace("answer: true", "answer: yes please"), "'answer' must be true or false"),
    (TF.format(id="x80-1").replace("true_false", "essay"), "unknown type 'essay'"),
    (TF.format(id="x80-1") + "    explaination: {zh: a, en: b}\n", "unknown field(s) explaination"),
    (TF.format(id="x80-1") + "    points: -1\n", "'points' must be a number > 0"),
    (TF.format(id="x80-1") + "    tags: rfm\n", "'tags' must be a list"),
    (TF.format(id="x80-1") + "    needs_computer: yes please\n", "'needs_computer' must be true or false"),
    (TF.format(id="x80-1").replace("id: x80-1\n    ", ""), "has no 'id'"),
    ("  - just text\n", "each item must be a mapping"),
    ("  - {id: x80-2, type: matching, prompt: {zh: a, en: b}, slots: [{zh: ①, en: ①}], "
     "choices: [{zh: a, en: a}, {zh: b, en: b}], answer: [0, 1], explanation: {zh: a, en: b}}\n",
     "one choice index per slot (1 slots)"),
    ("  - {id: x80-3, type: multiple_choice, prompt: {zh: a, en: b}, options: [{zh: a, en: a}, {zh: b, en: b}], "
     "answer: [1, 1], explanation: {zh: a, en: b}}\n", "different option indexes"),
    ("  - {id: x80-4, type: single_choice, prompt: {zh: a, en: b}, options: [{zh: a, en: a}], answer: 0, "
     "explanation: {zh: a, en: b}}\n", "'options' must be a list of at least 2"),
    ("  - {id: x80-5, type: numeric, prompt: {zh: a, en: b}, answer: 1, tolerance: -1, explanation: {zh: a, en: b}}\n",
     "'tolerance' must be a number >= 0"),
    ("  - {id: x80-6, type: term, prompt: {zh: a, en: b}, model_answer: {zh: a, en: b}, "
     "keypoints: [{points: 2, any: {zh: [甲]}}]}\n", "'keypoints[0].any.en' must be a non-empty list"),
    ("  - {id: x80-7, type: term, prompt: {zh: a, en: b}, model_answer: {zh: a, en: b}, points: 9, "
     "keypoints: [{points: 2, any: {zh: [甲], en: [first]}}]}\n", "more than the keypoints can earn (2)"),
    ("  - {id: x80-8, type: case, case: {zh: a, en: b}, points: 5, parts: [{id: x80-8a, type: true_false, "
     "prompt: {zh: a, en: b}, answer: true, explanation: {zh: a, en: b}}]}\n", "differs from the sum of the parts' points (1)"),
    ("  - {id: x80-9, type: case, case: {zh: a, en: b}, data: {columns: [a, b], rows: [[1]]}, parts: [{id: x80-9a, "
     "type: true_false, prompt: {zh: a, en: b}, answer: true, explanation: {zh: a, en: b}}]}\n", "'data' must be"),
    ("  - {id: x80-10, type: case, case: {zh: a, en: b}, parts: [{id: x80-10a, type: case, case: {zh: a, en: b}, "
     "parts: []}]}\n", "unknown type 'case'"),
])
def test_each_schema_problem_gets_its_message(tmp_path, body, expected):
    with pytest.raises(QuizFormatError) as err:
        load_bank(write(tmp_path, body))
    assert expected in str(err.value)


def test_bank_level_problems(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_text("chapter: 4\ntitle: {zh: 只有中文}\nitems: []\n", encoding="utf-8")
    msg = str(pytest.raises(QuizFormatError, load_bank, path).value)
    assert "'chapter' must be a quoted string" in msg and "'title' lacks the en text" in msg
    assert "'items' must be a non-empty list" in msg
    path.write_text("- a list\n", encoding="utf-8")
    assert "must be a mapping with chapter" in str(pytest.raises(QuizFormatError, load_bank, path).value)


def test_format_errors_in_chinese(tmp_path):
    i18n.set_language("zh")
    with pytest.raises(QuizFormatError) as err:
        load_bank(FIXTURES / "bad" / "missing_lang.yaml")
    assert "题目 b92-tf-001: 'prompt' 缺少 en 文本" in str(err.value)
    assert str(err.value).startswith("load_bank：题库中有 2 处问题")
    with pytest.raises(QuizFormatError, match="YAML 语法错误"):
        load_bank(FIXTURES / "bad" / "bad_yaml.yaml")


def test_check_banks_reports_every_problem_without_raising():
    n, problems = check_banks(FIXTURES / "bad")
    assert n == 0 and len(problems) == 7
    assert check_banks(FIXTURES / "good") == (11, [])


def test_bad_paths_and_argument_types(tmp_path):
    with pytest.raises(ArgumentError, match="load_bank: .*nowhere.yaml does not exist"):
        load_bank(tmp_path / "nowhere.yaml")
    with pytest.raises(InputTypeError, match="load_bank: path must be a file or folder path, got int"):
        load_bank(42)
    i18n.set_language("zh")
    with pytest.raises(ArgumentError, match="不存在"):
        load_bank(tmp_path / "nowhere.yaml")


def test_non_utf8_file_is_reported(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("chapter: '80'\ntitle: {zh: 客户, en: c}\n".encode("gbk"))
    with pytest.raises(QuizFormatError, match="not UTF-8"):
        load_bank(path)


def test_case_data_reads_a_case_table_in_the_language_asked_and_names_the_columns():
    from crm_study.errors import ArgumentError, InputTypeError
    from crm_study.quiz import case_data

    bank = load_bank()
    zh = case_data(bank["ch12-case-007"], "strategy", "margin", "retention", lang="zh")
    assert zh["strategy"].tolist() == ["高低价促销", "天天低价"] and zh["margin"].tolist() == [300, 240]
    assert list(case_data(bank["ch12-case-007"], lang="en").columns)[0] == "strategy"
    with pytest.raises(ArgumentError, match="3"):
        case_data(bank["ch12-case-007"], "strategy")
    with pytest.raises(InputTypeError):
        case_data(bank["ch04-tf-001"])
