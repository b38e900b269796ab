"""The question's technical vocabulary, and biasing recognition towards it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from interviewer.core.transcript import Segment

if TYPE_CHECKING:
    from interviewer.core.questions import Question


def terms_for(question: Question | None) -> list[str]:
    return []


def glossary_prompt(terms: Sequence[str]) -> str:
    return "Glossary: " + ", ".join(terms) + "."


def correct_segments(segments: Sequence[Segment], terms: Sequence[str]) -> list[Segment]:
    return list(segments)
