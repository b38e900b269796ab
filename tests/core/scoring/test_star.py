"""STAR analysis: the article's churn story, written and spoken, with and without a result."""

from __future__ import annotations

import pytest

from interviewer.core.questions import Question
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.meaning import Encoder
from interviewer.core.scoring.quantities import find_quantities
from interviewer.core.scoring.star import label_sentence
from tests.core.scoring.answers import (
    CHURN_NO_RESULT,
    CHURN_SENTENCES,
    CHURN_SPOKEN,
    CHURN_STORY,
)
from tests.core.scoring.shape import assert_contract_shape

PARTS = ("situation", "task", "action", "result")


def test_article_story_has_all_four_parts_with_the_right_evidence(
        story_question: Question) -> None:
    result = score_answer(CHURN_STORY, question=story_question)
    for part in PARTS:
        assert result.star.part(part).present, part
        assert result.star.part(part).evidence == (CHURN_SENTENCES[part],), part
    assert result.star.order_ok is True
    labels = [s.label for s in result.sentences]
    assert labels == list(PARTS)
    for s in result.sentences:
        assert s.why.startswith(f"{s.label}:")
    assert result.star.quantified_results == ("by 12%",)
    assert_contract_shape(result.to_dict())


def test_story_without_result_is_told_so_and_scores_clearly_lower(
        story_question: Question) -> None:
    full = score_answer(CHURN_STORY, question=story_question)
    cut = score_answer(CHURN_NO_RESULT, question=story_question)
    assert not cut.star.result.present
    assert cut.star.situation.present and cut.star.task.present and cut.star.action.present
    assert cut.tips[0] == ("Your answer never stated a result: end with what changed and by how "
                           "much.")
    assert "missing result" in cut.components["star"].explanation
    assert full.overall - cut.overall >= 15, (full.overall, cut.overall)


def test_spoken_story_without_punctuation_still_finds_every_part(
        story_question: Question) -> None:
    result = score_answer(CHURN_SPOKEN, question=story_question)
    assert len(result.sentences) >= 4
    for part in PARTS:
        assert result.star.part(part).present, part
    assert "as a result" in result.star.result.evidence[0]
    assert "responsible for" in result.star.task.evidence[0]
    assert "i built" in result.star.action.evidence[0]
    assert "previous job" in result.star.situation.evidence[0]
    assert result.star.order_ok is True
    assert result.star.quantified_results == ("by twelve percent",)
    assert result.delivery.fillers.items.get("um") == 1
    assert result.delivery.fillers.items.get("uh") == 2


def test_unmarked_sentences_use_position_and_tense() -> None:
    # No cue phrase: "we had" early is context; "I rewrote" mid-story is an action.
    assert label_sentence("we had a fraud model that was too slow for the checkout", 0.1)\
        .label == "situation"
    assert label_sentence("i rewrote the feature pipeline in spark", 0.5).label == "action"
    # "improved" late in the story with a number is a result, even with "I".
    late = label_sentence("i improved recall from 40 to 85 percent", 0.9)
    assert late.label == "result" and "quantified" in late.why


def test_sentence_without_star_content_gets_no_label_and_a_reason() -> None:
    lab = label_sentence("deep learning is a fascinating field", 0.5)
    assert lab.label is None and lab.why


def test_context_heavy_story_is_told_so(story_question: Question,
                                        sentence_encoder: Encoder) -> None:
    story = (
        "At my previous job we had a huge data platform with dozens of teams. The company "
        "was growing fast and there were many legacy systems. Our team owned the search "
        "ranking, which had been built years before by a contractor. There was a lot of "
        "pressure from management and the product was losing users. My goal was to improve "
        "search. I retrained the ranker."
    )
    result = score_answer(story, question=story_question, encoder=sentence_encoder)
    assert result.star.balance is not None
    assert result.star.balance["situation"] + result.star.balance["task"] > 0.5
    assert result.star.balance_note and "context" in result.star.balance_note
    assert any("context" in t for t in result.tips)


def test_we_is_reported_but_not_punished_hard(story_question: Question) -> None:
    we_story = CHURN_STORY.replace("I was", "We were").replace("I built", "We built")
    i_result = score_answer(CHURN_STORY, question=story_question)
    we_result = score_answer(we_story, question=story_question)
    assert we_result.star.we_count > i_result.star.we_count
    assert we_result.star.i_we_ratio is not None and we_result.star.i_we_ratio < 0.5
    assert we_result.star.action.present
    assert 0 < i_result.overall - we_result.overall <= 8


@pytest.mark.parametrize(("text", "expected"), [
    ("accuracy improved by 12%", "by 12%"),
    ("accuracy improved by 12 percent", "by 12 percent"),
    ("accuracy improved by twelve percent", "by twelve percent"),
    ("it went up by twenty five percent", "by twenty five percent"),
    ("we cut the cost by a third", "by a third"),
    ("recall went from 40 to 85", "from 40 to 85"),
    ("recall went from forty to eighty five percent", "from forty to eighty five percent"),
    ("the service became 2x faster", "2x"),
    ("inference was three times faster", "three times faster"),
    ("we halved the latency", "halved"),
    ("latency dropped to 20 ms", "20 ms"),
])
def test_quantified_results_as_whisper_writes_them(text: str, expected: str) -> None:
    from interviewer.core.scoring.text import tokenize_text

    norm = " ".join(t.norm for t in tokenize_text(text))
    assert expected in find_quantities(norm)


def test_unpunctuated_run_on_is_split_at_new_clauses(story_question: Question) -> None:
    text = ("um we were building a model for detecting defects on a production line and the "
            "problem was it kept overfitting on the small data set i needed to get it working "
            "for the customer demo so i added augmentation and i switched to a pretrained "
            "resnet and the accuracy went up to 92 percent on the test set")
    result = score_answer(text, question=story_question)
    assert len(result.sentences) >= 4
    for part in PARTS:
        assert result.star.part(part).present, part
    assert result.star.task.evidence == ("i needed to get it working for the customer demo",)
    assert "to 92 percent" in result.star.quantified_results
    assert result.star.order_ok is True


def test_cue_at_the_end_of_a_sentence_leaves_no_stub(story_question: Question) -> None:
    text = ("At my last company the main challenge was latency. We quantized the model and "
            "moved it to ONNX runtime. It worked out well in the end.")
    result = score_answer(text, question=story_question)
    assert [s.text for s in result.sentences][-1] == "It worked out well in the end."
    assert result.sentences[-1].label == "result"


@pytest.mark.parametrize(("text", "p", "label"), [
    ("i had just joined a small computer vision startup", 0.05, "situation"),
    ("we were building a recommender for an online shop", 0.1, "situation"),
    ("i was trying to get the latency under fifty milliseconds", 0.3, "task"),
    ("my part was the training pipeline", 0.3, "task"),
    ("so i decide to profile the data loader", 0.5, "action"),
    ("then we moved the preprocessing onto the gpu", 0.55, "action"),
    ("the client was really happy with it", 0.9, "result"),
    ("and we shipped it on time", 0.95, "result"),
    ("what i learned is to check the labels first", 0.95, "result"),
])
def test_labels_for_natural_phrasings(text: str, p: float, label: str) -> None:
    assert label_sentence(text, p).label == label


def test_punctuated_sentence_is_not_split_at_a_new_subject(story_question: Question) -> None:
    compared = ("First I compared the feature distributions between training and live "
                "traffic, and I found that one feature used future data.")
    text = ("Last year our churn model looked great offline but failed in production. I had to "
            f"find out why before the next release. {compared} I removed it and retrained. I "
            "learned to check for leakage.")
    result = score_answer(text, question=story_question)
    assert len(result.sentences) == 5
    assert result.sentences[2].text == compared
    assert result.sentences[4].label == "result" and result.sentences[4].also == ()


def test_every_step_between_roles_stays_possible() -> None:
    """A story may skip parts (a situation straight to its result): no step is all but barred."""
    from interviewer.core.scoring.star_model import MAX_STEP_COST, bundled_model

    model = bundled_model()
    for linear in (model.rules, model.meaning):  # what a step costs in decoding
        assert linear is not None
        lam = linear.transition_weight
        assert lam * min(min(row) for row in model.transitions) > -MAX_STEP_COST
        assert lam * min(model.start) > -MAX_STEP_COST


@pytest.mark.parametrize(("present", "cap"), [
    (("situation", "task", "action", "result"), 100),
    (("situation", "action", "result"), 80),
    (("situation", "task", "action"), 70),
    (("task", "action"), 60),
    ((), 100),  # no story at all: the STAR part itself is 0, no cap needed
])
def test_a_story_missing_a_part_is_capped(present: tuple[str, ...], cap: int) -> None:
    from interviewer.core.scoring.result import StarAnalysis, StarPart
    from interviewer.core.scoring.scorer import story_cap

    star = StarAnalysis(**{p: StarPart(True, ("x",), (0,)) for p in present})
    got, why = story_cap(star)
    assert got == cap
    assert (why is None) == (cap == 100)
    if why:
        assert why.endswith("say it and the answer can reach the top band.")


def test_the_cap_applies_to_the_overall_and_is_explained(story_question: Question) -> None:
    full = score_answer(CHURN_STORY, question=story_question)
    no_result = " ".join(v for k, v in CHURN_SENTENCES.items() if k != "result")
    result = score_answer(no_result, question=story_question)
    assert full.overall > 70 and full.star.result.present
    assert not result.star.result.present
    assert result.overall <= 70
    assert "A story without its result scores at most 70: say it and the answer can reach " \
           "the top band." in result.notes
