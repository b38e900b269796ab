"""What the voice itself says: pitch variation, loudness and its steadiness, pace over time.

The figures are measured from the recording by :mod:`interviewer.speech.voice_analysis` (Praat
through parselmouth for pitch, pyloudnorm for loudness); this module holds the result type, the
pace over the answer (from word timings) and the bands that turn figures into flags and tips.

Bands and where they come from:

- Pitch variation. Hincks (2005, "Measures and perceptions of liveliness in student oral
  presentation speech", System 33(4)) measured liveliness as the pitch variation quotient,
  PVQ = standard deviation / mean of F0 over the speech, and found that listeners heard
  speakers with low PVQ as monotonous; her lively native speakers had PVQs around 0.2 and
  above, the flattest speakers around 0.1. We flag below 0.10 as monotone and 0.10-0.12 as
  rather flat. Checked on real voices (measured with this module, whole recordings): read
  speech from LibriVox 0.137 and 0.151, JFK's inaugural 0.150, an AMI meeting 0.142, none
  flagged; espeak-ng's default voice 0.074 (monotone), its widest pitch range 0.111 (flat).
  The same spread in semitones (scale-free, so it compares low and high voices)
  is shown beside it: conversational speech typically spans a standard deviation of about 2-4
  semitones (Traunmueller & Eriksson 1995, "The frequency range of the voice fundamental in
  the speech of male and female adults").
- Loudness, in LUFS (ITU-R BS.1770-4, the broadcast loudness measure). EBU R128 puts speech
  programmes at -23 LUFS and spoken-word podcasts sit at -16 to -19; a recording below -35
  LUFS is hard to hear on a laptop speaker and usually means the microphone is far or its gain
  is low. Short-term loudness (3 s windows, as R128 defines them) that swings with a standard
  deviation over 6 LU is unsteady.
- Trailing off: the last third of a phrase 6 dB or more quieter than the rest of it (a halving
  of perceived loudness is about 10 dB; 6 dB is clearly audible) in more than a third of the
  phrases.
- Clipping: more than 0.1% of samples at full scale means the input is overdriven.
- Pace: words per minute in 10 s windows; the delivery band is 120-165 wpm. A drift is the last
  third of the answer more than 25% faster or slower than the first third.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interviewer.core.transcript import Transcript

PVQ_MONOTONE = 0.10
PVQ_FLAT = 0.12
QUIET_LUFS = -35.0
LOUD_LUFS = -9.0
UNSTEADY_LU = 6.0
TRAIL_DB = 6.0
TRAIL_SHARE = 1 / 3
CLIP_FRACTION = 0.001
PACE_WINDOW_S = 10.0
PACE_DRIFT = 0.25
MIN_VOICED_S = 3.0  # less voiced speech than this says nothing about pitch

BANDS: dict[str, list[float]] = {
    "pitch_pvq": [PVQ_MONOTONE, PVQ_FLAT],
    "pitch_sd_st": [2.0, 4.0],
    "loudness_lufs": [QUIET_LUFS, LOUD_LUFS],
    "loudness_sd_lu": [0.0, UNSTEADY_LU],
    "trailing_off": [0.0, TRAIL_SHARE],
    "clipped_fraction": [0.0, CLIP_FRACTION],
    "wpm": [120.0, 165.0],
}


@dataclass(frozen=True)
class VoiceMeasures:
    """Raw figures from the recording (what :mod:`interviewer.speech.voice_analysis` measures)."""

    duration_s: float
    voiced_s: float
    pitch_median_hz: float | None
    pitch_mean_hz: float | None
    pitch_sd_hz: float | None
    pitch_sd_st: float | None
    loudness_lufs: float | None
    loudness_sd_lu: float | None
    phrase_drops_db: tuple[float, ...]  # per phrase: rest minus last third, in dB
    clipped_fraction: float
    pitch_track: tuple[tuple[float, float], ...] = ()  # (time s, Hz), 4 per second, voiced only
    loudness_track: tuple[tuple[float, float], ...] = ()  # (time s, short-term LUFS), 1 per s
    phrase_tails: tuple[tuple[float, float], ...] = ()  # (start, end) s of each drop's last third


@dataclass(frozen=True)
class PaceWindow:
    start_s: float
    wpm: float

    def to_dict(self) -> dict[str, Any]:
        return {"start_s": self.start_s, "wpm": self.wpm}


@dataclass(frozen=True)
class Voice:
    """The voice figures of one answer, their bands and what they mean (``flags``, ``notes``)."""

    duration_s: float
    voiced_s: float
    pitch_median_hz: float | None
    pitch_sd_st: float | None
    pitch_pvq: float | None
    loudness_lufs: float | None
    loudness_sd_lu: float | None
    trailing_off: float | None
    clipped_fraction: float
    pace: tuple[PaceWindow, ...] = ()
    pace_drift: float | None = None
    pitch_track: tuple[tuple[float, float], ...] = ()
    loudness_track: tuple[tuple[float, float], ...] = ()
    trailing_spans: tuple[tuple[float, float], ...] = ()  # phrase ends that trailed off (s)
    flags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    bands: dict[str, list[float]] = field(default_factory=lambda: dict(BANDS))

    def to_dict(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s, "voiced_s": self.voiced_s,
            "pitch_median_hz": self.pitch_median_hz, "pitch_sd_st": self.pitch_sd_st,
            "pitch_pvq": self.pitch_pvq, "loudness_lufs": self.loudness_lufs,
            "loudness_sd_lu": self.loudness_sd_lu, "trailing_off": self.trailing_off,
            "clipped_fraction": self.clipped_fraction,
            "pace": [p.to_dict() for p in self.pace], "pace_drift": self.pace_drift,
            "pitch_track": [list(p) for p in self.pitch_track],
            "loudness_track": [list(p) for p in self.loudness_track],
            "trailing_spans": [list(p) for p in self.trailing_spans],
            "flags": list(self.flags), "notes": list(self.notes),
            "bands": {k: list(v) for k, v in self.bands.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Voice | None:
        if not d:
            return None

        def opt(key: str) -> float | None:
            value = d.get(key)
            return None if value is None else float(value)

        return cls(
            duration_s=float(d.get("duration_s", 0.0)), voiced_s=float(d.get("voiced_s", 0.0)),
            pitch_median_hz=opt("pitch_median_hz"), pitch_sd_st=opt("pitch_sd_st"),
            pitch_pvq=opt("pitch_pvq"), loudness_lufs=opt("loudness_lufs"),
            loudness_sd_lu=opt("loudness_sd_lu"), trailing_off=opt("trailing_off"),
            clipped_fraction=float(d.get("clipped_fraction", 0.0)),
            pace=tuple(PaceWindow(float(p["start_s"]), float(p["wpm"]))
                       for p in d.get("pace") or ()),
            pace_drift=opt("pace_drift"),
            pitch_track=tuple((float(t), float(v)) for t, v in d.get("pitch_track") or ()),
            loudness_track=tuple((float(t), float(v))
                                 for t, v in d.get("loudness_track") or ()),
            trailing_spans=tuple((float(a), float(b)) for a, b in d.get("trailing_spans") or ()),
            flags=tuple(str(f) for f in d.get("flags") or ()),
            notes=tuple(str(n) for n in d.get("notes") or ()),
            bands={str(k): [float(x) for x in v] for k, v in (d.get("bands") or {}).items()},
        )


def pace_windows(transcript: Transcript, window_s: float = PACE_WINDOW_S) -> tuple[PaceWindow, ...]:
    """Words per minute in consecutive ``window_s`` windows from the first word to the last
    (a word counts in the window its middle falls in; a last window shorter than half of
    ``window_s`` is merged into the one before)."""
    words = [w for w in transcript.words if w.start is not None and w.end is not None]
    if not words:
        return ()
    start = float(words[0].start or 0.0)
    end = float(words[-1].end or start)
    span = end - start
    if span <= 0:
        return ()
    count = max(1, int(span // window_s))
    if span - count * window_s >= window_s / 2:
        count += 1
    edges = [start + i * window_s for i in range(count)] + [end]
    tallies = [0] * count
    for w in words:
        mid = (float(w.start or 0.0) + float(w.end or 0.0)) / 2
        i = min(count - 1, max(0, int((mid - start) // window_s)))
        tallies[i] += 1
    out = []
    for i in range(count):
        length = max(edges[i + 1] - edges[i], 1e-6)
        out.append(PaceWindow(round(edges[i] - start, 2), round(60.0 * tallies[i] / length, 1)))
    return tuple(out)


def _drift(pace: Sequence[PaceWindow]) -> float | None:
    if len(pace) < 3:
        return None
    third = max(1, len(pace) // 3)
    first = sum(p.wpm for p in pace[:third]) / third
    last = sum(p.wpm for p in pace[-third:]) / third
    if first <= 0:
        return None
    return round((last - first) / first, 3)


def judge_voice(measures: VoiceMeasures, transcript: Transcript) -> Voice:
    """Turn the measured figures into the answer's voice figures, flags and plain notes."""
    flags: list[str] = []
    notes: list[str] = []
    pvq = None
    enough_voice = measures.voiced_s >= MIN_VOICED_S
    if (enough_voice and measures.pitch_mean_hz and measures.pitch_sd_hz is not None):
        pvq = round(measures.pitch_sd_hz / measures.pitch_mean_hz, 3)
        if pvq < PVQ_MONOTONE:
            flags.append("monotone")
            notes.append(f"Your pitch barely moved (variation {pvq:.2f}; natural speech is "
                         f"above {PVQ_FLAT:.2f}): let it rise and fall to mark what matters.")
        elif pvq < PVQ_FLAT:
            flags.append("flat")
            notes.append(f"Your pitch was rather flat (variation {pvq:.2f}): stress the key "
                         f"words and let your voice fall at the end of each point.")
    lufs = measures.loudness_lufs
    if lufs is not None and lufs < QUIET_LUFS:
        flags.append("quiet")
        notes.append(f"The recording is quiet ({lufs:.0f} LUFS): speak up or move closer to "
                     f"the microphone.")
    if measures.loudness_sd_lu is not None and measures.loudness_sd_lu > UNSTEADY_LU:
        flags.append("unsteady")
        notes.append(f"Your volume swung a lot (short-term loudness varied by "
                     f"{measures.loudness_sd_lu:.1f} LU): keep an even distance and level.")
    trailing = None
    spans: tuple[tuple[float, float], ...] = ()
    if len(measures.phrase_tails) == len(measures.phrase_drops_db):
        spans = tuple((round(a, 2), round(b, 2)) for (a, b), drop
                      in zip(measures.phrase_tails, measures.phrase_drops_db, strict=True)
                      if drop >= TRAIL_DB)
    if measures.phrase_drops_db:
        trailing = round(sum(1 for d in measures.phrase_drops_db if d >= TRAIL_DB)
                         / len(measures.phrase_drops_db), 3)
        if trailing > TRAIL_SHARE and len(measures.phrase_drops_db) >= 3:
            flags.append("trailing_off")
            notes.append(f"You trailed off at the end of {trailing:.0%} of your phrases: keep "
                         f"your voice up through the last words.")
    if measures.clipped_fraction > CLIP_FRACTION:
        flags.append("clipping")
        notes.append(f"{measures.clipped_fraction:.1%} of the recording is clipped: turn the "
                     f"microphone gain down.")
    pace = pace_windows(transcript)
    drift = _drift(pace)
    if drift is not None and abs(drift) > PACE_DRIFT:
        flags.append("pace_drift")
        notes.append(f"You {'sped up' if drift > 0 else 'slowed down'} by {abs(drift):.0%} "
                     f"from the start of the answer to its end: keep an even pace.")
    return Voice(
        duration_s=round(measures.duration_s, 2), voiced_s=round(measures.voiced_s, 2),
        pitch_median_hz=_r(measures.pitch_median_hz, 1),
        pitch_sd_st=_r(measures.pitch_sd_st, 2) if enough_voice else None,
        pitch_pvq=pvq, loudness_lufs=_r(lufs, 1),
        loudness_sd_lu=_r(measures.loudness_sd_lu, 2), trailing_off=trailing,
        clipped_fraction=round(measures.clipped_fraction, 5), pace=pace, pace_drift=drift,
        pitch_track=measures.pitch_track, loudness_track=measures.loudness_track,
        trailing_spans=spans, flags=tuple(flags), notes=tuple(notes),
    )


def _r(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# a take too quiet or clipped is a problem with the recording itself: fix it first
VOICE_TIP_PRIORITY = {"quiet": 96, "clipping": 94, "monotone": 57, "trailing_off": 54,
                      "pace_drift": 48, "unsteady": 46, "flat": 42}


def voice_tips(voice: Voice | None) -> list[tuple[float, str]]:
    """Tip candidates (priority, text) from the voice flags, for :func:`pick_tips`."""
    if voice is None:
        return []
    return [(VOICE_TIP_PRIORITY.get(flag, 40), note)
            for flag, note in zip(voice.flags, voice.notes, strict=True)]
