"""The answers document (campus-selfcheck/answers@1): strict parsing, value checking, JSON form."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from checklists.answers_json import text_character_problem
from checklists.foundation import limits
from checklists.model import Item

FORMAT_TAG = "campus-selfcheck/answers@1"
# ASCII digits only: Python's \d also takes full-width ０-９ and other scripts' digits.
SCHOOL_CODE_RE = re.compile(r"^[0-9]{10}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def normalise_school_code(code: str) -> str:
    """A school code as typed, in plain digits: full-width ０-９ (a Chinese input method's
    full-width mode) become 0-9 (NFKC), everywhere a code is read — the answers document, the
    app's profile form and the office's list of expected schools — so they agree on it."""
    return unicodedata.normalize("NFKC", code)


# In a text of one line, beyond the answers document's rule (text_character_problem): the line
# breaks and tab it allows in longer texts, and DEL.
_NOT_IN_LINE = re.compile("[\t\n\r\x7f]")


def text_problem(value: str, limit: int, *, lines: bool = False) -> Problem | None:
    """Why ``value`` cannot be a text of at most ``limit`` characters (one line unless
    ``lines``), or None: the answers document's rule for its texts (text_character_problem),
    for every other way in (the app's own edits, photo captions, school lists, signing
    identities). A text with ``lines`` is held to exactly the document's rule."""
    if len(value) > limit:
        return (
            f"文本过长（{len(value)} 字，最多 {limit} 字）",
            f"text too long ({len(value)} characters; at most {limit})",
        )
    problem = text_character_problem(value)
    if problem is not None or lines:
        return problem
    bad = _NOT_IN_LINE.search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        return (
            f"文本应为一行，不能含换行、制表符或控制字符（{code}，位于第 {bad.start() + 1} 字）",
            f"the text must be one line, without a line break, tab or control character"
            f" ({code} at character {bad.start() + 1})",
        )
    return None


# Line breaks as other programs write them: Word's manual line break (vertical tab), its page
# and section breaks (form feed), Unicode's line and paragraph separators, and NEL.
_PASTED_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_LINE_BREAK_OR_TAB = re.compile("[\n\t]")


def tidy_typed_text(text: str, *, lines: bool) -> str:
    """``text`` as typed or pasted, with the harmless line breaks of other programs made plain:
    in a text with ``lines``, each becomes a line feed (tab kept); in a text of one line, each
    line break and tab becomes a space. Any other control character stays, for
    :func:`text_problem` to refuse with its position (it is no break the person meant)."""
    text = _PASTED_BREAKS.sub("\n", text)
    return text if lines else _LINE_BREAK_OR_TAB.sub(" ", text)


def school_code_problem(code: str) -> Problem | None:
    """Why ``code`` (already normalised) is not a school code, or None."""
    if SCHOOL_CODE_RE.match(code):
        return None
    return ("学校代码应为 10 位数字", "the school code must be 10 digits")


RECTIFICATION_STATUSES = ("open", "in_progress", "done")
MAX_TEXT = limits.MAX_TEXT_LENGTH
NA = "na"

Problem = tuple[str, str]  # (zh, en)


@dataclass(frozen=True)
class School:
    """The school profile carried by every answers document."""

    name: str
    code: str
    stage: str
    enrollment: int
    district: str = ""
    boarding_students: int = 0
    principal: str = ""
    contact: str = ""
    # Schools with a primary and a secondary part (九年一贯制, 十二年一贯制) may give each part's
    # enrolment; each is then held to its own threshold. None: only the total is given.
    enrollment_primary: int | None = None
    enrollment_secondary: int | None = None


SCHOOL_FIELDS: tuple[str, ...] = (
    "name", "code", "stage", "enrollment", "district", "boarding_students", "principal", "contact",
    "enrollment_primary", "enrollment_secondary",
)  # fmt: skip
# Stages with a primary and a secondary part, whose enrolment may be given by part.
SPLIT_ENROLLMENT_STAGES: tuple[str, ...] = ("nine_year", "twelve_year")
OPTIONAL_SCHOOL_FIELDS: tuple[str, ...] = ("enrollment_primary", "enrollment_secondary")


def school_to_json(school: object) -> dict[str, Any]:
    """The ``school`` object of an answers document, from a School (or a row with its fields);
    the enrolment by part only when it is given."""
    out = {f: getattr(school, f, None) for f in SCHOOL_FIELDS}
    for f in OPTIONAL_SCHOOL_FIELDS:
        if out[f] is None:
            del out[f]
    return out


@dataclass(frozen=True)
class Rectification:
    """The school's plan to correct a finding (整改)."""

    measure: str = ""
    responsible: str = ""
    due_date: date | None = None
    status: str = "open"


@dataclass(frozen=True)
class PhotoNote:
    """A photo of an item (``code`` None) or of one finding (its code, and ``row`` for a table),
    named by the SHA-256 of its original file."""

    checklist: str
    item: str
    name: str
    sha256: str
    size: int
    code: str | None = None
    row: int | None = None
    taken_at: datetime | None = None
    caption: str = ""


@dataclass(frozen=True)
class FindingNote:
    """The school's explanation and rectification for one finding."""

    checklist: str
    code: str
    item: str
    row: int | None
    explanation: str = ""
    rectification: Rectification | None = None


@dataclass(frozen=True)
class AnswersDocument:
    """A validated answers document; values are normalised (dates as ``date``)."""

    school: School
    period: str
    reference_date: date
    checklists: Mapping[str, Mapping[str, Any]]
    item_notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    finding_notes: tuple[FindingNote, ...] = ()
    # Photos travel only in an exported document (``export-json``), as references by content
    # hash to the files written beside it; reports and carried-forward copies leave them out.
    photos: tuple[PhotoNote, ...] = ()


def parse_iso_date(raw: object) -> date | None:
    """A ``date`` from a date object or an ISO ``YYYY-MM-DD`` string, else None."""
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return None
    return None


def _is_number(raw: object) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw)


def _check_range(item: Item, value: float) -> Problem | None:
    if item.min is not None and value < item.min:
        return (f"不能小于 {item.min:g}", f"must be at least {item.min:g}")
    if item.max is not None and value > item.max:
        return (f"不能大于 {item.max:g}", f"must be at most {item.max:g}")
    return None


def _coerce_scalar(item: Item, raw: object) -> tuple[Any, Problem | None]:
    """Check one non-table value against its item type; return (normalised value, problem)."""
    kind = item.type
    if kind == "yes_no":
        if isinstance(raw, bool) or (raw == NA and item.allow_na):
            return raw, None
        allowed = 'true / false / "na"' if item.allow_na else "true / false"
        return None, (f"应为是/否（{allowed}）", f"must be a yes/no value ({allowed})")
    if kind == "integer":
        if _is_number(raw) and float(raw).is_integer():  # type: ignore[arg-type]
            value = int(raw)  # type: ignore[call-overload]
            return value, _check_range(item, value)
        return None, ("应为整数", "must be a whole number")
    if kind == "decimal":
        if _is_number(raw):
            value_f = float(raw)  # type: ignore[arg-type]
            return value_f, _check_range(item, value_f)
        return None, ("应为数字", "must be a number")
    if kind == "date":
        parsed = parse_iso_date(raw)
        if parsed is None:
            return None, ("应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD")
        return parsed, None
    if kind in ("text", "id_number"):
        if not isinstance(raw, str):
            return None, ("应为文本", "must be text")
        if len(raw) > MAX_TEXT:
            return None, (f"文本过长（超过 {MAX_TEXT} 字）", f"text too long (over {MAX_TEXT})")
        # Text is kept without its surrounding spaces; blank text is no answer (None), here
        # for every way in (validate, import, the forms), so "   " never passes as an answer.
        text = raw.strip()
        return (text or None), None
    if kind == "single_choice":
        values = [c.value for c in item.choices]
        if isinstance(raw, str) and raw in values:
            return raw, None
        return None, (f"应为以下之一：{'、'.join(values)}", f"must be one of: {', '.join(values)}")
    if kind == "multi_choice":
        return _coerce_multi(item, raw)
    if kind == "evidence":
        return _coerce_evidence(raw)
    return None, ("此项不可填写", "this item cannot be answered")


def _coerce_multi(item: Item, raw: object) -> tuple[Any, Problem | None]:
    values = [c.value for c in item.choices]
    if isinstance(raw, list) and all(isinstance(v, str) and v in values for v in raw):
        if len(set(raw)) != len(raw):
            return None, ("选项重复", "a choice is repeated")
        return tuple(raw), None
    return None, (
        f"应为选项列表，选项取自：{'、'.join(values)}",
        f"must be a list of choices from: {', '.join(values)}",
    )


def _coerce_evidence(raw: object) -> tuple[Any, Problem | None]:
    bad: Problem = (
        "应为附件列表，每项含 name 与 sha256",
        "must be a list of files, each with name and sha256",
    )
    if not isinstance(raw, list):
        return None, bad
    out = []
    for entry in raw:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("sha256"), str)
            and SHA256_RE.match(entry["sha256"])
            and set(entry) <= {"name", "sha256", "size"}
            and (entry.get("size") is None or (_is_number(entry["size"]) and entry["size"] >= 0))
        ):
            return None, bad
        out.append({k: entry[k] for k in ("name", "sha256", "size") if k in entry})
    return tuple(out), None


def check_value(item: Item, raw: object, path: str) -> tuple[Any, list[tuple[str, str, str]]]:
    """Check ``raw`` as the answer to ``item``; return (normalised value, problems with paths).

    None means unanswered and is always accepted. Table rows are checked column by column.
    """
    if raw is None:
        return None, []
    if not item.answerable:
        what = ("计算项不可填写", "a calculated item cannot be answered")
        if item.type == "note":
            what = ("说明项不可填写", "a note cannot be answered")
        return None, [(path, *what)]
    if item.is_table:
        return _check_table(item, raw, path)
    value, problem = _coerce_scalar(item, raw)
    return value, ([(path, *problem)] if problem else [])


def _check_table(item: Item, raw: object, path: str) -> tuple[Any, list[tuple[str, str, str]]]:
    if not isinstance(raw, list):
        return None, [(path, "应为行的列表", "must be a list of rows")]
    problems: list[tuple[str, str, str]] = []
    rows = []
    columns = {c.id: c for c in item.columns}
    for index, row in enumerate(raw):
        row_path = f"{path}[{index}]"
        if not isinstance(row, dict):
            problems.append((row_path, "每行应为对象", "each row must be an object"))
            continue
        clean: dict[str, Any] = {}
        for key, cell in row.items():
            column = columns.get(key)
            if column is None:
                problems.append((f"{row_path}.{key}", "未知的列", "unknown column"))
                continue
            value, cell_problems = check_value(column, cell, f"{row_path}.{key}")
            problems.extend(cell_problems)
            if value is not None:
                clean[key] = value
        rows.append(clean)
    return tuple(rows), problems


def value_to_json(value: Any) -> Any:
    """The JSON form of a normalised value (dates → ISO strings, tuples → lists)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [value_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: value_to_json(v) for k, v in value.items()}
    return value
