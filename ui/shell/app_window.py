"""AppWindow: what the menus, their actions and the settings need of the main window.

The menus and the export, sign, verify and settings actions are handed the main window
(ui.shell.main_window.MainWindow). They are typed against this protocol so that they need not
import the window, which imports them to build its menus.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QWidget

from ui.store import Store

if TYPE_CHECKING:  # the window's start opens no self-check
    from ui.open_assessment import OpenAssessment


class AppWindow(Protocol):
    """The main window as its actions see it."""

    @property
    def store(self) -> Store:
        """The open data folder."""
        ...

    @property
    def assessment(self) -> OpenAssessment | None:
        """The open self-check, if any."""
        ...

    @property
    def demo(self) -> bool:
        """Whether the sample school (a temporary copy) is shown."""
        ...

    @property
    def undo_group(self) -> QUndoGroup:
        """The undo stacks of the open self-check (for 撤销 and 重做)."""
        ...

    def window(self) -> QWidget:
        """The window as a widget (QWidget.window()): the parent of the actions' dialogs."""
        ...

    def commit_edits(self) -> None:
        """Save the answer being typed, so that an export holds it."""
        ...

    def show_status(self, text: str) -> None:
        """A short note in the status bar."""
        ...

    def update_title(self) -> None:
        """Show the open self-check (and its state) in the title again."""
        ...

    def open_assessment(self, assessment_id: int) -> None:
        """Open a self-check on the assessment page."""
        ...

    def set_language(self, lang: str) -> None:
        """Switch the UI language now, keeping the open page."""
        ...

    def restore_backup(self, path: Path) -> None:
        """Restore a backup into the open data folder now (the current data is backed up first)."""
        ...

    def close(self) -> bool:
        """Close the window (QWidget.close)."""
        ...

    def go_home(self, select: int | None = None) -> None:
        """Close the open self-check and show the home page."""
        ...

    def new_assessment(self) -> None:
        """Start a new self-check."""
        ...

    def edit_school(self) -> None:
        """Change the school profile."""
        ...

    def open_demo(self) -> None:
        """Show the sample school."""
        ...

    def leave_demo(self) -> None:
        """Back from the sample school to the person's own data."""
        ...

    def focus_search(self) -> None:
        """Put the cursor in the item search of the assessment page."""
        ...

    def jump(self, forward: bool) -> None:
        """Go to the next (or previous) item that needs attention."""
        ...

    def show_guide(self, section: str = "") -> None:
        """The user guide, at ``section`` when given."""
        ...

    def show_data_folder(self) -> None:
        """Say where the data, backups and logs are kept."""
        ...

    def show_about(self) -> None:
        """Name, version and licences."""
        ...
