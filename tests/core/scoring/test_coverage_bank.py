"""Every technical question of the bundled bank: a good answer covers its own rubric best."""

from __future__ import annotations

import pytest

from interviewer.core.bank import load_bundled_bank
from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from tests.core.scoring.answers import GOOD_TECHNICAL, VAGUE_ANSWER
from tests.core.scoring.shape import assert_contract_shape

TECHNICAL = [q for q in load_bundled_bank().questions if q.kind == "technical"]


def _coverage(text: str, question: Question) -> float:
    comp = score_answer(text, question=question).components["coverage"]
    return comp.score / comp.max


def test_there_is_a_good_answer_for_every_technical_question() -> None:
    assert sorted(GOOD_TECHNICAL) == sorted(q.id for q in TECHNICAL)
    assert len(GOOD_TECHNICAL) >= 15


@pytest.mark.parametrize("question", TECHNICAL, ids=lambda q: q.id)
def test_good_answer_beats_other_rubrics_and_a_vague_answer(
        question: Question, bundled_questions: dict[str, Question]) -> None:
    good = GOOD_TECHNICAL[question.id]
    own = _coverage(good, question)
    assert own >= 0.8, own
    others = {q.id: _coverage(good, q) for q in TECHNICAL if q.id != question.id}
    worst_id = max(others, key=lambda k: others[k])
    assert own > others[worst_id], (worst_id, others[worst_id], own)
    assert own > _coverage(VAGUE_ANSWER, question)
    result = score_answer(good, question=question)
    assert not [m for m in result.misconceptions if not m.negated]
    assert result.overall > score_answer(VAGUE_ANSWER, question=question).overall
    assert_contract_shape(result.to_dict())
