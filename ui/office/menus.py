"""OfficeMenus: the office window's menu bar — file (folder, school list, prune, export),
settings (trust list, language) and help (the office guide)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ui.shell.i18n import current_language, install_language
from ui.shell.operation_runner import run_op

if TYPE_CHECKING:
    from ui.office.window import OfficeWindow

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "office-guide.md"
_MAX_LISTED = 30  # files named in the prune question; the rest are counted


class OfficeMenus(QObject):
    """Builds and retranslates the window's menus; every action calls one core operation."""

    def __init__(self, window: OfficeWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        self.file_menu, self.settings_menu, self.help_menu = QMenu(bar), QMenu(bar), QMenu(bar)
        for menu in (self.file_menu, self.settings_menu, self.help_menu):
            bar.addMenu(menu)
        self.choose = self._add(self.file_menu, window.choose_folder, QKeySequence.StandardKey.Open)
        self.whole = self._add(self.file_menu, window.show_whole_store)
        self.file_menu.addSeparator()
        self.import_list = self._add(self.file_menu, self.import_school_list)
        self.template = self._add(self.file_menu, self.save_list_template)
        self.prune = self._add(self.file_menu, self.prune_gone)
        self.file_menu.addSeparator()
        self.export = self._add(self.file_menu, window.export_summary)
        self.close = self._add(self.file_menu, window.close, QKeySequence.StandardKey.Close)
        self.trust = self._add(self.settings_menu, self.show_trust_list)
        self.language_menu = self.settings_menu.addMenu("")
        self.languages = QActionGroup(self)
        for lang in ("zh", "en"):
            action = QAction(self.language_menu, checkable=True)
            action.setData(lang)
            action.setChecked(current_language() == lang)
            action.triggered.connect(lambda _=False, chosen=lang: self.set_language(chosen))
            self.languages.addAction(action)
            self.language_menu.addAction(action)
        self.guide = self._add(
            self.help_menu, self.show_guide, QKeySequence.StandardKey.HelpContents
        )
        self.retranslate_ui()

    def _add(
        self,
        menu: QMenu,
        slot: Callable[[], object],
        keys: QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = menu.addAction("")
        action.triggered.connect(lambda _=False: slot())
        if keys is not None:
            action.setShortcut(keys)
        return action

    def retranslate_ui(self) -> None:
        """Every menu text in the current language."""
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.settings_menu.setTitle(self.tr("设置(&S)"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.choose.setText(self.tr("选择文件夹并汇总…"))
        self.whole.setText(self.tr("汇总数据库中的全部报告"))
        self.import_list.setText(self.tr("导入应报学校名单…"))
        self.template.setText(self.tr("保存名单模板…"))
        self.prune.setText(self.tr("清理已删除的文件…"))
        self.export.setText(self.tr("导出汇总表…"))
        self.close.setText(self.tr("关闭"))
        self.trust.setText(self.tr("信任列表…"))
        self.language_menu.setTitle(self.tr("语言"))
        for action in self.languages.actions():
            action.setText("中文" if action.data() == "zh" else "English")
            action.setChecked(action.data() == current_language())
        self.guide.setText(self.tr("督导室使用指南"))

    # --- actions ----------------------------------------------------------------------------

    @Slot()
    def import_school_list(self) -> None:
        """Ask for a list file, its period and deadline, and store it as that period's list."""
        from reports.aggregate import open_store
        from reports.aggregate.expected import ExpectedList, read_school_list, set_school_list
        from ui.office.school_list_dialog import SchoolListDialog

        w = self.window
        periods = sorted({s.period for s in w.summary.schools}) if w.summary else []
        dialog = SchoolListDialog(periods, w)
        if not dialog.exec():
            return

        def store_list() -> ExpectedList:
            schools = read_school_list(dialog.file())
            with open_store(None, data_dir=w.data_dir) as store:
                return set_school_list(store, dialog.period(), schools, deadline=dialog.deadline())

        stored = run_op(w, store_list)
        if stored is None:
            return
        listed = stored.value
        w.statusBar().showMessage(
            self.tr("已导入“%1”的名单：%2 所学校")
            .replace("%1", listed.period)
            .replace("%2", str(len(listed.schools))),
            10000,
        )
        w.refresh()

    @Slot()
    def save_list_template(self) -> None:
        """Save an empty school list to fill in."""
        from reports.aggregate.expected import write_list_template

        w = self.window
        suggested = str((w.folder or Path.home()) / self.tr("应报学校名单.xlsx"))
        chosen, _ = QFileDialog.getSaveFileName(
            w, self.tr("保存名单模板"), suggested, self.tr("Excel 工作簿 (*.xlsx)")
        )
        if chosen:
            run_op(w, lambda: write_list_template(Path(chosen), current_language()))

    @Slot()
    def prune_gone(self) -> list[str]:
        """List the stored files that are gone and, if the office agrees, remove them."""
        from reports.aggregate import open_store
        from reports.aggregate.prune import GoneFile, gone_files, prune_gone

        w = self.window

        def prune() -> list[GoneFile] | None:  # None: nothing to remove, or the office said no
            with open_store(None, data_dir=w.data_dir) as store:
                gone = gone_files(store)
                if not gone:
                    QMessageBox.information(
                        w, self.tr("清理"), self.tr("汇总数据库中的文件都还在。")
                    )
                    return None
                if not self._confirm_prune([g.path for g in gone]):
                    return None
                return prune_gone(store)

        pruned = run_op(w, prune)
        if pruned is None or pruned.value is None:
            return []
        removed = pruned.value
        w.statusBar().showMessage(
            self.tr("已删除 %1 条记录").replace("%1", str(len(removed))), 10000
        )
        w.refresh()
        return [g.path for g in removed]

    def _confirm_prune(self, paths: list[str]) -> bool:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("清理已删除的文件"))
        box.setText(
            self.tr("%1 个已汇总的文件已不在原处。要从汇总数据库中删除这些记录吗？").replace(
                "%1", str(len(paths))
            )
        )
        shown = paths[:_MAX_LISTED]
        more = len(paths) - len(shown)
        box.setDetailedText(
            "\n".join(shown) + (self.tr("\n……另有 %1 个").replace("%1", str(more)) if more else "")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    @Slot()
    def show_trust_list(self) -> None:
        """The trust list of the office's data folder (the settings' trust tab)."""
        from ui.settings_dialog.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.window.data_dir, None, self.window)
        dialog.show_tab("trust")
        dialog.exec()
        self.window.refresh()  # trust may have changed

    def set_language(self, lang: str) -> None:
        """Switch the UI language (remembered); every window retranslates itself."""
        install_language(lang, remember=True)

    @Slot()
    def show_guide(self) -> None:
        """The office guide, with its pictures, in a window of its own."""
        from ui.office.guide_dialog import OfficeGuideDialog

        if not GUIDE.is_file():
            QMessageBox.information(
                self.window, self.tr("督导室使用指南"), self.tr("本程序未附带使用指南文件。")
            )
            return
        OfficeGuideDialog(GUIDE, self.window).exec()
