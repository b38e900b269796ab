"""Kill -9 during saves at varied points, then reopen and recover: the index passes its
integrity check, agrees with the folders, and every recording is a complete or recovered
attempt (none half-present)."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from interviewer.audio.wavfile import repair_wav
from interviewer.storage.database import integrity_ok
from interviewer.storage.recovery import recover
from interviewer.storage.store import AttemptStore

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 24


def run_child_and_kill(data: Path, seed: int, rng: random.Random) -> int:
    """Start a saving child, let it pass a random number of steps, then SIGKILL it at a
    random moment shortly after. Returns how many step lines it printed."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.storage.crash_child", str(data),
                             str(seed)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    steps = rng.randint(1, 25)
    seen = 0
    try:
        for line in proc.stdout:
            seen += 1
            if line.startswith("open") and steps == 1:
                break
            if seen >= steps:
                break
        # the kill lands a random few milliseconds after that step
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=rng.uniform(0.0, 0.02))
        assert proc.poll() is None, "the child died on its own"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    return seen


def check_consistent(data: Path) -> dict[str, str]:
    with AttemptStore.open(data) as store:
        assert store.problems == []
        report = recover(store, repair_wav)
        assert report.failed == []
        assert integrity_ok(store.conn, full=True)
        attempts = data / "attempts"
        assert [p.name for p in attempts.iterdir() if p.name.startswith(".")] == []
        statuses: dict[str, str] = {}
        for folder in attempts.iterdir():
            assert sorted(p.name for p in folder.iterdir()) == ["answer.wav", "attempt.json"]
            side = json.loads((folder / "attempt.json").read_text())
            assert side["status"] in ("complete", "recovered"), side["status"]
            with wave.open(str(folder / "answer.wav")) as w:  # a playable WAV
                frames = w.getnframes()
            assert frames > 0
            if side["status"] == "complete":
                assert side["score"] and side["transcript"]
                assert frames == round(side["duration_s"] * 16000)
            else:
                assert side["status_detail"] == "not transcribed"
                assert side["duration_s"] == pytest.approx(frames / 16000)
            statuses[folder.name] = side["status"]
        indexed = {s.attempt_id: s.status for s in store.queries.history()}
        assert indexed == statuses
    return statuses


@pytest.mark.slow
def test_kill_during_saves(tmp_path: Path) -> None:
    rng = random.Random(int.from_bytes(os.urandom(4), "little"))
    data = tmp_path / "data"
    kept: dict[str, str] = {}
    recovered_any = False
    for trial in range(TRIALS):
        run_child_and_kill(data, trial, rng)
        statuses = check_consistent(data)
        # nothing that was complete or recovered before disappears
        for attempt_id, status in kept.items():
            assert attempt_id in statuses
            if status == "complete":
                assert statuses[attempt_id] == "complete"
        recovered_any = recovered_any or "recovered" in statuses.values()
        kept = statuses
    assert kept, "no attempt survived 24 trials: the child never got far enough"
    assert recovered_any, "no kill landed mid-recording: the test did not exercise recovery"
