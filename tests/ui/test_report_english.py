"""The report, signing, verify and settings screens in English: every string has a translation, and no screen or dialog shows Chinese
(data aside: the test's school, people and files have English names)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from checklists.answers import Rectification, School
from tests.ui import report_fixtures
from tests.ui.report_fixtures import PASSPHRASE, tampered_copy
from tests.ui.shell.test_i18n import chinese_left, make_english_school, update_translations
from ui.open_assessment import OpenAssessment
from ui.shell import i18n
from ui.store import Store

# The report screens' fixtures (the autouse ones too) for the tests of this module.
_stop_timers, boxes, files, shown_errors = (
    report_fixtures._stop_timers,
    report_fixtures.boxes,
    report_fixtures.files,
    report_fixtures.shown_errors,
)
identity, opened, signed_pdf = (
    report_fixtures.identity,
    report_fixtures.opened,
    report_fixtures.signed_pdf,
)

REPORT_UI = [
    "ui/shell/menus.py",
    "ui/export",
    "ui/sign",
    "ui/verify",
    "ui/settings_dialog",
    "ui/dashboard",
]


def report_ui_sources() -> list[Path]:
    root = update_translations.ROOT
    found = []
    for name in REPORT_UI:
        path = root / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def test_every_report_ui_string_is_translated(tmp_path: Path) -> None:
    copy = tmp_path / "campus_en.ts"
    shutil.copy(update_translations.TS, copy)
    subprocess.run(
        [
            update_translations._tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *map(str, report_ui_sources()),
            "-ts",
            str(copy),
        ],
        check=True,
        capture_output=True,
    )
    assert update_translations.unfinished(copy) == []


@pytest.fixture
def english():
    i18n.install_language("en")
    yield
    i18n.install_language("zh")


@pytest.fixture
def english_school(store: Store) -> int:
    """The English school with a rectification plan for its first finding."""
    aid = store.call(make_english_school)
    model = OpenAssessment(store, aid)
    first = model.findings()[0]
    model.set_rectification(
        first, Rectification("Install cameras", "Wang Fang", date(2022, 1, 15), "open")
    )
    return aid


@pytest.fixture
def english_identity(store: Store):
    from reports.signing import create_identity

    return create_identity(
        store.data_dir,
        school_name="Riverside Primary School",
        school_code="4419000077",
        signer="Li Ming",
        title="Principal",
        passphrase=PASSPHRASE,
    )


def test_report_screens_in_english(
    qtbot, english, store: Store, english_school: int, english_identity, tmp_path: Path
) -> None:
    from reports.export_ops import SigningRequest, export_report
    from ui.dashboard.dashboard_view import DashboardView
    from ui.export.excel_dialog import ExportExcelDialog
    from ui.export.operations import build_report_bytes
    from ui.export.preview_dialog import PdfPreviewDialog
    from ui.export.progress_dialog import JobProgressDialog
    from ui.settings_dialog.import_identity_dialog import ImportIdentityDialog
    from ui.settings_dialog.settings_dialog import SettingsDialog
    from ui.shell.main_window import MainWindow
    from ui.sign.create_identity_dialog import CreateIdentityDialog
    from ui.sign.sign_dialog import SignDialog
    from ui.verify.verify_dialog import VerifyDialog

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.start()
    window.open_assessment(english_school)
    left: set[str] = set()
    for menu in window.menuBar().findChildren(QMenu):
        left |= chinese_left(menu)
    model = window.assessment
    assert model is not None
    school = School("Riverside Primary School", "4419000077", "primary", 1300, principal="Li Ming")
    built = build_report_bytes(
        store.db,
        english_school,
        now=datetime.now().astimezone(),
        lang="en",
        progress=lambda _s: None,
    )
    widgets = [
        DashboardView(model, today=date(2022, 1, 20)),
        SignDialog(store.data_dir, school),
        CreateIdentityDialog(school),
        ExportExcelDialog(tmp_path / "out.xlsx"),
        PdfPreviewDialog(built.data, tmp_path / "r.pdf", built.report_id),
        JobProgressDialog("Export PDF", [("collect", "Reading")], lambda _p: None),
        ImportIdentityDialog(),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        left |= {f"{type(widget).__name__}: {t}" for t in chinese_left(widget)}
    widgets[4].close()
    settings = SettingsDialog(store.data_dir, window)
    qtbot.addWidget(settings)
    store.db.backup()
    settings.backups.refresh()
    for tab in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(tab)
        found = chinese_left(settings)
        found.discard(
            "QPlainTextEdit#fontLicence: "
        )  # (never: the licence text is the widget's content)
        left |= found
    signed = tmp_path / "signed.pdf"
    # A self-check is signed only when every open item has a written reason (standards.md,
    # "Nothing unchecked passes"); this one is mostly blank.
    from reports.export_ops import open_items_of, record_open_reasons

    reasons: dict[str, dict[str, str]] = {}
    for entry in open_items_of(store.db, english_school):
        reasons.setdefault(entry.checklist, {})[entry.item] = "Not collected for this test"
    record_open_reasons(store.db, english_school, reasons)
    export_report(
        store.db,
        english_school,
        signed,
        now=datetime.now().astimezone(),
        lang="en",
        signing=SigningRequest(english_identity.identity_id, PASSPHRASE),
    )
    for path in (signed, tampered_copy(signed, tmp_path / "tampered.pdf")):
        dialog = VerifyDialog(store.data_dir)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.verified, timeout=60000):
            dialog.verify(path)
        left |= {t for t in chinese_left(dialog) if str(tmp_path) not in t}
    assert left == set()


def test_the_walk_sees_report_ui_chinese(qtbot, store: Store) -> None:
    """The check can fail: in Chinese the settings dialog shows Chinese."""
    from ui.settings_dialog.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store.data_dir)
    qtbot.addWidget(dialog)
    assert any("签名身份" in t for t in chinese_left(dialog))
