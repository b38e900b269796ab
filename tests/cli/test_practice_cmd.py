"""``interviewer practice / history / export / rebuild / rescore`` through the real CLI entry.

The round trip uses the real Whisper engine (tiny.en from the offline pack) on espeak-ng
speech; the other tests replace only the transcription step (``transcribe_file``) with a
known transcript and keep the real scorer, store and WAV handling.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from interviewer.cli import practice_cmd
from interviewer.cli.main import main
from interviewer.core.transcript import Transcript
from tests.fixtures.speech_samples import SpeechSample
from tests.storage.helpers import timed_transcript, write_wav
from tests.storage.test_export import parse

ANSWER = ("Overfitting is when the model memorises the training data so the validation error "
          "grows. I add dropout and weight decay and use early stopping.")


def run_cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def known_transcript(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Replace only the engine: every recording 'says' ANSWER. Yields the files it was given."""
    seen: list[Path] = []

    def fake(path: Path, ctx: Any, question: Any, args: Any) -> tuple[Transcript, dict[str, Any]]:
        seen.append(path)
        return timed_transcript(ANSWER), {"model": "known-text", "device": "cpu"}

    monkeypatch.setattr(practice_cmd, "transcribe_file", fake)
    return seen


@pytest.mark.slow
@pytest.mark.model
def test_round_trip_three_questions_real_engine(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        technical_answers: list[SpeechSample], no_network: list[object]) -> None:
    data = tmp_path / "data"
    saved: dict[str, dict[str, Any]] = {}
    for qid, sample in zip(("q05", "q06", "q01"), technical_answers, strict=False):
        rc, out, err = run_cli(capsys, data, "practice", "--question", qid,
                               "--audio", str(sample.path), "--json")
        assert rc == 0, err
        doc = json.loads(out)
        assert doc["status"] == "complete" and doc["model"] == "tiny.en"
        assert doc["transcript"]["text"].strip()
        saved[doc["attempt_id"]] = doc
        # the recording plays back byte-identical
        assert Path(doc["audio_path"]).read_bytes() == sample.path.read_bytes()
    assert len(saved) == 3
    # "restart": a fresh process-level open of the store via another command
    rc, out, _ = run_cli(capsys, data, "history", "--json")
    assert rc == 0
    history = json.loads(out)
    assert history["skipped"] == []
    listed = {a["attempt_id"]: a for a in history["attempts"]}
    assert set(listed) == set(saved)
    for attempt_id, doc in saved.items():
        assert listed[attempt_id]["overall"] == doc["score"]["overall"]
        assert listed[attempt_id]["question_id"] == doc["question_id"]
        side = json.loads((Path(doc["audio_path"]).parent / "attempt.json").read_text())
        assert side["score"] == doc["score"]  # identical, not just the overall
        assert side["score"]["voice"]["loudness_lufs"] is not None  # saved with the attempt

    # a crash mid-recording: the next command recovers it, `retry` transcribes and scores it
    from interviewer.core.bank import load_bundled_bank
    from interviewer.storage.store import AttemptStore

    with AttemptStore.open(data) as store:
        draft = store.begin_attempt(load_bundled_bank().get("q05"), None, {})  # type: ignore[arg-type]
        raw = bytearray(technical_answers[0].path.read_bytes())
        raw[4:8] = raw[40:44] = b"\xff\xff\xff\xff"  # sizes as a killed writer may leave them
        draft.audio_path.write_bytes(bytes(raw))
    rc, out, err = run_cli(capsys, data, "retry", "--json")
    assert rc == 0, err
    [retried] = json.loads(out)["attempts"]
    assert retried["attempt_id"] == draft.attempt_id and retried["status"] == "recovered"
    assert retried["overall"] is not None and retried["overall"] > 0
    assert no_network == []


def test_practice_keeps_wav_bytes_and_lists_history(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], known_transcript: list[Path]) -> None:
    data = tmp_path / "data"
    original = write_wav(tmp_path / "in.wav", 0.3)
    rc, out, err = run_cli(capsys, data, "practice", "--question", "q05",
                           "--audio", str(tmp_path / "in.wav"))
    assert rc == 0, err
    assert "Overall:" in out and "Saved as attempt" in out
    [stored] = list((data / "attempts").glob("*/answer.wav"))
    assert stored.read_bytes() == original and known_transcript == [stored]
    rc, out, _ = run_cli(capsys, data, "history")
    assert rc == 0 and "q05" in out and "complete" in out
    rc, out, _ = run_cli(capsys, data, "history", "--question", "q01", "--json")
    assert json.loads(out)["attempts"] == []


def test_flac_is_converted_to_wav(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  known_transcript: list[Path]) -> None:
    import numpy as np
    import soundfile as sf

    write_wav(tmp_path / "src.wav", 0.3)
    samples, rate = sf.read(str(tmp_path / "src.wav"), dtype="int16")
    sf.write(str(tmp_path / "in.flac"), samples, rate, format="FLAC")
    rc, out, err = run_cli(capsys, tmp_path / "data", "practice", "--question", "q05",
                           "--audio", str(tmp_path / "in.flac"), "--json")
    assert rc == 0, err
    stored = Path(json.loads(out)["audio_path"])
    assert stored.read_bytes()[:4] == b"RIFF"
    back, back_rate = sf.read(str(stored), dtype="int16")
    assert back_rate == rate and np.array_equal(back, samples)


def test_bad_input_stores_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  known_transcript: list[Path]) -> None:
    data = tmp_path / "data"
    write_wav(tmp_path / "in.wav", 0.3)
    (tmp_path / "notes.txt").write_text("not audio")
    for args in (("--question", "q99", "--audio", str(tmp_path / "in.wav")),
                 ("--question", "../../etc", "--audio", str(tmp_path / "in.wav")),
                 ("--question", "q05", "--audio", str(tmp_path / "notes.txt")),
                 ("--question", "q05", "--audio", str(tmp_path / "missing.wav"))):
        rc, out, err = run_cli(capsys, data, "practice", *args)
        assert rc == 2 and out == ""
        assert err.startswith("interviewer: ") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert not (data / "attempts").exists() or list((data / "attempts").iterdir()) == []
    assert not (tmp_path / "etc").exists()


def test_failed_transcription_keeps_the_recording(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from interviewer.core.errors import InputError

    def broken(*a: Any) -> Any:
        raise InputError("The model tiny.en is not on disk; run `interviewer models prepare`.")

    monkeypatch.setattr(practice_cmd, "transcribe_file", broken)
    data = tmp_path / "data"
    original = write_wav(tmp_path / "in.wav", 0.3)
    rc, _, err = run_cli(capsys, data, "practice", "--question", "q05",
                         "--audio", str(tmp_path / "in.wav"))
    assert rc == 2 and "models prepare" in err and "kept as attempt" in err
    rc, out, _ = run_cli(capsys, data, "history", "--json")
    [attempt] = json.loads(out)["attempts"]
    assert attempt["status"] == "failed" and "not on disk" in attempt["status_detail"]
    assert Path(attempt["audio_path"]).read_bytes() == original

    def known(ctx: Any, args: Any) -> Any:
        return lambda path, question: (timed_transcript(ANSWER), {"model": "m", "device": "cpu"})

    monkeypatch.setattr(practice_cmd, "retry_transcriber", known)
    rc, out, _ = run_cli(capsys, data, "retry", "--json")
    [retried] = json.loads(out)["attempts"]
    assert rc == 0 and retried["status"] == "complete" and retried["overall"] > 0
    rc, out, _ = run_cli(capsys, data, "retry")
    assert rc == 0 and out.startswith("Nothing to retry")


def test_export_rebuild_and_rescore(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    known_transcript: list[Path],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    write_wav(tmp_path / "in.wav", 0.3)
    for qid in ("q05", "q16"):
        rc, _, err = run_cli(capsys, data, "practice", "--question", qid,
                             "--audio", str(tmp_path / "in.wav"))
        assert rc == 0, err
    rc, out, _ = run_cli(capsys, data, "history", "--json")
    attempts = json.loads(out)["attempts"]
    first = attempts[0]
    report = tmp_path / "out" / "r.md"
    rc, out, _ = run_cli(capsys, data, "export", first["attempt_id"], "--out", str(report))
    assert rc == 0 and Path(out.strip()) == report
    text = report.read_text()
    assert f"Score: {first['overall']} / 100" in text and "## Tips" in text
    assert "memorises" in text  # the transcript
    rc, out, _ = run_cli(capsys, data, "export", first["session_id"], "--format", "html",
                         "--out", str(tmp_path / "s.html"))
    html_text = (tmp_path / "s.html").read_text()
    assert rc == 0 and "<!DOCTYPE html>" in html_text
    assert "memorises" in " ".join("".join(parse(html_text).text).split())
    rc, _, err = run_cli(capsys, data, "export", "20200101T000000Z-00000000")
    assert rc == 2 and "no attempt or session" in err
    monkeypatch.chdir(tmp_path / "out")
    rc, _, err = run_cli(capsys, data, "export", "../../escape")
    assert rc == 2 and "not an attempt or session id" in err
    assert not (tmp_path.parent / "escape.md").exists()
    rc, out, _ = run_cli(capsys, data, "export", first["attempt_id"])  # default: ./<id>.md
    assert rc == 0 and Path(out.strip()) == tmp_path / "out" / f"{first['attempt_id']}.md"

    (data / "index.db").unlink()
    rc, out, _ = run_cli(capsys, data, "rebuild", "--json")
    assert rc == 0 and json.loads(out) == {"attempts": 2, "skipped": []}
    rc, out, _ = run_cli(capsys, data, "history", "--json")
    assert [(a["attempt_id"], a["overall"]) for a in json.loads(out)["attempts"]] == \
        [(a["attempt_id"], a["overall"]) for a in attempts]

    rc, out, _ = run_cli(capsys, data, "rescore", "--json")
    assert rc == 0 and len(json.loads(out)["unchanged"]) == 2
    rc, out, _ = run_cli(capsys, data, "rescore", "--force", "--json")
    assert rc == 0 and len(json.loads(out)["rescored"]) == 2
    side = json.loads((data / "attempts" / first["attempt_id"] / "attempt.json").read_text())
    assert len(side["score_history"]) == 1
    assert side["score"]["overall"] == side["score_history"][0]["score"]["overall"]
    # the voice was measured from the recording; a re-score keeps it
    assert side["score"]["voice"] == side["score_history"][0]["score"]["voice"]
    assert side["score"]["voice"]["pitch_median_hz"] is not None
