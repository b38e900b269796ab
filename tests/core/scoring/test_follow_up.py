"""The follow-up question chosen from what an answer lacked (word rules; the bank's wording)."""

from __future__ import annotations

from dataclasses import replace

from interviewer.core.questions import Concept, Misconception, Question, Rubric
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.follow_up import GENERIC, choose_follow_up
from interviewer.core.scoring.result import FollowUp, ScoreResult, StarPart

FULL_STORY = (
    "Last year I joined a small team building a defect detector for a factory line. "
    "My task was to get the false alarm rate down before the pilot in March. "
    "I collected two thousand new images, I relabelled the hard cases and I retrained the model "
    "with focal loss. "
    "As a result false alarms fell from twelve percent to three percent and the pilot went ahead "
    "on time."
)

LONG_PAD = ("It was a long project with many people involved and a lot of moving parts over "
            "several months of work. ")


def _question(**kw: object) -> Question:
    rubric = Rubric(
        concepts=(
            Concept("scale", "learnable scale and shift", ("gamma and beta",),
                    follow_up="After normalising, what does the layer learn to undo it?"),
            Concept("stats", "mean and variance of the mini-batch",
                    ("mean and variance", "batch statistics"), weight=2.0,
                    follow_up="Which statistics does it compute, and over what?"),
            Concept("infer", "running averages at inference", ("running average",)),
        ),
        misconceptions=(
            Misconception("weights", "it normalises the weights",
                          ("batch norm normalises the weights",),
                          "It normalises activations.",
                          follow_up="Is it the weights or the activations that get normalised?"),
        ),
    )
    base = Question("bn", "Explain Batch Normalization.", "fundamentals", "technical", 75,
                    rubric=rubric)
    return replace(base, **kw)  # type: ignore[arg-type]


def test_a_stated_false_claim_comes_first_with_the_banks_probe() -> None:
    q = _question()
    text = ("Batch norm normalises the weights of each layer so training is stable. " + LONG_PAD
            + "It uses the mean and variance of the mini-batch.")
    fu = score_answer(text, question=q).follow_up
    assert fu == FollowUp("Is it the weights or the activations that get normalised?",
                          fu.reason if fu else "", "misconception:weights")
    assert fu is not None and "false claim" in fu.reason and "normalises the weights" in fu.reason


def test_a_negated_claim_is_not_probed_and_the_heaviest_missed_concept_is() -> None:
    q = _question()
    text = ("Batch norm does not normalise the weights; it works on activations. " + LONG_PAD
            + "After that it applies gamma and beta, a learnable scale and shift. For example in "
            "a ResNet every convolution is followed by it.")
    fu = score_answer(text, question=q).follow_up
    assert fu is not None
    assert fu.key == "concept:stats"  # weight 2 beats the earlier-listed 'infer'
    assert fu.question == "Which statistics does it compute, and over what?"
    assert fu.reason == "The answer did not cover: mean and variance of the mini-batch."


def test_a_concept_without_a_probe_gets_a_generic_question_naming_it() -> None:
    q = _question()
    text = ("It uses the mean and variance of the mini-batch and then gamma and beta. " + LONG_PAD
            + "For example every ResNet block uses it.")
    fu = score_answer(text, question=q).follow_up
    assert fu is not None and fu.key == "concept:infer"
    assert "running averages at inference" in fu.question and fu.question.endswith("?")


def test_a_very_short_answer_is_asked_for_an_example_in_the_banks_words() -> None:
    q = _question(follow_ups=(("example", "Where would you use it in a real model?"),))
    fu = score_answer("It normalises things.", question=q).follow_up
    assert fu == FollowUp("Where would you use it in a real model?",
                          "The answer was very short (3 words).", "example")


def test_an_empty_answer_gets_no_follow_up() -> None:
    assert score_answer("", question=_question()).follow_up is None


def test_a_complete_technical_answer_with_an_example_gets_none() -> None:
    q = _question()
    text = ("It uses the mean and variance of the mini-batch, then gamma and beta. " + LONG_PAD
            + "At inference it uses a running average instead. For example in a ResNet it "
            "follows every convolution.")
    assert score_answer(text, question=q).follow_up is None


def test_stories_probe_the_missing_action_then_result_before_the_rest(
        story_question: Question) -> None:
    r = score_answer(FULL_STORY, question=story_question)
    assert set(r.star.present_parts) == {"situation", "task", "action", "result"}
    no_result = replace(r, star=replace(r.star, result=StarPart(), situation=StarPart()))
    assert choose_follow_up(no_result, story_question) == FollowUp(
        GENERIC["result"], "The story has no result.", "star:result")
    no_action = replace(no_result, star=replace(no_result.star, action=StarPart()))
    fu = choose_follow_up(no_action, story_question)
    assert fu is not None and fu.key == "star:action"
    no_situation = replace(r, star=replace(r.star, situation=StarPart()))
    fu = choose_follow_up(no_situation, story_question)
    assert fu is not None and fu.key == "star:situation"


def test_a_we_story_is_asked_for_the_own_part(story_question: Question) -> None:
    text = ("Last year our team was building a defect detector for a factory line. "
            "We had to get the false alarm rate down before the pilot in March. "
            "We collected new images, we relabelled the hard cases and we retrained the model. "
            "As a result false alarms fell from twelve percent to three percent.")
    r = score_answer(text, question=story_question)
    assert r.follow_up is not None and r.follow_up.key == "own_part", r.follow_up
    assert "never \"I\"" in r.follow_up.reason


def test_a_full_story_with_a_number_gets_none_and_without_one_is_asked_for_it(
        story_question: Question) -> None:
    assert score_answer(FULL_STORY, question=story_question).follow_up is None
    vague = FULL_STORY.replace("fell from twelve percent to three percent", "fell a lot")
    fu = score_answer(vague, question=story_question).follow_up
    assert fu is not None and fu.key == "measurable"
    own = replace(story_question, follow_ups=(("result", "What changed on the line?"),))
    fu2 = score_answer(vague, question=own).follow_up
    assert fu2 is not None and fu2.question == "What changed on the line?"


def test_the_choice_round_trips_through_the_saved_dict(story_question: Question) -> None:
    r = score_answer(FULL_STORY.replace("As a result false alarms fell from twelve percent to "
                                        "three percent and the pilot went ahead on time.", ""),
                     question=story_question)
    assert r.follow_up is not None
    back = ScoreResult.from_dict(r.to_dict())
    assert back.follow_up == r.follow_up
    assert choose_follow_up(back, story_question) == r.follow_up
    old = r.to_dict()
    del old["follow_up"]  # an attempt saved before follow-ups existed
    assert ScoreResult.from_dict(old).follow_up is None


def test_follow_up_wording_does_not_change_the_rubric_version() -> None:
    from interviewer.core.scoring.scorer import rubric_version

    q = _question()
    bare = replace(q, rubric=Rubric(
        tuple(replace(c, follow_up="") for c in q.rubric.concepts),  # type: ignore[union-attr]
        tuple(replace(m, follow_up="") for m in q.rubric.misconceptions)))  # type: ignore[union-attr]
    assert rubric_version(q, "technical") == rubric_version(bare, "technical")
