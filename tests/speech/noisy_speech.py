"""Real speech in realistic noise, for the VAD tests and ``tests/bench/bench_vad.py``.

Answers are built from the real-speech pack (``tests/fixtures/real_speech.py``): clips of one
reader joined by chosen silences, so the clean recording has known long pauses. Noises (numpy
only, seeded): a fan (brown-ish rumble, a broadband whoosh and a 50 Hz hum with harmonics),
a keyboard (bursts of typing: short decaying clicks with a release click) and babble (several
OTHER speakers of the pack, looped and summed). :func:`mix` scales a noise to an SNR computed
over the voiced part of the clean answer (the energy detector's spans on the clean audio).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import soundfile as sf

from interviewer.core.scoring.delivery import LONG_PAUSE_S
from interviewer.speech.vad import VadParams, voiced_spans
from tests.fixtures.real_speech import RealClip

SR = 16000
NOISES = ("fan", "keyboard", "babble")
SNRS = (20.0, 10.0)


def read(clip: RealClip) -> np.ndarray:
    audio, sr = sf.read(str(clip.path), dtype="float32", always_2d=True)
    assert sr == SR, f"{clip.id} is {sr} Hz"
    return audio.mean(axis=1)


@dataclass(frozen=True)
class Answer:
    name: str
    audio: np.ndarray  # clean
    speakers: frozenset[str]  # whose voices it holds (babble takes others)


def _silence(s: float) -> np.ndarray:
    return np.zeros(round(s * SR), np.float32)


def join(parts: Sequence[np.ndarray], gaps: Sequence[float], lead_s: float,
         tail_s: float) -> np.ndarray:
    """Parts with ``gaps`` seconds of silence between them, and before and after."""
    assert len(gaps) == len(parts) - 1
    out = [_silence(lead_s)]
    for i, part in enumerate(parts):
        out.append(part)
        out.append(_silence(gaps[i] if i < len(gaps) else tail_s))
    return np.concatenate(out)


def _split_at_pauses(audio: np.ndarray, n: int) -> list[np.ndarray]:
    """Cut at the middles of the ``n`` longest natural pauses (energy detector, clean)."""
    spans = voiced_spans(audio, _energy())
    gaps = sorted(((b0 - a1, (a1 + b0) / 2) for (_, a1), (b0, _) in pairwise(spans)),
                  reverse=True)[:n]
    cuts = sorted(round(mid * SR) for _, mid in gaps)
    return np.split(audio, cuts)


def _energy() -> VadParams:
    """The energy detector's default settings (passing them selects that detector)."""
    return VadParams()


def answers(clips: Mapping[str, RealClip]) -> list[Answer]:
    """Three answers with long pauses (2.4 to 3.2 s) and short ones between sentences."""
    austen = [read(clips[f"librivox-austen-{n}"]) for n in ("0870", "0880", "0890", "0920",
                                                             "0930")]
    sonnet = _split_at_pauses(read(clips["librivox-sonnet-1"]), 3)
    mixed = [read(clips[i]) for i in ("jfk", "arctic-awb-a0007", "arctic-slt-a0009")]
    return [
        Answer("austen", join(austen, [2.6, 0.7, 3.2, 1.1], 1.2, 1.0),
               frozenset({"librivox-austen"})),
        Answer("sonnet", join(sonnet, [2.4, 2.8, 2.5], 0.8, 1.5),
               frozenset({"librivox-sonnets"})),
        Answer("jfk+arctic", join(mixed, [2.7, 1.4], 1.5, 1.0),
               frozenset({"jfk", "arctic-awb", "arctic-slt"})),
    ]


# ---------------------------------------------------------------------------- noises
def _shaped(n: int, rng: np.random.Generator, gain: np.ndarray) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n)) * gain
    x = np.fft.irfft(spec, n)
    return x / (np.std(x) + 1e-12)


def fan(n: int, rng: np.random.Generator) -> np.ndarray:
    f = np.fft.rfftfreq(n, 1 / SR)
    rumble = _shaped(n, rng, np.where(f > 15, 1.0 / np.maximum(f, 1.0), 0.0))  # brown above 15
    whoosh = _shaped(n, rng, 1.0 / np.sqrt(1.0 + (f / 700.0) ** 4))  # low-passed at 700 Hz
    t = np.arange(n) / SR
    wobble = 1.0 + 0.2 * np.sin(2 * np.pi * 0.3 * t)
    hum = sum(a * np.sin(2 * np.pi * h * t + rng.uniform(0, 6.3))
              for h, a in ((50, 1.0), (100, 0.5), (150, 0.3), (200, 0.15)))
    x = rumble + 0.6 * whoosh + 0.5 * wobble * hum
    return (x / np.std(x)).astype(np.float32)


def keyboard(n: int, rng: np.random.Generator) -> np.ndarray:
    """Bursts of typing (1-4 s, 5-9 keys a second) with rests of 0.3-1.5 s between them."""
    x = np.zeros(n)
    t = rng.uniform(0.0, 0.5)
    click_n = round(0.012 * SR)
    env = np.exp(-np.arange(click_n) / (0.0025 * SR))
    while t < n / SR:
        burst_end = t + rng.uniform(1.0, 4.0)
        rate = rng.uniform(5.0, 9.0)
        while t < min(burst_end, n / SR):
            for delay, level in ((0.0, 1.0), (rng.uniform(0.06, 0.12), 0.4)):  # press, release
                i = round((t + delay) * SR)
                if i + click_n < n:
                    click = np.diff(rng.standard_normal(click_n + 1)) * env  # bright transient
                    x[i:i + click_n] += level * 10 ** (rng.uniform(-6, 6) / 20) * click
            t += rng.exponential(1.0 / rate)
        t = burst_end + rng.uniform(0.3, 1.5)
    return (x / (np.std(x) + 1e-12)).astype(np.float32)


def babble(n: int, rng: np.random.Generator, clips: Mapping[str, RealClip],
           exclude: frozenset[str], voices: int = 4) -> np.ndarray:
    """``voices`` streams of other speakers, each its clips looped from a random offset."""
    by_speaker: dict[str, list[np.ndarray]] = {}
    for clip in sorted(clips.values(), key=lambda c: c.id):
        if clip.speaker not in exclude:
            by_speaker.setdefault(clip.speaker, []).append(read(clip))
    speakers = sorted(by_speaker)
    assert len(speakers) >= 2, "babble needs other speakers"
    x = np.zeros(n)
    for v in range(voices):
        stream = np.concatenate(by_speaker[speakers[v % len(speakers)]])
        reps = -(-(n + len(stream)) // len(stream))
        looped = np.tile(stream, reps)
        start = int(rng.integers(0, len(stream)))
        part = looped[start:start + n]
        x += part / (np.std(part) + 1e-12)
    return (x / np.std(x)).astype(np.float32)


def noise(kind: str, n: int, seed: int, clips: Mapping[str, RealClip],
          exclude: frozenset[str]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "fan":
        return fan(n, rng)
    if kind == "keyboard":
        return keyboard(n, rng)
    if kind == "babble":
        return babble(n, rng, clips, exclude)
    raise ValueError(kind)


def voiced_power(clean: np.ndarray) -> float:
    """Mean power of the clean answer over its voiced part (energy detector, clean audio)."""
    mask = np.zeros(len(clean), bool)
    for a, b in voiced_spans(clean, _energy()):
        mask[round(a * SR):round(b * SR)] = True
    return float(np.mean(clean[mask].astype(np.float64) ** 2))


def mix(clean: np.ndarray, noise_: np.ndarray, snr_db: float) -> np.ndarray:
    """``clean`` plus ``noise_`` scaled to ``snr_db`` over the voiced part."""
    p_noise = float(np.mean(noise_.astype(np.float64) ** 2))
    scale = np.sqrt(voiced_power(clean) / (p_noise * 10 ** (snr_db / 10)))
    return (clean + scale * noise_[:len(clean)]).astype(np.float32)


# ---------------------------------------------------------------------------- figures
def long_pauses(spans: Sequence[tuple[float, float]], min_s: float = LONG_PAUSE_S) -> int:
    """Gaps of ``min_s`` or more between voiced spans, as delivery scoring counts them
    (between the first and the last speech)."""
    reach: float | None = None
    count = 0
    for a, b in sorted(spans):
        if reach is not None and a - reach >= min_s:
            count += 1
        reach = b if reach is None else max(reach, b)
    return count


def long_gaps(spans: Sequence[tuple[float, float]],
              min_s: float = LONG_PAUSE_S) -> list[tuple[float, float]]:
    """The (start, end) of every gap counted by :func:`long_pauses`."""
    out = []
    reach: float | None = None
    for a, b in sorted(spans):
        if reach is not None and a - reach >= min_s:
            out.append((reach, a))
        reach = b if reach is None else max(reach, b)
    return out


def frame_agreement(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]],
                    duration: float, step: float = 0.01) -> float:
    """Share of 10 ms steps on which the two span lists agree (voiced or not)."""
    n = int(duration / step) + 1

    def mask(spans: Sequence[tuple[float, float]]) -> np.ndarray:
        m = np.zeros(n, bool)
        for s, e in spans:
            m[int(s / step):int(e / step)] = True
        return m

    return float(np.mean(mask(a) == mask(b)))
