"""The new-identity dialog refuses, while the person types, a school name (or signer, or
title) that could not go into a verifiable certificate — the core's own check, in the UI
language — and 创建 stays disabled."""

from __future__ import annotations

import pytest

from checklists.answers import School
from ui.sign.create_identity_dialog import CreateIdentityDialog

PASSPHRASE = "a long passphrase"


def _school(name: str) -> School:
    return School(name=name, code="4419012345", stage="primary", enrollment=100, district="南城",
                  principal="林思远")  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("school_name", "مدرسة ABC", "从右到左"),
        ("school_name", "学校\ufdd0", "U+FDD0"),
        ("signer", "王𬭚", "U+2CB5A"),
        ("title", "校长 مدير", "从右到左"),
        ("signer", "王" * 65, "最多 64 字"),
    ],
)
def test_a_name_that_cannot_go_into_a_certificate_is_refused(
    qtbot, field: str, value: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = CreateIdentityDialog(_school("东莞市示例小学"))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    assert ok.isEnabled() and dialog.check.text() == ""
    widget = {"school_name": dialog.school_name, "signer": dialog.signer,
              "title": dialog.title_field}[field]  # fmt: skip
    widget.setText(value)
    assert not ok.isEnabled()
    assert words in dialog.check.text()
    widget.setText("校长" if field == "title" else "示例")
    assert ok.isEnabled() and dialog.check.text() == ""


def test_the_refusal_in_english(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ui.sign.create_identity_dialog as module

    monkeypatch.setattr(module, "current_language", lambda: "en")
    dialog = CreateIdentityDialog(_school("مدرسة ABC"))
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    assert "right-to-left" in dialog.check.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_whole_refusal_is_shown(qtbot, monkeypatch, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The refusal wraps over several lines (five in English): the dialog gives it all of them,
    none cut off under the fields."""
    import ui.sign.create_identity_dialog as module

    monkeypatch.setattr(module, "current_language", lambda: lang)
    dialog = CreateIdentityDialog(_school("مدرسة ABC"))
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.check
    assert label.text()
    assert label.height() >= label.heightForWidth(label.width())
