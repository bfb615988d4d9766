"""Build the bundled CJK font: a GB2312 subset of WenQuanYi Micro Hei, 1000 units/em.

Usage (from the repository root, after ``apt-get install fonts-wqy-microhei``)::

    .venv/bin/python tools/build_font.py [--source TTC] [--output TTF]

The output is deterministic for a given source font and fontTools version: the head
timestamps are copied from the source instead of being set to the build time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei-gb2312.ttf"
FAMILY = "CampusCJK"
POSTSCRIPT_NAME = "CampusCJK-Regular"
UNITS_PER_EM = 1000

# Symbols the UI and the reports use beyond GB2312 (which already has ≤ ≥ × √ ℃ № ①-⑩
# and most CJK punctuation; listing them again is harmless).
EXTRA_CHARACTERS = (
    "≤≥≠≈±×÷√✓✔✗✘℃°‰·•…—–‐―‘’“”《》【】〔〕「」『』〈〉、。№※"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
    "■□●○▲△▼▽◆◇★☆→←↑↓￥¥€©®™\u3000"
)
# Code points the source font lacks, drawn with a similar glyph it has (source → stand-in).
ALIASES = {"✗": "✘", "☐": "□"}
# Characters whose glyph is broken in WenQuanYi Micro Hei 0.2.0-beta: empty (they print as
# nothing), or for ǖ a lone macron without the ü. Rebuilt as composites of glyphs the font
# has. Value: (base, mark or None).
REPAIRS = {
    "℃": ("°", "C"),  # side by side, not a mark
    "Ⅴ": ("V", None),
    "Ⅹ": ("X", None),
    "∼": ("~", None),
    "ǎ": ("a", "ˇ"),
    "ǐ": ("ı", "ˇ"),  # dotless i under the caron
    "ǒ": ("o", "ˇ"),
    "ǔ": ("u", "ˇ"),
    "ǖ": ("ü", "ˉ"),
    "ǘ": ("ü", "\u0301"),
    "ǚ": ("ü", "ˇ"),
    "ǜ": ("ü", "\u0300"),
}
_MARK_GAP = 80  # font units between a dieresis and a tone mark stacked above it


def gb2312_characters() -> set[str]:
    """Every character of GB2312: all valid 2-byte sequences 0xA1A1..0xF7FE (7,445)."""
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_characters() -> set[str]:
    """GB2312, printable ASCII, Latin-1, full-width forms and the extra symbols."""
    chars = gb2312_characters()
    chars.update(chr(c) for c in range(0x20, 0x7F))
    chars.update(chr(c) for c in range(0xA0, 0x100))
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII variants
    chars.update(EXTRA_CHARACTERS)
    chars.update(ALIASES)
    return chars


def add_aliases(font: TTFont, aliases: dict[str, str]) -> None:
    """Map each missing code point to the glyph of its stand-in, in every Unicode cmap."""
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for missing, stand_in in aliases.items():
            glyph = table.cmap.get(ord(stand_in))
            if glyph is not None and ord(missing) not in table.cmap:
                table.cmap[ord(missing)] = glyph


def repair_empty_glyphs(font: TTFont, repairs: dict[str, tuple[str, str | None]]) -> None:
    """Replace the glyphs of ``repairs`` with composites, keeping their advance widths."""
    cmap = font.getBestCmap()
    glyf, hmtx = font["glyf"], font["hmtx"]
    for char, (base, second) in repairs.items():
        name = cmap[ord(char)]
        advance = hmtx[name][0]
        base_name = cmap[ord(base)]
        if second is None:
            parts = [(base_name, (advance - hmtx[base_name][0]) // 2, 0)]
        elif char == "℃":
            parts = [(base_name, 0, 0), (cmap[ord(second)], hmtx[base_name][0] - 64, 0)]
        else:
            parts = [(base_name, 0, 0), _mark_over(font, base_name, cmap[ord(second)])]
        pen = TTGlyphPen(font.getGlyphSet())
        for component, dx, dy in parts:
            pen.addComponent(component, (1, 0, 0, 1, dx, dy))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph
        hmtx[name] = (advance, glyph.xMin)


def _mark_over(font: TTFont, base: str, mark: str) -> tuple[str, int, int]:
    """The mark's component, centred over ``base`` and lifted clear of it when needed."""
    glyf = font["glyf"]
    base_glyph, mark_glyph = glyf[base], glyf[mark]
    for glyph in (base_glyph, mark_glyph):
        glyph.recalcBounds(glyf)
    dx = (base_glyph.xMin + base_glyph.xMax - mark_glyph.xMin - mark_glyph.xMax) // 2
    dy = max(0, base_glyph.yMax + _MARK_GAP - mark_glyph.yMin)
    return (mark, dx, dy)


def subset_font(font: TTFont, chars: Iterable[str]) -> None:
    """Keep only the glyphs for ``chars`` (TrueType outlines and hinting kept)."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.layout_features = ["kern"]  # the only feature the source font has
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)


def rename(font: TTFont, version: str) -> None:
    """Give the subset its own family name while keeping the upstream copyright and licence."""
    name = font["name"]
    copyright_text = name.getDebugName(0) or ""
    name.names = [r for r in name.names if r.nameID not in (0, 1, 3, 4, 5, 6, 10, 16, 17, 18)]
    entries = {
        0: f"{copyright_text}\nSubset of WenQuanYi Micro Hei {version} renamed {FAMILY}.",
        1: FAMILY,
        2: "Regular",
        3: f"{FAMILY} {version} GB2312 subset",
        4: FAMILY,
        5: f"Version {version}; GB2312 subset of WenQuanYi Micro Hei",
        6: POSTSCRIPT_NAME,
        10: (
            f"{FAMILY}: WenQuanYi Micro Hei {version} subset to GB2312 + ASCII + symbols, "
            f"rescaled to {UNITS_PER_EM} units/em, for Campus Self-Check."
        ),
    }
    for name_id, text in entries.items():
        name.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        name.setName(text, name_id, 1, 0, 0)  # Macintosh, Roman, English


def build(source: Path, output: Path) -> TTFont:
    """Build the subset font from face 0 of ``source`` and save it to ``output``."""
    font = TTFont(str(source), fontNumber=0, lazy=False, recalcTimestamp=False)
    version = (font["name"].getDebugName(5) or "unknown").removeprefix("Version ").strip()
    chars = wanted_characters()
    add_aliases(font, ALIASES)
    repair_empty_glyphs(font, REPAIRS)
    present = set(font.getBestCmap())
    absent = sorted(c for c in chars if ord(c) not in present)
    subset_font(font, chars)
    scale_upem(font, UNITS_PER_EM)
    rename(font, version)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output), reorderTables=True)
    if absent:
        shown = " ".join(f"U+{ord(c):04X}" for c in absent)
        print(f"not in the source font, left out: {shown}", file=sys.stderr)
    return font


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=SOURCE, help="WenQuanYi Micro Hei TTC")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="TTF to write")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} not found: apt-get install fonts-wqy-microhei", file=sys.stderr)
        return 1
    build(args.source, args.output)
    font = TTFont(str(args.output))
    print(
        f"{args.output}: {args.output.stat().st_size:,} bytes, "
        f"{len(font.getGlyphOrder()):,} glyphs, {len(font.getBestCmap()):,} code points, "
        f"{font['head'].unitsPerEm} units/em"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
