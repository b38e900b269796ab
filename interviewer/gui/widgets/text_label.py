"""A word-wrapped label with an accessible name (the feedback's panels use many)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def wrapped_label(accessible_name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    return label
