"""Checking the values of a parsed TOML bank: each problem found is collected with its line
as one plain sentence. The bank's structure (which tables and fields) is in
:mod:`interviewer.core.bank_schema`; this module knows texts, ids, lists, kinds, weights and
target lengths, and how to say what is wrong with them.

Pure: the caller passes ``line_of(path)``, which maps a location in the document
(``("questions", 2, "concepts", 0, "weight")``) to a line number.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from interviewer.core.questions import KINDS, Kind

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,40}")
MAX_TARGET_S = 1800

KIND_SPELLINGS: Mapping[str, Kind] = {"behavioural": "behavioral"}

Path_ = tuple[str | int, ...]
LineOf = Callable[[Path_], "int | None"]


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong in a bank: ``message`` is a sentence without the file name."""

    message: str
    line: int | None = None
    question_id: str | None = None
    field: str | None = None
    column: int | None = None

    def where(self) -> str:
        """"line 12" or "line 12, column 5"; empty when the line is unknown."""
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")

    def format(self, file: str) -> str:
        where = self.where()
        return f"{file}, {where}: {self.message}" if where else f"{file}: {self.message}"


def describe(value: object) -> str:
    """How a wrong value is named in a message: 'the text "sixty"', 'a list', ..."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__} value"


class ValueChecker:
    """Collects problems in file order; checks one value at a time."""

    def __init__(self, line_of: LineOf, min_concepts: int) -> None:
        self.line_of = line_of
        self.min_concepts = min_concepts
        self.problems: list[BankProblem] = []
        # (table path, field) pairs an unknown key already pointed at ("txt" -> "text"):
        # the field is then not reported missing a second time.
        self.suggested: set[tuple[Path_, str]] = set()

    # ------------------------------------------------------------- reporting
    def add(self, path: Path_, message: str, question_id: str | None = None,
            field: str | None = None) -> None:
        self.problems.append(BankProblem(message, self.line_of(path), question_id, field))

    def unknown_keys(self, table: Mapping[str, Any], allowed: Sequence[str], path: Path_,
                     where: str, question_id: str | None) -> None:
        for key in table:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            if close:
                self.suggested.add((path, close[0]))
            self.add((*path, key),
                     f'{where} has an unknown field "{key}"{hint}; the known fields are '
                     f"{', '.join(allowed)}.", question_id, key)

    # ------------------------------------------------------------- values
    def text(self, table: Mapping[str, Any], key: str, path: Path_, where: str,
             question_id: str | None, *, required: bool, what: str = "") -> str | None:
        if key not in table:
            if required and (path, key) not in self.suggested:
                example = what or "..."
                self.add(path, f'{where} is missing the required field "{key}"; add '
                               f'{key} = "{example}".', question_id, key)
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add((*path, key), f'{where}: "{key}" must be text in quotes, not '
                                   f"{describe(value)}.", question_id, key)
            return None
        if required and not value.strip():
            self.add((*path, key), f'{where} has an empty "{key}"; write '
                                   f"{what or 'a value'} there.", question_id, key)
            return None
        return value.strip()

    def ident(self, table: Mapping[str, Any], path: Path_, where: str,
              question_id: str | None) -> str | None:
        value = self.text(table, "id", path, where, question_id, required=True, what="an id")
        if value is None:
            return None
        if not ID_PATTERN.fullmatch(value):
            self.add((*path, "id"), f'{where}: the id "{value}" may only contain letters, digits, '
                                    f'"-" and "_" (at most 40, no spaces); rename it.',
                     question_id, "id")
            return None
        return value

    def strings(self, table: Mapping[str, Any], key: str, path: Path_, where: str,
                question_id: str | None, *, required: bool = False) -> tuple[str, ...]:
        if key not in table:
            if required:
                self.add(path, f'{where} is missing the required field "{key}"; add '
                               f'{key} = ["..."].', question_id, key)
            return ()
        value = table[key]
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not ok:
            self.add((*path, key), f'{where}: "{key}" must be a list of non-empty texts in '
                                   f'quotes, like {key} = ["first", "second"], not '
                                   f"{describe(value)}.", question_id, key)
            return ()
        if required and not value:
            self.add((*path, key), f'{where}: "{key}" is empty; list at least one phrase.',
                     question_id, key)
        return tuple(v.strip() for v in value)

    def target(self, table: Mapping[str, Any], path: Path_, where: str,
               question_id: str | None) -> int | None:
        if "target_s" not in table:
            if (path, "target_s") in self.suggested:
                return None
            self.add(path, f'{where} is missing the required field "target_s"; add the target '
                           f"answer length in seconds, e.g. target_s = 90.", question_id,
                     "target_s")
            return None
        value = table["target_s"]
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        if number is None:
            self.add((*path, "target_s"), f'{where}: "target_s" must be a whole number of '
                                          f"seconds, like target_s = 90, not {describe(value)}.",
                     question_id, "target_s")
            return None
        if not 0 < number <= MAX_TARGET_S:
            self.add((*path, "target_s"), f'{where}: "target_s" must be between 1 and '
                                          f"{MAX_TARGET_S} seconds, not {number}.",
                     question_id, "target_s")
            return None
        return number

    def kind(self, table: Mapping[str, Any], path: Path_, where: str,
             question_id: str | None) -> Kind | None:
        value = self.text(table, "kind", path, where, question_id, required=True,
                          what="technical")
        if value is None:
            return None
        lowered = value.lower()
        lowered = KIND_SPELLINGS.get(lowered, lowered)
        for kind in KINDS:
            if kind == lowered:
                return kind
        close = difflib.get_close_matches(lowered, KINDS, n=1, cutoff=0.6)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        self.add((*path, "kind"), f'{where}: the kind "{value}" is not known{hint}; use '
                                  f'"technical" or "behavioral".', question_id, "kind")
        return None

    def weight(self, table: Mapping[str, Any], path: Path_, where: str,
               question_id: str | None) -> float:
        if "weight" not in table:
            return 1.0
        value = table["weight"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add((*path, "weight"), f'{where}: "weight" must be a number, like weight = 1.0, '
                                        f"not {describe(value)}.", question_id, "weight")
            return 1.0
        if not (math.isfinite(value) and value > 0):
            self.add((*path, "weight"), f'{where}: "weight" must be a positive number, not '
                                        f"{value}.", question_id, "weight")
            return 1.0
        return float(value)

    def tables(self, table: Mapping[str, Any], key: str, path: Path_, where: str,
               question_id: str | None) -> list[Mapping[str, Any]]:
        if key not in table:
            return []
        value = table[key]
        header = "questions" if not path else f"questions.{key}"
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.add((*path, key), f'{where}: "{key}" must be written as [[{header}]] tables '
                                   f"(double brackets), not {describe(value)}.", question_id, key)
            return []
        return value

    # ------------------------------------------------------------- structure
