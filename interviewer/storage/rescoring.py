"""Re-scoring stored attempts with the current scorer and rubric.

Scores are deterministic functions of transcript + rubric, so any attempt with a transcript can
be scored again. :func:`rescore_all` scores every such attempt and replaces the stored score only
when the scorer version or the rubric version changed (or ``force``); the old score moves to the
sidecar's ``score_history`` with its scorer version, rubric version, when it was made and when it
was replaced. ``lookup(snapshot_question)`` returns the current version of the question (e.g.
from the loaded bank when the bank ids match) or None; when it finds one, that question (and its
rubric) is used and becomes the attempt's question snapshot; otherwise the snapshot taken at
recording time is used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewer.core.questions import Question
from interviewer.core.scoring.scorer import RULES_ONLY_NOTE
from interviewer.core.scoring.voice import Voice
from interviewer.core.transcript import Transcript
from interviewer.storage.layout import utc_now_iso
from interviewer.storage.records import score_dict
from interviewer.storage.recovery import Score, default_score
from interviewer.storage.sidecar import question_snapshot
from interviewer.storage.store import AttemptStore, current_scorer_version

log = logging.getLogger(__name__)

Lookup = Callable[[Question], Question | None]
MeasureVoice = Callable[[Path, Transcript], Voice | None]
# (the answer's new score, its transcript, the reply's transcript, the question)
#   -> (the score of both read together, the gain as a dict)
FollowUpScorer = Callable[[Any, Transcript, Transcript, Question], tuple[Any, dict[str, Any]]]


@dataclass
class RescoreReport:
    rescored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # same scorer and rubric version
    skipped: list[str] = field(default_factory=list)  # no transcript to score
    failed: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"rescored": self.rescored, "unchanged": self.unchanged,
                "skipped": self.skipped,
                "failed": [{"attempt_id": a, "error": e} for a, e in self.failed]}


def rescore_all(store: AttemptStore, *, score: Score | None = None,
                scorer_version: str | None = None, lookup: Lookup | None = None,
                force: bool = False, measure_voice: MeasureVoice | None = None,
                follow_up: FollowUpScorer | None = None) -> RescoreReport:
    """Re-score every attempt that has a transcript (see the module docstring).

    ``measure_voice(recording, transcript)`` measures the voice again from the recording (the
    bands may have changed); without it, or without the recording, the stored voice figures are
    passed to the scorer as they are. A scorer is called as ``score(transcript, question)``, or
    with ``voice=`` when there are voice figures. With ``follow_up``, an answered follow-up is
    scored again too (both answers together, and what the reply added)."""
    score = score or default_score
    version = scorer_version or current_scorer_version()
    report = RescoreReport()
    for summary in sorted(store.queries.history(), key=lambda s: s.created_at):
        attempt_id = summary.attempt_id
        record = store.load_attempt(attempt_id)
        if record.transcript is None:
            report.skipped.append(attempt_id)
            continue
        current = lookup(record.question) if lookup and record.question.id else None
        question = current or record.question
        old = record.score or {}
        try:
            voice = Voice.from_dict(old.get("voice"))
            if measure_voice is not None and record.audio_path.exists():
                voice = measure_voice(record.audio_path, record.transcript) or voice
            scored = (score(record.transcript, question) if voice is None
                      else score(record.transcript, question, voice=voice))
            new = score_dict(scored)
            follow_new = _follow_up_again(follow_up, record.follow_up, scored,
                                          record.transcript, question)
        except Exception as exc:  # one bad attempt must not stop the rest
            log.warning("re-scoring %s failed: %s", attempt_id, exc)
            report.failed.append((attempt_id, str(exc)))
            continue
        same = (record.scorer_version == version
                and old.get("rubric_version") == new.get("rubric_version")
                and not _now_by_meaning(old, new))
        if same and not force:
            report.unchanged.append(attempt_id)
            continue

        def change(data: dict[str, Any], new: dict[str, Any] = new,
                   current: Question | None = current,
                   follow_new: dict[str, Any] | None = follow_new) -> None:
            if data.get("score") is not None:
                data.setdefault("score_history", []).append({
                    "score": data["score"], "scorer_version": data.get("scorer_version"),
                    "rubric_version": data["score"].get("rubric_version"),
                    "scored_at": data.get("scored_at"), "replaced_at": utc_now_iso()})
            data.update(score=new, scorer_version=version, scored_at=utc_now_iso())
            if follow_new is not None and isinstance(data.get("follow_up"), dict):
                data["follow_up"].update(follow_new)
            if current is not None:
                data["question"] = question_snapshot(current)

        store.update_attempt(attempt_id, change)
        report.rescored.append(attempt_id)
    return report


def _follow_up_again(follow_up: FollowUpScorer | None, stored: dict[str, Any] | None,
                     scored: Any, transcript: Transcript, question: Question
                     ) -> dict[str, Any] | None:
    """The follow-up's new ``score`` and ``gain`` when it was answered, else None."""
    if follow_up is None or not stored or stored.get("status") != "complete":
        return None
    reply = stored.get("transcript")
    if not isinstance(reply, dict):
        return None
    combined, gain = follow_up(scored, transcript, Transcript.from_dict(reply), question)
    return {"score": score_dict(combined), "gain": dict(gain)}


def _now_by_meaning(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """The old score was made with the word rules alone and the new one by meaning too (the
    sentence-meaning model was missing or not loaded yet then): it is worth replacing."""
    return RULES_ONLY_NOTE in (old.get("notes") or ()) and RULES_ONLY_NOTE not in (
        new.get("notes") or ())
