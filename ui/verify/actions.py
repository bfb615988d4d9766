"""验证 PDF…: verify a signed report in a VerifyDialog, from the menu or a PDF dropped on the window."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ui.shell.app_window import AppWindow
from ui.shell.i18n import translate
from ui.verify.verify_dialog import VerifyDialog


def verify_pdf(window: AppWindow, path: Path | None = None) -> VerifyDialog | None:
    """Verify ``path`` (else a chosen file) in a VerifyDialog; returns the dialog."""
    parent = window.window()
    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            parent,
            translate("VerifyActions", "选择要验证的 PDF"),
            "",
            translate("VerifyActions", "PDF 文件 (*.pdf)"),
        )
        if not chosen:
            return None
        path = Path(chosen)
    dialog = VerifyDialog(window.store.data_dir, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.verify(Path(path))
    return dialog


def pdfs_in(paths: Iterable[Path | str]) -> list[Path]:
    """The PDF files among ``paths``."""
    return [Path(p) for p in paths if str(p).lower().endswith(".pdf")]


def accepts_drop(paths: Iterable[Path | str]) -> bool:
    """Whether a drop of ``paths`` is ours (for dragEnterEvent)."""
    return bool(pdfs_in(paths))


def handle_drop(window: AppWindow, paths: Iterable[Path | str]) -> bool:
    """A dropped PDF opens the verify panel; True when the drop was handled."""
    pdfs = pdfs_in(paths)
    if not pdfs:
        return False
    verify_pdf(window, pdfs[0])
    return True
