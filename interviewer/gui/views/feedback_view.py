"""Feedback on one answer: score, transcript with STAR colours, concepts, delivery, tips, replay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from interviewer.core.questions import Question
from interviewer.core.transcript import Transcript
from interviewer.gui.views.practice_view import scaled_font
from interviewer.gui.widgets.follow_up_panel import FollowUpPanel
from interviewer.gui.widgets.replay_bar import ReplayBar
from interviewer.gui.widgets.score_panels import (
    ComponentsPanel,
    ConceptsPanel,
    DeliveryPanel,
    TipsPanel,
)
from interviewer.gui.widgets.transcript_view import STAR_COLOURS, STAR_NAMES, TranscriptView
from interviewer.gui.widgets.voice_panel import VoicePanel


def score_dict(score: Any) -> dict[str, Any]:
    """A ScoreResult or an already-stored dict, as the ``score --json`` dict."""
    if score is None:
        return {}
    return dict(score) if isinstance(score, dict) else dict(score.to_dict())


def verdict(overall: int) -> str:
    if overall >= 80:
        return "Strong answer"
    if overall >= 60:
        return "Good, with gaps"
    if overall >= 40:
        return "Getting there"
    return "Needs work"


class FeedbackView(QWidget):
    """``try_again`` and ``next_question`` are the two ways on; ``follow_up_requested`` asks
    to answer the interviewer's follow-up to this answer."""

    try_again = Signal()
    next_question = Signal()
    follow_up_requested = Signal()

    def __init__(self, player: Any | None, player_problem: str = "", *,
                 show_actions: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: Question | None = None
        self.score: dict[str, Any] = {}
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self, 1.15, bold=True))
        self.overall = QLabel("")
        self.overall.setFont(scaled_font(self, 2.0, bold=True))
        self.overall.setAccessibleName("Overall score")
        self.verdict = QLabel("")
        self.verdict.setFont(scaled_font(self, 1.2))
        self.when = QLabel("")
        self.replay = ReplayBar(player, player_problem)
        self.transcript = TranscriptView()
        self.legend = QLabel(" ".join(
            f'<span style="background:{c}; color:#111;">&nbsp;{STAR_NAMES[k]}&nbsp;</span>'
            for k, c in STAR_COLOURS.items()) + "  (hover a sentence to see why)")
        self.components = ComponentsPanel()
        # what limits or qualifies the score: a story missing a part, word rules only...
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName("Notes on the score")
        self.concepts = ConceptsPanel()
        self.delivery = DeliveryPanel()
        self.tips = TipsPanel()
        self.follow_up = FollowUpPanel(player, player_problem)
        self.voice = VoicePanel()
        self.again_button = QPushButton("&Try again")
        self.next_button = QPushButton("&Next question (N)")
        for b in (self.again_button, self.next_button):
            b.setVisible(show_actions)

        body = QWidget()
        col = QVBoxLayout(body)
        head = QHBoxLayout()
        score_col = QVBoxLayout()
        score_col.addWidget(self.overall, 0, Qt.AlignmentFlag.AlignLeft)
        score_col.addWidget(self.verdict)
        head.addLayout(score_col)
        head.addSpacing(self.fontMetrics().height())
        text_col = QVBoxLayout()
        text_col.addWidget(self.title)
        text_col.addWidget(self.when)
        head.addLayout(text_col, 1)
        col.addLayout(head)
        col.addWidget(self.replay)
        col.addWidget(QLabel("<b>What you said</b>"))
        col.addWidget(self.legend)
        col.addWidget(self.transcript)
        col.addWidget(self.follow_up)
        col.addWidget(self.components)
        col.addWidget(self.notes)
        panels = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.delivery)
        left.addWidget(self.voice)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.concepts)
        right.addWidget(self.tips)
        right.addStretch(1)
        panels.addLayout(left, 1)
        panels.addLayout(right, 1)
        col.addLayout(panels)
        col.addStretch(1)

        self.scroll_area = scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.again_button)
        actions.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll, 1)
        lay.addLayout(actions)

        self.again_button.clicked.connect(self.try_again)
        self.next_button.clicked.connect(self.next_question)
        self.concepts.play_at.connect(self.replay.play_from)
        self.voice.play_at.connect(self.replay.play_from)
        self.follow_up.answer_requested.connect(self.follow_up_requested)
        self.follow_up.replay.button.clicked.connect(self.replay.stop)
        self.replay.button.clicked.connect(self.follow_up.stop)
        self.replay.position.connect(self.transcript.set_position)
        self.replay.stopped.connect(lambda: self.transcript.set_position(None))

    def show_answer(self, question: Question, score: Any, transcript: Transcript | None,
                    audio_path: Path | None, when: str = "", *,
                    follow_up: dict[str, Any] | None = None,
                    can_answer_follow_up: bool = False) -> None:
        """``follow_up`` is the attempt's stored follow-up (asked, and its reply) if any."""
        self.question = question
        self.score = score_dict(score)
        overall = int(self.score.get("overall") or 0)
        self.title.setText(question.text)
        self.overall.setText(f"{overall} / 100")
        self.verdict.setText(verdict(overall))
        self.when.setText(when)
        self.when.setVisible(bool(when))
        behavioral = self.score.get("kind", question.kind) == "behavioral"
        self.legend.setVisible(behavioral)
        sentences = self.score.get("sentences") or [] if behavioral else []
        self.transcript.show_answer(transcript or Transcript(), sentences)
        for panel in (self.components, self.concepts, self.delivery, self.tips):
            panel.show_score(self.score)
        notes = [str(n) for n in self.score.get("notes") or [] if not str(n).startswith("Untimed")]
        self.notes.setText("\n".join(f"Note: {n}" for n in notes))
        self.notes.setVisible(bool(notes))
        hits = [float(c["at_s"]) for c in self.score.get("concepts") or []
                if c.get("status") == "hit" and c.get("at_s") is not None]
        self.replay.load(audio_path)
        self.replay.waveform.set_marks(hits)
        voice = self.score.get("voice") or {}
        self.voice.show_voice(voice or None)
        self.replay.waveform.set_spans(
            [(float(a), float(b)) for a, b in voice.get("trailing_spans") or ()],
            "Shaded: the ends of phrases where your voice trailed off.")
        self.follow_up.show_follow_up(follow_up, self.score.get("follow_up"),
                                      Path(audio_path).parent if audio_path else None,
                                      can_answer=can_answer_follow_up)

    def stop(self) -> None:
        self.replay.stop()
        self.follow_up.stop()
