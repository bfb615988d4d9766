"""Help inside the app: the user guide opens from 帮助 (F1), with its pictures, at a checklist's section."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from ui.dialogs.help_dialog import HelpDialog, docs_dir


def test_the_guide_opens_from_the_help_menu_with_its_pictures(qtbot, window) -> None:
    window.menus.guide_action.trigger()
    dialog = window.help_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "使用手册" in text and "从 Excel 导入名册" in text
    html = dialog.browser.toHtml()
    assert 'src="images/' in html
    image = dialog.browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/home.png")
    )
    assert image is not None and not image.isNull()  # the picture is found beside the guide


def test_the_item_page_links_to_the_guide_section(qtbot, window, sample_id: int) -> None:
    window.open_assessment(sample_id)
    page = window.assessment_page
    page.go_to("guards", "guards")
    assert 'href="guide:guards"' in page.page.clauses.text()
    assert 'href="clause:75"' in page.page.clauses.text()
    page.page._clause_clicked("guide:guards")
    dialog = window.help_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert "学校保安队伍" in dialog.browser.textCursor().block().text()


def test_find_and_missing_guide(qtbot, monkeypatch, tmp_path: Path) -> None:
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    dialog.find_box.setText("备份")
    dialog.find_next()
    assert dialog.browser.textCursor().selectedText() == "备份"
    monkeypatch.setattr("ui.dialogs.help_dialog.docs_dir", lambda: tmp_path)
    assert not dialog.load()
    assert "找不到使用手册" in dialog.missing.text()


def test_the_guide_is_bundled() -> None:
    spec = (docs_dir().parent / "campus-selfcheck.spec").read_text(encoding="utf-8")
    assert 'tree("docs", ["user-guide.md", "user-guide.en.md"])' in spec
    assert 'tree("docs/images", ["*.png"])' in spec and 'tree("docs/images/en", ["*.png"])' in spec


@pytest.fixture
def english() -> Iterator[None]:
    from ui.shell.i18n import install_language

    install_language("en")
    yield
    install_language("zh")


def test_the_guide_opens_in_the_ui_language(qtbot, window, english) -> None:
    """In English the viewer shows the English guide, with its English pictures."""
    window.menus.guide_action.trigger()
    dialog = window.help_dialog
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "User guide" in text and "Importing a roster from Excel" in text
    assert "使用手册" not in text
    assert dialog.windowTitle() == "User guide"
    image = dialog.browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/en/home-en.png")
    )
    assert image is not None and not image.isNull()


def test_switching_the_language_switches_the_guide(qtbot) -> None:
    from ui.shell.i18n import install_language

    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    assert "使用手册" in dialog.browser.toPlainText()
    install_language("en")
    try:
        qtbot.waitUntil(lambda: "Importing a roster from Excel" in dialog.browser.toPlainText())
    finally:
        install_language("zh")
    qtbot.waitUntil(lambda: "从 Excel 导入名册" in dialog.browser.toPlainText())


def test_the_item_page_opens_the_english_section(qtbot, window, sample_id: int, english) -> None:
    window.open_assessment(sample_id)
    page = window.assessment_page
    page.go_to("psychology", "fulltime_psych_teachers")
    page.page._clause_clicked("guide:psychology")
    dialog = window.help_dialog
    qtbot.addWidget(dialog)
    heading = dialog.browser.textCursor().block().text()
    assert "Mental-health education and psychology teachers" in heading


def test_the_guide_falls_back_to_chinese(monkeypatch, tmp_path: Path) -> None:
    from ui.dialogs.help_dialog import guide_path

    (tmp_path / "user-guide.md").write_text("# 手册", encoding="utf-8")
    monkeypatch.setattr("ui.dialogs.help_dialog.docs_dir", lambda: tmp_path)
    assert guide_path("en").name == "user-guide.md"
