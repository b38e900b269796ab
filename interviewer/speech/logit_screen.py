"""Vocabulary logits for a greedy decoding step, screened in half precision (CPU).

Profiled on tiny.en, the projection of each new token onto the 51,864-word vocabulary is more
than half of a decoder step: a matrix-vector product over 80 MB of fp32 weights, bound by
memory. A half-precision copy of the weights (40 MB) gives the same product in about a third
of the time, with a rounding error that can be bounded for every row:

    |fp16 logit - fp32 logit| <= 2^-9 * |w_row| * |h| + 2^-10 * |fp16 logit| + 1e-3

(inputs rounded to fp16, a relative 2^-11 each; products summed in fp32; the output rounded to
fp16; the Cauchy-Schwarz inequality; about twice the worst case, checked by tests on real
decoder states). A greedy step needs the largest logit exactly, so the screen recomputes in fp32
every text row that could be the largest (its upper bound reaches the best lower bound among
the rows that may be chosen) and all special and timestamp rows (the timestamp rules compare
them with the best text row). Every other row keeps its screened value, which lies below the
largest: the argmax, the timestamp rules and so the words are those of the fp32 product. Only
the log-probability normaliser reads the screened rows; the average log-probability that
decides a temperature fallback moved by at most 1.6e-4 on the real-speech pack (the tests
allow 1e-3).

The screen is used only where it is exact and pays: greedy decoding at temperature 0, one
audio, one new token, on a CPU whose half-precision product sums in fp32 and is at least
1.5 times faster than the fp32 one, and whose product stays within the bound on random states
(all checked once at load). Sampling, beam search, the prompt step and word alignment use the
fp32 product. Rows that the decoding options may suppress are left out of the best lower
bound, so a suppressed row can never hide the largest allowed one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

MIN_SPEEDUP = 1.5
INPUTS_ROUNDING: float = 2.0 ** -9  # twice fp16's 2^-11 on each of the two inputs
OUTPUT_ROUNDING: float = 2.0 ** -10  # twice fp16's 2^-11 on the result
SLACK = 1e-3  # fp32 summation and subnormal inputs, with room to spare

log = logging.getLogger(__name__)


class LogitScreen:
    """Screened logits for one model's vocabulary (see the module docstring)."""

    def __init__(self, weight: torch.Tensor, first_special: int) -> None:
        import torch

        self.weight = weight.detach()  # the model's own fp32 embedding (shared, not copied)
        self.half = weight.detach().to(torch.float16)
        self.row_norms = weight.detach().norm(dim=1)
        self.first_special = first_special
        self.allowed = torch.ones(first_special, dtype=torch.bool)
        self.active = False
        self.screened = 0  # steps answered by the screen
        self.exact_rows = 0  # text rows recomputed in fp32, over all screened steps

    def allow_all_but(self, suppressed: Iterable[int]) -> None:
        """The text rows that the next decode may suppress (left out of the best lower bound)."""
        self.allowed.fill_(True)
        rows = [t for t in suppressed if 0 <= t < self.first_special]
        if rows:
            import torch

            self.allowed[torch.tensor(rows, dtype=torch.long)] = False

    def bounds(self, h: torch.Tensor, screened: torch.Tensor) -> torch.Tensor:
        """Upper bounds of ``|screened - fp32|`` per row, for the state ``h`` (one row)."""
        bound: torch.Tensor = (self.row_norms * (float(h.norm()) * INPUTS_ROUNDING)
                               + screened.abs() * OUTPUT_ROUNDING + SLACK)
        return bound

    def __call__(self, h: torch.Tensor) -> torch.Tensor:
        """Logits (1, V) in fp32 for one decoder state ``h`` of shape (1, D), fp32."""
        import torch

        screened = torch.nn.functional.linear(h.to(torch.float16), self.half)[0].float()
        bound = self.bounds(h[0], screened)
        n = self.first_special
        text, slack = screened[:n], bound[:n]
        best_low = (text - slack)[self.allowed].max()
        rows = ((text + slack) >= best_low).nonzero()[:, 0]
        out = screened
        out[rows] = (h @ self.weight[rows].T)[0]
        out[n:] = (h @ self.weight[n:].T)[0]
        self.screened += 1
        self.exact_rows += len(rows)
        return out[None]


def sums_in_fp32() -> bool:
    """Whether this CPU's half-precision matrix product sums in fp32 (the bound assumes it).

    2048 + 383 ones: summed in fp16 the ones vanish (the spacing at 2048 is 2); in fp32 the
    result is 2431, rounded to the fp16 output 2432."""
    import torch

    w = torch.ones((1, 384), dtype=torch.float16)
    w[0, 0] = 2048
    out = torch.nn.functional.linear(torch.ones((1, 384), dtype=torch.float16), w)
    return abs(float(out[0, 0]) - 2431) <= 2


def bound_holds(screen: LogitScreen, trials: int = 4) -> bool:
    """Whether the screened product stays within its bound on a few random states of decoder
    size (a second guard, beside :func:`sums_in_fp32`, against a kernel that rounds more)."""
    import torch

    gen = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for _ in range(trials):
            h = torch.randn((1, screen.weight.shape[1]), generator=gen)
            exact = (h @ screen.weight.T)[0]
            half = torch.nn.functional.linear(h.to(torch.float16), screen.half)[0].float()
            if bool(((half - exact).abs() > screen.bounds(h[0], half)).any()):
                return False
    return True


def speedup(screen: LogitScreen, repeats: int = 8) -> float:
    """How many times faster the screen is than the fp32 product here (best of ``repeats``
    timings of each)."""
    import torch

    h = torch.randn((1, screen.weight.shape[1]), generator=torch.Generator().manual_seed(0))
    weight_t = torch.transpose(screen.weight, 0, 1)

    def best(step: Callable[[], Any]) -> float:
        step()
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
        return min(times)

    with torch.no_grad():
        full = best(lambda: h @ weight_t)
        screened = best(lambda: screen(h))
    screen.screened = screen.exact_rows = 0
    return full / max(screened, 1e-9)


def suppressed_tokens(tokenizer: Any, options: Any) -> set[int]:
    """Every token that openai-whisper's logit filters may suppress for ``options``: the
    suppress list (``"-1"``: the non-speech tokens) and the blank at the first step."""
    spec = options.suppress_tokens
    if isinstance(spec, str):
        spec = [int(t) for t in spec.split(",") if t.strip()]
    tokens = {int(t) for t in (spec or ()) if int(t) >= 0}
    if spec and -1 in spec:
        tokens.update(tokenizer.non_speech_tokens)
    if options.suppress_blank:
        tokens.update(tokenizer.encode(" "))
    return tokens


def install(model: Any, tokenizer: Any, *, min_speedup: float = MIN_SPEEDUP
            ) -> LogitScreen | None:
    """Screen ``model``'s greedy single-token steps where that is exact and at least
    ``min_speedup`` times faster (CPU only); return the screen, or None where it was not
    installed."""
    if getattr(model, "logit_screen", None) is not None:
        return model.logit_screen  # type: ignore[no-any-return]
    weight = model.decoder.token_embedding.weight
    if weight.device.type != "cpu" or not sums_in_fp32():
        return None
    screen = LogitScreen(weight, tokenizer.eot)
    if not bound_holds(screen):
        log.info("screened vocabulary logits: the half-precision product rounds more than "
                 "its bound allows here: not used")
        return None
    gain = speedup(screen)
    log.info("screened vocabulary logits: %.1fx the fp32 product%s", gain,
             "" if gain >= min_speedup else f", under {min_speedup}x: not used")
    if gain < min_speedup:
        return None
    original_decode = model.decode

    def decode(mel: Any, options: Any = None, **kwargs: Any) -> Any:
        import dataclasses

        from whisper.decoding import DecodingOptions

        options = options or DecodingOptions()
        if kwargs:  # as openai-whisper's decode does, before deciding anything
            options = dataclasses.replace(options, **kwargs)
        greedy = options.temperature == 0 and (options.beam_size or 1) == 1
        screen.active = greedy and (mel.ndim == 2 or mel.shape[0] == 1)
        if screen.active:
            screen.allow_all_but(suppressed_tokens(tokenizer, options))
        try:
            return original_decode(mel, options)
        finally:
            screen.active = False

    model.decode = decode
    model.logit_screen = screen
    return screen
