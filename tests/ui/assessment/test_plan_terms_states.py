"""The Qt-free helpers of the UI: plan clauses, school terms, item states."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from checklists.model import Item, Text
from checklists.results import ItemResult
from ui.assessment.item_states import (
    AMBER,
    GREEN,
    OPEN,
    RED,
    is_not_relevant,
    item_state,
    needs_attention,
)
from ui.assessment.plan_text import clause_text, clause_title, parse_plan, plan_clauses
from ui.home.school_terms import current_term


def test_parse_plan_keeps_numbered_lines_only() -> None:
    text = "前言。\n一、加强安全\n1.第一条。细则。\n2.第二条\n十、标题\n12.第十二条。"
    assert parse_plan(text) == {1: "第一条。细则。", 2: "第二条", 12: "第十二条。"}


def test_the_bundled_plan_has_82_clauses() -> None:
    clauses = plan_clauses()
    assert sorted(clauses) == list(range(1, 83))
    assert "45周岁以下" in (clause_text(75) or "")
    assert clause_title(75) == "加强学校安保工作。"
    assert clause_text(99) is None


def test_missing_plan_file_gives_no_clauses(tmp_path: Path) -> None:
    assert plan_clauses.__wrapped__(tmp_path / "none.txt") == {}


def test_terms() -> None:
    assert current_term(date(2024, 3, 1)) == ("2024年春季学期", date(2024, 7, 31))
    assert current_term(date(2024, 9, 10)) == ("2024年秋季学期", date(2025, 1, 31))
    assert current_term(date(2025, 1, 5), "en") == ("Autumn term 2024", date(2025, 1, 31))


def _item(required: bool = True, type_: str = "yes_no") -> Item:
    return Item(id="x", type=type_, label=Text("某项", "An item"), required=required)  # type: ignore[arg-type]


def test_item_states() -> None:
    assert item_state(_item(), ItemResult("x", "fail", False, finding_count=1)) == RED
    assert item_state(_item(), ItemResult("x", "unanswered")) == AMBER
    assert item_state(_item(), ItemResult("x", "invalid", 3)) == AMBER
    assert item_state(_item(required=False), ItemResult("x", "unanswered")) == OPEN
    assert item_state(_item(), ItemResult("x", "pass", True)) == GREEN
    assert is_not_relevant(_item(), ItemResult("x", "not_applicable"))
    assert not is_not_relevant(_item(), ItemResult("x", "not_applicable", "na"))
    assert needs_attention(_item(required=False), ItemResult("x", "unanswered"))
    assert not needs_attention(
        _item(type_="note"), ItemResult("x", "not_applicable", counted=False)
    )
