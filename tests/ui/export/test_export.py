"""Exports from the window: PDF built in a worker and previewed, saved byte for byte; Excel; answers; cancel."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from checklists.answers_doc import read_answers_file
from checklists.registry import builtin_checklists
from tests.ui.report_fixtures import when_shown
from ui.export import actions
from ui.export.excel_dialog import ExportExcelDialog
from ui.export.jobs import JobThread
from ui.export.preview_dialog import PdfPreviewDialog
from ui.export.progress_dialog import JobProgressDialog

FULL_ID = "441900196405121310"  # a guard's ID number in the sample


def _wait_for_pages(qtbot, dialog: PdfPreviewDialog) -> None:
    qtbot.waitUntil(
        lambda: (
            dialog.page_shown()
            and all(dialog.pages.has_thumbnail(r) for r in range(dialog.page_count()))
        ),
        timeout=60000,
    )


def test_export_pdf_previews_then_saves_the_same_bytes(
    qtbot, opened, files, tmp_path: Path
) -> None:
    out = tmp_path / "报告.pdf"
    files.save.append(out)
    seen: dict[str, object] = {}

    def look_and_save(dialog: PdfPreviewDialog) -> None:
        _wait_for_pages(qtbot, dialog)
        seen["pages"] = dialog.page_count()
        seen["data"] = dialog.data
        dialog.save_button.click()

    shown = when_shown(PdfPreviewDialog, look_and_save)
    assert actions.export_pdf(opened) == out
    assert shown, "the preview was not shown"
    assert out.read_bytes() == seen["data"]
    reader = PdfReader(out)
    assert len(reader.pages) == seen["pages"] and len(reader.pages) > 5
    assert "answers.json" in reader.attachments
    assert not list(tmp_path.glob("*.tmp")) and not list(out.parent.glob(".*"))


def test_preview_pages_zoom_and_paging(qtbot, opened, sample_id: int) -> None:
    from datetime import datetime

    from ui.export.operations import build_report_bytes

    built = build_report_bytes(
        opened.store.db,
        sample_id,
        now=datetime.now().astimezone(),
        lang="zh",
        progress=lambda _s: None,
    )
    dialog = PdfPreviewDialog(built.data, Path("r.pdf"), built.report_id)
    qtbot.addWidget(dialog)
    dialog.show()
    _wait_for_pages(qtbot, dialog)
    assert dialog.page_count() == built.page_count == len(PdfReader(io.BytesIO(built.data)).pages)
    assert dialog.previous_button.isEnabled() is False
    qtbot.waitUntil(lambda: dialog.zoom != 100, timeout=5000)  # fitted to the view's width
    dialog.set_zoom(100)
    qtbot.waitUntil(
        lambda: abs(dialog.page_view.pixmap().width() - 595 * 96 / 72) < 3, timeout=30000
    )
    width_at_100 = dialog.page_view.pixmap().width()
    dialog.zoom_in_button.click()
    assert dialog.zoom == 125
    qtbot.waitUntil(lambda: dialog.page_view.pixmap().width() > width_at_100 * 1.2, timeout=30000)
    dialog.next_button.click()
    assert dialog.current == 1
    assert dialog.thumbnail_view.currentIndex().row() == 1
    dialog.thumbnail_view.setCurrentIndex(dialog.pages.index(dialog.page_count() - 1))
    assert dialog.current == dialog.page_count() - 1
    assert not dialog.next_button.isEnabled()
    dialog.close()


def test_closing_the_preview_writes_nothing(qtbot, opened, files, tmp_path: Path) -> None:
    when_shown(PdfPreviewDialog, lambda d: d.close_button.click())
    assert actions.export_pdf(opened) is None
    assert files.asked == []


def test_excel_export_masks_ids_unless_asked(qtbot, opened, tmp_path: Path) -> None:
    import openpyxl

    def texts(path: Path) -> str:
        book = openpyxl.load_workbook(path, read_only=True)
        return " ".join(
            str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
        )

    masked = tmp_path / "masked.xlsx"

    def accept_default(dialog: ExportExcelDialog) -> None:
        assert not dialog.full_ids_box.isChecked()  # off by default
        dialog.file.setText(str(tmp_path / "masked"))
        dialog.buttons.accepted.emit()

    when_shown(ExportExcelDialog, accept_default)
    assert actions.export_excel(opened) == masked
    assert FULL_ID not in texts(masked)

    full = tmp_path / "full.xlsx"

    def accept_full(dialog: ExportExcelDialog) -> None:
        dialog.file.setText(str(full))
        dialog.full_ids_box.click()
        dialog.buttons.accepted.emit()

    when_shown(ExportExcelDialog, accept_full)
    assert actions.export_excel(opened) == full
    assert FULL_ID in texts(full)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == [
        "full.xlsx",
        "masked.xlsx",
    ]


def test_answers_file_reads_back(qtbot, opened, files, tmp_path: Path) -> None:
    out = tmp_path / "answers"
    files.save.append(out)
    written = actions.export_answers(opened)
    assert written == tmp_path / "answers.json"
    doc = read_answers_file(written, builtin_checklists())
    assert doc.school.code == "4419012345"
    assert json.loads(written.read_text(encoding="utf-8"))["format"].startswith(
        "campus-selfcheck/answers"
    )


@pytest.fixture
def held_at_first_step(monkeypatch):
    """Jobs stop at their first step until the test releases them (the cancel button is clicked meanwhile)."""
    release = threading.Event()
    original = JobThread.progress

    def progress(self, step: str) -> None:
        self.progressed.emit(step)
        release.wait(60)
        original(self, step)

    monkeypatch.setattr(JobThread, "progress", progress)
    yield release
    release.set()


def _cancel_when_shown(release: threading.Event) -> list:
    def cancel(dialog: JobProgressDialog) -> None:
        dialog.cancel_button.click()
        assert dialog.step_label.text() == "正在取消…"
        release.set()

    return when_shown(JobProgressDialog, cancel)


def test_cancelled_excel_export_leaves_no_file(
    qtbot, opened, held_at_first_step, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "cancelled.xlsx"

    def accept(dialog: ExportExcelDialog) -> None:
        dialog.file.setText(str(out))
        dialog.buttons.accepted.emit()

    when_shown(ExportExcelDialog, accept)
    cancelled = _cancel_when_shown(held_at_first_step)
    assert actions.export_excel(opened) is None
    assert cancelled
    assert list(folder.iterdir()) == []
    assert "已取消" in opened.statusBar().currentMessage()


def test_cancelled_pdf_build_shows_no_preview(
    qtbot, opened, held_at_first_step, tmp_path: Path
) -> None:
    previews = when_shown(PdfPreviewDialog, lambda d: d.close_button.click(), timeout_ms=3000)
    cancelled = _cancel_when_shown(held_at_first_step)
    assert actions.export_pdf(opened) is None
    assert cancelled and not previews


def test_window_stays_responsive_while_the_job_runs(qtbot, opened, held_at_first_step) -> None:
    """While the worker is held, the UI thread keeps handling events (the timer below fires)."""
    from PySide6.QtCore import QTimer

    ticks: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(1))

    def watch(dialog: JobProgressDialog) -> None:
        ticker.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=10000)
        ticker.stop()
        dialog.cancel_button.click()
        held_at_first_step.set()

    when_shown(JobProgressDialog, watch)
    assert actions.export_pdf(opened) is None
    assert len(ticks) >= 5


def test_answers_file_takes_its_photos_along(qtbot, opened, files, tmp_path: Path) -> None:
    """With photos, the export writes their originals beside the file and says where."""
    from models.ops.photos import photo_folder
    from tests.models.photo_helpers import phone_jpeg

    model = opened.assessment
    model.attach_photo(
        "guards", "guards", "over_55_on_post", 0, phone_jpeg(640, 480), name="门岗.jpg"
    )
    out = tmp_path / "answers.json"
    files.save.append(out)
    written = actions.export_answers(opened)
    assert written == out
    folder = photo_folder(out)
    assert len(list(folder.iterdir())) == 1
    assert "answers.photos" in opened.statusBar().currentMessage()
    doc = read_answers_file(written, builtin_checklists())
    assert [p.name for p in doc.photos] == ["门岗.jpg"]
