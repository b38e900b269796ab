"""Two to four concrete tips, the most useful first.

Each candidate has a priority (higher first); ties keep the order they were added in, so the
output is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.core.scoring.components import short_label
from interviewer.core.scoring.delivery import (
    FILLERS_PER_100_OK,
    FILLERS_PER_MIN_OK,
    FIRST_WORD_OK_S,
    WPM_BAND,
)
from interviewer.core.scoring.result import (
    ConceptResult,
    Delivery,
    MisconceptionResult,
    StarAnalysis,
    StructurePart,
)

MIN_TIPS = 2
MAX_TIPS = 4


def _fmt_time(s: float) -> str:
    m, sec = divmod(round(s), 60)
    return f"{m}:{sec:02d}"


def _delivery_tips(d: Delivery, out: list[tuple[float, str]]) -> None:
    if d.words == 0:
        return
    f = d.fillers
    if f.count:
        top, top_n = max(f.items.items(), key=lambda kv: (kv[1], kv[0]))
        if top_n >= 3:
            said = f"You said '{top}' {top_n} times"
        else:
            said = "You used " + ", ".join(f"'{k}'" for k in f.items)
        if f.per_min is not None and f.per_min > FILLERS_PER_MIN_OK:
            out.append((70 + min(f.per_min, 20), f"{said} ({f.count} fillers, "
                        f"{f.per_min:.0f} a minute): pause silently instead."))
        elif f.per_min is None and (f.per_100_words or 0) > FILLERS_PER_100_OK:
            out.append((65, f"{said} ({f.count} fillers in {d.words} words): pause silently "
                        f"instead."))
    if d.wpm is not None:
        if d.wpm > WPM_BAND[1]:
            out.append((60, f"You spoke at {d.wpm:.0f} words a minute: slow down towards "
                        f"{WPM_BAND[0]:.0f}-{WPM_BAND[1]:.0f} and let key points land."))
        elif d.wpm < WPM_BAND[0]:
            out.append((55, f"You spoke at {d.wpm:.0f} words a minute: aim for "
                        f"{WPM_BAND[0]:.0f}-{WPM_BAND[1]:.0f} by preparing the outline first."))
    if d.long_pauses:
        longest = max(d.long_pauses, key=lambda p: p.duration_s)
        out.append((50 + len(d.long_pauses), f"You paused {len(d.long_pauses)} time"
                    f"{'s' * (len(d.long_pauses) != 1)} for 2 s or more (longest "
                    f"{longest.duration_s:.1f} s at {_fmt_time(longest.start_s)}): bridge with "
                    f"'the next point is...' instead of going silent."))
    if d.first_word_s is not None and d.first_word_s > FIRST_WORD_OK_S:
        out.append((45, f"You took {d.first_word_s:.1f} s to start: open with a one-line "
                    f"summary while you think."))
    if d.length_note == "short" and d.duration_s is not None:
        band = d.bands.get("duration_s", [0.0, 0.0])
        out.append((58, f"Your answer ran {d.duration_s:.0f} s: aim for {band[0]:.0f}-"
                    f"{band[1]:.0f} s with one more concrete detail."))
    elif d.length_note == "long" and d.duration_s is not None:
        band = d.bands.get("duration_s", [0.0, 0.0])
        out.append((52, f"Your answer ran {d.duration_s:.0f} s: trim it to under "
                    f"{band[1]:.0f} s by cutting the set-up."))
    if d.hedges >= 3:
        top = max(d.hedge_items.items(), key=lambda kv: (kv[1], kv[0]))[0]
        out.append((40 + d.hedges, f"You hedged {d.hedges} times (e.g. '{top}'): state what you "
                    f"know plainly."))


def behavioral_tips(star: StarAnalysis, d: Delivery) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    if not star.result.present:
        out.append((100, "Your answer never stated a result: end with what changed and by how "
                         "much."))
    elif not star.quantified_results:
        out.append((85, "Put a number on your result (e.g. 'accuracy rose from 80% to 92%' or "
                        "'cut latency by a third')."))
    if not star.action.present:
        out.append((95, "Say what you did yourself: 'I built...', 'I changed...', step by step."))
    if not star.situation.present:
        out.append((75, "Open with one sentence of context: where you were and what the "
                        "problem was."))
    if not star.task.present:
        out.append((72, "Say what your own goal was ('I was responsible for...') before the "
                        "actions."))
    if star.balance_note and (star.balance or {}).get("situation", 0) + (
            star.balance or {}).get("task", 0) > 0.5:
        out.append((80, star.balance_note))
    if star.order_ok is False:
        out.append((60, "Tell it in order: situation, task, action, then result."))
    if star.i_we_ratio is not None and star.i_we_ratio < 0.25 and star.we_count >= 4:
        out.append((50, f"You said 'we' {star.we_count} times and 'I' {star.i_count}: say "
                        f"which part was yours."))
    _delivery_tips(d, out)
    return out


def missed_concept_tip(label: str) -> str:
    """ "You did not mention momentum: ..." for "Momentum: ..." labels, else a plain line."""
    label = label.strip().rstrip(".")
    if ":" in label:
        head, rest = (part.strip() for part in label.split(":", 1))
        return f"You did not mention {head}: {rest}."
    return f"Missing from your answer: {label}. Add a sentence on it."


def technical_tips(concepts: Sequence[ConceptResult],
                   misconceptions: Sequence[MisconceptionResult],
                   structure: dict[str, StructurePart], d: Delivery,
                   has_rubric: bool) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    for m in misconceptions:
        if not m.negated:
            out.append((110, f"You said '{m.matched}': {m.correction}"))
    missed = sorted((c for c in concepts if c.status == "missed"),
                    key=lambda c: -c.weight)
    for rank, c in enumerate(missed[:2]):
        out.append((90 - rank * 5 + c.weight, missed_concept_tip(c.label)))
    for c in concepts:
        if c.status == "possible":
            out.append((80, f"'{c.matched}' sounded like {short_label(c.label)}: say the term "
                            f"clearly."))
            break
    if not structure["definition"].present:
        out.append((70, "Start with a one-sentence definition before the details."))
    if not structure["mechanism"].present:
        out.append((68, "Explain how it works, step by step, not only what it is."))
    if not structure["example"].present:
        out.append((66 if has_rubric else 74, "Add a concrete example, ideally from your own "
                                               "project."))
    if not structure["trade_off"].present:
        out.append((64 if has_rubric else 72, "Name a trade-off or limitation (when would you "
                                               "not use it?)."))
    _delivery_tips(d, out)
    return out


def pick_tips(candidates: list[tuple[float, str]], empty: bool,
              timed: bool = False) -> tuple[str, ...]:
    """The 2-4 most useful tips; when little is wrong, ones that still move the answer on."""
    if empty:
        return ("Nothing was said: answer out loud for at least 30 seconds.",
                "Start with a one-sentence summary of your answer, then add detail.")
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i][0], i))
    tips = list(dict.fromkeys(candidates[i][1] for i in order))[:MAX_TIPS]
    fallbacks = (
        "Keep this structure and pace; try the same answer again in 10% fewer words." if timed
        else "Practise it out loud with a recording: pace, pauses and length are only "
             "measured from audio.",
        "Keep this structure; next time add one more concrete detail from your own work.",
    )
    for fallback in fallbacks:
        if len(tips) >= MIN_TIPS:
            break
        tips.append(fallback)
    return tuple(tips)
