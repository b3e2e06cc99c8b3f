"""How closely the written-answer marker agrees with a fair human marker, on the calibration set.

    .venv/bin/python benchmarks/bench_marking.py [answers.yaml]

The calibration set (``tests/fixtures/marking_calibration.yaml``) holds realistic student
answers to written items of all twelve chapters, each with the mark a lecturer gave it
before the keypoints were revised. The table shows, per kind of answer, the mean share of
the item's points the kit gives and the marker gives, the mean absolute difference, and the
share of answers on which the two are within 12.5 % of the item's points. Given a file, it reads
that set instead (the same format): ``tests/fixtures/marking_holdout*.yaml`` hold answers written
blind, by markers who never saw the keypoints; each file's header says when it was measured blind and
what it was used for afterwards (``marking_holdout_4.yaml`` is the latest).

Bar (issue #10): mean |kit − marker| ≤ 10 %; ≥ 85 % within 12.5 %; bare lists ≤ 50 % (on items that ask
for more than a list; "bare_list (list asked)" are the others);
negated and stuffed ≤ 15 % each; textbook ≥ 80 %; paraphrase ≥ 60 %.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import yaml

from crm_study.quiz import grade, load_bank

CALIBRATION = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "marking_calibration.yaml"
KINDS = ["textbook", "paraphrase", "partial", "bare_list", "bare_list (list asked)", "confused", "negated", "stuffed",
         "english"]
WITHIN = 0.125


def marks(path: Path = CALIBRATION) -> pd.DataFrame:
    """One row per calibration answer: item, kind, points, marker share, kit share, |difference|."""
    bank = load_bank()
    rows = []
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item_id, answers in raw["items"].items():
        item = bank[item_id]
        for a in answers:
            kit = grade(item, a["answer"]).score
            kind = "bare_list (list asked)" if a["kind"] == "bare_list" and item_id in raw.get("list_only", []) \
                else a["kind"]
            rows.append({"item": item_id, "kind": kind, "points": item.points, "answer": a["answer"],
                         "marker": a["mark"] / item.points, "kit": kit / item.points})
    df = pd.DataFrame(rows)
    df["diff"] = (df["kit"] - df["marker"]).abs()
    return df


def agreement(df: pd.DataFrame) -> pd.DataFrame:
    """Per kind and overall: answers, mean kit share, mean marker share, mean |diff|, share within 12.5 %."""
    def summary(g: pd.DataFrame) -> pd.Series:
        return pd.Series({"answers": len(g), "kit": g["kit"].mean(), "marker": g["marker"].mean(),
                          "mean_abs_diff": g["diff"].mean(), "within_12_5": (g["diff"] <= WITHIN + 1e-9).mean()})

    table = pd.DataFrame({k: summary(df[df["kind"] == k]) for k in KINDS if (df["kind"] == k).any()}).T
    table.loc["all"] = summary(df)
    table["answers"] = table["answers"].astype(int)
    return table.round(3)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CALIBRATION
    df = marks(path)
    print(f"{path.name}: {len(df)} answers to {df['item'].nunique()} written items")
    print(agreement(df).to_string())
    worst = df.sort_values("diff", ascending=False).head(12)
    print("\nlargest disagreements:")
    for r in worst.itertuples():
        print(f"  {r.item:16} {r.kind:10} kit {r.kit:.2f} marker {r.marker:.2f}  {r.answer[:70]}")


if __name__ == "__main__":
    main()
