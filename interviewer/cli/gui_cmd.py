"""``interviewer gui`` (and ``interviewer`` with no command): the desktop app."""

from __future__ import annotations

import argparse

from interviewer.cli.context import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("gui", help="open the desktop app (the default)",
                            description="Open the desktop app to practise answers.")
    parser.add_argument("--smoke-exit-after", type=int, metavar="MS", default=None,
                        help=argparse.SUPPRESS)  # close by itself: smoke tests of builds
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.gui.application import run as run_app

    return run_app(None, paths=ctx.paths, settings=ctx.settings,
                   exit_after_ms=getattr(args, "smoke_exit_after", None))
