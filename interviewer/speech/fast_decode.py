"""Two exact shortcuts for openai-whisper's decoding on a loaded model (same words, less work).

Profiled on real speech (tiny.en, CPU), openai-whisper spends its time like this: the audio
encoder runs once per 30 s window for decoding, again for the word-timing alignment (which
calls ``model(mel, tokens)``), again for each temperature fallback, and again for the filler
pass, which decodes the same window with another prompt; and the first decoder step computes
vocabulary logits for every prompt token (up to 224 rows of 51,864) though only the rows from
the start-of-transcript token on are read.

- :func:`encoder_cache` wraps ``model.encoder`` and returns the stored output when the input
  mel is *equal* (``torch.equal``, element by element) to one of the last few it encoded: a hit
  returns the very tensor the encoder gave for that input, so nothing changes but the time.
- :func:`skip_prompt_logits` makes the decoder's cached (token-loop) calls compute logits only
  for the rows decoding reads: from the start-of-transcript token to the end. The other rows of
  the returned tensor are left unset; openai-whisper's ``DecodingTask`` reads ``logits[:, -1]``
  and ``logits[:, sot_index]`` only. Calls without a key/value cache (word alignment) are
  untouched.

Neither changes the model's weights; :func:`accelerate` installs both on a loaded model.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

ENCODER_CACHE_SIZE = 4


def accelerate(model: Any, sot_token: int) -> None:
    """Install the encoder cache and the prompt-logits shortcut on a loaded Whisper model."""
    if not isinstance(model.encoder, EncoderCache):
        model.encoder = encoder_cache(model.encoder)
    skip_prompt_logits(model.decoder, sot_token)


class EncoderCache:
    """``model.encoder`` with a small memory of (input, output) pairs, matched by value.

    Built by :func:`encoder_cache` (a ``torch.nn.Module``, so the model keeps its
    parameters); this plain class only names the type for readers and ``isinstance``."""

    hits: int
    misses: int


def encoder_cache(encoder: Any, size: int = ENCODER_CACHE_SIZE) -> Any:
    """Wrap ``encoder`` in an :class:`EncoderCache` (defined on first use: no torch import
    when this module is imported)."""
    return _cache_class()(encoder, size)


@functools.cache
def _cache_class() -> type:
    import torch

    class _EncoderCache(torch.nn.Module, EncoderCache):
        def __init__(self, encoder: Any, size: int) -> None:
            super().__init__()
            self.inner = encoder
            self.size = size
            self._entries: list[tuple[torch.Tensor, torch.Tensor]] = []
            self.hits = 0
            self.misses = 0

        def forward(self, mel: torch.Tensor) -> torch.Tensor:
            for i, (key, value) in enumerate(self._entries):
                if (key.shape == mel.shape and key.dtype == mel.dtype
                        and key.device == mel.device and torch.equal(key, mel)):
                    self.hits += 1
                    if i:
                        self._entries.insert(0, self._entries.pop(i))
                    return value
            self.misses += 1
            out: torch.Tensor = self.inner(mel)
            self._entries.insert(0, (mel.detach().clone(), out))
            del self._entries[self.size:]
            return out

    return _EncoderCache


def skip_prompt_logits(decoder: Any, sot_token: int) -> None:
    """Patch ``decoder.forward`` (one instance) as described in the module docstring."""
    if getattr(decoder, "_skips_prompt_logits", False):
        return
    original: Callable[..., torch.Tensor] = decoder.forward

    def forward(x: torch.Tensor, xa: torch.Tensor,
                kv_cache: dict[Any, torch.Tensor] | None = None) -> torch.Tensor:
        if kv_cache is None or x.shape[-1] <= 1:
            return original(x, xa, kv_cache=kv_cache)
        import torch

        first = (x[0] == sot_token).nonzero()
        if len(first) == 0:
            return original(x, xa, kv_cache=kv_cache)
        start = int(first[0, 0])
        offset = next(iter(kv_cache.values())).shape[1] if kv_cache else 0
        h = (decoder.token_embedding(x)
             + decoder.positional_embedding[offset:offset + x.shape[-1]]).to(xa.dtype)
        for block in decoder.blocks:
            h = block(h, xa, mask=decoder.mask, kv_cache=kv_cache)
        h = decoder.ln(h[:, start:])
        weight = decoder.token_embedding.weight.to(h.dtype)
        rows = (h @ torch.transpose(weight, 0, 1)).float()
        out = torch.empty((x.shape[0], x.shape[-1], rows.shape[-1]), dtype=rows.dtype,
                          device=rows.device)
        out[:, start:] = rows
        return out

    decoder.forward = forward
    decoder._skips_prompt_logits = True
