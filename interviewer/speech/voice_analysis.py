"""Measure the voice in a recording: pitch (Praat, through parselmouth), loudness (ITU-R
BS.1770-4, through pyloudnorm), phrase-end drops and clipping.

The result is a :class:`~interviewer.core.scoring.voice.VoiceMeasures`; the bands and flags are
applied in core (:func:`~interviewer.core.scoring.voice.judge_voice`). Pitch is analysed in
10 s pieces so that no single call into Praat's C++ (which keeps the GIL) holds the GUI's
thread up for long; the pieces overlap by the pitch window so no frame is lost at a seam.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np

from interviewer.core.scoring.voice import VoiceMeasures, judge_voice

if TYPE_CHECKING:
    from pathlib import Path

    from interviewer.core.scoring.voice import Voice
    from interviewer.core.transcript import Transcript

log = logging.getLogger(__name__)

PITCH_FLOOR_HZ = 75.0  # Praat's defaults for speech
PITCH_CEILING_HZ = 500.0
PITCH_STEP_S = 0.01
PIECE_S = 10.0
OCTAVE_ST = 12.0  # frames further than an octave from the median are octave errors
TRACK_STEP_S = 0.25
SHORT_TERM_S = 3.0  # EBU R128 short-term loudness window
SHORT_TERM_HOP_S = 1.0
FRAME_S = 0.02
CLIP_LEVEL = 0.999


def analyse_voice(samples: np.ndarray, rate: int, transcript: Transcript) -> Voice:
    """The voice figures of a recording (mono float samples in [-1, 1]) and its transcript."""
    return judge_voice(measure_voice(samples, rate, transcript), transcript)


def measure_voice(samples: np.ndarray, rate: int, transcript: Transcript) -> VoiceMeasures:
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    duration = len(x) / rate if rate else 0.0
    times, f0 = _pitch(x, rate)
    voiced_s = len(f0) * PITCH_STEP_S
    median = mean = sd_hz = sd_st = None
    track: tuple[tuple[float, float], ...] = ()
    if len(f0):
        med = float(np.median(f0))
        st = 12.0 * np.log2(f0 / med)
        keep = np.abs(st) <= OCTAVE_ST
        f0, st, times = f0[keep], st[keep], times[keep]
        voiced_s = len(f0) * PITCH_STEP_S
        if len(f0):
            median = float(np.median(f0))
            mean = float(np.mean(f0))
            sd_hz = float(np.std(f0))
            sd_st = float(np.std(st))
            track = _binned(times, f0, TRACK_STEP_S)
    lufs, sd_lu, loud_track = _loudness(x, rate)
    drops = _phrase_drops(x, rate, transcript)
    clipped = float(np.mean(np.abs(x) >= CLIP_LEVEL)) if len(x) else 0.0
    return VoiceMeasures(
        duration_s=duration, voiced_s=voiced_s, pitch_median_hz=median, pitch_mean_hz=mean,
        pitch_sd_hz=sd_hz, pitch_sd_st=sd_st, loudness_lufs=lufs, loudness_sd_lu=sd_lu,
        phrase_drops_db=tuple(d for d, _span in drops), clipped_fraction=clipped,
        pitch_track=track, loudness_track=loud_track,
        phrase_tails=tuple(span for _d, span in drops),
    )


def _pitch(x: np.ndarray, rate: int) -> tuple[np.ndarray, np.ndarray]:
    """(times, F0 in Hz) of the voiced frames."""
    import parselmouth

    if len(x) < int(0.1 * rate):
        return np.zeros(0), np.zeros(0)
    piece = int(PIECE_S * rate)
    margin = int(3.0 / PITCH_FLOOR_HZ * rate) + 1  # Praat's window is 3 periods of the floor
    all_t: list[np.ndarray] = []
    all_f: list[np.ndarray] = []
    for begin in range(0, len(x), piece):
        lo = max(0, begin - margin)
        hi = min(len(x), begin + piece + margin)
        if hi - lo < 2 * margin:
            continue
        sound = parselmouth.Sound(x[lo:hi], sampling_frequency=float(rate))
        pitch = sound.to_pitch(time_step=PITCH_STEP_S, pitch_floor=PITCH_FLOOR_HZ,
                               pitch_ceiling=PITCH_CEILING_HZ)
        t = pitch.xs() + lo / rate
        f = pitch.selected_array["frequency"]
        own = (t >= begin / rate) & (t < (begin + piece) / rate) & (f > 0)
        all_t.append(t[own])
        all_f.append(f[own])
    if not all_t:
        return np.zeros(0), np.zeros(0)
    return np.concatenate(all_t), np.concatenate(all_f)


def _binned(times: np.ndarray, values: np.ndarray, step: float) -> tuple[tuple[float, float], ...]:
    bins = np.floor(times / step).astype(np.int64)
    out: list[tuple[float, float]] = []
    for b in np.unique(bins):
        sel = values[bins == b]
        out.append((round(float(b) * step, 2), round(float(np.median(sel)), 1)))
    return tuple(out)


def _loudness(x: np.ndarray, rate: int) -> tuple[float | None, float | None,
                                                 tuple[tuple[float, float], ...]]:
    """Integrated loudness (pyloudnorm's meter), the spread of short-term loudness over the
    speech, and the short-term loudness once a second.

    Short-term loudness is BS.1770's mean square of the K-weighted signal over 3 s, for one
    channel -0.691 + 10 log10(mean square); the signal is K-weighted once with pyloudnorm's
    own filters and the windows are read off a running sum."""
    import pyloudnorm
    from pyloudnorm.iirfilter import IIRfilter

    if len(x) < int(0.5 * rate):
        return None, None, ()
    integrated = float(pyloudnorm.Meter(rate).integrated_loudness(x))
    if not np.isfinite(integrated):
        return None, None, ()
    shelf = IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, rate, "high_shelf")  # BS.1770 stage 1
    high_pass = IIRfilter(0.0, 0.5, 38.0, rate, "high_pass")  # BS.1770 stage 2 (RLB)
    y = high_pass.apply_filter(shelf.apply_filter(x))
    window, hop = min(int(SHORT_TERM_S * rate), len(y)), int(SHORT_TERM_HOP_S * rate)
    running = np.concatenate(([0.0], np.cumsum(y * y)))
    starts = np.arange(0, len(y) - window + 1, hop)
    power = (running[starts + window] - running[starts]) / window
    with np.errstate(divide="ignore"):
        short = -0.691 + 10.0 * np.log10(power)
    track = tuple((round(float(s) / rate, 2), round(float(v), 2))
                  for s, v in zip(starts, short, strict=True) if np.isfinite(v))
    speech = [v for _, v in track if v > integrated - 20.0]  # pauses are not unsteadiness
    spread = float(np.std(speech)) if len(speech) >= 2 else None
    return integrated, spread, track


def _frame_db(x: np.ndarray, rate: int) -> np.ndarray:
    n = max(1, int(FRAME_S * rate))
    frames = len(x) // n
    if frames == 0:
        return np.zeros(0)
    power = np.mean(x[:frames * n].reshape(frames, n) ** 2, axis=1)
    return np.asarray(10.0 * np.log10(power + 1e-12))


def _phrase_drops(x: np.ndarray, rate: int, transcript: Transcript
                  ) -> list[tuple[float, tuple[float, float]]]:
    """For each phrase (transcript segment) of at least 1 s: the level of its first two thirds
    minus that of its last third, in dB, over the frames with sound in them; with the (start,
    end) seconds of that last third."""
    db = _frame_db(x, rate)
    if not len(db):
        return []
    drops: list[tuple[float, tuple[float, float]]] = []
    for seg in transcript.segments:
        timed = [w for w in seg.words if w.start is not None and w.end is not None]
        start = timed[0].start if timed else seg.start
        end = timed[-1].end if timed else seg.end
        if start is None or end is None or end - start < 1.0:
            continue
        a, b = int(start / FRAME_S), min(len(db), int(end / FRAME_S))
        part = db[a:b]
        if len(part) < 30:
            continue
        loud = part > part.max() - 40.0
        cut = len(part) * 2 // 3
        head, tail = part[:cut][loud[:cut]], part[cut:][loud[cut:]]
        if len(head) < 5 or len(tail) < 5:
            continue
        tail_start = (a + cut) * FRAME_S
        drops.append((round(_mean_db(head) - _mean_db(tail), 2),
                      (round(tail_start, 2), round(b * FRAME_S, 2))))
    return drops


def _mean_db(db: np.ndarray) -> float:
    return float(10.0 * np.log10(np.mean(10.0 ** (db / 10.0))))


def analyse_recording(path: Path | str, transcript: Transcript) -> Voice | None:
    """The voice figures of a recording file, or None (logged) when they cannot be measured:
    the score is still given without them."""
    from interviewer.speech.audio_file import SAMPLE_RATE, load_audio

    try:
        return analyse_voice(load_audio(path), SAMPLE_RATE, transcript)
    except Exception:  # a figure we cannot measure must not cost the person their score
        log.warning("voice analysis of %s failed", path, exc_info=True)
        return None
