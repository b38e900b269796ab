"""The question-bank schema: checks a parsed TOML document and builds a :class:`QuestionBank`.

Every problem found is collected (not only the first) as a :class:`BankProblem` with the line it
is on, the question id and the field, and one plain sentence saying what is wrong and how to fix
it. The schema itself is documented at the top of ``resources/questions/deep-learning.toml``;
the checks of single values (texts, ids, kinds, weights) are in :mod:`.bank_values`.

Pure: the caller passes the parsed document and a ``line_of(path)`` function that maps a
location in the document (``("questions", 2, "concepts", 0, "weight")``) to a line number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewer.core.bank_values import (
    ID_PATTERN,
    BankProblem,
    LineOf,
    Path_,
    ValueChecker,
    describe,
)
from interviewer.core.questions import (
    FOLLOW_UP_KEYS,
    Concept,
    Misconception,
    Question,
    QuestionBank,
    Rubric,
)

__all__ = ["BankProblem", "build_bank", "describe"]

BANK_KEYS = ("id", "title", "version", "source", "description")
TOP_KEYS = ("bank", "questions")
QUESTION_KEYS = (
    "id", "text", "category", "kind", "target_s", "guidance", "tip", "follow_ups", "concepts",
    "misconceptions",
)
CONCEPT_KEYS = ("id", "label", "aliases", "mishearings", "weight", "exemplars", "follow_up")
MISCONCEPTION_KEYS = ("id", "label", "patterns", "correction", "exemplars", "follow_up")


class _Checker(ValueChecker):
    """Walks the document once, collecting problems in file order."""

    def bank(self, doc: Mapping[str, Any]) -> dict[str, str]:
        self.unknown_keys(doc, TOP_KEYS, (), "the file", None)
        raw = doc.get("bank")
        if not isinstance(raw, dict):
            got = "" if raw is None else f", not {describe(raw)}"
            self.add(("bank",), "the file has no [bank] table"
                                f'{got}; add one with id, title and version, e.g. [bank] id = '
                                f'"my-bank" title = "My questions" version = "1.0".')
            return {}
        where = "the [bank] table"
        self.unknown_keys(raw, BANK_KEYS, ("bank",), where, None)
        values: dict[str, str] = {}
        bank_id = self.ident(raw, ("bank",), where, None)
        if bank_id is not None:
            values["id"] = bank_id
        for key, required in (("title", True), ("version", True), ("source", False)):
            value = self.text(raw, key, ("bank",), where, None, required=required,
                              what="1.0" if key == "version" else "")
            if value is not None:
                values[key] = value
        self.text(raw, "description", ("bank",), where, None, required=False)
        return values

    def question(self, raw: Mapping[str, Any], index: int, bank_values: Mapping[str, str],
                 seen: dict[str, int]) -> Question | None:
        path: Path_ = ("questions", index)
        raw_id = raw.get("id")
        label_id = raw_id if isinstance(raw_id, str) and ID_PATTERN.fullmatch(raw_id) else None
        where = f"question {label_id}" if label_id else f"question number {index + 1}"
        count = len(self.problems)
        self.unknown_keys(raw, QUESTION_KEYS, path, where, label_id)
        qid = self.ident(raw, path, where, label_id)
        if qid is not None:
            if qid in seen:
                first = self.line_of(("questions", seen[qid], "id"))
                also = f" (first used on line {first})" if first is not None else ""
                self.add((*path, "id"), f'the question id "{qid}" is used twice{also}; give '
                                        f"every question its own id.", qid, "id")
            else:
                seen[qid] = index
        text = self.text(raw, "text", path, where, label_id, required=True,
                         what="the question as it should be read aloud")
        category = self.text(raw, "category", path, where, label_id, required=True,
                             what="a category name")
        kind = self.kind(raw, path, where, label_id)
        target_s = self.target(raw, path, where, label_id)
        guidance = self.text(raw, "guidance", path, where, label_id, required=False) or ""
        tip = self.text(raw, "tip", path, where, label_id, required=False) or ""
        follow_ups = self.follow_ups(raw, path, where, label_id)
        concepts = self.concepts(raw, path, where, label_id)
        misconceptions = self.misconceptions(raw, path, where, label_id)
        if kind == "technical" and self.min_concepts and len(concepts) < self.min_concepts:
            self.add((*path, "concepts"), f"{where} is technical but has {len(concepts)} "
                                          f"concepts; this bank needs at least "
                                          f"{self.min_concepts} [[questions.concepts]] each.",
                     label_id, "concepts")
        if (len(self.problems) > count or qid is None or text is None or category is None
                or kind is None or target_s is None):
            return None
        rubric = Rubric(concepts, misconceptions) if concepts or misconceptions else None
        return Question(id=qid, text=text, category=category, kind=kind, target_s=target_s,
                        guidance=guidance, tip=tip, rubric=rubric,
                        bank_id=bank_values.get("id", ""),
                        bank_version=bank_values.get("version", ""), follow_ups=follow_ups)

    def follow_ups(self, raw: Mapping[str, Any], path: Path_, where: str,
                   qid: str | None) -> tuple[tuple[str, str], ...]:
        value = raw.get("follow_ups")
        if value is None:
            return ()
        fpath: Path_ = (*path, "follow_ups")
        if not isinstance(value, Mapping):
            self.add(fpath, f"{where} has follow_ups = {describe(value)}; write it as a table "
                            f"[questions.follow_ups] with keys such as result = \"...\".",
                     qid, "follow_ups")
            return ()
        fwhere = f"{where}, follow_ups"
        self.unknown_keys(value, FOLLOW_UP_KEYS, fpath, fwhere, qid)
        result: list[tuple[str, str]] = []
        for key in FOLLOW_UP_KEYS:
            text = self.text(value, key, fpath, fwhere, qid, required=False)
            if text:
                result.append((key, text))
        return tuple(result)

    def concepts(self, raw: Mapping[str, Any], path: Path_, where: str,
                 qid: str | None) -> tuple[Concept, ...]:
        result: list[Concept] = []
        seen: set[str] = set()
        for j, item in enumerate(self.tables(raw, "concepts", path, where, qid)):
            cpath: Path_ = (*path, "concepts", j)
            item_id = item.get("id")
            cwhere = (f"{where}, concept {item_id}" if isinstance(item_id, str) and item_id
                      else f"{where}, concept number {j + 1}")
            count = len(self.problems)
            self.unknown_keys(item, CONCEPT_KEYS, cpath, cwhere, qid)
            cid = self.ident(item, cpath, cwhere, qid)
            if cid is not None and cid in seen:
                self.add((*cpath, "id"), f'{where} has two concepts with the id "{cid}"; give '
                                         f"each concept its own id.", qid, "concepts")
            label = self.text(item, "label", cpath, cwhere, qid, required=True,
                              what="what the concept is, in a few words")
            aliases = self.strings(item, "aliases", cpath, cwhere, qid)
            mishearings = self.strings(item, "mishearings", cpath, cwhere, qid)
            weight = self.weight(item, cpath, cwhere, qid)
            exemplars = self.strings(item, "exemplars", cpath, cwhere, qid)
            follow_up = self.text(item, "follow_up", cpath, cwhere, qid, required=False) or ""
            if cid is not None:
                seen.add(cid)
            if len(self.problems) == count and cid is not None and label is not None:
                result.append(Concept(cid, label, aliases, mishearings, weight, exemplars,
                                      follow_up))
        return tuple(result)

    def misconceptions(self, raw: Mapping[str, Any], path: Path_, where: str,
                       qid: str | None) -> tuple[Misconception, ...]:
        result: list[Misconception] = []
        seen: set[str] = set()
        for j, item in enumerate(self.tables(raw, "misconceptions", path, where, qid)):
            mpath: Path_ = (*path, "misconceptions", j)
            item_id = item.get("id")
            mwhere = (f"{where}, misconception {item_id}" if isinstance(item_id, str) and item_id
                      else f"{where}, misconception number {j + 1}")
            count = len(self.problems)
            self.unknown_keys(item, MISCONCEPTION_KEYS, mpath, mwhere, qid)
            mid = self.ident(item, mpath, mwhere, qid)
            if mid is not None and mid in seen:
                self.add((*mpath, "id"), f'{where} has two misconceptions with the id "{mid}"; '
                                         f"give each its own id.", qid, "misconceptions")
            label = self.text(item, "label", mpath, mwhere, qid, required=True,
                              what="the wrong idea, in a few words")
            patterns = self.strings(item, "patterns", mpath, mwhere, qid, required=True)
            correction = self.text(item, "correction", mpath, mwhere, qid, required=True,
                                   what="the right idea, in one sentence")
            exemplars = self.strings(item, "exemplars", mpath, mwhere, qid)
            follow_up = self.text(item, "follow_up", mpath, mwhere, qid, required=False) or ""
            if mid is not None:
                seen.add(mid)
            if (len(self.problems) == count and mid is not None and label is not None
                    and correction is not None):
                result.append(Misconception(mid, label, patterns, correction,
                                            exemplars, follow_up))
        return tuple(result)


def build_bank(doc: Mapping[str, Any], *, line_of: LineOf, path: str = "",
               min_concepts: int = 0) -> tuple[QuestionBank | None, list[BankProblem]]:
    """Check ``doc`` (a parsed TOML bank) and build the bank.

    Returns ``(bank, [])`` when the document is valid, else ``(None, problems)`` in file
    order (bank-level problems first). ``min_concepts`` > 0 requires every technical question
    to carry at least that many concepts (the bundled bank uses 4); 0 allows technical
    questions without a rubric, which are then scored on structure and delivery only.
    """
    checker = _Checker(line_of, min_concepts)
    bank_values = checker.bank(doc)
    bank_problem_count = len(checker.problems)
    questions: list[Question] = []
    if "questions" not in doc:
        checker.add((), "the file has no questions; add at least one [[questions]] table with "
                        "id, text, category, kind and target_s.")
    raw_questions = checker.tables(doc, "questions", (), "the file", None)
    if "questions" in doc and isinstance(doc["questions"], list) and not raw_questions:
        checker.add(("questions",), "the file has no questions; add at least one [[questions]] "
                                    "table.")
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_questions):
        question = checker.question(raw, index, bank_values, seen)
        if question is not None:
            questions.append(question)
    if checker.problems:
        head = checker.problems[:bank_problem_count]
        rest = sorted(checker.problems[bank_problem_count:],
                      key=lambda p: p.line if p.line is not None else 1 << 30)
        return None, [*head, *rest]
    return QuestionBank(
        id=bank_values["id"],
        title=bank_values["title"],
        version=bank_values["version"],
        source=bank_values.get("source", ""),
        questions=tuple(questions),
        path=path,
    ), []
