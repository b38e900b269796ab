"""The audio layer's own exceptions. ``str(error)`` is one plain sentence saying what to do.

PortAudio's and the operating system's errors never leave ``interviewer.audio``: they are
translated into these.
"""

from __future__ import annotations

from interviewer.core.errors import InterviewerError


class AudioError(InterviewerError):
    """Something about sound input or output went wrong."""


class NoPortAudioError(AudioError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "The PortAudio sound library is not installed, so the app cannot record or play "
            "sound; install it (on Debian/Ubuntu: sudo apt install libportaudio2) and restart."
        )
        self.detail = detail


class NoInputDeviceError(AudioError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "No microphone was found; connect one (or start the sound server) and choose it "
            "in Settings."
        )


class NoOutputDeviceError(AudioError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "No speaker or headphones were found; connect one (or start the sound server) "
            "and choose it in Settings."
        )


class DeviceLostError(AudioError):
    def __init__(self, what: str = "microphone", kept: str | None = None) -> None:
        kept_part = f" The recording so far was kept in {kept}." if kept else ""
        super().__init__(
            f"The {what} stopped working (it may have been unplugged or the sound server "
            f"stopped).{kept_part} Reconnect it or choose another {what} in Settings, then try "
            "again."
        )


class UnsupportedRateError(AudioError):
    def __init__(self, device: str, rates: tuple[int, ...]) -> None:
        tried = ", ".join(f"{r} Hz" for r in rates)
        super().__init__(
            f"The device '{device}' refused every sample rate the app tried ({tried}); choose "
            "another device in Settings."
        )
        self.device = device
        self.rates = rates


class DiskFullError(AudioError):
    def __init__(self, path: str, seconds: float | None = None) -> None:
        kept = f" ({seconds:.1f} s were kept)" if seconds is not None else ""
        super().__init__(
            f"The disk is full, so recording stopped; what was recorded so far is kept in "
            f"{path}{kept}. Free some disk space and record again."
        )
        self.path = path


class AudioFileError(AudioError):
    def __init__(self, path: str, why: str) -> None:
        super().__init__(
            f"The sound file {path} cannot be used ({why}); choose a WAV, FLAC or OGG recording."
        )
        self.path = path


class AudioDeviceError(AudioError):
    """A device error with no more specific class; the message names the device and the fix."""
