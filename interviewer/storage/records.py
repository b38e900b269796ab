"""Plain data types the store hands out. No behaviour beyond reading their own fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from interviewer.core.questions import Question
from interviewer.core.transcript import Transcript
from interviewer.storage.sidecar import question_from_snapshot

if TYPE_CHECKING:
    from interviewer.core.scoring import ScoreResult


class ScoreLike(Protocol):
    """What the store needs of a score: the ``score --json`` dict (``ScoreResult`` has it)."""

    def to_dict(self) -> dict[str, Any]: ...


def score_dict(score: ScoreLike | Mapping[str, Any]) -> dict[str, Any]:
    return dict(score) if isinstance(score, Mapping) else score.to_dict()


@dataclass(frozen=True)
class SessionInfo:
    """A practice session: ``kind`` is "single" (one question) or "mock" (N in a row)."""

    session_id: str
    kind: str
    title: str
    created_at: str
    planned: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.session_id, "kind": self.kind, "title": self.title,
                "created_at": self.created_at, "planned": self.planned}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionInfo:
        return cls(str(data["id"]), str(data.get("kind") or "single"),
                   str(data.get("title") or ""), str(data.get("created_at") or ""),
                   int(data.get("planned") or 1))


@dataclass(frozen=True)
class AttemptDraft:
    """An attempt being recorded: write the recording to ``audio_path``."""

    attempt_id: str
    session_id: str
    folder: Path
    audio_path: Path


@dataclass(frozen=True)
class AttemptSummary:
    """One row of history (from the index; cheap to list)."""

    attempt_id: str
    session_id: str
    question_id: str
    question_text: str
    kind: str
    category: str
    status: str
    status_detail: str | None
    overall: int | None
    rubric_version: str | None
    scorer_version: str | None
    model: str | None
    device: str | None
    duration_s: float | None
    created_at: str
    updated_at: str
    audio_path: Path

    def to_dict(self) -> dict[str, Any]:
        return {"attempt_id": self.attempt_id, "session_id": self.session_id,
                "question_id": self.question_id, "question_text": self.question_text,
                "kind": self.kind, "category": self.category, "status": self.status,
                "status_detail": self.status_detail, "overall": self.overall,
                "rubric_version": self.rubric_version, "scorer_version": self.scorer_version,
                "model": self.model, "device": self.device, "duration_s": self.duration_s,
                "created_at": self.created_at, "updated_at": self.updated_at,
                "audio_path": str(self.audio_path)}


@dataclass(frozen=True)
class AttemptRecord:
    """Everything about one attempt, read from its sidecar."""

    attempt_id: str
    session: SessionInfo
    status: str
    status_detail: str | None
    question: Question
    transcript: Transcript | None
    score: dict[str, Any] | None
    scorer_version: str | None
    scored_at: str | None
    score_history: tuple[dict[str, Any], ...]
    model: str | None
    device: str | None
    settings: dict[str, Any]
    created_at: str
    updated_at: str
    app_version: str | None
    audio_path: Path
    duration_s: float | None
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def follow_up(self) -> dict[str, Any] | None:
        """The follow-up asked after this answer (see the sidecar's ``follow_up``), or None."""
        value = self.raw.get("follow_up")
        return value if isinstance(value, dict) else None

    @property
    def follow_up_audio(self) -> Path | None:
        """The recorded reply to the follow-up, when it exists on disk."""
        follow = self.follow_up or {}
        name = follow.get("audio_file")
        path = self.folder / str(name) if name else None
        return path if path is not None and path.exists() else None

    @property
    def overall(self) -> int | None:
        return None if self.score is None else int(self.score["overall"])

    @property
    def folder(self) -> Path:
        return self.audio_path.parent

    def score_result(self) -> ScoreResult | None:
        """The stored score as the scoring package's :class:`ScoreResult`."""
        if self.score is None:
            return None
        from interviewer.core.scoring import ScoreResult

        return ScoreResult.from_dict(self.score)

    @classmethod
    def from_sidecar(cls, data: dict[str, Any], folder: Path) -> AttemptRecord:
        transcript = data.get("transcript")
        duration = data.get("duration_s")
        return cls(
            attempt_id=data["attempt_id"],
            session=SessionInfo.from_dict(data["session"]),
            status=data["status"],
            status_detail=data.get("status_detail"),
            question=question_from_snapshot(data["question"]),
            transcript=Transcript.from_dict(transcript) if transcript else None,
            score=data.get("score"),
            scorer_version=data.get("scorer_version"),
            scored_at=data.get("scored_at"),
            score_history=tuple(data.get("score_history") or ()),
            model=data.get("model"),
            device=data.get("device"),
            settings=dict(data.get("settings") or {}),
            created_at=data["created_at"],
            updated_at=data["updated_at"],
            app_version=data.get("app_version"),
            audio_path=folder / data["audio_file"],
            duration_s=None if duration is None else float(duration),
            raw=data,
        )


@dataclass(frozen=True)
class SidecarProblem:
    """An attempt folder that was skipped: which, and one sentence saying why."""

    path: Path
    message: str


@dataclass
class SyncReport:
    """What a sync or rebuild of the index did."""

    indexed: int = 0
    removed: int = 0
    problems: list[SidecarProblem] = field(default_factory=list)
    without_sidecar: list[Path] = field(default_factory=list)
