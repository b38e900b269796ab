"""Known source signals for the audio tests, written once per session."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.audio.signals import sweep, write_wav
from tests.fixtures.speech_samples import synth_speech

SPEECH_TEXT = ("Batch normalisation keeps the activations of each layer in a stable range, "
               "so training is faster.")


@pytest.fixture(scope="session")
def sweep_wav(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray, int]:
    """A 2 s 100 Hz -> 4 kHz sweep at 16 kHz: (path, samples, rate)."""
    data = sweep(2.0)
    path = write_wav(tmp_path_factory.mktemp("sig") / "sweep.wav", data, 16000)
    return path, data, 16000


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray, int]:
    """Real espeak-ng speech (22050 Hz): (path, samples, rate)."""
    path = synth_speech(SPEECH_TEXT, tmp_path_factory.mktemp("sig") / "speech.wav")
    data, rate = sf.read(str(path), dtype="float32")
    return path, data, int(rate)
