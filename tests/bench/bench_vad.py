"""Pause counts in noise: the energy detector (baseline) against Silero VAD.

``python -m tests.bench.bench_vad`` builds three answers from the real-speech pack (long pauses
put in between clips of real read speech, see tests/speech/noisy_speech.py), adds fan, keyboard
and babble noise at 20 and 10 dB SNR (over the voiced part), and prints for each: the count of
pauses of 2 s or more (delivery scoring's threshold) clean -> noisy for both detectors, the
share of 10 ms steps on which the noisy spans agree with the clean ones, and the first voiced
time. Then Silero's processing time per minute of audio (whole array and streamed in 100 ms
blocks) and the speech it finds in fan or keyboard noise alone.
"""

from __future__ import annotations

import time

import numpy as np

from interviewer.speech import silero_vad as sv
from interviewer.speech.vad import VadParams, voiced_spans
from tests.fixtures.real_speech import load_clips
from tests.speech import noisy_speech as ns

SR = 16000


def silero_spans(model: sv.SileroModel, audio: np.ndarray) -> list[tuple[float, float]]:
    v = sv.SileroVad(model)
    v.feed(audio)
    return v.spans(final=True)


def main() -> None:
    clips = load_clips()
    model = sv.load_model()
    energy = VadParams()
    print(f"{'answer':<11} {'noise':<9} {'SNR':>4}  {'energy':>7} {'silero':>7}  "
          f"{'agree e/s':>11}  {'first e/s (clean)':>22}")
    misses = {"energy": 0, "silero": 0}
    cases = 0
    for k, answer in enumerate(ns.answers(clips)):
        ce = voiced_spans(answer.audio, energy)
        cs = silero_spans(model, answer.audio)
        pe, ps = ns.long_pauses(ce), ns.long_pauses(cs)
        print(f"{answer.name:<11} {'clean':<9} {'':>4}  {pe:>7} {ps:>7}")
        duration = len(answer.audio) / SR
        for kind in ns.NOISES:
            noise = ns.noise(kind, len(answer.audio), 100 + 10 * k + ns.NOISES.index(kind),
                             clips, answer.speakers)
            for snr in ns.SNRS:
                x = ns.mix(answer.audio, noise, snr)
                ne, ns_ = voiced_spans(x, energy), silero_spans(model, x)
                qe, qs = ns.long_pauses(ne), ns.long_pauses(ns_)
                cases += 1
                misses["energy"] += abs(qe - pe) > 1
                misses["silero"] += abs(qs - ps) > 1
                ae = ns.frame_agreement(ce, ne, duration)
                as_ = ns.frame_agreement(cs, ns_, duration)
                fe = ne[0][0] if ne else float("nan")
                fs = ns_[0][0] if ns_ else float("nan")
                print(f"{'':<11} {kind:<9} {snr:>4.0f}  {pe:>3}->{qe:<3} {ps:>3}->{qs:<3}  "
                      f"{ae:>5.2f}/{as_:<5.2f}  {fe:>5.2f}/{fs:<5.2f} "
                      f"({ce[0][0]:.2f}/{cs[0][0]:.2f})")
    print(f"\npause count off by more than 1: energy {misses['energy']}/{cases}, "
          f"silero {misses['silero']}/{cases}")

    alone = []
    for kind in ("fan", "keyboard"):
        for level in (0.01, 0.1):
            x = (level * ns.noise(kind, SR * 30, 3, clips, frozenset())).astype(np.float32)
            found = silero_spans(model, x)
            e = voiced_spans(x, energy)
            alone.append(f"{kind} {level:g}: silero {sum(b - a for a, b in found):.2f} s, "
                         f"energy {sum(b - a for a, b in e):.2f} s")
    print("speech found in 30 s of noise alone: " + "; ".join(alone))

    audio = np.concatenate([a.audio for a in ns.answers(clips)])
    minutes = len(audio) / SR / 60
    silero_spans(model, audio[:SR])  # warm up
    times, stream_times = [], []
    for _ in range(3):
        t = time.perf_counter()
        silero_spans(model, audio)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        v = sv.SileroVad(model)
        for i in range(0, len(audio), SR // 10):
            v.feed(audio[i:i + SR // 10])
        v.spans(final=True)
        stream_times.append(time.perf_counter() - t)
    print(f"silero time per minute of audio ({minutes:.2f} min, median of 3, 1 thread): "
          f"whole array {np.median(times) / minutes:.3f} s, "
          f"streamed in 100 ms blocks {np.median(stream_times) / minutes:.3f} s")


if __name__ == "__main__":
    main()
