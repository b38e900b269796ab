"""Progress over time with pyqtgraph: one line per series (0-100), the attempts in order on the
x axis with their dates as ticks; hover a point to read it, click it to open that attempt. A
"Show" box chooses the overall score or one component (as a share of its maximum)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

PALETTE = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#0e7490", "#a16207")
OVERALL = ""  # the measure key of the overall score


@dataclass(frozen=True)
class Series:
    """``points`` are (date label, value 0-100) in time order; ``attempt_ids`` match them."""

    name: str
    points: tuple[tuple[str, float], ...]
    attempt_ids: tuple[str, ...] = ()


class ProgressChart(QWidget):
    """``attempt_chosen(attempt_id)`` when a point is clicked; ``measure_changed(key)`` when
    the "Show" box changes ("" is the overall score, else a component name)."""

    attempt_chosen = Signal(str)
    measure_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: list[Series] = []
        self.measure_box = QComboBox()
        self.measure_box.setAccessibleName("Show in the chart")
        self.measure_box.addItem("Overall score", OVERALL)
        self.plot = pg.PlotWidget()
        self.plot.setBackground(None)
        self.plot.setYRange(0, 100, padding=0.02)
        self.plot.setLabel("left", "score")
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.setAccessibleName("Scores over time")
        self.legend = self.plot.addLegend(offset=(10, 10))
        self.empty = QLabel("No scored answers yet: your progress appears here.")
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.measure_box)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.empty)
        lay.addWidget(self.plot, 1)
        self.scatters: list[pg.ScatterPlotItem] = []
        self.measure_box.currentIndexChanged.connect(
            lambda _i: self.measure_changed.emit(self.measure))
        self.set_series([])

    @property
    def measure(self) -> str:
        return str(self.measure_box.currentData() or OVERALL)

    def set_measures(self, names: list[tuple[str, str]]) -> None:
        """The components that can be shown, as (key, label); keeps the current choice."""
        current = self.measure
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        self.measure_box.addItem("Overall score", OVERALL)
        for key, label in names:
            self.measure_box.addItem(label, key)
        index = self.measure_box.findData(current)
        self.measure_box.setCurrentIndex(max(0, index))
        self.measure_box.blockSignals(False)

    @property
    def series(self) -> list[Series]:
        return list(self._series)

    def set_series(self, series: list[Series]) -> None:
        self._series = [s for s in series if s.points]
        self.plot.clear()
        self.legend.clear()
        self.scatters = []
        self.empty.setVisible(not self._series)
        self.plot.setVisible(bool(self._series))
        desc = "; ".join(f"{s.name}: {len(s.points)} scores, last {round(s.points[-1][1])}"
                         for s in self._series)
        self.plot.setAccessibleDescription(desc or "No scores yet")
        if not self._series:
            return
        longest = max(self._series, key=lambda s: len(s.points))
        # x is the attempt's place among all the attempts shown (the longest series holds
        # them all: the chosen question's attempts are among every answer's)
        place = {a: k for k, a in enumerate(longest.attempt_ids)}
        for i, s in enumerate(self._series):
            colour = PALETTE[i % len(PALETTE)]
            xs = [place.get(a, k) for k, a in enumerate(s.attempt_ids)] \
                if s.attempt_ids else list(range(len(s.points)))
            ys = [max(0.0, min(100.0, v)) for _, v in s.points]
            self.plot.plot(xs, ys, pen=pg.mkPen(colour, width=2), name=s.name)
            dates = dict(zip(xs, (label for label, _ in s.points), strict=True))
            scatter = pg.ScatterPlotItem(
                xs, ys, size=9, brush=pg.mkBrush(colour), hoverable=True,
                hoverSize=13, data=list(s.attempt_ids) or [""] * len(xs),
                tip=lambda x, y, data, n=s.name, lab=dates:
                    f"{n}: {y:.0f} ({lab.get(round(x), '')}); click to open")
            scatter.sigClicked.connect(self._clicked)
            self.plot.addItem(scatter)
            self.scatters.append(scatter)
        ticks = [(k, label) for k, (label, _) in enumerate(longest.points)]
        step = max(1, len(ticks) // 6)
        self.plot.getAxis("bottom").setTicks([ticks[::step]])
        self.plot.setXRange(-0.5, len(longest.points) - 0.5, padding=0)

    def _clicked(self, _item: Any, points: Any, *_args: Any) -> None:
        for point in points:
            attempt_id = point.data()
            if attempt_id:
                self.attempt_chosen.emit(str(attempt_id))
                return
