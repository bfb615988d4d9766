"""Hostile answers documents: validate, evaluate and import refuse the same files, in seconds, naming the place."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from checklists.answers_doc import DocumentParser, read_answers_file
from checklists.foundation import limits
from checklists.foundation.errors import AnswersError, InputError
from checklists.registry import builtin_checklists
from tests.conftest import SAMPLE

GOOD = SAMPLE.read_text(encoding="utf-8")


def _with(path: str, raw: str) -> str:
    """The sample document as JSON text with the value at ``path`` (dotted) replaced by ``raw``."""
    doc = json.loads(GOOD)
    marker = "__HOSTILE__"
    *parents, last = path.split(".")
    target = doc
    for key in parents:
        target = target[key]
    target[last] = marker
    return json.dumps(doc, ensure_ascii=False).replace(f'"{marker}"', raw)


def _notes(change: Callable[[list[dict[str, object]]], None]) -> str:
    doc = json.loads(GOOD)
    change(doc["finding_notes"])
    return json.dumps(doc, ensure_ascii=False)


def _first_guard_name() -> str:
    return _with("checklists.guards.guards", '[{"name": "\\ud800"}]')


HOSTILE: dict[str, tuple[Callable[[], str], str, str]] = {
    # name: (document text, where the message points, what it says in English)
    "deep": (lambda: "[" * 100_000 + "]" * 100_000, ":1:17:", "nested too deeply"),
    "deep-in-field": (lambda: _with("period", "[" * 40 + "]" * 40), "period", "nested too deeply"),
    "big-int": (
        lambda: _with("school.enrollment", "9" * 4000),
        "school.enrollment",
        "number too long",
    ),
    "big-float": (
        lambda: _with("school.enrollment", "1" * 30 + ".5"),
        "school.enrollment",
        "number too long",
    ),
    "exponent": (
        lambda: _with("school.enrollment", "1e999"),
        "school.enrollment",
        "number out of range",
    ),
    "nan": (lambda: _with("school.enrollment", "NaN"), "school.enrollment", "not a number (NaN)"),
    "infinity": (
        lambda: _with("school.enrollment", "-Infinity"),
        "school.enrollment",
        "not a number (-Infinity)",
    ),
    "surrogate": (_first_guard_name, "checklists.guards.guards[0].name", "lone surrogate"),
    "surrogate-key": (lambda: _with("school", '{"\\udc00": 1}'), "school.", "invalid characters"),
    "long-name": (
        lambda: _with("school.name", json.dumps("校" * (limits.MAX_NAME_LENGTH + 1))),
        "school.name",
        "too long (at most 100",
    ),
    "huge-name": (
        lambda: _with("school.name", json.dumps("x" * 19_000_000)),
        "school.name",
        "text too long (19000000",
    ),
    "long-cell": (
        lambda: _with("checklists.guards.guards", json.dumps([{"name": "张" * 5000}])),
        "checklists.guards.guards[0].name",
        "text too long (5000",
    ),
    "long-key": (
        lambda: _with("school", json.dumps({"k" * 1000: 1})),
        "school.kkkk",
        "key too long",
    ),
    "duplicate-school": (
        lambda: GOOD.replace('"school":', '"school": {"name": "冒名"}, "school":', 1),
        "school",
        "duplicate key",
    ),
    "many-rows": (
        lambda: _with("checklists.guards.guards", json.dumps([{}] * (limits.MAX_TABLE_ROWS + 1))),
        "checklists.guards.guards",
        "list too long",
    ),
    "int-over-2**53": (
        lambda: _with("school.enrollment", str(2**53 + 1)),
        "school.enrollment",
        "number too large",
    ),
    "float-1e308": (
        lambda: _with("checklists.psychology.parttime_psych_teachers", "1e308"),
        "checklists.psychology.parttime_psych_teachers",
        "number too large",
    ),
    "note-row-1e19": (
        lambda: _notes(lambda notes: notes[1].update(row=10**19)),
        "finding_notes[1].row",
        "number too large",
    ),
    "note-row-missing": (
        lambda: _notes(lambda notes: notes[1].update(row=999)),
        "finding_notes[1].row",
        "the table has no such row",
    ),
    "note-row-not-a-table": (
        lambda: _notes(lambda notes: notes[0].update(row=0)),
        "finding_notes[0].row",
        "the table has no such row",
    ),
    "duplicate-note": (
        lambda: _notes(lambda notes: notes.append(dict(notes[2]))),
        "finding_notes[4]",
        "the same finding is noted twice",
    ),
    "control-char-name": (
        lambda: _with("school.name", json.dumps("示例学校\x07")),
        "school.name",
        "control character (U+0007 at character 5)",
    ),
    "control-char-cell": (
        lambda: _with("checklists.guards.guards", json.dumps([{"name": "张\x1b三"}])),
        "checklists.guards.guards[0].name",
        "control character (U+001B",
    ),
    "syntax": (lambda: GOOD[:200], ":", "not valid JSON"),
    "latin1": (lambda: GOOD.replace("示例", "\udcff"), ":", "not valid UTF-8"),
}


def _write(tmp_path: Path, name: str) -> Path:
    text = HOSTILE[name][0]()
    path = tmp_path / f"{name}.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_read_refuses_naming_file_and_place(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name)
    _, where, en = HOSTILE[name]
    start = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_answers_file(path, builtin_checklists())
    assert time.monotonic() - start < 10
    message = caught.value.text("en")
    assert str(path) in message and where in message and en in message, message


@pytest.mark.parametrize(
    "name",
    [
        "big-int", "surrogate", "duplicate-school", "huge-name", "deep", "int-over-2**53",
        "float-1e308", "note-row-1e19", "note-row-missing", "duplicate-note", "control-char-cell",
    ],
)  # fmt: skip
def test_validate_evaluate_and_import_agree_and_store_nothing(
    tmp_path: Path, data_dir: Path, cli, name: str
) -> None:
    path = _write(tmp_path, name)
    cli("import", str(SAMPLE), data_dir=data_dir)  # a store with one self-check
    before = (
        sqlite3.connect(data_dir / "campus.db")
        .execute("select count(*) from assessments")
        .fetchone()
    )
    for command in ("validate", "evaluate", "import"):
        start = time.monotonic()
        proc = cli(command, str(path), data_dir=data_dir)
        assert time.monotonic() - start < 10
        assert proc.returncode == 2, (command, proc.stderr)
        assert "Traceback" not in proc.stderr and str(path) in proc.stderr
        assert HOSTILE[name][1] in proc.stderr
    after = (
        sqlite3.connect(data_dir / "campus.db")
        .execute("select count(*) from assessments")
        .fetchone()
    )
    assert after == before


def test_a_decoded_document_is_held_to_the_same_limits() -> None:
    """Readers that decode JSON themselves (the office, the app) still meet the limits in parse()."""
    doc = json.loads(GOOD)
    doc["school"]["enrollment"] = float("nan")
    doc["school"]["district"] = "\ud800"
    doc["period"] = 10**30
    with pytest.raises(AnswersError) as caught:
        DocumentParser(builtin_checklists()).parse(doc)
    paths = {p for p, _, _ in caught.value.problems}
    assert {"school.enrollment", "school.district", "period"} <= paths


def test_the_sample_is_within_every_limit(tmp_path: Path) -> None:
    assert read_answers_file(SAMPLE, builtin_checklists()).school.name


def test_tabs_and_line_breaks_are_text_not_control_characters(tmp_path: Path) -> None:
    doc = json.loads(GOOD)
    doc["finding_notes"][0]["explanation"] = "第一行\r\n第二行\t（续）"
    path = tmp_path / "breaks.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    parsed = read_answers_file(path, builtin_checklists())
    assert parsed.finding_notes[0].explanation == "第一行\r\n第二行\t（续）"
