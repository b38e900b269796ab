"""Probe: where does a silent tail in the crash trial come from? (issue 10)

    python -m tests.bench.probe_crash_tail TRIALS HOGS TAG NOISE_S

Runs the crash trial's protocol (recording children killed after 0.5-3 s, three at a time,
while a unique noise plays into the virtual microphone) with HOGS busy-loop processes, logs
every block each child receives (time, size, peak, zero samples) and records the speaker's
monitor with an independent ``parec`` as an observer. One JSON line per take, then a summary:
takes with a silent tail, zero blocks, and silences the observer heard too.

Measured 2026-11-29 on the 2-core machine: 126 takes with the noise playing (0-8 hogs), no zero
block at all; with 14 hogs and a 40 s noise the trials ran to 45.8 s and exactly the takes
killed after 40 s (trials 18-20) had all-zero tails, and the observer heard the same silence
from 39.99 s: the noise had ended. The recorder loses nothing; the old test's noise was too
short for a loaded machine.
"""

from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

from interviewer.audio.wavfile import repair_wav
from tests.audio.signals import align, write_wav
from tests.audio.test_crash import _noise
from tests.fixtures.pulse import start_pulse_server

RATE = 16000


def zero_runs(x: np.ndarray, min_s: float = 0.02) -> list[tuple[float, float]]:
    """(start s, length s) of each run of exact zeros at least ``min_s`` long."""
    z = (x == 0.0).astype(np.int8)
    d = np.diff(np.concatenate([[0], z, [0]]))
    starts, ends = np.where(d == 1)[0], np.where(d == -1)[0]
    return [(round(s / RATE, 3), round((e - s) / RATE, 3))
            for s, e in zip(starts, ends, strict=True) if e - s >= min_s * RATE]


def _take(wav: Path, log: Path, noise: np.ndarray, t_kill: float,
          t_play: float) -> dict[str, object]:
    secs = repair_wav(wav)
    data, _ = sf.read(str(wav), dtype="float32")
    blocks = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
    tail = data[-int(0.3 * RATE):]
    try:
        r, _lag = align(tail, RATE, noise, RATE)
    except AssertionError:
        r = math.nan
    return {"kill_after_play_s": round(t_kill - t_play, 2), "secs": round(secs, 3),
            "blocks": len(blocks), "tail_zero_frac": round(float(np.mean(tail == 0)), 3),
            "zero_runs": zero_runs(data),
            "zero_blocks": sum(1 for b in blocks if b[3] == b[1]),
            "last_block_before_kill": round(t_kill - blocks[-1][0], 3) if blocks else None,
            "r_tail": None if math.isnan(r) else round(r, 4)}


def main(trials: int, hogs: int, tag: str, noise_s: float) -> None:
    root = Path(tempfile.mkdtemp(prefix="probe-"))
    srv = start_pulse_server(root / "pulse")
    os.environ["PULSE_SERVER"] = srv.server
    hog = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(hogs)]
    rnd = random.Random(int(time.time()))
    noise = _noise(noise_s, rnd.randrange(1 << 30))
    src = write_wav(root / "noise.wav", noise, RATE)
    observer = srv.start_capture(RATE)
    player = srv.play_into_mic(src)
    t_play = time.monotonic()
    out: list[dict[str, object]] = []
    try:
        i = 0
        while i < trials:
            batch = []
            for _ in range(min(3, trials - i)):
                wav, log = root / f"t{i:02d}.wav", root / f"t{i:02d}.log"
                child = subprocess.Popen(
                    [sys.executable, "-m", "tests.audio.record_child", str(wav), str(log)],
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                assert child.stdout is not None
                child.stdout.readline()
                batch.append((i, wav, log, child, time.monotonic() + rnd.uniform(0.5, 3.0)))
                i += 1
            for n, wav, log, child, kill_at in sorted(batch, key=lambda b: b[4]):
                while time.monotonic() < kill_at:
                    time.sleep(0.01)
                t_kill = time.monotonic()
                child.send_signal(signal.SIGKILL)
                child.wait(5)
                out.append({"trial": n, **_take(wav, log, noise, t_kill, t_play)})
                print(json.dumps(out[-1]), flush=True)
    finally:
        player.send_signal(signal.SIGTERM)
        player.wait(5)
        heard = observer.stop()
        for h in hog:
            h.kill()
        srv.stop()
    end = len(heard) / RATE
    print(json.dumps({
        "tag": tag, "hogs": hogs, "noise_s": noise_s, "observer_s": round(end, 2),
        "observer_silences": [z for z in zero_runs(heard) if 0.5 < z[0] < end - 1.5],
        "takes_with_silent_tail": sum(1 for x in out if float(x["tail_zero_frac"]) > 0.5),
        "zero_blocks": sum(int(x["zero_blocks"]) for x in out),
        "last_kill_after_play_s": max(float(x["kill_after_play_s"]) for x in out)}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
