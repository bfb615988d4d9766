"""Screenshots of the report, signing, verify and settings screens in Chinese and English under test-artifacts/screenshots/ (to look at):
dashboard, sign dialog, PDF preview, verify panel (valid and tampered), settings, export progress."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from tests.conftest import ROOT
from tests.ui import report_fixtures
from tests.ui.report_fixtures import PASSPHRASE, tampered_copy
from ui.shell import i18n

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

SHOTS = ROOT / "test-artifacts" / "screenshots"


def save(qtbot, widget: QWidget, name: str) -> Path:
    qtbot.wait(30)  # layouts settle, pending repaints happen
    image = widget.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert image.save(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)
    }
    assert len(colours) > 5, "blank screenshot"
    return path


@pytest.fixture(params=["zh", "en"])
def lang(request, qapp):
    """The app's style and bundled font in one language; restored afterwards."""
    from ui.shell.style import apply_style, register_fonts

    font, sheet, style = qapp.font(), qapp.styleSheet(), qapp.style().name()
    apply_style(qapp)
    register_fonts()
    i18n.install_language(request.param)
    yield request.param
    i18n.install_language("zh")
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setFont(font)


def seal_png(folder: Path) -> Path:
    """A round red seal with a star, as a school's seal image might look."""
    image = QImage(240, 240, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    red = QColor("#C8102E")
    painter.setPen(QPen(red, 10))
    painter.drawEllipse(QRectF(10, 10, 220, 220))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(red)
    star = [
        QPointF(
            120 + 42 * math.cos(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.4),
            120 + 42 * math.sin(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.4),
        )
        for i in range(10)
    ]
    painter.drawPolygon(star)
    painter.setPen(red)
    painter.setFont(QFont(painter.font().family(), 20, QFont.Weight.Bold))
    painter.drawText(QRectF(20, 160, 200, 40), Qt.AlignmentFlag.AlignCenter, "示例小学")
    painter.end()
    path = folder / "seal.png"
    assert image.save(str(path))
    return path


def sign_on(qtbot, pad) -> None:
    """A signature-like scribble in a few strokes."""
    strokes = [
        [(40 + t * 3, 95 - 28 * math.sin(t / 4.0)) for t in range(0, 36)],
        [(150 + t * 3, 80 + 20 * math.cos(t / 3.0)) for t in range(0, 30)],
        [(250 + t * 4, 100 - t * 1.2 + 10 * math.sin(t / 2.0)) for t in range(0, 28)],
    ]
    for stroke in strokes:
        qtbot.mousePress(
            pad, Qt.MouseButton.LeftButton, pos=QPoint(int(stroke[0][0]), int(stroke[0][1]))
        )
        for x, y in stroke[1:]:
            qtbot.mouseMove(pad, QPoint(int(x), int(y)))
        qtbot.mouseRelease(
            pad, Qt.MouseButton.LeftButton, pos=QPoint(int(stroke[-1][0]), int(stroke[-1][1]))
        )


def test_report_screens(qtbot, lang: str, store, sample_id: int, identity, tmp_path: Path) -> None:
    from reports.export_ops import SigningRequest, export_report
    from ui.dashboard.dashboard_view import DashboardView
    from ui.export.operations import build_report_bytes
    from ui.export.preview_dialog import PdfPreviewDialog
    from ui.export.progress_dialog import JobProgressDialog
    from ui.open_assessment import OpenAssessment
    from ui.settings_dialog.settings_dialog import SettingsDialog
    from ui.sign.identity_ops import school_of_assessment
    from ui.sign.sign_dialog import SignDialog
    from ui.verify.verify_dialog import VerifyDialog

    model = OpenAssessment(store, sample_id)
    view = DashboardView(model, today=date(2022, 1, 20))
    qtbot.addWidget(view)
    view.resize(1366, 860)
    view.show()
    qtbot.waitExposed(view)
    content = view.widget()
    assert content is not None
    content.resize(1366, content.sizeHint().height())
    save(qtbot, content, f"{lang}-report-1-dashboard")

    sign = SignDialog(store.data_dir, school_of_assessment(store, model.assessment_id))
    qtbot.addWidget(sign)
    sign.show()
    qtbot.waitExposed(sign)
    qtbot.keyClicks(sign.passphrase, PASSPHRASE)
    sign.assessor_name.setText(
        "王慧敏" if lang == "zh" else "Wang Huimin"
    )  # (QTest types ASCII only)
    sign.assessor_title.setText("副校长" if lang == "zh" else "Vice principal")
    sign_on(qtbot, sign.pad)
    sign.seal.set_file(seal_png(tmp_path))
    save(qtbot, sign, f"{lang}-report-2-sign-dialog")
    request = sign.request()

    built = build_report_bytes(
        store.db,
        sample_id,
        now=datetime(2021, 12, 31, 16, 0).astimezone(),
        lang=lang,
        progress=lambda _s: None,
    )
    preview = PdfPreviewDialog(built.data, tmp_path / "report.pdf", built.report_id)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(
        lambda: (
            preview.page_shown()
            and all(preview.pages.has_thumbnail(r) for r in range(min(4, preview.page_count())))
        ),
        timeout=60000,
    )
    save(qtbot, preview, f"{lang}-report-3-preview")
    preview.show_page(1)
    preview.fit_width()
    qtbot.waitUntil(preview.page_shown, timeout=60000)
    qtbot.wait(200)
    save(qtbot, preview, f"{lang}-report-3b-preview-summary-page")
    preview.close()

    progress = JobProgressDialog("", [], lambda _p: None)
    progress.setWindowTitle(progress.tr("正在准备…"))
    qtbot.addWidget(progress)

    signed = tmp_path / "signed.pdf"
    export_report(
        store.db,
        sample_id,
        signed,
        now=datetime.now().astimezone(),
        lang=lang,
        signing=SigningRequest(identity.identity_id, PASSPHRASE),
        assessor=request.assessor,
        principal=request.principal,
        signature_image=request.signature_image,
        seal_image=request.seal_image,
    )
    for name, path in (
        ("4-verify-valid", signed),
        ("5-verify-tampered", tampered_copy(signed, tmp_path / "t.pdf")),
    ):
        dialog = VerifyDialog(store.data_dir)
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.verified, timeout=60000):
            dialog.verify(path)
        save(qtbot, dialog, f"{lang}-report-{name}")
        dialog.close()

    signed_preview = PdfPreviewDialog(signed.read_bytes(), tmp_path / "x.pdf")
    qtbot.addWidget(signed_preview)
    signed_preview.show()
    signed_preview.show_page(signed_preview.page_count() - 1)
    signed_preview.fit_width()
    qtbot.waitUntil(signed_preview.page_shown, timeout=60000)
    qtbot.wait(200)
    save(qtbot, signed_preview, f"{lang}-report-6-signature-page")
    signed_preview.close()

    settings = SettingsDialog(store.data_dir)
    qtbot.addWidget(settings)
    store.db.backup()
    settings.backups.refresh()
    settings.show()
    for tab in ("general", "identities", "backups", "about"):
        settings.show_tab(tab)
        save(qtbot, settings, f"{lang}-report-7-settings-{tab}")
