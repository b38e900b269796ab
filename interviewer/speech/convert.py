"""Convert a CTranslate2 Whisper pack into an openai-whisper checkpoint.

The mapping was measured exact (encoder output rel. L2 1.8e-6, identical greedy tokens). The
checkpoint is ``{"dims": {...}, "model_state_dict": {...}}`` plus ``"alignment_heads"`` (whisper's
base85+gzip encoding, from the pack's config.json), written atomically with a completion marker.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.core.errors import InputError
from interviewer.speech.ct2 import Ct2Model, ModelFileError, read_model

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

Progress = Callable[[float], None]
MARKER_SUFFIX = ".complete"
N_MELS = 80


class ConversionError(InputError):
    """The offline pack could not be turned into a checkpoint."""


def sha256_file(path: Path, on_bytes: Callable[[int], None] | None = None) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            if on_bytes is not None:
                on_bytes(len(chunk))
    return h.hexdigest()


def encode_alignment_heads(heads: Sequence[Sequence[int]], n_layer: int, n_head: int) -> bytes:
    """[(layer, head), ...] -> whisper's base85(gzip(bool mask)) encoding."""
    import numpy as np

    mask = np.zeros((n_layer, n_head), dtype=bool)
    for layer, head in heads:
        if not (0 <= layer < n_layer and 0 <= head < n_head):
            raise ConversionError(
                f"The pack's alignment head ({layer}, {head}) does not fit the model; "
                "reinstall the pack.")
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes(), mtime=0))


def decode_alignment_heads(dump: bytes, n_layer: int, n_head: int) -> list[tuple[int, int]]:
    import numpy as np

    mask = np.frombuffer(gzip.decompress(base64.b85decode(dump)), dtype=bool)
    mask = mask.reshape(n_layer, n_head)
    return [(int(a), int(b)) for a, b in zip(*np.nonzero(mask), strict=True)]


def _count_layers(names: Sequence[str], prefix: str) -> int:
    pat = re.compile(rf"^{prefix}/layer_(\d+)/")
    found = {int(m.group(1)) for n in names if (m := pat.match(n))}
    return max(found) + 1 if found else 0


def _split_key_bias(bias: np.ndarray, d: int, parts: int, key_index: int) -> list[np.ndarray]:
    chunks = [bias[i * d:(i + 1) * d] for i in range(parts)]
    if abs(chunks[key_index]).max() != 0:
        raise ConversionError("The pack's attention key has a bias; this is not a Whisper pack.")
    return chunks


def state_dict_from_ct2(m: Ct2Model) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Map CT2 Whisper variables to openai-whisper names. Returns (dims, state)."""
    if m.spec and m.spec != "WhisperSpec":
        raise ConversionError(f"The pack holds a {m.spec}, not a Whisper model.")
    names = list(m.variables)
    n_audio_layer = _count_layers(names, "encoder")
    n_text_layer = _count_layers(names, "decoder")
    conv1 = m.get("encoder/conv1/weight")
    emb = m.get("decoder/embeddings/weight")
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(m.get("encoder/position_encodings/encodings").shape[0]),
        "n_audio_state": int(conv1.shape[0]),
        "n_audio_head": m.scalar("encoder/num_heads"),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(emb.shape[0]),
        "n_text_ctx": int(m.get("decoder/position_encodings/encodings").shape[0]),
        "n_text_state": int(emb.shape[1]),
        "n_text_head": m.scalar("decoder/num_heads"),
        "n_text_layer": n_text_layer,
    }
    sd: dict[str, np.ndarray] = {}

    def ln(src: str, dst: str) -> None:
        sd[f"{dst}.weight"] = m.get(f"{src}/gamma")
        sd[f"{dst}.bias"] = m.get(f"{src}/beta")

    def lin(src: str, dst: str, bias: bool = True) -> None:
        sd[f"{dst}.weight"] = m.get(f"{src}/weight")
        if bias:
            sd[f"{dst}.bias"] = m.get(f"{src}/bias")

    def self_attn(src: str, dst: str, d: int) -> None:
        w = m.get(f"{src}/linear_0/weight")
        b = _split_key_bias(m.get(f"{src}/linear_0/bias"), d, 3, 1)
        for i, part in enumerate(("query", "key", "value")):
            sd[f"{dst}.{part}.weight"] = w[i * d:(i + 1) * d]
            if part != "key":
                sd[f"{dst}.{part}.bias"] = b[i]
        lin(f"{src}/linear_1", f"{dst}.out")

    def block(src: str, dst: str, d: int, cross: bool) -> None:
        ln(f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
        self_attn(f"{src}/self_attention", f"{dst}.attn", d)
        if cross:
            ln(f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
            lin(f"{src}/attention/linear_0", f"{dst}.cross_attn.query")
            w = m.get(f"{src}/attention/linear_1/weight")
            b = _split_key_bias(m.get(f"{src}/attention/linear_1/bias"), d, 2, 0)
            sd[f"{dst}.cross_attn.key.weight"] = w[:d]
            sd[f"{dst}.cross_attn.value.weight"] = w[d:2 * d]
            sd[f"{dst}.cross_attn.value.bias"] = b[1]
            lin(f"{src}/attention/linear_2", f"{dst}.cross_attn.out")
        ln(f"{src}/ffn/layer_norm", f"{dst}.mlp_ln")
        lin(f"{src}/ffn/linear_0", f"{dst}.mlp.0")
        lin(f"{src}/ffn/linear_1", f"{dst}.mlp.2")

    for c in ("conv1", "conv2"):
        lin(f"encoder/{c}", f"encoder.{c}")
    sd["encoder.positional_embedding"] = m.get("encoder/position_encodings/encodings")
    for i in range(n_audio_layer):
        block(f"encoder/layer_{i}", f"encoder.blocks.{i}", dims["n_audio_state"], cross=False)
    ln("encoder/layer_norm", "encoder.ln_post")
    sd["decoder.token_embedding.weight"] = emb
    sd["decoder.positional_embedding"] = m.get("decoder/position_encodings/encodings")
    for i in range(n_text_layer):
        block(f"decoder/layer_{i}", f"decoder.blocks.{i}", dims["n_text_state"], cross=True)
    ln("decoder/layer_norm", "decoder.ln")
    return dims, sd


def convert_pack(
    parts: Sequence[Path],
    config_path: Path,
    dest: Path,
    *,
    expected_sha256: dict[str, str] | None = None,
    expected_dims: dict[str, int] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Check, convert and atomically write ``dest`` (a ``.pt``) plus its completion marker.

    ``expected_sha256`` maps a file name (as in ``parts`` / ``config_path``) to its hex digest.
    Progress runs 0..0.5 while hashing, 0.5..0.9 while reading, 1.0 when written.
    """
    import numpy as np
    import torch

    files = [*parts, config_path]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise ConversionError(
            f"The offline model pack is incomplete ({', '.join(missing)} missing); reinstall it.")
    total = sum(p.stat().st_size for p in parts)
    done = 0

    def step(lo: float, span: float) -> Callable[[int], None]:
        def on_bytes(n: int) -> None:
            nonlocal done
            done += n
            if progress is not None:
                progress(lo + span * min(1.0, done / max(total, 1)))
        return on_bytes

    if expected_sha256:
        for p in files:
            want = expected_sha256.get(p.name)
            got = sha256_file(p, step(0.0, 0.5) if p in parts else None)
            if want is not None and got != want:
                raise ConversionError(
                    f"The offline model pack file {p} is damaged or a different version "
                    "(checksum mismatch); reinstall the pack.")
    done = 0
    try:
        ct2 = read_model(list(parts), step(0.5, 0.4))
    except (ModelFileError, ValueError) as exc:
        raise ConversionError(f"The offline model pack cannot be read ({exc}); reinstall it.") \
            from exc
    dims, sd_np = state_dict_from_ct2(ct2)
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        heads = config["alignment_heads"]
    except (OSError, ValueError, KeyError) as exc:
        raise ConversionError(
            f"The pack's config {config_path} is unreadable; reinstall the pack.") from exc
    if expected_dims:
        wrong = {k: (v, dims.get(k)) for k, v in expected_dims.items() if dims.get(k) != v}
        if wrong:
            raise ConversionError(f"The pack's model has unexpected dimensions {wrong}.")
    alignment = encode_alignment_heads(heads, dims["n_text_layer"], dims["n_text_head"])
    checkpoint = {
        "dims": dims,
        "model_state_dict": {k: torch.from_numpy(np.array(v, copy=True)) for k, v in sd_np.items()},
        "alignment_heads": alignment,
        "source": {"files": [p.name for p in files], "format": f"ctranslate2 v{ct2.version}"},
    }
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            torch.save(checkpoint, fh)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    digest = sha256_file(dest)
    marker_path(dest).write_text(json.dumps({"sha256": digest, "dims": dims}), encoding="utf-8")
    if progress is not None:
        progress(1.0)
    log.info("converted %s -> %s", [str(p) for p in parts], dest)
    return dest


def marker_path(checkpoint: Path) -> Path:
    return checkpoint.with_name(checkpoint.name + MARKER_SUFFIX)


def is_complete(checkpoint: Path) -> bool:
    """A prepared checkpoint counts only with its marker (a crash mid-write leaves none)."""
    return checkpoint.is_file() and marker_path(checkpoint).is_file()
