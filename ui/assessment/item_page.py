"""ItemPage: one item of the open assessment — its text, help, clause, standard, answer, note and result."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QCursor, QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from checklists.model import Checklist, Item
from checklists.results import ItemResult
from checklists.source_names import human_sources
from checklists.text_refs import answers_lookup, fill_text
from ui.assessment.answer_factory import make_answer_widget
from ui.assessment.answer_widgets import AnswerWidget
from ui.assessment.evidence_widget import EvidenceAnswer
from ui.assessment.item_states import is_not_relevant
from ui.assessment.plan_text import clause_text
from ui.open_assessment import OpenAssessment
from ui.shell.errors import show_error
from ui.shell.i18n import current_language, translate
from ui.shell.operation_runner import run_op
from ui.typed_text import many_lines
from ui.words import clause_word, item_status_text, severity_word

if TYPE_CHECKING:  # imported with the first table item (start-up cost)
    from ui.tables import TableEditor

_EDIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _wrapped(name: str, word_wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(word_wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ItemPage(QScrollArea):
    """Shows one item and saves every edit through the OpenAssessment (one core call each).

    Enter in an answer field, or Tab out of the explanation, asks for the next item.

    Signals:
        nextRequested(): go to the next item.
        previousRequested(): go to the previous item.
        clauseRequested(int number): the person clicked a clause link (the window shows its text).
        guideRequested(str heading): the person asked for the user guide's section on this checklist.
    """

    nextRequested = Signal()
    previousRequested = Signal()
    clauseRequested = Signal(int)
    guideRequested = Signal(str)

    def __init__(self, model: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.checklist_id: str | None = None
        self.item: Item | None = None
        self.answer: AnswerWidget | None = None
        self.table: TableEditor | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setObjectName("itemPage")
        self._build()
        model.answerChanged.connect(self.on_answer_changed)
        model.resultsChanged.connect(self.on_results_changed)
        model.readOnlyChanged.connect(self.on_read_only_changed)

    def _build(self) -> None:
        body = QWidget()
        body.setObjectName("itemBody")
        self.where = _wrapped("itemWhere")
        self.title = _wrapped("itemTitle")
        self.required = QLabel()
        self.required.setObjectName("requiredMark")
        self.help = _wrapped("itemHelp")
        self.clauses = QLabel()
        self.clauses.setObjectName("itemClauses")
        self.clauses.setTextFormat(Qt.TextFormat.RichText)
        self.clauses.setWordWrap(True)
        self.clauses.linkHovered.connect(self._clause_hovered)
        self.clauses.linkActivated.connect(self._clause_clicked)
        self.standard = _wrapped("itemStandard")
        self.answer_box = QVBoxLayout()
        self.skipped = _wrapped("itemSkipped")
        self.message = _wrapped("itemMessage")
        self.note_label = QLabel(self.tr("说明（可选）"))
        self.note_label.setObjectName("fieldLabel")
        self.note = QPlainTextEdit()
        self.note.setObjectName("itemNote")
        self.note.setAccessibleName(self.tr("说明"))
        self.note.setPlaceholderText(self.tr("如有特殊情况，请在此说明（离开此框时自动保存）"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(72)
        self.note.installEventFilter(self)
        self.note_label.setBuddy(self.note)
        self.result_title = QLabel(self.tr("结果"))
        self.result_title.setObjectName("fieldLabel")
        self.result = _wrapped("itemResult")
        self.result.setTextFormat(Qt.TextFormat.RichText)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.required, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(8)
        layout.addWidget(self.where)
        layout.addLayout(title_row)
        layout.addWidget(self.help)
        layout.addWidget(self.clauses)
        layout.addWidget(self.standard)
        layout.addSpacing(6)
        layout.addLayout(self.answer_box)
        self._answer_index = layout.count() - 1
        layout.addWidget(self.skipped)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(self.note_label)
        layout.addWidget(self.note)
        layout.addSpacing(6)
        from ui.photos import PhotoStrip

        self.photo_strip = PhotoStrip(self.model)
        self.photo_strip.failed.connect(lambda exc: show_error(self, exc))
        layout.addWidget(self.photo_strip)
        layout.addSpacing(6)
        layout.addWidget(self.result_title)
        layout.addWidget(self.result)
        layout.addSpacing(12)
        layout.addLayout(self._step_buttons())
        layout.addStretch(1)
        self._layout = layout
        self.setWidget(body)

    def _step_buttons(self) -> QHBoxLayout:
        self.previous_button = QPushButton(self.tr("‹ 上一项"))
        self.next_button = QPushButton(self.tr("下一项 ›"))
        self.next_button.setToolTip(self.tr("也可以按 Enter 或在说明框中按 Tab"))
        for button, signal in (
            (self.previous_button, self.previousRequested),
            (self.next_button, self.nextRequested),
        ):
            button.setFocusPolicy(
                Qt.FocusPolicy.NoFocus
            )  # Tab stays on the answer and the explanation
            button.setAccessibleName(button.text().strip("‹› "))
            button.clicked.connect(self.commit)
            button.clicked.connect(signal)
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        return row

    # ---- showing an item ----

    def show_item(self, checklist_id: str, item_id: str) -> None:
        """Show ``item_id`` of ``checklist_id`` (pending edits of the previous item are saved first)."""
        self.commit()
        checklist = self.model.checklists[checklist_id]
        self.checklist_id, self.item = checklist_id, checklist.item(item_id)
        self._fill_texts(checklist, self.item)
        self._replace_answer_widget(self.item)
        self.note.setPlainText(self.model.item_note(checklist_id, item_id))
        self.note.setEnabled(self.item.answerable and not self.model.read_only)
        self.photo_strip.set_place(checklist_id, item_id)
        self._refresh()
        self.verticalScrollBar().setValue(0)

    def _fill_texts(self, checklist: Checklist, item: Item) -> None:
        lang = current_language()
        section = checklist.section_of(item.id)
        self.where.setText(f"{checklist.title.get(lang)}  ›  {section.title.get(lang)}")
        lookup = self._lookup(checklist)
        label = fill_text(item.label.get(lang), lookup, lang)
        self.title.setText(label)
        self.title.setAccessibleName(label)
        self.required.setText(self.tr("必填") if item.required else "")
        help_text = fill_text(item.help.get(lang), lookup, lang) if item.help else ""
        self.help.setText(human_sources(help_text, lang))
        self.help.setVisible(item.help is not None)
        links = translate("CampusWords", "、").join(
            f'<a href="clause:{n}">{clause_word(n)}</a>' for n in item.clauses
        )
        if not item.clauses:
            links = translate("CampusWords", "未注明条款")
        based = self.tr("依据：%1").replace("%1", links)
        words = self.tr("使用手册中的说明")
        self.clauses.setText(f'{based} · <a href="guide:{checklist.id}">{words}</a>')
        self.clauses.setVisible(True)
        self.clauses.setToolTip("\n\n".join(_clause_tip(n) for n in item.clauses))
        self.standard.setText(
            self.tr("标准：%1").replace("%1", human_sources(item.standard.get(lang), lang))
            if item.standard
            else ""
        )
        self.standard.setVisible(item.standard is not None)

    def _lookup(self, checklist: Checklist) -> Callable[[str], object]:
        """The value ``${name}`` in a label or hint stands for: an answer or a constant."""
        return answers_lookup(checklist, self.model.result(checklist.id))

    def _replace_answer_widget(self, item: Item) -> None:
        for old in (self.answer, self.table):
            if old is not None:
                old.blockSignals(True)  # hiding it moves the focus away: no late edit from it
                self.answer_box.removeWidget(old)
                old.hide()  # at once: deleteLater waits for the event loop
                old.setParent(None)
                old.deleteLater()
        self.answer, self.table = None, None
        assert self.checklist_id is not None
        # A table takes the room the page has left (the page scrolls below its minimum); any
        # other answer keeps its height and the trailing stretch keeps the page at the top.
        self._layout.setStretch(self._answer_index, 1 if item.is_table else 0)
        self._layout.setStretch(self._layout.count() - 1, 0 if item.is_table else 1)
        if item.is_table:
            self.table = _table_editor(self.model, self.checklist_id, item.id, self)
            self.answer_box.addWidget(self.table)
            return
        self.answer = make_answer_widget(item, self)
        key = (self.checklist_id, item.id)
        self.answer.edited.connect(lambda value: self._edited(key, value))
        if isinstance(self.answer, EvidenceAnswer):
            self._connect_evidence(self.answer)
        for child in [self.answer, *self.answer.findChildren(QWidget)]:
            child.installEventFilter(self)
        self.answer.set_read_only(self.model.read_only)
        self.answer_box.addWidget(self.answer)
        self._show_value()

    def _connect_evidence(self, widget: EvidenceAnswer) -> None:
        widget.attachRequested.connect(self._attach)
        widget.removeRequested.connect(self._remove_file)
        widget.openRequested.connect(self._open_file)

    def _show_value(self) -> None:
        if self.answer is None or self.item is None or self.checklist_id is None:
            return
        if self.item.type == "evidence":
            self.answer.show_files(self.model.evidence(self.checklist_id, self.item.id))  # type: ignore[attr-defined]
        elif self.item.calculate is not None:
            self.answer.set_value(self._result().value)
        else:
            self.answer.set_value(self.model.value(self.checklist_id, self.item.id))

    def _result(self) -> ItemResult:
        assert self.checklist_id is not None and self.item is not None
        return self.model.result(self.checklist_id).item(self.item.id)

    def _refresh(self) -> None:
        """Show the current verdict, the inline messages and the skipped state."""
        if self.item is None or self.checklist_id is None:
            return
        result = self._result()
        scoped = result.out_of_scope and result.reason is not None
        skipped = is_not_relevant(self.item, result) or scoped
        self.required.setVisible(not skipped)
        if scoped and result.reason is not None:
            text = self.tr("此项不适用，无需填写：%1").replace(
                "%1", result.reason.get(current_language())
            )
        else:
            text = self.tr("根据前面的回答，此项不适用，无需填写。") if skipped else ""
        self.skipped.setText(text)
        self.skipped.setVisible(skipped)
        if self.answer is not None and self.item.calculate is None:
            self.answer.set_read_only(self.model.read_only or skipped)
        self.message.setText(self._message(result))
        self.message.setVisible(bool(self.message.text()))
        self.result.setText(self._result_html(result))

    def _message(self, result: ItemResult) -> str:
        item = self.item
        assert item is not None
        lang = current_language()
        lines = []
        if result.status == "unanswered" and item.required and item.answerable:
            lines.append(self.tr("此项为必填项，尚未填写。"))
        if result.status == "invalid" and not result.errors and not result.invalid_cells:
            text = (
                item.constraint_message.get(lang)
                if item.constraint_message
                else self.tr("填写的内容不符合要求。")
            )
            lines.append(text)
        if result.invalid_cells:
            lines.append(
                self.tr("表格中有 %1 个单元格不符合要求。").replace(
                    "%1", str(len(result.invalid_cells))
                )
            )
        for _row, _where, zh, en in result.errors:
            lines.append(en if lang == "en" else zh)
        return "\n".join(lines)

    def _result_html(self, result: ItemResult) -> str:
        assert self.item is not None and self.checklist_id is not None
        lang = current_language()
        color = {
            "pass": "#2E7D32",
            "fail": "#C62828",
            "invalid": "#B26A00",
            "incomplete": "#B26A00",
        }.get(result.status, "#5F6368")
        parts = [
            f'<span style="color:{color}; font-weight:600">{item_status_text(result.status)}</span>'
        ]
        findings = [
            f for f in self.model.result(self.checklist_id).findings if f.item == self.item.id
        ]
        for finding in findings:
            row = (
                self.tr("第 %1 行：").replace("%1", str(finding.row + 1))
                if finding.row is not None
                else ""
            )
            severity = severity_word(finding.severity)
            parts.append(f"<br>• [{severity}] {row}{_escape(finding.message.get(lang))}")
        return "".join(parts)

    # ---- edits ----

    def _edited(self, key: tuple[str, str], value: Any) -> None:
        """Save an edit of the item ``key`` (the widget names its own item, never "the current one")."""
        saved = run_op(self, lambda: self.model.set_answer(*key, value))
        if not saved and self.item is not None and key == (self.checklist_id, self.item.id):
            self._show_value()  # a refused value: what is stored is shown again

    def commit(self) -> None:
        """Save what is typed but not yet confirmed (the answer field and the explanation)."""
        if self.item is None or self.checklist_id is None or self.model.read_only:
            return
        if self.answer is not None:
            self.answer.commit()
        text = many_lines(self.note.toPlainText())
        if self.item.answerable and text != self.model.item_note(self.checklist_id, self.item.id):
            checklist_id, item_id = self.checklist_id, self.item.id
            run_op(self, lambda: self.model.set_item_note(checklist_id, item_id, text))

    def _attach(self, paths: list[str]) -> None:
        assert self.item is not None and self.checklist_id is not None
        from pathlib import Path

        checklist_id, item_id = self.checklist_id, self.item.id
        for path in map(Path, paths):
            if not run_op(self, partial(self.model.attach_evidence, checklist_id, item_id, path)):
                break
        self._show_value()

    def _remove_file(self, evidence_id: int) -> None:
        assert self.item is not None and self.checklist_id is not None
        checklist_id, item_id = self.checklist_id, self.item.id
        run_op(self, lambda: self.model.remove_evidence(checklist_id, item_id, evidence_id))
        self._show_value()

    def _open_file(self, evidence_id: int) -> None:
        found = run_op(self, lambda: self.model.evidence_file(evidence_id))
        if found:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(found.value)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in an answer field and Tab out of the explanation go to the next item;
        leaving the explanation saves it."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if watched is self.note and event.key() == Qt.Key.Key_Tab and plain:
                self.commit()
                self.nextRequested.emit()
                return True
            if watched is not self.note and event.key() in _EDIT_KEYS and plain:
                self.commit()
                self.nextRequested.emit()
                return True
        if watched is self.note and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    def focus_answer(self) -> None:
        """Put the keyboard focus on the answer field (or the table, or the explanation)."""
        if self.answer is not None and self.answer.isEnabled():
            self.answer.focus_target().setFocus(Qt.FocusReason.TabFocusReason)
        elif self.table is not None:
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.note.isEnabled():
            self.note.setFocus(Qt.FocusReason.TabFocusReason)

    # ---- model updates ----

    @Slot(str, str)
    def on_answer_changed(self, checklist_id: str, item_id: str) -> None:
        """Show a value changed elsewhere (undo/redo) and refresh the explanation."""
        if self.item is None or (checklist_id, item_id) != (self.checklist_id, self.item.id):
            return
        self._show_value()
        if not self.note.hasFocus():
            self.note.setPlainText(self.model.item_note(checklist_id, item_id))

    @Slot(str)
    def on_results_changed(self, checklist_id: str) -> None:
        """Refresh the verdict (and calculated values) after the checklist was re-evaluated."""
        if checklist_id == self.checklist_id:
            if self.item is not None and self.item.calculate is not None:
                self._show_value()
            self._refresh()

    @Slot(bool)
    def on_read_only_changed(self, read_only: bool) -> None:
        """Lock or unlock the answer widgets."""
        if self.answer is not None:
            self.answer.set_read_only(read_only)
        self.note.setEnabled(not read_only and bool(self.item and self.item.answerable))
        self.photo_strip.reload()

    # ---- clauses ----

    @Slot(str)
    def _clause_hovered(self, link: str) -> None:
        number = _clause_number(link)
        if number is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), _clause_tip(number), self.clauses)

    @Slot(str)
    def _clause_clicked(self, link: str) -> None:
        if link.startswith("guide:"):
            checklist = self.model.checklists.get(link.split(":", 1)[1])
            # The guide in the UI language names each checklist's section by its title there.
            self.guideRequested.emit(checklist.title.get(current_language()) if checklist else "")
            return
        number = _clause_number(link)
        if number is not None:
            self.clauseRequested.emit(number)


def _clause_tip(number: int) -> str:
    """第N条 and its full text from the plan (the plan exists in Chinese only)."""
    text = clause_text(number) or translate("ItemPage", "（工作要点中没有这一条）")
    return (
        translate("ItemPage", "%1（工作要点原文）：%2")
        .replace("%1", clause_word(number))
        .replace("%2", text)
    )


def _clause_number(link: str) -> int | None:
    if not link.startswith("clause:"):
        return None
    try:
        return int(link.split(":", 1)[1])
    except ValueError:
        return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table_editor(
    model: OpenAssessment, checklist_id: str, item_id: str, parent: QWidget
) -> TableEditor:
    """The table editor of a table item."""
    from ui.tables import TableEditor

    editor = TableEditor(model, checklist_id, item_id, parent)
    # The rows get the room; the editor's own layout keeps its toolbar and status line whole
    # (a minimum set on the editor itself would let them overlap the fields below). The
    # minimum holds a header, _MIN_TABLE_ROWS rows and a scroll bar in the current font, so a
    # larger font or 200% never shrinks the roster to a couple of rows: the page scrolls instead.
    view = editor.view
    rows = view.verticalHeader().defaultSectionSize() * _MIN_TABLE_ROWS
    chrome = (
        view.horizontalHeader().sizeHint().height() + view.horizontalScrollBar().sizeHint().height()
    )
    view.setMinimumHeight(max(300, rows + chrome + 2 * view.frameWidth()))
    return editor


_MIN_TABLE_ROWS = 10
