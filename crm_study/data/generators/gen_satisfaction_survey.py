"""Generator of ``satisfaction_survey``: 400 guests of a (fictional) Hangzhou hotel group.

Each respondent rates two expectation and two perception items for each SERVQUAL
dimension (1–7), the importance of each dimension (1–7), overall satisfaction (1–7)
and the NPS question (0–10), and answers the Kano question pair for five features.
Built so that perception falls furthest below expectation on responsiveness, and
the Kano table shows must-be (Wi-Fi), one-dimensional (breakfast), attractive (robot
delivery, late check-out) and indifferent (printed newspaper) features.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["generate", "N_RESPONDENTS", "FEATURES"]

N_RESPONDENTS = 400
DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
_EXPECT = np.array([5.3, 6.3, 6.1, 5.9, 5.5])
_PERCEIVE = np.array([5.6, 5.5, 4.7, 5.6, 5.1])
_IMPORTANCE = np.array([4.6, 6.4, 6.0, 5.6, 5.0])
_ANSWERS = np.array(["like", "must-be", "neutral", "live-with", "dislike"])
_CATS = np.array(["A", "O", "M", "I", "R", "Q"])
#: Kano features and the probability of each true category A, O, M, I, R, Q.
FEATURES = {
    "wifi": (0.08, 0.20, 0.55, 0.12, 0.02, 0.03),
    "breakfast": (0.15, 0.45, 0.20, 0.15, 0.02, 0.03),
    "robot_delivery": (0.45, 0.10, 0.05, 0.30, 0.07, 0.03),
    "late_checkout": (0.40, 0.25, 0.10, 0.20, 0.02, 0.03),
    "newspaper": (0.12, 0.05, 0.08, 0.55, 0.15, 0.05),
}


def _likert(values: np.ndarray, lo: int = 1, hi: int = 7) -> np.ndarray:
    return np.clip(np.rint(values), lo, hi).astype("int64")


def _kano_pairs(rng: np.random.Generator, probs, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Answer pairs consistent with a true category drawn per respondent."""
    cat = rng.choice(_CATS, size=n, p=np.asarray(probs) / np.sum(probs))

    def middle(p):
        return rng.choice(_ANSWERS[1:4], size=n, p=p)

    func = np.select(
        [np.isin(cat, ["A", "O"]), cat == "M", cat == "I", cat == "R"],
        [np.full(n, "like"), middle([0.5, 0.3, 0.2]), middle([0.3, 0.5, 0.2]), np.full(n, "dislike")],
        default=np.where(rng.random(n) < 0.5, "like", "dislike"))
    dysf = np.select(
        [cat == "A", np.isin(cat, ["O", "M"]), cat == "I", cat == "R"],
        [middle([0.2, 0.5, 0.3]), np.full(n, "dislike"), middle([0.2, 0.5, 0.3]),
         rng.choice(_ANSWERS[[0, 2, 3]], size=n, p=[0.4, 0.4, 0.2])],
        default=func)
    return func, dysf


def generate(seed: int) -> pd.DataFrame:
    """The survey table, deterministic for a given ``seed``."""
    rng = np.random.default_rng(seed)
    n = N_RESPONDENTS
    returning = rng.random(n) < 0.55
    style = rng.normal(0, 0.45, n)                      # a respondent's general rating level
    experience = rng.normal(0, 0.75, n) + 0.3 * returning
    cols: dict[str, np.ndarray] = {
        "respondent_id": np.arange(1, n + 1, dtype="int64"),
        "segment": np.where(returning, "returning", "new"),
    }
    exp_means, perc_means = [], []
    for kind, base in (("exp", _EXPECT), ("perc", _PERCEIVE)):
        for d, dim in enumerate(DIMENSIONS):
            person = rng.normal(0, 0.45, n) + style + (experience if kind == "perc" else 0.2 * returning)
            items = [_likert(base[d] + person + rng.normal(0, 0.55, n)) for _ in range(2)]
            for i, item in enumerate(items, start=1):
                cols[f"{kind}_{dim}_{i}"] = item
            (exp_means if kind == "exp" else perc_means).append((items[0] + items[1]) / 2)
    for d, dim in enumerate(DIMENSIONS):
        cols[f"imp_{dim}"] = _likert(_IMPORTANCE[d] + 0.5 * style + rng.normal(0, 0.8, n))
    gap = np.mean(perc_means, axis=0) - np.mean(exp_means, axis=0)
    overall = 5.2 + 0.9 * gap + 0.6 * experience + 0.4 * style + rng.normal(0, 0.55, n)
    cols["overall_sat"] = _likert(overall)
    cols["nps_score"] = _likert(1.55 * overall - 0.9 + rng.normal(0, 1.1, n), 0, 10)
    for feature, probs in FEATURES.items():
        cols[f"kano_{feature}_func"], cols[f"kano_{feature}_dysf"] = _kano_pairs(rng, probs, n)
    return pd.DataFrame(cols)
