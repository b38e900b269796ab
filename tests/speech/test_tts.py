"""Read-aloud with pyttsx3 in a child process: real eSpeak NG speech, cached, checked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.core.errors import InputError
from interviewer.speech.tts import Speaker, TtsUnavailableError, UnknownVoiceError

QUESTION = "What is the vanishing gradient problem, and how do residual connections help?"

# eSpeak NG made unloadable for the worker only: a private mount namespace with /dev/null bound
# over the library (root, as in CI), else a Python wrapper whose ctypes refuses to load it.
_HIDE_BY_MOUNT = ('for f in $(readlink -f /usr/lib/*/libespeak-ng.so* /usr/lib/*/libespeak.so* '
                  '2>/dev/null | sort -u); do mount --bind /dev/null "$f" || exit 97; done; '
                  'exec "$@"')
_HIDE_BY_CTYPES = (
    "import ctypes, runpy, sys\n"
    "real = ctypes.cdll.LoadLibrary\n"
    "def refuse(name, *a, **k):\n"
    "    if 'espeak' in str(name): raise OSError(name + ': cannot open shared object file')\n"
    "    return real(name, *a, **k)\n"
    "ctypes.cdll.LoadLibrary = refuse\n"
    "sys.argv = ['tts_worker', *sys.argv[1:]]\n"
    "runpy.run_module('interviewer.speech.tts_worker', run_name='__main__')\n"
)


def _worker_without_espeak() -> tuple[list[str], str]:
    base = [sys.executable, "-m", "interviewer.speech.tts_worker"]
    if os.geteuid() == 0 and shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-m", "sh", "-c", _HIDE_BY_MOUNT, "probe", "true"],
                               capture_output=True, check=False)
        if probe.returncode == 0:
            return ["unshare", "-m", "sh", "-c", _HIDE_BY_MOUNT, "hide-espeak", *base], "mount"
    return [sys.executable, "-c", _HIDE_BY_CTYPES], "ctypes"


@pytest.fixture
def speaker(tmp_path: Path) -> Speaker:
    return Speaker(tmp_path / "tts")


def _rms_fraction(data: np.ndarray, rate: int) -> float:
    n = int(rate * 0.03)
    frames = data[: len(data) // n * n].reshape(-1, n)
    return float(np.mean(np.sqrt(np.mean(frames**2, axis=1)) > 0.01))


def test_synthesise_makes_real_speech_and_caches_it(speaker: Speaker) -> None:
    path = speaker.synthesise(QUESTION, rate=170)
    assert path.parent == speaker.cache_dir and path == speaker.cache_path(QUESTION, None, 170)
    data, rate = sf.read(str(path), dtype="float32")
    assert rate == 22050 and data.ndim == 1
    seconds = len(data) / rate
    assert 2.5 < seconds < 8.0  # 12 words at 170 wpm, with pauses
    voiced = _rms_fraction(data, rate)
    assert voiced > 0.5, f"only {voiced:.0%} of the file has sound"
    # cached: the same request returns the file without running the worker
    mtime = path.stat().st_mtime_ns
    broken = Speaker(speaker.cache_dir, worker=[sys.executable, "-c", "raise SystemExit(1)"])
    assert broken.synthesise(QUESTION, rate=170) == path
    assert path.stat().st_mtime_ns == mtime
    # rate and voice are part of the key, and the rate really changes the speech
    slow = speaker.synthesise(QUESTION, rate=110)
    assert slow != path
    assert sf.info(str(slow)).duration > seconds * 1.3
    assert list(speaker.cache_dir.glob(".*tmp*")) == []  # no half-written files left


def test_voices_and_choosing_one(speaker: Speaker) -> None:
    voices = speaker.voices()
    assert len(voices) > 10
    ids = {v.id for v in voices}
    english = next(v for v in voices if "en" in v.languages or v.id.endswith("/en"))
    assert english.name
    path = speaker.synthesise("Hello there.", voice=english.id, rate=160)
    assert sf.info(str(path)).frames > 0
    assert "no-such-voice" not in ids
    with pytest.raises(UnknownVoiceError) as err:
        speaker.synthesise("Hello there.", voice="no-such-voice")
    assert str(err.value) == ("The voice 'no-such-voice' is not installed; choose another voice "
                              "in Settings (`interviewer speak --list-voices` lists them).")


def test_empty_text_is_bad_input(speaker: Speaker) -> None:
    with pytest.raises(InputError, match="no text to read aloud"):
        speaker.synthesise("   ")


def test_no_espeak_says_what_to_do(tmp_path: Path) -> None:
    worker, how = _worker_without_espeak()
    print(f"eSpeak hidden by: {how}")
    speaker = Speaker(tmp_path / "tts", worker=worker)
    expected = ("Questions cannot be read aloud because no text-to-speech voice is available; "
                "install eSpeak NG (on Debian/Ubuntu: sudo apt install espeak-ng libespeak-ng1) "
                "and restart (the questions are still shown as text).")
    with pytest.raises(TtsUnavailableError) as err:
        speaker.synthesise(QUESTION)
    assert str(err.value) == expected
    assert "eSpeak" in err.value.detail  # pyttsx3's own reason is kept for the log
    with pytest.raises(TtsUnavailableError):
        speaker.voices()
    assert not any((tmp_path / "tts").glob("*.wav"))


@pytest.mark.model
@pytest.mark.slow
def test_whisper_hears_the_question(speaker: Speaker, whisper_engine: object) -> None:
    import jiwer

    from interviewer.speech.audio_file import load_audio

    path = speaker.synthesise(QUESTION, rate=160)
    transcript = whisper_engine.transcribe(load_audio(path))  # type: ignore[attr-defined]
    norm = jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(),
                          jiwer.RemoveMultipleSpaces(), jiwer.Strip()])
    wer = jiwer.wer(norm(QUESTION), norm(transcript.text))
    print(f"whisper heard: {transcript.text!r} (WER {wer:.2f})")
    assert wer <= 0.25


@pytest.mark.audio
@pytest.mark.slow
def test_speak_plays_through_the_player(speaker: Speaker, pulse_server: object) -> None:
    from interviewer.audio.player import Player
    from tests.audio.signals import align

    done = threading.Event()
    player = Player(on_finished=done.set)
    cap = pulse_server.start_capture()  # type: ignore[attr-defined]
    cap.wait_for(0.2)
    path = speaker.speak("Tell me about a time you disagreed.", player, rate=200)
    assert player.state == "playing" and player.duration_s > 1.0
    deadline = time.monotonic() + 15
    while player.position_s < player.duration_s / 2:  # progress is known while it plays
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert done.wait(15)
    cap.wait_for(cap.seconds + 0.3)
    heard = cap.stop()
    data, rate = sf.read(str(path), dtype="float32")
    r, _ = align(data, rate, heard, cap.rate)
    print(f"read-aloud captured from the speaker: r={r:.5f}")
    assert r >= 0.99
