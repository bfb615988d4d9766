"""The new verification reasons in the UI: the verify panel says each in words (Chinese and
English), the sign dialog refuses another school's identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.answers import School
from reports.signing.verdict import reason_text
from tests.reports.signing.attacks import wrap_signature
from tests.reports.signing.real_reports import RealReport, build_real_report
from ui.shell.i18n import current_language
from ui.sign.sign_dialog import SignDialog
from ui.verify.verify_dialog import VerifyDialog
from ui.verify.verify_panel import VERDICT_COLORS


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> RealReport:
    return build_real_report(tmp_path_factory.mktemp("real"))


def _verified(qtbot, data_dir: Path, path: Path) -> VerifyDialog:  # type: ignore[no-untyped-def]
    dialog = VerifyDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.verified, timeout=60000):
        dialog.verify(path)
    return dialog


def test_wrapped_report_is_red_with_its_reason(qtbot, real: RealReport, tmp_path: Path) -> None:
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(wrap_signature(real.data, {"results.json": b'{"checklists": {}}'}))
    dialog = _verified(qtbot, tmp_path / "office", path)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "failed"
    assert VERDICT_COLORS["failed"][2] in panel.verdict.styleSheet()
    assert reason_text("signature_gap_invalid", current_language()) in panel.reasons.text()
    assert panel.summary.rowCount() == 0  # nothing unsigned is shown
    assert not panel.trust_button.isEnabled()


def test_other_schools_key_cannot_be_trusted_from_the_panel(
    qtbot, real: RealReport, tmp_path: Path
) -> None:
    from tests.reports.aggregate.report_set import report_pdf

    path = tmp_path / "y-key.pdf"
    path.write_bytes(real.sign(report_pdf(real.doc), real.y))
    dialog = _verified(qtbot, tmp_path / "office", path)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "failed"
    assert reason_text("school_mismatch", "zh") in panel.reasons.text()
    assert not panel.trust_button.isEnabled()


def test_genuine_report_shows_its_reevaluation(qtbot, real: RealReport, tmp_path: Path) -> None:
    path = tmp_path / "genuine.pdf"
    path.write_bytes(real.data)
    dialog = _verified(qtbot, tmp_path / "office", path)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "untrusted"
    assert panel.fact("重新评估：") == "已按内嵌答案重新评估，结果一致"


def test_incomplete_report_is_red_with_its_reason(qtbot, real: RealReport, tmp_path: Path) -> None:
    from tests.reports.signing.signing_helpers import make_pdf, report_attachments

    files = report_attachments()
    files["results.json"] = b'{"checklists": {}}'
    path = tmp_path / "incomplete.pdf"
    path.write_bytes(real.sign(make_pdf(1, files), real.x))
    dialog = _verified(qtbot, tmp_path / "office", path)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "failed"
    assert reason_text("report_incomplete", "zh") in panel.reasons.text()
    assert panel.fact("重新评估：") == "无法重新评估（报告不完整）"


def test_every_reason_has_both_languages_in_the_panel_words() -> None:
    from reports.signing.verdict import REASON_TEXT

    for code in REASON_TEXT:
        assert reason_text(code, "zh") != reason_text(code, "en")


def test_sign_dialog_refuses_another_schools_identity(qtbot, real: RealReport) -> None:
    school_x = School(
        name="东莞市南城示例第一小学",
        code="4419000101",
        stage="primary",
        enrollment=1350,
        district="南城街道",
    )
    dialog = SignDialog(real.data_dir, school_x)
    qtbot.addWidget(dialog)
    row_y = dialog.identities.row_of(real.y.identity_id)
    dialog.identity_combo.setCurrentIndex(row_y)
    qtbot.keyClicks(dialog.passphrase, "a passphrase")
    assert not dialog.sign_button.isEnabled()
    assert "另一所学校" in dialog.identity_facts.text()
    dialog.identity_combo.setCurrentIndex(dialog.identities.row_of(real.x.identity_id))
    assert dialog.sign_button.isEnabled()
    assert "另一所学校" not in dialog.identity_facts.text()


def test_the_panel_names_the_checklists_a_report_leaves_out(
    qtbot, real: RealReport, tmp_path: Path
) -> None:
    from tests.reports.aggregate.report_set import compliant_answers, only_checklists_of, report_pdf

    path = tmp_path / "only_safety.pdf"
    only = only_checklists_of(compliant_answers("X"), {"safety"})
    path.write_bytes(real.sign(report_pdf(only), real.x))
    dialog = _verified(qtbot, tmp_path / "office", path)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "untrusted"  # genuine: a note, not a failure
    assert panel.fact("未包含的检查表：") == (
        "心理健康教育与心理教师配备、教室照明与近视防控、学校保安队伍（自查不完整）"
    )


def test_the_panel_refuses_to_trust_a_certificate_without_a_school_code(
    qtbot, tmp_path: Path
) -> None:
    from reports.signing import import_identity, sign_pdf
    from tests.reports.aggregate.report_set import PASSPHRASE, SCHOOLS, answers, report_pdf
    from tests.reports.signing.signing_helpers import no_code_p12

    data_dir = tmp_path / "school"
    ident = import_identity(data_dir, no_code_p12(b"12345678", SCHOOLS["X"][1]),
                            passphrase="12345678", new_passphrase=PASSPHRASE)  # fmt: skip
    path = tmp_path / "nocode.pdf"
    path.write_bytes(sign_pdf(report_pdf(answers("X")), data_dir=data_dir,
                              identity_id=ident.identity_id, passphrase=PASSPHRASE).data)  # fmt: skip
    dialog = _verified(qtbot, tmp_path / "office", path)
    panel = dialog.panel
    assert panel.verdict.property("verdict") == "failed"
    assert reason_text("no_school_code", "zh") in panel.reasons.text()
    assert not panel.trust_button.isEnabled()
