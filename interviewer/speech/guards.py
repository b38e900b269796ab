"""Hallucination guards applied to Whisper's raw segments.

- silence: segments whose words fall outside every voiced stretch of the audio are dropped
  (Whisper invents "Thank you." over silence);
- low confidence over non-speech: whisper's own no_speech / log-prob rule, re-applied to the
  final temperature's result;
- repetition loops: a word n-gram repeated more than ``max_repeats`` times in a row is cut
  back to one occurrence; a segment whose text compresses too well is dropped.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interviewer.core.transcript import Segment, Word


@dataclass(frozen=True)
class GuardParams:
    no_speech_prob: float = 0.6
    avg_logprob: float = -1.0
    compression_ratio: float = 2.4
    max_repeats: int = 3
    max_ngram: int = 6
    min_voiced_overlap_s: float = 0.05


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / max(1, len(zlib.compress(data)))


def keep_raw_segment(seg: dict[str, Any], p: GuardParams) -> bool:
    """Whisper's own skip rule plus a compression guard, on a raw result segment."""
    if seg.get("no_speech_prob", 0.0) > p.no_speech_prob and \
            seg.get("avg_logprob", 0.0) < p.avg_logprob:
        return False
    text = str(seg.get("text", ""))
    return not (len(text) > 40 and compression_ratio(text) > p.compression_ratio)


def _overlap(a: float, b: float, spans: Sequence[tuple[float, float]]) -> float:
    return sum(max(0.0, min(b, y) - max(a, x)) for x, y in spans)


def drop_unvoiced(segments: Sequence[Segment], voiced: Sequence[tuple[float, float]],
                  p: GuardParams) -> list[Segment]:
    out = []
    for s in segments:
        if s.start is None or s.end is None:
            out.append(s)
            continue
        if _overlap(s.start, s.end, voiced) >= p.min_voiced_overlap_s:
            out.append(s)
    return out


_NORM = re.compile(r"[^\w']+")


def _key(w: Word) -> str:
    return _NORM.sub("", w.text.lower())


def collapse_repeats(words: Sequence[Word], p: GuardParams) -> list[Word]:
    """Cut any n-gram (n <= max_ngram) repeated more than max_repeats times in a row."""
    ws = list(words)
    changed = True
    while changed:
        changed = False
        keys = [_key(w) for w in ws]
        for n in range(1, p.max_ngram + 1):
            i = 0
            while i + n * (p.max_repeats + 1) <= len(ws):
                gram = keys[i:i + n]
                if not any(gram):
                    i += 1
                    continue
                reps = 1
                while keys[i + reps * n:i + (reps + 1) * n] == gram:
                    reps += 1
                if reps > p.max_repeats:
                    del ws[i + n:i + reps * n]
                    del keys[i + n:i + reps * n]
                    changed = True
                i += 1
    return ws


def guard_segments(segments: Sequence[Segment], voiced: Sequence[tuple[float, float]],
                   p: GuardParams | None = None) -> list[Segment]:
    p = p or GuardParams()
    kept = drop_unvoiced(segments, voiced, p)
    out = []
    for seg in kept:
        s = seg
        words = collapse_repeats(s.words, p) if s.words else []
        if s.words and len(words) != len(s.words):
            s = Segment(" ".join(w.text for w in words), s.start, s.end, tuple(words))
        if s.text.strip():
            out.append(s)
    return out
