"""What every page builder shares: the data, the language, styles and the numbering of findings and tables."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from checklists.model import Checklist, Item
from checklists.results import ChecklistResult, Finding, OpenItem, open_items
from reports.pdf import labels
from reports.pdf.data import ReportData, embedded_answers_bytes
from reports.pdf.styles import Styles, styles

FindingKey = tuple[str, str, str, int | None]
TableKey = tuple[str, str]  # (checklist id, table item id)


@dataclass
class StampBox:
    """Where the signature page reserved the digital stamp: 0-based page and box in points."""

    page: int = -1
    box: tuple[int, int, int, int] = (0, 0, 0, 0)


@dataclass
class ReportContext:
    """Shared, read-mostly state of one build; ``stamp`` is filled while the pages are drawn."""

    data: ReportData
    answers_bytes: bytes
    finding_no: dict[FindingKey, int]
    table_no: dict[TableKey, int]
    stamp: StampBox = field(default_factory=StampBox)

    @property
    def lang(self) -> str:
        """The report language."""
        return self.data.lang

    @property
    def st(self) -> Styles:
        """The paragraph styles for the report language."""
        return styles(self.data.lang)

    @property
    def answers_sha256(self) -> str:
        """SHA-256 hex of the embedded answers.json."""
        return hashlib.sha256(self.answers_bytes).hexdigest()

    def t(self, key: str, **values: Any) -> str:
        """A fixed label in the report language."""
        return labels.label(key, self.data.lang, **values)

    def results(self) -> list[tuple[Checklist, ChecklistResult]]:
        """The evaluated checklists with their definitions, in report order."""
        out = []
        for cl_id, result in self.data.results.checklists.items():
            checklist = self.data.checklists.get(cl_id)
            if checklist is not None:
                out.append((checklist, result))
        return out

    def open_items(self) -> list[OpenItem]:
        """The items that keep this self-check from being complete, with their written reasons
        (checklists.results.open_items, the one definition)."""
        cached: list[OpenItem] | None = self.__dict__.get("_open_items")
        if cached is None:
            cached = open_items(
                self.data.results, self.data.checklists, self.data.document.item_notes
            )
            self.__dict__["_open_items"] = cached
        return cached

    def missing_checklists(self) -> list[str]:
        """The titles of the built-in checklists this report does not include (registry order)."""
        from checklists.registry import builtin_checklists

        included = self.data.results.checklists
        return [
            c.title.get(self.lang) for cid, c in builtin_checklists().items() if cid not in included
        ]

    def missing_text(self) -> str:
        """The missing checklists' titles as one list in the report language."""
        return ("、" if self.lang == "zh" else ", ").join(self.missing_checklists())

    @property
    def draft(self) -> bool:
        """An unsigned or incomplete report: "草稿 / 未完成" goes on every page."""
        return not self.data.final or bool(self.open_items())

    def finding_ref(self, finding: Finding) -> str:
        """The finding's number in this report, e.g. ``F3``."""
        return f"F{self.finding_no[finding.key()]}"

    def row_findings(self, checklist_id: str, item_id: str) -> dict[int, list[Finding]]:
        """The findings of each row of a table item."""
        rows: dict[int, list[Finding]] = defaultdict(list)
        result = self.data.results.checklists.get(checklist_id)
        for finding in result.findings if result else ():
            if finding.item == item_id and finding.row is not None:
                rows[finding.row].append(finding)
        return rows


def build_context(data: ReportData) -> ReportContext:
    """Number the findings (F1…) and the tables (1…) of ``data`` in report order."""
    finding_no = {f.key(): i for i, f in enumerate(data.results.findings, start=1)}
    table_no: dict[TableKey, int] = {}
    for cl_id in data.results.checklists:
        checklist = data.checklists.get(cl_id)
        for item in checklist.items() if checklist else ():
            if item.is_table:
                table_no[(cl_id, item.id)] = len(table_no) + 1
    answers = embedded_answers_bytes(data.document, data.checklists)
    return ReportContext(data, answers, finding_no, table_no)


def item_label(item: Item, lang: str) -> str:
    """An item's or column's label in ``lang``."""
    return item.label.get(lang)
