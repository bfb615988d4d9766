"""Tests for reports.fonts: the bundled CampusCJK font, its coverage and PDF embedding."""

from __future__ import annotations

import functools
import os
import pickle
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from checklists.foundation.errors import EnvironmentProblem
from reports import fonts
from reports.fonts import (
    FONT_BOLD_NAME,
    FONT_NAME,
    FONT_PATH,
    LICENCE_FILES,
    Undrawable,
    describe_character,
    missing_characters,
    register_reportlab_font,
    undrawable,
)

ROOT = Path(__file__).resolve().parents[2]

APP_SAMPLES = [
    "东莞市示例小学 第75条 保安 ≥ 300 lx 校验",
    "校园安全自查报告（2021年度）：合格 ✓ 不合格 ✗ 不适用 —",
    "专职保安人数 ≤ 3 × 500；晨午检 100%；水温 ≥ 60 ℃；《保安服务管理条例》第十七条",
    "【重要】① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ⑩ ■ □ ● ○ ▲ ★ № · … ‘单引号’ “双引号” ￥1,200.00",
    "ＡＢＣ１２３，。？！：；（全角）",
    "身份证号码 110105********002X 出生日期 1949-12-31 男 女 周岁",
]


NOT_IN_FONT = "𠀀"  # U+20000, Extension B, not in 通用规范汉字表


def _gbk() -> set[str]:
    """Every character Python's gbk codec decodes from a 2-byte sequence."""
    chars: set[str] = set()
    for high in range(0x81, 0xFF):
        for low in range(0x40, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gbk"))
            except UnicodeDecodeError:
                continue
    return chars


@functools.cache
def _cmap() -> frozenset[int]:
    """The font's cmap as fontTools reads it (independent of reports.fonts' own parser)."""
    return frozenset(FontToolsFont(str(FONT_PATH)).getBestCmap())


def _gb2312(first_byte: range) -> set[str]:
    """Decode every valid 2-byte GB2312 sequence whose first byte is in ``first_byte``."""
    chars: set[str] = set()
    for high in first_byte:
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: install poppler-utils (apt-get install poppler-utils)")
    return path


def _pdftotext(pdf: Path) -> str:
    """The text layer of ``pdf`` as poppler's pdftotext reads it (UTF-8)."""
    return subprocess.run(
        [_poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


# --- the file -----------------------------------------------------------------------------


def test_font_file_exists_at_an_absolute_path() -> None:
    assert FONT_PATH.is_absolute()
    assert FONT_PATH.is_file()
    assert FONT_PATH.suffix == ".ttf"  # pyHanko refuses .ttc
    for name in LICENCE_FILES:
        assert (FONT_PATH.parent / name).is_file()
    assert "SIL OPEN FONT LICENSE" in (FONT_PATH.parent / LICENCE_FILES[0]).read_text("utf-8")


def test_font_tables() -> None:
    font = FontToolsFont(str(FONT_PATH))
    assert font["head"].unitsPerEm == 1000
    assert "glyf" in font  # TrueType outlines: reportlab cannot embed CFF
    assert font["name"].getDebugName(1) == FONT_NAME
    assert "Adobe" in (font["name"].getDebugName(0) or "")  # the upstream copyright stays
    assert "Source" not in (font["name"].getDebugName(1) or "")  # OFL reserved font name
    # A hanzi advance of one em means the rescale to 1000 units/em scaled the metrics too.
    glyph = font.getBestCmap()[ord("中")]
    assert font["hmtx"][glyph][0] == 1000


def test_no_visible_character_has_an_empty_glyph() -> None:
    # Spaces and the zero-width format characters are the only ones allowed to draw nothing.
    font = FontToolsFont(str(FONT_PATH))
    glyf = font["glyf"]
    empty = {
        chr(cp)
        for cp, glyph in font.getBestCmap().items()
        if glyf[glyph].numberOfContours == 0
        and not unicodedata.category(chr(cp)).startswith(("Z", "Cf"))
    }
    assert empty == set()


def test_zero_width_characters_have_no_width() -> None:
    font = FontToolsFont(str(FONT_PATH))
    cmap = font.getBestCmap()
    for char in "\u200b\u200c\u200d\u2060\ufeff":
        assert font["hmtx"][cmap[ord(char)]][0] == 0


def test_missing_character_marker_is_not_a_bare_box() -> None:
    # .notdef is a box with a question mark: two contours for the frame, more for the "?".
    font = FontToolsFont(str(FONT_PATH))
    marker = font["glyf"][".notdef"]
    box = font["glyf"][font.getBestCmap()[ord("□")]]
    assert marker.numberOfContours >= 4
    assert marker.numberOfContours > box.numberOfContours
    assert font["hmtx"][".notdef"][0] == 1000


def test_cmap_covers_every_gbk_character() -> None:
    gbk = _gbk()
    hanzi = {c for c in gbk if 0x4E00 <= ord(c) <= 0x9FFF}
    assert len(hanzi) == 20902  # GBK's CJK Unified Ideographs
    assert len(gbk) == 21791
    cmap = _cmap()
    missing = sorted(f"U+{ord(c):04X}" for c in gbk if ord(c) not in cmap)
    assert missing == []


def test_cmap_covers_all_of_extension_a() -> None:
    extension_a = range(0x3400, 0x4DB6)
    assert len(extension_a) == 6582
    cmap = _cmap()
    assert [f"U+{c:04X}" for c in extension_a if c not in cmap] == []


def test_cmap_covers_tongyong_guifan_beyond_gbk() -> None:
    lines = (FONT_PATH.parent / "tongyong-guifan-beyond-gbk.txt").read_text("utf-8").splitlines()
    chars = {chr(int(line.split()[0][2:], 16)) for line in lines if line.startswith("U+")}
    assert len(chars) == 199 and "𫖮" in chars and "鿍" in chars
    assert sum(ord(c) > 0xFFFF for c in chars) == 196  # Extension B and later
    cmap = _cmap()
    assert sorted(c for c in chars if ord(c) not in cmap) == []


def test_own_cmap_parser_agrees_with_fonttools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_registered", False)  # before the report registers the font
    assert fonts._covered_code_points.__wrapped__() == frozenset(_cmap())


def test_the_registered_fonts_map_agrees_with_fonttools() -> None:
    """After a report registered the font (and drew characters it lacks as .notdef)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO())
    canvas.setFont(fonts.register_reportlab_font(), 10)
    canvas.drawString(10, 10, "\U00020000张")  # 𠀀 (Extension B): not in the font
    canvas.save()
    assert pdfmetrics.getFont(fonts.FONT_NAME).face.charToGlyph.get(0x20000) == 0
    assert fonts._covered_code_points.__wrapped__() == frozenset(_cmap())


def test_covers_every_gb2312_hanzi() -> None:
    hanzi = _gb2312(range(0xB0, 0xF8))  # levels 1 and 2: rows 16-87
    assert len(hanzi) == 6763
    assert missing_characters("".join(hanzi)) == set()


def test_covers_all_of_gb2312_and_ascii() -> None:
    symbols = _gb2312(range(0xA1, 0xB0))
    ascii_printable = "".join(chr(c) for c in range(0x20, 0x7F))
    assert missing_characters("".join(symbols) + ascii_printable) == set()


@pytest.mark.parametrize("text", APP_SAMPLES)
def test_covers_app_text(text: str) -> None:
    assert missing_characters(text) == set()


# --- missing_characters -------------------------------------------------------------------


def test_names_and_places_beyond_gb2312_are_covered() -> None:
    assert missing_characters("东莞市道滘镇高埗中心小学 李堃 王喆 刘䶮 陈玥 张镕 𫖮") == set()


def test_missing_characters_names_what_the_font_lacks() -> None:
    assert missing_characters(f"张{NOT_IN_FONT}三 王喆") == {NOT_IN_FONT}


def test_undrawable_names_field_and_character_once_each() -> None:
    found = undrawable(
        [
            ("学校名称", "school name", "东莞市道滘镇高埗中心小学"),
            (
                "保安名册 第 2 行 姓名",
                "guards, row 2, name",
                f"{NOT_IN_FONT}{NOT_IN_FONT}\U0002a6a5",
            ),
        ]
    )
    assert found == [
        Undrawable("保安名册 第 2 行 姓名", "guards, row 2, name", NOT_IN_FONT),
        Undrawable("保安名册 第 2 行 姓名", "guards, row 2, name", "\U0002a6a5"),
    ]
    assert "保安名册 第 2 行 姓名" in found[0].text("zh") and "U+20000" in found[0].text("zh")
    assert "guards, row 2, name" in found[0].text("en")
    assert describe_character(NOT_IN_FONT) == "𠀀 (U+20000)"


def test_missing_characters_ignores_control_characters() -> None:
    assert missing_characters("第一行\n第二行\t\r\u200d") == set()
    assert missing_characters("") == set()


# --- reportlab ----------------------------------------------------------------------------


def test_register_is_idempotent_and_maps_bold() -> None:
    assert register_reportlab_font() == FONT_NAME
    assert register_reportlab_font() == FONT_NAME
    registered = pdfmetrics.getRegisteredFontNames()
    assert FONT_NAME in registered
    assert FONT_BOLD_NAME in registered
    assert pdfmetrics.stringWidth("中文", FONT_NAME, 10) == pytest.approx(20)


def test_pdf_embeds_the_font_and_text_comes_back(tmp_path: Path) -> None:
    name = register_reportlab_font()
    pdf = tmp_path / "sample.pdf"
    style = ParagraphStyle("body", fontName=name, fontSize=12, leading=16)
    story = [Paragraph(text, style) for text in APP_SAMPLES[:3]]
    story.append(Paragraph("<b>加粗：检查结论</b> <i>斜体</i>", style))
    SimpleDocTemplate(str(pdf), pagesize=A4).build(story)

    listing = subprocess.run(
        [_poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines() if "CampusCJK" in line]
    assert rows, listing
    for row in rows:
        # columns: name type(2 words) encoding emb sub uni object ID
        assert row[-5] == "yes", listing  # emb

    text = _pdftotext(pdf)
    assert "东莞市示例小学" in text
    assert "第75条" in text
    assert "校验" in text
    assert "加粗：检查结论" in text


def test_text_layer_keeps_supplementary_and_missing_characters(tmp_path: Path) -> None:
    # reportlab alone writes U+2B5AE as a wrong BMP character and drops a character the font
    # lacks from the text layer; both must come back from pdftotext as they were typed.
    name = register_reportlab_font()
    pdf = tmp_path / "rare.pdf"
    style = ParagraphStyle("body", fontName=name, fontSize=12, leading=16)
    line = f"刘䶮 𫖮 张{NOT_IN_FONT}三 ✔✘✗ ≒"
    SimpleDocTemplate(str(pdf), pagesize=A4).build([Paragraph(line, style)])
    text = _pdftotext(pdf)
    assert line in text


def test_private_use_and_unassigned_characters_are_warned_about_and_kept() -> None:
    """Older systems store rare hanzi of names as private-use characters: such a character (or
    an unassigned one) prints as the marker, so it is named as missing, never dropped quietly."""
    assert missing_characters("甲\ue000乙 戊\U000f0001己 壬\u0378癸") == {
        "\ue000",
        "\U000f0001",
        "\u0378",
    }
    assert missing_characters("丙\u200f丁 庚\u2066辛\u2069 王\r五") == set()


def test_invisible_characters_draw_nothing_and_private_use_ones_stay_in_the_text(
    tmp_path: Path,
) -> None:
    """A direction mark, an isolate or a carriage return the font lacks draws no marker (the
    return a space); a private-use character draws the marker and comes back from the text."""
    from reportlab.pdfgen.canvas import Canvas

    name = register_reportlab_font()
    pdf = tmp_path / "invisible.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    font = pdfmetrics.getFont(name)
    split = font.splitString("丙\u200f丁王\r五庚\u2066辛\u2069", canvas._doc)
    drawn = b"".join(codes for _, codes in split)
    assert len(drawn) == 7  # 丙丁王 五庚辛: the mark and the isolates draw nothing
    assert drawn[3:4] == font.splitString(" ", canvas._doc)[0][1]  # the return is a space
    canvas.setFont(name, 12)
    canvas.drawString(72, 720, "甲\ue000乙")
    canvas.save()
    text = _pdftotext(pdf)
    assert "甲\ue000乙" in text


# --- failures and frozen builds -----------------------------------------------------------


def test_missing_font_file_is_an_environment_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "FONT_PATH", tmp_path / "gone.ttf")
    monkeypatch.setattr(fonts, "_registered", False)
    with pytest.raises(EnvironmentProblem, match="无法读取内置字体.*请重新安装"):
        fonts.register_reportlab_font()


def test_corrupt_font_file_is_an_environment_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\x00\x01\x00\x00" + b"not a font" * 10)
    monkeypatch.setattr(fonts, "FONT_PATH", broken)
    monkeypatch.setattr(fonts, "_registered", False)
    with pytest.raises(EnvironmentProblem) as info:
        fonts.register_reportlab_font()
    assert "reinstall" in info.value.text("en")


def test_frozen_build_uses_the_pyinstaller_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fonts._base_dir() == tmp_path
    monkeypatch.delattr(sys, "_MEIPASS")
    assert fonts._base_dir() / fonts.FONT_FILE == FONT_PATH


def test_the_style_names_share_one_parsed_face() -> None:
    register_reportlab_font()
    regular = pdfmetrics.getFont(FONT_NAME)
    bold = pdfmetrics.getFont(FONT_BOLD_NAME)
    assert bold.face is regular.face  # the 9 MB file is parsed once per process
    assert pdfmetrics.stringWidth("中文", FONT_BOLD_NAME, 10) == pytest.approx(20)


# --- the parsed font kept in the cache folder ---------------------------------------------

_DRAW = r"""
import hashlib, io, sys
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from reports.fonts import register_reportlab_font, _face_cache_path
name = register_reportlab_font()
out = io.BytesIO()
style = ParagraphStyle("b", fontName=name, fontSize=11, leading=15)
text = "保安员 张三 ✔ ✘ ≒ 𫖮 \U000F0000 <b>粗体</b> <i>斜体</i> Guard 0123"
SimpleDocTemplate(out, invariant=1).build([Paragraph(text, style)])
path = _face_cache_path()
print(hashlib.sha256(out.getvalue()).hexdigest(), path is not None and path.exists())
"""


def _draw(cache: str) -> tuple[str, str]:
    env = {**os.environ, "CAMPUS_SELFCHECK_CACHE": cache}
    done = subprocess.run(
        [sys.executable, "-c", _DRAW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    digest, cached = done.stdout.split()
    return digest, cached


def test_a_cached_parse_draws_the_same_bytes(tmp_path: Path) -> None:
    without, cached = _draw("")  # no cache folder: parsed, nothing written
    assert cached == "False"
    cold, cached = _draw(str(tmp_path))
    assert cached == "True"
    files = list((tmp_path / "fonts").glob("*.pickle"))
    assert len(files) == 1
    warm, _ = _draw(str(tmp_path))  # read back from the cache
    assert without == cold == warm
    files[0].write_bytes(b"not a pickle")  # damaged: parsed again and replaced
    assert _draw(str(tmp_path))[0] == without
    assert files[0].read_bytes() != b"not a pickle"


def test_a_cache_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    _draw(str(tmp_path))
    (cached,) = (tmp_path / "fonts").glob("*.pickle")
    marker = tmp_path / "unpickled"
    # a pickle that would create a file when loaded: it must never be loaded
    cached.write_bytes(pickle.dumps(_Marker(str(marker))))
    cached.chmod(0o666)
    digest, _ = _draw(str(tmp_path))
    assert not marker.exists()
    assert digest == _draw("")[0]


class _Marker:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.path, "w"))


def test_the_cached_parse_gives_back_every_map_of_the_font(tmp_path: Path) -> None:
    """glyph → characters is stored as flat lists and rebuilt when first asked for: equal, in
    the same order, as are all the other parsed fields."""
    font_class = fonts._keep_every_character_class()
    fresh = font_class("Fresh", str(FONT_PATH))
    path = tmp_path / "face.pickle"
    fonts._write_parsed(path, fresh)
    read = fonts._read_parsed(path, font_class)
    assert read is not None and "glyphToChar" not in vars(read.face)
    skip = ("_ttf_data", "_pdfScale", "glyphToChar", "filename", fonts._GLYPH_PAIRS)
    arrays = ("glyphPos", "hmetrics")  # kept as flat arrays, indexed as reportlab's lists
    assert {k: v for k, v in vars(read.face).items() if k not in skip + arrays} == {
        k: v for k, v in vars(fresh.face).items() if k not in skip + arrays
    }
    assert list(read.face.glyphPos) == fresh.face.glyphPos
    assert list(read.face.hmetrics) == fresh.face.hmetrics
    assert all(read.face.hmetrics[g] == fresh.face.hmetrics[g] for g in (0, 1, 500, -1))
    assert read.face.glyphToChar == fresh.face.glyphToChar
    assert list(read.face.glyphToChar.items()) == list(fresh.face.glyphToChar.items())
    assert read.face.glyphToChar is read.face.glyphToChar  # rebuilt once, then kept
    assert fonts._GLYPH_PAIRS not in vars(read.face)
    assert read.face._ttf_data[:] == fresh.face._ttf_data  # mapped from the file


def test_the_cached_face_subsets_as_reportlab_parses_and_subsets(tmp_path: Path) -> None:
    """The glyph table sliced from the mapped file gives the subsets of the font as parsed."""
    font_class = fonts._keep_every_character_class()
    fresh = font_class("Fresh", str(FONT_PATH))
    path = tmp_path / "face.pickle"
    fonts._write_parsed(path, fresh)
    read = fonts._read_parsed(path, font_class)
    assert read is not None
    codes = sorted(fresh.face.charToGlyph)
    for start in (0, 1, 7):
        subset = [0, *codes[start :: max(1, len(codes) // 255)]][:256]
        assert read.face.makeSubset(subset) == fresh.face.makeSubset(subset)
    glyf = read.face.get_table("glyf")
    offset, length = read.face.get_table_pos("glyf")
    whole = fresh.face._ttf_data[offset : offset + length]
    assert len(glyf) == length
    for part in (
        slice(0, 10),
        slice(5, 5),
        slice(length - 3, length + 9),
        slice(None, 4),
        slice(7, None),
    ):
        assert glyf[part] == whole[part]


def test_texts_of_known_characters_split_as_reportlab_splits_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shortcut for characters that have their codes already gives reportlab's own result,
    across subsets, with no-break spaces, missing and control characters in between."""
    import random

    class Doc:
        """A document whose subsets the font keeps apart (by identity)."""

    fonts.register_reportlab_font()
    ours = pdfmetrics.getFont(fonts.FONT_NAME)
    shortcut = fonts._assigned_split
    used = []

    def counted(*args: object) -> object:
        found = shortcut(*args)  # type: ignore[arg-type]
        used.append(found is not None)
        return found

    def split(text: str, doc: Doc, fast: bool) -> object:
        monkeypatch.setattr(fonts, "_assigned_split", counted if fast else lambda *a: None)
        return ours.splitString(text, doc)

    hanzi = [chr(0x4E00 + 13 * i) for i in range(700)]  # more than two subsets of 256 codes
    pool = [*hanzi, *"0123456789 -:.", "\u00a0", "𠀀", "\t", "\u0007", "\ue000"]
    rng = random.Random(7)
    texts = ["", " ", "\u00a0\u00a0", *("".join(rng.choices(pool, k=n)) for n in range(1, 300))]
    for doc_texts in (texts, texts[::-1]):
        doc, reportlabs = Doc(), Doc()
        for text in doc_texts * 2:  # the second time every character is known
            expected = split(text, reportlabs, fast=False)
            assert split(text, doc, fast=True) == expected, text
    assert any(used) and not all(used)
    doc = Doc()
    ours.splitString("".join(hanzi), doc)
    assert shortcut(ours, hanzi[5] + "\u00a0" + hanzi[400], doc) is not None
    assert shortcut(ours, "未见", Doc()) is None
