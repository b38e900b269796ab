"""Scores over time: one line per series, painted with QPainter (0-100 on the y axis)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#0e7490", "#a16207")


@dataclass(frozen=True)
class Series:
    """``points`` are (label, score) in time order; labels are shown under the first/last point."""

    name: str
    points: tuple[tuple[str, float], ...]


class ScoreChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: list[Series] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * 8)
        self.setAccessibleName("Scores over time")

    def sizeHint(self) -> QSize:
        return QSize(480, self.fontMetrics().height() * 14)

    def set_series(self, series: list[Series]) -> None:
        self._series = [s for s in series if s.points]
        desc = "; ".join(f"{s.name}: {len(s.points)} scores, last {round(s.points[-1][1])}"
                         for s in self._series)
        self.setAccessibleDescription(desc or "No scores yet")
        self.update()

    @property
    def series(self) -> list[Series]:
        return list(self._series)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self.fontMetrics()
        lh = fm.height()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        if not self._series:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       "No scored answers yet: your progress appears here.")
            p.end()
            return
        left = fm.horizontalAdvance("100") + lh // 2
        legend_h = lh * ((len(self._series) + 2) // 3) + lh // 2
        plot = QRectF(left, lh // 2, self.width() - left - lh, self.height() - lh * 2 - legend_h)
        grid = pal.color(QPalette.ColorRole.Mid)
        for v in (0, 25, 50, 75, 100):
            y = plot.bottom() - plot.height() * v / 100
            p.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text)
            p.drawText(QRectF(0, y - lh / 2, left - 4, lh),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(v))
        longest = max(len(s.points) for s in self._series)
        step = plot.width() / max(1, longest - 1)
        for i, s in enumerate(self._series):
            colour = QColor(PALETTE[i % len(PALETTE)])
            pts = [QPointF(plot.left() + k * step if longest > 1 else plot.center().x(),
                           plot.bottom() - plot.height() * max(0.0, min(100.0, v)) / 100)
                   for k, (_, v) in enumerate(s.points)]
            p.setPen(QPen(colour, 2))
            for a, b in itertools.pairwise(pts):
                p.drawLine(a, b)
            p.setBrush(colour)
            for pt in pts:
                p.drawEllipse(pt, 3.5, 3.5)
        # first and last date under the axis
        p.setPen(text)
        first = self._series[0].points[0][0]
        last = max(self._series, key=lambda s: len(s.points)).points[-1][0]
        y = plot.bottom() + 2
        p.drawText(QRectF(plot.left(), y, plot.width(), lh), Qt.AlignmentFlag.AlignLeft, first)
        if longest > 1:
            p.drawText(QRectF(plot.left(), y, plot.width(), lh), Qt.AlignmentFlag.AlignRight, last)
        # legend
        x, y = plot.left(), plot.bottom() + lh + lh // 2
        col_w = plot.width() / 3
        for i, s in enumerate(self._series):
            cx = x + (i % 3) * col_w
            cy = y + (i // 3) * lh
            p.fillRect(QRectF(cx, cy + lh / 3, lh / 2, lh / 3), QColor(PALETTE[i % len(PALETTE)]))
            name = fm.elidedText(s.name, Qt.TextElideMode.ElideRight, int(col_w - lh))
            p.drawText(QRectF(cx + lh * 0.75, cy, col_w - lh, lh), Qt.AlignmentFlag.AlignLeft, name)
        p.end()
