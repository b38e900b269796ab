"""Tokens and spoken-style sentence splitting."""

from __future__ import annotations

from interviewer.core.scoring.sentences import split_sentences
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
