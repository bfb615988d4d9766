"""The bundled CJK font (CampusCJK): its path, reportlab registration and character coverage.

CampusCJK is Noto Sans CJK SC with TrueType outlines (built by ``tools/build_font.py``): every
character of GBK, CJK Extension A and 《通用规范汉字表》. A character it lacks is drawn as a
box with a question mark (its .notdef glyph) and still reaches the PDF's text layer, so a
report never loses a name silently; :func:`missing_characters` and :func:`undrawable` tell
callers which characters those are so they can warn.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import itertools
import os
import pickle
import stat
import struct
import sys
import tempfile
import threading
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklists.foundation.errors import EnvironmentProblem

__all__ = [
    "FONT_BOLD_NAME",
    "FONT_NAME",
    "FONT_PATH",
    "LICENCE_FILES",
    "Undrawable",
    "describe_character",
    "missing_characters",
    "register_reportlab_font",
    "undrawable",
]

FONT_FILE = Path("resources") / "fonts" / "campus-cjk-sc.ttf"
FONT_NAME = "CampusCJK"
# Licences of the font's sources (Noto Sans CJK: OFL-1.1; the ✔ ✘ ≒ glyphs: WenQuanYi, Apache-2.0).
LICENCE_FILES = ("LICENSE-NotoSansCJK.txt", "LICENSE-WenQuanYi.txt")
# The report uses no bold; this name maps to the same file so <b> in a Paragraph still works.
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
    from reportlab.pdfbase.ttfonts import TTFError

    _fix_to_unicode_for_supplementary_planes()
    font_class = _keep_every_character_class()
    cache = _face_cache_path()
    regular = _read_parsed(cache, font_class) if cache is not None else None
    if regular is None:
        try:
            regular = font_class(FONT_NAME, str(FONT_PATH))
        except (OSError, TTFError) as exc:
            raise _font_problem(exc) from exc
        if cache is not None:
            _write_parsed(cache, regular)
    # The file is parsed once (a tenth of a second or more): the other style names share it.
    fonts = [regular, *(_same_face(regular, name) for name in _STYLE_NAMES[1:])]
    for font in fonts:
        pdfmetrics.registerFont(font)
    regular, bold, italic, bold_italic = _STYLE_NAMES
    # The family mapping is what Paragraph markup (<b>, <i>) consults.
    pdfmetrics.registerFontFamily(
        FONT_NAME, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
    )


# The parsed font (glyph widths and the character map of 28,000 glyphs) is kept in the app's
# cache folder: reading it back takes a third of parsing the 9 MB file, at every export.
_FACE_FORMAT = b"campus-selfcheck/parsed-font@3"


def _face_cache_path() -> Path | None:
    """Where the parsed font is cached, keyed by reportlab, Python and the font file (None: off)."""
    from reportlab import Version

    from checklists.compiled import cache_root

    root = cache_root()
    try:
        st = FONT_PATH.stat()
    except OSError:
        return None  # the parse reports the missing font
    if root is None:
        return None
    parts = (_FACE_FORMAT, Version.encode(), sys.version.encode(), b"%d" % st.st_size,
             b"%d" % st.st_mtime_ns, str(FONT_PATH).encode())  # fmt: skip
    key = hashlib.sha256(b"\0".join(parts)).hexdigest()[:32]
    return root / "fonts" / f"{key}.pickle"


def _write_parsed(path: Path, font: Any) -> None:
    """Keep a freshly parsed font (before any use changed it); failing to is no error."""
    skip = ("_ttf_data", "_pdfScale", "glyphToChar")
    face = {k: v for k, v in vars(font.face).items() if k not in skip}
    # glyph → characters (only text shaping reads it) as two flat lists: a tenth of the cost
    # to read back; the map is rebuilt, in its order, the first time it is asked for.
    pairs = [(g, c) for g, chars in font.face.glyphToChar.items() for c in chars]
    face[_GLYPH_PAIRS] = (array("I", [g for g, _ in pairs]), array("I", [c for _, c in pairs]))
    # Glyph positions and metrics (read only for the glyphs a subset takes) as flat arrays:
    # read back at once, where 28,000 tuples take a few milliseconds at every report.
    face["glyphPos"] = array("I", font.face.glyphPos)
    metrics = font.face.hmetrics
    face["hmetrics"] = _Metrics(
        array("i", [m[0] for m in metrics]), array("i", [m[1] for m in metrics])
    )
    own = {k: v for k, v in vars(font).items() if k not in ("face", "state")}
    try:
        data = pickle.dumps({"font": own, "face": face}, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _read_parsed(path: Path, font_class: Any) -> Any:
    """The cached parsed font, or None (absent, not the user's own file, damaged, other font)."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTFontFace

    try:
        st = path.lstat()
        if not stat.S_ISREG(st.st_mode):
            return None
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
            return None  # unpickling runs code: only a file no one else could have written
        saved = pickle.loads(path.read_bytes())
        data = _mapped(FONT_PATH)
        face = _face_class(TTFontFace).__new__(_face_class(TTFontFace))
        face.__dict__.update(saved["face"])
        units = int(face.unitsPerEm)
        glyphs, chars = face.__dict__[_GLYPH_PAIRS]
        if (
            face.numGlyphs <= 0
            or not face.charToGlyph
            or units <= 0
            or len(glyphs) != len(chars)
            or len(face.glyphPos) <= face.numGlyphs
            or not isinstance(face.hmetrics, _Metrics)
            or len(face.hmetrics) < face.numGlyphs
        ):
            return None
    except Exception:  # a damaged or foreign cache file: parse the font again and replace it
        return None
    face._ttf_data = data
    face.filename = str(FONT_PATH)
    # reportlab's scale from font units to a 1,000-unit em, as its parser sets it
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    font = font_class.__new__(font_class)
    font.__dict__.update(saved["font"])
    font.face = face
    font.state = WeakKeyDictionary()
    return font


_GLYPH_PAIRS = "_campus_glyph_to_char_pairs"


class _Metrics:
    """A font's (advance width, left side bearing) per glyph, from two arrays (as reportlab's
    list of pairs is indexed)."""

    def __init__(self, advances: array[int], bearings: array[int]) -> None:
        self.advances, self.bearings = advances, bearings

    def __len__(self) -> int:
        return len(self.advances)

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self.advances[glyph], self.bearings[glyph]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, _Metrics | list) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.advances, self.bearings, strict=True)


@functools.cache
def _face_class(base: Any) -> Any:
    """reportlab's TTFontFace whose ``glyphToChar`` (read back from the cache as flat lists)
    is rebuilt when first used."""

    class CachedFace(base):  # type: ignore[misc,valid-type]
        def get_table(self, tag: str) -> Any:
            # A subset takes a few hundred glyphs of the glyph table: sliced from the file
            # as asked, not copied whole (8 MB) for each subset.
            if tag != "glyf":
                return super().get_table(tag)
            offset, length = self.get_table_pos(tag)
            return _TableBytes(self._ttf_data, offset, length)

        def __getattr__(self, name: str) -> Any:
            if name != "glyphToChar" or _GLYPH_PAIRS not in self.__dict__:
                raise AttributeError(name)
            glyphs, chars = self.__dict__.pop(_GLYPH_PAIRS)
            glyph_to_char: dict[int, list[int]] = {}
            for glyph, char in zip(glyphs, chars, strict=True):
                glyph_to_char.setdefault(glyph, []).append(char)
            self.glyphToChar = glyph_to_char
            return glyph_to_char

    return CachedFace


def _mapped(path: Path) -> Any:
    """The font file's bytes, mapped from the file (the pages a report reads are the ones
    read), or read whole where it cannot be mapped."""
    import mmap

    with path.open("rb") as file:
        try:
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return file.read()


class _TableBytes:
    """A table of the font file, sliced as bytes on demand (what reportlab does with it)."""

    def __init__(self, data: Any, offset: int, length: int) -> None:
        self._data, self._offset, self._length = data, offset, length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: slice) -> bytes:
        if not isinstance(index, slice) or index.step not in (None, 1):
            return bytes(self._data[self._offset : self._offset + self._length])[index]
        start, stop, _ = index.indices(self._length)
        return bytes(self._data[self._offset + start : self._offset + max(start, stop)])


def _same_face(font: Any, name: str) -> Any:
    """``font`` under the name ``name``, without parsing the file again.

    reportlab registers every name of a face it already knows as that face's first font (so
    bold and italic draw with the regular font's subsets); a renamed shallow copy is enough.
    """
    alias = copy.copy(font)
    alias.fontName = name
    return alias


@functools.cache
def _keep_every_character_class() -> Any:
    """reportlab's TTFont, changed so that a character the font lacks keeps its own code.

    reportlab writes every character without a glyph as code 0 and so drops it from the text
    layer. Here such a character gets a code of its own that draws glyph 0 (our visible
    missing-character marker) while the ToUnicode map keeps the real character, so the PDF
    can still be searched and copied.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    class KeepEveryCharacter(TTFont):  # type: ignore[misc]
        def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> Any:  # noqa: N802
            if isinstance(text, str):
                known = _assigned_split(self, text, doc)
                if known is not None:
                    return known
                char_to_glyph = self.face.charToGlyph
                absent = set(map(ord, text)).difference(char_to_glyph)
                unseen: dict[int, str | None] = {}
                for code in absent:
                    if _shown_as_marker(chr(code)):
                        char_to_glyph[code] = 0  # the marker glyph, under its own code
                    else:  # a break or space becomes a space; a format character nothing
                        unseen[code] = " " if chr(code).isspace() else None
                if unseen:
                    text = text.translate(unseen)
            return super().splitString(text, doc, encoding)

    return KeepEveryCharacter


def _assigned_split(font: Any, text: str, doc: Any) -> list[tuple[int, bytes]] | None:
    """What reportlab's ``splitString`` returns for a text whose characters all have their
    codes in ``doc``'s subsets already (None otherwise: reportlab assigns the new codes).

    A report draws the same characters thousands of times (digits, dates, common hanzi); once
    a character has its code it keeps it, so most texts need only their codes looked up.
    """
    state = font.state.get(doc)
    if state is None:
        return None
    assignments = state.assignments
    try:
        codes = [assignments[32 if c == 0xA0 else c] for c in map(ord, text)]  # nbsp: space
    except KeyError:
        return None
    if not codes:
        return []
    subset = codes[0] >> 8
    if all(c >> 8 == subset for c in codes):  # one subset: the usual case
        return [(subset, bytes(c & 0xFF for c in codes))]
    return [
        (subset, bytes(c & 0xFF for c in run))
        for subset, run in itertools.groupby(codes, key=lambda c: c >> 8)
    ]


def _fix_to_unicode_for_supplementary_planes() -> None:
    """Make reportlab's ToUnicode maps write characters beyond U+FFFF as UTF-16 pairs.

    reportlab 4/5 writes ``<%04X>`` of the code point, so 𫖮 (U+2B5AE) comes back from the
    text layer as another character; PDF requires UTF-16BE there.
    """
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "campus_fixed", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        text = str(original(fontname, [c if c <= 0xFFFF else 0 for c in subset]))
        for index, code in enumerate(subset):
            if code > 0xFFFF:
                text = text.replace(f"<{index:02X}> <0000>", f"<{index:02X}> <{_utf16_hex(code)}>")
        return text

    make_to_unicode_cmap.campus_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _utf16_hex(code: int) -> str:
    """The UTF-16BE code units of ``code`` in hex, as a ToUnicode map writes them."""
    return chr(code).encode("utf-16-be").hex().upper()


def _font_problem(exc: BaseException) -> EnvironmentProblem:
    """The text shown when the bundled font cannot be loaded."""
    return EnvironmentProblem(
        f"无法读取内置字体 {FONT_PATH}：{exc}。安装可能已损坏，请重新安装本软件。",
        f"Cannot read the bundled font {FONT_PATH}: {exc}. "
        "The installation may be damaged; please reinstall the application.",
    )


@functools.cache
def _covered_code_points() -> frozenset[int]:
    """Code points the font maps to a real glyph, from its format-12 cmap (read once, ~10 ms).

    Parsed directly: loading the whole 9 MB font with reportlab or fontTools takes ~0.3 s,
    too slow for the first keystroke checked in the UI. Once the font is registered for a
    report its character map is in memory, and read from there.
    """
    if _registered:
        from reportlab.pdfbase.pdfmetrics import getFont

        # Glyph 0 is .notdef; a character the font lacks is mapped to it when first drawn.
        cmap = getFont(FONT_NAME).face.charToGlyph
        return frozenset(itertools.compress(cmap, cmap.values()))  # the codes whose glyph is not 0
    try:
        data = FONT_PATH.read_bytes()
        return frozenset(_format12_code_points(data))
    except (OSError, ValueError, struct.error) as exc:
        raise _font_problem(exc) from exc


def _format12_code_points(data: bytes) -> set[int]:
    """The code points of the (3, 10) format-12 cmap subtable whose glyph is not .notdef."""
    (tables,) = struct.unpack_from(">H", data, 4)
    cmap_offset = None
    for i in range(tables):
        tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_offset = offset
    if cmap_offset is None:
        raise ValueError("no cmap table")
    (subtables,) = struct.unpack_from(">H", data, cmap_offset + 2)
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_offset + 4 + 8 * i)
        start = cmap_offset + offset
        if (platform, encoding) == (3, 10) and struct.unpack_from(">H", data, start)[0] == 12:
            (groups,) = struct.unpack_from(">I", data, start + 12)
            covered: set[int] = set()
            for first, last, glyph in struct.iter_unpack(
                ">III", data[start + 16 : start + 16 + 12 * groups]
            ):
                skip = 1 if glyph == 0 else 0  # glyph 0 is .notdef: not a real glyph
                covered.update(range(first + skip, last + 1))
            return covered
    raise ValueError("no Unicode full-repertoire (format 12) cmap")


def _shown_as_marker(char: str) -> bool:
    """A character the font lacks is drawn as the missing-character marker (and kept in the
    text layer) unless it is a control, format or line-separating character, which is never
    drawn. A private-use character (how older systems store rare hanzi of names) or an
    unassigned one is a character a person wrote: it is shown, and warned about."""
    category = unicodedata.category(char)
    return category in ("Co", "Cn") or not category.startswith(("C", "Zl", "Zp"))


def missing_characters(text: str) -> set[str]:
    """The characters of ``text`` the font has no glyph for (they print as the marker).

    Control and format characters (line breaks, tabs, zero-width joiners, direction marks)
    are ignored: they are never drawn. Private-use and unassigned characters are not.
    """
    covered = _covered_code_points()
    if covered.issuperset(map(ord, text)):  # the usual case, without a set of characters
        return set()
    return {ch for ch in set(text) if ord(ch) not in covered and _shown_as_marker(ch)}


def describe_character(char: str) -> str:
    """A character as a warning names it: the character and its code point, e.g. '𠀀 (U+20000)'."""
    return f"{char} (U+{ord(char):04X})"


@dataclass(frozen=True)
class Undrawable:
    """A character the bundled font cannot draw, and the field (in both languages) it is in."""

    where_zh: str
    where_en: str
    character: str

    def text(self, lang: str = "zh") -> str:
        """One line for people, e.g. '保安名册 第 3 行 姓名：字体缺字 𠀀 (U+20000)'."""
        shown = describe_character(self.character)
        if lang == "en":
            return f"{self.where_en}: the font cannot draw {shown}; it prints as a marked box"
        return f"{self.where_zh}：内置字体缺字 {shown}，将显示为带问号的方框"

    def to_json(self) -> dict[str, str]:
        """The ``--json`` form."""
        return {
            "where": self.where_zh,
            "where_en": self.where_en,
            "character": self.character,
            "code_point": f"U+{ord(self.character):04X}",
        }


def undrawable(fields: Iterable[tuple[str, str, str]]) -> list[Undrawable]:
    """The characters the font lacks in each ``(where_zh, where_en, text)`` field, in order.

    A character is listed once per field, in the order it first appears there.
    """
    out: list[Undrawable] = []
    for where_zh, where_en, text in fields:
        missing = missing_characters(text)
        if not missing:
            continue
        seen: set[str] = set()
        for char in text:
            if char in missing and char not in seen:
                seen.add(char)
                out.append(Undrawable(where_zh, where_en, char))
    return out
