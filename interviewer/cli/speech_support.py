"""Building the Whisper engine for CLI commands from the app's settings and folders."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.cli.context import CliContext

if TYPE_CHECKING:
    from interviewer.core.transcript import Transcript
    from interviewer.speech.catalogue import Catalogue
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.engine import WhisperEngine

_LONG_AUDIO_S = 60.0


def engine_config(ctx: CliContext, model: str | None = None,
                  device: str | None = None) -> EngineConfig:
    from interviewer.speech_setup import engine_config as config_for

    return config_for(ctx.settings, ctx.paths, model=model, device=device)


def build_catalogue(ctx: CliContext) -> Catalogue:
    from interviewer.speech_setup import build_catalogue as catalogue_for

    return catalogue_for(ctx.settings, ctx.paths)


def stderr_progress(label: str) -> Callable[[float], None]:
    """A progress callback printing whole-percent steps on stderr."""
    last = [-1]

    def report(frac: float) -> None:
        pct = int(frac * 100)
        if pct // 10 != last[0] // 10 or (pct == 100 and last[0] != 100):
            last[0] = pct
            print(f"{label}: {pct}%", file=sys.stderr, flush=True)
    return report


def build_engine(ctx: CliContext, model: str | None = None, device: str | None = None, *,
                 progress: bool = False) -> WhisperEngine:
    """A loaded engine (prepares the model from the offline pack on first use)."""
    from interviewer.speech.engine import WhisperEngine

    engine = WhisperEngine(engine_config(ctx, model, device))
    engine.load(stderr_progress(f"preparing {engine.model_name}") if progress else None)
    return engine


def transcribe_with(engine: WhisperEngine, path: Path | str, *, vocabulary: Sequence[str] = (),
                    progress: bool = True) -> tuple[Transcript, dict[str, Any]]:
    from interviewer.speech.audio_file import load_audio

    audio = load_audio(path)
    t0 = time.perf_counter()
    cb = stderr_progress(f"transcribing {Path(path).name}") \
        if progress and len(audio) / 16000 > _LONG_AUDIO_S else None
    transcript = engine.transcribe(audio, vocabulary=vocabulary, progress=cb)
    choice = engine.device_choice
    info: dict[str, Any] = {
        "model": engine.model_name, "device": choice.device, "device_reason": choice.reason,
        "elapsed_s": round(time.perf_counter() - t0, 3),
    }
    if not transcript.segments:
        info["note"] = "no speech found (the audio is silent or too quiet)"
    return transcript, info


def transcribe_for_cli(path: Path | str, ctx: CliContext, *, model: str | None = None,
                       device: str | None = None, vocabulary: Sequence[str] = (),
                       progress: bool = True) -> tuple[Transcript, dict[str, Any]]:
    """Load the engine from settings and transcribe one file.

    Returns the transcript and a dict with model, device, device_reason, elapsed_s (and
    ``note`` when no speech was found).
    """
    from interviewer.speech.audio_file import load_audio

    load_audio(path)  # bad input fails before the slow model load
    engine = build_engine(ctx, model, device, progress=progress)
    return transcribe_with(engine, path, vocabulary=vocabulary, progress=progress)
