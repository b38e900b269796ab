"""Recording from the virtual microphone of the private PulseAudio server."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.errors import AudioError, NoInputDeviceError
from interviewer.audio.recorder import Recorder, RecordingInfo
from tests.audio.signals import align
from tests.fixtures.pulse import PulseServer
from tests.polling import poll_until as _poll

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def _record_while_playing(pulse: PulseServer, rec: Recorder, out: Path,
                          src: Path) -> tuple[RecordingInfo, float]:
    t0 = time.monotonic()
    rec.start(out)
    _poll(lambda: rec.elapsed_s > 0.1)  # the stream delivers audio before the source plays
    started = rec.elapsed_s
    pulse.play_into_mic(src, wait=True)
    # the tail has arrived: the sink and the capture stream each hold some audio when paplay
    # returns (more on a loaded machine), so wait for 0.6 s of recording past both the moment
    # it returned and the clip's own length
    played = rec.elapsed_s
    length = sf.info(str(src)).duration
    _poll(lambda: rec.elapsed_s >= max(played, started + length) + 0.6)
    info = rec.stop()
    return info, time.monotonic() - t0


@pytest.mark.parametrize("signal", ["sweep_wav", "speech_wav"])
def test_recording_matches_what_was_played(pulse_server: PulseServer, tmp_path: Path,
                                           signal: str, request: pytest.FixtureRequest) -> None:
    src, data, rate = request.getfixturevalue(signal)
    blocks: list[np.ndarray] = []
    threads: set[str] = set()

    def listener(block: np.ndarray) -> None:
        threads.add(threading.current_thread().name)
        blocks.append(block)

    rec = Recorder()
    rec.add_listener(listener)
    info, wall = _record_while_playing(pulse_server, rec, tmp_path / "take.wav", src)

    assert info.stopped_reason == "user" and info.message == ""
    assert info.sample_rate == 16000
    recorded, file_rate = sf.read(str(info.path), dtype="float32")
    assert file_rate == 16000
    assert len(recorded) / 16000 == pytest.approx(info.duration_s)
    # the right length: everything from start to stop, less the stream's latency at most
    assert wall - 0.5 <= info.duration_s <= wall + 0.05
    r_file, lag = align(data, rate, recorded, 16000)
    heard = np.concatenate(blocks)
    r_listen, _ = align(data, rate, heard, 16000)
    print(f"{signal}: file r={r_file:.5f} (lag {lag:.3f} s), listeners r={r_listen:.5f}, "
          f"{info.duration_s:.2f} s recorded in {wall:.2f} s, overflows {rec.overflows}")
    assert r_file >= 0.99
    assert r_listen >= 0.99
    assert len(heard) == len(recorded)  # listeners saw every sample that was written
    assert threads == {"interviewer-recorder"}  # never the PortAudio callback's thread


def test_device_rate_is_resampled_for_listeners(pulse_server: PulseServer, tmp_path: Path,
                                               sweep_wav: tuple[Path, np.ndarray, int]) -> None:
    """A device that prefers 48 kHz: the WAV is written at 48 kHz, listeners get 16 kHz."""
    src, data, rate = sweep_wav
    blocks: list[np.ndarray] = []
    rec = Recorder(preferred_rates=(48000,))
    rec.add_listener(blocks.append)
    info, _ = _record_while_playing(pulse_server, rec, tmp_path / "take48.wav", src)
    assert info.sample_rate == 48000
    recorded, file_rate = sf.read(str(info.path), dtype="float32")
    assert file_rate == 48000
    heard = np.concatenate(blocks)
    assert all(b.dtype == np.float32 and b.ndim == 1 for b in blocks)
    assert len(heard) / 16000 == pytest.approx(len(recorded) / 48000, abs=0.01)
    r_file, _ = align(data, rate, recorded, 48000)
    r_listen, _ = align(data, rate, heard, 16000)
    print(f"48 kHz device: file r={r_file:.5f}, 16 kHz listeners r={r_listen:.5f}")
    assert r_file >= 0.99 and r_listen >= 0.99


def test_limit_stops_by_itself(pulse_server: PulseServer, tmp_path: Path) -> None:
    finished: list[RecordingInfo] = []
    rec = Recorder(on_finished=finished.append)
    rec.start(tmp_path / "limited.wav", limit_s=0.8)
    info = rec.wait(10)
    assert info is not None and info.stopped_reason == "limit"
    assert info.duration_s == pytest.approx(0.8)
    assert sf.info(str(info.path)).frames == 12800
    assert finished == [info]
    assert rec.stop() == info  # stop after a self-stop returns the same info
    assert rec.state == "stopped"


def test_pause_resume_and_level(pulse_server: PulseServer, tmp_path: Path,
                                sweep_wav: tuple[Path, np.ndarray, int]) -> None:
    rec = Recorder()
    rec.start(tmp_path / "paused.wav")
    assert rec.state == "recording"
    player = pulse_server.play_into_mic(sweep_wav[0])
    _poll(lambda: rec.level.rms_dbfs > -15)  # the sweep is at -9 dBFS RMS
    assert rec.level.peak_dbfs == pytest.approx(-6.0, abs=1.5)
    rec.pause()
    assert rec.state == "paused"
    held = rec.elapsed_s
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:  # nothing is written while paused
        assert rec.elapsed_s == held
        time.sleep(0.05)
    rec.resume()
    _poll(lambda: rec.elapsed_s > held + 0.2)
    info = rec.stop()
    player.wait(10)
    assert info.stopped_reason == "user"
    assert sf.info(str(info.path)).frames == round(info.duration_s * 16000)


def test_choose_device_by_name(pulse_server: PulseServer, tmp_path: Path) -> None:
    rec = Recorder()
    rec.start(tmp_path / "named.wav", device="pulse", limit_s=0.2)
    info = rec.wait(10)
    assert info is not None and info.stopped_reason == "limit"
    with pytest.raises(NoInputDeviceError, match="'Studio Mic 9000' is not connected"):
        Recorder().start(tmp_path / "x.wav", device="Studio Mic 9000")
    with pytest.raises(NoInputDeviceError, match="There is no microphone number 99"):
        Recorder().start(tmp_path / "x.wav", device=99)


def test_unwritable_folder_is_our_error(pulse_server: PulseServer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(AudioError, match=r"cannot be written to .*choose a folder you can write"):
        Recorder().start(blocker / "take.wav")
    rec = Recorder()  # the failed start left nothing open: the next take works
    rec.start(tmp_path / "ok.wav", limit_s=0.2)
    info = rec.wait(10)
    assert info is not None and info.stopped_reason == "limit"
