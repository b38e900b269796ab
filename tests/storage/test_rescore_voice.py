"""Re-scoring measures the voice again from the recording, or keeps the stored figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from interviewer.core.scoring.voice import VoiceMeasures, judge_voice
from interviewer.core.transcript import Transcript
from interviewer.storage.recovery import default_score
from interviewer.storage.rescoring import rescore_all
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import make_question, timed_transcript, write_wav


def _voice(lufs: float, transcript: Transcript) -> Any:
    return judge_voice(VoiceMeasures(
        duration_s=10.0, voiced_s=6.0, pitch_median_hz=120.0, pitch_mean_hz=122.0,
        pitch_sd_hz=25.0, pitch_sd_st=3.0, loudness_lufs=lufs, loudness_sd_lu=2.0,
        phrase_drops_db=(), clipped_fraction=0.0), transcript)


def test_rescoring_measures_the_voice_again_or_keeps_it(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        q = make_question("q01")
        draft = store.begin_attempt(q, None, {})
        write_wav(draft.audio_path, 0.5)
        t = timed_transcript("dropout switches off random units while training")
        store.complete_attempt(draft.attempt_id, t, default_score(t, q, voice=_voice(-20, t)),
                               model="f", device="cpu", duration_s=0.5)
        # no measuring: the stored figures go to the scorer as they were
        rescore_all(store, score=default_score, force=True)
        kept = store.load_attempt(draft.attempt_id).score
        assert kept is not None and kept["voice"]["loudness_lufs"] == -20.0
        # measured again (say the bands changed): a quiet take now, and its tip
        seen: list[Path] = []

        def measure(path: Path, transcript: Transcript) -> Any:
            seen.append(path)
            return _voice(-45, transcript)

        rescore_all(store, score=default_score, force=True, measure_voice=measure)
        new = store.load_attempt(draft.attempt_id).score
        assert seen == [draft.audio_path]
        assert new is not None and new["voice"]["loudness_lufs"] == -45.0
        assert "quiet" in new["voice"]["flags"]
        assert any("quiet" in tip for tip in new["tips"])
