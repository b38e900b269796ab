"""Nothing lost after a crash: repair at start (GUI thread, fast), then transcribe and score the
recovered or failed attempts in a worker once the model is ready; results are saved here, in
the GUI thread (the store's thread)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from interviewer.gui.services import Services
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)


def repair_at_start(services: Services) -> str:
    """Turn what a crash left behind into attempts; returns a sentence for the status bar."""
    store = services.store
    if store is None:
        return ""
    from interviewer.audio.wavfile import repair_wav
    from interviewer.storage.recovery import recover

    try:
        report = recover(store, repair_wav)
    except Exception:
        log.exception("recovery at start failed")
        return "Some recordings from last time could not be checked; see the log file."
    found = len(report.recovered) + len(report.adopted)
    return (f"{found} recording(s) from last time were recovered; they are transcribed once "
            "the speech model is ready." if found else "")


class Retrier(QObject):
    """``finished(count_scored)`` when the retry pass has saved what it could."""

    finished = Signal(int)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.s = services
        self.tasks = tasks
        self.handle: TaskHandle | None = None

    def start(self) -> TaskHandle | None:
        store, engine = self.s.store, self.s.engine
        if store is None or engine is None or self.handle is not None:
            return None
        records = [store.load_attempt(a.attempt_id) for a in store.queries.retryable()]
        if not records:
            return None
        s = self.s

        def work(ctx: TaskContext) -> list[tuple[Any, Any, Any, str | None]]:
            from interviewer.storage.recovery import default_score

            out: list[tuple[Any, Any, Any, str | None]] = []
            for i, record in enumerate(records):
                ctx.check()
                ctx.progress(i / len(records), f"Transcribing a recovered answer ({i + 1} of "
                             f"{len(records)})…")
                try:
                    vocab = s.vocabulary_for(record.question) if record.question.id else []
                    transcript = s.transcribe_file(engine, record.audio_path, vocab)
                    out.append((record, transcript,
                                default_score(transcript, record.question, s.encoder), None))
                except Exception as exc:  # one bad file must not stop the others
                    log.warning("retry of %s failed", record.attempt_id, exc_info=True)
                    out.append((record, None, None, str(exc)))
            return out

        self.handle = self.tasks.start("transcribing recovered answers", work)
        self.handle.finished.connect(self._save)
        return self.handle

    def _save(self, results: list[tuple[Any, Any, Any, str | None]]) -> None:
        store = self.s.store
        done = 0
        choice = getattr(self.s.engine, "device_choice", None)
        model = getattr(getattr(self.s.engine, "config", None), "model", None)
        for record, transcript, result, error in results:
            status = "recovered" if record.status == "recovered" else "complete"
            try:
                if error is not None:
                    if status == "complete":
                        store.mark_failed(record.attempt_id, f"transcription failed: {error}")
                    continue
                store.complete_attempt(record.attempt_id, transcript, result, model=model,
                                       device=getattr(choice, "device", None),
                                       duration_s=record.duration_s or transcript.duration_s,
                                       status=status)
                done += 1
            except Exception:
                log.exception("could not save the retried attempt %s", record.attempt_id)
        self.finished.emit(done)
