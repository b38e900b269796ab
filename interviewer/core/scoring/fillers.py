"""Fillers ("um", "you know") and hedges ("I think", "maybe"), told apart from real uses.

"um", "uh", "er", "erm", "ah", "hmm" and "mm" are always fillers. "like", "you know", "I mean",
sentence-initial "so", "basically", "actually", "literally", "kind of" and "sort of" are fillers
only in context: "I like CNNs", "do you know how", "what I mean is", "so then I" and "this kind
of model" are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.core.scoring.text import PURE_FILLERS, Token

_CANONICAL = {"umm": "um", "uhm": "um", "uhh": "uh", "ahh": "ah", "hm": "hmm", "mmm": "mm",
              "eh": "er"}
# Words after which "like" is a verb or a comparison, never a filler.
_LIKE_NOT_AFTER = frozenset({"i", "you", "we", "they", "he", "she", "would", "i'd", "we'd",
                             "don't", "didn't", "do", "did", "really", "things", "something",
                             "looks", "look", "looked", "seems", "seem", "feel", "feels", "felt",
                             "sounds", "sound", "is", "was", "are", "were", "just", "more",
                             "much", "exactly", "tools", "models", "methods", "techniques",
                             "frameworks", "layers", "functions", "networks", "architectures",
                             "optimizers", "datasets", "tasks", "terms", "works", "acts",
                             "behaves", "behave", "act", "work", "not", "anything", "stuff",
                             "people", "others", "languages", "libraries", "what"})
_LIKE_FILLER_AFTER = frozenset({"and", "but", "so", "or", "um", "uh", "it's", "was", "is"})
_KNOW_CONTENT_NEXT = frozenset({"what", "how", "that", "the", "a", "an", "about", "if", "why",
                                "where", "when", "which", "who", "whether", "this", "these",
                                "those", "them", "him", "her", "it", "its", "your", "my", "our"})
_YOU_KNOW_NOT_AFTER = frozenset({"do", "did", "don't", "didn't", "if", "as", "what", "whether",
                                 "would", "will", "should", "can", "could", "might"})
_KIND_DETERMINERS = frozenset({"a", "the", "this", "that", "what", "which", "some", "any",
                               "every", "one", "each", "different", "same", "another", "other",
                               "these", "those", "all", "many", "two", "three", "new", "right",
                               "certain", "specific", "particular", "whatever", "no"})
_HEDGE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("i", "think"), ("i", "guess"), ("i", "believe"), ("i", "suppose"), ("i", "feel", "like"),
    ("i'm", "not", "sure"), ("not", "sure"), ("maybe",), ("probably",), ("perhaps",),
    ("possibly",), ("more", "or", "less"), ("sort", "of"), ("kind", "of"), ("i", "would", "say"),
)


@dataclass(frozen=True)
class Hit:
    """A filler or hedge at token ``token`` (``length`` tokens long)."""

    item: str
    token: int
    length: int = 1


def _norm(tokens: Sequence[Token], i: int) -> str:
    return tokens[i].norm if 0 <= i < len(tokens) else ""


def _isolated(tokens: Sequence[Token], i: int, length: int = 1) -> bool:
    """The phrase at ``i`` is set off by commas or sits at the start/end of a sentence."""
    last = i + length - 1
    return (tokens[i].comma_before or tokens[last].comma_after or tokens[last].sentence_end
            or i == 0 or tokens[i - 1].sentence_end)


def find_fillers(tokens: Sequence[Token], unit_starts: frozenset[int]) -> list[Hit]:
    """Every filler in the answer, in order. ``unit_starts`` are token indexes of clause starts."""
    hits: list[Hit] = []
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i].norm
        prev = _norm(tokens, i - 1)
        nxt = _norm(tokens, i + 1)
        at_start = i in unit_starts or i == 0 or tokens[i - 1].sentence_end or prev in PURE_FILLERS
        if t in PURE_FILLERS:
            hits.append(Hit(_CANONICAL.get(t, t), i))
        elif t == "like":
            set_off = tokens[i].comma_before and tokens[i].comma_after  # "it was, like, slow"
            if set_off or (prev not in _LIKE_NOT_AFTER and (
                    _isolated(tokens, i) or at_start or prev in _LIKE_FILLER_AFTER
                    or nxt in PURE_FILLERS)):
                hits.append(Hit("like", i))
        elif t == "you" and nxt == "know":
            after = _norm(tokens, i + 2)
            if prev not in _YOU_KNOW_NOT_AFTER and (
                    tokens[i + 1].comma_after or tokens[i + 1].sentence_end or i + 2 >= n
                    or (after not in _KNOW_CONTENT_NEXT and (at_start or tokens[i].comma_before
                                                             or prev in _LIKE_FILLER_AFTER))):
                hits.append(Hit("you know", i, 2))
                i += 2
                continue
        elif t == "i" and nxt == "mean":
            if prev not in {"what", "that", "which"} and (
                    tokens[i + 1].comma_after or at_start or tokens[i].comma_before):
                hits.append(Hit("i mean", i, 2))
                i += 2
                continue
        elif t == "so":
            answer_start = all(tokens[j].norm in PURE_FILLERS for j in range(i))
            sentence_start = i == 0 or tokens[i - 1].sentence_end
            soft_next = nxt in PURE_FILLERS or nxt in {"yeah", "basically", "like"}
            if answer_start or nxt == "yeah" or (
                    sentence_start and (tokens[i].comma_after or soft_next)):
                hits.append(Hit("so", i))
        elif t in ("basically", "literally"):
            hits.append(Hit(t, i))
        elif t == "actually":
            if _isolated(tokens, i) or at_start:
                hits.append(Hit(t, i))
        elif t in ("kind", "sort") and nxt == "of" and prev not in _KIND_DETERMINERS:
            hits.append(Hit(f"{t} of", i, 2))
            i += 2
            continue
        i += 1
    return hits


def find_hedges(tokens: Sequence[Token]) -> list[Hit]:
    """Hedging phrases ("I think", "maybe", "sort of" used as a softener)."""
    hits: list[Hit] = []
    n = len(tokens)
    i = 0
    while i < n:
        for phrase in _HEDGE_PHRASES:
            k = len(phrase)
            if tokens[i].norm == phrase[0] and tuple(t.norm for t in tokens[i:i + k]) == phrase:
                if phrase in (("kind", "of"), ("sort", "of")) and _norm(
                        tokens, i - 1) in _KIND_DETERMINERS:
                    continue
                hits.append(Hit(" ".join(phrase), i, k))
                i += k - 1
                break
        i += 1
    return hits
