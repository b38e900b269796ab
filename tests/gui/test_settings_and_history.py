"""Settings dialog (persisted in the test's own config dir), custom banks with their errors,
history (compare, export) and the error hook. Fakes for audio and the engine."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from interviewer.gui.answer_flow import RECORDING
from interviewer.gui.errors import ErrorReporter
from interviewer.gui.views.settings_dialog import SettingsDialog
from interviewer.settings import Settings


def _answer(qtbot: Any, window: Any, qid: str) -> Any:
    window.practice.picker.select(qid)
    window.practice.start()
    qtbot.waitUntil(lambda: window.flow.state == RECORDING, timeout=5000)
    with qtbot.waitSignal(window.answer_saved, timeout=10_000) as saved:
        window.flow.stop()
    window.feedback.try_again.emit()
    return saved.args[0]


def test_settings_persist_and_apply(qtbot: Any, fake_services: Any, make_window: Any,
                                    app_paths: Any) -> None:
    window = make_window(fake_services)
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    dialog = SettingsDialog(fake_services, window.tasks, window.model, window)
    qtbot.addWidget(dialog)
    dialog.think.setValue(7)
    dialog.limit.setValue(120)
    dialog.read_aloud.setChecked(False)
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.accept()
    saved = Settings.load(app_paths.config_dir)
    assert (saved.think_time_s, saved.answer_limit_s, saved.device) == (7, 120, "cpu")
    assert fake_services.settings.think_time_s == 7  # the shared settings object changed too
    # the engine settings changed: a new engine is made and loaded
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    assert fake_services.engine.loads == 1


def test_microphone_level_test_and_voice_preview(qtbot: Any, fake_services: Any,
                                                 make_window: Any) -> None:
    window = make_window(fake_services)
    dialog = SettingsDialog(fake_services, window.tasks, window.model, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert fake_services.recorder.state == "recording"
    qtbot.waitUntil(lambda: dialog.meter.fraction > 0.5, timeout=3000)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert fake_services.recorder.state == "stopped"
    handle = dialog.preview_voice()
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    assert fake_services.speaker.spoken == ["This is how questions will sound."]
    assert fake_services.player.played
    if dialog.voices_handle is not None:
        qtbot.waitUntil(lambda: not dialog.voices_handle.running, timeout=5000)
    dialog.reject()


def test_a_broken_bank_shows_file_line_and_problem(qtbot: Any, fake_services: Any,
                                                   make_window: Any, tmp_path: Path) -> None:
    from interviewer.core.bank import load_bank

    fake_services.load_bank = load_bank
    bad = tmp_path / "mine.toml"
    bad.write_text('[bank]\nid = "mine"\ntitle = "Mine"\nversion = "1"\nsource = "me"\n\n'
                   '[[questions]]\nid = "m1"\ntext = "Why?"\ncategory = "fundamentals"\n'
                   'kind = "technical"\ntarget_s = "soon"\n', encoding="utf-8")
    window = make_window(fake_services)
    dialog = SettingsDialog(fake_services, window.tasks, window.model, window)
    qtbot.addWidget(dialog)
    assert not dialog.add_bank(str(bad))
    note = dialog.bank_note.text()
    assert "mine.toml" in note and "line" in note.lower(), note
    assert dialog.banks.count() == 0
    if dialog.voices_handle is not None:
        qtbot.waitUntil(lambda: not dialog.voices_handle.running, timeout=5000)
    dialog.reject()


def test_history_compare_chart_and_export(qtbot: Any, fake_services: Any, make_window: Any,
                                          tmp_path: Path) -> None:
    from interviewer.storage import export

    fake_services.export = export
    window = make_window(fake_services)
    window.show()
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    first = _answer(qtbot, window, "q05")
    fake_services.engine.text = "Dropout helps. Early stopping helps too."
    second = _answer(qtbot, window, "q05")
    window.tabs.setCurrentWidget(window.history)
    history = window.history
    assert len(history.items()) == 2
    assert [s.name for s in history.chart.series] == ["All answers"]
    history.question_box.setCurrentIndex(history.question_box.findData("q05"))
    assert [s.name for s in history.chart.series] == ["q05", "All answers"]
    assert history.chart.series[0].attempt_ids == (first.attempt_id, second.attempt_id)
    # a component instead of the overall score, then a click on a point opens its attempt
    coverage = history.chart.measure_box.findData("coverage")
    assert coverage > 0
    history.chart.measure_box.setCurrentIndex(coverage)
    assert [s.name for s in history.chart.series] == ["Coverage: q05", "Coverage: all answers"]
    history.chart.attempt_chosen.emit(first.attempt_id)
    assert history.right.currentWidget() is history.feedback
    assert history.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == first.attempt_id
    # the coach's report on that answer's session, a moment to replay
    assert history.coach_button.isEnabled()
    qtbot.mouseClick(history.coach_button, Qt.MouseButton.LeftButton)
    assert history.right.currentWidget() is history.coach_page
    assert history.coach.report is not None and history.coach.trend.text()
    assert history.coach.moment_buttons  # the fake answer misses most of q05's ideas
    qtbot.mouseClick(history.coach.moment_buttons[0], Qt.MouseButton.LeftButton)
    assert history.right.currentWidget() is history.feedback
    assert fake_services.player.played
    for item in history.items():
        item.setCheckState(0, Qt.CheckState.Checked)
    assert history.compare_button.isEnabled()
    qtbot.mouseClick(history.compare_button, Qt.MouseButton.LeftButton)
    assert history.right.currentWidget() is history.compare
    assert "augmentation" in history.compare.summary.text() or history.compare.deltas.isVisible()
    assert history.compare.older.score.text() == f"{first.score.overall} / 100"
    assert history.compare.newer.score.text() == f"{second.score.overall} / 100"
    history.select(first.attempt_id)
    out = tmp_path / "report.html"
    handle = history.export_current(out)
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    html = out.read_text(encoding="utf-8")
    assert "overfitting" in html.lower() and str(first.score.overall) in html
    assert "Report saved to" in history.message.text()
    # re-scoring runs in a worker and saves in the GUI thread; scores here are current already
    with qtbot.waitSignal(history.rescore.done, timeout=10_000) as rescored:
        history.start_rescore()
    assert rescored.args[0]["unchanged"] and not rescored.args[0]["failed"]
    qtbot.waitUntil(lambda: not history.rescore.handle.running, timeout=5000)
    history.rescore.start()  # force=False: nothing changes, but every answer is checked
    with qtbot.waitSignal(history.rescore.done, timeout=10_000):
        pass
    assert "Re-scored 0 answer(s); 2 already had current scores." in history.message.text()


def test_error_hook_logs_and_shows_one_dialog_at_a_time(qtbot: Any, tmp_path: Path,
                                                         caplog: Any) -> None:
    reporter = ErrorReporter(tmp_path, show_dialogs=False)
    caplog.set_level(logging.ERROR)
    try:
        raise ValueError("broken widget")
    except ValueError as exc:
        reporter.excepthook(ValueError, exc, exc.__traceback__)
    qtbot.waitUntil(lambda: bool(reporter.shown), timeout=2000)
    assert "Traceback" in caplog.text and "broken widget" in caplog.text
    assert reporter.shown[0].startswith("Something went wrong (ValueError)")
    assert str(tmp_path) in reporter.shown[0]
    reporter.dialog_open = True  # while one dialog is open, later errors are only logged
    reporter.excepthook(KeyError, KeyError("x"), None)
    qtbot.wait(50)
    assert len(reporter.shown) == 1


def test_interviewer_with_no_command_opens_the_app(monkeypatch: Any) -> None:
    from interviewer.cli import main as cli_main
    from interviewer.gui import application

    calls: list[Any] = []
    monkeypatch.setattr(application, "run", lambda argv, **kw: calls.append(kw) or 0)
    assert cli_main.main([]) == 0
    assert cli_main.main(["gui"]) == 0
    assert len(calls) == 2 and calls[0]["paths"] is not None
