"""Excel operations on a stored assessment: one transaction on success, nothing changed on any rejection."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checklists.answers_doc import document_to_json, read_answers_file
from checklists.foundation.errors import InputError
from checklists.model import Checklist
from models.database import Database, open_database
from models.errors import ReadOnlyAssessment
from models.ops.assessments import mark_signed
from models.ops.exchange import export_document, import_document
from models.ops.history import list_history
from reports.excel.ops import export_assessment, import_table
from reports.excel.problems import ImportRejected
from reports.excel.template import write_template
from tests.conftest import SAMPLE
from tests.reports.excel.helpers import (
    GUARD_ROWS,
    HEADER,
    LAUGHS,
    fill_sheet,
    guard_row,
    inline_row,
    plain_workbook,
    raw_xlsx,
)


@pytest.fixture(scope="module")
def database(
    tmp_path_factory: pytest.TempPathFactory, checklists: dict[str, Checklist]
) -> Iterator[Database]:
    """A data folder with the sample school stored as assessment 1."""
    db = open_database(tmp_path_factory.mktemp("ops"), backup_on_open=False)
    with db.session() as s, s.begin():
        assert import_document(s, read_answers_file(SAMPLE, checklists), checklists=checklists) == 1
    yield db
    db.close()


def snapshot(db: Database, assessment: int = 1) -> tuple[dict[str, Any], int]:
    """The stored document and the number of history entries."""
    with db.session() as s:
        return document_to_json(export_document(s, assessment)), len(list_history(s, assessment))


def filled(tmp_path: Path, guards: Checklist, rows: list[list[Any]]) -> Path:
    path = tmp_path / "roster.xlsx"
    write_template(guards, "guards", path)
    return fill_sheet(path, rows)


def _not_xlsx(tmp_path: Path, guards: Checklist) -> Path:
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,入职日期\n", encoding="utf-8")
    return path


def _truncated(tmp_path: Path, guards: Checklist) -> Path:
    path = filled(tmp_path, guards, GUARD_ROWS)
    path.write_bytes(path.read_bytes()[:3000])
    return path


def _bomb(tmp_path: Path, guards: Checklist) -> Path:
    path = filled(tmp_path, guards, GUARD_ROWS)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b"0" * (30 * 1024 * 1024))
    return path


def _entities(tmp_path: Path, guards: Checklist) -> Path:
    row = inline_row(2, [("A", "&lol9;"), ("B", "2019-03-01")])
    return raw_xlsx(tmp_path / "laughs.xlsx", [HEADER, row], prolog=LAUGHS)


def _far_row(tmp_path: Path, guards: Checklist) -> Path:
    rows = [HEADER, guard_row(2), guard_row(900_000)]
    return raw_xlsx(tmp_path / "far.xlsx", rows, dimension="A1:B900000")


def _huge_cell(tmp_path: Path, guards: Checklist) -> Path:
    return filled(tmp_path, guards, [GUARD_ROWS[0], ["张" * 20_000, None, None, "2019-03-01"]])


def _id_as_number(tmp_path: Path, guards: Checklist) -> Path:
    return filled(tmp_path, guards, [GUARD_ROWS[0], ["王五", 4.41900197001e17, None, "2019-03-01"]])


def _missing_column(tmp_path: Path, guards: Checklist) -> Path:
    return plain_workbook(tmp_path / "plain.xlsx", [["姓名"], ["张三"]])


def _uncached_formula(tmp_path: Path, guards: Checklist) -> Path:
    return filled(tmp_path, guards, [GUARD_ROWS[0], ["王五", None, None, "=TODAY()"]])


def _masked_export(tmp_path: Path, guards: Checklist, db: Database) -> Path:
    path = tmp_path / "masked.xlsx"
    with db.session() as s:
        export_assessment(s, 1, path)
    return path


BAD_FILES: list[tuple[Callable[..., Path], str]] = [
    (_not_xlsx, "不是 Excel 工作簿（.xlsx）文件"),
    (_truncated, "已损坏（不完整的压缩包）"),
    (_bomb, "疑似“压缩炸弹”，拒绝读取（xl/padding.xml：解压后 30 MB"),
    (_entities, "文件含有 XML 实体声明"),
    (_far_row, "工作表超过 50000 行，停止读取"),
    (_huge_cell, "单元格内容过长（20000 字，上限 4000 字）"),
    (_id_as_number, r"身份证号码被 Excel 存成了数字（4\.41900197001E\+17）"),
    (_missing_column, "缺少必填列“入职日期”"),
    (_uncached_formula, "公式没有保存计算结果"),
    (_masked_export, "来自隐藏了身份证号码的导出文件，不能导入"),
]


@pytest.mark.parametrize(
    ("make", "message"), BAD_FILES, ids=[m.__name__.strip("_") for m, _ in BAD_FILES]
)
def test_a_rejected_file_changes_nothing(
    tmp_path: Path, guards: Checklist, database: Database, make: Callable[..., Path], message: str
) -> None:
    path = make(tmp_path, guards, database) if make is _masked_export else make(tmp_path, guards)
    before = snapshot(database)
    with pytest.raises(ImportRejected, match=message), database.session() as s, s.begin():
        import_table(s, 1, "guards", "guards", path)
    assert snapshot(database) == before


def test_import_replaces_the_rows_in_one_history_entry(
    tmp_path: Path, guards: Checklist, database: Database
) -> None:
    (before, entries) = snapshot(database)
    path = filled(tmp_path, guards, GUARD_ROWS)
    with database.session() as s, s.begin():
        outcome = import_table(s, 1, "guards", "guards", path, user="张老师")
    after, new_entries = snapshot(database)
    assert [r["name"] for r in after["checklists"]["guards"]["guards"]] == ["张三", "李四"]
    assert after["checklists"]["lighting"] == before["checklists"]["lighting"]
    assert new_entries == entries + 1
    with database.session() as s:
        last = list_history(s, 1)[-1]
    assert (last.action, last.user, last.source, last.id) == (
        "rows_replace",
        "张老师",
        "excel:roster.xlsx",
        outcome.saved.history_id,
    )
    assert {f.code for f in outcome.saved.removed} >= {"over_55_on_post"}


def test_a_checklist_outside_the_assessment_or_a_signed_one(
    tmp_path: Path, guards: Checklist, database: Database
) -> None:
    path = filled(tmp_path, guards, GUARD_ROWS)
    with (
        pytest.raises(InputError, match="自查 1 不包含检查清单 fire"),
        database.session() as s,
        s.begin(),
    ):
        import_table(s, 1, "fire", "guards", path)
    with database.session() as s, s.begin():
        new_id = import_document(s, export_document(s, 1))
        mark_signed(s, new_id)
    before = snapshot(database, new_id)
    with pytest.raises(ReadOnlyAssessment), database.session() as s, s.begin():
        import_table(s, new_id, "guards", "guards", path)
    assert snapshot(database, new_id) == before


def test_export_of_a_stored_assessment(tmp_path: Path, database: Database) -> None:
    path = tmp_path / "export.xlsx"
    with database.session() as s:
        export_assessment(s, 1, path, lang="en", full_ids=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "Summary" and "Guard roster" in wb.sheetnames
    assert wb["Summary"]["B1"].value == "东莞市南城示例实验小学"
