"""``interviewer gui`` as a person starts it: a real process, offscreen, closing by itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gui_opens_and_closes_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state")}
    proc = subprocess.run(
        [sys.executable, "-m", "interviewer", "--data-dir", str(tmp_path / "attempts"),
         "gui", "--smoke-exit-after", "1500"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    logs = list(tmp_path.rglob("interviewer.log"))
    assert logs, "the app writes its log under the user log dir"
    text = logs[0].read_text(encoding="utf-8")
    assert " ERROR " not in text and " CRITICAL " not in text, text[-2000:]
    assert (tmp_path / "attempts").is_dir()  # the data dir from --data-dir was used
