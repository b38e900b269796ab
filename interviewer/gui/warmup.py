"""Warming the speech engine up in the model-load worker.

The first transcription pays one-off costs that hold the GIL for 100-250 ms at a time (module
imports, numba compiling whisper's DTW for word timestamps, regex and tokenizer set-up) and
so would freeze the window in the middle of the first answer. Paying them while the model
loads, in the worker, keeps the event loop free when it matters.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000


def warm_up(engine: Any) -> None:
    """Run the engine's own warm-up if it has one, else a short transcription plus the DTW."""
    own = getattr(engine, "warm_up", None)
    if callable(own):
        own()
        return
    import numpy as np

    rng = np.random.default_rng(0)
    t = np.arange(SAMPLE_RATE * 2) / SAMPLE_RATE
    # two seconds of a voiced-like buzz with noise: enough to run decoding end to end
    audio = (0.1 * np.sin(2 * np.pi * 150 * t) * (1 + np.sin(2 * np.pi * 3 * t))
             + 0.02 * rng.standard_normal(len(t))).astype(np.float32)
    try:
        engine.transcribe(audio)
    except Exception:  # a warm-up that fails must not fail the load; the real answer will tell
        log.info("warm-up transcription failed", exc_info=True)
    try:
        import torch
        from whisper.timing import dtw

        dtw(torch.rand(24, 12))  # numba compiles dtw_cpu and backtrace once per process
    except Exception:
        log.info("warm-up of word timing failed", exc_info=True)

