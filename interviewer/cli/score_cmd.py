"""``interviewer score``: score one answer and explain the score.

    interviewer score (--question ID [--bank FILE] | --kind behavioral|technical)
                      (--audio FILE | --transcript FILE.json | --text TEXT | --text-file FILE)
                      [--json]
    interviewer score --batch FILE.jsonl [--bank FILE] [--json]

The default output is a readable report (overall, components with their explanations, STAR
parts with evidence or concepts hit/possible/missed, delivery, tips); ``--json`` prints the
``score --json`` document of DESIGN.md. ``--kind`` without a question scores against no rubric
(structure and delivery only). Bad input raises :class:`InputError` (exit 2, one line).

The sentence-meaning model is loaded once per process when its pack is installed; without it
the word rules score alone and the result's notes say so. ``--batch`` scores one request per
line (``{"question"|"kind", "text"|"transcript"}``) and writes one result per line, in order; a
line that cannot be scored gives ``{"line": N, "error": "..."}`` in its place and exit status 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.cli.context import cli_encoder
from interviewer.core.errors import InputError

if TYPE_CHECKING:
    from interviewer.cli.context import CliContext
    from interviewer.core.questions import Question, QuestionBank
    from interviewer.core.transcript import Transcript

KINDS = ("behavioral", "technical")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "score",
        help="score an answer (text, transcript JSON or audio) against a question",
        description="Score one answer and explain the score: STAR parts for stories, key "
        "concepts and structure for technical answers, delivery (pace, fillers, pauses) when "
        "timings are known, and a few concrete tips.",
    )
    which = parser.add_argument_group("what the answer is to (one of)")
    which.add_argument("--question", metavar="ID", help="question id, e.g. q07")
    which.add_argument("--bank", metavar="FILE",
                       help="question bank TOML file (default: the bundled bank)")
    which.add_argument("--kind", choices=KINDS,
                       help="score without a question: no rubric, structure and delivery only")
    src = parser.add_argument_group("the answer (one of)")
    src.add_argument("--audio", metavar="FILE", help="a recording to transcribe first")
    src.add_argument("--transcript", metavar="FILE.json",
                     help="a transcript as printed by `interviewer transcribe --json`")
    src.add_argument("--text", metavar="TEXT", help="the answer as plain text")
    src.add_argument("--text-file", metavar="FILE", help="a text file holding the answer")
    parser.add_argument("--batch", metavar="FILE.jsonl",
                        help="score many answers in one process: one JSON request per line "
                        '({"question" or "kind", "text" or "transcript"}), one result per line')
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document (the score --json contract)")
    parser.set_defaults(handler=run)


def _question(args: argparse.Namespace) -> Question | None:
    if args.question and args.kind:
        raise InputError("Give either --question or --kind, not both.")
    if not args.question and not args.kind:
        raise InputError("Say what the answer is to: --question ID (e.g. q07) or --kind "
                         "behavioral|technical.")
    if args.bank and not args.question:
        raise InputError("--bank only makes sense with --question ID.")
    if not args.question:
        return None
    from interviewer.cli.question_lookup import find_question, load_question_bank

    return find_question(load_question_bank(args.bank), args.question)


def _read_text_file(path: str, what: str) -> str:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} {path} does not exist or is not a file; check the path.")
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} {path} is not UTF-8 text; save it as UTF-8.") from exc
    except OSError as exc:
        raise InputError(f"Cannot read {what.lower()} {path} ({exc.strerror}).") from exc


def load_transcript_json(path: str) -> Transcript:
    """Read a ``transcribe --json`` document (one object, or a one-element list)."""
    from interviewer.core.transcript import Transcript

    raw = _read_text_file(path, "Transcript file")
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"Transcript file {path} is not valid JSON (line {exc.lineno}): "
                         f"give the output of `interviewer transcribe --json`.") from exc
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise InputError(f"Transcript file {path} must hold one JSON object as printed by "
                         f"`interviewer transcribe --json`.")
    if "segments" not in data and isinstance(data.get("text"), str):
        return Transcript.from_text(data["text"])
    try:
        return Transcript.from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"Transcript file {path} does not have the `transcribe --json` shape "
                         f"({type(exc).__name__}: {exc}).") from exc


def _transcript(args: argparse.Namespace, ctx: CliContext,
                question: Question | None) -> Transcript:
    from interviewer.core.transcript import Transcript

    given = [name for name in ("audio", "transcript", "text", "text_file")
             if getattr(args, name) is not None]
    if len(given) != 1:
        raise InputError("Give exactly one answer: --audio FILE, --transcript FILE.json, "
                         "--text TEXT or --text-file FILE.")
    if args.text is not None:
        return Transcript.from_text(args.text)
    if args.text_file is not None:
        return Transcript.from_text(_read_text_file(args.text_file, "Text file"))
    if args.transcript is not None:
        return load_transcript_json(args.transcript)
    if not Path(args.audio).is_file():
        raise InputError(f"Audio file {args.audio} does not exist or is not a file; check the "
                         f"path.")
    from interviewer.cli.speech_support import transcribe_for_cli

    vocabulary: list[str] = []
    try:
        from interviewer.speech.vocabulary import terms_for
    except ImportError:  # pragma: no cover - the speech layer is optional for scoring
        terms_for = None  # type: ignore[assignment]
    if terms_for is not None and question is not None:
        vocabulary = list(terms_for(question))
    transcript, _info = transcribe_for_cli(args.audio, ctx, vocabulary=vocabulary,
                                           progress=not args.json)
    return transcript


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.core.scoring import render_text, score_answer

    if args.batch is not None:
        return run_batch(args, ctx)
    question = _question(args)
    transcript = _transcript(args, ctx, question)
    voice = None
    if args.audio is not None:
        from interviewer.speech.voice_analysis import analyse_recording

        voice = analyse_recording(args.audio, transcript)
    result = score_answer(transcript, question=question,
                          kind=None if question is not None else args.kind,
                          encoder=cli_encoder(ctx), voice=voice)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_text(result), end="")
    return 0


def _batch_request(line: str, number: int, bank: QuestionBank) -> tuple[
        Question | None, str | None, Transcript]:
    from interviewer.core.transcript import Transcript

    try:
        req: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number} is not valid JSON ({exc.msg}).") from exc
    if not isinstance(req, dict):
        raise InputError(f"line {number} must be a JSON object.")
    qid, kind = req.get("question"), req.get("kind")
    if (qid is None) == (kind is None):
        raise InputError(f'line {number}: give either "question" or "kind".')
    if kind is not None and kind not in KINDS:
        raise InputError(f'line {number}: "kind" must be behavioral or technical.')
    question = None
    if qid is not None:
        from interviewer.cli.question_lookup import find_question

        question = find_question(bank, str(qid))
    text, transcript = req.get("text"), req.get("transcript")
    if (text is None) == (transcript is None):
        raise InputError(f'line {number}: give either "text" or "transcript".')
    if text is not None:
        if not isinstance(text, str):
            raise InputError(f'line {number}: "text" must be a string.')
        return question, kind, Transcript.from_text(text)
    if not isinstance(transcript, dict):
        raise InputError(f'line {number}: "transcript" must be a `transcribe --json` object.')
    try:
        if "segments" not in transcript and isinstance(transcript.get("text"), str):
            return question, kind, Transcript.from_text(transcript["text"])
        return question, kind, Transcript.from_dict(transcript)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f'line {number}: "transcript" does not have the `transcribe --json` '
                         f"shape ({exc}).") from exc


def run_batch(args: argparse.Namespace, ctx: CliContext) -> int:
    """One result per request line, in order, from one process and one loaded model."""
    from interviewer.cli.question_lookup import load_question_bank
    from interviewer.core.scoring import score_answer

    if any(getattr(args, n) is not None for n in ("audio", "transcript", "text", "text_file")) \
            or args.question or args.kind:
        raise InputError("--batch reads everything from its file; leave out --question, "
                         "--kind, --audio, --transcript, --text and --text-file.")
    path = Path(args.batch)
    lines = _read_text_file(args.batch, "Batch file").splitlines()
    bank = load_question_bank(args.bank)
    encoder = cli_encoder(ctx)
    failed = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            question, kind, transcript = _batch_request(line, number, bank)
            result = score_answer(transcript, question=question,
                                  kind=None if question is not None else kind,  # type: ignore[arg-type]
                                  encoder=encoder)
        except InputError as exc:
            failed += 1
            if args.json:
                print(json.dumps({"line": number, "error": str(exc)}), flush=True)
            else:
                print(f"line {number}: error: {exc}", flush=True)
            continue
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        else:
            what = result.question_id or result.kind
            print(f"line {number}: {what}: {result.overall}/100", flush=True)
    if failed:
        raise InputError(f"{failed} line{'s' * (failed != 1)} of {path} could not be scored "
                         "(see the error lines in the output).")
    return 0
