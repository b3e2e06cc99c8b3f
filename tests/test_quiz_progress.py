"""The progress store: a real SQLite file that survives concurrent notebooks, killed kernels and foreign files."""
import multiprocessing
import os
import signal
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from crm_study import i18n
from crm_study.errors import ArgumentError, InputTypeError
from crm_study.quiz import (ProgressStore, ProgressStoreError, Result, grade, load_bank, mastery, plot_mastery,
                            store_path)
from crm_study.quiz.progress import APPLICATION_ID, MAX_BOX, SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures" / "quiz"
BANK = load_bank(FIXTURES / "good")


pytestmark = pytest.mark.usefixtures("english")



def answer(store, item_id, response):
    item = BANK[item_id]
    return store.record(item, response, grade(item, response))


def test_path_follows_crm_study_home_then_the_platform_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_STUDY_HOME", str(tmp_path))
    assert store_path() == tmp_path / "progress.sqlite"
    monkeypatch.delenv("CRM_STUDY_HOME")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert store_path() == Path.home() / ".local" / "share" / "crm-study" / "progress.sqlite"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert store_path() == Path.home() / "Library" / "Application Support" / "crm-study" / "progress.sqlite"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert store_path() == tmp_path / "Roaming" / "crm-study" / "progress.sqlite"


def test_created_on_first_use_marked_versioned_and_in_wal_mode(tmp_path):
    path = tmp_path / "deep" / "folder" / "progress.sqlite"
    store = ProgressStore(path)
    assert not path.exists()
    answer(store, "t90-tf-001", "F")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_every_attempt_is_recorded_with_item_time_response_and_score(store):
    answer(store, "t90-tf-001", "对")
    answer(store, "t90-mc-001", ["A", "C"])
    df = store.attempts()
    assert list(df["item_id"]) == ["t90-tf-001", "t90-mc-001"]
    assert list(df["response"]) == ['"对"', '["A", "C"]']
    assert list(df["score"]) == [0.0, 0.0] and list(df["max_score"]) == [1.5, 2.0]
    assert list(df["correct"]) == [False, False]
    assert df["answered_at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00").all()
    assert df.loc[0, "tags"] == '["overview"]' and df.loc[0, "chapter"] == "90"


def test_leitner_boxes_by_hand(store):
    # sc: wrong, right, right -> box 3; tf-002: right x5 -> box 5 (capped, mastered); num-001: right, wrong -> box 1
    for r in ["A", "C", "C"]:
        answer(store, "t90-sc-001", r)
    for _ in range(5):
        answer(store, "t90-tf-002", "T")
    answer(store, "t90-num-001", "266.67")
    answer(store, "t90-num-001", "1")
    answer(store, "t90-tf-001", "F")  # right once -> box 2
    boxes = store.boxes()
    assert boxes.loc["t90-sc-001", "box"] == 3 and boxes.loc["t90-sc-001", "wrong"] == 1
    assert boxes.loc["t90-tf-002", "box"] == MAX_BOX
    assert boxes.loc["t90-num-001", "box"] == 1
    assert boxes.loc["t90-tf-001", "box"] == 2
    assert store.due(10) == ["t90-num-001", "t90-tf-001", "t90-sc-001"]   # lowest box first; box 5 skipped
    assert store.due(1) == ["t90-num-001"]
    assert list(store.missed().index) == ["t90-num-001", "t90-sc-001"]     # the 错题本: ever wrong, not mastered
    assert store.due(5, chapter="04") == []


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["t90-tf-001", "t90-tf-002", "t90-sc-001"]), st.booleans()), min_size=1, max_size=12))
def test_leitner_box_matches_a_step_by_step_model(history):
    """Box rule for any history: wrong -> box 1, right -> one box up (max 5); first answer starts from box 1."""
    model = {}
    with tempfile.TemporaryDirectory() as folder:
        store = ProgressStore(Path(folder) / "p.sqlite")
        for item_id, right in history:
            item = BANK[item_id]
            store.record(item, "x", Result(item_id, item.points if right else 0, item.points, right, ""))
            model[item_id] = min(MAX_BOX, model.get(item_id, 1) + 1) if right else 1
        assert store.boxes()["box"].to_dict() == model
        due = store.due(10)
        assert due == sorted(due, key=lambda i: model[i]) and set(due) == {i for i, b in model.items() if b < MAX_BOX}


def test_due_checks_n(store):
    with pytest.raises(InputTypeError, match="ProgressStore.due: n must be an integer"):
        store.due(1.5)


def test_mastery_per_chapter_and_tag_by_hand(store):
    answer(store, "t90-term-001", "整个生命周期 利润")  # 4 of 6, tag clv
    answer(store, "t90-num-001", "266.67")            # 1 of 1, tag clv
    answer(store, "t90-sc-001", "A")                  # 0 of 1, tag rfm
    answer(store, "t90-sc-001", "C")                  # latest: 1 of 1
    m = mastery(store)
    assert m.loc[("chapter", "90"), "score"] == 6 and m.loc[("chapter", "90"), "max_score"] == 8
    assert m.loc[("chapter", "90"), "mastery"] == pytest.approx(0.75)
    assert m.loc[("chapter", "90"), "attempts"] == 4 and m.loc[("chapter", "90"), "items"] == 3
    assert m.loc[("tag", "clv"), "mastery"] == pytest.approx(5 / 7, abs=1e-3)
    assert m.loc[("tag", "rfm"), "mastery"] == 1.0


def test_empty_store_gives_empty_tables(store):
    assert store.attempts().empty and store.boxes().empty and store.mastery().empty and store.due() == []


def _writer(path: str, offset: int, n: int) -> None:
    store = ProgressStore(path)
    item = BANK["t90-tf-001"]
    result = grade(item, "F")
    for k in range(n):
        store.record(item, f"F-{offset + k}", result)


def test_two_processes_writing_1000_attempts_each_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.sqlite")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, k * 1000, 1000)) for k in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0, 0]
    df = ProgressStore(path).attempts()
    assert len(df) == 2000
    assert set(df["response"]) == {f'"F-{k}"' for k in range(2000)}


def _killed_mid_write(path: str) -> None:
    _writer(path, 0, 5)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO attempts (item_id, chapter, item_type, tags, answered_at, response, score, max_score, "
                 "correct) VALUES ('half', '90', 'true_false', '[]', 'now', '\"x\"', 0, 1, 0)")
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_kernel_loses_only_the_answer_being_written(tmp_path):
    path = str(tmp_path / "progress.sqlite")
    proc = multiprocessing.get_context("fork").Process(target=_killed_mid_write, args=(path,))
    proc.start()
    proc.join(timeout=60)
    assert proc.exitcode == -signal.SIGKILL
    store = ProgressStore(path)
    assert len(store.attempts()) == 5 and "half" not in set(store.attempts()["item_id"])
    answer(store, "t90-tf-002", "T")
    assert len(store.attempts()) == 6


def test_a_non_sqlite_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite"
    path.write_bytes(b"my thesis draft, do not delete\n" * 10)
    before = path.read_bytes()
    with pytest.raises(ProgressStoreError) as err:
        answer(ProgressStore(path), "t90-tf-001", "F")
    msg = str(err.value)
    assert str(path) in msg and "not a SQLite database" in msg and "CRM_STUDY_HOME" in msg
    assert path.read_bytes() == before
    i18n.set_language("zh")
    with pytest.raises(ProgressStoreError, match="不是 SQLite 数据库.*CRM_STUDY_HOME"):
        ProgressStore(path).attempts()


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (n INTEGER)")
    before = path.read_bytes()
    with pytest.raises(ProgressStoreError, match=r"another program's SQLite database \(tables: invoices\)"):
        ProgressStore(path).attempts()
    assert path.read_bytes() == before


def test_a_database_marked_by_someone_else_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
    with pytest.raises(ProgressStoreError, match="not a crm-study progress file"):
        ProgressStore(path).attempts()


def test_a_file_from_a_newer_kit_is_refused(store):
    answer(store, "t90-tf-001", "F")
    with sqlite3.connect(store.path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProgressStoreError, match="newer crm-study"):
        ProgressStore(store.path).attempts()
    i18n.set_language("zh")
    with pytest.raises(ProgressStoreError, match="更新版本"):
        ProgressStore(store.path).attempts()


def test_a_damaged_database_is_reported(tmp_path):
    path = tmp_path / "progress.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(ProgressStoreError, match=r"not a SQLite database \(a foreign or damaged file\)"):
        ProgressStore(path).attempts()


def test_an_empty_file_is_initialised(tmp_path):
    path = tmp_path / "progress.sqlite"
    path.touch()
    assert answer(ProgressStore(path), "t90-tf-001", "F") == 1


def test_bad_arguments(store):
    with pytest.raises(InputTypeError, match="ProgressStore: path must be a file path"):
        ProgressStore(3)
    with pytest.raises(InputTypeError, match="ProgressStore.record"):
        store.record("t90-tf-001", "F", None)
    i18n.set_language("zh")
    with pytest.raises(InputTypeError, match="参数 path 应为文件路径"):
        ProgressStore(3)


def test_plot_mastery_draws_bars_titled_in_the_active_language(store):
    answer(store, "t90-sc-001", "C")
    answer(store, "t90-term-001", "利润")
    ax = plot_mastery(store=store)
    assert ax.get_title() == "Mastery by chapter and tag"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["#RFM", "#CLV", "Chapter 90"]
    # rfm 1/1; clv 2/6 (one keypoint of three); chapter (1 + 2) / (1 + 6)
    assert sorted(round(p.get_width(), 1) for p in ax.patches) == [33.3, 42.9, 100.0]
    i18n.set_language("zh")
    assert plot_mastery(store=store).get_title() == "各章节与知识点的掌握程度"


def test_plot_mastery_on_an_empty_store_says_so(store):
    ax = plot_mastery(store=store)
    assert "No attempts recorded yet" in ax.texts[0].get_text()


def test_a_progress_file_of_the_first_schema_gains_the_self_marking_columns_and_keeps_its_attempts(tmp_path):
    path = tmp_path / "progress.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL, chapter TEXT NOT NULL, "
                 "item_type TEXT NOT NULL, tags TEXT NOT NULL, answered_at TEXT NOT NULL, response TEXT, score REAL NOT NULL, "
                 "max_score REAL NOT NULL, correct INTEGER NOT NULL)")
    conn.execute("INSERT INTO attempts (item_id, chapter, item_type, tags, answered_at, response, score, max_score, correct) "
                 "VALUES ('t90-term-001', '90', 'term', '[]', 'then', '\"利润\"', 2, 6, 0)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store = ProgressStore(path)
    df = store.attempts()
    assert len(df) == 1 and df["written_max"][0] == 0 and pd.isna(df["self_score"][0]) and df["final"][0] == 2
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    with pytest.raises(InputTypeError, match="no written answer"):
        store.self_mark(1, [1, 1, 1], 6)     # recorded before self-marking existed: nothing to self-mark
    new = answer(store, "t90-term-001", "利润")
    store.self_mark(new, [1.0, 1.0, 0.5], 5)
    row = store.attempts().iloc[-1]
    assert row["score"] == 2 and row["written_kit"] == 2 and row["self_score"] == 5 and row["final"] == 5
    with pytest.raises(ArgumentError):
        store.self_mark(int(row["id"]), [1, 1, 1], 7)    # more than the written points
