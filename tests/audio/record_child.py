"""A recording process for the crash tests: ``python -m tests.audio.record_child OUT.wav``.

Records from the default input until killed. Prints ``recording <monotonic time>`` on stdout once
the stream delivers audio, then blocks forever (the test kills it with SIGKILL).
"""

from __future__ import annotations

import sys
import threading
import time

from interviewer.audio.recorder import Recorder


def main() -> int:
    rec = Recorder()
    first = threading.Event()
    rec.add_listener(lambda _block: first.set())
    rec.start(sys.argv[1])
    if not first.wait(10):
        print("no audio", flush=True)
        return 1
    print(f"recording {time.monotonic():.6f}", flush=True)
    threading.Event().wait()
    return 0  # pragma: no cover - killed before


if __name__ == "__main__":
    sys.exit(main())
