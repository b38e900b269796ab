"""Delivery: pace, fillers, hedges, long pauses, time to first word and length.

Bands (see NOTES.md "Scoring research"): 120-165 words a minute; more than about 4 fillers a
minute is flagged; a silence of 2 s or more mid-answer is a reportable pause; behavioural
answers should run 60-120 s (flagged under 45 s or over 150 s).

Whisper stretches word times over silences, so pauses come from the audio's voiced spans
(``Transcript.voiced``) when present, otherwise from gaps between words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from interviewer.core.scoring.fillers import Hit
from interviewer.core.scoring.result import Component, Delivery, FillerStats, Pause
from interviewer.core.transcript import Transcript

WPM_BAND = (120.0, 165.0)
WPM_ZERO = (70.0, 230.0)  # pace score falls to zero here
FILLERS_PER_MIN_OK = 4.0
FILLERS_PER_MIN_ZERO = 14.0
FILLERS_PER_100_OK = 3.0
FILLERS_PER_100_ZERO = 12.0
HEDGES_PER_100_OK = 2.0
HEDGES_PER_100_ZERO = 8.0
LONG_PAUSE_S = 2.0
FIRST_WORD_OK_S = 3.0
BEHAVIORAL_LENGTH_OK = (45.0, 150.0)
BEHAVIORAL_LENGTH_IDEAL = (60.0, 120.0)


def length_band(kind: str, target_s: int | None) -> tuple[float, float] | None:
    """The acceptable answer length in seconds, or None when nothing is known."""
    if kind == "behavioral":
        return BEHAVIORAL_LENGTH_OK
    if target_s:
        return (round(target_s * 0.5, 1), round(target_s * 1.5, 1))
    return None


def _pauses(transcript: Transcript) -> list[Pause]:
    words = transcript.words
    if not words or not transcript.timed:
        return []
    first = words[0].start or 0.0
    last = words[-1].end or 0.0
    spans: list[tuple[float, float]]
    if transcript.voiced:
        spans = sorted((a, b) for a, b in transcript.voiced if b > a)
    else:
        spans = [(w.start or 0.0, w.end or 0.0) for w in words]
    pauses: list[Pause] = []
    reach: float | None = None
    for a, b in spans:
        if reach is not None and a - reach >= LONG_PAUSE_S and reach >= first - 0.05 \
                and a <= last + 0.05:
            pauses.append(Pause(round(reach, 2), round(a - reach, 2)))
        reach = b if reach is None else max(reach, b)
    return pauses


def measure_delivery(transcript: Transcript, fillers: Sequence[Hit], hedges: Sequence[Hit], *,
                     kind: str, target_s: int | None) -> Delivery:
    """Figures about how the answer sounded; time-based ones are None for untimed text."""
    words = transcript.words
    n_words = len(words)
    filler_items = dict(sorted(Counter(h.item for h in fillers).items()))
    hedge_items = dict(sorted(Counter(h.item for h in hedges).items()))
    per_100 = round(100.0 * len(fillers) / n_words, 1) if n_words else None
    band = length_band(kind, target_s)
    bands: dict[str, list[float]] = {"wpm": list(WPM_BAND),
                                     "fillers_per_min": [0.0, FILLERS_PER_MIN_OK],
                                     "long_pause_s": [LONG_PAUSE_S],
                                     "first_word_s": [0.0, FIRST_WORD_OK_S]}
    if band is not None:
        bands["duration_s"] = list(band)
    if not transcript.timed:
        return Delivery(words=n_words, fillers=FillerStats(len(fillers), None, per_100,
                                                           filler_items),
                        hedges=len(hedges), hedge_items=hedge_items, long_pauses=None,
                        duration_s=transcript.duration_s, target_s=target_s, timed=False,
                        bands=bands, length_note=_length_note(transcript.duration_s, band))
    first = float(words[0].start or 0.0)
    last = float(words[-1].end or 0.0)
    pauses = _pauses(transcript)
    if transcript.voiced:
        voiced_starts = [a for a, b in transcript.voiced if b > a]
        if voiced_starts:
            first = min(first, *voiced_starts)
    speaking = max(0.0, last - first - sum(p.duration_s for p in pauses))
    wpm = round(n_words * 60.0 / speaking, 1) if speaking >= 1.0 else None
    per_min = round(len(fillers) * 60.0 / speaking, 1) if speaking >= 1.0 else None
    duration = transcript.duration_s if transcript.duration_s is not None else last
    return Delivery(
        words=n_words, speaking_s=round(speaking, 2), wpm=wpm,
        fillers=FillerStats(len(fillers), per_min, per_100, filler_items),
        hedges=len(hedges), hedge_items=hedge_items, long_pauses=tuple(pauses),
        first_word_s=round(first, 2), duration_s=round(duration, 2), target_s=target_s,
        timed=True, bands=bands, length_note=_length_note(duration, band),
    )


def _length_note(duration: float | None, band: tuple[float, float] | None) -> str | None:
    if duration is None or band is None:
        return None
    if duration < band[0]:
        return "short"
    if duration > band[1]:
        return "long"
    return "ok"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _ramp(value: float, ok: float, zero: float) -> float:
    """1.0 up to ``ok``, falling linearly to 0.0 at ``zero`` (ok < zero)."""
    if value <= ok:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - ok)


def _pace_fraction(wpm: float) -> float:
    lo, hi = WPM_BAND
    if wpm < lo:
        return _ramp(-wpm, -lo, -WPM_ZERO[0])
    return _ramp(wpm, hi, WPM_ZERO[1])


def delivery_component(d: Delivery, max_points: float) -> Component:
    """Score delivery on what can be known, and say which figures were used."""
    if d.words == 0:
        return Component(0.0, max_points, "Nothing was said, so delivery cannot be credited.")
    parts: list[tuple[float, float, str]] = []  # (weight, fraction, phrase)
    if d.timed and d.wpm is not None and d.fillers.per_min is not None:
        parts.append((0.3, _pace_fraction(d.wpm), f"pace {d.wpm:.0f} wpm (good: "
                      f"{WPM_BAND[0]:.0f}-{WPM_BAND[1]:.0f})"))
        parts.append((0.3, _ramp(d.fillers.per_min, FILLERS_PER_MIN_OK, FILLERS_PER_MIN_ZERO),
                      f"{_n(d.fillers.count, 'filler')} ({d.fillers.per_min:.1f} a minute)"))
        n_pauses = len(d.long_pauses or ())
        parts.append((0.15, max(0.0, 1.0 - n_pauses / 4.0), f"{_n(n_pauses, 'long pause')}"))
        if d.length_note is not None and d.duration_s is not None:
            frac = 1.0 if d.length_note == "ok" else 0.4
            parts.append((0.25, frac, f"length {d.duration_s:.0f} s ({d.length_note})"))
        else:
            parts.append((0.1, 1.0 if (d.first_word_s or 0.0) <= FIRST_WORD_OK_S else 0.5,
                          f"first word at {d.first_word_s or 0.0:.1f} s"))
        source = "Timed answer"
    else:
        per100 = d.fillers.per_100_words or 0.0
        hedges100 = 100.0 * d.hedges / d.words
        parts.append((0.7, _ramp(per100, FILLERS_PER_100_OK, FILLERS_PER_100_ZERO),
                      f"{_n(d.fillers.count, 'filler')} ({per100:.1f} per 100 words)"))
        parts.append((0.3, _ramp(hedges100, HEDGES_PER_100_OK, HEDGES_PER_100_ZERO),
                      f"{_n(d.hedges, 'hedge')} ({hedges100:.1f} per 100 words)"))
        why = "Untimed text" if not d.timed else "Under a second of timed speech"
        source = f"{why}, so pace, pauses and length are unknown; scored on fillers and " \
                 f"hedges per 100 words"
    total_w = sum(w for w, _, _ in parts)
    frac = sum(w * f for w, f, _ in parts) / total_w
    score = round(max_points * frac, 1)
    return Component(score, max_points, f"{source}: " + "; ".join(p for _, _, p in parts) + ".")
