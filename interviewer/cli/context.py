"""What every command gets: the app's folders and settings, built once at start."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interviewer.paths import AppPaths
from interviewer.settings import Settings

if TYPE_CHECKING:
    from interviewer.core.questions import Question
    from interviewer.core.scoring.meaning import Encoder
    from interviewer.core.transcript import Transcript
    from interviewer.storage.records import ScoreLike


@dataclass
class CliContext:
    paths: AppPaths
    settings: Settings
    encoder_warned: bool = False


def cli_encoder(ctx: CliContext) -> Encoder | None:
    """The sentence encoder for scoring commands, or None (the reason goes to stderr once)."""
    import sys

    from interviewer.meaning_setup import load_encoder_or_none

    encoder, why = load_encoder_or_none(ctx.paths)
    if why and not ctx.encoder_warned:
        ctx.encoder_warned = True
        print(f"interviewer: {why}", file=sys.stderr)
    return encoder


def scorer_with_encoder(ctx: CliContext) -> Callable[..., ScoreLike]:
    """``default_score`` bound to the sentence encoder (loaded on first use)."""
    def score(transcript: Transcript, question: Question, voice: Any = None) -> ScoreLike:
        from interviewer.storage.recovery import default_score

        return default_score(transcript, question, cli_encoder(ctx), voice)
    return score


def follow_up_scorer(ctx: CliContext) -> Callable[..., tuple[Any, dict[str, Any]]]:
    """Scores an answered follow-up again with the answer's new score (for ``rescore``)."""
    def again(main: Any, transcript: Transcript, reply: Transcript,
              question: Question) -> tuple[Any, dict[str, Any]]:
        from interviewer.core.scoring import ScoreResult
        from interviewer.core.scoring.follow_up_answer import score_follow_up

        result = main if isinstance(main, ScoreResult) else ScoreResult.from_dict(dict(main))
        combined, gain = score_follow_up(result, transcript, reply, question=question,
                                         encoder=cli_encoder(ctx))
        return combined, gain.to_dict()
    return again
