"""Technical vocabulary: terms from the rubric, post-correction, and no insertions."""

from __future__ import annotations

from interviewer.core.questions import Concept, Question, Rubric
from interviewer.core.transcript import Word
from interviewer.speech.vocabulary import correct_words, glossary_prompt, terms_for


def question() -> Question:
    return Question("qx", "How do you train a very deep network?", "fundamentals", "technical", 90,
                    rubric=Rubric((
                        Concept("res", "Residual (skip) connections, as in ResNets",
                                aliases=("resnet", "skip connections")),
                        Concept("opt", "Adam: momentum plus RMSProp-style scaling",
                                aliases=("adam", "sgd")),
                        Concept("act", "ReLU activations", aliases=("relu", "leaky relu")),
                        Concept("reg", "Dropout", aliases=("dropout",)),
                    )))


def test_terms_for_gives_canonical_spellings():
    terms = terms_for(question())
    for t in ("ResNet", "ResNets", "Adam", "SGD", "ReLU", "leaky ReLU", "dropout", "RMSProp",
              "skip connections"):
        assert t in terms
    assert "RMSProp-style" not in terms
    assert terms_for(None) == []
    assert glossary_prompt(["ResNet", "Adam"]) == "Glossary: ResNet, Adam."


def words(*spec: tuple[str, float]) -> list[Word]:
    return [Word(t, i * 0.5, i * 0.5 + 0.4, p) for i, (t, p) in enumerate(spec)]


def test_unsure_lookalikes_are_corrected():
    out = correct_words(words(("the", 0.9), ("real", 0.4), ("U", 0.25), ("activation.", 0.5)),
                        ["ReLU"])
    assert [w.text for w in out] == ["the", "ReLU", "activation."]
    assert out[1].start == 0.5 and out[1].end == 1.4
    out = correct_words(words(("map", 0.5), ("normalization,", 0.4)), ["batch normalisation"])
    assert [w.text for w in out] == ["batch normalisation,"]
    out = correct_words(words(("drop", 0.6), ("out", 0.3)), ["dropout"])
    assert [w.text for w in out] == ["dropout"]
    out = correct_words(words(("resnet", 0.9)), ["ResNet"])
    assert [w.text for w in out] == ["ResNet"]  # one word: only the spelling changes


def test_confident_words_and_fragments_are_kept():
    said = words(("I", 0.9), ("had", 0.9), ("to", 0.9), ("reset", 0.95), ("it", 0.9))
    assert correct_words(said, ["ResNet"]) == said
    verb = words(("drop", 0.95), ("out", 0.9), ("of", 0.9))
    assert correct_words(verb, ["dropout"]) == verb
    frag = words(("forward", 0.5), ("propagation", 0.4))
    assert correct_words(frag, ["backpropagation"]) == frag
    other = words(("atom", 0.3))
    assert correct_words(other, ["ResNet", "ReLU"]) == other
