"""Classic wrong statements, found with negation handled.

A pattern ("batch norm normalises the weights") matches when its content words appear in order
within one sentence, a few words apart at most. If the sentence negates it ("batch norm does
not normalise the weights", "it's a myth that...", "rather than the weights") it is recorded as
``negated`` and not penalised. A pattern that is itself negative ("deep learning is not machine
learning") is only matched by a negative sentence.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from interviewer.core.questions import Misconception
from interviewer.core.scoring.result import MisconceptionResult
from interviewer.core.scoring.sentences import Sentence
from interviewer.core.scoring.text import PURE_FILLERS, STOPWORDS, Token, stem, word_tokens
from interviewer.core.transcript import Word

NEGATIONS = frozenset({"not", "no", "never", "don't", "doesn't", "didn't", "isn't", "aren't",
                       "wasn't", "weren't", "won't", "can't", "cannot", "shouldn't",
                       "wouldn't", "nor", "neither", "without", "myth", "misconception",
                       "wrong", "false", "incorrect", "mistake", "untrue", "nothing", "nobody",
                       "none"})
_NEGATION_PAIRS = (("rather", "than"), ("instead", "of"), ("as", "opposed"), ("people", "think"),
                   ("people", "assume"), ("people", "believe"), ("common", "belief"))
_LOOKBEHIND = 4
# Common words that set a claim's direction ("CNNs can *only* be used for images"): a pattern
# keeps them, so "CNNs are mainly used for images" does not match it.
POLARITY = frozenset({"more", "most", "only", "up", "down", "off", "on", "too", "all", "less",
                      "fewer", "bigger", "smaller", "always"})


def _content_stems(text: str) -> tuple[tuple[str, ...], bool]:
    toks = word_tokens(text)
    negative = any(t in NEGATIONS for t in toks)
    content = tuple(stem(t) for t in toks
                    if (t not in STOPWORDS or t in POLARITY) and t not in NEGATIONS)
    return content, negative


def _same(pattern_stem: str, answer_stem: str) -> bool:
    return answer_stem == pattern_stem or (len(pattern_stem) >= 4
                                           and answer_stem.startswith(pattern_stem))


def _find_in_order(stems: Sequence[str], want: Sequence[str]) -> tuple[int, int] | None:
    """Earliest span [a, b) of ``stems`` holding ``want`` in order, no wider than allowed."""
    max_span = 2 * len(want) + 4
    for a, s in enumerate(stems):
        if not _same(want[0], s):
            continue
        j, k = a + 1, 1
        while k < len(want) and j < len(stems) and j - a < max_span:
            if _same(want[k], stems[j]):
                k += 1
            j += 1
        if k == len(want):
            return a, j
    return None


def _negated(norms: Sequence[str], a: int, b: int) -> bool:
    lo = max(0, a - _LOOKBEHIND)
    window = list(norms[lo:b])
    if any(t in NEGATIONS for t in window):
        return True
    pairs = set(itertools.pairwise(window))
    return any(p in pairs for p in _NEGATION_PAIRS)


def find_misconceptions(misconceptions: Sequence[Misconception], tokens: Sequence[Token],
                        words: Sequence[Word], sentences: Sequence[Sentence],
                        ) -> list[MisconceptionResult]:
    """Each misconception stated (or negated) in the answer, first occurrence only."""
    found: list[MisconceptionResult] = []
    sent_toks = []
    for s in sentences:
        toks = [t for t in tokens[s.start:s.end] if t.norm not in PURE_FILLERS]
        sent_toks.append((s, toks, [t.stem for t in toks], [t.norm for t in toks]))
    for mc in misconceptions:
        hit: MisconceptionResult | None = None
        for pattern in mc.patterns:
            want, pattern_negative = _content_stems(pattern)
            if not want:
                continue
            for s, toks, stems, norms in sent_toks:
                span = _find_in_order(stems, want)
                if span is None:
                    continue
                a, b = span
                sentence_negative = _negated(norms, a, b)
                if pattern_negative and not sentence_negative:
                    continue  # "X is not Y" is the misconception; "X is Y" is simply right
                negated = sentence_negative != pattern_negative
                matched = " ".join(norms[max(0, a - _LOOKBEHIND if negated else a):b])
                w0 = toks[a].word
                candidate = MisconceptionResult(mc.id, mc.label, matched, negated, mc.correction,
                                                s.index, words[w0].start)
                if hit is None or (hit.negated and not negated):
                    hit = candidate
                if not negated:
                    break
            if hit is not None and not hit.negated:
                break
        if hit is not None:
            found.append(hit)
    return found
