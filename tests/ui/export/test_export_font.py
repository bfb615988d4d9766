"""The PDF preview names the characters the bundled font cannot draw (and still exports)."""

from __future__ import annotations

from pathlib import Path

from models.ops.rows import replace_table_rows
from tests.ui.report_fixtures import when_shown
from ui.export import actions
from ui.export.preview_dialog import PdfPreviewDialog

NOT_IN_FONT = "𠀀"  # U+20000


def test_preview_warns_about_a_character_the_font_lacks(
    qtbot, opened, files, tmp_path: Path
) -> None:
    assessment_id = opened.assessment.assessment_id
    rows = [{"name": f"张{NOT_IN_FONT}三", "hire_date": "2020-01-02", "on_guard_post": True}]
    opened.store.call(lambda s: replace_table_rows(s, assessment_id, "guards", "guards", rows))
    out = tmp_path / "report.pdf"
    files.save.append(out)
    seen: dict[str, str] = {}

    def look_and_save(dialog: PdfPreviewDialog) -> None:
        seen["notice"] = dialog.notice_label.text()
        seen["visible"] = str(dialog.notice_label.isVisibleTo(dialog))
        dialog.save_button.click()

    when_shown(PdfPreviewDialog, look_and_save)
    assert actions.export_pdf(opened) == out
    assert seen["visible"] == "True"
    assert "𠀀 (U+20000)" in seen["notice"] and "第 1 行" in seen["notice"]


def test_preview_has_no_notice_when_every_character_is_drawn(
    qtbot, opened, files, tmp_path: Path
) -> None:
    seen: dict[str, bool] = {}

    def look(dialog: PdfPreviewDialog) -> None:
        seen["visible"] = dialog.notice_label.isVisibleTo(dialog)
        dialog.close_button.click()

    when_shown(PdfPreviewDialog, look)
    actions.export_pdf(opened)
    assert seen == {"visible": False}
