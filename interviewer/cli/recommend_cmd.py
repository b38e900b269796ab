"""`interviewer models recommend [--json] [--apply]`: measure this computer, choose the model.

Progress goes to stderr; stdout gets a table of the figures and the choice with its reason, or
with ``--json`` the recommendation document (its shape is in the README). ``--apply`` writes
the choice into the settings. Exit 2 when no model could be measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from interviewer.cli.context import CliContext

if TYPE_CHECKING:
    from interviewer.speech.model_figures import ModelFigures
    from interviewer.speech.recommend import Recommendation


def register(msub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rec = msub.add_parser("recommend", help="time each installed model on this computer and "
                                            "choose the most accurate one that is fast enough")
    rec.add_argument("--json", action="store_true", help="print one JSON document")
    rec.add_argument("--apply", action="store_true", help="use the chosen model from now on")


def _progress(fraction: float, message: str, last: list[str]) -> None:
    if message and message != last[0]:
        last[0] = message
        print(f"measuring: {round(fraction * 100):3d}% {message}", file=sys.stderr, flush=True)


def _num(value: float | None, fmt: str, unit: str = "") -> str:
    return "-" if value is None else f"{value:{fmt}}{unit}"


def _verdict(f: ModelFigures) -> str:
    if f.meets_targets is None:
        return "-"
    text = "yes" if f.meets_targets else "no"
    return f"{text}, beam too" if f.meets_with_beam else text


def format_recommendation(rec: Recommendation) -> list[str]:
    """The figures as a table, then the choice, its reason and any offer."""
    head = ("model", "ready in", "1st words", "12 s tail", "RTF", "+fillers", "beam tail",
            "memory", "WER", "meets targets")
    rows = [head]
    for f in rec.models:
        rows.append((f.name, _num(f.load_s, ".1f", " s"), _num(f.first_words_s, ".2f", " s"),
                     _num(f.tail_s, ".2f", " s"), _num(f.rtf, ".2f"), _num(f.rtf_fillers, ".2f"),
                     _num(f.beam_tail_s, ".2f", " s"), _num(f.memory_mb, ".0f", " MB"),
                     _num(f.wer, ".3f"), _verdict(f)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    t = rec.targets
    lines.append(f"targets: 12 s tail <= {t.tail_s:g} s, first words <= {t.first_words_s:g} s, "
                 f"RTF{' with fillers' if rec.fillers else ''} <= {t.max_rtf:g}; measured on "
                 f"{rec.device} with a {rec.clip_s:.0f} s clip")
    lines.extend(f"{f.name}: {f.note}" for f in rec.models if f.note)
    lines.append("")
    if rec.model:
        search = f"beam search {rec.beam_size}" if rec.beam_size else "greedy"
        lines.append(f"Recommended: {rec.model} ({search}).")
    lines.append(rec.reason)
    if rec.offer is not None:
        lines.append(f"Could do better: {rec.offer.why} To get it: {rec.offer.how}.")
    return lines


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.speech_setup import apply_recommendation, build_recommender

    recommender = build_recommender(ctx.settings, ctx.paths)
    last = [""]
    rec = recommender.measure(progress=lambda f, m: _progress(f, m, last))
    applied = False
    if args.apply and rec.model is not None:
        applied = apply_recommendation(ctx.settings, rec)
        ctx.settings.save(ctx.paths.config_dir)
    if args.json:
        print(json.dumps(rec.to_dict(), indent=1))
    else:
        for line in format_recommendation(rec):
            print(line)
        if args.apply and rec.model is not None:
            print(f"Settings now use {rec.model}." if applied else
                  f"Settings already use {rec.model}.")
        elif rec.model is not None:
            print("Run `interviewer models recommend --apply` (or \"Use the recommended model\" in "
                  "Settings) to use it.")
    return 0 if rec.model is not None else 2
