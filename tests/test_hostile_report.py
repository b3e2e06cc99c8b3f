"""Every input of the hostile-input review (../shared/reviews/2026-12-instructor-and-hostile-input.md,
part 2, "Full table of inputs") is replayed by a hostile test that names it.

A case is named by a test function (``test_v09_…`` names V09, ``test_v05_v07_…`` names V05 and
V07) or by a parametrised case id (``ids=["V06-thousands"]`` names V06). The review is read
from the shared folder beside the checkout; without it the test is skipped.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT.parent / "shared" / "reviews" / "2026-12-instructor-and-hostile-input.md"
CASE = re.compile(r"^([a-z])(\d\d)([a-z]?)$|^perf$", flags=re.I)


def review_ids(text: str) -> list[str]:
    table = text.split("## Full table of inputs", 1)[1]
    return re.findall(r"^\| ([A-Z]+\d*[a-z]?) \|", table, flags=re.M)


def _case(word: str) -> str | None:
    """``v09`` → ``V09``, ``p11b`` → ``P11b``, ``perf`` → ``PERF``; anything else → None."""
    m = CASE.match(word)
    if not m:
        return None
    return "PERF" if m.group(1) is None else m.group(1).upper() + m.group(2) + m.group(3).lower()


def named_cases(source: str) -> set[str]:
    """The case ids a test module names: in test function names and in literal ``ids=[...]`` lists."""
    words = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            words += node.name.split("_")[1:]
            for call in (d for d in node.decorator_list if isinstance(d, ast.Call)):
                for kw in (k for k in call.keywords if k.arg == "ids" and isinstance(k.value, (ast.List, ast.Tuple))):
                    words += [e.value.split("-")[0] for e in kw.value.elts
                              if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return {case for case in map(_case, words) if case}


def hostile_sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/test_hostile_*.py"))
            if p.name != Path(__file__).name}


def test_named_cases_reads_function_names_and_case_ids():
    source = ('@pytest.mark.parametrize("x", [1], ids=["V06-thousands", "plain"])\n'
              "def test_v05_v07_text_amounts(x): pass\n"
              "def test_p11b_reading(): pass\n"
              "def test_perf_large_log(): pass\n"
              "def helper_v99(): pass\n")
    assert named_cases(source) >= {"V05", "V06", "V07", "P11b", "PERF"}
    assert "V99" not in named_cases(source) and "V01" not in named_cases(source)


def test_every_input_of_the_review_has_a_hostile_test():
    if not REVIEW.is_file():
        pytest.skip(f"the review is not beside the checkout ({REVIEW})")
    ids = review_ids(REVIEW.read_text(encoding="utf-8"))
    assert len(ids) == 137 and len(set(ids)) == 137
    named = set().union(*(named_cases(src) for src in hostile_sources().values()))
    missing = [i for i in ids if i not in named]
    assert missing == [], f"review cases without a hostile test naming them: {missing}"
