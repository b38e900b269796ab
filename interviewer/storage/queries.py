"""Read-only questions the GUI asks of the index: ``store.queries.<method>``.

All methods read the SQLite index (fast) except :meth:`Queries.compare`, which reads the two
sidecars. Times are UTC ISO-8601 strings (they sort as text); ``since``/``until`` accept such a
string or an aware ``datetime``. "Scored" attempts are those with an overall score (status
"complete", or "recovered" once transcribed and scored). Lists are newest first unless a method
says otherwise; series are oldest first (for charts).

API (``q = store.queries``)::

    q.history(question_id=None, session_id=None, since=None, until=None,
              statuses=None, limit=None) -> list[AttemptSummary]
    q.attempt(attempt_id) -> AttemptSummary | None
    q.sessions() -> list[SessionSummary]
    q.latest_per_question() -> dict[str, AttemptSummary]     # scored attempts only
    q.best_per_question() -> dict[str, AttemptSummary]       # highest overall, latest on ties
    q.score_series(question_id, component=None) -> list[SeriesPoint]   # overall or component
    q.component_series(question_id) -> dict[str, list[SeriesPoint]]
    q.one_component_series(component) -> list[SeriesPoint]   (every question)
    q.component_names(question_id=None) -> list[str]
    q.overall_series() -> list[SeriesPoint]                  # every scored attempt
    q.retryable() -> list[AttemptSummary]      # failed, or recovered but not yet scored
    q.compare(a_id, b_id) -> AttemptComparison # see interviewer.storage.compare
    q.due(question_ids, now=None) -> list[DueItem]  # see interviewer.storage.schedule
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from interviewer.storage.compare import AttemptComparison, compare_attempts
from interviewer.storage.layout import SIDECAR_NAME, DataLayout
from interviewer.storage.records import AttemptRecord, AttemptSummary
from interviewer.storage.schedule import DueItem, due_items
from interviewer.storage.sidecar import read_sidecar


@dataclass(frozen=True)
class SeriesPoint:
    """One point of a score chart."""

    attempt_id: str
    created_at: str
    value: float
    max: float


@dataclass(frozen=True)
class SessionSummary:
    session_id: str
    kind: str
    title: str
    created_at: str
    planned: int
    attempts: int
    mean_overall: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "kind": self.kind, "title": self.title,
                "created_at": self.created_at, "planned": self.planned,
                "attempts": self.attempts, "mean_overall": self.mean_overall}


def _iso(value: str | datetime | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat(timespec="seconds")


class Queries:
    def __init__(self, conn: sqlite3.Connection, layout: DataLayout) -> None:
        self._conn = conn
        self._layout = layout

    def _summary(self, row: sqlite3.Row) -> AttemptSummary:
        return AttemptSummary(
            attempt_id=row["id"], session_id=row["session_id"],
            question_id=row["question_id"], question_text=row["question_text"],
            kind=row["kind"], category=row["category"], status=row["status"],
            status_detail=row["status_detail"], overall=row["overall"],
            rubric_version=row["rubric_version"], scorer_version=row["scorer_version"],
            model=row["model"], device=row["device"], duration_s=row["duration_s"],
            created_at=row["created_at"], updated_at=row["updated_at"],
            audio_path=self._layout.audio_path(row["id"]),
        )

    def _select(self, where: Iterable[str], params: Sequence[Any], order: str,
                limit: int | None = None) -> list[AttemptSummary]:
        clauses = list(where)
        sql = "SELECT * FROM attempts"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += f" ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [self._summary(r) for r in self._conn.execute(sql, tuple(params))]

    def history(self, *, question_id: str | None = None, session_id: str | None = None,
                since: str | datetime | None = None, until: str | datetime | None = None,
                statuses: Sequence[str] | None = None,
                limit: int | None = None) -> list[AttemptSummary]:
        """Attempts matching every filter given, newest first."""
        where: list[str] = []
        params: list[Any] = []
        for clause, value in (("question_id = ?", question_id), ("session_id = ?", session_id),
                              ("created_at >= ?", _iso(since)),
                              ("created_at < ?", _iso(until))):
            if value is not None:
                where.append(clause)
                params.append(value)
        if statuses:
            where.append(f"status IN ({', '.join('?' for _ in statuses)})")
            params.extend(statuses)
        return self._select(where, params, "created_at DESC, id DESC", limit)

    def attempt(self, attempt_id: str) -> AttemptSummary | None:
        found = self._select(["id = ?"], [attempt_id], "id")
        return found[0] if found else None

    def sessions(self) -> list[SessionSummary]:
        rows = self._conn.execute(
            "SELECT s.*, COUNT(a.id) AS n, AVG(a.overall) AS mean FROM sessions s"
            " LEFT JOIN attempts a ON a.session_id = s.id"
            " GROUP BY s.id ORDER BY s.created_at DESC, s.id DESC").fetchall()
        return [SessionSummary(r["id"], r["kind"], r["title"], r["created_at"], r["planned"],
                               r["n"], None if r["mean"] is None else round(r["mean"], 1))
                for r in rows]

    def latest_per_question(self) -> dict[str, AttemptSummary]:
        out: dict[str, AttemptSummary] = {}
        for s in self._select(["overall IS NOT NULL"], [], "created_at DESC, id DESC"):
            out.setdefault(s.question_id, s)
        return out

    def best_per_question(self) -> dict[str, AttemptSummary]:
        out: dict[str, AttemptSummary] = {}
        order = "overall DESC, created_at DESC, id DESC"
        for s in self._select(["overall IS NOT NULL"], [], order):
            out.setdefault(s.question_id, s)
        return out

    def score_series(self, question_id: str, component: str | None = None) -> list[SeriesPoint]:
        """Overall (0-100) or one component's score over time for a question, oldest first."""
        if component is None:
            rows = self._conn.execute(
                "SELECT id, created_at, overall AS value, 100 AS max FROM attempts"
                " WHERE question_id = ? AND overall IS NOT NULL ORDER BY created_at, id",
                (question_id,))
        else:
            rows = self._conn.execute(
                "SELECT a.id, a.created_at, c.score AS value, c.max FROM attempts a"
                " JOIN components c ON c.attempt_id = a.id"
                " WHERE a.question_id = ? AND c.name = ? ORDER BY a.created_at, a.id",
                (question_id, component))
        return [SeriesPoint(r["id"], r["created_at"], float(r["value"]), float(r["max"]))
                for r in rows]

    def component_series(self, question_id: str) -> dict[str, list[SeriesPoint]]:
        out: dict[str, list[SeriesPoint]] = {}
        rows = self._conn.execute(
            "SELECT a.id, a.created_at, c.name, c.score, c.max FROM attempts a"
            " JOIN components c ON c.attempt_id = a.id"
            " WHERE a.question_id = ? ORDER BY c.name, a.created_at, a.id", (question_id,))
        for r in rows:
            out.setdefault(r["name"], []).append(
                SeriesPoint(r["id"], r["created_at"], float(r["score"]), float(r["max"])))
        return out

    def one_component_series(self, component: str) -> list[SeriesPoint]:
        """One component's score over time across every question, oldest first."""
        rows = self._conn.execute(
            "SELECT a.id, a.created_at, c.score AS value, c.max FROM attempts a"
            " JOIN components c ON c.attempt_id = a.id"
            " WHERE c.name = ? ORDER BY a.created_at, a.id", (component,))
        return [SeriesPoint(r["id"], r["created_at"], float(r["value"]), float(r["max"]))
                for r in rows]

    def component_names(self, question_id: str | None = None) -> list[str]:
        """The score components stored (for one question's attempts, or all), by name."""
        if question_id:
            rows = self._conn.execute(
                "SELECT DISTINCT c.name FROM components c JOIN attempts a"
                " ON a.id = c.attempt_id WHERE a.question_id = ? ORDER BY c.name",
                (question_id,))
        else:
            rows = self._conn.execute("SELECT DISTINCT name FROM components ORDER BY name")
        return [str(r["name"]) for r in rows]

    def overall_series(self) -> list[SeriesPoint]:
        rows = self._conn.execute(
            "SELECT id, created_at, overall FROM attempts WHERE overall IS NOT NULL"
            " ORDER BY created_at, id")
        return [SeriesPoint(r["id"], r["created_at"], float(r["overall"]), 100.0) for r in rows]

    def retryable(self) -> list[AttemptSummary]:
        """Attempts with a recording but no score yet: failed, or recovered untranscribed."""
        return self._select(["status IN ('failed', 'recovered')", "overall IS NULL"], [],
                            "created_at, id")

    def compare(self, a_id: str, b_id: str) -> AttemptComparison:
        """Compare two attempts (usually of one question; ``a`` the older)."""
        records = []
        for attempt_id in (a_id, b_id):
            folder = self._layout.attempt_dir(attempt_id)
            records.append(AttemptRecord.from_sidecar(read_sidecar(folder / SIDECAR_NAME),
                                                      folder))
        return compare_attempts(records[0], records[1])

    def due(self, question_ids: Sequence[str], now: datetime | None = None) -> list[DueItem]:
        """Which of ``question_ids`` to practise next (see :mod:`~.schedule`)."""
        history: dict[str, list[tuple[str, int]]] = {}
        for r in self._conn.execute(
                "SELECT question_id, created_at, overall FROM attempts"
                " WHERE overall IS NOT NULL"
                " ORDER BY created_at, id"):
            history.setdefault(r["question_id"], []).append((r["created_at"], r["overall"]))
        return due_items(question_ids, history, now)
