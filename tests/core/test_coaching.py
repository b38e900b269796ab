"""The coach's report: what to work on first, the strongest answer, the trend, follow-ups."""

from __future__ import annotations

from typing import Any

import pytest

from interviewer.core.coaching import AnswerFacts, coach_report
from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from interviewer.core.transcript import Segment, Transcript, Word


@pytest.fixture
def story_question() -> Question:
    return Question("q16", "Can you walk us through a deep learning project you've worked on?",
                    "experienced", "behavioral", 120)


def timed(text: str, wps: float = 4.0, pause_at: int | None = None) -> Transcript:
    """``text`` spoken at ``wps`` words a second (4: fast), with a 4 s pause before word
    ``pause_at``."""
    words, t = [], 0.5
    for i, w in enumerate(text.split()):
        if i == pause_at:
            t += 4.0
        words.append(Word(w, t, t + 0.8 / wps))
        t += 1.0 / wps
    return Transcript((Segment(text, 0.5, t, tuple(words)),))


STORY_NO_RESULT = ("We had a churn model that was failing on new customers. We had to fix it "
                   "before the quarterly review. We collected fresh labels, we retrained the "
                   "model and we rebuilt the dashboard for the sales team over two weeks.")
STORY_FULL = ("Last year I joined a team whose churn model was failing on new customers. My "
              "task was to fix it before the quarterly review. I collected fresh labels, I "
              "retrained the model and I rebuilt the dashboard. As a result churn predictions "
              "improved from sixty to eighty percent accuracy and the review went well.")


def facts(attempt: str, q: Question, transcript: Transcript,
          follow_up: dict[str, Any] | None = None) -> AnswerFacts:
    score = score_answer(transcript, question=q).to_dict()
    return AnswerFacts(attempt, q.id, q.text, score, follow_up)


def story_score(overall: int, parts: set[str], *, we: int = 0, i: int = 5,
                wpm: float = 140.0, pause_at: float | None = None) -> dict[str, Any]:
    star = {p: {"present": p in parts, "evidence": ["..."] if p in parts else []}
            for p in ("situation", "task", "action", "result")}
    star.update(we_count=we, i_count=i)
    pauses = [{"start_s": pause_at, "duration_s": 3.2}] if pause_at is not None else []
    return {"overall": overall, "kind": "behavioral", "star": star, "concepts": [],
            "components": {"star": {"score": 30, "max": 45, "explanation": "three parts"},
                           "delivery": {"score": 25, "max": 30, "explanation": "good pace"}},
            "delivery": {"wpm": wpm, "fillers": {"per_min": 1.0}, "long_pauses": pauses,
                         "hedges": 0}}


def test_the_focus_ranks_what_recurs_and_costs_most_with_its_moments() -> None:
    answers = [
        AnswerFacts("a1", "q16", "Walk us through a project.",
                    story_score(55, {"situation", "task", "action"}, we=6, i=0, wpm=190,
                                pause_at=12.5)),
        AnswerFacts("a2", "q18", "A model that did not work.",
                    story_score(50, {"situation", "action"}, we=4, i=0, wpm=185)),
        AnswerFacts("a3", "q19", "Deploying to production.",
                    story_score(85, {"situation", "task", "action", "result"})),
    ]
    report = coach_report(answers, previous=[50.0, 40.0])
    # no result: 4 x 2 answers; own part: 3 x 2; context: 2 x 1; pace: 2 x 2; pauses 1.5 x 1
    assert [f.key for f in report.focus] == ["no_result", "own_part", "pace"]
    first = report.focus[0]
    assert [m.attempt_id for m in first.moments] == ["a1", "a2"]
    assert first.title and first.advice.endswith(".")
    assert report.strongest == ("a3", "Deploying to production.", 85,
                                "strongest on delivery: good pace")
    assert report.mean_overall == pytest.approx(63.3, abs=0.1)
    assert report.trend == ("Mean score 63, up 18 from 45 (the mean of your last 2 "
                            "sessions).")
    assert report.components["star"] == pytest.approx(66.7, abs=0.1)


def test_the_moment_of_a_pause_and_of_a_false_claim_is_kept(
        story_question: Question) -> None:
    tech = score_answer(timed("Dropout is applied at inference as well so the predictions "
                              "stay regularised and robust", wps=2.3, pause_at=4),
                        kind="technical").to_dict()
    tech["misconceptions"] = [{"id": "x", "label": "Dropout at test time", "negated": False,
                               "matched": "dropout is applied at inference", "at_s": 0.5}]
    report = coach_report([AnswerFacts("a1", "q05", "Overfitting?", tech)])
    by_key = {f.key: f for f in report.focus}
    assert by_key["false_claim"].moments[0].at_s == 0.5
    assert "pauses" in by_key and by_key["pauses"].moments[0].at_s is not None


def test_a_first_session_and_the_follow_ups(story_question: Question) -> None:
    reply = {"question": "How did it end?", "status": "complete",
             "gain": {"summary": "Your reply added the story's result: 55 -> 70 (+15)."}}
    answers = [facts("a1", story_question, timed(STORY_NO_RESULT), reply),
               facts("a2", story_question, timed(STORY_FULL),
                     {"question": "Your own part?", "status": "skipped"})]
    report = coach_report(answers)
    assert "first session" in report.trend
    assert [(o.attempt_id, o.status, o.summary) for o in report.follow_ups] == [
        ("a1", "complete", "Your reply added the story's result: 55 -> 70 (+15)."),
        ("a2", "skipped", "Skipped.")]


def test_an_empty_session_has_no_focus() -> None:
    report = coach_report([])
    assert report.focus == () and report.strongest is None
    assert report.trend == "No scored answers in this session."
