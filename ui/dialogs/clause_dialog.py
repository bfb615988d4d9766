"""ClauseDialog: the full text of one clause (第N条) of the work plan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from ui.assessment.plan_text import clause_text
from ui.words import clause_word


class ClauseDialog(QDialog):
    """Shows 第N条 of 《东莞市教育局2021年工作要点》 (Chinese original)."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clauseDialog")
        self.number = number
        self.setWindowTitle(self.tr("工作要点 %1").replace("%1", clause_word(number)))
        source = QLabel(self.tr("《东莞市教育局2021年工作要点》原文"))
        source.setObjectName("hint")
        self.text = QTextBrowser()
        self.text.setAccessibleName(self.tr("条文"))
        self.text.setPlainText(clause_text(number) or self.tr("（工作要点中没有这一条）"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(source)
        layout.addWidget(self.text)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(560, 340)
