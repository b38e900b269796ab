"""Measuring for real: the bundled clip, and the real tiny.en timed on it."""

from __future__ import annotations

import pytest

from interviewer.speech.catalogue import ModelState
from interviewer.speech.measure_clip import clip_path, load_measure_clip
from interviewer.speech.recommend import Recommender
from tests.speech.fake_models import FakeCatalogue


def test_the_bundled_clip_is_small_real_speech():
    assert clip_path().stat().st_size < 200_000
    clip = load_measure_clip()
    assert 10.0 < clip.seconds < 11.0
    assert float(abs(clip.audio).max()) > 0.1
    assert len(clip.text.split()) == 30


@pytest.mark.model
@pytest.mark.slow
def test_tiny_en_measured_on_the_clip_gives_a_sane_recommendation(whisper_engine, tmp_path,
                                                                  no_network):
    rec = Recommender(FakeCatalogue({"tiny.en": ModelState.READY}),  # type: ignore[arg-type]
                      lambda _name, _device: whisper_engine, tmp_path / "rec.json")
    seen: list[float] = []
    result = rec.measure(progress=lambda f, _m: seen.append(f))
    assert result.model == "tiny.en" and result.device == "cpu" and result.beam_size in (0, 5)
    (f,) = result.models
    assert f.ok and not f.note
    assert f.wer is not None and f.wer <= 0.2  # tiny.en heard "ill-disposed" as "old-sposed"
    assert f.rtf is not None and f.rtf_fillers is not None and f.tail_s is not None
    assert 0 < f.rtf < f.rtf_fillers < 20
    assert f.tail_s == pytest.approx(f.rtf * 12, rel=0.01)
    assert f.first_words_s is not None and f.first_words_s > 0
    assert f.memory_mb is not None and f.load_s is not None
    assert f.meets_targets is (not result.slow)
    assert result.reason and seen[-1] == pytest.approx(1.0)
    assert rec.stored() == result
    assert no_network == []
