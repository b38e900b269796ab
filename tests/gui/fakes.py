"""Fakes for unit-level widget tests only (the end-to-end tests use the real parts).

They follow the real classes' interfaces: ``Recorder`` (start/stop/level/elapsed_s/state/
listeners), ``Player`` (play/seek/stop/state/position_s), ``WhisperEngine`` (load/transcribe/
device_choice/config/catalogue) and ``Speaker`` (synthesise/voices).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from interviewer.audio.levels import Level
from interviewer.audio.recorder import RecordingInfo
from interviewer.core.transcript import Segment, Transcript, Word

RATE = 16000

ANSWER = ("To prevent overfitting I use dropout and early stopping, and I add data "
          "augmentation such as flips and crops.")


def timed_transcript(text: str = ANSWER, wps: float = 2.5) -> Transcript:
    words = []
    t = 0.5
    for token in text.split():
        words.append(Word(token, t, t + 0.8 / wps * 2, 0.9))
        t += 1 / wps
    return Transcript(segments=(Segment(text, 0.5, t, tuple(words)),), duration_s=t + 0.5)


class FakeRecorder:
    """Records a tone of the elapsed length when stopped; ``fail`` makes start raise it."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.fail = fail
        self.listeners: list[Any] = []
        self.path: Path | None = None
        self._t0 = 0.0
        self._state = "idle"
        self._info: RecordingInfo | None = None
        self.limit_s: float | None = None
        self.lock = threading.Lock()

    def add_listener(self, fn: Any) -> None:
        self.listeners.append(fn)

    def remove_listener(self, fn: Any) -> None:
        if fn in self.listeners:
            self.listeners.remove(fn)

    @property
    def level(self) -> Level:
        return Level(-18.0, -6.0) if self._state == "recording" else Level()

    @property
    def state(self) -> str:
        if self._state == "recording" and self.limit_s and self.elapsed_s >= self.limit_s:
            self._finish("limit")  # the real recorder stops itself at the limit
        return self._state

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self._t0 if self._state == "recording" else 0.0

    def start(self, path: Path | str, device: Any = None, limit_s: float | None = None) -> None:
        if self.fail is not None:
            raise self.fail
        self.path = Path(path)
        self.limit_s = limit_s
        self._t0 = time.monotonic()
        self._state = "recording"

    def stop(self, timeout: float = 10.0) -> RecordingInfo:
        self._finish("user")
        assert self._info is not None
        return self._info

    def _finish(self, reason: Any) -> None:
        with self.lock:
            if self._state == "recording":
                seconds = max(1.0, time.monotonic() - self._t0)
                t = np.arange(int(seconds * RATE)) / RATE
                assert self.path is not None
                sf.write(str(self.path), (0.2 * np.sin(2 * np.pi * 220 * t)).astype("float32"),
                         RATE, subtype="PCM_16")
                self._info = RecordingInfo(self.path, seconds, RATE, reason)
                self._state = "stopped"


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[tuple[Path, float]] = []
        self._state = "idle"
        self._t0 = 0.0
        self._start = 0.0
        self.duration = 60.0

    @property
    def state(self) -> str:
        if self._state == "playing" and self.position_s >= self.duration:
            self._state = "finished"
        return self._state

    @property
    def position_s(self) -> float:
        if self._state != "playing":
            return 0.0
        return self._start + (time.monotonic() - self._t0)

    def play(self, source: Any, rate: int | None = None, *, start_s: float = 0.0,
             device: Any = None) -> None:
        self.played.append((Path(source), start_s))
        self._start = start_s
        self._t0 = time.monotonic()
        self._state = "playing"

    def seek(self, seconds: float) -> None:
        self._start = seconds
        self._t0 = time.monotonic()

    def stop(self) -> None:
        self._state = "stopped"


@dataclass
class _Config:
    model: str = "tiny.en"


@dataclass
class _Choice:
    device: str = "cpu"
    reason: str = "CPU: forced in tests"


@dataclass
class FakeEngine:
    text: str = ANSWER
    fail_load: Exception | None = None
    loads: int = 0
    config: _Config = field(default_factory=_Config)
    device_choice: _Choice = field(default_factory=_Choice)
    catalogue: Any = None
    gate: threading.Event | None = None  # when set, load waits for it

    @property
    def loaded(self) -> bool:
        return self.loads > 0

    def load(self, progress: Any = None) -> None:
        if self.gate is not None:
            self.gate.wait(10)
        if self.fail_load is not None:
            raise self.fail_load
        self.loads += 1

    def transcribe(self, audio: Any, *, vocabulary: Any = (), progress: Any = None) -> Transcript:
        return timed_transcript(self.text)


class FakeSpeaker:
    def __init__(self, wav: Path) -> None:
        self.wav = wav
        self.spoken: list[str] = []

    def synthesise(self, text: str, voice: Any = None, rate: Any = None) -> Path:
        self.spoken.append(text)
        return self.wav

    def voices(self) -> list[Any]:
        return []


class FakeTranscriber:
    """Like IncrementalTranscriber: feed/partial_text/finish/cancel."""

    def __init__(self, engine: FakeEngine) -> None:
        self.engine = engine
        self.cancelled = False
        self.finished = False

    def feed(self, block: Any) -> None:
        pass

    def partial_text(self) -> str:
        return "To prevent overfitting"

    def finish(self) -> Transcript:
        self.finished = True
        return timed_transcript(self.engine.text)

    def cancel(self) -> None:
        self.cancelled = True
