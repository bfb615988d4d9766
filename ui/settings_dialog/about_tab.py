"""AboutTab: name, version, purpose, and the licences — the program's, the font's, the Python packages'."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from checklists import appinfo
from ui.i18n import current_language
from ui.settings_dialog.licences import APP_LICENCE, licences
from ui.settings_dialog.models import LicencesModel
from ui.settings_dialog.widgets import make_table


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


class AboutTab(QWidget):
    """What the program is, its version and every licence it ships under."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = QLabel(self.tr("校园自查") + f"  {appinfo.app_version()}")
        name.setObjectName("pageTitle")
        lead = QLabel(self.tr(
            "对照《东莞市教育局2021年工作要点》的学校自查工具：离线使用，数据保存在本机；"
            "报告可数字签名，教育局可核验与汇总。"))  # fmt: skip
        lead.setWordWrap(True)
        own = QLabel(
            self.tr("本程序以 %1 许可证发布。所用组件及其许可证：").replace("%1", APP_LICENCE)
        )
        own.setWordWrap(True)
        self.model = LicencesModel(self)
        self.model.set_rows(licences(current_language()))
        self.table = make_table(self.model, "licencesTable", 2)
        font_title = QLabel(self.tr("界面与报告所用字体：文泉驿微米黑（子集），许可证全文："))
        font_title.setWordWrap(True)
        self.font_licence = QPlainTextEdit(font_licence_text())
        self.font_licence.setObjectName("fontLicence")
        self.font_licence.setReadOnly(True)
        self.font_licence.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(self)
        layout.addWidget(name)
        layout.addWidget(lead)
        layout.addWidget(own)
        layout.addWidget(self.table, 3)
        layout.addWidget(font_title)
        layout.addWidget(self.font_licence, 2)
