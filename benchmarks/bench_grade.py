"""Grade 10,000 mixed responses (every question type, right, wrong, partial and odd forms) and print the time.

    .venv/bin/python benchmarks/bench_grade.py

The bar (issue #10): under 0.2 s. Feedback text is written when a result's ``feedback`` is first
read, so this measures the marking itself; ``--feedback`` also reads every feedback, as the widget does.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from crm_study.quiz import grade, load_bank, reference_response

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "quiz" / "good"
N = 10_000
ODD = {
    "true_false": ["√", "×", "对", "错误", "F", "maybe"],
    "single_choice": ["C", "ｂ", 1, "AC", "Z"],
    "multiple_choice": ["A,C,D", "a、c", ["A", "D"], "ACD"],
    "numeric": ["266.67元", "1,234.5", "25.5%", "0.255", "２６６．６７", "abc"],
    "term": ["整个生命周期的利润", "Whole relationship, PROFIT and discounting!", ""],
    "short_answer": ["简单直观，但忽略未来", "simple but past only", "no idea"],
    "matching": ["BAC", [1, 0, 3], ["B", "A"]],
    "case": [{"t90-case-001-a": "25.5%", "t90-case-001-b": "simplify sign-up"}, ["0.255"]],
}


def main() -> None:
    items = list(load_bank(FIXTURES))
    rng = random.Random(0)
    work = []
    for _ in range(N):
        item = rng.choice(items)
        forms = ODD[item.type] + [reference_response(item)]
        work.append((item, rng.choice(forms)))
    start = time.perf_counter()
    results = [grade(item, response) for item, response in work]
    elapsed = time.perf_counter() - start
    total = sum(r.score for r in results)
    print(f"graded {N:,} responses in {elapsed:.3f} s ({elapsed / N * 1e6:.1f} µs each); total score {total:,.1f}")
    if "--feedback" in sys.argv:
        start = time.perf_counter()
        chars = sum(len(r.feedback) for r in results)
        print(f"wrote their feedback ({chars:,} characters) in {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
