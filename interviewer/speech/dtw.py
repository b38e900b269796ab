"""Word-timing alignment (dynamic time warping) in numpy, replacing openai-whisper's numba one.

openai-whisper aligns tokens to audio frames with ``whisper.timing.dtw_cpu``, compiled by numba
with ``parallel=True`` on first use. Measured on tiny.en (2-core CPU): the compile adds about
140 MB to peak memory and a second or more to the first answer, and numba's thread pool resets
torch's thread count in the thread that first runs it. :func:`dtw_cpu` here computes the same
cost matrix and the same path as the source of that function (same float32 cost, same
comparisons, same tie-breaking) one anti-diagonal at a time: every cell of a diagonal depends
only on the two before it, so each diagonal is one vectorised step. On continuous costs
(attention weights) the path is the one numba's compiled function gives; on costs with exact
ties numba's compiled code can break a tie differently from its own source (found with costs
rounded to 0.1), where this follows the source. :func:`use_numpy_dtw` installs it in
``whisper.timing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


def dtw_cpu(x: np.ndarray) -> np.ndarray:
    """openai-whisper's ``dtw_cpu`` (N tokens x M frames of costs) -> (2, path length)."""
    import numpy as np

    n, m = x.shape
    cost = np.full((n + 1, m + 1), np.inf, dtype=np.float32)
    trace = np.full((n + 1, m + 1), -1.0, dtype=np.float32)
    cost[0, 0] = 0
    for d in range(2, n + m + 1):
        i = np.arange(max(1, d - m), min(n, d - 1) + 1)
        j = d - i
        c0, c1, c2 = cost[i - 1, j - 1], cost[i - 1, j], cost[i, j - 1]
        pick0 = (c0 < c1) & (c0 < c2)
        pick1 = ~pick0 & (c1 < c0) & (c1 < c2)
        t = np.where(pick0, 0, np.where(pick1, 1, 2))
        c = np.where(pick0, c0, np.where(pick1, c1, c2))
        cost[i, j] = x[i - 1, j - 1] + c.astype(np.float64)
        trace[i, j] = t
    return backtrace(trace)


def backtrace(trace: np.ndarray) -> np.ndarray:
    """openai-whisper's ``backtrace``, without numba."""
    import numpy as np

    i, j = trace.shape[0] - 1, trace.shape[1] - 1
    trace[0, :] = 2
    trace[:, 0] = 1
    steps = trace.tolist()
    result = []
    while i > 0 or j > 0:
        result.append((i - 1, j - 1))
        t = steps[i][j]
        if t == 0:
            i, j = i - 1, j - 1
        elif t == 1:
            i -= 1
        elif t == 2:
            j -= 1
        else:
            raise ValueError("Unexpected trace[i, j]")
    return np.array(result)[::-1, :].T


def use_numpy_dtw(timing: Any) -> None:
    """Make ``whisper.timing`` (passed in) align with :func:`dtw_cpu`."""
    timing.dtw_cpu = dtw_cpu
