"""Warming the speech engine up in the model-load worker.

The first transcription pays one-off costs that hold the GIL for 100-250 ms at a time (module
imports, numba compiling whisper's DTW for word timestamps, regex and tokenizer set-up; on a GPU
also the CUDA kernels, measured ~18 s) and so would freeze the window or delay the first answer.
The engine's own :meth:`~interviewer.speech.engine.WhisperEngine.warm_up` pays them while the
model loads, in the worker, so the event loop is free when it matters.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def warm_up(engine: Any) -> None:
    """Run the engine's warm-up if it has one (test doubles need none). Never raises: a warm-up
    that fails must not fail the load; the real answer will tell."""
    own = getattr(engine, "warm_up", None)
    if not callable(own):
        return
    try:
        own()
    except Exception:
        log.info("warm-up failed", exc_info=True)


def warm_encoder(encoder: Any) -> None:
    """Score one short story and one technical answer, so the scorer's first-use costs (the
    STAR prototypes' vectors, tokenizer and torch set-up) are paid in the worker. Never raises."""
    try:
        from interviewer.core.scoring import score_answer

        score_answer("I joined the team last year. I rebuilt the data pipeline. Errors fell "
                     "by half.", kind="behavioral", encoder=encoder)
        score_answer("Dropout switches off random units during training.", kind="technical",
                     encoder=encoder)
    except Exception:
        log.info("encoder warm-up failed", exc_info=True)
