"""Scoring benchmark on the corpus's test split (or ``--split dev`` while developing):

    .venv/bin/python -m tests.bench.bench_scoring [--split test|dev|train] [--rules-only]

Prints, for the rules-only scorer and for the scorer with the sentence encoder side by side:
sentence-role accuracy and part-presence F1 (overall and per rendering), complete-vs-incomplete
story AUC, own-vs-other-rubric AUC, mean score of strong / vague / wrong / off-topic answers,
and the time per answer. The goals of issue 11 are printed beside the figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from interviewer.core.bank import load_bundled_bank
from tests.bench.scoring_eval import StarFigures, TechFigures, eval_answers, eval_stories
from tests.fixtures.scoring_corpus import RENDERINGS, answers, stories

GOALS = {
    "role accuracy": ">= 0.85", "part F1": ">= 0.92", "complete AUC": ">= 0.90",
    "own-rubric AUC": ">= 0.95", "wrong mean": "< 40 and < vague", "strong >= 70": "all",
    "false alarm": "low (strong or vague answer with a false claim reported)",
}


def _scorers(rules_only: bool) -> list[tuple[str, Callable[..., Any]]]:
    from interviewer.core.scoring.scorer import score_answer

    out: list[tuple[str, Callable[..., Any]]] = [
        ("rules", lambda text, question=None, kind=None: score_answer(
            text, question=question, kind=kind))]
    if not rules_only:
        encoder = _load_encoder()
        if encoder is not None:
            out.append(("rules+meaning", lambda text, question=None, kind=None: score_answer(
                text, question=question, kind=kind, encoder=encoder)))
    return out


def _load_encoder() -> Any:
    from interviewer.meaning.loading import load_encoder
    from interviewer.paths import AppPaths

    t0 = time.perf_counter()
    enc = load_encoder(AppPaths.default().models_dir)
    print(f"sentence encoder loaded in {time.perf_counter() - t0:.1f} s")
    return enc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--no-cross", action="store_true", help="skip the own-vs-other AUC (slow)")
    args = ap.parse_args(argv)
    bank = load_bundled_bank()
    lookup = bank.get
    technical = [q.id for q in bank.questions if q.kind == "technical"]
    st, an = stories(args.split), answers(args.split)
    print(f"split {args.split}: {len(st)} stories ({sum(len(s.sentences) for s in st)} "
          f"sentences), {len(an)} technical answers")
    rows: dict[str, dict[str, str]] = {}
    for name, score in _scorers(args.rules_only):
        star = {r: eval_stories(st, score, lookup, r) for r in RENDERINGS}
        tech = {r: eval_answers(an, score, lookup, technical, r,
                                cross=not args.no_cross and r == "clean") for r in RENDERINGS}
        rows[name] = _row(star, tech)
        _details(name, star)
    _table(rows)
    return 0


def _row(star: dict[str, StarFigures], tech: dict[str, TechFigures]) -> dict[str, str]:
    correct = sum(f.correct for f in star.values())
    total = sum(f.sentences for f in star.values())
    tp = sum(f.tp for f in star.values())
    fp = sum(f.fp for f in star.values())
    fn = sum(f.fn for f in star.values())
    row = {"role accuracy": f"{correct / total:.3f} ("
           + " / ".join(f"{f.accuracy:.2f}" for f in star.values()) + ")",
           "part F1": f"{2 * tp / (2 * tp + fp + fn):.3f} ("
           + " / ".join(f"{f.part_f1:.2f}" for f in star.values()) + ")",
           "complete AUC": " / ".join(f"{f.complete_auc:.3f}" for f in star.values()),
           "own-rubric AUC": f"{tech['clean'].own_auc:.3f}"}
    for v in ("strong", "vague", "wrong", "off_topic"):
        row[f"{v} mean"] = " / ".join(f"{t.mean(v):.1f}" for t in tech.values())
    row["strong >= 70"] = " / ".join(f"{t.share_at_least('strong', 70):.2f}"
                                     for t in tech.values())
    row["wrong < 40"] = " / ".join(f"{t.share_below('wrong', 40):.2f}" for t in tech.values())
    row["false alarm"] = " / ".join(f"{t.flag_rate('strong', 'vague'):.2f}"
                                    for t in tech.values())
    row["wrong flagged"] = " / ".join(f"{t.flag_rate('wrong'):.2f}" for t in tech.values())
    secs = [s for f in (*star.values(), *tech.values()) for s in f.seconds]
    row["ms per answer"] = f"{1000 * statistics.median(secs):.1f} median, " \
                           f"{1000 * max(secs):.0f} max"
    return row


def _details(name: str, star: dict[str, StarFigures]) -> None:
    f = star["clean"]
    print(f"\n[{name}] clean rendering: gold label -> predicted (counts)")
    for (gold, got), n in sorted(f.confusion.items()):
        if gold != got:
            print(f"  {gold:>9} -> {got:<9} {n}")


def _table(rows: dict[str, dict[str, str]]) -> None:
    names = list(rows)
    keys = list(next(iter(rows.values())))
    print("\nfigures (per rendering: clean / spoken / unpunctuated)")
    width = max(len(k) for k in keys)
    print(f"{'measure':<{width}} | " + " | ".join(names) + " | goal")
    for k in keys:
        print(f"{k:<{width}} | " + " | ".join(rows[n][k] for n in names)
              + f" | {GOALS.get(k, '')}")


if __name__ == "__main__":
    sys.exit(main())
