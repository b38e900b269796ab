"""The Silero detector on real speech, clean and in fan, keyboard and babble noise."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.speech import silero_vad as sv
from interviewer.speech import vad
from tests.fixtures.real_speech import RealClip
from tests.fixtures.speech_samples import synth_speech
from tests.speech import noisy_speech as ns

SR = 16000


@pytest.fixture(scope="module")
def model() -> sv.SileroModel:
    return sv.load_model()


@pytest.fixture(scope="module")
def built(real_speech: Mapping[str, RealClip]) -> list[ns.Answer]:
    return ns.answers(real_speech)


def spans(model: sv.SileroModel, audio: np.ndarray) -> list[tuple[float, float]]:
    v = sv.SileroVad(model)
    v.feed(audio)
    return v.spans(final=True)


# ---------------------------------------------------------------------------- the model
def test_model_is_pinned_and_loaded_once(model: sv.SileroModel) -> None:
    assert sv.checked_model_path().name == sv.MODEL_FILE
    assert sv.load_model() is model


def test_loading_does_not_change_torch_threads(model: sv.SileroModel) -> None:
    import torch

    before = torch.get_num_threads()
    v = sv.SileroVad(model)
    v.feed(np.zeros(SR, np.float32))
    assert torch.get_num_threads() == before


def test_probabilities_match_the_packages_own_loop(model: sv.SileroModel,
                                                  real_speech: Mapping[str, RealClip]) -> None:
    """The batched encoder + nn.LSTM gives the TorchScript model's per-chunk probabilities."""
    import torch

    audio = ns.read(real_speech["jfk"])[: SR * 4]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        jit = torch.jit.load(str(sv.checked_model_path()), map_location="cpu").eval()
    with torch.inference_mode():
        ref = [jit(torch.from_numpy(audio[i:i + 512].copy()).unsqueeze(0), SR).item()
               for i in range(0, len(audio) - 511, 512)]
    v = sv.SileroVad(model)
    v.feed(audio)
    assert np.max(np.abs(np.array(v.probs) - ref)) < 1e-4


# ---------------------------------------------------------------------------- clean audio
def test_silence_and_near_silence_give_no_speech(model: sv.SileroModel) -> None:
    assert spans(model, np.zeros(SR * 5, np.float32)) == []
    rng = np.random.default_rng(1)
    assert spans(model, (1e-4 * rng.standard_normal(SR * 5)).astype(np.float32)) == []


def test_espeak_words_are_found_where_they_were_put(model: sv.SileroModel,
                                                   tmp_path: Path) -> None:
    wav = synth_speech("Gradient descent moves the weights downhill.", tmp_path / "s.wav")
    import soxr

    words, sr = sf.read(str(wav), dtype="float32")
    words = soxr.resample(words, sr, SR).astype(np.float32)
    audio = ns.join([words, words], [3.0], 1.0, 1.0)
    found = spans(model, audio)
    assert found[0][0] == pytest.approx(1.0, abs=0.15)
    assert ns.long_pauses(found) == 1
    gap = ns.long_gaps(found)[0]
    assert gap[1] - gap[0] == pytest.approx(3.0, abs=0.4)


def test_streaming_in_random_blocks_gives_the_whole_array_spans(
        model: sv.SileroModel, built: list[ns.Answer]) -> None:
    audio = built[0].audio
    whole = sv.SileroVad(model)
    whole.feed(audio)
    rng = np.random.default_rng(7)
    stream = sv.SileroVad(model)
    i = 0
    while i < len(audio):
        k = int(rng.integers(1, 6000))
        stream.feed(audio[i:i + k])
        i += k
    assert stream.spans(final=True) == whole.spans(final=True)
    assert stream.voiced_flags == whole.voiced_flags
    assert stream.frames == whole.frames == len(stream.levels_db) \
        == len(audio) // 512 * 512 // 480


def test_frames_follow_the_energy_detectors_interface(model: sv.SileroModel,
                                                      built: list[ns.Answer]) -> None:
    audio = built[2].audio
    v, e = sv.SileroVad(model), vad.EnergyVad()
    for x in (v, e):
        x.feed(audio[: SR * 3])
    assert e.frames - 2 <= v.frames <= e.frames  # frames wait for a whole 32 ms chunk
    assert len(v.voiced_flags) == len(v.levels_db) == v.frames
    assert v.silent_run_s() >= 0.0
    assert v.levels_db == pytest.approx(e.levels_db[:v.frames], abs=1e-6)
    before = v.spans()  # open span included, nothing closed
    assert before == v.spans()


# ---------------------------------------------------------------------------- noise
@pytest.mark.parametrize("kind", ns.NOISES)
@pytest.mark.parametrize("snr", ns.SNRS)
def test_pause_counts_and_spans_survive_noise(model: sv.SileroModel, built: list[ns.Answer],
                                              real_speech: Mapping[str, RealClip], kind: str,
                                              snr: float) -> None:
    for k, answer in enumerate(built):
        clean = spans(model, answer.audio)
        noise = ns.noise(kind, len(answer.audio), 100 + 10 * k + ns.NOISES.index(kind),
                         real_speech, answer.speakers)
        noisy = spans(model, ns.mix(answer.audio, noise, snr))
        where = f"{answer.name}, {kind} at {snr:g} dB"
        assert abs(ns.long_pauses(noisy) - ns.long_pauses(clean)) <= 1, where
        duration = len(answer.audio) / SR
        assert ns.frame_agreement(clean, noisy, duration) >= 0.85, where
        # noise may shorten a long pause (a background voice) but not invent one: each noisy
        # one lies inside a clean one, so a cut in its middle is in a real pause
        for a, b in ns.long_gaps(noisy):
            assert any(c - 0.3 <= a and b <= d + 0.3 for c, d in ns.long_gaps(clean)), where
        if kind != "babble" or snr > 10:
            assert noisy[0][0] == pytest.approx(clean[0][0], abs=0.1), where


def test_clean_answers_have_their_designed_pauses(model: sv.SileroModel,
                                                  built: list[ns.Answer]) -> None:
    assert [ns.long_pauses(spans(model, a.audio)) for a in built] == [2, 3, 2]


@pytest.mark.parametrize("kind", ["fan", "keyboard"])
def test_noise_alone_is_not_speech(model: sv.SileroModel, kind: str) -> None:
    n = SR * 20
    for level in (0.01, 0.1):
        x = level * ns.noise(kind, n, 3, {}, frozenset())
        found = spans(model, x.astype(np.float32))
        assert sum(b - a for a, b in found) <= 0.2, (kind, level, found)


# ---------------------------------------------------------------------------- default and fallback
def test_the_default_detector_is_silero(built: list[ns.Answer]) -> None:
    assert isinstance(vad.make_vad(), sv.SileroVad)
    audio = built[0].audio
    assert vad.voiced_spans(audio) == spans(sv.load_model(), audio)
    assert vad.voiced_spans(audio, vad.VadParams()) == vad.energy_voiced_spans(audio)


def test_falls_back_to_the_energy_detector_and_says_so_once(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(sv, "_model", None)
    monkeypatch.setattr(sv, "_model_error", None)
    monkeypatch.setattr(sv, "model_path", lambda: Path("/nonexistent/silero_vad.jit"))
    with caplog.at_level(logging.WARNING, logger=sv.__name__):
        assert isinstance(vad.make_vad(), vad.EnergyVad)
        assert isinstance(vad.make_vad(), vad.EnergyVad)
    assert sum("energy detector" in r.getMessage() for r in caplog.records) == 1
    x = np.zeros(SR * 3, np.float32)
    x[SR:2 * SR] = 0.1 * np.sin(np.arange(SR) / 5.0)
    assert vad.voiced_spans(x) == vad.energy_voiced_spans(x)


def test_an_altered_model_file_is_refused(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    fake = tmp_path / sv.MODEL_FILE
    fake.write_bytes(b"not the model")
    monkeypatch.setattr(sv, "model_path", lambda: fake)
    with pytest.raises(sv.VadUnavailable, match="not the pinned one"):
        sv.checked_model_path()
