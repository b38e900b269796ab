"""Voice figures on speech whose pitch and level we control.

A glottal-like pulse train (a harmonic complex) has exactly the F0 contour we give it; espeak-ng
speaks real text with a pitch range we choose through SSML. Levels are set by scaling, so the
loudness must move by exactly that many dB."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interviewer.core.transcript import Segment, Transcript, Word
from interviewer.speech.voice_analysis import analyse_voice

RATE = 16000


def voiced(f0: np.ndarray, rate: int = RATE, level: float = 0.3) -> np.ndarray:
    """A harmonic complex following the F0 contour ``f0`` (one value per sample): 20
    harmonics falling 6 dB an octave, like a voice's source, normalised to peak ``level``."""
    phase = 2 * np.pi * np.cumsum(f0) / rate
    x = sum(np.sin(k * phase) / k for k in range(1, 21))
    x = np.asarray(x)
    return level * x / np.max(np.abs(x))


def glide(seconds: float, centre: float, semitones: float, rate_hz: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return centre * 2 ** (semitones * np.sin(2 * np.pi * rate_hz * t) / 12)


def words_transcript(phrases: list[tuple[float, float]]) -> Transcript:
    """A transcript with one segment per (start, end) phrase, a word every 0.4 s."""
    segments = []
    for start, end in phrases:
        times = np.arange(start, end - 0.3, 0.4)
        words = tuple(Word("word", float(t), float(t) + 0.35) for t in times)
        segments.append(Segment(" ".join("word" for _ in words), start, end, words))
    return Transcript(tuple(segments))


def test_a_steady_pitch_is_monotone_and_a_moving_one_is_not() -> None:
    flat = analyse_voice(voiced(np.full(10 * RATE, 120.0)), RATE, Transcript.from_text("x"))
    assert flat.pitch_median_hz == pytest.approx(120.0, abs=1.0)
    assert flat.pitch_pvq is not None and flat.pitch_pvq < 0.01
    assert "monotone" in flat.flags
    lively = analyse_voice(voiced(glide(10, 150.0, 6.0)), RATE, Transcript.from_text("x"))
    # a sine of +-6 semitones has a standard deviation of 6/sqrt(2) = 4.24 semitones
    assert lively.pitch_sd_st == pytest.approx(6 / np.sqrt(2), abs=0.3)
    assert lively.pitch_median_hz == pytest.approx(150.0, rel=0.03)
    assert lively.pitch_pvq is not None and lively.pitch_pvq > 0.2
    assert not {"monotone", "flat"} & set(lively.flags)
    assert lively.voiced_s == pytest.approx(10.0, abs=0.2)


def test_the_pitch_figures_do_not_depend_on_the_ten_second_pieces() -> None:
    # 25 s crosses two seams; the frame count and the spread must match one piece's analysis
    x = voiced(glide(25, 200.0, 3.0, rate_hz=0.3))
    whole = analyse_voice(x, RATE, Transcript.from_text("x"))
    assert whole.voiced_s == pytest.approx(25.0, abs=0.2)
    assert whole.pitch_sd_st == pytest.approx(3 / np.sqrt(2), abs=0.2)
    times = [t for t, _ in whole.pitch_track]
    assert times == sorted(times) and len(times) == pytest.approx(100, abs=2)


def test_loudness_follows_the_level_exactly_and_a_quiet_take_is_flagged() -> None:
    x = voiced(glide(8, 140.0, 4.0))
    loud = analyse_voice(x, RATE, Transcript.from_text("x"))
    quiet = analyse_voice(x * 10 ** (-30 / 20), RATE, Transcript.from_text("x"))
    assert loud.loudness_lufs is not None and quiet.loudness_lufs is not None
    assert loud.loudness_lufs - quiet.loudness_lufs == pytest.approx(30.0, abs=0.15)
    assert "quiet" not in loud.flags and "quiet" in quiet.flags
    assert loud.loudness_sd_lu is not None and loud.loudness_sd_lu < 1.0


def test_clipping_and_swinging_volume_are_flagged() -> None:
    x = voiced(glide(9, 140.0, 4.0))
    clipped = analyse_voice(np.clip(x * 8, -1, 1), RATE, Transcript.from_text("x"))
    assert "clipping" in clipped.flags and clipped.clipped_fraction > 0.01
    y = voiced(glide(16, 140.0, 4.0))
    swing = y * np.repeat([1.0, 0.178, 1.0, 0.178], 4 * RATE)  # 4 s loud, 4 s 15 dB down...
    swinging = analyse_voice(swing, RATE, Transcript.from_text("x"))
    assert "unsteady" in swinging.flags
    assert "unsteady" not in analyse_voice(x, RATE, Transcript.from_text("x")).flags


def test_phrases_that_trail_off_are_counted() -> None:
    phrases = [(0.0, 3.0), (3.5, 6.5), (7.0, 10.0), (10.5, 13.5)]
    x = voiced(glide(14, 130.0, 3.0))
    envelope = np.ones_like(x)
    for start, end in phrases:
        a = int((start + 2 * (end - start) / 3) * RATE)
        envelope[a:int(end * RATE)] = 10 ** (-12 / 20)  # the last third 12 dB down
    transcript = words_transcript(phrases)
    trailing = analyse_voice(x * envelope, RATE, transcript)
    assert trailing.trailing_off == 1.0 and "trailing_off" in trailing.flags
    assert len(trailing.trailing_spans) == 4  # where they are, for the waveform
    for (a, b), (start, end) in zip(trailing.trailing_spans, phrases, strict=True):
        assert start + (end - start) / 2 < a < b <= end + 0.05
    even = analyse_voice(x, RATE, transcript)
    assert even.trailing_off == 0.0 and "trailing_off" not in even.flags
    assert even.trailing_spans == ()


def _espeak(text: str, pitch_range: str, path: Path) -> Path:
    exe = shutil.which("espeak-ng")
    assert exe is not None, "espeak-ng is installed by scripts/setup.sh"
    ssml = f'<speak><prosody range="{pitch_range}">{text}</prosody></speak>'
    subprocess.run([exe, "-m", "-v", "en-us", "-w", str(path), ssml], check=True,
                   capture_output=True, timeout=60)
    return path


def test_espeak_speech_with_a_narrow_and_a_wide_pitch_range(tmp_path: Path) -> None:
    from interviewer.speech.audio_file import load_audio

    text = ("Batch normalization normalizes the activations of each layer using the mean and "
            "variance of the mini batch. Then it applies a learnable scale and shift, and at "
            "inference it uses running averages instead.")
    narrow = analyse_voice(load_audio(_espeak(text, "x-low", tmp_path / "narrow.wav")), RATE,
                           Transcript.from_text(text))
    wide = analyse_voice(load_audio(_espeak(text, "x-high", tmp_path / "wide.wav")), RATE,
                         Transcript.from_text(text))
    assert narrow.pitch_sd_st is not None and wide.pitch_sd_st is not None
    assert wide.pitch_sd_st > 3 * narrow.pitch_sd_st
    assert "monotone" in narrow.flags and "monotone" not in wide.flags
    assert narrow.voiced_s > 5.0


def test_silence_and_a_tiny_clip_give_no_pitch_and_no_crash() -> None:
    silent = analyse_voice(np.zeros(5 * RATE, dtype=np.float32), RATE, Transcript.from_text(""))
    assert silent.pitch_pvq is None and silent.loudness_lufs is None and silent.flags == ()
    tiny = analyse_voice(np.zeros(100, dtype=np.float32), RATE, Transcript.from_text(""))
    assert tiny.voiced_s == 0.0


def test_real_voices_read_as_natural_speech(real_speech: Any) -> None:
    """Real readers are neither monotone nor flat, and a man's and a woman's voices sit where
    they should (bands checked against these recordings: see core/scoring/voice.py)."""
    from interviewer.speech.audio_file import load_audio

    austen = np.concatenate([load_audio(c.path) for c in real_speech.values()
                             if c.speaker == "librivox-austen"])
    for name, audio in (("librivox-austen", austen),
                        ("sonnet", load_audio(real_speech["librivox-sonnet-1"].path)),
                        ("jfk", load_audio(real_speech["jfk"].path))):
        v = analyse_voice(audio, RATE, Transcript.from_text(""))
        assert v.pitch_pvq is not None and v.pitch_pvq >= 0.12, (name, v.pitch_pvq)
        assert not {"monotone", "flat", "quiet", "clipping"} & set(v.flags), (name, v.flags)
        assert v.loudness_lufs is not None and -35 < v.loudness_lufs < -9, name
    man = analyse_voice(load_audio(real_speech["arctic-awb-a0007"].path), RATE,
                        Transcript.from_text(""))
    woman = analyse_voice(load_audio(real_speech["arctic-slt-a0009"].path), RATE,
                          Transcript.from_text(""))
    assert man.pitch_median_hz is not None and 85 < man.pitch_median_hz < 160
    assert woman.pitch_median_hz is not None and 160 < woman.pitch_median_hz < 260
