"""Voice analysis cost: time for a 3-minute answer and the longest the GUI thread waits.

    .venv/bin/python -m tests.bench.bench_voice [--seconds 180] [--audio FILE]

The analysis (Praat pitch in 10 s pieces, BS.1770 loudness) runs in a worker thread as in the
app, while the main thread wakes every 2 ms and records the longest gap (what a Qt event loop
would feel: Praat's C++ keeps the GIL for one piece at a time). Targets (issue 13): at most 1 s
added from stop to feedback for 3 minutes; the GUI never stalls more than 50 ms. The speech is
espeak-ng's (or ``--audio``), repeated to the length asked.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    from interviewer.core.transcript import Transcript
    from interviewer.speech.audio_file import SAMPLE_RATE, load_audio
    from interviewer.speech.voice_analysis import analyse_voice
    from tests.fixtures.sample_answers import long_answer
    from tests.fixtures.speech_samples import synth_speech

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--audio", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.audio is None:
        args.audio = synth_speech(long_answer(120), Path(tempfile.mkdtemp()) / "answer.wav")
    base = load_audio(args.audio)
    n = int(args.seconds * SAMPLE_RATE)
    x = np.tile(base, n // len(base) + 1)[:n]
    empty = Transcript.from_text("")
    analyse_voice(x[: 5 * SAMPLE_RATE], SAMPLE_RATE, empty)  # imports and first-call costs
    times, gaps = [], []
    for _ in range(args.runs):
        done = threading.Event()
        took: list[float] = []

        def work(took: list[float] = took, done: threading.Event = done) -> None:
            t0 = time.perf_counter()
            analyse_voice(x, SAMPLE_RATE, empty)
            took.append(time.perf_counter() - t0)
            done.set()

        worker = threading.Thread(target=work)
        worker.start()
        worst, last = 0.0, time.perf_counter()
        while not done.is_set():
            time.sleep(0.002)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
        worker.join()
        times.append(took[0])
        gaps.append(worst)
    print(f"audio: {args.audio} repeated to {args.seconds:.0f} s; {args.runs} runs")
    print(f"analysis time   median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"(target <= 1 s)")
    print(f"GUI thread gap  median {1000 * statistics.median(gaps):.0f} ms, max "
          f"{1000 * max(gaps):.0f} ms (target <= 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
