"""Build the app's sentence encoder from its folders (used by the CLI, the GUI and benchmarks)."""

from __future__ import annotations

from pathlib import Path

from interviewer.meaning.encoder import MiniLMEncoder
from interviewer.meaning.pack import Progress, model_dir, prepare


def load_encoder(models_dir: Path, *, progress: Progress | None = None) -> MiniLMEncoder:
    """Prepare the pack into ``models_dir`` if needed and load the encoder.

    Raises :class:`~interviewer.meaning.pack.EncoderMissingError` with one plain sentence when
    the pack is not installed or not the pinned one."""
    prepare(models_dir, progress=progress)
    folder = model_dir(models_dir)
    return MiniLMEncoder(folder, reference_store=folder / "reference-vectors.npz").load()
