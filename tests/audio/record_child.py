"""A recording process for the crash tests: ``python -m tests.audio.record_child OUT.wav [LOG]``.

Records from the default input until killed. Prints ``recording <monotonic time>`` on stdout once
the stream delivers audio, then blocks forever (the test kills it with SIGKILL).

With ``LOG``, every block the recorder delivers is logged there as it arrives, one line each:
``<monotonic time> <frames> <peak> <zero samples>`` (unbuffered, so a SIGKILL loses nothing that
was logged). The crash trial uses it to tell a silent source from lost audio.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import numpy as np

from interviewer.audio.recorder import Recorder


def _block_logger(path: str):  # type: ignore[no-untyped-def]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)

    def log(block: np.ndarray) -> None:
        peak = float(np.max(np.abs(block))) if block.size else 0.0
        zeros = int(np.count_nonzero(block == 0.0))
        os.write(fd, f"{time.monotonic():.6f} {block.size} {peak:.6f} {zeros}\n".encode())
    return log


def main() -> int:
    rec = Recorder()
    first = threading.Event()
    rec.add_listener(lambda _block: first.set())
    if len(sys.argv) > 2:
        rec.add_listener(_block_logger(sys.argv[2]))
    rec.start(sys.argv[1])
    if not first.wait(10):
        print("no audio", flush=True)
        return 1
    print(f"recording {time.monotonic():.6f}", flush=True)
    threading.Event().wait()
    return 0  # pragma: no cover - killed before


if __name__ == "__main__":
    sys.exit(main())
