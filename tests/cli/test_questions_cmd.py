"""``interviewer questions``: the table, the JSON document, own banks and broken banks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli.main import main

REPO = Path(__file__).parents[2]

OWN_BANK = """\
[bank]
id = "own"
title = "My own questions"
version = "0.3"

[[questions]]
id = "attention-1"
text = "What is self-attention?"
category = "nlp"
kind = "technical"
target_s = 80

[[questions.concepts]]
id = "qkv"
label = "Queries, keys and values"
aliases = ["query key value"]

[[questions]]
id = "story"
text = "Tell me about a launch."
category = "behavioral"
kind = "behavioral"
target_s = 100
"""


def test_table_lists_every_bundled_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Deep learning interview questions (bank deep-learning, version 1.0.0)"
    header = next(line for line in lines if line.startswith("ID"))
    assert header.split() == ["ID", "KIND", "CATEGORY", "TARGET", "QUESTION"]
    rows = [line for line in lines if line[:1] == "q" and line[1:3].isdigit()]
    assert [row.split()[0] for row in rows] == [f"q{n:02d}" for n in range(1, 21)]
    assert rows[0].split()[1:4] == ["technical", "fundamentals", "60"]
    assert rows[15].split()[1:3] == ["behavioral", "experienced"]
    assert rows[7].endswith("Compare optimizers: SGD vs Adam vs RMSProp.")
    # the question text starts in the same column on every row
    column = header.index("QUESTION")
    assert all(row[column - 2:column] == "  " and row[column] != " " for row in rows)
    assert "20 questions: 17 technical, 3 behavioral." in out


def test_json_is_one_document_with_rubrics(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["bank"]["id"] == "deep-learning" and doc["bank"]["version"] == "1.0.0"
    questions = doc["questions"]
    assert [q["id"] for q in questions] == [f"q{n:02d}" for n in range(1, 21)]
    q08 = questions[7]
    assert q08["kind"] == "technical" and q08["target_s"] == 90
    concept_ids = [c["id"] for c in q08["rubric"]["concepts"]]
    assert "rmsprop" in concept_ids and "adam" in concept_ids
    adam = next(c for c in q08["rubric"]["concepts"] if c["id"] == "adam")
    assert "atom combines" in adam["mishearings"]
    assert questions[15]["rubric"] is None
    assert questions[15]["guidance"].startswith("Use the STAR format")


def test_own_bank_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "own.toml"
    bank.write_text(OWN_BANK, encoding="utf-8")
    assert main(["questions", "--bank", str(bank), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["bank"]["title"] == "My own questions"
    assert doc["bank"]["path"] == str(bank)
    assert [q["id"] for q in doc["questions"]] == ["attention-1", "story"]
    assert doc["questions"][0]["rubric"]["concepts"][0]["aliases"] == ["query key value"]
    assert main(["questions", "--bank", str(bank)]) == 0
    assert "attention-1  technical" in capsys.readouterr().out


@pytest.mark.parametrize(("edit", "expected"), [
    (("target_s = 80", 'target_s = "eighty"'),
     'own.toml, line 11: question attention-1: "target_s" must be a whole number of seconds'),
    (('kind = "behavioral"', 'kind = "story"'),
     'own.toml, line 22: question story: the kind "story" is not known'),
    (('id = "story"', 'id = "attention-1"'),
     'own.toml, line 19: the question id "attention-1" is used twice (first used on line 7)'),
    (('title = "My own questions"', 'title = "My own questions'),
     "own.toml, line 3, column 26: this is not valid TOML (a quoted text is not closed"),
])
def test_broken_bank_exits_2_with_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: tuple[str, str],
        expected: str) -> None:
    bank = tmp_path / "own.toml"
    bank.write_text(OWN_BANK.replace(*edit), encoding="utf-8")
    assert main(["questions", "--bank", str(bank), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"interviewer: {tmp_path}/")
    assert expected in lines[0]
    assert "Traceback" not in captured.err


def test_missing_bank_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "--bank", str(tmp_path / "absent.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewer: ") and "absent.toml: there is no such file" in err


def test_real_subprocess_prints_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "interviewer", "--data-dir", str(tmp_path / "data"),
         "questions", "--json"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["questions"]) == 20
    assert doc["questions"][0]["text"] == (
        "What is the difference between Machine Learning and Deep Learning?")
    assert doc["bank"]["path"].endswith("deep-learning.toml")


def test_real_subprocess_broken_bank(tmp_path: Path) -> None:
    bank = tmp_path / "broken.toml"
    bank.write_text(OWN_BANK.replace('text = "What is self-attention?"', 'txt = "x"'),
                    encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "interviewer", "--data-dir", str(tmp_path / "data"),
         "questions", "--bank", str(bank)],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f'interviewer: {bank}, line 8: question attention-1 has an unknown field "txt" (did you '
        f'mean "text"?); the known fields are id, text, category, kind, target_s, guidance, tip, '
        f"follow_ups, concepts, misconceptions.")
