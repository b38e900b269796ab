"""The real tiny.en model on real synthesised speech."""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
import pytest

from interviewer.speech.audio_file import load_audio
from tests.fixtures.wer import wer

pytestmark = pytest.mark.model


def test_transcribes_known_speech_with_timed_words(whisper_engine, sample_answers):
    sample = sample_answers["project"]
    audio = load_audio(sample.path)
    t = whisper_engine.transcribe(audio)
    assert wer(sample.text, t.text) < 0.2, t.text
    for word in ("project", "customer", "reviews", "duplicates", "classifier", "mistakes"):
        assert word in t.text.lower()
    assert t.timed
    assert t.duration_s == pytest.approx(len(audio) / 16000, abs=0.01)
    assert t.voiced and t.voiced[0][0] < 0.5 and t.voiced[-1][1] > t.duration_s - 1.5
    starts = [w.start for w in t.words]
    assert starts == sorted(starts)
    assert all(0.0 <= (w.probability or 0) <= 1.0 for w in t.words)


def test_ten_minutes_of_silence_is_fast_and_empty(whisper_engine):
    rng = np.random.default_rng(0)
    audio = (rng.standard_normal(16000 * 600) * 1e-4).astype(np.float32)  # -80 dBFS hiss
    start = time.perf_counter()
    t = whisper_engine.transcribe(audio)
    assert time.perf_counter() - start < 10
    assert t.segments == () and t.text == ""
    assert t.voiced == ()
    assert t.duration_s == pytest.approx(600)


def test_speech_after_long_silence_has_shifted_times(whisper_engine, sample_answers):
    speech = load_audio(sample_answers["teamwork"].path)
    audio = np.concatenate([np.zeros(16000 * 40, np.float32), speech])
    t = whisper_engine.transcribe(audio)
    assert "colleagues" in t.text.lower()
    assert t.words[0].start is not None and t.words[0].start >= 39.5


def test_transcription_makes_no_network_connection(no_network, tmp_path, sample_answers):
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

    engine = WhisperEngine(EngineConfig(model="tiny.en", device="auto",
                                        models_dir=tmp_path / "models"))
    engine.load()  # prepares from the offline pack, then loads
    t = engine.transcribe(load_audio(sample_answers["teamwork"].path))
    assert "released on time" in t.text.lower()
    assert no_network == []


def test_progress_is_reported(whisper_engine, sample_answers):
    seen: list[float] = []
    whisper_engine.transcribe(load_audio(sample_answers["teamwork"].path), progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_warm_up_leaves_a_working_engine(whisper_engine, sample_answers, caplog):
    caplog.set_level(logging.INFO, logger="interviewer.speech.engine")
    took = whisper_engine.warm_up()
    assert whisper_engine.loaded and took >= 0.0
    assert not [r for r in caplog.records if "warm-up failed" in r.getMessage()]
    t = whisper_engine.transcribe(load_audio(sample_answers["teamwork"].path))
    assert "released on time" in t.text.lower() and t.timed


def test_cancelled_decode_stops_and_the_engine_still_works(whisper_engine, sample_answers):
    from interviewer.speech.engine import DecodeCancelled

    audio = load_audio(sample_answers["teamwork"].path)
    clips = [(0.0, len(audio) / 16000)]
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3  # a few decoder steps, then stop

    with pytest.raises(DecodeCancelled):
        whisper_engine.transcribe_clips(audio, clips, cancel=cancel)
    assert len(calls) == 4
    # a full run with the check on, then one cancelled at its very last token step
    calls.clear()
    whisper_engine.transcribe_clips(audio, clips, cancel=lambda: bool(calls.append(1)))
    steps = len(calls)
    calls.clear()
    with pytest.raises(DecodeCancelled):
        whisper_engine.transcribe_clips(audio, clips, cancel=lambda: (calls.append(1) or
                                                                      len(calls) >= steps))
    quick = whisper_engine.transcribe_clips(audio, clips, quick=True)
    assert "released on time" in " ".join(s.text for s in quick).lower()


class _Sampling:
    """openai-whisper with every decode sampled at a high temperature (the fallback path)."""

    def __init__(self, whisper: Any) -> None:
        self.whisper = whisper

    def __getattr__(self, name: str) -> Any:
        return getattr(self.whisper, name)

    def transcribe(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["temperature"] = 1.2
        return self.whisper.transcribe(*args, **kwargs)


def test_the_same_audio_gives_the_same_words_even_when_sampling(whisper_engine, sample_answers):
    import torch

    audio = load_audio(sample_answers["project"].path)
    real = whisper_engine._whisper
    # the control: sampled decodes without the engine's seed do differ from run to run
    raw = {real.transcribe(whisper_engine._model, audio, language="en", temperature=1.2,
                           fp16=False)["text"] for _ in range(3)}
    assert len(raw) > 1, raw
    state = torch.random.get_rng_state()
    whisper_engine._whisper = _Sampling(real)
    try:
        texts = {whisper_engine.transcribe(audio).text for _ in range(3)}
    finally:
        whisper_engine._whisper = real
    assert len(texts) == 1, texts
    assert torch.equal(torch.random.get_rng_state(), state)  # the seed stays inside a decode
