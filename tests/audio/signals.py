"""Known test signals and how to compare a recording with its source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
import soxr


def sweep(seconds: float = 3.0, rate: int = 16000, f0: float = 100.0, f1: float = 4000.0,
          amplitude: float = 0.5) -> np.ndarray:
    """A linear sine sweep (float32 mono)."""
    t = np.arange(round(seconds * rate)) / rate
    phase = 2 * np.pi * (f0 * t + (f1 - f0) / (2 * seconds) * t * t)
    return (amplitude * np.sin(phase)).astype(np.float32)


def write_wav(path: Path, data: np.ndarray, rate: int) -> Path:
    sf.write(str(path), data, rate, subtype="PCM_16")
    return path


def _xcorr(ref: np.ndarray, rec: np.ndarray) -> np.ndarray:
    """Cross-correlation c[k] = sum ref[n] * rec[n + k] for k in 0..len(rec)-1 (FFT)."""
    n = len(ref) + len(rec)
    nf = 1 << (n - 1).bit_length()
    c = np.fft.irfft(np.fft.rfft(rec, nf) * np.conj(np.fft.rfft(ref, nf)), nf)
    return c[: len(rec)]


def _shift(x: np.ndarray, frac: float) -> np.ndarray:
    """Delay ``x`` by a fraction of a sample (frequency-domain phase shift)."""
    nf = 1 << (len(x) * 2 - 1).bit_length()
    spec = np.fft.rfft(x, nf)
    k = np.arange(len(spec))
    spec *= np.exp(-2j * np.pi * k * frac / nf)
    return np.fft.irfft(spec, nf)[: len(x)]


def align(reference: np.ndarray, ref_rate: int, recording: np.ndarray,
          rec_rate: int) -> tuple[float, float]:
    """(correlation, lag in seconds) of ``reference`` found inside ``recording``.

    The reference is resampled to the recording's rate; the integer lag comes from the peak of
    the cross-correlation, then a sub-sample delay (PulseAudio's resamplers shift by a fraction
    of a sample, which matters at kHz frequencies) is refined to 0.01 sample. The
    correlation is Pearson's r over the reference's span. Raises AssertionError if the
    recording does not hold the whole reference.
    """
    ref = reference.astype(np.float64)
    if ref_rate != rec_rate:
        ref = soxr.resample(ref, ref_rate, rec_rate)
    rec = recording.astype(np.float64)
    c = _xcorr(ref, rec)
    lag = int(np.argmax(c))
    assert lag + len(ref) <= len(rec) + 1, (
        f"recording ({len(rec) / rec_rate:.2f} s) ends before the reference "
        f"(lag {lag / rec_rate:.2f} s + {len(ref) / rec_rate:.2f} s)")
    seg = rec[lag: lag + len(ref)]
    ref = ref[: len(seg)]
    best = (float(np.corrcoef(ref, seg)[0, 1]), 0.0)
    for step, span in ((0.1, 1.0), (0.01, 0.1)):  # coarse, then fine around the best
        centre = best[1]
        for frac in np.arange(centre - span, centre + span + step / 2, step):
            r = float(np.corrcoef(_shift(ref, frac)[2:-2], seg[2:-2])[0, 1])
            if r > best[0]:
                best = (r, float(frac))
    return best[0], (lag + best[1]) / rec_rate


def speech_energy_fraction(data: np.ndarray, rate: int, frame_s: float = 0.03) -> float:
    """Fraction of frames whose RMS is above -40 dBFS (a crude voice-activity measure)."""
    n = int(rate * frame_s)
    frames = data[: len(data) // n * n].reshape(-1, n)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    return float(np.mean(rms > 10 ** (-40 / 20)))
