"""The shape of a technical explanation: definition, mechanism, example, trade-off.

Each part is found from cue phrases in a sentence (a definition also from its place: the first
sentences), and reported with the sentences that carry it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.core.scoring.result import STRUCTURE_PARTS, StructurePart

_DEFINITION = re.compile(
    r"\b(?:is|are) (?:a|an|the|when|where|basically|essentially|just|simply|one of|used to|"
    r"what|how|called|known as|defined as|a way|a kind|a type|a method|a technique|a family)\b|"
    r"\brefers? to\b|\bmeans\b|\bis defined\b|\bstands for\b|\bthe idea (?:is|behind)\b|"
    r"\bin short\b|\bin simple terms\b|\bthe difference (?:is|between)\b|"
    r"\b(?:is|are) (?:\w+ ){0,2}(?:subset|form|kind|type|class|variant|version|way) of\b")
_MECHANISM = re.compile(
    r"\b(?:works? by|by (?:computing|using|taking|adding|applying|multiplying|subtracting|"
    r"dividing|scaling|keeping|averaging|normalizing|normalising|randomly|passing|sliding)|"
    r"it (?:computes|calculates|takes|uses|applies|multiplies|subtracts|divides|scales|keeps|"
    r"learns|updates|passes|adds|combines|slides|averages|normalizes|normalises|picks|selects|"
    r"drops|zeroes|replaces|maps|compresses|measures|propagates|adjusts|stores)|"
    r"so that|which means|that means|in order to|because|this (?:allows|lets|means|way|helps)|"
    r"during (?:training|inference|the forward|the backward)|the way it works|step by step|"
    r"first\b.*\bthen|each (?:layer|neuron|step|weight|time step|filter|token|batch)|"
    r"for each|at each|chain rule|gradient|forward pass|backward pass|then)\b")
_EXAMPLE = re.compile(
    r"\b(?:for example|for instance|e g|eg|such as|say you have|let's say|lets say|suppose|"
    r"imagine|consider|in my (?:project|last project|previous job|work|experience|team)|"
    r"(?:i|we) (?:used|use|applied|trained|built|deployed|tried)|in practice|a classic (?:case|"
    r"example)|like when|for a (?:model|network|dataset|task|classifier)|on (?:imagenet|mnist|"
    r"cifar|coco)|an example)\b")
_TRADE_OFF = re.compile(
    r"\b(?:but|however|downside|drawbacks?|trade ?offs?|on the other hand|the cost|costs? more|"
    r"the catch|limitations?|disadvantages?|whereas|although|though|pros and cons|at the "
    r"expense of|can hurt|can be slow|slower|more memory|more compute|it depends|depends on|"
    r"compared to|compared with|versus|vs|instead of|better than|worse than|not always|"
    r"unless|be careful|the risk|risks|overkill|tends? to overfit|sensitive to)\b")
_RULES: dict[str, re.Pattern[str]] = {"definition": _DEFINITION, "mechanism": _MECHANISM,
                                      "example": _EXAMPLE, "trade_off": _TRADE_OFF}
WEIGHTS = {"definition": 0.3, "mechanism": 0.3, "example": 0.2, "trade_off": 0.2}
_DEFINITION_WINDOW = 3  # a definition is looked for in the first sentences only


def analyse_structure(texts: Sequence[str], norms: Sequence[str]) -> tuple[
        dict[str, StructurePart], list[tuple[str, ...]]]:
    """Which structure parts each sentence carries, and the parts with their evidence."""
    per_sentence: list[tuple[str, ...]] = []
    evidence: dict[str, list[int]] = {p: [] for p in STRUCTURE_PARTS}
    cues: dict[str, str] = {}
    for i, norm in enumerate(norms):
        tags: list[str] = []
        for part, rule in _RULES.items():
            if part == "definition" and i >= _DEFINITION_WINDOW:
                continue
            m = rule.search(norm)
            if m:
                tags.append(part)
                evidence[part].append(i)
                cues.setdefault(part, m.group(0))
        per_sentence.append(tuple(tags))
    parts = {p: StructurePart(bool(evidence[p]), tuple(texts[i] for i in evidence[p][:3]),
                              cues.get(p)) for p in STRUCTURE_PARTS}
    return parts, per_sentence
