"""The bundled CJK font (CampusCJK): its path, reportlab registration and character coverage."""

from __future__ import annotations

import functools
import sys
import threading
import unicodedata
from pathlib import Path

from checklists.errors import EnvironmentProblem

__all__ = [
    "FONT_BOLD_NAME",
    "FONT_NAME",
    "FONT_PATH",
    "missing_characters",
    "register_reportlab_font",
]

FONT_FILE = Path("resources") / "fonts" / "wqy-microhei-gb2312.ttf"
FONT_NAME = "CampusCJK"
# There is no bold face; this name maps to the same file so <b> in a Paragraph still works.
FONT_BOLD_NAME = "CampusCJK-Bold"
_STYLE_NAMES = (FONT_NAME, FONT_BOLD_NAME, "CampusCJK-Italic", "CampusCJK-BoldItalic")

_register_lock = threading.Lock()
_registered = False


def _base_dir() -> Path:
    """The folder that holds ``resources/``: PyInstaller's unpack folder when frozen."""
    frozen_dir = getattr(sys, "_MEIPASS", None)
    if frozen_dir is not None:
        return Path(frozen_dir)
    return Path(__file__).resolve().parent.parent


FONT_PATH: Path = _base_dir() / FONT_FILE


def register_reportlab_font() -> str:
    """Register CampusCJK with reportlab (once) and return its font name.

    The same file is also registered under bold, italic and bold-italic names and as a
    font family, so ``<b>`` and ``<i>`` in Paragraph markup do not fail (they render in
    the regular weight). Raises :class:`EnvironmentProblem` when the font file is missing
    or unreadable, which means a damaged installation.
    """
    global _registered
    with _register_lock:
        if not _registered:
            _register_all()
            _registered = True
    return FONT_NAME


def _register_all() -> None:
    """Register the four style names and the family mapping with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        fonts = [TTFont(name, str(FONT_PATH)) for name in _STYLE_NAMES]
    except (OSError, TTFError) as exc:
        raise _font_problem(exc) from exc
    for font in fonts:
        pdfmetrics.registerFont(font)
    regular, bold, italic, bold_italic = _STYLE_NAMES
    # The family mapping is what Paragraph markup (<b>, <i>) consults.
    pdfmetrics.registerFontFamily(
        FONT_NAME, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
    )


def _font_problem(exc: BaseException) -> EnvironmentProblem:
    """The text shown when the bundled font cannot be loaded."""
    return EnvironmentProblem(
        f"无法读取内置字体 {FONT_PATH}：{exc}。安装可能已损坏，请重新安装本软件。",
        f"Cannot read the bundled font {FONT_PATH}: {exc}. "
        "The installation may be damaged; please reinstall the application.",
    )


@functools.cache
def _covered_code_points() -> frozenset[int]:
    """Code points the font maps to a real glyph (read once)."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        char_to_glyph: dict[int, int] = TTFontFile(str(FONT_PATH)).charToGlyph
    except (OSError, TTFError) as exc:
        raise _font_problem(exc) from exc
    # Glyph 0 is .notdef: the 0xFFFF end marker of a format-4 cmap maps there.
    return frozenset(cp for cp, glyph in char_to_glyph.items() if glyph != 0)


def missing_characters(text: str) -> set[str]:
    """The characters of ``text`` the font has no glyph for (they would print as boxes).

    Control and format characters (line breaks, tabs, zero-width joiners) are ignored:
    they are never drawn.
    """
    covered = _covered_code_points()
    return {
        ch
        for ch in set(text)
        if ord(ch) not in covered and not unicodedata.category(ch).startswith(("C", "Zl", "Zp"))
    }
