"""Where attempts live on disk.

Layout of the data dir (created private to the user: 0700 on POSIX)::

    <data_dir>/
        index.db                 the SQLite index (a cache; rebuilt from the folders)
        index.db.corrupt-<ts>    a broken index set aside (never deleted)
        store.lock               held by the primary open store (see lock.py)
        attempts/
            <attempt id>/        one folder per attempt
                attempt.json     the sidecar: every fact about the attempt
                answer.wav       the recording, as written
                follow-up.wav    the reply to the interviewer's follow-up, when one was given
            .new-<attempt id>/   a folder being created (renamed into place once its sidecar
                                 exists; leftovers are cleaned at start)

Attempt and session ids are generated here (``20261125T141500Z-1a2b3c4d``), never taken from
bank text or user input. :func:`validate_id` is the guard for any outside id (question or bank
id) that must be used in a path: it allows only ``[A-Za-z0-9_.-]`` and no ``..``.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from interviewer.core.errors import InputError

INDEX_NAME = "index.db"
LOCK_NAME = "store.lock"
ATTEMPTS_DIRNAME = "attempts"
SIDECAR_NAME = "attempt.json"
AUDIO_NAME = "answer.wav"
FOLLOW_UP_AUDIO_NAME = "follow-up.wav"
NEW_PREFIX = ".new-"

_GENERATED_ID_RE = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{8}$")
_SAFE_ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


def utc_now_iso() -> str:
    """The current time as a UTC ISO-8601 string (milliseconds), computed at call time."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id(now: datetime | None = None) -> str:
    """A fresh id: the UTC time to the second plus 8 random hex digits (sorts by time)."""
    when = (now or datetime.now(UTC)).astimezone(UTC)
    return f"{when:%Y%m%dT%H%M%SZ}-{secrets.token_hex(4)}"


def is_generated_id(value: str) -> bool:
    """True for an id made by :func:`new_id` (the only names attempt folders may have)."""
    return bool(_GENERATED_ID_RE.match(value))


def validate_id(value: str, what: str = "id") -> str:
    """Return ``value`` if it is safe as one path component, else raise :class:`InputError`.

    Letters, digits, ``_``, ``.`` and ``-`` only; not ``.`` or ``..``; at most 100 characters.
    """
    if not _SAFE_ID_RE.match(value) or set(value) <= {"."}:
        raise InputError(
            f"The {what} {value!r} cannot be used: use only letters, digits, '_', '-' and '.'."
        )
    return value


@dataclass(frozen=True)
class DataLayout:
    """Paths inside one data dir. Building one touches nothing; :meth:`ensure` creates it."""

    data_dir: Path

    @property
    def index_path(self) -> Path:
        return self.data_dir / INDEX_NAME

    @property
    def lock_path(self) -> Path:
        return self.data_dir / LOCK_NAME

    @property
    def attempts_dir(self) -> Path:
        return self.data_dir / ATTEMPTS_DIRNAME

    def ensure(self) -> None:
        """Create the data dir (0700 on POSIX) and the attempts folder."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            self.data_dir.chmod(0o700)
        self.attempts_dir.mkdir(exist_ok=True)

    def attempt_dir(self, attempt_id: str) -> Path:
        """The folder of an attempt; the id must be a generated one (no path tricks)."""
        if not is_generated_id(attempt_id):
            raise InputError(f"{attempt_id!r} is not an attempt id (they look like "
                             "20261125T141500Z-1a2b3c4d); see `interviewer history`.")
        return self.attempts_dir / attempt_id

    def sidecar_path(self, attempt_id: str) -> Path:
        return self.attempt_dir(attempt_id) / SIDECAR_NAME

    def audio_path(self, attempt_id: str) -> Path:
        return self.attempt_dir(attempt_id) / AUDIO_NAME

    def attempt_folders(self) -> list[Path]:
        """Every attempt folder (generated names only), oldest first."""
        if not self.attempts_dir.is_dir():
            return []
        return sorted(p for p in self.attempts_dir.iterdir()
                      if p.is_dir() and is_generated_id(p.name))

    def unfinished_new_folders(self) -> list[Path]:
        """Folders left half-created by a crash inside :meth:`AttemptStore.begin_attempt`."""
        if not self.attempts_dir.is_dir():
            return []
        return sorted(p for p in self.attempts_dir.iterdir()
                      if p.is_dir() and p.name.startswith(NEW_PREFIX))
