"""Fuzzing the three ways files come in: answers documents, YAML checklists, Excel workbooks.

Each target starts from a valid file and mutates it (a hostile value put at a random place, or
bytes flipped, cut and repeated). Whatever comes out, the promise is the same: no traceback,
exit 0 or 2, nothing stored when refused, ``validate`` and ``import`` agreeing — in bounded time
(a few dozen examples per target; no timing assertions). Cases that once broke a promise are
kept in ``tests/fuzz/corpus/`` and replayed on every run.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklists.foundation.errors import DefinitionError
from checklists.loader import load_text
from checklists.registry import definitions_dir
from tests.conftest import SAMPLE
from tests.fuzz.helpers import CORPUS, assert_clean, cli, store_state

# CI runs a fixed, small set (the same cases each time); CAMPUS_FUZZ_EXAMPLES=N searches anew.
_EXAMPLES = os.environ.get("CAMPUS_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_EXAMPLES) if _EXAMPLES else 25,
    deadline=None,
    derandomize=not _EXAMPLES,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- values that have broken readers elsewhere -------------------------------------------------
HOSTILE_JSON = st.sampled_from(
    [
        "9" * 4000,
        "-" + "9" * 30,
        "1e999",
        "NaN",
        "Infinity",
        "-Infinity",
        "1.0e-99999",
        '"\\ud800"',
        '"\\udfff\\ud800"',
        '"' + "x" * 5000 + '"',
        "[" * 200 + "]" * 200,
        '{"a": 1, "a": 2}',
        "null",
        "true",
        "[]",
        "{}",
        '""',
        "0",
        "-0",
        "1.5",
        "[null]",
        '{"name": null}',
        '"2021-02-30"',
        '"9999-12-31"',
        '"0000-01-01"',
        '"na"',
        '[{"name": "\\u0000"}]',
        '{"' + "k" * 500 + '": 1}',
    ]
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


SAMPLE_DOC = json.loads(SAMPLE.read_text(encoding="utf-8"))
SAMPLE_PATHS = _paths(SAMPLE_DOC)[1:]
MARK = "__FUZZ_VALUE__"


@st.composite
def mutated_documents(draw: st.DrawFn) -> bytes:
    """The sample with hostile values at random places, or its bytes damaged."""
    if draw(st.booleans()):
        doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
        raws = []
        for _ in range(draw(st.integers(1, 3))):
            *parents, last = draw(st.sampled_from(SAMPLE_PATHS))
            target = doc
            try:
                for key in parents:
                    target = target[key]
                target[last] = f"{MARK}{len(raws)}"
            except (KeyError, IndexError, TypeError):
                continue  # an earlier mutation replaced a parent
            raws.append(draw(HOSTILE_JSON))
        text = json.dumps(doc, ensure_ascii=False)
        for index, raw in enumerate(raws):
            text = text.replace(f'"{MARK}{index}"', raw)
        return text.encode("utf-8")
    return draw(_damaged(SAMPLE.read_bytes()))


def _damaged(data: bytes) -> st.SearchStrategy[bytes]:
    """Bytes flipped, a slice cut out or repeated, garbage inserted."""

    @st.composite
    def damage(draw: st.DrawFn) -> bytes:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, max(len(out) - 1, 0)))
            kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert"]))
            if kind == "flip" and out:
                out[at] ^= draw(st.integers(1, 255))
            elif kind == "cut":
                del out[at : at + draw(st.integers(1, 200))]
            elif kind == "repeat":
                out[at:at] = out[at : at + draw(st.integers(1, 200))] * draw(st.integers(2, 50))
            else:
                out[at:at] = draw(st.binary(min_size=1, max_size=20))
        return bytes(out)

    return damage()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the sample school imported (import-table and import write here)."""
    data_dir = tmp_path_factory.mktemp("fuzz") / "data"
    code, err = cli(data_dir, "import", str(SAMPLE))
    assert code == 0, err
    return data_dir


def _check_document(store: Path, path: Path) -> None:
    before = store_state(store)
    validated, err = cli(store, "validate", str(path))
    assert_clean(validated, err, f"validate {path.name}")
    evaluated, err = cli(store, "evaluate", str(path))
    assert_clean(evaluated, err, f"evaluate {path.name}")
    imported, err = cli(store, "import", str(path))
    assert_clean(imported, err, f"import {path.name}")
    assert validated == evaluated == imported, "validate, evaluate and import disagree"
    if imported == 2:
        assert store_state(store) == before, "a refused import changed the store"


@FUZZ
@given(data=mutated_documents())
def test_mutated_answers_documents(
    store: Path, tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("doc") / "answers.json"
    path.write_bytes(data)
    _check_document(store, path)


# --- YAML checklists ---------------------------------------------------------------------------
GUARDS_YAML = (definitions_dir() / "guards.yaml").read_text(encoding="utf-8")
YAML_INSERTS = st.sampled_from(
    [
        "&a ",
        "*a ",
        "!!python/name:os.system ",
        "!!python/object/apply:os.system ",
        "!custom ",
        "!!binary ",
        "[" * 60,
        "{" * 60,
        "? ",
        "<<: *a\n",
        "'" * 3,
        "\t",
        "\x00",
        "- " * 40,
        "9" * 5000,
        "2021-02-30",
        "1e999",
        ".nan",
        "~",
        "%YAML 1.1\n---\n",
        "---\n",
        "...\n",
        "regex(., '(a+)+$') or ",
        "regex(., '(a)\\1') or ",
    ]
)


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    """guards.yaml with hostile fragments inserted at line starts or after ``key: ``."""
    lines = GUARDS_YAML.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        fragment = draw(YAML_INSERTS)
        line = lines[index]
        colon = line.find(": ")
        if colon >= 0 and draw(st.booleans()):
            lines[index] = line[: colon + 2] + fragment + line[colon + 2 :]
        else:
            lines[index] = fragment + line
    if draw(st.booleans()):
        return draw(_damaged("".join(lines).encode("utf-8"))).decode("utf-8", "replace")
    return "".join(lines)


def _check_checklist(store: Path, text: str) -> None:
    try:
        load_text(text, "fuzz.yaml")
    except DefinitionError as exc:
        assert all(where.startswith("fuzz.yaml:") for where, _, _ in exc.problems)
    folder = store / "checklists"
    folder.mkdir(exist_ok=True)
    (folder / "fuzz.yaml").write_text(text, encoding="utf-8")
    try:
        code, err = cli(store, "checklists")
        assert code == 0, err  # a broken distributed checklist is skipped, never fatal
        assert_clean(code, err, "checklists")
    finally:
        shutil.rmtree(folder)


@FUZZ
@given(text=mutated_yaml())
def test_mutated_yaml_checklists(store: Path, text: str) -> None:
    _check_checklist(store, text)


# --- workbooks ----------------------------------------------------------------------------------
HOSTILE_CELLS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "=1/0",
            '=HYPERLINK("http://x")',
            "x" * 5000,
            "\ud800",
            "2021-02-30",
            "9" * 400,
            "1e999",
            "NaN",
            "-0",
            "是",
            "否",
            "Y",
            "na",
            " ",
            "\x00\x01",
            "441900197001010010",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.text(max_size=30),
)


@st.composite
def mutated_workbooks(draw: st.DrawFn) -> dict[str, Any]:
    """What to do to the filled-in guard template: cells, sheet states and titles."""
    return {
        "cells": draw(
            st.lists(st.tuples(st.integers(1, 8), st.integers(1, 10), HOSTILE_CELLS), max_size=6)
        ),
        "hide": draw(st.booleans()),
        "decoy": draw(st.booleans()),
        "title": draw(st.sampled_from([None, "Sheet1", "保安员名册", "guards", "x" * 31])),
    }


def _cell(value: Any) -> Any:
    if isinstance(value, str):  # openpyxl refuses control characters and lone surrogates
        return "".join(ch for ch in value if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF)
    if isinstance(value, int) and abs(value) > 2**53:
        return str(value)
    return value


@pytest.fixture(scope="module")
def template(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "guards.xlsx"
    code, err = cli(store, "template", "guards", "guards", "--out", str(path))
    assert code == 0, err
    return path


def _check_workbook(store: Path, path: Path) -> None:
    before = store_state(store)
    code, err = cli(store, "import-table", "1", "guards", "guards", str(path))
    assert_clean(code, err, "import-table")
    if code == 2:
        assert store_state(store) == before, "a refused import-table changed the store"


@settings(FUZZ, max_examples=min(FUZZ.max_examples, 10))  # each import that passes is stored
@given(plan=mutated_workbooks())
def test_mutated_workbooks(
    store: Path, template: Path, tmp_path_factory: pytest.TempPathFactory, plan: dict[str, Any]
) -> None:
    wb = openpyxl.load_workbook(template)
    ws = wb.worksheets[0]
    for row, column, value in plan["cells"]:
        ws.cell(row=row, column=column, value=_cell(value))
    if plan["title"]:
        ws.title = plan["title"]
    if plan["decoy"]:
        decoy = wb.create_sheet("Sheet2", 0)
        decoy.append(["姓名", "入职日期"])
        decoy.append(["诱饵", "2019-03-01"])
    if plan["hide"] and len(wb.worksheets) > 2:
        ws.sheet_state = "hidden"
    path = tmp_path_factory.mktemp("wb") / "guards.xlsx"
    wb.save(path)
    _check_workbook(store, path)


@FUZZ
@given(data=st.data())
def test_damaged_workbook_bytes(
    store: Path, template: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("wb") / "guards.xlsx"
    path.write_bytes(data.draw(_damaged(template.read_bytes())))
    _check_workbook(store, path)


# --- the corpus of cases found -----------------------------------------------------------------
def _corpus(kind: str) -> list[Path]:
    return sorted((CORPUS / kind).iterdir())


@pytest.mark.parametrize("path", _corpus("answers"), ids=lambda p: p.name)
def test_corpus_answers(store: Path, path: Path) -> None:
    _check_document(store, path)
    code, _ = cli(store, "validate", str(path))
    assert code == 2  # every case in the corpus is one that must be refused


@pytest.mark.parametrize("path", _corpus("checklists"), ids=lambda p: p.name)
def test_corpus_checklists(store: Path, path: Path) -> None:
    _check_checklist(store, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _corpus("workbooks"), ids=lambda p: p.name)
def test_corpus_workbooks(store: Path, path: Path) -> None:
    _check_workbook(store, path)
