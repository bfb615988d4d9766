"""GeneralTab: the language (applies at once) and the data folder (applies at the next start)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.settings_dialog.prefs import configured_data_dir, set_data_dir
from ui.settings_dialog.widgets import note
from ui.shell.app_window import AppWindow
from ui.shell.i18n import current_language, install_language


class GeneralTab(QWidget):
    """Language and data folder.

    Signals:
        languageChosen(str lang): "zh" or "en" was picked (the dialog applies it).
    """

    languageChosen = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code, name in (("zh", "中文"), ("en", "English")):  # each language named in itself
            self.language.addItem(name, code)
        self.language.setCurrentIndex(0 if current_language() == "zh" else 1)
        self.language.currentIndexChanged.connect(self._language_changed)
        language_box = QGroupBox(self.tr("语言"))
        form = QFormLayout(language_box)
        form.addRow(self.tr("界面语言："), self.language)
        form.addRow("", note(self.tr("立即生效。报告和导出文件使用导出时的界面语言。")))
        layout = QVBoxLayout(self)
        layout.addWidget(language_box)
        layout.addWidget(self._folder_box())
        layout.addStretch(1)

    def _folder_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("数据文件夹"))
        self.current = QLabel(str(self.data_dir))
        self.current.setObjectName("currentDataDir")
        self.current.setWordWrap(True)
        self.next_start = QLabel()
        self.next_start.setObjectName("nextDataDir")
        self.next_start.setWordWrap(True)
        self.change_button = QPushButton(self.tr("更改…"))
        self.change_button.clicked.connect(self.choose_folder)
        self.default_button = QPushButton(self.tr("恢复默认位置"))
        self.default_button.clicked.connect(self.use_default)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        form = QFormLayout(box)
        form.addRow(self.tr("正在使用："), self.current)
        form.addRow(self.tr("下次启动："), self.next_start)
        form.addRow("", buttons)
        form.addRow(
            "",
            note(
                self.tr(
                    "更改后在下次启动时生效；已有数据不会被移动。可以选择空文件夹重新开始，"
                    "或选择另一台电脑复制来的数据文件夹。"
                )
            ),
        )
        self._show_next()
        return box

    def _show_next(self) -> None:
        chosen = configured_data_dir()
        self.next_start.setText(str(chosen) if chosen else self.tr("默认位置"))
        self.default_button.setEnabled(chosen is not None)

    @Slot(int)
    def _language_changed(self, index: int) -> None:
        lang = self.language.itemData(index)
        if lang != current_language():
            self.languageChosen.emit(lang)

    @Slot()
    def choose_folder(self) -> None:
        """Pick the data folder for the next start."""
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("选择数据文件夹"), str(self.data_dir)
        )
        if chosen:
            set_data_dir(Path(chosen))
            self._show_next()

    @Slot()
    def use_default(self) -> None:
        """Back to the default data folder at the next start."""
        set_data_dir(None)
        self._show_next()


def apply_language(window: AppWindow | None, lang: str) -> None:
    """Switch the UI language now: through the window (which rebuilds its pages) when there is one."""
    if window is not None:
        window.set_language(lang)
    else:
        install_language(lang, remember=True)
