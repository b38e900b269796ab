"""Retrain the STAR-role classifier (interviewer/core/scoring/star_model.json):

    .venv/bin/python -m tests.bench.train_star_model

Trains on the corpus's train split (every story in its three renderings, cut into sentences
and clauses exactly as the scorer cuts them, each unit labelled with the gold role most of its
words carry); the transition weight and regularisation are chosen on the dev split, then the
chosen model is refitted on train + dev. The test split is never read. Two models are written:
one on the word-rule features alone (the fallback without an encoder) and one with the
sentence's meaning vector added.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from interviewer.core.scoring.sentences import split_sentences
from interviewer.core.scoring.star import role_features, rule_labels, sentence_norm
from interviewer.core.scoring.star_model import CLASSES, StarModel, decode
from interviewer.core.scoring.text import tokenize_words
from interviewer.core.transcript import Transcript
from tests.fixtures.scoring_corpus import RENDERINGS, Story, stories

OUT = Path(__file__).resolve().parents[2] / "interviewer" / "core" / "scoring" / "star_model.json"
PROTOTYPES_PER_ROLE = 12


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


def dataset(split: str, encoder: object | None) -> list[tuple[list[str], np.ndarray,
                                                              np.ndarray | None, np.ndarray]]:
    out = []
    for story in stories(split):
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


def transitions(data: list[tuple[list[str], np.ndarray, np.ndarray | None, np.ndarray]]
                ) -> tuple[list[float], list[list[float]]]:
    k = len(CLASSES)
    start = np.ones(k)
    trans = np.ones((k, k))
    for _norms, _f, _v, gold in data:
        start[gold[0]] += 1
        for a, b in itertools.pairwise(gold):
            trans[a, b] += 1
    start /= start.sum()
    trans /= trans.sum(1, keepdims=True)
    return np.log(start).round(4).tolist(), np.log(trans).round(4).tolist()


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


def main() -> int:
    from interviewer.meaning.encoder import MiniLMEncoder
    from interviewer.meaning.pack import model_dir, prepare
    from interviewer.paths import AppPaths

    models = AppPaths.default().models_dir
    prepare(models)
    encoder = MiniLMEncoder(model_dir(models)).load()
    train, dev = dataset("train", encoder), dataset("dev", encoder)
    print(f"train units {sum(len(d[3]) for d in train)}, dev units {sum(len(d[3]) for d in dev)}")
    start, trans = transitions(train)
    y = np.concatenate([d[3] for d in train])
    x_rules = np.concatenate([d[1] for d in train])
    x_meaning = np.concatenate([np.hstack([d[1], d[2]]) for d in train])  # type: ignore[list-item]
    y_dev = np.concatenate([d[3] for d in dev])
    x_dev = {"rules": np.concatenate([d[1] for d in dev]),
             "meaning": np.concatenate([np.hstack([d[1], d[2]]) for d in dev])}  # type: ignore[list-item]
    result: dict[str, object] = {"version": "2", "start": start, "transitions": trans}
    for name, x in (("rules", x_rules), ("meaning", x_meaning)):
        best: tuple[float, dict[str, object]] | None = None
        for l2 in (0.003, 0.03, 0.1, 0.3, 1.0):
            lin = fit_softmax(x, y, l2)
            for lam in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5):
                trial = dict(result)
                for n in ("rules", "meaning"):
                    trial[n] = {**lin, "transition_weight": lam}
                model = StarModel.from_dict(trial)
                acc = accuracy(model, dev, meaning=name == "meaning")
                if best is None or acc > best[0]:
                    best = (acc, {**lin, "transition_weight": lam, "l2": l2})
        assert best is not None
        print(f"{name}: dev accuracy {best[0]:.3f} (l2 {best[1]['l2']}, "
              f"transition weight {best[1]['transition_weight']})")
        # the chosen settings, refitted on train + dev (the test split is never read)
        x_all = np.concatenate([x, x_dev[name]])
        refit = fit_softmax(x_all, np.concatenate([y, y_dev]), float(best[1]["l2"]))  # type: ignore[arg-type]
        result[name] = {**refit, "transition_weight": best[1]["transition_weight"],
                        "l2": best[1]["l2"]}
        result[f"dev_accuracy_{name}"] = round(best[0], 4)
    model = StarModel.from_dict(result)
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
        for norm, f, v, g in zip(norms, feats, vecs, gold, strict=True):
            role = CLASSES[g]
            words = norm.split()
            if role == "other" or norm in seen or not 6 <= len(words) <= 16:
                continue
            seen.add(norm)
            p = float(np.exp(model.meaning.log_probs([*f.tolist(), *v.tolist()])[g]))
            best[role].append((p, norm))
    return {r: [t for _p, t in sorted(v, reverse=True)[:PROTOTYPES_PER_ROLE]]
            for r, v in best.items()}


if __name__ == "__main__":
    sys.exit(main())
