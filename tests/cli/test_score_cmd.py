"""`interviewer score`: text, text files, transcript JSON and audio, readable and --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli.main import main
from interviewer.core.transcript import Segment, Transcript, Word
from tests.core.scoring.answers import CHURN_STORY, GOOD_TECHNICAL
from tests.core.scoring.shape import assert_contract_shape

ROOT = Path(__file__).resolve().parents[2]

REPO = Path(__file__).parents[2]


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    rc = main(["--data-dir", str(tmp_path / "data"), "score", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_story_text_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out, err = _run(capsys, tmp_path, "--question", "q16", "--text", CHURN_STORY, "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert_contract_shape(doc)
    assert doc["question_id"] == "q16" and doc["kind"] == "behavioral"
    assert all(doc["star"][p]["present"] for p in ("situation", "task", "action", "result"))


def test_json_gives_the_follow_up_the_interviewer_would_ask(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out, err = _run(capsys, tmp_path, "--question", "q16", "--json", "--text",
                        "We built a churn model for the sales team last spring. We cleaned the "
                        "data, we trained gradient boosting and we shipped it to the dashboard "
                        "in the end, and we all felt it had gone well for everybody.")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["follow_up"]["reason"]
    assert doc["follow_up"]["question"].endswith("?")
    rc, text, _ = _run(capsys, tmp_path, "--question", "q16", "--text",
                       "We built a churn model for the sales team last spring.")
    assert "Follow-up the interviewer would ask:" in text and "(why: " in text


def test_technical_text_file_readable(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(GOOD_TECHNICAL["q07"], encoding="utf-8")
    rc, out, err = _run(capsys, tmp_path, "--question", "q07", "--text-file", str(answer))
    assert rc == 0, err
    assert out.startswith("Overall: ")
    for needle in ("coverage", "Concepts:", "hit ", "Structure:", "Delivery:", "Tips:"):
        assert needle in out, needle


def test_kind_without_question_scores_structure_and_delivery(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out, _ = _run(capsys, tmp_path, "--kind", "technical", "--text",
                      GOOD_TECHNICAL["q03"], "--json")
    assert rc == 0
    doc = json.loads(out)
    assert doc["concepts"] == [] and doc["question_id"] is None
    assert set(doc["components"]) == {"structure", "delivery"}


def test_transcript_json_gives_timed_delivery(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    words = tuple(Word(w, 1.0 + i * 0.4, 1.0 + i * 0.4 + 0.35)
                  for i, w in enumerate(CHURN_STORY.split()))
    t = Transcript(segments=(Segment(CHURN_STORY, words[0].start, words[-1].end, words),),
                   duration_s=30.0)
    doc_in = {**t.to_dict(), "model": "tiny.en", "device": "cpu", "elapsed_s": 1.0}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc_in), encoding="utf-8")
    rc, out, err = _run(capsys, tmp_path, "--question", "q16", "--transcript", str(path),
                        "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert_contract_shape(doc)
    assert doc["delivery"]["first_word_s"] == 1.0
    assert doc["delivery"]["wpm"] == pytest.approx(150, abs=2)
    assert doc["delivery"]["long_pauses"] == []


@pytest.mark.parametrize(("args", "message"), [
    (["--question", "q99", "--text", "hi"], "No question 'q99'"),
    (["--question", "q01", "--kind", "technical", "--text", "hi"], "not both"),
    (["--text", "hi"], "--question ID"),
    (["--question", "q01"], "exactly one answer"),
    (["--question", "q01", "--text", "a", "--text-file", "b"], "exactly one answer"),
    (["--question", "q01", "--text-file", "/no/such/file.txt"], "does not exist"),
    (["--question", "q01", "--transcript", "/no/such.json"], "does not exist"),
    (["--question", "q01", "--audio", "/no/such.wav"], "does not exist"),
    (["--kind", "technical", "--bank", "x.toml", "--text", "hi"], "--bank only"),
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         args: list[str], message: str) -> None:
    rc, out, err = _run(capsys, tmp_path, *args)
    assert rc == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("interviewer: ")
    assert message in err


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "one JSON object"),
    ('{"segments": [{"text": "a", "words": [{"start": 1}]}]}', "shape"),
])
def test_bad_transcript_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                             content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    rc, _, err = _run(capsys, tmp_path, "--question", "q16", "--transcript", str(path))
    assert rc == 2 and message in err and "Traceback" not in err


def test_own_bank(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bank = tmp_path / "bank.toml"
    bank.write_text(
        '[bank]\nid = "mine"\ntitle = "Mine"\nversion = "1"\n\n'
        '[[questions]]\nid = "x1"\ntext = "What is dropout?"\ncategory = "c"\n'
        'kind = "technical"\ntarget_s = 60\n\n'
        '[[questions.concepts]]\nid = "drop"\nlabel = "dropout"\nmishearings = ["drop out"]\n',
        encoding="utf-8")
    rc, out, err = _run(capsys, tmp_path, "--question", "x1", "--bank", str(bank), "--text",
                        "drop out switches off random neurons", "--json")
    assert rc == 0, err
    assert json.loads(out)["concepts"][0]["status"] == "hit"


def test_real_subprocess_json() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "interviewer", "score", "--question", "q16", "--text",
         CHURN_STORY, "--json"],
        capture_output=True, text=True, timeout=120, check=False, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert_contract_shape(doc)
    assert doc["overall"] >= 80
    bad = subprocess.run(
        [sys.executable, "-m", "interviewer", "score", "--question", "nope", "--text", "x"],
        capture_output=True, text=True, timeout=120, check=False, cwd=REPO)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0


@pytest.mark.model
@pytest.mark.slow
def test_audio_story_with_the_real_model(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    from tests.fixtures.speech_samples import synth_speech

    wav = synth_speech(CHURN_STORY, tmp_path / "story.wav", wpm=150)
    rc, out, err = _run(capsys, tmp_path, "--question", "q16", "--audio", str(wav), "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert_contract_shape(doc)
    present = [p for p in ("situation", "task", "action", "result") if doc["star"][p]["present"]]
    assert len(present) >= 3, present
    d = doc["delivery"]
    assert d["wpm"] is not None and 100 < d["wpm"] < 220
    assert d["first_word_s"] is not None and d["first_word_s"] < 2.0
    voice = doc["voice"]  # measured from the recording: espeak's narrow pitch, a steady level
    assert voice["pitch_median_hz"] == pytest.approx(100, abs=15)
    assert voice["pitch_pvq"] < 0.15 and {"monotone", "flat"} & set(voice["flags"])
    assert -30 < voice["loudness_lufs"] < -10
    assert len(voice["pace"]) >= 2 and all(60 < p["wpm"] < 260 for p in voice["pace"])
    assert voice["pitch_track"] and voice["loudness_track"]
    rc, text_out, _ = _run(capsys, tmp_path, "--question", "q16", "--text", CHURN_STORY,
                           "--json")
    assert json.loads(text_out)["voice"] is None  # no recording, no voice


def test_batch_scores_each_line_in_order_with_errors_in_place(tmp_path: Path) -> None:
    lines = [
        {"question": "q05", "text": "Dropout switches off random units while training, and "
                                    "weight decay keeps the weights small."},
        {"kind": "behavioral", "text": "At my last job our releases kept slipping. I set up a "
                                       "weekly triage. We shipped on time for six months."},
        "not json at all",
        {"question": "q99", "text": "x"},
        {"question": "q07", "transcript": {"text": "Batch norm normalises the activations."}},
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines)
                     + "\n")
    done = subprocess.run([sys.executable, "-m", "interviewer", "--data-dir",
                           str(tmp_path / "data"), "score", "--batch", str(batch), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    out = [json.loads(x) for x in done.stdout.splitlines()]
    assert [d.get("question_id", d.get("line")) for d in out] == ["q05", None, 3, 4, "q07"]
    assert out[1]["kind"] == "behavioral" and out[1]["star"]["action"]["present"]
    assert out[2]["error"].startswith("line 3 is not valid JSON")
    assert "No question 'q99'" in out[3]["error"]
    assert all({"overall", "components", "concepts", "sentences"} <= set(d)
               for d in (out[0], out[1], out[4]))
    assert done.stderr.strip().splitlines()[-1] == (
        f"interviewer: 2 lines of {batch} could not be scored (see the error lines in the "
        "output).")
    single = json.loads(subprocess.run(
        [sys.executable, "-m", "interviewer", "--data-dir", str(tmp_path / "data"), "score",
         "--question", "q05", "--text", lines[0]["text"], "--json"],  # type: ignore[index]
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True).stdout)
    assert single == out[0]  # same text, same score, in a batch or alone
