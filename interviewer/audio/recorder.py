"""Crash-safe recording from a microphone.

Threads:
- the PortAudio callback only copies each block into a queue (no other Python work);
- one writer thread (``interviewer-recorder``) takes blocks from the queue, appends them to the
  WAV (:class:`WavWriter`: flushed on every write, fsync-ed every ~0.5 s), measures the level,
  resamples to 16 kHz mono float32 (streaming ``soxr``) and calls the listeners, watches for a
  stalled or dead stream, and enforces the length limit.

Listeners and the ``on_error``/``on_finished`` callbacks run on the writer thread: a Qt GUI must
re-emit them as signals. The WAV is written at the stream's rate (16 kHz when the device accepts
it, else the device's default rate), 16-bit mono.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from interviewer.audio.backend import SoundBackend
from interviewer.audio.errors import (
    AudioError,
    DeviceLostError,
    DiskFullError,
    NoInputDeviceError,
    UnsupportedRateError,
)
from interviewer.audio.levels import Level, measure
from interviewer.audio.wavfile import WavWriter

log = logging.getLogger(__name__)

LISTENER_RATE = 16000
StopReason = Literal["user", "limit", "device_lost", "disk_full", "error"]
Listener = Callable[[np.ndarray], None]


@dataclass(frozen=True)
class RecordingInfo:
    path: Path
    duration_s: float
    sample_rate: int
    stopped_reason: StopReason
    message: str = ""


_STOP = object()


class Recorder:
    """Records one take at a time: ``start`` -> (``pause``/``resume``) -> ``stop``.

    ``on_finished(info)`` is called once per take on the writer thread, whatever ended it;
    ``on_error(error)`` additionally when it ended because of a problem (device lost, disk full).
    """

    def __init__(
        self,
        backend: SoundBackend | None = None,
        *,
        on_error: Callable[[AudioError], None] | None = None,
        on_finished: Callable[[RecordingInfo], None] | None = None,
        preferred_rates: tuple[int, ...] = (LISTENER_RATE,),
        latency_s: float = 0.2,
        block_s: float = 0.05,
        stall_timeout_s: float = 1.0,
        start_timeout_s: float = 5.0,
        sync_interval_s: float = 0.5,
        writer_factory: Callable[..., WavWriter] = WavWriter,
    ) -> None:
        self._backend = backend or SoundBackend()
        self.on_error = on_error
        self.on_finished = on_finished
        self._rates = preferred_rates
        self._latency = latency_s
        self._block_s = block_s
        self._stall = stall_timeout_s
        self._start_timeout = start_timeout_s
        self._sync_interval = sync_interval_s
        self._writer_factory = writer_factory
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._stream: Any = None
        self._writer: WavWriter | None = None
        self._thread: threading.Thread | None = None
        self._paused = threading.Event()
        self._stream_dead = threading.Event()
        self._done = threading.Event()
        self._info: RecordingInfo | None = None
        self._level = Level()
        self._limit_frames: int | None = None
        self.sample_rate = 0
        self.path: Path | None = None
        self.overflows = 0  # blocks PortAudio flagged (input overflow: some audio dropped)

    # ------------------------------------------------------------------ listeners
    def add_listener(self, fn: Listener) -> None:
        """``fn(block)`` gets 16 kHz mono float32 blocks on the writer thread."""
        with self._lock:
            self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        with self._lock:
            if fn in self._listeners:
                self._listeners.remove(fn)

    # ------------------------------------------------------------------ state
    @property
    def level(self) -> Level:
        """Level of the latest block (safe to poll from any thread)."""
        return self._level

    @property
    def state(self) -> str:
        if self._thread is None:
            return "idle"
        if self._done.is_set():
            return "stopped"
        return "paused" if self._paused.is_set() else "recording"

    @property
    def elapsed_s(self) -> float:
        """Seconds written so far (paused time not counted)."""
        w = self._writer
        return w.duration_s if w is not None else 0.0

    @property
    def info(self) -> RecordingInfo | None:
        """The finished take's info (None while recording)."""
        return self._info

    # ------------------------------------------------------------------ control
    def start(self, path: Path | str, device: int | str | None = None,
              limit_s: float | None = None) -> None:
        """Open the input and start writing ``path``. Raises AudioError subclasses."""
        if self._thread is not None and not self._done.is_set():
            raise RuntimeError("already recording")
        index, name = self._pick_device(device)
        rate = self._pick_rate(index, name)
        self.path = Path(path)
        self.sample_rate = rate
        self._queue = queue.SimpleQueue()
        self._paused.clear()
        self._stream_dead.clear()
        self._done.clear()
        self._info = None
        self._level = Level()
        self.overflows = 0
        self._limit_frames = None if limit_s is None else max(0, round(limit_s * rate))
        q = self._queue

        def callback(indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            q.put((indata.copy(), bool(status)))

        stream = self._backend.input_stream(
            device=index, samplerate=rate, channels=1, dtype="float32",
            blocksize=max(1, round(rate * self._block_s)), latency=self._latency,
            callback=callback, finished_callback=self._stream_dead.set,
        )
        try:
            self._writer = self._writer_factory(self.path, rate, 1,
                                                sync_interval_s=self._sync_interval)
        except DiskFullError:
            stream.close()
            raise
        except OSError as exc:
            stream.close()
            raise AudioError(
                f"The recording cannot be written to {self.path} ({exc.strerror or exc}); "
                "choose a folder you can write to."
            ) from exc
        self._stream = stream
        self._thread = threading.Thread(target=self._run, name="interviewer-recorder",
                                        daemon=True)
        self._thread.start()
        try:
            stream.start()
        except Exception as exc:
            self._queue.put(_STOP)
            self._thread.join()
            if self._backend.is_portaudio_error(exc):
                raise DeviceLostError("microphone") from exc
            raise

    def pause(self) -> None:
        """Stop writing (the stream keeps running, so resuming is instant)."""
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def stop(self, timeout: float = 10.0) -> RecordingInfo:
        """Stop, finish the file and return its info (also after a self-stop)."""
        if self._thread is None:
            raise RuntimeError("not recording")
        if not self._done.is_set():
            self._close_stream(abort=False)
            self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._info is None:  # pragma: no cover - writer thread stuck
            raise RuntimeError("the recorder did not stop in time")
        return self._info

    def wait(self, timeout: float | None = None) -> RecordingInfo | None:
        """Block until the take ends on its own (limit, device lost...); None on timeout."""
        self._done.wait(timeout)
        return self._info

    # ------------------------------------------------------------------ internals
    def _pick_device(self, device: int | str | None) -> tuple[int | None, str]:
        from interviewer.audio import devices

        if isinstance(device, str) and device:
            found = devices.find_input(device, self._backend)
            return found.index, found.name
        in_idx, _ = self._backend.default_indices()
        if isinstance(device, int):
            listed = self._backend.query_devices()
            if not 0 <= device < len(listed) or listed[device].get("max_input_channels", 0) < 1:
                raise NoInputDeviceError(
                    f"There is no microphone number {device}; choose one from `interviewer "
                    "devices` or in Settings."
                )
            return device, str(listed[device]["name"])
        if in_idx < 0:
            raise NoInputDeviceError()
        return None, str(self._backend.query_devices()[in_idx]["name"])

    def _pick_rate(self, index: int | None, name: str) -> int:
        tried: list[int] = []
        candidates = list(self._rates)
        try:
            info = self._backend.sd.query_devices(index, "input") if index is not None \
                else self._backend.sd.query_devices(kind="input")
            candidates.append(round(float(info["default_samplerate"])))
        except Exception as exc:
            log.info("no default rate for %s: %s", name, exc)
        for rate in candidates:
            if rate in tried:
                continue
            tried.append(rate)
            if self._backend.check_input_settings(index, rate, 1):
                return rate
        raise UnsupportedRateError(name, tuple(tried))

    def _close_stream(self, *, abort: bool) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            if abort:
                stream.abort()
            else:
                stream.stop()
            stream.close()
        except Exception as exc:
            log.info("closing input stream: %s", exc)

    def _run(self) -> None:
        writer = self._writer
        path = self.path
        if writer is None or path is None:  # pragma: no cover - start() sets both
            return
        resampler = None
        if self.sample_rate != LISTENER_RATE:
            import soxr

            resampler = soxr.ResampleStream(self.sample_rate, LISTENER_RATE, 1, dtype="float32")
        reason: StopReason = "user"
        error: AudioError | None = None
        last_block = time.monotonic()
        allowed_gap = self._start_timeout  # the first block may take longer to arrive
        try:
            while True:
                try:
                    item = self._queue.get(timeout=0.1)
                except queue.Empty:
                    item = None
                if item is _STOP:
                    break
                now = time.monotonic()
                if item is None:
                    if self._stream is None:
                        continue
                    if self._stream_dead.is_set() or now - last_block > allowed_gap:
                        reason, error = "device_lost", DeviceLostError("microphone", str(path))
                        break
                    continue
                last_block, allowed_gap = now, self._stall
                block, bad_status = item
                if bad_status:
                    self.overflows += 1
                    log.info("input overflow: audio was dropped before it reached the app")
                if self._paused.is_set():
                    continue
                mono = block[:, 0]
                hit_limit = False
                if self._limit_frames is not None:
                    room = self._limit_frames - writer.frames
                    if room <= len(mono):
                        mono, hit_limit = mono[:max(0, room)], True
                writer.write(mono)
                self._level = measure(mono)
                self._dispatch(mono, resampler, last=False)
                if hit_limit:
                    reason = "limit"
                    break
        except DiskFullError as exc:
            reason, error = "disk_full", exc
        except AudioError as exc:
            reason, error = "error", exc
        except Exception as exc:
            log.exception("recorder writer failed")
            reason = "error"
            error = AudioError(
                f"Recording stopped because of an unexpected error ({exc}); what was recorded "
                f"so far is kept in {path}. Try again, and see the log if it repeats."
            )
        finally:
            self._close_stream(abort=True)
            try:
                duration = writer.close()
            except OSError as exc:
                log.warning("closing %s: %s", self.path, exc)
                duration = writer.duration_s
            if resampler is not None:
                self._dispatch(np.zeros(0, np.float32), resampler, last=True)
            self._info = RecordingInfo(path, duration, self.sample_rate, reason,
                                       str(error) if error else "")
            self._done.set()
        if error is not None and self.on_error is not None:
            self._safe(self.on_error, error)
        if self.on_finished is not None:
            self._safe(self.on_finished, self._info)

    def _dispatch(self, mono: np.ndarray, resampler: Any, *, last: bool) -> None:
        if resampler is not None:
            out = resampler.resample_chunk(mono.astype(np.float32), last=last)
        else:
            out = mono.astype(np.float32, copy=True)
        if out.size == 0:
            return
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            self._safe(fn, out)

    @staticmethod
    def _safe(fn: Callable[[Any], None], arg: Any) -> None:
        try:
            fn(arg)
        except Exception:
            log.exception("recorder listener %r failed", fn)
