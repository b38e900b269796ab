"""Practise one question: pick it, hear it, think, answer with a live meter and transcript."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.questions import Question
from interviewer.gui.answer_flow import FINISHING, IDLE, READING, RECORDING, THINKING, AnswerFlow
from interviewer.gui.follow_up_take import FOLLOW_UP_LIMIT_S, FOLLOW_UP_TARGET_S
from interviewer.gui.local_time import clock
from interviewer.gui.services import Services
from interviewer.gui.widgets.question_picker import QuestionPicker, category_title
from interviewer.gui.widgets.recording_bars import RecordingBars


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """The widget's font scaled relative to the system font (never a fixed pixel size)."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class PracticeView(QWidget):
    """``answered(Answer)`` is re-emitted from the flow when an answer has been scored."""

    answered = Signal(object)

    def __init__(self, services: Services, flow: AnswerFlow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.s = services
        self.flow = flow
        self.question: Question | None = None
        self.picker = QuestionPicker(services.banks, self._due_order if services.store else None)
        self.picker.setAccessibleName("Question picker")

        self.question_label = QLabel("Pick a question on the left.")
        self.question_label.setWordWrap(True)
        self.question_label.setFont(scaled_font(self, 1.35, bold=True))
        self.question_label.setAccessibleName("Question")
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel("")
        self.meta_label.setWordWrap(True)
        self.guidance = QLabel("")
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(False)
        self.guidance.setAccessibleName("How to answer")
        self.guidance_button = QPushButton("Show how to &answer")
        self.guidance_button.setCheckable(True)
        self.guidance_button.toggled.connect(self._toggle_guidance)

        self.status_label = QLabel("")
        self.status_label.setFont(scaled_font(self, 1.2, bold=True))
        self.status_label.setAccessibleName("Status")
        self.follow_label = QLabel("")
        self.follow_label.setWordWrap(True)
        self.follow_label.setFont(scaled_font(self, 1.2))
        self.follow_label.setAccessibleName("Follow-up question")
        self.follow_label.setVisible(False)
        self.start_button = QPushButton("&Start (Space)")
        self.start_button.setToolTip("Hear the question, think, then answer out loud.")
        self.start_button.setDefault(True)
        self.skip_button = QPushButton("Answer &now")
        self.skip_button.setToolTip("Skip the reading and the thinking time.")
        self.stop_button = QPushButton("S&top and get feedback (Space)")
        self.cancel_button = QPushButton("Cancel (Esc)")
        self.reason_label = QLabel("")
        self.reason_label.setWordWrap(True)
        self.reason_label.setAccessibleName("Why answering is not available")
        self.reason_label.setStyleSheet("color: #b42318;")
        self.bars = RecordingBars()
        self.meter = self.bars.meter
        self.time_label = self.bars.time_label
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: transcription reports no fraction
        self.busy.setAccessibleName("Working on your answer")
        self.live = QPlainTextEdit()
        self.live.setReadOnly(True)
        self.live.setPlaceholderText("What you say appears here while you answer.")
        self.live.setAccessibleName("Live transcript")
        self.live.setTabChangesFocus(True)

        right = QWidget()
        col = QVBoxLayout(right)
        col.addWidget(self.question_label)
        col.addWidget(self.meta_label)
        col.addWidget(self.guidance_button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addWidget(self.guidance)
        col.addSpacing(self.fontMetrics().height() // 2)
        col.addWidget(self.follow_label)
        col.addWidget(self.status_label)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.skip_button, self.stop_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        col.addLayout(buttons)
        col.addWidget(self.reason_label)
        col.addWidget(self.bars)
        col.addWidget(self.busy)
        col.addWidget(self.live, 1)

        split = QSplitter()
        split.addWidget(self.picker)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self.picker.chosen.connect(self.show_question)
        self.start_button.clicked.connect(self.start)
        self.skip_button.clicked.connect(flow.skip)
        self.stop_button.clicked.connect(flow.stop)
        self.cancel_button.clicked.connect(flow.cancel)
        flow.state_changed.connect(self._state_changed)
        flow.countdown.connect(self._countdown)
        flow.tick.connect(self._tick)
        flow.partial_text.connect(self.live.setPlainText)
        flow.failed.connect(self._failed)
        setTabOrder = QWidget.setTabOrder
        setTabOrder(self.picker.list, self.start_button)
        setTabOrder(self.start_button, self.skip_button)
        setTabOrder(self.skip_button, self.stop_button)
        setTabOrder(self.stop_button, self.cancel_button)
        self._state_changed(IDLE)
        if self.picker.list.count():
            self.picker.list.setCurrentRow(0)

    # ------------------------------------------------------------------ helpers
    def _due_order(self, ids: Sequence[str]) -> list[str]:
        items = self.s.store.queries.due(ids)
        return [d.question_id for d in items]

    def _toggle_guidance(self, on: bool) -> None:
        self.guidance.setVisible(on)
        self.guidance_button.setText("Hide how to &answer" if on else "Show how to &answer")

    def show_question(self, q: Question | None) -> None:
        if self.flow.state not in (IDLE,):
            self.flow.cancel()
        self.question = q
        if q is None:
            self.question_label.setText("Pick a question on the left.")
            self.meta_label.setText("")
            self.guidance.setText("")
        else:
            self.question_label.setText(q.text)
            self.meta_label.setText(
                f"{category_title(q.category)} · {q.kind} · aim for about {clock(q.target_s)} "
                f"(limit {clock(self.s.settings.answer_limit_s)})")
            text = q.guidance + (f"\n\nTip: {q.tip}" if q.tip else "")
            self.guidance.setText(text.strip() or "No guidance for this question.")
        self.live.clear()
        self.refresh()

    def show_follow_up(self, text: str | None) -> None:
        """Show the follow-up being asked (None: hide it)."""
        self.follow_label.setText(f"<b>Follow-up:</b> {text}" if text else "")
        self.follow_label.setVisible(bool(text))

    def refresh(self) -> None:
        """Re-evaluate what is possible (after the model loads or settings change)."""
        self._state_changed(self.flow.state)

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        if self.question is not None and self.flow.state == IDLE:
            self.live.clear()
            self.flow.begin(self.question)

    def space(self) -> None:
        """Space: start, skip to answering, or stop, depending on where we are."""
        state = self.flow.state
        if state == IDLE and self.start_button.isEnabled():
            self.start()
        elif state in (READING, THINKING):
            self.flow.skip()
        elif state == RECORDING:
            self.flow.stop()

    def next_question(self) -> None:
        if self.flow.state == IDLE:
            self.picker.pick_next()

    # ------------------------------------------------------------------ flow signals
    def _state_changed(self, state: str) -> None:
        reason = self.flow.why_cannot_record()
        idle = state == IDLE
        self.start_button.setEnabled(idle and self.question is not None and reason is None)
        self.start_button.setVisible(idle)
        self.skip_button.setVisible(state in (READING, THINKING))
        self.stop_button.setVisible(state == RECORDING)
        self.cancel_button.setVisible(state in (READING, THINKING, RECORDING))
        self.picker.setEnabled(idle)
        self.reason_label.setText(reason or "")
        self.reason_label.setVisible(bool(reason) and idle)
        self.bars.setVisible(state == RECORDING)
        self.busy.setVisible(state == FINISHING)
        if state in (READING, THINKING) and not self.skip_button.hasFocus():
            self.skip_button.setFocus()  # keep the keyboard in the view (Space, Esc)
        if state == READING:
            self.status_label.setText("Listen to the question…")
        elif state == THINKING:
            pass  # the countdown sets the text
        elif state == RECORDING:
            self.status_label.setText("Recording your reply (Esc skips it)."
                                      if self.flow.asking_follow_up
                                      else "Recording: answer out loud.")
            self.bars.reset()
            self.stop_button.setFocus()
            self.live.setPlaceholderText("Listening… your words appear here after each pause.")
        elif state == FINISHING:
            self.status_label.setText("Transcribing and scoring your answer…")
        else:
            self.status_label.setText("Ready." if reason is None else "")
            self.live.setPlaceholderText("What you say appears here while you answer.")

    def _countdown(self, left: int) -> None:
        self.status_label.setText(f"Think: {left} s (Space to answer now)")

    def _tick(self, elapsed: float, rms: float, peak: float) -> None:
        target = self.question.target_s if self.question else 0
        limit = self.s.settings.answer_limit_s
        if self.flow.asking_follow_up:
            target, limit = FOLLOW_UP_TARGET_S, min(limit, FOLLOW_UP_LIMIT_S)
        self.bars.update_bars(elapsed, rms, peak, target, limit)

    def _failed(self, message: str) -> None:
        self.status_label.setText("")
        self.reason_label.setText(message)
        self.reason_label.setVisible(True)
