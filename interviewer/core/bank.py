"""Loading question banks: the bundled one and a person's own TOML files.

- :func:`load_bank` reads a TOML bank from a path; :func:`load_bank_text` from a string;
  :func:`load_bundled_bank` the bank shipped as package data (``interviewer.resources``).
- Every problem is a :class:`BankError` whose message names the file, the line (or the
  question id and field) and what is wrong, in one line. ``BankError.problems`` lists all the
  problems found; the message leads with the first one.
- :func:`bank_to_dict` / :func:`question_to_dict` give the JSON shape used by
  ``interviewer questions --json``.

The schema is checked in :mod:`interviewer.core.bank_schema` and documented at the top of
``resources/questions/deep-learning.toml``. A technical question without concepts is allowed in
a person's own bank (it is then scored on structure and delivery only); the bundled bank must
give every technical question at least :data:`BUNDLED_MIN_CONCEPTS` concepts.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from interviewer.core.bank_schema import BankProblem, build_bank
from interviewer.core.errors import InputError
from interviewer.core.questions import Concept, Misconception, Question, QuestionBank

__all__ = [
    "BUNDLED_BANK_FILE",
    "BUNDLED_MIN_CONCEPTS",
    "BankError",
    "BankProblem",
    "bank_to_dict",
    "load_bank",
    "load_bank_text",
    "load_bundled_bank",
    "question_to_dict",
]

BUNDLED_BANK_FILE = "deep-learning.toml"
BUNDLED_MIN_CONCEPTS = 4
_MAX_EXTRA_IN_MESSAGE = 2


class BankError(InputError):
    """A question bank that cannot be used.

    ``file``, ``line``, ``question_id`` and ``field`` describe the first (most useful) problem;
    ``problems`` holds every problem found, in file order.
    """

    def __init__(self, file: str, problems: Sequence[BankProblem]) -> None:
        if not problems:
            raise ValueError("a BankError needs at least one problem")
        self.file = file
        self.problems: tuple[BankProblem, ...] = tuple(problems)
        first = self.problems[0]
        self.line: int | None = first.line
        self.question_id: str | None = first.question_id
        self.field: str | None = first.field
        super().__init__(self._message())

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None) -> BankError:
        return cls(file, [BankProblem(message, line)])

    def _message(self) -> str:
        text = self.problems[0].format(self.file)
        rest = self.problems[1:]
        if rest:
            shown = "; ".join(
                (f"{p.where()}: " if p.line is not None else "") + p.message.rstrip(".")
                for p in rest[:_MAX_EXTRA_IN_MESSAGE]
            )
            more = len(rest) - _MAX_EXTRA_IN_MESSAGE
            tail = f"; and {more} more" if more > 0 else ""
            text += f" Also: {shown}{tail}."
        return text

    def all_messages(self) -> list[str]:
        """Every problem as its own line (file, line and what is wrong)."""
        return [p.format(self.file) for p in self.problems]


# ------------------------------------------------------------------ public API

def load_bank(path: str | Path, *, min_concepts: int = 0) -> QuestionBank:
    """Load and check the TOML bank at ``path``; raise :class:`BankError` if it is unusable."""
    name = str(path)
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise BankError.single(name, "there is no such file; check the path of the question "
                                     "bank.") from None
    except IsADirectoryError:
        raise BankError.single(name, "this is a folder, not a question bank; give the path of "
                                     "a .toml file.") from None
    except PermissionError:
        raise BankError.single(name, "the file cannot be read (permission denied); check its "
                                     "permissions.") from None
    except OSError as exc:
        raise BankError.single(name, f"the file cannot be read ({exc.strerror or exc}).") from None
    return _load_bytes(data, name, path=str(file), min_concepts=min_concepts)


def load_bank_text(text: str, source_name: str, *, min_concepts: int = 0) -> QuestionBank:
    """Load a bank from TOML text; ``source_name`` is the file name used in messages."""
    return _load_text(text, source_name, path="", min_concepts=min_concepts)


@functools.cache
def load_bundled_bank() -> QuestionBank:
    """The deep-learning bank shipped with the app (checked strictly; loaded once)."""
    name = f"{BUNDLED_BANK_FILE} (bundled)"
    try:
        resource = files("interviewer.resources") / "questions" / BUNDLED_BANK_FILE
        data = resource.read_bytes()
    except (OSError, ModuleNotFoundError):
        raise BankError.single(name, "the bundled question bank is missing from this "
                                     "installation; reinstall interviewer.") from None
    return _load_bytes(data, name, path=str(resource), min_concepts=BUNDLED_MIN_CONCEPTS)


def question_to_dict(question: Question) -> dict[str, Any]:
    """A question as plain JSON-ready data (the rubric is null when there is none)."""
    rubric = question.rubric
    return {
        "id": question.id,
        "text": question.text,
        "category": question.category,
        "kind": question.kind,
        "target_s": question.target_s,
        "guidance": question.guidance,
        "tip": question.tip,
        "bank_id": question.bank_id,
        "bank_version": question.bank_version,
        "follow_ups": dict(question.follow_ups),
        "rubric": None if rubric is None else {
            "concepts": [_concept_to_dict(c) for c in rubric.concepts],
            "misconceptions": [_misconception_to_dict(m) for m in rubric.misconceptions],
        },
    }


def bank_to_dict(bank: QuestionBank) -> dict[str, Any]:
    """The bank's metadata and every question (``interviewer questions --json``)."""
    return {
        "bank": {
            "id": bank.id,
            "title": bank.title,
            "version": bank.version,
            "source": bank.source,
            "path": bank.path,
            "categories": list(bank.categories),
        },
        "questions": [question_to_dict(q) for q in bank.questions],
    }


# ------------------------------------------------------------------ reading

def _concept_to_dict(concept: Concept) -> dict[str, Any]:
    return {
        "id": concept.id,
        "label": concept.label,
        "aliases": list(concept.aliases),
        "mishearings": list(concept.mishearings),
        "weight": concept.weight,
        "exemplars": list(concept.exemplars),
        "follow_up": concept.follow_up,
    }


def _misconception_to_dict(item: Misconception) -> dict[str, Any]:
    return {
        "id": item.id,
        "label": item.label,
        "patterns": list(item.patterns),
        "correction": item.correction,
        "exemplars": list(item.exemplars),
        "follow_up": item.follow_up,
    }


def _load_bytes(data: bytes, name: str, *, path: str, min_concepts: int) -> QuestionBank:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BankError.single(name, "the file is not UTF-8 text; save it with the UTF-8 "
                                     "encoding.", line) from None
    return _load_text(text, name, path=path, min_concepts=min_concepts)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
_TOML_HINTS = (
    ("invalid value", 'invalid value: text must be in quotes, e.g. text = "What is dropout?"'),
    ("cannot overwrite a value", "a key is set twice in the same table"),
    ("cannot declare", "a table is declared twice"),
    ("unclosed", "something opened here is never closed: a quote, bracket or brace"),
    ("illegal character", "a quoted text is not closed on its line, or a character TOML does "
                          "not allow is used here"),
)


def _syntax_problem(exc: tomllib.TOMLDecodeError, text: str) -> BankProblem:
    message = str(exc)
    line: int | None = None
    column: int | None = None
    match = _TOML_POSITION.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    elif _TOML_END.search(message):
        message = _TOML_END.sub("", message)
        line = text.count("\n") + 1
    lowered = message.lower()
    detail = message[:1].lower() + message[1:]
    for needle, plain in _TOML_HINTS:
        if needle in lowered:
            detail = plain
            break
    return BankProblem(f"this is not valid TOML ({detail}); fix that line (check quotes, "
                       f"brackets and commas).", line, column=column)


def _load_text(text: str, name: str, *, path: str, min_concepts: int) -> QuestionBank:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(name, [_syntax_problem(exc, text)]) from None
    lines = _index_lines(text)

    def line_of(where: tuple[str | int, ...]) -> int | None:
        for size in range(len(where), 0, -1):
            found = lines.get(where[:size])
            if found is not None:
                return found
        return None

    bank, problems = build_bank(doc, line_of=line_of, path=path, min_concepts=min_concepts)
    if bank is None:
        raise BankError(name, problems)
    return bank


# ------------------------------------------------------------------ where things are

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=(.*)$""")


def _index_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Map document locations to the line where they are written (first occurrence).

    Keys look like ``("questions", 2)`` (the table header of the third question),
    ``("questions", 2, "text")`` or ``("questions", 2, "concepts", 0, "weight")``. Tables
    written as ``[[...]]`` headers and ``key = value`` lines are found; values inside inline
    tables are located at the line of their key (the caller falls back to the parent).
    """
    lines: dict[tuple[str | int, ...], int] = {}
    current: tuple[str | int, ...] = ()
    question = -1
    sub_counts: dict[str, int] = {}
    open_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if open_string is not None:
            if line.count(open_string) % 2 == 1:
                open_string = None
            continue
        header = _HEADER.match(line)
        if header:
            is_array = header.group(1) == "[["
            name = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
            if is_array and name == ("questions",):
                question += 1
                sub_counts = {}
                current = ("questions", question)
            elif is_array and len(name) == 2 and name[0] == "questions" and question >= 0:
                sub_counts[name[1]] = sub_counts.get(name[1], -1) + 1
                current = ("questions", question, name[1], sub_counts[name[1]])
            elif name[0] == "questions" and len(name) > 1 and question >= 0:
                current = ("questions", question, *name[1:])
            else:
                current = name
            lines.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*current, key.group(1).strip("\"'")), number)
            rest = key.group(2)
            for delimiter in ('"""', "'''"):
                if rest.count(delimiter) % 2 == 1:
                    open_string = delimiter
                    break
    return lines
