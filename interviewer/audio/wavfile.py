"""A crash-safe streaming WAV writer and the matching repair.

The header is written first (with the sizes of an empty file); audio is appended as it arrives,
flushed to the kernel on every write (so a killed process loses nothing already handed over) and
``fsync``-ed at least every ``sync_interval_s`` (so a power cut loses at most about that much).
The header sizes are rewritten at each sync, so a file read mid-recording is valid up to the last
sync, and :func:`repair_wav` makes any left-over file whole: it sets the sizes from the file's
length and drops a trailing partial frame.

Format: 16-bit PCM (``int16``) little-endian, canonical 44-byte header.
"""

from __future__ import annotations

import errno
import logging
import os
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from interviewer.audio.errors import AudioFileError, DiskFullError

log = logging.getLogger(__name__)

HEADER_BYTES = 44
_MAX_U32 = 0xFFFFFFFF


def _header(rate: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * 2
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", min(36 + data_bytes, _MAX_U32), b"WAVE",
        b"fmt ", 16, 1, channels, rate, rate * block_align, block_align, 16,
        b"data", min(data_bytes, _MAX_U32),
    )


def to_int16(block: np.ndarray) -> np.ndarray:
    """float32 in [-1, 1] (or int16 already) -> int16, clipped."""
    if block.dtype == np.int16:
        return block
    scaled = np.clip(np.asarray(block, dtype=np.float32), -1.0, 1.0) * 32767.0
    return np.round(scaled).astype(np.int16)


class WavWriter:
    """Append-only WAV writer. Not thread-safe: one writer thread owns it.

    ``write`` raises :class:`DiskFullError` when the disk fills; the file is then closed with a
    valid header over the whole frames that made it to disk.
    """

    def __init__(
        self,
        path: Path | str,
        rate: int,
        channels: int = 1,
        *,
        sync_interval_s: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        write: Callable[[int, bytes], int] = os.write,
    ) -> None:
        self.path = Path(path)
        self.rate = int(rate)
        self.channels = int(channels)
        self._sync_interval = sync_interval_s
        self._clock = clock
        self._write = write
        self._data_bytes = 0
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            self._write_all(_header(self.rate, self.channels, 0), is_audio=False)
            os.fsync(self._fd)
        except OSError as exc:
            os.close(self._fd)
            self._closed = True
            if exc.errno == errno.ENOSPC:
                raise DiskFullError(str(self.path), 0.0) from exc
            raise
        self._last_sync = self._clock()

    @property
    def frames(self) -> int:
        return self._data_bytes // (2 * self.channels)

    @property
    def duration_s(self) -> float:
        return self.frames / self.rate

    @property
    def closed(self) -> bool:
        return self._closed

    def _write_all(self, data: bytes, *, is_audio: bool = True) -> None:
        """Write everything (os.write may write less than asked); count audio bytes written."""
        view = memoryview(data)
        done = 0
        while done < len(view):
            n = self._write(self._fd, bytes(view[done:]))
            if n <= 0:  # pragma: no cover - os.write raises instead
                raise OSError(errno.ENOSPC, "short write")
            done += n
            if is_audio:
                self._data_bytes += n

    def write(self, block: np.ndarray) -> None:
        """Append a block of samples (frames x channels, or 1-D for mono)."""
        if self._closed:
            raise ValueError("writer is closed")
        data = to_int16(block).tobytes()
        try:
            self._write_all(data)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                self._close_after_full()
                raise DiskFullError(str(self.path), self.duration_s) from exc
            raise
        if self._clock() - self._last_sync >= self._sync_interval:
            self.sync()

    def sync(self) -> None:
        """Rewrite the header sizes and fsync."""
        if self._closed:
            return
        whole = self.frames * 2 * self.channels
        os.pwrite(self._fd, _header(self.rate, self.channels, whole), 0)
        os.fsync(self._fd)
        self._last_sync = self._clock()

    def _close_after_full(self) -> None:
        whole = self.frames * 2 * self.channels
        try:
            os.ftruncate(self._fd, HEADER_BYTES + whole)
            self._data_bytes = whole
            os.pwrite(self._fd, _header(self.rate, self.channels, whole), 0)
            os.fsync(self._fd)
        except OSError as exc:  # the header is fixed in place; repair_wav copes otherwise
            log.warning("finishing %s after a full disk failed: %s", self.path, exc)
        finally:
            os.close(self._fd)
            self._closed = True

    def close(self) -> float:
        """Write the final header, fsync, close. Returns the duration in seconds."""
        if not self._closed:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._closed = True
        return self.duration_s


def _chunk_follows(fh: BinaryIO, data_start: int, csize: int, size: int) -> bool:
    """True when a well-formed chunk header sits right after a declared, complete data chunk."""
    if csize in (0, _MAX_U32) or data_start + csize > size:
        return False
    after = data_start + csize + (csize & 1)
    if after + 8 > size:
        return False
    fh.seek(after)
    head = fh.read(8)
    cid, nxt = struct.unpack("<4sI", head)
    printable = all(32 <= b < 127 for b in cid)
    return printable and after + 8 + nxt <= size


def repair_wav(path: Path | str) -> float:
    """Make a WAV left by a crash whole; return its duration in seconds.

    The ``data`` chunk is taken to run to the end of the file (as the writer leaves it); its size
    and the RIFF size are set from the file length, and a trailing partial frame is cut off. A file
    whose sizes are already right is left unchanged. Raises :class:`AudioFileError` when the file
    is not a WAV at all (for example, shorter than its header).
    """
    p = Path(path)
    if p.is_dir():
        raise AudioFileError(str(p), "it is a folder")
    try:
        size = p.stat().st_size
        with p.open("r+b") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                raise AudioFileError(str(p), "it is not a WAV file")
            pos = 12
            fmt: tuple[int, int, int] | None = None
            while True:
                fh.seek(pos)
                chunk = fh.read(8)
                if len(chunk) < 8:
                    raise AudioFileError(str(p), "it has no audio data chunk")
                cid, csize = struct.unpack("<4sI", chunk)
                if cid == b"fmt ":
                    body = fh.read(16)
                    if len(body) < 16:
                        raise AudioFileError(str(p), "its format header is cut short")
                    _, channels, rate, _, block_align, _ = struct.unpack("<HHIIHH", body)
                    fmt = (channels, rate, block_align)
                elif cid == b"data":
                    if fmt is None:
                        raise AudioFileError(str(p), "its format header is missing")
                    channels, rate, block_align = fmt
                    if block_align <= 0 or rate <= 0:
                        raise AudioFileError(str(p), "its format header is invalid")
                    data_start = pos + 8
                    available = max(0, size - data_start)
                    if _chunk_follows(fh, data_start, csize, size):
                        # a complete data chunk followed by other chunks: not a crashed
                        # recording of ours; leave it alone
                        return float(csize // block_align / rate)
                    data_bytes = available - available % block_align
                    fh.truncate(data_start + data_bytes)
                    riff = min(data_start + data_bytes - 8, _MAX_U32)
                    fh.seek(4)
                    fh.write(struct.pack("<I", riff))
                    fh.seek(pos + 4)
                    fh.write(struct.pack("<I", min(data_bytes, _MAX_U32)))
                    fh.flush()
                    os.fsync(fh.fileno())
                    return float(data_bytes // block_align / rate)
                pos += 8 + csize + (csize & 1)
    except OSError as exc:
        raise AudioFileError(str(p), exc.strerror or str(exc)) from exc
