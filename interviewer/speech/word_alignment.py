"""openai-whisper's word alignment (``whisper.timing.find_alignment``) with less memory.

The alignment runs the decoder over a window's text once and reads two things: the
cross-attention weights of the model's alignment heads, and each text token's probability.
openai-whisper keeps the attention weights of every head of every layer and builds the logits
of every token over the whole vocabulary, then a softmax copy of them: on tiny.en and a 30 s
window of speech (about 150 tokens) that is some 80 MB at once, the peak of the app's memory.
:func:`find_alignment` here keeps only the alignment heads' weights and computes the token
probabilities 64 rows at a time as ``exp(logit - logsumexp)``; everything after that (median
filter, one head at a time, DTW, word boundaries) is openai-whisper's code, called as is.
Same word timings; the word probabilities agree to rounding (within 1e-4, tested; the app
keeps 4 decimals). :func:`use_lean_alignment` installs it in ``whisper.timing``.

When the engine has set ``model.term_check`` (:mod:`~interviewer.speech.term_check`), the same
decoder pass also serves the question's terms: runs of words that spell like a term are scored
again with the term in their place, on the same audio, and :func:`apply_revisions` writes the
terms the audio supports into the word timings.
"""

from __future__ import annotations

import itertools
from typing import Any

ROWS_PER_STEP = 32


def find_alignment(model: Any, tokenizer: Any, text_tokens: list[int], mel: Any,
                   num_frames: int, *, medfilt_width: int = 7, qk_scale: float = 1.0
                   ) -> list[Any]:
    """The signature and result of ``whisper.timing.find_alignment``."""
    if len(text_tokens) == 0:
        return []
    import numpy as np
    import torch
    from whisper import timing
    from whisper.model import disable_sdpa

    pairs = [(int(layer), int(head)) for layer, head in model.alignment_heads.indices().T]
    kept: dict[tuple[int, int], torch.Tensor] = {}

    def keep(index: int) -> Any:
        heads = [h for layer, h in pairs if layer == index]

        def hook(_module: Any, _inputs: Any, outputs: Any) -> None:
            for head in heads:
                kept[index, head] = outputs[-1][0, head].clone()
        return hook

    hooks = [block.cross_attn.register_forward_hook(keep(i))
             for i, block in enumerate(model.decoder.blocks) if any(p[0] == i for p in pairs)]
    try:
        with torch.no_grad(), disable_sdpa():
            audio = model.encoder(mel.unsqueeze(0))
            states = _text_states(model, tokenizer, audio, text_tokens)
            logprobs = _logprobs(model, tokenizer, states, text_tokens)
    finally:
        for hook in hooks:
            hook.remove()
    text_token_probs = np.exp(logprobs).tolist()

    weights = torch.stack([kept[pair] for pair in pairs])  # heads * tokens * frames
    # from here on, openai-whisper's own steps
    weights = weights[:, :, : num_frames // 2]
    weights = (weights * qk_scale).softmax(dim=-1)
    std, mean = torch.std_mean(weights, dim=-2, keepdim=True, unbiased=False)
    weights = (weights - mean) / std
    # one head at a time: the filter sorts a 7-wide window of every weight (values and int64
    # indices, some 50 MB at once for all heads of a 30 s window on tiny.en)
    weights = torch.cat([timing.median_filter(weights[i:i + 1], medfilt_width)
                         for i in range(len(weights))])

    matrix = weights.mean(dim=0)
    matrix = matrix[len(tokenizer.sot_sequence):-1]
    text_indices, time_indices = timing.dtw(-matrix)

    words, word_tokens = tokenizer.split_to_word_tokens([*text_tokens, tokenizer.eot])
    if len(word_tokens) <= 1:
        return []
    word_boundaries = np.pad(np.cumsum([len(t) for t in word_tokens[:-1]]), (1, 0))
    jumps = np.pad(np.diff(text_indices), (1, 0), constant_values=1).astype(bool)
    jump_times = time_indices[jumps] / timing.TOKENS_PER_SECOND
    start_times = jump_times[word_boundaries[:-1]]
    end_times = jump_times[word_boundaries[1:]]
    word_probabilities = [np.mean(text_token_probs[i:j])
                          for i, j in itertools.pairwise(word_boundaries)]
    out = [timing.WordTiming(word, toks, start, end, probability)
           for word, toks, start, end, probability in zip(  # the end token has no word
               words, word_tokens, start_times, end_times, word_probabilities, strict=False)]
    check = getattr(model, "term_check", None)  # the question's terms (term_check)
    if check is not None:
        cross: dict[Any, Any] = {}  # the audio's keys and values, once, if an alternative is read

        def logprobs_of(alternative: list[int], first: int) -> list[float]:
            with torch.no_grad():
                if not cross:
                    cross.update({m: m(audio) for block in model.decoder.blocks
                                  for m in (block.cross_attn.key, block.cross_attn.value)})
                alt = _text_states(model, tokenizer, audio, alternative, cross)
                lp = _logprobs(model, tokenizer, alt[first:], alternative[first:])
            return [float(x) for x in lp]

        def heard_logprob(row: int, token: int) -> float:
            with torch.no_grad():
                return float(_logprobs(model, tokenizer, states[row:row + 1], [token])[0])

        revisions = check.revise(words[:-1], word_tokens[:-1], logprobs.tolist(),
                                 encode=tokenizer.encode, logprobs_of=logprobs_of,
                                 heard_logprob=heard_logprob)
        apply_revisions(out, revisions)
    return out


def _text_states(model: Any, tokenizer: Any, audio: Any, text_tokens: list[int],
                 cross: dict[Any, Any] | None = None) -> Any:
    """The decoder's final states at the positions that predict each text token (no prompt,
    no timestamps, as openai-whisper's alignment reads them). ``cross``: the cross-attention
    keys and values of ``audio``, computed once (openai-whisper's attention reads them from its
    key/value cache argument)."""
    import torch

    decoder = model.decoder
    tokens = torch.tensor([*tokenizer.sot_sequence, tokenizer.no_timestamps, *text_tokens,
                           tokenizer.eot]).to(audio.device)
    x = (decoder.token_embedding(tokens[None])
         + decoder.positional_embedding[:len(tokens)]).to(audio.dtype)
    for block in decoder.blocks:
        x = block(x, audio, mask=decoder.mask, kv_cache=cross)
    start = len(tokenizer.sot_sequence)
    return decoder.ln(x)[0, start:start + len(text_tokens)]


def _logprobs(model: Any, tokenizer: Any, states: Any, targets: list[int]) -> Any:
    """Log-probability of each target token at its row of ``states``, over the text
    vocabulary (as openai-whisper's word probabilities are); a float64 numpy array."""
    import torch

    vocab = model.decoder.token_embedding.weight[:tokenizer.eot].to(states.dtype)
    out: list[torch.Tensor] = []
    for i in range(0, len(targets), ROWS_PER_STEP):
        logits = (states[i:i + ROWS_PER_STEP] @ vocab.T).float()
        picked = logits[torch.arange(len(logits)), targets[i:i + ROWS_PER_STEP]]
        out.append(picked - logits.logsumexp(dim=-1))
        del logits
    return torch.cat(out).double().numpy()


def apply_revisions(timings: list[Any], revisions: Any) -> None:
    """Write each revision's term into the first word of its run and empty the others (their
    tokens stay, so openai-whisper still finds where each segment ends; an empty word is
    merged into the one before it as punctuation would be, and then dropped)."""
    for r in revisions:
        first, last = timings[r.first], timings[r.first + r.count - 1]
        first.word = r.word
        first.end = last.end
        for t in timings[r.first + 1:r.first + r.count]:
            t.word = ""


def use_lean_alignment(timing: Any) -> None:
    """Make ``whisper.timing`` (passed in) align words with :func:`find_alignment`."""
    timing.find_alignment = find_alignment
