"""HTML reports: one self-contained file (inline CSS, no scripts, no external resources; the
recording is linked relative to the report). Every piece of text goes through
:func:`html.escape`. The content mirrors the Markdown report of :mod:`.export`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from interviewer.core.coaching import CoachReport
from interviewer.storage.records import AttemptRecord, SessionInfo
from interviewer.storage.report_content import (
    CONCEPT_MARK,
    STAR_PARTS,
    concept_pattern,
    concept_phrases,
    delivery_rows,
    follow_up_link,
    follow_up_reply,
    has_star_section,
    structure_rows,
    transcript_sentences,
    voice_rows,
)

CSS = """
body { font-family: system-ui, sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em;
       color: #1d1d1f; line-height: 1.5; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-top: 1.3em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
.meta { color: #555; } .overall { font-size: 2em; font-weight: bold; }
.ok { color: #17682b; } .outside { color: #a3360e; }
.hit { color: #17682b; } .possible { color: #8a6d00; } .missed { color: #a3360e; }
.sentence { display: block; margin: .3em 0; padding: .1em .4em; border-left: 4px solid #ddd; }
.star-situation { border-color: #4e79a7; } .star-task { border-color: #f28e2b; }
.star-action { border-color: #59a14f; } .star-result { border-color: #b07aa1; }
.label { font-size: .75em; text-transform: uppercase; color: #555; margin-right: .4em; }
mark.concept { background: #fff2a8; }
"""


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def _num(value: object) -> str:
    if isinstance(value, float):
        value = round(value, 1)
    return escape("n/a" if value is None else str(value))


def _marked(text: str, pattern: re.Pattern[str] | None) -> str:
    """Escape ``text``, wrapping matched concept phrases in <mark>."""
    if pattern is None:
        return escape(text)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(f'<mark class="concept">{escape(m.group(0))}</mark>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def attempt_section(record: AttemptRecord, audio_link: str | None, level: int = 1) -> str:
    h, h2 = f"h{level}", f"h{level + 1}"
    q = record.question
    score = record.score or {}
    parts = [f"<section id=\"{escape(record.attempt_id)}\">",
             f"<{h}>{escape(q.text)}</{h}>", "<p class=\"meta\">"]
    parts.append(f"Attempt {escape(record.attempt_id)}, {escape(record.created_at)} (UTC), "
                 f"status <strong>{escape(record.status)}</strong>"
                 + (f" ({escape(record.status_detail)})" if record.status_detail else ""))
    parts.append(f"<br>Question {escape(q.id or '?')} ({escape(q.kind)}, "
                 f"{escape(q.category or 'no category')}"
                 + (f", bank {escape(q.bank_id)} {escape(q.bank_version)}" if q.bank_id else "")
                 + f"), target {q.target_s} s")
    if record.model:
        parts.append(f"<br>Transcribed by {escape(record.model)} on "
                     f"{escape(record.device or '?')}")
    parts.append("</p>")
    if audio_link:
        parts.append(f"<p>Recording: <a href=\"{escape(audio_link)}\">"
                     f"{escape(record.audio_path.name)}</a>"
                     + (f" ({record.duration_s:.1f} s)" if record.duration_s else "")
                     + f"<br><audio controls preload=\"none\" src=\"{escape(audio_link)}\">"
                     "</audio></p>")
    if not score:
        parts.append("<p>Not scored yet: the recording was not transcribed.</p></section>")
        return "\n".join(parts)
    parts.append(f"<{h2}>Score</{h2}>")
    parts.append(f"<p class=\"overall\">{_num(score.get('overall'))} / 100</p>")
    parts.append("<table><tr><th>Component</th><th>Score</th><th>Explanation</th></tr>")
    for name, comp in (score.get("components") or {}).items():
        parts.append(f"<tr><td>{escape(str(name))}</td><td>{_num(comp.get('score'))} / "
                     f"{_num(comp.get('max'))}</td>"
                     f"<td>{escape(str(comp.get('explanation') or ''))}</td></tr>")
    parts.append("</table>")
    concepts = [c for c in score.get("concepts") or [] if isinstance(c, dict)]
    if concepts:
        parts.append(f"<{h2}>Concepts</{h2}><ul>")
        for c in concepts:
            status = str(c.get("status"))
            heard = (f" (heard &ldquo;{escape(str(c['matched']))}&rdquo;)"
                     if c.get("matched") else "")
            parts.append(f"<li class=\"{escape(status)}\">{CONCEPT_MARK.get(status, '-')} "
                         f"{escape(status)}: {escape(str(c.get('label')))}{heard}</li>")
        parts.append("</ul>")
    star = score.get("star") or {}
    if has_star_section(star, q.kind):
        parts.append(f"<{h2}>STAR</{h2}><table><tr><th>Part</th><th>Present</th>"
                     "<th>Evidence</th></tr>")
        for part in STAR_PARTS:
            item = star.get(part) or {}
            evidence = "<br>".join(escape(str(e)) for e in item.get("evidence") or [])
            parts.append(f"<tr><td>{part.title()}</td>"
                         f"<td>{'yes' if item.get('present') else 'no'}</td>"
                         f"<td>{evidence}</td></tr>")
        parts.append("</table>")
    structure = structure_rows(score)
    if structure:
        parts.append(f"<{h2}>Structure</{h2}><table><tr><th>Part</th><th>Present</th>"
                     "<th>Evidence</th></tr>")
        parts += [f"<tr><td>{escape(name)}</td><td>{'yes' if present else 'no'}</td>"
                  f"<td>{escape(evidence)}</td></tr>" for name, present, evidence in structure]
        parts.append("</table>")
    wrong = [m for m in score.get("misconceptions") or []
             if isinstance(m, dict) and not m.get("negated")]
    if wrong:
        parts.append(f"<{h2}>Misconceptions</{h2}><ul>" + "".join(
            f"<li>{escape(str(m.get('label')))}: {escape(str(m.get('correction') or ''))}</li>"
            for m in wrong) + "</ul>")
    parts.append(f"<{h2}>Delivery</{h2}><table><tr><th>Measure</th><th>Value</th>"
                 "<th>Target</th><th></th></tr>")
    for row in delivery_rows(record):
        cls, mark = ("", "") if row.ok is None else (
            ("ok", "ok") if row.ok else ("outside", "outside the band"))
        parts.append(f"<tr><td>{escape(row.measure)}</td><td>{escape(row.value)}</td>"
                     f"<td>{escape(row.target)}</td><td class=\"{cls}\">{mark}</td></tr>")
    parts.append("</table>")
    voice = score.get("voice")
    if isinstance(voice, dict):
        parts.append(f"<{h2}>Voice</{h2}><table><tr><th>Measure</th><th>Value</th>"
                     "<th>Band</th><th></th></tr>")
        for name, value, band, ok in voice_rows(voice):
            cls, mark = ("", "") if ok is None else (
                ("ok", "ok") if ok else ("outside", "outside the band"))
            parts.append(f"<tr><td>{escape(name)}</td><td>{escape(value)}</td>"
                         f"<td>{escape(band)}</td><td class=\"{cls}\">{mark}</td></tr>")
        parts.append("</table>")
        pace = voice.get("pace") or []
        if pace:
            parts.append("<p>Pace per 10 s (words/min): "
                         + ", ".join(f"{float(p['wpm']):.0f}" for p in pace) + "</p>")
        notes = voice.get("notes") or []
        if notes:
            parts.append("<ul>" + "".join(f"<li>{escape(str(n))}</li>" for n in notes)
                         + "</ul>")
    follow = record.follow_up
    if follow:
        parts.append(f"<{h2}>Follow-up</{h2}><p><strong>"
                     f"{escape(str(follow.get('question', '')))}</strong><br>Why: "
                     f"{escape(str(follow.get('reason', '')))}<br>"
                     f"{escape(follow_up_reply(follow))}</p>")
        link = follow_up_link(follow, audio_link)
        if link and record.follow_up_audio is not None:
            parts.append(f"<p>Reply: <audio controls preload=\"none\" "
                         f"src=\"{escape(link)}\"></audio></p>")
    elif isinstance(score.get("follow_up"), dict):
        fu = score["follow_up"]
        parts.append(f"<{h2}>Follow-up an interviewer would ask</{h2}><p>"
                     f"{escape(str(fu.get('question', '')))} "
                     f"({escape(str(fu.get('reason', '')))})</p>")
    tips = score.get("tips") or []
    if tips:
        parts.append(f"<{h2}>Tips</{h2}><ol>"
                     + "".join(f"<li>{escape(str(t))}</li>" for t in tips) + "</ol>")
    parts.append(f"<{h2}>Transcript</{h2}><div class=\"transcript\">")
    pattern = concept_pattern(concept_phrases(record))
    for text, label, why in transcript_sentences(record):
        cls = f"sentence star-{escape(label)}" if label else "sentence"
        tag = f"<span class=\"label\">{escape(label)}</span>" if label else ""
        title = f" title=\"{escape(why)}\"" if why else ""
        parts.append(f"<span class=\"{cls}\"{title}>{tag}{_marked(text, pattern)}</span>")
    parts.append("</div></section>")
    return "\n".join(parts)


def attempt_html(record: AttemptRecord, audio_link: str | None) -> str:
    return _page(f"Interview practice: {record.question.text}",
                 attempt_section(record, audio_link))


def coach_html(report: CoachReport, records: Sequence[AttemptRecord]) -> str:
    index = {r.attempt_id: i for i, r in enumerate(records, 1)}
    parts = ["<section class=\"coach\"><h2>Coach's report</h2>",
             f"<p>{escape(report.trend)}</p><h3>Work on these first</h3><ol>"]
    for f in report.focus:
        where = "; ".join(
            f"<a href=\"#{escape(m.attempt_id)}\">answer {index.get(m.attempt_id, '?')}</a>"
            f" ({escape(m.question_id)}" + (f" at {m.at_s:.1f} s" if m.at_s is not None else "")
            + f": {escape(m.detail)})" for m in f.moments)
        parts.append(f"<li><strong>{escape(f.title)}</strong>: {escape(f.advice)} "
                     f"Shown in {where}.</li>")
    parts.append("</ol>")
    if not report.focus:
        parts.append("<p>Nothing stands out: keep practising the same way.</p>")
    if report.strongest is not None:
        attempt_id, text, overall, why = report.strongest
        parts.append(f"<h3>Strongest answer</h3><p><a href=\"#{escape(attempt_id)}\">"
                     f"{escape(text)}</a>: {overall} / 100 ({escape(why)})</p>")
    if report.follow_ups:
        parts.append("<h3>Follow-ups</h3><ul>" + "".join(
            f"<li>Answer {index.get(o.attempt_id, '?')}: {escape(o.question)} "
            f"{escape(o.summary)}</li>" for o in report.follow_ups) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def session_html(session: SessionInfo, records: Sequence[AttemptRecord],
                 links: Sequence[str | None], coach: CoachReport | None = None) -> str:
    kind = "Mock interview" if session.kind == "mock" else "Practice session"
    title = f"{kind}: {session.title}" if session.title else kind
    scored = [r.overall for r in records if r.overall is not None]
    mean = round(sum(scored) / len(scored), 1) if scored else "n/a"
    body = [f"<h1>{escape(title)}</h1>",
            f"<p class=\"meta\">Session {escape(session.session_id)}, "
            f"{escape(session.created_at)} (UTC). Questions answered: {len(records)} of "
            f"{session.planned}. Mean score: {mean}.</p>",
            "<table><tr><th>#</th><th>Question</th><th>Score</th><th>Status</th></tr>"]
    for i, r in enumerate(records, 1):
        body.append(f"<tr><td>{i}</td><td><a href=\"#{escape(r.attempt_id)}\">"
                    f"{escape(r.question.text)}</a></td><td>{_num(r.overall)}</td>"
                    f"<td>{escape(r.status)}</td></tr>")
    body.append("</table>")
    if coach is not None:
        body.append(coach_html(coach, records))
    body += [attempt_section(r, link, level=2)
             for r, link in zip(records, links, strict=True)]
    return _page(title, "\n".join(body))
