"""Meaning as a second source of evidence: the encoder protocol and vector helpers.

The scorer stays pure: it never loads a model. Whoever builds it (CLI, GUI) may pass an
:class:`Encoder`, an object that turns sentences into unit vectors (the app's is
``interviewer.meaning.encoder.MiniLMEncoder``). Without one, scoring uses its word rules only and
the result says so.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

Vector = tuple[float, ...]


@runtime_checkable
class Encoder(Protocol):
    """Sentences -> L2-normalised vectors; the same text always gives the same vector.

    ``encode`` is for the answer's sentences; ``encode_reference`` for the bank's own
    sentences (exemplars, corrections), which an implementation may keep between runs."""

    name: str

    def encode(self, texts: Sequence[str]) -> list[Vector]: ...

    def encode_reference(self, texts: Sequence[str]) -> list[Vector]: ...


def dot(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine similarity of two unit vectors (summed left to right, so the same vectors always
    give the same value; a C-level loop: matching sentences against exemplars is most of the
    scorer's time)."""
    if len(a) != len(b):
        raise ValueError(f"vectors of {len(a)} and {len(b)} dimensions")
    return float(sum(map(operator.mul, a, b)))


def best_match(vec: Vector, candidates: Sequence[Vector]) -> tuple[int, float]:
    """(index, similarity) of the candidate closest to ``vec``; (-1, -1.0) if none."""
    best, at = -1.0, -1
    for i, c in enumerate(candidates):
        s = dot(vec, c)
        if s > best:
            best, at = s, i
    return at, best


def quote(text: str, limit: int = 60) -> str:
    """A short quotation of an exemplar for a reason a person reads."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
