"""Property-based: any text (empty, huge, only fillers, random unicode) gives the contract."""

from __future__ import annotations

import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.core.questions import Question
from interviewer.core.scoring import ScoreResult, score_answer
from interviewer.core.transcript import Segment, Transcript, Word
from tests.core.scoring.answers import CHURN_SPOKEN, GOOD_TECHNICAL
from tests.core.scoring.shape import assert_contract_shape

FILLERS = ["um", "uh", "er", "erm", "ah", "hmm", "mm", "like", "you know", "so", "basically",
           "Um,", "uh...", "I mean,", "kind of", "sort of"]
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(result: ScoreResult) -> None:
    d = result.to_dict()
    assert_contract_shape(d)
    assert ScoreResult.from_dict(d) == result


@SETTINGS
@given(text=st.text(max_size=400))
def test_arbitrary_text_gives_the_contract(text: str, bn_question: Question,
                                           story_question: Question) -> None:
    for q in (bn_question, story_question):
        _check(score_answer(text, question=q))
    _check(score_answer(text, kind="technical"))


@SETTINGS
@given(words=st.lists(st.sampled_from(FILLERS), min_size=0, max_size=60))
def test_only_fillers_gives_the_contract(words: list[str], bn_question: Question,
                                         story_question: Question) -> None:
    text = " ".join(words)
    for q in (bn_question, story_question):
        result = score_answer(text, question=q)
        _check(result)
        assert not any(c.status == "hit" for c in result.concepts)


@SETTINGS
@given(data=st.lists(st.tuples(st.text(min_size=1, max_size=12),
                               st.floats(0, 600, allow_nan=False),
                               st.floats(0, 5, allow_nan=False)), max_size=40),
       voiced=st.none() | st.lists(st.tuples(st.floats(0, 600), st.floats(0, 600)),
                                   max_size=6))
def test_arbitrary_timed_transcripts_give_the_contract(
        data: list[tuple[str, float, float]], voiced: list[tuple[float, float]] | None,
        story_question: Question) -> None:
    words = tuple(Word(w, s, s + dur) for w, s, dur in data)
    t = Transcript(segments=(Segment(" ".join(w for w, _, _ in data), None, None, words),),
                   voiced=tuple(voiced) if voiced is not None else None)
    _check(score_answer(t, question=story_question))
    _check(score_answer(t, kind="technical"))


def test_empty_text_scores_zero_with_the_contract(bn_question: Question,
                                                  story_question: Question) -> None:
    for text in ("", "   ", "\n\t"):
        for result in (score_answer(text, question=bn_question),
                       score_answer(text, question=story_question),
                       score_answer(Transcript(), kind="behavioral")):
            _check(result)
            assert result.overall == 0
            assert result.sentences == ()
            assert result.delivery.words == 0


def test_twenty_thousand_words_is_fast(bn_question: Question,
                                       story_question: Question) -> None:
    rng = random.Random(7)
    vocab = (GOOD_TECHNICAL["q07"] + " " + CHURN_SPOKEN).split()
    text = " ".join(rng.choice(vocab) for _ in range(20_000))
    # CPU time of this process, not wall time: the guard is against work that grows faster
    # than the text, and other processes on a loaded machine must not trip it
    start = time.process_time()
    technical = score_answer(text, question=bn_question)
    story = score_answer(text, question=story_question)
    elapsed = time.process_time() - start
    _check(technical)
    _check(story)
    assert technical.delivery.words == 20_000
    assert elapsed < 4.0, f"two 20,000-word answers took {elapsed:.2f} s of CPU"


def test_scoring_is_deterministic(story_question: Question) -> None:
    first = score_answer(CHURN_SPOKEN, question=story_question).to_dict()
    assert all(score_answer(CHURN_SPOKEN, question=story_question).to_dict() == first
               for _ in range(3))
