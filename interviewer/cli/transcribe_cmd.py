"""`interviewer transcribe AUDIO [AUDIO ...] [--model NAME] [--device auto|cpu|cuda] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interviewer.cli.context import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("transcribe", help="transcribe audio files with Whisper (offline)",
                       description="Transcribe WAV, FLAC or OGG files. Several files share one "
                                   "loaded model.")
    p.add_argument("audio", nargs="+", type=Path, metavar="AUDIO")
    p.add_argument("--model", help="Whisper model (default: from settings, tiny.en)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), help="where to run Whisper")
    p.add_argument("--json", action="store_true", help="print one JSON document")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.cli.speech_support import build_engine, transcribe_with
    from interviewer.speech.audio_file import load_audio

    for path in args.audio:  # check every file before the slow model load
        load_audio(path)
    engine = build_engine(ctx, args.model, args.device, progress=True)
    docs = []
    for path in args.audio:
        transcript, info = transcribe_with(engine, path, progress=True)
        doc = {**transcript.to_dict(), **info}
        if "note" in info:
            print(f"interviewer: {path}: {info['note']}", file=sys.stderr)
        if args.json:
            docs.append(doc)
        else:
            if len(args.audio) > 1:
                print(f"== {path}")
            print(transcript.text)
    if args.json:
        out = docs[0] if len(docs) == 1 else docs
        print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0
