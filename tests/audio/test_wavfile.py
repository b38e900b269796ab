"""The crash-safe WAV writer and repair_wav (no sound server needed)."""

from __future__ import annotations

import errno
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewer.audio.errors import AudioFileError, DiskFullError
from interviewer.audio.wavfile import HEADER_BYTES, WavWriter, repair_wav, to_int16


def _blocks(n: int, size: int = 800, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.uniform(-0.8, 0.8, size).astype(np.float32) for _ in range(n)]


def test_written_file_reads_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    w = WavWriter(path, 16000)
    blocks = _blocks(10)
    for b in blocks:
        w.write(b)
    assert w.close() == pytest.approx(0.5)
    data, rate = sf.read(str(path), dtype="int16")
    assert rate == 16000
    np.testing.assert_array_equal(data, np.concatenate([to_int16(b) for b in blocks]))


def test_header_is_valid_while_recording(tmp_path: Path) -> None:
    """After a sync a reader sees a valid file holding everything written so far."""
    path = tmp_path / "live.wav"
    now = [0.0]
    w = WavWriter(path, 16000, sync_interval_s=0.5, clock=lambda: now[0])
    assert sf.info(str(path)).frames == 0
    for i, b in enumerate(_blocks(12)):
        now[0] = i * 0.05
        w.write(b)
    # the last sync was at t=0.5 (11th block): 11 blocks are in the header
    assert sf.info(str(path)).frames == 11 * 800
    w.close()
    assert sf.info(str(path)).frames == 12 * 800


def test_repair_after_kill_keeps_every_whole_frame(tmp_path: Path) -> None:
    path = tmp_path / "crash.wav"
    w = WavWriter(path, 16000, sync_interval_s=1e9)  # header never updated after the start
    blocks = _blocks(7)
    for b in blocks:
        w.write(b)
    copy = tmp_path / "copy.wav"
    shutil.copyfile(path, copy)  # what a killed process leaves: stale header, all data
    with copy.open("ab") as fh:
        fh.write(b"\x01")  # half a frame
    assert repair_wav(copy) == pytest.approx(7 * 800 / 16000)
    data, _ = sf.read(str(copy), dtype="int16")
    np.testing.assert_array_equal(data, np.concatenate([to_int16(b) for b in blocks]))
    assert copy.stat().st_size == HEADER_BYTES + 7 * 800 * 2
    # a second repair changes nothing
    before = copy.read_bytes()
    assert repair_wav(copy) == pytest.approx(7 * 800 / 16000)
    assert copy.read_bytes() == before
    w.close()


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=HEADER_BYTES, max_value=HEADER_BYTES + 4000))
def test_repair_any_cut(tmp_path_factory: pytest.TempPathFactory, cut: int) -> None:
    d = tmp_path_factory.mktemp("cut")
    path = d / "full.wav"
    w = WavWriter(path, 8000, channels=2)
    w.write(np.tile(_blocks(1, 1000)[0][:, None], (1, 2)))
    w.close()
    raw = path.read_bytes()[:cut]
    cut_path = d / "cut.wav"
    cut_path.write_bytes(raw)
    frames = (cut - HEADER_BYTES) // 4
    assert repair_wav(cut_path) == pytest.approx(frames / 8000)
    assert sf.info(str(cut_path)).frames == frames


def test_repair_leaves_a_complete_foreign_wav_alone(tmp_path: Path) -> None:
    path = tmp_path / "foreign.wav"
    sf.write(str(path), np.zeros(1600, np.float32), 16000, subtype="PCM_16")
    with path.open("ab") as fh:  # a trailing LIST chunk, as some editors write
        fh.write(b"LIST" + struct.pack("<I", 4) + b"INFO")
    before = path.read_bytes()
    assert repair_wav(path) == pytest.approx(0.1)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"RIFF", b"not a wav file at all, sorry"])
def test_repair_rejects_non_wav(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioFileError, match="cannot be used"):
        repair_wav(path)


def test_repair_missing_file_is_our_error(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="No such file"):
        repair_wav(tmp_path / "missing.wav")


def test_disk_full_keeps_what_was_written(tmp_path: Path) -> None:
    """ENOSPC injected through the writer's write function (a partial write, then ENOSPC)."""
    budget = [HEADER_BYTES + 3 * 1600 + 7]  # room for 3 blocks and a few odd bytes

    def write(fd: int, data: bytes) -> int:
        import os

        if budget[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = min(len(data), budget[0])
        budget[0] -= n
        return os.write(fd, data[:n])

    path = tmp_path / "full.wav"
    w = WavWriter(path, 16000, write=write)
    blocks = _blocks(5)
    with pytest.raises(DiskFullError) as info:
        for b in blocks:
            w.write(b)
    assert w.closed
    msg = str(info.value)
    assert "disk is full" in msg and str(path) in msg and "Free some disk space" in msg
    data, _ = sf.read(str(path), dtype="int16")
    expected = np.concatenate([to_int16(b) for b in blocks])[: 3 * 800 + 3]
    np.testing.assert_array_equal(data, expected)
