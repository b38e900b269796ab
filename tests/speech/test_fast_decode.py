"""The exact decoding shortcuts: same words and timings as openai-whisper alone, less work."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.speech.audio_file import load_audio
from interviewer.speech.fast_decode import EncoderCache, encoder_cache


class _CountingEncoder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, mel):  # type: ignore[no-untyped-def]
        self.calls += 1
        return mel * 2


def test_encoder_cache_matches_by_value_and_stays_small():
    import torch

    inner = _CountingEncoder()
    cache = encoder_cache(inner, size=2)
    assert isinstance(cache, EncoderCache)
    a = torch.arange(6, dtype=torch.float32).reshape(1, 2, 3)
    first = cache(a)
    again = cache(a.clone())  # another tensor, same values: a hit, the very same output
    assert again is first and inner.calls == 1
    a[0, 0, 0] = 99.0  # changed in place: must not be served from the cache
    assert cache(a)[0, 0, 0] == 198.0 and inner.calls == 2
    cache(a + 1)
    cache(a + 2)  # the oldest entries fall out
    cache(torch.arange(6, dtype=torch.float32).reshape(1, 2, 3))
    assert inner.calls == 5
    assert cache(a.double()).dtype == torch.float64 and inner.calls == 6  # dtype is part of it
    assert (cache.hits, cache.misses) == (1, 6)


@pytest.fixture(scope="module")
def plain_engine(whisper_models_dir: Path):
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

    engine = WhisperEngine(EngineConfig(model="tiny.en", device="cpu",
                                        models_dir=whisper_models_dir, fast_decode=False))
    engine.load()
    return engine


@pytest.mark.model
def test_prompt_logits_skipped_only_where_decoding_does_not_read(whisper_engine, plain_engine):
    import torch
    from whisper.tokenizer import get_tokenizer

    model, plain = whisper_engine.model, plain_engine.model
    tok = get_tokenizer(False)
    prompt = tok.encode(" We trained a convolutional network on customer photos.")
    tokens = torch.tensor([[tok.sot_prev, *prompt, *tok.sot_sequence_including_notimestamps]])
    xa = plain.encoder(torch.zeros(1, 80, 3000))
    fast = model.decoder(tokens, xa, kv_cache={})
    full = plain.decoder(tokens, xa, kv_cache={})
    start = len(prompt) + 1
    assert int(tokens[0, start]) == tok.sot
    torch.testing.assert_close(fast[:, start:], full[:, start:], rtol=1e-4, atol=1e-3)
    # without a key/value cache (word alignment reads every row) nothing is skipped
    torch.testing.assert_close(model.decoder(tokens, xa), plain.decoder(tokens, xa))


@pytest.mark.model
@pytest.mark.parametrize("filler", [False, True])
def test_same_words_and_timings_with_less_encoding(whisper_engine, plain_engine, whisper_models_dir,
                                                   real_speech, *, sample_answers, filler):
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

    audios = [load_audio(sample_answers["fillers"].path), load_audio(real_speech["jfk"].path)]
    fast, plain = whisper_engine, plain_engine
    if filler:  # the same loaded models with the filler pass on
        fast = _variant(whisper_engine, WhisperEngine, EngineConfig, whisper_models_dir,
                        filler_prompt=True, filler_method="merge")
        plain = _variant(plain_engine, WhisperEngine, EngineConfig, whisper_models_dir,
                         filler_prompt=True, filler_method="merge", fast_decode=False)
    enc = whisper_engine.model.encoder
    before = (enc.hits, enc.misses)
    for audio in audios:
        a, b = fast.transcribe(audio), plain.transcribe(audio)
        assert a.text == b.text
        assert [(w.text, w.start, w.end) for w in a.words] == \
            [(w.text, w.start, w.end) for w in b.words]
    hits, misses = enc.hits - before[0], enc.misses - before[1]
    # each window is encoded once: the word alignment (and the filler pass) reuse it
    assert hits >= misses * (3 if filler else 1) > 0


@pytest.mark.model
def test_beam_search_reorders_the_growing_cache_correctly(whisper_engine, plain_engine,
                                                          whisper_models_dir, real_speech):
    """Beam search replaces cache entries (reordered beams): they must be copied back into the
    growing buffer, giving exactly the words of openai-whisper's own cache."""
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

    audio = load_audio(real_speech["jfk"].path)
    fast = _variant(whisper_engine, WhisperEngine, EngineConfig, whisper_models_dir, beam_size=5)
    plain = _variant(plain_engine, WhisperEngine, EngineConfig, whisper_models_dir, beam_size=5,
                     fast_decode=False)
    a, b = fast.transcribe(audio), plain.transcribe(audio)
    assert a.text == b.text and "ask not what your country" in a.text.lower()
    assert [(w.start, w.end) for w in a.words] == [(w.start, w.end) for w in b.words]


def _variant(engine, engine_cls, config_cls, models_dir, **kw):  # type: ignore[no-untyped-def]
    """Another config on the same loaded model."""
    other = engine_cls(config_cls(model="tiny.en", device="cpu", models_dir=models_dir,
                                  **kw))
    other._model, other._whisper, other.checkpoint = engine.model, engine._whisper, \
        engine.checkpoint
    return other


@pytest.mark.model
def test_forgetting_encodings_makes_the_next_decode_encode_again(whisper_engine, real_speech):
    audio = load_audio(real_speech["arctic-awb-a0007"].path)
    enc = whisper_engine.model.encoder
    whisper_engine.transcribe(audio)
    misses = enc.misses
    whisper_engine.transcribe(audio)
    assert enc.misses == misses  # the same audio: served from the cache
    whisper_engine.forget_encodings()
    whisper_engine.transcribe(audio)
    assert enc.misses == misses + 1


def test_a_different_shape_is_never_served_from_the_cache():
    import torch

    inner = _CountingEncoder()
    cache = encoder_cache(inner)
    cache(torch.zeros(1, 80, 3000))
    cache(torch.zeros(1, 80, 1500))
    assert inner.calls == 2 and cache.hits == 0
