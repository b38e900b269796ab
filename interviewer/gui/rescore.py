"""Re-scoring stored answers with the current scorer and rubrics: the scoring runs in a worker,
then the store is updated in the GUI thread by ``rescore_all`` given the precomputed scores
(so the GUI thread only writes sidecars and the index)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from interviewer.gui.services import Services
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)


class RescoreJob(QObject):
    """``done(report_dict)`` once the new scores are saved; ``failed(message)`` otherwise."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.s = services
        self.tasks = tasks
        self.handle: TaskHandle | None = None

    def start(self) -> TaskHandle | None:
        store = self.s.store
        if store is None or (self.handle is not None and self.handle.running):
            return None
        records = [store.load_attempt(a.attempt_id) for a in store.queries.history()]
        items = [(r.transcript, self._question(r.question), r.audio_path,
                  (r.score or {}).get("voice"), _reply(r.follow_up)) for r in records
                 if r.transcript is not None]
        encoder, measure, load = self.s.encoder, self.s.analyse_voice, self.s.load_encoder

        def work(ctx: TaskContext) -> dict[tuple[str, ...], Any]:
            from interviewer.core.scoring.follow_up_answer import score_follow_up
            from interviewer.core.scoring.voice import Voice
            from interviewer.storage.recovery import default_score

            nonlocal encoder
            if encoder is None and load is not None:
                # asked before the model-load worker got to it: without the meaning model
                # every answer would be re-scored (and stored) with the word rules alone
                ctx.progress(0.0, "Loading the sentence-meaning model…")
                encoder, _why = load()
            out: dict[tuple[str, ...], Any] = {}
            for i, (transcript, question, audio, stored_voice, reply) in enumerate(items):
                ctx.check()
                ctx.progress(i / max(1, len(items)), "Re-scoring your answers…")
                try:
                    # the voice is measured again from the recording (bands may change)
                    voice = (measure(audio, transcript) if measure is not None
                             and audio.exists() else None) or Voice.from_dict(stored_voice)
                    main = default_score(transcript, question, encoder, voice)
                    out[(question.id, transcript.text)] = main
                    if reply is not None:  # the answered follow-up, scored with it again
                        combined, gain = score_follow_up(main, transcript, reply,  # type: ignore[arg-type]
                                                         question=question, encoder=encoder)
                        out[(question.id, transcript.text, reply.text)] = (combined,
                                                                          gain.to_dict())
                except Exception:  # reported as failed by the saving pass
                    log.warning("re-scoring failed", exc_info=True)
            return out

        self.handle = self.tasks.start("re-scoring your answers", work)
        self.handle.finished.connect(self._apply)
        self.handle.error.connect(self.failed)
        return self.handle

    def _question(self, question: Any) -> Any:
        """The bank's current version of a stored question (its snapshot if it is gone)."""
        return (self.s.question(question.id) if question.id else None) or question

    def _apply(self, scores: dict[tuple[str, ...], Any]) -> None:
        from interviewer.storage.rescoring import rescore_all

        def cached(transcript: Any, question: Any, voice: Any = None) -> Any:
            found = scores.get((question.id, transcript.text))
            if found is None:
                raise ValueError("this answer could not be scored")
            return found

        def cached_follow_up(_main: Any, transcript: Any, reply: Any,
                             question: Any) -> tuple[Any, dict[str, Any]]:
            found = scores.get((question.id, transcript.text, reply.text))
            if found is None:
                raise ValueError("this follow-up could not be scored")
            return found  # type: ignore[no-any-return]

        try:
            report = rescore_all(self.s.store, score=cached,
                                 lookup=lambda q: self.s.question(q.id),
                                 follow_up=cached_follow_up)
        except Exception as exc:
            log.exception("saving the new scores failed")
            self.failed.emit(f"The new scores could not be saved ({type(exc).__name__}); "
                             "see the log file.")
            return
        self.done.emit(report.to_dict())


def _reply(follow_up: dict[str, Any] | None) -> Any:
    """The transcript of an answered follow-up, or None."""
    if not follow_up or follow_up.get("status") != "complete":
        return None
    data = follow_up.get("transcript")
    if not isinstance(data, dict):
        return None
    from interviewer.core.transcript import Transcript

    return Transcript.from_dict(data)
