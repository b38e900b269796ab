"""The reply to an interviewer's follow-up: where it is recorded, how it is scored and saved.

:class:`~interviewer.gui.answer_flow.AnswerFlow` records the reply exactly like an answer (read
aloud, record, transcribe); this module holds what differs: the recording goes into the first
answer's attempt folder, the reply is scored together with the first answer, and a skipped or
failed reply is noted in that attempt. Store calls happen on the GUI thread; :meth:`score` runs
in the flow's worker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FOLLOW_UP_LIMIT_S = 90  # a follow-up asks for a short reply
FOLLOW_UP_TARGET_S = 30


@dataclass(frozen=True)
class FollowUpReply:
    """What became of a follow-up: ``status`` is "complete", "skipped" or "failed"."""

    answer: Any  # the first Answer
    follow_up: Any  # core.scoring.result.FollowUp
    status: str
    audio_path: Path | None = None
    transcript: Any = None
    combined: Any = None  # ScoreResult of both answers read together
    gain: Any = None  # FollowUpGain
    duration_s: float = 0.0
    message: str = ""


class FollowUpTake:
    """One follow-up being answered, for the attempt of ``answer``."""

    def __init__(self, services: Any, answer: Any, follow_up: Any) -> None:
        self.s = services
        self.answer = answer
        self.follow_up = follow_up
        self.path: Path | None = None

    @property
    def question(self) -> Any:
        return self.answer.question

    def open(self) -> Path:
        """Note the follow-up in the attempt; returns where to record the reply."""
        self.path = self.s.store.begin_follow_up(self.answer.attempt_id,
                                                 self.follow_up.to_dict())
        return self.path

    def score(self, transcript: Any) -> tuple[Any, Any]:
        """(combined score, gain): worker thread, pure computation."""
        from interviewer.core.scoring.follow_up_answer import score_follow_up

        return score_follow_up(self.answer.score, self.answer.transcript, transcript,
                               question=self.question, encoder=self.s.encoder)

    def save(self, info: Any, transcript: Any, scored: tuple[Any, Any]) -> FollowUpReply:
        combined, gain = scored
        self.s.store.complete_follow_up(self.answer.attempt_id, transcript, combined,
                                        gain.to_dict(), float(info.duration_s))
        return FollowUpReply(self.answer, self.follow_up, "complete", info.path, transcript,
                             combined, gain, float(info.duration_s))

    def end(self, status: str, message: str = "") -> FollowUpReply:
        """Skipped (Esc: like a cancelled answer, a partly recorded reply is not kept) or
        failed (what was recorded is kept); the attempt says which."""
        if status == "skipped" and self.path is not None:
            try:
                self.path.unlink(missing_ok=True)
            except OSError:
                log.exception("could not remove the skipped reply")
        try:
            self.s.store.end_follow_up(self.answer.attempt_id, self.follow_up.to_dict(), status,
                                       message or None)
        except Exception:
            log.exception("could not note the follow-up as %s", status)
        kept = self.path if self.path is not None and self.path.exists() else None
        return FollowUpReply(self.answer, self.follow_up, status, kept, message=message)
