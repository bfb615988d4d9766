"""Render resources/icons/app.svg into the PNG sizes and the Windows .ico that are committed.

Run after editing app.svg:  .venv/bin/python packaging/make_icons.py
Qt's SVG renderer draws offscreen, so no display is needed. The .ico holds PNG-compressed
images (Windows Vista and later read them; PyInstaller embeds the file as it is).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "app.svg"
# app.png is the 256 px master; the smaller ones carry their size in the name.
PNG_SIZES = {256: "app.png", 64: "app-64.png", 32: "app-32.png", 16: "app-16.png"}
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn into a transparent ``size`` × ``size`` image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file with one PNG-compressed entry per size (ICONDIR + ICONDIRENTRY records)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, payload = b"", b""
    for size in sizes:
        data = images[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def make_icons(svg: Path = SVG, out_dir: Path = ICONS) -> list[Path]:
    """Write the PNGs and app.ico for ``svg`` into ``out_dir``; return the files written."""
    # Qt paints only inside an application object; keep a reference while rendering.
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for size, name in PNG_SIZES.items():
        path = out_dir / name
        path.write_bytes(png_bytes(render(renderer, size)))
        written.append(path)
    ico = out_dir / "app.ico"
    ico.write_bytes(ico_bytes({size: png_bytes(render(renderer, size)) for size in ICO_SIZES}))
    written.append(ico)
    assert app is not None
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: optional --svg and --out-dir (defaults: the repository's icon folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--out-dir", type=Path, default=ICONS)
    args = parser.parse_args(argv)
    for path in make_icons(args.svg, args.out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
