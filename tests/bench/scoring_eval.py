"""Figures of the scorer on the scoring corpus (used by ``bench_scoring`` and the tests).

- STAR: sentence-role accuracy (each gold sentence takes the label most of its words got),
  part-presence F1 over (story, part) pairs, and the AUC of the overall score for complete
  stories against incomplete ones and non-stories;
- technical: own-vs-other-rubric AUC of strong answers (each scored against its own question
  and every other technical question), mean score per verdict, share of wrong answers under 40.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.fixtures.scoring_corpus import PARTS, RENDERINGS, Answer, Story

ScoreFn = Callable[..., Any]  # score(text, question=Question|None, kind=str|None) -> ScoreResult


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass
class StarFigures:
    rendering: str
    sentences: int = 0
    correct: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    complete_scores: list[float] = field(default_factory=list)
    incomplete_scores: list[float] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.sentences if self.sentences else float("nan")

    @property
    def part_f1(self) -> float:
        return f1(self.tp, self.fp, self.fn)

    @property
    def complete_auc(self) -> float:
        return auc(self.complete_scores, self.incomplete_scores)


def predicted_labels(result: Any, gold_word_counts: Sequence[int]) -> list[str]:
    """The label of each gold sentence: the one most of its words got from the scorer."""
    word_labels: list[str] = []
    for s in result.sentences:
        word_labels += [s.label or "other"] * len(s.text.split())
    out = []
    at = 0
    for n in gold_word_counts:
        got = Counter(word_labels[at: at + n])
        at += n
        out.append(got.most_common(1)[0][0] if got else "other")
    return out


def eval_stories(stories: Sequence[Story], score: ScoreFn, lookup: Callable[[str], Any],
                 rendering: str) -> StarFigures:
    fig = StarFigures(rendering)
    for st in stories:
        texts = st.sentence_texts(rendering)
        question = lookup(st.question) if st.question else None
        t0 = time.perf_counter()
        result = score(" ".join(texts), question=question,
                       kind=None if question else "behavioral")
        fig.seconds.append(time.perf_counter() - t0)
        pred = predicted_labels(result, [len(t.split()) for t in texts])
        for gold, got in zip(st.sentences, pred, strict=True):
            fig.sentences += 1
            fig.correct += gold.label == got
            fig.confusion[(gold.label, got)] += 1
        for part in PARTS:
            has = bool(result.star.part(part).present)
            want = part in st.expected_parts
            fig.tp += has and want
            fig.fp += has and not want
            fig.fn += want and not has
        (fig.complete_scores if st.complete else fig.incomplete_scores).append(
            float(result.overall))
    return fig


@dataclass
class TechFigures:
    rendering: str
    by_verdict: dict[str, list[float]] = field(default_factory=dict)
    own: list[float] = field(default_factory=list)
    other: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    flagged: dict[str, list[bool]] = field(default_factory=dict)  # a false claim was stated

    def flag_rate(self, *verdicts: str) -> float:
        got = [f for v in verdicts for f in self.flagged.get(v) or []]
        return sum(got) / len(got) if got else float("nan")

    def mean(self, verdict: str) -> float:
        got = self.by_verdict.get(verdict) or []
        return statistics.fmean(got) if got else float("nan")

    def median(self, verdict: str) -> float:
        got = self.by_verdict.get(verdict) or []
        return statistics.median(got) if got else float("nan")

    def share_below(self, verdict: str, limit: float) -> float:
        got = self.by_verdict.get(verdict) or []
        return sum(1 for x in got if x < limit) / len(got) if got else float("nan")

    def share_at_least(self, verdict: str, limit: float) -> float:
        got = self.by_verdict.get(verdict) or []
        return sum(1 for x in got if x >= limit) / len(got) if got else float("nan")

    @property
    def own_auc(self) -> float:
        return auc(self.own, self.other)


def eval_answers(answers: Sequence[Answer], score: ScoreFn, lookup: Callable[[str], Any],
                 technical_ids: Sequence[str], rendering: str,
                 *, cross: bool = True) -> TechFigures:
    fig = TechFigures(rendering)
    for a in answers:
        text = a.text(rendering)
        t0 = time.perf_counter()
        result = score(text, question=lookup(a.question), kind=None)
        fig.seconds.append(time.perf_counter() - t0)
        fig.by_verdict.setdefault(a.verdict, []).append(float(result.overall))
        fig.flagged.setdefault(a.verdict, []).append(
            any(not m.negated for m in result.misconceptions))
        if a.verdict == "strong" and cross:
            fig.own.append(float(result.overall))
            for qid in technical_ids:
                if qid != a.question:
                    fig.other.append(float(score(text, question=lookup(qid),
                                                 kind=None).overall))
    return fig


__all__ = ["RENDERINGS", "StarFigures", "TechFigures", "auc", "eval_answers", "eval_stories"]
