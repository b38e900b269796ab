"""Merging the fillers of a prompted pass into the plain pass (unit) and on real speech."""

from __future__ import annotations

import pytest

from interviewer.core.transcript import Segment, Word
from interviewer.speech.fillers import is_filler, merge_fillers


def seg(*words: tuple[str, float, float]) -> Segment:
    ws = tuple(Word(t, a, b, 0.9) for t, a, b in words)
    return Segment(" ".join(w.text for w in ws), ws[0].start, ws[-1].end, ws)


def test_fillers_inserted_text_of_plain_pass_kept():
    plain = [seg(("So", 0.0, 0.3), ("the", 0.9, 1.0), ("ResNet", 1.0, 1.5)),
             seg(("Then", 3.0, 3.3), ("scale", 4.0, 4.4))]
    prompted = [seg(("So,", 0.0, 0.3), ("um,", 0.35, 0.8), ("the", 0.9, 1.0),
                     ("reset", 1.0, 1.5)),
                seg(("Uh,", 2.5, 2.9), ("then", 3.0, 3.3), ("uh", 3.4, 3.9), ("scale", 4.0, 4.4))]
    out = merge_fillers(plain, prompted)
    assert [w.text for s in out for w in s.words] == [
        "So", "um,", "the", "ResNet", "uh,", "Then", "uh", "scale"]
    assert out[0].text == "So um, the ResNet"
    assert out[1].start == 2.5


def test_filler_between_disagreeing_words_is_placed_by_neighbours():
    plain = [seg(("I", 0.0, 0.2), ("think", 0.2, 0.9))]  # "think" stretched over the "um"
    prompted = [seg(("I", 0.0, 0.2), ("um", 0.25, 0.55), ("sink", 0.6, 0.9))]
    out = merge_fillers(plain, prompted)
    assert [w.text for w in out[0].words] == ["I", "um", "think"]


def test_no_fillers_means_unchanged():
    plain = [seg(("I", 0.0, 0.2), ("think", 0.2, 0.6))]
    assert merge_fillers(plain, plain) == plain


def test_is_filler():
    assert is_filler(Word("Um,")) and is_filler(Word("uh...")) and not is_filler(Word("umbrella"))


@pytest.mark.model
def test_filler_merge_on_real_speech(whisper_engine, filler_answer):
    from interviewer.speech.audio_file import load_audio

    audio = load_audio(filler_answer.path)
    plain = whisper_engine.transcribe(audio)
    assert whisper_engine.config.filler_method == "merge"
    merged = whisper_engine.transcribe(audio, filler=True)
    fillers = [w for w in merged.words if is_filler(w)]
    assert not any(is_filler(w) for w in plain.words)
    assert len(fillers) >= 4  # 8 said; the prompted pass keeps most of them
    rest = [w.text for w in merged.words if not is_filler(w)]
    assert rest == [w.text for w in plain.words]  # the words themselves are the plain pass's
