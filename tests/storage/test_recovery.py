"""Recovery at start, retrying unscored attempts, and re-scoring."""

from __future__ import annotations

import json
import wave
from pathlib import Path
from typing import Any

from interviewer.audio.wavfile import repair_wav
from interviewer.core.questions import Question
from interviewer.core.transcript import Transcript
from interviewer.storage.recovery import recover, retry_unscored
from interviewer.storage.rescoring import rescore_all
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import (
    fake_score,
    make_question,
    timed_transcript,
    write_wav,
)


def crash_mid_recording(store: AttemptStore, seconds: float = 0.5) -> str:
    """A "recording" attempt whose WAV header still says 0 frames, as after a crash."""
    draft = store.begin_attempt(make_question("q01"), None, {})
    raw = bytearray(write_wav(draft.audio_path, seconds))
    raw[4:8] = raw[40:44] = b"\0\0\0\0"
    draft.audio_path.write_bytes(bytes(raw))
    return draft.attempt_id


def transcribe_ok(path: Path, question: Question) -> tuple[Transcript, dict[str, Any]]:
    assert path.exists()
    return timed_transcript("dropout closes the validation gap"), {"model": "fake",
                                                                   "device": "cpu"}


def transcribe_broken(path: Path, question: Question) -> tuple[Transcript, dict[str, Any]]:
    raise RuntimeError("model not available")


def score(t: Transcript, q: Question) -> dict[str, Any]:
    return fake_score(t, q)


def test_unfinished_recording_becomes_recovered_then_retried(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        attempt_id = crash_mid_recording(store, 0.5)
    with AttemptStore.open(data) as store:
        report = recover(store, repair_wav)
        assert report.recovered == [attempt_id] and report.transcribed == []
        rec = store.load_attempt(attempt_id)
        assert rec.status == "recovered" and rec.status_detail == "not transcribed"
        assert rec.duration_s == 0.5
        with wave.open(str(rec.audio_path)) as w:
            assert w.getnframes() == 8000
        assert [s.attempt_id for s in store.queries.retryable()] == [attempt_id]
        # an engine failure keeps it recovered and says why
        retry_unscored(store, transcribe_broken, score, scorer_version="t1")
        rec = store.load_attempt(attempt_id)
        assert rec.status == "recovered" and "model not available" in (rec.status_detail or "")
        [done] = retry_unscored(store, transcribe_ok, score, scorer_version="t1")
        assert done.status == "recovered" and done.overall is not None
        assert done.status_detail is None and done.model == "fake"
        assert store.queries.retryable() == []


def test_recovery_transcribes_when_an_engine_is_given(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        attempt_id = crash_mid_recording(store)
    with AttemptStore.open(data) as store:
        report = recover(store, repair_wav, transcribe_ok, score, scorer_version="t1")
        assert report.transcribed == [attempt_id]
        summary = store.queries.attempt(attempt_id)
        assert summary is not None and summary.status == "recovered"
        assert summary.overall is not None


def test_empty_recording_is_discarded_and_reported(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        draft = store.begin_attempt(make_question(), None, {})
    with AttemptStore.open(data) as store:
        report = recover(store, repair_wav)
        assert report.discarded == [draft.folder]
        assert not draft.folder.exists() and store.queries.history() == []


def test_audio_without_sidecar_is_adopted(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        draft = store.begin_attempt(make_question(), None, {})
        audio = write_wav(draft.audio_path, 0.25)
    (draft.folder / "attempt.json").unlink()
    with AttemptStore.open(data) as store:
        assert store.without_sidecar == [draft.folder]
        report = recover(store, repair_wav, transcribe_ok,
                         fake_score, scorer_version="t1")
        assert report.adopted == [draft.attempt_id]
        assert report.transcribed == [draft.attempt_id]
        rec = store.load_attempt(draft.attempt_id)
        assert rec.status == "recovered" and rec.question.id == ""
        assert rec.audio_path.read_bytes() == audio


def test_unrepairable_audio_is_failed_and_kept(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with AttemptStore.open(data) as store:
        attempt_id = crash_mid_recording(store)

    def broken_repair(path: Path) -> float:
        raise ValueError("not a WAV")

    with AttemptStore.open(data) as store:
        report = recover(store, broken_repair)
        assert [a for a, _ in report.failed] == [attempt_id]
        rec = store.load_attempt(attempt_id)
        assert rec.status == "failed" and "not a WAV" in (rec.status_detail or "")
        assert rec.audio_path.exists()


def test_rescore_only_when_versions_change(tmp_path: Path) -> None:
    with AttemptStore.open(tmp_path / "d") as store:
        q = make_question()
        draft = store.begin_attempt(q, None, {})
        t = timed_transcript("dropout closes the validation gap")
        store.complete_attempt(draft.attempt_id, t, fake_score(t, q), model="m", device="cpu",
                               duration_s=2.0, scorer_version="s1")
        same = rescore_all(store, score=score, scorer_version="s1")
        assert same.unchanged == [draft.attempt_id] and same.rescored == []
        forced = rescore_all(store, score=score, scorer_version="s1", force=True)
        assert forced.rescored == [draft.attempt_id]
        new_scorer = rescore_all(store, score=lambda t, q: fake_score(t, q, bonus=20),
                                 scorer_version="s2")
        assert new_scorer.rescored == [draft.attempt_id]
        # a changed rubric in the current bank: its question replaces the snapshot
        changed = make_question()
        changed = Question(**{**changed.__dict__, "text": "New wording"})
        by_rubric = rescore_all(store, score=lambda t, q: fake_score(t, q, version="r2"),
                                scorer_version="s2",
                                lookup=lambda q: changed if q.id == "q01" else None)
        assert by_rubric.rescored == [draft.attempt_id]
        rec = store.load_attempt(draft.attempt_id)
        assert rec.scorer_version == "s2" and rec.question.text == "New wording"
        assert rec.score is not None and rec.score["rubric_version"] == "r2"
        history = rec.score_history
        assert [h["scorer_version"] for h in history] == ["s1", "s1", "s2"]
        assert [h["rubric_version"] for h in history] == ["r1", "r1", "r1"]
        assert all(h["replaced_at"] and h["scored_at"] for h in history)
        summary = store.queries.attempt(draft.attempt_id)
        assert summary is not None and summary.overall == rec.overall
        assert summary.rubric_version == "r2"
        side = json.loads((rec.folder / "attempt.json").read_text())
        assert len(side["score_history"]) == 3


def test_a_second_instance_leaves_a_live_recording_alone(tmp_path: Path) -> None:
    """`interviewer history` while the app records must not 'recover' that recording."""
    data = tmp_path / "d"
    app = AttemptStore.open(data)
    try:
        assert app.primary
        attempt_id = crash_mid_recording(app)  # "recording", as while the app records
        with AttemptStore.open(data) as other:
            assert not other.primary
            report = recover(other, repair_wav)
            assert report.deferred and not report.anything
            assert other.queries.attempt(attempt_id).status == "recording"  # type: ignore[union-attr]
        assert app.load_attempt(attempt_id).status == "recording"
    finally:
        app.close()
    with AttemptStore.open(data) as restarted:  # the app is gone: now it is a crash leftover
        assert restarted.primary
        assert recover(restarted, repair_wav).recovered == [attempt_id]
