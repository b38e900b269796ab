"""Mock interview with fakes for audio and the engine: no feedback between questions, a
follow-up after each answer (answered or skipped with Esc), the report with averages, ending
early, and exporting the session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from interviewer.gui.answer_flow import RECORDING


def _window(qtbot: Any, services: Any, make_window: Any) -> Any:
    from interviewer.storage import export

    services.export = export
    window = make_window(services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    window.tabs.setCurrentWidget(window.mock)
    return window


def test_two_questions_then_the_report_and_its_export(qtbot: Any, fake_services: Any,
                                                      make_window: Any, tmp_path: Path) -> None:
    window = _window(qtbot, fake_services, make_window)
    mock = window.mock
    flow = window.mock_flow
    mock.start([fake_services.question("q05"), fake_services.question("q01")])
    for i in range(2):
        qtbot.waitUntil(lambda: flow.state == RECORDING, timeout=5000)
        assert mock.progress_label.text() == f"Question {i + 1} of 2"
        assert mock.current_page() == "running"  # no feedback in between
        assert not flow.asking_follow_up and not mock.follow_label.isVisible()
        with qtbot.waitSignal(flow.answered, timeout=5000) as got:
            mock.space()  # Space stops the answer
        follow_up = got.args[0].score.follow_up
        assert follow_up is not None  # the fake answer misses concepts of both questions
        qtbot.waitUntil(lambda: flow.state == RECORDING and flow.asking_follow_up,
                        timeout=5000)
        assert mock.follow_label.isVisible() and follow_up.question in mock.follow_label.text()
        assert "Esc skips" in mock.status_label.text()
        assert fake_services.recorder.path.name == "follow-up.wav"
        if i == 0:
            with qtbot.waitSignal(flow.followed_up, timeout=5000) as replied:
                mock.space()  # Space stops the reply
            assert replied.args[0].status == "complete"
            qtbot.waitUntil(lambda: mock.progress_label.text() == "Question 2 of 2",
                            timeout=5000)
    with qtbot.waitSignal(mock.finished, timeout=10_000):
        mock.cancel()  # Esc skips the last follow-up; the interview ends with the report
    assert [r.status for r in mock.replies.values()] == ["complete", "skipped"]
    first, second = (fake_services.store.load_attempt(a.attempt_id) for a in mock.answers)
    assert first.follow_up["status"] == "complete" and first.follow_up_audio is not None
    assert first.follow_up["gain"]["summary"]
    assert second.follow_up["status"] == "skipped" and second.follow_up_audio is None
    report = mock.report
    assert report.feedbacks[0].follow_up.isVisibleTo(report.feedbacks[0])
    assert "Your reply" in report.feedbacks[0].follow_up.reply.text()
    coach = report.coach
    assert coach is not None and coach.report is not None and coach.report.focus
    assert "first session" in coach.trend.text()
    assert "Follow-ups" in coach.follow_ups.text()
    button = coach.moment_buttons[-1]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert report.tabs.currentIndex() in (1, 2)
    assert fake_services.player.played[-1][0].name == "answer.wav"
    assert mock.current_page() == "report"
    assert [report.tabs.tabText(i).split(" ")[1] for i in range(1, 3)] == ["q05", "q01"]
    assert report.averages["overall"] == sum(a.score.overall for a in mock.answers) / 2
    handle = report.export(tmp_path / "session.md")
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    text = (tmp_path / "session.md").read_text(encoding="utf-8")
    assert "Mock interview" in text and "overfitting" in text.lower()
    assert "difference between Machine Learning and Deep Learning" in text


def test_ending_early_reports_the_answers_given(qtbot: Any, fake_services: Any,
                                                make_window: Any) -> None:
    window = _window(qtbot, fake_services, make_window)
    mock = window.mock
    mock.count.setValue(3)
    mock.start()
    assert len(mock.plan) == 3
    qtbot.waitUntil(lambda: window.mock_flow.state == RECORDING, timeout=5000)
    with qtbot.waitSignal(window.mock_flow.answered, timeout=10_000):
        window.mock_flow.stop()
    qtbot.waitUntil(lambda: window.mock_flow.state == RECORDING, timeout=5000)
    assert window.mock_flow.asking_follow_up
    mock.end_early()  # "End the interview" during the follow-up
    assert mock.current_page() == "report"
    assert "1 of 3 questions answered" in mock.report.title.text()
    assert len(fake_services.store.queries.history()) == 1  # the cancelled one is not kept
