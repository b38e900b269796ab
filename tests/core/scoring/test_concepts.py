"""Concept matching: spellings, split words, mis-hearings, fuzzy matches and false hits."""

from __future__ import annotations

import pytest

from interviewer.core.questions import Concept, Question
from interviewer.core.scoring import score_answer
from interviewer.core.scoring.concepts import AnswerIndex, Phrase, levenshtein, match_concepts
from interviewer.core.scoring.sentences import split_sentences
from interviewer.core.scoring.text import stem, tokenize_text
from interviewer.core.transcript import Segment, Transcript, Word


def _status(question: Question, text: str, concept_id: str) -> str:
    result = score_answer(text, question=question)
    return next(c.status for c in result.concepts if c.id == concept_id)


@pytest.mark.parametrize("said", [
    "batch norm", "batchnorm", "batch normalization", "batch normalisation", "Batch-Norm",
    "batch normalizing", "bat norm",
])
def test_batch_norm_in_every_spelling_is_a_hit(bn_question: Question, said: str) -> None:
    assert _status(bn_question, f"Then we add {said} after the convolution.", "bn") == "hit"


@pytest.mark.parametrize(("said", "concept"), [
    ("res net", "resnet"), ("resnet", "resnet"), ("drop out", "dropout"),
    ("dropout", "dropout"), ("atom", "adam"), ("re lu", "relu"), ("ReLU.", "relu"),
])
def test_listed_mishearings_and_split_words_count(bn_question: Question, said: str,
                                                  concept: str) -> None:
    assert _status(bn_question, f"I used {said} in that model", concept) == "hit"


@pytest.mark.parametrize(("text", "concept"), [
    ("Madam, I rely on the data.", "adam"),
    ("We rely on good data.", "relu"),
    ("Adamant people rarely relay messages.", "adam"),
    ("The batch was normal.", "bn"),
    ("A dam was built there.", "adam"),
])
def test_short_terms_do_not_hit_inside_other_words(bn_question: Question, text: str,
                                                   concept: str) -> None:
    assert _status(bn_question, text, concept) == "missed"


def test_unlisted_mishearing_of_a_long_term_is_possible() -> None:
    concept = Concept("bn", "batch normalization", ("batch norm",))
    tokens = tokenize_text("then we add batch normalizaton and bash norm")
    found = match_concepts([concept], tokens, [], [])
    assert found[0].status == "hit"  # one letter off on a long word
    tokens = tokenize_text("then we add bash norm")
    found = match_concepts([concept], tokens, [], [])
    assert found[0].status == "possible"
    assert found[0].matched == "bash norm"
    assert found[0].how is not None and "close to" in found[0].how


def test_possible_match_earns_half_credit_and_a_tip(bn_question: Question) -> None:
    exact = score_answer("batch norm", question=bn_question).components["coverage"].score
    weak = score_answer("bash norm", question=bn_question)
    assert next(c.status for c in weak.concepts if c.id == "bn") == "possible"
    assert weak.components["coverage"].score == pytest.approx(exact / 2, abs=0.1)
    assert any("sounded like" in t for t in weak.tips)


def test_concept_time_and_sentence_come_from_word_timings(bn_question: Question) -> None:
    words = (Word("Dropout", 0.5, 0.9), Word("helps.", 0.9, 1.2), Word("Then", 1.5, 1.7),
             Word("um", 1.7, 2.0), Word("batch", 2.4, 2.7), Word("norm", 2.7, 3.0),
             Word("too.", 3.0, 3.3))
    t = Transcript(segments=(Segment("Dropout helps. Then um batch norm too.", 0.5, 3.3, words),))
    result = score_answer(t, question=bn_question)
    by_id = {c.id: c for c in result.concepts}
    assert by_id["dropout"].at_s == 0.5 and by_id["dropout"].evidence == 0
    assert by_id["bn"].at_s == 2.4 and by_id["bn"].evidence == 1
    assert by_id["adam"].at_s is None and by_id["adam"].matched is None
    untimed = score_answer("Dropout helps.", question=bn_question)
    assert next(c for c in untimed.concepts if c.id == "dropout").at_s is None


def test_matching_ignores_fillers_inside_a_term(bn_question: Question) -> None:
    assert _status(bn_question, "we used batch um norm there", "bn") == "hit"


@pytest.mark.parametrize(("words", "same"), [
    (["normalisation", "normalization", "normalizes", "normalised", "normalising"], True),
    (["update", "updates", "updating", "updated"], True),
    (["activation", "activations", "activate", "activated"], True),
    (["optimizer", "optimiser", "optimization", "optimized"], True),
    (["batches", "batch"], True),
    (["embedding", "embedded", "embed"], True),
    (["noise", "normal"], False),
])
def test_stemmer_unifies_inflections_and_spellings(words: list[str], same: bool) -> None:
    stems = {stem(w) for w in words}
    assert (len(stems) == 1) is same, stems


def test_levenshtein_cutoff() -> None:
    assert levenshtein("batchnorm", "batnorm", 3) == 2
    assert levenshtein("abc", "xyzxyz", 2) == 3
    assert levenshtein("same", "same", 0) == 0


def test_fuzzy_stays_on_the_candidates_sharing_letters() -> None:
    index = AnswerIndex(tokenize_text("the quick brown fox jumps over the lazy dog " * 2000))
    phrase = Phrase.of("batch normalization", "label")
    assert phrase is not None
    assert index.fuzzy(phrase) is None


def test_sentences_of_a_long_answer_are_split_linearly() -> None:
    text = "we built it and so it worked and then we shipped it " * 500
    tokens = tokenize_text(text)
    sentences = split_sentences(tokens, [Word(w) for w in text.split()])
    assert len(sentences) > 500
    assert sentences[0].text.startswith("we built it")


def test_missed_concept_tips_name_the_concept(bundled_questions: dict[str, Question]) -> None:
    result = score_answer("Optimizers train the network.", question=bundled_questions["q08"])
    assert "You did not mention SGD: a gradient step on each mini-batch with one global "\
           "learning rate." in result.tips
    assert result.components["coverage"].explanation.startswith("Covered 0 of 7 key concepts; "
                                                                "missed SGD, Momentum")


def test_bank_mishearing_counts_and_unlisted_near_miss_is_possible(
        bundled_questions: dict[str, Question]) -> None:
    q08 = bundled_questions["q08"]
    result = score_answer("Then there is moment um, which smooths the steps.", question=q08)
    momentum = next(c for c in result.concepts if c.id == "momentum")
    assert momentum.status == "hit" and momentum.matched == "moment um"
    assert momentum.how is not None and "mis-hearing" in momentum.how
    result = score_answer("and the learning rate shedules matter", question=q08)
    assert next(c for c in result.concepts if c.id == "lr_schedule").status in ("hit",
                                                                               "possible")


@pytest.mark.parametrize(("said", "term"), [
    ("the difference is small", "inference"),
    ("it learns features", "textures"),
    ("we used augmentation", "segmentation"),
    ("the current model", "recurrent"),
    ("adding more layers", "padding"),
    ("learning rates matter", "gates"),
    ("it carries the state", "curries"),
    ("a classification model", "classification head"),
    ("it goes to production", "product of"),
    ("we used max pooling", "mean pooling"),
    ("we used a small learning rate", "single learning rate"),
    ("an image dataset", "large dataset"),
])
def test_fuzzy_matching_does_not_confuse_different_words(said: str, term: str) -> None:
    concept = Concept("c", term)
    found = match_concepts([concept], tokenize_text(said), [], [])
    assert found[0].status == "missed", found[0]


@pytest.mark.parametrize(("said", "term"), [
    ("we add bash norm", "batch norm"),
    ("then batnorm layers", "batch norm"),
    ("with gradient clippin", "gradient clipping"),
    ("a convolutional layr", "convolutional layer"),
])
def test_fuzzy_matching_accepts_near_mishearings(said: str, term: str) -> None:
    found = match_concepts([Concept("c", term)], tokenize_text(said), [], [])
    assert found[0].status in ("hit", "possible"), found[0]
