"""`interviewer models recommend [--json] [--apply]` with fake engines (no real model)."""

from __future__ import annotations

import json

import pytest

from interviewer.cli.main import main
from interviewer.core.errors import InterviewerError
from interviewer.paths import AppPaths
from interviewer.settings import Settings
from interviewer.speech.catalogue import ModelState
from tests.speech.fake_models import recommender

R, P, D = ModelState.READY, ModelState.PREPARABLE, ModelState.DOWNLOADABLE


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    """The command's settings go to this test's own config dir."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return AppPaths.default().config_dir


def _use(monkeypatch, tmp_path, states, rtf, **kw):
    rec, maker = recommender(tmp_path, states, rtf, **kw)
    monkeypatch.setattr("interviewer.speech_setup.build_recommender", lambda s, p: rec)
    return rec, maker


def test_json_document(tmp_path, capsys, monkeypatch, config_home, no_network):
    _use(monkeypatch, tmp_path, {"tiny.en": R, "base": P, "small.en": D},
         {"tiny.en": 0.05, "base": 0.1})
    assert main(["--data-dir", str(tmp_path), "models", "recommend", "--json"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert set(doc) == {"version", "measured_at", "device", "gpu_gb", "fillers", "clip_s",
                        "targets", "models", "choice", "offer"}
    assert set(doc["targets"]) == {"tail_s", "first_words_s", "max_rtf"}
    assert set(doc["choice"]) == {"model", "beam_size", "reason", "slow"}
    assert doc["choice"]["model"] == "base" and doc["device"] == "cpu"
    first = doc["models"][0]
    assert set(first) == {"name", "device", "note", "load_s", "first_words_s", "tail_s", "rtf",
                          "rtf_fillers", "beam_tail_s", "beam_rtf", "beam_rtf_fillers",
                          "memory_mb", "wer", "meets_targets", "meets_with_beam"}
    assert [m["name"] for m in doc["models"]] == ["tiny.en", "base"]
    assert "measuring:" in err and "Timing base" in err
    assert Settings.load(config_home).model == "tiny.en"  # not applied without --apply
    assert no_network == []


def test_table_and_apply(tmp_path, capsys, monkeypatch, config_home):
    _use(monkeypatch, tmp_path, {"tiny.en": R, "base": P}, {"tiny.en": 0.05, "base": 0.1})
    assert main(["--data-dir", str(tmp_path), "models", "recommend", "--apply"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["model", "ready"]
    assert lines[1].startswith("tiny.en") and lines[2].startswith("base")
    assert "Recommended: base (greedy)." in out and "Settings now use base." in out
    saved = Settings.load(config_home)
    assert (saved.model, saved.beam_size, saved.model_chosen) == ("base", 0, False)


def test_slow_machine_says_so(tmp_path, capsys, monkeypatch, config_home):
    _use(monkeypatch, tmp_path, {"tiny.en": R, "base": P}, {"tiny.en": 0.4})
    assert main(["--data-dir", str(tmp_path), "models", "recommend"]) == 0
    out = capsys.readouterr().out
    assert "This computer is too slow for live transcription" in out
    assert "base: Not measured" in out


def test_nothing_measurable_exits_2(tmp_path, capsys, monkeypatch, config_home):
    broken = InterviewerError("The offline pack for tiny.en is damaged; reinstall it.")
    _use(monkeypatch, tmp_path, {"tiny.en": R}, {}, fail={"tiny.en": broken})
    assert main(["--data-dir", str(tmp_path), "models", "recommend", "--apply"]) == 2
    assert "No speech model could be measured: The offline pack for tiny.en is damaged" in \
        capsys.readouterr().out
    _use(monkeypatch, tmp_path, {"small": D}, {})
    assert main(["--data-dir", str(tmp_path), "models", "recommend"]) == 2
    assert capsys.readouterr().err.startswith("interviewer: No speech model is installed")
