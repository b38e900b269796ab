"""The index's schema: the current shape, and the ordered migrations that reach it.

``PRAGMA user_version`` holds the schema version. :data:`MIGRATIONS` is ordered; entry ``n``
(1-based) takes a database from version ``n - 1`` to ``n``. A fresh database runs them all.
Never edit a shipped migration: append a new one.

History:

1. sessions, attempts (one row per attempt folder, the sidecar's headline facts) and
   components (one row per score component, for charts).
2. ``attempts.scorer_version`` (which scorer produced ``overall``: re-scoring decides from it)
   and ``attempts.sidecar_stamp`` (``inode:mtime_ns:size`` of the sidecar when indexed: at
   start, a changed stamp means the index is stale for that attempt and it is re-read); an index on
   ``(question_id, created_at)`` for history and charts. Rows from version 1 get NULL in both
   columns, so the store re-reads their sidecars once (:attr:`Migration.resync`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str
    resync: bool = False  # True: rows must be refreshed from the sidecars afterwards


V1_SQL = """
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('single', 'mock')),
    title       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    planned     INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE attempts (
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    question_text TEXT NOT NULL,
    kind          TEXT NOT NULL,
    category      TEXT NOT NULL DEFAULT '',
    bank_id       TEXT NOT NULL DEFAULT '',
    bank_version  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL
                  CHECK (status IN ('recording', 'complete', 'recovered', 'failed')),
    status_detail TEXT,
    overall       INTEGER,
    rubric_version TEXT,
    model         TEXT,
    device        TEXT,
    duration_s    REAL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX idx_attempts_session ON attempts(session_id);
CREATE TABLE components (
    attempt_id  TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    score       REAL NOT NULL,
    max         REAL NOT NULL,
    PRIMARY KEY (attempt_id, name)
);
"""

V2_SQL = """
ALTER TABLE attempts ADD COLUMN scorer_version TEXT;
ALTER TABLE attempts ADD COLUMN sidecar_stamp TEXT;
CREATE INDEX idx_attempts_question ON attempts(question_id, created_at);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions, attempts, components", V1_SQL),
    Migration(2, "scorer version, sidecar stamp, question index", V2_SQL, resync=True),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
