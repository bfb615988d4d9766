"""The item page shows what an XLSForm checklist leaves out or refers to: 未注明条款, ${name}."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from checklists.model import Text
from ui.assessment.item_page import ItemPage
from ui.open_assessment import OpenAssessment


def test_no_clause_and_label_references_on_the_item_page(
    qtbot, sample_model: OpenAssessment, tmp_path: Path
) -> None:
    checklist = sample_model.checklists["psychology"]
    first, second = list(checklist.items())[:2]
    assert sample_model.result("psychology").item(first.id).value is not None
    shown = dataclasses.replace(
        second,
        clauses=(),
        label=Text(f"{second.label.zh}（已填：${{{first.id}}}）", f"Given: ${{{first.id}}}"),
    )
    sections = tuple(
        dataclasses.replace(s, items=tuple(shown if i.id == second.id else i for i in s.items))
        for s in checklist.sections
    )
    sample_model.checklists["psychology"] = dataclasses.replace(checklist, sections=sections)
    page = ItemPage(sample_model)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show_item("psychology", second.id)
    page.show()
    value = sample_model.result("psychology").item(first.id).value
    assert "${" not in page.title.text()
    assert str(value if not isinstance(value, float) else int(value)) in page.title.text()
    assert "未注明条款" in page.clauses.text() and page.clauses.isVisibleTo(page)
    page.grab().save(str(tmp_path / "item_page_no_clause.png"))
