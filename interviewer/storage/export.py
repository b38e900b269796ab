"""Reports: an attempt or a session as Markdown or as one self-contained HTML file.

API::

    export_report(store, target_id, fmt="md" | "html", out=Path) -> Path
    attempt_markdown(record, audio_link) -> str      session_markdown(session, records, links)
    attempt_html(record, audio_link) -> str          session_html(session, records, links)
        (in interviewer.storage.export_html)

A report holds: the question, the overall score and each component with its explanation, the
concepts (hit / possible / missed), the STAR parts with their evidence, delivery figures next to
their target bands, the tips, the transcript with each sentence's STAR label and the matched
concepts marked, and a link to the recording *relative to the report file* (so a report and
the data dir can be moved together). Everything comes from the stored sidecar: the score's
``sentences``/``concepts`` are used as scored, nothing is re-computed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from interviewer.core.errors import InputError
from interviewer.storage.records import AttemptRecord, SessionInfo

if TYPE_CHECKING:
    from interviewer.storage.store import AttemptStore

FORMATS = ("md", "html")
PACE_BAND_WPM = (120, 165)
FILLERS_MAX_PER_MIN = 4.0
LONG_PAUSE_S = 2.0
FIRST_WORD_MAX_S = 3.0
STAR_PARTS = ("situation", "task", "action", "result")
CONCEPT_MARK = {"hit": "✓", "possible": "?", "missed": "✗"}


@dataclass(frozen=True)
class DeliveryRow:
    measure: str
    value: str
    target: str
    ok: bool | None  # None: no judgement


def _num(value: Any, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        value = round(value, digits) if digits else round(value)
    return f"{value}{unit}"


def _count(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return len(value)
    return int(value)


def length_band(record: AttemptRecord) -> tuple[float, float] | None:
    """The length a good answer has: 60-120 s for behavioural ones, else around the
    question's target (0.6x to 1.4x)."""
    if record.question.kind == "behavioral":
        return (60.0, 120.0)
    target = record.question.target_s
    return (round(target * 0.6), round(target * 1.4)) if target else None


def _band(bands: dict[str, Any], key: str, default: tuple[float, float] | None
          ) -> tuple[float, float] | None:
    value = bands.get(key)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return float(value[0]), float(value[1])
    return default


def _items(items: Any) -> str:
    if isinstance(items, dict):
        return ", ".join(f"{k} x{v}" for k, v in items.items())
    return ", ".join(str(i) for i in items or [])


def delivery_rows(record: AttemptRecord) -> list[DeliveryRow]:
    """Delivery figures with their target bands: the score's own ``bands`` when it has them,
    else the bands coaches use (see NOTES.md)."""
    d = (record.score or {}).get("delivery") or {}
    raw_bands = d.get("bands")
    bands: dict[str, Any] = raw_bands if isinstance(raw_bands, dict) else {}
    rows: list[DeliveryRow] = []
    wpm = d.get("wpm")
    lo, hi = _band(bands, "wpm", PACE_BAND_WPM) or PACE_BAND_WPM
    rows.append(DeliveryRow("Pace", _num(wpm, " words/min", 0), f"{lo:g}-{hi:g} words/min",
                            None if wpm is None else lo <= wpm <= hi))
    fillers = d.get("fillers") or {}
    per_min = fillers.get("per_min")
    items = _items(fillers.get("items"))
    value = f"{_num(fillers.get('count'))} ({_num(per_min, '/min')})"
    fmax = (_band(bands, "fillers_per_min", None) or (0.0, FILLERS_MAX_PER_MIN))[1]
    rows.append(DeliveryRow("Fillers", value + (f": {items}" if items else ""),
                            f"at most {fmax:g} a minute",
                            None if per_min is None else per_min <= fmax))
    pauses = _count(d.get("long_pauses"))
    rows.append(DeliveryRow(f"Pauses of {LONG_PAUSE_S:g} s or more", _num(pauses), "none",
                            None if pauses is None else pauses == 0))
    first = d.get("first_word_s")
    first_max = (_band(bands, "first_word_s", None) or (0.0, FIRST_WORD_MAX_S))[1]
    rows.append(DeliveryRow("First word after", _num(first, " s"),
                            f"at most {first_max:g} s",
                            None if first is None else first <= first_max))
    hedges = _count(d.get("hedges"))
    rows.append(DeliveryRow("Hedges (I think, maybe...)", _num(hedges), "few", None))
    duration = d.get("duration_s") or record.duration_s
    band = _band(bands, "duration_s", length_band(record))
    rows.append(DeliveryRow(
        "Length", _num(duration, " s", 0),
        f"{band[0]:.0f}-{band[1]:.0f} s" if band else "n/a",
        None if duration is None or band is None else band[0] <= duration <= band[1]))
    rows.append(DeliveryRow("Words", _num(d.get("words")), "", None))
    return rows


def structure_rows(score: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """(part, present, evidence) for a technical answer's structure (definition, ...)."""
    structure = score.get("structure") or {}
    return [(name.replace("_", "-"), bool(item.get("present")),
             " ".join(str(e) for e in item.get("evidence") or []))
            for name, item in structure.items() if isinstance(item, dict)]


def transcript_sentences(record: AttemptRecord) -> list[tuple[str, str | None, str]]:
    """(text, STAR label or None, why) for each sentence: the score's, else the transcript."""
    sentences = (record.score or {}).get("sentences") or []
    out = [(str(s.get("text", "")), s.get("label"), str(s.get("why") or ""))
           for s in sentences if isinstance(s, dict)]
    if not out and record.transcript is not None and record.transcript.text:
        out = [(record.transcript.text, None, "")]
    return out


def concept_phrases(record: AttemptRecord) -> list[str]:
    """The words the scorer matched for hit concepts (longest first, for marking)."""
    phrases = {str(c["matched"]) for c in (record.score or {}).get("concepts") or []
               if isinstance(c, dict) and c.get("matched") and c.get("status") == "hit"}
    return sorted(phrases, key=len, reverse=True)


def concept_pattern(phrases: Sequence[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


def relative_link(target: Path, report_path: Path) -> str:
    """A URL-quoted path to ``target`` relative to the report's folder."""
    rel = os.path.relpath(target.resolve(), report_path.resolve().parent)
    return quote(Path(rel).as_posix())


# ---------------------------------------------------------------- Markdown
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: Any) -> str:
    """Escape text for Markdown (also safe inside table cells)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


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
    if any(isinstance(star.get(p), dict) and star[p].get("present") for p in STAR_PARTS) \
            or q.kind == "behavioral":
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


def session_markdown(session: SessionInfo, records: Sequence[AttemptRecord],
                     links: Sequence[str | None]) -> str:
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
    for i, (r, link) in enumerate(zip(records, links, strict=True), 1):
        lines.append(attempt_markdown(r, link, level=2).replace("## ", f"## {i}. ", 1))
    return "\n".join(lines)


# ---------------------------------------------------------------- files
def export_report(store: AttemptStore, target_id: str, fmt: str, out: Path) -> Path:
    """Write the report of an attempt or a session id to ``out``; returns ``out``."""
    from interviewer.storage.export_html import attempt_html, session_html

    if fmt not in FORMATS:
        raise InputError(f"Unknown report format {fmt!r}: use md or html.")
    out = Path(out)
    is_attempt = store.queries.attempt(target_id) is not None
    if not is_attempt and not any(s.session_id == target_id for s in store.queries.sessions()):
        raise InputError(f"There is no attempt or session {target_id!r}; "
                         "see `interviewer history`.")
    out.parent.mkdir(parents=True, exist_ok=True)
    if is_attempt:
        record = store.load_attempt(target_id)
        link = relative_link(record.audio_path, out) if record.audio_path.exists() else None
        text = attempt_markdown(record, link) if fmt == "md" else attempt_html(record, link)
    else:
        session = store.session(target_id)
        records = store.session_attempts(session.session_id)
        links = [relative_link(r.audio_path, out) if r.audio_path.exists() else None
                 for r in records]
        text = (session_markdown(session, records, links) if fmt == "md"
                else session_html(session, records, links))
    out.write_text(text, encoding="utf-8")
    return out
