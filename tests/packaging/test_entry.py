"""The frozen entry point, run here with Python: the CLI, and ``-m`` for the app's own modules
(how a part of the app can start a helper process with ``sys.executable`` when frozen)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from interviewer import __version__

ENTRY = Path(__file__).resolve().parents[2] / "packaging" / "pyinstaller" / "entry.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ENTRY), *args], capture_output=True, text=True,
                          timeout=60, check=False)


def test_cli() -> None:
    proc = _run("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"interviewer {__version__}"


def test_dash_m_runs_an_app_module() -> None:
    proc = _run("-m", "interviewer", "--version")  # interviewer/__main__.py
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"interviewer {__version__}"


def test_dash_m_refuses_other_modules() -> None:
    proc = _run("-m", "http.server")
    assert proc.returncode == 2
    assert "cannot run module 'http.server'" in proc.stderr
