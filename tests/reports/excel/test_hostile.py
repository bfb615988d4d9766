"""Hostile and broken files: each is refused with a clear ImportRejected, never a crash or a hang."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from checklists.foundation.errors import EnvironmentProblem
from checklists.model import Checklist
from reports.excel import safety
from reports.excel.problems import ImportRejected
from reports.excel.reader import read_table
from reports.excel.table_import import MAX_DATA_ROWS
from tests.reports.excel.helpers import (
    GUARD_ROWS,
    HEADER,
    LAUGHS,
    fill_sheet,
    guard_row,
    inline_row,
    patch_part,
    raw_xlsx,
)


def refused(path: Path, checklist: Checklist, pattern: str) -> ImportRejected:
    with pytest.raises(ImportRejected, match=pattern) as info:
        read_table(path, checklist, "guards")
    return info.value


def test_a_text_file_is_not_an_xlsx(tmp_path: Path, guards: Checklist) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,入职日期\n张三,2019-03-01\n", encoding="utf-8")
    refused(path, guards, "roster.xlsx 不是 Excel 工作簿（.xlsx）文件")
    (tmp_path / "empty.xlsx").write_bytes(b"")
    refused(tmp_path / "empty.xlsx", guards, "不是 Excel 工作簿")


def test_a_damaged_xls_file_gets_advice(tmp_path: Path, guards: Checklist) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(safety.OLE2_MAGIC + bytes(512))
    refused(path, guards, "无法读取 old.xls（.*）。如工作簿设有密码，请在 Excel 中取消密码")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path, guards: Checklist) -> None:
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    refused(path, guards, "这不是 Excel 工作簿（.xlsx）：缺少工作簿部件")


def test_a_truncated_file_is_damaged(guard_template: Path, guards: Checklist) -> None:
    fill_sheet(guard_template, GUARD_ROWS)
    data = guard_template.read_bytes()
    guard_template.write_bytes(data[: len(data) // 2])
    refused(guard_template, guards, "guards_template.xlsx 已损坏（不完整的压缩包）")


def test_a_missing_file(tmp_path: Path, guards: Checklist) -> None:
    refused(tmp_path / "nowhere.xlsx", guards, "无法读取文件 .*nowhere.xlsx")


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(
    guard_template: Path, guards: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zipfile.ZipFile(guard_template, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.xml", b" " * (40 * 1024 * 1024))
    opened: list[Path] = []
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: opened.append(a[0])
    )  # must not be reached
    error = refused(
        guard_template,
        guards,
        r"疑似“压缩炸弹”，拒绝读取（xl/media/padding.xml：解压后 40 MB，压缩比 \d+:1）",
    )
    assert "possible zip bomb" in error.en and opened == []


def test_declared_sizes_over_the_limits(
    guard_template: Path, guards: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_MEMBER_BYTES", 5_000)
    refused(
        guard_template, guards, "疑似“压缩炸弹”，拒绝读取（xl/theme/theme1.xml：解压后 0 MB，压缩比"
    )
    monkeypatch.setattr(safety, "MAX_MEMBER_BYTES", 10**9)
    monkeypatch.setattr(safety, "MAX_TOTAL_BYTES", 10_000)
    refused(guard_template, guards, r"压缩炸弹.*（\*：解压后 0 MB）")


def test_a_member_that_lies_about_its_size_is_cut_off_and_refused(
    guard_template: Path, guards: Checklist
) -> None:
    fill_sheet(guard_template, GUARD_ROWS)
    data = bytearray(guard_template.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02" + bytes(0))
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 200)  # the central directory claims 200 bytes
    guard_template.write_bytes(bytes(data))
    refused(guard_template, guards, "已损坏|无法读取 Excel 文件")


def test_bzip2_members_are_refused(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(tmp_path / "bz.xlsx", [HEADER, guard_row(2)], compression=zipfile.ZIP_BZIP2)
    refused(path, guards, r"不支持的压缩方式（\[Content_Types\].xml）")


def test_entity_expansion_is_refused_by_the_pre_check(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(
        tmp_path / "laughs.xlsx",
        [HEADER, inline_row(2, [("A", "&lol9;"), ("B", "2019-03-01")])],
        prolog=LAUGHS,
    )
    refused(
        path, guards, r"文件含有 XML 实体声明（xl/worksheets/sheet1.xml），可能是恶意文件，拒绝读取"
    )


def test_openpyxl_really_parses_with_defusedxml(
    tmp_path: Path, guards: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = raw_xlsx(
        tmp_path / "laughs.xlsx",
        [HEADER, inline_row(2, [("A", "&lol9;"), ("B", "2019-03-01")])],
        prolog=LAUGHS,
    )
    assert openpyxl.DEFUSEDXML is True
    with pytest.raises(ValueError, match="Unable to read workbook") as info:
        openpyxl.load_workbook(path, read_only=True, data_only=True)
    assert isinstance(info.value.__cause__ or info.value.__context__, DefusedXmlException)
    # Without our own pre-check, defusedxml inside openpyxl still stops it, and the import says so.
    monkeypatch.setattr(safety, "_DTD_RE", re.compile(rb"(?!)"))
    refused(path, guards, "文件含有 XML 实体或 DTD 声明，可能是恶意文件，拒绝读取")


def test_entities_in_the_workbook_part_are_refused(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(tmp_path / "wb.xlsx", [HEADER, guard_row(2)])
    patch_part(
        path,
        "xl/workbook.xml",
        lambda xml: xml.replace(b"?>", b"?>" + LAUGHS.replace("worksheet", "workbook").encode(), 1),
    )
    refused(path, guards, r"XML 实体声明（xl/workbook.xml）")


def test_reading_without_defusedxml_is_refused(
    guard_template: Path, guards: Checklist, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(EnvironmentProblem, match="openpyxl 未启用 defusedxml"):
        read_table(guard_template, guards, "guards")


def test_a_million_rows_stop_at_the_limit(tmp_path: Path, guards: Checklist) -> None:
    rows = (guard_row(n) if n > 1 else HEADER for n in range(1, 1_000_001))
    path = raw_xlsx(tmp_path / "million.xlsx", rows, dimension="A1:B1000000")
    error = refused(
        path,
        guards,
        f"第 {MAX_DATA_ROWS + 2} 行：数据超过 {MAX_DATA_ROWS} 行的上限，停止读取；请分成多个文件",
    )
    assert len(error.problems) == 1


def test_the_row_limit_is_a_parameter(guard_template: Path, guards: Checklist) -> None:
    fill_sheet(guard_template, GUARD_ROWS * 3)
    refused_rows = pytest.raises(ImportRejected, match="第 5 行：数据超过 3 行的上限")
    with refused_rows:
        read_table(guard_template, guards, "guards", max_rows=3)
    assert len(read_table(guard_template, guards, "guards", max_rows=6).rows) == 6


def test_a_far_away_row_stops_reading(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(
        tmp_path / "far.xlsx", [HEADER, guard_row(2), guard_row(1_048_576)], dimension="A1:B1048576"
    )
    refused(path, guards, "第 50001 行：工作表超过 50000 行，停止读取")


def test_a_big_sheet_without_dimension_is_refused(tmp_path: Path, guards: Checklist) -> None:
    rows = (guard_row(n) if n > 1 else HEADER for n in range(1, 120_001))
    path = raw_xlsx(tmp_path / "nodim.xlsx", rows, dimension=None)
    refused(path, guards, r"工作表 xl/worksheets/sheet1.xml 很大（\d+ MB）但缺少尺寸信息")


def test_a_small_sheet_without_dimension_is_fine(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(tmp_path / "small.xlsx", [HEADER, guard_row(2)], dimension=None)
    assert len(read_table(path, guards, "guards").rows) == 1


def test_a_huge_cell_is_refused(guard_template: Path, guards: Checklist) -> None:
    fill_sheet(
        guard_template,
        [["张" * 4_001, None, None, "2019-03-01"], ["李" * 4_000, None, None, "2019-03-01"]],
    )
    error = refused(
        guard_template,
        guards,
        r"第 2 行，列 A 姓名：单元格内容过长（4001 字，上限 4000 字）（值：张{40}…）",
    )
    assert len(error.problems) == 1  # 4,000 characters (the answers documents' limit) are allowed


def test_a_cell_far_to_the_right_is_ignored(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(
        tmp_path / "wide.xlsx",
        [HEADER, inline_row(2, [("A", "张三"), ("B", "2019-03-01"), ("XFD", "x")])],
        dimension="A1:XFD2",
    )
    assert read_table(path, guards, "guards").rows[0]["name"] == "张三"


def test_a_date_serial_out_of_range_is_an_excel_error(
    guard_template: Path, guards: Checklist
) -> None:
    fill_sheet(guard_template, [["张三", None, None, None]])
    patch_part(
        guard_template,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b'<c r="D2" s="2" t="n"></c>', b'<c r="D2" s="2"><v>99999999</v></c>'
        ),
    )
    refused(
        guard_template,
        guards,
        "列 D 入职日期：单元格显示 Excel 错误值 #VALUE!：请先修正公式或改填数值，或日期格式单元格中的数字不是有效日期",
    )


def test_garbage_workbook_xml_is_damaged(tmp_path: Path, guards: Checklist) -> None:
    path = raw_xlsx(tmp_path / "garbage.xlsx", [HEADER, guard_row(2)])
    patch_part(path, "xl/workbook.xml", lambda xml: b"<workbook><sheets><sheet name=")
    refused(path, guards, "无法读取 Excel 文件garbage.xlsx，文件可能已损坏")


def test_garbage_sheet_xml_names_the_file(tmp_path: Path, guards: Checklist) -> None:
    """The workbook opens, its sheet's XML breaks while the rows are read: the message still
    names the file."""
    path = raw_xlsx(tmp_path / "brokensheet.xlsx", [HEADER, guard_row(2)])
    patch_part(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</row>", b"</row <", 1))
    refused(path, guards, "无法读取 Excel 文件brokensheet.xlsx，文件可能已损坏")
