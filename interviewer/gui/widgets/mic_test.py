"""The microphone test of the Settings dialog: a button that records into a throwaway file
while a level meter shows how loud the microphone hears you."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from interviewer.core.errors import InterviewerError
from interviewer.gui.widgets.level_meter import LevelMeter

log = logging.getLogger(__name__)


class MicTest(QWidget):
    """``recorder``: the app's recorder (None: the button is off); ``device``: the microphone
    chosen now; messages go to ``note``; the test file lives in ``cache_dir`` and is removed."""

    def __init__(self, recorder: Any, cache_dir: Path, device: Callable[[], str | None],
                 note: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._recorder = recorder
        self._cache_dir = cache_dir
        self._device = device
        self._note = note
        self._path: Path | None = None
        self.button = QPushButton("Test the microphone")
        self.meter = LevelMeter()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.meter, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._poll_level)
        self.button.clicked.connect(self.toggle)
        self.button.setEnabled(recorder is not None)

    def toggle(self) -> None:
        rec = self._recorder
        if rec is None:
            return
        if self._timer.isActive():
            self.stop()
            return
        fd, name = tempfile.mkstemp(suffix=".wav", dir=self._cache_dir)
        Path(name).unlink(missing_ok=True)
        del fd
        self._path = Path(name)
        try:
            rec.start(self._path, device=self._device(), limit_s=30)
        except InterviewerError as exc:
            self._note.setText(str(exc))
            return
        self.button.setText("Stop the test")
        self._note.setText("Speak: the bar should reach the middle.")
        self._timer.start()

    def _poll_level(self) -> None:
        level = self._recorder.level
        self.meter.set_level(level.rms_dbfs, level.peak_dbfs)
        if self._recorder.state == "stopped":
            self.stop()

    def stop(self) -> None:
        """End a running test (safe to call when none runs) and remove its file."""
        self._timer.stop()
        if self._recorder is not None and self._recorder.state == "recording":
            try:
                self._recorder.stop()
            except Exception:
                log.exception("stopping the microphone test")
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None
        self.button.setText("Test the microphone")
