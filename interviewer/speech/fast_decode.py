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

- :func:`grow_kv_cache_in_place`: the decoder's key/value cache grows inside one buffer per
  decode instead of being concatenated anew at every token.

- :mod:`~interviewer.speech.logit_screen`: greedy single-token steps take their vocabulary
  logits from a half-precision screen with exact fp32 rows wherever the choice is made.

None changes the model's weights or the words; :func:`accelerate` installs all four on a
loaded model. Measured on the real-speech pack (tiny.en, filler pass on, 1 thread, CPU time,
same words and timings): the encoder cache and prompt logits 0.57x of openai-whisper alone, the
growing cache a further 0.95x, the screen a further 0.88x. Tried and not kept: dynamic int8
quantisation of the decoder's linear layers (``torch.ao.quantization``, deprecated in the torch
we ship, and it changes the words); an int8 screen of the logits (0.35 ms against 5.5 ms in
fp32, but its rigorous error bound, about 3 logits, leaves thousands of rows to recompute).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

    from interviewer.speech.logit_screen import LogitScreen

ENCODER_CACHE_SIZE = 4


def accelerate(model: Any, tokenizer: Any) -> None:
    """Install the encoder cache, the prompt-logits shortcut, the growing key/value cache and
    (CPU, where it pays) the screened logits of :mod:`~interviewer.speech.logit_screen` on a
    loaded Whisper model."""
    from interviewer.speech import logit_screen

    if not isinstance(model.encoder, EncoderCache):
        model.encoder = encoder_cache(model.encoder)
    logit_screen.install(model, tokenizer)
    skip_prompt_logits(model.decoder, tokenizer.sot,
                       lambda: getattr(model, "logit_screen", None))
    grow_kv_cache_in_place(model)


class EncoderCache:
    """``model.encoder`` with a small memory of (input, output) pairs, matched by value.

    Built by :func:`encoder_cache` (a ``torch.nn.Module``, so the model keeps its
    parameters); this plain class only names the type for readers and ``isinstance``."""

    hits: int
    misses: int

    def clear(self) -> None:
        """Forget every stored encoding."""


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

        def clear(self) -> None:
            self._entries.clear()

    return _EncoderCache


def skip_prompt_logits(decoder: Any, sot_token: int,
                       screen_of: Callable[[], LogitScreen | None] = lambda: None) -> None:
    """Patch ``decoder.forward`` (one instance) as described in the module docstring; while
    ``screen_of()`` gives an active screen, single-token steps take their logits from it
    (looked up at each call: a screen installed later is used too)."""
    if getattr(decoder, "_skips_prompt_logits", False):
        return
    original: Callable[..., torch.Tensor] = decoder.forward

    def forward(x: torch.Tensor, xa: torch.Tensor,
                kv_cache: dict[Any, torch.Tensor] | None = None) -> torch.Tensor:
        screen = screen_of()
        if (screen is not None and screen.active and kv_cache and x.shape == (1, 1)
                and xa.dtype == screen.weight.dtype):
            offset = next(iter(kv_cache.values())).shape[1]
            h = decoder.token_embedding(x) + decoder.positional_embedding[offset:offset + 1]
            for block in decoder.blocks:
                h = block(h, xa, mask=decoder.mask, kv_cache=kv_cache)
            return screen(decoder.ln(h)[0])[None]
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


def grow_kv_cache_in_place(model: Any) -> None:
    """Replace ``model.install_kv_cache_hooks`` (one instance) by one whose self-attention
    key/value cache grows inside a buffer allocated once per decode, instead of
    ``torch.cat``-ing the whole cache at every token (quadratic copying). The cache holds views
    of the buffer with the same values; a cache entry replaced from outside (beam search
    reorders it) is copied back into the buffer at the next step."""
    if getattr(model, "_grows_kv_cache", False):
        return
    import torch
    from whisper.model import MultiHeadAttention

    limit = model.dims.n_text_ctx

    def install(cache: dict[Any, torch.Tensor] | None = None) -> tuple[dict[Any, Any], list[Any]]:
        cache = {**cache} if cache is not None else {}
        buffers: dict[Any, torch.Tensor] = {}
        views: dict[Any, torch.Tensor] = {}
        hooks = []

        def save(module: Any, _inputs: Any, output: torch.Tensor) -> torch.Tensor:
            n = output.shape[1]
            if module not in cache or n > limit:  # the first tokens, or cross-attention
                if n > limit:
                    cache[module] = output
                    return output
                buf = output.new_empty((output.shape[0], limit, output.shape[2]))
                buf[:, :n] = output
                buffers[module] = buf
                views[module] = cache[module] = buf[:, :n]
                return views[module]
            prev, held = cache[module], buffers.get(module)
            used = prev.shape[1]
            if held is None or used + n > limit or prev.shape[0] > held.shape[0]:
                cache[module] = torch.cat([prev, output], dim=1).detach()
                return cache[module]
            buf = held
            if prev is not views.get(module):  # reordered (beam search) or resized
                buf = buf[: prev.shape[0]]
                buf[:, :used] = prev
                buffers[module] = buf
            buf[:, used:used + n] = output
            views[module] = cache[module] = buf[:, :used + n]
            return views[module]

        def hook(layer: Any) -> None:
            if isinstance(layer, MultiHeadAttention):
                hooks.append(layer.key.register_forward_hook(save))
                hooks.append(layer.value.register_forward_hook(save))

        model.decoder.apply(hook)
        return cache, hooks

    model.install_kv_cache_hooks = install
    model._grows_kv_cache = True
