"""First run and problems: each failure shows its message where the button would be, and the
rest of the app keeps working. Real parts: the sound system (no server), the model catalogue
(finding no pack), the doctor's checks, the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interviewer.gui.application import build_services
from interviewer.gui.services import MICROPHONE, MODEL, SPEAKER
from interviewer.settings import Settings
from interviewer.speech.catalogue import Catalogue, ModelState, ModelStatus, ModelUnavailableError


class NoPackCatalogue(Catalogue):
    """A catalogue on a machine where no offline pack is installed (and downloads are off)."""

    def status(self, name: str, model_path: str = "") -> ModelStatus:
        found = super().status(name, model_path)
        if found.state is ModelState.PREPARABLE:
            return ModelStatus(name, ModelState.DOWNLOADABLE, None,
                               "download from openai; offline: no pack installed")
        return found

    def prepare(self, name: str, progress: Any = None) -> Path:
        raise ModelUnavailableError(f"No offline pack for {name} is installed; allow downloads "
                                    "to fetch it.")


@pytest.fixture
def no_sound_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """PULSE_SERVER points nowhere: PortAudio sees no microphone and no speaker."""
    import sounddevice as sd

    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-such-socket'}")
    sd._terminate()
    sd._initialize()
    yield
    monkeypatch.undo()
    sd._terminate()
    sd._initialize()


def _settings() -> Settings:
    return Settings(think_time_s=0, read_aloud=False, first_run_done=False)


def _first_run(qtbot: Any, window: Any, *, load_model: bool = True) -> Any:
    if load_model:
        window.after_shown()
    else:
        window.open_first_run(force=False)
    dialog = window.first_run
    if dialog.handle is not None:
        qtbot.waitSignal(dialog.handle.done, timeout=60_000).wait()
    qtbot.waitUntil(lambda: bool(dialog.checks), timeout=5000)
    return dialog


def test_no_microphone_is_explained_and_the_rest_works(
        qtbot: Any, app_paths: Any, make_window: Any, no_sound_server: None,
        no_network: list[Any]) -> None:
    services = build_services(app_paths, _settings())
    assert MICROPHONE in services.problems and SPEAKER in services.problems
    assert services.recorder is None and services.player is None
    window = make_window(services)
    window.show()
    dialog = _first_run(qtbot, window, load_model=False)
    mic = next(c for c in dialog.checks if c.name == "Microphone")
    assert not mic.ok and "microphone" in (mic.detail + mic.fix).lower()
    text = dialog.grid.itemAtPosition(dialog.checks.index(mic), 2).widget().text()
    assert text.strip() and ("→" in text or "Settings" in text)
    dialog.accept()
    assert services.settings.first_run_done
    assert Settings.load(app_paths.config_dir).first_run_done  # saved in the test's own folder
    practice = window.practice
    assert not practice.start_button.isEnabled()
    assert practice.reason_label.text() == services.problems[MICROPHONE]  # the only problem
    assert practice.reason_label.isVisibleTo(window)
    assert not window.mock.start_button.isEnabled()
    # everything else keeps working: picking, history, replay explains itself, settings
    assert practice.picker.pick_random() is not None
    window.tabs.setCurrentWidget(window.history)
    assert "No attempts yet" in window.history.message.text()
    assert not window.feedback.replay.button.isEnabled()
    assert window.feedback.replay.note.text()
    assert no_network == []


def test_missing_model_is_explained_and_the_rest_works(
        qtbot: Any, app_paths: Any, make_window: Any, no_network: list[Any]) -> None:
    services = build_services(app_paths, _settings(),
                              catalogue=NoPackCatalogue(app_paths.models_dir))
    assert MODEL in services.problems
    assert "tiny.en" in services.problems[MODEL]
    window = make_window(services)
    window.show()
    dialog = _first_run(qtbot, window)
    model = next(c for c in dialog.checks if c.name == "Whisper model")
    assert not model.ok and "not on this computer" in model.detail
    dialog.accept()
    assert window.model.state == "failed"
    assert window.model_label.text() == services.problems[MODEL]
    assert not window.practice.start_button.isEnabled()
    assert "speech model" in window.practice.reason_label.text().lower()
    # the settings dialog shows the model's state and "prepare" fails with one sentence
    from interviewer.gui.views.settings_dialog import SettingsDialog

    settings_dialog = SettingsDialog(services, window.tasks, window.model, window)
    qtbot.addWidget(settings_dialog)
    assert "Needs a download" in settings_dialog.model_state_label.text()
    handle = settings_dialog.prepare_model()
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass
    assert "No offline pack" in settings_dialog.model_state_label.text()
    settings_dialog.reject()
    # the rest works: questions, history
    window.practice.picker.select("q03")
    assert window.practice.question_label.text().startswith("What is backpropagation")
    window.tabs.setCurrentWidget(window.history)
    assert "No attempts yet" in window.history.message.text()
    assert no_network == []
