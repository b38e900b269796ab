"""Question bank types. Loading and validation live in :mod:`interviewer.core.bank`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["technical", "behavioral"]
KINDS: tuple[Kind, ...] = ("technical", "behavioral")


@dataclass(frozen=True)
class Concept:
    """A key idea a good technical answer mentions.

    ``aliases`` are accepted paraphrases and spellings; ``mishearings`` are what speech
    recognition tends to write instead (e.g. "res net", "atom" for Adam); ``exemplars`` are
    whole sentences that state the idea in other words (matched by meaning when the scorer has
    an encoder); ``follow_up`` is what the interviewer asks when an answer misses it.
    """

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    mishearings: tuple[str, ...] = ()
    weight: float = 1.0
    exemplars: tuple[str, ...] = ()
    follow_up: str = ""


@dataclass(frozen=True)
class Misconception:
    """A classic wrong statement; ``patterns`` are phrases that express it, ``exemplars`` whole
    sentences that claim it (matched by meaning when the scorer has an encoder);
    ``follow_up`` is what the interviewer asks when an answer states it."""

    id: str
    label: str
    patterns: tuple[str, ...]
    correction: str
    exemplars: tuple[str, ...] = ()
    follow_up: str = ""


@dataclass(frozen=True)
class Rubric:
    concepts: tuple[Concept, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()


FOLLOW_UP_KEYS: tuple[str, ...] = ("situation", "task", "action", "result", "own_part",
                                    "example")


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    category: str
    kind: Kind
    target_s: int
    guidance: str = ""
    tip: str = ""
    rubric: Rubric | None = None
    bank_id: str = ""
    bank_version: str = ""
    follow_ups: tuple[tuple[str, str], ...] = ()
    """The bank's own wording for the generic follow-ups, as (key, text) pairs; the keys are
    :data:`FOLLOW_UP_KEYS`."""

    def follow_up_text(self, key: str) -> str:
        for k, text in self.follow_ups:
            if k == key:
                return text
        return ""


@dataclass(frozen=True)
class QuestionBank:
    id: str
    title: str
    version: str
    source: str
    questions: tuple[Question, ...]
    path: str = ""

    def get(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    @property
    def categories(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for q in self.questions:
            seen.setdefault(q.category, None)
        return tuple(seen)
