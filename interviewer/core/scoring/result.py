"""The scorer's output types and their JSON form (the ``score --json`` contract in DESIGN.md).

Every type is a frozen dataclass with ``to_dict``/``from_dict``. Fields that do not apply are
``None`` or empty, never missing, so a reader can rely on every key being there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interviewer.core.scoring.voice import Voice

STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")
STRUCTURE_PARTS: tuple[str, ...] = ("definition", "mechanism", "example", "trade_off")


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Component:
    """One named part of the overall score."""

    score: float
    max: float
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "max": self.max, "explanation": self.explanation}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Component:
        return cls(float(d["score"]), float(d["max"]), str(d.get("explanation", "")))


@dataclass(frozen=True)
class StarPart:
    """Whether one STAR part was told, with the sentences that tell it (and their indexes)."""

    present: bool = False
    evidence: tuple[str, ...] = ()
    sentence_indexes: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"present": self.present, "evidence": list(self.evidence),
                "sentence_indexes": list(self.sentence_indexes)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StarPart:
        return cls(bool(d.get("present", False)), tuple(str(e) for e in d.get("evidence") or ()),
                   tuple(int(i) for i in d.get("sentence_indexes") or ()))


@dataclass(frozen=True)
class StarAnalysis:
    """STAR parts of a story. For technical answers every part is absent and the rest is null."""

    situation: StarPart = StarPart()
    task: StarPart = StarPart()
    action: StarPart = StarPart()
    result: StarPart = StarPart()
    order_ok: bool | None = None
    balance: dict[str, float] | None = None
    balance_note: str | None = None
    i_count: int = 0
    we_count: int = 0
    i_we_ratio: float | None = None
    quantified_results: tuple[str, ...] = ()

    def part(self, name: str) -> StarPart:
        part: StarPart = getattr(self, name)
        return part

    @property
    def present_parts(self) -> tuple[str, ...]:
        return tuple(p for p in STAR_PARTS if self.part(p).present)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {p: self.part(p).to_dict() for p in STAR_PARTS}
        d.update({
            "order_ok": self.order_ok,
            "balance": dict(self.balance) if self.balance is not None else None,
            "balance_note": self.balance_note,
            "i_count": self.i_count,
            "we_count": self.we_count,
            "i_we_ratio": self.i_we_ratio,
            "quantified_results": list(self.quantified_results),
        })
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StarAnalysis:
        balance = d.get("balance")
        order_ok = d.get("order_ok")
        return cls(
            **{p: StarPart.from_dict(d.get(p) or {}) for p in STAR_PARTS},
            order_ok=None if order_ok is None else bool(order_ok),
            balance={str(k): float(v) for k, v in balance.items()} if balance is not None
            else None,
            balance_note=_opt_str(d.get("balance_note")),
            i_count=int(d.get("i_count", 0)),
            we_count=int(d.get("we_count", 0)),
            i_we_ratio=_opt_float(d.get("i_we_ratio")),
            quantified_results=tuple(str(q) for q in d.get("quantified_results") or ()),
        )


@dataclass(frozen=True)
class SentenceLabel:
    """One sentence (or spoken clause) with its STAR label and why it got it.

    ``also`` lists other STAR parts a run-on clause clearly carries too; ``structure`` the
    technical-structure parts (definition, mechanism, example, trade_off) it shows.
    """

    index: int
    text: str
    label: str | None
    why: str
    start_s: float | None = None
    end_s: float | None = None
    structure: tuple[str, ...] = ()
    also: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "label": self.label, "why": self.why,
                "start_s": self.start_s, "end_s": self.end_s,
                "structure": list(self.structure), "also": list(self.also)}

    @classmethod
    def from_dict(cls, d: dict[str, Any], index: int = 0) -> SentenceLabel:
        return cls(int(d.get("index", index)), str(d.get("text", "")), _opt_str(d.get("label")),
                   str(d.get("why", "")), _opt_float(d.get("start_s")),
                   _opt_float(d.get("end_s")), tuple(str(s) for s in d.get("structure") or ()),
                   tuple(str(s) for s in d.get("also") or ()))


@dataclass(frozen=True)
class ConceptResult:
    """Whether a rubric concept was said: ``hit``, ``possible`` (a weak match) or ``missed``."""

    id: str
    label: str
    status: str
    matched: str | None = None
    at_s: float | None = None
    weight: float = 1.0
    evidence: int | None = None
    how: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "status": self.status,
                "matched": self.matched, "at_s": self.at_s, "weight": self.weight,
                "evidence": self.evidence, "how": self.how}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ConceptResult:
        return cls(str(d["id"]), str(d.get("label", d["id"])), str(d.get("status", "missed")),
                   _opt_str(d.get("matched")), _opt_float(d.get("at_s")),
                   float(d.get("weight", 1.0)), _opt_int(d.get("evidence")),
                   _opt_str(d.get("how")))


@dataclass(frozen=True)
class MisconceptionResult:
    """A classic wrong statement found in the answer; ``negated`` ones are not penalised."""

    id: str
    label: str
    matched: str
    negated: bool
    correction: str
    evidence: int | None = None
    at_s: float | None = None
    how: str | None = None  # why it counts: the pattern, or the claim it is close in meaning to

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "matched": self.matched,
                "negated": self.negated, "correction": self.correction,
                "evidence": self.evidence, "at_s": self.at_s, "how": self.how}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MisconceptionResult:
        return cls(str(d["id"]), str(d.get("label", "")), str(d.get("matched", "")),
                   bool(d.get("negated", False)), str(d.get("correction", "")),
                   _opt_int(d.get("evidence")), _opt_float(d.get("at_s")),
                   _opt_str(d.get("how")))


@dataclass(frozen=True)
class StructurePart:
    """One part of a technical explanation (definition, mechanism, example, trade-off)."""

    present: bool = False
    evidence: tuple[str, ...] = ()
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"present": self.present, "evidence": list(self.evidence), "cue": self.cue}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StructurePart:
        return cls(bool(d.get("present", False)),
                   tuple(str(e) for e in d.get("evidence") or ()), _opt_str(d.get("cue")))


@dataclass(frozen=True)
class FillerStats:
    count: int = 0
    per_min: float | None = None
    per_100_words: float | None = None
    items: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"count": self.count, "per_min": self.per_min,
                "per_100_words": self.per_100_words, "items": dict(self.items)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FillerStats:
        return cls(int(d.get("count", 0)), _opt_float(d.get("per_min")),
                   _opt_float(d.get("per_100_words")),
                   {str(k): int(v) for k, v in (d.get("items") or {}).items()})


@dataclass(frozen=True)
class Pause:
    start_s: float
    duration_s: float

    def to_dict(self) -> dict[str, Any]:
        return {"start_s": self.start_s, "duration_s": self.duration_s}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Pause:
        return cls(float(d["start_s"]), float(d["duration_s"]))


@dataclass(frozen=True)
class Delivery:
    """How the answer sounded. Time-based fields are ``None`` for untimed text."""

    words: int = 0
    speaking_s: float | None = None
    wpm: float | None = None
    fillers: FillerStats = FillerStats()
    hedges: int = 0
    hedge_items: dict[str, int] = field(default_factory=dict)
    long_pauses: tuple[Pause, ...] | None = None
    first_word_s: float | None = None
    duration_s: float | None = None
    target_s: int | None = None
    length_note: str | None = None
    timed: bool = False
    bands: dict[str, list[float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words, "speaking_s": self.speaking_s, "wpm": self.wpm,
            "fillers": self.fillers.to_dict(), "hedges": self.hedges,
            "hedge_items": dict(self.hedge_items),
            "long_pauses": [p.to_dict() for p in self.long_pauses]
            if self.long_pauses is not None else None,
            "first_word_s": self.first_word_s, "duration_s": self.duration_s,
            "target_s": self.target_s, "length_note": self.length_note, "timed": self.timed,
            "bands": {k: list(v) for k, v in self.bands.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Delivery:
        pauses = d.get("long_pauses")
        return cls(
            words=int(d.get("words", 0)), speaking_s=_opt_float(d.get("speaking_s")),
            wpm=_opt_float(d.get("wpm")), fillers=FillerStats.from_dict(d.get("fillers") or {}),
            hedges=int(d.get("hedges", 0)),
            hedge_items={str(k): int(v) for k, v in (d.get("hedge_items") or {}).items()},
            long_pauses=tuple(Pause.from_dict(p) for p in pauses) if pauses is not None
            else None,
            first_word_s=_opt_float(d.get("first_word_s")),
            duration_s=_opt_float(d.get("duration_s")), target_s=_opt_int(d.get("target_s")),
            length_note=_opt_str(d.get("length_note")), timed=bool(d.get("timed", False)),
            bands={str(k): [float(x) for x in v] for k, v in (d.get("bands") or {}).items()},
        )


@dataclass(frozen=True)
class FollowUp:
    """One follow-up question: ``key`` says what it probes (``concept:ID``,
    ``misconception:ID``, ``star:PART``, ``own_part``, ``example``, ``measurable``)."""

    question: str
    reason: str
    key: str

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "reason": self.reason, "key": self.key}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> FollowUp | None:
        if not d or not d.get("question"):
            return None
        return cls(str(d["question"]), str(d.get("reason", "")), str(d.get("key", "")))


@dataclass(frozen=True)
class ScoreResult:
    """Everything the scorer says about one answer."""

    overall: int
    kind: str
    question_id: str | None
    rubric_version: str
    scorer_version: str
    components: dict[str, Component]
    star: StarAnalysis
    sentences: tuple[SentenceLabel, ...]
    concepts: tuple[ConceptResult, ...]
    delivery: Delivery
    tips: tuple[str, ...]
    misconceptions: tuple[MisconceptionResult, ...] = ()
    structure: dict[str, StructurePart] | None = None
    notes: tuple[str, ...] = ()
    follow_up: FollowUp | None = None
    voice: Voice | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "kind": self.kind,
            "rubric_version": self.rubric_version,
            "scorer_version": self.scorer_version,
            "overall": self.overall,
            "components": {k: c.to_dict() for k, c in self.components.items()},
            "star": self.star.to_dict(),
            "sentences": [s.to_dict() for s in self.sentences],
            "concepts": [c.to_dict() for c in self.concepts],
            "misconceptions": [m.to_dict() for m in self.misconceptions],
            "structure": {k: p.to_dict() for k, p in self.structure.items()}
            if self.structure is not None else None,
            "delivery": self.delivery.to_dict(),
            "tips": list(self.tips),
            "notes": list(self.notes),
            "follow_up": self.follow_up.to_dict() if self.follow_up is not None else None,
            "voice": self.voice.to_dict() if self.voice is not None else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScoreResult:
        """Read back what :meth:`to_dict` wrote (extra keys are ignored, optional ones default)."""
        structure = d.get("structure")
        return cls(
            overall=int(d["overall"]),
            kind=str(d["kind"]),
            question_id=_opt_str(d.get("question_id")),
            rubric_version=str(d.get("rubric_version", "")),
            scorer_version=str(d.get("scorer_version", "")),
            components={str(k): Component.from_dict(v)
                        for k, v in (d.get("components") or {}).items()},
            star=StarAnalysis.from_dict(d.get("star") or {}),
            sentences=tuple(SentenceLabel.from_dict(s, i)
                            for i, s in enumerate(d.get("sentences") or ())),
            concepts=tuple(ConceptResult.from_dict(c) for c in d.get("concepts") or ()),
            delivery=Delivery.from_dict(d.get("delivery") or {}),
            tips=tuple(str(t) for t in d.get("tips") or ()),
            misconceptions=tuple(MisconceptionResult.from_dict(m)
                                 for m in d.get("misconceptions") or ()),
            structure={str(k): StructurePart.from_dict(v) for k, v in structure.items()}
            if structure is not None else None,
            notes=tuple(str(n) for n in d.get("notes") or ()),
            follow_up=FollowUp.from_dict(d.get("follow_up")),
            voice=Voice.from_dict(d.get("voice")),
        )
