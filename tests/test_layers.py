"""The layer rules of DESIGN.md hold: core is pure; speech/audio/storage know no Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "interviewer"

FORBIDDEN_IN_CORE = {"PySide6", "torch", "whisper", "sounddevice", "soundfile", "pyttsx3",
                     "numpy", "pyqtgraph"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_nothing_heavy() -> None:
    bad = []
    for path in (PKG / "core").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in FORBIDDEN_IN_CORE or (
                name.startswith("interviewer.") and not name.startswith("interviewer.core")
            ):
                bad.append(f"{path.relative_to(ROOT)}: {name}")
    assert not bad, bad


def test_services_know_no_qt() -> None:
    bad = []
    for layer in ("speech", "audio", "storage"):
        for path in (PKG / layer).rglob("*.py"):
            for name in _imports(path):
                if name.split(".")[0] in {"PySide6", "pyqtgraph"} or name.startswith(
                    ("interviewer.gui", "interviewer.cli")
                ):
                    bad.append(f"{path.relative_to(ROOT)}: {name}")
    assert not bad, bad


def test_core_import_loads_no_heavy_module() -> None:
    code = (
        "import sys, interviewer.core.transcript, interviewer.core.questions;"
        "import pkgutil, importlib, interviewer.core as c;"
        "mods=pkgutil.walk_packages(c.__path__, 'interviewer.core.');"
        "[importlib.import_module(m.name) for m in mods];"
        "bad=[m for m in ('torch','whisper','PySide6','sounddevice','numpy') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in PKG.rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
