"""Child process for the kill -9 test: saves attempts in a loop, like the app does.

Usage: ``python -m tests.storage.crash_child DATA_DIR SEED``. Prints one line per step
(flushed) so the parent can kill it at varied points: after the store opened, after the folder
was created, after each audio chunk, after the attempt was completed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from interviewer.audio.wavfile import WavWriter
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import RATE, fake_score, make_question, timed_transcript


def main(data_dir: str, seed: int) -> None:
    store = AttemptStore.open(Path(data_dir))
    print("open", flush=True)
    n = 0
    while True:
        n += 1
        question = make_question(f"q0{n % 3 + 1}")
        draft = store.begin_attempt(question, None, {"seed": seed})
        print("begun", draft.attempt_id, flush=True)
        chunks = 3 + (seed + n) % 4
        writer = WavWriter(draft.audio_path, RATE)  # the recorder's crash-safe writer
        for c in range(chunks):
            writer.write(np.full(RATE // 10, (c * 97 + n) % 3000, dtype=np.int16))
            print("chunk", flush=True)
        writer.close()
        transcript = timed_transcript(f"attempt {n} about dropout and validation gap")
        store.complete_attempt(draft.attempt_id, transcript,
                               fake_score(transcript, question), model="fake",
                               device="cpu", duration_s=chunks / 10, scorer_version="s1")
        print("complete", draft.attempt_id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
