"""The question's technical vocabulary, and biasing recognition towards it.

Ways to bias (chosen by ``EngineConfig.vocabulary_mode``; the default, "check", asks the
model itself: :mod:`~interviewer.speech.term_check`, with only the spelling pass of
``correct_segments`` after it):

- ``glossary_prompt``: a short terms-only prompt ("Glossary: ResNet, Adam, ReLU.");
- ``correct_segments``: post-correction. A run of 1 to 3 words that Whisper was unsure of and
  that spells almost like one of the question's terms (after removing spaces, hyphens and case)
  is replaced by the term. Words heard with confidence are never touched, and only the
  question's own terms can be written, so an answer that never says "ResNet" does not get one
  (tested with answers that omit the terms and with look-alike words such as "reset").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from interviewer.core.transcript import Segment, Word

if TYPE_CHECKING:
    from interviewer.core.questions import Question

# Canonical spellings of deep-learning terms that speech recognition tends to get wrong.
TECH_TERMS = (
    "ResNet", "ResNets", "Adam", "AdamW", "RMSProp", "SGD", "ReLU", "leaky ReLU", "GELU", "ELU",
    "sigmoid", "tanh", "softmax", "dropout", "backpropagation", "batch normalisation",
    "batch norm", "layer normalisation", "layer norm", "BatchNorm", "convolution",
    "convolutional", "CNN", "RNN", "LSTM", "GRU", "transformer", "transformers",
    "self-attention", "attention", "encoder", "decoder", "embedding", "embeddings", "tokenizer",
    "BERT", "GPT", "ImageNet", "VGG", "U-Net", "YOLO", "GAN", "GANs", "autoencoder", "VAE",
    "overfitting", "underfitting", "regularisation", "L1", "L2", "weight decay",
    "early stopping", "gradient descent", "vanishing gradients", "exploding gradients",
    "learning rate", "momentum", "epoch", "epochs", "minibatch", "mini-batch", "hyperparameter",
    "hyperparameters", "cross-entropy", "logits", "precision", "recall", "F1", "AUC", "ROC",
    "GPU", "GPUs", "TPU", "PyTorch", "TensorFlow", "Keras", "ONNX", "CUDA", "perceptron",
    "pooling", "max pooling", "stride", "padding", "residual", "skip connections",
    "data augmentation", "transfer learning", "fine-tuning", "XGBoost", "SVM", "k-means",
    "PCA", "t-SNE", "quantisation", "distillation", "pruning", "Xavier", "He initialisation",
)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Za-z]")
_SQUASH = re.compile(r"[^a-z0-9]")


def squash(text: str) -> str:
    """Lower case, letters and digits only; British -ise spellings as -ize."""
    s = text.lower().replace("isation", "ization").replace("ise", "ize")
    return _SQUASH.sub("", s)


def _contains(haystack: str, term: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(term.lower())}(?![a-z0-9])",
                     haystack.lower()) is not None


def terms_for(question: Question | None) -> list[str]:
    """The technical terms a good answer to ``question`` may use, in canonical spelling.

    Taken from the rubric's concept labels and aliases (and the question text): every known
    term of :data:`TECH_TERMS` they mention, plus mixed-case words in the labels (AdamW,
    RMSProp) that the list does not know.
    """
    if question is None:
        return []
    texts = [question.text]
    if question.rubric is not None:
        for c in question.rubric.concepts:
            texts.append(c.label)
            texts.extend(c.aliases)
    blob = "\n".join(texts)
    found: dict[str, str] = {}
    for term in TECH_TERMS:
        if _contains(blob, term):
            found.setdefault(squash(term), term)
    labels = [question.text] + ([c.label for c in question.rubric.concepts]
                                if question.rubric else [])
    for text in labels:
        for raw in _TOKEN.findall(text):
            tok = re.sub(r"-(style|based|like|type)$", "", raw)
            mixed = any(ch.isupper() for ch in tok[1:]) and any(ch.islower() for ch in tok)
            if mixed:
                found.setdefault(squash(tok), tok)
    return list(found.values())


def glossary_prompt(terms: Sequence[str], limit: int = 12) -> str:
    return "Glossary: " + ", ".join(list(terms)[:limit]) + "."


@dataclass(frozen=True)
class CorrectionParams:
    min_similarity: float = 0.75
    max_probability: float = 0.6  # words heard more confidently than this are kept
    max_words: int = 3


def similarity(a: str, b: str) -> float:
    """How alike two spellings are, 0..1 (difflib's ratio)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _score(run: Sequence[Word], key: str) -> float:
    text = squash("".join(w.text for w in run))
    if not text or (text != key and text in key):
        return 0.0  # "propagation" may be all that was said: never extend it to a term
    return similarity(text, key)


def correct_words(words: Sequence[Word], terms: Iterable[str],
                  params: CorrectionParams | None = None) -> list[Word]:
    """Replace unsure runs of words that spell almost like a term (see module doc)."""
    p = params or CorrectionParams()
    keyed = [(t, squash(t)) for t in terms if squash(t)]
    out: list[Word] = []
    i = 0
    ws = list(words)
    while i < len(ws):
        best: tuple[float, int, str] | None = None
        for n in range(1, p.max_words + 1):
            run = ws[i:i + n]
            if len(run) < n:
                break
            text = squash("".join(w.text for w in run))
            if not text:
                continue
            probs = [w.probability for w in run if w.probability is not None]
            confident = bool(probs) and min(probs) > p.max_probability
            for term, key in keyed:
                if text == key and (n == 1 or not confident):
                    score = 1.0  # one word: only its spelling changes ("relu" -> "ReLU")
                elif confident or abs(len(text) - len(key)) > max(2, len(key) // 3):
                    continue
                else:
                    score = _score(run, key)
                if n > 1 and max(_score(run[1:], key), _score(run[:-1], key)) >= score:
                    continue  # an end word adds nothing: the shorter run is the match
                if score >= p.min_similarity and (best is None or score > best[0]
                                                  or (score == best[0] and n > best[1])):
                    best = (score, n, term)
        if best is None:
            out.append(ws[i])
            i += 1
            continue
        _, n, term = best
        run = ws[i:i + n]
        if n == 1 and run[0].text.strip(".,!?;:\"'") == term:
            out.append(run[0])
            i += 1
            continue
        lead = re.match(r"^[\"'(\[]*", run[0].text)
        trail = re.search(r"[.,!?;:\"')\]]*$", run[-1].text)
        text = (lead.group(0) if lead else "") + term + (trail.group(0) if trail else "")
        probs = [w.probability for w in run if w.probability is not None]
        out.append(Word(text, run[0].start, run[-1].end, min(probs) if probs else None))
        i += n
    return out


def correct_segments(segments: Sequence[Segment], terms: Sequence[str],
                     params: CorrectionParams | None = None) -> list[Segment]:
    out = []
    for s in segments:
        if not s.words:
            out.append(s)
            continue
        words = correct_words(s.words, terms, params)
        if words == list(s.words):
            out.append(s)
        else:
            out.append(Segment(" ".join(w.text for w in words), s.start, s.end, tuple(words)))
    return out
