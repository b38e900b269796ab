"""STAR roles from context: a small trained classifier per sentence, decoded over the whole story.

Each sentence (or spoken clause) gets features:
- the word rules of :mod:`.star` (their score for each part and their own label), its position
  in the answer, first person / "we" / hypothetical "would", a quantity, its length;
- with an encoder, the sentence's meaning vector too (all-MiniLM-L6-v2, 384 numbers);
- the same for the sentence before and the one after (a role shows in its neighbours), and
  the sentence's vector less the story's mean vector (what it says beyond the story's topic).
  Chosen by leave-one-author-out cross-validation over the train and dev splits (5 authors):
  sentence-role accuracy 0.800 -> 0.818, part F1 0.943 -> 0.960, complete-vs-incomplete AUC
  0.80 -> 0.89; two neighbours on each side, or centring the neighbours too, did worse.

A multinomial logistic regression (trained on the corpus's train split by
``python -m tests.bench.train_star_model``; weights in ``star_model.json`` beside this file)
turns them into a probability per role (situation, task, action, result, other). The story is
then labelled as a whole (Viterbi): stories usually run Situation -> Task -> Action -> Result, so
the learned transition costs make a back-step expensive but possible, and a sentence between the
scene and the outcome that says what someone did becomes an action without a listed verb.

Pure Python: no numpy at run time (a few thousand multiply-adds per sentence).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from interviewer.core.scoring.meaning import Vector, best_match, quote
from interviewer.core.scoring.quantities import find_quantities

CLASSES = ("situation", "task", "action", "result", "other")
_FIRST = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself"})
_TEAM = frozenset({"we", "we're", "we've", "we'd", "we'll", "us", "our", "ourselves"})
_HYPOTHETICAL = re.compile(r"\b(?:i|we|you) (?:would|'d|might|could|should|will|'ll)\b|"
                           r"\bi'd\b|\bwhat i would\b|\bif i (?:were|was|had)\b")
_PRESENT_I = re.compile(r"\bi (?:am|'m|go|say|tell|ask|start|decide|call|write|open|look|"
                        r"try|get|think|sit|talk|check|build|put|make|take)\b")
STRONG_CUE = 2.5  # rule score at which the word rules themselves label a sentence
CUE_BONUS = 1.0  # log-odds added to that part (costs 0.4-1.2 points on the corpus)
QUOTE_MIN = 0.4  # a training sentence is quoted in a reason only when at least this close
# a story may skip parts (a situation straight to its result): no start or step between roles
# may cost more than this (its weight times its log probability) in decoding
MAX_STEP_COST = 5.0
RULE_FEATURES = ("rule_situation", "rule_task", "rule_action", "rule_result",
                 "is_situation", "is_task", "is_action", "is_result", "is_none",
                 "position", "position_sq", "first", "last", "first_person", "starts_i",
                 "team", "hypothetical", "present_i", "quantity", "length")


def rule_features(norm: str, rule_scores: dict[str, float], rule_label: str | None,
                  index: int, count: int) -> list[float]:
    """The non-meaning features of one sentence (names in :data:`RULE_FEATURES`)."""
    words = norm.split()
    p = index / (count - 1) if count > 1 else 0.0
    return [
        *(min(rule_scores.get(k, 0.0), 8.0) / 4.0 for k in CLASSES[:4]),
        *(1.0 if rule_label == k else 0.0 for k in CLASSES[:4]),
        1.0 if rule_label is None else 0.0,
        p, p * p, 1.0 if index == 0 else 0.0, 1.0 if index == count - 1 else 0.0,
        1.0 if any(w in _FIRST for w in words) else 0.0,
        1.0 if words[:1] == ["i"] or words[:2] in (["so", "i"], ["and", "i"], ["then", "i"])
        else 0.0,
        1.0 if any(w in _TEAM for w in words) else 0.0,
        1.0 if _HYPOTHETICAL.search(norm) else 0.0,
        1.0 if _PRESENT_I.search(norm) else 0.0,
        1.0 if find_quantities(norm) else 0.0,
        math.log1p(len(words)) / 3.0,
    ]


@dataclass(frozen=True)
class _Linear:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class
    bias: tuple[float, ...]
    transition_weight: float

    def log_probs(self, x: Sequence[float]) -> list[float]:
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        logits = [b + math.fsum(w * v for w, v in zip(row, z, strict=True))
                  for row, b in zip(self.weights, self.bias, strict=True)]
        top = max(logits)
        norm = top + math.log(math.fsum(math.exp(v - top) for v in logits))
        return [v - norm for v in logits]


@dataclass(frozen=True)
class StarModel:
    rules: _Linear
    meaning: _Linear | None
    start: tuple[float, ...]  # log P(first role)
    transitions: tuple[tuple[float, ...], ...]  # log P(role | previous role)
    prototypes: dict[str, tuple[str, ...]]  # training sentences quoted in reasons
    version: str
    context: bool = False  # the classifier also reads the sentences before and after
    centred: bool = False  # and each meaning vector less the story's mean vector

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StarModel:
        def linear(m: dict[str, Any]) -> _Linear:
            return _Linear(tuple(m["mean"]), tuple(m["scale"]),
                           tuple(tuple(r) for r in m["weights"]), tuple(m["bias"]),
                           float(m["transition_weight"]))
        return cls(linear(d["rules"]), linear(d["meaning"]) if d.get("meaning") else None,
                   tuple(d["start"]), tuple(tuple(r) for r in d["transitions"]),
                   {k: tuple(v) for k, v in (d.get("prototypes") or {}).items()},
                   str(d.get("version", "0")), bool(d.get("context", False)),
                   bool(d.get("centred", False)))


def with_neighbours(rows: Sequence[Sequence[float]]) -> list[list[float]]:
    """Each row followed by the previous and the next row (zeros at the ends): a sentence's
    role shows in its neighbours too (the scene before an action, the action before a result)."""
    if not rows:
        return []
    zero = [0.0] * len(rows[0])
    return [[*row, *(rows[i - 1] if i else zero), *(rows[i + 1] if i + 1 < len(rows) else zero)]
            for i, row in enumerate(rows)]


def centred(vectors: Sequence[Vector]) -> list[list[float]]:
    """Each vector less the mean of the story's vectors: what a sentence says beyond the
    story's topic (the topic differs from story to story; the roles do not)."""
    if not vectors:
        return []
    mean = [math.fsum(col) / len(vectors) for col in zip(*vectors, strict=True)]
    return [[a - b for a, b in zip(v, mean, strict=True)] for v in vectors]


def inputs(features: Sequence[Sequence[float]], vectors: Sequence[Vector] | None, *,
           context: bool, centre: bool) -> list[list[float]]:
    """The classifier's input per sentence: the rule features (with the neighbours' when
    ``context``), then, given meaning vectors, the vector (with the neighbours'), then the
    centred vector when ``centre``."""
    rules = with_neighbours(features) if context else [list(f) for f in features]
    if vectors is None:
        return rules
    meaning = with_neighbours(vectors) if context else [list(v) for v in vectors]
    if centre:
        meaning = [[*m, *c] for m, c in zip(meaning, centred(vectors), strict=True)]
    return [[*r, *m] for r, m in zip(rules, meaning, strict=True)]


def steps_stay_possible(weight: float, start: Sequence[float],
                        trans: Sequence[Sequence[float]]) -> bool:
    """Whether no start or step between roles costs more than :data:`MAX_STEP_COST` in
    decoding (``weight`` times its log probability)."""
    return (weight * min(min(row) for row in trans) > -MAX_STEP_COST
            and weight * min(start) > -MAX_STEP_COST)


def model_inputs(model: StarModel, features: Sequence[Sequence[float]],
                 vectors: Sequence[Vector] | None) -> list[list[float]]:
    """:func:`inputs` as ``model`` reads them (the meaning part only with a meaning model)."""
    return inputs(features, vectors if model.meaning is not None else None,
                  context=model.context, centre=model.centred)


@cache
def bundled_model() -> StarModel:
    """The trained model shipped with the package."""
    text = resources.files("interviewer.core.scoring").joinpath("star_model.json").read_text(
        encoding="utf-8")
    return StarModel.from_dict(json.loads(text))


@dataclass(frozen=True)
class RoleDecision:
    label: str | None  # None for "other"
    probability: float
    runner_up: str | None
    runner_up_probability: float


def decode(model: StarModel, features: Sequence[Sequence[float]],
           vectors: Sequence[Vector] | None) -> list[RoleDecision]:
    """The most likely sequence of roles for a whole story (Viterbi over the sentences)."""
    linear = model.meaning if vectors is not None and model.meaning is not None else model.rules
    emissions = []
    for f, x in zip(features, model_inputs(model, features, vectors), strict=True):
        e = linear.log_probs(x)
        # a strong textbook cue ("my task was", "as a result") is trusted beyond what the
        # corpus, written mostly without such cues, taught the classifier
        for c in range(4):
            if f[4 + c] == 1.0 and f[c] * 4.0 >= STRONG_CUE:
                e[c] += CUE_BONUS
        top = max(e)
        norm = top + math.log(math.fsum(math.exp(v - top) for v in e))
        emissions.append([v - norm for v in e])
    if not emissions:
        return []
    lam = linear.transition_weight
    n_cls = len(CLASSES)
    score = [emissions[0][c] + lam * model.start[c] for c in range(n_cls)]
    back: list[list[int]] = []
    for e in emissions[1:]:
        step, ptr = [], []
        for c in range(n_cls):
            options = [score[p] + lam * model.transitions[p][c] for p in range(n_cls)]
            prev = options.index(max(options))
            step.append(options[prev] + e[c])
            ptr.append(prev)
        score, back = step, [*back, ptr]
    path = [max(range(n_cls), key=lambda c: score[c])]
    for ptr in reversed(back):
        path.append(ptr[path[-1]])
    path.reverse()
    out = []
    for c, e in zip(path, emissions, strict=True):
        probs = [math.exp(v) for v in e]
        order = sorted(range(n_cls), key=lambda k: -probs[k])
        second = next(k for k in order if k != c)
        out.append(RoleDecision(None if CLASSES[c] == "other" else CLASSES[c], probs[c],
                                None if CLASSES[second] == "other" else CLASSES[second],
                                probs[second]))
    return out


def closest_prototype(model: StarModel, role: str, vector: Vector,
                      prototype_vectors: dict[str, list[Vector]]) -> str | None:
    """"close in meaning to '...' (0.81)" for a reason, or None."""
    texts = model.prototypes.get(role) or ()
    vecs = prototype_vectors.get(role) or []
    if not texts or len(vecs) != len(texts):
        return None
    at, sim = best_match(vector, vecs)
    if at < 0 or sim < QUOTE_MIN:
        return None
    return f"close in meaning to '{quote(texts[at])}' ({sim:.2f})"
