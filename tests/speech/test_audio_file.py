"""Reading audio files: formats, rates, channels and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from interviewer.core.errors import InputError
from interviewer.speech.audio_file import load_audio


def tone(rate: int, seconds: float, channels: int) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    x = 0.5 * np.sin(2 * np.pi * 440 * t).astype(np.float32)
    return np.stack([x] * channels, axis=1) if channels > 1 else x


@pytest.mark.parametrize(("fmt", "rate", "channels"), [
    ("WAV", 44100, 2), ("WAV", 8000, 1), ("FLAC", 48000, 2), ("OGG", 22050, 1),
    ("WAV", 16000, 1),
])
def test_formats_rates_channels(tmp_path, fmt, rate, channels):
    path = tmp_path / f"a.{fmt.lower()}"
    sf.write(path, tone(rate, 2.0, channels), rate, format=fmt)
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert len(audio) == pytest.approx(32000, abs=200)
    rms = float(np.sqrt(np.mean(audio[1000:-1000] ** 2)))
    assert rms == pytest.approx(0.5 / np.sqrt(2), rel=0.1)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_audio(tmp_path / "nope.wav")


def test_zero_byte_file(tmp_path):
    p = tmp_path / "empty.wav"
    p.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty \(0 bytes\)"):
        load_audio(p)


def test_header_only_wav_has_no_audio(tmp_path):
    p = tmp_path / "hdr.wav"
    sf.write(p, np.zeros(0, np.float32), 16000)
    with pytest.raises(InputError, match="no audio"):
        load_audio(p)


def test_corrupt_file(tmp_path):
    p = tmp_path / "junk.wav"
    p.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk" + bytes(range(256)) * 10)
    with pytest.raises(InputError, match="not an audio file"):
        load_audio(p)


def test_text_file_named_wav(tmp_path):
    p = tmp_path / "notes.wav"
    p.write_text("these are my notes, not audio\n" * 20)
    with pytest.raises(InputError, match="WAV, FLAC or OGG"):
        load_audio(p)


def test_truncated_wav_keeps_what_is_there(tmp_path):
    p = tmp_path / "cut.wav"
    sf.write(p, tone(16000, 3.0, 1), 16000, subtype="PCM_16")
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    audio = load_audio(p)
    assert 0.5 * 16000 < len(audio) < 2.0 * 16000


def test_folder(tmp_path):
    with pytest.raises(InputError, match="folder"):
        load_audio(tmp_path)
