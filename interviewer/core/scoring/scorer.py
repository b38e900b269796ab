"""The scoring pipeline: transcript -> sentences -> STAR / concepts / structure / delivery ->
named components -> overall and tips. Deterministic: the same input always gives the same result.

Components (points; the overall is their sum over their maxima, as 0-100):
- behavioural: star 45, specificity 25, delivery 30 (plus coverage 15 when the question has a
  rubric, with star 40, specificity 20, delivery 25);
- technical with a rubric: coverage 45, structure 15, accuracy 25 (when the rubric lists
  misconceptions: one false claim takes three quarters of it, two take all), delivery 15;
- technical without a rubric (``kind`` only): structure 20, delivery 20.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace

from interviewer.core.questions import Kind, Question, Rubric
from interviewer.core.scoring.by_meaning import concepts_by_meaning, false_claims
from interviewer.core.scoring.components import (
    accuracy_component,
    coverage_component,
    specificity_component,
    star_component,
    structure_component,
)
from interviewer.core.scoring.concepts import AnswerIndex, match_concepts
from interviewer.core.scoring.delivery import delivery_component, measure_delivery
from interviewer.core.scoring.fillers import find_fillers, find_hedges
from interviewer.core.scoring.follow_up import choose_follow_up
from interviewer.core.scoring.meaning import Encoder, Vector
from interviewer.core.scoring.misconceptions import find_misconceptions
from interviewer.core.scoring.result import (
    Component,
    ConceptResult,
    MisconceptionResult,
    ScoreResult,
    SentenceLabel,
    StarAnalysis,
)
from interviewer.core.scoring.sentences import split_sentences
from interviewer.core.scoring.star import analyse_star, sentence_norm
from interviewer.core.scoring.star_model import bundled_model
from interviewer.core.scoring.structure import analyse_structure
from interviewer.core.scoring.text import tokenize_words
from interviewer.core.scoring.tips import behavioral_tips, pick_tips, technical_tips
from interviewer.core.scoring.voice import Voice, voice_tips
from interviewer.core.transcript import Transcript

SCORER_VERSION = "2.4"  # 2.4: STAR roles retrained on more authors; framing words are no anchor
RULES_ONLY_NOTE = ("Scored with word rules only (no sentence-meaning model): ideas said in "
                   "other words and false claims worded unlike the bank's may be missed.")


def rubric_version(question: Question | None, kind: str) -> str:
    """Scorer version + a short stable hash of what the question's scoring depends on."""
    if question is None:
        return f"{SCORER_VERSION}+{kind}-none"
    rubric = asdict(question.rubric) if question.rubric is not None else None
    if rubric is not None:  # follow-up wording does not change a score
        for item in (*rubric["concepts"], *rubric["misconceptions"]):
            item.pop("follow_up", None)
    payload = {
        "id": question.id, "kind": question.kind, "target_s": question.target_s,
        "rubric": rubric,
    }
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
    return f"{SCORER_VERSION}+{digest[:10]}"


def overall_of(components: dict[str, Component]) -> int:
    """The overall score (0-100) of a set of components: their sum over their maxima."""
    total = sum(c.max for c in components.values())
    if total <= 0:
        return 0
    got = sum(min(c.score, c.max) for c in components.values())
    return max(0, min(100, round(100.0 * got / total)))


def score_answer(transcript: Transcript | str, *, question: Question | None = None,
                 kind: Kind | None = None, encoder: Encoder | None = None,
                 voice: Voice | None = None) -> ScoreResult:
    """Score one answer against a question's rubric (or, with only ``kind``, against none).

    ``voice`` (measured from the recording) is kept in the result and its flags compete for
    the tips; it does not change the score.

    With an ``encoder``, the meaning of each sentence is a second source of evidence (STAR
    roles, concepts said in other words, false claims); without one, the word rules decide and
    the result notes it."""
    if isinstance(transcript, str):
        transcript = Transcript.from_text(transcript)
    the_kind: str = question.kind if question is not None else (kind or "technical")
    rubric: Rubric | None = question.rubric if question is not None else None
    words = transcript.words
    tokens = tokenize_words(words)
    sentences = split_sentences(tokens, words)
    norms = [sentence_norm(tokens, s) for s in sentences]
    vectors = encoder.encode(norms) if encoder is not None and norms else None
    fillers = find_fillers(tokens, frozenset(s.start for s in sentences))
    hedges = find_hedges(tokens)
    delivery = measure_delivery(transcript, fillers, hedges, kind=the_kind,
                                target_s=question.target_s if question is not None else None)
    concepts: list[ConceptResult] = []
    misconceptions: list[MisconceptionResult] = []
    if rubric is not None and (rubric.concepts or rubric.misconceptions):
        index = AnswerIndex(tokens)
        concepts = match_concepts(rubric.concepts, tokens, words, sentences, index)
        misconceptions = find_misconceptions(rubric.misconceptions, tokens, words, sentences)
        if encoder is not None and vectors is not None:
            misconceptions = false_claims(rubric, misconceptions, sentences=sentences,
                                          norms=norms, vectors=vectors, encoder=encoder)
            false_at = frozenset(m.evidence for m in misconceptions
                                 if not m.negated and m.evidence is not None)
            concepts = concepts_by_meaning(rubric, concepts, sentences=sentences, norms=norms,
                                           vectors=vectors, encoder=encoder,
                                           false_sentences=false_at)
    structure, per_sentence = analyse_structure([s.text for s in sentences], norms)
    components: dict[str, Component] = {}
    notes: list[str] = []
    empty = not tokens
    if the_kind == "behavioral":
        star, labels = analyse_star(tokens, sentences, vectors=vectors,
                                    prototype_vectors=_prototype_vectors(encoder))
        with_cov = bool(concepts)
        components["star"] = star_component(star, 40.0 if with_cov else 45.0)
        components["specificity"] = specificity_component(star, norms,
                                                          20.0 if with_cov else 25.0)
        if with_cov:
            components["coverage"] = coverage_component(concepts, 15.0)
        components["delivery"] = delivery_component(delivery, 25.0 if with_cov else 30.0)
        sentence_labels = tuple(
            SentenceLabel(s.index, s.text, lab.label, lab.why, s.start_s, s.end_s,
                          per_sentence[s.index], lab.also)
            for s, lab in zip(sentences, labels, strict=True))
        tips = pick_tips(behavioral_tips(star, delivery) + voice_tips(voice), empty,
                         delivery.timed)
        structure_out = None
    else:
        star = StarAnalysis()
        has_accuracy = rubric is not None and bool(rubric.misconceptions)
        if rubric is not None and rubric.concepts:
            components["coverage"] = coverage_component(concepts,
                                                        45.0 if has_accuracy else 50.0)
        else:
            notes.append("No rubric: concept coverage is not scored; structure and delivery "
                         "only.")
        stated = sum(1 for m in misconceptions if not m.negated)
        components["structure"] = structure_component(structure,
                                                      15.0 if has_accuracy else 20.0, stated)
        if has_accuracy:
            hits = sum(1 for c in concepts if c.status == "hit")
            components["accuracy"] = accuracy_component(misconceptions, hits, 25.0)
        components["delivery"] = delivery_component(delivery, 15.0 if has_accuracy else 20.0)
        sentence_labels = tuple(
            SentenceLabel(s.index, s.text, None, _structure_why(per_sentence[s.index]),
                          s.start_s, s.end_s, per_sentence[s.index])
            for s in sentences)
        tips = pick_tips(technical_tips(concepts, misconceptions, structure, delivery,
                                        rubric is not None and bool(rubric.concepts))
                         + voice_tips(voice), empty, delivery.timed)
        structure_out = structure
    cap = 100
    if the_kind == "behavioral":
        cap, why = story_cap(star)
        if why:
            notes.append(why)
    if not delivery.timed:
        notes.append("Untimed text: pace, pauses and length are not measured.")
    if encoder is None:
        notes.append(RULES_ONLY_NOTE)
    result = ScoreResult(
        overall=0 if empty else min(overall_of(components), cap),
        kind=the_kind,
        question_id=question.id if question is not None else None,
        rubric_version=rubric_version(question, the_kind),
        scorer_version=SCORER_VERSION,
        components=components,
        star=star,
        sentences=sentence_labels,
        concepts=tuple(concepts),
        delivery=delivery,
        tips=tips,
        misconceptions=tuple(misconceptions),
        structure=structure_out,
        notes=tuple(notes),
    )
    return replace(result, follow_up=choose_follow_up(result, question), voice=voice)


# The most a story can score without all of its parts: an interviewer hears a missing result or
# action as a failed answer, a missing situation or task as a weak one, however specific the rest.
CAP_WITHOUT_CONTEXT = 80  # situation or task missing
CAP_WITHOUT_CORE = 70  # action or result missing
CAP_TWO_MISSING = 60


def story_cap(star: StarAnalysis) -> tuple[int, str | None]:
    """(the highest overall this story can get, the note that says why, or None)."""
    missing = [p for p in ("situation", "task", "action", "result")
               if not star.part(p).present]
    if not missing or len(missing) == 4:
        return 100, None
    if len(missing) >= 2:
        cap = CAP_TWO_MISSING
    elif missing[0] in ("action", "result"):
        cap = CAP_WITHOUT_CORE
    else:
        cap = CAP_WITHOUT_CONTEXT
    return cap, (f"A story without its {' and '.join(missing)} scores at most {cap}: say it "
                 f"and the answer can reach the top band.")


def _prototype_vectors(encoder: Encoder | None) -> dict[str, list[Vector]] | None:
    if encoder is None:
        return None
    protos = bundled_model().prototypes
    return {role: encoder.encode_reference(list(texts)) for role, texts in protos.items()}


def _structure_why(tags: tuple[str, ...]) -> str:
    if not tags:
        return "technical answer: no structure cue (STAR is for behavioural answers)"
    return "technical answer: " + ", ".join(t.replace("_", "-") for t in tags)
