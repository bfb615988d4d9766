"""Stored values read back: the school profile and answers, normalised as when they were saved.

Shared by the operations (through a Session) and the read-only store of models.reading (through
sqlite3), so both read a self-check alike.
"""

from __future__ import annotations

import json
from typing import Any

from checklists.answers import SCHOOL_FIELDS, School
from checklists.foundation.errors import InputError
from checklists.model import Item


def school_from_json(text: str) -> School:
    """A school profile from its stored JSON."""
    raw = json.loads(text)
    return School(**{f: raw[f] for f in SCHOOL_FIELDS if f in raw})


def check(item: Item, raw: object, path: str) -> Any:
    """The normalised value of ``raw`` for ``item``; InputError naming every problem otherwise."""
    from checklists.answers import check_value

    value, problems = check_value(item, raw, path)
    if problems:
        zh = "\n".join(f"{p}: {z}" for p, z, _ in problems)
        en = "\n".join(f"{p}: {e}" for p, _, e in problems)
        raise InputError(f"填写有误：\n{zh}", f"Invalid value:\n{en}")
    return value
