"""Read-aloud: synthesise text to a cached WAV with pyttsx3 in a child process.

``Speaker.synthesise(text, voice, rate)`` returns the path of a WAV in the cache dir (named by
the sha256 of text, voice and rate), making it on first use by running
``python -m interviewer.speech.tts_worker`` (see there for why a separate process). Speaking is
synthesise + the app's player, so the question can be stopped, replayed and followed:
``Speaker.speak(text, player)`` does both, with any object that has ``play(path)``.

Without eSpeak NG (Linux) or a system voice, :class:`TtsUnavailableError` says so in one
sentence; the app shows the question as text and goes on. Blocking calls (synthesis takes about
0.3-1 s, listing voices about 0.3 s): call them off the GUI thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import wave
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from interviewer.core.errors import InputError, InterviewerError

log = logging.getLogger(__name__)


class TtsError(InterviewerError):
    """Text-to-speech failed."""


class TtsUnavailableError(TtsError):
    def __init__(self, detail: str = "") -> None:
        if sys.platform.startswith("linux"):
            fix = "install eSpeak NG (on Debian/Ubuntu: sudo apt install espeak-ng libespeak-ng1)"
        elif sys.platform == "win32":
            fix = "add a voice in Windows Settings > Time & language > Speech"
        else:
            fix = "add a voice in System Settings > Accessibility > Spoken Content"
        super().__init__(
            f"Questions cannot be read aloud because no text-to-speech voice is available; "
            f"{fix} and restart (the questions are still shown as text)."
        )
        self.detail = detail


class UnknownVoiceError(TtsError):
    def __init__(self, voice: str) -> None:
        super().__init__(
            f"The voice '{voice}' is not installed; choose another voice in Settings "
            "(`interviewer speak --list-voices` lists them)."
        )
        self.voice = voice


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...] = ()


class _Playable(Protocol):
    def play(self, source: Path) -> None: ...


class Speaker:
    """Synthesises speech into ``cache_dir``.

    ``worker`` is the command that runs the worker (default: this Python with
    ``-m interviewer.speech.tts_worker``); ``env`` extra environment for it. Tests use both to
    run the worker where eSpeak cannot be loaded.
    """

    def __init__(
        self,
        cache_dir: Path,
        *,
        worker: Sequence[str] | None = None,
        env: Mapping[str, str] | None = None,
        timeout_s: float = 60.0,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self._worker = list(worker) if worker else [sys.executable, "-m",
                                                    "interviewer.speech.tts_worker"]
        self._env = dict(env) if env else None
        self._timeout = timeout_s

    # ------------------------------------------------------------------ public
    def cache_path(self, text: str, voice: str | None = None, rate: int | None = None) -> Path:
        key = json.dumps([text, voice or "", int(rate or 0)], ensure_ascii=False)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.cache_dir / f"{digest}.wav"

    def synthesise(self, text: str, voice: str | None = None, rate: int | None = None) -> Path:
        """The WAV of ``text`` spoken (cached). Raises TtsUnavailableError, UnknownVoiceError,
        TtsError, or InputError for empty text."""
        if not text.strip():
            raise InputError("There is no text to read aloud; give the words to speak.")
        path = self.cache_path(text, voice, rate)
        if path.exists() and _wav_frames(path) > 0:
            return path
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.wav")
        args = ["synth", str(tmp)]
        if voice:
            args += ["--voice", voice]
        if rate:
            args += ["--rate", str(int(rate))]
        try:
            self._run(args, stdin=text, voice=voice)
            if _wav_frames(tmp) <= 0 or not _has_sound(tmp):
                raise TtsError(
                    "The text-to-speech engine produced an empty recording; try another voice "
                    "in Settings, or reinstall eSpeak NG."
                )
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return path

    def voices(self) -> list[Voice]:
        """The installed voices (from a child process)."""
        result = self._run(["voices"])
        return [Voice(str(v["id"]), str(v["name"]), tuple(v.get("languages", ())))
                for v in result.get("voices", [])]

    def speak(self, text: str, player: _Playable, voice: str | None = None,
              rate: int | None = None) -> Path:
        """Synthesise (cached) and start playing with ``player``; returns the WAV path."""
        path = self.synthesise(text, voice, rate)
        player.play(path)
        return path

    # ------------------------------------------------------------------ worker
    def _run(self, args: list[str], *, stdin: str = "",
             voice: str | None = None) -> dict[str, Any]:
        env = dict(os.environ)
        if self._env:
            env.update(self._env)
        try:
            done = subprocess.run([*self._worker, *args], input=stdin, capture_output=True,
                                  text=True, timeout=self._timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise TtsError(
                f"The text-to-speech engine did not finish within {self._timeout:.0f} s; "
                "try again, or turn reading aloud off in Settings."
            ) from exc
        except OSError as exc:
            raise TtsUnavailableError(str(exc)) from exc
        result = _last_json(done.stdout)
        if result is not None and result.get("ok"):
            return result
        kind = result.get("kind") if result else None
        detail = (result or {}).get("detail") or done.stderr.strip()[-500:]
        log.info("tts worker %s failed (%s, exit %s): %s", args[0], kind, done.returncode, detail)
        if kind == "unavailable":
            raise TtsUnavailableError(str(detail))
        if kind == "voice":
            raise UnknownVoiceError(voice or "")
        raise TtsError(
            "Reading aloud failed (the text-to-speech engine stopped with an error); try again, "
            "and see the log if it repeats."
        )


def _last_json(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _wav_frames(path: Path) -> int:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


def _has_sound(path: Path) -> bool:
    """True when some sample is above about -60 dBFS (not an all-silent file)."""
    with wave.open(str(path), "rb") as w:
        width = w.getsampwidth()
        data = w.readframes(w.getnframes())
    if width != 2:
        return len(data) > 0
    import array

    samples = array.array("h", data)
    return max((abs(s) for s in samples), default=0) > 32
