"""The answer's transcript: STAR parts coloured, each sentence's reason on hover, and the word
being played highlighted while the recording plays."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QResizeEvent, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from interviewer.core.transcript import Transcript

STAR_COLOURS = {
    "situation": "#cfe3fb",
    "task": "#fbe7b5",
    "action": "#c9efd3",
    "result": "#e7d5f7",
}
STAR_NAMES = {"situation": "Situation", "task": "Task", "action": "Action", "result": "Result"}
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def sentence_spans(text: str, sentences: Sequence[dict[str, Any]]
                   ) -> list[tuple[int, int, dict[str, Any]]]:
    """Character spans of each scored sentence inside ``text`` (found in order; misses skipped)."""
    low = text.lower()
    spans: list[tuple[int, int, dict[str, Any]]] = []
    pos = 0
    for sent in sentences:
        needle = _norm(str(sent.get("text", "")))
        if not needle:
            continue
        i = low.find(needle, pos)
        if i < 0:  # whitespace differs: match the first few words instead
            head = " ".join(needle.split()[:3])
            i = low.find(head, pos) if head else -1
            if i < 0:
                continue
            j = min(len(text), i + len(needle))
        else:
            j = i + len(needle)
        spans.append((i, j, sent))
        pos = j
    return spans


class TranscriptView(QTextEdit):
    """Read-only rich transcript: :meth:`show_answer`, then :meth:`set_position` while playing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("Transcript of your answer")
        self.setTabChangesFocus(True)
        self._word_starts: list[float] = []
        self._word_ranges: list[tuple[int, int]] = []
        self._current = -1
        self.viewport().installEventFilter(self)

    def show_answer(self, transcript: Transcript, sentences: Sequence[dict[str, Any]] = ()) -> None:
        """Lay out the words (timed if the transcript is) and colour each sentence's STAR part."""
        self.clear()
        self._word_starts, self._word_ranges, self._current = [], [], -1
        words = [w for w in transcript.words if w.text.strip()]
        if not words:
            self.setPlainText(transcript.text or "(nothing was heard)")
            self.fit_height()
            return
        parts: list[str] = []
        offset = 0
        for w in words:
            token = w.text.strip()
            if parts:
                offset += 1
            self._word_ranges.append((offset, offset + len(token)))
            self._word_starts.append(w.start if w.start is not None else -1.0)
            parts.append(token)
            offset += len(token)
        text = " ".join(parts)
        cursor = QTextCursor(self.document())
        cursor.insertText(text, QTextCharFormat())
        for start, end, sent in sentence_spans(text, sentences):
            fmt = QTextCharFormat()
            label = sent.get("label")
            if label in STAR_COLOURS:
                fmt.setBackground(QColor(STAR_COLOURS[label]))
                fmt.setForeground(QColor("#111111"))
            why = str(sent.get("why") or "")
            name = STAR_NAMES.get(str(label), "Not part of the STAR story")
            fmt.setToolTip(f"{name}: {why}" if why else name)
            c = QTextCursor(self.document())
            c.setPosition(start)
            c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            c.mergeCharFormat(fmt)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.fit_height()

    def fit_height(self, min_lines: int = 3, max_lines: int = 14) -> None:
        """As tall as the text (within limits), so short answers leave no empty box."""
        self.document().setTextWidth(self.viewport().width() or 600)
        line = self.fontMetrics().lineSpacing()
        body = int(self.document().size().height()) + 2 * self.frameWidth() + 8
        self.setFixedHeight(max(min_lines * line, min(max_lines * line, body)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._word_ranges:
            self.fit_height()

    def tooltip_at(self, char_pos: int) -> str:
        c = QTextCursor(self.document())
        c.setPosition(min(char_pos + 1, max(0, self.document().characterCount() - 1)))
        return c.charFormat().toolTip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            tip = self.tooltip_at(self.cursorForPosition(pos).position())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    @property
    def current_word(self) -> int:
        return self._current

    def current_word_text(self) -> str:
        if self._current < 0:
            return ""
        a, b = self._word_ranges[self._current]
        return self.toPlainText()[a:b]

    def set_position(self, seconds: float | None) -> None:
        """Highlight the word being said at ``seconds`` (None clears)."""
        index = -1
        if seconds is not None and self._word_starts:
            index = bisect_right(self._word_starts, seconds) - 1
        if index == self._current:
            return
        self._current = index
        if index < 0:
            self.setExtraSelections([])
            return
        a, b = self._word_ranges[index]
        sel = QTextEdit.ExtraSelection()
        sel.cursor = QTextCursor(self.document())
        sel.cursor.setPosition(a)
        sel.cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#1f5fbf"))
        fmt.setForeground(QColor("#ffffff"))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        sel.format = fmt
        self.setExtraSelections([sel])
        caret = QTextCursor(self.document())
        caret.setPosition(a)
        self.setTextCursor(caret)
        self.ensureCursorVisible()
