"""Delivery on a hand-built timed transcript, and fillers told apart from real words."""

from __future__ import annotations

import pytest

from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.fillers import find_fillers, find_hedges
from interviewer.core.scoring.text import tokenize_text
from interviewer.core.transcript import Segment, Transcript, Word


def split_words(text: str) -> list[str]:
    return text.split()


def timed(words: list[str], start: float, step: float,
          gaps: dict[int, float] | None = None) -> Transcript:
    """Words ``step`` s apart from ``start``; ``gaps[i]`` adds silence before word i."""
    out: list[Word] = []
    t = start
    for i, w in enumerate(words):
        t += (gaps or {}).get(i, 0.0)
        out.append(Word(w, round(t, 3), round(t + step * 0.9, 3)))
        t += step
    return Transcript(segments=(Segment(" ".join(words), out[0].start, out[-1].end,
                                        tuple(out)),), duration_s=round(t + 0.5, 3))


def test_hand_built_timed_transcript(story_question: Question) -> None:
    # 60 words at 0.4 s each (150 wpm), first word at 1.5 s, a 3 s silence before word 30,
    # and four fillers ("um" x2, "uh", "you know").
    words = split_words(
        "At my last job we had a slow fraud model. um I was responsible for making it "
        "faster. I profiled it and found feature code was the bottleneck. uh So I rewrote it, "
        "you know, in vectorised numpy and cached the lookups. um As a result latency fell "
        "from 300 ms to 40 ms and we shipped it everywhere soon.")
    assert len(words) == 60
    t = timed(words, 1.5, 0.4, gaps={30: 3.0})
    d = score_answer(t, question=story_question).delivery
    assert d.timed and d.words == 60
    assert d.first_word_s == 1.5
    assert d.long_pauses is not None and len(d.long_pauses) == 1
    assert d.long_pauses[0].duration_s == pytest.approx(3.04, abs=0.01)
    assert d.long_pauses[0].start_s == pytest.approx(1.5 + 29 * 0.4 + 0.36, abs=0.01)
    # speech runs from 1.5 s to the last word's end (28.46 s), less the 3.04 s pause
    assert d.speaking_s == pytest.approx(28.46 - 1.5 - 3.04, abs=0.01)
    assert d.wpm == pytest.approx(150, abs=1)
    assert d.fillers.count == 4
    assert d.fillers.items == {"uh": 1, "um": 2, "you know": 1}
    assert d.fillers.per_min == pytest.approx(4 * 60 / d.speaking_s, abs=0.1)
    assert d.duration_s == pytest.approx(1.5 + 3.0 + 60 * 0.4 + 0.5, abs=0.01)
    assert d.length_note == "short"  # under 45 s for a story
    result = score_answer(t, question=story_question)
    assert any("aim for 45-150 s" in tip for tip in result.tips)
    assert "150 wpm" in result.components["delivery"].explanation


def test_voiced_spans_take_precedence_over_stretched_word_times() -> None:
    # Whisper stretched "then" over a 2.5 s silence; the audio's voiced spans show it.
    words = (Word("First", 0.0, 0.4), Word("we", 0.4, 0.6), Word("train", 0.6, 1.0),
             Word("then", 1.0, 3.9), Word("we", 3.9, 4.1), Word("test", 4.1, 4.5))
    base = Transcript(segments=(Segment("First we train then we test", 0.0, 4.5, words),))
    assert score_answer(base, kind="technical").delivery.long_pauses == ()
    voiced = Transcript(segments=base.segments, voiced=((0.0, 1.35), (3.9, 4.5)))
    pauses = score_answer(voiced, kind="technical").delivery.long_pauses
    assert pauses is not None and len(pauses) == 1
    assert pauses[0].start_s == 1.35 and pauses[0].duration_s == pytest.approx(2.55)


def test_untimed_text_has_null_time_fields_and_says_what_was_scored() -> None:
    result = score_answer("um so it is, like, a layer. uh I think it helps", kind="technical")
    d = result.delivery
    assert d.timed is False
    assert (d.speaking_s, d.wpm, d.first_word_s, d.long_pauses, d.fillers.per_min) == (
        None, None, None, None, None)
    assert d.fillers.count == 4 and d.fillers.per_100_words is not None
    assert "Untimed" in result.components["delivery"].explanation
    assert "per 100 words" in result.components["delivery"].explanation


def test_behavioral_length_band_flags_long_answers(story_question: Question) -> None:
    t = timed(("we did it and it worked " * 70).split(), 0.5, 0.4)
    d = score_answer(t, question=story_question).delivery
    assert d.duration_s is not None and d.duration_s > 150
    assert d.length_note == "long"
    assert d.bands["duration_s"] == [45.0, 150.0]
    assert d.bands["wpm"] == [120.0, 165.0]


def _fillers(text: str) -> list[str]:
    tokens = tokenize_text(text)
    return [h.item for h in find_fillers(tokens, frozenset({0}))]


@pytest.mark.parametrize(("text", "expected"), [
    ("I like CNNs because they share weights", []),
    ("It is like a sliding window over the image", []),
    ("we used tools like docker and onnx", []),
    ("and like, the model was, like, really slow", ["like", "like"]),
    ("Do you know what dropout does?", []),
    ("it was, you know, too slow", ["you know"]),
    ("What I mean is that it generalises", []),
    ("I mean, it just worked", ["i mean"]),
    ("So, backprop is the chain rule", ["so"]),
    ("it was slow so we cached it", []),
    ("um uh er erm ah hmm mm", ["um", "uh", "er", "erm", "ah", "hmm", "mm"]),
    ("it is basically a filter and literally everyone uses it", ["basically", "literally"]),
    ("what kind of model did you use", []),
    ("it kind of learns the features", ["kind of"]),
    ("Actually, it is the other way round", ["actually"]),
    ("what actually happens is a matrix product", []),
])
def test_fillers_in_context(text: str, expected: list[str]) -> None:
    assert _fillers(text) == expected


def test_hedges() -> None:
    tokens = tokenize_text("I think it is maybe the learning rate, probably, I guess sort of")
    assert [h.item for h in find_hedges(tokens)] == ["i think", "maybe", "probably", "i guess",
                                                     "sort of"]


def test_filler_tip_names_the_filler_and_the_rate(story_question: Question) -> None:
    words = split_words("um I built um the model um and um it um worked um well um and um we "
                        "um shipped um it um")
    result = score_answer(timed(words, 0.2, 0.5), question=story_question)
    assert any(t.startswith("You said 'um' 11 times") and "a minute" in t
               for t in result.tips), result.tips
