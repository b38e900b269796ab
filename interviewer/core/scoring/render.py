"""The human-readable report of a :class:`ScoreResult` (what ``interviewer score`` prints)."""

from __future__ import annotations

import textwrap

from interviewer.core.scoring.result import STAR_PARTS, ScoreResult

_WIDTH = 96


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
    return textwrap.fill(text, _WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent + "  ")


def _fmt(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def render_text(result: ScoreResult) -> str:
    """A plain-text report: overall, components, STAR or concepts, delivery, tips."""
    lines: list[str] = []
    head = f"Overall: {result.overall}/100  ({result.kind}"
    head += f", question {result.question_id}" if result.question_id else ", no question"
    lines.append(head + f"; rubric {result.rubric_version})")
    lines.append("")
    lines.append("Components:")
    for name, comp in result.components.items():
        lines.append(_wrap(comp.explanation, "    ",
                           f"  {name:<12} {comp.score:>5.1f}/{comp.max:<4.0f} "))
    if result.kind == "behavioral":
        lines.append("")
        lines.append("STAR:")
        for part in STAR_PARTS:
            sp = result.star.part(part)
            mark = "yes" if sp.present else "NO "
            ev = f' "{sp.evidence[0]}"' if sp.evidence else ""
            more = f" (+{len(sp.evidence) - 1} more)" if len(sp.evidence) > 1 else ""
            lines.append(_wrap(f"{part:<10} {mark}{ev}{more}", "    ", "  "))
        order = {True: "yes", False: "no", None: "n/a"}[result.star.order_ok]
        ratio = result.star.i_we_ratio
        lines.append(f"  in order: {order}; 'I' {result.star.i_count} / 'we' "
                     f"{result.star.we_count}" + (f" (I-share {ratio:.0%})" if ratio is not None
                                                  else ""))
        if result.star.quantified_results:
            lines.append("  quantified results: " + ", ".join(
                f"'{q}'" for q in result.star.quantified_results))
        if result.star.balance_note:
            lines.append(_wrap(result.star.balance_note))
        lines.append("")
        lines.append("Sentences:")
        for s in result.sentences:
            label = s.label.upper()[:1] if s.label else "-"
            label += "".join(a.upper()[:1] for a in s.also)
            at = f"{s.start_s:5.1f}s " if s.start_s is not None else ""
            lines.append(_wrap(f"{at}[{label}] {s.text}   <{s.why}>", "      ", "  "))
    else:
        if result.concepts:
            lines.append("")
            lines.append("Concepts:")
            for c in result.concepts:
                at = f" at {c.at_s:.1f} s" if c.at_s is not None else ""
                said = f" - '{c.matched}' ({c.how}){at}" if c.matched else ""
                lines.append(_wrap(f"{c.status:<8} {c.label}{said}", "      ", "  "))
        if result.misconceptions:
            lines.append("")
            lines.append("Misconceptions:")
            for m in result.misconceptions:
                state = "negated, fine" if m.negated else "STATED"
                lines.append(_wrap(f"{state}: '{m.matched}' - {m.correction}", "      ", "  "))
        if result.structure:
            lines.append("")
            lines.append("Structure:")
            for sname, spart in result.structure.items():
                ev = f' "{spart.evidence[0]}"' if spart.evidence else ""
                lines.append(_wrap(f"{sname.replace('_', '-'):<10} "
                                   f"{'yes' if spart.present else 'NO '}{ev}", "    ", "  "))
    d = result.delivery
    lines.append("")
    lines.append("Delivery:")
    lines.append(f"  words {d.words}; speaking {_fmt(d.speaking_s, ' s')}; pace "
                 f"{_fmt(d.wpm, ' wpm', 0)} (good 120-165)")
    f = d.fillers
    items = ", ".join(f"{k} x{v}" for k, v in f.items.items()) or "none"
    rate = (f"{f.per_min:.1f}/min" if f.per_min is not None
            else f"{_fmt(f.per_100_words)}/100 words")
    lines.append(_wrap(f"fillers {f.count} ({rate}): {items}"))
    hedges = ", ".join(f"{k} x{v}" for k, v in d.hedge_items.items()) or "none"
    lines.append(_wrap(f"hedges {d.hedges}: {hedges}"))
    if d.long_pauses is None:
        lines.append("  long pauses: n/a (untimed)")
    else:
        lines.append("  long pauses (>= 2 s): " + (", ".join(
            f"{p.duration_s:.1f} s at {p.start_s:.1f} s" for p in d.long_pauses) or "none"))
    length = f"{_fmt(d.duration_s, ' s')}"
    if d.length_note:
        length += f" ({d.length_note}; target band {d.bands.get('duration_s')})"
    lines.append(f"  first word at {_fmt(d.first_word_s, ' s')}; length {length}")
    if result.voice is not None:
        lines.extend(_voice_lines(result))
    for note in result.notes:
        lines.append(_wrap(f"note: {note}"))
    lines.append("")
    lines.append("Tips:")
    for i, tip in enumerate(result.tips, 1):
        lines.append(_wrap(tip, "     ", f"  {i}. "))
    if result.follow_up is not None:
        lines.append("")
        lines.append(_wrap(f"Follow-up the interviewer would ask: {result.follow_up.question}",
                           "  ", ""))
        lines.append(_wrap(f"(why: {result.follow_up.reason})"))
    return "\n".join(lines) + "\n"


def _voice_lines(result: ScoreResult) -> list[str]:
    v = result.voice
    if v is None:
        return []
    b = v.bands
    lines = ["", "Voice:"]
    pvq = f"{v.pitch_pvq:.2f}" if v.pitch_pvq is not None else "n/a"
    lines.append(f"  pitch: median {_fmt(v.pitch_median_hz, ' Hz', 0)}, variation {pvq} "
                 f"(natural speech above {b['pitch_pvq'][1]:.2f}), spread "
                 f"{_fmt(v.pitch_sd_st, ' st')}")
    lines.append(f"  loudness: {_fmt(v.loudness_lufs, ' LUFS')} (too quiet below "
                 f"{b['loudness_lufs'][0]:.0f}); steadiness {_fmt(v.loudness_sd_lu, ' LU')} "
                 f"(unsteady above {b['loudness_sd_lu'][1]:.0f})")
    trail = f"{v.trailing_off:.0%}" if v.trailing_off is not None else "n/a"
    lines.append(f"  phrase ends trailing off: {trail}; clipped: {v.clipped_fraction:.2%}")
    if v.pace:
        lines.append(_wrap("pace per 10 s (wpm): " + ", ".join(f"{p.wpm:.0f}" for p in v.pace)))
    for note in v.notes:
        lines.append(_wrap(f"voice: {note}"))
    return lines
