"""Waiting for a condition in tests without fixed sleeps: poll with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable


def poll_until(cond: Callable[[], object], timeout: float = 10.0, interval: float = 0.02) -> None:
    """Return as soon as ``cond()`` is true; raise ``TimeoutError`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(interval)
