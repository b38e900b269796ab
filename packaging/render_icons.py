"""Render the app icon's PNG sizes from ``resources/icons/interviewer.svg``.

Usage: ``.venv/bin/python packaging/render_icons.py`` (runs offscreen; needs only PySide6).
Writes ``resources/icons/interviewer-<size>.png`` for each size in :data:`SIZES`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "interviewer.svg"


def render(svg: Path = SVG, out_dir: Path = ICONS, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Render ``svg`` to square PNGs with Qt's SVG renderer; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = out_dir / f"interviewer-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"render_icons: could not write {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in render():
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size} bytes")
