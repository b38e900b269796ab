"""Recordings of real people (the real-speech pack: LibriVox readers, CMU ARCTIC speakers,
President Kennedy), transcribed by the real tiny.en: read speech, an older recording, a
Scottish and an American voice, a man and a woman."""

from __future__ import annotations

from typing import Any

import pytest

from interviewer.speech.audio_file import load_audio
from tests.fixtures.wer import wer

pytestmark = pytest.mark.model


def test_real_voices_are_transcribed_closely(whisper_engine: Any, real_speech: Any) -> None:
    errors = words = 0.0
    worst: list[tuple[float, str, str]] = []
    for clip in real_speech.values():
        heard = whisper_engine.transcribe(load_audio(clip.path)).text
        n = len(clip.text.split())
        rate = wer(clip.text, heard)
        errors += rate * n
        words += n
        worst.append((rate, clip.id, heard))
        assert rate < 0.35, (clip.id, clip.text, heard)
    assert len(worst) >= 9 and {c.sex for c in real_speech.values()} == {"male", "female"}
    assert errors / words < 0.10, sorted(worst, reverse=True)[:3]


def test_the_same_real_recording_gives_the_same_words(whisper_engine: Any,
                                                      real_speech: Any) -> None:
    audio = load_audio(real_speech["librivox-austen-0880"].path)
    assert len({whisper_engine.transcribe(audio).text for _ in range(2)}) == 1
