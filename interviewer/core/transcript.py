"""Transcript types: words with times and confidence, grouped in segments.

The Whisper engine fills them with timings; :meth:`Transcript.from_text` builds an untimed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_WORD_RE = re.compile(r"\S+")


@dataclass(frozen=True)
class Word:
    """One recognised word. Times are seconds from the start of the audio, or None if untimed."""

    text: str
    start: float | None = None
    end: float | None = None
    probability: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.text, "start": self.start, "end": self.end,
                "probability": self.probability}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Word:
        return cls(str(data["word"]), _opt_float(data.get("start")), _opt_float(data.get("end")),
                   _opt_float(data.get("probability")))


@dataclass(frozen=True)
class Segment:
    """A stretch of speech as Whisper returns it."""

    text: str
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "words": [w.to_dict() for w in self.words]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segment:
        return cls(str(data.get("text", "")), _opt_float(data.get("start")),
                   _opt_float(data.get("end")),
                   tuple(Word.from_dict(w) for w in data.get("words") or ()))


@dataclass(frozen=True)
class Transcript:
    """A whole answer.

    ``voiced`` optionally lists the (start, end) stretches where the audio itself had speech
    (measured from the signal, not from Whisper's word times, which stretch over silences).
    """

    segments: tuple[Segment, ...] = ()
    language: str = "en"
    duration_s: float | None = None
    voiced: tuple[tuple[float, float], ...] | None = field(default=None)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)

    @property
    def timed(self) -> bool:
        """True when every word has start and end times."""
        words = self.words
        return bool(words) and all(w.start is not None and w.end is not None for w in words)

    @classmethod
    def from_text(cls, text: str) -> Transcript:
        """An untimed transcript of plain text: one segment, words split on whitespace."""
        text = text.strip()
        if not text:
            return cls()
        words = tuple(Word(m.group(0)) for m in _WORD_RE.finditer(text))
        return cls(segments=(Segment(text=text, words=words),))

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "language": self.language, "duration_s": self.duration_s,
                "segments": [s.to_dict() for s in self.segments],
                "voiced": [list(v) for v in self.voiced] if self.voiced is not None else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        """Read the ``transcribe --json`` shape (extra keys are ignored)."""
        voiced = data.get("voiced")
        return cls(
            segments=tuple(Segment.from_dict(s) for s in data.get("segments") or ()),
            language=str(data.get("language") or "en"),
            duration_s=_opt_float(data.get("duration_s")),
            voiced=tuple((float(a), float(b)) for a, b in voiced) if voiced is not None else None,
        )


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)
