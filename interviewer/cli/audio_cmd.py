"""Sound commands: ``speak``, ``devices`` and ``record``.

- ``interviewer speak TEXT [--out FILE.wav] [--voice ID] [--rate WPM]``: read text aloud through
  the speaker, or only synthesise it into a WAV with ``--out``. ``--list-voices`` lists voices.
- ``interviewer devices [--json]``: microphones and speakers, with the defaults marked.
- ``interviewer record OUT.wav [--seconds N] [--device NAME]``: record from the microphone with a
  live level bar on stderr until Ctrl-C or N seconds; the WAV is complete and valid afterwards
  (and after a crash, ``repair_wav`` makes it so).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.core.errors import InputError

if TYPE_CHECKING:
    from interviewer.cli.context import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    speak = sub.add_parser("speak", help="read text aloud, or synthesise it into a WAV file",
                           description="Read TEXT aloud with the text-to-speech voice, or write "
                           "it to a WAV file with --out.")
    speak.add_argument("text", nargs="?", metavar="TEXT", help="the words to speak")
    speak.add_argument("--out", metavar="FILE.wav", help="write the speech here instead of "
                       "playing it")
    speak.add_argument("--voice", metavar="ID", help="a voice id or name (default: Settings)")
    speak.add_argument("--rate", type=int, metavar="WPM", help="words a minute (default: "
                       "Settings)")
    speak.add_argument("--list-voices", action="store_true", help="list the installed voices")
    speak.set_defaults(handler=run_speak)

    devices = sub.add_parser("devices", help="list microphones and speakers",
                             description="List the sound inputs and outputs; * marks the "
                             "defaults.")
    devices.add_argument("--json", action="store_true", help="print one JSON document")
    devices.set_defaults(handler=run_devices)

    record = sub.add_parser("record", help="record from the microphone into a WAV file",
                            description="Record from the microphone into OUT.wav with a live "
                            "level bar, until Ctrl-C or --seconds.")
    record.add_argument("out", metavar="OUT.wav", help="the WAV file to write")
    record.add_argument("--seconds", type=float, metavar="N", help="stop after N seconds")
    record.add_argument("--device", metavar="NAME", help="a microphone name (default: Settings, "
                        "else the system default)")
    record.set_defaults(handler=run_record)


# ---------------------------------------------------------------------- speak
def run_speak(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.speech.tts import Speaker

    speaker = Speaker(ctx.paths.tts_cache_dir)
    if args.list_voices:
        for v in speaker.voices():
            langs = ",".join(v.languages)
            print(f"{v.id}\t{v.name}\t{langs}")
        return 0
    if not args.text:
        raise InputError("Give the text to speak, for example: interviewer speak \"Hello\".")
    voice = args.voice if args.voice is not None else (ctx.settings.voice or None)
    rate = args.rate if args.rate is not None else ctx.settings.rate_wpm
    if rate is not None and not 50 <= rate <= 500:
        raise InputError(f"--rate {rate} is out of range; give words a minute between 50 and 500.")
    wav = speaker.synthesise(args.text, voice=voice, rate=rate)
    if args.out:
        out = Path(args.out).expanduser()
        if out.parent and not out.parent.is_dir():
            raise InputError(f"The folder {out.parent} does not exist; create it or choose "
                             "another --out path.")
        shutil.copyfile(wav, out)
        print(out)
        return 0
    from interviewer.audio.player import Player

    done = threading.Event()
    failed: list[Exception] = []

    def on_error(error: Exception) -> None:
        failed.append(error)
        done.set()

    player = Player(device=ctx.settings.output_device or None, on_finished=done.set,
                    on_error=on_error)
    player.play(wav)
    try:
        done.wait()
    except KeyboardInterrupt:
        player.stop()
        raise
    if failed:
        raise failed[0]
    return 0


# ---------------------------------------------------------------------- devices
def run_devices(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.audio.devices import list_devices

    listed = list_devices()
    if args.json:
        print(json.dumps(listed.to_dict(), indent=2))
        return 0
    for title, devs, default in (("Microphones", listed.inputs, listed.default_input),
                                 ("Speakers", listed.outputs, listed.default_output)):
        print(f"{title}:")
        if not devs:
            print("  (none found: connect one, or start the sound server)")
        for d in devs:
            mark = "*" if default is not None and d.index == default.index else " "
            print(f" {mark} {d.name}  ({d.hostapi}, {d.default_samplerate:.0f} Hz)")
    return 0


# ---------------------------------------------------------------------- record
def run_record(args: argparse.Namespace, ctx: CliContext) -> int:
    from interviewer.audio.levels import bar
    from interviewer.audio.recorder import Recorder

    if args.seconds is not None and not args.seconds > 0:
        raise InputError(f"--seconds {args.seconds:g} is not a length; give a number above 0.")
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise InputError(f"{out} is a folder; give a file name such as {out / 'answer.wav'}.")
    device = args.device or ctx.settings.input_device or None
    rec = Recorder()
    rec.start(out, device=device, limit_s=args.seconds)
    limit = f" / {args.seconds:5.1f} s" if args.seconds else ""
    err = sys.stderr
    err.write("Recording; press Ctrl-C to stop.\n")
    interrupted = False
    try:
        while rec.wait(0.1) is None:
            err.write(f"\r{bar(rec.level)}  {rec.elapsed_s:5.1f} s{limit} ")
            err.flush()
    except KeyboardInterrupt:
        interrupted = True
    info = rec.stop()
    err.write(f"\r{bar(rec.level)}  {info.duration_s:5.1f} s{limit} \n")
    how = "stopped" if interrupted else {"limit": "time limit reached"}.get(
        info.stopped_reason, info.stopped_reason)
    print(f"Recorded {info.duration_s:.1f} s to {info.path} ({info.sample_rate} Hz, {how}).")
    if info.message:
        from interviewer.audio.errors import AudioError

        raise AudioError(info.message)
    return 0
