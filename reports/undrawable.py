"""Which characters of an answers document or a report the bundled font cannot draw, and where.

Names and places are where rare characters turn up; each one the font lacks would print as
the font's marker (a box with a question mark). These functions name every such character
with the field it is in, so imports and exports can warn instead of printing it silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from reports.fonts import Undrawable, undrawable

if TYPE_CHECKING:
    from checklists.answers import AnswersDocument
    from checklists.model import Checklist, Item
    from reports.pdf.data import ReportData

__all__ = ["document_fields", "undrawable_in_document", "undrawable_in_report"]

Field = tuple[str, str, str]  # where (zh), where (en), text

_SCHOOL_FIELDS = (
    ("name", "学校名称", "school name"),
    ("code", "学校代码", "school code"),
    ("district", "所在镇街", "district"),
    ("principal", "校长", "principal"),
    ("contact", "联系人", "contact"),
)


def document_fields(doc: AnswersDocument, checklists: Mapping[str, Checklist]) -> Iterator[Field]:
    """Every free-text value of ``doc`` with a label saying where it is (rows 1-based)."""
    for attr, zh, en in _SCHOOL_FIELDS:
        yield zh, en, str(getattr(doc.school, attr, "") or "")
    yield "检查时段", "period", doc.period
    for checklist_id, answers in doc.checklists.items():
        checklist = checklists.get(checklist_id)
        if checklist is None:
            continue
        for item in checklist.items():
            yield from _item_fields(checklist, item, answers.get(item.id))
        for item_id, item_note in doc.item_notes.get(checklist_id, {}).items():
            zh, en = _item_where(checklist, item_id)
            yield f"{zh} 说明", f"{en}, note", item_note
    for note in doc.finding_notes:
        checklist = checklists.get(note.checklist)
        zh, en = _item_where(checklist, note.item) if checklist else (note.item, note.item)
        if note.row is not None:
            zh, en = f"{zh} 第 {note.row + 1} 行", f"{en}, row {note.row + 1}"
        yield (
            f"{zh} 问题 {note.code} 说明",
            f"{en}, finding {note.code}, explanation",
            note.explanation,
        )
        if note.rectification is not None:
            r = note.rectification
            yield f"{zh} 整改措施", f"{en}, rectification", r.measure
            yield f"{zh} 整改责任人", f"{en}, responsible", r.responsible


def _item_where(checklist: Checklist, item_id: str) -> tuple[str, str]:
    try:
        label = checklist.item(item_id).label
    except KeyError:
        return f"{checklist.title.zh}·{item_id}", f"{checklist.title.en}: {item_id}"
    return f"{checklist.title.zh}·{label.zh}", f"{checklist.title.en}: {label.en}"


def _item_fields(checklist: Checklist, item: Item, value: Any) -> Iterator[Field]:
    zh, en = f"{checklist.title.zh}·{item.label.zh}", f"{checklist.title.en}: {item.label.en}"
    if item.is_table:
        for number, row in enumerate(value or (), start=1):
            if not isinstance(row, Mapping):
                continue
            for column in item.columns:
                cell = row.get(column.id)
                if isinstance(cell, str):
                    yield (
                        f"{zh} 第 {number} 行 {column.label.zh}",
                        f"{en}, row {number}, {column.label.en}",
                        cell,
                    )
    elif isinstance(value, str):
        yield zh, en, value
    elif isinstance(value, (list, tuple)):
        yield zh, en, " ".join(v for v in value if isinstance(v, str))


def _report_fields(data: ReportData) -> Iterator[Field]:
    yield from document_fields(data.document, data.checklists)
    for role_zh, role_en, person in (
        ("检查人", "assessor", data.assessor),
        ("校长", "principal", data.principal),
    ):
        yield f"签字栏 {role_zh} 姓名", f"signatures, {role_en}'s name", person.name
        yield f"签字栏 {role_zh} 职务", f"signatures, {role_en}'s title", person.title
    for ref in data.evidence:
        yield "佐证材料文件名", "evidence file name", ref.name
    for checklist in data.checklists.values():
        # A checklist from the office may use characters the bundled ones do not.
        yield "检查清单标题", "checklist title", checklist.title.zh
        for item in checklist.items():
            yield f"{checklist.title.zh} 检查项", f"{checklist.title.en}, item", item.label.zh
            for column in item.columns:
                yield (
                    f"{checklist.title.zh} 表格列",
                    f"{checklist.title.en}, column",
                    column.label.zh,
                )


def undrawable_in_document(
    doc: AnswersDocument, checklists: Mapping[str, Checklist]
) -> list[Undrawable]:
    """The characters of ``doc`` the bundled font lacks, each with its field (import warnings)."""
    return undrawable(document_fields(doc, checklists))


def undrawable_in_report(data: ReportData) -> list[Undrawable]:
    """The characters a report of ``data`` would print as the missing-character marker.

    Covers the answers, the notes, the signatories, evidence file names and the checklists'
    own labels; a character is listed once per field.
    """
    return undrawable(_report_fields(data))
