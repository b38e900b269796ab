"""Measuring this computer once, by itself, on the first run.

When the app starts with no stored recommendation and a model the person never chose, the
installed models are measured in a worker once the speech model has loaded (so the two do not
compete), and the recommendation is applied unless the person has chosen a model meanwhile. It
never blocks: the window works throughout, an answer started meanwhile stops it (it runs again
at the next start), and a failure is one line in the status bar. Only
``Services.measure_first_run`` (set by ``application.run()``) turns it on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from interviewer.gui.answer_flow import IDLE
from interviewer.gui.model_state import FAILED, READY, ModelState
from interviewer.gui.services import Services
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)


class FirstRunMeasure(QObject):
    """``message(text)``: what happened, for the status bar (GUI thread)."""

    message = Signal(str)

    def __init__(self, services: Services, tasks: TaskRunner, model: ModelState,
                 is_idle: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._s = services
        self._tasks = tasks
        self._model = model
        self._is_idle = is_idle
        self._recommender: Any = None
        self.handle: TaskHandle | None = None

    def _person_chose(self) -> bool:
        st = self._s.settings
        return bool(st.model_chosen or st.model_path)

    def wanted(self) -> bool:
        if not self._s.measure_first_run or self._s.make_recommender is None:
            return False
        if self._person_chose():
            return False
        try:
            self._recommender = self._s.make_recommender()
            return self._recommender.stored() is None
        except Exception:  # no measuring is better than a broken start
            log.exception("cannot set up measuring this computer")
            return False

    def start_when_ready(self) -> None:
        """Call once the window shows: measures after the model has loaded (or failed)."""
        if not self.wanted():
            return
        if self._model.state in (READY, FAILED):
            self._start()
        else:
            self._model.changed.connect(self._model_changed)

    def _model_changed(self, state: str, _message: str) -> None:
        if state in (READY, FAILED) and self.handle is None:
            self._model.changed.disconnect(self._model_changed)
            self._start()

    def stop_if_busy(self, flow_state: str) -> None:
        """Connected to the answer flows' ``state_changed``: answering wins over measuring."""
        if flow_state != IDLE and self.handle is not None and self.handle.running:
            self.handle.cancel()

    def _start(self) -> None:
        if not self._is_idle():  # the person is answering already: next start
            return
        recommender = self._recommender

        def work(ctx: TaskContext) -> Any:
            return recommender.measure(progress=ctx.progress, checkpoint=ctx.check)

        self.handle = self._tasks.start("measuring this computer", work)
        self.handle.finished.connect(self._finished)
        self.handle.error.connect(self._failed)
        self.handle.cancelled.connect(lambda: self.message.emit(
            "Measuring this computer stopped for your answer; it runs again at the next start."))

    def _finished(self, rec: Any) -> None:
        from interviewer.speech_setup import apply_recommendation

        if rec.model is None:
            self.message.emit(rec.reason)
            return
        if self._person_chose():
            self.message.emit(f"Measured this computer ({rec.model} recommended); your own "
                              "choice of model is kept.")
            return
        st = self._s.settings
        if not apply_recommendation(st, rec):
            self.message.emit(f"Measured this computer: {rec.model} suits it.")
            return
        try:
            self._s.save_settings()
        except OSError as exc:
            log.warning("settings not saved after measuring: %s", exc)
        if self._is_idle() and self._s.make_engine is not None:
            self._model.replace_engine(self._s.make_engine(st))
            self.message.emit(f"Measured this computer: now using {rec.model} (see Settings).")
        else:
            self.message.emit(f"Measured this computer: {rec.model} is used from the next "
                              "start (see Settings).")

    def _failed(self, message: str) -> None:
        self.message.emit(f"Measuring this computer did not finish: {message}")
