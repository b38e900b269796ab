"""``interviewer doctor [--json]``: what works on this machine and what does not.

Exit status: 0 whenever the checks ran, even if some found problems. ``doctor`` is a report, not
a test: its job succeeded when it could say what is wrong, and a script that needs a verdict reads
``"ok"`` from ``--json`` (true only when every check passed). Problems are printed as ``PROBLEM``
lines, each followed by what to do.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.cli.context import CliContext
    from interviewer.doctor import Check


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "doctor",
        help="check what works on this machine (model, device, microphone, speaker, voice)",
        description="Check what works on this machine: the Whisper model, the compute device, "
        "the microphone and speaker, the text-to-speech voice, the data folder and the question "
        "banks. Exits 0 even when problems are found; with --json, \"ok\" says whether all "
        "checks passed.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.doctor import environment, run_checks

    checks = run_checks(ctx.paths, ctx.settings)
    env = environment()
    if args.json:
        doc = {**env, "ok": all(c.ok for c in checks), "checks": [c.to_dict() for c in checks]}
        print(json.dumps(doc, indent=2))
    else:
        print(render_text(checks, env))
    return 0


def render_text(checks: list[Check], env: dict[str, object]) -> str:
    """One line per check (``OK`` or ``PROBLEM``), each problem followed by its fix."""
    kind = "frozen build" if env.get("frozen") else f"Python {env.get('python')}"
    lines = [f"interviewer {env.get('version')} ({kind}, {env.get('platform')})"]
    width = max((len(c.name) for c in checks), default=0)
    for c in checks:
        lines.append(f"{'OK' if c.ok else 'PROBLEM':<8} {c.name:<{width}}  {c.summary}")
        if c.fix:
            prefix = "fix:" if not c.ok else "note:"
            lines.append(f"{'':<8} {'':<{width}}  {prefix} {c.fix}")
    problems = sum(not c.ok for c in checks)
    if problems:
        lines.append(f"{problems} problem{'s' if problems != 1 else ''} found; "
                     "the app still runs, without the parts named above.")
    else:
        lines.append("Everything works.")
    return "\n".join(lines)
