"""The app's verify page refuses every forged report of tests/reports/signing/forgeries.py,
in red, with the reason verify and the office give, in Chinese and in English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.signing.verdict import reason_text
from tests.reports.signing.forgeries import EXPECTED, ForgerySet, build_forgery_set
from ui.verify.verify_dialog import VerifyDialog


@pytest.fixture(scope="session")
def forgeries(tmp_path_factory: pytest.TempPathFactory) -> ForgerySet:
    return build_forgery_set(tmp_path_factory.getbasetemp() / "forgery-set")


def _dialog(qtbot, office: Path) -> VerifyDialog:  # type: ignore[no-untyped-def]
    dialog = VerifyDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _verify(qtbot, dialog: VerifyDialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.verified, timeout=60000):
        dialog.verify(path)


def test_every_forgery_is_refused_with_its_reason(
    qtbot, forgeries: ForgerySet, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    dialog = _dialog(qtbot, office)
    panel = dialog.panel
    _verify(qtbot, dialog, forgeries.genuine)
    assert panel.verdict.property("verdict") == "trusted"
    assert "不一致" not in panel.data_check.text()
    for name, reason in EXPECTED.items():
        _verify(qtbot, dialog, forgeries.path(name))
        expected = "unsigned" if reason == "unsigned" else "failed"
        assert panel.verdict.property("verdict") == expected, name
        if reason != "unsigned":  # the headline says "no signature"
            assert reason_text(reason, "zh") in panel.reasons.text(), name
            assert "#A1221B" in panel.reasons.text()
        assert not panel.trust_button.isEnabled(), name
        assert not panel.data_check.isVisibleTo(panel), name  # no "data consistent" line


def test_the_reason_in_english(qtbot, forgeries: ForgerySet, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ui.verify.verify_panel as panel_module

    monkeypatch.setattr(panel_module, "current_language", lambda: "en")
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    dialog = _dialog(qtbot, office)
    for name in ("answers-digest.pdf", "cert-name.pdf"):
        _verify(qtbot, dialog, forgeries.path(name))
        panel = dialog.panel
        assert reason_text(EXPECTED[name], "en") in panel.reasons.text(), name


def _fact(panel, label: str) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFormLayout

    for row in range(panel.facts.rowCount()):
        name = panel.facts.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text()
        if name == label:
            return str(panel.facts.itemAt(row, QFormLayout.ItemRole.FieldRole).widget().text())
    raise AssertionError(f"no row {label}")


def test_integrity_is_unknown_when_the_certificate_names_cannot_be_compared(
    qtbot, forgeries: ForgerySet, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The signature of a report whose certificate names cannot be prepared is never checked: its
    content is neither called intact nor changed; a flipped byte in it is still 否."""
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    dialog = _dialog(qtbot, office)
    _verify(qtbot, dialog, forgeries.path("cert-name.pdf"))
    shown = _fact(dialog.panel, "内容完整：")
    assert shown.startswith("无法判断"), shown
    _verify(qtbot, dialog, forgeries.path("tampered.pdf"))
    assert _fact(dialog.panel, "内容完整：") == "否"
    _verify(qtbot, dialog, forgeries.genuine)
    assert _fact(dialog.panel, "内容完整：").startswith("是")


def test_a_right_to_left_school_name_starts_at_the_left_like_every_fact(
    qtbot, forgeries: ForgerySet, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFormLayout

    office = shutil.copytree(forgeries.office, tmp_path / "office")
    dialog = _dialog(qtbot, office)
    _verify(qtbot, dialog, forgeries.path("cert-name.pdf"))  # its school: مدرسة ABC
    panel = dialog.panel
    assert "مدرسة" in _fact(panel, "学校：")
    for row in range(panel.facts.rowCount()):
        label = panel.facts.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        assert label.alignment() & Qt.AlignmentFlag.AlignAbsolute
        assert label.alignment() & Qt.AlignmentFlag.AlignLeft


def test_a_right_to_left_school_name_keeps_its_code_after_it(
    qtbot, forgeries: ForgerySet, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The certificate's name is isolated in a left-to-right row: the school code follows it
    instead of being pulled before it by the name's direction."""
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    dialog = _dialog(qtbot, office)
    _verify(qtbot, dialog, forgeries.path("cert-name.pdf"))
    shown = _fact(dialog.panel, "学校：")
    assert shown.startswith("\u200e\u2068") and "\u2069（" in shown, repr(shown)
    assert (
        shown.replace("\u200e", "")
        .replace("\u2068", "")
        .replace("\u2069", "")
        .startswith("مدرسة ABC（")
    )
