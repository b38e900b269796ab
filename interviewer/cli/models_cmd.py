"""`interviewer models [--json]`, `interviewer models prepare NAME` and
`interviewer models recommend [--json] [--apply]` (in recommend_cmd)."""

from __future__ import annotations

import argparse
import json

from interviewer.cli import recommend_cmd
from interviewer.cli.context import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("models", help="list Whisper models and prepare them offline")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    msub = p.add_subparsers(dest="models_action", metavar="ACTION")
    prep = msub.add_parser("prepare", help="convert an installed offline pack (or download it "
                                           "if downloads are allowed)")
    prep.add_argument("name", metavar="NAME")
    prep.add_argument("--json", action="store_true", help="print one JSON document")
    recommend_cmd.register(msub)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.cli.speech_support import build_catalogue, stderr_progress

    if getattr(args, "models_action", None) == "recommend":
        return recommend_cmd.run(args, ctx)
    cat = build_catalogue(ctx)
    if getattr(args, "models_action", None) == "prepare":
        path = cat.prepare(args.name, stderr_progress(f"preparing {args.name}"))
        st = cat.status(args.name)
        if args.json:
            print(json.dumps(st.to_dict(), indent=1))
        else:
            print(f"{args.name}: ready ({path})")
        return 0
    rows = cat.statuses()
    current = ctx.settings.model
    if args.json:
        print(json.dumps({"current": current, "models": [r.to_dict() for r in rows]}, indent=1))
        return 0
    for r in rows:
        mark = "*" if r.name == current else " "
        where = str(r.path) if r.path else r.source
        print(f"{mark} {r.name:<8} {r.state.value:<12} {where}")
    return 0
