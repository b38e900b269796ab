"""The role classifier's inputs (neighbours, centred meaning) and the trainer's fast decoding."""

from __future__ import annotations

import math
import random

import numpy as np

from interviewer.core.scoring.star_model import (
    CLASSES,
    RULE_FEATURES,
    StarModel,
    bundled_model,
    centred,
    decode,
    inputs,
    with_neighbours,
)
from tests.bench.role_selection import emissions, viterbi


def test_neighbours_are_zero_at_the_ends():
    rows = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert with_neighbours(rows) == [[1, 2, 0, 0, 3, 4], [3, 4, 1, 2, 5, 6], [5, 6, 3, 4, 0, 0]]
    assert with_neighbours([]) == []


def test_centred_vectors_sum_to_zero_and_keep_differences():
    vecs = [[1.0, 0.0], [0.0, 2.0], [2.0, 4.0]]
    out = centred(vecs)
    assert all(math.isclose(sum(col), 0.0, abs_tol=1e-12) for col in zip(*out, strict=True))
    assert math.isclose(out[2][1] - out[0][1], 4.0)


def test_inputs_layout():
    feats = [[0.5] * 3, [0.25] * 3]
    vecs = [[1.0, 2.0], [3.0, 4.0]]
    rows = inputs(feats, vecs, context=True, centre=True)
    assert len(rows[0]) == 3 * 3 + 2 * 3 + 2  # rules x3, meaning x3, centred
    assert rows[0][-2:] == [-1.0, -1.0]
    assert inputs(feats, None, context=True, centre=True) == with_neighbours(feats)
    assert inputs(feats, vecs, context=False, centre=False) == [[*f, *v] for f, v in
                                                              zip(feats, vecs, strict=True)]


def test_the_bundled_model_reads_context_with_the_sizes_it_was_trained_on():
    model = bundled_model()
    assert model.meaning is not None
    n_rules = len(RULE_FEATURES) * (3 if model.context else 1)
    assert len(model.rules.mean) == n_rules
    assert len(model.meaning.mean) == n_rules + 384 * ((3 if model.context else 1)
                                                       + model.centred)


def test_the_trainers_fast_decoding_is_the_scorers():
    """The settings grid decodes with numpy: the same paths as :func:`decode`."""
    rng = random.Random(3)
    k, n_feat = len(CLASSES), len(RULE_FEATURES)

    def linear(d: int) -> dict[str, object]:
        return {"mean": [0.0] * d, "scale": [1.0] * d,
                "weights": [[rng.gauss(0, 1) for _ in range(d)] for _ in range(k)],
                "bias": [rng.gauss(0, 1) for _ in range(k)], "transition_weight": 0.7}

    trans = [[math.log(rng.random() + 0.01) for _ in range(k)] for _ in range(k)]
    as_dict = {"start": [math.log(1 / k)] * k, "transitions": trans, "context": True,
               "centred": False, "rules": linear(n_feat * 3), "meaning": None}
    model = StarModel.from_dict(as_dict)
    for _ in range(30):
        n = rng.randint(1, 9)
        feats = [[float(rng.random() < 0.3) if 4 <= j < 9 else rng.uniform(0, 3)
                  for j in range(n_feat)] for _ in range(n)]
        got = [CLASSES.index(d.label or "other") for d in decode(model, feats, None)]
        x = np.array(inputs(feats, None, context=True, centre=False))
        e = emissions(as_dict["rules"], x, np.array(feats))  # type: ignore[arg-type]
        fast = viterbi(e, np.array(as_dict["start"]), np.array(trans), 0.7)
        assert got == fast.tolist()
