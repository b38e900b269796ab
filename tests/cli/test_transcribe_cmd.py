"""`interviewer transcribe` end to end with the real model (in-process)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from interviewer.cli.main import main
from tests.fixtures.wer import wer

pytestmark = pytest.mark.model


def test_json_for_one_file(sample_answers, tmp_path, capsys, no_network):
    sample = sample_answers["teamwork"]
    rc = main(["--data-dir", str(tmp_path), "transcribe", str(sample.path), "--json",
               "--device", "cpu"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    doc = json.loads(out)
    for key in ("text", "language", "duration_s", "model", "device", "elapsed_s", "segments"):
        assert key in doc
    assert doc["model"] == "tiny.en" and doc["device"] == "cpu"
    assert doc["device_reason"] == "CPU: forced in settings"
    assert wer(sample.text, doc["text"]) < 0.25
    word = doc["segments"][0]["words"][0]
    assert set(word) == {"word", "start", "end", "probability"}
    assert no_network == []


def test_several_files_give_a_list_and_share_the_model(sample_answers, tmp_path, capsys):
    a, b = sample_answers["project"], sample_answers["teamwork"]
    # the second file as 44.1 kHz stereo FLAC
    audio, rate = sf.read(b.path, dtype="float32")
    flac = tmp_path / "b.flac"
    sf.write(flac, np.stack([audio, audio], axis=1), rate, format="FLAC")
    rc = main(["--data-dir", str(tmp_path), "transcribe", str(a.path), str(flac), "--json"])
    out, _ = capsys.readouterr()
    assert rc == 0
    docs = json.loads(out)
    assert isinstance(docs, list) and len(docs) == 2
    assert "customer" in docs[0]["text"].lower() and "colleagues" in docs[1]["text"].lower()


def test_plain_text_output(sample_answers, tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "transcribe", str(sample_answers["project"].path)])
    out, _ = capsys.readouterr()
    assert rc == 0 and "classifier" in out.lower() and not out.startswith("{")


def test_bad_file_exits_2_with_one_line(tmp_path, capsys):
    p = tmp_path / "broken.wav"
    p.write_bytes(b"RIFF....WAVEfmt garbage" * 3)
    rc = main(["--data-dir", str(tmp_path), "transcribe", str(p)])
    _, err = capsys.readouterr()
    assert rc == 2
    assert err.startswith("interviewer: ") and "not an audio file" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_empty_file_exits_2(tmp_path, capsys):
    p = tmp_path / "empty.ogg"
    p.write_bytes(b"")
    assert main(["--data-dir", str(tmp_path), "transcribe", str(p)]) == 2
    assert "empty" in capsys.readouterr().err


def test_silent_file_gives_empty_text_and_a_note(tmp_path, capsys):
    p = tmp_path / "silent.wav"
    sf.write(p, np.zeros(16000 * 20, np.float32), 16000)
    rc = main(["--data-dir", str(tmp_path), "transcribe", str(p), "--json"])
    out, err = capsys.readouterr()
    assert rc == 0
    doc = json.loads(out)
    assert doc["text"] == "" and doc["segments"] == []
    assert "no speech found" in err and "no speech found" in doc["note"]
