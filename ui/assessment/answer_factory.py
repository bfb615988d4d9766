"""The answer widget for an item's type: ``make_answer_widget(item, parent)``."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from checklists.model import Item
from ui.assessment.answer_widgets import (
    AnswerWidget,
    CalculatedAnswer,
    ChoiceAnswer,
    DateAnswer,
    IdNumberAnswer,
    NoteAnswer,
    NumberAnswer,
    TextAnswer,
    yes_no_options,
)
from ui.assessment.evidence_widget import EvidenceAnswer
from ui.shell.i18n import current_language


def make_answer_widget(item: Item, parent: QWidget | None = None) -> AnswerWidget:
    """The answer widget for ``item``'s type (tables and evidence come from their own modules)."""
    lang = current_language()
    if item.calculate is not None:
        return CalculatedAnswer(item, parent)
    if item.type == "yes_no":
        return ChoiceAnswer(item, yes_no_options(item), parent)
    if item.type in ("single_choice", "multi_choice"):
        return ChoiceAnswer(item, [(c.value, c.label.get(lang)) for c in item.choices], parent)
    if item.type in ("integer", "decimal"):
        return NumberAnswer(item, parent)
    if item.type == "date":
        return DateAnswer(item, parent)
    if item.type == "id_number":
        return IdNumberAnswer(item, parent)
    if item.type == "note":
        return NoteAnswer(item, parent)
    if item.type == "evidence":
        return EvidenceAnswer(item, parent)
    return TextAnswer(item, parent)
