"""Where sentences end in speech written without punctuation (as Whisper sometimes returns it).

Word rules find a new clause at "I"/"we" + a verb, but a spoken sentence often opens with an
adverbial ("...before the demo | first I wrote him", "...top of my batch | but in my second
year I got..."), and one rule per opening cannot keep up. Here a small trained model says, at
every gap between two words, how likely a sentence break is:

- features: the words either side of the gap (frequent words by themselves, the others by their
  shape: "-ed", "-ing", a number, ...), the pairs across and before it, fillers at the gap, and
  how far ahead the next "I/we/they + verb" clause starts;
- a logistic regression (trained on the corpus's train split by
  ``python -m tests.bench.train_star_model``; weights in ``break_model.json`` beside this file)
  turns them into the log-odds of a break;
- the whole answer is then cut at once (dynamic programming): the chosen breaks maximise their
  log-odds plus a learned prior on sentence length, so two likely gaps a word apart make one
  break, and a long stretch with no strong gap still gets one where it is likeliest.

The breaks are handed to :func:`.sentences.split_sentences` as full stops it could not see.
Pure Python; linear in the answer's length times the longest sentence considered.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from interviewer.core.scoring.text import PURE_FILLERS, Token

LOOKAHEAD = 4  # content words ahead in which a new "subject + verb" clause is looked for
_PRONOUNS = frozenset({"i", "we", "they", "he", "she", "you", "it"})


def _shape(word: str, vocab: frozenset[str]) -> str:
    if word in vocab:
        return word
    if any(c.isdigit() for c in word):
        return "<num>"
    for suffix in ("ing", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return f"<{suffix}>"
    return "<oov>"


def break_features(tokens: Sequence[Token], vocab: frozenset[str],
                   clause_at: Sequence[bool]) -> list[list[str]]:
    """The features of the gap before each token (index 0: before the first token, empty).

    ``clause_at[i]``: a "subject + verb" clause starts at token ``i`` (from the word rules)."""
    n = len(tokens)
    content = [i for i in range(n) if tokens[i].norm not in PURE_FILLERS]
    # for each token index: position of the first content token at or after it in ``content``
    next_c = [0] * (n + 1)
    k = len(content)
    next_c[n] = k
    for i in range(n - 1, -1, -1):
        if tokens[i].norm not in PURE_FILLERS:
            k -= 1
        next_c[i] = k
    shapes = [_shape(tokens[i].norm, vocab) for i in content]
    out: list[list[str]] = [[]]
    for i in range(1, n):
        if tokens[i].word == tokens[i - 1].word:
            out.append([])  # never a break inside a transcript word
            continue
        at = next_c[i]

        def sh(j: int) -> str:
            return shapes[j] if 0 <= j < len(shapes) else "<edge>"

        n0, n1, n2, p1, p2 = sh(at), sh(at + 1), sh(at + 2), sh(at - 1), sh(at - 2)
        f = ["bias", f"n0={n0}", f"n1={n1}", f"n2={n2}", f"p1={p1}", f"p2={p2}",
             f"n0n1={n0}_{n1}", f"p1n0={p1}_{n0}", f"p2p1={p2}_{p1}"]
        if tokens[i].norm in PURE_FILLERS:
            f.append("filler_after")
        if tokens[i - 1].norm in PURE_FILLERS:
            f.append("filler_before")
        if p1 == n0:
            f.append("repeat")
        for ahead in range(LOOKAHEAD):
            j = at + ahead
            if j < len(content) and clause_at[content[j]]:
                f.append(f"clause+{ahead}")
                break
        if at < len(content) and tokens[content[at]].norm in _PRONOUNS:
            f.append("pronoun")
        out.append(f)
    return out


@dataclass(frozen=True)
class BreakModel:
    vocab: frozenset[str]
    weights: dict[str, float]
    length_prior: tuple[float, ...]  # log P(sentence of n content words), n = 1..len
    prior_weight: float
    offset: float  # added to every gap's log-odds (chosen on dev)
    version: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BreakModel:
        return cls(frozenset(d["vocab"]), {str(k): float(v) for k, v in d["weights"].items()},
                   tuple(float(x) for x in d["length_prior"]), float(d["prior_weight"]),
                   float(d.get("offset", 0.0)), str(d.get("version", "0")))

    def log_odds(self, features: Sequence[Sequence[str]]) -> list[float]:
        w = self.weights
        return [self.offset + math.fsum(w.get(x, 0.0) for x in f) if f else -math.inf
                for f in features]


@cache
def bundled_break_model() -> BreakModel | None:
    """The trained model shipped with the package (None if the file is absent)."""
    path = resources.files("interviewer.core.scoring").joinpath("break_model.json")
    if not path.is_file():
        return None
    return BreakModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def choose_breaks(tokens: Sequence[Token], log_odds: Sequence[float],
                  model: BreakModel) -> list[int]:
    """Token indexes before which a sentence starts (not 0): the best segmentation under the
    gaps' log-odds and the length prior."""
    n = len(tokens)
    if n == 0:
        return []
    is_content = [0 if t.norm in PURE_FILLERS else 1 for t in tokens]
    cum = [0] * (n + 1)
    for i in range(n):
        cum[i + 1] = cum[i] + is_content[i]
    prior = model.length_prior
    max_len = len(prior)
    floor = prior[-1] - 1.0 if prior else -10.0

    def len_score(a: int, b: int) -> float:
        m = cum[b] - cum[a]
        if m <= 0:
            return floor * 2
        return model.prior_weight * (prior[m - 1] if m <= max_len else floor - (m - max_len))

    # best[j]: best score of tokens[:j] cut into sentences, the last one ending at j
    starts = [0] + [i for i in range(1, n) if log_odds[i] > -math.inf]
    best: dict[int, float] = {0: 0.0}
    back: dict[int, int] = {}
    for j in [*starts[1:], n]:
        gain = log_odds[j] if j < n else 0.0
        top, arg = -math.inf, 0
        for i in reversed(starts):
            if i >= j:
                continue
            if cum[j] - cum[i] > 2 * max_len and top > -math.inf:
                break
            if i not in best:
                continue
            s = best[i] + len_score(i, j)
            if s > top:
                top, arg = s, i
        best[j] = top + gain
        back[j] = arg
    cuts: list[int] = []
    j = n
    while j > 0:
        j = back[j]
        if j > 0:
            cuts.append(j)
    cuts.reverse()
    return cuts
