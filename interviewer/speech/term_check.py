"""The question's terms, checked against the audio by the model that heard it.

Whisper mishears technical words as everyday ones ("map propagation", "add um up", "the real
new activation"). Spelling alone cannot tell "map propagation" (a mishearing of
"backpropagation") from "drop out of the meeting" (said): both spell almost like a term.
The acoustic model can. While the word timings of a window are aligned
(:mod:`~interviewer.speech.word_alignment`), the decoder has read the window's audio and its
words; for each run of 1 to 3 words that spells roughly like one of the question's terms,
the window's text is scored again with the run replaced by the term (one decoder pass over the
same audio, no new encoding) and the term is written when its log-probability, plus a fixed
bonus for being one of the question's own terms, is at least the heard text's:

    log P(text with the term | audio) + bonus >= log P(heard text | audio)

Only runs the model was unsure of are checked: a run whose every token was heard with
probability >= ``sure_p`` is a word said ("decoded", "pulling"), not a term misheard ("decoder",
"pooling"). Without that rule, 6 look-alike terms were written into 3 of 20 fresh answers
spoken by a neural voice (clearer than espeak-ng).

The bonus is what "this question is about these terms" is worth, as in the contextual biasing
of speech recognisers. It and the spelling threshold were chosen on the espeak-ng development
answers (``tests/fixtures/sample_answers.py``; ``sure_p`` on those and the same answers in the
neural voice): there the true terms gained -8 to +2 nats and
look-alikes ("it adapts" for Adam, "drop" in "drop out of the meeting") -10 or less. Measured
on a held-out set written afterwards (other questions, voices and speeds) and on real speech
that never says the terms: ``python -m tests.bench.bench_whisper --sections biasing``. Only the
question's own terms can be written, and only where the audio supports them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from interviewer.speech.vocabulary import squash

CONTEXT_AFTER = 8  # tokens after a run that are scored with it (how the sentence goes on)
_TRAIL = re.compile(r"[.,!?;:\"')\]]*$")


@dataclass(frozen=True)
class CheckParams:
    min_similarity: float = 0.55  # spelling: how like the term a run must be to be checked
    bonus: float = 8.0  # nats: the prior for one of the question's own terms
    max_words: int = 3
    # per window, the most alike first: the runs scored with a decoder pass of their own. Runs
    # heard clearly, and those whose first token alone rules them out, cost none and do not
    # count: counting them left unsure runs ("leaky re-au-u") unchecked behind clear ones.
    # Held-out answers in the neural voice, same audio: 51 -> 53 of 60 terms, none inserted
    max_candidates: int = 16
    # a run whose every token the model heard with at least this probability is left as heard:
    # "decoded", "pulling", "drop" said clearly are words, not mishearings of "decoder",
    # "pooling", "dropout". On the development answers (espeak-ng and the neural voice) every
    # true revision had a token below 0.63, the look-alike "drop" 0.99
    sure_p: float = 0.75


@dataclass(frozen=True)
class Candidate:
    first: int  # index of the run's first word
    count: int  # words in the run
    term: str
    similarity: float


@dataclass(frozen=True)
class Revision:
    first: int
    count: int
    word: str  # the term as the window's word, with the run's leading space and punctuation
    gain: float  # log-probability of the revised text less the heard text's (bonus not added)


def candidates(words: Sequence[str], terms: Sequence[str],
               params: CheckParams) -> list[Candidate]:
    """Runs of 1..max_words words spelled roughly like a term (and not already it). A run
    that holds the term with words more is not one: "drop out of" is not a candidate for
    "dropout" ("drop out" spells it, and is left as said), nor ". So backpropagation" (the
    term is there; rewriting the run would drop "So" and the full stop); nor is a run that
    spells another of the terms ("decoder" is not rewritten as "encoder"). A run
    starts and ends on a word with letters or digits: a lone full stop is not part of it."""
    # one matcher per term: difflib analyses its second sequence once; its quick ratios are
    # upper bounds of the ratio, so most runs are ruled out without computing it (this runs
    # for every window decoded with a question's terms)
    keyed = [(t, squash(t), SequenceMatcher(None, b=squash(t), autojunk=False))
             for t in terms if squash(t)]
    keys = {key for _, key, _ in keyed}
    found: list[Candidate] = []
    spelled = [squash(w) for w in words]
    for i in range(len(words)):
        if not spelled[i]:
            continue
        for n in range(1, params.max_words + 1):
            if i + n > len(words):
                break
            text = "".join(spelled[i:i + n])
            if not spelled[i + n - 1] or text in keys:
                continue
            for term, key, matcher in keyed:
                if text == key or abs(len(text) - len(key)) > max(3, len(key) // 2):
                    continue
                matcher.set_seq1(text)
                if (matcher.real_quick_ratio() < params.min_similarity
                        or matcher.quick_ratio() < params.min_similarity):
                    continue
                sim = matcher.ratio()
                if sim < params.min_similarity or _holds(spelled[i:i + n], key):
                    continue
                found.append(Candidate(i, n, term, sim))
    found.sort(key=lambda c: (-c.similarity, c.first, c.count))
    return found


def _holds(spelled: Sequence[str], key: str) -> bool:
    """Whether a shorter run inside the (squashed) words spells ``key``."""
    n = len(spelled)
    return any("".join(spelled[a:b]) == key
               for a in range(n) for b in range(a + 1, n + 1) if b - a < n)


@dataclass(frozen=True)
class TermCheck:
    """What a window's alignment needs to check terms: the terms and the parameters."""

    terms: tuple[str, ...]
    params: CheckParams = CheckParams()

    def revise(self, words: Sequence[str], word_tokens: Sequence[Sequence[int]],
               base: Sequence[float], *, encode: Callable[[str], list[int]],
               logprobs_of: Callable[[list[int], int], list[float]],
               heard_logprob: Callable[[int, int], float]) -> list[Revision]:
        """The runs to rewrite as terms, not overlapping.

        ``words``/``word_tokens``: the window's words and their tokens (openai-whisper's
        ``split_to_word_tokens``); ``base``: the log-probability of each text token as heard;
        ``encode``: text to tokens; ``logprobs_of(tokens, first)``: the same for another token
        sequence, read from the same audio, from index ``first`` on; ``heard_logprob(i,
        token)``: the log-probability of ``token`` in place of the heard text's token ``i``
        (after the same tokens).
        """
        accepted: list[Revision] = []
        sure_logp = math.log(self.params.sure_p)
        passes = 0
        for c in candidates(words, self.terms, self.params):
            if passes >= self.params.max_candidates:
                break
            run = words[c.first:c.first + c.count]
            lead = " " if run[0].startswith(" ") else ""
            trail = _TRAIL.search(run[-1].strip())
            word = lead + c.term + (trail.group(0) if trail else "")
            before = [t for w in word_tokens[:c.first] for t in w]
            said = [t for w in word_tokens[c.first:c.first + c.count] for t in w]
            after = [t for w in word_tokens[c.first + c.count:] for t in w][:CONTEXT_AFTER]
            if min(base[len(before):len(before) + len(said)]) > sure_logp:
                continue  # heard clearly: a word said, not a term misheard
            term = encode(word)
            said_lp = sum(base[len(before):len(before) + len(said) + len(after)])
            # the tokens before the run read the same either way: compare from the run on. An
            # alternative can gain at most its first token's log-probability (the rest are <= 0):
            # most fail on that bound, read from the heard pass, without a pass of their own
            if heard_logprob(len(before), term[0]) - said_lp + self.params.bonus < 0:
                continue
            passes += 1
            gain = sum(logprobs_of([*before, *term, *after], len(before))) - said_lp
            if gain + self.params.bonus >= 0:
                accepted.append(Revision(c.first, c.count, word, gain))
        chosen: list[Revision] = []
        for r in sorted(accepted, key=lambda r: -r.gain):
            if all(r.first + r.count <= o.first or o.first + o.count <= r.first
                   for o in chosen):
                chosen.append(r)
        return sorted(chosen, key=lambda r: r.first)
