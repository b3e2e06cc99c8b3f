"""Moodle exports: Moodle XML with categories, points, every type including cases, read back to the bank;
GIFT with categories and escaping; the export command."""
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crm_study.cli import main
from crm_study.errors import InputTypeError
from crm_study.quiz import load_bank
from crm_study.quiz.bank import TEXT_TYPES, numeric_tolerance
from crm_study.quiz.export import category_path, gift_escape, to_gift, to_moodle_xml

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
EVIL = "<script>alert('x')</script> a~b=c#d{e}f:g"


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def kit_bank():
    return load_bank()


# ---- reading Moodle XML back, the way Moodle's importer sees it ----------------------------------

def _plain(fragment: str | None) -> str:
    """The text of an HTML fragment as the kit wrote it: <p>…</p> with <br> for line breaks."""
    inner = re.sub(r"^<p>|</p>$", "", fragment or "")
    return html.unescape(inner.replace("<br>", "\n"))


_CLOZE = re.compile(r"\{(\d+):(NUMERICAL|MULTICHOICE|MULTIRESPONSE):((?:\\.|[^}\\])*)\}")


def read_moodle(xml_text: str) -> dict:
    """``{name: {type, category, grade, ...}}`` from Moodle XML: answers, fractions, tolerances, sub-questions."""
    out, category = {}, None
    for q in ET.fromstring(xml_text):
        kind = q.get("type")
        if kind == "category":
            category = q.findtext("category/text")
            continue
        rec = {"type": kind, "category": category, "grade": float(q.findtext("defaultgrade")),
               "text": q.findtext("questiontext/text"), "feedback": _plain(q.findtext("generalfeedback/text")),
               "answers": [(float(a.get("fraction")), _plain(a.findtext("text")), a.findtext("tolerance"))
                           for a in q.findall("answer")],
               "pairs": [(_plain(s.findtext("text")), s.findtext("answer/text")) for s in q.findall("subquestion")],
               "grader": q.findtext("graderinfo/text"), "single": q.findtext("single")}
        if kind == "cloze":
            rec["cloze"] = [(int(w), t, body) for w, t, body in _CLOZE.findall(rec["text"])]
        out[q.findtext("name/text")] = rec
    return out


def _cloze_answers(kind: str, body: str):
    alts = re.split(r"(?<!\\)~", body)
    if kind == "NUMERICAL":
        value, tol = alts[0].lstrip("=").split(":")
        return float(value), float(tol)
    if kind == "MULTICHOICE":
        return [k for k, a in enumerate(alts) if a.startswith("=")]
    return [k for k, a in enumerate(alts) if not a.startswith("%-")]


def check_round_trip(bank, xml_text: str, lang: str) -> int:
    """Every item comes back with its category, points and answers; returns the number of items checked."""
    got = read_moodle(xml_text)
    for item in bank:
        pick = (lambda v: v[lang])
        if item.type == "case":
            auto = [p for p in item.parts if p.type not in TEXT_TYPES]
            rec = got[item.id]
            assert rec["type"] == "cloze" and rec["grade"] == pytest.approx(sum(p.points for p in auto))
            assert pick(item.case) in html.unescape(rec["text"])
            subs = iter(rec["cloze"])
            weights = []
            for part in auto:
                n = len(part.slots) if part.type == "matching" else 1
                chunk = [next(subs) for _ in range(n)]
                weights.append(sum(w for w, _, _ in chunk))
                if part.type == "numeric":
                    assert _cloze_answers("NUMERICAL", chunk[0][2]) == (pytest.approx(part.answer), pytest.approx(numeric_tolerance(part)))
                elif part.type == "single_choice":
                    assert _cloze_answers("MULTICHOICE", chunk[0][2]) == [part.answer]
                elif part.type == "multiple_choice":
                    assert _cloze_answers("MULTIRESPONSE", chunk[0][2]) == list(part.answer)
                elif part.type == "true_false":
                    assert _cloze_answers("MULTICHOICE", chunk[0][2]) == [0 if part.answer else 1]
                else:
                    assert [_cloze_answers("MULTICHOICE", body) for _, _, body in chunk] == [[a] for a in part.answer]
            assert next(subs, None) is None
            scale = sum(weights) / sum(p.points for p in auto)       # Cloze weights are whole numbers
            assert weights == [pytest.approx(p.points * scale) for p in auto]
            for part in item.parts:
                if part.type in TEXT_TYPES:
                    assert got[part.id]["type"] == "essay" and got[part.id]["grade"] == part.points
                    assert got[part.id]["category"] == category_path(item, lang)
            continue
        rec = got[item.id]
        assert rec["category"] == category_path(item, lang) and rec["grade"] == item.points
        assert _plain(rec["text"]).startswith(pick(item.prompt))
        if item.explanation and item.type not in TEXT_TYPES:
            assert rec["feedback"] == pick(item.explanation)
        if item.type == "true_false":
            assert rec["type"] == "truefalse"
            assert [t for f, t, _ in rec["answers"] if f == 100] == ["true" if item.answer else "false"]
        elif item.type in ("single_choice", "multiple_choice"):
            assert rec["type"] == "multichoice" and [t for _, t, _ in rec["answers"]] == [pick(o) for o in item.options]
            right = [k for k, (f, _, _) in enumerate(rec["answers"]) if f > 0]
            assert right == ([item.answer] if item.type == "single_choice" else list(item.answer))
            assert rec["single"] == ("true" if item.type == "single_choice" else "false")
            assert sum(f for f, _, _ in rec["answers"] if f > 0) == pytest.approx(100, abs=0.01)
        elif item.type == "numeric":
            assert rec["type"] == "numerical"
            (fraction, value, tol), = rec["answers"]
            assert (fraction, float(value), float(tol)) == (100, pytest.approx(item.answer), pytest.approx(numeric_tolerance(item)))
        elif item.type == "matching":
            assert rec["type"] == "matching"
            pairs = [(pick(s), pick(item.choices[a])) for s, a in zip(item.slots, item.answer)]
            distractors = [("", pick(c)) for k, c in enumerate(item.choices) if k not in item.answer]
            assert rec["pairs"] == pairs + distractors
        else:
            assert rec["type"] == "essay" and rec["feedback"] == pick(item.model_answer)
            for kp in item.keypoints:   # each point as the paper's key states it: its label (or first phrase) and points
                assert f"<li>{kp.titles[lang]} (" in html.unescape(rec["grader"])
    return len(bank)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_moodle_xml_of_the_kits_banks_round_trips(kit_bank, lang):
    xml_text, skipped = to_moodle_xml(kit_bank, lang=lang)
    assert skipped == []
    assert check_round_trip(kit_bank, xml_text, lang) == len(kit_bank)


def test_moodle_xml_has_a_category_per_chapter_and_type_and_every_type(kit_bank):
    xml_text, _ = to_moodle_xml(kit_bank, lang="zh")
    root = ET.fromstring(xml_text)
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert len(categories) == len(set(categories)) == len({(it.chapter, it.type) for it in kit_bank})
    assert "$course$/top/客户关系管理/04 客户价值/判断题" in categories
    assert {q.get("type") for q in root} == {"category", "truefalse", "multichoice", "numerical", "essay", "matching", "cloze"}


def test_moodle_xml_of_the_fixture_bank_every_type_by_hand():
    bank = load_bank(FIXTURES / "good")
    xml_text, skipped = to_moodle_xml(bank, lang="en")
    assert skipped == [] and check_round_trip(bank, xml_text, "en") == 11
    got = read_moodle(xml_text)
    assert got["t90-tf-001"]["category"] == "$course$/top/Customer Relationship Management/Chapter 90/True or false"
    assert got["t90-tf-001"]["grade"] == 1.5
    mc = got["t90-mc-001"]
    assert [f for f, _, _ in mc["answers"]] == [pytest.approx(33.3333333), -100, pytest.approx(33.3333333), pytest.approx(33.3333333)]
    assert "each earns 1/3 of the points; any wrong option scores 0" in _plain(mc["text"])
    assert got["t90-num-001"]["answers"][0][2] == "0.01"                               # the item's own tolerance
    assert [w for w, _, _ in got["t90-case-001"]["cloze"]] == [4]
    assert "Marking points (6 pts):" in got["t90-case-001-b"]["grader"] and "(3 pts)</li>" in got["t90-case-001-b"]["grader"]


def test_all_or_nothing_multiple_choice_and_whole_case_essays():
    bank = load_bank(FIXTURES / "good")
    got = read_moodle(to_moodle_xml(bank, lang="en", multiple="all_or_nothing", cases="essay")[0])
    mc = got["t90-mc-001"]
    assert mc["type"] == "multichoiceset" and [f for f, _, _ in mc["answers"]] == [100, 0, 100, 100]
    case = got["t90-case-001"]
    assert case["type"] == "essay" and case["grade"] == 10
    assert "(a) (4 pts) 25.5" in html.unescape(case["grader"]) and "t90-case-001-b" not in got


def test_moodle_xml_escapes_hostile_text(tmp_path):
    path = tmp_path / "ch72_evil.yaml"
    path.write_text('chapter: "72"\ntitle: {zh: 坏, en: Evil}\nitems:\n'
                    f'  - {{id: e72-sc-001, type: single_choice, prompt: {{zh: 题, en: "{EVIL}"}}, '
                    f'options: [{{zh: 甲, en: "a}}#~b"}}, {{zh: 乙, en: "</text>&"}}], answer: 1, explanation: {{zh: 解, en: why}}}}\n'
                    '  - id: e72-case-001\n    type: case\n    case: {zh: 案例, en: "Case <b>"}\n    parts:\n'
                    f'      - {{id: e72-case-001-a, type: single_choice, prompt: {{zh: 问, en: Q}}, options: [{{zh: 甲, en: "a}}#~b"}}, '
                    '{zh: 乙, en: "x/y"}], answer: 0, explanation: {zh: 解, en: why}}\n', encoding="utf-8")
    bank = load_bank(path)
    xml_text, _ = to_moodle_xml(bank, lang="en")
    got = read_moodle(xml_text)                                 # parses: nothing breaks the XML
    assert _plain(got["e72-sc-001"]["text"]) == EVIL and got["e72-sc-001"]["answers"][1][1] == "</text>&"
    assert "<script>" not in got["e72-sc-001"]["text"]
    assert got["e72-case-001"]["cloze"] == [(1, "MULTICHOICE", "=a\\}\\#～b~x/y")]


def test_moodle_xml_checks_arguments():
    bank = load_bank(FIXTURES / "good")
    with pytest.raises(InputTypeError, match="to_moodle_xml: bank must be a Bank"):
        to_moodle_xml([])
    with pytest.raises(ValueError, match="multiple='partial' or 'all_or_nothing'"):
        to_moodle_xml(bank, multiple="some")


# ---- GIFT -----------------------------------------------------------------------------------

def test_gift_escapes_every_special_character():
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift_escape("line 1\nline 2") == "line 1\\nline 2"


def test_gift_export_of_every_type_with_categories_and_skips_with_reasons():
    gift, skipped = to_gift(load_bank(FIXTURES / "good"), lang="en")
    assert gift.startswith("$CATEGORY: $course$/top/Customer Relationship Management/Chapter 90/True or false\n")
    assert gift.count("$CATEGORY: ") == 7
    assert "::t90-tf-001::[html]Only large firms need CRM.{F####Firms of every size manage customer relationships.}" in gift
    assert "{~Revenue ~Retention =Recency ~Referral####" in gift
    assert "~%33.33333%Information ~%-100%Shares" in gift
    assert "CLV \\= m·r/(1+d−r)? (yuan){#266.67:0.01####" in gift           # ':' and '=' escaped, unit added once
    assert "Conversion rate of the bottleneck step (%)?{#25.5:0.1275" in gift
    assert "::t90-term-001::[html]Customer lifetime value{####The discounted profit" in gift
    assert "{=① -> CTI =② -> ACD =③ -> IVR####" in gift
    assert skipped == [("t90-case-001", "case: GIFT has no multi-part question; export as Moodle XML (--format moodle) to keep it")]
    assert gift.count("\n\n// ") == 10  # questions (and categories) separated by blank lines


def test_gift_escapes_a_hostile_prompt(tmp_path):
    path = tmp_path / "ch72_evil.yaml"
    path.write_text('chapter: "72"\ntitle: {zh: 坏, en: Evil}\nitems:\n'
                    f'  - {{id: e72-sa-000, type: short_answer, prompt: {{zh: 题, en: "{EVIL}"}}, '
                    'keypoints: [{points: 2, any: {zh: [甲], en: [alpha]}}], model_answer: {zh: 甲, en: alpha and beta}}\n',
                    encoding="utf-8")
    gift, _ = to_gift(load_bank(path), lang="en")
    assert "::e72-sa-000::[html]&lt;script&gt;alert('x')&lt;/script&gt; a\\~b\\=c\\#d\\{e\\}f\\:g{####alpha and beta}" in gift


def test_gift_skips_matching_with_fewer_than_three_slots(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text('chapter: "71"\ntitle: {zh: 配, en: Match}\nitems:\n'
                    '  - {id: m71-fill-001, type: matching, prompt: {zh: 配对, en: Match}, slots: [{zh: ①, en: ①}, '
                    '{zh: ②, en: ②}], choices: [{zh: 甲, en: a}, {zh: 乙, en: b}], answer: [1, 0], '
                    'explanation: {zh: 解, en: why}}\n', encoding="utf-8")
    gift, skipped = to_gift(load_bank(path), lang="zh")
    assert gift == "" and skipped == [("m71-fill-001", "填图/配对题只有 2 个空位、2 个选项：Moodle 要求更多配对")]
    assert to_moodle_xml(load_bank(path), lang="zh")[1] == skipped


def test_gift_checks_arguments():
    with pytest.raises(InputTypeError, match="to_gift: bank must be a Bank"):
        to_gift([])
    with pytest.raises(ValueError, match="to_gift: lang must be 'zh' or 'en'"):
        to_gift(load_bank(FIXTURES / "good"), lang="de")


# ---- command line -------------------------------------------------------------------------

def test_cli_export_gift_lists_skipped_items(tmp_path, capsys):
    out = tmp_path / "q.gift.txt"
    assert main(["export", "--format", "gift", "--bank", str(FIXTURES / "good"), "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "skipped t90-case-001: case: GIFT has no multi-part question" in printed
    assert "// t90-tf-001\n::t90-tf-001::" in out.read_text(encoding="utf-8")


def test_cli_export_moodle_writes_xml(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "moodle", "--bank", str(FIXTURES / "good"), "--lang", "zh"]) == 0
    assert "skipped" not in capsys.readouterr().out
    got = read_moodle((tmp_path / "quiz.moodle.xml").read_text(encoding="utf-8"))
    assert got["t90-case-001"]["type"] == "cloze" and len(got) == 12   # 10 items + case Cloze + its written part
