"""The lean word alignment: openai-whisper's word timings, with less memory."""

from __future__ import annotations

import pytest

from interviewer.speech.audio_file import load_audio
from interviewer.speech.word_alignment import find_alignment


@pytest.mark.model
def test_same_word_timings_and_probabilities_as_openai_whisper(whisper_engine, real_speech):
    import importlib

    import torch
    import whisper
    from whisper import timing

    from interviewer.speech.dtw import use_numpy_dtw
    from interviewer.speech.word_alignment import use_lean_alignment

    model = whisper_engine.model
    audios = [load_audio(real_speech[k].path) for k in ("jfk", *list(real_speech)[:2])]

    def words() -> list[list[tuple[str, float, float, float]]]:
        out = []
        for audio in audios:
            torch.manual_seed(0)
            result = whisper.transcribe(model, audio, language="en", word_timestamps=True,
                                        verbose=None, fp16=False)
            out.append([(w["word"], w["start"], w["end"], w["probability"])
                        for s in result["segments"] for w in s["words"]])
        return out

    assert timing.find_alignment is find_alignment  # the engine installed it
    lean = words()
    original = importlib.reload(timing).find_alignment
    try:
        use_numpy_dtw(timing)
        assert timing.find_alignment is original
        reference = words()
    finally:
        use_lean_alignment(timing)
        use_numpy_dtw(timing)
    assert sum(map(len, lean)) > 40
    for a, b in zip(lean, reference, strict=True):
        assert [w[:3] for w in a] == [w[:3] for w in b]
        # rounding: logits summed in another order, exp(logit - logsumexp) for the softmax
        assert all(abs(x[3] - y[3]) < 1e-4 for x, y in zip(a, b, strict=True))


def test_no_text_no_alignment():
    assert find_alignment(None, None, [], None, 0) == []
