"""Reading an audio file into what Whisper wants: 16 kHz mono float32.

WAV, FLAC and OGG (anything libsndfile reads) at any rate and channel count. The file is read
and resampled in blocks, so memory holds the 16 kHz result (about 3.8 MB a minute) and one block.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.core.errors import InputError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000
_BLOCK_FRAMES = 1 << 16


def load_audio(path: Path | str) -> np.ndarray:
    """The whole file as 16 kHz mono float32.

    Raises :class:`InputError` for a missing, unreadable, corrupt or zero-length file. A silent
    file is not an error here: transcription gives an empty transcript with a note.
    """
    import numpy as np
    import soundfile as sf
    import soxr

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p} does not exist; check the path.")
    if p.is_dir():
        raise InputError(f"{p} is a folder; give an audio file (WAV, FLAC or OGG).")
    if p.stat().st_size == 0:
        raise InputError(f"{p} is empty (0 bytes); record the answer again.")
    try:
        fh = sf.SoundFile(str(p))
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise InputError(
            f"{p} is not an audio file this app can read ({_short(exc)}); "
            "use WAV, FLAC or OGG.") from exc
    with fh:
        rate, channels, frames = int(fh.samplerate), int(fh.channels), int(fh.frames)
        if frames <= 0 or rate <= 0:
            raise InputError(f"{p} holds no audio (zero length); record the answer again.")
        expected = int(np.ceil(frames * SAMPLE_RATE / rate)) + 1024
        out = np.empty(expected, dtype=np.float32)
        n = 0
        stream = None if rate == SAMPLE_RATE else soxr.ResampleStream(
            rate, SAMPLE_RATE, 1, dtype="float32", quality="HQ")
        try:
            while True:
                block = fh.read(_BLOCK_FRAMES, dtype="float32", always_2d=True)
                last = len(block) < _BLOCK_FRAMES
                mono = block.mean(axis=1, dtype=np.float32) if channels > 1 else block[:, 0]
                res = mono if stream is None else stream.resample_chunk(mono, last=last)
                res = np.clip(np.nan_to_num(res), -1.0, 1.0)
                if n + len(res) > len(out):
                    out = np.resize(out, n + len(res) + 1024)
                out[n:n + len(res)] = res
                n += len(res)
                if last:
                    break
        except (sf.LibsndfileError, RuntimeError) as exc:
            if n == 0:
                raise InputError(
                    f"{p} is damaged and no audio could be read ({_short(exc)}).") from exc
    if n == 0:
        raise InputError(f"{p} holds no audio (zero length); record the answer again.")
    return out[:n]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
