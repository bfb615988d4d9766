"""The photo strip on a finding and on an item: button, drag and drop, paste, limits in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from models.ops.photos import list_photos
from tests.models.photo_helpers import phone_jpeg
from ui.open_assessment import OpenAssessment
from ui.photos import PhotoStrip
from ui.store import Store

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def strip(qtbot, sample_model: OpenAssessment) -> PhotoStrip:
    found = PhotoStrip(sample_model)
    qtbot.addWidget(found)
    found.set_place("guards", "guards", "over_55_on_post", 0)
    found.show()
    return found


def _photo(tmp_path: Path, name: str = "门岗.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(phone_jpeg(800, 600))
    return path


def test_button_adds_a_photo_to_the_finding(
    monkeypatch, tmp_path: Path, strip: PhotoStrip, store: Store, sample_id: int
) -> None:
    path = _photo(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([str(path)], ""))
    strip.add_button.click()
    assert strip.photos.rowCount() == 1
    assert not strip.photos.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()
    (ref,) = store.call(lambda s: list_photos(s, sample_id))
    assert (ref.code, ref.row, ref.name) == ("over_55_on_post", 0, "门岗.jpg")
    strip.view.setCurrentIndex(strip.photos.index(0))
    strip.remove_button.click()
    assert strip.photos.rowCount() == 0 and store.call(lambda s: list_photos(s, sample_id)) == []


def test_drop_and_paste(tmp_path: Path, strip: PhotoStrip) -> None:
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(_photo(tmp_path))), QUrl.fromLocalFile(str(tmp_path / "a.txt"))]
    )
    event = QDropEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    strip.dropEvent(event)
    assert strip.photos.rowCount() == 1  # the text file is not offered as a photo
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    QGuiApplication.clipboard().setImage(image)
    strip.paste()
    assert strip.photos.rowCount() == 2
    assert strip.photos.photo(1).name == "粘贴的图片.png"


def test_a_file_that_is_no_photo_is_reported(tmp_path: Path, strip: PhotoStrip) -> None:
    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"not really a jpeg")
    errors: list[Exception] = []
    strip.failed.connect(errors.append)
    strip.add_files([bad])
    assert errors and "不是可识别的图片文件" in str(errors[0])
    assert strip.photos.rowCount() == 0


def test_item_page_and_finding_editor_carry_the_strip(qtbot, sample_model: OpenAssessment) -> None:
    from ui.assessment.item_page import ItemPage
    from ui.findings.finding_editor import FindingEditor

    page = ItemPage(sample_model)
    qtbot.addWidget(page)
    page.show_item("safety", sample_model.checklists["safety"].sections[0].items[0].id)
    assert page.photo_strip.place is not None and page.photo_strip.place[2] is None
    editor = FindingEditor(sample_model)
    qtbot.addWidget(editor)
    finding = next(f for f in sample_model.findings() if f.row is not None)
    editor.set_finding(finding)
    assert editor.photo_strip.place == (finding.checklist, finding.item, finding.code, finding.row)


def test_a_removed_photo_comes_back_with_undo(
    qtbot, tmp_path: Path, strip: PhotoStrip, store: Store, sample_id: int,
    sample_model: OpenAssessment,
) -> None:  # fmt: skip
    """Delete (button or the Delete key) is one step on the undo stack: Ctrl+Z puts the photo
    back in the strip and in the database, Ctrl+Shift+Z removes it again."""
    strip.add_files([_photo(tmp_path), _photo(tmp_path, "侧门.jpg")])
    assert strip.photos.rowCount() == 2
    strip.view.setFocus()
    strip.view.setCurrentIndex(strip.photos.index(0))
    qtbot.keyClick(strip.view, Qt.Key.Key_Delete)
    assert [strip.photos.photo(i).name for i in range(strip.photos.rowCount())] == ["侧门.jpg"]
    stack = sample_model.undo_stack
    assert stack.canUndo() and "门岗.jpg" in stack.undoText()
    stack.undo()
    assert [strip.photos.photo(i).name for i in range(2)] == ["门岗.jpg", "侧门.jpg"]
    names = [p.name for p in store.call(lambda s: list_photos(s, sample_id))]
    assert names == ["门岗.jpg", "侧门.jpg"]
    stack.redo()
    assert [p.name for p in store.call(lambda s: list_photos(s, sample_id))] == ["侧门.jpg"]
    assert strip.photos.rowCount() == 1
    stack.undo()
    assert strip.photos.rowCount() == 2


def test_undo_puts_a_photo_back_on_a_row_deleted_and_restored_meanwhile(
    tmp_path: Path, strip: PhotoStrip, store: Store, sample_id: int,
    sample_model: OpenAssessment,
) -> None:  # fmt: skip
    """The row gets a new id when its deletion is undone; the photo follows it."""
    strip.add_files([_photo(tmp_path)])
    strip.view.setCurrentIndex(strip.photos.index(0))
    strip.remove_button.click()
    row_id = sample_model.rows("guards", "guards")[0].id
    sample_model.delete_rows("guards", "guards", [row_id])
    stack = sample_model.undo_stack
    stack.undo()  # the row is back, with a new id
    stack.undo()  # the photo is back on it
    (ref,) = store.call(lambda s: list_photos(s, sample_id))
    assert (ref.code, ref.row, ref.name) == ("over_55_on_post", 0, "门岗.jpg")
