"""Tokens and spoken-style sentence splitting."""

from __future__ import annotations

import math

from interviewer.core.scoring.breaks import (
    BreakModel,
    break_features,
    bundled_break_model,
    choose_breaks,
)
from interviewer.core.scoring.sentences import clause_starts, split_sentences
from interviewer.core.scoring.text import tokenize_text, tokenize_words
from interviewer.core.transcript import Word


def _split(text: str) -> list[str]:
    words = [Word(w) for w in text.split()]
    return [s.text for s in split_sentences(tokenize_words(words), words)]


def test_tokens_keep_their_word_and_punctuation() -> None:
    tokens = tokenize_text("Multi-layer nets, e.g. ResNets, improved 12%. Done")
    assert [t.norm for t in tokens] == ["multi", "layer", "nets", "e.g", "resnets", "improved",
                                        "12", "%", "done"]
    assert [t.word for t in tokens] == [0, 0, 1, 2, 3, 4, 5, 5, 6]
    assert tokens[2].comma_after and not tokens[3].sentence_end
    assert tokens[7].sentence_end and tokens[8].comma_before


def test_full_stops_split_and_abbreviations_do_not() -> None:
    assert _split("It works, e.g. on images. It ends at 3.") == [
        "It works, e.g. on images.", "It ends at 3."]


def test_clause_cues_take_their_joiner_and_fillers_along() -> None:
    parts = _split("we trained the big model for a week and uh as a result accuracy rose a lot")
    assert parts == ["we trained the big model for a week",
                     "and uh as a result accuracy rose a lot"]


def test_which_needs_a_longer_clause_before_it() -> None:
    assert len(_split("the model which we built works well today")) == 1
    assert _split("we shipped the new ranking model to all users which cut churn a lot") == [
        "we shipped the new ranking model to all users", "which cut churn a lot"]


def test_timed_pause_splits_a_clause() -> None:
    words = [Word(w, i * 0.3, i * 0.3 + 0.25) for i, w in enumerate(
        ["we", "collected", "more", "data", "for", "training"])]
    words += [Word(w, 4.0 + i * 0.3, 4.25 + i * 0.3) for i, w in enumerate(
        ["the", "model", "got", "better"])]
    sentences = split_sentences(tokenize_words(words), words)
    assert [s.text for s in sentences] == ["we collected more data for training",
                                           "the model got better"]
    assert sentences[1].cue is not None and sentences[1].cue.startswith("pause of 2.")
    assert sentences[1].start_s == 4.0 and sentences[0].end_s == 1.75


def test_long_run_on_without_cues_is_capped() -> None:
    text = " ".join(["data"] * 200)
    parts = _split(text)
    assert len(parts) >= 3
    assert all(len(p.split()) <= 61 for p in parts)


def _break_model(weights: dict[str, float], prior_weight: float = 0.0) -> BreakModel:
    return BreakModel(frozenset({"first", "i", "so", "then", "the"}), weights,
                      tuple([-3.0] * 3 + [-1.0] * 12 + [-3.0] * 5), prior_weight, 0.0, "t")


def test_break_model_cuts_unpunctuated_speech_where_a_sentence_likely_starts() -> None:
    model = _break_model({"bias": -4.0, "n0=first": 6.0, "clause+1": 1.0})
    text = "i booked a meeting with the whole team before the demo first i wrote him a message"
    words = [Word(w) for w in text.split()]
    sentences = split_sentences(tokenize_words(words), words, break_model=model)
    assert [s.text for s in sentences] == [
        "i booked a meeting with the whole team before the demo",
        "first i wrote him a message"]
    assert sentences[1].cue == "likely sentence break"


def test_break_model_is_not_used_when_the_text_has_punctuation() -> None:
    model = _break_model({"bias": 9.0})
    text = "I booked a meeting before the demo, then wrote him a message."
    words = [Word(w) for w in text.split()]
    assert len(split_sentences(tokenize_words(words), words, break_model=model)) == 1


def test_length_prior_makes_one_break_of_two_likely_neighbours() -> None:
    tokens = tokenize_text("a b c d e f g h i j k l m n o p q r")
    odds = [-math.inf] + [-5.0] * (len(tokens) - 1)
    odds[8] = odds[9] = 2.0  # two likely gaps a word apart
    assert choose_breaks(tokens, odds, _break_model({}, prior_weight=0.0)) == [8, 9]
    assert len(choose_breaks(tokens, odds, _break_model({}, prior_weight=1.0))) == 1


def test_break_features_see_words_around_the_gap_and_the_next_clause() -> None:
    tokens = tokenize_text("the demo um first i wrote him")
    feats = break_features(tokens, frozenset({"first", "i", "the"}), clause_starts(tokens))
    gap = feats[2]  # before "um"
    assert "n0=first" in gap and "p1=<oov>" in gap and "filler_after" in gap
    assert "clause+1" in gap
    assert bundled_break_model() is not None
