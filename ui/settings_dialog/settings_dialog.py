"""SettingsDialog: language, data folder, signing identities, trust store, backups, about — one tab each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from checklists.answers import School
from ui.shell.app_window import AppWindow

TABS = ("general", "identities", "trust", "backups", "about")


class SettingsDialog(QDialog):
    """The settings of ``data_dir``. ``window`` (the main window, optional) switches the language,
    backs up through its open database and may restore (``restore_backup``).

    A language switch rebuilds the tabs in the new language, on the same tab.
    """

    def __init__(
        self, data_dir: Path, window: AppWindow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent if parent is not None else window.window() if window else None)
        self.setObjectName("settingsDialog")
        self.data_dir = data_dir
        self.window_ = window
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self._rebuild_timer = QTimer(
            self
        )  # a child: it dies with the dialog, a pending rebuild too
        self._rebuild_timer.setSingleShot(True)
        self._rebuild_timer.setInterval(0)
        self._rebuild_timer.timeout.connect(self._rebuild)
        self._built = False  # a language change before the first build needs no rebuild
        self._build()
        self._built = True
        self.resize(820, 620)

    def _build(self, tab: int = 0) -> None:
        from ui.settings_dialog.about_tab import AboutTab
        from ui.settings_dialog.backups_tab import BackupsTab
        from ui.settings_dialog.general_tab import GeneralTab
        from ui.settings_dialog.identities_tab import IdentitiesTab
        from ui.settings_dialog.trust_tab import TrustTab

        self.setWindowTitle(self.tr("设置"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        while self.tabs.count():
            old = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if old is not None:
                old.deleteLater()
        self.general = GeneralTab(self.data_dir)
        self.general.languageChosen.connect(self._language_chosen)
        self.identities = IdentitiesTab(self.data_dir, self._school)
        self.trust = TrustTab(self.data_dir)
        self.backups = BackupsTab(self.data_dir, self.window_)
        self.about = AboutTab()
        for widget, title in (
            (self.general, self.tr("常规")),
            (self.identities, self.tr("签名身份")),
            (self.trust, self.tr("信任列表")),
            (self.backups, self.tr("备份")),
            (self.about, self.tr("关于")),
        ):
            self.tabs.addTab(widget, title)
        self.tabs.setCurrentIndex(tab)

    def show_tab(self, name: str) -> None:
        """Bring a tab to the front: general, identities, trust, backups or about."""
        self.tabs.setCurrentIndex(TABS.index(name))

    def _school(self) -> School | None:
        from ui.sign.identity_ops import school_of_assessment

        if self.window_ is None:
            return None
        model = self.window_.assessment
        try:
            return school_of_assessment(
                self.window_.store, model.assessment_id if model is not None else None
            )
        except Exception:  # no school yet: the form starts empty
            return None

    @Slot(str)
    def _language_chosen(self, lang: str) -> None:
        from ui.settings_dialog.general_tab import apply_language

        apply_language(self.window_, lang)
        self._schedule_rebuild()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._built:
            self._schedule_rebuild()
        super().changeEvent(event)

    def _schedule_rebuild(self) -> None:
        # Not at once: the combo box that asked for the switch is still in its signal.
        self._rebuild_timer.start()

    @Slot()
    def _rebuild(self) -> None:
        self._build(self.tabs.currentIndex())


def show_settings(window: AppWindow, tab: str = "general") -> None:
    """设置…: the settings of the window's data folder, on ``tab``."""
    dialog = SettingsDialog(window.store.data_dir, window)
    dialog.show_tab(tab)
    dialog.exec()
    dialog.deleteLater()
