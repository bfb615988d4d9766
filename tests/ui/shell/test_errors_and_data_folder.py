"""Errors in words (never a traceback), the log, and the locked / too new / damaged data folder dialogs."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from checklists.answers import School
from checklists.foundation.errors import InputError
from models.backup import backup_database
from models.database import open_database
from models.ops.school import create_school, list_schools
from ui.dialogs.error_details_dialog import ErrorDetailsDialog
from ui.dialogs.restore_backup_dialog import RestoreBackupDialog
from ui.shell import errors
from ui.shell.data_folder import open_data_folder
from ui.shell.errors import install_excepthook, show_error

T = TypeVar("T")


def test_input_error_in_the_users_words(monkeypatch) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: _record(shown, box))
    show_error(None, InputError("学校代码应为10位数字", "the school code must be 10 digits"))
    assert shown[0].text() == "学校代码应为10位数字"
    assert shown[0].icon() == QMessageBox.Icon.Warning


def test_unexpected_error_is_logged_and_copyable(monkeypatch, data_dir: Path) -> None:
    errors.set_log_dir(data_dir / "logs")
    dialogs: list[ErrorDetailsDialog] = []
    monkeypatch.setattr(ErrorDetailsDialog, "exec", lambda d: _record(dialogs, d))
    try:
        raise ZeroDivisionError("division by zero in a slot")
    except ZeroDivisionError as exc:
        show_error(None, exc)
    dialog = dialogs[0]
    log = (data_dir / "logs" / "campus.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError" in log and "Traceback" in log
    assert all("Traceback" not in label.text() for label in dialog.findChildren(type(dialog.where)))
    assert str(data_dir / "logs" / "campus.log") in dialog.where.text()
    dialog.copy_button.click()
    assert "ZeroDivisionError: division by zero in a slot" in QGuiApplication.clipboard().text()
    assert dialog.copy_button.text() == "已复制"


def test_excepthook_routes_to_show_error(monkeypatch) -> None:
    seen: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: seen.append(exc))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    try:
        raise KeyError("boom")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert isinstance(seen[0], KeyError)


def test_locked_folder_offers_retry(monkeypatch, data_dir: Path) -> None:
    holder = open_database(data_dir)  # another window has the folder
    answers = [QMessageBox.StandardButton.Retry, QMessageBox.StandardButton.Cancel]
    texts: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        texts.append(box.text())
        if len(texts) == 1:
            holder.close()  # the other window is closed meanwhile
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    database = open_data_folder(data_dir)
    assert database is not None
    assert "已被另一个窗口打开" in texts[0]
    database.close()


def test_locked_folder_cancel_gives_none(monkeypatch, data_dir: Path) -> None:
    holder = open_database(data_dir)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Cancel)
    try:
        assert open_data_folder(data_dir) is None
    finally:
        holder.close()


def test_database_from_a_newer_version(monkeypatch, data_dir: Path) -> None:
    open_database(data_dir).close()
    conn = sqlite3.connect(data_dir / "campus.db")
    conn.execute("UPDATE schema_version SET version = 999")
    conn.commit()
    conn.close()
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: _record(texts, box.text()))
    assert open_data_folder(data_dir) is None
    assert "更新版本" in texts[0] and "999" in texts[0]


def test_damaged_database_restored_from_a_backup(monkeypatch, data_dir: Path) -> None:
    database = open_database(data_dir)
    with database.session() as s, s.begin():
        create_school(s, School("Backup School", "4419000009", "primary", 100))
    database.close()
    backup = backup_database(data_dir)
    (data_dir / "campus.db").write_bytes(b"this is not a database" * 100)
    for side in ("-wal", "-shm"):
        Path(str(data_dir / "campus.db") + side).unlink(missing_ok=True)
    offered: list[RestoreBackupDialog] = []

    def accept(dialog: RestoreBackupDialog) -> int:
        offered.append(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreBackupDialog, "exec", accept)
    restored = open_data_folder(data_dir)
    assert restored is not None
    assert offered[0].chosen() == backup
    assert offered[0].windowTitle() == "数据库已损坏"
    assert offered[0].list.count() == 1
    with restored.session() as s, s.begin():
        assert [school.name for _, school in list_schools(s)] == ["Backup School"]
    restored.close()


def test_damaged_database_not_restored_when_cancelled(monkeypatch, data_dir: Path) -> None:
    open_database(data_dir).close()
    (data_dir / "campus.db").write_bytes(b"garbage" * 500)
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert open_data_folder(data_dir) is None
    assert (data_dir / "campus.db").read_bytes().startswith(b"garbage")


def _record(found: list[T], value: T) -> int:
    """Keep ``value`` and answer as a closed dialog would (0)."""
    found.append(value)
    return 0


def _folder_with_the_sample(data_dir: Path) -> Path:
    """A data folder holding the sample school's self-check, and a backup of it."""
    from ui.shell.demo import import_sample
    from ui.store import Store

    database = open_database(data_dir)
    Store(database, "tester").call(lambda s: import_sample(s, user="tester"))
    database.close()
    return backup_database(data_dir)


def test_a_home_list_that_cannot_be_read_offers_the_backups(
    monkeypatch, qtbot, data_dir: Path
) -> None:
    """A list figure changed outside the app into text crashed the first page (a segfault in
    the table's painting): the start now names the damage and offers the backups."""
    import pytest

    from models.errors import StoredDataDamaged
    from ui.shell.data_folder import offer_restore
    from ui.shell.main_window import MainWindow
    from ui.store import Store

    backup = _folder_with_the_sample(data_dir)
    with sqlite3.connect(data_dir / "campus.db") as conn:
        conn.execute("UPDATE assessments SET progress = 'abc'")
    database = open_database(data_dir)
    window = MainWindow(Store(database, "tester"))
    qtbot.addWidget(window)
    with pytest.raises(StoredDataDamaged, match=r"assessments\.progress") as damaged:
        window.start()
    database.close()
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert not offer_restore(damaged.value, data_dir)  # cancelled: the file stays as it is
    offered: list[RestoreBackupDialog] = []
    monkeypatch.setattr(RestoreBackupDialog, "exec", lambda d: _record(offered, d) or 1)
    assert offer_restore(damaged.value, data_dir)
    assert "assessments.progress" in offered[0].findChild(QLabel).text()
    assert offered[0].chosen() == backup
    database = open_database(data_dir)
    window = MainWindow(Store(database, "tester"))
    qtbot.addWidget(window)
    window.start()
    assert window.page_name == "home" and window.home.table.model().rowCount() == 1
    database.close()


def test_a_last_self_check_that_cannot_be_opened_leaves_the_home_page(
    monkeypatch, qtbot, data_dir: Path
) -> None:
    """The self-check open at the last close has an answer that cannot be read: the start
    shows the problem and the home list (it showed an empty window, or could not start)."""
    from ui.shell import settings
    from ui.shell.main_window import MainWindow
    from ui.store import Store

    _folder_with_the_sample(data_dir)
    with sqlite3.connect(data_dir / "campus.db") as conn:
        conn.execute("UPDATE answers SET value_json = '{bad' WHERE item_id = 'fulltime_guards'")
    settings.set_last_assessment(data_dir, 1)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: _record(shown, box))
    database = open_database(data_dir)
    window = MainWindow(Store(database, "tester"))
    qtbot.addWidget(window)
    window.start()
    assert window.page_name == "home" and window.assessment is None
    assert window.home.table.model().rowCount() == 1
    assert len(shown) == 1 and "JSON" in shown[0].text()
    database.close()
