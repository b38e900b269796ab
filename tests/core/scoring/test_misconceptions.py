"""Misconceptions are flagged when stated and not when negated."""

from __future__ import annotations

import pytest

from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.components import accuracy_component
from interviewer.core.scoring.result import MisconceptionResult


@pytest.mark.parametrize("text", [
    "Batch norm normalises the weights of each layer.",
    "basically batch norm normalizes the weights so training is stable",
    "Batch norm, it normalises all the weights.",
])
def test_stated_misconception_is_flagged_and_costs_accuracy(bn_question: Question,
                                                           text: str) -> None:
    result = score_answer(text, question=bn_question)
    assert [m.negated for m in result.misconceptions] == [False]
    accuracy = result.components["accuracy"]
    assert accuracy.score == 0  # one concept gave 3/4, one false claim takes 3/4
    assert "Stated 1 false claim" in accuracy.explanation
    structure = result.components["structure"]
    assert structure.score == 0 or "Halved for a false claim" in structure.explanation
    assert result.tips[0].startswith("You said '")
    assert "not its weights" in result.tips[0]


@pytest.mark.parametrize("text", [
    "Batch norm does not normalise the weights, it normalises the activations.",
    "batch norm doesn't normalize the weights",
    "A common myth is that batch norm normalises the weights.",
    "Batch norm never normalises the weights.",
])
def test_negated_misconception_is_not_penalised(bn_question: Question, text: str) -> None:
    result = score_answer(text, question=bn_question)
    assert [m.negated for m in result.misconceptions] == [True]
    assert "Stated" not in result.components["accuracy"].explanation
    assert not any(t.startswith("You said '") for t in result.tips)


def test_negative_bank_patterns_only_match_negative_sentences(
        bundled_questions: dict[str, Question]) -> None:
    q01 = bundled_questions["q01"]
    right = score_answer("Deep learning is a subset of machine learning.", question=q01)
    assert right.misconceptions == ()
    wrong = score_answer("Deep learning is not machine learning at all.", question=q01)
    assert [m.negated for m in wrong.misconceptions] == [False]


def test_bank_misconception_with_and_without_negation(
        bundled_questions: dict[str, Question]) -> None:
    q05 = bundled_questions["q05"]
    wrong = score_answer("You should keep dropout on at test time as well.", question=q05)
    assert [m.id for m in wrong.misconceptions if not m.negated] == ["dropout_at_test"]
    fine = score_answer("You do not apply dropout at test time; it is switched off.",
                        question=q05)
    assert all(m.negated for m in fine.misconceptions)


def test_one_false_claim_takes_three_quarters_of_accuracy_two_take_all() -> None:
    claim = MisconceptionResult("m1", "label", "said", False, "the truth", 0, None)
    other = MisconceptionResult("m2", "label", "said", False, "the truth", 1, None)
    assert accuracy_component([], 2, 25.0).score == 25.0
    assert accuracy_component([claim], 2, 25.0).score == 6.2
    assert accuracy_component([claim, other], 2, 25.0).score == 0.0
    denied = MisconceptionResult("m1", "label", "said", True, "the truth", 0, None)
    assert accuracy_component([denied], 2, 25.0).score == 25.0


def test_nothing_denies_a_claim(bundled_questions: dict[str, Question]) -> None:
    result = score_answer("Backprop on its own updates nothing; the optimizer uses the gradients "
                          "it computes.", question=bundled_questions["q03"])
    assert [(m.id, m.negated) for m in result.misconceptions] == [
        ("backprop_is_optimizer", True)]


def test_a_pattern_keeps_the_word_that_sets_its_direction(
        bundled_questions: dict[str, Question]) -> None:
    q11 = bundled_questions["q11"]
    hedged = score_answer("CNNs are mainly used for images, but one-dimensional convolutions "
                          "work on audio too.", question=q11)
    assert hedged.misconceptions == ()
    for text in ("CNNs can only be used for images.", "A CNN only works on images."):
        claim = score_answer(text, question=q11)
        assert [(m.id, m.negated) for m in claim.misconceptions] == [("cnn_images_only", False)]
