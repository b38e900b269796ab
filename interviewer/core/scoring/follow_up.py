"""The follow-up question an interviewer would ask after an answer, chosen from what it lacked.

A real interviewer probes the weakest point of an answer with one short question. The choice is
deterministic (the same scored answer always gets the same follow-up) and comes with the reason
it was chosen, which the feedback shows. Priorities, first match wins:

- a technical answer: a false claim it states (its misconception's probe); a very short answer
  (a concrete example); the missed concept that counts most (its probe, bank order breaks ties);
  no example anywhere (an example);
- a story: a very short answer (an example); a missing action or result; "we" with no "I"
  (your own part); a missing situation or task; a result with no number (a measurable result).

The wording comes from the bank (a concept's or misconception's ``follow_up``, a question's
``[questions.follow_ups]``); where the bank has none, a plain generic question is used.
"""

from __future__ import annotations

from interviewer.core.questions import Question
from interviewer.core.scoring.result import FollowUp, ScoreResult

SHORT_ANSWER_WORDS = 40  # fewer words than this is "very short" for a spoken interview answer
WE_WITHOUT_I = 3  # at least this many "we" and no "I": the own part is missing

GENERIC: dict[str, str] = {
    "situation": "Can you set the scene first: where were you, and what was going on?",
    "task": "What exactly were you responsible for there?",
    "action": "What did you actually do, step by step?",
    "result": "How did it turn out, and what was the measurable result?",
    "measurable": "Can you put a number on the result?",
    "own_part": "What was your own part in that?",
    "example": "Can you give a concrete example?",
}


def _bank_text(question: Question | None, key: str) -> str:
    if question is None:
        return ""
    return question.follow_up_text("result" if key == "measurable" else key)


def _generic(question: Question | None, key: str, reason: str) -> FollowUp:
    text = _bank_text(question, key) or GENERIC[key]
    return FollowUp(text, reason, key if key in ("own_part", "example", "measurable")
                    else f"star:{key}")


def choose_follow_up(result: ScoreResult, question: Question | None) -> FollowUp | None:
    """The follow-up to ask after ``result`` (an answer to ``question``), or None when the
    answer is empty or leaves nothing to probe."""
    words = result.delivery.words
    if words == 0:
        return None
    if result.kind == "behavioral":
        return _story_follow_up(result, question, words)
    return _technical_follow_up(result, question, words)


def _short_reason(words: int) -> str:
    return f"The answer was very short ({words} words)."


def _technical_follow_up(result: ScoreResult, question: Question | None,
                         words: int) -> FollowUp | None:
    rubric = question.rubric if question is not None else None
    stated = [m for m in result.misconceptions if not m.negated]
    if stated:
        first = stated[0]
        probe = ""
        if rubric is not None:
            probe = next((m.follow_up for m in rubric.misconceptions if m.id == first.id), "")
        text = probe or f"Let's check one point you made: is it really true that {first.label}?"
        return FollowUp(text, f"The answer states a false claim: {first.label} "
                              f"(\"{first.matched}\").", f"misconception:{first.id}")
    if words < SHORT_ANSWER_WORDS:
        return _generic(question, "example", _short_reason(words))
    missed = [c for c in result.concepts if c.status == "missed"]
    if missed:
        order = {c.id: i for i, c in enumerate(rubric.concepts)} if rubric is not None else {}
        top = min(missed, key=lambda c: (-c.weight, order.get(c.id, len(order))))
        probe = ""
        if rubric is not None:
            probe = next((c.follow_up for c in rubric.concepts if c.id == top.id), "")
        text = probe or f"Can you say something about this too: {top.label.rstrip('.')}?"
        return FollowUp(text, f"The answer did not cover: {top.label}.", f"concept:{top.id}")
    structure = result.structure or {}
    if "example" in structure and not structure["example"].present:
        return _generic(question, "example", "The answer gave no concrete example.")
    return None


def _story_follow_up(result: ScoreResult, question: Question | None,
                     words: int) -> FollowUp | None:
    star = result.star
    if words < SHORT_ANSWER_WORDS:
        return _generic(question, "example", _short_reason(words))
    for part in ("action", "result"):
        if not star.part(part).present:
            return _generic(question, part, f"The story has no {part}.")
    if star.we_count >= WE_WITHOUT_I and star.i_count == 0:
        return _generic(question, "own_part",
                        f"The story says \"we\" {star.we_count} times and never \"I\".")
    for part in ("situation", "task"):
        if not star.part(part).present:
            return _generic(question, part, f"The story has no {part}.")
    if not star.quantified_results:
        return _generic(question, "measurable", "The result has no number or measure.")
    return None
