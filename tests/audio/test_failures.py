"""Each audio failure ends in the app's own error with one plain sentence; nothing is lost."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio import devices
from interviewer.audio.backend import SoundBackend
from interviewer.audio.errors import (
    AudioError,
    DeviceLostError,
    NoInputDeviceError,
    NoOutputDeviceError,
    NoPortAudioError,
    UnsupportedRateError,
)
from interviewer.audio.player import Player
from interviewer.audio.recorder import Recorder, RecordingInfo
from interviewer.audio.wavfile import WavWriter
from tests.audio.signals import align
from tests.fixtures.pulse import PulseServer
from tests.polling import poll_until as _poll

pytestmark = [pytest.mark.audio, pytest.mark.slow]


@pytest.fixture
def missing_server(pulse_server: PulseServer, tmp_path: Path) -> Iterator[None]:
    """PULSE_SERVER points at a socket that does not exist; PortAudio re-scanned."""
    backend = SoundBackend()
    os.environ["PULSE_SERVER"] = f"unix:{tmp_path / 'no-such-socket'}"
    backend.reinitialise()
    try:
        yield
    finally:
        os.environ["PULSE_SERVER"] = pulse_server.server
        backend.reinitialise()


def test_missing_server_means_no_devices(missing_server: None, tmp_path: Path) -> None:
    with pytest.raises(NoInputDeviceError) as rec_err:
        Recorder().start(tmp_path / "x.wav")
    assert str(rec_err.value) == ("No microphone was found; connect one (or start the sound "
                                  "server) and choose it in Settings.")
    assert not (tmp_path / "x.wav").exists()
    with pytest.raises(NoOutputDeviceError, match="No speaker or headphones were found"):
        Player().play(np.zeros(160, np.float32), 16000)
    listed = devices.list_devices()
    assert listed.inputs == [] and listed.default_input is None
    with pytest.raises(NoInputDeviceError):
        devices.resolve_input("")


def test_rescan_notices_devices_that_vanish_and_return(pulse_server: PulseServer,
                                                       tmp_path: Path) -> None:
    backend = SoundBackend()
    watcher = devices.DeviceWatcher(backend)
    assert {d.name for d in devices.list_devices(backend).inputs} >= {"pulse", "default"}
    os.environ["PULSE_SERVER"] = f"unix:{tmp_path / 'gone'}"
    try:
        gone = watcher.rescan()
        assert {"pulse", "default"} <= set(gone.removed) and gone.added == []
    finally:
        os.environ["PULSE_SERVER"] = pulse_server.server
    back = watcher.rescan()
    assert {"pulse", "default"} <= set(back.added) and back.removed == []
    choice = devices.resolve_input("USB Headset", backend)
    assert choice.fell_back and choice.index is None
    assert choice.message == ("The microphone 'USB Headset' is not connected; using the default "
                              "'default' instead.")


def test_device_vanishes_mid_recording(pulse_server: PulseServer, tmp_path: Path,
                                       sweep_wav: tuple[Path, np.ndarray, int]) -> None:
    src, data, rate = sweep_wav
    errors: list[AudioError] = []
    finished: list[RecordingInfo] = []
    rec = Recorder(on_error=errors.append, on_finished=finished.append)
    rec.start(tmp_path / "lost.wav")
    _poll(lambda: rec.elapsed_s > 0.1)  # the stream delivers audio before the source plays
    player = pulse_server.play_into_mic(src)
    _poll(lambda: rec.elapsed_s > 1.2)
    written_before = rec.elapsed_s
    pulse_server.unload_source()
    try:
        info = rec.wait(5)
        player.wait(10)
    finally:
        pulse_server.load_source()
    assert info is not None and info.stopped_reason == "device_lost"
    assert info.message == str(errors[0]) and finished == [info]
    assert isinstance(errors[0], DeviceLostError)
    assert info.message == (
        "The microphone stopped working (it may have been unplugged or the sound server "
        f"stopped). The recording so far was kept in {info.path}. Reconnect it or choose "
        "another microphone in Settings, then try again.")
    kept, file_rate = sf.read(str(info.path), dtype="float32")
    assert len(kept) / file_rate == pytest.approx(info.duration_s)
    assert info.duration_s >= written_before
    r, _ = align(data[: rate // 2], rate, kept, file_rate)  # the sweep's start is in the file
    assert r >= 0.99
    # the card is back: recording works again
    rec2 = Recorder()
    rec2.start(tmp_path / "again.wav", limit_s=0.3)
    again = rec2.wait(10)
    assert again is not None and again.stopped_reason == "limit"


def test_speaker_vanishes_mid_playback(pulse_server: PulseServer,
                                       speech_wav: tuple[Path, np.ndarray, int]) -> None:
    errors: list[AudioError] = []
    finished: list[bool] = []
    player = Player(on_error=errors.append, on_finished=lambda: finished.append(True))
    player.play(speech_wav[0])
    _poll(lambda: player.position_s > 0.5)
    pulse_server.unload_source()
    try:
        assert player.wait(5)
    finally:
        pulse_server.load_source()
    assert player.state == "error" and finished == []
    assert [str(e) for e in errors] == [
        "The speaker stopped working (it may have been unplugged or the sound server stopped). "
        "Reconnect it or choose another speaker in Settings, then try again."]


class _RefusingBackend(SoundBackend):
    def check_input_settings(self, device: int | None, samplerate: int, channels: int) -> bool:
        return False


def test_refused_sample_rate(pulse_server: PulseServer, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedRateError) as err:
        Recorder(_RefusingBackend()).start(tmp_path / "x.wav")
    assert re.fullmatch(r"The device 'default' refused every sample rate the app tried "
                        r"\(16000 Hz, \d+ Hz\); choose another device in Settings\.",
                        str(err.value)), str(err.value)
    assert not (tmp_path / "x.wav").exists()


@contextlib.contextmanager
def _small_disk(where: Path, size: str) -> Iterator[str]:
    """A tiny tmpfs (we are root in CI); else ENOSPC injected into the writer."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        yield "injected"
        return
    try:
        yield "tmpfs"
    finally:
        subprocess.run(["umount", str(where)], check=False)


def test_full_disk_while_recording(pulse_server: PulseServer, tmp_path: Path) -> None:
    with _small_disk(tmp_path / "small", "64k") as how:
        factory: Any = WavWriter
        if how == "injected":
            budget = [64 * 1024]

            def write(fd: int, payload: bytes) -> int:
                if budget[0] <= 0:
                    raise OSError(28, "No space left on device")
                n = min(budget[0], len(payload))
                budget[0] -= n
                return os.write(fd, payload[:n])

            def factory(*a: Any, **k: Any) -> WavWriter:
                return WavWriter(*a, write=write, **k)
        print(f"full disk simulated with: {how}")
        errors: list[AudioError] = []
        rec = Recorder(on_error=errors.append, writer_factory=factory)
        rec.start(tmp_path / "small" / "take.wav")
        info = rec.wait(15)
        assert info is not None and info.stopped_reason == "disk_full"
        path = tmp_path / "small" / "take.wav"
        assert info.message == str(errors[0])
        assert info.message.startswith(f"The disk is full, so recording stopped; what was "
                                       f"recorded so far is kept in {path} (")
        assert info.message.endswith("Free some disk space and record again.")
        frames = sf.info(str(path)).frames  # a valid WAV as it stands, no repair needed
        assert frames / 16000 == pytest.approx(info.duration_s)
        assert 1.5 < info.duration_s < 2.1  # 64 KiB of 16-bit 16 kHz mono is 2.05 s


def _no_portaudio() -> Any:
    raise OSError("PortAudio library not found")


def test_no_portaudio_library(tmp_path: Path) -> None:
    backend = SoundBackend(importer=_no_portaudio)
    expected = ("The PortAudio sound library is not installed, so the app cannot record or "
                "play sound; install it (on Debian/Ubuntu: sudo apt install libportaudio2) "
                "and restart.")
    with pytest.raises(NoPortAudioError) as err:
        Recorder(backend).start(tmp_path / "x.wav")
    assert str(err.value) == expected
    with pytest.raises(NoPortAudioError):
        Player(backend).play(np.zeros(160, np.float32), 16000)
    with pytest.raises(NoPortAudioError):
        devices.list_devices(backend)
