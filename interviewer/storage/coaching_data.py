"""The coach's report of a stored session: its answers as :class:`AnswerFacts` and the mean
scores of the earlier sessions of the same kind."""

from __future__ import annotations

from interviewer.core.coaching import AnswerFacts, CoachReport, coach_report
from interviewer.storage.records import AttemptRecord
from interviewer.storage.store import AttemptStore

PREVIOUS_SESSIONS = 5


def answer_facts(records: list[AttemptRecord]) -> list[AnswerFacts]:
    return [AnswerFacts(r.attempt_id, r.question.id, r.question.text, r.score, r.follow_up)
            for r in records if r.score is not None]


def session_coach_report(store: AttemptStore, session_id: str,
                         records: list[AttemptRecord] | None = None) -> CoachReport:
    """The report on ``session_id`` (its attempts, unless ``records`` are given)."""
    session = store.session(session_id)
    records = records if records is not None else store.session_attempts(session_id)
    earlier = [s.mean_overall for s in store.queries.sessions()
               if s.kind == session.kind and s.session_id != session_id
               and s.created_at < session.created_at and s.mean_overall is not None]
    return coach_report(answer_facts(records), earlier[:PREVIOUS_SESSIONS])


RECENT_ANSWERS = 10


def recent_coach_report(store: AttemptStore, attempt_id: str, count: int = RECENT_ANSWERS
                        ) -> tuple[CoachReport, list[AttemptRecord]]:
    """The report on the last ``count`` scored practice answers up to ``attempt_id`` (for
    one-question practice, where a session holds one answer); the trend compares them with
    the ``count`` answers before."""
    chosen = store.load_attempt(attempt_id)
    older = [s for s in store.queries.history()
             if s.overall is not None and (s.created_at, s.attempt_id)
             <= (chosen.created_at, chosen.attempt_id)]  # newest first
    block = list(reversed(older[:count]))
    before = older[count:2 * count]
    records = [store.load_attempt(s.attempt_id) for s in block]
    previous = [sum(float(s.overall or 0) for s in before) / len(before)] if before else []
    return coach_report(answer_facts(records), previous, sessions=False), records
