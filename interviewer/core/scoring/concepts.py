"""Finding a rubric's concepts in an answer: exact, split-word, mis-heard and fuzzy matches.

Every phrase (the concept's label, its aliases and its known mis-hearings) is matched on token
boundaries, in this order:
1. the stemmed words in sequence ("batch normalisation" = "batch normalization" = "batch
   normalizes"...),
2. joined across word breaks ("batchnorm" = "batch norm"; "res net" = "resnet"),
3. fuzzily, for phrases of 5+ letters only, against windows of 1-3 words that share letter
   trigrams with it (so the cost stays linear in the answer): a close match is a ``hit``, a
   weaker one ``possible``. Short terms ("adam", "relu") never match fuzzily, so "madam" and
   "rely" do not count.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.core.questions import Concept
from interviewer.core.scoring.result import ConceptResult
from interviewer.core.scoring.sentences import Sentence
from interviewer.core.scoring.text import PURE_FILLERS, STOPWORDS, Token, stem, word_tokens
from interviewer.core.transcript import Word

FUZZY_MIN_LEN = 5
_MAX_WINDOW = 3
_STATUS_RANK = {"missed": 0, "possible": 1, "hit": 2}


@dataclass(frozen=True)
class Phrase:
    text: str
    norms: tuple[str, ...]
    stems: tuple[str, ...]
    source: str  # "label", "alias" or "mishearing"

    @property
    def joined(self) -> str:
        return "".join(self.norms)

    @classmethod
    def of(cls, text: str, source: str) -> Phrase | None:
        norms = tuple(word_tokens(text))
        if not norms:
            return None
        return cls(text, norms, tuple(stem(n) for n in norms), source)


@dataclass(frozen=True)
class Match:
    status: str
    start: int  # index into the content tokens
    length: int
    how: str


def levenshtein(a: str, b: str, cutoff: int) -> int:
    """Edit distance, or ``cutoff + 1`` as soon as it must exceed ``cutoff``."""
    if abs(len(a) - len(b)) > cutoff:
        return cutoff + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = i
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > cutoff:
            return cutoff + 1
        prev = cur
    return prev[-1]


def _trigrams(s: str) -> set[str]:
    s = f"#{s}#"
    return {s[i:i + 3] for i in range(len(s) - 2)}


class AnswerIndex:
    """The answer's content tokens (fillers removed), indexed for fast phrase look-ups."""

    def __init__(self, tokens: Sequence[Token], *, keep_fillers: bool = False) -> None:
        self.positions = [i for i, t in enumerate(tokens)
                          if keep_fillers or t.norm not in PURE_FILLERS]
        self.tokens = [tokens[i] for i in self.positions]
        self.by_stem: dict[str, list[int]] = {}
        for i, t in enumerate(self.tokens):
            self.by_stem.setdefault(t.stem, []).append(i)
        self.joined: dict[str, tuple[int, int]] = {}
        for n in range(1, _MAX_WINDOW + 1):
            for i in range(len(self.tokens) - n + 1):
                window = self.tokens[i:i + n]
                if n > 1 and any(len(t.norm) < 2 for t in window):
                    continue
                for key in ("".join(t.norm for t in window), "".join(t.stem for t in window)):
                    self.joined.setdefault(key, (i, n))
                if n > 1:
                    self.joined.setdefault(stem("".join(t.norm for t in window)), (i, n))
        self._grams: dict[str, list[str]] | None = None

    def _gram_index(self) -> dict[str, list[str]]:
        if self._grams is None:
            grams: dict[str, list[str]] = {}
            for key, (i, n) in self.joined.items():
                window = self.tokens[i:i + n]
                if len(key) < FUZZY_MIN_LEN - 1 or window[0].norm in STOPWORDS \
                        or window[-1].norm in STOPWORDS or key != "".join(t.norm for t in window):
                    continue
                for g in _trigrams(key):
                    grams.setdefault(g, []).append(key)
            self._grams = grams
        return self._grams

    def exact(self, phrase: Phrase) -> Match | None:
        k = len(phrase.stems)
        for i in self.by_stem.get(phrase.stems[0], ()):
            if tuple(t.stem for t in self.tokens[i:i + k]) == phrase.stems:
                return Match("hit", i, k, "said")
        return None

    def joined_match(self, phrase: Phrase) -> Match | None:
        keys = {phrase.joined, "".join(phrase.stems), stem(phrase.joined)}
        for key in sorted(keys):
            found = self.joined.get(key)
            if found is None:
                continue
            i, n = found
            if n == 1 and len(phrase.norms) == 1:
                continue  # that would have been an exact match
            if len(key) < 4 and n > 1:
                continue
            return Match("hit", i, n, "said as one word" if n == 1 else "said in parts")
        return None

    def fuzzy(self, phrase: Phrase) -> Match | None:
        target = phrase.joined
        length = len(target)
        if length < FUZZY_MIN_LEN:
            return None
        max_d = 1 if length < 8 else max(2, int(length * 0.25))
        grams = _trigrams(target)
        counts: Counter[str] = Counter()
        index = self._gram_index()
        for g in grams:
            for key in index.get(g, ()):
                counts[key] += 1
        need = max(2, len(grams) - 3 * max_d)
        best: tuple[int, int, str] | None = None
        for key, shared in counts.items():
            if shared < need or abs(len(key) - length) > max_d or key == target:
                continue
            i, n = self.joined[key]
            if not (len(phrase.norms) - 1 <= n <= len(phrase.norms) + 1):
                continue
            if not plausible_mishearing(phrase.norms,
                                        tuple(t.norm for t in self.tokens[i:i + n])):
                continue
            d = levenshtein(target, key, max_d)
            if d <= max_d and (best is None or (d, i) < best[:2]):
                best = (d, i, key)
        if best is None:
            return None
        d, i, key = best
        n = self.joined[key][1]
        status = "hit" if (d <= 1 and length >= 8) else "possible"
        return Match(status, i, n, f"close to '{phrase.text}' ({d} letter{'s' * (d != 1)} off)")


def _close_tokens(a: str, b: str) -> bool:
    """Two words that speech recognition could confuse: same start, a letter or two apart."""
    if a == b:
        return True
    if a[:1] != b[:1]:
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True  # "bat" for "batch"
    limit = 2 if (len(long_) >= 8 or a[:2] == b[:2]) else 1  # "bash" for "batch"
    return levenshtein(a, b, limit) <= limit


def plausible_mishearing(phrase: Sequence[str], window: Sequence[str]) -> bool:
    """Whether ``window`` could be ``phrase`` mis-heard, rather than other words.

    Mis-hearings keep the first sound ("bash norm", "batnorm" for "batch norm"; "features" is
    not "textures"); a window that only drops or adds whole words ("classification" for
    "classification head", "learning rate" for "one learning rate") is a different phrase;
    words aligned one to one must each be close; short words must share two letters.
    """
    joined_p, joined_w = "".join(phrase), "".join(window)
    if joined_p[:1] != joined_w[:1]:
        return False
    if len(joined_p) < 8 and joined_p[:2] != joined_w[:2]:
        return False  # "carries" is not "curries", "rates" is not "gates"
    p_set, w_set = set(phrase), set(window)
    if len(phrase) != len(window) and (w_set < p_set or p_set < w_set
                                       or not (p_set & STOPWORDS) <= w_set):
        return False  # words dropped or added, or "production" for "product of"
    if len(phrase) == len(window) > 1:
        return all(_close_tokens(a, b) for a, b in zip(phrase, window, strict=True))
    return True


def concept_phrases(concept: Concept) -> list[Phrase]:
    out: list[Phrase] = []
    for text, source in ([(concept.label, "label")] + [(a, "alias") for a in concept.aliases]
                         + [(m, "mishearing") for m in concept.mishearings]):
        p = Phrase.of(text, source)
        if p is not None and p not in out:
            out.append(p)
    return out


def match_concepts(concepts: Sequence[Concept], tokens: Sequence[Token],
                   words: Sequence[Word], sentences: Sequence[Sentence],
                   index: AnswerIndex | None = None) -> list[ConceptResult]:
    """The status of every concept, with what was matched, when, and in which sentence."""
    idx = index if index is not None else AnswerIndex(tokens)
    full: AnswerIndex | None = None  # for mis-hearings that contain "um" ("moment um")
    starts = [s.start for s in sentences]
    results: list[ConceptResult] = []
    for concept in concepts:
        best: tuple[tuple[int, int], Match, Phrase, AnswerIndex] | None = None
        phrases = concept_phrases(concept)
        for finder in ("exact", "joined_match", "fuzzy"):
            for phrase in phrases:
                use = idx
                if any(n in PURE_FILLERS for n in phrase.norms):
                    full = full if full is not None else AnswerIndex(tokens, keep_fillers=True)
                    use = full
                m: Match | None = getattr(use, finder)(phrase)
                if m is None:
                    continue
                rank = (_STATUS_RANK[m.status], -use.positions[m.start])
                if best is None or rank > best[0]:
                    best = (rank, m, phrase, use)
            if best is not None and best[1].status == "hit":
                break
        if best is None:
            results.append(ConceptResult(concept.id, concept.label, "missed", None, None,
                                         concept.weight, None, None))
            continue
        _, m, phrase, used = best
        first_tok = used.positions[m.start]
        w0 = tokens[first_tok].word
        matched = " ".join(t.norm for t in used.tokens[m.start:m.start + m.length])
        how = m.how
        if phrase.source == "mishearing" and m.status == "hit":
            how = f"heard as '{phrase.text}', a known mis-hearing"
        elif phrase.source == "alias" and m.how == "said":
            how = f"said as '{phrase.text}'"
        at_s = words[w0].start if w0 < len(words) else None
        sent = bisect.bisect_right(starts, first_tok) - 1 if starts else None
        results.append(ConceptResult(concept.id, concept.label, m.status, matched, at_s,
                                     concept.weight, sent if sent is not None and sent >= 0
                                     else None, how))
    return results
