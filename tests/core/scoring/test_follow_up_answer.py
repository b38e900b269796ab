"""A follow-up reply scored with the first answer: what it added, what it cost."""

from __future__ import annotations

from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.follow_up_answer import FollowUpGain, score_follow_up
from interviewer.core.transcript import Transcript

STORY_NO_RESULT = (
    "Last year I joined a small team building a defect detector for a factory line. "
    "My task was to get the false alarm rate down before the pilot in March. "
    "I collected two thousand new images, I relabelled the hard cases and I retrained the "
    "model with focal loss.")
RESULT_REPLY = ("In the end false alarms fell from twelve percent to three percent and the "
                "pilot went ahead on time.")


def test_a_reply_that_tells_the_missing_result_raises_the_story(
        story_question: Question) -> None:
    main_tr = Transcript.from_text(STORY_NO_RESULT)
    main = score_answer(main_tr, question=story_question)
    combined, gain = score_follow_up(main, main_tr, Transcript.from_text(RESULT_REPLY),
                                     question=story_question)
    if not main.star.result.present:  # the word rules may read the last action as a result
        assert "result" in gain.parts_added
    assert combined.star.result.present
    assert gain.overall_after >= gain.overall_before
    assert gain.summary.endswith(f"{gain.overall_before} -> {gain.overall_after} "
                                 f"(+{gain.overall_after - gain.overall_before}).")
    assert FollowUpGain.from_dict(gain.to_dict()) == gain


def test_a_reply_covering_a_missed_concept_is_counted_and_a_false_claim_costs(
        bn_question: Question) -> None:
    main_tr = Transcript.from_text(
        "Batch normalization uses the mean and variance of the mini-batch to normalise each "
        "layer's inputs, which makes training faster and more stable in deep networks.")
    main = score_answer(main_tr, question=bn_question)
    _, gain = score_follow_up(main, main_tr, Transcript.from_text(
        "After normalising it applies gamma and beta, a learnable scale and shift."),
        question=bn_question)
    assert "learnable scale and shift" in gain.concepts_added
    assert gain.overall_after > gain.overall_before and not gain.false_claims
    assert "1 more key idea (learnable scale and shift)" in gain.summary
    _, bad = score_follow_up(main, main_tr, Transcript.from_text(
        "Batch norm normalises the weights of each layer."), question=bn_question)
    assert bad.false_claims == ("normalises the weights",)
    assert bad.overall_after < bad.overall_before
    assert "false claim" in bad.summary


def test_an_empty_reply_changes_nothing(story_question: Question) -> None:
    main_tr = Transcript.from_text(STORY_NO_RESULT)
    main = score_answer(main_tr, question=story_question)
    _, gain = score_follow_up(main, main_tr, Transcript.from_text(""), question=story_question)
    assert gain.overall_after == gain.overall_before and gain.parts_added == ()
    assert gain.summary == "Nothing was said in reply to the follow-up."
