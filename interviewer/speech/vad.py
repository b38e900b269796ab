"""Voice-activity detection: where the audio has speech, on a whole array or block by block.

The default detector is Silero VAD (:mod:`interviewer.speech.silero_vad`), a neural
speech/non-speech classifier: :func:`make_vad` builds one, and :func:`voiced_spans` uses it.
When its model cannot be loaded (logged once) both fall back to :class:`EnergyVad`.

:class:`EnergyVad`, the fallback: frames of 30 ms; a frame is voiced when its level is above
both an absolute floor and the running noise floor (a low percentile of recent frames) by a
margin. Short gaps are bridged (hangover) and very short bursts dropped. Good enough to skip
silence; a fan, typing or other voices move its cuts and pause figures (measured in
``tests/bench/bench_vad.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000
FRAME = 480  # 30 ms
_GROUP = 10


class StreamingVad(Protocol):
    """What the callers use of a detector (both :class:`EnergyVad` and ``SileroVad``): a
    decision per 30 ms frame (``voiced_flags``, with the frame's level in ``levels_db``)."""

    frames: int
    voiced_flags: list[bool]
    levels_db: list[float]

    def feed(self, samples: np.ndarray) -> None: ...

    def spans(self, final: bool = False) -> list[tuple[float, float]]: ...

    def silent_run_s(self) -> float: ...


@dataclass(frozen=True)
class VadParams:
    abs_floor_db: float = -50.0
    margin_db: float = 12.0
    noise_percentile: float = 10.0
    noise_frames: int = 400  # 12 s of history for the noise floor
    hangover_s: float = 0.3
    min_speech_s: float = 0.09


class EnergyVad:
    """Streaming detector. ``feed`` samples; ``spans`` gives (start_s, end_s) found so far."""

    def __init__(self, params: VadParams | None = None) -> None:
        self.p = params or VadParams()
        self._rest: np.ndarray | None = None
        self._levels: deque[float] = deque(maxlen=self.p.noise_frames)
        self.frames = 0  # frames processed
        self.voiced_flags: list[bool] = []
        self.levels_db: list[float] = []
        self._spans: list[tuple[int, int]] = []  # closed spans, in frames
        self._open: int | None = None  # first frame of the current span
        self._last_voiced = -1

    def feed(self, samples: np.ndarray) -> None:
        import numpy as np

        data = samples if self._rest is None else np.concatenate([self._rest, samples])
        n = len(data) // FRAME
        self._rest = data[n * FRAME:].copy()
        if n == 0:
            return
        frames = data[: n * FRAME].reshape(n, FRAME).astype(np.float64)
        rms = np.sqrt(np.mean(frames * frames, axis=1) + 1e-12)
        levels = 20.0 * np.log10(rms + 1e-10)
        hang = round(self.p.hangover_s * SAMPLE_RATE / FRAME)
        for g in range(0, n, _GROUP):
            # the noise floor is re-estimated once per group of frames (cheap on long files)
            floor = float(np.percentile(self._levels, self.p.noise_percentile)) \
                if len(self._levels) >= 20 else self.p.abs_floor_db
            threshold = max(self.p.abs_floor_db, floor + self.p.margin_db)
            group = levels[g:g + _GROUP]
            for level, voiced in zip(group.tolist(), (group > threshold).tolist(), strict=True):
                self._levels.append(level)
                i = self.frames
                self.voiced_flags.append(voiced)
                self.levels_db.append(level)
                if voiced:
                    if self._open is None:
                        self._open = i
                    self._last_voiced = i
                elif self._open is not None and i - self._last_voiced > hang:
                    self._close()
                self.frames += 1

    def _close(self) -> None:
        if self._open is None:
            return
        start, end = self._open, self._last_voiced + 1
        if (end - start) * FRAME / SAMPLE_RATE >= self.p.min_speech_s:
            self._spans.append((start, end))
        self._open = None

    def spans(self, final: bool = False) -> list[tuple[float, float]]:
        """Voiced (start_s, end_s); with ``final`` the open span is closed too."""
        if final and self._open is not None:
            self._close()
        out = list(self._spans)
        if self._open is not None:
            out.append((self._open, self._last_voiced + 1))
        sec = FRAME / SAMPLE_RATE
        return [(round(a * sec, 3), round(b * sec, 3)) for a, b in out]

    def silent_run_s(self) -> float:
        """Seconds since the last voiced frame (all frames if none)."""
        return (self.frames - 1 - self._last_voiced) * FRAME / SAMPLE_RATE


def make_vad() -> StreamingVad:
    """A fresh streaming detector: Silero, or the energy one when Silero cannot load."""
    from interviewer.speech import silero_vad

    try:
        return silero_vad.SileroVad(silero_vad.load_model())
    except silero_vad.VadUnavailable:  # logged once by load_model
        return EnergyVad()


def voiced_spans(audio: np.ndarray, params: VadParams | None = None) -> list[tuple[float, float]]:
    """Voiced (start_s, end_s) of a whole array, by :func:`make_vad`'s detector; with
    ``params`` by the energy detector with those settings."""
    return _spans_of(EnergyVad(params) if params is not None else make_vad(), audio)


def energy_voiced_spans(audio: np.ndarray,
                        params: VadParams | None = None) -> list[tuple[float, float]]:
    """Voiced (start_s, end_s) of a whole array by the energy detector (the fallback)."""
    return _spans_of(EnergyVad(params), audio)


def _spans_of(vad: StreamingVad, audio: np.ndarray) -> list[tuple[float, float]]:
    step = SAMPLE_RATE * 60
    for i in range(0, len(audio), step):
        vad.feed(audio[i:i + step])
    return vad.spans(final=True)


def merge_spans(spans: Sequence[tuple[float, float]], gap_s: float, pad_s: float,
                end_s: float) -> list[tuple[float, float]]:
    """Pad each span, then merge those closer than ``gap_s``; clamp to [0, end_s]."""
    out: list[tuple[float, float]] = []
    for a0, b0 in spans:
        a, b = max(0.0, a0 - pad_s), min(end_s, b0 + pad_s)
        if out and a - out[-1][1] < gap_s:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
