"""The coach's report on a session: the three things to work on first (each with the answers
that show it and the moment to replay), the strongest answer, the trend against earlier
sessions, and how the follow-ups went.

Pure: it reads stored scores (the ``score --json`` dicts) and follow-ups, so the same session
always gives the same report. Each kind of problem has a weight (how much it costs in an
interview); a problem counts once per answer that shows it, and the focus is the three with the
largest weight times answers, heaviest first on ties.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

PACE_BAND = (120.0, 165.0)
FILLERS_PER_MIN = 4.0
HEDGES = 4
FOCUS_COUNT = 3


@dataclass(frozen=True)
class AnswerFacts:
    """One answer of the session as stored: ``score`` is the score dict, ``follow_up`` the
    attempt's follow-up (or None)."""

    attempt_id: str
    question_id: str
    question_text: str
    score: dict[str, Any]
    follow_up: dict[str, Any] | None = None


@dataclass(frozen=True)
class Moment:
    """Where a problem shows: the attempt, its question, and when (seconds) if known."""

    attempt_id: str
    question_id: str
    at_s: float | None
    detail: str


@dataclass(frozen=True)
class Focus:
    key: str
    title: str
    advice: str
    weight: float
    moments: tuple[Moment, ...]


@dataclass(frozen=True)
class FollowUpOutcome:
    question_id: str
    attempt_id: str
    question: str
    status: str
    summary: str


@dataclass(frozen=True)
class CoachReport:
    focus: tuple[Focus, ...]
    strongest: tuple[str, str, int, str] | None  # attempt id, question, overall, why
    mean_overall: float | None
    previous: tuple[float, ...]  # mean overall of earlier sessions, most recent first
    follow_ups: tuple[FollowUpOutcome, ...] = ()
    components: dict[str, float] = field(default_factory=dict)  # % of max, this session
    sessions: bool = True  # ``previous`` holds sessions (False: one block of earlier answers)

    @property
    def trend(self) -> str:
        if self.mean_overall is None:
            return "No scored answers in this session."
        if not self.previous:
            return (f"Mean score {self.mean_overall:.0f}. This is your first session: the "
                    f"next one will be compared with it.")
        before = fmean(self.previous[:3])
        change = self.mean_overall - before
        word = "up" if change > 0.5 else "down" if change < -0.5 else "level"
        n = min(3, len(self.previous))
        what = (f"the mean of your last {n} session{'s' if n > 1 else ''}" if self.sessions
                else "the answers before these")
        return (f"Mean score {self.mean_overall:.0f}, {word} {abs(change):.0f} from "
                f"{before:.0f} ({what}).")


# ---------------------------------------------------------------- the kinds of problem
# (key, weight, title, advice)
_KINDS: dict[str, tuple[float, str, str]] = {
    "false_claim": (5.0, "A false claim",
                    "Check the facts you state; the feedback gives the correct idea."),
    "no_result": (4.0, "Stories without a result",
                  "End every story with what changed, in a number if you can."),
    "missed_concepts": (3.5, "Key ideas left out",
                        "Before answering, list the three ideas the question is really "
                        "about and make sure each gets a sentence."),
    "no_action": (3.5, "No clear account of what you did",
                  "Say what you did yourself, step by step."),
    "own_part": (3.0, "'We' with no 'I'",
                 "Say which part was yours: 'I built...', 'I decided...'."),
    "no_context": (2.0, "Stories without their setting or your task",
                   "Open with one sentence of context and one of your goal."),
    "no_example": (2.0, "No concrete example",
                   "Anchor each explanation in one example from your own work."),
    "fillers": (2.5, "Fillers",
                "Pause silently instead of saying 'um' or 'like'; a pause sounds confident."),
    "pace": (2.0, "Pace", "Aim for 120-165 words a minute."),
    "pauses": (1.5, "Long pauses", "If you need time, say so and use it once."),
    "monotone": (2.0, "A flat voice", "Let your pitch rise and fall on the words that "
                                      "matter."),
    "quiet": (2.5, "Too quiet", "Speak up or move closer to the microphone."),
    "trailing_off": (1.5, "Trailing off", "Keep your voice up to the end of each sentence."),
    "length": (1.5, "Answer length", "Keep to the target length of each question."),
    "hedges": (1.0, "Hedging", "Say what you know plainly; keep 'I think' for real doubt."),
}


def _problems(a: AnswerFacts) -> list[tuple[str, float | None, str]]:
    """(kind, moment in seconds or None, detail) for one answer."""
    s = a.score
    out: list[tuple[str, float | None, str]] = []
    for m in s.get("misconceptions") or ():
        if not m.get("negated"):
            out.append(("false_claim", m.get("at_s"), f"'{m.get('matched', '')}'"))
            break
    kind = s.get("kind")
    star = s.get("star") or {}
    if kind == "behavioral":
        def part(p: str) -> bool:
            return bool((star.get(p) or {}).get("present"))
        if not part("result"):
            out.append(("no_result", None, "no result"))
        if not part("action"):
            out.append(("no_action", None, "no action"))
        if not part("situation") or not part("task"):
            missing = [p for p in ("situation", "task") if not part(p)]
            out.append(("no_context", None, "no " + " or ".join(missing)))
        if int(star.get("we_count") or 0) >= 3 and int(star.get("i_count") or 0) == 0:
            out.append(("own_part", None, f"'we' {star.get('we_count')} times, 'I' never"))
    concepts = s.get("concepts") or []
    if concepts:
        missed = [c for c in concepts if c.get("status") == "missed"]
        if len(missed) * 2 > len(concepts):
            out.append(("missed_concepts", None,
                        f"{len(missed)} of {len(concepts)} missed, e.g. "
                        f"{missed[0].get('label', '')}"))
    structure = s.get("structure") or {}
    example = structure.get("example")
    if isinstance(example, dict) and not example.get("present"):
        out.append(("no_example", None, "no example"))
    d = s.get("delivery") or {}
    per_min = (d.get("fillers") or {}).get("per_min")
    if per_min is not None and per_min > FILLERS_PER_MIN:
        out.append(("fillers", None, f"{per_min:.1f} a minute"))
    wpm = d.get("wpm")
    if wpm is not None and not PACE_BAND[0] <= wpm <= PACE_BAND[1]:
        out.append(("pace", None, f"{wpm:.0f} words a minute"))
    pauses = d.get("long_pauses") or []
    if pauses:
        first = pauses[0]
        out.append(("pauses", first.get("start_s"),
                    f"{len(pauses)} pause{'s' if len(pauses) > 1 else ''}, the first "
                    f"{float(first.get('duration_s') or 0):.1f} s"))
    if d.get("length_note"):
        out.append(("length", None, str(d["length_note"])))
    if int(d.get("hedges") or 0) >= HEDGES:
        out.append(("hedges", None, f"{d.get('hedges')} hedges"))
    flags = set((s.get("voice") or {}).get("flags") or ())
    if "monotone" in flags:
        out.append(("monotone", None, "pitch barely moved"))
    if "quiet" in flags:
        out.append(("quiet", None, f"{(s.get('voice') or {}).get('loudness_lufs')} LUFS"))
    if "trailing_off" in flags:
        out.append(("trailing_off", None, "phrase ends trail off"))
    return out


def coach_report(answers: Sequence[AnswerFacts], previous: Sequence[float] = (), *,
                 sessions: bool = True) -> CoachReport:
    """The report on ``answers`` (one session, in order); ``previous`` holds the mean
    overall of earlier sessions, most recent first."""
    found: dict[str, list[Moment]] = {}
    for a in answers:
        for key, at_s, detail in _problems(a):
            found.setdefault(key, []).append(Moment(a.attempt_id, a.question_id, at_s, detail))
    ranked = sorted(found.items(), key=lambda kv: (-_KINDS[kv[0]][0] * len(kv[1]),
                                                  -_KINDS[kv[0]][0], kv[0]))
    focus = tuple(Focus(key, _KINDS[key][1], _KINDS[key][2], _KINDS[key][0], tuple(moments))
                  for key, moments in ranked[:FOCUS_COUNT])
    scored = [a for a in answers if a.score.get("overall") is not None]
    strongest = None
    if scored:
        best = max(scored, key=lambda a: (int(a.score["overall"]), a.attempt_id))
        strongest = (best.attempt_id, best.question_text, int(best.score["overall"]),
                     _strength(best.score))
    mean = fmean(float(a.score["overall"]) for a in scored) if scored else None
    comps: dict[str, list[float]] = {}
    for a in scored:
        for name, c in (a.score.get("components") or {}).items():
            if c.get("max"):
                comps.setdefault(name, []).append(100.0 * float(c["score"]) / float(c["max"]))
    outcomes = tuple(
        FollowUpOutcome(a.question_id, a.attempt_id, str(a.follow_up.get("question", "")),
                        str(a.follow_up.get("status", "")), follow_up_outcome(a.follow_up))
        for a in answers if a.follow_up)
    return CoachReport(focus, strongest, None if mean is None else round(mean, 1),
                       tuple(previous), outcomes,
                       {k: round(fmean(v), 1) for k, v in comps.items()}, sessions)


_NOT_A_STRENGTH = frozenset({"accuracy"})  # saying nothing false is the floor, not a strength


def _strength(score: dict[str, Any]) -> str:
    comps = [(float(c["score"]) / float(c["max"]), name, str(c.get("explanation", "")))
             for name, c in (score.get("components") or {}).items()
             if c.get("max") and name not in _NOT_A_STRENGTH]
    if not comps:
        return ""
    _ratio, name, why = max(comps)
    return f"strongest on {name.replace('_', ' ')}: {why}"


def follow_up_outcome(follow: dict[str, Any]) -> str:
    """One line on what became of a stored follow-up (what the reply added, or why not)."""
    status = follow.get("status")
    if status == "complete":
        return str((follow.get("gain") or {}).get("summary") or "Answered.")
    if status == "skipped":
        return "Skipped."
    detail = follow.get("status_detail")
    return f"Not answered: {detail}." if detail else "Not answered."
