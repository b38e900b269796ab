"""Stored UTC times shown in the person's local time."""

from __future__ import annotations

from datetime import datetime


def short_date(iso: str) -> str:
    """A stored UTC time as local "YYYY-MM-DD HH:MM"."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso.replace("T", " ")[:16]
