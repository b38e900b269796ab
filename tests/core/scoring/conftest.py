"""Questions for the scoring tests, built directly so they do not depend on the bank file."""

from __future__ import annotations

import pytest

from interviewer.core.questions import Concept, Misconception, Question, Rubric


@pytest.fixture
def story_question() -> Question:
    return Question("q16", "Can you walk us through a deep learning project you've worked on?",
                    "experienced", "behavioral", 120)


@pytest.fixture
def bn_question() -> Question:
    """A batch-norm question with aliases, mis-hearings and a misconception."""
    return Question(
        "bn", "Explain Batch Normalization.", "fundamentals", "technical", 75,
        rubric=Rubric(
            concepts=(
                Concept("bn", "batch normalization", ("batch norm", "batchnorm"),
                        ("bat norm",)),
                Concept("stats", "mean and variance of the mini-batch",
                        ("mean and variance", "batch statistics")),
                Concept("gamma", "learnable scale and shift", ("gamma and beta",)),
                Concept("resnet", "residual networks", ("resnet", "residual connections"),
                        ("res net",)),
                Concept("dropout", "dropout", (), ("drop out",)),
                Concept("adam", "adam", ("adam optimizer",), ("atom",)),
                Concept("relu", "relu", ("rectified linear unit",), ("re lu",)),
            ),
            misconceptions=(
                Misconception("weights", "normalises the weights",
                              ("batch norm normalises the weights",),
                              "It normalises each layer's activations, not its weights."),
            ),
        ),
    )


@pytest.fixture(scope="session")
def bundled_questions() -> dict[str, Question]:
    from interviewer.core.bank import load_bundled_bank

    return {q.id: q for q in load_bundled_bank().questions}
