"""Silero VAD: a neural voice-activity detector on the torch we already ship.

The model is the TorchScript file inside the ``silero-vad`` wheel (pinned in pyproject.toml);
it is located without importing the package (whose import sets torch's thread count for the
whole process), checked against :data:`MODEL_SHA256` and loaded once per process
(:func:`load_model`). It scores chunks of 512 samples (32 ms at 16 kHz), each seen with the 64
samples before it, and carries an LSTM state from chunk to chunk. Here the convolutional part
runs on all new chunks at once and the LSTM as one ``torch.nn.LSTM`` call over them (the same
weights; probabilities within 2e-6 of the package's own per-chunk loop, 0.05-0.1 s of CPU per
minute of audio instead of about 2 s).
The gate needs the whole recording's level to be final, so ``spans(final=True)`` decides again
over all chunks; while streaming, the level of the last 30 s is used.

:class:`SileroVad` has the interface of :class:`~interviewer.speech.vad.EnergyVad`: ``feed``
blocks of any size; ``frames``, ``voiced_flags`` and ``levels_db`` on the same 30 ms frame grid
(a frame takes the decision of the 32 ms chunk holding its middle; ``levels_db`` stays the
frame's RMS level); ``silent_run_s()``; ``spans(final=...)``.

Decisions (:class:`SileroParams`), chosen by measurement (``tests/bench/bench_vad.py``: three
answers built from the real-speech pack with 2.4-3.2 s pauses, each in fan, keyboard and
babble noise at 20 and 10 dB SNR over the voiced part):

- a chunk turns speech at probability >= 0.5 and stays speech until it falls below 0.35
  (Silero's own defaults; 0.4-0.6 and exits 0.15-0.35 gave the same pause counts);
- Silero hears the voices of babble as speech (probability 0.99 in the pauses at 10 dB), so
  speech must also be the foreground: a start needs the level (mean power of the last 160 ms)
  within 6 dB of the reference (the 80th percentile of the levels of speech-like chunks) and
  speech ends when it falls 10 dB below it. Without this gate every babble case lost all its
  long pauses; with it (6/10 dB) the count of pauses of 2 s or more stayed within 1 of the
  clean count in all 18 noisy cases (17 equal); 4/8 dB agreed less with the clean spans
  (mean 95%), an 8 dB start lost a pause;
- non-speech under 0.25 s does not split a span, spans under 0.1 s are dropped (0.3 s lost
  real pauses), spans are padded by 0.03 s (Silero's default).

Noisy spans agree with the clean ones on 89-100% of 10 ms steps (mean 97%); the first voiced
time matches the clean one within 0.035 s in every case but one answer in babble at 10 dB (a
background voice 1.4 s before the speaker). Fan or keyboard noise alone gives no speech.

Threads: torch's intra-op thread count is per thread for OpenMP; Silero runs with one thread
in the calling thread (set and restored around each call) so it never fights Whisper for the
cores, and on a loaded 2-core machine it is 100x faster that way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.core.errors import InterviewerError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FRAME = 480  # the 30 ms frame grid shared with the energy detector
CHUNK = 512  # Silero's window at 16 kHz
CONTEXT = 64  # samples of the previous chunk the model sees with each chunk
PACKAGE = "silero-vad"
VERSION = "6.2.3"
MODEL_FILE = "silero_vad.jit"
MODEL_SHA256 = "e1122837f4154c511485fe0b9c64455f7b929c96fbb8d79fbdb336383ebd3720"
_BATCH = SAMPLE_RATE * 60 // CHUNK  # chunks scored per call (bounds memory on long audio)


class VadUnavailable(InterviewerError):
    """The Silero model is missing, altered or cannot be loaded."""


@dataclass(frozen=True)
class SileroParams:
    threshold: float = 0.5  # a chunk this likely to be speech starts speech
    neg_threshold: float = 0.35  # ... and speech goes on until a chunk falls below this
    # the foreground gate (voices in the background are speech too, but quieter): levels are
    # the mean power of the last ``smooth_chunks`` chunks, the reference is this percentile of
    # the levels of speech-like chunks (the last 30 s while streaming, all of it when final)
    enter_db: float = 6.0  # speech starts only within this of the reference
    exit_db: float = 10.0  # ... and stops when the level falls this far below it
    ref_percentile: float = 80.0
    smooth_chunks: int = 5
    backtrack_s: float = 0.5  # a start reaches back over speech-like chunks this far at most
    min_silence_s: float = 0.25  # shorter non-speech does not split a span
    min_speech_s: float = 0.1  # shorter spans are dropped
    speech_pad_s: float = 0.03  # each span widened by this on both sides


def model_path() -> Path:
    """Where the pinned model file lies (the package is located, not imported)."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise VadUnavailable(f"the {PACKAGE} package is not installed; install it with "
                             f"pip install {PACKAGE}=={VERSION}")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / MODEL_FILE


def checked_model_path() -> Path:
    """:func:`model_path`, after checking the file against the pinned sha256."""
    path = model_path()
    if not path.is_file():
        raise VadUnavailable(f"the Silero model file {path} is missing; reinstall "
                             f"{PACKAGE}=={VERSION}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise VadUnavailable(f"the Silero model file {path} is not the pinned one (sha256 "
                             f"{digest[:12]}...); install {PACKAGE}=={VERSION}")
    return path


@contextmanager
def one_thread(torch: Any) -> Iterator[None]:
    """Run torch ops of the calling thread on one core; restored afterwards.

    With OpenMP the count is a per-thread setting, so other threads (Whisper) keep theirs; only
    a thread making its first torch call during this window would start with one thread."""
    prev = torch.get_num_threads()
    if prev == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(prev)


class SileroModel:
    """The loaded network: chunk probabilities for a batch of chunks, with an explicit state."""

    def __init__(self, path: Path) -> None:
        import torch

        self._torch = torch
        self._lock = threading.Lock()
        with one_thread(torch):
            with warnings.catch_warnings():  # torch 2.13 deprecates TorchScript; it still works
                warnings.simplefilter("ignore", DeprecationWarning)
                jit: Any = torch.jit.load(  # type: ignore[no-untyped-call]
                    str(path), map_location="cpu")
            jit.eval()
            net = jit._model  # the 16 kHz network: features -> encoder -> LSTM cell -> head
            cell = dict(net.decoder.rnn.named_parameters())
            lstm: Any = torch.nn.LSTM(128, 128, batch_first=True)
            with torch.no_grad():
                lstm.weight_ih_l0.copy_(cell["weight_ih"])
                lstm.weight_hh_l0.copy_(cell["weight_hh"])
                lstm.bias_ih_l0.copy_(cell["bias_ih"])
                lstm.bias_hh_l0.copy_(cell["bias_hh"])
            lstm.eval()
        self._net, self._lstm, self._head = net, lstm, net.decoder.decoder

    def probs(self, windows: np.ndarray, state: Any) -> tuple[np.ndarray, Any]:
        """Speech probabilities of ``windows`` (n x 576: 64 context samples + one chunk) and
        the LSTM state after them (``None`` to start)."""
        torch = self._torch
        with self._lock, one_thread(torch), torch.inference_mode():
            x = torch.from_numpy(windows)
            feats = self._net.encoder(self._net.run_extractors(x))  # n x 128 x 1
            h, state = self._lstm(feats.squeeze(-1).unsqueeze(0), state)
            p = self._head(h.squeeze(0).unsqueeze(-1)).reshape(-1)
            return p.numpy().copy(), state


_model: SileroModel | None = None
_model_error: VadUnavailable | None = None
_model_lock = threading.Lock()


def load_model() -> SileroModel:
    """The process's one Silero model (loaded on first call); :class:`VadUnavailable` when it
    cannot be (the failure is remembered and logged once)."""
    global _model, _model_error  # noqa: PLW0603 - the process-wide cache
    with _model_lock:
        if _model is not None:
            return _model
        if _model_error is not None:
            raise _model_error
        try:
            model = SileroModel(checked_model_path())
        except VadUnavailable as exc:
            _model_error = exc
        except Exception as exc:  # a broken torch or file: fall back, say why once
            _model_error = VadUnavailable(f"the Silero model failed to load ({exc})")
        if _model_error is not None:
            log.warning("Silero VAD unavailable, using the energy detector: %s", _model_error)
            raise _model_error
        _model = model
        return model


_REF_EVERY = 16  # chunks between updates of the streaming reference level
_REF_MIN = 16  # speech-like chunks needed before the gate applies
_REF_HISTORY = 30 * SAMPLE_RATE // CHUNK


def reference_db(probs: Sequence[float], levels: Sequence[float], p: SileroParams) -> float:
    """The foreground level: a high percentile of the levels of speech-like chunks."""
    import numpy as np

    pr, lv = np.asarray(probs), np.asarray(levels)
    speech = lv[pr >= p.threshold]
    if len(speech) < _REF_MIN:
        return -math.inf
    return float(np.percentile(speech, p.ref_percentile))


def decide(j: int, probs: Sequence[float], levels: Sequence[float], flags: list[bool], *,
           ref: float, p: SileroParams) -> int:
    """Append chunk ``j``'s decision to ``flags`` (hysteresis on the probability, gated by
    the level); when speech starts, earlier speech-like chunks join it. Returns the first chunk
    of the speech that chunk ``j`` belongs to, or -1 for non-speech."""
    prob, level = probs[j], levels[j]
    speaking = bool(flags) and flags[-1]
    if speaking:
        speaking = prob >= p.neg_threshold and level >= ref - p.exit_db
        flags.append(speaking)
        return j if speaking else -1
    if prob < p.threshold or level < ref - p.enter_db:
        flags.append(False)
        return -1
    flags.append(True)
    k, reach = j - 1, round(p.backtrack_s * SAMPLE_RATE / CHUNK)
    while k >= 0 and j - k <= reach and not flags[k] and probs[k] >= p.threshold \
            and levels[k] >= ref - p.exit_db:
        flags[k] = True
        k -= 1
    return k + 1


def spans_of(flags: Sequence[bool], p: SileroParams) -> list[tuple[int, int]]:
    """Runs of speech chunks as [start, end) chunk indices: gaps under ``min_silence_s``
    bridged, spans under ``min_speech_s`` dropped."""
    runs: list[tuple[int, int]] = []
    start = None
    for j, f in enumerate([*flags, False]):
        if f and start is None:
            start = j
        elif not f and start is not None:
            runs.append((start, j))
            start = None
    gap = p.min_silence_s * SAMPLE_RATE / CHUNK
    merged: list[tuple[int, int]] = []
    for a, b in runs:
        if merged and a - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    least = p.min_speech_s * SAMPLE_RATE / CHUNK
    return [(a, b) for a, b in merged if b - a >= least]


class SileroVad:
    """Streaming detector. ``feed`` samples; ``spans`` gives (start_s, end_s) found so far.

    While streaming, decisions use the foreground level of the last 30 s; ``spans(final=True)``
    decides again over everything with the level of the whole recording, so the spans of a
    recording do not depend on how it was fed."""

    def __init__(self, model: SileroModel | None = None,
                 params: SileroParams | None = None) -> None:
        import numpy as np

        self.model = model or load_model()
        self.p = params or SileroParams()
        self._np = np
        self._rest = np.zeros(0, np.float32)  # samples not yet in a whole chunk
        self._context = np.zeros(CONTEXT, np.float32)
        self._state: Any = None
        self._level_rest = np.zeros(0, np.float32)  # samples not yet in a whole 30 ms frame
        self._levels: list[float] = []  # every whole frame's level, ahead of the flags
        self._powers: list[float] = []  # per chunk
        self._ref = -math.inf
        self.chunks = 0
        self.probs: list[float] = []  # per chunk
        self.chunk_levels: list[float] = []  # per chunk: smoothed level, dB
        self.chunk_flags: list[bool] = []  # per chunk, as decided while streaming
        self.frames = 0
        self.voiced_flags: list[bool] = []
        self.levels_db: list[float] = []
        self._last_voiced = -1  # last voiced frame

    def feed(self, samples: np.ndarray) -> None:
        np = self._np
        x = np.asarray(samples, dtype=np.float32).reshape(-1)
        if not len(x):
            return
        self._feed_levels(x)
        data = np.concatenate([self._rest, x]) if len(self._rest) else x
        n = len(data) // CHUNK
        self._rest = data[n * CHUNK:].copy()
        for b in range(0, n, _BATCH):
            k = min(_BATCH, n - b)
            block = data[b * CHUNK:(b + k) * CHUNK]
            ext = np.concatenate([self._context, block])
            windows = np.lib.stride_tricks.sliding_window_view(ext, CHUNK + CONTEXT)[::CHUNK]
            probs, self._state = self.model.probs(windows.copy(), self._state)
            self._context = block[-CONTEXT:].copy()
            power = np.mean(block.reshape(k, CHUNK).astype(np.float64) ** 2, axis=1)
            self._score(probs.tolist(), power.tolist())
        self._advance_frames()

    def _feed_levels(self, x: np.ndarray) -> None:
        np = self._np
        data = np.concatenate([self._level_rest, x]) if len(self._level_rest) else x
        n = len(data) // FRAME
        self._level_rest = data[n * FRAME:].copy()
        if n:
            frames = data[: n * FRAME].reshape(n, FRAME).astype(np.float64)
            rms = np.sqrt(np.mean(frames * frames, axis=1) + 1e-12)
            self._levels.extend((20.0 * np.log10(rms + 1e-10)).tolist())

    def _score(self, probs: list[float], powers: list[float]) -> None:
        w = self.p.smooth_chunks
        for prob, power in zip(probs, powers, strict=True):
            j = self.chunks
            self._powers.append(power)
            recent = self._powers[-w:]
            self.chunk_levels.append(10.0 * math.log10(sum(recent) / len(recent) + 1e-12))
            self.probs.append(prob)
            if j % _REF_EVERY == 0:
                lo = max(0, j - _REF_HISTORY)
                self._ref = reference_db(self.probs[lo:], self.chunk_levels[lo:], self.p)
            first = decide(j, self.probs, self.chunk_levels, self.chunk_flags, ref=self._ref,
                           p=self.p)
            if 0 <= first < j:
                self._reflag(first, j)
            self.chunks += 1

    def _reflag(self, first: int, end: int) -> None:
        """Frames already given out whose chunks joined speech late (a start reaching back)."""
        lo = max(0, (first * CHUNK - FRAME // 2) // FRAME)
        for i in range(lo, min(self.frames, (end * CHUNK) // FRAME + 1)):
            if self.chunk_flags[(i * FRAME + FRAME // 2) // CHUNK]:
                self.voiced_flags[i] = True
                self._last_voiced = max(self._last_voiced, i)

    def _advance_frames(self) -> None:
        """Give every 30 ms frame that the scored chunks cover whole its decision."""
        upto = self.chunks * CHUNK // FRAME
        for i in range(self.frames, upto):
            voiced = self.chunk_flags[(i * FRAME + FRAME // 2) // CHUNK]
            self.voiced_flags.append(voiced)
            if voiced:
                self._last_voiced = i
        self.levels_db.extend(self._levels[self.frames:upto])
        self.frames = upto

    def final_flags(self) -> list[bool]:
        """Every chunk decided again with the foreground level of the whole recording."""
        ref = reference_db(self.probs, self.chunk_levels, self.p)
        flags: list[bool] = []
        for j in range(self.chunks):
            decide(j, self.probs, self.chunk_levels, flags, ref=ref, p=self.p)
        return flags

    def spans(self, final: bool = False) -> list[tuple[float, float]]:
        """Voiced (start_s, end_s), padded; ``final`` decides with all the audio known."""
        runs = spans_of(self.final_flags() if final else self.chunk_flags, self.p)
        pad = self.p.speech_pad_s
        limit = (self.chunks * CHUNK + len(self._rest)) / SAMPLE_RATE
        sec = CHUNK / SAMPLE_RATE
        merged: list[tuple[float, float]] = []
        for a, b in runs:
            s, e = max(0.0, a * sec - pad), min(limit, b * sec + pad)
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        return [(round(s, 3), round(e, 3)) for s, e in merged]

    def silent_run_s(self) -> float:
        """Seconds since the last voiced frame (all frames if none)."""
        return (self.frames - 1 - self._last_voiced) * FRAME / SAMPLE_RATE
