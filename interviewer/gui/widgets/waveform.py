"""A recording's waveform painted with QPainter, with a playhead; click to seek."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

BUCKETS = 600


def envelope(samples: np.ndarray, buckets: int = BUCKETS) -> np.ndarray:
    """Peak absolute value per bucket, 0..1 (an empty array for no samples)."""
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    n = len(samples)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    buckets = max(1, min(buckets, n))
    edges = np.linspace(0, n, buckets + 1).astype(int)
    peaks = np.maximum.reduceat(np.abs(samples), edges[:-1])
    top = float(peaks.max()) or 1.0
    return (peaks / top).astype(np.float32)


def read_envelope(path: Path, buckets: int = BUCKETS) -> tuple[np.ndarray, float]:
    """Envelope and duration of a WAV file (small files: read whole)."""
    import soundfile as sf

    data, rate = sf.read(str(path), dtype="float32", always_2d=False)
    return envelope(np.asarray(data), buckets), len(data) / float(rate or 1)


class Waveform(QWidget):
    """Paints an envelope; ``position_s`` moves the playhead; clicking emits ``seek_requested``."""

    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._env = np.zeros(0, dtype=np.float32)
        self._duration = 0.0
        self._position = 0.0
        self._marks: list[float] = []
        self._spans: list[tuple[float, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.fontMetrics().height() * 3)
        self.setAccessibleName("Recording waveform")
        self.setToolTip("Click to play from that moment.")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(400, self.fontMetrics().height() * 4)

    def load(self, path: Path) -> None:
        try:
            self._env, self._duration = read_envelope(path)
        except Exception:  # an unreadable file draws a flat line; playback reports the error
            self._env, self._duration = np.zeros(0, dtype=np.float32), 0.0
        self._position = 0.0
        self.update()

    def clear(self) -> None:
        self.set_envelope(np.zeros(0, dtype=np.float32), 0.0)

    def set_envelope(self, env: np.ndarray, duration_s: float) -> None:
        self._env, self._duration, self._position = env, duration_s, 0.0
        self.update()

    def set_marks(self, seconds: list[float]) -> None:
        """Small ticks (for example where concepts were said)."""
        self._marks = list(seconds)
        self.update()

    def set_spans(self, spans: list[tuple[float, float]], tip: str = "") -> None:
        """Shaded stretches (for example phrase ends that trailed off), explained by ``tip``."""
        self._spans = list(spans)
        self.setToolTip("Click to play from that moment." + (f"\n{tip}" if tip and spans
                                                             else ""))
        self.update()

    @property
    def spans(self) -> list[tuple[float, float]]:
        return list(self._spans)

    @property
    def duration_s(self) -> float:
        return self._duration

    def set_position(self, seconds: float) -> None:
        self._position = max(0.0, seconds)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._duration > 0 and self.width() > 0:
            frac = max(0.0, min(1.0, event.position().x() / self.width()))
            self.seek_requested.emit(frac * self._duration)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        rect = QRectF(self.rect())
        p.fillRect(rect, pal.color(QPalette.ColorRole.Base))
        mid = rect.center().y()
        half = rect.height() / 2 - 2
        n = len(self._env)
        if n:
            w = rect.width()
            top = [QPointF(i * w / max(1, n - 1), mid - float(v) * half)
                   for i, v in enumerate(self._env)]
            bottom = [QPointF(pt.x(), 2 * mid - pt.y()) for pt in reversed(top)]
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#3b7dd8"))
            p.drawPolygon(QPolygonF(top + bottom))
        else:
            p.setPen(pal.color(QPalette.ColorRole.Mid))
            p.drawLine(QPointF(0, mid), QPointF(rect.width(), mid))
        if self._duration > 0 and self._spans:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(217, 130, 43, 90))
            for a, b in self._spans:
                x0 = rect.width() * a / self._duration
                x1 = rect.width() * min(b, self._duration) / self._duration
                p.drawRect(QRectF(x0, rect.top(), max(1.0, x1 - x0), rect.height()))
        if self._duration > 0:
            p.setPen(QColor("#b35c00"))
            for s in self._marks:
                x = rect.width() * s / self._duration
                p.drawLine(QPointF(x, rect.bottom() - 6), QPointF(x, rect.bottom()))
            x = rect.width() * min(1.0, self._position / self._duration)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.drawLine(QPointF(x, 0), QPointF(x, rect.height()))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect.adjusted(0, 0, -1, -1))
        p.end()
