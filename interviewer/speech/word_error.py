"""Word error rate with openai-whisper's English normaliser ("Mr." = "mister", "um" dropped).

The app's own (jiwer is a test tool only): used to check a model on the measuring clip.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache


@cache
def _normaliser() -> Callable[[str], str]:
    from whisper.normalizers import EnglishTextNormalizer

    normalise: Callable[[str], str] = EnglishTextNormalizer()
    return normalise


def normalised_words(text: str) -> list[str]:
    return _normaliser()(text).split()


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Substitutions + deletions + insertions turning ``ref`` into ``hyp`` (Levenshtein)."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (r != h)))
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Errors per reference word after normalising both texts (1.0 for an empty hypothesis)."""
    ref, hyp = normalised_words(reference), normalised_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    if not hyp:
        return 1.0
    return edit_distance(ref, hyp) / len(ref)
