"""Settings' "Measure this computer" and the first-run measurement, with a fake recommender."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt

from interviewer.core.errors import InterviewerError
from interviewer.gui.views.settings_dialog import SettingsDialog
from interviewer.settings import Settings
from interviewer.speech.catalogue import Catalogue
from tests.gui.fake_recommender import FakeRecommender, recommendation


def _dialog(qtbot: Any, services: Any, make_window: Any) -> Any:
    window = make_window(services)
    dialog = SettingsDialog(services, window.tasks, window.model, window)
    qtbot.addWidget(dialog)
    return window, dialog


def test_measure_shows_the_figures_and_applies_the_choice(qtbot, fake_services, make_window,
                                                          app_paths):
    fake = FakeRecommender()
    fake_services.make_recommender = lambda: fake
    fake_services.catalogue = Catalogue(app_paths.models_dir)  # the model list
    window, dialog = _dialog(qtbot, fake_services, make_window)
    panel = dialog.measure_panel
    assert "Not measured yet" in panel.status.text() and not panel.apply_button.isEnabled()
    qtbot.mouseClick(panel.measure_button, Qt.MouseButton.LeftButton)
    assert not panel.measure_button.isEnabled()  # the window goes on; the button waits
    with qtbot.waitSignal(panel.handle.done, timeout=5000):
        pass
    assert fake.calls == 1 and panel.measure_button.isEnabled()
    assert panel.table.rowCount() == 3
    assert [panel.table.item(i, 0).text() for i in range(3)] == ["tiny.en", "base", "base.en"]
    assert panel.table.item(1, 7).text() == "yes"
    assert panel.table.item(2, 7).text() == "The offline pack of base.en is damaged."
    assert "Recommended: base." in panel.reason.text()
    assert "small.en" in panel.reason.text()  # the offer of a bigger model
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.model_box.currentData() == "base"
    dialog.accept()
    saved = Settings.load(app_paths.config_dir)
    assert (saved.model, saved.beam_size, saved.model_chosen) == ("base", 0, True)
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)  # the new engine loaded


def test_keeping_ones_own_choice(qtbot, fake_services, make_window, app_paths):
    fake_services.make_recommender = lambda: FakeRecommender(stored=recommendation())
    _window, dialog = _dialog(qtbot, fake_services, make_window)
    panel = dialog.measure_panel
    assert panel.handle is None and panel.table.rowCount() == 3  # shown without measuring
    assert "Measured on CPU" in panel.status.text()
    dialog.accept()  # without pressing "Use the recommended model"
    saved = Settings.load(app_paths.config_dir)
    assert (saved.model, saved.model_chosen) == ("tiny.en", False)


def test_a_failed_measurement_is_one_sentence(qtbot, fake_services, make_window):
    fake = FakeRecommender(fail=InterviewerError("No speech model is installed to measure."))
    fake_services.make_recommender = lambda: fake
    _window, dialog = _dialog(qtbot, fake_services, make_window)
    handle = dialog.measure_panel.measure()
    with qtbot.waitSignal(handle.done, timeout=5000):
        pass
    assert dialog.measure_panel.status.text() == "No speech model is installed to measure."


def test_without_a_speech_engine_the_button_is_off(qtbot, fake_services, make_window):
    _window, dialog = _dialog(qtbot, fake_services, make_window)  # no make_recommender
    assert not dialog.measure_panel.measure_button.isEnabled()


def test_first_run_measures_once_and_applies(qtbot, fake_services, make_window, app_paths):
    fake = FakeRecommender()
    fake_services.make_recommender = lambda: fake
    fake_services.measure_first_run = True
    window = make_window(fake_services)
    with qtbot.waitSignal(window.first_measure.message, timeout=10_000) as said:
        window.after_shown()
    assert "now using base" in said.args[0]
    assert Settings.load(app_paths.config_dir).model == "base"
    assert fake_services.settings.model_chosen is False  # the person never chose
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    again = make_window(fake_services)
    again.after_shown()
    assert again.first_measure.handle is None and fake.calls == 1  # stored: not again


def test_first_run_leaves_a_persons_choice_alone(qtbot, fake_services, make_window):
    fake = FakeRecommender()
    fake_services.make_recommender = lambda: fake
    fake_services.measure_first_run = True
    fake_services.settings.model_chosen = True
    window = make_window(fake_services)
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    assert window.first_measure.handle is None and fake.calls == 0


def _measuring_window(qtbot, fake_services, make_window):  # type: ignore[no-untyped-def]
    """A window whose first-run measuring has started and waits for ``gate``."""
    gate = threading.Event()
    fake = FakeRecommender(gate=gate)
    fake_services.make_recommender = lambda: fake
    fake_services.measure_first_run = True
    window = make_window(fake_services)
    window.after_shown()
    qtbot.waitUntil(lambda: window.first_measure.handle is not None, timeout=5000)
    return window, gate, fake


def test_a_choice_made_while_measuring_wins(qtbot, fake_services, make_window, app_paths):
    window, gate, _fake = _measuring_window(qtbot, fake_services, make_window)
    fake_services.settings.model_chosen = True  # the person picked a model meanwhile
    with qtbot.waitSignal(window.first_measure.message, timeout=10_000) as said:
        gate.set()
    assert "your own choice of model is kept" in said.args[0]
    assert fake_services.settings.model == "tiny.en"


def test_tests_and_tools_never_measure_by_default(qtbot, fake_services, make_window):
    fake = FakeRecommender()
    fake_services.make_recommender = lambda: fake  # measure_first_run stays False
    window = make_window(fake_services)
    window.after_shown()
    qtbot.waitUntil(lambda: window.model.ready, timeout=5000)
    assert window.first_measure.handle is None and fake.calls == 0


def test_answering_stops_the_first_run_measuring(qtbot, fake_services, make_window, app_paths):
    window, gate, fake = _measuring_window(qtbot, fake_services, make_window)
    handle = window.first_measure.handle
    window.flow.state_changed.emit("recording")  # as the flow does when an answer starts
    with qtbot.waitSignal(handle.done, timeout=10_000):
        gate.set()
    assert handle.outcome == "cancelled" and fake.stored() is None
    assert Settings.load(app_paths.config_dir).model == "tiny.en"
