"""Words the app screens share: stages, assessment statuses, item states, dates and times.

The words for the engine's codes come from the core's one vocabulary (checklists.terms).
"""

from __future__ import annotations

from datetime import date, datetime

from checklists.terms import (
    ASSESSMENT_STATUS,
    ITEM_STATUS,
    SEVERITY,
    STAGE,
    clause_text,
    term,
)
from ui.shell.i18n import current_language, translate


def stage_text(stage: str) -> str:
    """The name of a school stage (学段) in the UI language."""
    return term(STAGE, stage, current_language())


def assessment_status_text(status: str) -> str:
    """草稿 / 已完成 / 已签名."""
    return term(ASSESSMENT_STATUS, status, current_language())


def item_status_text(status: str) -> str:
    """The verdict on an item in words."""
    return term(ITEM_STATUS, status, current_language())


def skipped_text() -> str:
    """An item an earlier answer made irrelevant."""
    return translate("Words", "不适用（根据前面的回答）")


def severity_word(severity: str) -> str:
    """严重 / 较重 / 一般 (the words of the findings panel)."""
    return term(SEVERITY, severity, current_language())


def clause_word(number: int) -> str:
    """第N条 / item N of the work plan."""
    return clause_text(number, current_language())


def format_date(value: date | None) -> str:
    """A date as people read it: 2021年12月31日 / 2021-12-31."""
    if value is None:
        return ""
    if current_language() == "en":
        return value.isoformat()
    return f"{value.year}年{value.month}月{value.day}日"


def format_time(value: datetime) -> str:
    """hh:mm:ss."""
    return value.strftime("%H:%M:%S")


def format_percent(value: float) -> str:
    """A progress figure: 87% / 87.5%."""
    return f"{value:.0f}%" if float(value).is_integer() else f"{value:.1f}%"
