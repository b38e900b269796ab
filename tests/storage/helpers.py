"""Small deterministic stand-ins for the storage unit tests (the CLI tests use the real engine
and scorer; every test uses the real WAV repair): a question with a rubric, a scorer that gives
the ``score --json`` shape, a timed transcript, WAV writing."""
from __future__ import annotations

import struct
import wave
from pathlib import Path
from typing import Any

from interviewer.core.questions import Concept, Question, Rubric
from interviewer.core.transcript import Segment, Transcript, Word

RATE = 16000


def make_question(qid: str = "q01", kind: str = "technical") -> Question:
    rubric = Rubric(concepts=(
        Concept("gap", "gap between training and validation", aliases=("validation",)),
        Concept("reg", "regularisation", aliases=("dropout", "weight decay")),
        Concept("data", "more data", aliases=("augmentation",)),
    )) if kind == "technical" else None
    return Question(id=qid, text=f"Question {qid}: what is overfitting?",
                    category="fundamentals" if kind == "technical" else "behavioral",
                    kind=kind,  # type: ignore[arg-type]
                    target_s=90, guidance="Define it, then fixes.", tip="Use an example.",
                    rubric=rubric, bank_id="test-bank", bank_version="1")


def timed_transcript(text: str, wpm: float = 150.0) -> Transcript:
    step = 60.0 / wpm
    words = tuple(Word(w, round(i * step, 3), round(i * step + step * 0.8, 3), 0.9)
                  for i, w in enumerate(text.split()))
    end = words[-1].end if words else 0.0
    return Transcript(segments=(Segment(text, 0.0, end, words),), duration_s=end)


def fake_score(transcript: Transcript, question: Question, *, version: str = "r1",
               bonus: int = 0) -> dict[str, Any]:
    """A deterministic score in the ``score --json`` shape."""
    text = transcript.text.lower()
    concepts = []
    for c in question.rubric.concepts if question.rubric else ():
        hit = any(a in text for a in (c.label.lower(), *c.aliases))
        concepts.append({"id": c.id, "label": c.label, "status": "hit" if hit else "missed",
                         "matched": c.aliases[0] if hit and c.aliases else None,
                         "at_s": 1.0 if hit else None})
    hits = sum(1 for c in concepts if c["status"] == "hit")
    words = len(transcript.words)
    content = 40.0 * hits / max(1, len(concepts))
    delivery = float(min(30, words))
    overall = min(100, int(content + delivery) + bonus)
    sentences = [{"text": s.strip() + ".", "label": lab, "why": "cue"}
                 for s, lab in zip(transcript.text.split("."), ("situation", "action", "result",
                                                                 None, None), strict=False)
                 if s.strip()]
    return {
        "question_id": question.id, "kind": question.kind, "rubric_version": version,
        "overall": overall,
        "components": {"content": {"score": content, "max": 40.0,
                                   "explanation": f"{hits} of {len(concepts)} concepts"},
                       "delivery": {"score": delivery, "max": 30.0,
                                    "explanation": "pace & <fillers>"}},
        "star": {k: {"present": False, "evidence": []}
                 for k in ("situation", "task", "action", "result")} | {"order_ok": None},
        "sentences": sentences,
        "concepts": concepts,
        "delivery": {"words": words, "speaking_s": transcript.duration_s, "wpm": 150.0,
                     "fillers": {"count": 1, "per_min": 1.0, "items": ["um"]},
                     "hedges": 0, "long_pauses": [], "first_word_s": 0.4,
                     "duration_s": transcript.duration_s},
        "tips": ["Name one concrete fix & say why it works.", "Finish with a trade-off."],
    }


def write_wav(path: Path, seconds: float, *, seed: int = 1) -> bytes:
    """A 16 kHz mono 16-bit WAV of a deterministic tone; returns its bytes."""
    n = int(seconds * RATE)
    frames = b"".join(struct.pack("<h", ((i * (seed + 3) * 37) % 2000) - 1000)
                      for i in range(n))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)
    return path.read_bytes()
