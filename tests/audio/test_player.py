"""Playback into the virtual speaker of the private PulseAudio server, captured and compared."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from interviewer.audio.backend import SoundBackend
from interviewer.audio.errors import AudioError, AudioFileError, NoOutputDeviceError
from interviewer.audio.player import Player
from tests.audio.signals import align
from tests.fixtures.pulse import PulseServer
from tests.polling import poll_until as _poll

pytestmark = [pytest.mark.audio, pytest.mark.slow]


@pytest.mark.parametrize("signal", ["sweep_wav", "speech_wav"])
def test_playback_is_heard_on_the_speaker(pulse_server: PulseServer, signal: str,
                                          request: pytest.FixtureRequest) -> None:
    src, data, rate = request.getfixturevalue(signal)
    finished = threading.Event()
    errors: list[AudioError] = []
    player = Player(on_finished=finished.set, on_error=errors.append)
    cap = pulse_server.start_capture()
    cap.wait_for(0.2)
    player.play(src)
    assert player.state == "playing"
    assert player.duration_s == pytest.approx(len(data) / rate)
    assert finished.wait(player.duration_s + 10)
    assert player.state == "finished" and errors == []
    assert player.position_s == pytest.approx(player.duration_s)
    cap.wait_for(cap.seconds + 0.3)
    heard = cap.stop()
    r, lag = align(data, rate, heard, cap.rate)
    print(f"{signal}: playback captured r={r:.5f} (lag {lag:.3f} s)")
    assert r >= 0.99


def test_pause_seek_resume_stop(pulse_server: PulseServer,
                                speech_wav: tuple[Path, np.ndarray, int]) -> None:
    src, _data, _rate = speech_wav
    finished = threading.Event()
    player = Player(on_finished=finished.set)
    player.play(src)
    _poll(lambda: player.position_s > 0.5)
    player.pause()
    assert player.state == "paused"
    held = player.position_s
    deadline = time.monotonic() + 0.4
    while time.monotonic() < deadline:
        assert player.position_s == held  # paused: the position stays
        time.sleep(0.05)
    player.seek(3.0)
    assert player.position_s == pytest.approx(3.0)
    player.resume()
    assert player.state == "playing"
    _poll(lambda: player.position_s > 3.3)
    player.stop()
    assert player.state == "stopped"
    assert not finished.is_set()  # a stop is not a finish
    # replay from a point, to the end
    player.play(src, start_s=player.duration_s - 0.5)
    assert finished.wait(10)
    assert player.state == "finished"


def test_plays_an_array(pulse_server: PulseServer) -> None:
    rate = 22050
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(rate // 2) / rate)).astype(np.float32)
    cap = pulse_server.start_capture()
    cap.wait_for(0.2)
    player = Player()
    player.play(tone, rate)
    assert player.wait(10)
    assert player.state == "finished"
    cap.wait_for(cap.seconds + 0.3)
    heard = cap.stop()
    r, _ = align(tone, rate, heard, cap.rate)
    assert r >= 0.99


def test_unreadable_file_is_our_error(pulse_server: PulseServer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_text("no sound here")
    with pytest.raises(AudioFileError, match="cannot be used"):
        Player().play(bad)
    with pytest.raises(NoOutputDeviceError, match="'Gold Headphones' is not connected"):
        Player().play(np.zeros(100, np.float32), 16000, device="Gold Headphones")


class _OnlyDeviceRates(SoundBackend):
    """A device that accepts only 44.1/48 kHz output: the player resamples for it."""

    def check_output_settings(self, device: int | None, samplerate: int, channels: int) -> bool:
        return samplerate in (44100, 48000) and super().check_output_settings(
            device, samplerate, channels)


def test_resamples_for_a_device_that_refuses_the_file_rate(
        pulse_server: PulseServer, speech_wav: tuple[Path, np.ndarray, int]) -> None:
    src, data, rate = speech_wav
    assert rate == 22050
    cap = pulse_server.start_capture()
    cap.wait_for(0.2)
    player = Player(_OnlyDeviceRates())
    player.play(src)
    assert player.duration_s == pytest.approx(len(data) / rate, abs=0.01)
    assert player.wait(20) and player.state == "finished"
    cap.wait_for(cap.seconds + 0.3)
    r, _ = align(data, rate, cap.stop(), cap.rate)
    print(f"resampled playback captured r={r:.5f}")
    assert r >= 0.99
