"""AboutTab: name, version, purpose, and the licences — the program's, the font's, every component's."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from checklists.foundation import appinfo
from checklists.foundation.licences import licence_text
from ui.settings_dialog.licences import APP_LICENCE, FONT, FONT_SYMBOLS, licences
from ui.settings_dialog.models import LicencesModel
from ui.settings_dialog.widgets import make_table, selected_row
from ui.shell.i18n import current_language


def font_licence_text() -> str:
    """The bundled font's licence files (resources/fonts/LICENSE-*.txt), one after the other."""
    from reports.fonts import FONT_PATH, LICENCE_FILES

    texts = []
    for name in LICENCE_FILES:
        try:
            texts.append((FONT_PATH.parent / name).read_text(encoding="utf-8"))
        except OSError:
            continue
    return ("\n" + "=" * 72 + "\n\n").join(texts)


def app_licence_text() -> str:
    """The program's own LICENSE (beside the code, or in the bundle's root)."""
    for folder in appinfo.pyproject_candidates():
        try:
            return (folder.parent / "LICENSE").read_text(encoding="utf-8")
        except OSError:
            continue
    return ""


def component_licence_text(row: int, name: str) -> str:
    """The licence text of the About box's row ``row`` (0 = the program, the font by name)."""
    if row == 0:
        return app_licence_text()
    if name in (FONT[0], FONT_SYMBOLS[0]):
        return font_licence_text()
    return licence_text(name)


class AboutTab(QWidget):
    """What the program is, its version and every licence it ships under."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = QLabel(self.tr("校园自查") + f"  {appinfo.app_version()}")
        name.setObjectName("pageTitle")
        lead = QLabel(
            self.tr(
                "对照《东莞市教育局2021年工作要点》的学校自查工具：离线使用，数据保存在本机；"
                "报告可数字签名，教育局可核验与汇总。"
            )
        )
        lead.setWordWrap(True)
        own = QLabel(
            self.tr("本程序以 %1 许可证发布。所用组件及其许可证：").replace("%1", APP_LICENCE)
        )
        own.setWordWrap(True)
        self.model = LicencesModel(self)
        self.model.set_rows(licences(current_language()))
        self.table = make_table(self.model, "licencesTable", 2)
        text_title = QLabel(self.tr("所选组件的许可证全文（在上表中选择一行）："))
        text_title.setWordWrap(True)
        self.licence_view = QPlainTextEdit()
        self.licence_view.setObjectName("licenceText")
        self.licence_view.setReadOnly(True)
        self.licence_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.table.selectRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(name)
        layout.addWidget(lead)
        layout.addWidget(own)
        layout.addWidget(self.table, 3)
        layout.addWidget(text_title)
        layout.addWidget(self.licence_view, 2)

    @Slot()
    def _show_selected(self) -> None:
        row = selected_row(self.table)
        if row < 0:
            return
        name = self.model.index(row, 0).data()
        text = component_licence_text(row, name)
        self.licence_view.setPlainText(
            text or self.tr("此组件未附带许可证文本，许可证名称见上表。")
        )
