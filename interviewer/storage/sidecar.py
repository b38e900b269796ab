"""The JSON sidecar, ``attempt.json``: every fact about one attempt (the index is a cache of it).

Shape (``schema_version`` 1)::

    {"schema_version": 1, "attempt_id": "20261125T141500Z-1a2b3c4d",
     "session": {"id", "kind" ("single"|"mock"), "title", "created_at", "planned"},
     "status": "recording" | "complete" | "recovered" | "failed",
     "status_detail": str | null,        # e.g. "not transcribed", or why it failed
     "question": {"id", "text", "kind", "category", "target_s", "guidance", "tip",
                  "bank_id", "bank_version", "rubric": {"concepts": [...],
                  "misconceptions": [...]} | null},
     "transcript": Transcript.to_dict() | null,
     "score": ScoreResult.to_dict() | null, "scorer_version": str | null, "scored_at": str | null,
     "score_history": [{"score", "scorer_version", "rubric_version", "scored_at",
                        "replaced_at"}, ...],          # older scores, oldest first
     "model": str | null, "device": str | null, "settings": {...},
     "created_at": UTC ISO, "updated_at": UTC ISO, "app_version": str,
     "audio_file": "answer.wav", "duration_s": float | null,
     "follow_up": {"question", "reason", "key",           # the follow-up that was asked
                   "status": "recording" | "complete" | "skipped" | "failed",
                   "status_detail": str | null, "audio_file": "follow-up.wav" | null,
                   "transcript": Transcript.to_dict() | null,
                   "score": ScoreResult.to_dict() | null,  # both answers read together
                   "gain": FollowUpGain.to_dict() | null, "duration_s": float | null} | null}

Writes are atomic: a temp file in the same folder, fsync, ``os.replace``, fsync of the folder.
Reads validate and raise :class:`SidecarError` (one plain sentence naming the file) for bad
JSON or missing fields; callers report it and skip that attempt.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from interviewer.core.errors import InterviewerError
from interviewer.core.questions import Concept, Misconception, Question, Rubric

SIDECAR_SCHEMA_VERSION = 1
STATUSES = ("recording", "complete", "recovered", "failed")
SESSION_KINDS = ("single", "mock")

_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "schema_version": int,
    "attempt_id": str,
    "session": dict,
    "status": str,
    "question": dict,
    "created_at": str,
    "updated_at": str,
    "audio_file": str,
}
_OPTIONAL_NULLABLE: dict[str, type | tuple[type, ...]] = {
    "status_detail": str,
    "transcript": dict,
    "score": dict,
    "scorer_version": str,
    "scored_at": str,
    "model": str,
    "device": str,
    "app_version": str,
    "duration_s": (int, float),
    "follow_up": dict,
}


class SidecarError(InterviewerError):
    """An attempt's sidecar cannot be read (bad JSON or missing fields)."""


def question_snapshot(question: Question) -> dict[str, Any]:
    """Everything about the question needed to show and re-score the attempt later."""
    rubric = None
    if question.rubric is not None:
        rubric = {
            "concepts": [asdict(c) | {"aliases": list(c.aliases),
                                      "mishearings": list(c.mishearings)}
                         for c in question.rubric.concepts],
            "misconceptions": [asdict(m) | {"patterns": list(m.patterns)}
                               for m in question.rubric.misconceptions],
        }
    return {
        "id": question.id, "text": question.text, "kind": question.kind,
        "category": question.category, "target_s": question.target_s,
        "guidance": question.guidance, "tip": question.tip,
        "bank_id": question.bank_id, "bank_version": question.bank_version,
        "rubric": rubric, "follow_ups": dict(question.follow_ups),
    }


def question_from_snapshot(data: dict[str, Any]) -> Question:
    """The :class:`Question` a snapshot was taken from (as it was then)."""
    rubric = None
    raw = data.get("rubric")
    if isinstance(raw, dict):
        rubric = Rubric(
            concepts=tuple(
                Concept(id=str(c["id"]), label=str(c.get("label", c["id"])),
                        aliases=tuple(c.get("aliases") or ()),
                        mishearings=tuple(c.get("mishearings") or ()),
                        weight=float(c.get("weight", 1.0)),
                        exemplars=tuple(c.get("exemplars") or ()),
                        follow_up=str(c.get("follow_up") or ""))
                for c in raw.get("concepts") or ()),
            misconceptions=tuple(
                Misconception(id=str(m["id"]), label=str(m.get("label", m["id"])),
                              patterns=tuple(m.get("patterns") or ()),
                              correction=str(m.get("correction", "")),
                              exemplars=tuple(m.get("exemplars") or ()),
                              follow_up=str(m.get("follow_up") or ""))
                for m in raw.get("misconceptions") or ()),
        )
    kind = data.get("kind")
    return Question(
        id=str(data.get("id", "")), text=str(data.get("text", "")),
        category=str(data.get("category", "")),
        kind="behavioral" if kind == "behavioral" else "technical",
        target_s=int(data.get("target_s") or 0), guidance=str(data.get("guidance", "")),
        tip=str(data.get("tip", "")), rubric=rubric, bank_id=str(data.get("bank_id", "")),
        bank_version=str(data.get("bank_version", "")),
        follow_ups=tuple((str(k), str(v)) for k, v in (data.get("follow_ups") or {}).items()),
    )


def write_sidecar(folder: Path, data: dict[str, Any], name: str = "attempt.json") -> None:
    """Write ``folder/name`` atomically and durably (temp + fsync + replace + dir fsync)."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename or creation inside ``folder`` durable (no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_sidecar(path: Path) -> dict[str, Any]:
    """Read and validate a sidecar; :class:`SidecarError` says what is wrong with which file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SidecarError(f"The attempt file {path} is missing.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SidecarError(f"The attempt file {path} cannot be read ({exc}).") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise SidecarError(
            f"The attempt file {path} is not valid JSON ({exc}); fix or remove that folder."
        ) from exc
    validate_sidecar(data, path)
    return data  # type: ignore[no-any-return]


def validate_sidecar(data: Any, path: Path) -> None:
    """Raise :class:`SidecarError` unless ``data`` has the sidecar's required shape."""
    if not isinstance(data, dict):
        raise SidecarError(f"The attempt file {path} does not hold a JSON object.")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise SidecarError(
            f"The attempt file {path} lacks the field(s) {', '.join(missing)}; "
            "fix or remove that folder.")
    for key, typ in _REQUIRED.items():
        if not isinstance(data[key], typ) or isinstance(data[key], bool):
            raise SidecarError(f"The attempt file {path} has a bad value for {key!r}.")
    for key, typ in _OPTIONAL_NULLABLE.items():
        value = data.get(key)
        if value is not None and not isinstance(value, typ):
            raise SidecarError(f"The attempt file {path} has a bad value for {key!r}.")
    if data["schema_version"] > SIDECAR_SCHEMA_VERSION:
        raise SidecarError(
            f"The attempt file {path} was written by a newer version of interviewer; "
            "update the app to read it.")
    if data["status"] not in STATUSES:
        raise SidecarError(f"The attempt file {path} has an unknown status {data['status']!r}.")
    if path.parent.name != data["attempt_id"]:
        raise SidecarError(f"The attempt file {path} names another attempt "
                           f"({data['attempt_id']!r}).")
    for key in ("id", "text", "kind"):
        if not isinstance(data["question"].get(key), str):
            raise SidecarError(f"The attempt file {path} lacks the question's {key!r}.")
    audio = data["audio_file"]
    if Path(audio).name != audio or audio in ("", ".", ".."):
        raise SidecarError(f"The attempt file {path} names an audio file outside its folder.")
    if not isinstance(data["session"].get("id"), str):
        raise SidecarError(f"The attempt file {path} lacks the session id.")
    if not isinstance(data.get("score_history", []), list):
        raise SidecarError(f"The attempt file {path} has a bad value for 'score_history'.")
