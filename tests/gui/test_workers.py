"""Workers run off the GUI thread and report in it; errors become one sentence."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread

from interviewer.core.errors import InputError
from interviewer.gui.workers import TaskContext, TaskRunner, running_threads


def test_result_and_progress_arrive_in_the_gui_thread(qtbot: Any) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, bool]] = []
    gui = QThread.currentThread()

    def work(ctx: TaskContext) -> str:
        ctx.progress(0.5, "half")
        return threading.current_thread().name

    handle = runner.start("demo", work)
    handle.progress.connect(lambda f, m: seen.append((m, QThread.currentThread() is gui)))
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    assert seen == [("half", True)]
    assert not running_threads()


def test_errors_are_one_plain_sentence_and_logged(qtbot: Any, caplog: Any) -> None:
    runner = TaskRunner()

    def broken(ctx: TaskContext) -> None:
        raise ZeroDivisionError("boom")

    def bad_input(ctx: TaskContext) -> None:
        raise InputError("The file is empty; record again.")

    h1 = runner.start("scoring", broken)
    with qtbot.waitSignal(h1.error, timeout=5000) as blocker:
        pass
    assert blocker.args[0].startswith("Scoring failed unexpectedly (ZeroDivisionError)")
    assert "Traceback" in caplog.text and "boom" in caplog.text
    h2 = runner.start("reading", bad_input)
    with qtbot.waitSignal(h2.error, timeout=5000) as blocker:
        pass
    assert blocker.args == ["The file is empty; record again."]
    qtbot.waitUntil(lambda: not running_threads(), timeout=5000)


def test_shutdown_cancels_and_joins_without_terminate(qtbot: Any) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def long(ctx: TaskContext) -> None:
        started.set()
        while True:
            ctx.check()
            threading.Event().wait(0.01)

    runner.start("long", long)
    assert started.wait(5)
    assert runner.shutdown(5000)
    assert not running_threads()
