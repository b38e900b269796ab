"""The main window: practise, mock interview and history tabs; model status in the status bar."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from interviewer.gui.answer_flow import IDLE, Answer, AnswerFlow
from interviewer.gui.first_measure import FirstRunMeasure
from interviewer.gui.model_state import LOADING, READY, ModelState
from interviewer.gui.recovery import Retrier
from interviewer.gui.services import SPEAKER, Services
from interviewer.gui.views.feedback_view import FeedbackView
from interviewer.gui.views.history_view import HistoryView
from interviewer.gui.views.mock_view import MockView
from interviewer.gui.views.practice_view import PracticeView
from interviewer.gui.workers import TaskRunner

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Built from one :class:`Services`; owns the task runner and the answer flows."""

    answer_saved = Signal(object)  # Answer, after the feedback is shown

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self._last_answer: Answer | None = None
        self.setWindowTitle("Interviewer: practise spoken interview answers")
        self.tasks = TaskRunner(self)
        self.model = ModelState(services, self.tasks, self)
        self.flow = AnswerFlow(services, self.tasks, self)
        self.mock_flow = AnswerFlow(services, self.tasks, self)

        self.practice = PracticeView(services, self.flow)
        self.feedback = FeedbackView(services.player, services.problem(SPEAKER) or "")
        self.practice_stack = QStackedWidget()
        self.practice_stack.addWidget(self.practice)
        self.practice_stack.addWidget(self.feedback)
        self.mock = MockView(services, self.mock_flow, self.tasks)
        self.history = HistoryView(services, self.tasks)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.practice_stack, "&Practise")
        self.tabs.addTab(self.mock, "&Mock interview")
        self.tabs.addTab(self.history, "&History and progress")
        self.setCentralWidget(self.tabs)

        self.model_label = QLabel("")
        self.model_label.setAccessibleName("Speech model status")
        self.model_progress = QProgressBar()
        self.model_progress.setRange(0, 0)
        self.model_progress.setMaximumWidth(self.fontMetrics().horizontalAdvance("M" * 10))
        self.model_progress.setVisible(False)
        self.statusBar().addPermanentWidget(self.model_progress)
        self.statusBar().addPermanentWidget(self.model_label)
        self._build_menu()
        self._build_shortcuts()

        self.flow.answered.connect(self._answered)
        self.flow.followed_up.connect(self._followed_up)
        self.feedback.follow_up_requested.connect(self._answer_follow_up)
        self.flow.failed.connect(lambda m: self.statusBar().showMessage(m, 10_000))
        self.feedback.try_again.connect(self._try_again)
        self.feedback.next_question.connect(self._next_question)
        self.model.changed.connect(self._model_changed)
        self.model.progress.connect(self._model_progress)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._model_changed(self.model.state, self.model.message)
        self.resize(self.fontMetrics().averageCharWidth() * 150,
                    self.fontMetrics().height() * 42)
        self.retrier = Retrier(services, self.tasks, self)
        self.first_measure = FirstRunMeasure(
            services, self.tasks, self.model,
            lambda: self.flow.state == IDLE and self.mock_flow.state == IDLE, self)
        self.first_measure.message.connect(lambda m: self.statusBar().showMessage(m, 15_000))
        for flow in (self.flow, self.mock_flow):
            flow.state_changed.connect(self.first_measure.stop_if_busy)
        self.retrier.finished.connect(self._retried)
        notes = [*services.bank_problems, *services.notices]
        if notes:
            self.statusBar().showMessage(" ".join(notes), 20_000)

    # ------------------------------------------------------------------ set-up
    def _build_menu(self) -> None:
        app_menu = self.menuBar().addMenu("&App")
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.settings_action.triggered.connect(self.open_settings)
        self.check_action = QAction("&Check this computer…", self)
        self.check_action.triggered.connect(lambda: self.open_first_run(force=True))
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for a in (self.settings_action, self.check_action, quit_action):
            app_menu.addAction(a)

    def _build_shortcuts(self) -> None:
        def on(key: str, fn: Any, widget: QWidget) -> QShortcut:
            sc = QShortcut(QKeySequence(key), widget)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)
            return sc

        self.shortcuts = [
            on("Space", self.practice.space, self.practice),
            on("Escape", self.flow.cancel, self.practice),
            on("N", self.practice.next_question, self.practice),
            on("R", self.feedback.replay.toggle, self.feedback),
            on("N", self._next_question, self.feedback),
            on("Escape", self._back_to_practice, self.feedback),
            on("Space", self.mock.space, self.mock),
            on("Escape", self.mock.cancel, self.mock),
        ]

    def after_shown(self) -> None:
        """Called once the window is visible: warm up the model, run the first-run check (and
        measure this computer on the first run, after the model has loaded)."""
        self.model.load()
        self.first_measure.start_when_ready()
        if not self.s.settings.first_run_done:
            self.open_first_run(force=False)

    # ------------------------------------------------------------------ model
    def _model_changed(self, state: str, message: str) -> None:
        self.model_label.setText(message or "Speech model not loaded yet.")
        self.model_progress.setVisible(state == LOADING)
        if state == LOADING:
            self.model_progress.setRange(0, 0)  # busy until the first progress report
        self.practice.refresh()
        self.mock.refresh()
        if state == READY:
            self.statusBar().showMessage(message, 5000)
            self.retrier.start()

    def _retried(self, count: int) -> None:
        if count:
            self.statusBar().showMessage(
                f"{count} recovered answer(s) were transcribed and scored; see History.", 10_000)
            self.history.mark_stale()

    def _model_progress(self, fraction: float, message: str) -> None:
        self.model_progress.setRange(0, 100)
        self.model_progress.setValue(round(fraction * 100))
        if message:
            self.model_label.setText(message)

    # ------------------------------------------------------------------ practise flow
    def _answered(self, answer: Answer) -> None:
        self._last_answer = answer
        when = " ".join(t for t in ("Saved to your history." if answer.record else "",
                                    answer.note) if t)
        self.feedback.show_answer(answer.question, answer.score, answer.transcript,
                                  answer.audio_path, when,
                                  can_answer_follow_up=answer.record is not None)
        self.practice_stack.setCurrentWidget(self.feedback)
        self.feedback.next_button.setFocus()
        self.history.mark_stale()
        self.answer_saved.emit(answer)

    def _answer_follow_up(self) -> None:
        """Practice: the person chose to answer the follow-up the feedback offers."""
        answer = self._last_answer
        follow_up = getattr(answer.score, "follow_up", None) if answer is not None else None
        if answer is None or follow_up is None or self.flow.state != "idle":
            return
        self.feedback.stop()
        self.practice_stack.setCurrentWidget(self.practice)
        self.practice.show_follow_up(follow_up.question)
        self.flow.begin_follow_up(answer, follow_up)

    def _followed_up(self, reply: Any) -> None:
        """Back to the feedback, now with the reply and what it added."""
        self.practice.show_follow_up(None)
        answer = reply.answer
        follow = None
        try:
            record = self.s.store.load_attempt(answer.attempt_id)
            follow = record.follow_up
        except Exception:
            log.exception("could not reload the attempt after its follow-up")
        self.feedback.show_answer(answer.question, answer.score, answer.transcript,
                                  answer.audio_path, reply.message, follow_up=follow)
        self.practice_stack.setCurrentWidget(self.feedback)
        self.history.mark_stale()

    def _back_to_practice(self) -> None:
        self.feedback.stop()
        self.practice_stack.setCurrentWidget(self.practice)
        self.practice.start_button.setFocus()

    def _try_again(self) -> None:
        self._back_to_practice()

    def _next_question(self) -> None:
        self._back_to_practice()
        self.practice.picker.pick_next()

    def _tab_changed(self, index: int) -> None:
        self.feedback.stop()
        if self.tabs.widget(index) is self.history:
            self.history.refresh_if_stale()

    # ------------------------------------------------------------------ dialogs
    def open_settings(self) -> None:
        from interviewer.gui.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.s, self.tasks, self.model, self)
        if dialog.exec():
            self.practice.refresh()
            self.mock.refresh()

    def open_first_run(self, *, force: bool) -> None:
        from interviewer.gui.views.first_run_dialog import FirstRunDialog

        if self.s.run_checks is None and not force:
            return
        dialog = FirstRunDialog(self.s, self.tasks, self)
        dialog.setModal(False)
        self.first_run = dialog
        dialog.finished.connect(self._first_run_closed)
        dialog.show()

    def _first_run_closed(self, _result: int) -> None:
        if not self.s.settings.first_run_done:
            self.s.settings.first_run_done = True
            try:
                self.s.save_settings()
            except OSError as exc:
                QMessageBox.warning(self, "Interviewer", f"Settings could not be saved ({exc}).")

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        """Stop audio and wait for workers; close the store. Safe to call twice."""
        for flow in (self.flow, self.mock_flow):
            flow.cancel()
        self.feedback.stop()
        self.history.stop()
        if self.s.player is not None:
            try:
                self.s.player.stop()
            except Exception:
                log.exception("stopping the player")
        self.tasks.shutdown()
        if self.s.store is not None:
            try:
                self.s.store.close()
            except Exception:
                log.exception("closing the store")
            self.s.store = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
