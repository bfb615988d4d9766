"""Turning XLSForm cells into values: names, yes/no, numbers, clauses (第N条) and zh/en texts."""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from checklists.model import PLAN_CLAUSES, Text
from checklists.xlsform.book import Cell, Row, SheetProblems

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
TRUE_WORDS = frozenset({"yes", "true", "true()", "1", "y", "是"})
FALSE_WORDS = frozenset({"no", "false", "false()", "0", "n", "否"})
_CLAUSE_SPLIT = re.compile(r"[,，、;；\s]+")


def cell_text(value: Cell) -> str | None:
    """A cell as stripped text (numbers without a trailing .0, dates as ISO); None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return str(int(value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def ident(row: Row, key: str, what: str, p: SheetProblems) -> str | None:
    """A name from the cell ``key``, as pyxform allows it (letters, digits, _ and -).

    Capitals stay; a hyphen becomes ``_`` (our expressions cannot hold one), with a notice.
    """
    raw = cell_text(row.get(key))
    if raw is None:
        p.report(row.loc(key), f"缺少{what}", f"missing {what}")
        return None
    if not NAME_RE.match(raw):
        p.report(
            row.loc(key),
            f"{what} '{raw}' 应以字母或下划线开头，只含字母、数字、下划线和连字符（-）",
            f"{what} '{raw}' must start with a letter or _ and hold only letters, digits, _ and -",
        )
        return None
    name = plain_name(raw)
    if name != raw:
        p.notice(
            row.loc(key),
            f"{what} '{raw}' 按 '{name}' 读取（连字符改为下划线）",
            f"{what} '{raw}' is read as '{name}' (hyphens become underscores)",
        )
    return name


def plain_name(raw: str) -> str:
    """A pyxform name as our expressions can refer to it: ``has-plan`` → ``has_plan``."""
    return raw.replace("-", "_")


def boolean(row: Row, key: str, p: SheetProblems) -> bool:
    """An XLSForm yes/no cell (yes, true, TRUE, true(), 1 / no, false, blank)."""
    value = row.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    text = (cell_text(value) or "").lower()
    if text in TRUE_WORDS or text in FALSE_WORDS:
        return text in TRUE_WORDS
    if "$" in text or "(" in text:
        p.report(
            row.loc(key),
            f"不支持的 XLSForm 功能：{key} 中的表达式（有条件的{key}）；应为 yes 或 no",
            f"XLSForm feature not supported: an expression in {key} (conditional {key}); "
            "use yes or no",
        )
        return False
    p.report(
        row.loc(key),
        f"{key} 应为 yes 或 no，而不是 '{text}'",
        f"{key} must be yes or no, not '{text}'",
    )
    return False


def number(row: Row, key: str, p: SheetProblems) -> float | None:
    """A number cell (or text holding a number); None when empty or wrong."""
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    try:
        parsed = float(str(value).strip())
        if math.isfinite(parsed):
            return parsed
    except ValueError:
        pass
    p.report(row.loc(key), f"{key} 应为数字", f"{key} must be a number")
    return None


def clauses(row: Row, key: str, p: SheetProblems) -> tuple[int, ...]:
    """Plan clauses from "75", "72,73", "第75条" or "第72、73条"; each must be in 1..82."""
    text = cell_text(row.get(key))
    if text is None:
        return ()
    parts = [s for s in _CLAUSE_SPLIT.split(text.replace("第", " ").replace("条", " ")) if s]
    if not parts or not all(s.isascii() and s.isdigit() and len(s) < 6 for s in parts):
        p.report(
            row.loc(key),
            f"条款应写成 75、72,73 或 第72、73条，而不是 '{text}'",
            f"clauses must look like 75, 72,73 or 第72、73条, not '{text}'",
        )
        return ()
    out = []
    for n in map(int, parts):
        if n in PLAN_CLAUSES:
            out.append(n)
        else:
            p.report(
                row.loc(key), f"条款 第{n}条 超出范围（1–82）", f"clause {n} out of range (1..82)"
            )
    return tuple(out)


def text(row: Row, base: str, default_lang: str) -> Text | None:
    """The zh/en text of a translatable column; one language fills in for a missing other.

    ``label::中文 (zh)`` and ``label::English (en)`` are the translations. A plain ``label`` is
    in ``default_lang`` ("zh"/"en"); when the form names no default language (``""``) it fills
    whichever of Chinese and English is missing, so it is never lost. A translation into any
    other language is used only when neither Chinese nor English is given.
    """
    found: dict[str, str] = {}
    for lang in ("zh", "en"):
        raw = row.get(f"{base}::{lang}")
        if raw is not None:
            found[lang] = _as_text(raw)
    plain = row.get(base)
    if plain is not None:
        order = [default_lang] if default_lang in ("zh", "en") else []
        for lang in [*order, "zh", "en"]:
            if lang not in found:
                found[lang] = _as_text(plain)
                break
    if not found:
        other = next((v for k, v in row.cells.items() if k.startswith(f"{base}::?")), None)
        if other is not None:
            found["zh"] = _as_text(other)
    if not found:
        return None
    zh = found.get("zh", found.get("en", ""))
    return Text(zh, found.get("en", zh))


def _as_text(raw: Cell) -> str:
    return raw if isinstance(raw, str) else cell_text(raw) or ""
