"""A horizontal input level meter: the GUI pulls the recorder's level with a QTimer and sets it."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0


def to_fraction(dbfs: float) -> float:
    """Map a level in dBFS to 0..1 over -60..0 dBFS."""
    if math.isnan(dbfs):
        return 0.0
    return max(0.0, min(1.0, (dbfs - FLOOR_DB) / -FLOOR_DB))


class LevelMeter(QWidget):
    """Shows the latest RMS level as a bar and the peak as a tick; green, amber near clipping."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rms = 0.0
        self._peak = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Microphone level")
        self.setToolTip("How loud the microphone hears you. Aim for the middle of the bar.")

    def sizeHint(self) -> QSize:
        h = max(12, self.fontMetrics().height() // 2 + 6)
        return QSize(200, h)

    def set_level(self, rms_dbfs: float, peak_dbfs: float | None = None) -> None:
        """The latest block's RMS (and peak) in dBFS; -120 or below is silence."""
        self._rms = to_fraction(rms_dbfs)
        self._peak = to_fraction(peak_dbfs if peak_dbfs is not None else rms_dbfs)
        self.setAccessibleDescription(f"{round(self._rms * 100)} percent")
        self.update()

    @property
    def fraction(self) -> float:
        return self._rms

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        pal = self.palette()
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(r, 3, 3)
        if self._rms > 0:
            bar = QRectF(r.left(), r.top(), r.width() * self._rms, r.height())
            color = QColor("#2e9d4b") if self._rms < 0.85 else QColor("#d9822b")
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(bar, 3, 3)
        if self._peak > 0:
            x = r.left() + r.width() * self._peak
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.drawLine(int(x), int(r.top()), int(x), int(r.bottom()))
        p.end()
