"""Measuring the installed models with fake engines: what is measured, fallbacks, persistence."""

from __future__ import annotations

import json

import pytest

from interviewer.core.errors import InterviewerError
from interviewer.settings import Settings
from interviewer.speech.catalogue import ModelState
from interviewer.speech.model_figures import RssProbe, measure_engine
from interviewer.speech.recommend import load_recommendation
from interviewer.speech.word_error import word_error_rate
from interviewer.speech_setup import apply_recommendation
from tests.speech.fake_models import FakeClock, FakeEngine, OutOfMemoryError, fake_clip, recommender

R, P, D = ModelState.READY, ModelState.PREPARABLE, ModelState.DOWNLOADABLE


def test_measure_engine_times_what_the_app_does():
    clock = FakeClock()
    engine = FakeEngine("base", "cpu", clock, rtf=0.1)
    f = measure_engine(engine, fake_clip(10.0), clock=clock)
    assert f.load_s == pytest.approx(0.75)
    assert f.first_words_s == pytest.approx(0.3)  # a quick look at the first 3 s
    assert f.tail_s == pytest.approx(1.2)  # plain pass, scaled to a 12 s tail
    assert f.rtf == pytest.approx(0.1) and f.rtf_fillers == pytest.approx(0.2)
    assert f.wer == 0.0 and f.beam_tail_s is None
    *quick, plain, prompted = engine.calls
    assert len(quick) == 3 and all(c["quick"] and c["seconds"] == 3.0 for c in quick)
    assert plain["filler"] is False and plain["prompt"] is None
    assert prompted["prompt"] and prompted["filler"] is False  # the filler pass alone
    # every look and the plain pass pay for encoding; the filler pass reuses it, as in the app
    assert engine.forgotten == 4


def test_beam_is_timed_when_asked_and_the_engine_left_greedy():
    clock = FakeClock()
    engine = FakeEngine("base", "cpu", clock, rtf=0.02)
    f = measure_engine(engine, fake_clip(), clock=clock, try_beam=lambda _f: True)
    assert f.beam_tail_s == pytest.approx(0.6) and f.beam_rtf_fillers == pytest.approx(0.1)
    assert engine.config.beam_size is None
    assert [c["beam"] for c in engine.calls] == [None] * 5 + [5, 5]


def test_installed_models_are_measured_never_downloaded(tmp_path):
    rec, maker = recommender(tmp_path, {"tiny.en": R, "base": P, "small": D},
                             {"tiny.en": 0.05, "base": 0.1})
    result = rec.measure()
    assert maker.made == [("tiny.en", "auto"), ("base", "auto")]
    assert result.model == "base" and result.device == "cpu" and not result.slow
    assert [f.name for f in result.models] == ["tiny.en", "base"]
    assert all(f.meets_targets for f in result.models)
    assert load_recommendation(rec.store_path) == result == rec.stored()


def test_a_fast_machine_gets_beam_search_and_an_offer(tmp_path):
    rec, _ = recommender(tmp_path, {"tiny.en": R, "base": P, "small.en": D},
                         {"tiny.en": 0.005, "base": 0.01})
    result = rec.measure()
    assert result.model == "base" and result.beam_size == 5
    assert result.offer is not None and result.offer.model == "small.en"


def test_a_broken_pack_gets_a_note_and_a_smaller_model(tmp_path):
    broken = InterviewerError("The offline pack for base is damaged; reinstall it.")
    rec, _ = recommender(tmp_path, {"tiny.en": R, "base": P}, {"tiny.en": 0.05},
                         fail={"base": broken})
    result = rec.measure()
    assert result.model == "tiny.en"
    assert result.figures("base").note == str(broken)  # type: ignore[union-attr]


def test_gpu_out_of_memory_falls_back_to_the_cpu(tmp_path):
    oom = OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    rec, maker = recommender(tmp_path, {"tiny.en": R, "base": P}, {"tiny.en": 0.05},
                             fail={"tiny.en@cuda": oom, "base@cuda": oom}, gpu_gb=4.0)
    result = rec.measure()
    assert maker.made[:2] == [("tiny.en", "cuda"), ("base", "cuda")]
    assert maker.made[2:] == [("tiny.en", "cpu"), ("base", "cpu")]
    assert result.device == "cpu" and result.model == "base" and result.gpu_gb is None
    assert result.reason.startswith("No model ran on the GPU (tiny.en does not fit in the "
                                    "GPU's free memory), so the CPU is used.")
    settings = Settings(device="cuda")
    assert apply_recommendation(settings, result)
    assert (settings.model, settings.device) == ("base", "cpu")


def test_gpu_skips_models_bigger_than_its_memory(tmp_path):
    rec, maker = recommender(tmp_path, {"tiny.en": R, "small": R}, {"tiny.en": 0.01},
                             gpu_gb=1.5)
    result = rec.measure()
    assert maker.made == [("tiny.en", "cuda")]
    assert "small needs about 2 GB and the GPU has 2 GB" in result.figures("small").note  # type: ignore[union-attr]
    assert result.model == "tiny.en" and result.device == "cuda"


def test_a_slow_machine_does_not_load_much_bigger_models(tmp_path):
    rec, maker = recommender(tmp_path, {"tiny.en": R, "base": P}, {"tiny.en": 0.4})
    result = rec.measure()
    assert maker.made == [("tiny.en", "auto")]
    assert result.model == "tiny.en" and result.slow
    assert result.figures("base").note.startswith("Not measured")  # type: ignore[union-attr]


def test_cancelling_stops_measuring(tmp_path):
    rec, _ = recommender(tmp_path, {"tiny.en": R, "base": P}, {})

    class Stop(Exception):
        pass

    def checkpoint() -> None:
        raise Stop

    with pytest.raises(Stop):
        rec.measure(checkpoint=checkpoint)
    assert rec.stored() is None


def test_nothing_installed_is_one_sentence(tmp_path):
    rec, _ = recommender(tmp_path, {"small": D}, {})
    with pytest.raises(InterviewerError, match="No speech model is installed to measure"):
        rec.measure()


def test_stored_recommendation_survives_damage(tmp_path):
    rec, _ = recommender(tmp_path, {"tiny.en": R}, {"tiny.en": 0.05})
    result = rec.measure()
    doc = json.loads(rec.store_path.read_text())
    assert set(doc) == {"version", "measured_at", "device", "gpu_gb", "fillers", "clip_s",
                        "targets", "models", "choice", "offer"}
    assert doc["choice"] == {"model": "tiny.en", "beam_size": 0, "reason": result.reason,
                             "slow": False}
    rec.store_path.write_text("{not json")
    assert rec.stored() is None
    rec.store_path.write_text(json.dumps({**doc, "version": 99}))
    assert rec.stored() is None


def test_apply_keeps_settings_when_nothing_changes(tmp_path):
    rec, _ = recommender(tmp_path, {"tiny.en": R}, {"tiny.en": 0.05})
    result = rec.measure()
    settings = Settings(model="tiny.en")
    assert not apply_recommendation(settings, result)
    settings.model_path = "/somewhere/mine.pt"
    assert apply_recommendation(settings, result) and settings.model_path == ""


def test_rss_probe_reports_the_peak_added():
    values = iter([100 * 2**20, 400 * 2**20, 250 * 2**20])
    probe = RssProbe(interval_s=60, read=lambda: next(values, 250 * 2**20))
    probe.start()
    assert probe.stop() == pytest.approx(300.0)  # the peak (sampled at stop) over the start
    probe = RssProbe(read=lambda: None)
    probe.start()
    assert probe.stop() is None


@pytest.mark.parametrize(("ref", "hyp", "expected"), [
    ("he was not an ill disposed young man", "He was not an ill-disposed young man.", 0.0),
    ("mister john dashwood", "Mr. John Dashwood", 0.0),
    ("he was not an ill disposed young man", "he was not an old sposed young man", 0.25),
    ("one two", "", 1.0),
])
def test_word_error_rate(ref, hyp, expected):
    assert word_error_rate(ref, hyp) == pytest.approx(expected)


def test_settings_reach_the_engine_and_the_recommender(tmp_path):
    from interviewer.paths import AppPaths
    from interviewer.speech_setup import build_recommender, engine_config

    paths = AppPaths.under(tmp_path)
    settings = Settings(beam_size=5, filler_prompt=False, device="cpu", allow_download=True)
    assert engine_config(settings, paths).beam_size == 5
    assert engine_config(Settings(), paths).beam_size is None
    rec = build_recommender(settings, paths)
    assert (rec.fillers, rec.device) == (False, "cpu")
    assert rec.store_path == paths.config_dir / "model_recommendation.json"
    engine = rec.make_engine("base", "cpu")  # measured greedy, never downloading
    assert (engine.config.model, engine.config.beam_size) == ("base", None)
    assert engine.config.allow_download is False and not rec.catalogue.allow_download
