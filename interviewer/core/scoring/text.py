"""Text plumbing for the scorer: normalising, tokenising and a small rule-based stemmer.

Pure Python (no nltk). Tokens keep the index of the transcript word they came from, so any
match can be traced back to a time when the transcript is timed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from interviewer.core.transcript import Word


def _words(text: str) -> list[str]:
    return text.split()


# A token: letters/digits with inner apostrophes or decimal points, or a percent sign.
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*|%")
_SENTENCE_END_RE = re.compile(r"[.?!…]+[\"')\]]*$")
_COMMA_END_RE = re.compile(r"[,;:—–-]+[\"')\]]*$")
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "dr.", "approx.",
                            "e.g.,", "i.e.,", "no.", "fig."})

# Always fillers, whatever the context ("hmm" and friends as Whisper writes them).
PURE_FILLERS = frozenset({"um", "umm", "uhm", "uh", "uhh", "er", "erm", "ah", "ahh", "hmm",
                          "hm", "mm", "mmm", "eh"})

STOPWORDS = frozenset(_words(
    "a an the and or but so of to in on at for by with from as is are was were be been "
    "being it its it's this that these those there here i we you he she they me us them my "
    "our your their his her do does did done have has had having not no can could would "
    "should will shall may might must just very really also then than which who whom what "
    "when where why how if into over under about up down out off again more most some any "
    "all each other such only own same too s t don't doesn't didn't isn't wasn't aren't "
    "weren't i'm we're it's that's there's like um uh"
))


@dataclass(frozen=True)
class Token:
    """One normalised token. ``word`` indexes the transcript word it came from."""

    norm: str
    stem: str
    word: int
    sentence_end: bool = False
    comma_after: bool = False
    comma_before: bool = False


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and dashes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return (text.lower().replace("’", "'").replace("‘", "'").replace("`", "'")
            .replace("–", "-").replace("—", "-"))


def word_tokens(raw: str) -> list[str]:
    """The normalised tokens of one piece of text (no stems, no positions)."""
    return _TOKEN_RE.findall(fold(raw).replace("'s ", " ").replace("-", " "))


def tokenize_words(words: Sequence[Word]) -> list[Token]:
    """Tokens of a transcript's words, each knowing its word and the punctuation around it."""
    tokens: list[Token] = []
    prev_comma = False
    for wi, word in enumerate(words):
        raw = word.text.strip()
        folded = fold(raw)
        parts = _TOKEN_RE.findall(folded.replace("-", " ").replace("/", " "))
        ends = bool(_SENTENCE_END_RE.search(folded)) and folded not in _ABBREVIATIONS
        comma = bool(_COMMA_END_RE.search(folded))
        for pi, part in enumerate(parts):
            last = pi == len(parts) - 1
            tokens.append(Token(part, stem(part), wi, sentence_end=ends and last,
                                comma_after=comma and last,
                                comma_before=prev_comma and pi == 0))
        if parts:
            prev_comma = comma or ends
    return tokens


def tokenize_text(text: str) -> list[Token]:
    """Tokens of plain text, each word numbered in order of appearance."""
    return tokenize_words([Word(w) for w in text.split()])


# ---------------------------------------------------------------- stemming

_IRREGULAR = {
    "was": "be", "were": "be", "is": "be", "are": "be", "been": "be", "am": "be",
    "had": "have", "has": "have", "did": "do", "does": "do", "done": "do",
    "built": "build", "made": "make", "took": "take", "taken": "take", "went": "go",
    "gone": "go", "got": "get", "gotten": "get", "ran": "run", "wrote": "write",
    "written": "write", "chose": "choose", "chosen": "choose", "led": "lead", "fed": "feed",
    "found": "find", "kept": "keep", "learnt": "learn", "began": "begin", "begun": "begin",
    "brought": "bring", "bought": "buy", "thought": "think", "taught": "teach",
    "caught": "catch", "sent": "send", "spent": "spend", "set": "set", "put": "put",
    "cut": "cut", "saw": "see", "seen": "see", "knew": "know", "known": "know",
    "gave": "give", "given": "give", "told": "tell", "said": "say", "understood": "understand",
    "felt": "feel", "held": "hold", "met": "meet", "left": "leave", "lost": "lose",
    "paid": "pay", "rewrote": "rewrite", "rebuilt": "rebuild", "overfit": "overfit",
    "used": "use", "using": "use", "data": "data", "bias": "bias", "biases": "bias", "less": "less",
    "loss": "loss", "losses": "loss", "process": "process", "analysis": "analysis",
    "focus": "focus", "news": "news", "series": "series", "species": "species",
    "vs": "vs", "this": "this", "thus": "thus", "yes": "yes", "gas": "gas",
}
_NO_ED = frozenset({"embed", "bed", "red", "shed", "shred", "hundred", "bred", "sled", "wed",
                    "bleed", "breed", "creed", "greed", "seed", "speed", "need", "feed", "deed",
                    "indeed", "exceed", "proceed", "succeed", "heed", "weed", "reed"})
_NO_ISE = frozenset({"wise", "noise", "rise", "arise", "precise", "concise", "exercise",
                     "advise", "otherwise", "raise", "promise", "premise", "compromise",
                     "expertise", "enterprise", "surprise", "likewise", "clockwise", "poise",
                     "praise", "devise", "revise", "supervise", "televise", "franchise"})
_VOWELS = frozenset("aeiouy")


def _has_vowel(s: str) -> bool:
    return any(c in _VOWELS for c in s)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light Porter-style stem that unifies inflections and British/American spellings.

    ``normalisation``, ``normalization``, ``normalizes`` and ``normalised`` all give
    ``normal``; ``updating``, ``updates`` and ``update`` give ``upd``; short words are kept.
    """
    w = word
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    # plurals and third person
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ches", "shes", "xes", "zzes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    # past tense and gerund
    stripped = False
    if w not in _NO_ED and not w.endswith("eed"):
        for suffix in ("ing", "ed"):
            base = w[: -len(suffix)]
            if w.endswith(suffix) and len(base) >= 3 and _has_vowel(base):
                w = base
                stripped = True
                if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1] not in _VOWELS:
                    w = w[:-1]
                break
    if stripped and w.endswith(("at", "bl", "iz", "is")):
        w += "e"  # updat(ing) -> update, normaliz(ed) -> normalize
    # derivations
    for suffix, repl in (("ization", "ize"), ("isation", "ize"), ("izer", "ize"),
                         ("iser", "ize"), ("ation", "ate"), ("ity", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    if w.endswith(("ize", "ise")) and len(w) > 5 and w not in _NO_ISE:
        w = w[:-3]
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


def stems_of(text: str) -> list[str]:
    return [stem(t) for t in word_tokens(text)]


# ---------------------------------------------------------------- numbers

_UNITS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = _words(
    "twenty thirty forty fifty sixty seventy eighty ninety"
)
NUMBER_WORDS = frozenset([*_UNITS, *_TENS, "hundred", "thousand", "million", "billion",
                          "dozen", "half", "third", "quarter", "percent"])
_NUMBER_WORD_RE = "(?:" + "|".join([*_TENS, *sorted(_UNITS, key=len, reverse=True),
                                    "hundred", "thousand", "million", "billion"]) + ")"
NUMBER_RE = (rf"(?:\d+(?:[.,]\d+)*|{_NUMBER_WORD_RE}(?:[ -](?:and[ -])?{_NUMBER_WORD_RE})*"
             r"(?: point (?:\w+))?)")
