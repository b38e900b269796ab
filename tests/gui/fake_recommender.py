"""A stand-in for interviewer.speech.recommend.Recommender: made-up figures, no models."""

from __future__ import annotations

import threading
from typing import Any

from interviewer.speech.model_choice import Targets, choose
from interviewer.speech.model_figures import ModelFigures
from interviewer.speech.recommend import Recommendation


def figures(name: str, tail: float, wer: float = 0.05) -> ModelFigures:
    return ModelFigures(name, "cpu", load_s=1.0, first_words_s=0.4, tail_s=tail,
                        rtf=tail / 12, rtf_fillers=tail / 6, memory_mb=300.0, wer=wer)


def recommendation() -> Recommendation:
    """base meets the targets (tiny.en too; base.en's pack is damaged); small.en is offered."""
    measured = [figures("tiny.en", 0.2), figures("base", 0.3),
                ModelFigures("base.en", note="The offline pack of base.en is damaged.")]
    choice = choose(measured, Targets(), fillers=True, not_installed=["small.en"])
    return Recommendation.from_choice(choice, device="cpu", fillers=True, targets=Targets(),
                                      clip_s=10.4, gpu_gb=None)


class FakeRecommender:
    def __init__(self, result: Recommendation | None = None, *,
                 stored: Recommendation | None = None, fail: Exception | None = None,
                 gate: threading.Event | None = None) -> None:
        self.result = result or recommendation()
        self._stored = stored
        self.fail = fail
        self.gate = gate
        self.calls = 0

    def stored(self) -> Recommendation | None:
        return self._stored

    def measure(self, progress: Any = None, checkpoint: Any = None) -> Recommendation:
        self.calls += 1
        if progress is not None:
            progress(0.5, "Timing base on the clip…")
        if self.gate is not None:
            self.gate.wait(10)
        if checkpoint is not None:
            checkpoint()
        if self.fail is not None:
            raise self.fail
        self._stored = self.result
        return self.result
