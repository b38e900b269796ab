"""How the app's settings and folders become a Whisper engine and model catalogue.

The one place that maps :class:`~interviewer.settings.Settings` onto
:class:`~interviewer.speech.config.EngineConfig`, used by the CLI, the GUI's composition root and
``doctor``, so they all agree on which model is where. Heavy modules load only when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.paths import AppPaths
    from interviewer.settings import Settings
    from interviewer.speech.catalogue import Catalogue
    from interviewer.speech.config import EngineConfig


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
    )


def build_catalogue(settings: Settings, paths: AppPaths) -> Catalogue:
    from interviewer.speech.catalogue import Catalogue

    return Catalogue(paths.models_dir, whisper_cache_dir=paths.whisper_cache_dir,
                     allow_download=settings.allow_download)
