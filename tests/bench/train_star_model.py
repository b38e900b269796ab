"""Retrain the sentence-break model and the STAR-role classifier
(interviewer/core/scoring/break_model.json and star_model.json):

    .venv/bin/python -m tests.bench.train_star_model [--no-refit]

First the break model (where sentences end in unpunctuated speech, see
``interviewer/core/scoring/breaks.py``): trained on the train split's stories and technical
answers rendered without punctuation, the breaks taken from the spoken rendering's full stops and
the gold sentences; its offset and length-prior weight were chosen on the dev split (the
segmentation's ceiling: each unit given its majority gold role). Then the role classifier:
trains on the corpus's train split (every story in its three renderings, cut into sentences
and clauses exactly as the scorer cuts them, each unit labelled with the gold role most of its
words carry); the transition weight, the regularisation and the pseudo-count that keeps steps the
corpus lacks possible (situation -> result) are chosen by leave-one-author-out
cross-validation over train + dev (``tests/bench/role_selection.py``), among the settings that
keep every step between roles possible (``star_model.MAX_STEP_COST``), then the chosen model is
fitted on train + dev (``--no-refit`` fits it on train only, so that dev figures stay honest
while developing). The test split is never read. Two models are written: one on the word-rule
features alone (the fallback without an encoder) and one with the sentence's meaning vector
added (both with their neighbours', see ``star_model.py``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from interviewer.core.scoring.breaks import break_features, bundled_break_model
from interviewer.core.scoring.sentences import clause_starts, split_sentences
from interviewer.core.scoring.star import role_features, rule_labels, sentence_norm
from interviewer.core.scoring.star_model import (
    CLASSES,
    StarModel,
    decode,
    inputs,
    model_inputs,
    steps_stay_possible,
)
from interviewer.core.scoring.text import PURE_FILLERS, Token, tokenize_words
from interviewer.core.transcript import Transcript
from tests.bench.role_selection import Unit, cross_validate, fast_accuracy
from tests.fixtures.scoring_corpus import RENDERINGS, Story, answers, splits, stories, unpunctuate

PACKAGE = Path(__file__).resolve().parents[2] / "interviewer" / "core" / "scoring"
OUT = PACKAGE / "star_model.json"
BREAKS_OUT = PACKAGE / "break_model.json"
PROTOTYPES_PER_ROLE = 12
# break model: words seen this often are features by themselves (rarer ones by their shape);
# the offset and the length prior's weight were chosen on dev (see the module docstring)
BREAK_MIN_COUNT = 5
BREAK_L2 = 1e-5
BREAK_STEPS = 400
BREAK_MAX_LEN = 60
BREAK_OFFSET = 3.0  # with the length-prior weight: dev ceiling 0.94 (word rules 0.90)
BREAK_PRIOR_WEIGHT = 0.5
BREAK_MIN_WEIGHT = 0.2  # smaller weights are left out of the file (no loss on dev)
# role model: settings tried on dev (regularisation, weight of the transition costs, and the
# pseudo-count added to every transition count)
L2 = (0.003, 0.03, 0.1, 0.3, 1.0)
TRANSITION_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
SMOOTHING = (1.0, 10.0, 30.0, 100.0)
# the classifier's inputs (see star_model.py): the neighbours' features and the centred meaning
# vector, chosen by leave-one-author-out cross-validation over train + dev
CONTEXT = True
CENTRE = True
_END = re.compile(r"[.?!…]+[\"')\]]*$")


def unpunctuated_with_breaks(pieces: list[str]) -> tuple[str, set[int]]:
    """The unpunctuated rendering of spoken ``pieces`` (each starts a sentence) and the indexes
    of its words that start a sentence (a piece's start or a word after a full stop)."""
    words: list[str] = []
    starts: set[int] = set()
    for piece in pieces:
        new = True
        for w in piece.split():
            got = unpunctuate(w).split()
            if got:
                if new and words:
                    starts.add(len(words))
                new = False
                words += got
            if _END.search(w):
                new = True
    return " ".join(words), starts


def break_examples(split: str) -> list[tuple[list[Token], set[int]]]:
    """(tokens, indexes of tokens that start a sentence) of every unpunctuated answer."""
    texts = [unpunctuated_with_breaks([s.spoken for s in st.sentences]) for st in stories(split)]
    texts += [unpunctuated_with_breaks([a.spoken]) for a in answers(split)]
    out = []
    for text, starts in texts:
        tokens = tokenize_words(Transcript.from_text(text).words)
        out.append((tokens, {i for i in range(1, len(tokens)) if tokens[i].word in starts
                             and tokens[i - 1].word != tokens[i].word}))
    return out


def fit_logistic(rows: list[list[int]], y: list[int], n_features: int, l2: float,
                 steps: int) -> np.ndarray:
    """Binary logistic regression over sparse binary features (full-batch Adam)."""
    idx = np.concatenate([np.array(r, dtype=np.int64) for r in rows])
    row = np.concatenate([np.full(len(r), k) for k, r in enumerate(rows)])
    target = np.array(y, dtype=float)
    w, m, v = np.zeros(n_features), np.zeros(n_features), np.zeros(n_features)
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-np.bincount(row, weights=w[idx], minlength=len(rows))))
        g = np.bincount(idx, weights=((p - target) / len(rows))[row], minlength=n_features)
        g += l2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= 0.1 * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def train_breaks() -> dict[str, object]:
    examples = break_examples("train")
    counts = Counter(t.norm for tokens, _ in examples for t in tokens)
    vocab = frozenset(w for w, c in counts.items() if c >= BREAK_MIN_COUNT)
    feats = [(break_features(tokens, vocab, clause_starts(tokens)), starts)
             for tokens, starts in examples]
    seen = Counter(f for fl, _ in feats for one in fl for f in one)
    names = sorted(f for f, c in seen.items() if c >= 2)
    at = {f: i for i, f in enumerate(names)}
    rows, y = [], []
    for fl, starts in feats:
        for i, one in enumerate(fl):
            if one:
                rows.append([at[f] for f in one if f in at])
                y.append(int(i in starts))
    w = fit_logistic(rows, y, len(names), BREAK_L2, BREAK_STEPS)
    lengths: list[int] = []
    for tokens, starts in examples:
        n = 0
        for i, t in enumerate(tokens):
            if i in starts:
                lengths.append(n)
                n = 0
            n += t.norm not in PURE_FILLERS
        lengths.append(n)
    hist = np.bincount(np.clip(lengths, 1, BREAK_MAX_LEN), minlength=BREAK_MAX_LEN + 1)[1:]
    smooth = np.convolve(hist.astype(float), np.ones(7) / 7, mode="same") + 0.5
    weights = {f: round(float(x), 2) for f, x in zip(names, w, strict=True)
               if abs(x) >= BREAK_MIN_WEIGHT}
    used = {word for f in weights for value in f.split("=", 1)[1:] for word in value.split("_")}
    vocab = frozenset(vocab & used)
    print(f"break model: {len(rows)} gaps ({sum(y)} breaks), vocabulary {len(vocab)}, "
          f"{len(weights)} weights")
    return {"version": "1", "vocab": sorted(vocab), "weights": weights,
            "length_prior": np.log(smooth / smooth.sum()).round(3).tolist(),
            "prior_weight": BREAK_PRIOR_WEIGHT, "offset": BREAK_OFFSET}


def units(story: Story, rendering: str) -> tuple[list[str], list[list[float]], list[int]]:
    """(norm text, features, gold class index) of each unit the scorer cuts the story into."""
    texts = story.sentence_texts(rendering)
    gold_of_word = [CLASSES.index(s.label) for s, t in zip(story.sentences, texts, strict=True)
                    for _ in t.split()]
    transcript = Transcript.from_text(" ".join(texts))
    tokens = tokenize_words(transcript.words)
    sentences = split_sentences(tokens, transcript.words)
    feats = role_features(tokens, sentences, rule_labels(tokens, sentences))
    norms, gold = [], []
    for s in sentences:
        words = [t.word for t in tokens[s.start:s.end]]
        votes = Counter(gold_of_word[w] for w in words)
        gold.append(votes.most_common(1)[0][0] if votes else CLASSES.index("other"))
        norms.append(sentence_norm(tokens, s))
    return norms, feats, gold


def dataset_of(chosen: list[Story], encoder: object | None) -> list[Unit]:
    out = []
    for story in chosen:
        for r in RENDERINGS:
            norms, feats, gold = units(story, r)
            if not norms:
                continue
            vecs = np.array(encoder.encode(norms)) if encoder is not None else None  # type: ignore[attr-defined]
            out.append((norms, np.array(feats, dtype=float), vecs, np.array(gold)))
    return out


def fit_softmax(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 1500) -> dict[str, object]:
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    n, d = z.shape
    k = len(CLASSES)
    w = np.zeros((k, d))
    b = np.zeros(k)
    onehot = np.eye(k)[y]
    counts = np.bincount(y, minlength=k).astype(float)
    sample_w = (n / (k * np.maximum(counts, 1)))[y] ** 0.5  # soften class imbalance
    m_w, v_w, m_b, v_b = (np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b))
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, steps + 1):
        logits = z @ w.T + b
        logits -= logits.max(1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) * sample_w[:, None] / n
        gw = g.T @ z + l2 * w
        gb = g.sum(0)
        m_w = b1 * m_w + (1 - b1) * gw
        v_w = b2 * v_w + (1 - b2) * gw * gw
        m_b = b1 * m_b + (1 - b1) * gb
        v_b = b2 * v_b + (1 - b2) * gb * gb
        w -= lr * (m_w / (1 - b1 ** t)) / (np.sqrt(v_w / (1 - b2 ** t)) + 1e-8)
        b -= lr * (m_b / (1 - b1 ** t)) / (np.sqrt(v_b / (1 - b2 ** t)) + 1e-8)
    return {"mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "weights": w.round(5).tolist(), "bias": b.round(5).tolist()}


def transitions(data: list[tuple[list[str], np.ndarray, np.ndarray | None, np.ndarray]],
                smoothing: float = 1.0) -> tuple[list[float], list[list[float]]]:
    """Log start and transition probabilities, counted on ``data`` with ``smoothing`` added to
    every count: the corpus never goes straight from a situation to a result, but people do
    (a story with its task and action left out), so a step it lacks must stay possible."""
    k = len(CLASSES)
    start = np.full(k, smoothing)
    trans = np.full((k, k), smoothing)
    for _norms, _f, _v, gold in data:
        start[gold[0]] += 1
        for a, b in itertools.pairwise(gold):
            trans[a, b] += 1
    start /= start.sum()
    trans /= trans.sum(1, keepdims=True)
    return np.log(start).round(4).tolist(), np.log(trans).round(4).tolist()


def model_rows(feats: np.ndarray, vecs: np.ndarray | None) -> np.ndarray:
    """A story's classifier inputs, built exactly as the scorer builds them."""
    return np.array(inputs(feats.tolist(), None if vecs is None else vecs.tolist(),
                           context=CONTEXT, centre=CENTRE))


def rows_for(name: str) -> Callable[[Unit], np.ndarray]:
    """The inputs of the "meaning" or the "rules" model for one story."""
    return lambda u: model_rows(u[1], u[2] if name == "meaning" else None)


def accuracy(model: StarModel, data: list[tuple[list[str], np.ndarray, np.ndarray | None,
                                                 np.ndarray]], meaning: bool) -> float:
    right = total = 0
    for _norms, feats, vecs, gold in data:
        got = decode(model, feats.tolist(), vecs.tolist() if meaning and vecs is not None
                     else None)
        for d, g in zip(got, gold, strict=True):
            right += (d.label or "other") == CLASSES[g]
            total += 1
    return right / total


def main(argv: list[str] | None = None, encoder: object | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-refit", action="store_true",
                    help="keep the train-only fit (dev figures stay honest)")
    args = ap.parse_args(argv)
    BREAKS_OUT.write_text(json.dumps(train_breaks(), separators=(",", ":")) + "\n",
                          encoding="utf-8")
    bundled_break_model.cache_clear()
    print(f"wrote {BREAKS_OUT} ({BREAKS_OUT.stat().st_size // 1024} KiB)")
    if encoder is None:
        from interviewer.meaning.encoder import MiniLMEncoder
        from interviewer.meaning.pack import model_dir, prepare
        from interviewer.paths import AppPaths

        models = AppPaths.default().models_dir
        prepare(models)
        encoder = MiniLMEncoder(model_dir(models)).load()
    by_author = {a: dataset_of([st for st in stories(split) if st.author == a], encoder)
                 for split in ("train", "dev") for a in splits()["star"][split]}
    train = [u for a in splits()["star"]["train"] for u in by_author[a]]
    dev = [u for a in splits()["star"]["dev"] for u in by_author[a]]
    print(f"train units {sum(len(d[3]) for d in train)}, dev units {sum(len(d[3]) for d in dev)}")
    final = train if args.no_refit else train + dev
    result: dict[str, object] = {"version": "3", "context": CONTEXT, "centred": CENTRE}
    chosen: dict[str, tuple[float, float, float]] = {}
    # the meaning model (the app's) chooses the transitions' smoothing; the rules model shares it
    for name in ("meaning", "rules"):
        rows = rows_for(name)
        smoothings = SMOOTHING if name == "meaning" else (chosen["meaning"][2],)
        scores = cross_validate(by_author, rows, fit_softmax=fit_softmax,
                                transitions=transitions, l2s=L2, weights=TRANSITION_WEIGHTS,
                                smoothings=smoothings)
        # a story may skip parts (a situation straight to its result): settings whose decoding
        # would all but bar some step are left out (tests/core/scoring/test_star.py)
        counted = {a: transitions(final, a) for a in smoothings}
        allowed = {k: v for k, v in scores.items() if steps_stay_possible(k[1], *counted[k[2]])}
        (l2, lam, alpha), acc = max(allowed.items(), key=lambda kv: kv[1])
        chosen[name] = (l2, lam, alpha)
        print(f"{name}: cross-validated accuracy {acc:.3f} (l2 {l2}, transition weight {lam}, "
              f"smoothing {alpha}; {len(by_author)} authors held out in turn)")
        fit = fit_softmax(np.concatenate([rows(u) for u in final]),
                          np.concatenate([u[3] for u in final]), l2)
        result[name] = {**fit, "transition_weight": lam, "l2": l2}
        result[f"cv_accuracy_{name}"] = round(acc, 4)
    result["start"], result["transitions"] = transitions(final, chosen["meaning"][2])
    result["smoothing"] = chosen["meaning"][2]
    model = StarModel.from_dict(result)
    for name in ("meaning", "rules"):  # the grid's fast decoding is the scorer's decoding
        exact = accuracy(model, dev, meaning=name == "meaning")
        assert abs(exact - fast_accuracy(result, name, dev, rows_for(name))) < 1e-9
        print(f"{name}: dev accuracy {exact:.3f}"
              + (" (trained on train only)" if args.no_refit else " (dev is in the fit)"))
    result["prototypes"] = prototypes(model, train)
    OUT.write_text(json.dumps(result, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")
    return 0


def prototypes(model: StarModel, data: list[tuple[list[str], np.ndarray, np.ndarray | None,
                                                   np.ndarray]]) -> dict[str, list[str]]:
    """Per role, clean training sentences the model is surest of (quoted in reasons)."""
    best: dict[str, list[tuple[float, str]]] = {c: [] for c in CLASSES[:4]}
    seen: set[str] = set()
    assert model.meaning is not None
    for norms, feats, vecs, gold in data:
        assert vecs is not None
        inputs = model_inputs(model, feats.tolist(), vecs.tolist())
        for norm, x, g in zip(norms, inputs, gold, strict=True):
            role = CLASSES[g]
            words = norm.split()
            if role == "other" or norm in seen or not 6 <= len(words) <= 16:
                continue
            seen.add(norm)
            p = float(np.exp(model.meaning.log_probs(x)[g]))
            best[role].append((p, norm))
    return {r: [t for _p, t in sorted(v, reverse=True)[:PROTOTYPES_PER_ROLE]]
            for r, v in best.items()}


if __name__ == "__main__":
    sys.exit(main())
