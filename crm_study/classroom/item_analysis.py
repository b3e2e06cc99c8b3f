"""Item analysis of a class: facility, discrimination, most-missed items and tags, chapter mastery.

Definitions (classical test theory, as in nbgrader-style gradebooks and textbook item analysis):

- a student's **share** on an attempt is score / max_score;
- item statistics use each student's **first** attempt at the item (later tries follow the
  feedback and would flatter the item); chapter mastery uses the **latest** attempt, as the
  student's own mastery table does (``ProgressStore.mastery``);
- **facility** p of an item = the mean share of the students who tried it (1 = everyone right);
- **discrimination** D = facility in the upper group − facility in the lower group, the groups
  being the top and bottom 27 % of students ranked by their overall first-attempt share
  (Kelley's upper–lower index; ties ranked by name). D ≥ 0.3 separates strong from weak
  students well, D < 0.2 poorly, D < 0 points at a faulty key or a misleading item. Students
  choose what they practise, so each group's facility is over the group members who tried the
  item; an item no member of a group tried has no D.

>>> result = analyse(read_exports("class-exports/"))      # doctest: +SKIP
>>> result["missed_items"].head()                          # doctest: +SKIP
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from .._validate import number
from ..errors import DataError
from ..i18n import text

__all__ = ["GROUP_SHARE", "MASTERED", "first_attempts", "item_statistics", "tag_statistics", "chapter_mastery",
           "analyse"]

#: Share of students in each of the upper and lower groups (Kelley's 27 %).
GROUP_SHARE = 0.27
#: A chapter counts as mastered from this share of points (latest attempt per item) upwards.
MASTERED = 0.8
#: Bank tags that name a source (``seed000-24``: a past-paper item), not a topic: left out of the topic table.
_SOURCE_TAG = re.compile(r"^seed\d+-")


def _shares(attempts: pd.DataFrame) -> pd.DataFrame:
    df = attempts[attempts["max_score"] > 0]
    if df.empty:
        raise DataError(text(en="class report: the exports hold no attempt with points (max_score > 0).",
                             zh="班级报告：导出文件中没有任何计分的作答（max_score > 0）。"))
    return df.assign(share=(df["score"] / df["max_score"]).clip(0, 1))


def first_attempts(attempts: pd.DataFrame) -> pd.DataFrame:
    """Each student's first attempt at each item (attempts in file order, oldest first), with its ``share``."""
    return _shares(attempts).drop_duplicates(subset=["student", "item_id"], keep="first")


def _latest(attempts: pd.DataFrame) -> pd.DataFrame:
    return _shares(attempts).drop_duplicates(subset=["student", "item_id"], keep="last")


def _groups(first: pd.DataFrame, share: float) -> tuple[set, set]:
    totals = first.groupby("student")[["score", "max_score"]].sum()
    ranked = (totals["score"] / totals["max_score"]).rename("total").reset_index()
    ranked = ranked.sort_values(["total", "student"], kind="stable")["student"].tolist()
    n = len(ranked)
    k = min(max(1, int(np.floor(share * n + 0.5))), n // 2)
    return set(ranked[n - k:]), set(ranked[:k])


def item_statistics(attempts: pd.DataFrame, *, group_share: float = GROUP_SHARE) -> pd.DataFrame:
    """One row per item: chapter, type, students, attempts, facility, upper, lower, discrimination (D = upper − lower)."""
    group_share = number(group_share, name="group_share", where="item_statistics", lo=0, hi=0.5, lo_open=True)
    first = first_attempts(attempts)
    upper, lower = _groups(first, group_share)
    g = first.groupby("item_id", sort=True)
    out = pd.DataFrame({
        "chapter": g["chapter"].first(), "item_type": g["item_type"].first(), "tags": g["tags"].first(),
        "students": g["student"].nunique(),
        "attempts": attempts[attempts["max_score"] > 0].groupby("item_id")["student"].size(),
        "facility": g["share"].mean(),
        "upper": first[first["student"].isin(upper)].groupby("item_id")["share"].mean(),
        "lower": first[first["student"].isin(lower)].groupby("item_id")["share"].mean(),
    })
    out["discrimination"] = out["upper"] - out["lower"]
    out.index.name = "item_id"
    return out


def _tag_list(value: str) -> list[str]:
    try:
        tags = json.loads(value) if value else []
    except json.JSONDecodeError:
        tags = [t.strip() for t in value.split(",")]
    return [t for t in tags if isinstance(t, str) and t and not _SOURCE_TAG.match(t)]


def tag_statistics(attempts: pd.DataFrame) -> pd.DataFrame:
    """One row per topic tag over first attempts: items, students, responses, facility (mean share).

    Source tags (``seed000-24``) are not topics and are left out."""
    first = first_attempts(attempts)
    tags = first.assign(tag=first["tags"].map(_tag_list)).explode("tag").dropna(subset=["tag"])
    out = tags.groupby("tag", sort=True).agg(items=("item_id", "nunique"), students=("student", "nunique"),
                                             responses=("share", "size"), facility=("share", "mean"))
    return out


def chapter_mastery(attempts: pd.DataFrame) -> pd.DataFrame:
    """Per student and chapter: items tried and mastery = Σ score / Σ max_score over each item's latest attempt."""
    latest = _latest(attempts)
    g = latest.groupby(["student", "chapter"], sort=True)
    out = g.agg(items=("item_id", "nunique"), score=("score", "sum"), max_score=("max_score", "sum"))
    out["mastery"] = out["score"] / out["max_score"]
    return out.reset_index()


def _chapter_summary(mastery: pd.DataFrame) -> pd.DataFrame:
    g = mastery.groupby("chapter", sort=True)["mastery"]
    return pd.DataFrame({"students": g.size(), "mean": g.mean(), "q1": g.quantile(0.25), "median": g.median(),
                         "q3": g.quantile(0.75), "mastered": g.apply(lambda s: (s >= MASTERED).mean())})


def analyse(attempts: pd.DataFrame, *, top: int = 10, min_students: int = 5,
            group_share: float = GROUP_SHARE) -> dict[str, pd.DataFrame]:
    """Every table of the class report.

    Keys: ``summary`` (students, items, attempts), ``items`` (:func:`item_statistics`),
    ``missed_items`` / ``missed_tags`` (the ``top`` lowest facilities among items and tags
    tried by at least ``min_students`` students), ``tags``, ``mastery``
    (:func:`chapter_mastery`) and ``chapters`` (per chapter: students, mean, quartiles and
    the share of students at or above :data:`MASTERED`).
    """
    top = int(number(top, name="top", where="analyse", lo=1, integer=True))
    min_students = int(number(min_students, name="min_students", where="analyse", lo=1, integer=True))
    items = item_statistics(attempts, group_share=group_share)
    tags = tag_statistics(attempts)
    mastery = chapter_mastery(attempts)
    summary = pd.DataFrame({"value": [attempts["student"].nunique(), len(items), len(attempts)]},
                           index=pd.Index(["students", "items", "attempts"], name="what"))
    order = ["facility", "students"]
    return {
        "summary": summary, "items": items, "tags": tags, "mastery": mastery,
        "missed_items": items[items["students"] >= min_students].sort_values(order, ascending=[True, False],
                                                                             kind="stable").head(top),
        "missed_tags": tags[tags["students"] >= min_students].sort_values(order, ascending=[True, False],
                                                                         kind="stable").head(top),
        "chapters": _chapter_summary(mastery),
    }
