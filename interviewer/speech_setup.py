"""How the app's settings and folders become a Whisper engine and model catalogue.

The one place that maps :class:`~interviewer.settings.Settings` onto
:class:`~interviewer.speech.config.EngineConfig`, used by the CLI, the GUI's composition root and
``doctor``, so they all agree on which model is where. Heavy modules load only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from interviewer.paths import AppPaths
    from interviewer.settings import Settings
    from interviewer.speech.catalogue import Catalogue
    from interviewer.speech.config import EngineConfig
    from interviewer.speech.recommend import Recommendation, Recommender


def engine_config(settings: Settings, paths: AppPaths, *, model: str | None = None,
                  device: str | None = None) -> EngineConfig:
    """The engine's config; ``model``/``device`` override the settings (CLI options)."""
    from interviewer.speech.config import EngineConfig

    return EngineConfig(
        model=model or settings.model,
        model_path="" if model else settings.model_path,
        device=device or settings.device,
        allow_download=settings.allow_download,
        models_dir=paths.models_dir,
        whisper_cache_dir=paths.whisper_cache_dir,
        # fillers come from a second, prompted pass merged into the plain one (no accuracy
        # cost, twice the decoding work): see interviewer.speech.fillers
        filler_prompt=settings.filler_prompt,
        filler_method="merge",
        beam_size=settings.beam_size or None,
    )


def build_catalogue(settings: Settings, paths: AppPaths) -> Catalogue:
    from interviewer.speech.catalogue import Catalogue

    return Catalogue(paths.models_dir, whisper_cache_dir=paths.whisper_cache_dir,
                     allow_download=settings.allow_download)


def recommendation_path(paths: AppPaths) -> Path:
    from interviewer.speech.recommend import RECOMMENDATION_FILE

    return paths.config_dir / RECOMMENDATION_FILE


def build_recommender(settings: Settings, paths: AppPaths) -> Recommender:
    """Measures the installed models as these settings would run them (same device, threads and
    filler pass), greedy at first, never downloading."""
    from dataclasses import replace

    from interviewer.speech.catalogue import Catalogue
    from interviewer.speech.engine import WhisperEngine
    from interviewer.speech.recommend import Recommender

    catalogue = Catalogue(paths.models_dir, whisper_cache_dir=paths.whisper_cache_dir)

    def make_engine(name: str, device: str) -> WhisperEngine:
        config = replace(engine_config(settings, paths, model=name, device=device),
                         allow_download=False, beam_size=None)
        return WhisperEngine(config, catalogue=catalogue)

    return Recommender(catalogue, make_engine, recommendation_path(paths),
                       fillers=settings.filler_prompt, device=settings.device)


def apply_recommendation(settings: Settings, rec: Recommendation) -> bool:
    """Use the recommended model (and beam search, and the CPU when the GPU failed) in
    ``settings``. Returns whether anything changed; the caller saves."""
    if rec.model is None:
        return False
    before = (settings.model, settings.model_path, settings.beam_size, settings.device)
    settings.model, settings.model_path, settings.beam_size = rec.model, "", rec.beam_size
    if rec.device == "cpu" and settings.device == "cuda":
        settings.device = "cpu"
    return before != (settings.model, settings.model_path, settings.beam_size, settings.device)
