"""The feedback says what limits the score (a story missing a part, word rules only)."""

from __future__ import annotations

from typing import Any

from interviewer.core.bank import load_bundled_bank
from interviewer.core.scoring import score_answer
from interviewer.gui.views.feedback_view import FeedbackView


def test_notes_on_the_score_are_shown(qtbot: Any) -> None:
    question = load_bundled_bank().get("q18")
    assert question is not None
    score = score_answer("At my last job the nightly build kept failing. I was asked to fix it. "
                         "I rewrote the flaky tests one by one.", question=question)
    view = FeedbackView(None, "no speaker")
    qtbot.addWidget(view)
    view.show_answer(question, score, None, None)
    text = view.notes.text()
    # which parts the word rules find is the scorer's business (tests/core); here: the cap on a
    # story with parts missing is shown, and it names the result
    assert "Note: A story without its" in text and "result scores at most" in text
    assert "word rules only" in text
    assert "Untimed" not in text
    assert not view.notes.isHidden()
    full = score_answer("At my last job the nightly build kept failing. I was asked to fix it. "
                        "I rewrote the flaky tests one by one. The build stayed green for six "
                        "months.", question=question)
    view.show_answer(question, full, None, None)
    assert view.notes.text() == "\n".join(f"Note: {n}" for n in full.notes
                                          if not n.startswith("Untimed"))
    assert view.notes.text() != text
