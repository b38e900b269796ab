"""Transcribing while the person is still talking.

Audio blocks are fed as they arrive (from a recorder's worker thread). When enough audio has
built up and the speaker pauses, the stretch up to the middle of the pause is handed to a
background thread and transcribed while recording goes on; on :meth:`finish` only the tail after
the last cut is left to do. Plain ``threading``: no Qt here.

Provisional text: while the worker is idle and at least ``provisional_s`` of audio arrived since
the text last grew, the pending (uncut) audio is decoded quickly (greedy, plain pass) for
display only: :meth:`partial_text` and ``on_update`` show the final text of the cut stretches plus
this provisional tail. It never enters the final transcript, runs at most one at a time, waits
longer between looks when decoding is slow (CPU pressure), and is cancelled at once by a cut
stretch waiting or by :meth:`finish`.

Guesses: while the worker is idle and the speaker pauses, the pending audio is decoded as it
stands (plain pass); if the next cut falls in that pause with only silence after, the guess is
the stretch's text and the stretch costs nothing more. A guess that a cut shows to be useless
(the speaker went on) is stopped at once, so it never holds up the stretch behind it.

Fillers ("um"): when the engine keeps them (a second, prompted pass), stretches cut while
recording get both passes; the tail after stop and speculative decodes get only the plain pass,
so stop-to-transcript time stays short (fillers in the last stretch are not kept).

Thread rules: ``feed`` from one producer thread; ``partial_text`` from any thread; ``finish``
once, from any thread but the worker's, after the last ``feed``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from interviewer.core.transcript import Segment, Transcript
from interviewer.speech import vad
from interviewer.speech.engine import DecodeCancelled
from interviewer.speech.vad import FRAME

if TYPE_CHECKING:
    import numpy as np

    from interviewer.speech.engine import WhisperEngine

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class ChunkPolicy:
    min_chunk_s: float = 12.0  # do not cut before this much audio is pending
    max_chunk_s: float = 28.0  # cut even without a clear pause (Whisper's window is 30 s)
    pause_s: float = 0.35  # a silence this long is a place to cut ...
    # ... but before relax_chunk_s only one this long, a sentence's end: stretches cut at short
    # pauses inside sentences lose words (measured on a 2-minute real answer, tiny.en: WER 0.093
    # cutting at the first 0.35 s pause, 0.067 = batch with 0.8 s before 22 s)
    long_pause_s: float = 0.8
    relax_chunk_s: float = 22.0
    speculate: bool = True  # decode the pending audio at pauses while idle (see finish)
    speculate_min_s: float = 1.0  # only if this much new audio came since the last guess
    speculate_pause_s: float = 0.2
    context_words: int = 0  # previous words given to Whisper as prompt (measured: worse)
    provisional: bool = True  # show a quick decode of the pending audio while talking
    provisional_s: float = 3.0  # ... once this much audio came since the text last grew
    first_look_s: float = 1.0  # ... or this much while no words are shown yet (first words)
    provisional_load: float = 0.5  # at most this share of real time spent on provisional looks


_STOP = object()


class IncrementalTranscriber:
    def __init__(self, engine: WhisperEngine, vocabulary: Sequence[str] = (), *,
                 policy: ChunkPolicy | None = None,
                 on_update: Callable[[str], None] | None = None) -> None:
        self.engine = engine
        self.vocabulary = tuple(vocabulary)
        self.policy = policy or ChunkPolicy()
        self._on_update = on_update
        self._vad = vad.make_vad()  # Silero, or the energy detector as fallback
        self._pending: list[np.ndarray] = []
        self._pending_start = 0  # sample index of the first pending sample
        self._total = 0  # samples fed
        self._segments: list[Segment] = []
        self._lock = threading.Lock()  # segments
        self._buf_lock = threading.Lock()  # pending audio and the VAD
        self._guess: tuple[int, int, list[Segment]] | None = None  # (start, end, segments)
        self._tail: tuple[int, list[Segment]] = (0, [])  # (end, segments) shown after finals
        self._final_end = 0  # sample index up to which the final segments are decoded
        self._look_cost_s = 0.0  # seconds the last provisional look took
        self._guessing: tuple[int, int] | None = None  # (start, end) of the guess being decoded
        self._guess_overtaken = False  # a cut has made that guess useless: stop it
        self._jobs: queue.Queue[object] = queue.Queue()
        self._error: BaseException | None = None
        self._finished = False
        self.chunks = 0  # stretches handed to the worker (for tests and benchmarks)
        self.speculations = 0  # speculative decodes of the pending audio
        self.reused = 0  # stretches whose speculative decode was used as is
        self.provisionals = 0  # provisional looks shown (display only)
        self.cancelled = 0  # provisional looks cancelled (a stretch was waiting, or stop)
        self.overtaken = 0  # guesses stopped because a cut made them useless
        self._worker = threading.Thread(target=self._run, name="incremental-whisper",
                                        daemon=True)
        self._worker.start()

    # ------------------------------------------------------------------ producer side
    def feed(self, block: np.ndarray) -> None:
        import numpy as np

        if self._finished:
            raise RuntimeError("feed() after finish()")
        x = np.asarray(block, dtype=np.float32).reshape(-1)
        if len(x) == 0:
            return
        with self._buf_lock:
            self._pending.append(x.copy())
            self._total += len(x)
            self._vad.feed(x)
            self._maybe_cut()

    def _pending_s(self) -> float:
        return (self._total - self._pending_start) / SAMPLE_RATE

    def _frame_range(self) -> tuple[int, int]:
        """Frames (of the VAD) covering the pending audio that the VAD has processed."""
        return -(-self._pending_start // FRAME), self._vad.frames

    def _maybe_cut(self) -> None:
        p = self.policy
        pending_s = self._pending_s()
        if pending_s < p.min_chunk_s:
            return
        f0, f1 = self._frame_range()
        flags = self._vad.voiced_flags[f0:f1]
        if not any(flags):
            if pending_s > p.max_chunk_s:  # only silence so far: nothing to decode
                self._cut_at(self._total, decode=False)
            return
        silent = self._vad.silent_run_s()
        if silent >= (p.pause_s if pending_s >= p.relax_chunk_s else p.long_pause_s):
            # the middle of the pause, leaving a little silence on both sides
            cut_frame = self._vad.frames - round(silent / 2 * SAMPLE_RATE / FRAME)
            self._cut_at(cut_frame * FRAME)
        elif pending_s >= p.max_chunk_s:
            self._cut_at(self._quiet_point(f0, f1) * FRAME)

    def _quiet_point(self, f0: int, f1: int) -> int:
        """The quietest frame in the last third of the pending audio."""
        lo = f0 + (f1 - f0) * 2 // 3
        levels = self._vad.levels_db[lo:f1]
        if not levels:
            return f1
        return lo + min(range(len(levels)), key=levels.__getitem__)

    def _take(self, end: int) -> np.ndarray:
        """Remove pending samples up to absolute index ``end`` and return them."""
        import numpy as np

        data = np.concatenate(self._pending) if len(self._pending) > 1 else self._pending[0]
        k = max(0, min(len(data), end - self._pending_start))
        head, tail = data[:k], data[k:]
        self._pending = [tail] if len(tail) else []
        self._pending_start += k
        return head

    def _cut_at(self, end: int, decode: bool = True) -> None:
        """Hand pending audio up to ``end`` to the worker."""
        start = self._pending_start
        audio = self._take(end)
        voiced = any(self._vad.voiced_flags[start // FRAME:-(-end // FRAME)]) or \
            self._vad.frames * FRAME < end  # the last partial frame is not analysed yet
        if decode and len(audio) and voiced:
            self.chunks += 1
            g = self._guessing
            if g is not None and not self._guess_fits(g, start, end):
                self._guess_overtaken = True  # the stretch waits for a guess it cannot use
            self._jobs.put((audio, start, end, self._finished))

    # ------------------------------------------------------------------ worker side
    def _run(self) -> None:
        while True:
            try:
                job = self._jobs.get(timeout=0.1)
            except queue.Empty:
                if self._error is None and self.policy.speculate:
                    self._speculate()
                if self._error is None and self.policy.provisional and self._jobs.empty():
                    self._provisional()
                continue
            if job is _STOP:
                return
            if self._error is not None:
                continue
            audio, start, end, final = cast("tuple[np.ndarray, int, int, bool]", job)
            try:
                guess = self._usable_guess(start, end)
                if guess is not None:
                    self.reused += 1
                    with self._lock:
                        self._segments.extend(guess)
                        self._final_end = end
                    self._notify()
                else:
                    # the tail after stop: one plain pass (no filler pass), for latency
                    self._decode(audio, start / SAMPLE_RATE, end,
                                 filler=False if final else None)
            except BaseException as exc:  # reported by finish()
                log.exception("incremental transcription failed")
                self._error = exc

    def _usable_guess(self, start: int, end: int) -> list[Segment] | None:
        """The speculative decode of this stretch, if only silence followed what it covered."""
        with self._buf_lock:
            guess, self._guess = self._guess, None
            if guess is None or not self._guess_fits(guess[:2], start, end):
                return None
            return guess[2]

    def _guess_fits(self, guess: tuple[int, int], start: int, end: int) -> bool:
        """Whether a guess decoded over ``guess`` (start, end) is the stretch start..end: the
        same start, and only silence after what it covered (call with ``_buf_lock`` held)."""
        return guess[0] == start and guess[1] <= end and \
            not any(self._vad.voiced_flags[-(-guess[1] // FRAME):end // FRAME])

    def _speculate(self) -> None:
        """While idle and the speaker pauses, decode what is pending: if they stop now, the
        tail is already done (see :meth:`_cut_at`)."""
        import numpy as np

        with self._buf_lock:
            if self._finished or not self._pending:
                return
            if self._vad.silent_run_s() < self.policy.speculate_pause_s:
                return
            start, end = self._pending_start, self._total
            f0, f1 = self._frame_range()
            if self._guess is not None and self._guess[0] == start:
                new_voiced = any(self._vad.voiced_flags[-(-self._guess[1] // FRAME):f1])
                if not new_voiced or \
                        (end - self._guess[1]) / SAMPLE_RATE < self.policy.speculate_min_s:
                    return
            if not any(self._vad.voiced_flags[f0:f1]):
                return
            audio = np.concatenate(self._pending)
            self._guessing, self._guess_overtaken = (start, end), False
        try:
            # a cut that cannot use this guess (the speaker went on) stops it: the stretch
            # waits for the worker, and at stop every second of it is the person's wait
            segs = self._segments_for(audio, start / SAMPLE_RATE, filler=False,
                                      cancel=lambda: self._guess_overtaken)
        except DecodeCancelled:
            self.overtaken += 1
            return
        finally:
            with self._buf_lock:
                self._guessing = None
        with self._buf_lock:
            self._guess = (start, end, segs)
        self.speculations += 1
        self._show_tail(end, segs)

    def _provisional(self) -> None:
        """A quick look at the pending audio, for display only (see the module's docstring)."""
        import numpy as np

        p = self.policy
        with self._buf_lock:
            if self._finished or not self._pending:
                return
            start, end = self._pending_start, self._total
            with self._lock:
                shown = max(self._final_end, self._tail[0])
                quiet = not self._segments and not self._tail[1]
            wait_s = max(p.first_look_s if quiet else p.provisional_s,
                         self._look_cost_s / max(p.provisional_load, 0.01))
            if (end - shown) / SAMPLE_RATE < wait_s:
                return
            f0, f1 = self._frame_range()
            if not any(self._vad.voiced_flags[max(f0, shown // FRAME):f1]):
                return
            audio = np.concatenate(self._pending)
        t0 = time.perf_counter()
        try:
            segs = self._segments_for(audio, start / SAMPLE_RATE, quick=True,
                                      cancel=self._look_cancelled)
        except DecodeCancelled:
            self.cancelled += 1
            return
        finally:
            self._look_cost_s = time.perf_counter() - t0
        self.provisionals += 1
        self._show_tail(end, segs)

    def _look_cancelled(self) -> bool:
        return self._finished or not self._jobs.empty()

    def _show_tail(self, end: int, segs: list[Segment]) -> None:
        with self._lock:
            if end <= self._final_end:
                return
            self._tail = (end, segs)
        self._notify()

    def _notify(self) -> None:
        if self._on_update is not None:
            self._on_update(self.partial_text())

    def _decode(self, audio: np.ndarray, offset: float, end: int,
                filler: bool | None = None) -> None:
        segs = self._segments_for(audio, offset, filler)
        with self._lock:
            self._segments.extend(segs)
            self._final_end = end
        self._notify()

    def _segments_for(self, audio: np.ndarray, offset: float,
                      filler: bool | None = None, *, quick: bool = False,
                      cancel: Callable[[], bool] | None = None) -> list[Segment]:
        duration = len(audio) / SAMPLE_RATE
        spans = vad.voiced_spans(audio)
        clips = vad.merge_spans(spans, 2.0, 0.25, duration)
        if not clips:
            return []
        prompt = self.engine.prompt_for(self.vocabulary)
        n = self.policy.context_words
        if n:
            with self._lock:
                previous = " ".join(s.text for s in self._segments).split()[-n:]
            if previous:
                prompt = " ".join([*(([prompt]) if prompt else []), " ".join(previous)])
        return self.engine.transcribe_clips(audio, clips, offset_s=offset, prompt=prompt,
                                            filler=filler, quick=quick, cancel=cancel,
                                            vocabulary=self.vocabulary)

    # ------------------------------------------------------------------ results
    def partial_text(self) -> str:
        """The final text so far plus the provisional text of what follows it."""
        with self._lock:
            cut = self._final_end / SAMPLE_RATE - 0.05
            tail = [s for s in self._tail[1] if (s.start or 0.0) >= cut] \
                if self._tail[0] > self._final_end else []
            return " ".join(s.text for s in [*self._segments, *tail])

    def final_text(self) -> str:
        """Only the text of the stretches decoded for good so far."""
        with self._lock:
            return " ".join(s.text for s in self._segments)

    @property
    def fed_s(self) -> float:
        return self._total / SAMPLE_RATE

    @property
    def guessed_s(self) -> float:
        """How far (seconds from the start) the current speculative decode reaches; 0 if none."""
        with self._buf_lock:
            return 0.0 if self._guess is None else self._guess[1] / SAMPLE_RATE

    def finish(self) -> Transcript:
        """Transcribe the tail, wait for the worker, and return the whole transcript."""
        with self._buf_lock:
            if not self._finished:
                self._finished = True
                if self._pending:
                    self._cut_at(self._total)
                self._jobs.put(_STOP)
        self._worker.join()
        if self._error is not None:
            raise self._error
        with self._lock:
            segments = sorted(self._segments, key=lambda s: s.start or 0.0)
        return self.engine.finish_segments(segments, self._vad.spans(final=True),
                                           self._total / SAMPLE_RATE, self.vocabulary)

    def cancel(self) -> None:
        """Stop without a result (the recording was discarded)."""
        with self._buf_lock:
            self._finished = True
            self._pending = []
        self._jobs.put(_STOP)
