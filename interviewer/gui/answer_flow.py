"""One spoken answer, start to finish: read the question aloud -> think -> record -> finish.

Qt-side orchestration only (no widgets): the practice view and the mock interview drive it and
render its signals. The store is touched here, in the GUI thread; recording stop, transcription
and scoring run in one worker that returns ``(info, transcript, score)``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from interviewer.core.errors import InterviewerError
from interviewer.core.questions import Question
from interviewer.gui.follow_up_take import FOLLOW_UP_LIMIT_S, FollowUpTake
from interviewer.gui.services import MICROPHONE, MODEL, STORAGE, Services
from interviewer.gui.workers import TaskContext, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

IDLE, READING, THINKING, RECORDING, FINISHING = "idle", "reading", "thinking", "recording", \
    "finishing"
TICK_MS = 50


@dataclass(frozen=True)
class Answer:
    """A finished answer: the saved record (None if it could not be saved) and its parts."""

    question: Question
    attempt_id: str | None
    audio_path: Any
    transcript: Any
    score: Any  # ScoreResult
    duration_s: float
    record: Any | None = None
    note: str = ""  # why the recording ended, when it was not the person (limit, device)


class AnswerFlow(QObject):
    """Signals (GUI thread): ``state_changed(state)``, ``countdown(seconds_left)``,
    ``tick(elapsed_s, rms_dbfs, peak_dbfs)``, ``partial_text(text)``, ``answered(Answer)``,
    ``followed_up(FollowUpReply)``, ``failed(message)``.

    :meth:`begin_follow_up` asks the interviewer's follow-up after an answer: read aloud, no
    think time, the reply recorded into the same attempt (see :mod:`follow_up_take`)."""

    state_changed = Signal(str)
    countdown = Signal(int)
    tick = Signal(float, float, float)
    partial_text = Signal(str)
    answered = Signal(object)
    followed_up = Signal(object)
    failed = Signal(str)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.s = services
        self.tasks = tasks
        self.state = IDLE
        self.question: Question | None = None
        self.session_id: str | None = None
        self._draft: Any = None
        self._follow: FollowUpTake | None = None
        self._transcriber: Any = None
        self._listener: Any = None
        self._think_left = 0
        self._started = 0.0
        self._ticks = 0
        self._last_partial = ""
        self._finish_handle: TaskHandle | None = None
        self._speech_handle: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._think_timer = QTimer(self)
        self._think_timer.setInterval(1000)
        self._think_timer.timeout.connect(self._on_think_tick)

    # ------------------------------------------------------------------ state
    def _set(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def why_cannot_record(self) -> str | None:
        """None when recording can start, else every reason (one sentence each)."""
        reasons = []
        if self.s.recorder is None:
            reasons.append(self.s.problem(MICROPHONE) or "No microphone is available.")
        if self.s.engine is None or MODEL in self.s.problems:
            reasons.append(self.s.problem(MODEL) or "The speech model is not available.")
        if self.s.store is None:
            reasons.append(self.s.problem(STORAGE) or "Answers cannot be saved.")
        return "\n".join(reasons) or None

    @property
    def finish_handle(self) -> TaskHandle | None:
        return self._finish_handle

    # ------------------------------------------------------------------ steps
    def begin(self, question: Question, session_id: str | None = None, *,
              read_aloud: bool | None = None) -> None:
        """Read the question aloud (if wanted and possible), then count down the think time."""
        self.cancel()
        self.question, self.session_id = question, session_id
        self._ask(question.text, read_aloud)

    def begin_follow_up(self, answer: Answer, follow_up: Any, *,
                        read_aloud: bool | None = None) -> None:
        """Ask ``follow_up`` (a FollowUp) about ``answer``; ``followed_up`` reports the reply."""
        self.cancel()
        self.question, self.session_id = answer.question, None
        self._follow = FollowUpTake(self.s, answer, follow_up)
        self._ask(follow_up.question, read_aloud)

    def _ask(self, text: str, read_aloud: bool | None) -> None:
        """Read ``text`` aloud (if wanted and possible), then think (a follow-up: answer)."""
        aloud = self.s.settings.read_aloud if read_aloud is None else read_aloud
        if aloud and self.s.speaker is not None and self.s.player is not None:
            self._set(READING)
            self._read_aloud(text)
        else:
            self._start_thinking()

    @property
    def asking_follow_up(self) -> bool:
        return self._follow is not None

    def _read_aloud(self, text: str) -> None:
        speaker, settings = self.s.speaker, self.s.settings

        def work(ctx: TaskContext) -> Any:
            return speaker.synthesise(text, voice=settings.voice or None, rate=settings.rate_wpm)

        handle = self.tasks.start("reading the question aloud", work)
        self._speech_handle = handle
        handle.finished.connect(self._play_question)
        handle.error.connect(self._reading_failed)

    def _play_question(self, path: Any) -> None:
        if self.state != READING or self.s.player is None:
            return
        try:
            self.s.player.play(path)
        except InterviewerError as exc:
            self._reading_failed(str(exc))
            return
        self._timer.start()  # _on_tick notices the end of playback

    def _reading_failed(self, message: str) -> None:
        log.info("question not read aloud: %s", message)
        if self.state == READING:
            self._start_thinking()

    def _start_thinking(self) -> None:
        self._timer.stop()
        if self._follow is not None:  # a follow-up is answered straight away
            self.start_recording()
            return
        self._think_left = max(0, int(self.s.settings.think_time_s))
        if self._think_left == 0:
            self.start_recording()
            return
        self._set(THINKING)
        self.countdown.emit(self._think_left)
        self._think_timer.start()

    def _on_think_tick(self) -> None:
        self._think_left -= 1
        self.countdown.emit(max(0, self._think_left))
        if self._think_left <= 0:
            self._think_timer.stop()
            self.start_recording()

    def skip(self) -> None:
        """Skip reading and thinking: start answering now."""
        if self.state in (READING, THINKING):
            self._stop_player()
            self._think_timer.stop()
            self.start_recording()

    def start_recording(self) -> None:
        self._think_timer.stop()
        self._timer.stop()
        reason = self.why_cannot_record()
        if reason is not None or self.question is None:
            self._set(IDLE)
            self.failed.emit(reason or "Pick a question first.")
            return
        store, recorder, q = self.s.store, self.s.recorder, self.question
        limit = float(self.s.settings.answer_limit_s)
        try:
            if self._follow is not None:
                path = self._follow.open()
                limit = min(limit, float(FOLLOW_UP_LIMIT_S))
            else:
                self._draft = store.begin_attempt(q, self.session_id, self._settings_snapshot())
                self.session_id = self._draft.session_id
                path = self._draft.audio_path
            if self.s.make_transcriber is not None:
                self._transcriber = self.s.make_transcriber(self.s.engine,
                                                            self.s.vocabulary_for(q))
                self._listener = self._transcriber.feed
                recorder.add_listener(self._listener)
            recorder.start(path, device=self.s.settings.input_device or None, limit_s=limit)
        except InterviewerError as exc:
            self._abandon(str(exc))
            return
        except Exception as exc:  # a broken device or disk: keep the app alive
            log.exception("could not start recording")
            self._abandon(f"Recording could not start ({type(exc).__name__}); "
                          "check the microphone in Settings.")
            return
        self._started = time.monotonic()
        self._ticks = 0
        self._last_partial = ""
        self._set(RECORDING)
        self._timer.start()

    def _abandon(self, message: str) -> None:
        self._detach_listener()
        _cancel_transcriber(self._transcriber)
        self._transcriber = None
        if self._draft is not None and self.s.store is not None:
            try:
                self.s.store.mark_failed(self._draft.attempt_id, message)
            except Exception:
                log.exception("could not mark the attempt failed")
        self._draft = None
        follow, self._follow = self._follow, None
        self._set(IDLE)
        if follow is not None:
            self.followed_up.emit(follow.end("failed", message))
        self.failed.emit(message)

    def _detach_listener(self) -> None:
        if self._listener is not None and self.s.recorder is not None:
            self.s.recorder.remove_listener(self._listener)
        self._listener = None

    def _on_tick(self) -> None:
        if self.state == READING:
            player = self.s.player
            if player is None or str(getattr(player, "state", "stopped")) != "playing":
                self._start_thinking()
            return
        if self.state != RECORDING or self.s.recorder is None:
            return
        rec = self.s.recorder
        level = rec.level
        elapsed = float(rec.elapsed_s)
        self.tick.emit(elapsed, float(level.rms_dbfs), float(level.peak_dbfs))
        self._ticks += 1
        if self._transcriber is not None and self._ticks % 6 == 0:
            text = self._transcriber.partial_text()
            if text != self._last_partial:
                self._last_partial = text
                self.partial_text.emit(text)
        if rec.state == "stopped":  # the hard limit, or the device went away
            self.stop()

    def stop(self) -> TaskHandle | None:
        """Stop recording; transcription and scoring run in a worker, then the answer is saved."""
        if self.state != RECORDING:
            return None
        self._timer.stop()
        self._set(FINISHING)
        recorder, transcriber = self.s.recorder, self._transcriber
        listener, self._listener = self._listener, None
        engine, q, s, follow = self.s.engine, self.question, self.s, self._follow
        vocab = s.vocabulary_for(q) if q is not None else []

        def work(ctx: TaskContext) -> tuple[Any, Any, Any]:
            try:
                info = recorder.stop()
            except BaseException:
                _cancel_transcriber(transcriber)  # its thread must not outlive the answer
                raise
            finally:
                if listener is not None:
                    recorder.remove_listener(listener)
            ctx.progress(0.2, "Transcribing the end of your answer…")
            if transcriber is not None:
                try:
                    transcript = transcriber.finish()
                except Exception:  # fall back to the whole file: nothing said is lost
                    log.warning("incremental transcription failed; transcribing the file",
                                exc_info=True)
                    transcript = s.transcribe_file(engine, info.path, vocab)
            else:
                transcript = s.transcribe_file(engine, info.path, vocab)
            ctx.progress(0.8, "Scoring…")
            if follow is not None:
                return info, transcript, follow.score(transcript)
            voice = s.analyse_voice(info.path, transcript) if s.analyse_voice else None
            result = s.score(transcript, question=q, voice=voice)
            return info, transcript, result

        handle = self.tasks.start("finishing your answer", work)
        self._finish_handle = handle
        handle.finished.connect(self._finished)
        handle.error.connect(self._abandon)
        return handle

    def _finished(self, parts: tuple[Any, Any, Any]) -> None:
        info, transcript, result = parts
        follow, self._follow = self._follow, None
        if follow is not None:
            self._transcriber = None
            try:
                reply = follow.save(info, transcript, result)
            except Exception:
                log.exception("could not save the reply to the follow-up")
                reply = follow.end("failed", "The reply could not be saved; the details are "
                                             "in the log file.")
            self._set(IDLE)
            self.followed_up.emit(reply)
            return
        draft, self._draft = self._draft, None
        self._transcriber = None
        q = self.question
        if q is None or draft is None:  # cancelled while finishing
            return
        record = None
        choice = getattr(self.s.engine, "device_choice", None)
        try:
            record = self.s.store.complete_attempt(
                draft.attempt_id, transcript, result,
                model=getattr(getattr(self.s.engine, "config", None), "model", None),
                device=getattr(choice, "device", None), duration_s=info.duration_s)
        except Exception:
            log.exception("could not save the attempt")
            self.failed.emit("Your answer was scored but could not be saved; "
                             "the details are in the log file.")
        self._set(IDLE)
        reason = str(getattr(info, "stopped_reason", "user"))
        note = "" if reason == "user" else (
            getattr(info, "message", "") or
            (f"The recording stopped at the {self.s.settings.answer_limit_s} s limit."
             if reason == "limit" else "The recording stopped early."))
        self.answered.emit(Answer(q, draft.attempt_id, info.path, transcript, result,
                                  float(info.duration_s), record, note))

    def cancel(self) -> None:
        """Esc: stop reading, counting down or recording; a cancelled recording is not kept."""
        self._think_timer.stop()
        self._timer.stop()
        self._stop_player()
        if self.state == RECORDING and self.s.recorder is not None:
            self._detach_listener()
            try:
                self.s.recorder.stop()
            except Exception:
                log.exception("stopping the recorder")
            if self._draft is not None and self.s.store is not None:
                try:
                    self.s.store.delete_attempt(self._draft.attempt_id)
                except Exception:
                    log.exception("could not remove the cancelled attempt")
            self._draft = None
            _cancel_transcriber(self._transcriber)
            self._transcriber = None
        if self.state != FINISHING:
            follow, self._follow = self._follow, None
            self._set(IDLE)
            if follow is not None:  # Esc on a follow-up: skipped, never blocking
                self.followed_up.emit(follow.end("skipped"))

    def _stop_player(self) -> None:
        if self.state == READING and self.s.player is not None:
            try:
                self.s.player.stop()
            except Exception:
                log.exception("stopping the player")

    def _settings_snapshot(self) -> dict[str, Any]:
        snap = asdict(self.s.settings)
        return {k: snap[k] for k in ("model", "device", "think_time_s", "answer_limit_s",
                                     "input_device", "filler_prompt")}


def _cancel_transcriber(transcriber: Any) -> None:
    """Stop an incremental transcriber's background thread (answer cancelled or failed)."""
    cancel = getattr(transcriber, "cancel", None)
    if cancel is None:
        return
    try:
        cancel()
    except Exception:
        log.exception("cancelling the incremental transcriber")
