"""Playback of recordings and synthesised questions on a sounddevice output stream.

The PortAudio callback only copies the next frames out of an array in memory. A small watcher
thread (``interviewer-player``) notices the end of playback or a dead device, closes the stream
and calls ``on_finished()`` / ``on_error(error)``: those run on that thread, so a Qt GUI must
re-emit them as signals. ``position_s`` may be polled from any thread (a GUI timer).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.audio.backend import SoundBackend
from interviewer.audio.errors import (
    AudioError,
    AudioFileError,
    DeviceLostError,
    NoOutputDeviceError,
    UnsupportedRateError,
)

log = logging.getLogger(__name__)


def read_audio(path: Path | str) -> tuple[np.ndarray, int]:
    """(frames x channels float32, rate) of a sound file; AudioFileError if unreadable."""
    import soundfile as sf

    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (OSError, RuntimeError, sf.LibsndfileError) as exc:
        raise AudioFileError(str(path), str(exc)) from exc
    return data, int(rate)


class Player:
    """Plays one sound at a time. ``state`` is one of idle, playing, paused, finished,
    stopped, error."""

    def __init__(
        self,
        backend: SoundBackend | None = None,
        *,
        on_finished: Callable[[], None] | None = None,
        on_error: Callable[[AudioError], None] | None = None,
        latency_s: float = 0.2,
        device: int | str | None = None,
    ) -> None:
        self._backend = backend or SoundBackend()
        self.on_finished = on_finished
        self.on_error = on_error
        self._latency = latency_s
        self._device = device
        self._lock = threading.Lock()
        self._data = np.zeros((0, 1), np.float32)
        self._rate = 16000
        self._pos = 0
        self._paused = False
        self._stream: Any = None
        self._ended = threading.Event()
        self._watcher: threading.Thread | None = None
        self._state = "idle"
        self._user_stop = False
        self._tail_left = 0

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> str:
        return self._state

    @property
    def duration_s(self) -> float:
        return len(self._data) / self._rate

    @property
    def position_s(self) -> float:
        """Seconds of the sound handed to the device so far (includes seeks)."""
        return min(self._pos, len(self._data)) / self._rate

    # ------------------------------------------------------------------ control
    def play(self, source: Path | str | np.ndarray, rate: int | None = None, *,
             start_s: float = 0.0, device: int | str | None = None) -> None:
        """Play a file (WAV/FLAC/OGG) or a float array (``rate`` required); replaces what plays."""
        if isinstance(source, np.ndarray):
            if rate is None:
                raise ValueError("rate is required when playing an array")
            data = np.asarray(source, dtype=np.float32)
            data = data.reshape(-1, 1) if data.ndim == 1 else data
        else:
            data, rate = read_audio(source)
        self.stop()
        index = self._device_index(device if device is not None else self._device)
        channels = min(int(data.shape[1]), 2)
        data = data[:, :channels] if channels < data.shape[1] else data
        if not self._backend.check_output_settings(index, int(rate), channels):
            data, rate = self._resample_for(index, data, int(rate), channels)
        with self._lock:
            self._data = np.ascontiguousarray(data)
            self._rate = int(rate)
            self._pos = min(len(data), max(0, round(start_s * int(rate))))
            self._paused = False
            self._tail_left = round((self._latency + 0.15) * int(rate))
        self._ended = threading.Event()
        self._user_stop = False
        stream = self._backend.output_stream(
            device=index, samplerate=int(rate), channels=channels, dtype="float32",
            latency=self._latency, callback=self._callback, finished_callback=self._ended.set,
        )
        self._stream = stream
        self._state = "playing"
        stream.start()
        self._watcher = threading.Thread(target=self._watch, args=(stream, self._ended),
                                         name="interviewer-player", daemon=True)
        self._watcher.start()

    def pause(self) -> None:
        if self._state == "playing":
            self._paused = True
            self._state = "paused"

    def resume(self) -> None:
        if self._state == "paused":
            self._paused = False
            self._state = "playing"

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (clamped to the sound)."""
        with self._lock:
            self._pos = min(len(self._data), max(0, round(seconds * self._rate)))
            self._tail_left = round((self._latency + 0.15) * self._rate)

    def stop(self) -> None:
        """Stop playing now (no ``on_finished``)."""
        stream = self._stream
        if stream is None:
            return
        self._user_stop = True
        self._ended.set()
        watcher = self._watcher
        if watcher is not None and watcher is not threading.current_thread():
            watcher.join(5)
        self._close(stream)
        self._state = "stopped"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends (finished, stopped or failed); False on timeout."""
        watcher = self._watcher
        if watcher is None:
            return True
        watcher.join(timeout)
        return not watcher.is_alive()

    # ------------------------------------------------------------------ internals
    def _device_index(self, device: int | str | None) -> int | None:
        if isinstance(device, str) and device:
            from interviewer.audio.devices import find_output

            return find_output(device, self._backend).index
        if isinstance(device, int):
            return device
        _, out_idx = self._backend.default_indices()
        if out_idx < 0:
            raise NoOutputDeviceError()
        return None

    def _resample_for(self, index: int | None, data: np.ndarray, rate: int,
                      channels: int) -> tuple[np.ndarray, int]:
        import soxr

        sd = self._backend.sd
        try:
            info = sd.query_devices(index, "output") if index is not None \
                else sd.query_devices(kind="output")
            target = round(float(info["default_samplerate"]))
        except Exception as exc:
            raise NoOutputDeviceError() from exc
        if not self._backend.check_output_settings(index, target, channels):
            raise UnsupportedRateError(str(info.get("name", "speaker")), (rate, target))
        return soxr.resample(data, rate, target).astype(np.float32), target

    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if self._paused:
            outdata.fill(0)
            return
        with self._lock:
            pos = self._pos
            chunk = self._data[pos:pos + frames]
            self._pos = pos + len(chunk)
        n = len(chunk)
        outdata[:n] = chunk
        if n < frames:
            outdata[n:] = 0
            # PortAudio drops what is still buffered when the callback stops, so play the
            # device's latency (plus a margin) of silence after the end before stopping
            self._tail_left -= frames - n
            if self._tail_left <= 0:
                raise self._backend.callback_stop

    def _watch(self, stream: Any, ended: threading.Event) -> None:
        ended.wait()
        if self._user_stop:
            return
        reached_end = self._pos >= len(self._data)
        self._close(stream)
        if reached_end:
            self._state = "finished"
            if self.on_finished is not None:
                self._safe(self.on_finished)
        else:
            self._state = "error"
            err = DeviceLostError("speaker")
            if self.on_error is not None:
                self._safe(lambda: self.on_error(err))  # type: ignore[misc]

    def _close(self, stream: Any) -> None:
        with self._lock:
            if self._stream is stream:
                self._stream = None
        try:
            stream.abort()
            stream.close()
        except Exception as exc:  # closing a dead stream may fail
            log.info("closing output stream: %s", exc)

    @staticmethod
    def _safe(fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            log.exception("player callback failed")
