"""The window is painted before torch or whisper is imported (a fresh process, real services)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_window_paints_before_torch_is_imported(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "tests.bench.bench_gui", "--child",
                          str(tmp_path / "app")], capture_output=True, text=True, timeout=120,
                         check=True, env=env, cwd=Path(__file__).resolve().parents[2])
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("{")][-1]
    painted = json.loads(line)
    assert painted["torch_loaded"] is False and painted["whisper_loaded"] is False
