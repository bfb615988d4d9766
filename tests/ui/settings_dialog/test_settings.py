"""The settings dialog: language at once and remembered, data folder for the next start, identities,
trust store, backups (now, restore through the window or at the next start), about."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from models.backup import list_backups
from reports.signing import create_identity, list_identities, list_trusted
from tests.ui.report_fixtures import PASSPHRASE, when_shown
from ui.settings_dialog import prefs
from ui.settings_dialog.import_identity_dialog import ImportIdentityDialog
from ui.settings_dialog.settings_dialog import SettingsDialog
from ui.shell import i18n
from ui.sign.create_identity_dialog import CreateIdentityDialog


@pytest.fixture
def dialog(qtbot, sample_window):
    found = SettingsDialog(sample_window.store.data_dir, sample_window)
    qtbot.addWidget(found)
    found.show()
    return found


def test_language_applies_at_once_and_is_remembered(qtbot, dialog, sample_window) -> None:
    try:
        dialog.show_tab("backups")
        dialog.general.language.setCurrentIndex(1)
        assert i18n.current_language() == "en"
        qtbot.waitUntil(lambda: dialog.tabs.tabText(0) != "常规", timeout=5000)
        assert dialog.tabs.currentIndex() == 3  # still on the same tab
        assert QSettings().value(i18n.SETTINGS_KEY) == "en"
        assert dialog.general.language.currentIndex() == 1
    finally:
        i18n.install_language("zh", remember=True)


def test_data_folder_is_saved_for_the_next_start(
    qtbot, dialog, files, isolated_settings, tmp_path: Path
) -> None:
    chosen = tmp_path / "其他数据"
    chosen.mkdir()
    files.folders.append(chosen)
    general = dialog.general
    assert general.current.text() == str(dialog.data_dir)
    general.change_button.click()
    assert prefs.configured_data_dir() == chosen
    assert general.next_start.text() == str(chosen)
    QSettings().sync()
    assert any(isolated_settings.rglob("*.ini")), "QSettings were written in the test's folder"
    assert QSettings().value(prefs.DATA_DIR_KEY) == str(chosen)  # a fresh QSettings reads it back
    from ui.shell.data_folder import startup_data_dir

    assert startup_data_dir(None) == chosen and startup_data_dir(Path("/x")) == Path("/x")
    general.default_button.click()
    assert prefs.configured_data_dir() is None


def test_identities_create_export_import_delete(
    qtbot, dialog, files, boxes, tmp_path: Path
) -> None:
    tab = dialog.identities
    dialog.show_tab("identities")

    def create(found: CreateIdentityDialog) -> None:
        assert found.school_name.text() == "东莞市南城示例实验小学"
        qtbot.keyClicks(found.passphrase, PASSPHRASE)
        qtbot.keyClicks(found.repeat, PASSPHRASE)
        found.buttons.accepted.emit()

    when_shown(CreateIdentityDialog, create)
    tab.new_button.click()
    assert tab.model.rowCount() == 1
    made = tab.model.identity(0)
    cert = tmp_path / "school"
    files.save.append(cert)
    tab.table.selectRow(0)
    tab.export_button.click()
    assert (tmp_path / "school.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")
    # a .p12 made elsewhere (another data folder) is imported under a new passphrase
    other = tmp_path / "other"
    other.mkdir()
    foreign = create_identity(
        other,
        school_name="Other School",
        school_code="4419000099",
        signer="Wu",
        title="Principal",
        passphrase="other pass 1",
    )
    p12 = next((other / "identities").glob("*.p12"))

    def import_(found: ImportIdentityDialog) -> None:
        found.file.setText(str(p12))
        qtbot.keyClicks(found.passphrase, "other pass 1")
        qtbot.keyClicks(found.new_passphrase, "new pass 12")
        assert not found.buttons.button(found.buttons.StandardButton.Ok).isEnabled()
        qtbot.keyClicks(found.repeat, "new pass 12")
        found.buttons.accepted.emit()

    when_shown(ImportIdentityDialog, import_)
    tab.import_button.click()
    ids = {i.fingerprint_sha256 for i in list_identities(dialog.data_dir)}
    assert ids == {made.fingerprint_sha256, foreign.fingerprint_sha256}
    assert tab.model.rowCount() == 2
    tab.table.selectRow(tab.model.row_of(made.identity_id))
    tab.delete_button.click()
    assert made.fingerprint_sha256[:4].upper() in boxes.questions[-1]
    assert [i.fingerprint_sha256 for i in list_identities(dialog.data_dir)] == [
        foreign.fingerprint_sha256
    ]


def test_trust_store_import_list_remove(qtbot, dialog, files, boxes, tmp_path: Path) -> None:
    from reports.signing import export_certificate

    other = tmp_path / "school"
    other.mkdir()
    made = create_identity(
        other,
        school_name="Riverside Primary",
        school_code="4419000077",
        signer="Li Ming",
        title="Principal",
        passphrase=PASSPHRASE,
    )
    cert = export_certificate(other, made.identity_id, tmp_path / "riverside.cer")
    tab = dialog.trust
    files.open_many.append([cert])
    tab.import_button.click()
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 0).data() == "Riverside Primary"
    assert [t.fingerprint_sha256 for t in list_trusted(dialog.data_dir)] == [
        made.fingerprint_sha256
    ]
    tab.table.selectRow(0)
    tab.remove_button.click()
    assert "Riverside Primary" in boxes.questions[-1]
    assert list_trusted(dialog.data_dir) == [] and tab.model.rowCount() == 0


def test_backup_now_and_restore_at_next_start(qtbot, boxes, sample_window) -> None:
    dialog = SettingsDialog(sample_window.store.data_dir)  # no main window (the office's settings)
    qtbot.addWidget(dialog)
    tab = dialog.backups
    before = len(list_backups(dialog.data_dir))
    tab.backup_button.click()
    assert len(list_backups(dialog.data_dir)) == before + 1 == tab.model.rowCount()
    assert tab.model.index(0, 1).data().endswith(("KB", "MB"))
    newest = tab.model.row_object(0).path
    tab.table.selectRow(0)
    tab.restore_button.click()  # no window to restore now: at the next start
    assert boxes.questions and boxes.notes
    assert prefs.pending_restore(dialog.data_dir) == newest.resolve()
    assert tab.pending.isVisibleTo(tab)
    tab.cancel_pending.click()
    assert prefs.pending_restore(dialog.data_dir) is None


def test_restore_through_the_window_hook(qtbot, dialog, sample_window, monkeypatch) -> None:
    restored: list[Path] = []
    monkeypatch.setattr(sample_window, "restore_backup", restored.append, raising=False)
    dialog.backups.backup_button.click()
    dialog.backups.table.selectRow(0)
    dialog.backups.restore_button.click()
    assert restored == [dialog.backups.model.row_object(0).path]
    assert prefs.pending_restore(dialog.data_dir) is None


def test_pending_restore_is_carried_out_before_opening(qtbot, store, sample_id: int) -> None:
    from models.database import open_database
    from models.ops.assessments import list_assessments
    from ui.shell.demo import import_sample

    backup = store.db.backup()  # one assessment
    store.call(lambda s: import_sample(s, user="t"))  # two
    data_dir = store.data_dir
    store.close()
    prefs.set_pending_restore(data_dir, backup)
    from ui.shell.data_folder import apply_pending_restore

    apply_pending_restore(data_dir)
    assert prefs.pending_restore(data_dir) is None
    db = open_database(data_dir)
    try:
        with db.session() as s:
            assert len(list_assessments(s)) == 1
    finally:
        db.close()


def test_about_shows_version_and_licences(qtbot, dialog) -> None:
    from checklists.foundation.appinfo import app_version

    about = dialog.about
    assert "Apache License" in about.licence_view.toPlainText()  # the program's own, first
    names = [about.model.index(r, 0).data() for r in range(about.model.rowCount())]
    assert (
        "PySide6-Essentials" in names
        and "pypdfium2" in names
        and any("Noto Sans CJK SC" in n for n in names)
        and any("WenQuanYi" in n for n in names)
    )
    versions = {
        about.model.index(r, 0).data(): about.model.index(r, 1).data()
        for r in range(about.model.rowCount())
    }
    assert versions["校园自查"] == app_version()


def test_about_shows_the_text_of_each_selected_licence(qtbot, dialog) -> None:
    about = dialog.about
    rows = {about.model.index(r, 0).data(): r for r in range(about.model.rowCount())}
    expected = {
        "PySide6-Essentials": "GNU LESSER GENERAL PUBLIC LICENSE",
        "SQLAlchemy": "MIT",
        "Python": "PYTHON SOFTWARE FOUNDATION LICENSE",
        "cryptography": "Apache",
    }
    for name, words in expected.items():
        about.table.selectRow(rows[name])
        assert words in about.licence_view.toPlainText(), name
    font = next(n for n in rows if "Noto Sans CJK" in n)
    about.table.selectRow(rows[font])
    assert "SIL OPEN FONT LICENSE" in about.licence_view.toPlainText()
    licences = {
        about.model.index(r, 0).data(): about.model.index(r, 2).data()
        for r in range(about.model.rowCount())
    }
    assert licences["PySide6-Essentials"] == "LGPL-3.0-only"


def test_restore_into_the_running_window(
    qtbot, sample_window, sample_id: int, shown_errors
) -> None:
    from models.ops.assessments import list_assessments
    from ui.shell.demo import import_sample

    window = sample_window
    backup = window.store.db.backup()  # one assessment
    window.store.call(lambda s: import_sample(s, user="t"))  # two
    window.open_assessment(sample_id)
    dialog = SettingsDialog(window.store.data_dir, window)
    qtbot.addWidget(dialog)
    tab = dialog.backups
    tab.refresh()
    tab.table.selectRow(
        next(r for r in range(tab.model.rowCount()) if tab.model.row_object(r).path == backup)
    )
    try:
        tab.restore_button.click()
        assert shown_errors == []
        assert len(window.store.call(list_assessments)) == 1
        assert window.page_name in ("home", "assessment")
        assert any(
            p.name != backup.name for p in list_backups(dialog.data_dir)
        )  # the data before, kept
    finally:
        window.store.close()


def test_replacing_a_schools_certificate_is_asked_and_recorded(
    qtbot, dialog, files, boxes, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from reports.signing import export_certificate
    from reports.signing.trust import trust_log

    certs = []
    for n in range(2):
        folder = tmp_path / f"school{n}"
        made = create_identity(
            folder,
            school_name="Riverside Primary",
            school_code="4419000077",
            signer=f"Li {n}",
            title="Principal",
            passphrase=PASSPHRASE,
        )
        certs.append((made, export_certificate(folder, made.identity_id, tmp_path / f"{n}.cer")))
    tab = dialog.trust
    files.open_many.append([certs[0][1]])
    tab.import_button.click()
    boxes.answer = QMessageBox.StandardButton.No
    files.open_many.append([certs[1][1]])
    tab.import_button.click()  # asked, declined: nothing changes
    assert "4419000077" in boxes.questions[-1]
    assert [t.fingerprint_sha256 for t in list_trusted(dialog.data_dir)] == [
        certs[0][0].fingerprint_sha256
    ]
    boxes.answer = QMessageBox.StandardButton.Yes
    files.open_many.append([certs[1][1]])
    tab.import_button.click()
    assert [t.fingerprint_sha256 for t in list_trusted(dialog.data_dir)] == [
        certs[1][0].fingerprint_sha256
    ]
    assert [e["action"] for e in trust_log(dialog.data_dir)] == ["add", "replace"]
