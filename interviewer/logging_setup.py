"""Logging: a rotating file in the user log dir, and warnings on stderr."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "interviewer.log"
# Libraries that log floods at DEBUG (numba alone wrote 500 KB per start).
NOISY_LOGGERS = ("numba", "urllib3", "PIL", "matplotlib", "asyncio")


def quiet_noisy_loggers() -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def setup_logging(log_dir: Path, *, verbose: bool = False) -> Path | None:
    """Attach a rotating file handler under ``log_dir``; return the file (None if unwritable)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    quiet_noisy_loggers()
    for handler in list(root.handlers):
        if getattr(handler, "_interviewer", False):
            root.removeHandler(handler)
    if verbose:  # otherwise the person sees our one-sentence messages, never log records
        console = logging.StreamHandler()
        console.setLevel(logging.DEBUG)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console._interviewer = True  # type: ignore[attr-defined]
        root.addHandler(console)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / LOG_FILE
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    file_handler.setLevel(logging.DEBUG)
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    file_handler._interviewer = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    return path
