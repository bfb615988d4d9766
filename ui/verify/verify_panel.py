"""VerifyPanel: the verdict on a signed report — signed, intact, trusted, who and when, and its findings."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reports.signing.verdict import NOTE_REASONS, VerificationResult, reason_text
from ui.shell.i18n import current_language
from ui.sign.identities_model import grouped_fingerprint
from ui.verify.operations import Verification
from ui.verify.summary_model import COL_CHECKLIST, VerifySummaryModel, summary_rows
from ui.words import format_date

# verdict → (background, border, text colour)
VERDICT_COLORS = {
    "trusted": ("#E6F4EA", "#9CCFAA", "#1E5631"),
    "untrusted": ("#FFF4CE", "#E8D48A", "#5C4400"),
    "not_reevaluated": ("#FFF4CE", "#E8D48A", "#5C4400"),
    "unsigned": ("#EEF1F4", "#C5CCD5", "#34404E"),
    "failed": ("#FCE8E6", "#E6A49E", "#A1221B"),
}


def verdict_of(verification: Verification) -> str:
    """trusted / untrusted (intact, but the certificate is not in the trust store) /
    not_reevaluated (trusted, but its results cannot be re-evaluated here) / unsigned / failed."""
    result = verification.result
    if not result.signed:
        return "unsigned"
    if result.ok(require_trust=True):
        return "trusted"
    if result.ok():
        return "not_reevaluated" if result.trusted else "untrusted"
    return "failed"


def format_moment(moment: datetime | None) -> str:
    """A time in local time: 2021年12月31日 16:05 / 2021-12-31 16:05."""
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


class VerifyPanel(QWidget):
    """Shows one Verification; a failed one in red with every reason in words.

    Signals:
        trustRequested(): the person wants to trust the signing certificate (button).
    """

    trustRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyPanel")
        self.verification: Verification | None = None
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.reasons = QLabel()
        self.reasons.setObjectName("reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.summary = VerifySummaryModel(self)
        self.table = QTableView()
        self.table.setObjectName("verifySummary")
        self.table.setModel(self.summary)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_CHECKLIST, QHeaderView.ResizeMode.Stretch
        )
        self.summary_title = QLabel(self.tr("报告内嵌的自查结果"))
        self.summary_title.setObjectName("sectionTitle")
        self.data_check = QLabel()
        self.data_check.setObjectName("dataCheck")
        self.data_check.setWordWrap(True)
        self.trust_button = QPushButton(self.tr("信任此证书…"))
        self.trust_button.setObjectName("trustCertificate")
        self.trust_button.clicked.connect(self.trustRequested)
        self._layout()
        self.clear()

    def _layout(self) -> None:
        facts_frame = QFrame()
        facts_frame.setObjectName("verifyFacts")
        facts_frame.setLayout(self.facts)
        trust_row = QHBoxLayout()
        trust_row.addStretch(1)
        trust_row.addWidget(self.trust_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.reasons)
        layout.addWidget(facts_frame)
        layout.addLayout(trust_row)
        layout.addWidget(self.summary_title)
        layout.addWidget(self.data_check)
        layout.addWidget(self.table, 1)
        self.filler = QWidget()  # takes the spare height while there is no table to show
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.filler, 1)

    def clear(self, text: str = "") -> None:
        """Nothing verified (yet): an optional note such as 正在验证…."""
        self.verification = None
        self._set_verdict("unsigned", text or self.tr("请打开一个 PDF 文件进行验证。"))
        self.reasons.hide()
        self._fill_facts([])
        self.summary.set_rows([])
        self.summary_title.hide()
        self.data_check.hide()
        self.table.hide()
        self.filler.show()
        self.trust_button.setEnabled(False)

    def set_verification(self, verification: Verification, titles: Mapping[str, str]) -> None:
        """Show ``verification``; ``titles`` names the checklists (id → title) in the UI language."""
        self.verification = verification
        result, verdict = verification.result, verdict_of(verification)
        self._set_verdict(verdict, self._headline(verdict))
        self._show_reasons(verdict)
        self._fill_facts(self._fact_rows(verification))
        rows = summary_rows(verification.facts.get("results_summary"), titles)
        self.summary.set_rows(rows)
        self.summary_title.setVisible(bool(rows))
        self.table.setVisible(bool(rows))
        self.filler.setVisible(not rows)
        self._show_data_check(
            verification.facts.get("answers_digest_ok"),
            verification.facts.get("results_digest_ok"),
            verdict,
        )
        self.trust_button.setEnabled(
            verdict == "untrusted"
            and bool(result.fingerprint_sha256)
            and not result.trusted
            and not {"school_mismatch", "no_school_code", "not_the_schools_certificate"}
            & set(result.reasons)
        )

    def _headline(self, verdict: str) -> str:
        return {
            "trusted": self.tr("✔ 签名有效：文件自签署后未被改动，证书受信任。"),
            "untrusted": self.tr(
                "✔ 签名有效，文件自签署后未被改动；但证书不在信任列表中，无法确认是哪所学校签署。"
            ),
            "not_reevaluated": self.tr(
                "✔ 签名有效，证书受信任；但本程序不认识报告所用的检查表版本，无法重新评估其结果。"
            ),
            "unsigned": self.tr("此文件没有数字签名。"),
            "failed": self.tr("✘ 验证未通过：不能相信此文件的内容。"),
        }[verdict]

    def _set_verdict(self, verdict: str, text: str) -> None:
        background, border, color = VERDICT_COLORS[verdict]
        self.verdict.setProperty("verdict", verdict)
        self.verdict.setStyleSheet(
            f"#verdict {{ background: {background}; border: 1px solid {border}; color: {color};"
            " border-radius: 6px; padding: 10px 12px; font-size: 13pt; font-weight: 600; }"
        )
        self.verdict.setText(text)

    def _show_reasons(self, verdict: str) -> None:
        assert self.verification is not None
        lang = current_language()
        said = {
            "unsigned": "unsigned",
            "untrusted": "untrusted",
            "not_reevaluated": "cannot_reevaluate",
        }.get(verdict)  # the headline says it
        codes = [c for c in self.verification.result.reasons if c != said]
        if not codes:
            self.reasons.hide()
            return
        lines = []
        for code in codes:
            color = "#9C4A00" if code in NOTE_REASONS else "#A1221B"
            lines.append(f'<div style="color:{color}">• {_escape(reason_text(code, lang))}</div>')
        self.reasons.setText("".join(lines))
        self.reasons.show()

    def _fact_rows(self, verification: Verification) -> list[tuple[str, str]]:
        result = verification.result
        yes_no = {True: self.tr("是"), False: self.tr("否")}
        rows = [
            (self.tr("文件："), str(verification.path)),
            (self.tr("已签名："), yes_no[result.signed]),
        ]
        if not result.signed:
            return rows
        # A certificate's names are isolated (U+2068 … U+2069): a right-to-left name keeps its
        # own order without pulling the code after it, or the row, into its direction.
        school = _isolated(result.school) if result.school else "—"
        if result.school_code:
            school += (
                f"（{result.school_code}）"
                if current_language() == "zh"
                else f" ({result.school_code})"
            )
        validity = (
            self.tr("%1 至 %2")
            .replace("%1", format_moment(result.cert_not_before))
            .replace("%2", format_moment(result.cert_not_after))
        )
        rows += [
            (self.tr("内容完整："), self._integrity_text(result)),
            (self.tr("证书受信任："), yes_no[result.trusted]),
            (self.tr("签署人："), _isolated(result.signer) if result.signer else "—"),
            (self.tr("学校："), school),
            (self.tr("签署时间："), format_moment(result.signed_at)),
            (self.tr("重新评估："), self._reevaluation_text(result.reevaluation)),
            *self._missing_rows(verification.facts.get("missing_checklists")),
            (self.tr("证书有效期："), validity),
            (
                self.tr("证书指纹："),
                "SHA-256 " + grouped_fingerprint(result.fingerprint_sha256 or ""),
            ),
        ]
        return rows

    def _integrity_text(self, result: VerificationResult) -> str:
        """Yes, no, or cannot tell: a certificate whose names cannot be compared leaves the
        signature itself unchecked, so an unchanged digest proves nothing either way."""
        if _intact(result):
            return self.tr("是，签署后未被改动")
        if "cert_name_unusable" in result.reasons and "tampered" not in result.reasons:
            return self.tr("无法判断（证书中的名称无法比对，签名未能核验）")
        return self.tr("否")

    def _missing_rows(self, missing: list[str] | None) -> list[tuple[str, str]]:
        """A row naming the built-in checklists the report leaves out (none when all are in)."""
        if not missing:
            return []
        from checklists.registry import builtin_checklists

        lang = current_language()
        names = [builtin_checklists()[c].title.get(lang) for c in missing]
        gap = "、" if lang == "zh" else ", "
        return [
            (
                self.tr("未包含的检查表："),
                self.tr("%1（自查不完整）").replace("%1", gap.join(names)),
            )
        ]

    def _reevaluation_text(self, outcome: str | None) -> str:
        return {
            "matched": self.tr("已按内嵌答案重新评估，结果一致"),
            "results_do_not_match_answers": self.tr("已按内嵌答案重新评估，结果不一致"),
            "cannot_reevaluate": self.tr("无法重新评估（检查表版本未知）"),
            "answers_invalid": self.tr("无法重新评估（内嵌答案不符合检查清单）"),
            "report_incomplete": self.tr("无法重新评估（报告不完整）"),
            "report_data_invalid": self.tr("无法重新评估（内嵌数据无效）"),
            "report_format_unknown": self.tr("无法重新评估（报告格式未知）"),
            "not_report": self.tr("不适用（不是自查报告）"),
        }.get(outcome or "", "—")

    def _fill_facts(self, rows: list[tuple[str, str]]) -> None:
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for label, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            # Every value starts at the left, a right-to-left name (a certificate may hold one)
            # too: the facts stay one column to read down.
            shown.setAlignment(
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignAbsolute
                | Qt.AlignmentFlag.AlignVCenter
            )
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if label == self.tr("证书指纹："):
                shown.setObjectName("fingerprint")
                shown.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.facts.addRow(label, shown)

    def _show_data_check(self, answers_ok: object, results_ok: object, verdict: str) -> None:
        """The digests' line under a passing verdict (a mismatch is a reason: the verdict fails,
        and this line is not shown)."""
        if verdict not in ("trusted", "untrusted", "not_reevaluated"):
            self.data_check.hide()
            return
        if answers_ok is True and results_ok is True:
            text, color = self.tr("内嵌的答案与结果数据与报告记录的摘要一致。"), "#1E5631"
        elif answers_ok is False or results_ok is False:
            text, color = self.tr("内嵌的答案数据与报告记录的摘要不一致。"), "#A1221B"
        else:
            text, color = self.tr("报告中没有可核对的内嵌答案数据。"), "#6B7480"
        self.data_check.setStyleSheet(f"#dataCheck {{ color: {color}; }}")
        self.data_check.setText(text)
        self.data_check.show()

    def fact(self, label: str) -> str:
        """The value shown next to ``label`` ("" when absent) — for tests and accessibility."""
        for row in range(self.facts.rowCount()):
            item = self.facts.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.facts.itemAt(row, QFormLayout.ItemRole.FieldRole)
            name = item.widget() if item is not None else None
            value = field.widget() if field is not None else None
            if isinstance(name, QLabel) and isinstance(value, QLabel) and name.text() == label:
                return value.text()
        return ""


def _intact(result: VerificationResult) -> bool:
    """The signed bytes are unchanged and nothing was appended after signing."""
    return result.intact and result.covers_whole_document and not result.modified_after_signing


def _isolated(text: str) -> str:
    """``text`` holding right-to-left letters as a first-strong isolate (shown in its own
    direction, alone) in a row that reads left to right (the mark before it); else as it is."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return text
    return f"\u200e\u2068{text}\u2069"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
