"""Recovery at start, and retrying attempts that were never scored.

Call :func:`recover` once after :meth:`AttemptStore.open`, before any new recording starts
(the GUI's composition root does it; the CLI does it in ``practice``/``history``). Collaborators
are injected (storage may not import ``audio/`` or ``speech/``):

- ``repair(path) -> seconds``: fixes a WAV whose header a crash left wrong
  (``interviewer.audio.wavfile.repair_wav``);
- ``transcribe(path, question) -> (Transcript, meta)``: ``meta`` may carry ``model``,
  ``device`` (and anything else; ignored). Optional: without it recovered attempts wait for
  :func:`retry_unscored`;
- ``score(transcript, question) -> ScoreResult``: defaults to ``core.scoring.score_answer``
  (``scorer_version`` then defaults to ``core.scoring.SCORER_VERSION``).

What happens to each attempt folder:

- sidecar says "recording" (the app stopped while recording or before saving): the audio is
  repaired and the attempt becomes "recovered" (``status_detail`` "not transcribed"); with a
  ``transcribe`` it is then transcribed and scored (still "recovered", detail cleared). If the
  audio cannot be repaired the attempt is "failed" with the reason; the file is kept.
- audio but no sidecar: adopted as a "recovered" attempt of an unknown question
  (question id ``""``, scored for structure and delivery only).
- no audio at all, or a recording of 0 seconds: there is nothing to keep; the folder is removed
  and listed in :attr:`RecoveryReport.discarded` (and the log).

In the GUI, transcription is too slow for the GUI thread (which owns the store): call
``recover(store, repair_wav)`` there (fast: header repairs and sidecar writes), then for each
``store.queries.retryable()`` attempt transcribe and score in a worker and save the result back on
the GUI thread with ``store.complete_attempt(..., status=record.status == "recovered" and
"recovered" or "complete")`` (or ``mark_failed``). The CLI uses :func:`retry_unscored`.

Nothing is dropped silently: every case is listed in the returned :class:`RecoveryReport`.
Only the primary store of a data dir recovers (``store.primary``): while another instance (the
app, recording) holds the data dir, :func:`recover` touches nothing and reports ``deferred``.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interviewer import __version__
from interviewer.core.errors import InterviewerError
from interviewer.core.questions import Question
from interviewer.core.scoring.meaning import Encoder
from interviewer.core.scoring.voice import Voice
from interviewer.core.transcript import Transcript
from interviewer.storage.layout import FOLLOW_UP_AUDIO_NAME, SIDECAR_NAME, new_id, utc_now_iso
from interviewer.storage.records import AttemptRecord, ScoreLike
from interviewer.storage.sidecar import SIDECAR_SCHEMA_VERSION, write_sidecar
from interviewer.storage.store import AttemptStore

log = logging.getLogger(__name__)

Repair = Callable[[Path], float]
Transcribe = Callable[[Path, Question], tuple[Transcript, Mapping[str, Any]]]
Score = Callable[..., ScoreLike]  # (transcript, question[, voice=Voice]) -> score

NOT_TRANSCRIBED = "not transcribed"
UNKNOWN_QUESTION: dict[str, Any] = {
    "id": "", "text": "(unknown question: a recording recovered after a crash)",
    "kind": "technical", "category": "", "target_s": 0, "guidance": "", "tip": "",
    "bank_id": "", "bank_version": "", "rubric": None,
}


@dataclass
class RecoveryReport:
    recovered: list[str] = field(default_factory=list)  # attempt ids now "recovered"
    follow_ups_ended: list[str] = field(default_factory=list)  # replies cut off by a crash
    transcribed: list[str] = field(default_factory=list)  # of those, transcribed and scored
    adopted: list[str] = field(default_factory=list)  # audio found without a sidecar
    failed: list[tuple[str, str]] = field(default_factory=list)  # (attempt id, why)
    discarded: list[Path] = field(default_factory=list)  # folders with nothing recorded
    deferred: bool = False  # another instance holds the data dir: nothing was touched

    @property
    def anything(self) -> bool:
        return bool(self.recovered or self.adopted or self.failed or self.discarded
                    or self.follow_ups_ended)


def default_score(transcript: Transcript, question: Question,
                  encoder: Encoder | None = None, voice: Voice | None = None) -> ScoreLike:
    """The scorer of this version, with the sentence encoder when the caller has one."""
    from interviewer.core.scoring import score_answer

    if not question.id:
        return score_answer(transcript, kind=question.kind, encoder=encoder, voice=voice)
    return score_answer(transcript, question=question, encoder=encoder, voice=voice)


def recover(store: AttemptStore, repair: Repair, transcribe: Transcribe | None = None,
            score: Score | None = None, *, scorer_version: str | None = None) -> RecoveryReport:
    """Turn what a crash left behind into attempts (see the module docstring)."""
    report = RecoveryReport()
    if not store.primary:
        log.info("recovery skipped: another instance has this data dir open")
        report.deferred = True
        return report
    for folder in list(store.without_sidecar):
        _adopt(store, folder, repair, report)
    store.without_sidecar = []
    for summary in store.queries.history(statuses=["recording"]):
        attempt_id = summary.attempt_id
        record = store.load_attempt(attempt_id)
        seconds = _repair(record.audio_path, repair)
        if isinstance(seconds, str):
            store.mark_failed(attempt_id, seconds)
            report.failed.append((attempt_id, seconds))
            continue
        if seconds <= 0:
            _discard(store, record.folder, report)
            continue
        store.update_attempt(attempt_id, _as_recovered(seconds))
        report.recovered.append(attempt_id)
    _end_interrupted_follow_ups(store, repair, report)
    for attempt_id in report.recovered + report.adopted:
        if transcribe is not None and _transcribe_and_score(
                store, store.load_attempt(attempt_id), transcribe, score or default_score,
                scorer_version):
            report.transcribed.append(attempt_id)
    if report.anything:
        log.warning("recovery: %s", report)
    return report


def _end_interrupted_follow_ups(store: AttemptStore, repair: Repair,
                                report: RecoveryReport) -> None:
    """A reply to a follow-up that was being recorded when the app stopped: its WAV is
    repaired and kept, and the follow-up is marked failed (the first answer is untouched)."""
    for wav in sorted(store.layout.attempts_dir.glob(f"*/{FOLLOW_UP_AUDIO_NAME}")):
        attempt_id = wav.parent.name
        try:
            record = store.load_attempt(attempt_id)
        except InterviewerError:
            continue
        follow = record.follow_up or {}
        if follow.get("status") != "recording":
            continue
        seconds = _repair(wav, repair)
        detail = (seconds if isinstance(seconds, str) else
                  f"the app stopped while the reply was being recorded; {seconds:.1f} s of it "
                  f"are kept")
        store.end_follow_up(attempt_id, follow, "failed", detail)
        report.follow_ups_ended.append(attempt_id)


def retry_unscored(store: AttemptStore, transcribe: Transcribe,
                   score: Score | None = None, attempt_ids: list[str] | None = None, *,
                   scorer_version: str | None = None) -> list[AttemptRecord]:
    """Transcribe and score failed or untranscribed attempts again; returns them as they are
    now (scored, or still failed/recovered with the new reason in ``status_detail``)."""
    ids = attempt_ids or [s.attempt_id for s in store.queries.retryable()]
    out = []
    for attempt_id in ids:
        _transcribe_and_score(store, store.load_attempt(attempt_id), transcribe,
                              score or default_score, scorer_version)
        out.append(store.load_attempt(attempt_id))
    return out


def _transcribe_and_score(store: AttemptStore, record: AttemptRecord, transcribe: Transcribe,
                          score: Score, scorer_version: str | None) -> bool:
    status = "recovered" if record.status == "recovered" else "complete"
    try:
        transcript, meta = transcribe(record.audio_path, record.question)
        result = score(transcript, record.question)
    except Exception as exc:  # an engine failure must not stop the app from starting
        reason = f"{NOT_TRANSCRIBED}: {exc}" if status == "recovered" else str(exc)
        log.warning("attempt %s: transcription or scoring failed: %s", record.attempt_id, exc)
        if status == "recovered":
            store.update_attempt(record.attempt_id,
                                 lambda d: d.update(status_detail=reason))
        else:
            store.mark_failed(record.attempt_id, f"transcription failed: {exc}")
        return False
    store.complete_attempt(record.attempt_id, transcript, result,
                           model=meta.get("model"), device=meta.get("device"),
                           duration_s=record.duration_s or transcript.duration_s,
                           status=status, scorer_version=scorer_version)
    return True


def _as_recovered(seconds: float) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data.update(status="recovered", status_detail=NOT_TRANSCRIBED, duration_s=seconds)
    return change


def _repair(audio: Path, repair: Repair) -> float | str:
    """Seconds recovered, or a sentence saying why the audio could not be repaired."""
    if not audio.exists() or audio.stat().st_size == 0:
        return 0.0
    try:
        return float(repair(audio))
    except Exception as exc:  # keep the file; say why
        log.warning("could not repair %s: %s", audio, exc)
        return f"the recording could not be repaired ({exc}); the file is kept"


def _discard(store: AttemptStore, folder: Path, report: RecoveryReport) -> None:
    """Remove a folder with nothing recorded in it (only a sidecar and maybe an empty WAV)."""
    log.warning("recovery: %s holds no recorded audio; removing it", folder)
    store.delete_attempt(folder.name)
    report.discarded.append(folder)


def _adopt(store: AttemptStore, folder: Path, repair: Repair, report: RecoveryReport) -> None:
    audio_files = sorted(folder.glob("*.wav"))
    if not audio_files:
        if all(p.name.startswith(".") for p in folder.iterdir()):
            shutil.rmtree(folder)
            report.discarded.append(folder)
        else:
            log.warning("recovery: %s has neither a sidecar nor a WAV; left as it is", folder)
            report.failed.append((folder.name, "neither attempt.json nor a recording found"))
        return
    audio = audio_files[0]
    seconds = _repair(audio, repair)
    failed = isinstance(seconds, str)
    if not failed and float(seconds) <= 0:
        shutil.rmtree(folder)
        report.discarded.append(folder)
        return
    now = utc_now_iso()
    data: dict[str, Any] = {
        "schema_version": SIDECAR_SCHEMA_VERSION, "attempt_id": folder.name,
        "session": {"id": new_id(), "kind": "single", "title": "Recovered recording",
                    "created_at": now, "planned": 1},
        "status": "failed" if failed else "recovered",
        "status_detail": seconds if failed else NOT_TRANSCRIBED,
        "question": dict(UNKNOWN_QUESTION), "transcript": None, "score": None,
        "scorer_version": None, "scored_at": None, "score_history": [], "model": None,
        "device": None, "settings": {}, "created_at": now, "updated_at": now,
        "app_version": __version__, "audio_file": audio.name,
        "duration_s": None if failed else float(seconds),
    }
    write_sidecar(folder, data, SIDECAR_NAME)
    store.reindex(folder.name)
    if failed:
        report.failed.append((folder.name, str(seconds)))
    else:
        report.adopted.append(folder.name)
