"""Mock interview: N questions back to back with no feedback between, each followed by the
interviewer's follow-up question when the answer leaves something to probe, then the coach's
report."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.questions import Question
from interviewer.gui.answer_flow import (
    FINISHING,
    IDLE,
    READING,
    RECORDING,
    THINKING,
    Answer,
    AnswerFlow,
)
from interviewer.gui.follow_up_take import (
    FOLLOW_UP_LIMIT_S,
    FOLLOW_UP_TARGET_S,
    FollowUpReply,
)
from interviewer.gui.services import Services
from interviewer.gui.views.practice_view import scaled_font
from interviewer.gui.views.session_report import SessionReport
from interviewer.gui.widgets.recording_bars import RecordingBars
from interviewer.gui.workers import TaskRunner


class MockView(QWidget):
    """``finished(list[Answer])`` fires when the report is shown."""

    finished = Signal(object)

    def __init__(self, services: Services, flow: AnswerFlow, tasks: TaskRunner,
                 parent: QWidget | None = None, rng: random.Random | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.flow = flow
        self._rng = rng or random.Random()
        self.plan: list[Question] = []
        self.answers: list[Answer] = []
        self.replies: dict[str, FollowUpReply] = {}  # attempt id -> what became of its follow-up
        self._ending = False
        self.session_id: str | None = None
        self.pages = QStackedWidget()

        # set-up page
        setup = QWidget()
        col = QVBoxLayout(setup)
        intro = QLabel("Answer several questions in a row, as in a real interview. After an "
                       "answer the interviewer may ask one follow-up question (Esc skips it). "
                       "You get no feedback until the end; then a report covers every answer.")
        intro.setWordWrap(True)
        col.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel("Number of questions:"))
        self.count = QSpinBox()
        self.count.setRange(1, 20)
        self.count.setValue(3)
        self.count.setAccessibleName("Number of questions")
        row.addWidget(self.count)
        row.addStretch(1)
        col.addLayout(row)
        self.random_choice = QRadioButton("Random questions")
        self.random_choice.setChecked(True)
        self.chosen_choice = QRadioButton("These questions (tick them):")
        col.addWidget(self.random_choice)
        col.addWidget(self.chosen_choice)
        self.choices = QListWidget()
        self.choices.setAccessibleName("Questions for the mock interview")
        self.choices.setWordWrap(True)
        for bank in services.banks:
            for q in bank.questions:
                item = QListWidgetItem(f"{q.id}  {q.text}")
                item.setData(Qt.ItemDataRole.UserRole, q)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.choices.addItem(item)
        self.choices.setEnabled(False)
        self.chosen_choice.toggled.connect(self.choices.setEnabled)
        col.addWidget(self.choices, 1)
        self.start_button = QPushButton("&Start the mock interview")
        self.reason_label = QLabel("")
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #b42318;")
        col.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.reason_label)
        self.pages.addWidget(setup)

        # running page
        running = QWidget()
        rcol = QVBoxLayout(running)
        self.progress_label = QLabel("")
        self.progress_label.setAccessibleName("Question number")
        self.question_label = QLabel("")
        self.question_label.setWordWrap(True)
        self.question_label.setFont(scaled_font(self, 1.35, bold=True))
        self.status_label = QLabel("")
        self.status_label.setFont(scaled_font(self, 1.2, bold=True))
        self.follow_label = QLabel("")
        self.follow_label.setWordWrap(True)
        self.follow_label.setFont(scaled_font(self, 1.2))
        self.follow_label.setAccessibleName("Follow-up question")
        self.follow_label.setVisible(False)
        self.bars = RecordingBars()
        self.meter = self.bars.meter
        self.time_label = self.bars.time_label
        self.skip_button = QPushButton("Answer &now")
        self.stop_button = QPushButton("&Done: next question (Space)")
        self.end_button = QPushButton("&End the interview")
        rcol.addWidget(self.progress_label)
        rcol.addWidget(self.question_label)
        rcol.addWidget(self.follow_label)
        rcol.addWidget(self.status_label)
        rcol.addWidget(self.bars)
        brow = QHBoxLayout()
        for b in (self.skip_button, self.stop_button, self.end_button):
            brow.addWidget(b)
        brow.addStretch(1)
        rcol.addLayout(brow)
        rcol.addStretch(1)
        self.pages.addWidget(running)

        # report page
        self.report = SessionReport(services.player, services)
        self.report.tasks = tasks
        self.pages.addWidget(self.report)
        QVBoxLayout(self).addWidget(self.pages)

        self.start_button.clicked.connect(self.start)
        self.skip_button.clicked.connect(flow.skip)
        self.stop_button.clicked.connect(flow.stop)
        self.end_button.clicked.connect(self.end_early)
        self.report.again.connect(self.show_setup)
        flow.state_changed.connect(self._state_changed)
        flow.countdown.connect(lambda n: self.status_label.setText(
            f"Think: {n} s (Space to answer now)"))
        flow.tick.connect(self._tick)
        flow.answered.connect(self._answered)
        flow.followed_up.connect(self._followed_up)
        flow.failed.connect(self._failed)
        self.refresh()

    # ------------------------------------------------------------------ set-up
    def refresh(self) -> None:
        reason = self.flow.why_cannot_record()
        self.start_button.setEnabled(reason is None and self.flow.state == IDLE)
        self.reason_label.setText(reason or "")
        self.reason_label.setVisible(bool(reason))

    def ticked(self) -> list[Question]:
        out = []
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def choose_plan(self) -> list[Question]:
        if self.chosen_choice.isChecked():
            return self.ticked()
        pool = [q for bank in self.s.banks for q in bank.questions]
        return self._rng.sample(pool, min(self.count.value(), len(pool)))

    def show_setup(self) -> None:
        self.pages.setCurrentIndex(0)
        self.refresh()

    def start(self, plan: list[Question] | None = None) -> None:
        self.plan = list(plan) if plan else self.choose_plan()
        if not self.plan or self.s.store is None:
            self.reason_label.setText("Tick at least one question (or choose random ones).")
            self.reason_label.setVisible(True)
            return
        session = self.s.store.start_session("mock", title=f"Mock interview of "
                                             f"{len(self.plan)} questions", planned=len(self.plan))
        self.session_id = session.session_id
        self.answers = []
        self.replies = {}
        self.pages.setCurrentIndex(1)
        self._ask(0)

    def _ask(self, index: int) -> None:
        q = self.plan[index]
        self.progress_label.setText(f"Question {index + 1} of {len(self.plan)}")
        self.question_label.setText(q.text)
        self.follow_label.setVisible(False)
        self.time_label.setText("")
        self.flow.begin(q, self.session_id)

    # ------------------------------------------------------------------ running
    def space(self) -> None:
        if self.pages.currentIndex() != 1:
            return
        if self.flow.state in (READING, THINKING):
            self.flow.skip()
        elif self.flow.state == RECORDING:
            self.flow.stop()

    def cancel(self) -> None:
        """Esc: skip the follow-up being asked, else end early."""
        if self.pages.currentIndex() == 1 and self.flow.asking_follow_up:
            if self.flow.state != FINISHING:
                self.flow.cancel()  # reported through followed_up: the interview moves on
            return
        self.end_early()

    def end_early(self) -> None:
        """End the interview: the answers given so far make the report."""
        if self.pages.currentIndex() != 1:
            return
        if self.flow.state == FINISHING:
            return  # the answer being saved still counts; the report follows it
        self._ending = True
        self.flow.cancel()
        self._ending = False
        self._report()

    def _state_changed(self, state: str) -> None:
        self.skip_button.setVisible(state in (READING, THINKING))
        self.stop_button.setVisible(state == RECORDING)
        self.stop_button.setText("&Done with the reply (Space)" if self.flow.asking_follow_up
                                 else "&Done: next question (Space)")
        self.bars.setVisible(state == RECORDING)
        if state == READING:
            self.status_label.setText("Listen to the question…")
        elif state == RECORDING:
            self.status_label.setText(
                "Recording your reply (Esc skips the follow-up)." if self.flow.asking_follow_up
                else "Recording: answer out loud.")
            self.bars.reset()
        elif state == FINISHING:
            self.status_label.setText("Saving your answer…")
        self.refresh()

    def _tick(self, elapsed: float, rms: float, peak: float) -> None:
        target = self.flow.question.target_s if self.flow.question else 0
        limit = self.s.settings.answer_limit_s
        if self.flow.asking_follow_up:
            target, limit = FOLLOW_UP_TARGET_S, min(limit, FOLLOW_UP_LIMIT_S)
        self.bars.update_bars(elapsed, rms, peak, target, limit)

    def _answered(self, answer: Answer) -> None:
        self.answers.append(answer)
        follow_up = getattr(answer.score, "follow_up", None)
        if (self.pages.currentIndex() == 1 and follow_up is not None
                and answer.attempt_id is not None and answer.record is not None):
            self.follow_label.setText(f"<b>Follow-up:</b> {follow_up.question}")
            self.follow_label.setToolTip(f"Why this question: {follow_up.reason}")
            self.follow_label.setVisible(True)
            self.flow.begin_follow_up(answer, follow_up)
            return
        self._next()

    def _followed_up(self, reply: FollowUpReply) -> None:
        if reply.answer.attempt_id is not None:
            self.replies[reply.answer.attempt_id] = reply
        self.follow_label.setVisible(False)
        if not self._ending:
            self._next()

    def _next(self) -> None:
        if self.pages.currentIndex() == 1 and len(self.answers) < len(self.plan):
            self._ask(len(self.answers))
        else:
            self._report()

    def _failed(self, message: str) -> None:
        self.status_label.setText(message)
        if self.pages.currentIndex() == 1 and self.flow.state == IDLE and self.answers:
            self._report()

    def _report(self) -> None:
        self.report.show_session(self.answers, planned=len(self.plan), session_id=self.session_id)
        self.pages.setCurrentIndex(2)
        self.finished.emit(list(self.answers))

    def stop_playback(self) -> None:
        self.report.stop()

    def current_page(self) -> str:
        return ("setup", "running", "report")[self.pages.currentIndex()]

    def answer_ids(self) -> list[Any]:
        return [a.attempt_id for a in self.answers]
