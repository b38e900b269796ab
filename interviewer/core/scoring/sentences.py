"""Splitting spoken answers into sentences and clauses.

Whisper punctuates unevenly and people speak in run-ons ("...as a priority and so I was
responsible for..."), so a unit ends at a full stop, at a clause cue ("and so", "so then",
"after that", "as a result", "which", ...), at a pause of over a second in a timed transcript,
and, failing those, inside a long run-on at "and"/"but"/"so". Speech with no punctuation at all
first gets its likely full stops back from a small trained model (:mod:`.breaks`); on the dev
split that raised the share of sentences whose words mostly share one unit's role from 0.90 to
0.94 with as many units (the ceiling of role accuracy on unpunctuated text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.core.scoring.breaks import (
    BreakModel,
    break_features,
    bundled_break_model,
    choose_breaks,
)
from interviewer.core.scoring.text import PURE_FILLERS, Token
from interviewer.core.transcript import Word

# Cue sequences that start a new clause. A preceding "and"/"but"/"so" and fillers go with it.
CLAUSE_CUES: tuple[tuple[str, ...], ...] = (
    ("and", "so"), ("and", "then"), ("so", "then"), ("but", "then"), ("after", "that"),
    ("afterwards",), ("as", "a", "result"), ("in", "the", "end"), ("at", "the", "end"),
    ("because", "of", "that"), ("which",), ("so", "i"), ("so", "we"), ("then", "i"),
    ("then", "we"), ("eventually",), ("finally",), ("in", "the", "meantime"), ("my", "goal"),
    ("my", "task"), ("my", "job", "was"), ("my", "role"), ("i", "was", "responsible"),
    ("i", "was", "asked"), ("i", "was", "tasked"), ("i", "was", "in", "charge"),
    ("the", "result"), ("the", "outcome"), ("that", "led", "to"), ("this", "led", "to"),
    ("overall",), ("what", "i", "learned"), ("i", "learned"), ("for", "example"),
    ("for", "instance"), ("however",), ("on", "the", "other", "hand"), ("the", "downside"),
    ("the", "trade", "off"), ("the", "tradeoff"),
)
_LEADING_JOINERS = frozenset({"and", "but", "so"})
# Minimum words already in the unit before a cue may split it (one-word cues need more).
_MIN_BEFORE_CUE = 4
_MIN_BEFORE_WHICH = 6
_MIN_BEFORE_SUBJECT = 5  # "...the model kept overfitting | and I added augmentation"
_MIN_AFTER_CUE = 2  # words the new clause must have beyond the cue itself
_RUN_ON_WORDS = 35
_HARD_CAP_WORDS = 60
_PAUSE_SPLIT_S = 1.2
_MAX_CUE = max(len(c) for c in CLAUSE_CUES)
_CUES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _cue in CLAUSE_CUES:
    _CUES_BY_FIRST.setdefault(_cue[0], []).append(_cue)


@dataclass(frozen=True)
class Sentence:
    """A unit of the answer: tokens ``[start, end)`` and the words they came from."""

    index: int
    start: int
    end: int
    text: str
    start_s: float | None
    end_s: float | None
    cue: str | None = None


_SUBJECTS = frozenset({"i", "we"})
_PAST_IRREGULAR = frozenset({"built", "made", "took", "wrote", "rewrote", "ran", "set", "put",
                             "found", "got", "went", "chose", "led", "cut", "did", "had", "was",
                             "were", "spent", "brought", "kept", "began", "saw", "thought",
                             "knew", "learnt", "sent", "told", "gave", "met", "needed",
                             "decided", "realized", "realised", "then", "also", "finally"})


def _is_verb(norm: str, *, loose: bool) -> bool:
    return norm in _PAST_IRREGULAR or (norm.endswith("ed") and len(norm) > 4) or (
        loose and norm in _LOOSE_VERBS)


def _new_subject_at(tokens: Sequence[Token], i: int, *, loose: bool = False) -> str | None:
    """ "I"/"we" followed by a past-tense verb: a new clause in unpunctuated speech. ``loose``
    (an answer with no punctuation at all) also takes a present-tense or modal verb, the other
    pronouns, and "my/our/the <noun> <verb>" ("...the demo | and the accuracy went up")."""
    norm = tokens[i].norm
    if norm not in (_LOOSE_SUBJECTS if loose else _SUBJECTS) and not (
            loose and norm in _DETERMINERS):
        return None
    j = i + 1
    while j < len(tokens) and tokens[j].norm in PURE_FILLERS:
        j += 1
    if j >= len(tokens):
        return None
    if norm in _DETERMINERS:
        if j + 1 < len(tokens) and _is_verb(tokens[j + 1].norm, loose=True) \
                and tokens[j].norm not in _LOOSE_VERBS:
            return f"{norm} {tokens[j].norm} {tokens[j + 1].norm}"
        return None
    if _is_verb(tokens[j].norm, loose=loose):
        return f"{norm} {tokens[j].norm}"
    return None


_LOOSE_SUBJECTS = frozenset({"i", "we", "they", "he", "she"})
_DETERMINERS = frozenset({"my", "our", "the"})
_LOOSE_VERBS = frozenset({"am", "'m", "is", "are", "have", "has", "had", "get", "go", "say", "tell",
                          "ask", "asks", "start", "decide", "think", "know", "need", "needed",
                          "want", "wanted", "would", "will", "can", "could", "should", "was",
                          "were", "just", "also", "then", "still", "never", "really", "finally",
                          "basically", "actually"})
_LOOSE_MIN_BEFORE = 4
_LOOSE_RUN_ON_WORDS = 22


def _cue_at(tokens: Sequence[Token], i: int) -> tuple[str, ...] | None:
    """The clause cue starting at token ``i`` (fillers inside it are skipped), if any."""
    cands = _CUES_BY_FIRST.get(tokens[i].norm)
    if not cands:
        return None
    seq: list[str] = []
    j = i
    while j < len(tokens) and len(seq) < _MAX_CUE:
        if tokens[j].norm not in PURE_FILLERS:
            seq.append(tokens[j].norm)
        j += 1
    for cue in sorted(cands, key=len, reverse=True):
        if tuple(seq[: len(cue)]) == cue:
            return cue
    return None


def _pull_back(tokens: Sequence[Token], i: int, unit_start: int) -> int:
    """Move a cut before fillers and one "and"/"but"/"so" that lead into the cue at ``i``."""
    k = i

    def movable(j: int) -> bool:
        return j - 1 > unit_start and tokens[j - 1].word != tokens[j - 2].word

    while movable(k) and tokens[k - 1].norm in PURE_FILLERS:
        k -= 1
    if movable(k) and tokens[k - 1].norm in _LEADING_JOINERS and tokens[i].norm not in (
            _LEADING_JOINERS):
        k -= 1
        while movable(k) and tokens[k - 1].norm in PURE_FILLERS:
            k -= 1
    return k


def clause_starts(tokens: Sequence[Token]) -> list[bool]:
    """Whether a "subject + verb" clause starts at each token (the loose word rule)."""
    return [_new_subject_at(tokens, i, loose=True) is not None for i in range(len(tokens))]


def predicted_breaks(tokens: Sequence[Token], model: BreakModel) -> list[int]:
    """Where sentences likely start in unpunctuated speech (see :mod:`.breaks`)."""
    feats = break_features(tokens, model.vocab, clause_starts(tokens))
    return choose_breaks(tokens, model.log_odds(feats), model)


USE_BREAK_MODEL = True  # False: the word rules alone cut unpunctuated speech (for comparison)
LOOSE_AFTER_BREAKS = False  # True: the loose clause rules also cut after the breaks


def split_sentences(tokens: Sequence[Token], words: Sequence[Word], *,
                    break_model: BreakModel | None = None) -> list[Sentence]:
    """Split tokens into sentences/clauses. Linear in the number of tokens."""
    if not tokens:
        return []
    # no punctuation at all (as Whisper sometimes returns speech): the break model restores the
    # full stops; without it, clauses are found by their subjects and run-ons are cut sooner
    loose = not any(t.sentence_end or t.comma_after for t in tokens)
    model = break_model or (bundled_break_model() if USE_BREAK_MODEL else None)
    breaks: frozenset[int] = frozenset()
    if loose and model is not None:
        breaks = frozenset(predicted_breaks(tokens, model))
        loose = LOOSE_AFTER_BREAKS
    # content tokens left before the next full stop, so a cue never leaves a stub behind
    # ("...it worked out well | in the end.")
    left = [0] * (len(tokens) + 1)
    for j in range(len(tokens) - 1, -1, -1):
        own = 0 if tokens[j].norm in PURE_FILLERS else 1
        left[j] = own if tokens[j].sentence_end or j + 1 in breaks else own + left[j + 1]
    cuts: list[tuple[int, str | None]] = [(0, None)]
    unit_start = 0
    content = 0  # non-filler tokens in tokens[unit_start:i]
    n = len(tokens)
    for i in range(1, n):
        tok, prev = tokens[i], tokens[i - 1]
        if prev.norm not in PURE_FILLERS:
            content += 1
        if tok.word == prev.word:
            continue  # never cut inside a transcript word
        reason: str | None = None
        cut_at = i
        if prev.sentence_end:
            reason = "full stop"
        elif i in breaks:
            reason = "likely sentence break"
        else:
            w_prev, w_cur = words[prev.word], words[tok.word]
            gap = (w_cur.start - w_prev.end) if (w_cur.start is not None
                                                  and w_prev.end is not None) else None
            cue = _cue_at(tokens, i)
            if gap is not None and gap >= _PAUSE_SPLIT_S and content >= 4:
                reason = f"pause of {gap:.1f} s"
            elif cue is not None and left[i] >= len(cue) + _MIN_AFTER_CUE and content >= (
                    _MIN_BEFORE_WHICH if cue == ("which",) else _MIN_BEFORE_CUE):
                reason = f"cue '{' '.join(cue)}'"
                cut_at = _pull_back(tokens, i, unit_start)
            elif (content >= (_LOOSE_MIN_BEFORE if loose else _MIN_BEFORE_SUBJECT)
                  and left[i] >= 4
                  and (subject := _new_subject_at(tokens, i, loose=loose)) is not None
                  and not tokens[_pull_back(tokens, i, unit_start) - 1].comma_after):
                # only in unpunctuated speech: "...traffic, and I found" stays one sentence
                reason = f"new clause '{subject}'"
                cut_at = _pull_back(tokens, i, unit_start)
            elif content >= (_LOOSE_RUN_ON_WORDS if loose else _RUN_ON_WORDS) \
                    and tok.norm in _LEADING_JOINERS:
                reason = "long run-on"
            elif content >= _HARD_CAP_WORDS:
                reason = "very long run-on"
        if reason is not None and cut_at > unit_start:
            cuts.append((cut_at, reason))
            unit_start = cut_at
            content = sum(1 for t in tokens[cut_at:i] if t.norm not in PURE_FILLERS)
    sentences: list[Sentence] = []
    for ci, (start, reason) in enumerate(cuts):
        end = cuts[ci + 1][0] if ci + 1 < len(cuts) else n
        if end <= start:
            continue
        w0, w1 = tokens[start].word, tokens[end - 1].word
        span = words[w0:w1 + 1]
        text = " ".join(w.text.strip() for w in span).strip()
        if not text:
            continue
        sentences.append(Sentence(len(sentences), start, end, text, span[0].start, span[-1].end,
                                  reason))
    return sentences
