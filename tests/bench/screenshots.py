"""Screenshots of every view, from a real run under Xvfb (not collected by pytest).

    .venv/bin/python -m tests.bench.screenshots [--out screenshots]

Starts Xvfb (QT_QPA_PLATFORM=xcb) and a private PulseAudio server, prepares tiny.en from the
offline pack, then walks the practise flow with real parts: a spoken STAR answer (espeak-ng)
is played into the virtual microphone while the app records, transcribed, scored and shown;
then a technical answer (feedback with the voice panel), the mock interview with a follow-up
answered and one skipped, its coach's report, the history with its charts, a comparison and a
coach's report, the settings dialog and the first-run check. PNGs go to ``screenshots/``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAR = ("At my previous job I worked on an image classifier for a retail company. My task was "
        "to improve its accuracy on new products. I collected more labelled images, added data "
        "augmentation and fine tuned a pretrained ResNet. As a result, the accuracy improved "
        "from seventy to eighty five percent, and I learned to check the data first.")
TECH = ("To prevent overfitting, I add dropout layers that randomly switch off neurons during "
        "training. I also use early stopping when the validation loss stops improving, and "
        "data augmentation such as random flips and crops.")


def start_xvfb() -> subprocess.Popen[bytes]:
    exe = shutil.which("Xvfb")
    if exe is None:
        raise SystemExit("Xvfb is not installed (apt-get install xvfb).")
    display = f":{90 + os.getpid() % 50}"
    proc = subprocess.Popen([exe, display, "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    deadline = time.monotonic() + 10
    sock = Path(f"/tmp/.X11-unix/X{display[1:]}")
    while not sock.exists():
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit("Xvfb did not start")
        time.sleep(0.05)
    return proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="screenshots")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    root = Path(tempfile.mkdtemp(prefix="itv-shots-"))
    for var, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "home/.config"),
                     ("XDG_DATA_HOME", "home/.local/share"), ("XDG_CACHE_HOME", "home/.cache")):
        os.environ[var] = str(root / sub)
        (root / sub).mkdir(parents=True, exist_ok=True)
    xvfb = start_xvfb()
    from tests.fixtures.pulse import start_pulse_server

    pulse = start_pulse_server(root / "pulse")
    os.environ["PULSE_SERVER"] = pulse.server
    try:
        return walk(out, root, pulse)
    finally:
        pulse.stop()
        xvfb.terminate()
        xvfb.wait(10)
        shutil.rmtree(root, ignore_errors=True)


def walk(out: Path, root: Path, pulse: Any) -> int:
    import soundfile as sf
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from interviewer.gui.answer_flow import RECORDING
    from interviewer.gui.application import build_services
    from interviewer.gui.main_window import MainWindow
    from interviewer.paths import AppPaths
    from interviewer.settings import Settings
    from interviewer.speech.catalogue import Catalogue
    from tests.fixtures.speech_samples import synth_speech

    app = QApplication(sys.argv[:1])
    paths = AppPaths.under(root / "app")
    paths.ensure()
    Catalogue(paths.models_dir).prepare("tiny.en")
    settings = Settings(think_time_s=5, read_aloud=True, first_run_done=False, device="cpu")
    services = build_services(paths, settings)
    window = MainWindow(services)
    window.resize(1280, 860)
    window.show()

    def pump(ms: int = 100) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(pred: Callable[[], bool], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not pred():
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not get there in time")
            pump(50)

    def shot(name: str, widget: QWidget | None = None) -> None:
        pump(150)
        path = out / f"{name}.png"
        (widget or window).grab().save(str(path))
        print(f"saved {path}")

    window.after_shown()
    wait(lambda: window.first_run.checks != [])
    shot("01-first-run-check", window.first_run)
    window.first_run.accept()
    wait(lambda: window.model.ready)
    practice = window.practice

    def answer(qid: str, text: str, prefix: str) -> None:
        wav = synth_speech(text, root / f"{qid}.wav")
        practice.picker.select(qid)
        shot(f"{prefix}a-practice-idle")
        practice.start()
        wait(lambda: window.flow.state in ("thinking", RECORDING))
        if window.flow.state == "thinking":
            shot(f"{prefix}b-thinking")
            window.flow.skip()
        wait(lambda: window.flow.state == RECORDING)
        seconds = len(sf.read(str(wav))[0]) / sf.info(str(wav)).samplerate
        proc = pulse.play_into_mic(wav)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            pump(100)
            done = (out / f"{prefix}c-recording.png").exists()
            if services.recorder.elapsed_s > max(4.0, seconds - 3) and not done:
                shot(f"{prefix}c-recording")
        pump(800)
        window.flow.stop()
        wait(lambda: window.practice_stack.currentWidget() is window.feedback)
        shot(f"{prefix}d-feedback-top")
        bar = window.feedback.scroll_area.verticalScrollBar()
        window.feedback.scroll_area.ensureWidgetVisible(window.feedback.voice)
        shot(f"{prefix}e-feedback-voice")
        bar.setValue(bar.maximum())
        shot(f"{prefix}e-feedback-bottom")
        window.feedback.replay.play_from(0.0)
        pump(2500)
        shot(f"{prefix}f-feedback-replaying")
        window.feedback.stop()
        window.feedback.try_again.emit()

    answer("q18", STAR, "02")
    answer("q05", TECH, "03")
    answer("q05", TECH.replace("random flips", "flips"), "04")
    window.tabs.setCurrentWidget(window.mock)
    shot("05a-mock-setup")
    mock = window.mock
    mock.start([services.question("q01"), services.question("q04")])
    for i, text in enumerate(("Deep learning is a subset of machine learning that uses neural "
                              "networks with many layers.",
                              "Activation functions introduce non-linearity into the network.")):
        wav = synth_speech(text, root / f"mock{i}.wav")
        wait(lambda: window.mock_flow.state in ("thinking", RECORDING))
        if i == 0:
            shot("05b-mock-question")
        window.mock_flow.skip()
        wait(lambda: window.mock_flow.state == RECORDING)
        proc = pulse.play_into_mic(wav)
        wait(lambda p=proc: p.poll() is not None)
        if i == 0:
            shot("05c-mock-recording")
        pump(800)
        window.mock_flow.stop()
        # the interviewer's follow-up: read aloud, then the reply is recorded (or skipped)
        wait(lambda: window.mock_flow.asking_follow_up
             or mock.current_page() == "report", timeout=180)
        if not window.mock_flow.asking_follow_up:
            continue
        wait(lambda: window.mock_flow.state == RECORDING, timeout=120)
        if i == 0:
            reply = synth_speech("For example, in image classification I use a deep "
                                 "convolutional network instead of hand made features.",
                                 root / "reply.wav")
            proc = pulse.play_into_mic(reply)
            pump(1500)
            shot("05d-mock-follow-up")
            wait(lambda p=proc: p.poll() is not None)
            pump(800)
            window.mock_flow.stop()
            wait(lambda: not window.mock_flow.asking_follow_up, timeout=180)
        else:
            mock.cancel()  # Esc skips the follow-up
    wait(lambda: mock.current_page() == "report", timeout=180)
    shot("05e-mock-report-coach")
    mock.report.tabs.setCurrentIndex(1)
    shot("05f-mock-report-answer")
    area = mock.report.feedbacks[0].scroll_area
    area.ensureWidgetVisible(mock.report.feedbacks[0].follow_up)
    shot("05g-mock-report-follow-up")
    window.tabs.setCurrentWidget(window.history)
    pump(300)
    shot("06-history-progress")
    history = window.history
    history.chart.measure_box.setCurrentIndex(history.chart.measure_box.findData("delivery"))
    pump(200)
    shot("06b-history-progress-delivery")
    history.chart.measure_box.setCurrentIndex(0)
    window.history.question_box.setCurrentIndex(window.history.question_box.findData("q05"))
    pump(200)
    ids = [item.data(0, Qt.ItemDataRole.UserRole) for item in window.history.items()]
    window.history.select(ids[0])
    shot("07-history-attempt")
    for item in window.history.items()[:2]:
        item.setCheckState(0, Qt.CheckState.Checked)
    window.history.compare_ticked()
    shot("08-history-compare")
    window.history.show_coach()
    shot("08b-history-coach")
    from interviewer.gui.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services, window.tasks, window.model, window)
    dialog.show()
    for i, name in enumerate(("sound", "timing", "model", "data")):
        dialog.tabs.setCurrentIndex(i)
        shot(f"09-settings-{name}", dialog)
    dialog.reject()
    window.shutdown()
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
