"""Last-resort error handling for the window: a global exception hook that logs the traceback
and shows one dialog (never a cascade), and Qt's own messages routed to ``logging``."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from interviewer.core.errors import InterviewerError

log = logging.getLogger("interviewer.gui")
qt_log = logging.getLogger("qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(mode: QtMsgType, context: object, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


class ErrorReporter(QObject):
    """Shows at most one error dialog at a time; later errors while it is open are only logged.

    ``report`` may be called from any thread: the dialog is shown in the GUI thread.
    """

    _show = Signal(str)

    def __init__(self, log_dir: Path, *, show_dialogs: bool = True) -> None:
        super().__init__()
        self.log_dir = log_dir
        self.show_dialogs = show_dialogs
        self.dialog_open = False
        self.shown: list[str] = []
        self._show.connect(self._show_dialog)

    def message_for(self, exc: BaseException) -> str:
        if isinstance(exc, InterviewerError):
            return str(exc)
        return (f"Something went wrong ({type(exc).__name__}). Your recordings are safe; "
                f"the details are in the log in {self.log_dir}.")

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("unhandled exception", exc_info=(kind, exc, tb))
        self._show.emit(self.message_for(exc))

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        log.error("unhandled exception in thread %s",
                  getattr(args.thread, "name", "?"),
                  exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self._show.emit(self.message_for(args.exc_value))

    @Slot(str)
    def _show_dialog(self, message: str) -> None:
        if self.dialog_open:
            return
        self.shown.append(message)
        if not self.show_dialogs or QApplication.instance() is None:
            return
        self.dialog_open = True
        try:
            box = QMessageBox(QMessageBox.Icon.Warning, "Interviewer", message,
                              QMessageBox.StandardButton.Ok, QApplication.activeWindow())
            box.setObjectName("error-dialog")
            box.exec()
        finally:
            self.dialog_open = False


_reporter: ErrorReporter | None = None


def install_error_handling(log_dir: Path, *, show_dialogs: bool = True) -> ErrorReporter:
    """Install the hooks once per process; returns the reporter (tests inspect ``shown``)."""
    global _reporter  # noqa: PLW0603 - one hook per process, like sys.excepthook itself
    if _reporter is None:
        _reporter = ErrorReporter(log_dir, show_dialogs=show_dialogs)
        sys.excepthook = _reporter.excepthook
        threading.excepthook = _reporter.thread_excepthook
        qInstallMessageHandler(qt_message_handler)
    _reporter.log_dir = log_dir
    _reporter.show_dialogs = show_dialogs
    return _reporter
