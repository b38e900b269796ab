"""Text-to-speech in a child process: ``python -m interviewer.speech.tts_worker``.

pyttsx3 has state bugs (the first ``runAndWait`` of a new engine can return before the file
exists; later calls can overwrite earlier files; a missing eSpeak raises at import), so each
synthesis runs here, in a fresh process, and reports one JSON line on stdout:

- ``synth OUT.wav [--voice ID] [--rate WPM]`` (text on stdin) -> ``{"ok": true, "path": ...}``
- ``voices`` -> ``{"ok": true, "voices": [{"id", "name", "languages"}]}``

Failures: ``{"ok": false, "kind": "unavailable"|"voice"|"failed", "detail": ...}`` with exit
status 3 (unavailable), 4 (voice) or 1 (failed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import wave
from pathlib import Path
from typing import Any

EXIT_UNAVAILABLE = 3
EXIT_VOICE = 4
EXIT_FAILED = 1
FILE_TIMEOUT_S = 30.0


class _Failure(Exception):
    def __init__(self, kind: str, detail: str, code: int) -> None:
        super().__init__(detail)
        self.kind = kind
        self.code = code


def _engine() -> Any:
    try:
        import pyttsx3

        return pyttsx3.init()
    except (ImportError, RuntimeError, OSError) as exc:
        raise _Failure("unavailable", f"{type(exc).__name__}: {exc}", EXIT_UNAVAILABLE) from exc
    except Exception as exc:  # pyttsx3 drivers raise various types when the library is missing
        raise _Failure("unavailable", f"{type(exc).__name__}: {exc}", EXIT_UNAVAILABLE) from exc


def _voices(engine: Any) -> list[dict[str, Any]]:
    out = []
    for v in engine.getProperty("voices") or []:
        langs = []
        for lang in getattr(v, "languages", None) or []:
            langs.append(lang.decode("utf-8", "replace") if isinstance(lang, bytes) else str(lang))
        out.append({"id": str(v.id), "name": str(getattr(v, "name", v.id) or v.id),
                    "languages": langs})
    return out


def _complete_frames(path: Path) -> int:
    """Frames in a WAV whose size has settled; 0 while missing or still being written."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


def _wait_for_file(path: Path, timeout: float) -> int:
    """pyttsx3 may return before the file exists: wait until it is there and stops growing."""
    deadline = time.monotonic() + timeout
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 44 and size == last:
            frames = _complete_frames(path)
            if frames > 0:
                return frames
        last = size
        time.sleep(0.05)
    return 0


def synth(text: str, out: Path, voice: str | None, rate: int | None) -> dict[str, Any]:
    engine = _engine()
    if voice:
        ids = [v["id"] for v in _voices(engine)]
        names = {v["name"]: v["id"] for v in _voices(engine)}
        if voice not in ids and voice not in names:
            raise _Failure("voice", f"unknown voice {voice!r}", EXIT_VOICE)
        engine.setProperty("voice", names.get(voice, voice))
    if rate:
        engine.setProperty("rate", int(rate))
    out.parent.mkdir(parents=True, exist_ok=True)
    engine.save_to_file(text, str(out))
    engine.runAndWait()
    frames = _wait_for_file(out, FILE_TIMEOUT_S)
    if frames <= 0:
        raise _Failure("failed", "the speech engine wrote no audio", EXIT_FAILED)
    return {"ok": True, "path": str(out), "frames": frames}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tts_worker")
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("synth")
    s.add_argument("out")
    s.add_argument("--voice")
    s.add_argument("--rate", type=int)
    sub.add_parser("voices")
    args = parser.parse_args(argv)
    try:
        if args.cmd == "voices":
            result: dict[str, Any] = {"ok": True, "voices": _voices(_engine())}
        else:
            text = sys.stdin.read()
            result = synth(text, Path(args.out), args.voice, args.rate)
    except _Failure as f:
        print(json.dumps({"ok": False, "kind": f.kind, "detail": str(f)}), flush=True)
        return f.code
    except Exception as exc:  # the parent turns this into one sentence
        print(json.dumps({"ok": False, "kind": "failed",
                          "detail": f"{type(exc).__name__}: {exc}"}), flush=True)
        return EXIT_FAILED
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
