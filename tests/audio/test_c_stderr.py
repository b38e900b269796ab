"""The filter in front of descriptor 2 drops PortAudio/ALSA diagnostics and nothing else."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.audio.c_stderr import split_noise

ROOT = Path(__file__).resolve().parents[2]
PA = (b"Expression 'PaAlsaStream_WaitForFrames( stream, &framesAvail, &xrun )' failed in "
      b"'src/hostapi/alsa/pa_linux_alsa.c', line: 4285\n")
ALSA = b"ALSA lib pcm.c:8568:(snd_pcm_recover) overrun occurred\n"


@pytest.mark.parametrize(("given", "passed", "dropped", "held"), [
    (b"plain line\n", b"plain line\n", 0, b""),
    (PA, b"", 1, b""),
    (ALSA + b"after\n", b"after\n", 1, b""),
    # the level display has no newline: PortAudio's line starts right after it
    (b"\r[....] -20 dBFS  0.9 s " + PA + PA, b"\r[....] -20 dBFS  0.9 s ", 2, b""),
    (b"\r[....] 0.9 s Expres", b"\r[....] 0.9 s ", 0, b"Expres"),
    (b"no newline yet", b"no newline yet", 0, b""),
    (b"an Expression is not enough\n", b"an Expression is not enough\n", 0, b""),
])
def test_split_noise(given: bytes, passed: bytes, dropped: int, held: bytes) -> None:
    out, noise, rest = split_noise(given)
    assert (out, len(noise), rest) == (passed, dropped, held)
    assert split_noise(given, final=True)[2] == b""


CHILD = r"""
import os, sys, threading
from interviewer.audio import c_stderr
f = c_stderr.install()
sys.stderr.write("before\n"); sys.stderr.flush()
def c_thread():  # as PortAudio does: raw writes to descriptor 2 from another thread
    os.write(2, b"\r[...] 1.0 s ")
    os.write(2, PA)
    os.write(2, b"ALSA lib ")
    os.write(2, ALSA[9:])
t = threading.Thread(target=c_thread); t.start(); t.join()
sys.stderr.write("interviewer: the last sentence\n")
"""


def test_a_process_keeps_its_own_words_and_loses_the_c_noise() -> None:
    code = f"PA = {PA!r}\nALSA = {ALSA!r}\n" + CHILD
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"before\n\r[...] 1.0 s interviewer: the last sentence\n"
