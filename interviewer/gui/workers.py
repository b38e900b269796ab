"""Background work: a QObject moved to a QThread per task, re-emitted in the GUI thread.

Use :meth:`TaskRunner.start` with a plain function ``fn(ctx) -> result``; it returns a
:class:`TaskHandle` (a GUI-thread QObject) whose ``progress(fraction, message)``,
``finished(result)`` and ``error(message)`` signals arrive in the GUI thread. ``fn`` runs in
the worker thread and must not touch widgets or the store (see the package docstring).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from interviewer.core.errors import InterviewerError

log = logging.getLogger(__name__)

_STARTED: list[QThread] = []  # every task thread not yet joined (tests check it ends empty)


def running_threads() -> list[str]:
    """Names of task threads that are still running (tests fail when any is left)."""
    _STARTED[:] = [t for t in _STARTED if t.isRunning()]
    return [t.objectName() for t in _STARTED]


class TaskCancelled(Exception):
    """Raised inside a task function when it noticed it was asked to stop."""


class TaskContext:
    """What a task function gets: a progress reporter and a cancellation flag."""

    def __init__(self, report: Callable[[float, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    def progress(self, fraction: float, message: str = "") -> None:
        self._report(max(0.0, min(1.0, float(fraction))), message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled

    def cancel(self) -> None:
        self._cancel.set()


def plain_message(exc: BaseException, what: str) -> str:
    """One sentence for the person: the app's own errors say it already."""
    if isinstance(exc, InterviewerError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return f"{what} ran out of memory; close other programs or pick a smaller model."
    return (f"{what} failed unexpectedly ({type(exc).__name__}); "
            "the details are in the log file.")


class _Worker(QObject):
    """Lives in the worker thread; runs the function once, then stops its thread."""

    progress = Signal(float, str)
    finished = Signal(object)
    error = Signal(str)
    cancelled = Signal()

    def __init__(self, fn: Callable[[TaskContext], Any], name: str) -> None:
        super().__init__()
        self._fn = fn
        self._name = name
        self.ctx = TaskContext(self.progress.emit)

    @Slot()
    def run(self) -> None:
        threading.current_thread().name = f"task-{self._name}"  # for the log
        try:
            result = self._fn(self.ctx)
        except TaskCancelled:
            log.info("task %s cancelled", self._name)
            self.cancelled.emit()
        except InterviewerError as exc:
            log.info("task %s: %s", self._name, exc, exc_info=True)
            self.error.emit(str(exc))
        except Exception as exc:  # the worker boundary: log the traceback, emit one sentence
            log.exception("task %s failed", self._name)
            self.error.emit(plain_message(exc, self._name.capitalize()))
        else:
            self.finished.emit(result)
        finally:
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()


class TaskHandle(QObject):
    """GUI-thread face of one task; its signals are emitted in the GUI thread.

    ``finished(result)``, ``error(message)`` or ``cancelled()`` comes first, then ``done()``
    once the worker thread has stopped (wait on ``done`` to know no thread is left).
    """

    progress = Signal(float, str)
    finished = Signal(object)
    error = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.running = True
        self.outcome = ""  # finished | error | cancelled
        self._worker: _Worker | None = None
        self._thread: QThread | None = None

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.ctx.cancel()

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.emit(fraction, message)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self.outcome = "finished"
        self.finished.emit(result)

    @Slot(str)
    def _on_error(self, message: str) -> None:
        self.outcome = "error"
        self.error.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.outcome = "cancelled"
        self.cancelled.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        self.running = False
        if thread is not None:
            thread.wait()
            if thread in _STARTED:
                _STARTED.remove(thread)
            thread.deleteLater()
        if worker is not None:
            worker.deleteLater()
        self.done.emit()

    def wait(self, timeout_ms: int) -> bool:
        """Block until the thread stopped (used on shutdown only)."""
        if self._thread is None:
            return True
        return bool(self._thread.wait(timeout_ms))


class TaskRunner(QObject):
    """Starts tasks on their own threads and keeps them alive until they end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handles: list[TaskHandle] = []

    def start(self, name: str, fn: Callable[[TaskContext], Any]) -> TaskHandle:
        handle = TaskHandle(name, self)
        thread = QThread()
        thread.setObjectName(f"task-{name}")
        worker = _Worker(fn, name)
        worker.moveToThread(thread)
        worker.progress.connect(handle._on_progress)
        worker.finished.connect(handle._on_finished)
        worker.error.connect(handle._on_error)
        worker.cancelled.connect(handle._on_cancelled)
        thread.started.connect(worker.run)
        thread.finished.connect(handle._on_thread_finished)
        handle._worker = worker
        handle._thread = thread
        self._handles.append(handle)
        handle.done.connect(self._forget)
        _STARTED.append(thread)
        thread.start()
        return handle

    @Slot()
    def _forget(self) -> None:
        self._handles = [h for h in self._handles if h.running]

    @property
    def active(self) -> list[TaskHandle]:
        return [h for h in self._handles if h.running]

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Ask every task to stop and wait for its thread; never terminates one."""
        ok = True
        for handle in list(self._handles):
            handle.cancel()
        for handle in list(self._handles):
            if not handle.wait(timeout_ms):
                log.warning("task %s still running after %d ms", handle.name, timeout_ms)
                ok = False
        return ok
