"""Explainable, deterministic scoring of interview answers.

``score_answer(transcript, question=..., kind=...)`` gives a :class:`ScoreResult` whose
``to_dict()`` is the ``score --json`` contract in DESIGN.md; ``render_text`` is the CLI report.
"""

from __future__ import annotations

from interviewer.core.scoring.render import render_text
from interviewer.core.scoring.result import ScoreResult
from interviewer.core.scoring.scorer import SCORER_VERSION, rubric_version, score_answer

__all__ = ["SCORER_VERSION", "ScoreResult", "render_text", "rubric_version", "score_answer"]
