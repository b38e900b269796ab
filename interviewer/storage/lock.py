"""Which open store is the primary one for a data dir.

The first :class:`AttemptStore` to open a data dir takes a non-blocking exclusive lock on
``<data_dir>/store.lock`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows) and holds it until
it closes; the operating system drops it when the process dies, so a crash frees it. Only the
primary store runs crash recovery and removes half-written leftovers: a second process (say
``interviewer history`` while the app is recording) must not mistake the app's recording in
progress for one left by a crash. Secondary stores read and write attempts normally.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Try to take the lock without waiting; True when this instance now holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "posix":
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            if os.name == "posix":
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
            else:  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        os.close(fd)
