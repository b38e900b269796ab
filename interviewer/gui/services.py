"""What the window is given: every service, built once by the composition root.

Views read from a :class:`Services`; none of them constructs a service. A part that could not be
built is None and ``problems`` says why in one sentence (shown where the button would be).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewer.core.questions import Question, QuestionBank
    from interviewer.core.transcript import Transcript
    from interviewer.paths import AppPaths
    from interviewer.settings import Settings

# keys of Services.problems: what each disables
MICROPHONE = "microphone"  # recording
MODEL = "model"  # transcription (and so answering)
SPEAKER = "speaker"  # replay and reading questions aloud
VOICE = "voice"  # reading questions aloud
STORAGE = "storage"  # saving and history
MEANING = "meaning"  # scoring by meaning (without it: word rules only)


@dataclass(frozen=True)
class Check:
    """One first-run check: ``ok``, what was found, and what to do about a problem."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class Services:
    paths: AppPaths
    settings: Settings
    banks: list[QuestionBank]
    # each of these is None when unavailable (``problems`` says why); typed Any because the
    # views only reach them through the guards in :mod:`answer_flow` and the views
    store: Any  # interviewer.storage.store.AttemptStore
    engine: Any  # interviewer.speech.engine.WhisperEngine (not loaded)
    recorder: Any  # interviewer.audio.recorder.Recorder
    player: Any  # interviewer.audio.player.Player
    speaker: Any  # interviewer.speech.tts.Speaker
    score: Callable[..., Any]  # interviewer.core.scoring.score_answer (with ``encoder``)
    # the sentence encoder: None until the model-load worker has loaded it, or when its pack
    # is missing (``problems[MEANING]`` says why); scoring then uses its word rules
    encoder: Any = None
    load_encoder: Callable[[], tuple[Any, str | None]] | None = None
    make_transcriber: Callable[[Any, Sequence[str]], Any] | None = None
    vocabulary_for: Callable[[Question], list[str]] = lambda q: []
    load_audio: Callable[[Any], Any] | None = None
    # interviewer.speech.voice_analysis.analyse_recording: (wav path, transcript) -> Voice | None
    analyse_voice: Callable[[Any, Any], Any] | None = None
    transcribe_file: Callable[[Any, Any, Sequence[str]], Transcript] = lambda e, p, v: (
        e.transcribe(p, vocabulary=v))
    make_engine: Callable[[Settings], Any] | None = None
    catalogue: Any = None  # interviewer.speech.catalogue.Catalogue (model states, prepare)
    # interviewer.speech.recommend.Recommender for the current settings (Settings' "Measure
    # this computer"); with ``measure_first_run`` the window also measures once by itself on
    # the first run (only application.run() turns it on: tests never measure unasked)
    make_recommender: Callable[[], Any] | None = None
    measure_first_run: bool = False
    run_checks: Callable[[], list[Any]] | None = None  # doctor.run_checks (Check-like items)
    input_devices: Callable[[], list[str]] = lambda: []
    output_devices: Callable[[], list[str]] = lambda: []
    load_bank: Callable[[Any], QuestionBank] | None = None
    export: Any = None  # the interviewer.storage.export module
    problems: dict[str, str] = field(default_factory=dict)
    bank_problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # shown once in the status bar

    def problem(self, *keys: str) -> str | None:
        """The first problem among ``keys`` (None when all of them work)."""
        for key in keys:
            if key in self.problems:
                return self.problems[key]
        return None

    def question(self, question_id: str) -> Question | None:
        for bank in self.banks:
            q = bank.get(question_id)
            if q is not None:
                return q
        return None

    def save_settings(self) -> None:
        self.settings.save(self.paths.config_dir)
