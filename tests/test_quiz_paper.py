"""Mock papers: two layouts, paper numbers, A/B versions, the on-paper filter, the printed layout and key; the CLI."""
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from crm_study import i18n
from crm_study.cli import main
from crm_study.errors import DataError, InputTypeError
from crm_study.quiz import QuizFormatError, load_bank
from crm_study.quiz.paper import (blueprints, build_exam, default_blueprint, find_browser, load_blueprint, render_exam,
                                  split_points, write_exam)

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
EVIL = "<script>alert('x')</script> a~b=c#d{e}f:g"


pytestmark = pytest.mark.usefixtures("english")


def bi(zh, en):
    return {"zh": zh, "en": en}


@pytest.fixture
def big_bank(tmp_path):
    """25 true/false, 6 short answers (one with a hostile prompt), 2 paper cases and 1 dataset case:
    enough for layout A."""
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
    items.append({"id": "g70-case-009", "type": "case", "case": bi("数据案例", "Dataset case"), "data": {"dataset": "retail"},
                  "parts": [{"id": "g70-case-009-a", "type": "numeric", "prompt": bi("A 类客户数", "Class A customers"),
                             "answer": 786, "explanation": bi("数一数", "Count")}]})
    path = tmp_path / "banks" / "ch70_generated.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump({"chapter": "70", "title": bi("生成", "Generated"), "items": items}, allow_unicode=True),
                    encoding="utf-8")
    return load_bank(path)


def test_the_kit_ships_both_exam_layouts_of_the_course():
    assert sorted(blueprints()) == ["layout_a", "layout_b"] and default_blueprint().name == "layout_a.yaml"
    layout = {name: [(s["type"], s["count"], s["points"]) for s in load_blueprint(name)["sections"]] for name in blueprints()}
    assert layout["layout_a"] == [("true_false", 20, 1.5), ("short_answer", 5, 8), ("case", 1, 30)]
    assert layout["layout_b"] == [("term", 5, 6), ("single_choice", 15, 1), ("true_false", 10, 1), ("short_answer", 3, 5),
                                  ("case", 2, 15)]
    for name in blueprints():
        assert sum(c * p for _, c, p in layout[name]) == 100 and load_blueprint(name)["on_paper"] is True


@pytest.mark.parametrize("name", ["layout_a", "layout_b"])
def test_both_layouts_fill_from_the_kits_banks_with_paper_only_items(name):
    from crm_study.quiz.bank import requires_computer

    bank = load_bank()
    for paper_no in range(20):
        exam = build_exam(name, bank=bank, seed=paper_no)
        assert exam.total == 100
        assert not any(requires_computer(it) for _, chosen in exam.sections for it, _ in chosen)


def test_layout_a_paper_totals_100_points(big_bank):
    exam = build_exam(bank=big_bank, seed=1)
    assert exam.total == 100
    assert [len(chosen) for _, chosen in exam.sections] == [20, 5, 1]
    ids = [it.id for _, chosen in exam.sections for it, _ in chosen]
    assert len(ids) == len(set(ids))


def test_on_paper_leaves_out_dataset_cases_and_a_blueprint_can_allow_them(big_bank):
    on_paper = {build_exam(bank=big_bank, seed=s).sections[2][1][0][0].id for s in range(30)}
    assert on_paper == {"g70-case-000", "g70-case-001"}
    bp = {**load_blueprint(), "on_paper": False}
    anywhere = {build_exam(bp, bank=big_bank, seed=s).sections[2][1][0][0].id for s in range(30)}
    assert "g70-case-009" in anywhere


def test_same_paper_number_gives_byte_identical_files_and_another_number_another_paper(big_bank, tmp_path):
    one = [p.read_bytes() for p in write_exam(tmp_path / "a", build_exam(bank=big_bank, seed=5), lang="zh")]
    two = [p.read_bytes() for p in write_exam(tmp_path / "b", build_exam(bank=big_bank, seed=5), lang="zh")]
    other = [p.read_bytes() for p in write_exam(tmp_path / "c", build_exam(bank=big_bank, seed=6), lang="zh")]
    assert one == two and one != other
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["key.html", "key.md", "paper.html", "paper.md"]


def test_versions_keep_the_items_shuffle_their_order_and_options_and_the_key_follows():
    bank = load_bank()
    plain, a, b = (build_exam("layout_b", bank=bank, seed=4, version=v) for v in ("", "A", "B"))
    ids = [[it.id for it, _ in chosen] for exam in (plain, a, b) for _, chosen in exam.sections]
    assert all(sorted(x) == sorted(y) for x, y in zip(ids[:5], ids[5:10])) and ids[5:10] != ids[10:]
    choice_a = {it.id: it for it, _ in a.sections[1][1]}
    choice_plain = {it.id: it for it, _ in plain.sections[1][1]}
    moved = 0
    for item_id, it in choice_a.items():
        orig = choice_plain[item_id]
        assert it.options[it.answer] == orig.options[orig.answer]  # the key follows the options
        moved += it.options != orig.options
    assert moved >= 2
    assert build_exam("layout_b", bank=bank, seed=4, version="B") == b  # reproducible
    key = render_exam(a, lang="en", key=True, fmt="md")
    letters = [" | ".join("ABCDEFG"[it.answer] for it, _ in a.sections[1][1][k:k + 10]) for k in (0, 10)]
    assert f"| Key | {letters[0]} |" in key and f"| Key | {letters[1]} |" in key
    with pytest.raises(ValueError, match="version must be one capital letter"):
        build_exam("layout_b", bank=bank, version="ab")


def test_all_text_is_html_escaped_in_html_and_markdown(big_bank):
    exam = build_exam(FIXTURES / "mini_blueprint.yaml", bank=big_bank.select(ids=["g70-tf-001", "g70-tf-002",
                                                                                  "g70-sa-000", "g70-case-000"]), seed=0)
    for key in (False, True):
        out = render_exam(exam, lang="en", key=key, fmt="html")
        assert "<script>" not in out and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
        md = render_exam(exam, lang="en", key=key, fmt="md")
        assert "<script>" not in md and "&lt;script>alert('x')&lt;/script>" in md   # no &#x27; or &gt; in Markdown


def test_the_paper_has_an_exam_header_a_score_grid_and_section_instructions(big_bank):
    exam = build_exam(bank=big_bank, seed=2)
    html = render_exam(exam, lang="zh")
    for field in ("课程", "班级", "姓名", "学号"):
        assert f'<span>{field}：<span class="line"></span></span>' in html
    assert ('<table class="grid"><tr><th>题号</th><th>一</th><th>二</th><th>三</th><th>总分</th></tr>'
            '<tr><th>得分</th><td></td><td></td><td></td><td></td></tr></table>') in html
    assert "试卷编号 2 · 满分 100 分 · 考试时间 120 分钟" in html and "组卷种子" not in html
    assert "一、判断题（本大题共 20 小题，每小题 1.5 分，共 30 分）" in html
    assert "正确的在括号内打“√”，错误的打“×”" in html and "请分点作答，按要点给分" in html
    assert "@page { size: A4" in html and "counter(page)" in html and "counter(pages)" in html
    en = render_exam(exam, lang="en")
    assert "<span>Student no.: <span" in en and "<th>Question</th><th>I</th><th>II</th><th>III</th><th>Total</th>" in en


def test_true_false_brackets_keep_their_width_and_answer_space_follows_the_points(big_bank):
    exam = build_exam(bank=big_bank, seed=2)
    html = render_exam(exam, lang="zh")
    assert html.count('<span class="bracket">（\u3000\u3000）</span>') == 20   # full-width spaces do not collapse
    assert html.count('<div class="space" style="height:72mm">答：</div>') == 5   # 8 points × 9 mm
    assert '<div class="space" style="height:150mm">答：</div>' in html        # the 18-point case part, capped
    assert '<div class="space" style="height:60mm">计算过程与结果：________ %</div>' in html   # 12-point part, capped
    assert html.count('<div class="item">') == 20 + 5 + 1 + 2   # each question keeps its space on its page
    assert "(1.5 分)" not in html                               # the section heading states objective points
    en = render_exam(exam, lang="en")
    assert en.count('<span class="bracket">(\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0)</span>') == 20   # no-break spaces


def test_the_key_gathers_true_false_answers_in_one_grid_and_lists_marking_points(big_bank):
    exam = build_exam(bank=big_bank, seed=2)
    key = render_exam(exam, lang="zh", key=True)
    assert key.count('<table class="keygrid">') == 1   # all 20 answers in one grid, 10 a row
    grid = key.split('<table class="keygrid">')[1].split("</table>")[0]
    tf = [it for it, _ in exam.sections[0][1]]
    for start in (0, 10):
        cells = "".join(f"<td><b>{'√' if it.answer else '×'}</b></td>" for it in tf[start:start + 10])
        numbers = "".join(f"<td>{n}</td>" for n in range(start + 1, start + 11))
        assert f'<tr class="no"><th>题号</th>{numbers}</tr><tr><th>答案</th>{cells}</tr>' in grid
    assert "参考答案与评分标准" in key and "评分要点：" in key
    assert '<p class="mark">• 甲 <b>(4 分)</b></p>' in key
    assert "答案：25.5%（允许误差 ±0.1275）" in key


def test_case_parts_and_keypoints_are_scaled_to_the_blueprint_points(big_bank):
    exam = build_exam(FIXTURES / "mini_blueprint.yaml", bank=big_bank, seed=0)
    key = render_exam(exam, lang="en", key=True, fmt="md")
    assert "## III. Case (1 × 30 = 30)" in key
    assert "**(a)** Conversion *(12 pts)*" in key and "**(b)** Measures *(18 pts)*" in key   # 4:6 of 30
    assert "- simplify **(9 pts)**" in key                                                  # 3:3 of 18
    assert "- alpha **(4 pts)**" in key                                                     # 2:2 of 8
    assert "> Answer: 25.5% (accept ± 0.1275)" in key
    paper = render_exam(exam, lang="en", fmt="md")
    assert "Answer: 25.5" not in paper and "| detail | 1000 |" in paper


def test_numeric_keys_are_given_at_the_items_precision(tmp_path):
    path = tmp_path / "ch71_num.yaml"
    path.write_text('chapter: "71"\ntitle: {zh: 算, en: Numbers}\nitems:\n'
                    '  - {id: n71-num-001, type: numeric, prompt: {zh: "CLV 是多少元？（保留两位小数）", en: "CLV? (two decimals)"}, '
                    'answer: 266.666667, unit: 元, explanation: {zh: 解, en: why}}\n'
                    '  - {id: n71-num-002, type: numeric, prompt: {zh: 比率（保留三位小数）, en: Ratio (three decimals)}, answer: 0.8, decimals: 3, '
                    'explanation: {zh: 解, en: why}}\n', encoding="utf-8")
    bp = {"title": bi("卷", "Paper"), "sections": [{"title": bi("一", "I"), "type": "numeric", "count": 4, "points": 2}]}
    with path.open("a", encoding="utf-8") as f:
        f.write('  - {id: n71-num-003, type: numeric, prompt: {zh: 份额（保留两位小数）, en: Share (two decimals)}, answer: 26.22, '
                'unit: "%", decimals: 2, tolerance: 0.04, tolerance_reason: {zh: 跨界规则得 26.25%，同样算对, '
                'en: "the crossing rule gives 26.25%, also accepted"}, explanation: {zh: 解, en: why}}\n'
                '  - {id: n71-num-004, type: numeric, prompt: {zh: 人数, en: Customers}, answer: 501, unit: 位, tolerance: 0, '
                'explanation: {zh: 解, en: why}}\n')
    exam = build_exam(bp, bank=load_bank(path))
    key = render_exam(exam, lang="zh", key=True, fmt="md")
    assert "答案：266.67 元（允许误差 ±0.005）" in key and "答案：0.800（允许误差 ±0.0005）" in key
    assert "答案：26.22%（允许误差 ±0.04：跨界规则得 26.25%，同样算对）" in key and "答案：501 位\n" in key
    html_en = render_exam(exam, lang="en", key=True)
    assert "Answer: 26.22% (accept ± 0.04: the crossing rule gives 26.25%, also accepted)" in html_en


def test_the_key_states_each_marking_point_by_its_label_and_points(tmp_path):
    """A marker's key: the label of each point (its first phrase until it has one) with its points, and
    the share for a point named but not explained; never the list of phrases the marking matches."""
    path = tmp_path / "ch72_sa.yaml"
    path.write_text(yaml.safe_dump({"chapter": "72", "title": bi("简答", "Short"), "items": [{
        "id": "n72-sa-001", "type": "short_answer", "prompt": bi("简述客户忠诚的类型及其含义。", "Name the kinds of loyalty and explain them."),
        "keypoints": [
            {"points": 2, "explain": True, "any": bi(["态度忠诚", "情感忠诚"], ["attitudinal", "emotional"]),
             "label": bi("态度忠诚：对品牌的偏好与情感", "Attitudinal loyalty: preference for and feeling about the brand")},
            {"points": 2, "any": bi(["行为忠诚", "重复购买"], ["behavioural", "repeat purchase"])},
            {"points": 1, "any": bi(["<i>虚假</i>"], ["<i>spurious</i>"]), "label": bi("<i>虚假</i> | 忠诚", "<i>spurious</i> | loyalty")}],
        "model_answer": bi("态度忠诚与行为忠诚。", "Attitudinal and behavioural loyalty.")}]}, allow_unicode=True), encoding="utf-8")
    bp = {"title": bi("卷", "Paper"), "sections": [{"title": bi("一", "I"), "type": "short_answer", "count": 1, "points": 10}]}
    exam = build_exam(bp, bank=load_bank(path))
    zh, en = (render_exam(exam, lang=lang, key=True) for lang in ("zh", "en"))
    assert '<p class="mark">• 态度忠诚：对品牌的偏好与情感 <b>(4 分)</b> <span class="alt">— 只写出要点、未作解释：2 分</span></p>' in zh
    assert '<p class="mark">• 行为忠诚 <b>(4 分)</b></p>' in zh                           # no label yet: the first phrase
    assert '<p class="mark">• &lt;i&gt;虚假&lt;/i&gt; | 忠诚 <b>(2 分)</b></p>' in zh
    assert ("• Attitudinal loyalty: preference for and feeling about the brand <b>(4 pts)</b> "
            '<span class="alt">— named without explanation: 2 pts</span>') in en and "• behavioural <b>(4 pts)</b>" in en
    md_zh, md_en = (render_exam(exam, lang=lang, key=True, fmt="md") for lang in ("zh", "en"))
    assert "- 态度忠诚：对品牌的偏好与情感 **(4 分)** — 只写出要点、未作解释：2 分" in md_zh
    assert "- &lt;i>spurious&lt;/i> &#124; loyalty **(2 pts)**" in md_en and "<i>" not in md_en
    for key in (zh, en, md_zh, md_en):
        assert "情感忠诚" not in key and "emotional" not in key and "repeat purchase" not in key and "重复购买" not in key


def test_paper_in_chinese(big_bank):
    exam = build_exam(bank=big_bank, seed=2)
    html = render_exam(exam, lang="zh")
    assert '<html lang="zh">' in html and "满分 100 分" in html and "第 \" counter(page) \" 页" in html
    key = render_exam(exam, lang="zh", key=True, fmt="md")
    assert "参考答案与评分标准" in key and "评分要点：" in key


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
    assert "true_false: the banks hold 12 usable item(s) answerable on paper but the blueprint asks for 20 (short by 8)" in msg
    assert "short_answer: the banks hold 0" in msg and "case: the banks hold 0" in msg
    i18n.set_language("zh")
    with pytest.raises(DataError, match="缺 8 道"):
        build_exam(bank=small, seed=0)


def test_malformed_blueprints_list_their_problems(tmp_path):
    path = tmp_path / "bp.yaml"
    path.write_text("title: {zh: 卷}\non_paper: yes please\nsections:\n  - {type: essay, count: 0, points: -1}\n",
                    encoding="utf-8")
    msg = str(pytest.raises(QuizFormatError, load_blueprint, path).value)
    assert "'title' must be {zh: …, en: …}" in msg and "section 1: 'type' must be one of" in msg
    assert "'count' must be a whole number >= 1" in msg and "'points' (per item) must be a number > 0" in msg
    assert "'on_paper' must be true or false" in msg
    path.write_text("title: [\n", encoding="utf-8")
    assert "not valid YAML" in str(pytest.raises(QuizFormatError, load_blueprint, path).value)
    with pytest.raises(DataError, match="does not exist.*layout_a, layout_b"):
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


@pytest.mark.skipif(find_browser() is None, reason="no Chromium/Chrome to print PDFs with")
def test_pdfs_are_printed_when_a_browser_is_installed(big_bank, tmp_path):
    written = write_exam(tmp_path, build_exam(bank=big_bank, seed=1, version="B"), lang="zh", pdf=True)
    pdfs = [p for p in written if p.suffix == ".pdf"]
    assert [p.name for p in pdfs] == ["paper_B.pdf", "key_B.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF") and p.stat().st_size > 10_000 for p in pdfs)
    assert "url('file:" in (tmp_path / "paper_B.html").read_text(encoding="utf-8")   # the kit's CJK font
    assert "url(" not in render_exam(build_exam(bank=big_bank, seed=1))              # portable HTML by default


@pytest.mark.skipif(find_browser() is None, reason="no Chromium/Chrome to print PDFs with")
@pytest.mark.parametrize("layout, lang", [("layout_a", "zh"), ("layout_a", "en"), ("layout_b", "zh"), ("layout_b", "en")])
def test_both_layouts_print_from_the_kits_banks_to_a4_pdfs_in_both_languages(layout, lang, tmp_path):
    written = write_exam(tmp_path, build_exam(layout, seed=3), lang=lang, pdf=True)
    for pdf in (p for p in written if p.suffix == ".pdf"):
        data = pdf.read_bytes()
        boxes = {tuple(round(float(x)) for x in m.split()) for m in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)}
        assert data.startswith(b"%PDF") and boxes == {(0, 0, 595, 842)}, (pdf.name, boxes)       # A4 pages
        assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 4                                # a whole paper, not a stub
        assert b"NotoSerifCJKsc" in data                                                          # the kit's Chinese font


def test_without_a_browser_a_pdf_request_says_what_to_do(big_bank, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_STUDY_CHROME", str(tmp_path / "no-such-browser"))
    assert find_browser() is None
    with pytest.raises(DataError, match="no Chromium or Chrome found"):
        write_exam(tmp_path, build_exam(bank=big_bank, seed=1), pdf=True)


# ---- command line -------------------------------------------------------------------------

def test_cli_check_exit_codes_and_output(capsys):
    assert main(["check", str(FIXTURES / "good")]) == 0
    assert "11 items" in capsys.readouterr().out
    assert main(["check", str(FIXTURES / "bad")]) == 1
    out = capsys.readouterr().out
    assert "bad_yaml.yaml:7" in out and "b92-tf-001" in out and "b93-mc-001" in out and "7 problem(s)" in out
    assert main(["check", str(FIXTURES / "dup")]) == 1


def test_cli_exam_writes_reproducible_files_and_seed_is_the_paper_number(big_bank, tmp_path, capsys):
    bank_dir = str(tmp_path / "banks")
    args = ["exam", "--lang", "en", "--bank", bank_dir, "--no-pdf", "--out"]
    assert main(["exam", "--seed", "3"] + args[1:] + [str(tmp_path / "x")]) == 0
    assert main(["exam", "--paper", "3"] + args[1:] + [str(tmp_path / "y")]) == 0
    assert "wrote" in capsys.readouterr().out
    for name in ("paper.html", "paper.md", "key.html", "key.md"):
        assert (tmp_path / "x" / name).read_bytes() == (tmp_path / "y" / name).read_bytes()
    assert "Paper no. 3 · 100 points · 120 minutes" in (tmp_path / "x" / "paper.md").read_text(encoding="utf-8")


def test_cli_exam_takes_a_layout_by_name_and_writes_versions(tmp_path, capsys):
    assert main(["exam", "--blueprint", "layout_b", "--version", "A", "B", "--no-pdf", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["key_A.html", "key_A.md", "key_B.html", "key_B.md", "paper_A.html", "paper_A.md", "paper_B.html", "paper_B.md"]
    assert "五、案例分析题（本大题共 2 小题，每小题 15 分，共 30 分）" in (tmp_path / "paper_B.html").read_text(encoding="utf-8")
    assert "A 卷" in (tmp_path / "paper_A.md").read_text(encoding="utf-8")


def test_cli_exam_reports_a_short_bank_on_stderr(tmp_path, capsys):
    assert main(["exam", "--bank", str(FIXTURES / "good"), "--no-pdf", "--out", str(tmp_path)]) == 2
    assert "true_false: the banks hold 2 usable item(s) answerable on paper but the blueprint asks for 20 (short by 18)" \
        in capsys.readouterr().err


def test_shuffled_options_keep_the_explanations_answer_letters_right():
    """Explanations open with the answer letter ("C。…"); a version rewrites it, and leaves the options
    of an item in place when its explanation names other options by letter."""
    import re

    bank = load_bank()
    moved = 0
    for paper_no in range(5):
        for version in ("A", "B"):
            exam = build_exam("layout_b", bank=bank, seed=paper_no, version=version)
            for it, _ in exam.sections[1][1]:
                orig = bank[it.id]
                moved += it.options != orig.options
                keys = "ABCDEFGH"[it.answer]
                for lang in ("zh", "en"):
                    lead = re.match(r"^[A-H](?=[。．.:：\s])", it.explanation[lang])
                    assert lead is None or lead.group(0) == keys, (it.id, it.explanation[lang][:20])
                if it.options != orig.options:
                    assert re.sub(r"^[A-H]", "", it.explanation["zh"]) == re.sub(r"^[A-H]", "", orig.explanation["zh"])
    assert moved >= 20


@pytest.mark.parametrize("lang, shown, hidden", [("zh", ["环节", "新用户", "查看商品详情"], ["new_users", "product_page"]),
                                                 ("en", ["new users", "product page"], ["new_users", "product_page", "新用户"])])
def test_a_case_table_prints_in_the_papers_language(lang, shown, hidden):
    bank = load_bank()
    exam = build_exam({"title": {"zh": "卷", "en": "paper"}, "minutes": 10, "sections": [
        {"title": {"zh": "案例", "en": "case"}, "type": "case", "count": 1, "points": 20, "chapters": ["11"]}]},
        bank=bank.select(chapter="11"), seed=1)
    for fmt in ("html", "md"):
        page = render_exam(exam, lang=lang, fmt=fmt)
        assert all(s in page for s in shown) and not any(h in page for h in hidden), (fmt, lang)
