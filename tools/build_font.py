"""Build the bundled CJK font CampusCJK: Noto Sans CJK SC with TrueType outlines, GBK + Ext A.

Usage (from the repository root, after
``apt-get install fonts-noto-cjk fonts-wqy-microhei``)::

    .venv/bin/python tools/build_font.py [--output TTF]

What it does (fontTools only):

1. reads the face "Noto Sans CJK SC" of Debian's ``NotoSansCJK-Regular.ttc`` (CFF outlines);
2. keeps every character of GBK (Python's ``gbk`` codec: 21,791 characters, 20,902 of them
   CJK Unified Ideographs), CJK Extension A (U+3400–U+4DB5), the characters of
   《通用规范汉字表》 beyond them (``tongyong-guifan-beyond-gbk.txt``: Extension B and later,
   used in names, e.g. 𫖮), ASCII, Latin-1 and Latin Extended-A, CJK punctuation, full-width
   forms and the symbols the app prints;
3. converts the cubic CFF outlines to quadratic TrueType ``glyf`` outlines (cu2qu, at most
   1 unit of 1000 off) — reportlab embeds only TrueType outlines;
4. adds ✔, ✘ and ≒ (which Noto lacks) from WenQuanYi Micro Hei, scaled to 1000 units/em, and maps
   ✗ and ☐ to the ✘ and □ glyphs;
5. draws the glyph for characters the font lacks (.notdef) as a box with a question mark, so
   a missing character is a visible marker in the PDF and in the app, never a bare box;
6. renames the family to CampusCJK (the licence forbids modified fonts to keep the reserved
   name "Source"; the copyright strings stay) and saves a ``.ttf`` (pyHanko refuses ``.ttc``).

The output is deterministic for the same sources and fontTools version: the head timestamps
are copied from the source instead of being set to the build time.
"""

from __future__ import annotations

import argparse
import bz2
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_FAMILY = "Noto Sans CJK SC"
SYMBOL_SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
OUTPUT = FONTS_DIR / "campus-cjk-sc.ttf"
TONGYONG_LIST = FONTS_DIR / "tongyong-guifan-beyond-gbk.txt"
UNIHAN_MAPPINGS = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")  # Debian unicode-data
FAMILY = "CampusCJK"
POSTSCRIPT_NAME = "CampusCJK-Regular"
UNITS_PER_EM = 1000
MAX_ERROR = 1.0  # cu2qu tolerance in font units (of 1000 per em)

# Symbols the UI and the reports use beyond GBK (listing ones GBK has again is harmless).
EXTRA_CHARACTERS = (
    "≤≥≠≈±×÷√✓✔✗✘℃°‰·・•…—–‐―‘’“”《》【】〔〕「」『』〈〉、。№※"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
    "■□●○▲△▼▽◆◇★☆→←↑↓￥¥€©®™\u3000"
)
# Glyphs Noto Sans CJK SC lacks, taken from WenQuanYi Micro Hei (≒ is the one GBK character).
BORROWED = "✔✘≒"
# Code points drawn with a similar glyph of the font (character → stand-in).
ALIASES = {"✗": "✘", "☐": "□"}
# Invisible format characters (zero-width space, joiners, word joiner, BOM): an empty glyph
# of no width, so a stray one pasted into a name does not print as the missing-character box.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def gbk_characters() -> set[str]:
    """Every character Python's ``gbk`` codec decodes from a 2-byte sequence (21,791)."""
    chars: set[str] = set()
    for high in range(0x81, 0xFF):
        for low in range(0x40, 0xFF):
            try:
                text = bytes((high, low)).decode("gbk")
            except UnicodeDecodeError:
                continue
            chars.add(text)
    return chars


def tongyong_beyond_gbk(path: Path = TONGYONG_LIST) -> set[str]:
    """The 《通用规范汉字表》 characters outside GBK and Extension A (lines ``U+XXXXX char``)."""
    chars: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            chars.add(chr(int(line.split()[0].removeprefix("U+"), 16)))
    return chars


def write_tongyong_list(unihan: Path = UNIHAN_MAPPINGS, path: Path = TONGYONG_LIST) -> int:
    """Regenerate the list from Unihan's kTGH field (the 2013 table); returns its length."""
    covered = gbk_characters() | extension_a()
    chars = set()
    with bz2.open(unihan, "rt", encoding="utf-8") as lines:
        for line in lines:
            fields = line.split("\t")
            if len(fields) >= 2 and fields[1] == "kTGH":
                char = chr(int(fields[0].removeprefix("U+"), 16))
                if char not in covered:
                    chars.add(char)
    body = [f"U+{ord(c):04X} {c}" for c in sorted(chars)]
    header = "# 通用规范汉字表 (2013) characters outside GBK and CJK Extension A; from Unihan kTGH"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return len(chars)


def extension_a() -> set[str]:
    """CJK Unified Ideographs Extension A as first encoded (U+3400–U+4DB5, 6,582)."""
    return {chr(c) for c in range(0x3400, 0x4DB6)}


def required_characters() -> set[str]:
    """What the font must cover: GBK, Extension A, the 通用规范 rest and the app's symbols."""
    return gbk_characters() | extension_a() | tongyong_beyond_gbk() | set(EXTRA_CHARACTERS)


def wanted_characters() -> set[str]:
    """The required characters plus whatever the source has of Latin and punctuation blocks."""
    chars = required_characters()
    for first, last in (
        (0x20, 0x7E),  # ASCII
        (0xA0, 0x17F),  # Latin-1, Latin Extended-A (the source has the pinyin letters of it)
        (0x2000, 0x206F),  # general punctuation
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF01, 0xFF65),  # full-width forms
        (0xFFE0, 0xFFE6),
    ):
        chars.update(chr(c) for c in range(first, last + 1))
    return chars


def open_source_face(path: Path, family: str) -> TTFont:
    """The face of the collection ``path`` whose typographic family is ``family``."""
    index = 0
    while True:
        font = TTFont(str(path), fontNumber=index, lazy=False, recalcTimestamp=False)
        name = font["name"]
        if (name.getDebugName(16) or name.getDebugName(1)) == family:
            return font
        index += 1


def subset_font(font: TTFont, chars: Iterable[str]) -> None:
    """Keep the glyphs of ``chars``; drop hinting and vertical-writing tables."""
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.layout_features = ["kern", "palt"]  # Latin kerning; proportional punctuation
    options.drop_tables += ["vhea", "vmtx", "VORG", "BASE"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace the CFF table by quadratic TrueType outlines (cu2qu)."""
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth",
    ):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0  # no glyph names
    for glyph in glyf.glyphs.values():
        glyph.recalcBounds(glyf)


def _add_glyph(font: TTFont, name: str, glyph: object, advance: int, cmap_chars: str) -> None:
    """Append a glyph to the font and map ``cmap_chars`` to it."""
    order = font.getGlyphOrder()
    order.append(name)
    font.setGlyphOrder(order)
    glyf = font["glyf"]
    glyf.glyphOrder = order
    glyf.glyphs[name] = glyph
    glyph.recalcBounds(glyf)  # type: ignore[attr-defined]
    left = getattr(glyph, "xMin", 0)  # an empty glyph has no bounds
    font["hmtx"].metrics[name] = (advance, left)
    _map(font, {c: name for c in cmap_chars})


def _map(font: TTFont, mapping: dict[str, str]) -> None:
    """Map characters to glyph names in every Unicode cmap subtable that can hold them."""
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for char, glyph in mapping.items():
            if ord(char) <= 0xFFFF or table.format in (12, 13):
                table.cmap[ord(char)] = glyph


def borrow_glyphs(font: TTFont, donor_path: Path, chars: str) -> None:
    """Copy the outlines of ``chars`` from face 0 of ``donor_path``, scaled to our units/em."""
    donor = TTFont(str(donor_path), fontNumber=0, lazy=False)
    scale = UNITS_PER_EM / donor["head"].unitsPerEm
    donor_cmap, donor_set = donor.getBestCmap(), donor.getGlyphSet()
    for char in chars:
        source = donor_cmap[ord(char)]
        recording = DecomposingRecordingPen(donor_set)
        donor_set[source].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(TransformPen(pen, (scale, 0, 0, scale, 0, 0)))
        advance = round(donor["hmtx"][source][0] * scale)
        _add_glyph(font, f"uni{ord(char):04X}", pen.glyph(), advance, char)


def add_aliases(font: TTFont, aliases: dict[str, str]) -> None:
    """Map each alias to the glyph its stand-in already has."""
    cmap = font.getBestCmap()
    _map(font, {alias: cmap[ord(stand_in)] for alias, stand_in in aliases.items()})


def draw_missing_marker(font: TTFont) -> None:
    """Make .notdef a box with a question mark: what a character the font lacks shows as."""
    glyph_set = font.getGlyphSet()
    question = font.getBestCmap()[ord("?")]
    pen = TTGlyphPen(None)
    left, right, bottom, top, stroke = 90, 910, -90, 830, 60

    def rectangle(x0: int, y0: int, x1: int, y1: int, clockwise: bool) -> None:
        points = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
        if not clockwise:
            points.reverse()
        pen.moveTo(points[0])
        for point in points[1:]:
            pen.lineTo(point)
        pen.closePath()

    rectangle(left, bottom, right, top, clockwise=True)  # TrueType: outer contours clockwise
    rectangle(left + stroke, bottom + stroke, right - stroke, top - stroke, clockwise=False)
    q_glyph = font["glyf"][question]
    q_glyph.recalcBounds(font["glyf"])
    scale = 1.25
    q_width = (q_glyph.xMax - q_glyph.xMin) * scale
    q_height = (q_glyph.yMax - q_glyph.yMin) * scale
    dx = (left + right - q_width) / 2 - q_glyph.xMin * scale
    dy = (bottom + top - q_height) / 2 - q_glyph.yMin * scale
    recording = DecomposingRecordingPen(glyph_set)
    glyph_set[question].draw(recording)
    recording.replay(TransformPen(pen, (scale, 0, 0, scale, dx, dy)))
    glyph = pen.glyph()
    glyf = font["glyf"]
    glyf.glyphs[".notdef"] = glyph
    glyph.recalcBounds(glyf)
    font["hmtx"].metrics[".notdef"] = (UNITS_PER_EM, glyph.xMin)


def rename(font: TTFont, version: str) -> None:
    """Give the font its own family name while keeping the upstream copyright and licence."""
    name = font["name"]
    copyright_text = name.getDebugName(0) or ""
    licence_text = name.getDebugName(13) or ""
    licence_url = name.getDebugName(14) or ""
    name.names = []
    entries = {
        0: f"{copyright_text}\nModified from Noto Sans CJK SC {version} as {FAMILY}.",
        1: FAMILY,
        2: "Regular",
        3: f"{FAMILY} {version} GBK+ExtA",
        4: FAMILY,
        5: f"Version {version}; subset of Noto Sans CJK SC with TrueType outlines",
        6: POSTSCRIPT_NAME,
        10: (
            f"{FAMILY}: Noto Sans CJK SC {version} subset to GBK, CJK Extension A and "
            "通用规范汉字表, outlines converted to TrueType, for Campus Self-Check."
        ),
        13: licence_text,
        14: licence_url,
    }
    for name_id, text in entries.items():
        if text:
            name.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
    font["OS/2"].achVendID = "NONE"


def build(source: Path, symbol_source: Path, output: Path) -> TTFont:
    """Build CampusCJK from ``source`` (+ symbols of ``symbol_source``) and save to ``output``."""
    font = open_source_face(source, SOURCE_FAMILY)
    version = (font["name"].getDebugName(5) or "unknown").removeprefix("Version ").split(";")[0]
    chars = wanted_characters()
    subset_font(font, chars)
    cff_to_glyf(font)
    borrow_glyphs(font, symbol_source, BORROWED)
    add_aliases(font, ALIASES)
    _add_glyph(font, "zerowidth", TTGlyphPen(None).glyph(), 0, ZERO_WIDTH)
    draw_missing_marker(font)
    rename(font, version)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output), reorderTables=True)
    present = set(TTFont(str(output)).getBestCmap())
    absent = sorted(c for c in required_characters() if ord(c) not in present)
    if absent:
        shown = " ".join(f"U+{ord(c):04X}" for c in absent)
        print(f"required but not in the sources ({len(absent)}): {shown}", file=sys.stderr)
    return font


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=SOURCE, help="Noto Sans CJK TTC")
    parser.add_argument("--symbols", type=Path, default=SYMBOL_SOURCE, help="WenQuanYi TTC")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="TTF to write")
    parser.add_argument(
        "--refresh-list",
        action="store_true",
        help=f"rewrite {TONGYONG_LIST.name} from {UNIHAN_MAPPINGS} (apt-get install unicode-data)",
    )
    args = parser.parse_args(argv)
    if args.refresh_list:
        print(f"{TONGYONG_LIST}: {write_tongyong_list():,} characters")
    for path, package in ((args.source, "fonts-noto-cjk"), (args.symbols, "fonts-wqy-microhei")):
        if not path.exists():
            print(f"{path} not found: apt-get install {package}", file=sys.stderr)
            return 1
    build(args.source, args.symbols, args.output)
    font = TTFont(str(args.output))
    print(
        f"{args.output}: {args.output.stat().st_size:,} bytes, "
        f"{len(font.getGlyphOrder()):,} glyphs, {len(font.getBestCmap()):,} code points, "
        f"{font['head'].unitsPerEm} units/em"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
