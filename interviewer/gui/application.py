"""The composition root: the only place that builds services, then shows the window.

``run()`` shows the window before torch or the model is imported; the model warms up in a
worker with its status in the status bar (see :mod:`interviewer.gui.model_state`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interviewer.core.errors import InterviewerError
from interviewer.gui.services import MICROPHONE, MODEL, SPEAKER, STORAGE, VOICE, Services
from interviewer.paths import AppPaths
from interviewer.settings import Settings

log = logging.getLogger(__name__)

DESKTOP_ID = "io.github.interviewer.Interviewer"  # packaging/linux/<id>.desktop



# ---------------------------------------------------------------------------- services
def make_engine(settings: Settings, paths: AppPaths, catalogue: Any = None) -> Any:
    """A Whisper engine for these settings (not loaded: that happens in a worker)."""
    from interviewer.speech.engine import WhisperEngine
    from interviewer.speech_setup import engine_config

    return WhisperEngine(engine_config(settings, paths), catalogue=catalogue)


def model_problem(engine: Any, settings: Settings) -> str | None:
    """Why the chosen model cannot be used at all (None: ready, or preparable offline)."""
    from interviewer.speech.catalogue import ModelState

    status = engine.catalogue.status(settings.model, settings.model_path)
    if status.state in (ModelState.READY, ModelState.PREPARABLE):
        return None
    if status.state is ModelState.DOWNLOADABLE and settings.allow_download:
        return None
    if settings.model_path:
        return (f"The model checkpoint {settings.model_path} does not exist; choose another "
                "in Settings.")
    return (f"The speech model {settings.model} is not on this computer ({status.source}); "
            "install its offline pack or allow downloads in Settings, then prepare it.")


def _load_banks(settings: Settings) -> tuple[list[Any], list[str]]:
    from interviewer.core.bank import load_bank, load_bundled_bank

    banks: list[Any] = []
    problems: list[str] = []
    try:
        banks.append(load_bundled_bank())
    except InterviewerError as exc:
        problems.append(str(exc))
    for path in settings.custom_banks:
        try:
            banks.append(load_bank(Path(path)))
        except InterviewerError as exc:
            problems.append(str(exc))
    return banks, problems


def build_services(paths: AppPaths, settings: Settings, *, catalogue: Any = None,
                   backend: Any = None, speaker: Any = None, banks: list[Any] | None = None,
                   engine: Any = None, measure_first_run: bool = False) -> Services:
    """Build every service once; a part that fails is left out with its reason in ``problems``.

    ``catalogue`` (model catalogue), ``backend`` (sound backend), ``speaker`` (TTS) and
    ``engine`` (a Whisper engine, perhaps already loaded) may be injected (tests, benchmarks).
    ``measure_first_run``: measure the models once in the background on the first run (the app
    turns it on; tests and benchmarks leave it off).
    """
    from interviewer.core.scoring import score_answer
    from interviewer.meaning_setup import load_encoder_or_none

    problems: dict[str, str] = {}
    bank_problems: list[str] = []
    if banks is None:
        banks, bank_problems = _load_banks(settings)

    store = None
    try:
        from interviewer.storage.store import AttemptStore

        paths.ensure()
        store = AttemptStore.open(paths.data_dir)
    except (InterviewerError, OSError) as exc:
        log.warning("store unavailable: %s", exc, exc_info=True)
        problems[STORAGE] = (str(exc) if isinstance(exc, InterviewerError) else
                             f"The data folder {paths.data_dir} cannot be used ({exc}); "
                             "choose another in Settings.")

    try:
        if engine is None:
            engine = make_engine(settings, paths, catalogue)
        why = None if getattr(engine, "loaded", False) else model_problem(engine, settings)
        if why:
            problems[MODEL] = why
    except InterviewerError as exc:
        problems[MODEL] = str(exc)
    except ImportError as exc:
        log.warning("speech engine unavailable", exc_info=True)
        problems[MODEL] = f"The speech engine is not installed ({exc.name}); reinstall the app."

    from interviewer.audio import devices
    from interviewer.audio.backend import SoundBackend
    from interviewer.audio.player import Player
    from interviewer.audio.recorder import Recorder

    backend = backend or SoundBackend()
    recorder = player = None
    try:
        devices.resolve_input(settings.input_device, backend)
        recorder = Recorder(backend)
    except InterviewerError as exc:
        problems[MICROPHONE] = str(exc)
    try:
        out = devices.resolve_output(settings.output_device, backend)
        player = Player(backend, device=out.index)
    except InterviewerError as exc:
        problems[SPEAKER] = str(exc)

    if speaker is None:
        try:
            from interviewer.speech.tts import Speaker

            speaker = Speaker(paths.tts_cache_dir)
        except (InterviewerError, ImportError, RuntimeError) as exc:
            problems[VOICE] = f"Questions cannot be read aloud ({exc}); they are shown as text."
            speaker = None

    def device_names(kind: str) -> list[str]:
        try:
            listed = devices.list_devices(backend)
        except InterviewerError:
            return []
        return [d.name for d in (listed.inputs if kind == "in" else listed.outputs)]

    services = Services(
        paths=paths, settings=settings, banks=banks, store=store, engine=engine,
        recorder=recorder, player=player, speaker=speaker, score=score_answer,
        load_encoder=lambda: load_encoder_or_none(paths),
        make_engine=lambda s: make_engine(s, paths, catalogue),
        catalogue=getattr(engine, "catalogue", catalogue),
        input_devices=lambda: device_names("in"), output_devices=lambda: device_names("out"),
        problems=problems, bank_problems=bank_problems, measure_first_run=measure_first_run)
    if engine is not None:  # the speech engine imports: installed models can be measured
        from interviewer.speech_setup import build_recommender

        services.make_recommender = lambda: build_recommender(services.settings, paths)
    services.score = _scorer(services, score_answer)
    _attach_speech_helpers(services)
    _attach_optional(services, paths, settings)
    if store is not None:
        from interviewer.gui.recovery import repair_at_start

        notice = repair_at_start(services)
        if notice:
            services.notices.append(notice)
    return services


def _scorer(services: Services, score_answer: Any) -> Any:
    """Scoring with the sentence encoder once the model-load worker has loaded it."""
    def score(transcript: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("encoder", services.encoder)
        return score_answer(transcript, **kwargs)
    return score


def _attach_speech_helpers(services: Services) -> None:
    from interviewer.speech import vocabulary
    from interviewer.speech.audio_file import load_audio

    def analyse_voice(path: Any, transcript: Any) -> Any:  # numpy and Praat load on first use
        from interviewer.speech.voice_analysis import analyse_recording

        return analyse_recording(path, transcript)

    services.vocabulary_for = vocabulary.terms_for
    services.load_audio = load_audio
    services.analyse_voice = analyse_voice

    def transcribe_file(engine: Any, path: Any, vocab: Sequence[str]) -> Any:
        return engine.transcribe(load_audio(path), vocabulary=vocab)

    services.transcribe_file = transcribe_file
    try:
        from interviewer.speech.incremental import IncrementalTranscriber
    except ImportError:
        log.info("no incremental transcriber: answers are transcribed after recording")
        return
    services.make_transcriber = lambda engine, vocab: IncrementalTranscriber(
        engine, vocabulary=vocab)


def _attach_optional(services: Services, paths: AppPaths, settings: Settings) -> None:
    from interviewer.core.bank import load_bank

    services.load_bank = load_bank
    try:
        from interviewer import doctor

        services.run_checks = lambda: doctor.run_checks(paths, services.settings)
    except ImportError:
        log.info("doctor checks not available")
    try:
        from interviewer.storage import export

        services.export = export
    except ImportError:
        log.info("export not available")
    del settings


# ---------------------------------------------------------------------------- running
def run(argv: Sequence[str] | None = None, *, paths: AppPaths | None = None,
        settings: Settings | None = None, exit_after_ms: int | None = None) -> int:
    """Open the app and run until the window closes; returns the exit status.

    ``exit_after_ms`` closes the window by itself after that time (smoke tests of builds).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from interviewer.gui.errors import install_error_handling
    from interviewer.logging_setup import quiet_noisy_loggers, setup_logging

    if paths is None:
        paths = AppPaths.default()
    if settings is None:
        settings = Settings.load(paths.config_dir)
        if settings.data_dir:
            paths = AppPaths.default(settings.data_dir)
    if not logging.getLogger().handlers:
        setup_logging(paths.log_dir)
    quiet_noisy_loggers()
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Interviewer")
    if isinstance(app, QApplication):
        app.setApplicationDisplayName("Interviewer")
        app.setDesktopFileName(DESKTOP_ID)  # ties the window to the menu entry (Wayland)
    app.setOrganizationName("interviewer")
    install_error_handling(paths.log_dir)
    from interviewer.gui.gc_guard import GuiGarbageCollector

    collector = GuiGarbageCollector(app)
    collector.start()
    from interviewer.gui.main_window import MainWindow

    # a smoke run of a build (exit_after_ms) never measures the models
    services = build_services(paths, settings, measure_first_run=exit_after_ms is None)
    window = MainWindow(services)
    window.show()
    QTimer.singleShot(0, window.after_shown)
    if exit_after_ms is not None:
        QTimer.singleShot(exit_after_ms, window.close)
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        collector.stop()
