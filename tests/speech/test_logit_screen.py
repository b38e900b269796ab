"""Screened vocabulary logits: the fp16 bound holds, the greedy choice is the fp32 one."""

from __future__ import annotations

import pytest

from interviewer.speech import logit_screen
from interviewer.speech.audio_file import load_audio
from interviewer.speech.logit_screen import LogitScreen


def _random_screen(rows: int = 3000, dim: int = 64, special: int = 2900, seed: int = 0):
    import torch

    gen = torch.Generator().manual_seed(seed)
    weight = torch.randn((rows, dim), generator=gen) * 0.3
    return LogitScreen(weight, special), gen


def test_sums_in_fp32_on_this_cpu():
    assert logit_screen.sums_in_fp32()


def test_the_load_time_bound_check_passes_here_and_catches_a_coarser_product():
    import torch

    screen, _ = _random_screen(rows=500, dim=384, special=450)
    assert logit_screen.bound_holds(screen)
    screen.half = screen.half.to(torch.float8_e4m3fn).to(torch.float16)  # far coarser weights
    assert not logit_screen.bound_holds(screen)


def test_largest_allowed_row_and_special_rows_are_exact_on_random_states():
    import torch

    screen, gen = _random_screen()
    n = screen.first_special
    for trial in range(200):
        h = torch.randn((1, 64), generator=gen) * (1 + trial % 7)
        exact = (h @ screen.weight.T)[0]
        # the rows the decoder may suppress: often the largest ones, to test the bound's base
        suppressed = set(exact[:n].topk(1 + trial % 5).indices.tolist()) if trial % 2 else set()
        screen.allow_all_but(suppressed)
        got = screen(h)[0]
        # specials and timestamps: always fp32 (summed in another order: the last bit may differ)
        torch.testing.assert_close(got[n:], exact[n:], rtol=1e-6, atol=1e-6)
        allowed = torch.ones(n, dtype=torch.bool)
        allowed[list(suppressed)] = False
        best = int(torch.nonzero(allowed)[exact[:n][allowed].argmax()])
        torch.testing.assert_close(got[best], exact[best], rtol=1e-6, atol=1e-6)
        # every screened row that is not the best lies below the best fp32 value
        others = allowed.clone()
        others[best] = False
        assert bool((got[:n][others] < exact[best]).all())
        assert bool(((got - exact).abs() <= screen.bounds(h[0], got)).all())


def test_a_suppressed_row_cannot_hide_the_best_allowed_one():
    import torch

    screen, gen = _random_screen(special=2900)
    h = torch.randn((1, 64), generator=gen)
    exact = (h @ screen.weight.T)[0]
    top = exact[:2900].topk(40).indices.tolist()
    screen.allow_all_but(top[:39])  # all but the 40th largest may be suppressed
    got = screen(h)[0]
    got[top[:39]] = float("-inf")  # as openai-whisper's filters do
    assert int(got[:2900].argmax()) == top[39]
    torch.testing.assert_close(got[top[39]], exact[top[39]], rtol=1e-6, atol=1e-6)


def test_suppressed_tokens_follow_the_decoding_options():
    from whisper.decoding import DecodingOptions
    from whisper.tokenizer import get_tokenizer

    tok = get_tokenizer(False)
    default = logit_screen.suppressed_tokens(tok, DecodingOptions())
    assert set(tok.non_speech_tokens) <= default and set(tok.encode(" ")) <= default
    assert logit_screen.suppressed_tokens(
        tok, DecodingOptions(suppress_tokens="", suppress_blank=False)) == set()
    assert logit_screen.suppressed_tokens(
        tok, DecodingOptions(suppress_tokens="5,7", suppress_blank=False)) == {5, 7}


@pytest.mark.model
def test_bound_holds_on_real_decoder_states(whisper_engine, real_speech):
    """The bound is about twice the worst case: check it on the states of a real answer."""
    import torch

    model = whisper_engine.model
    screen = logit_screen.install(model, _tokenizer(), min_speedup=0)
    assert screen is not None
    states = []
    hook = model.decoder.ln.register_forward_hook(
        lambda _m, _i, out: states.append(out[0, -1].clone()) if out.shape[1] == 1 else None)
    try:
        whisper_engine.transcribe(load_audio(real_speech["jfk"].path))
    finally:
        hook.remove()
    assert len(states) > 10
    worst = 0.0
    for state in states:
        h = state.detach()
        exact = (h[None] @ screen.weight.T)[0]
        half = torch.nn.functional.linear(h[None].half(), screen.half)[0].float()
        ratio = ((half - exact).abs() / screen.bounds(h, half)).max()
        worst = max(worst, float(ratio))
    assert worst <= 0.6, f"the fp16 error reached {worst:.2f} of the bound"


def _tokenizer():
    from whisper.tokenizer import get_tokenizer

    return get_tokenizer(False)


@pytest.mark.model
def test_real_answers_decode_to_the_same_words_and_timings(whisper_engine, real_speech):
    """The screen against the fp32 product, on real speech through openai-whisper's own
    transcribe (greedy, temperature fallback allowed): same words, timings and word
    probabilities; the average log-probability within 1e-3."""
    import torch
    import whisper

    model = whisper_engine.model
    screen = logit_screen.install(model, _tokenizer(), min_speedup=0)
    assert screen is not None
    audios = [load_audio(clip.path) for clip in list(real_speech.values())[:4]]

    def run() -> list[list[tuple[str, float, list[tuple[str, float, float, float]]]]]:
        out = []
        for audio in audios:
            torch.manual_seed(0)
            result = whisper.transcribe(model, audio, language="en", word_timestamps=True,
                                        verbose=None, fp16=False)
            out.append([(s["text"], s["avg_logprob"],
                         [(w["word"], w["start"], w["end"], w["probability"])
                          for w in s["words"]]) for s in result["segments"]])
        return out

    before = screen.screened
    screened = run()
    assert screen.screened - before > 50  # the screen answered the token loop
    exact_call = LogitScreen.__call__
    try:
        LogitScreen.__call__ = lambda self, h: h @ self.weight.T  # type: ignore[method-assign]
        exact = run()
    finally:
        LogitScreen.__call__ = exact_call  # type: ignore[method-assign]
    for a, b in zip(screened, exact, strict=True):
        assert [(s[0], s[2]) for s in a] == [(s[0], s[2]) for s in b]
        assert all(abs(x[1] - y[1]) < 1e-3 for x, y in zip(a, b, strict=True))


@pytest.mark.model
def test_sampling_asked_for_by_keyword_is_not_screened(whisper_engine, real_speech):
    import torch

    model = whisper_engine.model
    screen = logit_screen.install(model, _tokenizer(), min_speedup=0)
    assert screen is not None
    import whisper

    mel = whisper.log_mel_spectrogram(torch.from_numpy(
        whisper.pad_or_trim(load_audio(real_speech["jfk"].path))))
    before = screen.screened
    torch.manual_seed(0)
    model.decode(mel, temperature=0.7, language="en", fp16=False)
    assert screen.screened == before and not screen.active
    model.decode(mel, language="en", fp16=False)
    assert screen.screened > before and not screen.active
