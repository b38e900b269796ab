"""Markdown reports of an attempt or a session (the HTML twin is :mod:`.export_html`)."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.core.coaching import CoachReport
from interviewer.storage.records import AttemptRecord, SessionInfo
from interviewer.storage.report_content import (
    CONCEPT_MARK,
    STAR_PARTS,
    _num,
    concept_pattern,
    concept_phrases,
    delivery_rows,
    follow_up_link,
    follow_up_reply,
    has_star_section,
    md,
    structure_rows,
    transcript_sentences,
    voice_rows,
)


def attempt_markdown(record: AttemptRecord, audio_link: str | None, level: int = 1) -> str:
    h = "#" * level
    q = record.question
    score = record.score or {}
    lines = [f"{h} {md(q.text)}", ""]
    lines.append(f"- Attempt: `{record.attempt_id}`, {record.created_at} (UTC), "
                 f"status **{record.status}**"
                 + (f" ({md(record.status_detail)})" if record.status_detail else ""))
    bank = f", bank {md(q.bank_id)} {md(q.bank_version)}" if q.bank_id else ""
    lines.append(f"- Question: `{q.id or '?'}` ({q.kind}, {md(q.category) or 'no category'}"
                 f"{bank}), target {q.target_s} s")
    if record.model:
        lines.append(f"- Transcribed by: {md(record.model)} on {md(record.device or '?')}")
    if audio_link:
        lines.append(f"- Recording: [{md(record.audio_path.name)}]({audio_link})"
                     + (f" ({record.duration_s:.1f} s)" if record.duration_s else ""))
    lines.append("")
    if not score:
        lines += ["Not scored yet: the recording was not transcribed.", ""]
        return "\n".join(lines)
    lines += [f"{h}# Score: {score.get('overall')} / 100", "",
              "| Component | Score | Explanation |", "|---|---|---|"]
    for name, comp in (score.get("components") or {}).items():
        lines.append(f"| {md(name)} | {_num(comp.get('score'))} / {_num(comp.get('max'))} "
                     f"| {md(comp.get('explanation') or '')} |")
    lines.append("")
    concepts = [c for c in score.get("concepts") or [] if isinstance(c, dict)]
    if concepts:
        lines += [f"{h}# Concepts", ""]
        for c in concepts:
            status = str(c.get("status"))
            where = f" at {c['at_s']:.1f} s" if isinstance(c.get("at_s"), (int, float)) else ""
            heard = f" (heard \"{md(c['matched'])}\"{where})" if c.get("matched") else ""
            lines.append(f"- {CONCEPT_MARK.get(status, '-')} {status}: {md(c.get('label'))}"
                         f"{heard}")
        lines.append("")
    star = score.get("star") or {}
    if has_star_section(star, q.kind):
        lines += [f"{h}# STAR", "", "| Part | Present | Evidence |", "|---|---|---|"]
        for part in STAR_PARTS:
            item = star.get(part) or {}
            evidence = " ".join(md(e) for e in item.get("evidence") or [])
            lines.append(f"| {part.title()} | {'yes' if item.get('present') else 'no'} "
                         f"| {evidence} |")
        if star.get("order_ok") is not None:
            lines += ["", f"In order: {'yes' if star.get('order_ok') else 'no'}"]
        lines.append("")
    structure = structure_rows(score)
    if structure:
        lines += [f"{h}# Structure", "", "| Part | Present | Evidence |", "|---|---|---|"]
        lines += [f"| {md(name)} | {'yes' if present else 'no'} | {md(evidence)} |"
                  for name, present, evidence in structure]
        lines.append("")
    wrong = [m for m in score.get("misconceptions") or []
             if isinstance(m, dict) and not m.get("negated")]
    if wrong:
        lines += [f"{h}# Misconceptions", ""]
        lines += [f"- {md(m.get('label'))}: {md(m.get('correction') or '')}" for m in wrong]
        lines.append("")
    lines += [f"{h}# Delivery", "", "| Measure | Value | Target | |", "|---|---|---|---|"]
    for row in delivery_rows(record):
        mark = "" if row.ok is None else ("ok" if row.ok else "outside")
        lines.append(f"| {md(row.measure)} | {md(row.value)} | {md(row.target)} | {mark} |")
    lines.append("")
    voice = score.get("voice")
    if isinstance(voice, dict):
        lines += [f"{h}# Voice", "", "| Measure | Value | Band | |", "|---|---|---|---|"]
        for name, value, band, ok in voice_rows(voice):
            mark = "" if ok is None else ("ok" if ok else "outside")
            lines.append(f"| {md(name)} | {md(value)} | {md(band)} | {mark} |")
        pace = voice.get("pace") or []
        if pace:
            lines += ["", "Pace per 10 s (words/min): "
                      + ", ".join(f"{float(p['wpm']):.0f}" for p in pace)]
        lines += [""] + [f"- {md(n)}" for n in voice.get("notes") or []] + [""]
    follow = record.follow_up
    if follow:
        lines += [f"{h}# Follow-up", "", f"- Asked: {md(follow.get('question', ''))}",
                  f"- Why: {md(follow.get('reason', ''))}",
                  f"- {md(follow_up_reply(follow))}"]
        link = follow_up_link(follow, audio_link)
        if link and record.follow_up_audio is not None:
            lines.append(f"- Reply recording: [{md(record.follow_up_audio.name)}]({link})")
        lines.append("")
    elif isinstance(score.get("follow_up"), dict):
        lines += [f"{h}# Follow-up an interviewer would ask", "",
                  f"{md(score['follow_up'].get('question', ''))} "
                  f"({md(score['follow_up'].get('reason', ''))})", ""]
    tips = score.get("tips") or []
    if tips:
        lines += [f"{h}# Tips", ""] + [f"{i}. {md(t)}" for i, t in enumerate(tips, 1)] + [""]
    lines += [f"{h}# Transcript", "",
              "STAR parts are in brackets; matched concepts are in bold.", ""]
    pattern = concept_pattern(concept_phrases(record))
    for text, label, _why in transcript_sentences(record):
        body = md(text)
        if pattern is not None:
            body = pattern.sub(lambda m: f"**{m.group(0)}**", body)
        lines.append((f"[{label.upper()}] " if label else "") + body)
        lines.append("")
    return "\n".join(lines)


def coach_markdown(report: CoachReport, records: Sequence[AttemptRecord], level: int = 2
                   ) -> str:
    """The coach's report: focus, strongest answer, trend, follow-ups."""
    h = "#" * level
    index = {r.attempt_id: i for i, r in enumerate(records, 1)}
    lines = [f"{h} Coach's report", "", md(report.trend), "", f"{h}# Work on these first", ""]
    if not report.focus:
        lines.append("Nothing stands out: keep practising the same way.")
    for n, f in enumerate(report.focus, 1):
        where = "; ".join(
            f"answer {index.get(m.attempt_id, '?')} ({md(m.question_id)}"
            + (f" at {m.at_s:.1f} s" if m.at_s is not None else "") + f": {md(m.detail)})"
            for m in f.moments)
        lines.append(f"{n}. **{md(f.title)}**: {md(f.advice)} Shown in {where}.")
    lines.append("")
    if report.strongest is not None:
        attempt_id, text, overall, why = report.strongest
        lines += [f"{h}# Strongest answer", "",
                  f"Answer {index.get(attempt_id, '?')}, \"{md(text)}\": {overall} / 100 "
                  f"({md(why)})", ""]
    if report.follow_ups:
        lines += [f"{h}# Follow-ups", ""]
        lines += [f"- Answer {index.get(o.attempt_id, '?')}: {md(o.question)} "
                  f"{md(o.summary)}" for o in report.follow_ups]
        lines.append("")
    return "\n".join(lines)


def session_markdown(session: SessionInfo, records: Sequence[AttemptRecord],
                     links: Sequence[str | None], coach: CoachReport | None = None) -> str:
    kind = "Mock interview" if session.kind == "mock" else "Practice session"
    title = f"{kind}: {md(session.title)}" if session.title else kind
    scored = [r.overall for r in records if r.overall is not None]
    lines = [f"# {title}", "", f"- Session: `{session.session_id}`, {session.created_at} (UTC)",
             f"- Questions answered: {len(records)} of {session.planned}",
             f"- Mean score: {round(sum(scored) / len(scored), 1) if scored else 'n/a'}", "",
             "| # | Question | Score | Status |", "|---|---|---|---|"]
    for i, r in enumerate(records, 1):
        lines.append(f"| {i} | {md(r.question.text)} | "
                     f"{r.overall if r.overall is not None else 'n/a'} | {r.status} |")
    lines.append("")
    if coach is not None:
        lines += [coach_markdown(coach, records), ""]
    for i, (r, link) in enumerate(zip(records, links, strict=True), 1):
        lines.append(attempt_markdown(r, link, level=2).replace("## ", f"## {i}. ", 1))
    return "\n".join(lines)
