"""Stored attempts from the command line.

    interviewer practice --question ID --audio FILE [--bank FILE] [--model NAME]
                         [--device auto|cpu|cuda] [--json]
    interviewer history [--question ID] [--limit N] [--json]
    interviewer export ATTEMPT_OR_SESSION [--format md|html] [--out FILE]
    interviewer rebuild [--json]
    interviewer rescore [--force] [--bank FILE] [--json]
    interviewer retry [--model NAME] [--device auto|cpu|cuda] [--json]

``practice`` stores an existing recording as an attempt: the file is copied into a new attempt
folder (a WAV byte for byte; FLAC/OGG converted to 16-bit WAV), transcribed with the Whisper
engine from the settings, scored against the question and saved. If transcription fails the
attempt is kept as "failed" with its recording. Every command opens the store in the data dir
(``--data-dir``), which first recovers recordings left by a crash (repairing their WAV; they
are transcribed later, so listing history never loads the model).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.cli.context import cli_encoder, follow_up_scorer, scorer_with_encoder
from interviewer.cli.question_lookup import find_question, load_question_bank
from interviewer.core.errors import InputError

if TYPE_CHECKING:
    from interviewer.cli.context import CliContext
    from interviewer.core.questions import Question
    from interviewer.core.transcript import Transcript
    from interviewer.storage.store import AttemptStore

SETTINGS_IN_SNAPSHOT = ("model", "model_path", "device", "filler_prompt", "think_time_s",
                        "answer_limit_s", "voice", "rate_wpm", "input_device")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("practice", help="store a recording as an attempt: transcribe, score, save",
                       description="Store an existing recording as a practice attempt: copy it "
                       "into the data dir, transcribe it, score it against the question, save.")
    p.add_argument("--question", metavar="ID", required=True, help="question id, e.g. q07")
    p.add_argument("--audio", metavar="FILE", required=True, type=Path,
                   help="the recording (WAV, FLAC or OGG)")
    p.add_argument("--bank", metavar="FILE", help="question bank TOML (default: bundled)")
    p.add_argument("--model", help="Whisper model (default: from settings)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where to run Whisper")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=run_practice)

    h = sub.add_parser("history", help="list stored attempts, newest first")
    h.add_argument("--question", metavar="ID", help="only this question")
    h.add_argument("--limit", type=int, metavar="N", help="at most N attempts")
    h.add_argument("--json", action="store_true", help="print one JSON document")
    h.set_defaults(handler=run_history)

    e = sub.add_parser("export", help="write a report of an attempt or a session",
                       description="Write an attempt or a session as Markdown or as one "
                       "self-contained HTML file (scores, transcript, delivery, tips, a link "
                       "to the recording).")
    e.add_argument("target", metavar="ATTEMPT_OR_SESSION",
                   help="an attempt or session id from `interviewer history`")
    e.add_argument("--format", choices=("md", "html"), default="md")
    e.add_argument("--out", metavar="FILE", type=Path,
                   help="where to write it (default: ./<id>.<format>)")
    e.set_defaults(handler=run_export)

    r = sub.add_parser("rebuild", help="recreate the attempt index from the attempt folders")
    r.add_argument("--json", action="store_true", help="print one JSON document")
    r.set_defaults(handler=run_rebuild)

    s = sub.add_parser("rescore", help="score stored attempts again with the current scorer",
                       description="Re-score stored attempts whose scorer or rubric version "
                       "changed (all with --force); old scores are kept in each attempt's "
                       "score history.")
    s.add_argument("--force", action="store_true", help="re-score every attempt")
    s.add_argument("--bank", metavar="FILE", help="question bank TOML (default: bundled)")
    s.add_argument("--json", action="store_true", help="print one JSON document")
    s.set_defaults(handler=run_rescore)

    t = sub.add_parser("retry", help="transcribe and score attempts that were never scored",
                       description="Transcribe and score the attempts whose transcription "
                       "failed or that were recovered after a crash (one model load).")
    t.add_argument("--model", help="Whisper model (default: from settings)")
    t.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where to run Whisper")
    t.add_argument("--json", action="store_true", help="print one JSON document")
    t.set_defaults(handler=run_retry)


# ---------------------------------------------------------------- shared
def open_store(ctx: CliContext, *, quiet: bool = False) -> AttemptStore:
    """Open the store and recover what a crash left (no transcription here)."""
    from interviewer.audio.wavfile import repair_wav
    from interviewer.storage.recovery import recover
    from interviewer.storage.store import AttemptStore

    store = AttemptStore.open(ctx.paths.data_dir)
    report = recover(store, repair_wav)
    if not quiet:
        for problem in store.problems:
            print(f"interviewer: skipped an attempt: {problem.message}", file=sys.stderr)
        if store.set_aside is not None:
            print(f"interviewer: the attempt index was damaged; kept it as {store.set_aside} "
                  "and rebuilt it from the attempt folders.", file=sys.stderr)
        if report.recovered or report.adopted:
            n = len(report.recovered) + len(report.adopted)
            print(f"interviewer: recovered {n} recording(s) left unfinished by a crash.",
                  file=sys.stderr)
        for attempt_id, why in report.failed:
            print(f"interviewer: attempt {attempt_id}: {why}", file=sys.stderr)
    return store


def copy_recording(source: Path, target: Path) -> None:
    """A WAV is copied byte for byte; anything else readable is written as 16-bit WAV."""
    with source.open("rb") as fh:
        head = fh.read(12)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        shutil.copyfile(source, target)
        return
    import soundfile as sf

    try:
        data, rate = sf.read(str(source), dtype="int16", always_2d=True)
    except (sf.LibsndfileError, RuntimeError) as exc:
        raise InputError(f"{source} cannot be read as audio ({exc}); use WAV, FLAC or OGG.") \
            from exc
    sf.write(str(target), data, rate, subtype="PCM_16", format="WAV")


def transcribe_file(path: Path, ctx: CliContext, question: Question,
                    args: argparse.Namespace) -> tuple[Transcript, dict[str, Any]]:
    """The real engine from the settings (a seam the fast tests replace)."""
    from interviewer.cli.speech_support import transcribe_for_cli
    from interviewer.speech.vocabulary import terms_for

    return transcribe_for_cli(path, ctx, model=args.model, device=args.device,
                              vocabulary=terms_for(question), progress=not args.json)


def _print(doc: Any) -> None:
    print(json.dumps(doc, ensure_ascii=False, indent=1))


# ---------------------------------------------------------------- commands
def run_practice(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.core.scoring import render_text, score_answer
    from interviewer.speech.audio_file import SAMPLE_RATE, load_audio

    question = find_question(load_question_bank(args.bank), args.question)
    audio = load_audio(args.audio)  # bad input fails before anything is stored
    settings = asdict(ctx.settings)
    with open_store(ctx, quiet=args.json) as store:
        session = store.start_session("single", title=question.id)
        draft = store.begin_attempt(question, session.session_id,
                                    {k: settings[k] for k in SETTINGS_IN_SNAPSHOT
                                     if k in settings})
        try:
            copy_recording(Path(args.audio), draft.audio_path)
            transcript, info = transcribe_file(draft.audio_path, ctx, question, args)
            from interviewer.speech.voice_analysis import analyse_recording

            score = score_answer(transcript, question=question, encoder=cli_encoder(ctx),
                                 voice=analyse_recording(draft.audio_path, transcript))
        except BaseException as exc:
            reason = str(exc) or type(exc).__name__
            if draft.audio_path.exists():
                store.mark_failed(draft.attempt_id, f"transcription failed: {reason}")
                print(f"interviewer: the recording is kept as attempt {draft.attempt_id}.",
                      file=sys.stderr)
            else:
                store.delete_attempt(draft.attempt_id)
            raise
        record = store.complete_attempt(
            draft.attempt_id, transcript, score, model=info.get("model"),
            device=info.get("device"),
            duration_s=transcript.duration_s or round(len(audio) / SAMPLE_RATE, 3))
    if args.json:
        _print({"attempt_id": record.attempt_id, "session_id": record.session.session_id,
                "status": record.status, "question_id": question.id,
                "audio_path": str(record.audio_path), "model": record.model,
                "device": record.device, "duration_s": record.duration_s,
                "score": record.score, "transcript": transcript.to_dict()})
    else:
        print(render_text(score))
        print(f"\nSaved as attempt {record.attempt_id} ({record.audio_path}).")
    return 0


def run_history(args: argparse.Namespace, ctx: CliContext) -> int:
    with open_store(ctx, quiet=args.json) as store:
        rows = store.queries.history(question_id=args.question, limit=args.limit)
        problems = [{"path": str(p.path), "message": p.message} for p in store.problems]
    if args.json:
        _print({"attempts": [r.to_dict() for r in rows], "skipped": problems})
        return 0
    if not rows:
        print("No attempts yet: practise with `interviewer practice --question ID --audio "
              "FILE` or in the app.")
        return 0
    for r in rows:
        score = "  --" if r.overall is None else f"{r.overall:4d}"
        text = r.question_text if len(r.question_text) <= 50 else r.question_text[:47] + "..."
        print(f"{r.created_at[:16].replace('T', ' ')}  {r.attempt_id}  {r.question_id or '?':5}"
              f" {score}  {r.status:9}  {text}")
    return 0


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.storage.export import export_report
    from interviewer.storage.layout import is_generated_id

    if not is_generated_id(args.target):  # it may become a file name: generated ids only
        raise InputError(f"{args.target!r} is not an attempt or session id (they look like "
                         "20261125T141500Z-1a2b3c4d); see `interviewer history`.")
    out = args.out or Path.cwd() / f"{args.target}.{args.format}"
    with open_store(ctx) as store:
        path = export_report(store, args.target, args.format, out)
    print(path)
    return 0


def run_rebuild(args: argparse.Namespace, ctx: CliContext) -> int:
    with open_store(ctx, quiet=True) as store:
        report = store.rebuild()
        count = len(store.queries.history())
    problems = [{"path": str(p.path), "message": p.message} for p in report.problems]
    if args.json:
        _print({"attempts": count, "skipped": problems})
    else:
        for p in report.problems:
            print(f"interviewer: skipped an attempt: {p.message}", file=sys.stderr)
        print(f"Rebuilt the index: {count} attempt(s), {len(problems)} skipped.")
    return 0


def run_rescore(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.storage.rescoring import rescore_all

    bank = load_question_bank(args.bank)
    with open_store(ctx, quiet=args.json) as store:
        from interviewer.speech.voice_analysis import analyse_recording

        report = rescore_all(store, force=args.force, score=scorer_with_encoder(ctx),
                             lookup=lambda q: bank.get(q.id) if q.bank_id == bank.id else None,
                             measure_voice=analyse_recording,
                             follow_up=follow_up_scorer(ctx))
    if args.json:
        _print(report.to_dict())
    else:
        print(f"Re-scored {len(report.rescored)} attempt(s); {len(report.unchanged)} already "
              f"current; {len(report.skipped)} without a transcript; "
              f"{len(report.failed)} failed.")
    return 0


def run_retry(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.storage.recovery import retry_unscored

    with open_store(ctx, quiet=args.json) as store:
        pending = [s.attempt_id for s in store.queries.retryable()]
        records = []
        if pending:
            transcribe = retry_transcriber(ctx, args)
            records = retry_unscored(store, transcribe, scorer_with_encoder(ctx),
                                     attempt_ids=pending)
    docs = [{"attempt_id": r.attempt_id, "status": r.status, "overall": r.overall,
             "status_detail": r.status_detail} for r in records]
    if args.json:
        _print({"attempts": docs})
    elif not docs:
        print("Nothing to retry: every attempt with a recording is scored.")
    else:
        for d in docs:
            result = "not scored" if d["overall"] is None else f"scored {d['overall']}"
            print(f"{d['attempt_id']}  {result}  {d['status']}"
                  + (f" ({d['status_detail']})" if d["status_detail"] else ""))
    return 0


def retry_transcriber(ctx: CliContext, args: argparse.Namespace) -> Any:
    """``(path, question) -> (Transcript, meta)`` sharing one engine loaded on first use
    (a seam the fast tests replace)."""
    from interviewer.cli.speech_support import build_engine, transcribe_with
    from interviewer.speech.vocabulary import terms_for

    engines: list[Any] = []

    def transcribe(path: Path, question: Question) -> tuple[Transcript, dict[str, Any]]:
        if not engines:
            engines.append(build_engine(ctx, args.model, args.device, progress=not args.json))
        return transcribe_with(engines[0], path, vocabulary=terms_for(question),
                               progress=not args.json)
    return transcribe
