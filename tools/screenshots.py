"""Screenshots for the user guides, taken from the real widgets offscreen with the sample school.

    .venv/bin/python tools/screenshots.py                   # every shot → docs/images/
    .venv/bin/python tools/screenshots.py --only home findings --out /tmp/shots --lang en

Each shot builds the real window or dialog on a temporary data folder holding the demo sample
(resources/samples/sample_school.json), so the pictures change when the app changes. Nothing
touches the user's own data folder or settings. A shot whose screen the app does not have yet
is reported and skipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

if TYPE_CHECKING:
    from sqlalchemy.orm import Session as SqlSession

    from ui.assessment.assessment_page import AssessmentPage
    from ui.open_assessment import OpenAssessment
    from ui.shell.main_window import MainWindow
    from ui.store import Store

OUT = ROOT / "docs" / "images"
WINDOW_SIZE = QSize(1280, 800)
USER = "screenshots"


class Missing(Exception):
    """The app has no such screen (yet): the shot is skipped."""


@dataclass
class Session:
    """The temporary world of one run: data folders, the main window, the language."""

    temp: Path
    lang: str
    window: MainWindow | None = None  # on the sample's data folder
    office: object = None  # ui.office.OfficeWindow after aggregating generated reports

    def data_dir(self, name: str) -> Path:
        """A data folder inside the temporary folder (created empty)."""
        path = self.temp / name
        path.mkdir(exist_ok=True)
        return path


def settle(ms: int = 120) -> None:
    """Let Qt lay out and paint (events, timers) for ``ms`` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, path: Path) -> None:
    """Grab ``widget`` as it is painted now and write it as PNG."""
    settle()
    if not widget.grab().save(str(path), "PNG"):
        raise RuntimeError(f"could not write {path}")


def _store(data_dir: Path, with_sample: bool) -> Store:
    from models.database import open_database
    from ui.shell.demo import import_sample
    from ui.store import Store

    store = Store(open_database(data_dir, backup_on_open=False), USER)
    if with_sample:
        store.call(lambda s: import_sample(s, user=USER))
    return store


def _window(store: Store) -> MainWindow:
    from ui.shell.main_window import MainWindow

    window = MainWindow(store)
    window.resize(WINDOW_SIZE)
    window.start()
    window.show()
    settle()
    return window


def main_window(session: Session) -> MainWindow:
    """The main window on the sample's data folder (made once per run)."""
    if session.window is None:
        session.window = _window(_store(session.data_dir("sample"), with_sample=True))
    return session.window


def _assessment(session: Session) -> MainWindow:
    window = main_window(session)
    if window.assessment_page is None:
        window.open_assessment(1)
        settle()
    return window


# ---- the shots ---------------------------------------------------------------------------------


def shot_welcome(session: Session, out: Path) -> None:
    """First start on an empty data folder."""
    save(_window(_store(session.data_dir("empty"), with_sample=False)), out)


def shot_school_profile(session: Session, out: Path) -> None:
    """The school profile form of the first start, filled in with the sample school."""
    from checklists.answers_doc import read_answers_file
    from checklists.registry import builtin_checklists
    from ui.shell.demo import SAMPLE_PATH

    window = _window(_store(session.data_dir("profile"), with_sample=False))
    window.show_school_page()
    school = read_answers_file(SAMPLE_PATH, builtin_checklists()).school
    window.school_page.set_school(school)
    save(window, out)


def shot_home(session: Session, out: Path) -> None:
    """The home page: the school and its self-checks."""
    window = main_window(session)
    window.go_home(1)
    save(window, out)


def shot_new_assessment(session: Session, out: Path) -> None:
    """Starting a new self-check: period, reference date, checklists."""
    from datetime import date

    from checklists.registry import load_checklists
    from models.ops.periods import current_term
    from ui.dialogs.new_assessment_dialog import NewAssessmentDialog

    window = main_window(session)
    period, end = current_term(date(2022, 3, 1), session.lang)
    dialog = NewAssessmentDialog(load_checklists(None), period, end, parent=window)
    dialog.show()
    save(dialog, out)
    dialog.close()


def _first_failed_item(window: MainWindow, checklist_id: str) -> str:
    model = _model(window)
    for item in model.result(checklist_id).items:
        if item.status == "fail" and not model.checklists[checklist_id].item(item.item).is_table:
            return str(item.item)
    raise Missing(f"no failed item in {checklist_id}")


def shot_item(session: Session, out: Path) -> None:
    """The assessment page on a failed yes/no item of the safety checklist."""
    window = _assessment(session)
    page = _page(window)
    page.tabs.setCurrentIndex(0)
    page.go_to("safety", _first_failed_item(window, "safety"))
    save(window, out)


def shot_guards_table(session: Session, out: Path) -> None:
    """The guards roster: one row per guard, failing cells marked."""
    window = _assessment(session)
    page = _page(window)
    page.tabs.setCurrentIndex(0)
    page.go_to("guards", "guards")
    save(window, out)


def _roster_with_mistakes(session: Session, path: Path) -> None:
    """The guards template filled with the sample's guards, two cells wrong on purpose."""
    import json

    from openpyxl import load_workbook

    from checklists.registry import builtin_checklists
    from reports.excel.template import write_template
    from ui.shell.demo import SAMPLE_PATH

    write_template(builtin_checklists()["guards"], "guards", path, lang=session.lang)
    guards = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))["checklists"]["guards"]["guards"]
    yes, no = ("是", "否") if session.lang == "zh" else ("yes", "no")
    columns = (
        "name",
        "id_number",
        "birth_date",
        "hire_date",
        "on_guard_post",
        "assessment_date",
        "assessment_passed",
        "licence_no",
    )  # the template's order
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for row, guard in enumerate(guards, start=2):
        for col, key in enumerate(columns, start=1):
            value = guard.get(key)
            sheet.cell(row, col, yes if value is True else no if value is False else value)
    sheet.cell(4, 4, "2017-02-30")  # no such day
    sheet.cell(6, 5, "有时" if session.lang == "zh" else "sometimes")  # not yes/no
    book.save(path)


def shot_import_table(session: Session, out: Path) -> None:
    """Importing the guards roster from Excel: a file with two mistakes, each named by cell."""
    from checklists.registry import builtin_checklists
    from ui.tables.import_dialog import ImportTableDialog

    path = session.temp / ("保安花名册.xlsx" if session.lang == "zh" else "guards.xlsx")
    _roster_with_mistakes(session, path)
    checklist = builtin_checklists()["guards"]
    dialog = ImportTableDialog(checklist, "guards", 12, parent=main_window(session))
    dialog.resize(820, 460)
    dialog.load(path)
    dialog.show()
    save(dialog, out)
    dialog.close()


def shot_findings(session: Session, out: Path) -> None:
    """The findings list with the first finding's explanation and rectification."""
    window = _assessment(session)
    page = _page(window)
    page.show_findings()
    assert page.findings is not None
    page.findings.select_finding(_model(window).findings()[0])
    save(window, out)
    page.tabs.setCurrentIndex(0)


def _next_period(session: Session) -> MainWindow:
    """The sample carried forward to 2022年春季学期, one guard replaced, opened at its findings."""
    from models.ops.revisions import carry_forward
    from models.ops.rows import add_row, delete_row, list_rows

    window = main_window(session)
    store = window.store
    new_id = getattr(session, "next_id", None)
    if new_id is None:

        def make(s: object) -> int:
            aid = carry_forward(s, 1, "2022年春季学期", user=USER)  # type: ignore[arg-type]
            first = list_rows(s, aid, "guards", "guards")[0]  # type: ignore[arg-type]
            delete_row(s, aid, first.id, user=USER)  # type: ignore[arg-type]
            add_row(
                s,
                aid,
                "guards",
                "guards",
                {
                    "name": "赵新",
                    "id_number": "441900196001010024",  # type: ignore[arg-type]
                    "hire_date": "2015-03-01",
                    "on_guard_post": True,
                },
                user=USER,
            )
            return aid

        new_id = store.call(make)
        session.next_id = new_id  # type: ignore[attr-defined]
    window.open_assessment(new_id)
    settle()
    return window


def shot_comparison(session: Session, out: Path) -> None:
    """The next period's findings: 新增 / 重复出现 per finding and the counts line."""
    window = _next_period(session)
    page = _page(window)
    page.show_findings()
    save(window, out)
    page.tabs.setCurrentIndex(0)


def shot_finding_photos(session: Session, out: Path) -> None:
    """A finding with two photos in the finding editor."""
    from models.ops.photos import attach_photo
    from tests.models.photo_helpers import phone_jpeg

    window = _next_period(session)
    model = _model(window)
    finding = next(f for f in model.findings() if f.code == "over_55_on_post")
    if not model.photos(finding.checklist, finding.item, finding.code, finding.row):
        for seed in (1, 2):
            photo = phone_jpeg(1600, 1200, seed=seed)
            name = f"门岗{seed}.jpg" if session.lang == "zh" else f"gate-{seed}.jpg"

            def attach(s: SqlSession, data: bytes = photo, name: str = name) -> object:
                return attach_photo(s, model.assessment_id, finding.checklist, finding.item, data,
                                    name=name, code=finding.code, row=finding.row, user=USER)  # fmt: skip

            window.store.call(attach)
    page = _page(window)
    page.show_findings()
    assert page.findings is not None
    page.findings.select_finding(finding)
    settle()
    page.findings.editor_scroll.ensureWidgetVisible(page.findings.editor.photo_strip)
    save(window, out)
    page.tabs.setCurrentIndex(0)


def shot_help(session: Session, out: Path) -> None:
    """The user guide inside the app, at the guard roster's section."""
    window = main_window(session)
    window.show_guide("学校保安队伍" if session.lang == "zh" else "School security guards")
    dialog = window.help_dialog
    assert dialog is not None
    settle()
    save(dialog, out)
    dialog.close()


def shot_restore_backup(session: Session, out: Path) -> None:
    """What a damaged database looks like to the user: the backups to restore from."""
    from ui.dialogs.restore_backup_dialog import RestoreBackupDialog

    folder = session.data_dir("backups")
    backups = []
    for stamp in ("20211201-083000", "20211215-080512", "20211230-161020"):
        path = folder / f"campus-{stamp}.db"
        path.write_bytes(b"")
        backups.append(path)
    message = QCoreApplication.translate(
        "Screenshots", "数据库文件已损坏，无法打开。可以从下面的备份之一恢复。"
    )
    dialog = RestoreBackupDialog(message, list(reversed(backups)), parent=main_window(session))
    dialog.show()
    save(dialog, out)
    dialog.close()


def wait_until(condition: Callable[[], bool], seconds: float = 120) -> None:
    """Run Qt's events until ``condition()`` holds (or ``seconds`` pass)."""
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        settle(50)


def _office(session: Session) -> object:
    """The office window after aggregating six generated school reports, with a school list
    that also names a school that has not reported (made once per run)."""
    if session.office is not None:
        return session.office
    from reports.aggregate import open_store
    from reports.aggregate.expected import ExpectedEntry, set_school_list
    from tools.make_reports import make_reports
    from ui.office import OfficeWindow

    reports = session.temp / "office-reports"
    make_reports(6, reports, seed=3, workers=1)
    window = OfficeWindow(session.data_dir("office"), workers=1)
    window.resize(WINDOW_SIZE)
    window.show()
    wait_until(lambda: window.worker is None)  # its first read of the (empty) office store
    window.aggregate([reports])
    wait_until(lambda: window.worker is None)
    assert window.summary is not None
    listed = [
        ExpectedEntry(s.school_code, s.school_name, s.district, s.stage)
        for s in window.summary.schools
    ]
    listed.append(
        ExpectedEntry(
            "4419099901", "东莞市高埗示例小学", "高埗镇", "primary", "陈老师 0769-88000000"
        )
    )
    with open_store(None, data_dir=window.data_dir) as store:
        period = window.summary.schools[0].period
        set_school_list(store, period, listed)
    window.refresh()
    wait_until(lambda: window.worker is None)
    session.office = window
    return window


def _office_tab(session: Session, tab: str, out: Path) -> None:
    window = _office(session)
    window.tabs.setCurrentWidget(getattr(window, tab))  # type: ignore[attr-defined]
    save(window, out)  # type: ignore[arg-type]


def shot_office(session: Session, out: Path) -> None:
    """The office's window: the schools after aggregating a folder of signed school reports."""
    _office_tab(session, "schools_tab", out)


def shot_office_overview(session: Session, out: Path) -> None:
    """The overview tab: districts with bars, and who has not reported."""
    _office_tab(session, "overview", out)


def shot_office_overdue(session: Session, out: Path) -> None:
    """The overdue rectification tab."""
    _office_tab(session, "overdue_table", out)


def shot_office_school(session: Session, out: Path) -> None:
    """One school's page: its findings with the school's rectification."""
    window = _office(session)
    summary = window.summary  # type: ignore[attr-defined]
    school = max(summary.schools, key=lambda s: s.overdue)
    dialog = window.open_school(school)  # type: ignore[attr-defined]
    dialog.resize(WINDOW_SIZE)
    save(dialog, out)
    dialog.close()


PASSPHRASE = "screenshots passphrase"
PRINCIPAL = "林思远"  # the sample school's principal


def _identity(session: Session) -> str:
    """A signing identity of the sample school in the sample's data folder (made once)."""
    from reports.signing import create_identity, list_identities

    folder = session.data_dir("sample")
    existing = list_identities(folder)
    if existing:
        return str(existing[0].identity_id)
    identity = create_identity(
        folder,
        school_name="东莞市南城示例实验小学",
        school_code="4419012345",
        signer=PRINCIPAL,
        title="校长",
        passphrase=PASSPHRASE,
    )
    return str(identity.identity_id)


def shot_dashboard(session: Session, out: Path) -> None:
    """The dashboard of the sample's self-check: progress, findings by checklist, what is urgent."""
    from datetime import date

    from ui.dashboard.dashboard_view import DashboardView

    window = _assessment(session)
    view = DashboardView(_model(window), today=date(2022, 1, 20))
    view.resize(WINDOW_SIZE)
    view.show()
    settle()
    content = view.widget()
    assert content is not None
    content.resize(WINDOW_SIZE.width(), content.sizeHint().height())
    save(content, out)
    view.close()


def shot_create_identity(session: Session, out: Path) -> None:
    """Creating the school's signing identity: signer, title, passphrase."""
    from ui.sign.create_identity_dialog import CreateIdentityDialog
    from ui.sign.identity_ops import school_of_assessment

    window = _assessment(session)
    dialog = CreateIdentityDialog(
        school_of_assessment(window.store, _open_id(window)), PRINCIPAL, parent=window
    )
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.show()
    save(dialog, out)
    dialog.close()


def shot_sign(session: Session, out: Path) -> None:
    """The sign dialog: identity, passphrase, the persons who sign the report."""
    from ui.sign.identity_ops import school_of_assessment
    from ui.sign.sign_dialog import SignDialog

    window = _assessment(session)
    _identity(session)
    dialog = SignDialog(
        session.data_dir("sample"),
        school_of_assessment(window.store, _open_id(window)),
        parent=window,
    )
    dialog.passphrase.setText(PASSPHRASE)
    dialog.assessor_name.setText("王慧敏" if session.lang == "zh" else "Wang Huimin")
    dialog.assessor_title.setText("副校长" if session.lang == "zh" else "Vice principal")
    dialog.show()
    save(dialog, out)
    dialog.close()


def shot_preview(session: Session, out: Path) -> None:
    """导出 PDF: the report previewed page by page before it is saved."""
    from datetime import datetime

    from ui.export.operations import build_report_bytes
    from ui.export.preview_dialog import PdfPreviewDialog

    window = _assessment(session)
    built = build_report_bytes(window.store.db, 1, now=datetime(2022, 1, 10, 9, 30).astimezone(),
                               lang=session.lang, progress=lambda _step: None)  # fmt: skip
    dialog = PdfPreviewDialog(
        built.data, session.temp / "report.pdf", built.report_id, parent=window
    )
    dialog.resize(WINDOW_SIZE)
    dialog.show()
    wait_until(
        lambda: (
            dialog.page_shown()
            and all(dialog.pages.has_thumbnail(r) for r in range(min(4, dialog.page_count())))
        ),
        60,
    )
    dialog.show_page(1)
    dialog.fit_width()
    wait_until(dialog.page_shown, 60)
    settle(300)
    save(dialog, out)
    dialog.close()


def _verify_shot(session: Session, pdf: Path, out: Path) -> None:
    from ui.verify.verify_dialog import VerifyDialog

    dialog = VerifyDialog(session.data_dir("office"), main_window(session))
    done: list[object] = []
    dialog.verified.connect(done.append)
    dialog.show()
    dialog.verify(pdf)
    wait_until(lambda: bool(done), 60)
    save(dialog, out)
    dialog.close()


def shot_verify(session: Session, out: Path) -> None:
    """验证 PDF: a signed report checked (signature intact, who signed, the embedded data)."""
    _verify_shot(session, _signed_report(session), out)


def shot_verify_tampered(session: Session, out: Path) -> None:
    """验证 PDF on a copy of the report changed after signing."""
    data = bytearray(_signed_report(session).read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = session.temp / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    _verify_shot(session, tampered, out)


def _settings_shot(session: Session, tab: str, out: Path, data_dir: Path) -> None:
    from ui.settings_dialog.settings_dialog import SettingsDialog

    dialog = SettingsDialog(data_dir, main_window(session))
    dialog.show()
    dialog.show_tab(tab)
    save(dialog, out)
    dialog.close()


def shot_settings_identities(session: Session, out: Path) -> None:
    """设置 → 签名身份: the school's identities, export of the certificate for the office."""
    _identity(session)
    _settings_shot(session, "identities", out, session.data_dir("sample"))


def shot_settings_backups(session: Session, out: Path) -> None:
    """设置 → 备份: the automatic backups, back up now, restore."""
    window = main_window(session)
    window.store.db.backup()
    _settings_shot(session, "backups", out, session.data_dir("sample"))


def shot_settings_trust(session: Session, out: Path) -> None:
    """设置 → 信任列表 of the office, holding the sample school's certificate."""
    from reports.signing import export_certificate, import_trusted_certificate, list_identities

    _signed_report(session)
    folder = session.data_dir("signed")
    identity = list_identities(folder)[0]
    cert = session.temp / "school.pem"
    export_certificate(folder, identity.identity_id, cert)
    office = session.data_dir("office")
    import_trusted_certificate(office, cert.read_bytes())
    _settings_shot(session, "trust", out, office)


def _cli(session: Session, data_dir: Path, *args: str) -> str:
    env = dict(os.environ, CAMPUS_SELFCHECK_LANG=session.lang)
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout


def _pdf_page(pdf: Path, page: int, out: Path) -> None:
    if not shutil.which("pdftoppm"):
        raise Missing("pdftoppm (apt: poppler-utils)")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(out.with_suffix("")),
        ],
        check=True,
    )


def _signed_report(session: Session) -> Path:
    """The sample's report exported and signed through the CLI (a folder of its own: signing
    locks the assessment)."""
    import json

    pdf = session.temp / "signed-report.pdf"
    if pdf.exists():
        return pdf
    folder = session.data_dir("signed")
    passfile = session.temp / "passphrase.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    _cli(session, folder, "import", str(ROOT / "resources" / "samples" / "sample_school.json"))
    created = _cli(
        session,
        folder,
        "identity",
        "create",
        "--school-name",
        "东莞市南城示例实验小学",
        "--school-code",
        "4419012345",
        "--signer",
        PRINCIPAL,
        "--title",
        "校长",
        "--passphrase-file",
        str(passfile),
        "--json",
    )
    identity = json.loads(created)["id"]
    _cli(
        session,
        folder,
        "export-pdf",
        "1",
        "--out",
        str(pdf),
        "--lang",
        session.lang,
        "--sign",
        identity,
        "--passphrase-file",
        str(passfile),
    )
    return pdf


def shot_report_cover(session: Session, out: Path) -> None:
    """The first page of the sample's signed PDF report."""
    _pdf_page(_signed_report(session), 1, out)


def shot_report_signature(session: Session, out: Path) -> None:
    """The last page of the signed report: the signature with the certificate's fingerprint."""
    from pypdf import PdfReader

    pdf = _signed_report(session)
    _pdf_page(pdf, len(PdfReader(pdf).pages), out)


SHOTS: dict[str, Callable[[Session, Path], None]] = {
    "welcome": shot_welcome,
    "school-profile": shot_school_profile,
    "home": shot_home,
    "new-assessment": shot_new_assessment,
    "item": shot_item,
    "guards-table": shot_guards_table,
    "import-table": shot_import_table,
    "findings": shot_findings,
    "dashboard": shot_dashboard,
    "create-identity": shot_create_identity,
    "sign": shot_sign,
    "preview": shot_preview,
    "report-cover": shot_report_cover,
    "report-signature": shot_report_signature,
    "settings-identities": shot_settings_identities,
    "settings-backups": shot_settings_backups,
    "restore-backup": shot_restore_backup,
    "office": shot_office,
    "office-overview": shot_office_overview,
    "office-overdue": shot_office_overdue,
    "office-school": shot_office_school,
    "settings-trust": shot_settings_trust,
    "verify": shot_verify,
    "verify-tampered": shot_verify_tampered,
    "comparison": shot_comparison,
    "finding-photos": shot_finding_photos,
    "help": shot_help,
}


def _isolate_settings(temp: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(temp / "settings"))


def run(names: list[str], out_dir: Path, lang: str) -> tuple[list[Path], list[str]]:
    """Take the named shots into ``out_dir``; returns the files written and the shots skipped."""
    from ui.shell import i18n
    from ui.shell.app import make_application

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="校园自查-") as temp_name:
        temp = Path(temp_name)
        app = make_application()
        _isolate_settings(temp)
        i18n.install_language(lang)
        session = Session(temp, lang)
        suffix = "" if lang == "zh" else f"-{lang}"
        for name in names:
            target = out_dir / f"{name}{suffix}.png"
            try:
                SHOTS[name](session, target)
                written.append(target)
            except (Missing, ImportError, AttributeError) as exc:
                skipped.append(f"{name}: {exc}")
        if session.office is not None:
            session.office.close()  # type: ignore[attr-defined]
        if session.window is not None:
            session.window.close()
            session.window.store.close()
        del app
    return written, skipped


def main(argv: list[str] | None = None) -> int:
    """Command line: which shots, where, in which language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--only", nargs="+", choices=list(SHOTS), default=None)
    args = parser.parse_args(argv)
    written, skipped = run(args.only or list(SHOTS), args.out, args.lang)
    for path in written:
        print(path)
    for note in skipped:
        print(f"skipped {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _open_id(window: MainWindow) -> int | None:
    """The id of the window's open self-check."""
    return window.assessment.assessment_id if window.assessment is not None else None


def _page(window: MainWindow) -> AssessmentPage:
    """The window's assessment page (a self-check is open)."""
    assert window.assessment_page is not None
    return window.assessment_page


def _model(window: MainWindow) -> OpenAssessment:
    """The window's open self-check."""
    assert window.assessment is not None
    return window.assessment
