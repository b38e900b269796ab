"""What a report says, shared by the Markdown and HTML renderers: delivery rows against their
bands, structure rows, transcript sentences, concept phrases, links relative to the report, and
Markdown escaping. Everything comes from the stored sidecar; nothing is re-computed."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from interviewer.core.coaching import follow_up_outcome
from interviewer.storage.records import AttemptRecord

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


def voice_rows(voice: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(measure, value, band, ok) for the figures of a stored ``voice`` dict."""
    bands = voice.get("bands") or {}
    flags = set(voice.get("flags") or ())
    rows: list[tuple[str, str, str, bool | None]] = []
    pvq = voice.get("pitch_pvq")
    lively = (bands.get("pitch_pvq") or [0.10, 0.12])[1]
    rows.append(("Pitch variation", "n/a" if pvq is None else
                 f"{pvq:.2f} ({voice.get('pitch_sd_st') or 0:.1f} semitones)",
                 f"above {lively:.2f}",
                 None if pvq is None else not {"monotone", "flat"} & flags))
    median = voice.get("pitch_median_hz")
    rows.append(("Typical pitch", "n/a" if median is None else f"{median:.0f} Hz", "", None))
    lufs = voice.get("loudness_lufs")
    quiet, loud = bands.get("loudness_lufs") or [-35.0, -9.0]
    rows.append(("Loudness", "n/a" if lufs is None else f"{lufs:.0f} LUFS",
                 f"{quiet:.0f} to {loud:.0f} LUFS",
                 None if lufs is None else "quiet" not in flags))
    spread = voice.get("loudness_sd_lu")
    rows.append(("Volume steadiness", "n/a" if spread is None else f"±{spread:.1f} LU",
                 f"under {(bands.get('loudness_sd_lu') or [0, 6])[1]:.0f} LU",
                 None if spread is None else "unsteady" not in flags))
    trail = voice.get("trailing_off")
    rows.append(("Phrases trailing off", "n/a" if trail is None else f"{trail:.0%}",
                 "under a third", None if trail is None else "trailing_off" not in flags))
    clipped = float(voice.get("clipped_fraction") or 0.0)
    rows.append(("Clipped samples", f"{clipped:.2%}", "under 0.1%", "clipping" not in flags))
    drift = voice.get("pace_drift")
    rows.append(("Pace drift (start to end)", "n/a" if drift is None else f"{drift:+.0%}",
                 "within ±25%", None if drift is None else "pace_drift" not in flags))
    return rows


def follow_up_link(follow: dict[str, Any], audio_link: str | None) -> str | None:
    """The link to the reply's recording, beside the answer's own (same folder)."""
    name = follow.get("audio_file")
    if not name or not audio_link:
        return None
    head = audio_link.rsplit("/", 1)[0] + "/" if "/" in audio_link else ""
    return head + quote(str(name))


def follow_up_reply(follow: dict[str, Any]) -> str:
    """The reply as said, then what became of it (for reports)."""
    said = str((follow.get("transcript") or {}).get("text") or "").strip()
    heard = f"Reply: \u201c{said}\u201d. " if said and follow.get("status") == "complete" else ""
    return heard + follow_up_outcome(follow)


def has_star_section(star: dict[str, Any], kind: str) -> bool:
    """A report shows the STAR table for stories, and for any answer where a part was found."""
    return kind == "behavioral" or any(
        isinstance(star.get(p), dict) and star[p].get("present") for p in STAR_PARTS)


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
