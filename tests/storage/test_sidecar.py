"""The JSON sidecar: question snapshots round-trip, writes are atomic, reads validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.core.questions import Concept, Misconception, Question, Rubric
from interviewer.storage.sidecar import (
    SidecarError,
    question_from_snapshot,
    question_snapshot,
    read_sidecar,
    write_sidecar,
)
from interviewer.storage.store import AttemptStore
from tests.storage.helpers import make_question

text = st.text(min_size=0, max_size=40)
concepts = st.lists(st.builds(Concept, id=st.text(min_size=1, max_size=10), label=text,
                              aliases=st.lists(text, max_size=3).map(tuple),
                              mishearings=st.lists(text, max_size=3).map(tuple),
                              weight=st.floats(0.1, 3.0)), max_size=4).map(tuple)
misconceptions = st.lists(st.builds(Misconception, id=st.text(min_size=1, max_size=10),
                                    label=text, patterns=st.lists(text, max_size=3).map(tuple),
                                    correction=text), max_size=2).map(tuple)
questions = st.builds(
    Question, id=st.text(min_size=1, max_size=20), text=text, category=text,
    kind=st.sampled_from(["technical", "behavioral"]), target_s=st.integers(0, 600),
    guidance=text, tip=text,
    rubric=st.none() | st.builds(Rubric, concepts=concepts, misconceptions=misconceptions),
    bank_id=text, bank_version=text)


@settings(max_examples=60, deadline=None)
@given(questions)
def test_question_snapshot_round_trips_through_json(question: Question) -> None:
    snap = json.loads(json.dumps(question_snapshot(question)))
    assert question_from_snapshot(snap) == question


def test_write_is_atomic_and_private(tmp_path: Path) -> None:
    write_sidecar(tmp_path, {"a": 1}, "attempt.json")
    write_sidecar(tmp_path, {"a": 2}, "attempt.json")
    assert [p.name for p in tmp_path.iterdir()] == ["attempt.json"]
    assert json.loads((tmp_path / "attempt.json").read_text()) == {"a": 2}
    assert (tmp_path / "attempt.json").stat().st_mode & 0o077 == 0


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    write_sidecar(tmp_path, {"a": 1}, "attempt.json")
    with pytest.raises(TypeError):
        write_sidecar(tmp_path, {"a": object()}, "attempt.json")
    assert json.loads((tmp_path / "attempt.json").read_text()) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["attempt.json"]


@pytest.fixture
def valid(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    with AttemptStore.open(tmp_path / "d") as store:
        draft = store.begin_attempt(make_question(), None, {})
    path = draft.folder / "attempt.json"
    return path, json.loads(path.read_text())


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(status="done"), "unknown status"),
    (lambda d: d.update(audio_file="../../x.wav"), "outside its folder"),
    (lambda d: d.update(schema_version=99), "newer version"),
    (lambda d: d.update(attempt_id="20200101T000000Z-00000000"), "names another attempt"),
    (lambda d: d["question"].pop("text"), "question's 'text'"),
    (lambda d: d.update(duration_s="long"), "'duration_s'"),
    (lambda d: d.pop("session"), "lacks the field(s) session"),
])
def test_validation_names_the_problem(valid: tuple[Path, dict[str, Any]], change: Any,
                                      message: str) -> None:
    path, data = valid
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SidecarError, match="attempt file") as info:
        read_sidecar(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_not_an_object_or_not_json(valid: tuple[Path, dict[str, Any]]) -> None:
    path, _ = valid
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SidecarError, match="JSON object"):
        read_sidecar(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(SidecarError, match="cannot be read"):
        read_sidecar(path)
