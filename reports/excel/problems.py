"""Import problems and the one exception that rejects a whole spreadsheet import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checklists.foundation.errors import InputError
from checklists.idnumber import mask_ids_in


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong (or, as a warning, odd) in an imported sheet.

    ``row`` is the sheet's 1-based row number and ``column`` the header label as written in
    the file (with its column letter); both are None for problems of the whole file or sheet.
    ``value`` is the offending cell as text ('' when there is none).
    """

    sheet: str
    row: int | None
    column: str | None
    value: str
    zh: str
    en: str

    def __post_init__(self) -> None:
        # A problem is shown, logged and sent as --json: an ID number quoted anywhere in it
        # (the cell, or the reason quoting the cell) is masked, as in every report.
        for name in ("sheet", "column", "value", "zh", "en"):
            text = getattr(self, name)
            if text:
                object.__setattr__(self, name, str(mask_ids_in(text)))

    def text(self, lang: str = "zh") -> str:
        """One line for people: where, the reason and the value."""
        where = self._where(lang)
        reason = self.en if lang == "en" else self.zh
        shown = ""
        if self.value:
            shown = f" (value: {self.value})" if lang == "en" else f"（值：{self.value}）"
        return f"{where}{reason}{shown}"

    def _where(self, lang: str) -> str:
        parts: list[str] = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'" if lang == "en" else f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"row {self.row}" if lang == "en" else f"第 {self.row} 行")
        if self.column:
            parts.append(f"column {self.column}" if lang == "en" else f"列 {self.column}")
        if not parts:
            return ""
        return (", ".join(parts) + ": ") if lang == "en" else ("，".join(parts) + "：")

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` form of the problem."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": {"zh": self.zh, "en": self.en},
        }


class ImportRejected(InputError):
    """A spreadsheet import refused as a whole: nothing was stored; ``problems`` lists every reason."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        zh = "\n".join(p.text("zh") for p in self.problems)
        en = "\n".join(p.text("en") for p in self.problems)
        super().__init__(
            f"导入被拒绝，未导入任何数据（{count} 处问题）：\n{zh}",
            f"Import rejected, nothing was imported ({count} problem(s)):\n{en}",
        )


def file_problem(zh: str, en: str) -> ImportRejected:
    """An ImportRejected for a problem of the whole file (not an xlsx, too large, damaged …)."""
    return ImportRejected([ImportProblem("", None, None, "", zh, en)])
