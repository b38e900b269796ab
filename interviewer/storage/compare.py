"""Comparing two attempts: score and component deltas, concepts gained and lost, and a
word-level transcript difference (difflib)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from interviewer.storage.records import AttemptRecord


@dataclass(frozen=True)
class ComponentDelta:
    name: str
    a: float | None
    b: float | None
    max: float | None
    delta: float | None


@dataclass(frozen=True)
class DiffChunk:
    """One run of the word diff: ``op`` is equal, insert, delete or replace."""

    op: str
    a_text: str
    b_text: str


@dataclass(frozen=True)
class AttemptComparison:
    a_id: str
    b_id: str
    a_overall: int | None
    b_overall: int | None
    overall_delta: int | None
    components: tuple[ComponentDelta, ...]
    concepts_gained: tuple[str, ...]  # labels covered in b, not in a
    concepts_lost: tuple[str, ...]  # covered in a, not in b
    concepts_kept: tuple[str, ...]
    transcript_diff: tuple[DiffChunk, ...]
    word_similarity: float  # difflib ratio of the two word sequences, 0..1

    def to_dict(self) -> dict[str, Any]:
        return {
            "a_id": self.a_id, "b_id": self.b_id, "a_overall": self.a_overall,
            "b_overall": self.b_overall, "overall_delta": self.overall_delta,
            "components": [c.__dict__ for c in self.components],
            "concepts_gained": list(self.concepts_gained),
            "concepts_lost": list(self.concepts_lost),
            "concepts_kept": list(self.concepts_kept),
            "transcript_diff": [c.__dict__ for c in self.transcript_diff],
            "word_similarity": self.word_similarity,
        }


def _covered(record: AttemptRecord) -> dict[str, str]:
    """Concept id -> label for the concepts the attempt's score marks as hit."""
    concepts = (record.score or {}).get("concepts") or []
    return {str(c["id"]): str(c.get("label") or c["id"]) for c in concepts
            if isinstance(c, dict) and c.get("status") == "hit"}


def _components(record: AttemptRecord) -> dict[str, dict[str, Any]]:
    comps = (record.score or {}).get("components") or {}
    return {k: v for k, v in comps.items() if isinstance(v, dict)}


def word_diff(a_text: str, b_text: str) -> tuple[tuple[DiffChunk, ...], float]:
    a_words, b_words = a_text.split(), b_text.split()
    matcher = difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False)
    chunks = tuple(DiffChunk(op, " ".join(a_words[i1:i2]), " ".join(b_words[j1:j2]))
                   for op, i1, i2, j1, j2 in matcher.get_opcodes())
    return chunks, round(matcher.ratio(), 4)


def compare_attempts(a: AttemptRecord, b: AttemptRecord) -> AttemptComparison:
    ca, cb = _components(a), _components(b)
    components = []
    for name in dict.fromkeys([*ca, *cb]):
        sa = ca.get(name, {}).get("score")
        sb = cb.get(name, {}).get("score")
        mx = (cb.get(name) or ca.get(name) or {}).get("max")
        components.append(ComponentDelta(
            name, sa, sb, mx, None if sa is None or sb is None else round(sb - sa, 2)))
    hit_a, hit_b = _covered(a), _covered(b)
    chunks, ratio = word_diff(a.transcript.text if a.transcript else "",
                              b.transcript.text if b.transcript else "")
    return AttemptComparison(
        a_id=a.attempt_id, b_id=b.attempt_id, a_overall=a.overall, b_overall=b.overall,
        overall_delta=None if a.overall is None or b.overall is None else b.overall - a.overall,
        components=tuple(components),
        concepts_gained=tuple(label for cid, label in hit_b.items() if cid not in hit_a),
        concepts_lost=tuple(label for cid, label in hit_a.items() if cid not in hit_b),
        concepts_kept=tuple(label for cid, label in hit_b.items() if cid in hit_a),
        transcript_diff=chunks, word_similarity=ratio,
    )
