"""End to end with real parts: the private PulseAudio server, espeak-ng speech, the real tiny.en
model, the real store and scorer, offscreen Qt. No mocks of the engine or of audio here.

A synthesised spoken answer is played into the virtual microphone while the app records; the
model transcribes it; the feedback shows the expected concepts; the attempt is in the history of
a new window over the same data dir; replay plays it into the virtual speaker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt

from interviewer.gui.answer_flow import RECORDING
from interviewer.gui.application import build_services
from interviewer.settings import Settings
from tests.fixtures.speech_samples import synth_speech

pytestmark = [pytest.mark.audio, pytest.mark.model, pytest.mark.slow]

# phrased so that tiny.en hears espeak-ng's voice well (measured: "I use dropout, which"
# came out as "I use R with")
OVERFITTING = ("To prevent overfitting, I add dropout layers that randomly switch off neurons "
               "during training. I also use early stopping when the validation loss stops "
               "improving, and data augmentation such as random flips and crops.")
SHORT = {
    "q01": "Deep learning is a subset of machine learning that uses neural networks with many "
           "layers.",
    "q04": "Activation functions introduce non-linearity into the network. Without them, the "
           "layers collapse into one linear model.",
    "q05": "To prevent overfitting, I use early stopping and data augmentation.",
}


def _settings() -> Settings:
    return Settings(think_time_s=0, read_aloud=False, first_run_done=True, answer_limit_s=90,
                    device="cpu")


def _ready_window(qtbot: Any, make_window: Any, app_paths: Any, engine: Any) -> Any:
    services = build_services(app_paths, _settings(), engine=engine)
    assert services.problems == {} or set(services.problems) == {"voice"}, services.problems
    window = make_window(services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=60_000)
    return window


def speak_answer(qtbot: Any, pulse: Any, flow: Any, wav: Path) -> None:
    """Wait for the app to record, play ``wav`` into the microphone, wait until it is heard."""
    qtbot.waitUntil(lambda: flow.state == RECORDING, timeout=20_000)
    recorder = flow.s.recorder
    # a fresh capture stream can take a moment to deliver audio: speak once it does
    qtbot.waitUntil(lambda: recorder.elapsed_s > 0.1, timeout=10_000)
    seconds = sf.info(str(wav)).duration
    start_s = recorder.elapsed_s
    proc = pulse.play_into_mic(wav)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=int(seconds * 1000) + 30_000)
    qtbot.waitUntil(lambda: recorder.elapsed_s >= start_s + seconds + 0.6, timeout=20_000)


def _best_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Peak normalised cross-correlation of two signals (any lag)."""
    n = len(a) + len(b)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    denom = float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0
    return float(np.max(np.abs(corr)) / denom)


@dataclass
class Rig:
    pulse: Any
    engine: Any
    paths: Any
    make_window: Any
    network: list[Any]  # connection attempts (the no_network guard fails on any)


@pytest.fixture
def rig(pulse_server: Any, whisper_engine: Any, app_paths: Any, make_window: Any,
        no_network: list[Any]) -> Iterator[Rig]:
    rig = Rig(pulse_server, whisper_engine, app_paths, make_window, no_network)
    yield rig
    assert no_network == [], "the app tried to use the network"


def test_practise_transcribe_feedback_history_and_replay(
        qtbot: Any, rig: Rig, tmp_path: Path) -> None:
    pulse_server, whisper_engine = rig.pulse, rig.engine
    app_paths, make_window = rig.paths, rig.make_window
    wav = synth_speech(OVERFITTING, tmp_path / "answer.wav")
    window = _ready_window(qtbot, make_window, app_paths, whisper_engine)
    view = window.practice
    assert view.picker.select("q05")
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    speak_answer(qtbot, pulse_server, window.flow, wav)
    if window.s.make_transcriber is not None:  # live transcript while speaking
        qtbot.waitUntil(lambda: "overfitting" in view.live.toPlainText().lower(), timeout=20_000)
    with qtbot.waitSignal(window.answer_saved, timeout=120_000) as saved:
        qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    answer = saved.args[0]
    feedback = window.feedback
    assert window.practice_stack.currentWidget() is feedback
    text = feedback.transcript.toPlainText().lower()
    assert "dropout" in text or "drop out" in text, text
    hits = {c["id"] for c in feedback.score["concepts"] if c["status"] == "hit"}
    assert {"dropout", "early_stopping", "augmentation"} <= hits, (hits, text)
    labels = " ".join(feedback.concepts.hit_labels).lower()
    assert "dropout" in labels and "early stopping" in labels
    assert feedback.overall.text().endswith("/ 100")

    # replay into the virtual speaker, the transcript following along
    recorded, rate = sf.read(str(answer.audio_path), dtype="float32")
    assert rate == 16000 and np.sqrt(np.mean(recorded ** 2)) > 0.01
    capture = pulse_server.start_capture(16000)
    followed: list[int] = []
    feedback.replay.position.connect(lambda _s: followed.append(
        feedback.transcript.current_word))
    qtbot.keyClick(feedback, Qt.Key.Key_R)
    assert feedback.replay.playing
    qtbot.waitUntil(lambda: not feedback.replay.playing, timeout=int(len(recorded) / 16) + 20_000)
    heard = capture.stop()
    assert np.sqrt(np.mean(heard ** 2)) > 0.01, "nothing was played into the virtual speaker"
    assert _best_correlation(heard, recorded) > 0.6
    assert max(followed) > 5, "the transcript did not follow playback"

    # a new window over the same data dir shows the attempt in its history
    window.shutdown()
    again = _ready_window(qtbot, make_window, app_paths, whisper_engine)
    again.tabs.setCurrentWidget(again.history)
    history = again.history
    assert history.select(answer.attempt_id)
    assert history.feedback.question is not None and history.feedback.question.id == "q05"
    assert history.feedback.score["overall"] == feedback.score["overall"]
    assert len(history.chart.series) == 2 or history.chart.series[0].points


REPLY = ("For example, on a small image data set I added dropout and weight decay, and the "
         "validation loss stopped rising after that.")


def test_mock_interview_with_follow_ups_read_aloud_and_answered(
        qtbot: Any, rig: Rig, tmp_path: Path) -> None:
    """Two questions; after the first the interviewer reads its follow-up aloud into the
    virtual speaker and the spoken reply is recorded, transcribed and scored with the answer;
    the second follow-up is skipped with Esc; the report shows both."""
    services = build_services(rig.paths, Settings(think_time_s=0, read_aloud=True,
                                                  first_run_done=True, answer_limit_s=90,
                                                  device="cpu"), engine=rig.engine)
    assert services.speaker is not None and services.player is not None, services.problems
    window = rig.make_window(services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=60_000)
    mock, flow = window.mock, window.mock_flow
    window.tabs.setCurrentWidget(mock)
    qids = ["q05", "q01"]
    mock.start([window.s.question(qid) for qid in qids])
    answers, replies = [], []
    flow.answered.connect(answers.append)
    flow.followed_up.connect(replies.append)
    for i, qid in enumerate(qids):
        wav = synth_speech(SHORT[qid], tmp_path / f"{qid}.wav")
        qtbot.waitUntil(lambda i=i: mock.progress_label.text() == f"Question {i + 1} of 2",
                        timeout=60_000)
        speak_answer(qtbot, rig.pulse, flow, wav)
        capture = rig.pulse.start_capture(16000)
        qtbot.mouseClick(mock.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda i=i: len(answers) == i + 1, timeout=120_000)
        follow_up = answers[i].score.follow_up
        assert follow_up is not None, answers[i].transcript.text
        qtbot.waitUntil(lambda: flow.state in ("reading", RECORDING),
                        timeout=30_000)
        assert flow.asking_follow_up and follow_up.question in mock.follow_label.text()
        qtbot.waitUntil(lambda: flow.state == RECORDING, timeout=60_000)
        heard = capture.stop()  # the follow-up, read aloud into the virtual speaker
        assert len(heard) > 16000 and float(np.sqrt(np.mean(heard ** 2))) > 0.01
        if i == 0:
            speak_answer(qtbot, rig.pulse, flow, synth_speech(REPLY, tmp_path / "reply.wav"))
            qtbot.mouseClick(mock.stop_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: len(replies) == 1, timeout=120_000)
        else:
            with qtbot.waitSignal(mock.finished, timeout=60_000):
                qtbot.keyClick(mock, Qt.Key.Key_Escape)  # skip the follow-up: the report
    first, second = replies
    assert first.status == "complete" and second.status == "skipped"
    said = first.transcript.text.lower()
    assert "dropout" in said or "weight decay" in said, said
    assert first.gain.concepts_added, (said, first.gain)
    assert first.gain.overall_after > first.gain.overall_before
    record = window.s.store.load_attempt(first.answer.attempt_id)
    assert record.follow_up["status"] == "complete"
    assert record.follow_up_audio is not None and record.audio_path.exists()
    assert record.score["voice"]["loudness_lufs"] is not None  # the voice, from the recording
    assert mock.current_page() == "report"
    report = mock.report
    assert report.tabs.count() == 3
    panel = report.feedbacks[0].follow_up
    assert panel.gain.text() == first.gain.summary
    assert "Skipped" in report.feedbacks[1].follow_up.reply.text()
    coach = report.coach  # the coach's report opens the mock interview's report
    assert coach is not None and coach.report is not None and coach.report.focus
    assert "Follow-ups" in coach.follow_ups.text() and "Skipped." in coach.follow_ups.text()
    sessions = window.s.store.queries.sessions()
    assert sessions[0].kind == "mock" and sessions[0].attempts == 2


def test_the_question_is_read_aloud_then_the_think_time_counts_down(
        qtbot: Any, rig: Rig) -> None:
    services = build_services(rig.paths, Settings(think_time_s=2, read_aloud=True,
                                                  first_run_done=True), engine=rig.engine)
    assert services.speaker is not None and services.player is not None, services.problems
    window = rig.make_window(services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=60_000)
    window.practice.picker.select("q03")
    capture = rig.pulse.start_capture(16000)
    window.practice.start()
    assert window.flow.state == "reading"
    assert "Listen" in window.practice.status_label.text()
    qtbot.waitUntil(lambda: window.flow.state == "thinking", timeout=30_000)
    heard = capture.stop()
    assert len(heard) > 16000 and float(np.sqrt(np.mean(heard ** 2))) > 0.01
    assert window.practice.status_label.text().startswith("Think: ")
    assert window.practice.skip_button.hasFocus()
    qtbot.keyClick(window.practice.skip_button, Qt.Key.Key_Escape)
    assert window.flow.state == "idle"
    assert services.store.queries.history() == []
