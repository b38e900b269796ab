"""The result's JSON form, its round trip and the rubric version."""

from __future__ import annotations

import dataclasses
import json

from interviewer.core.questions import Concept, Question, Rubric
from interviewer.core.scoring import SCORER_VERSION, ScoreResult, render_text, score_answer
from interviewer.core.scoring.scorer import rubric_version
from interviewer.core.transcript import Segment, Transcript, Word
from tests.core.scoring.answers import CHURN_STORY, GOOD_TECHNICAL
from tests.core.scoring.shape import assert_contract_shape


def test_round_trip_through_json(bn_question: Question, story_question: Question) -> None:
    words = (Word("Batch", 1.0, 1.3), Word("norm", 1.3, 1.6), Word("normalises.", 1.6, 2.2),
             Word("Um", 5.0, 5.3), Word("dropout", 5.3, 5.9))
    timed = Transcript(segments=(Segment("Batch norm normalises. Um dropout", 1.0, 5.9,
                                         words),), duration_s=6.5)
    for result in (score_answer(CHURN_STORY, question=story_question),
                   score_answer(GOOD_TECHNICAL["q07"], question=bn_question),
                   score_answer(timed, question=bn_question),
                   score_answer("x", kind="technical")):
        d = json.loads(json.dumps(result.to_dict()))
        assert_contract_shape(d)
        assert ScoreResult.from_dict(d) == result


def test_technical_result_still_has_star_keys_and_kind_only_has_no_concepts() -> None:
    result = score_answer(GOOD_TECHNICAL["q07"], kind="technical")
    d = result.to_dict()
    assert d["concepts"] == [] and d["question_id"] is None
    assert d["star"]["situation"] == {"present": False, "evidence": [], "sentence_indexes": []}
    assert d["star"]["order_ok"] is None
    assert set(d["components"]) == {"structure", "delivery"}
    assert any("No rubric" in n for n in d["notes"])
    assert all(s["label"] is None and s["why"].startswith("technical answer") for s in
               d["sentences"])


def test_rubric_version_is_stable_and_tracks_rubric_changes(bn_question: Question) -> None:
    v1 = rubric_version(bn_question, "technical")
    assert v1.startswith(SCORER_VERSION + "+")
    assert v1 == rubric_version(bn_question, "technical")
    assert bn_question.rubric is not None
    changed = dataclasses.replace(bn_question, rubric=Rubric(
        concepts=(*bn_question.rubric.concepts, Concept("x", "extra")),
        misconceptions=bn_question.rubric.misconceptions))
    assert rubric_version(changed, "technical") != v1
    assert score_answer("hi", question=bn_question).rubric_version == v1
    assert rubric_version(None, "behavioral") == f"{SCORER_VERSION}+behavioral-none"


def test_components_sum_to_overall(story_question: Question) -> None:
    result = score_answer(CHURN_STORY, question=story_question)
    total = sum(c.max for c in result.components.values())
    got = sum(c.score for c in result.components.values())
    assert result.overall == round(100 * got / total)
    assert set(result.components) == {"star", "specificity", "delivery"}
    assert all(c.explanation.endswith(".") for c in result.components.values())


def test_render_text_shows_the_parts(story_question: Question, bn_question: Question) -> None:
    story = render_text(score_answer(CHURN_STORY, question=story_question))
    for needle in ("Overall:", "star", "STAR:", "situation  yes", "Delivery:", "Tips:",
                   "quantified results: 'by 12%'"):
        assert needle in story, needle
    tech = render_text(score_answer("we add bat norm and drop out", question=bn_question))
    for needle in ("Concepts:", "hit      batch normalization", "known mis-hearing",
                   "missed   adam", "Structure:"):
        assert needle in tech, needle


def test_from_dict_reads_a_minimal_contract_document() -> None:
    doc = {
        "question_id": "q16", "kind": "behavioral", "rubric_version": "0.9+abc", "overall": 55,
        "components": {"star": {"score": 20, "max": 45, "explanation": "Found task."}},
        "star": {"situation": {"present": False, "evidence": []},
                 "task": {"present": True, "evidence": ["My goal was X."]},
                 "action": {"present": False, "evidence": []},
                 "result": {"present": False, "evidence": []}, "order_ok": None},
        "sentences": [{"text": "My goal was X.", "label": "task", "why": "cue"}],
        "concepts": [{"id": "c", "label": "C", "status": "hit", "matched": "c", "at_s": 1.5}],
        "delivery": {"words": 4, "speaking_s": None, "wpm": None,
                     "fillers": {"count": 0, "per_min": None, "items": {}}, "hedges": 0,
                     "long_pauses": None, "first_word_s": None, "duration_s": None},
        "tips": ["a", "b"],
    }
    result = ScoreResult.from_dict(doc)
    assert result.star.task.evidence == ("My goal was X.",)
    assert result.sentences[0].label == "task" and result.sentences[0].index == 0
    assert result.concepts[0].at_s == 1.5
    assert result.delivery.long_pauses is None
    again = result.to_dict()
    for key, value in doc.items():
        if key not in ("star", "sentences", "concepts", "delivery", "components"):
            assert again[key] == value, key
