"""Keep PortAudio's and ALSA's C-level diagnostics off the person's terminal.

When a microphone vanishes mid-stream, PortAudio's ALSA host API prints lines such as
``Expression 'PaAlsaStream_WaitForFrames( ... )' failed in 'src/hostapi/alsa/pa_linux_alsa.c',
line: 4285`` straight to file descriptor 2 from its own thread, and ALSA adds ``ALSA lib ...``
lines. The app already says what happened in one plain sentence; these lines only confuse. The
Debian build of PortAudio exports no hook for its debug output, so :func:`install` puts a pipe
in front of descriptor 2: a reader thread passes everything through unchanged except those
lines, which go to the log at DEBUG level instead.

Installed once per process, by the audio backend when it first loads PortAudio (never at
import). At exit the original descriptor is put back and the pipe drained, so nothing written
last (an error sentence before exit) is lost.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import select
import threading

log = logging.getLogger(__name__)

#: Whole lines (or the tail of a line another write started) that are C diagnostics.
NOISE = re.compile(rb"(?:Expression '[^\n]*' failed in '[^\n]*', line: \d+|ALSA lib [^\n]*)\n")
_PREFIXES = (b"Expression '", b"ALSA lib ")
_HOLD_S = 0.2  # an incomplete line that may be noise waits at most this long for its end


def _hold_from(tail: bytes) -> int:
    """Where in ``tail`` (text after the last newline) a noise line may be starting; or its
    length when none can."""
    for i in range(len(tail)):
        rest = tail[i:]
        if any(rest.startswith(p) or p.startswith(rest) for p in _PREFIXES):
            return i
    return len(tail)


def split_noise(buffer: bytes, *, final: bool = False) -> tuple[bytes, list[bytes], bytes]:
    """(text to pass through, noise lines removed, rest to hold for the next read).

    The end of an unfinished line that may still become noise is held back unless ``final``."""
    noise = [m.group(0) for m in NOISE.finditer(buffer)]
    clean = NOISE.sub(b"", buffer)
    nl = clean.rfind(b"\n")
    done, tail = clean[: nl + 1], clean[nl + 1:]
    cut = len(tail) if final else _hold_from(tail)
    return done + tail[:cut], noise, tail[cut:]


class StderrFilter:
    """A pipe in front of a descriptor that drops :data:`NOISE` lines (see the module doc)."""

    def __init__(self, fd: int = 2) -> None:
        self.fd = fd
        self._saved: int | None = None
        self._read: int | None = None
        self._pipe_stat: os.stat_result | None = None
        self._thread: threading.Thread | None = None
        self.dropped = 0

    @property
    def installed(self) -> bool:
        return self._thread is not None

    def install(self) -> None:
        if self._thread is not None:
            return
        saved = os.dup(self.fd)
        read, write = os.pipe()
        os.dup2(write, self.fd)
        os.close(write)
        self._saved, self._read = saved, read
        self._pipe_stat = os.fstat(self.fd)
        self._thread = threading.Thread(target=self._run, name="interviewer-c-stderr",
                                        daemon=True)
        self._thread.start()

    def uninstall(self, timeout: float = 2.0) -> None:
        """Put the original descriptor back (if ours is still there) and drain the pipe."""
        thread, saved = self._thread, self._saved
        if thread is None or saved is None:
            return
        if self._is_ours():
            os.dup2(saved, self.fd)  # closes our write end: the reader sees EOF once drained
        thread.join(timeout)
        self._thread = None

    def _is_ours(self) -> bool:
        try:
            now = os.fstat(self.fd)
        except OSError:
            return False
        st = self._pipe_stat
        return st is not None and (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino)

    def _run(self) -> None:
        read, saved = self._read, self._saved
        if read is None or saved is None:  # pragma: no cover - install() sets both first
            return
        pending = b""
        try:
            while True:
                ready, _, _ = select.select([read], [], [], _HOLD_S if pending else None)
                if not ready:  # a held line did not finish in time: it is not noise
                    self._emit(saved, pending, [])
                    pending = b""
                    continue
                chunk = os.read(read, 65536)
                if not chunk:
                    out, noise, _ = split_noise(pending, final=True)
                    self._emit(saved, out, noise)
                    return
                out, noise, pending = split_noise(pending + chunk)
                self._emit(saved, out, noise)
        finally:
            os.close(read)
            os.close(saved)
            self._saved = self._read = None

    def _emit(self, fd: int, out: bytes, noise: list[bytes]) -> None:
        for line in noise:
            self.dropped += 1
            log.debug("C library said: %s", line.decode(errors="replace").rstrip())
        while out:
            try:
                n = os.write(fd, out)
            except OSError:
                return
            out = out[n:]


_process_filter: list[StderrFilter] = []  # at most one, made by install()
_lock = threading.Lock()


def install() -> StderrFilter:
    """Filter descriptor 2 for the rest of the process (idempotent)."""
    with _lock:
        if not _process_filter:
            made = StderrFilter(2)
            _process_filter.append(made)
            try:
                made.install()
            except OSError as exc:  # no descriptor 2 (a detached process): nothing to guard
                log.info("stderr filter not installed: %s", exc)
                return made
            atexit.register(made.uninstall)
        return _process_filter[0]
