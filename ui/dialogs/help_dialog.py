"""HelpDialog: the user guide (docs/user-guide.md with its pictures) inside the app, opened at a section."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE = "user-guide.md"
GUIDES = {"zh": GUIDE, "en": "user-guide.en.md"}  # the guide in each UI language


def docs_dir() -> Path:
    """The folder of the guide and its pictures (also inside a PyInstaller bundle)."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent.parent
    return root / "docs"


def guide_path(lang: str) -> Path:
    """The guide in ``lang`` (the Chinese one when there is none in that language)."""
    path = docs_dir() / GUIDES.get(lang, GUIDE)
    return path if path.is_file() else docs_dir() / GUIDE


class HelpDialog(QDialog):
    """The user guide in a QTextBrowser (Markdown, pictures from docs/images), with a find box.

    The guide is the one in the UI language, read again when the language changes.
    Non-modal: it stays open beside the window while the person works.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.resize(860, 680)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        self.find_box = QLineEdit(self)
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.find_box)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.missing)
        layout.addWidget(buttons)
        self.load()
        self.retranslate_ui()

    def load(self) -> bool:
        """Read the guide in the UI language; False (and a message in the dialog) when it is
        not there."""
        from ui.shell.i18n import current_language

        self.lang = current_language()
        path = guide_path(self.lang)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            self.missing.setText(self.tr("找不到使用手册（%1）。").replace("%1", str(path)))
            self.missing.show()
            return False
        self.missing.hide()
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setMarkdown(text)
        self._fit_images(path.parent, 760)
        return True

    def _fit_images(self, folder: Path, width: int) -> None:
        """Screenshots at most ``width`` px wide (they are 1280 px: no sideways scrolling)."""
        from PySide6.QtGui import QImage

        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image_format = fmt.toImageFormat()
                    image = QImage(str(folder / image_format.name()))
                    natural = image.width()
                    if natural > width:
                        image_format.setWidth(width)
                        image_format.setHeight(image.height() * width / natural)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                        )
                        cursor.setCharFormat(image_format)
                it += 1
            block = block.next()

    def show_section(self, heading: str) -> bool:
        """Scroll to the first heading that contains ``heading``; False when there is none."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and heading in block.text():
                self.browser.setTextCursor(QTextCursor(block))
                top = self.browser.document().documentLayout().blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(int(top))  # the heading at the top
                return True
            block = block.next()
        return False

    @Slot()
    def find_next(self) -> None:
        """Find the next place with the text of the find box (from the top when at the end)."""
        text = self.find_box.text().strip()
        if not text:
            return
        if not self.browser.find(text):
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.find(text, QTextDocument.FindFlag(0))

    @Slot(QUrl)
    def _link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())

    def retranslate_ui(self) -> None:
        """Every visible text in the current language (the guide: ``load``)."""
        self.setWindowTitle(self.tr("使用手册"))
        self.find_box.setPlaceholderText(self.tr("在手册中查找（回车查找下一处）"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            from ui.shell.i18n import current_language

            if current_language() != getattr(self, "lang", None):
                self.load()
        super().changeEvent(event)
