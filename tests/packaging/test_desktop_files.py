"""The Linux desktop files validate with the distribution's own tools, agree with each other and
with ``interviewer.__version__``, and the user install puts valid files in the right places."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from interviewer import __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.interviewer.Interviewer"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:  # installed by scripts/setup.sh test: a missing tool is a failure
        pytest.fail(f"{name} is not installed (Debian: apt install desktop-file-utils appstream)")
    return path


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    proc = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in proc.stdout.lower(), proc.stdout


def test_metainfo_validates() -> None:
    proc = subprocess.run([_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for level in ("E:", "W:"):
        assert level not in proc.stdout, proc.stdout


def test_metainfo_release_is_the_app_version() -> None:
    root = ET.parse(METAINFO).getroot()  # noqa: S314 - our own file
    releases = root.findall("./releases/release")
    assert releases, "no <release> in the metainfo"
    assert releases[0].get("version") == __version__  # newest first


def test_ids_agree() -> None:
    root = ET.parse(METAINFO).getroot()  # noqa: S314 - our own file
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    entry = _desktop_entry(DESKTOP)
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "interviewer"
    assert root.findtext("./provides/binary") == "interviewer"


def test_user_install_and_uninstall(tmp_path: Path) -> None:
    """install-user.sh --venv into a throw-away home: valid menu entry, icons, version."""
    venv = Path(sys.prefix)  # the environment running the tests has the `interviewer` command
    assert (venv / "bin" / "interviewer").exists(), f"no interviewer command in {venv}/bin"
    data = tmp_path / "share"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    script = LINUX / "install-user.sh"
    proc = subprocess.run(["bash", str(script), "--venv", str(venv)], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    installed = data / "applications" / DESKTOP.name
    check = subprocess.run([_tool("desktop-file-validate"), str(installed)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    exe = data / "interviewer-app" / "bin" / "interviewer"
    assert _desktop_entry(installed)["Exec"] == f'"{exe}" gui'
    assert (data / "interviewer-app" / "VERSION").read_text().strip() == __version__
    for size in SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "metainfo" / METAINFO.name).is_file()
    version = subprocess.run([str(tmp_path / ".local" / "bin" / "interviewer"), "--version"],
                             env=env, capture_output=True, text=True, check=False, timeout=60)
    assert version.stdout.strip() == f"interviewer {__version__}", version.stderr

    keep = data / "interviewer" / "attempt.txt"  # the person's data must survive an uninstall
    keep.parent.mkdir(parents=True)
    keep.write_text("mine")
    proc = subprocess.run(["bash", str(script), "--uninstall"], env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert not installed.exists() and not (data / "interviewer-app").exists()
    assert not (tmp_path / ".local" / "bin" / "interviewer").exists()
    assert keep.read_text() == "mine"


def test_install_refuses_a_metainfo_of_another_version(tmp_path: Path) -> None:
    """The installer checks the metainfo against interviewer.__version__."""
    copy = tmp_path / "repo"
    (copy / "packaging").mkdir(parents=True)
    shutil.copytree(LINUX, copy / "packaging" / "linux")
    shutil.copytree(ROOT / "resources", copy / "resources")
    (copy / "interviewer").mkdir()
    (copy / "interviewer" / "__init__.py").write_text('__version__ = "9.9.9"\n')
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "interviewer").write_text("#!/bin/sh\n")
    (venv / "bin" / "interviewer").chmod(0o755)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}
    proc = subprocess.run(["bash", str(copy / "packaging" / "linux" / "install-user.sh"),
                           "--venv", str(venv)], env=env, capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 2
    assert "9.9.9" in proc.stderr and __version__ in proc.stderr
    assert not (tmp_path / "share" / "applications").exists()


def test_user_install_of_a_frozen_build(tmp_path: Path) -> None:
    """--frozen DIR copies the one-folder build and points the menu entry at its executable."""
    build = tmp_path / "dist" / "interviewer"
    (build / "_internal").mkdir(parents=True)
    (build / "_internal" / "marker").write_text("bundled")
    exe = build / "interviewer"
    exe.write_text(f'#!/bin/sh\necho "interviewer {__version__} (stand-in build)"\n')
    exe.chmod(0o755)
    (build / "VERSION").write_text(f"{__version__}\n")
    data = tmp_path / "share"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    proc = subprocess.run(["bash", str(LINUX / "install-user.sh"), "--frozen", str(build)],
                          env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    app = data / "interviewer-app"
    assert (app / "_internal" / "marker").read_text() == "bundled"
    entry = _desktop_entry(data / "applications" / DESKTOP.name)
    assert entry["Exec"] == f'"{app / "interviewer"}" gui'
    assert entry["TryExec"] == str(app / "interviewer")
    out = subprocess.run([str(tmp_path / ".local" / "bin" / "interviewer")], env=env,
                         capture_output=True, text=True, check=False, timeout=30)
    assert out.stdout.startswith(f"interviewer {__version__}")
