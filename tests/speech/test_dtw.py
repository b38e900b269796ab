"""Word-timing alignment without numba: the path of openai-whisper's DTW."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.speech.audio_file import load_audio
from interviewer.speech.dtw import backtrace, dtw_cpu


def _source_loop(x: np.ndarray) -> np.ndarray:
    """openai-whisper's dtw_cpu as written (before numba compiles it)."""
    n, m = x.shape
    cost = np.ones((n + 1, m + 1), dtype=np.float32) * np.inf
    trace = -np.ones((n + 1, m + 1), dtype=np.float32)
    cost[0, 0] = 0
    for j in range(1, m + 1):
        for i in range(1, n + 1):
            c0, c1, c2 = cost[i - 1, j - 1], cost[i - 1, j], cost[i, j - 1]
            if c0 < c1 and c0 < c2:
                c, t = c0, 0
            elif c1 < c0 and c1 < c2:
                c, t = c1, 1
            else:
                c, t = c2, 2
            cost[i, j] = float(x[i - 1, j - 1]) + float(c)
            trace[i, j] = t
    return backtrace(trace)


@pytest.mark.parametrize(("n", "m"), [(1, 1), (1, 6), (6, 1), (3, 3), (25, 180)])
@pytest.mark.parametrize("ties", [False, True])
def test_same_path_as_the_source_loop(n, m, ties):
    x = np.random.default_rng(n * 1000 + m).standard_normal((n, m))
    if ties:
        x = np.round(x, 1)
    assert np.array_equal(dtw_cpu(x.copy()), _source_loop(x.copy()))


def test_same_path_as_numba_on_continuous_costs():
    import importlib

    from whisper import timing

    from interviewer.speech.dtw import use_numpy_dtw

    compiled = importlib.reload(timing).dtw_cpu  # numba's, even if an engine replaced it
    try:
        rng = np.random.default_rng(7)
        for n, m in ((40, 700), (120, 1500)):
            x = rng.standard_normal((n, m))
            assert np.array_equal(dtw_cpu(x.copy()), compiled(x.copy()))
    finally:
        use_numpy_dtw(timing)


@pytest.mark.model
def test_the_engine_times_words_without_numba(whisper_engine, real_speech):
    from whisper import timing

    assert timing.dtw_cpu is dtw_cpu
    words = whisper_engine.transcribe(load_audio(real_speech["jfk"].path)).words
    starts = [w.start for w in words]
    assert len(words) > 15 and starts == sorted(starts)
    assert words[-1].end is not None and 9.0 < words[-1].end < 11.5
