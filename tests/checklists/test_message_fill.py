"""A finding's message written by the generated function (both languages at once) reads exactly
as the placeholder-by-placeholder fill writes it: every built-in rule, values of every kind,
names left unknown, a name that fails."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from checklists.evaluator import _fill, _messenger, _template
from checklists.foundation.errors import ExpressionError
from checklists.model import Text
from checklists.registry import builtin_checklists

VALUES: list[Any] = [None, True, False, 1.5, 3.0, 7, "王五", date(2021, 1, 2), [1], "{age}"]
VALUES.append(datetime(2021, 1, 2, 8, 30))


class Scope:
    def __init__(self, found: dict[str, Any]) -> None:
        self.found = found

    def get(self, name: str) -> Any:
        return self.found[name]  # KeyError for a name not given


def test_a_placeholder_the_scope_does_not_know_is_left_as_written() -> None:
    made = _messenger(Text("{name}：{age} 周岁", "{a} {b}"))(
        Scope({"age": 56, "a": True, "b": 0.5})
    )
    assert made == Text("{name}：56 周岁", "yes 0.5")
    assert _messenger(Text("无占位符", "no placeholder"))(Scope({})) == Text(
        "无占位符", "no placeholder"
    )


def _pairs() -> list[Text]:
    out = []
    for checklist in builtin_checklists().values():
        for item in checklist.items():
            out += [r.message for r in (*item.rules, *(r for c in item.columns for r in c.rules))]
    return out


class Failing(Scope):
    """A scope one of whose names cannot be computed (a calculated column that fails)."""

    def __init__(self, found: dict[str, Any], failing: str) -> None:
        super().__init__(found)
        self.failing = failing

    def get(self, name: str) -> Any:
        if name == self.failing:
            raise ExpressionError(f"{name} 出错", f"{name} fails", name, None)
        return super().get(name)


@pytest.mark.parametrize("message", _pairs(), ids=lambda m: m.en[:40])
def test_generated_message_writes_both_languages_as_fill(message: Text) -> None:
    names = [n for text in (message.zh, message.en) for _, n in _template(text) if n]
    for shift in range(len(VALUES)):
        found = {
            name: VALUES[(shift + i) % len(VALUES)]
            for i, name in enumerate(names)
            if (shift + i) % 4
        }
        made = _messenger(message)(Scope(found))
        assert made == Text(
            _fill(message.zh, Scope(found), "zh"), _fill(message.en, Scope(found), "en")
        )
        assert type(made) is Text and hash(made) == hash(Text(made.zh, made.en))
    for failing in names:  # a name that fails: the same error as filling would raise
        with pytest.raises(ExpressionError) as made_error:
            _messenger(message)(Failing({}, failing))
        with pytest.raises(ExpressionError) as fill_error:
            _fill(message.zh, Failing({}, failing), "zh")
            _fill(message.en, Failing({}, failing), "en")
        assert str(made_error.value) == str(fill_error.value)
