"""The schools the office expects reports from, per period: its school list and the deadline.

Imported from an Excel list (template: code, name, district, stage, contact), or carried over
from a previous period (its list, or else the schools that reported for it). Kept in the office
store beside the reports, so every summary shows who has not reported and who reported late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from checklists.foundation import limits
from checklists.foundation.errors import InputError
from checklists.foundation.files import require_regular_file
from checklists.terms import STAGE
from reports.aggregate.database import OfficeStore
from reports.aggregate.store import (
    EXPECTED_PERIODS,
    EXPECTED_SCHOOLS,
    REPORTS,
    SUBMISSIONS,
)

# (zh header, en header, key, width): the template's columns, in order.
LIST_COLUMNS = (
    ("学校代码", "School code", "code", 14),
    ("学校名称", "School", "name", 32),
    ("镇街", "District", "district", 14),
    ("学段", "Stage", "stage", 16),
    ("联系人及电话", "Contact", "contact", 28),
)
MAX_LIST_ROWS = limits.MAX_TABLE_ROWS  # the same bound as any table of the app


@dataclass(frozen=True)
class ExpectedEntry:
    """One school on the office's list."""

    code: str
    name: str
    district: str = ""
    stage: str = ""  # a stage code (checklists.terms.STAGE) or ""
    contact: str = ""


@dataclass(frozen=True)
class ExpectedList:
    """The schools expected for one period, and its deadline (inclusive; None: none set)."""

    period: str
    deadline: date | None
    schools: tuple[ExpectedEntry, ...]


def expected_lists(connection: Connection) -> dict[str, ExpectedList]:
    """Every period's list, by period."""
    periods, schools = EXPECTED_PERIODS.c, EXPECTED_SCHOOLS.c
    deadlines = {p: d for p, d in connection.execute(select(periods.period, periods.deadline))}
    entries: dict[str, list[ExpectedEntry]] = {p: [] for p in deadlines}
    query = select(
        schools.period,
        schools.school_code,
        schools.school_name,
        schools.district,
        schools.stage,
        schools.contact,
    ).order_by(schools.period, schools.school_code)
    for period, *entry in connection.execute(query):
        entries.setdefault(period, []).append(ExpectedEntry(*entry))
    return {p: ExpectedList(p, deadlines.get(p), tuple(schools)) for p, schools in entries.items()}


def set_school_list(
    store: OfficeStore,
    period: str,
    schools: Sequence[ExpectedEntry],
    *,
    deadline: date | None = None,
    keep_deadline: bool = True,
) -> ExpectedList:
    """Make ``schools`` the list of ``period`` (replacing its earlier list, in one transaction).

    ``deadline`` sets the period's deadline; without it an earlier deadline is kept
    (``keep_deadline``) or cleared.
    """
    period = _period(period)
    with store.connect() as s, s.begin():
        replace = deadline is not None or not keep_deadline
        deadline = _period_row(s, period, deadline, replace=replace)
        s.execute(delete(EXPECTED_SCHOOLS).where(EXPECTED_SCHOOLS.c.period == period))
        if schools:
            s.execute(
                insert(EXPECTED_SCHOOLS),
                [
                    {
                        "period": period,
                        "school_code": e.code,
                        "school_name": e.name,
                        "district": e.district,
                        "stage": e.stage,
                        "contact": e.contact,
                    }
                    for e in schools
                ],
            )
        return ExpectedList(period, deadline, tuple(sorted(schools, key=lambda e: e.code)))


def set_deadline(store: OfficeStore, period: str, deadline: date | None) -> None:
    """Set (or with None clear) the deadline of ``period``; the period need not have a list yet."""
    period = _period(period)
    with store.connect() as s, s.begin():
        _period_row(s, period, deadline, replace=True)


def _period_row(s: Connection, period: str, deadline: date | None, *, replace: bool) -> date | None:
    """Give ``period`` its row (with ``deadline``), or set the deadline of its row when
    ``replace``; the deadline it holds now."""
    periods = EXPECTED_PERIODS.c
    found = s.execute(select(periods.deadline).where(periods.period == period)).first()
    if found is None:
        s.execute(insert(EXPECTED_PERIODS).values(period=period, deadline=deadline))
    elif replace:
        s.execute(
            update(EXPECTED_PERIODS).where(periods.period == period).values(deadline=deadline)
        )
    else:
        kept: date | None = found[0]
        return kept
    return deadline


def remove_school_list(store: OfficeStore, period: str) -> int:
    """Forget ``period``'s list and deadline; the number of schools that were on it."""
    with store.connect() as s, s.begin():
        count = len(
            s.scalars(
                select(EXPECTED_SCHOOLS.c.school_code).where(EXPECTED_SCHOOLS.c.period == period)
            ).all()
        )
        s.execute(delete(EXPECTED_PERIODS).where(EXPECTED_PERIODS.c.period == period))
        s.execute(delete(EXPECTED_SCHOOLS).where(EXPECTED_SCHOOLS.c.period == period))
    return count


def previous_schools(store: OfficeStore, period: str) -> list[ExpectedEntry]:
    """The schools of an earlier period: its list if it has one, else the schools whose
    valid reports for it are stored (name, district and stage from their latest report)."""
    with store.connect() as s:
        lists = expected_lists(s)
        if period in lists and lists[period].schools:
            return list(lists[period].schools)
        query = (
            select(
                REPORTS.c.school_code, REPORTS.c.school_name, REPORTS.c.district, REPORTS.c.stage
            )
            .join(SUBMISSIONS, SUBMISSIONS.c.id == REPORTS.c.submission_id)
            .where(REPORTS.c.period == period, SUBMISSIONS.c.accepted.is_(True))
            .order_by(REPORTS.c.school_code, SUBMISSIONS.c.signed_at)
        )
        found = {
            code: ExpectedEntry(code, name, district, stage)
            for code, name, district, stage in s.execute(query)
        }
    if not found:
        raise InputError(
            f"汇总数据库中没有检查周期“{period}”的学校名单或报告。",
            f"The aggregation database has no school list or reports for the period '{period}'.",
        )
    return sorted(found.values(), key=lambda e: e.code)


def read_school_list(path: Path) -> list[ExpectedEntry]:
    """The schools in an Excel list (the template's columns, found by their header, Chinese or
    English). Every problem is listed (row, column, value); nothing half-read is returned."""
    from reports.excel.problems import ImportProblem, ImportRejected, file_problem
    from reports.excel.safety import check_xlsx

    path = Path(path)
    if not path.exists():
        raise InputError(f"找不到 {path}。", f"{path} does not exist.")
    require_regular_file(path, "学校名单", "school list")  # a folder, a device, a FIFO
    check_xlsx(path)
    rows = _sheet_rows(path)
    if not rows:
        raise file_problem(f"{path.name} 是空的。", f"{path.name} is empty.")
    sheet, header, body = rows
    columns = _columns(header)
    problems: list[ImportProblem] = []
    if "code" not in columns or "name" not in columns:
        raise file_problem(
            f"{path.name} 的第一行须有“学校代码”和“学校名称”列（请使用名单模板）。",
            f"The first row of {path.name} needs the columns 'School code' and 'School' "
            "(use the list template).",
        )
    entries: dict[str, ExpectedEntry] = {}
    for number, values in body:
        entry, found = _entry(sheet, number, values, columns)
        problems += found
        if entry is None:
            continue
        if entry.code in entries:
            problems.append(
                ImportProblem(
                    sheet,
                    number,
                    "学校代码",
                    entry.code,
                    "学校代码重复",
                    "the school code is repeated",
                )
            )
        entries[entry.code] = entry
    if len(entries) > MAX_LIST_ROWS:
        raise file_problem(
            f"名单超过 {MAX_LIST_ROWS} 所学校。", f"The list has more than {MAX_LIST_ROWS} schools."
        )
    if problems:
        raise ImportRejected(problems)
    if not entries:
        raise file_problem(f"{path.name} 中没有学校。", f"{path.name} lists no school.")
    return sorted(entries.values(), key=lambda e: e.code)


def _sheet_rows(path: Path) -> tuple[str, list[Any], list[tuple[int, list[Any]]]] | None:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if header is None:
            return None
        body = []
        for number, row in enumerate(it, start=2):
            if number > MAX_LIST_ROWS + 2:
                break
            if any(v not in (None, "") for v in row):
                body.append((number, list(row)))
        return ws.title, list(header), body
    finally:
        book.close()


def _columns(header: list[Any]) -> dict[str, int]:
    names: dict[str, str] = {}
    for zh, en, key, _ in LIST_COLUMNS:
        names[zh], names[en.lower()], names[key] = key, key, key
    names["联系方式"] = names["联系人"] = "contact"
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = str(cell or "").strip()
        column = names.get(text) or names.get(text.lower())
        if column and column not in found:
            found[column] = index
    return found


_STAGE_BY_WORD = (
    {zh: code for code, (zh, _) in STAGE.items()}
    | {en.lower(): code for code, (_, en) in STAGE.items()}
    | {code: code for code in STAGE}
)


def _entry(
    sheet: str, number: int, values: list[Any], columns: dict[str, int]
) -> tuple[ExpectedEntry | None, list[Any]]:
    from checklists.answers import SCHOOL_CODE_RE, normalise_school_code, text_problem
    from reports.excel.problems import ImportProblem

    def cell(key: str) -> str:
        index = columns.get(key)
        value = values[index] if index is not None and index < len(values) else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    problems = []
    code, name, stage = normalise_school_code(cell("code")), cell("name"), cell("stage")
    if not SCHOOL_CODE_RE.match(code):
        problems.append(
            ImportProblem(
                sheet,
                number,
                "学校代码",
                code,
                "学校代码应为10位数字",
                "the school code must be 10 digits",
            )
        )
    if not name:
        problems.append(
            ImportProblem(
                sheet, number, "学校名称", "", "缺少学校名称", "the school name is missing"
            )
        )
    for heading, value, limit in (
        ("学校名称", name, limits.MAX_NAME_LENGTH),
        ("镇街", cell("district"), limits.MAX_SHORT_TEXT),
        ("联系人及电话", cell("contact"), limits.MAX_SHORT_TEXT),
    ):  # the answers document's limits, so the list and the reports agree on a school
        problem = text_problem(value, limit)
        if problem is not None:
            shown = "".join(c if c.isprintable() else "?" for c in value[:40])
            problems.append(ImportProblem(sheet, number, heading, shown, *problem))
    stage_code = _STAGE_BY_WORD.get(stage) or _STAGE_BY_WORD.get(stage.lower(), "")
    if stage and not stage_code:
        problems.append(ImportProblem(sheet, number, "学段", stage, "未知的学段", "unknown stage"))
    if problems:
        return None, problems
    return ExpectedEntry(code, name, cell("district"), stage_code, cell("contact")), []


def write_list_template(out: Path, lang: str = "zh", schools: Sequence[ExpectedEntry] = ()) -> Path:
    """An Excel school list with the template's header (and ``schools``, if given)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from reports.excel.sheets import save_atomically

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "学校名单" if lang != "en" else "School list"
    ws.append([en if lang == "en" else zh for zh, en, _, _ in LIST_COLUMNS])
    for index, (_, _, _, width) in enumerate(LIST_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        ws.cell(1, index).font = Font(bold=True)
        ws.cell(1, index).fill = PatternFill("solid", fgColor="DDE6F0")
    for e in schools:
        stage = STAGE.get(e.stage)
        ws.append(
            [
                e.code,
                e.name,
                e.district,
                (stage[1] if lang == "en" else stage[0]) if stage else "",
                e.contact,
            ]
        )
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"  # a code is text: Excel must not drop leading zeros
    ws.freeze_panes = "A2"
    save_atomically(book, Path(out))
    return Path(out)


def parse_deadline(text: str) -> date:
    """A deadline given as YYYY-MM-DD, or an InputError."""
    from checklists.answers import parse_iso_date

    found = parse_iso_date(text)
    if found is None:
        raise InputError(
            f"截止日期应为 YYYY-MM-DD：{text}", f"The deadline must be YYYY-MM-DD: {text}"
        )
    return found


def _period(period: str) -> str:
    from checklists.answers import text_problem  # the answers' parser: not for a summary

    period = period.strip()
    if not period:
        raise InputError(
            "请给出检查周期（例如 2021年秋季学期）。", "Give a period (e.g. 2021年秋季学期)."
        )
    problem = text_problem(period, limits.MAX_SHORT_TEXT)  # as in the answers document
    if problem is not None:
        raise InputError(f"检查周期：{problem[0]}", f"The period: {problem[1]}")
    return period
