"""The findings sheet's rows of the reports a run checks, made while its workers check them.

The command's process mostly waits while the worker processes check the files; after the last
one it writes the summary, alone. The rows each accepted report gives the workbook's findings
sheet (the bulk of the workbook) are made in the waiting, as the report arrives: templates
(fastrows.RowXml: marks for the row numbers and the style ids) kept in a temporary file, one
block per report, by its content's SHA-256. The workbook takes a school's block when its report
is one of these and reads any other school's findings from the store, as it does without them.
The rows are the very same: the cells are made by the same code (xlsx.FindingCells) from the
values the report stores (records.finding_records), in the order the summary gives them.
"""

from __future__ import annotations

import tempfile
from typing import IO, Any

from checklists.registry import builtin_checklists
from reports.aggregate.facts import FileOutcome
from reports.aggregate.fastrows import ROW_MARK, RowXml
from reports.aggregate.records import FINDING_COLUMNS as STORED
from reports.aggregate.records import stored_finding_rows
from reports.aggregate.rows import FINDING_RECORD, checklist_title
from reports.aggregate.xlsx import FINDING_COLUMNS, FindingCells

# Where each column of FINDING_RECORD is in a stored row (records.FINDING_COLUMNS).
_FROM_STORED = [STORED.index(name) for name in FINDING_RECORD]


class PreparedFindings:
    """Findings-sheet rows in ``lang``, by the SHA-256 of the report they come from."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._xml = RowXml(None, [c.wrap for c in FINDING_COLUMNS])
        self._cells = FindingCells(lang, checklist_title)
        self._builtin = {cid: i for i, cid in enumerate(builtin_checklists())}
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="campus-findings-")  # noqa: SIM115 - closed by close()
        self._end = 0
        self._blocks: dict[str, tuple[int, int]] = {}  # SHA-256 → (offset, length)
        self._broken = False  # the temporary file failed: nothing is made any more

    def add(self, outcome: FileOutcome) -> None:
        """Make the rows of an accepted report (once per content). A report with a finding
        of a checklist it gives no verdict on is left to the store: the summary orders such a
        finding by the checklists of all its reports."""
        report, sha = outcome.report, outcome.sha256
        if self._broken or outcome.status != "accepted" or report is None or sha is None:
            return
        if sha in self._blocks:
            return
        judged = {c.checklist for c in report.checklists}
        if not report.findings or any(f.checklist not in judged for f in report.findings):
            return
        stored = finding_records(outcome)
        # The summary's order: its checklists (the built-in ones in their order, then the
        # others by id), then each finding's position in the report.
        builtin, others = self._builtin, len(self._builtin)
        stored.sort(key=lambda r: (builtin.get(r[1], others), r[1], r[3]))
        school = (report.school_name, report.school_code, report.district, report.period)
        block = ROW_MARK.join(self._xml.template(self._cells.of(*school, r)) for r in stored)
        data = block.encode("utf-8")
        try:
            self._file.seek(self._end)
            self._file.write(data)
        except OSError:  # e.g. a full disk: the workbook reads every school from the store
            self._blocks.clear()
            self._broken = True
            return
        self._blocks[sha] = (self._end, len(data))
        self._end += len(data)

    def rows_of(self, sha256: str) -> str | None:
        """The block of rows of the report with that content (None: not made here)."""
        found = self._blocks.get(sha256)
        if found is None:
            return None
        try:
            self._file.seek(found[0])
            return self._file.read(found[1]).decode("utf-8")
        except OSError:  # the store has the same findings
            return None

    def close(self) -> None:
        """Remove the temporary file."""
        self._file.close()
        self._blocks.clear()


def finding_records(outcome: FileOutcome) -> list[tuple[Any, ...]]:
    """The report's findings as the store keeps them, in FINDING_RECORD's order (what the
    summary reads back)."""
    return [tuple(row[i] for i in _FROM_STORED) for row in stored_finding_rows(0, outcome)]
