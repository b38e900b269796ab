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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def import_graph() -> dict[str, set[str]]:
    """Every module of the package -> the package modules it imports, at module level or inside
    functions alike (a lazy import still ties two modules together); imports only for type
    checkers are left out."""
    modules = {_module_name(p): p for p in PKG.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(tree):
            if _in_type_checking(node, parents):
                continue
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if is_pkg else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = import_graph()
    assert "interviewer.storage.export_html" in graph["interviewer.storage.export"]
    graph["interviewer.storage.export_html"].add("interviewer.storage.export")
    assert _cycles(graph) == [["interviewer.storage.export", "interviewer.storage.export_html"]]
