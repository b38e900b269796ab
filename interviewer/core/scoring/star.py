"""STAR analysis of a behavioural answer (Situation, Task, Action, Result).

Each sentence gets points for every part from three kinds of evidence, and the reason is kept:
- cue phrases ("at my previous job", "I was responsible for", "as a result", ...);
- tense and ownership ("we had"/"there was" set a scene; "I" + a past action verb is an action;
  "needed to"/"my goal was" state a task; "improved"/"reduced" report a result);
- position in the story (context comes first, results last).
These word rules give each sentence its rule scores and rule label; the role a sentence finally
gets comes from :mod:`.star_model`, which reads them with the sentence's meaning and position
and labels the whole story at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.core.scoring.meaning import Vector
from interviewer.core.scoring.quantities import find_quantities, is_outcome_quantity
from interviewer.core.scoring.result import STAR_PARTS, StarAnalysis, StarPart
from interviewer.core.scoring.sentences import Sentence
from interviewer.core.scoring.star_model import (
    StarModel,
    bundled_model,
    closest_prototype,
    decode,
    rule_features,
)
from interviewer.core.scoring.text import PURE_FILLERS, Token

_Rule = tuple[re.Pattern[str], float, str]


def _rules(*items: tuple[str, float, str]) -> tuple[_Rule, ...]:
    return tuple((re.compile(p), w, why) for p, w, why in items)


_JOB = r"(?:job|company|role|position|employer|internship|team|workplace|startup|firm|lab)"
_PAST_STATE = r"(?:was|were|had|faced|noticed|saw|used to)"
_ACTION_VERBS = (
    r"(?:built|designed|implemented|wrote|rewrote|trained|retrained|added|used|tried|tested|"
    r"created|developed|set up|ran|collected|cleaned|labeled|labelled|analyzed|analysed|"
    r"profiled|debugged|fixed|replaced|switched|moved|migrated|deployed|containerized|"
    r"containerised|optimized|optimised|tuned|changed|introduced|proposed|chose|decided|started|"
    r"began|looked|checked|found|visualized|visualised|plotted|measured|benchmarked|compared|"
    r"reduced|refactored|automated|wrapped|exported|converted|quantized|pruned|distilled|"
    r"fine tuned|finetuned|applied|split|balanced|resampled|augmented|rebuilt|reached out|"
    r"talked|met|worked|led|organized|organised|coordinated|presented|explained|convinced|"
    r"investigated|dug|traced|monitored|wrote|set|put|made|took|gathered|combined|integrated|"
    r"shipped|launched|scaled|parallelized|parallelised|cached|simplified|removed|dropped|"
    r"evaluated|validated|reviewed|read|figured|spotted|discovered|identified|"
    r"realized|realised|opened|filed|pushed|paired|mentored|asked)")
_RESULT_VERBS = (r"(?:improved|increased|reduced|decreased|cut|saved|achieved|boosted|raised|"
                 r"lowered|dropped|grew|doubled|halved|tripled|beat|outperformed|exceeded|"
                 r"sped up|speeded up|shortened|eliminated|prevented|won|gained|lifted|"
                 r"went down|went up|fell|rose|climbed)")

SITUATION_RULES = _rules(
    (rf"\b(?:at|in) (?:my|our) (?:previous|last|former|current|old|first|second|past) {_JOB}\b",
     3.0, "cue '{m}'"),
    (r"\b(?:when|while) (?:i|we) (?:was|were) (?:working|at|an|a|in|on)\b", 3.0, "cue '{m}'"),
    (r"\b(?:i|we) (?:was|were) working (?:on|at|as|for|with)\b", 2.5, "cue '{m}'"),
    (r"\b(?:a few|a couple of|two|three|some) (?:years|months) ago\b", 2.5, "cue '{m}'"),
    (r"\b(?:last year|back then|back in|at the time|at that time)\b", 2.0, "cue '{m}'"),
    (r"\bthe (?:problem|situation|challenge|context|issue|background|setting) (?:was|is)\b",
     2.5, "cue '{m}'"),
    (r"\b(?:we|they|the company|the team|our team|our client|the client) had\b", 2.0,
     "scene-setting '{m}'"),
    (r"\bthere (?:was|were)\b", 1.5, "scene-setting '{m}'"),
    (r"\bi (?:had )?(?:just )?joined\b|\bi was (?:on|in) (?:the|a|an) \w+ team\b|"
     r"\bwe were (?:building|working on|trying to build|developing)\b", 2.0, "context '{m}'"),
    (r"\b(?:our|the) (?:team|company|client|product|customers|business|startup)\b", 1.0,
     "context '{m}'"),
    (r"\bas a priority\b|\bwas a priority\b|\bwas struggling\b|\bwere struggling\b", 1.0,
     "context '{m}'"),
)
TASK_RULES = _rules(
    (r"\b(?:i was|i am|i'm|we were) (?:responsible|in charge) (?:for|of)\b", 3.5, "cue '{m}'"),
    (r"\bresponsible for\b", 2.5, "cue '{m}'"),
    (r"\b(?:my|our|the) (?:goal|task|job|role|responsibility|mission|aim|objective|"
     r"assignment|brief|plan) (?:was|is)\b", 3.5, "cue '{m}'"),
    (r"\b(?:i|we) (?:was|were) (?:asked|tasked|assigned|hired|brought in|supposed|expected)"
     r" (?:to|with)\b", 3.5, "cue '{m}'"),
    (r"\b(?:i|we) (?:needed|had|wanted|have|need) to\b", 2.5, "goal '{m}'"),
    (r"\bthe (?:idea|challenge) was to\b|\bin order to\b", 1.5, "goal '{m}'"),
    (r"\b(?:i|we) (?:was|were) trying to\b|\bmy part was\b|\bi owned\b|\bi took on\b|"
     r"\bi volunteered to\b", 2.5, "goal '{m}'"),
)
ACTION_RULES = _rules(
    (rf"\bi (?:\w+ )?{_ACTION_VERBS}\b", 3.0, "first-person action '{m}'"),
    (rf"\bwe (?:\w+ )?{_ACTION_VERBS}\b", 2.0, "team action '{m}'"),
    (r"\bi (?:decide|start|build|add|use|try|write|train|change|set up|implement|rewrite|"
     r"switch|talk|go|look|check|run|move|replace|fix)s?\b", 2.0,
     "first-person action, told in the present '{m}'"),
    (r"\b(?:first|then|next|after that|afterwards|so i|so we|i decided to|i started)\b", 1.0,
     "sequence cue '{m}'"),
    (r"\b(?:using|by adding|by using|by switching|by replacing|with the help of)\b", 0.5,
     "method '{m}'"),
)
RESULT_RULES = _rules(
    (r"\b(?:as a result|in the end|eventually|ultimately|in the long run|at the end)\b", 3.0,
     "cue '{m}'"),
    (r"\bthe (?:result|outcome|impact|effect) (?:was|is)\b", 3.0, "cue '{m}'"),
    (r"\b(?:resulted in|led to|ended up|which meant|this meant|that meant)\b", 2.5, "cue '{m}'"),
    (r"\b(?:it|that|this|which|everything) (?:worked|paid off|helped|solved it|fixed it)\b",
     2.0, "outcome '{m}'"),
    (r"\b(?:was|were|felt) (?:really |very |super )?(?:happy|pleased|satisfied|impressed|"
     r"thrilled)\b|\b(?:on time|met the deadline|hit the target|positive feedback)\b", 2.0,
     "outcome '{m}'"),
    (rf"\b{_RESULT_VERBS}\b", 2.0, "result verb '{m}'"),
    (r"\b(?:i|we) (?:learned|learnt|realized|realised)\b|\blesson\b|\btaught me\b", 2.5,
     "lesson '{m}'"),
    (r"\b(?:was|were|got|been) (?:later )?(?:deployed|adopted|integrated|launched|shipped|"
     r"rolled out|used|accepted|approved|promoted|published|merged)\b|\blater integrated\b",
     2.0, "outcome '{m}'"),
)
_RULES: dict[str, tuple[_Rule, ...]] = {"situation": SITUATION_RULES, "task": TASK_RULES,
                                        "action": ACTION_RULES, "result": RESULT_RULES}
_MIN_LABEL_SCORE = 2.5
_MIN_ALSO_SCORE = 3.5
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"})
_TEAM = frozenset({"we", "we're", "we've", "we'd", "we'll", "us", "our", "ours", "ourselves"})


@dataclass(frozen=True)
class StarLabel:
    label: str | None
    why: str
    scores: dict[str, float]
    also: tuple[str, ...] = ()  # other parts this sentence clearly carries (spoken run-ons)


def _position_bonus(part: str, p: float) -> tuple[float, str | None]:
    """Points for where the sentence sits (p: 0 at the start, 1 at the end of the answer)."""
    if part == "situation":
        if p < 0.25:
            return 1.5, "opening of the answer"
        return (0.0, None) if p < 0.6 else (-1.0, None)
    if part == "task":
        if 0.05 < p < 0.5:
            return 1.0, "early in the answer"
        return (0.0, None) if p < 0.75 else (-1.0, None)
    if part == "action":
        if 0.25 <= p <= 0.85:
            return 1.0, "middle of the answer"
        return (-0.5, None) if p < 0.15 else (0.0, None)
    if p >= 0.6:
        return (2.0 if p >= 0.8 else 1.0), "end of the answer"
    return (-1.0, None) if p < 0.3 else (0.0, None)


def label_sentence(norm: str, p: float) -> StarLabel:
    """The STAR label of one normalised sentence at relative position ``p``, with the reason."""
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for part, rules in _RULES.items():
        score = 0.0
        why: list[str] = []
        for pattern, weight, template in rules:
            m = pattern.search(norm)
            if m:
                score += weight
                why.append(template.format(m=m.group(0)))
        if part == "result":
            quants = [q for q in find_quantities(norm) if is_outcome_quantity(q)]
            if quants:
                score += 3.0 if score > 0 or p >= 0.5 else 1.5
                why.append(f"quantified '{quants[0]}'")
        if part == "situation" and re.search(rf"\b(?:we|it|they|there|this) {_PAST_STATE}\b",
                                              norm) and not re.search(r"\bi \w+ed\b", norm):
            score += 0.5
            why.append("past state verb")
        if score > 0:
            bonus, where = _position_bonus(part, p)
            score += bonus
            if where and bonus > 0:
                why.append(where)
        scores[part] = round(score, 2)
        reasons[part] = why
    best = max(STAR_PARTS, key=lambda k: (scores[k], -STAR_PARTS.index(k)))
    if scores[best] < _MIN_LABEL_SCORE:
        hint = "; ".join(r for k in STAR_PARTS for r in reasons[k][:1]) or "no STAR cue"
        return StarLabel(None, f"unclear ({hint})" if hint != "no STAR cue" else "no STAR cue",
                         scores)
    also = tuple(k for k in STAR_PARTS if k != best and scores[k] >= _MIN_ALSO_SCORE
                 and any(r.startswith(("cue", "first-person", "quantified", "result verb",
                                       "lesson", "goal")) for r in reasons[k]))
    text = f"{best}: " + "; ".join(reasons[best])
    for k in also:
        text += f"; also {k}: " + "; ".join(reasons[k])
    return StarLabel(best, text, scores, also)


def sentence_norm(tokens: Sequence[Token], s: Sentence) -> str:
    return " ".join(t.norm for t in tokens[s.start:s.end] if t.norm not in PURE_FILLERS)


def rule_labels(tokens: Sequence[Token], sentences: Sequence[Sentence]) -> list[StarLabel]:
    """The word rules' label of each sentence (cues, tense, ownership, position)."""
    total = max(1, len(tokens))
    return [label_sentence(sentence_norm(tokens, s), ((s.start + s.end) / 2) / total)
            for s in sentences]


def role_features(tokens: Sequence[Token], sentences: Sequence[Sentence],
                  rules: Sequence[StarLabel]) -> list[list[float]]:
    """The classifier's non-meaning features of each sentence."""
    return [rule_features(sentence_norm(tokens, s), lab.scores, lab.label, i, len(sentences))
            for i, (s, lab) in enumerate(zip(sentences, rules, strict=True))]


def _model_labels(tokens: Sequence[Token], sentences: Sequence[Sentence],
                  vectors: Sequence[Vector] | None, model: StarModel,
                  prototype_vectors: dict[str, list[Vector]] | None) -> list[StarLabel]:
    rules = rule_labels(tokens, sentences)
    decisions = decode(model, role_features(tokens, sentences, rules), vectors)
    out = []
    for i, (rule, d) in enumerate(zip(rules, decisions, strict=True)):
        reasons: list[str] = []
        if d.label is not None and rule.label == d.label:
            reasons.append(rule.why.split(": ", 1)[1].split("; also ")[0])
        elif d.label is not None and rule.scores.get(d.label, 0.0) > 0:
            reasons.append(f"some {d.label} cues")
        if vectors is not None and d.label is not None and prototype_vectors:
            near = closest_prototype(model, d.label, vectors[i], prototype_vectors)
            if near:
                reasons.append(near)
        if d.label is None:
            hint = rule.why if rule.label is None else f"word rules say {rule.label}"
            why = f"no STAR role ({d.probability:.0%}; {hint})"
        else:
            reasons.append(f"fits the story's sequence at this point ({d.probability:.0%})")
            why = f"{d.label}: " + "; ".join(reasons)
        out.append(StarLabel(d.label, why, rule.scores))
    return out


def analyse_star(tokens: Sequence[Token], sentences: Sequence[Sentence], *,
                 vectors: Sequence[Vector] | None = None, model: StarModel | None = None,
                 prototype_vectors: dict[str, list[Vector]] | None = None,
                 ) -> tuple[StarAnalysis, list[StarLabel]]:
    """Label every sentence (the whole story at once) and summarise its STAR parts.

    ``vectors`` are the sentences' meaning vectors when an encoder is available; without them
    the model decides from the word rules, position and grammar alone."""
    labels = _model_labels(tokens, sentences, vectors, model or bundled_model(),
                           prototype_vectors)
    norms = [sentence_norm(tokens, s) for s in sentences]
    parts: dict[str, StarPart] = {}
    words_by: dict[str, int] = dict.fromkeys(STAR_PARTS, 0)
    for part in STAR_PARTS:
        idx = tuple(i for i, lab in enumerate(labels) if lab.label == part or part in lab.also)
        parts[part] = StarPart(bool(idx), tuple(sentences[i].text for i in idx), idx)
        words_by[part] = sum(len(norms[i].split()) for i in idx)
    firsts = [parts[p].sentence_indexes[0] for p in STAR_PARTS if parts[p].present]
    order_ok = None if len(firsts) < 2 else firsts == sorted(firsts)
    n_words = sum(len(n.split()) for n in norms)
    balance: dict[str, float] | None = None
    note: str | None = None
    if n_words and any(p.present for p in parts.values()):
        balance = {p: round(words_by[p] / n_words, 2) for p in STAR_PARTS}
        balance["none"] = round(max(0.0, 1.0 - sum(balance.values())), 2)
        context = balance["situation"] + balance["task"]
        if context > 0.5:
            note = (f"Most of the story ({context:.0%}) is context (situation and task); keep "
                    f"it to a sentence or two and spend the time on what you did.")
        elif parts["action"].present and balance["action"] < 0.15:
            note = (f"The actions are only {balance['action']:.0%} of the story; say more about "
                    f"what you did.")
        elif parts["action"].present:
            note = f"Actions are {balance['action']:.0%} of the story, context {context:.0%}."
    all_norm = [t.norm for t in tokens]
    i_count = sum(1 for t in all_norm if t in _FIRST_PERSON)
    we_count = sum(1 for t in all_norm if t in _TEAM)
    ratio = round(i_count / (i_count + we_count), 2) if i_count + we_count else None
    quantified: list[str] = []
    for i, lab in enumerate(labels):
        if lab.label == "result" or (lab.scores.get("result", 0.0) >= 2.0
                                     and i >= len(labels) / 2):
            quantified.extend(q for q in find_quantities(norms[i]) if is_outcome_quantity(q))
    star = StarAnalysis(**parts, order_ok=order_ok, balance=balance, balance_note=note,
                        i_count=i_count, we_count=we_count, i_we_ratio=ratio,
                        quantified_results=tuple(dict.fromkeys(quantified)))
    return star, labels
