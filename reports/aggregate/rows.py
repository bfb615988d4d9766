"""The rows of the office's summary: schools, superseded and rejected files, findings, codes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from checklists.registry import builtin_checklists
from checklists.terms import t
from reports.aggregate.database import OfficeStore, streamed
from reports.aggregate.store import REPORT_FINDINGS
from reports.aggregate.titles import finding_title
from reports.aggregate.words import reasons_text


@dataclass(frozen=True)
class ChecklistCell:
    """One checklist's verdict for one school."""

    status: str
    compliance: float | None
    known: bool
    passed: int = 0
    failed: int = 0
    applicable: int | None = None  # None: a report that predates the progress figures
    done: int | None = None
    open: int | None = None
    version: int | None = None  # the checklist version the report names


@dataclass(frozen=True)
class SchoolRow:
    """The report that counts for one school and period (the latest signed one)."""

    submission_id: int
    school_name: str
    school_code: str
    district: str
    stage: str
    enrollment: int
    period: str
    report_id: str
    signer: str | None
    signer_school: str | None
    signer_school_code: str | None
    signed_at: datetime | None  # naive UTC
    trusted: bool
    path: str
    sha256: str
    checklists: Mapping[str, ChecklistCell] = field(default_factory=dict)
    by_severity: Mapping[str, int] = field(default_factory=dict)
    findings: int = 0
    codes: tuple[str, ...] = ()  # "checklist.code" of every finding code
    superseded: int = 0
    received_at: datetime | None = None  # naive UTC: the office's first receipt for the period
    copies: int = 0  # other files of the very same signed report
    rectification: Mapping[str, int] = field(default_factory=dict)  # rect status → codes
    overdue: int = 0  # finding codes whose rectification is overdue
    revision: int | None = None  # the school store's revision number the report embeds

    @property
    def missing_checklists(self) -> tuple[str, ...]:
        """The built-in checklists the report does not include (in the registry's order)."""
        return tuple(c for c in builtin_checklists() if c not in self.checklists)

    @property
    def unknown_versions(self) -> tuple[str, ...]:
        """The report's checklists in a version this program does not know (not re-evaluated:
        their figures are only the school's word)."""
        return tuple(c for c, cell in self.checklists.items() if not cell.known)

    @property
    def compliance(self) -> float | None:
        """符合率 of the whole report (checklists.results.Figures): passed of judged over every
        checklist, in % with one decimal; None when nothing is judged, or when a checklist is
        in a version this program does not know (it cannot vouch for the figure)."""
        if self.unknown_versions:
            return None
        passed = sum(c.passed for c in self.checklists.values())
        judged = passed + sum(c.failed for c in self.checklists.values())
        return round(100.0 * passed / judged, 1) if judged else None

    @property
    def progress(self) -> float | None:
        """Progress of the whole report in % (done of applicable); None for a report that
        predates the figures."""
        cells = list(self.checklists.values())
        if not cells or any(c.applicable is None or c.done is None for c in cells):
            return None
        total = sum(c.applicable or 0 for c in cells)
        done = sum(c.done or 0 for c in cells)
        return round(100.0 * done / total, 1) if total else 100.0

    @property
    def open_items(self) -> int | None:
        """Items still open in the report (None for a report that predates the figures)."""
        cells = list(self.checklists.values())
        if not cells or any(c.open is None for c in cells):
            return None
        return sum(c.open or 0 for c in cells)

    @property
    def status(self) -> str:
        """non_compliant with any finding; else incomplete if a checklist is, or a built-in
        checklist is not in the report; else unverified if a checklist is in a version this
        program does not know; else compliant."""
        if self.findings:
            return "non_compliant"
        if self.missing_checklists or any(
            c.status == "incomplete" for c in self.checklists.values()
        ):
            return "incomplete"
        if self.unknown_versions:
            return "unverified"
        return "compliant"

    def report_label(self, lang: str) -> str:
        """The report id with its revision (amendments keep the id): "…-e7ba98d2 修订2"."""
        return report_label(self.report_id, self.revision, lang)

    def notes(self, lang: str) -> str:
        """Remarks for the office: a certificate issued to another school, built-in checklists
        the report leaves out, checklist versions this program does not know."""
        gap = " " if lang == "en" else ""
        return gap.join(self.note_list(lang))

    def note_list(self, lang: str) -> list[str]:
        """The remarks of ``notes`` one by one."""
        out = []
        own = self.signer_school_code
        if own and own != self.school_code:
            out.append(
                t(
                    lang,
                    f"签名证书属于学校代码 {own}，与报告学校代码不一致。",
                    f"The signing certificate belongs to school code {own}, not the report's.",
                )
            )
        if self.missing_checklists:
            out.append(missing_checklists_note(self.missing_checklists, lang))
        if self.unknown_versions:
            shown = [
                f"{checklist_title(c, lang)} v{self.checklists[c].version}"
                for c in self.unknown_versions
            ]
            out.append(
                t(
                    lang,
                    f"清单版本未知：{'、'.join(shown)}（无法核对，未计入符合率）。",
                    f"Unknown checklist version: {', '.join(shown)} (cannot be checked, not"
                    " counted in the compliance).",
                )
            )
        return out


@dataclass(frozen=True)
class SupersededRow:
    """A valid report replaced by a later signed one of the same school and period, or
    (``copy``) another file of the very same signed report (e.g. other /Contents padding)."""

    school_name: str
    school_code: str
    period: str
    report_id: str
    signed_at: datetime | None
    path: str
    by_report_id: str
    by_signed_at: datetime | None
    by_path: str
    copy: bool = False
    revision: int | None = None
    by_revision: int | None = None

    def report_label(self, lang: str) -> str:
        """The replaced report's id with its revision."""
        return report_label(self.report_id, self.revision, lang)

    def by_report_label(self, lang: str) -> str:
        """The kept report's id with its revision."""
        return report_label(self.by_report_id, self.by_revision, lang)


@dataclass(frozen=True)
class RejectedRow:
    """A file that does not count, with its reason codes (words.REASON_TEXT)."""

    path: str
    reasons: tuple[str, ...]
    detail_zh: str = ""
    detail_en: str = ""
    signer_school: str | None = None

    def reason(self, lang: str) -> str:
        """The reasons as sentences in ``lang``."""
        return reasons_text(self.reasons, lang, t(lang, self.detail_zh, self.detail_en))


@dataclass(frozen=True)
class FindingRow:
    """One finding at one school (and period): checklist, code, item and table row, with the
    school's explanation and rectification of it."""

    school_name: str
    school_code: str
    district: str
    period: str
    checklist: str
    code: str
    severity: str
    count: int
    clauses: tuple[int, ...]
    item: str
    message_zh: str
    message_en: str
    explanations: tuple[str, ...]
    measures: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    due_date: date | None = None
    rect_status: str = ""  # open / in_progress / done; "" when the school planned nothing
    row: int | None = None  # the table row (0-based); None for an item's own finding

    def row_number(self) -> int | None:
        """The table row as people count it (from 1), None for an item's own finding."""
        return None if self.row is None else self.row + 1

    def overdue(self, today: date) -> bool:
        """A rectification due before ``today`` and not done."""
        return self.due_date is not None and self.due_date < today and self.rect_status != "done"


@dataclass(frozen=True)
class ReportingRow:
    """One school's reporting for a period the office expects reports for.

    ``status``: on_time, late (received after the deadline), missing (on the list, no valid
    report), unexpected (a report from a school not on the list).
    """

    period: str
    school_code: str
    school_name: str
    district: str
    stage: str
    contact: str
    status: str
    deadline: date | None
    received_at: datetime | None  # naive UTC


@dataclass(frozen=True)
class DistrictRow:
    """One district in one period: schools, statuses, findings by severity, rectification."""

    period: str
    district: str
    expected: int | None  # None: no school list for the period
    reported: int
    missing: int
    late: int
    by_status: Mapping[str, int]  # compliant / non_compliant / incomplete → schools
    by_severity: Mapping[str, int]  # findings
    findings: int
    rectification: Mapping[str, int]  # open / in_progress / done / none → finding codes
    overdue: int


@dataclass(frozen=True)
class CodeRow:
    """How many schools have one finding code in one period, in total and by district."""

    period: str
    checklist: str
    code: str
    severity: str
    item: str
    clauses: tuple[int, ...]
    total: int
    by_district: Mapping[str, int]


@dataclass
class Summary:
    """Everything the summary workbook, ``--json`` and the office window show."""

    schools: list[SchoolRow]
    superseded: list[SupersededRow]
    rejected: list[RejectedRow]
    by_code: list[CodeRow]
    checklists: list[str]  # checklist ids in column order
    districts: list[str]
    titles: dict[str, tuple[str, str]]  # checklist id → (zh, en)
    overdue: list[FindingRow] = field(default_factory=list)
    reporting: list[ReportingRow] = field(default_factory=list)
    by_district: list[DistrictRow] = field(default_factory=list)
    today: date = field(default_factory=date.today)  # the run date (overdue is judged on it)
    # The fingerprints trusted for the run (which reports compete for a school).
    trusted: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # Where findings() reads from (closed stores reopen on demand); not part of equality.
    store: OfficeStore | None = field(default=None, compare=False, repr=False)

    def findings(self) -> Iterator[FindingRow]:
        """Every finding code of every school, in school order (streamed from the store)."""
        return iter_finding_rows(self)

    def checklist_title(self, checklist: str, lang: str) -> str:
        """A checklist's title in ``lang`` (its id when the app does not know it)."""
        pair = self.titles.get(checklist)
        return t(lang, *pair) if pair else checklist

    def item_label(self, checklist: str, item: str, lang: str) -> str:
        """An item's label in ``lang`` (its id when the app does not know the checklist)."""
        return _item_label(checklist, item, lang)

    def finding_title(self, checklist: str, code: str, lang: str) -> str:
        """A finding code's short title in ``lang`` (the code when the app does not know it)."""
        return finding_title(checklist, code, lang)

    def counts(self) -> dict[str, int]:
        """Schools, valid reports, superseded and rejected files, findings."""
        return {
            "schools": len(self.schools),
            "reports": len(self.schools) + sum(1 for r in self.superseded if not r.copy),
            "superseded": sum(1 for r in self.superseded if not r.copy),
            "rejected": len(self.rejected),
            "findings": sum(s.findings for s in self.schools),
            "copies": sum(1 for r in self.superseded if r.copy),
            "overdue": len(self.overdue),
            "missing": sum(1 for r in self.reporting if r.status == "missing"),
            "late": sum(1 for r in self.reporting if r.status == "late"),
            "unexpected": sum(1 for r in self.reporting if r.status == "unexpected"),
        }


def report_label(report_id: str, revision: int | None, lang: str) -> str:
    """``report_id`` followed by its revision ("修订2" / "rev. 2") when it has one."""
    if not revision:
        return report_id
    return f"{report_id} {t(lang, '修订', 'rev. ')}{revision}"


def checklist_title(checklist: str, lang: str) -> str:
    """A built-in checklist's title in ``lang`` (its id for any other)."""
    known = builtin_checklists().get(checklist)
    return known.title.get(lang) if known is not None else checklist


def missing_checklists_note(missing: tuple[str, ...], lang: str) -> str:
    """The note naming the built-in checklists a report leaves out (未包含：…)."""
    names = [checklist_title(c, lang) for c in missing]
    return t(
        lang,
        f"未包含：{'、'.join(names)}（自查不完整）。",
        f"Not included: {', '.join(names)} (the self-check is incomplete).",
    )


@lru_cache(maxsize=4096)
def _item_label(checklist: str, item: str, lang: str) -> str:
    known = builtin_checklists().get(checklist)
    if known is None or not item:
        return item
    try:
        return known.item(item).label.get(lang)
    except KeyError:
        return item


def checklist_rank(order: list[str]) -> dict[str, int]:
    """Checklist id → its position in ``order`` (the summary's column order)."""
    return {cid: i for i, cid in enumerate(order)}


def iter_finding_rows(
    summary: Summary, chunk: int = 500, *, overdue_only: bool = False
) -> Iterator[FindingRow]:
    """The findings of ``summary``'s schools, in school order, read from its store a few
    hundred schools at a time (so memory does not grow with the number of schools).
    ``overdue_only``: only those whose rectification is overdue on ``summary.today``."""
    for school, row in iter_finding_records(summary, chunk, overdue_only=overdue_only):
        yield _finding_row(school, row)


# The columns of a stored finding as iter_finding_records gives them.
FINDING_RECORD = (
    "submission_id", "checklist", "code", "position", "severity", "count", "clauses", "item",
    "message_zh", "message_en", "explanations", "measures", "owners", "due_date", "rect_status",
    "row_index",
)  # fmt: skip


def iter_finding_records(
    summary: Summary, chunk: int = 500, *, overdue_only: bool = False
) -> Iterator[tuple[SchoolRow, Any]]:
    """:func:`iter_finding_rows` before the rows are made: (school, stored columns in
    FINDING_RECORD's order), for the workbook's tens of thousands of rows."""
    if summary.store is None:
        return
    rank = checklist_rank(summary.checklists)
    t = REPORT_FINDINGS.c
    columns = [getattr(t, name) for name in FINDING_RECORD]
    schools_with = summary.schools
    if overdue_only:
        schools_with = [s for s in summary.schools if s.overdue]
    with summary.store.connect() as connection:
        for start in range(0, len(schools_with), chunk):
            schools = schools_with[start : start + chunk]
            query = select(*columns).where(t.submission_id.in_([s.submission_id for s in schools]))
            if overdue_only:
                query = query.where(t.due_date < summary.today, t.rect_status != "done")
            found: dict[int, list[Any]] = {}
            for row in streamed(connection, query):
                same = found.get(row[0])
                if same is None:
                    found[row[0]] = [row]
                else:
                    same.append(row)
            for school in schools:
                rows = sorted(
                    found.get(school.submission_id, []),
                    key=lambda r: (rank.get(r[1], len(rank)), r[3]),
                )
                for row in rows:
                    yield school, row


def _finding_row(school: SchoolRow, row: Any) -> FindingRow:
    (
        _,
        checklist,
        code,
        _,
        severity,
        count,
        clauses,
        item,
        message_zh,
        message_en,
        explanations,
        measures,
        owners,
        due_date,
        rect_status,
        row_index,
    ) = row
    return FindingRow(
        school_name=school.school_name,
        school_code=school.school_code,
        district=school.district,
        period=school.period,
        checklist=checklist,
        code=code,
        severity=severity,
        count=count,
        clauses=clause_numbers(clauses),
        item=item,
        message_zh=message_zh,
        message_en=message_en,
        explanations=_lines(explanations),
        measures=_lines(measures),
        owners=_lines(owners),
        due_date=due_date,
        rect_status=rect_status,
        row=row_index,
    )


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line for line in (text or "").split("\n") if line)


def joined_lines(text: str | None) -> str:
    """``"\n".join(_lines(text))`` (the text a FindingRow gives back), quickly."""
    if not text:
        return ""
    if "\n" not in text:
        return text
    return "\n".join(_lines(text))


def clause_numbers(text: str) -> tuple[int, ...]:
    """The plan clauses of a stored comma-separated list ("17,75" → (17, 75))."""
    return tuple(int(c) for c in text.split(",") if c.isdigit())
