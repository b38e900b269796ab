"""Timing one loaded Whisper model on the measuring clip, the way the app uses it.

What is timed mirrors :mod:`interviewer.speech.incremental` (its public :class:`ChunkPolicy`):

- ``first_words_s``: a quick look (greedy, plain pass) at the first ``provisional_s`` (3 s) of
  speech: what the live text costs before its first words show (the median of three: it is
  short, and the first real decode after warm-up may still pay one-off costs).
- ``tail_s``: the plain pass over the clip (10.4 s), scaled to a ``min_chunk_s`` (12 s)
  stretch, the tail left to decode after stop: the stop -> final transcript time of an answer
  streamed at real time. Scaling by length over-counts the encoder's fixed cost a little (a
  cautious estimate).
- ``rtf``: that decode over the audio's length; ``rtf_fillers``: the plain pass plus the
  filler-prompted pass (the engine's "merge" method, which stretches cut while recording get)
  over the audio's length: the share of real time needed to keep up while the person talks.
- ``beam_*``: the same with beam search (5), timed only when greedy leaves room for it.

The engine keeps the encoder's output for audio it has just encoded (``fast_decode``), as the
filler pass relies on. So that every timing pays what the app pays, the engine forgets those
encodings before each look and before each plain pass; the filler pass reuses the plain pass's
encoding, as in the app.
- ``load_s``: load and warm-up; ``memory_mb``: peak memory added (RSS on the CPU, allocated
  memory on a GPU); ``wer``: word error rate of the plain pass against the clip's text.

One run of each (the figures are noisy on a busy machine; the choice keeps margins).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Protocol, TypeVar

from interviewer.core.errors import InterviewerError
from interviewer.speech.config import DEFAULT_FILLER_PROMPT
from interviewer.speech.incremental import ChunkPolicy
from interviewer.speech.measure_clip import MeasureClip
from interviewer.speech.word_error import word_error_rate

log = logging.getLogger(__name__)

BEAM_SIZE = 5
_POLICY = ChunkPolicy()
TAIL_AUDIO_S = _POLICY.min_chunk_s  # the longest tail a cut leaves while the person talks
FIRST_LOOK_S = _POLICY.provisional_s  # audio before the first provisional look
FIRST_LOOKS = 3  # first-words looks timed (the median is kept)

T = TypeVar("T")
Checkpoint = Callable[[], None]  # raises to stop (cancellation); called between steps
StepProgress = Callable[[float, str], None]


class MeasurableEngine(Protocol):
    """What is needed of a :class:`~interviewer.speech.engine.WhisperEngine`."""

    config: Any

    @property
    def model_name(self) -> str: ...

    @property
    def device_choice(self) -> Any: ...

    def load(self, progress: Any = None) -> None: ...

    def warm_up(self) -> float: ...

    def forget_encodings(self) -> None: ...

    def transcribe_clips(self, audio: Any, clips: Any, *, prompt: str | None = None,
                         filler: bool | None = None, quick: bool = False) -> list[Any]: ...


@dataclass(frozen=True)
class ModelFigures:
    """One model's measured figures; ``note`` says why there are none (failed or skipped)."""

    name: str
    device: str = ""
    note: str = ""
    load_s: float | None = None
    first_words_s: float | None = None
    tail_s: float | None = None
    rtf: float | None = None
    rtf_fillers: float | None = None
    beam_tail_s: float | None = None
    beam_rtf: float | None = None
    beam_rtf_fillers: float | None = None
    memory_mb: float | None = None
    wer: float | None = None
    meets_targets: bool | None = None  # set by the choice (interviewer.speech.model_choice)
    meets_with_beam: bool | None = None

    @property
    def ok(self) -> bool:
        return self.tail_s is not None and self.rtf_fillers is not None

    @property
    def has_beam(self) -> bool:
        return self.beam_tail_s is not None and self.beam_rtf_fillers is not None

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ModelFigures:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in names}
        return cls(**values)


def _timed(clock: Callable[[], float], fn: Callable[[], T]) -> tuple[float, T]:
    t0 = clock()
    result = fn()
    return clock() - t0, result


def _text(segments: list[Any]) -> str:
    return " ".join(str(getattr(s, "text", s)) for s in segments)


def measure_engine(engine: MeasurableEngine, clip: MeasureClip, *,
                   try_beam: Callable[[ModelFigures], bool] | None = None,
                   clock: Callable[[], float] = time.perf_counter,
                   checkpoint: Checkpoint | None = None,
                   progress: StepProgress | None = None,
                   probe_for: Callable[[str], MemoryProbe] | None = None) -> ModelFigures:
    """Load ``engine`` (never downloading: the caller built it so) and time it on ``clip``.

    ``try_beam(greedy_figures)`` says whether beam search is worth timing too. Exceptions pass
    through (the caller turns them into a note).
    """
    def step(fraction: float, message: str) -> None:
        if checkpoint is not None:
            checkpoint()
        if progress is not None:
            progress(fraction, message)

    name = engine.model_name
    device = str(getattr(engine.device_choice, "device", "cpu"))
    probe = (probe_for or memory_probe)(device)
    probe.start()
    try:
        step(0.0, f"Loading {name}…")
        load_s, _ = _timed(clock, engine.load)
        step(0.25, f"Warming {name} up…")
        warm_s, _ = _timed(clock, engine.warm_up)
        first_n = min(FIRST_LOOK_S, clip.seconds)
        step(0.4, f"Timing {name}'s first words…")
        looks = sorted(_look(engine, clip.head(first_n), first_n, clock)
                       for _ in range(FIRST_LOOKS))
        first_s = looks[len(looks) // 2]
        step(0.5, f"Timing {name} on the clip…")
        plain, filler, segments = _passes(engine, clip.audio, clip.seconds, clock)
        figures = ModelFigures(
            name=name, device=device, load_s=load_s + warm_s, first_words_s=first_s,
            tail_s=plain * TAIL_AUDIO_S / clip.seconds, rtf=plain / clip.seconds,
            rtf_fillers=(plain + filler) / clip.seconds,
            wer=word_error_rate(clip.text, _text(segments)))
        if try_beam is not None and try_beam(figures):
            step(0.75, f"Timing {name} with beam search…")
            greedy = engine.config
            engine.config = replace(greedy, beam_size=BEAM_SIZE)
            try:
                plain, filler, _ = _passes(engine, clip.audio, clip.seconds, clock)
            finally:
                engine.config = greedy
            figures = replace(figures, beam_tail_s=plain * TAIL_AUDIO_S / clip.seconds,
                              beam_rtf=plain / clip.seconds,
                              beam_rtf_fillers=(plain + filler) / clip.seconds)
    finally:
        memory = probe.stop()
    step(1.0, f"Measured {name}.")
    return replace(figures, memory_mb=memory)


def _look(engine: MeasurableEngine, audio: Any, seconds: float,
          clock: Callable[[], float]) -> float:
    """Seconds of one quick look (as the live text takes), encoding included."""
    engine.forget_encodings()
    return _timed(clock, lambda: engine.transcribe_clips(audio, [(0.0, seconds)], quick=True))[0]


def _passes(engine: MeasurableEngine, audio: Any, seconds: float,
            clock: Callable[[], float]) -> tuple[float, float, list[Any]]:
    """Seconds of the plain pass and of the filler-prompted pass over ``audio``, and the plain
    pass's segments."""
    span = [(0.0, seconds)]
    engine.forget_encodings()
    plain, segments = _timed(clock, lambda: engine.transcribe_clips(audio, span, filler=False))
    filler, _ = _timed(clock, lambda: engine.transcribe_clips(
        audio, span, prompt=DEFAULT_FILLER_PROMPT, filler=False))
    return plain, filler, segments


def failure_note(name: str, exc: BaseException) -> str:
    """One sentence for a model that could not be measured."""
    if isinstance(exc, InterviewerError):
        return str(exc)
    if type(exc).__name__ == "OutOfMemoryError":  # torch.cuda.OutOfMemoryError
        return f"{name} does not fit in the GPU's free memory."
    if isinstance(exc, MemoryError):
        return f"{name} does not fit in this computer's free memory."
    return f"{name} could not be measured ({type(exc).__name__}); the details are in the log."


# ---------------------------------------------------------------------------- memory
class MemoryProbe(Protocol):
    def start(self) -> None: ...

    def stop(self) -> float | None: ...  # peak MB added since start (None: unknown)


def rss_bytes() -> int | None:
    """This process's resident memory (Linux: /proc; Windows: the working set), or None where
    it cannot be read (then no memory figure is shown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    if sys.platform == "win32":
        return _windows_working_set()
    return None


def _windows_working_set() -> int | None:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                    ("rest", ctypes.c_size_t * 6)]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    try:
        windll: Any = getattr(ctypes, "windll")  # noqa: B009 (Windows only)
        ok = windll.psapi.GetProcessMemoryInfo(windll.kernel32.GetCurrentProcess(),
                                               ctypes.byref(counters), counters.cb)
    except (AttributeError, OSError):
        return None
    return int(counters.WorkingSetSize) if ok else None


class RssProbe:
    """Samples the resident memory every ``interval_s`` in a thread; reports the peak added."""

    def __init__(self, interval_s: float = 0.02, read: Callable[[], int | None] = rss_bytes):
        self._interval = interval_s
        self._read = read
        self._base: int | None = None
        self._peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        value = self._read()
        if value is not None:
            self._peak = max(self._peak, value)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def start(self) -> None:
        self._base = self._read()
        if self._base is None:
            return
        self._peak = self._base
        self._thread = threading.Thread(target=self._run, name="rss-probe", daemon=True)
        self._thread.start()

    def stop(self) -> float | None:
        if self._thread is None or self._base is None:
            return None
        self._stop.set()
        self._thread.join()
        self._sample()
        return max(0.0, (self._peak - self._base) / 2**20)


class CudaProbe:
    """Peak GPU memory allocated by torch since start."""

    def __init__(self) -> None:
        import torch

        self._torch = torch
        self._base = 0

    def start(self) -> None:
        self._torch.cuda.reset_peak_memory_stats()
        self._base = int(self._torch.cuda.memory_allocated())

    def stop(self) -> float | None:
        peak = int(self._torch.cuda.max_memory_allocated())
        return max(0.0, (peak - self._base) / 2**20)


def memory_probe(device: str) -> MemoryProbe:
    return CudaProbe() if device == "cuda" else RssProbe()

