"""The recording screen's two bars, each labelled: the microphone level (with a "too quiet"
warning after 2 s of low level) and the time so far against the target and the limit."""

from __future__ import annotations

from collections import deque

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from interviewer.gui.local_time import clock
from interviewer.gui.widgets.level_meter import LevelMeter
from interviewer.gui.widgets.text_label import wrapped_label

QUIET_DBFS = -42.0  # speech from a working microphone sits around -30 to -15 dBFS RMS
QUIET_AFTER_S = 2.0
QUIET_TEXT = ("Too quiet: we can hardly hear you. Speak up, move closer, or check the "
              "microphone in Settings.")


class RecordingBars(QWidget):
    """Call :meth:`update_bars` on every recorder tick and :meth:`reset` before an answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meter = LevelMeter()
        self.meter_label = QLabel("Microphone level")
        self.meter_label.setBuddy(self.meter)
        self.quiet_label = wrapped_label("Microphone warning", QUIET_TEXT)
        self.quiet_label.setStyleSheet("color: #b42318;")
        self.quiet_label.setVisible(False)
        self.time_bar = QProgressBar()
        self.time_bar.setTextVisible(False)
        self.time_bar.setAccessibleName("Time against the answer limit")
        self.time_bar.setToolTip("Time so far; the bar is full at the answer limit.")
        self.time_title = QLabel("Time")
        self.time_title.setBuddy(self.time_bar)
        self.time_label = QLabel("")
        self.time_label.setAccessibleName("Elapsed time")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.meter_label, 0, 0)
        grid.addWidget(self.meter, 0, 1)
        grid.addWidget(self.quiet_label, 1, 1)
        grid.addWidget(self.time_title, 2, 0)
        grid.addWidget(self.time_bar, 2, 1)
        grid.addWidget(self.time_label, 3, 1)
        grid.setColumnStretch(1, 1)
        self._recent: deque[tuple[float, float]] = deque()

    def reset(self) -> None:
        self._recent.clear()
        self.quiet_label.setVisible(False)
        self.time_label.setText("")
        self.time_bar.setValue(0)
        self.meter.set_level(-120.0)

    @property
    def too_quiet(self) -> bool:
        return self.quiet_label.isVisibleTo(self)

    def update_bars(self, elapsed: float, rms: float, peak: float, target_s: int,
                    limit_s: int) -> None:
        self.meter.set_level(rms, peak)
        self._recent.append((elapsed, rms))
        while self._recent and self._recent[0][0] < elapsed - QUIET_AFTER_S:
            self._recent.popleft()
        span = elapsed - self._recent[0][0] if self._recent else 0.0
        quiet = (elapsed >= QUIET_AFTER_S and span >= QUIET_AFTER_S * 0.9
                 and max(r for _, r in self._recent) < QUIET_DBFS)
        self.quiet_label.setVisible(quiet)
        limit = max(1, int(limit_s))
        self.time_bar.setRange(0, limit * 10)
        self.time_bar.setValue(min(limit * 10, int(elapsed * 10)))
        over = target_s and elapsed > target_s
        self.time_bar.setStyleSheet("QProgressBar::chunk { background: %s; }"
                                    % ("#d9822b" if over else "#3b6fb6"))
        note = " (past the target: wrap up)" if over else ""
        self.time_label.setText(f"{clock(elapsed)} of about {clock(target_s)}{note} · "
                                f"limit {clock(limit_s)}")
