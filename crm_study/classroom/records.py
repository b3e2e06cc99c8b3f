"""Progress exports: one CSV per student, written from the progress store and read back as a class.

Export format (UTF-8 CSV, one row per recorded attempt): ``student, item_id, chapter,
item_type, tags, answered_at, score, max_score, correct`` and ``response``, plus any
further column the progress store holds (self-marks, for instance), copied as they are.
The store is opened read-only: exporting never changes a student's record.

Pseudonymised exports replace the name by ``anon-`` and ten hex digits of
SHA-256(salt + name) and leave out the typed responses (they may carry a name). With a
salt only the instructor knows, the instructor can re-link a pseudonym to the class list;
nobody else can.

>>> export_progress("my-progress.csv", student="wang.fang", pseudonymise=True, salt="CRM-2026")  # doctest: +SKIP
"""
from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd

from .._validate import number
from ..errors import ColumnError, DataError, InputTypeError
from ..i18n import text

__all__ = ["COLUMNS", "pseudonym", "store_attempts", "export_progress", "read_exports", "synthetic_class",
           "write_exports"]

#: The columns every export has, in this order (``response`` is left out of pseudonymised ones).
COLUMNS = ["student", "item_id", "chapter", "item_type", "tags", "answered_at", "score", "max_score", "correct",
           "response"]
_NEEDED = ["student", "item_id", "chapter", "tags", "score", "max_score"]
_TEXT = {"student": "str", "item_id": "str", "chapter": "str", "item_type": "str", "tags": "str",
         "answered_at": "str", "response": "str"}


def pseudonym(name: str, salt: str = "") -> str:
    """``anon-`` + the first ten hex digits of SHA-256(salt + name): stable, not reversible without the salt."""
    return "anon-" + hashlib.sha256((salt + name).encode("utf-8")).hexdigest()[:10]


def store_attempts(path=None) -> pd.DataFrame:
    """Every attempt in a progress file (default: this user's), read-only, all columns but ``id``."""
    from ..quiz.progress import APPLICATION_ID, ProgressStoreError, store_path

    path = Path(path) if path is not None else store_path()
    if not path.is_file():
        raise DataError(text(en="progress export: there is no progress file at {p} yet; answer a quiz first "
                                "(or set CRM_STUDY_HOME to the folder that holds progress.sqlite).",
                             zh="导出学习记录：{p} 还没有学习记录文件；请先做一次测验"
                                "（或把 CRM_STUDY_HOME 设为存放 progress.sqlite 的文件夹）。", p=path))
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise ProgressStoreError(text(en="progress export: {p} is not a crm-study progress file.",
                                              zh="导出学习记录：{p} 不是 crm-study 的学习记录文件。", p=path))
            frame = pd.read_sql_query("SELECT * FROM attempts ORDER BY id", conn)
    except sqlite3.Error as exc:
        raise ProgressStoreError(text(en="progress export: cannot read {p} ({e}).",
                                      zh="导出学习记录：无法读取 {p}（{e}）。", p=path, e=exc)) from exc
    return frame.drop(columns="id")


def export_progress(out, *, student: str | None = None, pseudonymise: bool = False, salt: str = "",
                    store=None) -> Path:
    """Write this user's attempts to ``out`` (CSV) for the instructor; returns the path written.

    ``student`` defaults to the login name; ``pseudonymise`` replaces it by :func:`pseudonym`
    and drops the typed responses. ``store`` is a progress file path (default: this user's).
    """
    if not isinstance(out, (str, os.PathLike)):
        raise InputTypeError(text(en="export_progress: out must be a file path, got {t}.",
                                  zh="export_progress：参数 out 应为文件路径，实际为 {t}。", t=type(out).__name__))
    name = student if student is not None else getpass.getuser()
    if not isinstance(name, str) or not name.strip():
        raise InputTypeError(text(en="export_progress: student must be a non-empty name, got {v!r}.",
                                  zh="export_progress：参数 student 应为非空的姓名或学号，实际为 {v!r}。", v=name))
    frame = store_attempts(store)
    frame.insert(0, "student", pseudonym(name.strip(), salt) if pseudonymise else name.strip())
    if pseudonymise:
        frame = frame.drop(columns="response", errors="ignore")
    known = [c for c in COLUMNS if c in frame.columns]
    frame = frame[known + [c for c in frame.columns if c not in known]]
    out = Path(out).expanduser()
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
    return out


def read_exports(folder) -> pd.DataFrame:
    """Every export (``*.csv``, sub-folders included) under ``folder`` as one table of attempts.

    An attempt found in two files (a student who exported twice) is kept once.
    """
    if not isinstance(folder, (str, os.PathLike)):
        raise InputTypeError(text(en="read_exports: folder must be a folder path, got {t}.",
                                  zh="read_exports：参数 folder 应为文件夹路径，实际为 {t}。", t=type(folder).__name__))
    folder = Path(folder).expanduser()
    files = sorted(folder.rglob("*.csv")) if folder.is_dir() else []
    if not files:
        raise DataError(text(en="class report: no progress exports (*.csv) in {p}; collect the files the students "
                                "wrote with `crm-study progress export` in that folder.",
                             zh="班级报告：{p} 中没有学习记录导出文件（*.csv）；请把学生用 "
                                "`crm-study progress export` 导出的文件收集到该文件夹。", p=folder))
    frames = []
    for path in files:
        try:
            df = pd.read_csv(path, dtype=_TEXT, encoding="utf-8", keep_default_na=False)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise DataError(text(en="class report: {p} is not a readable CSV export ({e}); ask the student to export again.",
                                 zh="班级报告：{p} 不是可读取的 CSV 导出文件（{e}）；请让该学生重新导出。",
                                 p=path, e=exc)) from exc
        missing = [c for c in _NEEDED if c not in df.columns]
        if missing:
            raise ColumnError(text(en="class report: {p} lacks the column(s) {m}; it is not a crm-study progress "
                                      "export (write one with `crm-study progress export`).",
                                   zh="班级报告：{p} 缺少列 {m}，不是 crm-study 的学习记录导出文件"
                                      "（请用 `crm-study progress export` 导出）。", p=path, m=", ".join(missing)))
        for col in ("score", "max_score"):
            values = pd.to_numeric(df[col], errors="coerce")
            bad = values.isna() | (values < 0)
            if bad.any():
                row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
                raise DataError(text(en="class report: {p}, line {r}: {c} must be a number ≥ 0, got {v!r}.",
                                     zh="班级报告：{p} 第 {r} 行：{c} 应为不小于 0 的数，实际为 {v!r}。",
                                     p=path, r=row, c=col, v=df[col].iloc[row - 2]))
            df[col] = values.astype("float64")
        frames.append(df.assign(_file=path.name))
    out = pd.concat(frames, ignore_index=True)
    for col in ("item_type", "answered_at"):
        if col not in out.columns:
            out[col] = ""
    key = ["student", "item_id", "answered_at", "score"]
    return out.drop_duplicates(subset=key).sort_values(["student", "answered_at"], kind="stable").reset_index(drop=True)


def synthetic_class(n_students: int = 30, *, seed: int = 0, bank=None) -> pd.DataFrame:
    """A made-up class in the export format, for demos and speed tests (the kit's own hypothetical data).

    Each student has an ability θ ~ N(0, 1), each item a difficulty b ~ N(0, 1); a student
    tries about 60 % of the items, answers correctly with probability 1 / (1 + e^(b − θ)),
    and retries a quarter of the items missed (second try: one step easier).
    """
    from ..quiz.bank import load_bank

    n = int(number(n_students, name="n_students", where="synthetic_class", lo=1, integer=True))
    rng = np.random.default_rng(seed)
    items = pd.DataFrame([{"item_id": it.id, "chapter": it.chapter, "item_type": it.type,
                           "tags": json.dumps(sorted(it.tags)), "max_score": float(it.points)}
                          for it in (bank if bank is not None else load_bank())])
    ability = rng.normal(size=n)
    difficulty = rng.normal(size=len(items))
    tried = rng.random((n, len(items))) < 0.6
    student_idx, item_idx = np.nonzero(tried)
    p = 1 / (1 + np.exp(difficulty[item_idx] - ability[student_idx]))
    correct = rng.random(len(p)) < p
    retry = ~correct & (rng.random(len(p)) < 0.25)
    p_retry = 1 / (1 + np.exp(difficulty[item_idx[retry]] - 1 - ability[student_idx[retry]]))
    first = pd.DataFrame({"s": student_idx, "i": item_idx, "correct": correct, "try": 0})
    second = pd.DataFrame({"s": student_idx[retry], "i": item_idx[retry],
                           "correct": rng.random(int(retry.sum())) < p_retry, "try": 1})
    rows = pd.concat([first, second], ignore_index=True).sort_values(["s", "try", "i"], kind="stable")
    out = items.iloc[rows["i"].to_numpy()].reset_index(drop=True)
    out.insert(0, "student", [f"student{s + 1:03d}" for s in rows["s"]])
    minutes = rows.groupby("s").cumcount().to_numpy()
    out["answered_at"] = (pd.Timestamp("2025-01-01T08:00:00+00:00") + pd.to_timedelta(minutes, unit="min")
                          ).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    out["correct"] = rows["correct"].to_numpy()
    out["score"] = np.where(out["correct"], out["max_score"], 0.0)
    out["response"] = ""
    return out[COLUMNS]


def write_exports(frame: pd.DataFrame, folder) -> list[Path]:
    """Write a class table (as :func:`synthetic_class` returns) as one export file per student."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for student, rows in frame.groupby("student", sort=True):
        path = folder / f"{student}.csv"
        rows.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        paths.append(path)
    return paths
