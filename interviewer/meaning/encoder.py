"""Sentences -> unit vectors with all-MiniLM-L6-v2 on torch.

The model is a 6-layer BERT; each layer is exactly torch's own
:class:`torch.nn.TransformerEncoderLayer` (post-norm, exact GELU), so the weights are mapped onto
torch's modules rather than run through ``transformers`` (whose import alone costs about 150 MB
of memory, the whole budget the scorer has). The tokenizer is the model's own ``tokenizer.json``
run by the ``tokenizers`` library. Output: mean of the token vectors over the attention mask,
L2-normalised, as sentence-transformers does for this model (checked against ``transformers`` in
the tests).

Deterministic: same text, same vector (no dropout, no sampling). It uses torch's threads as the
process has set them (torch's thread count is process-wide: setting it here would slow Whisper).
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
_BATCH = 32


class MiniLMEncoder:
    """Satisfies :class:`interviewer.core.scoring.meaning.Encoder`. Thread-safe (one lock)."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model_dir: Path, *, cache_size: int = 4096,
                 reference_store: Path | None = None) -> None:
        self.model_dir = Path(model_dir)
        self._store = reference_store
        self._refs: dict[str, tuple[float, ...]] | None = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._cache_size = cache_size
        self._model: Any = None
        self._tokenizer: Any = None
        self.dim = 0

    # ------------------------------------------------------------------ loading
    def load(self) -> MiniLMEncoder:
        if self._model is not None:
            return self
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
        tok = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tok.enable_truncation(MAX_TOKENS)
        tok.enable_padding(pad_id=int(config.get("pad_token_id", 0)))
        weights = load_file(str(self.model_dir / "model.safetensors"))
        self._model = _Bert(config, weights)
        self._tokenizer = tok
        self.dim = int(config["hidden_size"])
        return self

    # ------------------------------------------------------------------ encoding
    def encode(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        """One unit vector per text (cached by text)."""
        self.load()
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            for i in range(0, len(todo), _BATCH):
                chunk = todo[i: i + _BATCH]
                for text, vec in zip(chunk, self._encode(chunk), strict=True):
                    self._cache[text] = vec
            out = [self._cache[t] for t in texts]
            for t in texts:
                self._cache.move_to_end(t)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out

    def encode_reference(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        """Vectors of the bank's own sentences (exemplars, corrections, prototypes): kept on
        disk beside the model, so each is computed once per install, not once per process.
        The vectors are stored exactly (float32), so a stored one equals a fresh one."""
        refs = self._load_refs()
        missing = [t for t in dict.fromkeys(texts) if t not in refs]
        if missing:
            for text, vec in zip(missing, self.encode(missing), strict=True):
                refs[text] = vec
            self._save_refs()
        return [refs[t] for t in texts]

    def _load_refs(self) -> dict[str, tuple[float, ...]]:
        if self._refs is not None:
            return self._refs
        self._refs = {}
        if self._store is not None and self._store.is_file():
            try:
                import numpy as np

                with np.load(self._store, allow_pickle=False) as data:
                    texts = json.loads(str(data["texts"]))
                    vecs = data["vectors"]
                    if vecs.shape == (len(texts), self.dim or vecs.shape[1]):
                        self._refs = {t: tuple(float(x) for x in v)
                                      for t, v in zip(texts, vecs.tolist(), strict=True)}
            except (OSError, ValueError, KeyError) as exc:
                log.warning("reference vectors in %s unreadable (%s); recomputing", self._store,
                            exc)
        return self._refs

    def _save_refs(self) -> None:
        if self._store is None or not self._refs:
            return
        import numpy as np

        texts = list(self._refs)
        tmp = self._store.with_name(self._store.name + ".tmp.npz")
        try:
            self._store.parent.mkdir(parents=True, exist_ok=True)
            np.savez(tmp, texts=np.array(json.dumps(texts)),
                     vectors=np.array([self._refs[t] for t in texts], dtype=np.float32))
            tmp.replace(self._store)
        except OSError as exc:  # a full disk only costs speed next time
            log.warning("could not keep reference vectors in %s: %s", self._store, exc)

    def _encode(self, texts: Sequence[str]) -> list[tuple[float, ...]]:
        import torch

        enc = self._tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
        mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
        with torch.inference_mode():
            hidden = self._model(ids, mask)
            m = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
            unit = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return [tuple(float(x) for x in row) for row in unit.tolist()]


def _Bert(config: dict[str, Any], weights: dict[str, Any]) -> Any:
    """BERT's embeddings and encoder as torch modules, loaded from ``weights``."""
    import torch
    from torch import nn

    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    if config.get("hidden_act", "gelu") != "gelu":
        raise ValueError(f"unsupported activation {config.get('hidden_act')!r}")

    class Bert(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(int(config["vocab_size"]), hidden)
            self.position = nn.Embedding(int(config["max_position_embeddings"]), hidden)
            self.token_type = nn.Embedding(int(config.get("type_vocab_size", 2)), hidden)
            self.norm = nn.LayerNorm(hidden, eps=eps)
            self.layers = nn.ModuleList(
                nn.TransformerEncoderLayer(hidden, heads, int(config["intermediate_size"]),
                                           dropout=0.0, activation="gelu",
                                           layer_norm_eps=eps, batch_first=True,
                                           norm_first=False)
                for _ in range(int(config["num_hidden_layers"])))

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            pos = torch.arange(ids.shape[1]).unsqueeze(0)
            x = self.norm(self.word(ids) + self.position(pos)
                          + self.token_type(torch.zeros_like(ids)))
            pad = mask == 0
            for layer in self.layers:
                x = layer(x, src_key_padding_mask=pad)
            out: torch.Tensor = x
            return out

    with torch.device("meta"):  # no memory until the weights are assigned (peak = 1x)
        model = Bert()
    w = weights
    state = {
        "word.weight": w["embeddings.word_embeddings.weight"],
        "position.weight": w["embeddings.position_embeddings.weight"],
        "token_type.weight": w["embeddings.token_type_embeddings.weight"],
        "norm.weight": w["embeddings.LayerNorm.weight"],
        "norm.bias": w["embeddings.LayerNorm.bias"],
    }
    for i in range(len(model.layers)):
        p = f"encoder.layer.{i}."
        q = f"layers.{i}."
        state[q + "self_attn.in_proj_weight"] = torch.cat(
            [w[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")])
        state[q + "self_attn.in_proj_bias"] = torch.cat(
            [w[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
        state[q + "self_attn.out_proj.weight"] = w[p + "attention.output.dense.weight"]
        state[q + "self_attn.out_proj.bias"] = w[p + "attention.output.dense.bias"]
        state[q + "norm1.weight"] = w[p + "attention.output.LayerNorm.weight"]
        state[q + "norm1.bias"] = w[p + "attention.output.LayerNorm.bias"]
        state[q + "linear1.weight"] = w[p + "intermediate.dense.weight"]
        state[q + "linear1.bias"] = w[p + "intermediate.dense.bias"]
        state[q + "linear2.weight"] = w[p + "output.dense.weight"]
        state[q + "linear2.bias"] = w[p + "output.dense.bias"]
        state[q + "norm2.weight"] = w[p + "output.LayerNorm.weight"]
        state[q + "norm2.bias"] = w[p + "output.LayerNorm.bias"]
    model.load_state_dict({k: v.float().contiguous() for k, v in state.items()}, strict=True,
                          assign=True)
    return model.eval()
