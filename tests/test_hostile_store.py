"""Hostile and careless conditions for the progress store and the quiz widget
(review 2026-12, part 2, cases P01–P20 and Q03/Q05/Q17).

No failure to save may lose an attempt silently: the store names the cause (in use by
another program, within 2 s; read-only folder; a folder in the way; full disk) and the
quiz keeps the attempt and retries it at the next Check; a writer killed mid-write loses
nothing that was committed.
"""
from __future__ import annotations

import errno
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest

import crm_study as crm
from crm_study.errors import ArgumentError, DataWarning, InputTypeError
from crm_study.quiz import grade, load_bank
from crm_study.quiz import progress as progress_module
from crm_study.quiz.progress import ProgressStore, ProgressStoreError, store_path
from crm_study.quiz.widget import Quiz


@pytest.fixture
def en():
    crm.set_language("en")


@pytest.fixture(scope="module")
def item():
    return load_bank()["ch04-tf-001"]


def record(store: ProgressStore, item, response="×"):
    return store.record(item, response, grade(item, response))


def seeded(tmp_path, item) -> ProgressStore:
    store = ProgressStore(tmp_path / "progress.sqlite")
    record(store, item)
    return store


# --------------------------------------------------------------------------- P01–P03 files that are not stores

def test_p01_random_bytes_are_refused_and_left_untouched(tmp_path, item, en):
    path = tmp_path / "progress.sqlite"
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()
    with pytest.raises(ProgressStoreError, match="not a SQLite database"):
        record(ProgressStore(path), item)
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", ["pages", "half"])
def test_p02_damaged_store_is_called_damaged_and_kept(tmp_path, item, en, damage):
    store = seeded(tmp_path, item)
    for k in range(50):
        record(store, item, f"answer {k}" * 50)
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(store.path.read_bytes())
    data = data[: len(data) // 2] if damage == "half" else data[:100] + os.urandom(len(data) - 100)
    store.path.write_bytes(bytes(data))
    for name in ("-wal", "-shm"):
        (tmp_path / f"progress.sqlite{name}").unlink(missing_ok=True)
    with pytest.raises(ProgressStoreError, match="damaged|not a database|not a crm-study"):
        ProgressStore(store.path).attempts()
    assert store.path.read_bytes() == bytes(data)


def test_p03_zero_byte_file_is_initialised(tmp_path, item):
    path = tmp_path / "progress.sqlite"
    path.touch()
    record(ProgressStore(path), item)
    assert len(ProgressStore(path).attempts()) == 1


# --------------------------------------------------------------------------- P04–P09 folders and permissions

def test_p04_a_folder_where_the_file_should_be(tmp_path, item, lang):
    path = tmp_path / "progress.sqlite"
    path.mkdir()
    for call in (lambda: record(ProgressStore(path), item), lambda: ProgressStore(path).attempts()):
        with pytest.raises(ProgressStoreError, match="folder" if lang == "en" else "文件夹"):
            call()


def test_p05_p06_read_only_folder_reads_history_and_refuses_to_write(tmp_path, item, monkeypatch, en):
    store = seeded(tmp_path, item)
    real_access = os.access
    monkeypatch.setattr(progress_module.os, "access",
                        lambda p, mode: False if mode == os.W_OK and str(p) == str(tmp_path) else real_access(p, mode))
    fresh = ProgressStore(store.path)
    assert len(fresh.attempts()) == 1
    with pytest.raises(ProgressStoreError, match="read-only") as err:
        record(fresh, item)
    assert "damaged" not in str(err.value)


def test_p06_read_only_folder_with_no_store_yet(tmp_path, item, monkeypatch, en):
    real_access = os.access
    monkeypatch.setattr(progress_module.os, "access",
                        lambda p, mode: False if mode == os.W_OK and str(p) == str(tmp_path) else real_access(p, mode))
    with pytest.raises(ProgressStoreError, match="read-only"):
        record(ProgressStore(tmp_path / "progress.sqlite"), item)


def test_p07_missing_home_folder_is_created(tmp_path, item, monkeypatch):
    monkeypatch.setenv("CRM_STUDY_HOME", str(tmp_path / "a" / "b"))
    record(ProgressStore(), item)
    assert (tmp_path / "a" / "b" / "progress.sqlite").is_file()


def test_p08_p09_home_under_a_file_is_a_store_error(tmp_path, item, monkeypatch, en):
    (tmp_path / "afile").write_text("x")
    monkeypatch.setenv("CRM_STUDY_HOME", str(tmp_path / "afile"))
    with pytest.raises(ProgressStoreError, match="afile"):
        record(ProgressStore(), item)


def test_p08_permission_error_from_the_system_is_a_store_error(tmp_path, item, monkeypatch, en):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(progress_module.sqlite3, "connect", refuse)
    with pytest.raises(ProgressStoreError, match="read-only"):
        record(ProgressStore(tmp_path / "progress.sqlite"), item)


def test_p10_relative_home_is_taken_from_the_home_folder(monkeypatch, tmp_path, en):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CRM_STUDY_HOME", "crmhome")
    monkeypatch.chdir(tmp_path / ".." if (tmp_path / "..").exists() else tmp_path)
    with pytest.warns(DataWarning, match="relative path"):
        assert store_path() == tmp_path / "crmhome" / "progress.sqlite"


# --------------------------------------------------------------------------- P11 locks

LOCKER = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
          "c.execute('BEGIN EXCLUSIVE'); c.execute(\"INSERT INTO attempts (item_id, chapter, item_type, tags, "
          "answered_at, response, score, max_score, correct) VALUES ('x', '04', 'true_false', '[]', 'now', 'x', 0, 1, 0)\"); "
          "print('locked', flush=True); time.sleep(30)")


@pytest.fixture
def locked(tmp_path, item):
    store = seeded(tmp_path, item)
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(store.path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    yield store
    proc.kill()
    proc.wait()


def test_p11_a_lock_held_by_another_program_is_named_after_a_short_wait(locked, item, en):
    start = time.perf_counter()
    with pytest.raises(ProgressStoreError, match="in use by another program") as err:
        record(ProgressStore(locked.path), item)
    assert time.perf_counter() - start < 2
    assert "damaged" not in str(err.value) and "Move" not in str(err.value)


def test_p11_the_quiz_keeps_the_attempt_while_another_program_holds_the_lock(locked, item, lang):
    quiz = Quiz([item], store=ProgressStore(locked.path))
    quiz.cards[0].input.value = False
    start = time.perf_counter()
    quiz.cards[0]._on_check()
    assert time.perf_counter() - start < 2
    assert len(quiz.unsaved) == 1
    assert ("in use by another program" if lang == "en" else "正被另一个程序占用") in quiz.status.value


def test_p11b_reading_never_waits_for_a_writer(locked, en):
    start = time.perf_counter()
    assert len(ProgressStore(locked.path).attempts()) == 1
    assert len(ProgressStore(locked.path).boxes()) == 1
    assert time.perf_counter() - start < 2


# --------------------------------------------------------------------------- P12–P19 concurrency and odd stores

KILLED_WRITER = ("import sys; from crm_study.quiz import ProgressStore, grade, load_bank\n"
                 "item = load_bank()['ch04-tf-001']; store = ProgressStore(sys.argv[1]); big = 'x' * 200_000\n"
                 "for k in range(10_000):\n"
                 "    store.record(item, f'{k} ' + big, grade(item, '×')); print(k, flush=True)\n")


def test_p13_a_writer_killed_mid_write_loses_no_committed_attempt(tmp_path, item):
    path = tmp_path / "progress.sqlite"
    committed = 0
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        for _ in range(5):                       # let it commit a few attempts, then kill it inside the next one
            last = int(proc.stdout.readline())
        proc.kill()
        proc.wait()
        committed += last + 1
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(ProgressStore(path).attempts()) >= committed
    record(ProgressStore(path), item)
    assert len(ProgressStore(path).attempts()) >= committed + 1


def test_p13_the_store_never_drops_the_locks_of_another_connection_in_the_same_process(tmp_path, item):
    path = tmp_path / "progress.sqlite"
    record(ProgressStore(path), item)
    mine = sqlite3.connect(path)                 # e.g. the student's own look at the file, left open
    try:
        for _ in range(3):
            mine.execute("SELECT count(*) FROM attempts").fetchone()
            assert len(ProgressStore(path).attempts()) >= 1
            proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
            for _ in range(3):
                proc.stdout.readline()
            proc.kill()
            proc.wait()
            assert mine.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        mine.close()

def _writer(path: str, offset: int) -> None:
    item = load_bank()["ch04-tf-001"]
    store = ProgressStore(path)
    for k in range(100):
        store.record(item, f"W-{offset + k}", grade(item, "×"))


def test_p12_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.sqlite")
    procs = [multiprocessing.get_context("fork").Process(target=_writer, args=(path, k * 100)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert len(ProgressStore(path).attempts()) == 300


def test_p14_someone_elses_sqlite_file_is_named_and_untouched(tmp_path, item, en):
    path = tmp_path / "progress.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    before = path.read_bytes()
    with pytest.raises(ProgressStoreError, match="another program's SQLite database .*songs"):
        ProgressStore(path).attempts()
    assert path.read_bytes() == before


def test_p15_newer_schema_is_refused(tmp_path, item, en):
    store = seeded(tmp_path, item)
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA user_version = 7")
    with pytest.raises(ProgressStoreError, match="newer crm-study"):
        ProgressStore(store.path).attempts()


@pytest.mark.parametrize("path, error", [("a\x00b", ArgumentError), (123, InputTypeError)], ids=["nul", "number"])
def test_p16_odd_paths(path, error, en):
    with pytest.raises(error, match="ProgressStore"):
        ProgressStore(path)


def test_p18_empty_home_falls_back_to_the_user_folder(monkeypatch):
    monkeypatch.setenv("CRM_STUDY_HOME", "")
    assert store_path().name == "progress.sqlite" and "crm-study" in str(store_path())


def test_p19_empty_store_views(tmp_path):
    store = ProgressStore(tmp_path / "progress.sqlite")
    assert store.mastery().empty and store.due() == []


@pytest.mark.parametrize("response", ["x" * 1_000_000, "'); DROP TABLE attempts; --", {1, 2}, float("nan")],
                         ids=["Q03-1MB", "Q05-sql", "Q17-set", "Q17-nan"])
def test_q03_q05_q17_odd_responses_are_stored_verbatim(tmp_path, item, response):
    store = ProgressStore(tmp_path / "progress.sqlite")
    store.record(item, response, grade(item, "×"))
    assert len(store.attempts()) == 1


# --------------------------------------------------------------------------- P20 the quiz widget never drops an attempt

class FailingStore(ProgressStore):
    """A store whose disk fails with a given exception until ``healed``."""

    def __init__(self, path, exc):
        super().__init__(path)
        self.exc, self.healed = exc, False

    def record(self, *args, **kwargs):
        if not self.healed:
            raise self.exc
        return super().record(*args, **kwargs)


@pytest.mark.parametrize("exc", [PermissionError(errno.EACCES, "Permission denied"), IsADirectoryError(21, "Is a directory"),
                                 OSError(errno.ENOSPC, "No space left on device"), sqlite3.OperationalError("database is locked"),
                                 ProgressStoreError("progress store: in use by another program")],
                         ids=["permission", "directory", "disk-full", "sqlite-lock", "store-error"])
def test_p20_a_failed_save_warns_in_the_widget_and_is_retried(tmp_path, item, exc, lang):
    store = FailingStore(tmp_path / "progress.sqlite", exc)
    quiz = Quiz([item], store=store)
    quiz.cards[0].input.value = False
    quiz.cards[0]._on_check()
    assert len(quiz.unsaved) == 1
    assert ("Not saved yet" if lang == "en" else "尚未保存") in quiz.status.value
    assert quiz.score == item.points                      # the running score still counts the answer
    store.healed = True
    quiz.cards[0]._on_check()
    assert quiz.unsaved == [] and "⚠" not in quiz.status.value
    assert len(ProgressStore(store.path).attempts()) == 2


def test_p20_a_folder_in_the_way_through_the_real_store(tmp_path, item, monkeypatch, en):
    monkeypatch.setenv("CRM_STUDY_HOME", str(tmp_path))
    (tmp_path / "progress.sqlite").mkdir()
    quiz = Quiz([item])
    quiz.cards[0].input.value = False
    quiz.cards[0]._on_check()
    assert "Not saved yet: 1 answer(s)" in quiz.status.value and "is a folder" in quiz.status.value
    (tmp_path / "progress.sqlite").rmdir()
    quiz.cards[0]._on_check()
    assert quiz.unsaved == [] and len(ProgressStore().attempts()) == 2
