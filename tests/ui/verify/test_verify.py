"""The verify panel: a signed report (intact, untrusted, then trusted), a tampered copy in red, a plain PDF,
not a PDF; dropping a PDF on the window opens it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reports.signing import list_trusted
from reports.signing.verdict import reason_text
from tests.ui.report_fixtures import tampered_copy
from ui.sign.identities_model import grouped_fingerprint
from ui.verify import actions as verify_actions
from ui.verify.verify_dialog import VerifyDialog
from ui.verify.verify_panel import VERDICT_COLORS


def verified(qtbot, data_dir: Path, path: Path) -> VerifyDialog:
    dialog = VerifyDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.verified, timeout=60000):
        dialog.verify(path)
    return dialog


def test_signed_report_is_intact_but_untrusted(qtbot, store, signed_pdf: Path, identity) -> None:
    dialog = verified(qtbot, store.data_dir, signed_pdf)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "untrusted"
    assert VERDICT_COLORS["untrusted"][2] in panel.verdict.styleSheet()
    assert panel.fact("签署人：") == "林思远"
    assert panel.fact("学校：") == "东莞市南城示例实验小学（4419012345）"
    assert panel.fact("内容完整：") == "是，签署后未被改动"
    assert panel.fact("证书受信任：") == "否"
    assert panel.fact("证书指纹：") == "SHA-256 " + grouped_fingerprint(identity.fingerprint_sha256)
    assert "不在信任列表" in panel.verdict.text() and not panel.reasons.isVisibleTo(
        panel
    )  # said once
    assert panel.summary.rowCount() == 4
    titles = [panel.summary.index(r, 0).data() for r in range(4)]
    assert titles == [
        "学校安全工作",
        "心理健康教育与心理教师配备",
        "教室照明与近视防控",
        "学校保安队伍",
    ]
    assert [panel.summary.index(r, 4).data() for r in range(4)] == [
        "3",
        "0",
        "2",
        "1",
    ]  # minor findings
    assert panel.summary.index(3, 1).data() == "88.9%"
    assert "一致" in panel.data_check.text() and "不一致" not in panel.data_check.text()
    assert panel.trust_button.isEnabled()


def test_tampered_copy_is_shown_in_red_with_the_reason(
    qtbot, store, signed_pdf: Path, tmp_path: Path
) -> None:
    bad = tampered_copy(signed_pdf, tmp_path / "tampered.pdf")
    dialog = verified(qtbot, store.data_dir, bad)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "failed"
    assert VERDICT_COLORS["failed"][2] in panel.verdict.styleSheet()
    assert "验证未通过" in panel.verdict.text()
    assert reason_text("tampered", "zh") in panel.reasons.text()
    assert "#A1221B" in panel.reasons.text()  # the reason in red
    assert panel.fact("内容完整：") == "否"
    assert not panel.trust_button.isEnabled()
    assert not panel.table.isVisibleTo(panel)  # no figures from a file that cannot be trusted


def test_trusting_the_certificate(qtbot, store, signed_pdf: Path, identity, boxes) -> None:
    dialog = verified(qtbot, store.data_dir, signed_pdf)
    with qtbot.waitSignal(dialog.verified, timeout=60000):
        dialog.panel.trust_button.click()
    assert grouped_fingerprint(identity.fingerprint_sha256) in boxes.questions[0]
    assert [t.fingerprint_sha256 for t in list_trusted(store.data_dir)] == [
        identity.fingerprint_sha256
    ]
    assert dialog.panel.verdict.property("verdict") == "trusted"
    assert dialog.panel.fact("证书受信任：") == "是"
    assert not dialog.panel.trust_button.isEnabled()


def test_trust_declined_changes_nothing(qtbot, store, signed_pdf: Path, boxes) -> None:
    boxes.answer = QMessageBox.StandardButton.No
    dialog = verified(qtbot, store.data_dir, signed_pdf)
    dialog.panel.trust_button.click()
    assert list_trusted(store.data_dir) == []
    assert dialog.panel.verdict.property("verdict") == "untrusted"


def test_unsigned_pdf_and_not_a_pdf(
    qtbot, store, sample_id: int, tmp_path: Path, shown_errors
) -> None:
    from datetime import datetime

    from reports.export_ops import export_report

    plain = tmp_path / "plain.pdf"
    export_report(store.db, sample_id, plain, now=datetime.now().astimezone())
    dialog = verified(qtbot, store.data_dir, plain)
    assert dialog.panel.verdict.property("verdict") == "unsigned"
    assert dialog.panel.fact("已签名：") == "否"
    other = tmp_path / "notes.pdf"
    other.write_text("hello", encoding="utf-8")
    dialog.verify(other)
    qtbot.waitUntil(lambda: not dialog.busy() and bool(shown_errors), timeout=60000)
    assert "不是 PDF" in shown_errors[0].text("zh")


def test_dropping_a_pdf_on_the_window_opens_the_verify_panel(
    qtbot, sample_window, signed_pdf: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    assert verify_actions.handle_drop(sample_window, [Path("notes.txt")]) is False
    assert verify_actions.accepts_drop(["a.PDF"]) and not verify_actions.accepts_drop(["a.xlsx"])
    assert verify_actions.handle_drop(sample_window, [Path("notes.txt"), signed_pdf]) is True
    dialogs = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, VerifyDialog) and w.isVisible()
    ]
    assert len(dialogs) == 1
    qtbot.waitUntil(lambda: dialogs[0].panel.verification is not None, timeout=60000)
    verification = dialogs[0].panel.verification
    assert verification is not None and verification.path == signed_pdf
    dialogs[0].close()


def test_verify_menu_action_asks_for_the_file(
    qtbot, sample_window, signed_pdf: Path, files
) -> None:
    files.open.append(None)
    assert verify_actions.verify_pdf(sample_window) is None
    files.open.append(signed_pdf)
    dialog = verify_actions.verify_pdf(sample_window)
    assert isinstance(dialog, VerifyDialog)
    qtbot.waitUntil(lambda: dialog.panel.verification is not None, timeout=60000)
    dialog.close()
