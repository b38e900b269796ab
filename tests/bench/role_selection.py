"""Choosing the STAR-role classifier's settings by leave-one-author-out cross-validation.

The corpus is split by author, and one author's dev split is a small, noisy yardstick: settings
chosen on it alone did worse for the other authors. So every setting (regularisation, weight of
the transition costs, pseudo-count of the transitions) is scored by the sentence-role accuracy
on each author of train + dev in turn, trained on the others, and the best pooled accuracy
wins. The test split is never read.

The held-out accuracy is computed as the scorer decodes (:func:`star_model.decode`): the same
emission log-probabilities, the same bonus for strong textbook cues, the same Viterbi path; the
emissions are computed with numpy here (once per fit) so that the grid runs in minutes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from interviewer.core.scoring.star_model import CLASSES, CUE_BONUS, STRONG_CUE

# (norm texts, rule features, meaning vectors or None, gold class indexes) of one story
Unit = tuple[list[str], np.ndarray, np.ndarray | None, np.ndarray]


def emissions(fit: dict[str, object], x: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """Per row, the normalised log-probabilities :func:`star_model.decode` uses."""
    mean, scale = np.array(fit["mean"]), np.array(fit["scale"])
    w, b = np.array(fit["weights"]), np.array(fit["bias"])
    logits = ((x - mean) / scale) @ w.T + b
    e = logits - _logsumexp(logits)
    for c in range(4):
        strong = (feats[:, 4 + c] == 1.0) & (feats[:, c] * 4.0 >= STRONG_CUE)
        e[strong, c] += CUE_BONUS
    return e - _logsumexp(e)


def _logsumexp(a: np.ndarray) -> np.ndarray:
    top = a.max(1, keepdims=True)
    return top + np.log(np.exp(a - top).sum(1, keepdims=True))


def fast_accuracy(model_dict: dict[str, object], name: str, data: Sequence[Unit],
                  rows: Callable[[Unit], np.ndarray]) -> float:
    """Sentence-role accuracy of a trained model (as a dict) computed the fast way."""
    fit = model_dict[name]
    assert isinstance(fit, dict)
    start, trans = np.array(model_dict["start"]), np.array(model_dict["transitions"])
    hits = sum(int((viterbi(emissions(fit, rows(u), u[1]), start, trans,
                            float(fit["transition_weight"])) == u[3]).sum()) for u in data)
    return hits / sum(len(u[3]) for u in data)


def viterbi(e: np.ndarray, start: np.ndarray, trans: np.ndarray, lam: float) -> np.ndarray:
    """The best role path for one story's emissions (as :func:`star_model.decode`)."""
    score = e[0] + lam * start
    back = []
    for row in e[1:]:
        options = score[:, None] + lam * trans
        prev = options.argmax(0)
        score = options[prev, np.arange(len(CLASSES))] + row
        back.append(prev)
    path = [int(score.argmax())]
    for prev in reversed(back):
        path.append(int(prev[path[-1]]))
    return np.array(path[::-1])


def cross_validate(by_author: dict[str, list[Unit]], rows: Callable[[Unit], np.ndarray], *,
                   fit_softmax: Callable[[np.ndarray, np.ndarray, float], dict[str, object]],
                   transitions: Callable[[list[Unit], float], tuple[list[float],
                                                                   list[list[float]]]],
                   l2s: Sequence[float], weights: Sequence[float], smoothings: Sequence[float]
                   ) -> dict[tuple[float, float, float], float]:
    """Held-out sentence-role accuracy (pooled over the authors) for every (l2, transition
    weight, smoothing)."""
    right: dict[tuple[float, float, float], list[int]] = {}
    total = 0
    for held in sorted(by_author):
        train = [u for a, us in by_author.items() if a != held for u in us]
        test = by_author[held]
        x = np.concatenate([rows(u) for u in train])
        y = np.concatenate([u[3] for u in train])
        counted = {s: transitions(train, s) for s in smoothings}
        total += sum(len(u[3]) for u in test)
        for l2 in l2s:
            fit = fit_softmax(x, y, l2)
            emitted = [emissions(fit, rows(u), u[1]) for u in test]
            for lam, s in itertools.product(weights, smoothings):
                start, trans = (np.array(t) for t in counted[s])
                hits = sum(int((viterbi(e, start, trans, lam) == u[3]).sum())
                           for e, u in zip(emitted, test, strict=True))
                right.setdefault((l2, lam, s), []).append(hits)
    return {k: sum(v) / total for k, v in right.items()}
