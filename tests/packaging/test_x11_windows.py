"""The smoke test's window helper, against a real X server (Xvfb) and a real Qt window: it finds
the window by title and closes it the way a window manager's close button does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HELPER = Path(__file__).resolve().parents[2] / "packaging" / "x11_windows.py"
WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
w = QWidget(); w.setWindowTitle("Smoke: helper test"); w.show()
sys.exit(app.exec())
"""


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:  # installed by scripts/setup.sh test
        pytest.fail("Xvfb is not installed (Debian: apt install xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "640x480x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    assert number, "Xvfb did not report a display"
    yield f":{number}"
    proc.terminate()
    proc.wait(timeout=10)


def _helper(display: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(HELPER), *args], capture_output=True, text=True,
                          env={**os.environ, "DISPLAY": display}, timeout=60, check=False)


def test_wait_then_close_a_qt_window(display: str) -> None:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen([sys.executable, "-c", WINDOW], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        found = _helper(display, "wait", "Smoke:", "60")
        assert found.returncode == 0, found.stderr
        assert found.stdout.strip() == "Smoke: helper test"
        assert _helper(display, "wait", "Smoke:", "0.5", "--not", "helper").returncode == 1
        assert _helper(display, "close", "Smoke:").returncode == 0
        assert app.wait(timeout=30) == 0  # closed as by the window manager: a clean exit
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert _helper(display, "close", "Smoke:").returncode == 1  # nothing left to close


def test_no_display_is_reported() -> None:
    proc = subprocess.run([sys.executable, str(HELPER), "list"], capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "DISPLAY"},
                          timeout=30, check=False)
    assert proc.returncode == 2
    assert "cannot open the X display" in proc.stderr
