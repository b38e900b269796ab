"""How the app's folders become a sentence encoder for the scorer (CLI, GUI and ``doctor``).

:func:`load_encoder_or_none` never fails: when the pack is missing or not the pinned one the
scorer works from its word rules, and the returned sentence says why (the feedback names the
fallback too). Heavy modules load only when called.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.core.scoring.meaning import Encoder
    from interviewer.meaning.pack import Progress
    from interviewer.paths import AppPaths

log = logging.getLogger(__name__)
_cache: dict[Path, Encoder] = {}
_lock = threading.Lock()  # the model-load worker and a re-score may both ask for it


def _loaded(models_dir: Path, progress: Progress | None) -> Encoder:
    """One encoder per models folder and process (a command scoring many answers, or tests
    calling the CLI in-process, load it once)."""
    key = Path(models_dir)
    with _lock:
        if key not in _cache:
            from interviewer.meaning.loading import load_encoder

            _cache[key] = load_encoder(models_dir, progress=progress)
        return _cache[key]


def load_encoder_or_none(paths: AppPaths, *,
                         progress: Progress | None = None) -> tuple[Encoder | None, str | None]:
    """(encoder, None), or (None, one plain sentence saying why scoring uses word rules only)."""
    from interviewer.meaning.pack import EncoderMissingError

    try:
        return _loaded(paths.models_dir, progress), None
    except EncoderMissingError as exc:
        log.warning("sentence encoder unavailable: %s", exc)
        return None, str(exc)
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        log.exception("sentence encoder failed to load")
        return None, (f"The sentence-meaning model could not be loaded ({exc}); scoring uses "
                      "its word rules. See the log for details.")
