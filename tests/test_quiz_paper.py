"""Mock papers and exports: seeded and byte-reproducible, escaped, scaled to the blueprint; the CLI commands."""
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from crm_study import i18n
from crm_study.cli import main
from crm_study.errors import DataError, InputTypeError
from crm_study.quiz import QuizFormatError, load_bank
from crm_study.quiz.export import gift_escape, to_gift
from crm_study.quiz.paper import build_exam, default_blueprint, load_blueprint, render_exam, split_points, write_exam

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
EVIL = "<script>alert('x')</script> a~b=c#d{e}f:g"


@pytest.fixture(autouse=True)
def english():
    old = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(old)


def bi(zh, en):
    return {"zh": zh, "en": en}


@pytest.fixture
def big_bank(tmp_path):
    """25 true/false, 6 short answers (one with a hostile prompt), 2 cases: enough for the seed-000 layout."""
    items = [{"id": f"g70-tf-{k:03d}", "type": "true_false", "prompt": bi(f"判断 {k}", f"Statement {k}"),
              "answer": k % 2 == 0, "explanation": bi(f"解释 {k}", f"Why {k}")} for k in range(25)]
    items += [{"id": f"g70-sa-{k:03d}", "type": "short_answer", "prompt": bi(f"简答 {k}", EVIL if k == 0 else f"Explain {k}"),
               "keypoints": [{"points": 2, "any": bi(["甲"], ["alpha"])}, {"points": 2, "any": bi(["乙"], ["beta"])}],
               "model_answer": bi("甲乙", "alpha and beta")} for k in range(6)]
    items += [{"id": f"g70-case-{k:03d}", "type": "case", "case": bi(f"案例 {k}", f"Case {k}"),
               "data": {"columns": ["stage", "users"], "rows": [["detail", 1000], ["cart", 255]]},
               "parts": [{"id": f"g70-case-{k:03d}-a", "type": "numeric", "prompt": bi("转化率", "Conversion"), "answer": 25.5,
                          "unit": "%", "points": 4, "explanation": bi("255/1000", "255/1000")},
                         {"id": f"g70-case-{k:03d}-b", "type": "short_answer", "prompt": bi("措施", "Measures"),
                          "keypoints": [{"points": 3, "any": bi(["简化"], ["simplify"])},
                                        {"points": 3, "any": bi(["验证码"], ["code"])}],
                          "model_answer": bi("简化注册", "Simplify sign-up")}]} for k in range(2)]
    path = tmp_path / "banks" / "ch70_generated.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump({"chapter": "70", "title": bi("生成", "Generated"), "items": items}, allow_unicode=True),
                    encoding="utf-8")
    return load_bank(path)


def test_default_blueprint_is_the_seed_000_layout():
    bp = load_blueprint()
    assert default_blueprint().name == "seed000.yaml"
    assert [(s["type"], s["count"], s["points"]) for s in bp["sections"]] == [
        ("true_false", 20, 1.5), ("short_answer", 5, 8), ("case", 1, 30)]


def test_seed_000_paper_totals_100_points(big_bank):
    exam = build_exam(bank=big_bank, seed=1)
    assert exam.total == 100
    assert [len(chosen) for _, chosen in exam.sections] == [20, 5, 1]
    ids = [it.id for _, chosen in exam.sections for it, _ in chosen]
    assert len(ids) == len(set(ids))


def test_same_seed_gives_byte_identical_files_and_another_seed_another_paper(big_bank, tmp_path):
    one = [p.read_bytes() for p in write_exam(tmp_path / "a", build_exam(bank=big_bank, seed=5), lang="zh")]
    two = [p.read_bytes() for p in write_exam(tmp_path / "b", build_exam(bank=big_bank, seed=5), lang="zh")]
    other = [p.read_bytes() for p in write_exam(tmp_path / "c", build_exam(bank=big_bank, seed=6), lang="zh")]
    assert one == two and one != other
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["key.html", "key.md", "paper.html", "paper.md"]


def test_all_text_is_html_escaped_in_html_and_markdown(big_bank):
    exam = build_exam(FIXTURES / "mini_blueprint.yaml", bank=big_bank.select(ids=["g70-tf-001", "g70-tf-002",
                                                                                  "g70-sa-000", "g70-case-000"]), seed=0)
    for fmt in ("html", "md"):
        for key in (False, True):
            out = render_exam(exam, lang="en", key=key, fmt=fmt)
            assert "<script>" not in out and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out


def test_case_parts_and_keypoints_are_scaled_to_the_blueprint_points(big_bank):
    exam = build_exam(FIXTURES / "mini_blueprint.yaml", bank=big_bank, seed=0)
    key = render_exam(exam, lang="en", key=True, fmt="md")
    assert "## III. Case (1 × 30 = 30)" in key
    assert "**(a) Conversion** *(12 pts)*" in key and "**(b) Measures** *(18 pts)*" in key   # 4:6 of 30
    assert "- simplify *(9 pts)*" in key                                                     # 3:3 of 18
    assert "- alpha *(4 pts)*" in key                                                        # 2:2 of 8
    assert "> Answer: 25.5 % (± 0.1275)" in key
    paper = render_exam(exam, lang="en", fmt="md")
    assert "Answer: 25.5" not in paper and "| detail | 1000 |" in paper


def test_paper_in_chinese(big_bank):
    exam = build_exam(bank=big_bank, seed=2)
    html = render_exam(exam, lang="zh")
    assert '<html lang="zh">' in html and "一、判断题（20 题 × 1.5 分 = 30 分）" in html and "满分 100 分" in html
    key = render_exam(exam, lang="zh", key=True, fmt="md")
    assert "参考答案与评分要点" in key and "得分点：" in key


def test_split_points_by_hand():
    assert split_points(30, [4, 6]) == [12, 18]
    assert split_points(8, [2, 2, 2]) == [2.5, 2.5, 3.0]
    assert split_points(1, [1, 1, 1, 1, 1]) == [0.2, 0.2, 0.2, 0.2, 0.2]  # under a point each: hundredths


@given(st.floats(0.5, 100), st.lists(st.floats(0.5, 10), min_size=1, max_size=8))
def test_split_points_always_add_up_to_the_total(total, weights):
    shares = split_points(total, weights)
    assert len(shares) == len(weights) and sum(shares) == pytest.approx(total, abs=0.05)
    assert all(s >= 0 for s in shares)


def test_a_short_bank_names_the_type_and_the_shortfall(big_bank):
    small = big_bank.select(ids=[f"g70-tf-{k:03d}" for k in range(12)])
    with pytest.raises(DataError) as err:
        build_exam(bank=small, seed=0)
    msg = str(err.value)
    assert "true_false: the banks hold 12 usable item(s) but the blueprint asks for 20 (short by 8)" in msg
    assert "short_answer: the banks hold 0" in msg and "case: the banks hold 0" in msg
    i18n.set_language("zh")
    with pytest.raises(DataError, match="缺 8 道"):
        build_exam(bank=small, seed=0)


def test_malformed_blueprints_list_their_problems(tmp_path):
    path = tmp_path / "bp.yaml"
    path.write_text("title: {zh: 卷}\nsections:\n  - {type: essay, count: 0, points: -1}\n", encoding="utf-8")
    msg = str(pytest.raises(QuizFormatError, load_blueprint, path).value)
    assert "'title' must be {zh: …, en: …}" in msg and "section 1: 'type' must be one of" in msg
    assert "'count' must be a whole number >= 1" in msg and "'points' (per item) must be a number > 0" in msg
    path.write_text("title: [\n", encoding="utf-8")
    assert "not valid YAML" in str(pytest.raises(QuizFormatError, load_blueprint, path).value)
    with pytest.raises(DataError, match="does not exist"):
        load_blueprint(tmp_path / "none.yaml")
    with pytest.raises(InputTypeError, match="load_blueprint: path must be a file path"):
        load_blueprint(3)


def test_render_and_build_check_their_arguments(big_bank):
    with pytest.raises(InputTypeError, match="render_exam: exam must come from build_exam"):
        render_exam("paper")
    with pytest.raises(ValueError, match="lang='zh' or 'en'"):
        render_exam(build_exam(bank=big_bank), lang="fr")
    with pytest.raises(InputTypeError, match="build_exam: bank must be a Bank"):
        build_exam(bank=[1])
    with pytest.raises(ValueError, match="build_exam: seed = -1"):
        build_exam(bank=big_bank, seed=-1)


# ---- GIFT -----------------------------------------------------------------------------------

def test_gift_escapes_every_special_character():
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift_escape("line 1\nline 2") == "line 1\\nline 2"


def test_gift_export_of_every_type_and_skips_with_reasons():
    gift, skipped = to_gift(load_bank(FIXTURES / "good"), lang="en")
    assert "::t90-tf-001::Only large firms need CRM.{F####Firms of every size manage customer relationships.}" in gift
    assert "{~Revenue ~Retention =Recency ~Referral####" in gift
    assert "~%33.33333%Information ~%-100%Shares" in gift
    assert "CLV \\= m·r/(1+d−r)? (元){#266.67:0.01####" in gift           # ':' and '=' escaped, unit added once
    assert "Conversion rate of the bottleneck step (%)?{#25.5:0.1275" in gift
    assert "::t90-term-001::Customer lifetime value{####The discounted profit" in gift
    assert "{=① -> CTI =② -> ACD =③ -> IVR####" in gift
    assert skipped == [("t90-case-001", "case: GIFT has no multi-part question; set its parts as separate questions")]
    assert gift.count("\n\n// ") == 9  # questions separated by blank lines


def test_gift_escapes_a_hostile_prompt(big_bank):
    gift, _ = to_gift(big_bank.select(ids=["g70-sa-000"]), lang="en")
    assert "::g70-sa-000::<script>alert('x')</script> a\\~b\\=c\\#d\\{e\\}f\\:g{####alpha and beta}" in gift


def test_gift_skips_matching_with_fewer_than_three_slots(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text('chapter: "71"\ntitle: {zh: 配, en: Match}\nitems:\n'
                    '  - {id: m71-fill-001, type: matching, prompt: {zh: 配对, en: Match}, slots: [{zh: ①, en: ①}, '
                    '{zh: ②, en: ②}], choices: [{zh: 甲, en: a}, {zh: 乙, en: b}], answer: [1, 0], '
                    'explanation: {zh: 解, en: why}}\n', encoding="utf-8")
    gift, skipped = to_gift(load_bank(path), lang="zh")
    assert gift == "" and skipped == [("m71-fill-001", "填图/配对题只有 2 个空位：Moodle 至少需要 3 对")]


def test_gift_checks_arguments():
    with pytest.raises(InputTypeError, match="to_gift: bank must be a Bank"):
        to_gift([])
    with pytest.raises(ValueError, match="to_gift: lang must be 'zh' or 'en'"):
        to_gift(load_bank(FIXTURES / "good"), lang="de")


# ---- command line -------------------------------------------------------------------------

def test_cli_check_exit_codes_and_output(capsys):
    assert main(["check", str(FIXTURES / "good")]) == 0
    assert "11 items" in capsys.readouterr().out
    assert main(["check", str(FIXTURES / "bad")]) == 1
    out = capsys.readouterr().out
    assert "bad_yaml.yaml:7" in out and "b92-tf-001" in out and "b93-mc-001" in out and "7 problem(s)" in out
    assert main(["check", str(FIXTURES / "dup")]) == 1


def test_cli_exam_writes_four_reproducible_files(big_bank, tmp_path, capsys):
    bank_dir = str(tmp_path / "banks")
    args = ["exam", "--seed", "3", "--lang", "en", "--bank", bank_dir, "--out"]
    assert main(args + [str(tmp_path / "x")]) == 0 and main(args + [str(tmp_path / "y")]) == 0
    assert "wrote" in capsys.readouterr().out
    for name in ("paper.html", "paper.md", "key.html", "key.md"):
        assert (tmp_path / "x" / name).read_bytes() == (tmp_path / "y" / name).read_bytes()
    assert "Paper no. 3 · 100 points · 120 minutes" in (tmp_path / "x" / "paper.md").read_text(encoding="utf-8")


def test_cli_exam_reports_a_short_bank_on_stderr(tmp_path, capsys):
    assert main(["exam", "--bank", str(FIXTURES / "good"), "--out", str(tmp_path)]) == 2
    assert "true_false: the banks hold 2 usable item(s) but the blueprint asks for 20 (short by 18)" in capsys.readouterr().err


def test_cli_export_gift_lists_skipped_items(tmp_path, capsys):
    out = tmp_path / "q.gift.txt"
    assert main(["export", "--format", "gift", "--bank", str(FIXTURES / "good"), "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "skipped t90-case-001: case: GIFT has no multi-part question" in printed
    assert out.read_text(encoding="utf-8").startswith("// t90-tf-001\n::t90-tf-001::")
