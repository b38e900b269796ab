"""Stored UTC times shown in the person's local time, and durations as a clock."""

from __future__ import annotations

from datetime import datetime


def short_date(iso: str) -> str:
    """A stored UTC time as local "YYYY-MM-DD HH:MM"."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso.replace("T", " ")[:16]


def clock(seconds: float) -> str:
    """A duration as "M:SS"."""
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"
