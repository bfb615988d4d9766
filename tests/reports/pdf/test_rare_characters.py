"""Names and places beyond GB2312 print in full: every Dongguan town, rare hanzi in guards' names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reports.fonts import FONT_NAME
from reports.pdf import write_report
from reports.undrawable import undrawable_in_report
from tests.reports.pdf.pdf_helpers import page_count, pdffonts, pdftotext, report_data, sample_json

# Dongguan's 4 streets (街道), 28 towns (镇) and 松山湖 (a functional district): 33 in all.
TOWNS = [
    "莞城",
    "南城",
    "东城",
    "万江",
    "石碣",
    "石龙",
    "茶山",
    "石排",
    "企石",
    "横沥",
    "桥头",
    "谢岗",
    "东坑",
    "常平",
    "寮步",
    "樟木头",
    "大朗",
    "黄江",
    "清溪",
    "塘厦",
    "凤岗",
    "大岭山",
    "长安",
    "虎门",
    "厚街",
    "沙田",
    "道滘",
    "洪梅",
    "麻涌",
    "望牛墩",
    "中堂",
    "高埗",
    "松山湖",
]
SCHOOL = "东莞市道滘镇高埗中心小学"
RARE_GUARDS = ("李堃", "王喆", "刘䶮", "陈玥", "张镕", "周𫖮")
NOT_IN_FONT = "𠀀"  # U+20000: in no set the font covers


def _document(school: str, guards: tuple[str, ...]) -> dict[str, Any]:
    doc = sample_json()
    doc["school"]["name"] = school
    doc["school"]["district"] = "道滘镇"
    roster = doc["checklists"]["guards"]["guards"]
    for row, name in zip(roster, guards, strict=False):
        row["name"] = name
    extra = guards[len(roster) :]
    for name in extra:
        roster.append({**roster[0], "name": name})
    return doc


@pytest.fixture(scope="module")
def towns_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    school = "东莞市" + "".join(TOWNS) + "联合中心小学"
    data = report_data(_document(school, RARE_GUARDS))
    assert undrawable_in_report(data) == []
    return write_report(data, tmp_path_factory.mktemp("rare") / "towns.pdf")


def test_towns_list_is_complete() -> None:
    assert len(TOWNS) == 33 and len(set(TOWNS)) == 33


def test_every_town_and_rare_name_is_in_the_text_layer(towns_pdf: Path) -> None:
    text = pdftotext(towns_pdf)
    flat = text.replace("\n", "").replace(" ", "")
    for town in TOWNS:
        assert town in flat, town
    for name in RARE_GUARDS:
        assert name in text, name
    assert "\ufffd" not in text


def test_every_font_is_embedded(towns_pdf: Path) -> None:
    rows = pdffonts(towns_pdf)
    assert rows
    for row in rows:
        # name type(2 words) encoding emb sub uni object ID
        assert row[-5] == "yes", row
        assert FONT_NAME in row[0], row


def test_dongguan_school_with_rare_guards(tmp_path: Path) -> None:
    data = report_data(_document(SCHOOL, ("李堃", "王喆", "刘䶮")))
    pdf = write_report(data, tmp_path / "report.pdf")
    text = pdftotext(pdf)
    for name in ("李堃", "王喆", "刘䶮"):
        assert name in text
    # The cover and the header of every page name the school: 道滘 and 高埗 included.
    for page in range(1, page_count(pdf) + 1):
        assert SCHOOL in pdftotext(pdf, page).replace("\n", "").replace(" ", ""), page
    assert all(row[-5] == "yes" for row in pdffonts(pdf))


def test_a_character_the_font_lacks_is_named_and_kept(tmp_path: Path) -> None:
    data = report_data(_document(SCHOOL, (f"张{NOT_IN_FONT}三",)))
    found = undrawable_in_report(data)
    assert [u.character for u in found] == [NOT_IN_FONT]
    assert "第 1 行" in found[0].where_zh and "姓名" in found[0].where_zh
    assert "U+20000" in found[0].text("zh") and "row 1" in found[0].text("en")
    pdf = write_report(data, tmp_path / "marked.pdf")
    assert f"张{NOT_IN_FONT}三" in pdftotext(pdf)  # the text layer keeps the real character
