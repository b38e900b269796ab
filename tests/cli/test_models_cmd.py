"""`interviewer models` and `interviewer models prepare`."""

from __future__ import annotations

import json

import pytest

from interviewer.cli.main import main


def test_models_json_lists_known_models(tmp_path, capsys, no_network):
    assert main(["--data-dir", str(tmp_path), "models", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    names = {m["name"]: m for m in doc["models"]}
    assert set(names) >= {"tiny.en", "base.en", "base", "small"}
    assert names["tiny.en"]["state"] in ("ready", "preparable")
    assert names["small"]["state"] == "downloadable"
    assert doc["current"] == "tiny.en"
    assert no_network == []


@pytest.mark.model
def test_prepare_then_ready(tmp_path, capsys, no_network):
    assert main(["--data-dir", str(tmp_path), "models", "prepare", "tiny.en"]) == 0
    out, err = capsys.readouterr()
    assert "tiny.en: ready" in out and "100%" in err
    assert main(["--data-dir", str(tmp_path), "models"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "tiny.en" in x)
    assert "ready" in line
    assert no_network == []


def test_prepare_unknown_and_not_offline(tmp_path, capsys, no_network):
    assert main(["--data-dir", str(tmp_path), "models", "prepare", "huge-v9"]) == 2
    assert "Unknown model" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "models", "prepare", "small"]) == 2
    assert "allow downloads" in capsys.readouterr().err
    assert no_network == []
