"""The words only the office's summary has: rejection reasons, reporting and rectification states,
yes/no, in zh and en (the shared vocabulary is checklists.terms)."""

from __future__ import annotations

from collections.abc import Iterable

from checklists.terms import (
    CHECKLIST_STATUS,
    RECTIFICATION_STATUS,
    t,
    term,
)
from reports.signing.verdict import REASON_TEXT as _SIGNATURE_REASONS

# Rejection reasons beyond the signature's own (reports.signing.verdict.REASON_TEXT).
_REPORT_REASONS: dict[str, tuple[str, str]] = {
    "unreadable": ("无法读取文件。", "The file cannot be read."),
    "too_large": (
        "文件过大，不可能是自查报告。",
        "The file is too large to be a self-check report.",
    ),
    "check_failed": ("检查此文件时出错。", "Checking this file failed."),
    "not_report": (
        "不是本系统生成的自查报告（缺少或无法解读内嵌数据）。",
        "Not a self-check report of this app (its embedded data is missing or unreadable).",
    ),
    "revision_conflict": (
        "同一学校、同一检查周期有两份不同的报告使用了相同的修订号，无法判断哪一份有效。",
        "Two different reports of the same school and period carry the same revision number:"
        " which one counts cannot be decided.",
    ),
    "untrusted_not_counted": (
        "签名证书未受信任，未计入：该校同一检查周期已有受信任证书签署的报告。",
        "The signing certificate is not trusted, so the report is not counted: the school"
        " has a report for the same period signed with a trusted certificate.",
    ),
    "signers_differ": (
        "同一学校、同一检查周期的报告由不同的未受信任证书签署，无法判断哪一份是该校的；"
        "请将该校的证书加入信任列表。",
        "Reports of the same school and period are signed with different untrusted"
        " certificates: which one is the school's cannot be told. Add the school's"
        " certificate to the trust list.",
    ),
}
REASON_TEXT: dict[str, tuple[str, str]] = {**_SIGNATURE_REASONS, **_REPORT_REASONS}

SCHOOL_STATUSES = ("compliant", "non_compliant", "incomplete", "unverified")
# A checklist in a version this program does not know: its figures are the school's word only.
UNVERIFIED: tuple[str, str] = ("无法核对", "Unverified")
SCHOOL_STATUS_WORDS: dict[str, tuple[str, str]] = {**CHECKLIST_STATUS, "unverified": UNVERIFIED}
# Rectification states of a finding code at a school; "none": the school planned nothing.
RECT_STATES = ("open", "in_progress", "done", "none")
RECT_WORDS: dict[str, tuple[str, str]] = {
    **RECTIFICATION_STATUS,
    "none": ("无整改计划", "No plan"),
}
# How a school stands with the office's list for a period.
REPORTING_STATES = ("missing", "late", "unexpected", "on_time")
REPORTING: dict[str, tuple[str, str]] = {
    "missing": ("未报送", "Not reported"),
    "late": ("逾期报送", "Late"),
    "unexpected": ("不在名单内", "Not on the list"),
    "on_time": ("按时报送", "On time"),
}


YES_NO = {True: ("是", "Yes"), False: ("否", "No")}


def yes_no(value: bool, lang: str) -> str:
    """是/否 or Yes/No."""
    return t(lang, *YES_NO[bool(value)])


def reasons_text(codes: Iterable[str], lang: str, detail: str = "") -> str:
    """The sentences for rejection ``codes`` in ``lang``, then ``detail`` when there is one."""
    gap = " " if lang == "en" else ""  # Chinese sentences follow each other without spaces
    return gap.join(
        [*(term(REASON_TEXT, code, lang) for code in codes), *([detail] if detail else [])]
    )
