"""``interviewer questions [--bank FILE] [--json]``: list the questions of a bank.

Without ``--bank`` the bundled deep-learning bank is listed. The default output is a table
(id, kind, category, target length, text); ``--json`` prints one document with the bank's
metadata and every question with its guidance, tip and rubric. A broken bank raises
:class:`~interviewer.core.bank.BankError` (printed by ``main`` as one line, exit 2), so this
command also checks a bank a person wrote.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.cli.context import CliContext
    from interviewer.core.questions import QuestionBank

HEADERS = ("ID", "KIND", "CATEGORY", "TARGET", "QUESTION")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "questions",
        help="list the questions of the bundled bank or of your own TOML bank",
        description="List the questions of a question bank: the bundled deep-learning bank, "
        "or your own TOML file with --bank (which also checks it: a broken file is reported "
        "with its line and what is wrong).",
    )
    parser.add_argument("--bank", metavar="FILE", help="a question bank TOML file of your own")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document: the bank and every question with its "
                        "guidance, tip and rubric")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.core.bank import bank_to_dict, load_bank, load_bundled_bank

    bank = load_bank(args.bank) if args.bank else load_bundled_bank()
    if args.json:
        print(json.dumps(bank_to_dict(bank), indent=2))
    else:
        print(render_table(bank))
    return 0


def render_table(bank: QuestionBank) -> str:
    """The bank as an aligned text table with a title line and a summary line."""
    rows = [(q.id, q.kind, q.category, f"{q.target_s} s", q.text) for q in bank.questions]
    widths = [max(len(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        fixed = "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False))
        return f"{fixed}  {cells[-1]}"

    technical = sum(1 for q in bank.questions if q.kind == "technical")
    behavioral = len(bank.questions) - technical
    out = [f"{bank.title} (bank {bank.id}, version {bank.version})", "", line(HEADERS)]
    out += [line(row) for row in rows]
    out += ["", f"{len(bank.questions)} questions: {technical} technical, {behavioral} "
                f"behavioral. Use --json for the guidance, tips and rubrics."]
    return "\n".join(out)
