"""Signing from the window: SignDialog with a typed passphrase, drawn signature and seal; the CLI verifies
the file; the assessment locks; a wrong passphrase or a cancel changes nothing; amend opens a new revision."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from models.ops.assessments import get_assessment
from tests.ui.report_fixtures import PASSPHRASE, when_shown
from ui.export.jobs import JobThread
from ui.export.progress_dialog import JobProgressDialog
from ui.sign import actions as sign_actions
from ui.sign.create_identity_dialog import CreateIdentityDialog
from ui.sign.sign_dialog import SignDialog
from ui.sign.signature_pad import SignaturePad


def draw(qtbot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    """One stroke through ``points`` with the mouse."""
    first = QPoint(*points[0])
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=first)
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def seal_file(folder: Path) -> Path:
    """A small red seal PNG."""
    image = QImage(120, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("#C62828"))
    path = folder / "seal.png"
    assert image.save(str(path))
    return path


def image_count(path: Path) -> int:
    return sum(len(page.images) for page in PdfReader(path).pages)


def test_sign_with_typed_passphrase(
    qtbot, opened, identity, files, boxes, cli, tmp_path: Path, shown_errors
) -> None:
    out = tmp_path / "signed.pdf"
    files.save.append(out)
    files.open.append(seal_file(tmp_path))

    def fill(dialog: SignDialog) -> None:
        assert dialog.identity_id() == identity.identity_id
        assert not dialog.sign_button.isEnabled()  # no passphrase yet
        assert dialog.principal_name.text() == "林思远"
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.assessor_title, "Head of safety")
        draw(qtbot, dialog.pad, [(40, 100), (80, 60), (120, 110), (170, 50), (220, 100)])
        dialog.seal.choose_button.click()
        assert dialog.seal.image_bytes() is not None
        assert dialog.sign_button.isEnabled()
        dialog.sign_button.click()

    shown = when_shown(SignDialog, fill)
    assert sign_actions.sign_and_export(opened) == out
    assert shown and shown_errors == []
    verdict = cli("verify", str(out))
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert opened.assessment.read_only
    assert opened.assessment.undo_stack.count() == 0
    assert (
        opened.store.call(lambda s: get_assessment(s, opened.assessment.assessment_id)).status
        == "signed"
    )
    assert opened.assessment_page.banner.isVisibleTo(opened)
    assert boxes.notes and str(out) in boxes.notes[0]
    plain = tmp_path / "plain.pdf"
    from datetime import datetime

    from reports.export_ops import export_report

    export_report(
        opened.store.db, opened.assessment.assessment_id, plain, now=datetime.now().astimezone()
    )
    assert image_count(out) == image_count(plain) + 2  # the drawn signature and the seal
    assert opened.menus is not None
    opened.menus.update(opened.page_name)
    assert not opened.menus.sign.isEnabled()


def test_wrong_passphrase_then_cancel(
    qtbot, opened, identity, files, tmp_path: Path, shown_errors
) -> None:
    out = tmp_path / "never.pdf"
    files.save.append(out)
    showings: list[SignDialog] = []

    def act(dialog: SignDialog) -> None:
        showings.append(dialog)
        if len(showings) == 1:
            qtbot.keyClicks(dialog.passphrase, "not the passphrase")
            dialog.sign_button.click()
        else:
            assert dialog.passphrase.text() == "not the passphrase"
            dialog.reject()

    _watch_every_showing(SignDialog, act)
    assert sign_actions.sign_and_export(opened) is None
    assert len(showings) == 2
    assert len(shown_errors) == 1 and "口令不正确" in shown_errors[0].text("zh")
    assert not out.exists()
    assert not opened.assessment.read_only


def _watch_every_showing(kind, act) -> None:
    """Call ``act`` each time the (same) dialog is shown again."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    state = {"visible": False}
    timer = QTimer()

    def poll() -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found and not state["visible"]:
            state["visible"] = True
            act(found[0])
        elif not found:
            state["visible"] = False

    timer.timeout.connect(poll)
    timer.start(20)
    when_shown.timers.append(timer)  # type: ignore[attr-defined]


def test_cancelled_signing_leaves_no_file_and_no_lock(
    qtbot, opened, identity, files, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "cancelled.pdf"
    files.save.append(out)
    release = threading.Event()
    original = JobThread.progress

    def progress(self, step: str) -> None:
        if step == "sign":  # cancel right at the signing step: after the build, before the file
            self.progressed.emit(step)
            release.wait(60)
        original(self, step)

    monkeypatch.setattr(JobThread, "progress", progress)

    def fill(dialog: SignDialog) -> None:
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        dialog.sign_button.click()

    def cancel(dialog: JobProgressDialog) -> None:
        qtbot.waitUntil(lambda: dialog.bar.value() == 2, timeout=60000)  # the "sign" step
        dialog.cancel_button.click()
        release.set()

    when_shown(SignDialog, fill)
    when_shown(JobProgressDialog, cancel)
    try:
        assert sign_actions.sign_and_export(opened) is None
    finally:
        release.set()
    assert not out.exists()
    assert not opened.assessment.read_only
    assert (
        opened.store.call(lambda s: get_assessment(s, opened.assessment.assessment_id)).status
        != "signed"
    )


def test_new_identity_from_the_sign_dialog(qtbot, opened, files, tmp_path: Path) -> None:
    from reports.signing import list_identities

    def create(dialog: CreateIdentityDialog) -> None:
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert dialog.school_code.text() == "4419012345"
        assert dialog.signer.text() == "林思远"  # the principal of the profile
        qtbot.keyClicks(dialog.passphrase, "short")
        assert not ok.isEnabled() and "太短" in dialog.check.text()
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClicks(dialog.repeat, PASSPHRASE + "x")
        assert not ok.isEnabled() and "不一致" in dialog.check.text()
        dialog.repeat.clear()
        qtbot.keyClicks(dialog.repeat, PASSPHRASE)
        assert ok.isEnabled()
        ok.click()

    def sign(dialog: SignDialog) -> None:
        assert dialog.identity_id() is None
        assert not dialog.sign_button.isEnabled()
        when_shown(CreateIdentityDialog, create)
        dialog.new_button.click()
        assert dialog.identity_id() is not None
        dialog.reject()

    when_shown(SignDialog, sign)
    assert sign_actions.sign_and_export(opened) is None
    made = list_identities(opened.store.data_dir)
    assert len(made) == 1 and made[0].signer == "林思远" and made[0].school_code == "4419012345"


@pytest.fixture
def signed_window(opened, signed_pdf):
    """The window on the sample after it was signed (outside the window): reopened, read-only."""
    opened.open_assessment(opened.assessment.assessment_id)
    assert opened.assessment.read_only
    return opened


def test_amend_opens_a_new_editable_revision(qtbot, signed_window, boxes) -> None:
    old = signed_window.assessment.assessment_id
    action = sign_actions.amend_action(signed_window)
    action.trigger()
    assert boxes.questions and "修订版本" in boxes.questions[0]
    model = signed_window.assessment
    assert model.assessment_id != old and not model.read_only
    summary = signed_window.store.call(lambda s: get_assessment(s, model.assessment_id))
    assert summary.amended_from == old and summary.revision == 2
    assert signed_window.store.call(lambda s: get_assessment(s, old)).status == "signed"


def test_amend_asks_first(qtbot, signed_window, boxes) -> None:
    from PySide6.QtWidgets import QMessageBox

    boxes.answer = QMessageBox.StandardButton.No
    old = signed_window.assessment.assessment_id
    sign_actions.amend_action(signed_window).trigger()
    assert signed_window.assessment.assessment_id == old


def test_signature_pad_exports_a_transparent_png(qtbot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(460, 160)
    pad.show()
    assert pad.to_png() is None
    with qtbot.waitSignal(pad.changed):
        draw(qtbot, pad, [(30, 120), (90, 40), (150, 120), (210, 40)])
    png = pad.to_png()
    assert png is not None
    image = QImage.fromData(png)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # the margin is transparent
    assert any(
        image.pixelColor(x, y).alpha() > 200
        for x in range(image.width())
        for y in range(0, image.height(), 3)
    )
    assert image.width() > 150 * 2  # drawn at 3× the ink's width (180 px)
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty() and pad.to_png() is None


def test_signature_pad_takes_pen_pressure(qtbot) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(460, 160)
    pad.show()
    device = QPointingDevice(
        "pen",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )

    def tablet(kind, x: float, pressure: float) -> None:
        buttons = (
            Qt.MouseButton.NoButton
            if kind == QTabletEvent.Type.TabletRelease
            else Qt.MouseButton.LeftButton
        )
        event = QTabletEvent(
            kind,
            device,
            QPointF(x, 80),
            QPointF(x, 80),
            pressure,
            0,
            0,
            0,
            0,
            0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            buttons,
        )
        pad.tabletEvent(event)

    tablet(QTabletEvent.Type.TabletPress, 40, 0.2)
    tablet(QTabletEvent.Type.TabletMove, 120, 0.9)
    tablet(QTabletEvent.Type.TabletRelease, 200, 0.0)
    assert [round(p, 1) for _, p in pad.strokes[0]] == [0.2, 0.9]
