"""Finding a bank and a question for CLI commands (``score``, ``practice``, ``rescore``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.core.errors import InputError

if TYPE_CHECKING:
    from interviewer.core.questions import Question, QuestionBank


def load_question_bank(path: str | None) -> QuestionBank:
    """The bank at ``path`` (``--bank``), else the bundled one."""
    from interviewer.core.bank import load_bank, load_bundled_bank

    return load_bank(path) if path else load_bundled_bank()


def find_question(bank: QuestionBank, question_id: str) -> Question:
    question = bank.get(question_id)
    if question is None:
        ids = ", ".join(q.id for q in bank.questions[:3])
        raise InputError(f"No question '{question_id}' in bank {bank.id}; run `interviewer "
                         f"questions` to list them (ids like {ids}).")
    return question
