"""Opening the SQLite index: WAL, foreign keys, integrity check, migrations, set-aside.

:func:`open_index` returns a connection ready for the current schema and says whether the
caller must (re)fill it from the attempt folders:

- missing file -> created, ``needs_rebuild``;
- fails ``PRAGMA quick_check`` or is not a database -> the file (and its ``-wal``/``-shm``) is
  renamed ``index.db.corrupt-<UTC timestamp>`` (never deleted), a new one is created,
  ``needs_rebuild`` and ``set_aside`` name it;
- written by a newer app (``user_version`` above ours) -> set aside as ``.newer-<ts>``, rebuilt;
- locked by another process beyond the busy timeout -> :class:`IndexBusyError` (never set
  aside);
- older schema -> the migrations run in order, each in one transaction; ``needs_resync`` when one
  of them asks for rows to be refreshed from the sidecars.

Threads: the connection keeps sqlite3's default ``check_same_thread=True``: it is used from one
thread only (the GUI thread in the app; workers hand results back through signals).
The connection is in autocommit mode (``isolation_level=None``); writers use explicit
``BEGIN IMMEDIATE`` ... ``COMMIT`` (see :func:`transaction`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from interviewer.core.errors import InterviewerError
from interviewer.storage.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

_EXPECTED_TABLES = {"sessions", "attempts", "components"}
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


class IndexBusyError(InterviewerError):
    """Another process holds the index locked for longer than the busy timeout."""


@dataclass
class OpenedIndex:
    conn: sqlite3.Connection
    needs_rebuild: bool = False
    needs_resync: bool = False
    set_aside: Path | None = None
    migrated_from: int | None = None


def connect(path: Path, busy_timeout_ms: int = 5000) -> sqlite3.Connection:
    """A connection with the app's pragmas (WAL, foreign keys, NORMAL sync, busy timeout)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolls back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def integrity_ok(conn: sqlite3.Connection, *, full: bool = False) -> bool:
    """``PRAGMA quick_check`` (or ``integrity_check`` with ``full``) says ``ok``."""
    pragma = "integrity_check" if full else "quick_check"
    rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    return [tuple(r) for r in rows] == [("ok",)]


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> tuple[int, bool]:
    """Run the pending migrations in order. Returns (version before, whether to resync)."""
    before = schema_version(conn)
    resync = False
    for m in MIGRATIONS:
        if m.version <= before:
            continue
        log.info("index: migrating to schema %d (%s)", m.version, m.description)
        try:
            conn.executescript(f"BEGIN;\n{m.sql}\nPRAGMA user_version = {m.version};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        resync = resync or m.resync
    return before, resync


def open_index(path: Path, *, now: datetime | None = None,
               busy_timeout_ms: int = 5000) -> OpenedIndex:
    """Open (creating, migrating or replacing as needed) the index at ``path``."""
    if not path.exists():
        conn = connect(path)
        migrate(conn)
        return OpenedIndex(conn, needs_rebuild=True)
    problem, existing = _check(path, busy_timeout_ms)
    if existing is not None:
        before, resync = migrate(existing)
        return OpenedIndex(existing, needs_resync=resync,
                           migrated_from=before if before != SCHEMA_VERSION else None)
    tag = "newer" if problem == "newer" else "corrupt"
    aside = set_aside(path, tag, now=now)
    log.warning("index %s is %s; kept as %s and rebuilding from the attempt folders",
                path, problem, aside)
    conn = connect(path)
    migrate(conn)
    return OpenedIndex(conn, needs_rebuild=True, set_aside=aside)


def _check(path: Path, busy_timeout_ms: int) -> tuple[str, sqlite3.Connection | None]:
    """('', conn) if usable; (reason, None) otherwise (the connection is closed)."""
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path, busy_timeout_ms)
        if not integrity_ok(conn):
            reason = "failing its integrity check"
        elif schema_version(conn) > SCHEMA_VERSION:
            reason = "newer"
        elif schema_version(conn) > 0 and not _tables(conn) >= _EXPECTED_TABLES:
            reason = "missing its tables"
        else:
            return "", conn
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorcode", None) in (_SQLITE_BUSY, _SQLITE_LOCKED):
            if conn is not None:
                conn.close()  # busy is not broken: never set a healthy index aside
            raise IndexBusyError(
                f"The attempt index {path} is busy (another interviewer is writing to it); "
                "close the other one or try again.") from exc
        reason = f"unreadable ({exc})"
    except sqlite3.DatabaseError as exc:
        reason = f"unreadable ({exc})"
    if conn is not None:
        conn.close()
    return reason, None


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(r[0]) for r in rows}


def set_aside(path: Path, tag: str, *, now: datetime | None = None) -> Path:
    """Rename ``path`` (and its -wal/-shm) to ``<name>.<tag>-<UTC ts>``; returns the new path."""
    stamp = f"{(now or datetime.now(UTC)).astimezone(UTC):%Y%m%dT%H%M%SZ}"
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{tag}-{stamp}-{n}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(target.with_name(target.name + suffix))
    return target
