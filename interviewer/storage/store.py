"""The attempt store: one folder per attempt (the facts) plus a SQLite index (a cache).

Use (the GUI calls these from its GUI thread only: the connection keeps sqlite3's default
``check_same_thread=True``; workers hand results back to that thread)::

    store = AttemptStore.open(data_dir)        # migrates; rebuilds a missing/corrupt index
    store.problems                             # sidecars skipped at open (shown to the person)
    session = store.start_session("mock", title="Mock interview", planned=5)
    draft = store.begin_attempt(question, session.session_id, settings_snapshot)
    # ... record into draft.audio_path, transcribe, score ...
    store.complete_attempt(draft.attempt_id, transcript, score, model="tiny.en",
                           device="cpu", duration_s=61.2)
    # or: store.mark_failed(draft.attempt_id, "transcription failed: ...")
    store.load_attempt(attempt_id) -> AttemptRecord
    store.queries.history(question_id=...)     # see interviewer.storage.queries
    store.rebuild()                            # recreate the index from the folders
    store.close()

Write order is what makes a crash harmless: the folder is created under a temporary name, its
sidecar written (status "recording"), and only then renamed into place, before any audio is
written; every later change writes the sidecar first (atomically) and then the index. At open,
:meth:`sync` re-reads any sidecar whose stamp (inode, mtime, size) differs from the index, indexes
unknown folders and drops rows whose folder is gone. Recordings left "recording" by a crash are
handled by :mod:`interviewer.storage.recovery`, only by the primary store of the data dir
(``store.primary``; see :mod:`interviewer.storage.lock`).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from interviewer import __version__
from interviewer.core.errors import InputError
from interviewer.core.questions import Question
from interviewer.core.transcript import Transcript
from interviewer.storage.database import OpenedIndex, open_index, transaction
from interviewer.storage.follow_ups import FollowUpRecords
from interviewer.storage.layout import (
    AUDIO_NAME,
    NEW_PREFIX,
    SIDECAR_NAME,
    DataLayout,
    new_id,
    utc_now_iso,
)
from interviewer.storage.lock import InstanceLock
from interviewer.storage.queries import Queries
from interviewer.storage.records import (
    AttemptDraft,
    AttemptRecord,
    ScoreLike,
    SessionInfo,
    SidecarProblem,
    SyncReport,
    score_dict,
)
from interviewer.storage.sidecar import (
    SESSION_KINDS,
    SIDECAR_SCHEMA_VERSION,
    SidecarError,
    fsync_dir,
    question_snapshot,
    read_sidecar,
    write_sidecar,
)

log = logging.getLogger(__name__)


def current_scorer_version() -> str:
    from interviewer.core.scoring import SCORER_VERSION

    return str(SCORER_VERSION)


class AttemptStore(FollowUpRecords):
    """Attempts and sessions in one data dir. Build with :meth:`open`."""

    def __init__(self, layout: DataLayout, opened: OpenedIndex,
                 lock: InstanceLock | None = None) -> None:
        self.layout = layout
        self._lock = lock
        # the primary store of this data dir (see interviewer.storage.lock): only it recovers
        self.primary: bool = lock is not None and lock.held
        self.conn: sqlite3.Connection = opened.conn
        self.set_aside: Path | None = opened.set_aside
        self.migrated_from: int | None = opened.migrated_from
        self.rebuilt: bool = opened.needs_rebuild
        self.problems: list[SidecarProblem] = []
        self.without_sidecar: list[Path] = []  # folders for recovery to adopt
        self.queries = Queries(self.conn, layout)

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, data_dir: Path) -> AttemptStore:
        """Open the store in ``data_dir`` (created 0700): migrate, check, rebuild, sync."""
        layout = DataLayout(Path(data_dir))
        layout.ensure()
        lock = InstanceLock(layout.lock_path)
        lock.acquire()
        try:
            opened = open_index(layout.index_path)
        except BaseException:
            lock.release()
            raise
        store = cls(layout, opened, lock)
        try:
            if opened.needs_rebuild or opened.needs_resync:
                store.conn.execute("UPDATE attempts SET sidecar_stamp = NULL")
            report = store.sync()
        except BaseException:
            store.close()
            raise
        store.problems = report.problems
        store.without_sidecar = report.without_sidecar
        return store

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> AttemptStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ sessions
    def start_session(self, kind: str = "single", title: str = "",
                      planned: int = 1) -> SessionInfo:
        """A new session ("single" practice or "mock" interview of ``planned`` questions)."""
        if kind not in SESSION_KINDS:
            raise InputError(f"Unknown session kind {kind!r}: use 'single' or 'mock'.")
        info = SessionInfo(new_id(), kind, title, utc_now_iso(), max(1, int(planned)))
        with transaction(self.conn):
            self._upsert_session(info.to_dict())
        return info

    def session(self, session_id: str) -> SessionInfo:
        row = self.conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise InputError(f"There is no session {session_id!r}; see `interviewer history`.")
        return SessionInfo(row["id"], row["kind"], row["title"], row["created_at"],
                           row["planned"])

    # ------------------------------------------------------------------ attempts
    def begin_attempt(self, question: Question, session_id: str | None = None,
                      settings_snapshot: Mapping[str, Any] | None = None) -> AttemptDraft:
        """Create the attempt's folder and a "recording" sidecar before any audio exists."""
        session = self.session(session_id) if session_id else self.start_session()
        attempt_id = new_id()
        now = utc_now_iso()
        data: dict[str, Any] = {
            "schema_version": SIDECAR_SCHEMA_VERSION, "attempt_id": attempt_id,
            "session": session.to_dict(), "status": "recording", "status_detail": None,
            "question": question_snapshot(question), "transcript": None, "score": None,
            "scorer_version": None, "scored_at": None, "score_history": [],
            "model": None, "device": None, "settings": dict(settings_snapshot or {}),
            "created_at": now, "updated_at": now, "app_version": __version__,
            "audio_file": AUDIO_NAME, "duration_s": None,
        }
        final = self.layout.attempt_dir(attempt_id)
        temp = self.layout.attempts_dir / f"{NEW_PREFIX}{attempt_id}"
        temp.mkdir(mode=0o700)
        write_sidecar(temp, data, SIDECAR_NAME)
        temp.rename(final)
        fsync_dir(self.layout.attempts_dir)
        self._index(data, final)
        return AttemptDraft(attempt_id, session.session_id, final, final / AUDIO_NAME)

    def complete_attempt(self, attempt_id: str, transcript: Transcript,
                         score: ScoreLike | Mapping[str, Any], *, model: str | None,
                         device: str | None, duration_s: float | None,
                         scorer_version: str | None = None,
                         status: str = "complete",
                         status_detail: str | None = None) -> AttemptRecord:
        """Save the transcript and score; the attempt becomes ``status`` ("complete").

        The scorer version stored is ``scorer_version``, else the score's own
        ``scorer_version``, else ``core.scoring.SCORER_VERSION``.
        """
        scored = score_dict(score)
        version = (scorer_version or scored.get("scorer_version")
                   or current_scorer_version())

        def change(data: dict[str, Any]) -> None:
            data.update(status=status, status_detail=status_detail,
                        transcript=transcript.to_dict(), score=scored,
                        scorer_version=version, scored_at=utc_now_iso(), model=model,
                        device=device)
            if duration_s is not None:
                data["duration_s"] = float(duration_s)

        return self.update_attempt(attempt_id, change)

    def mark_failed(self, attempt_id: str, reason: str) -> AttemptRecord:
        """Keep the recording; mark the attempt failed (it can be retried later)."""
        return self.update_attempt(
            attempt_id, lambda d: d.update(status="failed", status_detail=reason))

    def update_attempt(self, attempt_id: str,
                       change: Callable[[dict[str, Any]], None]) -> AttemptRecord:
        """Read the sidecar, apply ``change`` to its dict, write it back, re-index."""
        folder = self.layout.attempt_dir(attempt_id)
        data = read_sidecar(folder / SIDECAR_NAME)
        change(data)
        data["updated_at"] = utc_now_iso()
        write_sidecar(folder, data, SIDECAR_NAME)
        self._index(data, folder)
        return AttemptRecord.from_sidecar(data, folder)

    def reindex(self, attempt_id: str) -> AttemptRecord:
        """Re-read one attempt's sidecar into the index (after writing it directly)."""
        folder = self.layout.attempt_dir(attempt_id)
        data = read_sidecar(folder / SIDECAR_NAME)
        self._index(data, folder)
        return AttemptRecord.from_sidecar(data, folder)

    def load_attempt(self, attempt_id: str) -> AttemptRecord:
        """Everything about one attempt, from its sidecar."""
        folder = self.layout.attempt_dir(attempt_id)
        if not folder.is_dir():
            raise InputError(f"There is no attempt {attempt_id!r}; see `interviewer history`.")
        return AttemptRecord.from_sidecar(read_sidecar(folder / SIDECAR_NAME), folder)

    def session_attempts(self, session_id: str) -> list[AttemptRecord]:
        """The attempts of a session, in the order they were made."""
        rows = self.conn.execute(
            "SELECT id FROM attempts WHERE session_id = ? ORDER BY created_at, id",
            (session_id,)).fetchall()
        return [self.load_attempt(r["id"]) for r in rows]

    def delete_attempt(self, attempt_id: str) -> None:
        """Remove an attempt for good (its folder and its row): only when the person asks."""
        folder = self.layout.attempt_dir(attempt_id)
        with transaction(self.conn):
            self.conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
        if folder.is_dir():
            shutil.rmtree(folder)

    # ------------------------------------------------------------------ index upkeep
    def rebuild(self) -> SyncReport:
        """Recreate the index from the attempt folders (sessions come from the sidecars)."""
        with transaction(self.conn):
            self.conn.execute("DELETE FROM components")
            self.conn.execute("DELETE FROM attempts")
            self.conn.execute("DELETE FROM sessions")
        report = self.sync()
        self.problems = report.problems
        self.without_sidecar = report.without_sidecar
        return report

    def sync(self) -> SyncReport:
        """Bring the index in line with the folders (cheap: only changed sidecars are read)."""
        report = SyncReport()
        if self.primary:  # another live instance may be creating folders right now
            self._clean_unfinished_creations()
        stamps = {r["id"]: r["sidecar_stamp"]
                  for r in self.conn.execute("SELECT id, sidecar_stamp FROM attempts")}
        seen: set[str] = set()
        for folder in self.layout.attempt_folders():
            if self.primary:
                _remove_temp_files(folder)
            sidecar = folder / SIDECAR_NAME
            try:
                stamp = _stamp(sidecar)
            except FileNotFoundError:
                report.without_sidecar.append(folder)
                continue
            if stamps.get(folder.name, "") == stamp:
                seen.add(folder.name)
                continue
            try:
                data = read_sidecar(sidecar)
            except SidecarError as exc:
                log.warning("%s", exc)
                report.problems.append(SidecarProblem(sidecar, str(exc)))
                continue
            self._index(data, folder)
            seen.add(folder.name)
            report.indexed += 1
        gone = [i for i in stamps if i not in seen]
        if gone:
            with transaction(self.conn):
                self.conn.executemany("DELETE FROM attempts WHERE id = ?",
                                      [(i,) for i in gone])
            report.removed = len(gone)
        return report

    def _clean_unfinished_creations(self) -> None:
        """``.new-*`` folders hold at most a sidecar (audio comes after the rename)."""
        for temp in self.layout.unfinished_new_folders():
            names = {p.name for p in temp.iterdir()}
            if all(n == SIDECAR_NAME or n.startswith(f".{SIDECAR_NAME}.") for n in names):
                shutil.rmtree(temp)
            else:
                log.warning("leaving unexpected files in %s untouched", temp)

    def _upsert_session(self, session: Mapping[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO sessions (id, kind, title, created_at, planned) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO NOTHING",
            (session["id"], session.get("kind") if session.get("kind") in SESSION_KINDS
             else "single", session.get("title") or "", session.get("created_at") or "",
             int(session.get("planned") or 1)))

    def _index(self, data: dict[str, Any], folder: Path) -> None:
        """Write one sidecar's facts into the index (one transaction)."""
        q = data["question"]
        score = data.get("score") or None
        stamp = _stamp(folder / SIDECAR_NAME)
        with transaction(self.conn):
            self._upsert_session(data["session"])
            self.conn.execute("DELETE FROM attempts WHERE id = ?", (data["attempt_id"],))
            self.conn.execute(
                "INSERT INTO attempts (id, session_id, question_id, question_text, kind,"
                " category, bank_id, bank_version, status, status_detail, overall,"
                " rubric_version, model, device, duration_s, created_at, updated_at,"
                " scorer_version, sidecar_stamp)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (data["attempt_id"], data["session"]["id"], q["id"], q["text"], q["kind"],
                 q.get("category") or "", q.get("bank_id") or "", q.get("bank_version") or "",
                 data["status"], data.get("status_detail"),
                 None if score is None else int(score["overall"]),
                 None if score is None else score.get("rubric_version"),
                 data.get("model"), data.get("device"), data.get("duration_s"),
                 data["created_at"], data["updated_at"], data.get("scorer_version"), stamp))
            components = (score or {}).get("components") or {}
            self.conn.executemany(
                "INSERT INTO components (attempt_id, name, score, max) VALUES (?, ?, ?, ?)",
                [(data["attempt_id"], name, float(c["score"]), float(c["max"]))
                 for name, c in components.items() if isinstance(c, Mapping)])


def _stamp(sidecar: Path) -> str:
    st = sidecar.stat()
    return f"{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


def _remove_temp_files(folder: Path) -> None:
    """Half-written sidecar temp files from a crash (the real sidecar is untouched)."""
    for p in folder.glob(f".{SIDECAR_NAME}.*.tmp"):
        with contextlib.suppress(OSError):
            p.unlink()
