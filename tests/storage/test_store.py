"""The store on a real SQLite file and real folders: save, reopen, rebuild, corruption, bad
sidecars, privacy."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from interviewer.core.errors import InputError
from interviewer.storage.database import integrity_ok
from interviewer.storage.layout import validate_id
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import fake_score, make_question, timed_transcript, write_wav

TEXTS = [
    "Overfitting is a gap between training and validation error. Use dropout. It worked.",
    "The model memorises noise. More data and augmentation help. Validation improved.",
    "I added weight decay. The validation loss fell. We shipped it.",
]


def save_three(store: AttemptStore, tmp: Path) -> list[str]:
    ids = []
    session = store.start_session("mock", title="Mock", planned=3)
    for i, text in enumerate(TEXTS):
        q = make_question(f"q0{i + 1}")
        draft = store.begin_attempt(q, session.session_id, {"model": "tiny.en"})
        write_wav(draft.audio_path, 0.5, seed=i)
        t = timed_transcript(text)
        store.complete_attempt(draft.attempt_id, t, fake_score(t, q), model="tiny.en",
                               device="cpu", duration_s=0.5, scorer_version="s1")
        ids.append(draft.attempt_id)
    return ids


def history_view(store: AttemptStore) -> list[tuple[str, str, int | None, str]]:
    return sorted((s.attempt_id, s.question_id, s.overall, s.status)
                  for s in store.queries.history())


def test_save_and_reopen_keeps_everything(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        ids = save_three(store, tmp_path)
        before = history_view(store)
        record = store.load_attempt(ids[0])
    assert [b[3] for b in before] == ["complete"] * 3
    with AttemptStore.open(data) as store:
        assert history_view(store) == before
        again = store.load_attempt(ids[0])
        assert not store.rebuilt and store.problems == []
    assert again.score == record.score and again.transcript == record.transcript
    assert again.question.rubric == make_question("q01").rubric
    assert again.session.kind == "mock"
    assert again.app_version and again.created_at <= again.updated_at
    sidecar = json.loads((again.folder / "attempt.json").read_text())
    assert sidecar["question"]["bank_id"] == "test-bank"
    assert sidecar["settings"] == {"model": "tiny.en"}


def test_begin_attempt_leaves_a_discoverable_folder(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        draft = store.begin_attempt(make_question(), None, {})
        assert draft.folder.is_dir() and not draft.audio_path.exists()
        side = json.loads((draft.folder / "attempt.json").read_text())
        assert side["status"] == "recording"
        assert store.queries.history()[0].status == "recording"
        assert [p.name for p in store.layout.attempts_dir.iterdir()] == [draft.attempt_id]


def test_deleted_database_is_rebuilt_with_same_history(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        save_three(store, tmp_path)
        before = history_view(store)
        sessions = [s.to_dict() for s in store.queries.sessions()]
    for name in ("index.db", "index.db-wal", "index.db-shm"):
        (data / name).unlink(missing_ok=True)
    with AttemptStore.open(data) as store:
        assert store.rebuilt
        assert history_view(store) == before
        assert [s.to_dict() for s in store.queries.sessions()] == sessions
        assert len(store.queries.score_series("q01", "content")) == 1


def test_corrupt_database_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        save_three(store, tmp_path)
        before = history_view(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index = data / "index.db"
    garbage = random.Random(7).randbytes(index.stat().st_size)
    index.write_bytes(garbage)
    with AttemptStore.open(data) as store:
        assert store.set_aside is not None
        assert store.set_aside.name.startswith("index.db.corrupt-")
        assert store.set_aside.read_bytes() == garbage  # kept, never deleted
        assert history_view(store) == before
        assert integrity_ok(store.conn, full=True)


def test_damaged_pages_fail_the_check_and_are_rebuilt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        for _ in range(3):
            save_three(store, tmp_path)
        before = history_view(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    index = data / "index.db"
    raw = bytearray(index.read_bytes())
    page = 4096
    assert len(raw) > 2 * page
    raw[page + 100: 2 * page] = random.Random(3).randbytes(page - 100)  # keep the header
    index.write_bytes(bytes(raw))
    with AttemptStore.open(data) as store:
        assert store.set_aside is not None
        assert history_view(store) == before


def test_bad_sidecars_are_reported_and_skipped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        ids = save_three(store, tmp_path)
    (data / "index.db").unlink()
    bad_json = data / "attempts" / ids[0] / "attempt.json"
    bad_json.write_text('{"schema_version": 1, "attempt_id": ', encoding="utf-8")
    missing = data / "attempts" / ids[1] / "attempt.json"
    side = json.loads(missing.read_text())
    del side["question"]
    missing.write_text(json.dumps(side), encoding="utf-8")
    with AttemptStore.open(data) as store:
        assert [s.attempt_id for s in store.queries.history()] == [ids[2]]
        messages = {p.path: p.message for p in store.problems}
        assert "not valid JSON" in messages[bad_json]
        assert "question" in messages[missing]


def test_index_follows_sidecar_changed_behind_its_back(tmp_path: Path) -> None:
    """A crash after the sidecar write but before the index update is healed at open."""
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        ids = save_three(store, tmp_path)
    path = data / "attempts" / ids[0] / "attempt.json"
    side = json.loads(path.read_text())
    side["score"]["overall"] = 99
    path.write_text(json.dumps(side), encoding="utf-8")
    with AttemptStore.open(data) as store:
        assert store.queries.attempt(ids[0]).overall == 99  # type: ignore[union-attr]


def test_data_dir_is_private_and_ids_cannot_escape(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        if os.name == "posix":
            assert (data.stat().st_mode & 0o777) == 0o700
        for bad in ("../../etc", "..", "a/b", "", "x" * 101, "q1\x00"):
            with pytest.raises(InputError):
                validate_id(bad)
            with pytest.raises(InputError):
                store.load_attempt(bad)
        assert validate_id("q01") == "q01"
        draft = store.begin_attempt(make_question("../../etc"), None, {})
        assert draft.folder.parent == data / "attempts"
        assert draft.folder.resolve().is_relative_to(data.resolve())
        assert not (tmp_path / "etc").exists()


def test_migration_from_schema_1(tmp_path: Path) -> None:
    """A v1 index (made with the v1 SQL) migrates to v2 and its rows are refreshed."""
    from interviewer.storage.schema import SCHEMA_VERSION, V1_SQL

    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        ids = save_three(store, tmp_path)
    (data / "index.db").unlink()
    for extra in ("index.db-wal", "index.db-shm"):
        (data / extra).unlink(missing_ok=True)
    old = sqlite3.connect(data / "index.db")
    old.executescript(V1_SQL + "PRAGMA user_version = 1;")
    side = json.loads((data / "attempts" / ids[0] / "attempt.json").read_text())
    old.execute("INSERT INTO sessions VALUES (?, 'mock', 'Mock', ?, 3)",
                (side["session"]["id"], side["session"]["created_at"]))
    old.execute("INSERT INTO attempts (id, session_id, question_id, question_text, kind,"
                " status, overall, created_at, updated_at) VALUES"
                " (?, ?, 'q01', 'old text', 'technical', 'complete', 1, ?, ?)",
                (ids[0], side["session"]["id"], side["created_at"], side["updated_at"]))
    old.commit()
    old.close()
    with AttemptStore.open(data) as store:
        assert store.migrated_from == 1
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION == 2
        cols = {r[1] for r in store.conn.execute("PRAGMA table_info(attempts)")}
        assert {"scorer_version", "sidecar_stamp"} <= cols
        indexes = {r[1] for r in store.conn.execute("PRAGMA index_list(attempts)")}
        assert "idx_attempts_question" in indexes
        first = store.queries.attempt(ids[0])
        assert first is not None and first.scorer_version == "s1"
        assert first.overall == side["score"]["overall"]  # refreshed from the sidecar
        assert len(store.queries.history()) == 3


def test_a_locked_index_is_busy_not_corrupt(tmp_path: Path) -> None:
    from interviewer.storage.database import IndexBusyError, open_index

    data = tmp_path / "data"
    with AttemptStore.open(data) as store:
        save_three(store, tmp_path)
    holder = sqlite3.connect(data / "index.db", isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE attempts SET status = status")
    try:
        with pytest.raises(IndexBusyError, match="busy"):
            open_index(data / "index.db", busy_timeout_ms=50)
        assert not list(data.glob("index.db.corrupt-*"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with AttemptStore.open(data) as store:
        assert store.set_aside is None and len(store.queries.history()) == 3
