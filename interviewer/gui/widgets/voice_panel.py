"""What the voice said: pitch variation, loudness, steadiness, phrase ends, clipping, each
against its band, and pitch and pace over the answer as charts (click a chart to replay from
there; hover a point to read it)."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from interviewer.gui.widgets.score_panels import clear_layout
from interviewer.gui.widgets.text_label import wrapped_label
from interviewer.storage.report_content import voice_rows

OK, WARN = "✓", "⚠"


class VoicePanel(QGroupBox):
    """``play_at(seconds)`` asks the replay bar to play from a moment of the answer."""

    play_at = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Your voice", parent)
        self.figures = QGridLayout()
        self.notes = wrapped_label("What your voice says")
        self.pitch_plot = self._plot("Pitch over the answer", "Hz")
        self.pace_plot = self._plot("Pace per 10 s", "words/min")
        lay = QVBoxLayout(self)
        lay.addLayout(self.figures)
        lay.addWidget(self.notes)
        lay.addWidget(self.pitch_plot)
        lay.addWidget(self.pace_plot)
        self.rows: list[tuple[str, str, str, bool | None]] = []
        self.setVisible(False)

    def _plot(self, title: str, unit: str) -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setBackground(None)
        plot.setTitle(title)
        plot.setLabel("left", unit)
        plot.setLabel("bottom", "seconds")
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setFixedHeight(self.fontMetrics().height() * 11)
        plot.setAccessibleName(title)
        plot.scene().sigMouseClicked.connect(lambda ev, p=plot: self._clicked(p, ev))
        return plot

    def _clicked(self, plot: pg.PlotWidget, event: Any) -> None:
        point = plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        self.play_at.emit(max(0.0, float(point.x())))

    def show_voice(self, voice: dict[str, Any] | None) -> None:
        clear_layout(self.figures)
        self.pitch_plot.clear()
        self.pace_plot.clear()
        if not voice:
            self.rows = []
            self.setVisible(False)
            return
        self.setVisible(True)
        self.rows = voice_rows(voice)
        for r, (name, value, band, ok) in enumerate(self.rows):
            mark = "" if ok is None else (OK if ok else WARN)
            for c, text in enumerate((name, value, band, mark)):
                label = QLabel(text)
                if c == 3 and ok is False:
                    label.setStyleSheet("color: #b42318;")
                    label.setAccessibleName(f"{name}: outside the band")
                self.figures.addWidget(label, r, c)
        self.figures.setColumnStretch(2, 1)
        notes = [str(n) for n in voice.get("notes") or ()]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        track = voice.get("pitch_track") or []
        self.pitch_plot.setVisible(bool(track))
        if track:
            xs = [float(t) for t, _ in track]
            ys = [float(v) for _, v in track]
            # a line through the voiced stretches, broken where the voice stops (pauses)
            line_x: list[float] = []
            line_y: list[float] = []
            for k, (x, y) in enumerate(zip(xs, ys, strict=True)):
                if k and x - xs[k - 1] > 0.6:
                    line_x.append((x + xs[k - 1]) / 2)
                    line_y.append(float("nan"))
                line_x.append(x)
                line_y.append(y)
            self.pitch_plot.plot(line_x, line_y, pen=pg.mkPen("#1f5fbf", width=2),
                                 connect="finite")
            self.pitch_plot.addItem(pg.ScatterPlotItem(
                xs, ys, size=4, hoverable=True, brush=pg.mkBrush("#1f5fbf"),
                tip=lambda x, y, data: f"{x:.1f} s: {y:.0f} Hz (click to replay)"))
        pace = voice.get("pace") or []
        self.pace_plot.setVisible(bool(pace))
        if pace:
            lo, hi = (voice.get("bands") or {}).get("wpm") or [120.0, 165.0]
            starts = [float(p["start_s"]) for p in pace]
            last_end = max(starts[-1] + 5.0, float(voice.get("duration_s") or 0.0))
            ends = [*starts[1:], last_end]  # the last window runs to the end of the answer
            band = pg.LinearRegionItem((lo, hi), orientation="horizontal", movable=False,
                                       brush=pg.mkBrush(46, 157, 75, 40))
            self.pace_plot.addItem(band)
            xs = [(a + b) / 2 for a, b in zip(starts, ends, strict=True)]
            widths = [0.92 * (b - a) for a, b in zip(starts, ends, strict=True)]
            ys = [float(p["wpm"]) for p in pace]
            self.pace_plot.addItem(pg.BarGraphItem(x=xs, height=ys, width=widths,
                                                   brush=pg.mkBrush("#3b6fb6")))
            spans = {x: (a, b) for x, a, b in zip(xs, starts, ends, strict=True)}
            self.pace_plot.addItem(pg.ScatterPlotItem(
                xs, ys, size=6, hoverable=True, brush=pg.mkBrush("#1b3a66"),
                tip=lambda x, y, data, s=spans: (
                    f"{s.get(x, (x, x))[0]:.0f}-{s.get(x, (x, x))[1]:.0f} s: "
                    f"{y:.0f} words/min")))
            self.pace_plot.setXRange(0, last_end, padding=0.02)
            self.pace_plot.setYRange(0, max(200.0, max(ys) * 1.1), padding=0)
