"""Signal levels for meters: RMS and peak in dBFS (0 dBFS = full scale, silence = floor)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLOOR_DBFS = -120.0


@dataclass(frozen=True)
class Level:
    """The level of the latest block: ``rms_dbfs`` and ``peak_dbfs`` (both <= 0)."""

    rms_dbfs: float = FLOOR_DBFS
    peak_dbfs: float = FLOOR_DBFS

    @property
    def fraction(self) -> float:
        """RMS mapped to 0..1 over -60..0 dBFS, for a simple bar."""
        return float(min(1.0, max(0.0, (self.rms_dbfs + 60.0) / 60.0)))


def to_dbfs(value: float) -> float:
    if value <= 0.0:
        return FLOOR_DBFS
    return float(max(FLOOR_DBFS, 20.0 * np.log10(value)))


def measure(block: np.ndarray) -> Level:
    """Level of a float block (any shape; values in -1..1)."""
    if block.size == 0:
        return Level()
    x = np.asarray(block, dtype=np.float32)
    rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
    peak = float(np.max(np.abs(x)))
    return Level(to_dbfs(rms), to_dbfs(peak))


def bar(level: Level, width: int = 30) -> str:
    """A text meter such as ``[#########.....]  -23.5 dBFS``."""
    filled = round(level.fraction * width)
    return f"[{'#' * filled}{'.' * (width - filled)}] {level.rms_dbfs:6.1f} dBFS"
