"""The bundled clip that models are timed and checked on (see ``resources/speech/README.md``).

10.4 s of a person reading (LibriVox, public domain), shipped as a 53 KB Ogg Vorbis file in the
package ``interviewer.resources``: present at run time with no network, and small enough to
commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.core.errors import InterviewerError

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16000
CLIP_FILE = "measure-clip.ogg"
CLIP_TEXT = ("and mister john dashwood had then leisure to consider how much there might be "
             "prudently in his power to do for them he was not an ill disposed young man")


@dataclass(frozen=True)
class MeasureClip:
    audio: np.ndarray  # 16 kHz mono float32
    text: str  # what is said (the reference for the word error rate)

    @property
    def seconds(self) -> float:
        return len(self.audio) / SAMPLE_RATE

    def head(self, seconds: float) -> np.ndarray:
        """The first ``seconds`` of the clip (all of it when shorter)."""
        return self.audio[:int(seconds * SAMPLE_RATE)]


def clip_path() -> Path:
    return Path(str(files("interviewer.resources") / "speech" / CLIP_FILE))


def load_measure_clip() -> MeasureClip:
    """The clip as Whisper wants it. Raises :class:`InterviewerError` when it is missing or
    damaged (a broken install)."""
    from interviewer.speech.audio_file import load_audio

    path = clip_path()
    try:
        audio = load_audio(path)
    except InterviewerError as exc:
        raise InterviewerError(
            f"The clip used to measure models is missing or damaged ({path}); reinstall the "
            "app.") from exc
    return MeasureClip(audio, CLIP_TEXT)
