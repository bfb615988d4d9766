"""OfficeFilterBar: filter the office's school table by district, status, finding code and text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from reports.aggregate import Summary
from ui.office.models import UNTRUSTED
from ui.shell.i18n import current_language


class OfficeFilterBar(QWidget):
    """Three drop-down filters and a search box; the choices come from the current summary.

    Signals:
        changed(): a filter changed; read ``filters()``.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary: Summary | None = None
        self.label = QLabel()
        self.district = QComboBox()
        self.status = QComboBox()
        self.code = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        for combo in (self.district, self.status, self.code):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._emit_changed)
        self.code.setMaximumWidth(420)
        self.search.textChanged.connect(self._emit_changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.district)
        row.addWidget(self.status)
        row.addWidget(self.code, 1)
        row.addWidget(self.search, 1)
        self.retranslate_ui()

    def filters(self) -> dict[str, Any]:
        """The current choices as keyword arguments of OfficeFilterProxy.set_filters."""
        return {
            "district": self.district.currentData(),
            "status": self.status.currentData(),
            "code": self.code.currentData(),
            "text": self.search.text(),
        }

    def set_summary(self, summary: Summary) -> None:
        """Offer the districts and finding codes of ``summary`` (keeping the choices still there)."""
        self._summary = summary
        self._fill_districts()
        self._fill_codes()

    def retranslate_ui(self) -> None:
        """Every text in the current language."""
        self.label.setText(self.tr("筛选："))
        self.district.setAccessibleName(self.tr("按镇街筛选"))
        self.status.setAccessibleName(self.tr("按状态筛选"))
        self.code.setAccessibleName(self.tr("按问题代码筛选"))
        self.search.setPlaceholderText(self.tr("搜索学校名称或代码"))
        self.search.setAccessibleName(self.tr("搜索学校"))
        self._fill(
            self.status,
            [
                (self.tr("全部状态"), None),
                (self.tr("有问题"), "non_compliant"),
                (self.tr("未完成"), "incomplete"),
                (self.tr("无法核对"), "unverified"),
                (self.tr("符合"), "compliant"),
                (self.tr("证书未受信任"), UNTRUSTED),
            ],
        )
        self._fill_districts()
        self._fill_codes()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _fill_districts(self) -> None:
        districts = self._summary.districts if self._summary else []
        choices: list[tuple[str, str | None]] = [(self.tr("全部镇街"), None)]
        choices += [(d or self.tr("（未填镇街）"), d) for d in districts]
        self._fill(self.district, choices)

    def _fill_codes(self) -> None:
        choices: list[tuple[str, str | None]] = [(self.tr("全部问题代码"), None)]
        if self._summary is not None:
            choices += self._code_choices(self._summary)
        self._fill(self.code, choices)

    def _code_choices(self, summary: Summary) -> list[tuple[str, str | None]]:
        """ "title — item · n" per finding code, most schools first (the code in the tooltip)."""
        totals: dict[tuple[str, str], int] = {}
        items: dict[tuple[str, str], str] = {}
        for row in summary.by_code:
            key = (row.checklist, row.code)
            totals[key] = totals.get(key, 0) + row.total
            items.setdefault(key, row.item)
        lang = current_language()
        ordered = sorted(totals, key=lambda k: (-totals[k], k))
        count = self.tr("%1 所")
        return [
            (
                f"{summary.finding_title(c, code, lang)}（{summary.item_label(c, items[(c, code)], lang)}）· "
                + count.replace("%1", str(totals[(c, code)])),
                f"{c}.{code}",
            )
            for c, code in ordered
        ]

    def _fill(self, combo: QComboBox, choices: list[tuple[str, str | None]]) -> None:
        """Replace the choices, keeping the chosen value when it is still offered."""
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in choices:
            combo.addItem(text, value)
            if value is not None and "." in value:  # a finding code: the code as a second name
                combo.setItemData(
                    combo.count() - 1, value.split(".", 1)[1], Qt.ItemDataRole.ToolTipRole
                )
        index = combo.findData(kept) if kept is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if (combo.currentData() or None) != (kept or None):
            self.changed.emit()

    @Slot()
    def _emit_changed(self) -> None:
        self.changed.emit()
