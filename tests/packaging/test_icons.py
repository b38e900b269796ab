"""The app icon: an SVG plus PNGs of every size a desktop asks for, each a real PNG of that size."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_svg_is_square_and_well_formed() -> None:
    root = ET.parse(ICONS / "interviewer.svg").getroot()  # noqa: S314 - our own file
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"


@pytest.mark.parametrize("size", SIZES)
def test_png_size(size: int) -> None:
    data = (ICONS / f"interviewer-{size}.png").read_bytes()
    assert len(data) < 100 * 1024
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (width, height) == (size, size)
    assert depth == 8 and colour == 6  # 8-bit RGBA: transparent corners
    crc = struct.unpack(">I", data[29:33])[0]
    assert crc == zlib.crc32(data[12:29])
    assert data.endswith(b"IEND\xaeB`\x82")


def test_pngs_are_drawn_from_the_svg_not_blank() -> None:
    """Decoded with Qt: the 64 px icon has transparent corners and the tile's blue centre."""
    from PySide6.QtGui import QGuiApplication, QImage

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(str(ICONS / "interviewer-64.png"))
    assert not image.isNull()
    assert image.pixelColor(0, 0).alpha() == 0
    centre = image.pixelColor(32, 60)
    assert centre.alpha() == 255 and centre.blue() > centre.red()
