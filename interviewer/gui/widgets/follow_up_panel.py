"""The interviewer's follow-up in the feedback: the question and why it was chosen, and, when
it was answered, the reply (replayable) and what it added to the score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from interviewer.gui.widgets.replay_bar import ReplayBar
from interviewer.gui.widgets.text_label import wrapped_label

STATUS_TEXT = {
    "skipped": "Skipped: you moved on without replying.",
    "recording": "The reply was not finished.",
}


class FollowUpPanel(QGroupBox):
    """``answer_requested`` fires when the person asks to answer the follow-up now."""

    answer_requested = Signal()

    def __init__(self, player: Any | None, unavailable: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__("The interviewer's follow-up", parent)
        self.question = wrapped_label("Follow-up question")
        self.reason = wrapped_label("Why this follow-up")
        self.reply = wrapped_label("Your reply to the follow-up")
        self.gain = wrapped_label("What the reply added")
        self.replay = ReplayBar(player, unavailable, label="▶ Play &reply")
        self.replay.button.setAccessibleName("Play your reply to the follow-up")
        self.answer_button = QPushButton("Answer this &follow-up")
        self.answer_button.setToolTip("Hear the follow-up and reply; the reply is scored with "
                                      "your answer.")
        self.answer_button.clicked.connect(self.answer_requested)
        lay = QVBoxLayout(self)
        for w in (self.question, self.reason, self.reply, self.gain, self.replay,
                  self.answer_button):
            lay.addWidget(w)
        self.setVisible(False)

    def show_follow_up(self, asked: dict[str, Any] | None, suggested: dict[str, Any] | None,
                       folder: Path | None, *, can_answer: bool) -> None:
        """``asked`` is the attempt's stored follow-up (question, status, reply...), else
        ``suggested`` (the score's ``follow_up``) is offered with a button to answer it."""
        self.replay.stop()
        info = asked or suggested
        if not info or not info.get("question"):
            self.setVisible(False)
            return
        self.setVisible(True)
        self.question.setText(f"<b>{info['question']}</b>")
        self.reason.setText(f"Why: {info.get('reason', '')}" if info.get("reason") else "")
        status = str((asked or {}).get("status") or "")
        reply_text, gain_text, audio = "", "", None
        if asked is not None:
            transcript = asked.get("transcript") or {}
            said = str(transcript.get("text") or "").strip()
            if status == "complete":
                reply_text = f"Your reply: “{said}”" if said else "Your reply had no words in it."
                gain_text = str((asked.get("gain") or {}).get("summary") or "")
            elif status == "failed":
                reply_text = f"The reply failed: {asked.get('status_detail') or 'unknown'}."
            else:
                reply_text = STATUS_TEXT.get(status, "")
            name = asked.get("audio_file")
            if name and folder is not None and (folder / str(name)).exists():
                audio = folder / str(name)
        self.reply.setText(reply_text)
        self.reply.setVisible(bool(reply_text))
        self.gain.setText(gain_text)
        self.gain.setVisible(bool(gain_text))
        self.replay.load(audio)
        self.replay.setVisible(audio is not None)
        self.answer_button.setVisible(asked is None and can_answer)

    def stop(self) -> None:
        self.replay.stop()
