"""The interviewer's follow-up kept with an attempt: begun (its reply being recorded into the
attempt's folder), completed (the reply's transcript, both answers' score, the gain), or ended
(skipped or failed). Mixed into :class:`~interviewer.storage.store.AttemptStore`; every change
goes through its ``update_attempt`` (sidecar first, then the index)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.core.transcript import Transcript
from interviewer.storage.layout import FOLLOW_UP_AUDIO_NAME
from interviewer.storage.records import AttemptRecord, ScoreLike, score_dict

if TYPE_CHECKING:
    from interviewer.storage.layout import DataLayout


class FollowUpRecords:
    """The follow-up methods of the store."""

    layout: DataLayout

    def update_attempt(self, attempt_id: str,
                       change: Callable[[dict[str, Any]], None]) -> AttemptRecord:
        raise NotImplementedError  # AttemptStore's

    def begin_follow_up(self, attempt_id: str, follow_up: Mapping[str, Any]) -> Path:
        """Note that ``follow_up`` ({"question", "reason", "key"}) is being answered; returns
        the path to record the reply to (in the attempt's folder)."""
        def change(data: dict[str, Any]) -> None:
            data["follow_up"] = {
                "question": str(follow_up.get("question", "")),
                "reason": str(follow_up.get("reason", "")), "key": str(follow_up.get("key", "")),
                "status": "recording", "status_detail": None,
                "audio_file": FOLLOW_UP_AUDIO_NAME, "transcript": None, "score": None,
                "gain": None, "duration_s": None}

        return self.update_attempt(attempt_id, change).folder / FOLLOW_UP_AUDIO_NAME

    def complete_follow_up(self, attempt_id: str, transcript: Transcript,
                           combined: ScoreLike | Mapping[str, Any], gain: Mapping[str, Any],
                           duration_s: float | None) -> AttemptRecord:
        """Save the reply's transcript, the score of both answers together and the gain."""
        def change(data: dict[str, Any]) -> None:
            follow = dict(data.get("follow_up") or {})
            follow.update(status="complete", status_detail=None,
                          transcript=transcript.to_dict(), score=score_dict(combined),
                          gain=dict(gain), duration_s=duration_s)
            data["follow_up"] = follow

        return self.update_attempt(attempt_id, change)

    def end_follow_up(self, attempt_id: str, follow_up: Mapping[str, Any], status: str,
                      detail: str | None = None) -> AttemptRecord:
        """The follow-up was ``"skipped"`` (asked, not answered) or ``"failed"`` (the reply's
        recording, if any, is kept)."""
        def change(data: dict[str, Any]) -> None:
            follow = dict(data.get("follow_up") or {})
            for key in ("question", "reason", "key"):
                follow.setdefault(key, str(follow_up.get(key, "")))
            kept = (data_dir / FOLLOW_UP_AUDIO_NAME).exists()
            follow.update(status=status, status_detail=detail,
                          audio_file=FOLLOW_UP_AUDIO_NAME if kept else None)
            follow.setdefault("transcript", None)
            follow.setdefault("score", None)
            follow.setdefault("gain", None)
            follow.setdefault("duration_s", None)
            data["follow_up"] = follow

        data_dir = self.layout.attempt_dir(attempt_id)
        return self.update_attempt(attempt_id, change)
