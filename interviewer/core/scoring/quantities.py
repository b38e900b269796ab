"""Recognising numbers and quantified outcomes as Whisper writes them.

"12%", "12 percent", "twelve percent", "by a third", "from 40 to 85", "2x", "halved",
"three times faster", "20 ms", "two weeks".
"""

from __future__ import annotations

import re

from interviewer.core.scoring.text import NUMBER_RE

_N = NUMBER_RE
_UNITS = (r"ms|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|"
          r"years?|users?|customers?|clients?|requests?|queries|dollars?|euros?|pounds?|"
          r"k|million|billion|thousand|hundred|gb|mb|tb|gpus?|images?|samples?|rows?|records?|"
          r"examples?|people|engineers?|points?|epochs?|parameters?|features?|classes|labels?|"
          r"fps|qps|x")
_QUANT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:by |to |of |about |around |roughly |nearly |over |almost )?{_N} ?"
               rf"(?:%|percent\b|per cent\b|percentage points?\b)"),
    re.compile(rf"\bfrom (?:about |around |roughly )?{_N}(?: ?%| percent| (?:{_UNITS})\b)? to "
               rf"(?:about |around |roughly )?{_N}(?: ?%| percent\b| (?:{_UNITS})\b)?"),
    re.compile(r"\b\d+(?:\.\d+)?x\b"),
    re.compile(rf"\b{_N} (?:times|fold)\b(?: (?:faster|slower|smaller|larger|bigger|"
               rf"cheaper|more|less|fewer))?"),
    re.compile(r"\b(?:twofold|threefold|fourfold|tenfold)\b"),
    re.compile(r"\b(?:doubled|tripled|quadrupled|halved|cut (?:it |that |them )?in half|"
               r"cut (?:it |that |them )?by half)\b"),
    re.compile(r"\bby (?:a|one|two) (?:half|third|thirds|quarter|quarters|fifth|tenth)\b"),
    re.compile(rf"\b{_N} (?:{_UNITS})\b"),
    re.compile(r"\b\d+(?:\.\d+)?\b"),
)


def find_quantities(norm_text: str) -> list[str]:
    """Quantified phrases in a normalised text (longest first, no overlaps), in text order."""
    spans = sorted({m.span() for pattern in _QUANT_PATTERNS
                    for m in pattern.finditer(norm_text) if m.end() > m.start()},
                   key=lambda ab: (ab[0] - ab[1], ab[0]))
    found: list[tuple[int, int]] = []
    for a, b in spans:
        if not any(a < y and x < b for x, y in found):
            found.append((a, b))
    found.sort()
    return [norm_text[a:b].strip().replace(" %", "%") for a, b in found]


def is_outcome_quantity(phrase: str) -> bool:
    """A quantity that reads as a measured change (not a bare year or count)."""
    if re.fullmatch(r"\d{4}", phrase):
        return False  # a year
    return not re.fullmatch(r"\d+(?:\.\d+)?", phrase)
