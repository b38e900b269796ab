"""Scoring the answer to a follow-up as part of the same attempt.

The follow-up answer is read together with the first answer: the content parts (concepts,
STAR, structure, accuracy, specificity) are scored on both answers' words, and delivery stays
that of the first answer (the follow-up is a short reply, not a second speech). The result is
a :class:`FollowUpGain`: the overall before and after, and what the follow-up added (concepts
now covered, story parts now told) or cost (a false claim said in it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviewer.core.questions import Question
from interviewer.core.scoring.components import short_label
from interviewer.core.scoring.meaning import Encoder
from interviewer.core.scoring.result import ScoreResult
from interviewer.core.scoring.scorer import overall_of, score_answer, story_cap
from interviewer.core.transcript import Transcript


@dataclass(frozen=True)
class FollowUpGain:
    overall_before: int
    overall_after: int
    concepts_added: tuple[str, ...] = ()
    parts_added: tuple[str, ...] = ()
    false_claims: tuple[str, ...] = ()
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"overall_before": self.overall_before, "overall_after": self.overall_after,
                "concepts_added": list(self.concepts_added),
                "parts_added": list(self.parts_added),
                "false_claims": list(self.false_claims), "summary": self.summary}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> FollowUpGain | None:
        if not d:
            return None
        return cls(int(d.get("overall_before", 0)), int(d.get("overall_after", 0)),
                   tuple(str(x) for x in d.get("concepts_added") or ()),
                   tuple(str(x) for x in d.get("parts_added") or ()),
                   tuple(str(x) for x in d.get("false_claims") or ()),
                   str(d.get("summary", "")))


def score_follow_up(main: ScoreResult, main_transcript: Transcript, reply: Transcript, *,
                    question: Question | None, encoder: Encoder | None = None
                    ) -> tuple[ScoreResult, FollowUpGain]:
    """(the score of both answers read together, what the reply added)."""
    kind = None if question is not None else ("behavioral" if main.kind == "behavioral"
                                              else "technical")
    both = Transcript.from_text(f"{main_transcript.text.strip()} {reply.text.strip()}".strip())
    combined = score_answer(both, question=question, kind=kind, encoder=encoder)  # type: ignore[arg-type]
    components = dict(combined.components)
    if "delivery" in main.components and "delivery" in components:
        components["delivery"] = main.components["delivery"]
    after = overall_of(components)
    if combined.kind == "behavioral":
        after = min(after, story_cap(combined.star)[0])
    if not reply.text.strip():
        after = main.overall
    before_hits = {c.id for c in main.concepts if c.status == "hit"}
    concepts_added = tuple(c.label for c in combined.concepts
                           if c.status == "hit" and c.id not in before_hits)
    parts_added = tuple(p for p in ("situation", "task", "action", "result")
                        if combined.star.part(p).present and not main.star.part(p).present)
    reply_only = score_answer(reply, question=question, kind=kind,  # type: ignore[arg-type]
                              encoder=encoder)
    false_claims = tuple(m.label for m in reply_only.misconceptions if not m.negated)
    gain = FollowUpGain(main.overall, after, concepts_added, parts_added, false_claims,
                        _summary(main.overall, after, concepts_added, parts_added,
                                 false_claims=false_claims, said=bool(reply.text.strip())))
    return combined, gain


def _summary(before: int, after: int, concepts: tuple[str, ...], parts: tuple[str, ...], *,
             false_claims: tuple[str, ...], said: bool) -> str:
    if not said:
        return "Nothing was said in reply to the follow-up."
    bits = []
    if parts:
        bits.append("the story's " + " and ".join(parts))
    if concepts:
        names = "; ".join(short_label(c, 40) for c in concepts)
        bits.append(f"{len(concepts)} more key idea{'s' if len(concepts) > 1 else ''} "
                    f"({names})")
    added = ("Your reply added " + " and ".join(bits)) if bits else \
        "Your reply added nothing the score counts"
    if false_claims:
        added += f", but it stated a false claim ({false_claims[0]})"
    change = after - before
    sign = "+" if change >= 0 else ""
    return f"{added}: {before} -> {after} ({sign}{change})."
