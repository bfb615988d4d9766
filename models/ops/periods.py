"""Periods: carry a self-check forward to the next period and compare it with the previous one.

Carrying forward copies answers, rosters, evidence references, item notes and the school's
explanations and rectification plans; the new period's findings are then linked to the
previous period's by code and row identity (``checklists.comparison``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from checklists.answers import AnswersDocument
from checklists.comparison import (
    Comparison,
    PreviousPeriod,
    classify,
    document_rows,
    previous_period_of,
)
from checklists.errors import InputError
from checklists.model import Checklist
from models.errors import NotFound
from models.ops.common import as_date, default_user
from models.ops.history import record
from models.tables import Assessment

_TERM_RE = re.compile(r"(\d{4})(\s*年\s*)(春|秋)")
_SHORT_TERM_RE = re.compile(r"(\d{4})(\s*)(春|秋)")
_SCHOOL_YEAR_RE = re.compile(r"(\d{4})\s*[-—–~至]\s*(\d{4})(\s*学年\s*)(第一|第二|上|下)(学期)")
_EN_TERM_RE = re.compile(r"(Autumn|Fall|Spring)(\s+term\s+)(\d{4})", re.IGNORECASE)
_YEAR_RE = re.compile(r"\d{4}")


def _en_term(match: re.Match[str]) -> str:
    season, mid, year = match.group(1), match.group(2), int(match.group(3))
    if season.lower() == "spring":
        return f"Autumn{mid}{year}"
    return f"Spring{mid}{year + 1}"


def _term(match: re.Match[str]) -> str:
    year, sep, season = int(match.group(1)), match.group(2), match.group(3)
    if season == "秋":
        return f"{year + 1}{sep}春"
    return f"{year}{sep}秋"


def _school_year(match: re.Match[str]) -> str:
    start, end, mid, half, tail = (
        int(match.group(1)),
        int(match.group(2)),
        match.group(3),
        match.group(4),
        match.group(5),
    )
    following = {"第一": "第二", "上": "下"}
    if half in following:
        return f"{start}-{end}{mid}{following[half]}{tail}"
    first = "第一" if half == "第二" else "上"
    return f"{start + 1}-{end + 1}{mid}{first}{tail}"


def next_period_name(period: str) -> str:
    """The period after ``period`` in the school calendar, as a proposal people may edit.

    2021年秋季学期 → 2022年春季学期 → 2022年秋季学期; 2021-2022学年第一学期 → 第二学期 →
    2022-2023学年第一学期. A period named by its year only moves on one year; anything else
    is returned unchanged (and starting it again then needs a confirmation).
    """
    text = period.strip()
    for pattern, step in (
        (_SCHOOL_YEAR_RE, _school_year),
        (_TERM_RE, _term),
        (_SHORT_TERM_RE, _term),
        (_EN_TERM_RE, _en_term),
    ):
        if pattern.search(text):
            return pattern.sub(step, text, count=1)
    match = _YEAR_RE.search(text)
    if match:
        return text[: match.start()] + str(int(match.group()) + 1) + text[match.end() :]
    return text


def next_reference_date(reference: date) -> date:
    """The same point of the next term: six months on, the end of the month kept
    (2021-12-31 → 2022-06-30, 2022-01-31 → 2022-07-31, 2022-06-15 → 2022-12-15)."""
    month = reference.month + 6
    year = reference.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    last = calendar.monthrange(year, month)[1]
    at_end = reference.day == calendar.monthrange(reference.year, reference.month)[1]
    return date(year, month, last if at_end else min(reference.day, last))


@dataclass(frozen=True)
class PeriodProposal:
    """What the "new period" dialog proposes: the next period's name and reference date."""

    period: str
    reference_date: date


def propose_next_period(s: Session, assessment_id: int) -> PeriodProposal:
    """The next period after ``assessment_id``'s, from the school calendar."""
    a = _assessment(s, assessment_id)
    return PeriodProposal(next_period_name(a.period), next_reference_date(a.reference_date))


class DuplicatePeriod(InputError):
    """A self-check for this school and period exists already; starting another needs a confirmation."""

    def __init__(self, period: str, existing: list[int]) -> None:
        ids = "、".join(f"#{i}" for i in existing)
        super().__init__(
            f"本校“{period}”已有自查（{ids}）。如确需再建一份，请确认后重试"
            "（命令行加 --allow-duplicate）",
            f"this school already has a self-check for '{period}' ({', '.join(f'#{i}' for i in existing)}); "
            "confirm to start another one (--allow-duplicate on the command line)",
        )
        self.period = period
        self.existing = existing


def same_period(s: Session, school_id: int, period: str) -> list[int]:
    """The assessments of ``school_id`` for ``period`` (spaces ignored), oldest first."""
    wanted = "".join(period.split())
    q = select(Assessment.id, Assessment.period).where(Assessment.school_id == school_id)
    return [i for i, p in s.execute(q.order_by(Assessment.id)) if "".join(p.split()) == wanted]


def check_new_period(s: Session, school_id: int, period: str, *, allow_duplicate: bool) -> None:
    """Refuse a second self-check of the same period unless it was confirmed."""
    existing = same_period(s, school_id, period)
    if existing and not allow_duplicate:
        raise DuplicatePeriod(period.strip(), existing)


def _assessment(s: Session, assessment_id: int) -> Assessment:
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise NotFound(f"自查 #{assessment_id}", f"assessment #{assessment_id}")
    return a


def _carried_document(
    old: AnswersDocument, checklists: dict[str, Checklist], doc: AnswersDocument
) -> AnswersDocument:
    """``doc`` limited to what today's checklists still know (items and finding codes)."""
    values = {
        cl: {i: v for i, v in items.items() if _has_item(checklists[cl], i)}
        for cl, items in old.checklists.items()
        if cl in checklists
    }
    notes = {
        cl: {i: t for i, t in items.items() if _has_item(checklists[cl], i)}
        for cl, items in old.item_notes.items()
        if cl in checklists
    }
    codes = {
        cl: {rule.code for _, _, rule in checklist.rules()} for cl, checklist in checklists.items()
    }
    findings = tuple(
        n for n in old.finding_notes if n.code in codes.get(n.checklist, set())
    )
    return replace(doc, checklists=values, item_notes=notes, finding_notes=findings)


def _has_item(checklist: Checklist, item_id: str) -> bool:
    try:
        checklist.item(item_id)
    except KeyError:
        return False
    return True


def carry_forward(
    s: Session,
    assessment_id: int,
    period: str,
    reference_date: date | str | None = None,
    *,
    user: str | None = None,
    allow_duplicate: bool = False,
    checklists: dict[str, Checklist] | None = None,
) -> int:
    """A new draft for ``period`` that starts from ``assessment_id``: answers, rosters, evidence,
    item notes, finding explanations and rectification plans are copied; the school profile is
    today's and the checklists are today's definitions (values they no longer ask for are left
    behind). ``reference_date`` defaults to the next term's. A second self-check for the same
    period raises DuplicatePeriod unless ``allow_duplicate``. Returns the new assessment id.
    """
    from checklists.answers_doc import DocumentParser, document_to_json
    from checklists.registry import load_checklists
    from models.ops.common import data_dir_of
    from models.ops.exchange import export_document, import_document
    from models.ops.school import get_school

    old_row = _assessment(s, assessment_id)
    name = period.strip() if isinstance(period, str) else ""
    if not name:
        raise InputError("请填写检查周期", "enter the period")
    ref = as_date(reference_date) if reference_date is not None else None
    if ref is None:
        ref = next_reference_date(old_row.reference_date)
    check_new_period(s, old_row.school_id, name, allow_duplicate=allow_duplicate)
    user = default_user(user)
    old = export_document(s, assessment_id)
    available = checklists if checklists is not None else load_checklists(data_dir_of(s))
    fresh = replace(old, school=get_school(s, old_row.school_id), period=name, reference_date=ref)
    fresh = _carried_document(old, available, fresh)
    doc = DocumentParser(available).parse(document_to_json(fresh))
    new_id = import_document(s, doc, user=user, checklists=available)
    record(
        s,
        new_id,
        "carry_forward",
        user=user,
        new={"from": assessment_id, "from_period": old_row.period, "period": name},
    )
    return new_id


def previous_assessment(s: Session, assessment_id: int) -> int | None:
    """The same school's self-check of the period before this one: the latest reference date
    before this one's among other periods, its newest revision. None for a first period."""
    a = _assessment(s, assessment_id)
    q = (
        select(Assessment.id)
        .where(
            Assessment.school_id == a.school_id,
            Assessment.reference_date < a.reference_date,
            Assessment.period != a.period,
        )
        .order_by(
            Assessment.reference_date.desc(), Assessment.revision.desc(), Assessment.id.desc()
        )
        .limit(1)
    )
    return s.scalar(q)


def load_previous_period(
    s: Session, assessment_id: int, previous_id: int | None = None
) -> PreviousPeriod | None:
    """The previous period's findings by identity (``previous_id``, default the same school's
    previous period); None when there is none. Read once; ``classify`` is then cheap."""
    from models.ops.assessments import assessment_checklists
    from models.ops.evaluation import evaluate_assessment
    from models.ops.exchange import export_document

    if previous_id is None:
        previous_id = previous_assessment(s, assessment_id)
    if previous_id is None:
        return None
    if previous_id == assessment_id:
        raise InputError("不能与自身比较", "an assessment cannot be compared with itself")
    return previous_period_of(
        export_document(s, previous_id),
        evaluate_assessment(s, previous_id),
        assessment_checklists(s, previous_id),
        previous_id,
    )


def compare_with_previous(
    s: Session, assessment_id: int, previous_id: int | None = None
) -> Comparison | None:
    """This period's findings against the previous period's (``previous_id``, default the
    previous period of the same school); None when there is no previous period."""
    from models.ops.assessments import assessment_checklists
    from models.ops.evaluation import evaluate_assessment
    from models.ops.exchange import export_document

    previous = load_previous_period(s, assessment_id, previous_id)
    if previous is None:
        return None
    return classify(
        previous,
        evaluate_assessment(s, assessment_id).findings,
        document_rows(export_document(s, assessment_id)),
        assessment_checklists(s, assessment_id),
    )
