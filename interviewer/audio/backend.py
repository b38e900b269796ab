"""A thin, injectable wrapper over ``sounddevice``.

``sounddevice`` is imported lazily (on first use) so importing ``interviewer.audio`` costs nothing
and a missing PortAudio library becomes :class:`NoPortAudioError` instead of an ``OSError`` at
import. Tests swap a subclass in through the ``Recorder``/``Player``/``devices`` constructors to
simulate refusals; everything else talks to the real PortAudio.

Thread rule: none of these methods may be called from a Qt GUI thread's event handler that must
stay responsive for long (re-scanning takes ~0.1 s); the audio layer itself never calls them from
the PortAudio callback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from interviewer.audio.errors import (
    AudioDeviceError,
    NoInputDeviceError,
    NoOutputDeviceError,
    NoPortAudioError,
)

log = logging.getLogger(__name__)

_lock = threading.Lock()


class SoundBackend:
    """PortAudio through sounddevice. One instance can be shared by recorder, player and devices."""

    def __init__(self, importer: Callable[[], Any] | None = None) -> None:
        self._importer = importer or _import_sounddevice
        self._sd: Any = None

    # ------------------------------------------------------------------ module
    @property
    def sd(self) -> Any:
        """The sounddevice module (imported on first use)."""
        if self._sd is None:
            try:
                self._sd = self._importer()
            except OSError as exc:  # "PortAudio library not found"
                log.warning("sounddevice import failed: %s", exc)
                raise NoPortAudioError(str(exc)) from exc
        return self._sd

    @property
    def callback_stop(self) -> type[BaseException]:
        return self.sd.CallbackStop  # type: ignore[no-any-return]

    def is_portaudio_error(self, exc: BaseException) -> bool:
        return isinstance(exc, self.sd.PortAudioError)

    # ------------------------------------------------------------------ devices
    def query_devices(self) -> list[dict[str, Any]]:
        """Every device PortAudio knows, each a dict with an added ``index``."""
        try:
            raw = self.sd.query_devices()
        except self.sd.PortAudioError as exc:
            raise AudioDeviceError(
                f"The sound system could not list devices ({exc}); restart the sound server "
                "or the computer and try again."
            ) from exc
        result = []
        for i, dev in enumerate(raw):
            d = dict(dev)
            d["index"] = i
            result.append(d)
        return result

    def default_indices(self) -> tuple[int, int]:
        """(default input index, default output index); -1 where there is none."""
        sd = self.sd
        dev = sd.default.device
        try:
            in_idx, out_idx = int(dev[0]), int(dev[1])
        except (TypeError, ValueError):
            in_idx = out_idx = -1
        try:
            if in_idx < 0:
                in_idx = int(sd.query_devices(kind="input")["index"])
        except (sd.PortAudioError, ValueError, KeyError, TypeError):
            in_idx = -1
        try:
            if out_idx < 0:
                out_idx = int(sd.query_devices(kind="output")["index"])
        except (sd.PortAudioError, ValueError, KeyError, TypeError):
            out_idx = -1
        return in_idx, out_idx

    def reinitialise(self) -> None:
        """Re-scan devices: PortAudio only scans once, at initialisation."""
        sd = self.sd
        with _lock:
            try:
                sd._terminate()
            except sd.PortAudioError as exc:  # pragma: no cover - depends on PortAudio state
                log.info("PortAudio terminate failed: %s", exc)
            sd._initialize()

    # ------------------------------------------------------------------ settings
    def check_input_settings(self, device: int | None, samplerate: int, channels: int) -> bool:
        try:
            self.sd.check_input_settings(device=device, samplerate=samplerate, channels=channels)
        except (self.sd.PortAudioError, ValueError) as exc:
            log.info("input %s refuses %d Hz x%d: %s", device, samplerate, channels, exc)
            return False
        return True

    def check_output_settings(self, device: int | None, samplerate: int, channels: int) -> bool:
        try:
            self.sd.check_output_settings(device=device, samplerate=samplerate, channels=channels)
        except (self.sd.PortAudioError, ValueError) as exc:
            log.info("output %s refuses %d Hz x%d: %s", device, samplerate, channels, exc)
            return False
        return True

    # ------------------------------------------------------------------ streams
    def input_stream(self, **kwargs: Any) -> Any:
        """An opened (not started) ``sd.InputStream``; PortAudio errors become ours."""
        try:
            return self.sd.InputStream(**kwargs)
        except (self.sd.PortAudioError, ValueError) as exc:
            raise _translate(exc, "input") from exc

    def output_stream(self, **kwargs: Any) -> Any:
        try:
            return self.sd.OutputStream(**kwargs)
        except (self.sd.PortAudioError, ValueError) as exc:
            raise _translate(exc, "output") from exc


def _translate(exc: BaseException, kind: str) -> Exception:
    text = str(exc)
    if "device -1" in text or "No input device" in text or "No output device" in text \
            or "Invalid device" in text or "No such device" in text:
        return NoInputDeviceError() if kind == "input" else NoOutputDeviceError()
    what = "microphone" if kind == "input" else "speaker"
    return AudioDeviceError(
        f"The {what} could not be opened ({text}); check that it is connected and not used by "
        f"another program, or choose another {what} in Settings."
    )


def _import_sounddevice() -> Any:
    import sounddevice

    from interviewer.audio import c_stderr

    c_stderr.install()  # PortAudio's own error lines would reach the terminal otherwise
    return sounddevice
