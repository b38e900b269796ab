"""How many torch threads decode: half the cores (1-4), set in the thread that decodes."""

from __future__ import annotations

import threading

import pytest

from interviewer.speech.audio_file import load_audio
from interviewer.speech.config import default_threads


@pytest.mark.parametrize(("cores", "threads"), [(None, 1), (1, 1), (2, 1), (3, 1), (4, 2),
                                                (8, 4), (64, 4)])
def test_default_threads_leave_half_the_cores(cores, threads):
    assert default_threads(cores) == threads


@pytest.mark.model
def test_the_decoding_thread_uses_the_engines_count(whisper_engine, real_speech):
    import torch

    audio = load_audio(real_speech["jfk"].path)
    seen: list[int] = []
    hook = whisper_engine.model.decoder.register_forward_pre_hook(
        lambda _m, _a: seen.append(torch.get_num_threads()))

    def work() -> None:
        torch.set_num_threads(whisper_engine.threads + 2)  # whatever the thread had before
        assert whisper_engine.transcribe(audio).text

    try:
        for _ in range(2):  # numba changes the count in the thread that first runs it
            t = threading.Thread(target=work)
            t.start()
            t.join()
    finally:
        hook.remove()
    assert seen and set(seen) == {whisper_engine.threads}
