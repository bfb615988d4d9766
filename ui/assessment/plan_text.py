"""The work plan's clauses (第N条) by number, read from resources/plan (Qt-free, read once)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

PLAN_PATH = (
    Path(__file__).resolve().parents[2] / "resources" / "plan" / "dongguan-2021-workplan.txt"
)
_CLAUSE = re.compile(r"^(\d{1,3})\.(.+)$")


def parse_plan(text: str) -> dict[int, str]:
    """Clause number → its full text, from the plan's lines "N.text" (other lines are headings)."""
    clauses: dict[int, str] = {}
    for line in text.splitlines():
        match = _CLAUSE.match(line.strip())
        if match:
            clauses[int(match.group(1))] = match.group(2).strip()
    return clauses


@lru_cache(maxsize=1)
def plan_clauses(path: Path = PLAN_PATH) -> dict[int, str]:
    """The plan's clauses (empty when the file is missing: the app still works without it)."""
    try:
        return parse_plan(path.read_text(encoding="utf-8"))
    except OSError:
        return {}


def clause_text(number: int) -> str | None:
    """The full text of 第``number``条, or None when the plan has no such clause."""
    return plan_clauses().get(number)


def clause_title(number: int) -> str:
    """The first sentence of a clause (its heading, e.g. "加强校园安全管理。"), "" when unknown."""
    text = clause_text(number) or ""
    end = text.find("。")
    return text[: end + 1] if end >= 0 else text
