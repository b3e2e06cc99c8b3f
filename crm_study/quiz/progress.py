"""The progress store: every graded attempt in a small SQLite database in a per-user folder.

Where: ``$CRM_STUDY_HOME/progress.sqlite`` if ``CRM_STUDY_HOME`` is set (a relative path is
taken from the home folder, with a warning), else
``~/.local/share/crm-study`` (Linux), ``%APPDATA%\\crm-study`` (Windows) or
``~/Library/Application Support/crm-study`` (macOS). Created on first use.

Safety: WAL journal, one transaction per attempt (two notebooks answering at once
lose nothing; a killed kernel loses at most the answer being written). Commits are synced
to disk at WAL checkpoints (``synchronous = NORMAL``), so a commit takes no disk flush and a
writer never holds the lock for long: a crash of the kernel or of the program loses nothing
committed; only a power cut can lose the last few answers. A store locked
by another program is waited for ``BUSY_SECONDS`` and then reported as "in use by
another program"; reading never takes a write lock; a folder the user cannot write
to is reported as read-only (its history can still be read). The file is marked with ``PRAGMA application_id`` and versioned with
``PRAGMA user_version``; a file that is not SQLite, or is someone else's database,
raises :class:`ProgressStoreError` and is never touched.

Leitner boxes (1–5): an item's box is 1 after a wrong answer and goes up one for each
correct answer since (first correct answer → box 2). Review picks the lowest boxes
first, oldest attempt first; box 5 counts as mastered.

Written answers (term, short answer, the written parts of a case) are self-marked: each
attempt keeps the kit's suggestion (``score``, of which ``written_kit`` of ``written_max``
points are written) and, once the student has ticked the checklist, the student's own
mark for the written points (``self_score``, per point in ``self_marks``). Where a
student has marked an attempt, their own mark counts; mastery reports the auto-marked
(objective) and self-marked (written) points apart.

>>> store = ProgressStore()                    # doctest: +SKIP
>>> store.record(item, "对", grade(item, "对"))  # doctest: +SKIP
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from ..errors import DataError, InputTypeError
from ..i18n import text
from .bank import Item
from .marking import Result

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "MAX_BOX", "BUSY_SECONDS", "ProgressStoreError", "ProgressStore", "store_path",
           "mastery", "plot_mastery"]

APPLICATION_ID = 0x43524D51  # "CRMQ"
SCHEMA_VERSION = 2
MAX_BOX = 5
BUSY_SECONDS = 1.0  # how long to wait for another program's lock before saying so: an answer within 2 s
_SCHEMA = (
    "CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL, chapter TEXT NOT NULL, "
    "item_type TEXT NOT NULL, tags TEXT NOT NULL, answered_at TEXT NOT NULL, response TEXT, score REAL NOT NULL, "
    "max_score REAL NOT NULL, correct INTEGER NOT NULL)",
    "CREATE INDEX attempts_item ON attempts(item_id, id)",
)
# Schema 2: the written (self-marked) share of each attempt and the student's own mark for it.
_SELF_MARK_COLUMNS = (
    "ALTER TABLE attempts ADD COLUMN written_max REAL NOT NULL DEFAULT 0",
    "ALTER TABLE attempts ADD COLUMN written_kit REAL NOT NULL DEFAULT 0",
    "ALTER TABLE attempts ADD COLUMN self_score REAL",
    "ALTER TABLE attempts ADD COLUMN self_marks TEXT",
)
_COLUMNS = ["id", "item_id", "chapter", "item_type", "tags", "answered_at", "response", "score", "max_score", "correct",
            "written_max", "written_kit", "self_score", "self_marks"]


class ProgressStoreError(DataError):
    """The progress file cannot be used: not SQLite, not the kit's, from a newer kit, or unwritable."""


def store_path() -> Path:
    """The progress database file: ``$CRM_STUDY_HOME/progress.sqlite`` or the per-user data folder."""
    home = os.environ.get("CRM_STUDY_HOME")
    if home:
        if not Path(home).expanduser().is_absolute():  # else each notebook folder would get its own store
            from .._validate import warn

            warn(text(en="CRM_STUDY_HOME={h!r} is a relative path; it is taken from your home folder ({p}). "
                         "Set an absolute path to choose another place.",
                      zh="CRM_STUDY_HOME={h!r} 是相对路径，已按你的主目录解析为 {p}。如需其他位置，请设为绝对路径。",
                      h=home, p=Path.home() / home))
            return Path.home() / home / "progress.sqlite"
        return Path(home).expanduser() / "progress.sqlite"
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "crm-study" / "progress.sqlite"


def _advice(path: Path) -> str:
    return text(en="Move {p} away (it is left untouched), or set CRM_STUDY_HOME to another folder.",
                zh="请把 {p} 移到别处（本程序不会改动它），或把环境变量 CRM_STUDY_HOME 设为另一个文件夹。", p=path)


class ProgressStore:
    """Attempts recorded in one SQLite file (default :func:`store_path`)."""

    def __init__(self, path=None):
        if path is not None and not isinstance(path, (str, os.PathLike)):
            raise InputTypeError(text(en="ProgressStore: path must be a file path, got {t}.",
                                      zh="ProgressStore：参数 path 应为文件路径，实际为 {t}。", t=type(path).__name__))
        if path is not None and "\x00" in os.fspath(path):
            from ..errors import ArgumentError

            raise ArgumentError(text(en="ProgressStore: the path contains a NUL character; give an ordinary file path.",
                                     zh="ProgressStore：路径中含有空字符（NUL）；请给出普通的文件路径。"))
        self.path = Path(path) if path is not None else store_path()
        self._ready = False

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    def _problem(self, exc: BaseException) -> ProgressStoreError:
        """The student-facing error for a failure to open, read or write the store."""
        path, reason = self.path, str(exc).lower()
        if isinstance(exc, IsADirectoryError) or path.is_dir():
            msg = text(en="progress store: {p} is a folder, not a file. Move or rename that folder, or set "
                          "CRM_STUDY_HOME to another folder.",
                       zh="学习记录：{p} 是一个文件夹而不是文件。请移走或重命名该文件夹，或把 CRM_STUDY_HOME 设为另一个文件夹。",
                       p=path)
        elif isinstance(exc, sqlite3.OperationalError) and ("locked" in reason or "busy" in reason):
            msg = text(en="progress store: {p} is in use by another program (it holds a lock). Close the other "
                          "notebook, database browser or sync tool, then try again; the file is fine.",
                       zh="学习记录：{p} 正被另一个程序占用（已加锁）。请关闭其他笔记本、数据库浏览器或同步工具后重试；"
                          "文件本身没有问题。", p=path)
        elif isinstance(exc, PermissionError) or "readonly" in reason or "read-only" in reason \
                or not os.access(path.parent if path.parent.exists() else path.parent.parent, os.W_OK):
            msg = text(en="progress store: the folder {d} is read-only for you, so attempts cannot be saved "
                          "(earlier ones can still be read). Set CRM_STUDY_HOME to a folder you can write to.",
                       zh="学习记录：文件夹 {d} 对你是只读的，作答无法保存（已有记录仍可查看）。"
                          "请把 CRM_STUDY_HOME 设为一个你有写权限的文件夹。", d=path.parent)
        elif "full" in reason or getattr(exc, "errno", None) == 28:
            msg = text(en="progress store: the disk holding {p} is full; free some space, then try again.",
                       zh="学习记录：{p} 所在的磁盘已满；请腾出空间后重试。", p=path)
        elif isinstance(exc, sqlite3.DatabaseError) and "file is not a database" in reason:
            msg = text(en="progress store: {p} is not a SQLite database (a foreign or damaged file). ",
                       zh="学习记录：{p} 不是 SQLite 数据库（是其他文件或已损坏）。", p=path) + _advice(path)
        elif isinstance(exc, sqlite3.DatabaseError):
            msg = text(en="progress store: {p} is damaged or not a database ({e}). ",
                       zh="学习记录：{p} 已损坏或不是数据库（{e}）。", p=path, e=exc) + _advice(path)
        else:
            msg = text(en="progress store: cannot use {p} ({e}). ", zh="学习记录：无法使用 {p}（{e}）。",
                       p=path, e=exc) + _advice(path)
        return ProgressStoreError(msg)

    def _connect(self, *, write: bool = True) -> sqlite3.Connection:
        path = self.path
        try:
            # The file is never opened outside SQLite: closing a second handle to it would drop the POSIX
            # locks of every connection this process holds on it (another store, the user's own), and a
            # writer elsewhere could then checkpoint under them. A file that is not SQLite is refused by
            # SQLite's first read, which writes nothing ("file is not a database", see _problem).
            read_only = path.parent.is_dir() and not os.access(path.parent, os.W_OK)
            if read_only and write:
                raise PermissionError(path.parent)
            if read_only:  # a read-only folder: read the file as it is, without locks or journal files
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                       isolation_level=None)
            else:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # private on a shared server
                conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        except ProgressStoreError:
            raise
        except (OSError, ValueError, sqlite3.Error) as exc:
            raise self._problem(exc) from exc
        try:
            if not read_only:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            if not self._ready:
                self._init(conn, read_only=read_only)
                self._ready = True
            if not read_only:
                conn.execute("PRAGMA synchronous = NORMAL")  # the file is known to be ours by now
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._problem(exc) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _init(self, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        path = self.path
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app == APPLICATION_ID and version == SCHEMA_VERSION:  # ours already: no write lock needed
                if not read_only and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                return
            if read_only and app == 0 and version == 0:
                raise PermissionError(path.parent)
            conn.execute("BEGIN IMMEDIATE")
            try:
                app = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if app == 0 and version == 0:
                    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
                    if tables:
                        raise ProgressStoreError(text(
                            en="progress store: {p} is another program's SQLite database (tables: {t}). ",
                            zh="学习记录：{p} 是其他程序的 SQLite 数据库（表：{t}）。",
                            p=path, t=", ".join(r[0] for r in tables)) + _advice(path))
                    for statement in _SCHEMA + _SELF_MARK_COLUMNS:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                elif app != APPLICATION_ID:
                    raise ProgressStoreError(text(
                        en="progress store: {p} is a SQLite database, but not a crm-study progress file. ",
                        zh="学习记录：{p} 是 SQLite 数据库，但不是 crm-study 的学习记录文件。", p=path) + _advice(path))
                elif version == 1:  # a kit-1 file: add the self-marking columns, keep every attempt
                    for statement in _SELF_MARK_COLUMNS:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                elif version > SCHEMA_VERSION:
                    raise ProgressStoreError(text(
                        en="progress store: {p} was written by a newer crm-study (schema {v}, this kit reads {s}); "
                           "update the kit, or set CRM_STUDY_HOME to another folder.",
                        zh="学习记录：{p} 由更新版本的 crm-study 写入（结构版本 {v}，本程序支持 {s}）；"
                           "请更新本学习包，或把 CRM_STUDY_HOME 设为另一个文件夹。", p=path, v=version, s=SCHEMA_VERSION))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("PRAGMA journal_mode = WAL")  # only once the file is known to be ours
        except (sqlite3.DatabaseError, OSError) as exc:
            raise self._problem(exc) from exc

    def record(self, item: Item, response, result: Result, *, at: datetime | None = None) -> int:
        """Store one graded attempt in its own transaction; returns the attempt's row id."""
        if not isinstance(item, Item) or not isinstance(result, Result):
            raise InputTypeError(text(en="ProgressStore.record: pass the Item and the Result of grade(item, response).",
                                      zh="ProgressStore.record：请传入题目对象和 grade(item, response) 的结果。"))
        when = (at or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        written = [r for r in (result.parts or (result,)) if r.checklist]
        row = (item.id, item.chapter, item.type, json.dumps(sorted(item.tags)), when,
               json.dumps(response, ensure_ascii=False, default=str), result.score, result.max_score, int(result.correct),
               sum(r.max_score for r in written), sum(r.score for r in written))
        with closing(self._connect()) as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")
                cur = conn.execute("INSERT INTO attempts (item_id, chapter, item_type, tags, answered_at, response, "
                                   "score, max_score, correct, written_max, written_kit) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise self._problem(exc) from exc
            self._remember_bank(item.source)
            return int(cur.lastrowid)

    @property
    def _banks_list(self) -> Path:
        return self.path.with_name(self.path.stem + ".banks.txt")

    def _remember_bank(self, source: str) -> None:
        if source and str(Path(source).resolve()) not in self.bank_files(existing=False):
            with self._banks_list.open("a", encoding="utf-8") as fh:
                fh.write(str(Path(source).resolve()) + "\n")

    def bank_files(self, *, existing: bool = True) -> list[str]:
        """The bank files whose questions were answered (kept in ``<store>.banks.txt`` beside the store),
        so the 错题本 finds questions from your own banks too; files since deleted are left out."""
        if not self._banks_list.is_file():
            return []
        files = [line for line in self._banks_list.read_text(encoding="utf-8").splitlines() if line]
        return [f for f in files if Path(f).is_file()] if existing else files

    def self_mark(self, attempt_id: int, marks, score: float) -> None:
        """Store the student's own mark for the written points of attempt ``attempt_id``.

        ``marks``: the share given to each marking point (a list, or for a case ``{part id: list}``);
        ``score``: the written points the student gives, from 0 to the attempt's ``written_max``.
        The kit's suggestion stays in ``score``/``written_kit``.
        """
        from .._validate import number

        attempt_id = number(attempt_id, name="attempt_id", where="ProgressStore.self_mark", lo=1, integer=True)
        with closing(self._connect()) as conn:
            found = conn.execute("SELECT written_max FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if found is None or found[0] <= 0:
                raise InputTypeError(text(
                    en="ProgressStore.self_mark: attempt {i} has no written answer to self-mark.",
                    zh="ProgressStore.self_mark：第 {i} 次作答没有可以自评的文字题。", i=attempt_id))
            score = number(score, name="score", where="ProgressStore.self_mark", lo=0, hi=found[0])
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE attempts SET self_score = ?, self_marks = ? WHERE id = ?",
                             (score, json.dumps(marks, ensure_ascii=False), attempt_id))
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise ProgressStoreError(text(en="progress store: could not save your own mark in {p} ({e}).",
                                              zh="学习记录：无法把你的自评分保存到 {p}（{e}）。", p=self.path, e=exc)) from exc

    def attempts(self) -> pd.DataFrame:
        """Every attempt, oldest first: id, item_id, chapter, item_type, tags, answered_at, response, score (the kit's),
        max_score, correct, written_max, written_kit, self_score (``NaN`` until self-marked), self_marks,
        and ``final``: the mark that counts (the student's own mark for the written points where given)."""
        with closing(self._connect(write=False)) as conn:
            try:
                rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM attempts ORDER BY id").fetchall()
            except sqlite3.Error as exc:
                raise self._problem(exc) from exc
        df = pd.DataFrame(rows, columns=_COLUMNS)
        df = df.astype({"id": "int64", "score": "float64", "max_score": "float64", "correct": "bool",
                        "written_max": "float64", "written_kit": "float64", "self_score": "float64"})
        df["final"] = df["score"] - df["written_kit"] + df["self_score"].fillna(df["written_kit"])
        df["correct"] = df["correct"].where(df["self_score"].isna(), df["final"] >= df["max_score"] - 1e-9)
        return df

    def boxes(self, chapter: str | None = None) -> pd.DataFrame:
        """One row per attempted item: chapter, attempts, wrong, last score, Leitner box, last attempt id; the last
        score split into auto-marked (objective) and self-marked (written) points, and whether the student marked it."""
        from .bank import _chapter_key

        df = self.attempts()
        if chapter is not None:
            df = df[df["chapter"] == _chapter_key(chapter)]
        wrong_id = df["id"].where(~df["correct"], -1)
        last_wrong = wrong_id.groupby(df["item_id"]).transform("max")
        g = df.assign(_wrong=~df["correct"], _streak=df["correct"] & (df["id"] > last_wrong),
                      _auto=df["final"] - df["self_score"].fillna(df["written_kit"]), _auto_max=df["max_score"] - df["written_max"],
                      _self=df["self_score"].fillna(df["written_kit"])).groupby("item_id", sort=False)
        out = pd.DataFrame({
            "chapter": g["chapter"].last(), "tags": g["tags"].last(), "attempts": g["id"].size(),
            "wrong": g["_wrong"].sum().astype("int64"), "last_score": g["final"].last(), "max_score": g["max_score"].last(),
            "auto_score": g["_auto"].last(), "auto_max": g["_auto_max"].last(),
            "self_score": g["_self"].last(), "self_max": g["written_max"].last(),
            "self_marked": g["self_score"].last().notna(),
            "box": (1 + g["_streak"].sum()).clip(upper=MAX_BOX).astype("int64"), "last_id": g["id"].last(),
        })
        out.index.name = "item_id"
        return out.sort_values(["box", "last_id"])

    def missed(self, chapter: str | None = None) -> pd.DataFrame:
        """The 错题本: items answered wrongly at least once and not yet in the top box, lowest box first."""
        b = self.boxes(chapter)
        return b[(b["wrong"] > 0) & (b["box"] < MAX_BOX)]

    def due(self, n: int = 10, chapter: str | None = None) -> list[str]:
        """Ids of the next ``n`` items to review (Leitner: lowest box, then oldest attempt; box 5 is skipped)."""
        from .._validate import number

        n = number(n, name="n", where="ProgressStore.due", lo=1, integer=True)
        b = self.boxes(chapter)
        return b[b["box"] < MAX_BOX].index[:n].tolist()

    def mastery(self) -> pd.DataFrame:
        """Mastery per chapter and per tag from each item's latest attempt: score / max_score, with the
        auto-marked (objective) and self-marked (written: your own mark, else the kit's suggestion) points apart."""
        b = self.boxes().reset_index()
        tags = b.assign(tag=b["tags"].map(json.loads)).explode("tag").dropna(subset=["tag"])
        frames = [b.assign(level="chapter", name=b["chapter"]), tags.assign(level="tag", name=tags["tag"])]
        both = pd.concat(frames, ignore_index=True)
        out = both.groupby(["level", "name"]).agg(items=("item_id", "nunique"), attempts=("attempts", "sum"),
                                                  score=("last_score", "sum"), max_score=("max_score", "sum"),
                                                  auto_score=("auto_score", "sum"), auto_max=("auto_max", "sum"),
                                                  self_score=("self_score", "sum"), self_max=("self_max", "sum"))
        out["mastery"] = (out["score"] / out["max_score"]).round(3)
        return out


def mastery(store: ProgressStore | None = None) -> pd.DataFrame:
    """Mastery per chapter and tag (``level``, ``name`` → items, attempts, score, max_score, mastery)."""
    return (store or ProgressStore()).mastery()


def plot_mastery(*, ax=None, store: ProgressStore | None = None):
    """Horizontal bars of mastery per chapter and tag (0–100 %); returns the Axes."""
    from ..display.labels import label
    from ..display.plotting import new_axes

    table = mastery(store)
    ax = new_axes(ax)
    if table.empty:
        ax.text(0.5, 0.5, text(en="No attempts recorded yet: answer a quiz first.", zh="还没有作答记录：请先做一次测验。"),
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    labels = [text(en="Chapter {n}", zh="第 {n} 章", n=name) if level == "chapter" else "#" + label(name, tag=True)
              for level, name in table.index]
    values = (table["mastery"] * 100).to_numpy()
    colours = ["#4C72B0" if level == "chapter" else "#DD8452" for level, _ in table.index]
    ax.barh(labels[::-1], values[::-1], color=colours[::-1])
    ax.set_xlim(0, 100)
    ax.set_xlabel(text(en="mastery (% of points, latest attempt per item; written answers self-marked)",
                       zh="掌握程度（得分率 %，按每题最近一次作答；文字题为自评分）"))
    ax.set_title(text(en="Mastery by chapter and tag", zh="各章节与知识点的掌握程度"))
    return ax
