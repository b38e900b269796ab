"""One source of truth for the version: ``interviewer.__version__``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from interviewer import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_semantic() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?(a|b|rc|dev)\d+)?", __version__)


def test_pyproject_reads_it_dynamically() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "interviewer.__version__"


def test_changelog_has_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text,
                     re.MULTILINE), f"CHANGELOG.md has no '## [{__version__}] - DATE' section"


def test_metainfo_release_date_matches_the_changelog() -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(ROOT / "packaging" / "linux" /  # noqa: S314 - our own file
                    "io.github.interviewer.Interviewer.metainfo.xml").getroot()
    release = root.findall("./releases/release")[0]
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{release.get('version')}] - {release.get('date')}" in text
