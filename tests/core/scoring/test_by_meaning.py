"""Concepts said in other words and false claims, found by meaning.

The logic is checked with a fake encoder whose vectors are chosen by hand; the real encoder is
checked on the bundled bank with claims of the kind people really make."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from interviewer.core.questions import Concept, Misconception, Question, Rubric
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.meaning import Encoder, Vector


def _unit(*xs: float) -> Vector:
    n = math.sqrt(sum(x * x for x in xs))
    return tuple(x / n for x in xs)


class FakeEncoder:
    """Maps known texts (by a keyword) to hand-made directions: topic axes x, y and z."""

    name = "fake"

    def __init__(self, table: dict[str, Vector]) -> None:
        self.table = table
        self.reference_calls = 0

    def _vec(self, text: str) -> Vector:
        for key, vec in self.table.items():
            if key in text.lower():
                return vec
        return _unit(0, 0, 0, 1)

    def encode(self, texts: Sequence[str]) -> list[Vector]:
        return [self._vec(t) for t in texts]

    def encode_reference(self, texts: Sequence[str]) -> list[Vector]:
        self.reference_calls += 1
        return self.encode(texts)


QUESTION = Question("q", "How do you prevent overfitting?", "fundamentals", "technical", 60,
                    rubric=Rubric(
                        concepts=(Concept("dropout", "Dropout", ("dropout",),
                                          exemplars=("units are silenced at random",)),
                                  Concept("decay", "Weight decay", ("weight decay",))),
                        misconceptions=(Misconception(
                            "dropout_test", "Dropout at test time", ("dropout at test time",),
                            "Dropout is off at inference.",
                            exemplars=("the random silencing stays on for predictions",)),)))
FAKE = {
    "silenced at random": _unit(1, 0, 0, 0),   # the concept's exemplar
    "switch off random": _unit(0.95, 0.31, 0, 0),  # the answer says it in other words
    "stays on for predictions": _unit(0, 1, 0, 0),  # the false claim's exemplar
    "left on when": _unit(0.2, 0.98, 0, 0),  # the answer states the false claim
    "never left on": _unit(0.2, 0.98, 0, 0),  # ... or denies it
    "off at inference": _unit(0.5, 0.5, 0.7, 0),  # the correction
}


def test_a_concept_said_in_other_words_is_a_hit_with_its_reason() -> None:
    enc = FakeEncoder(FAKE)
    result = score_answer("We switch off random units while the network trains.",
                          question=QUESTION, encoder=enc)
    dropout = next(c for c in result.concepts if c.id == "dropout")
    assert dropout.status == "hit"
    assert dropout.how == "close in meaning to 'units are silenced at random' (0.95)"
    plain = score_answer("We switch off random units while the network trains.",
                         question=QUESTION)
    assert next(c for c in plain.concepts if c.id == "dropout").status == "missed"
    assert result.overall > plain.overall


def test_a_false_claim_in_other_words_costs_and_takes_the_concept_with_it() -> None:
    enc = FakeEncoder(FAKE)
    text = "Dropout is left on when the model makes its predictions, to be safe."
    result = score_answer(text, question=QUESTION, encoder=enc)
    (claim,) = result.misconceptions
    assert claim.id == "dropout_test" and not claim.negated
    assert claim.how is not None and claim.how.startswith(
        "close in meaning to 'the random silencing stays on for predictions' (0.98")
    dropout = next(c for c in result.concepts if c.id == "dropout")
    assert dropout.status == "missed" and "inside a false claim" in (dropout.how or "")
    assert "Stated 1 false claim" in result.components["accuracy"].explanation
    assert "Dropout is off at inference" in result.components["accuracy"].explanation


def test_a_denied_false_claim_is_not_penalised() -> None:
    result = score_answer("Dropout is never left on when the model predicts.",
                          question=QUESTION, encoder=FakeEncoder(FAKE))
    assert result.misconceptions == ()
    assert "Stated" not in result.components["accuracy"].explanation


def test_a_pattern_hit_in_a_sentence_that_means_the_truth_is_dropped() -> None:
    true_text = ("Dropout at test time is switched off, while in training units are silenced "
                 "at random.")
    rules = score_answer(true_text, question=QUESTION)
    assert [(m.id, m.negated) for m in rules.misconceptions] == [("dropout_test", False)]
    meaning = score_answer(true_text, question=QUESTION, encoder=FakeEncoder(FAKE))
    assert meaning.misconceptions == ()
    false_text = "Dropout at test time is left on when the model predicts."
    kept = score_answer(false_text, question=QUESTION, encoder=FakeEncoder(FAKE))
    assert [(m.id, m.negated, m.how) for m in kept.misconceptions] == [
        ("dropout_test", False, None)]  # found by its pattern, and kept


def test_deterministic_and_the_bank_is_encoded_as_reference() -> None:
    enc = FakeEncoder(FAKE)
    text = "We switch off random units. Dropout is left on when predicting."
    a = score_answer(text, question=QUESTION, encoder=enc)
    b = score_answer(text, question=QUESTION, encoder=enc)
    assert a.to_dict() == b.to_dict()
    assert enc.reference_calls > 0


# ------------------------------------------------------------------ the real encoder
CLAIMS = [  # claims of the kind the issue names, each alone as a whole answer
    ("q05", "Dropout stays on when the model makes predictions."),
    ("q06", "ResNet's skip connections are there to make the network smaller."),
    ("q05", "L2 regularisation makes the weights bigger so they learn faster."),
    ("q07", "Batch normalization normalizes the weights of every layer."),
]


@pytest.mark.parametrize(("qid", "text"), CLAIMS)
def test_confidently_wrong_claims_are_caught_and_score_low(
        bundled_questions: dict[str, Question], sentence_encoder: Encoder, qid: str,
        text: str) -> None:
    result = score_answer(text, question=bundled_questions[qid], encoder=sentence_encoder)
    assert [m.negated for m in result.misconceptions] == [False], result.misconceptions
    assert result.overall < 40


def test_a_strong_answer_in_own_words_beats_the_same_answer_with_false_claims(
        bundled_questions: dict[str, Question], sentence_encoder: Encoder) -> None:
    strong = ("Overfitting is when the network memorises the training set and does worse on "
              "data it has not seen. During training I randomly silence a fraction of the "
              "units so none can lean on a particular partner, and I add a penalty on the "
              "size of the weights. I watch the validation loss and stop once it has not "
              "improved for a few epochs, and I enlarge the data with flips and crops.")
    wrong = ("Overfitting is when the network memorises the training set. Dropout stays on "
             "when the model makes predictions. L2 regularisation makes the weights bigger so "
             "they learn faster. Training for more epochs is the best cure for overfitting.")
    q = bundled_questions["q05"]
    good = score_answer(strong, question=q, encoder=sentence_encoder)
    bad = score_answer(wrong, question=q, encoder=sentence_encoder)
    assert not [m for m in good.misconceptions if not m.negated], good.misconceptions
    assert good.overall >= 70
    assert bad.overall < 40


def test_a_true_sentence_holding_a_claims_words_is_not_called_false(
        bundled_questions: dict[str, Question], sentence_encoder: Encoder) -> None:
    # the words of "RMSProp averages the gradients" in order, with "squared" between them
    text = ("RMSProp keeps a running average of the squared gradients and divides each step by "
            "its root, so weights with big gradients take smaller steps.")
    q = bundled_questions["q08"]
    rules = score_answer(text, question=q)
    assert [m.id for m in rules.misconceptions if not m.negated] == ["rmsprop_momentum"]
    meaning = score_answer(text, question=q, encoder=sentence_encoder)
    assert not [m for m in meaning.misconceptions if not m.negated], meaning.misconceptions


CORRECT_SHORT = [  # correct answers close in topic to a bank claim (each was once flagged)
    ("q05", "To prevent overfitting, I use early stopping and data augmentation."),
    ("q05", "For example, on a small image data set I added dropout and weight decay, and the "
            "validation loss stopped rising after that."),
    ("q05", "for example on a small image data set i added dropout and wait the k and the "
            "validation last stop rising after that"),  # as tiny.en heard it
]


@pytest.mark.parametrize(("qid", "text"), CORRECT_SHORT)
def test_a_correct_answer_near_a_claim_in_topic_is_not_called_false(
        bundled_questions: dict[str, Question], sentence_encoder: Encoder, qid: str,
        text: str) -> None:
    result = score_answer(text, question=bundled_questions[qid], encoder=sentence_encoder)
    assert not [m for m in result.misconceptions if not m.negated], result.misconceptions


def test_claim_anchors_are_words_only_the_claim_uses(
        bundled_questions: dict[str, Question]) -> None:
    from interviewer.core.scoring.by_meaning import claim_anchors
    from interviewer.core.scoring.text import stem

    rubric = bundled_questions["q05"].rubric
    assert rubric is not None
    anchors = claim_anchors(rubric)
    assert {stem("eliminates"), stem("completely")} <= anchors["guaranteed_elimination"]
    for words in anchors.values():
        assert stem("overfitting") not in words and stem("dropout") not in words


def test_words_that_frame_or_hedge_a_sentence_are_no_anchor(
        bundled_questions: dict[str, Question]) -> None:
    # "it's basically...", "kind of", "because", "in every case" say how something is said, not
    # which claim it is: a vague true sentence holding one is no false claim by that word
    from interviewer.core.scoring.by_meaning import claim_anchors
    from interviewer.core.scoring.text import stem, stems_of

    framing = {stem(w) for w in ("basically", "kind", "because", "case")}
    worded = set()
    for q in bundled_questions.values():
        if q.rubric is None:
            continue
        for m in q.rubric.misconceptions:
            worded |= framing & set(stems_of(" ".join((m.label, *m.patterns, *m.exemplars))))
        for words in claim_anchors(q.rubric).values():
            assert not framing & words
    assert worded == framing  # the bank's claims do use them
