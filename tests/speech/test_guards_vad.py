"""Unit tests of the energy VAD (the fallback when Silero cannot load; Silero itself is tested
in test_silero_vad.py) and the hallucination guards (no model)."""

from __future__ import annotations

import numpy as np

from interviewer.core.transcript import Segment, Word
from interviewer.speech import guards
from interviewer.speech.vad import EnergyVad, merge_spans
from interviewer.speech.vad import energy_voiced_spans as voiced_spans


def bursts(spec: list[tuple[float, float]], total: float) -> np.ndarray:
    rng = np.random.default_rng(1)
    x = (rng.standard_normal(int(total * 16000)) * 3e-4).astype(np.float32)
    for a, b in spec:
        n = int((b - a) * 16000)
        x[int(a * 16000):int(a * 16000) + n] += (
            0.2 * np.sin(2 * np.pi * 200 * np.arange(n) / 16000)).astype(np.float32)
    return x


def test_vad_finds_bursts():
    spans = voiced_spans(bursts([(1.0, 2.0), (4.0, 5.5)], 8.0))
    assert len(spans) == 2
    assert abs(spans[0][0] - 1.0) < 0.06 and abs(spans[0][1] - 2.0) < 0.06
    assert abs(spans[1][0] - 4.0) < 0.06 and abs(spans[1][1] - 5.5) < 0.06


def test_vad_silence_and_hiss_are_unvoiced():
    assert voiced_spans(np.zeros(16000 * 5, np.float32)) == []
    assert voiced_spans(bursts([], 5.0)) == []


def test_vad_streaming_equals_whole():
    x = bursts([(0.5, 1.7), (3.0, 3.4)], 5.0)
    v = EnergyVad()
    for i in range(0, len(x), 777):
        v.feed(x[i:i + 777])
    assert v.spans(final=True) == voiced_spans(x)


def test_merge_spans():
    assert merge_spans([(1.0, 2.0), (2.5, 3.0), (8.0, 9.0)], 2.0, 0.2, 8.5) == [
        (0.8, 3.2), (7.8, 8.5)]


def w(text: str, t: float) -> Word:
    return Word(text, t, t + 0.3, 0.9)


def test_repetition_loop_collapsed():
    loop = [w("thank", 0), w("you.", 0.3)] * 6 + [w("Bye", 4)]
    out = guards.collapse_repeats(loop, guards.GuardParams())
    assert [x.text for x in out] == ["thank", "you.", "Bye"]


def test_real_repetition_kept():
    words = [w("very", 0), w("very", 0.3), w("deep", 0.6)]
    assert guards.collapse_repeats(words, guards.GuardParams()) == words


def test_segments_over_silence_dropped():
    seg_voiced = Segment("Hello there.", 1.0, 2.0, (w("Hello", 1.0), w("there.", 1.4)))
    seg_silent = Segment("Thank you.", 10.0, 12.0, (w("Thank", 10.0), w("you.", 10.5)))
    out = guards.guard_segments([seg_voiced, seg_silent], [(0.9, 2.1)])
    assert out == [seg_voiced]


def test_raw_segment_rules():
    p = guards.GuardParams()
    assert not guards.keep_raw_segment(
        {"text": " you", "no_speech_prob": 0.9, "avg_logprob": -1.5}, p)
    assert guards.keep_raw_segment({"text": " hello", "no_speech_prob": 0.9, "avg_logprob": -0.2},
                                   p)
    assert not guards.keep_raw_segment({"text": " the the the the" * 10}, p)
