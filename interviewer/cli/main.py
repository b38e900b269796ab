"""The ``interviewer`` command. Each subcommand lives in its own module under ``cli/``.

A command module defines ``register(subparsers)``, which adds its parser and sets
``handler=run`` where ``run(args, ctx) -> int``. Heavy libraries are imported inside ``run``,
never at import time, so ``interviewer --help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from interviewer import __version__
from interviewer.cli.context import CliContext
from interviewer.core.errors import InterviewerError

log = logging.getLogger(__name__)

COMMAND_MODULES = (
    "gui_cmd",
    "questions_cmd",
    "score_cmd",
    "transcribe_cmd",
    "models_cmd",
    "audio_cmd",
    "practice_cmd",
    "doctor_cmd",
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="Practise spoken job-interview answers offline. No command: open the app.",
    )
    parser.add_argument("--version", action="version", version=f"interviewer {__version__}")
    parser.add_argument("--data-dir", help="where attempts are kept (default: the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"interviewer.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from interviewer.logging_setup import setup_logging
    from interviewer.paths import AppPaths
    from interviewer.settings import Settings

    paths = AppPaths.default(args.data_dir)
    settings = Settings.load(paths.config_dir)
    if args.data_dir is None and settings.data_dir:
        paths = AppPaths.default(settings.data_dir)
    setup_logging(paths.log_dir, verbose=args.verbose)
    ctx = CliContext(paths=paths, settings=settings)
    if args.command is None:
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "gui"])
    try:
        return int(args.handler(args, ctx))
    except InterviewerError as exc:
        log.info("command failed: %s", exc, exc_info=True)
        print(f"interviewer: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interviewer: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `interviewer questions --json | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the boundary: log the traceback, show one sentence
        log.exception("unexpected error")
        print(
            f"interviewer: unexpected error ({type(exc).__name__}: {exc}); "
            f"details are in the log in {paths.log_dir}.",
            file=sys.stderr,
        )
        return 1
