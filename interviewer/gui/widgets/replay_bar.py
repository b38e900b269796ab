"""Replay a recording: play/pause, a waveform with a playhead, and the position for followers."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interviewer.core.errors import InterviewerError
from interviewer.gui.widgets.waveform import Waveform

log = logging.getLogger(__name__)
POLL_MS = 40


def player_state(player: Any) -> str:
    """The player's state as a plain lower-case word (playing, paused, stopped...)."""
    state = getattr(player, "state", "stopped")
    state = getattr(state, "value", state)
    return str(state).lower().rsplit(".", 1)[-1]


def _clock(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


class ReplayBar(QWidget):
    """``position(seconds)`` fires while playing (and ``stopped()`` at the end)."""

    position = Signal(float)
    stopped = Signal()
    problem = Signal(str)

    def __init__(self, player: Any | None, unavailable: str = "",
                 parent: QWidget | None = None, *, label: str = "▶ &Replay (R)") -> None:
        super().__init__(parent)
        self._player = player
        self._path: Path | None = None
        self._playing = False
        self._label = label
        self.button = QPushButton(label)
        self.button.setAccessibleName("Replay your answer")
        self.button.setMinimumWidth(self.button.sizeHint().width())  # no jump on "Stop"
        self.waveform = Waveform()
        self.time_label = QLabel("0:00 / 0:00")
        self.note = QLabel(unavailable)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(unavailable) or player is None)
        if player is None and not unavailable:
            self.note.setText("Replay is not available: no speaker was found.")
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.waveform, 1)
        row.addWidget(self.time_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.note)
        self.button.setEnabled(player is not None)
        self.button.clicked.connect(self.toggle)
        self.waveform.seek_requested.connect(self.play_from)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def set_player(self, player: Any | None, unavailable: str = "") -> None:
        self._player = player
        self.button.setEnabled(player is not None and self._path is not None)
        self.note.setText(unavailable)
        self.note.setVisible(bool(unavailable))

    def load(self, path: Path | None) -> None:
        self.stop()
        self._path = Path(path) if path else None
        if self._path is not None and self._path.exists():
            self.waveform.load(self._path)
        else:
            self.waveform.clear()
        self.time_label.setText(f"0:00 / {_clock(self.waveform.duration_s)}")
        self.button.setEnabled(self._player is not None and self._path is not None)

    @property
    def playing(self) -> bool:
        return self._playing

    def toggle(self) -> None:
        if self._playing:
            self.stop()
        else:
            self.play_from(0.0)

    def play_from(self, seconds: float) -> None:
        if self._player is None or self._path is None:
            return
        try:
            if self._playing:
                self._player.seek(seconds)
            else:
                self._player.play(self._path, start_s=max(0.0, seconds))
        except InterviewerError as exc:
            self.problem.emit(str(exc))
            self.note.setText(str(exc))
            self.note.setVisible(True)
            return
        except Exception as exc:
            log.exception("replay failed")
            self.problem.emit(f"Replay failed ({type(exc).__name__}); see the log file.")
            return
        self._playing = True
        self.button.setText("■ Stop (R)" if "(R)" in self._label else "■ Stop")
        self._timer.start()

    def stop(self) -> None:
        if self._playing and self._player is not None:
            try:
                self._player.stop()
            except Exception:
                log.exception("stopping playback")
        self._ended()

    def _ended(self) -> None:
        was = self._playing
        self._playing = False
        self._timer.stop()
        self.button.setText(self._label)
        self.waveform.set_position(0.0)
        if was:
            self.stopped.emit()

    def _poll(self) -> None:
        player = self._player
        if player is None:
            self._ended()
            return
        pos = float(getattr(player, "position_s", 0.0) or 0.0)
        self.waveform.set_position(pos)
        self.time_label.setText(f"{_clock(pos)} / {_clock(self.waveform.duration_s)}")
        self.position.emit(pos)
        if player_state(player) not in ("playing", "paused", "starting"):
            self._ended()
