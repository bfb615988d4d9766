"""The office window lists each new rejection reason in words, Chinese and then English."""

from __future__ import annotations

from pathlib import Path

from reports.aggregate.words import REASON_TEXT
from tests.reports.aggregate.report_set import answers, report_pdf
from tests.reports.signing.attacks import wrap_signature
from tests.reports.signing.real_reports import build_real_report
from tests.ui.office.conftest import aggregate
from ui.office import OfficeWindow
from ui.office.models import COL_FILE, COL_REASON
from ui.shell.i18n import install_language


def _reasons(office: OfficeWindow) -> dict[str, str]:
    model = office.rejected_model
    return {
        Path(model.index(r, COL_FILE).data()).name: model.index(r, COL_REASON).data()
        for r in range(model.rowCount())
    }


def test_new_reasons_in_the_rejected_list(qtbot, office: OfficeWindow, tmp_path: Path) -> None:
    real = build_real_report(tmp_path / "school")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wrapped.pdf").write_bytes(wrap_signature(real.data, {}))
    (folder / "y-key.pdf").write_bytes(real.sign(report_pdf(real.doc), real.y))
    (folder / "a.pdf").write_bytes(real.data)
    (folder / "b.pdf").write_bytes(
        real.sign(report_pdf(answers("X", "safety.bullying_survey")), real.x)
    )
    aggregate(qtbot, office, folder)
    shown = _reasons(office)
    assert REASON_TEXT["signature_gap_invalid"][0] in shown["wrapped.pdf"]
    assert REASON_TEXT["school_mismatch"][0] in shown["y-key.pdf"]
    assert REASON_TEXT["revision_conflict"][0] in shown["a.pdf"]
    assert "b.pdf" in shown["a.pdf"]
    install_language("en")
    try:
        qtbot.wait(50)
        shown = _reasons(office)
        assert REASON_TEXT["signature_gap_invalid"][1] in shown["wrapped.pdf"]
        assert REASON_TEXT["school_mismatch"][1] in shown["y-key.pdf"]
        assert REASON_TEXT["revision_conflict"][1] in shown["b.pdf"]
    finally:
        install_language("zh")
