"""Which questions are due for practice: a small Leitner-box schedule.

Each question sits in a box from 1 to 5, replayed over its scored attempts, oldest first:
starting in box 1, an attempt scoring at least :data:`PROMOTE_AT` (80) moves it up one box,
one below :data:`DEMOTE_BELOW` (50) sends it back to box 1, anything between keeps it where it
is. A question is due :data:`BOX_INTERVAL_DAYS` days after its last attempt (box 1: 1 day,
2: 2, 3: 4, 4: 8, 5: 16), so well-answered questions come back less and less often.

Order of :func:`due_items` (the practice queue): questions never practised first (in the order
given, i.e. bank order), then those due now, weakest last score first and, on ties, the
longest ago first; then those not yet due, soonest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

BOX_INTERVAL_DAYS = (1, 2, 4, 8, 16)
PROMOTE_AT = 80
DEMOTE_BELOW = 50


@dataclass(frozen=True)
class DueItem:
    question_id: str
    practised: bool
    attempts: int
    box: int  # 0 = never practised
    last_score: int | None
    best_score: int | None
    last_at: str | None
    due_at: str | None
    is_due: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def leitner_box(scores: Sequence[int]) -> int:
    """The box (1-5) after these scores, oldest first; 0 for no scores."""
    if not scores:
        return 0
    box = 1
    for s in scores:
        if s >= PROMOTE_AT:
            box = min(len(BOX_INTERVAL_DAYS), box + 1)
        elif s < DEMOTE_BELOW:
            box = 1
    return box


def due_items(question_ids: Sequence[str],
              history: Mapping[str, Sequence[tuple[str, int]]],
              now: datetime | None = None) -> list[DueItem]:
    """The practice queue for ``question_ids`` given each one's (created_at, overall) history."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    never: list[DueItem] = []
    due: list[DueItem] = []
    later: list[DueItem] = []
    for qid in dict.fromkeys(question_ids):
        attempts = list(history.get(qid, ()))
        if not attempts:
            never.append(DueItem(qid, False, 0, 0, None, None, None, None, True))
            continue
        scores = [s for _, s in attempts]
        box = leitner_box(scores)
        last_at = attempts[-1][0]
        due_at = datetime.fromisoformat(last_at) + timedelta(days=BOX_INTERVAL_DAYS[box - 1])
        item = DueItem(qid, True, len(attempts), box, scores[-1], max(scores), last_at,
                       due_at.isoformat(timespec="seconds"), due_at <= now)
        (due if item.is_due else later).append(item)
    due.sort(key=lambda i: (i.last_score or 0, i.last_at or ""))
    later.sort(key=lambda i: i.due_at or "")
    return never + due + later
