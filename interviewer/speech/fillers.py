"""Keeping "um" and "uh" without paying for it in accuracy.

Whisper drops fillers unless its prompt contains some, and that prompt costs accuracy on the
other words (measured in the benchmark). ``merge_fillers`` takes the filler words of a second,
prompted pass and inserts them into the plain pass, placed by aligning the two passes' other
words: the text stays that of the plain pass, the fillers come from the prompted one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from interviewer.core.transcript import Segment, Word

FILLER_WORDS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm", "hm"})
_STRIP = re.compile(r"[^a-z]")


def is_filler(word: Word) -> bool:
    return _STRIP.sub("", word.text.lower()) in FILLER_WORDS


def _token(w: Word) -> str:
    return _STRIP.sub("", w.text.lower())


def merge_fillers(base: Sequence[Segment], prompted: Sequence[Segment]) -> list[Segment]:
    """``base`` with the filler words of ``prompted`` inserted where they were said.

    The two passes' other words are aligned (difflib); each filler goes before the base word
    that its following word aligns to (or after the one its preceding word aligns to). A
    filler whose neighbours align nowhere is left out: the plain pass wins.
    """
    flat = [(i, w) for i, sg in enumerate(base) for w in sg.words]
    pwords = [w for sg in prompted for w in sg.words]
    if not flat or not any(is_filler(w) for w in pwords):
        return list(base)
    real_idx = [j for j, w in enumerate(pwords) if not is_filler(w)]
    sm = SequenceMatcher(None, [_token(w) for _, w in flat],
                         [_token(pwords[j]) for j in real_idx], autojunk=False)
    to_base: dict[int, int] = {}  # index in pwords -> index in flat
    for a, b, n in sm.get_matching_blocks():
        for k in range(n):
            to_base[real_idx[b + k]] = a + k
    before: dict[int, list[Word]] = {}
    after: dict[int, list[Word]] = {}
    for j, w in enumerate(pwords):
        if not is_filler(w):
            continue
        nxt = next((to_base[m] for m in range(j + 1, len(pwords)) if m in to_base
                    and not is_filler(pwords[m])), None)
        if nxt is not None and (j + 1 == len(pwords) or not _gap(pwords, j, to_base)):
            before.setdefault(nxt, []).append(_clean(w))
            continue
        prv = next((to_base[m] for m in range(j - 1, -1, -1) if m in to_base), None)
        if prv is not None:
            after.setdefault(prv, []).append(_clean(w))
        elif nxt is not None:
            before.setdefault(nxt, []).append(_clean(w))
    per_seg: dict[int, list[Word]] = {}
    for k, (i, w) in enumerate(flat):
        per_seg.setdefault(i, []).extend([*before.get(k, []), w, *after.get(k, [])])
    out: list[Segment] = []
    for i, sg in enumerate(base):
        words = per_seg.get(i)
        if words is None or len(words) == len(sg.words):
            out.append(sg)
            continue
        starts = [w.start for w in words if w.start is not None]
        ends = [w.end for w in words if w.end is not None]
        out.append(Segment(" ".join(w.text for w in words),
                           min(starts, default=sg.start), max(ends, default=sg.end),
                           tuple(words)))
    return out


def _gap(pwords: Sequence[Word], j: int, to_base: dict[int, int]) -> bool:
    """True when the words between filler ``j`` and the next aligned word are unaligned."""
    for m in range(j + 1, len(pwords)):
        if is_filler(pwords[m]):
            continue
        return m not in to_base
    return True


def _clean(w: Word) -> Word:
    """'Um,' -> 'um,' so the inserted filler does not look like a sentence start."""
    return Word(w.text[:1].lower() + w.text[1:], w.start, w.end, w.probability)
