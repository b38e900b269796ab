"""``interviewer speak | devices | record`` as a person runs them (real processes, real server)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.audio.signals import align, sweep, write_wav
from tests.fixtures.pulse import PulseServer
from tests.polling import poll_until

pytestmark = [pytest.mark.audio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, env: dict[str, str] | None = None,
         timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "interviewer", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=timeout, env=env or dict(os.environ),
                          check=False)


_WITH_CTRL_C = ("import runpy, signal, sys;"
                " signal.signal(signal.SIGINT, signal.default_int_handler);"
                " sys.argv[0] = 'interviewer';"
                " runpy.run_module('interviewer', run_name='__main__')")


def _recorded_s(path: Path) -> float:
    """Seconds in a WAV that is being recorded; 0 until it exists with its first header (the
    recorder creates the file a moment before it writes one)."""
    try:
        return float(sf.info(str(path)).duration)
    except (OSError, RuntimeError):  # not there yet, or no header yet (LibsndfileError)
        return 0.0


def test_devices_json(pulse_server: PulseServer) -> None:
    done = _cli("devices", "--json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    names = {d["name"] for d in doc["inputs"]}
    assert {"pulse", "default"} <= names
    assert doc["default_input"] == "default" and doc["default_output"] == "default"
    assert all({"index", "name", "max_input_channels", "default_samplerate"} <= d.keys()
               for d in doc["inputs"])
    text = _cli("devices")
    assert text.returncode == 0 and "Microphones:" in text.stdout and " * default" in text.stdout


def test_record_for_n_seconds(pulse_server: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "take.wav"
    done = _cli("record", str(out), "--seconds", "1.5")
    assert done.returncode == 0, done.stderr
    assert "dBFS" in done.stderr and "Recording; press Ctrl-C to stop." in done.stderr
    assert done.stdout.strip() == (f"Recorded 1.5 s to {out} (16000 Hz, time limit reached).")
    info = sf.info(str(out))
    assert info.samplerate == 16000 and info.frames == 24000


def test_record_stops_on_ctrl_c_with_a_complete_file(pulse_server: PulseServer,
                                                      tmp_path: Path) -> None:
    src_data = sweep(2.0)
    src = write_wav(tmp_path / "sweep.wav", src_data, 16000)
    out = tmp_path / "interrupted.wav"
    # Ctrl-C as in a terminal: a process inherits an ignored SIGINT (pytest-xdist's workers
    # ignore it), and Python then never raises KeyboardInterrupt, so restore the default first
    proc = subprocess.Popen([sys.executable, "-c", _WITH_CTRL_C, "record", str(out)], cwd=ROOT,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    assert proc.stderr.readline().startswith("Recording;")
    # a fresh capture stream can take a moment to deliver audio: play once the file grows
    # (the header is synced every 0.5 s while recording)
    poll_until(lambda: _recorded_s(out) > 0, timeout=10)
    started = _recorded_s(out)
    pulse_server.play_into_mic(src, wait=True)
    poll_until(lambda: _recorded_s(out) >= started + 2.4, timeout=5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=15)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert stdout.startswith("Recorded ") and "(16000 Hz, stopped)" in stdout
    data, rate = sf.read(str(out), dtype="float32")  # valid without any repair
    r, _ = align(src_data, 16000, data, rate)
    print(f"record CLI with Ctrl-C: {len(data) / rate:.2f} s, r={r:.5f}")
    assert r >= 0.99


def test_record_when_the_microphone_vanishes_says_one_sentence(pulse_server: PulseServer,
                                                               tmp_path: Path) -> None:
    """PortAudio prints "Expression ... failed" lines from its own thread when the device dies;
    the person sees only the app's sentence (and the level display before it)."""
    out = tmp_path / "lost.wav"
    proc = subprocess.Popen([sys.executable, "-m", "interviewer", "record", str(out),
                             "--seconds", "30"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        poll_until(lambda: _recorded_s(out) > 0.5, timeout=15)
        pulse_server.unload_source()
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        pulse_server.load_source()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2, stderr
    assert "device_lost" in stdout
    lines = [ln for ln in stderr.replace("\r", "\n").splitlines() if ln.strip()]
    assert lines[0] == "Recording; press Ctrl-C to stop."
    assert lines[-1].startswith("interviewer: The microphone stopped working")
    assert all(ln.startswith("[") and "dBFS" in ln for ln in lines[1:-1]), lines[1:-1]
    assert "Expression" not in stderr and "ALSA lib" not in stderr


def test_record_without_a_server_says_so(pulse_server: PulseServer, tmp_path: Path) -> None:
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path / 'missing'}")
    done = _cli("record", str(tmp_path / "x.wav"), "--seconds", "1", env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "interviewer: No microphone was found; connect one (or start the sound server) and "
        "choose it in Settings.")
    assert "Traceback" not in done.stderr
    devices = _cli("devices", env=env)
    assert devices.returncode == 0 and "(none found" in devices.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--seconds", "0"], "--seconds 0 is not a length; give a number above 0."),
    (["--device", "Nope Mic"], "The microphone 'Nope Mic' is not connected; connect it or "
     "choose another one in Settings (`interviewer devices` lists them)."),
])
def test_record_bad_options(pulse_server: PulseServer, tmp_path: Path, args: list[str],
                            message: str) -> None:
    done = _cli("record", str(tmp_path / "x.wav"), *args)
    assert done.returncode == 2
    assert done.stderr.strip() == f"interviewer: {message}"


def test_speak_to_a_file_and_aloud(pulse_server: PulseServer, tmp_path: Path) -> None:
    out = tmp_path / "q.wav"
    done = _cli("--data-dir", str(tmp_path / "data"), "speak", "Explain dropout.", "--out",
                str(out), "--rate", "160")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    data, rate = sf.read(str(out), dtype="float32")
    assert rate == 22050 and len(data) / rate > 0.7
    assert float(np.sqrt(np.mean(data**2))) > 0.01

    cap = pulse_server.start_capture()
    cap.wait_for(0.2)
    aloud = _cli("--data-dir", str(tmp_path / "data"), "speak", "Explain dropout.",
                 "--rate", "160")
    assert aloud.returncode == 0, aloud.stderr
    cap.wait_for(cap.seconds + 0.3)
    heard = cap.stop()
    r, _ = align(data, rate, heard, cap.rate)
    print(f"speak CLI captured from the speaker: r={r:.5f}")
    assert r >= 0.99
    voices = _cli("speak", "--list-voices")
    assert voices.returncode == 0
    assert any(line.split("\t")[0] == "gmw/en-us" for line in voices.stdout.splitlines())
