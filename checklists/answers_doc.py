"""Parsing a whole answers document (top level, school, notes) into an ``AnswersDocument``."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from checklists.answers import (
    FORMAT_TAG,
    MAX_TEXT,
    NA,
    OPTIONAL_SCHOOL_FIELDS,
    RECTIFICATION_STATUSES,
    SCHOOL_CODE_RE,
    SCHOOL_FIELDS,
    SPLIT_ENROLLMENT_STAGES,
    AnswersDocument,
    FindingNote,
    PhotoNote,
    Rectification,
    School,
    check_value,
    normalise_school_code,
    parse_iso_date,
    school_to_json,
    text_problem,
    value_to_json,
)
from checklists.answers_json import check_structure, decode_document
from checklists.foundation import limits
from checklists.foundation.errors import AnswersError, InputError
from checklists.foundation.files import read_input_bytes, require_regular_file
from checklists.model import STAGES, Checklist, Item

TOP_KEYS = {
    "format",
    "school",
    "period",
    "reference_date",
    "checklists",
    "item_notes",
    "finding_notes",
    "photos",
}
SCHOOL_KEYS = set(SCHOOL_FIELDS)
NOTE_KEYS = {"checklist", "code", "item", "row", "explanation", "rectification"}
RECT_KEYS = {"measure", "responsible", "due_date", "status"}
PHOTO_KEYS = {"checklist", "item", "code", "row", "name", "sha256", "size", "taken_at", "caption"}
_SHA256_RE = re.compile(r"[0-9a-f]{64}")


# The quick reading of an answer: what checklists.answers.check_value gives for an answer it
# finds nothing wrong with, told without the paths it builds to name problems (a table's rows
# and cells included). _SLOW when the answer is of another kind or has anything doubtful:
# check_value then reads it (and names its problems). tests/checklists/test_quick_answers.py
# attacks the two against each other.
_SLOW: Any = object()
# Kinds of answer the quick reading takes (any other: check_value).
_TEXT, _YES_NO, _DATE, _CHOICE, _INTEGER, _DECIMAL, _TABLE = range(7)
_KINDS = {
    "text": _TEXT,
    "id_number": _TEXT,
    "yes_no": _YES_NO,
    "date": _DATE,
    "single_choice": _CHOICE,
    "integer": _INTEGER,
    "decimal": _DECIMAL,
    "table": _TABLE,
}
# Whole numbers read quickly only within this (a larger one: check_value, as it always was).
_QUICK_INT = 2**53
# An item's: itself, its kind, its choices, and for a table its columns' plans by column id.
Plan = tuple[Item, int | None, frozenset[str], dict[str, Any]]
# Per item (by identity, the item kept so that its id is not reused) its plan; per checklist
# its items by id.
_PLANS: dict[int, Plan] = {}
_ITEMS: dict[int, tuple[Checklist, dict[str, Item]]] = {}


def _items_by_id(checklist: Checklist) -> dict[str, Item]:
    found = _ITEMS.get(id(checklist))
    if found is not None and found[0] is checklist:
        return found[1]
    items = {item.id: item for item in checklist.items()}
    if len(_ITEMS) > 64:
        _ITEMS.clear()
    _ITEMS[id(checklist)] = (checklist, items)
    return items


def _plan(item: Item) -> Plan:
    found = _PLANS.get(id(item))
    if found is not None and found[0] is item:
        return found
    kind = _KINDS.get(item.type) if item.answerable else None
    choices = frozenset(c.value for c in item.choices if isinstance(c.value, str))
    plan = (item, kind, choices, {c.id: _plan(c) for c in item.columns})
    if len(_PLANS) > 4096:
        _PLANS.clear()
    _PLANS[id(item)] = plan
    return plan


def _within(item: Item, value: float) -> bool:
    return (item.min is None or not value < item.min) and (item.max is None or not value > item.max)


def _quick_value(item: Item, raw: Any) -> Any:
    """check_value(item, raw)'s value when it finds no problem; _SLOW when unsure."""
    return None if raw is None else _quick(_plan(item), raw)


def _quick(plan: Plan, raw: Any) -> Any:
    item, kind, choices, columns = plan
    kind_of_raw = type(raw)
    if kind == _TEXT:
        if kind_of_raw is str and len(raw) <= MAX_TEXT:
            return raw.strip() or None
    elif kind == _YES_NO:
        if kind_of_raw is bool or (raw == NA and item.allow_na):
            return raw
    elif kind == _DATE:
        if kind_of_raw is str:
            parsed = parse_iso_date(raw)
            if parsed is not None:
                return parsed
    elif kind == _CHOICE:
        if kind_of_raw is str and raw in choices:
            return raw
    elif kind == _INTEGER:
        if kind_of_raw is int and -_QUICK_INT <= raw <= _QUICK_INT and _within(item, raw):
            return raw
    elif kind == _DECIMAL:
        if (kind_of_raw is int and -_QUICK_INT <= raw <= _QUICK_INT) or (
            kind_of_raw is float and math.isfinite(raw)
        ):
            value = float(raw)
            if _within(item, value):
                return value
    elif kind == _TABLE and kind_of_raw is list:
        return _quick_rows(columns, raw)
    return _SLOW


def _quick_rows(columns: dict[str, Plan], raw: list[Any]) -> Any:
    rows = []
    for row in raw:
        if type(row) is not dict:
            return _SLOW
        clean: dict[str, Any] = {}
        for key, cell in row.items():
            column = columns.get(key)
            if column is None:
                return _SLOW
            if cell is None:
                continue
            value = _quick(column, cell)
            if value is _SLOW:
                return _SLOW
            if value is not None:
                clean[key] = value
        rows.append(clean)
    return tuple(rows)


class DocumentParser:
    """Collects every problem of one document, each with its path (e.g. ``school.code``)."""

    def __init__(
        self, checklists: Mapping[str, Checklist], file: str = "", *, recorded: bool = False
    ) -> None:
        self.checklists = checklists
        self.file = file  # named in the error, when the document came from a file
        # A document already signed or submitted is read as it was made: the rules of entry
        # (an enrolment of at least 1) are for what is entered now, not for old records.
        self.recorded = recorded
        self.problems: list[tuple[str, str, str]] = []

    def bad(self, path: str, zh: str, en: str) -> None:
        """Record one problem."""
        self.problems.append((path, zh, en))

    def parse(self, doc: object, *, structure_checked: bool = False) -> AnswersDocument:
        """The validated document, or AnswersError listing every problem.

        The limits of checklists.foundation.limits (nesting, number and text sizes, duplicate keys,
        invalid characters) are checked first, on any decoded document; ``structure_checked``:
        the caller has checked them on ``doc`` already (structure_problems found nothing).
        """
        if not structure_checked:
            check_structure(doc, self.file)
        if not isinstance(doc, dict):
            raise AnswersError(
                [("$", "答案文件应为 JSON 对象", "the document must be a JSON object")], self.file
            )
        if doc.get("format") != FORMAT_TAG:
            self.bad("format", f"格式标记应为 {FORMAT_TAG}", f"the format tag must be {FORMAT_TAG}")
        for key in sorted(set(doc) - TOP_KEYS):
            self.bad(key, "未知的字段", "unknown key")
        school = self._school(doc.get("school"))
        period = doc.get("period")
        if isinstance(period, str) and (problem := _line_problem(period, limits.MAX_SHORT_TEXT)):
            self.bad("period", *problem)
        elif not isinstance(period, str) or not period.strip():
            self.bad(
                "period",
                "缺少检查周期（如 2021年秋季学期）",
                "missing period (e.g. 2021 autumn term)",
            )
        ref = parse_iso_date(doc.get("reference_date"))
        if ref is None:
            self.bad("reference_date", "应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD")
        answers = self._checklists(doc.get("checklists"))
        item_notes = self._item_notes(doc.get("item_notes", {}))
        finding_notes = self._finding_notes(doc.get("finding_notes", []), answers)
        photos = self._photos(doc.get("photos", []), answers)
        if self.problems or school is None or ref is None:
            raise AnswersError(self.problems, self.file)
        return AnswersDocument(
            school, str(period).strip(), ref, answers, item_notes, finding_notes, photos
        )

    def _school(self, raw: object) -> School | None:
        if not isinstance(raw, dict):
            self.bad("school", "缺少学校信息", "missing school profile")
            return None
        before = len(self.problems)
        for key in sorted(set(raw) - SCHOOL_KEYS):
            self.bad(f"school.{key}", "未知的字段", "unknown key")
        for key in ("name", "district", "principal", "contact"):
            limit = limits.MAX_NAME_LENGTH if key == "name" else limits.MAX_SHORT_TEXT
            if key in raw and not isinstance(raw[key], str):
                self.bad(f"school.{key}", "应为文本", "must be text")
            elif key in raw and (problem := _line_problem(raw[key], limit)):
                self.bad(f"school.{key}", *problem)
        if not isinstance(raw.get("name"), str) or not raw["name"].strip():
            self.bad("school.name", "缺少学校名称", "missing school name")
        code = normalise_school_code(raw["code"]) if isinstance(raw.get("code"), str) else None
        if code is None or not SCHOOL_CODE_RE.match(code):
            self.bad("school.code", "学校代码应为10位数字", "the school code must be 10 digits")
        if raw.get("stage") not in STAGES:
            self.bad(
                "school.stage",
                f"学段应为：{'、'.join(STAGES)}",
                f"stage must be one of: {', '.join(STAGES)}",
            )
        for key in ("enrollment", "boarding_students", *OPTIONAL_SCHOOL_FIELDS):
            value = raw.get(key, 0)
            if key in OPTIONAL_SCHOOL_FIELDS and value is None:
                continue
            if key == "enrollment" and value is None and not self.recorded:
                continue  # said as missing by _enrollment_entered
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                self.bad(f"school.{key}", "应为非负整数", "must be a whole number ≥ 0")
        self._enrollment_entered(raw)
        self._enrollment_parts(raw)
        if len(self.problems) > before:
            return None
        return School(
            name=raw["name"].strip(),
            code=normalise_school_code(raw["code"]),
            stage=raw["stage"],
            enrollment=raw.get("enrollment", 0),
            district=raw.get("district", ""),
            boarding_students=raw.get("boarding_students", 0),
            principal=raw.get("principal", ""),
            contact=raw.get("contact", ""),
            enrollment_primary=raw.get("enrollment_primary"),
            enrollment_secondary=raw.get("enrollment_secondary"),
        )

    def _enrollment_entered(self, raw: dict[str, Any]) -> None:
        """在校生人数 is required: missing, blank or 0 is refused (a school has pupils; a silent
        0 would drop every requirement that depends on the enrolment)."""
        if self.recorded:
            return
        value = raw.get("enrollment")
        if value is None:
            self.bad(
                "school.enrollment",
                "缺少在校生人数：请填写本校在校生总数（至少 1 人）",
                "the enrolment is missing: enter the school's number of pupils (at least 1)",
            )
        elif isinstance(value, int) and not isinstance(value, bool) and value == 0:
            self.bad(
                "school.enrollment",
                "在校生人数不能为 0：请填写本校在校生总数（至少 1 人）",
                "the enrolment cannot be 0: enter the school's number of pupils (at least 1)",
            )

    def _enrollment_parts(self, raw: dict[str, Any]) -> None:
        """The enrolment by part: only for stages with both parts, and adding up to the total."""
        parts = [raw.get(k) for k in OPTIONAL_SCHOOL_FIELDS]
        if all(p is None for p in parts):
            return
        if raw.get("stage") not in SPLIT_ENROLLMENT_STAGES:
            self.bad(
                "school.enrollment_primary",
                "只有九年一贯制、十二年一贯制学校可分学部填报在校生数",
                "only nine- and twelve-year schools may give the enrolment by part",
            )
            return
        if not all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in parts):
            self.bad(
                "school.enrollment_secondary",
                "分学部填报时，小学部和中学部在校生数都要填写",
                "when given by part, both the primary and the secondary enrolment are needed",
            )
            return
        total = raw.get("enrollment", 0)
        if isinstance(total, int) and sum(p for p in parts if isinstance(p, int)) != total:
            self.bad(
                "school.enrollment",
                f"小学部与中学部在校生数之和应等于在校生总数 {total}",
                f"the primary and secondary enrolment must add up to the total {total}",
            )

    def _checklists(self, raw: object) -> dict[str, dict[str, Any]]:
        if not isinstance(raw, dict):
            self.bad(
                "checklists",
                "应为对象：清单编号 → 答案",
                "must be an object: checklist id → answers",
            )
            return {}
        out: dict[str, dict[str, Any]] = {}
        for cl_id, answers in raw.items():
            checklist = self.checklists.get(cl_id)
            path = f"checklists.{cl_id}"
            if checklist is None:
                self.bad(path, "未知的清单", "unknown checklist")
                continue
            if not isinstance(answers, dict):
                self.bad(path, "应为对象：检查项编号 → 答案", "must be an object: item id → answer")
                continue
            out[cl_id] = self._answers(checklist, answers, path)
        return out

    def _answers(self, checklist: Checklist, answers: dict[str, Any], path: str) -> dict[str, Any]:
        items = _items_by_id(checklist)
        clean: dict[str, Any] = {}
        for item_id, raw in answers.items():
            item = items.get(item_id)
            if item is None:
                self.bad(f"{path}.{item_id}", "未知的检查项", "unknown item")
                continue
            value = _quick_value(item, raw)
            if value is _SLOW:
                value, problems = check_value(item, raw, f"{path}.{item_id}")
                self.problems.extend(problems)
            if value is not None:
                clean[item_id] = value
        return clean

    def _item_notes(self, raw: object) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        if not isinstance(raw, dict):
            self.bad("item_notes", "应为对象", "must be an object")
            return out
        for cl_id, notes in raw.items():
            checklist = self.checklists.get(cl_id)
            if checklist is None or not isinstance(notes, dict):
                self.bad(
                    f"item_notes.{cl_id}",
                    "未知的清单或格式错误",
                    "unknown checklist or not an object",
                )
                continue
            ids = {i.id for i in checklist.items()}
            for item_id, text in notes.items():
                if item_id not in ids or not isinstance(text, str):
                    self.bad(
                        f"item_notes.{cl_id}.{item_id}",
                        "未知的检查项或说明不是文本",
                        "unknown item or not text",
                    )
                    continue
                out.setdefault(cl_id, {})[item_id] = text
        return out

    def _finding_notes(
        self, raw: object, answers: Mapping[str, Mapping[str, Any]]
    ) -> tuple[FindingNote, ...]:
        """The notes; a row the table does not have, or a finding noted twice, is a problem."""
        if not isinstance(raw, list):
            self.bad("finding_notes", "应为列表", "must be a list")
            return ()
        notes = []
        seen: set[tuple[str, str, str, int | None]] = set()
        for index, entry in enumerate(raw):
            path = f"finding_notes[{index}]"
            note = self._finding_note(entry, path)
            if note is None:
                continue
            if note.row is not None:
                table = {i.id: i for i in self.checklists[note.checklist].items()}.get(note.item)
                rows = answers.get(note.checklist, {}).get(note.item)
                has_rows = table is not None and table.is_table and isinstance(rows, list | tuple)
                if not has_rows or note.row >= len(rows):  # type: ignore[arg-type]
                    self.bad(f"{path}.row", "表格中没有这一行", "the table has no such row")
                    continue
            key = (note.checklist, note.code, note.item, note.row)
            if key in seen:
                self.bad(path, "同一问题重复说明", "the same finding is noted twice")
                continue
            seen.add(key)
            notes.append(note)
        return tuple(notes)

    def _finding_note(self, entry: object, path: str) -> FindingNote | None:
        if not isinstance(entry, dict) or set(entry) - NOTE_KEYS:
            self.bad(
                path,
                f"应为对象，字段取自 {sorted(NOTE_KEYS)}",
                f"must be an object with keys from {sorted(NOTE_KEYS)}",
            )
            return None
        cl_id, code = entry.get("checklist", ""), entry.get("code")
        checklist = self.checklists.get(cl_id) if isinstance(cl_id, str) else None
        codes = {rule.code for _, _, rule in checklist.rules()} if checklist else set()
        if checklist is None or not isinstance(code, str) or code not in codes:
            self.bad(path, "未知的清单或问题代码", "unknown checklist or finding code")
            return None
        row = entry.get("row")
        if row is not None and (isinstance(row, bool) or not isinstance(row, int) or row < 0):
            self.bad(f"{path}.row", "行号应为非负整数", "row must be a whole number ≥ 0")
            return None
        rect = self._rectification(entry.get("rectification"), f"{path}.rectification")
        explanation = entry.get("explanation", "")
        if not isinstance(explanation, str) or not isinstance(entry.get("item", ""), str):
            self.bad(path, "说明应为文本", "explanation must be text")
            return None
        return FindingNote(
            checklist.id, entry["code"], entry.get("item", ""), row, explanation, rect
        )

    def _photos(
        self, raw: object, answers: Mapping[str, Mapping[str, Any]]
    ) -> tuple[PhotoNote, ...]:
        """The photo references: a known place (item, finding code, a row the table has), the
        original's SHA-256 and size, within the photo limits of checklists.foundation.limits."""
        if not isinstance(raw, list):
            self.bad("photos", "应为列表", "must be a list")
            return ()
        if len(raw) > limits.MAX_PHOTOS_PER_ASSESSMENT:
            self.bad(
                "photos",
                f"一份自查最多 {limits.MAX_PHOTOS_PER_ASSESSMENT} 张照片",
                f"at most {limits.MAX_PHOTOS_PER_ASSESSMENT} photos per self-check",
            )
            return ()
        out: list[PhotoNote] = []
        per_place: dict[tuple[str, str, str | None, int | None], int] = {}
        for index, entry in enumerate(raw):
            path = f"photos[{index}]"
            photo = self._photo(entry, path, answers)
            if photo is None:
                continue
            place = (photo.checklist, photo.item, photo.code, photo.row)
            per_place[place] = per_place.get(place, 0) + 1
            if per_place[place] == limits.MAX_PHOTOS_PER_PLACE + 1:
                self.bad(
                    path,
                    f"每个检查项或问题最多 {limits.MAX_PHOTOS_PER_PLACE} 张照片",
                    f"at most {limits.MAX_PHOTOS_PER_PLACE} photos per item or finding",
                )
            out.append(photo)
        return tuple(out)

    def _photo(
        self, entry: object, path: str, answers: Mapping[str, Mapping[str, Any]]
    ) -> PhotoNote | None:
        if not isinstance(entry, dict) or set(entry) - PHOTO_KEYS:
            self.bad(
                path,
                f"应为对象，字段取自 {sorted(PHOTO_KEYS)}",
                f"must be an object with keys from {sorted(PHOTO_KEYS)}",
            )
            return None
        before = len(self.problems)
        cl_id, item_id, code = entry.get("checklist"), entry.get("item"), entry.get("code")
        checklist = self.checklists.get(cl_id) if isinstance(cl_id, str) else None
        items = {i.id: i for i in checklist.items()} if checklist else {}
        item = items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            self.bad(path, "未知的清单或检查项", "unknown checklist or item")
            return None
        assert checklist is not None
        if code is not None and code not in {r.code for _, _, r in checklist.rules()}:
            self.bad(f"{path}.code", "未知的问题代码", "unknown finding code")
        row = entry.get("row")
        if row is not None:
            rows = answers.get(checklist.id, {}).get(item.id)
            if isinstance(row, bool) or not isinstance(row, int) or row < 0:
                self.bad(f"{path}.row", "行号应为非负整数", "row must be a whole number ≥ 0")
            elif not item.is_table or not isinstance(rows, list | tuple) or row >= len(rows):
                self.bad(f"{path}.row", "表格中没有这一行", "the table has no such row")
        name, sha, size = entry.get("name"), entry.get("sha256"), entry.get("size")
        if not isinstance(name, str) or not name.strip() or len(name) > limits.MAX_SHORT_TEXT:
            self.bad(
                f"{path}.name", "应为文件名（一行文本）", "must be a file name (one line of text)"
            )
        if not isinstance(sha, str) or not _SHA256_RE.fullmatch(sha):
            self.bad(
                f"{path}.sha256", "应为 64 位十六进制 SHA-256", "must be a 64-digit hex SHA-256"
            )
        if (
            isinstance(size, bool)
            or not isinstance(size, int)
            or not 0 < size <= limits.MAX_PHOTO_BYTES
        ):
            self.bad(
                f"{path}.size",
                f"应为文件大小（1 至 {limits.MAX_PHOTO_BYTES} 字节）",
                f"must be the file size (1 to {limits.MAX_PHOTO_BYTES} bytes)",
            )
        taken = entry.get("taken_at")
        taken_at = None
        if taken is not None:
            try:
                taken_at = datetime.fromisoformat(taken) if isinstance(taken, str) else None
            except ValueError:
                taken_at = None
            if taken_at is None:
                self.bad(f"{path}.taken_at", "应为日期时间 YYYY-MM-DDTHH:MM:SS",
                         "must be a date and time YYYY-MM-DDTHH:MM:SS")  # fmt: skip
        caption = entry.get("caption", "")
        if not isinstance(caption, str):
            self.bad(f"{path}.caption", "应为文本", "must be text")
        elif len(caption) > limits.MAX_TEXT_LENGTH:
            self.bad(f"{path}.caption", *_too_long(limits.MAX_TEXT_LENGTH))
        if len(self.problems) > before:
            return None
        return PhotoNote(
            checklist.id, item.id, str(name).strip(), str(sha), int(size),  # type: ignore[arg-type]
            code, row, taken_at, caption,
        )  # fmt: skip

    def _rectification(self, raw: object, path: str) -> Rectification | None:
        if raw is None:
            return None
        if not isinstance(raw, dict) or set(raw) - RECT_KEYS:
            self.bad(
                path,
                f"应为对象，字段取自 {sorted(RECT_KEYS)}",
                f"must be an object with keys from {sorted(RECT_KEYS)}",
            )
            return None
        due = raw.get("due_date")
        due_date = parse_iso_date(due) if due is not None else None
        if due is not None and due_date is None:
            self.bad(
                f"{path}.due_date", "应为有效日期 YYYY-MM-DD", "must be a real date YYYY-MM-DD"
            )
        status = raw.get("status", "open")
        if status not in RECTIFICATION_STATUSES:
            self.bad(
                f"{path}.status",
                "状态应为 open / in_progress / done",
                "status must be open / in_progress / done",
            )
        texts = [raw.get(k, "") for k in ("measure", "responsible")]
        if not all(isinstance(t, str) for t in texts):
            self.bad(path, "整改措施与责任人应为文本", "measure and responsible must be text")
            return None
        return Rectification(texts[0], texts[1], due_date, status)


def _too_long(limit: int) -> tuple[str, str]:
    return f"过长（最多 {limit} 字）", f"too long (at most {limit} characters)"


def _line_problem(value: str, limit: int) -> tuple[str, str] | None:
    """Why ``value`` is no line of at most ``limit`` characters (the school's names, district,
    contact and the period are one line each: the office's lists and sheets name them so)."""
    if len(value) > limit:
        return _too_long(limit)
    return text_problem(value, limit)


def document_to_json(doc: AnswersDocument) -> dict[str, Any]:
    """The JSON form of a document; parsing it again gives an equal document."""
    school = school_to_json(doc.school)
    out: dict[str, Any] = {
        "format": FORMAT_TAG,
        "school": school,
        "period": doc.period,
        "reference_date": doc.reference_date.isoformat(),
        "checklists": {
            cl: {k: value_to_json(v) for k, v in ans.items()} for cl, ans in doc.checklists.items()
        },
    }
    if doc.item_notes:
        out["item_notes"] = {cl: dict(notes) for cl, notes in doc.item_notes.items()}
    if doc.finding_notes:
        out["finding_notes"] = [_note_json(n) for n in doc.finding_notes]
    if doc.photos:
        out["photos"] = [_photo_json(p) for p in doc.photos]
    return out


def _photo_json(photo: PhotoNote) -> dict[str, Any]:
    out: dict[str, Any] = {"checklist": photo.checklist, "item": photo.item}
    if photo.code is not None:
        out["code"] = photo.code
    if photo.row is not None:
        out["row"] = photo.row
    out.update(name=photo.name, sha256=photo.sha256, size=photo.size)
    if photo.taken_at is not None:
        out["taken_at"] = photo.taken_at.isoformat(timespec="seconds")
    if photo.caption:
        out["caption"] = photo.caption
    return out


def _note_json(note: FindingNote) -> dict[str, Any]:
    out: dict[str, Any] = {"checklist": note.checklist, "code": note.code, "item": note.item}
    if note.row is not None:
        out["row"] = note.row
    if note.explanation:
        out["explanation"] = note.explanation
    if note.rectification is not None:
        r = note.rectification
        out["rectification"] = {
            "measure": r.measure,
            "responsible": r.responsible,
            "due_date": r.due_date.isoformat() if r.due_date else None,
            "status": r.status,
        }
    return out


def read_answers_file(path: Path, checklists: Mapping[str, Checklist]) -> AnswersDocument:
    """Read, decode and validate an answers document file; every failure is an InputError.

    The one way a file becomes a document: ``validate``, ``evaluate`` and ``import`` all come
    here, so they accept and refuse the same files (limits: checklists.foundation.limits).
    """
    size = require_regular_file(path, "答案文件", "answers document")
    if size > limits.MAX_DOCUMENT_BYTES:
        raise InputError(
            f"{path} 过大（{size // 1048576} MB，答案文件最多 {limits.MAX_DOCUMENT_BYTES // 1048576} MB）",
            f"{path} is too large ({size // 1048576} MB; an answers document is at most "
            f"{limits.MAX_DOCUMENT_BYTES // 1048576} MB)",
        )
    data = read_input_bytes(path, limits.MAX_DOCUMENT_BYTES, "答案文件", "answers document")
    doc = decode_document(data, str(path))
    return DocumentParser(checklists, file=str(path)).parse(doc)
