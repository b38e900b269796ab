"""Practice view and answer flow with fakes for audio and the engine (real store and scorer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from interviewer.audio.errors import NoInputDeviceError
from interviewer.gui.answer_flow import FINISHING, IDLE, RECORDING, THINKING
from interviewer.gui.services import MICROPHONE, MODEL
from tests.gui.fakes import FakeRecorder


def _ready(qtbot: Any, window: Any) -> None:
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)


def test_window_opens_and_model_warms_up_in_the_background(qtbot, fake_services, make_window):
    window = make_window(fake_services)
    window.show()
    assert window.model.state == "not loaded"
    assert "Speech model not loaded" in window.model_label.text()
    _ready(qtbot, window)
    assert "ready" in window.model_label.text().lower()
    assert window.practice.start_button.isEnabled()


def test_practise_one_question_from_the_keyboard(qtbot, fake_services, make_window):
    fake_services.settings.think_time_s = 1
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    view = window.practice
    assert view.picker.select("q05")
    view.picker.list.setFocus()
    qtbot.keyClick(view.picker.list, Qt.Key.Key_Space)
    assert window.flow.state == THINKING
    assert "Think: 1 s" in view.status_label.text()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    assert view.stop_button.isVisible() and view.meter.isVisible()
    qtbot.waitUntil(lambda: "0:0" in view.time_label.text(), timeout=2000)
    with qtbot.waitSignal(window.answer_saved, timeout=10_000) as saved:
        qtbot.keyClick(view.stop_button, Qt.Key.Key_Space)
        assert window.flow.state == FINISHING
    answer = saved.args[0]
    assert window.practice_stack.currentWidget() is window.feedback
    hits = {c["id"] for c in window.feedback.score["concepts"] if c["status"] == "hit"}
    assert {"dropout", "early_stopping", "augmentation"} <= hits
    assert len(window.feedback.concepts.hit_buttons) == len(hits)
    assert all(b.text().startswith("▶") for b in window.feedback.concepts.hit_buttons)
    record = fake_services.store.load_attempt(answer.attempt_id)
    assert record.status == "complete" and record.question.id == "q05"
    # N: next question, back on the practice page
    qtbot.keyClick(window.feedback.next_button, Qt.Key.Key_N)
    assert window.practice_stack.currentWidget() is window.practice
    assert view.question is not None and view.question.id == "q06"


def test_clicking_a_concept_plays_from_where_it_was_said(qtbot, fake_services, make_window):
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    window.practice.picker.select("q05")
    window.practice.start()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    with qtbot.waitSignal(window.answer_saved, timeout=10_000):
        window.flow.stop()
    button = window.feedback.concepts.hit_buttons[1]
    concept = [c for c in window.feedback.score["concepts"] if c["status"] == "hit"][1]
    qtbot.waitUntil(lambda: button.height() > 0, timeout=2000)  # laid out
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    played = fake_services.player.played[-1]
    assert played[1] == concept["at_s"] > 0
    qtbot.waitUntil(lambda: window.feedback.transcript.current_word >= 0, timeout=3000)
    window.feedback.stop()


def test_escape_cancels_a_recording_and_keeps_nothing(qtbot, fake_services, make_window):
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    window.practice.start()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    window.flow.cancel()
    assert window.flow.state == IDLE
    assert fake_services.store.queries.history() == []


def test_no_microphone_disables_only_answering(qtbot, fake_services, make_window):
    fake_services.recorder = None
    fake_services.problems[MICROPHONE] = str(NoInputDeviceError())
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    view = window.practice
    assert not view.start_button.isEnabled()
    assert view.reason_label.isVisible() and "microphone" in view.reason_label.text().lower()
    assert not window.mock.start_button.isEnabled()
    assert "microphone" in window.mock.reason_label.text().lower()
    assert view.picker.isEnabled()
    view.picker.pick_random()
    assert view.question is not None
    window.tabs.setCurrentWidget(window.history)
    assert "No attempts yet" in window.history.message.text()


def test_a_model_that_fails_to_load_is_reported_and_answering_disabled(
        qtbot, fake_services, make_window):
    fake_services.engine.fail_load = RuntimeError("bad checkpoint")
    window = make_window(fake_services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.state == "failed", timeout=5000)
    assert "failed unexpectedly" in window.model_label.text()
    assert MODEL in fake_services.problems
    assert not window.practice.start_button.isEnabled()


def test_recorder_error_at_start_is_shown_and_the_app_goes_on(qtbot, fake_services, make_window):
    fake_services.recorder = FakeRecorder(fail=NoInputDeviceError())
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    with qtbot.waitSignal(window.flow.failed, timeout=3000) as failed:
        window.practice.start()
    assert "microphone" in failed.args[0].lower()
    assert window.flow.state == IDLE
    assert window.practice.reason_label.text() == failed.args[0]
    [row] = fake_services.store.queries.history()
    assert row.status == "failed"


def test_live_text_and_the_incremental_transcriber_is_finished_or_cancelled(
        qtbot, fake_services, make_window):
    from tests.gui.fakes import FakeTranscriber

    made: list[FakeTranscriber] = []
    fake_services.make_transcriber = lambda e, v: made.append(FakeTranscriber(e)) or made[-1]
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    window.practice.start()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    qtbot.waitUntil(lambda: window.practice.live.toPlainText() == "To prevent overfitting",
                    timeout=3000)
    window.flow.cancel()
    assert made[0].cancelled and not made[0].finished
    assert fake_services.recorder.listeners == []
    window.practice.start()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    with qtbot.waitSignal(window.answer_saved, timeout=10_000):
        window.flow.stop()
    assert made[1].finished and not made[1].cancelled


def test_the_hard_limit_stops_the_recording_and_says_so(qtbot, fake_services, make_window):
    fake_services.settings.answer_limit_s = 1
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    window.practice.start()
    with qtbot.waitSignal(window.answer_saved, timeout=10_000) as saved:
        pass  # no stop: the recorder reaches its limit
    assert fake_services.recorder.limit_s == 1.0
    assert "1 s limit" in saved.args[0].note
    assert "1 s limit" in window.feedback.when.text()


def test_text_scales_with_the_system_font(qtbot, fake_services, make_window, qapp):
    from PySide6.QtGui import QFont

    old = QFont(qapp.font())
    big = QFont(old)
    big.setPointSizeF(old.pointSizeF() * 2)
    qapp.setFont(big)
    try:
        window = make_window(fake_services)
        question = window.practice.question_label.font().pointSizeF()
        status = window.practice.status_label.font().pointSizeF()
        assert question > big.pointSizeF() and status > big.pointSizeF()
        assert window.practice.meter.sizeHint().height() >= big.pointSizeF() / 2
    finally:
        qapp.setFont(old)


def test_practice_offers_the_follow_up_and_scores_the_reply_with_the_answer(
        qtbot, fake_services, make_window):
    fake_services.settings.think_time_s = 0
    window = make_window(fake_services)
    window.show()
    _ready(qtbot, window)
    view, feedback = window.practice, window.feedback
    assert view.picker.select("q07")  # the fake answer is about overfitting: concepts missed
    view.start()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    with qtbot.waitSignal(window.answer_saved, timeout=10_000) as saved:
        window.flow.stop()
    answer = saved.args[0]
    panel = feedback.follow_up
    assert not panel.isHidden() and not panel.answer_button.isHidden()
    assert answer.score.follow_up.question in panel.question.text()
    assert panel.reason.text().startswith("Why: ")
    qtbot.mouseClick(panel.answer_button, Qt.MouseButton.LeftButton)
    assert window.practice_stack.currentWidget() is view
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    assert window.flow.asking_follow_up and not view.follow_label.isHidden()
    assert "Esc skips" in view.status_label.text()
    with qtbot.waitSignal(window.flow.followed_up, timeout=10_000) as replied:
        window.flow.stop()
    reply = replied.args[0]
    assert reply.status == "complete" and reply.gain is not None
    assert window.practice_stack.currentWidget() is feedback
    assert view.follow_label.isHidden()
    assert panel.answer_button.isHidden()  # answered: no second offer
    assert panel.reply.text().startswith("Your reply:")
    assert panel.gain.text() == reply.gain.summary
    assert not panel.replay.isHidden() and panel.replay.button.isEnabled()
    record = fake_services.store.load_attempt(answer.attempt_id)
    assert record.follow_up["status"] == "complete"
    assert record.score == answer.score.to_dict()  # the first answer's score is kept as it was
