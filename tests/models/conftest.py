"""Fixtures for the storage tests: an open data folder, the checklists, documents and assessments."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checklists.answers import AnswersDocument, School
from checklists.answers_doc import DocumentParser
from checklists.model import Checklist
from checklists.registry import builtin_checklists
from models.database import Database, open_database
from models.ops.assessments import start_assessment
from models.ops.exchange import import_document
from models.ops.school import create_school
from tests.conftest import SAMPLE

SMALL_DOC: dict[str, Any] = {
    "format": "campus-selfcheck/answers@1",
    "school": {"name": "东莞市测试小学", "code": "4419000123", "stage": "primary", "enrollment": 1300,
               "district": "南城街道", "boarding_students": 0, "principal": "李校长", "contact": "0769-1234"},
    "period": "2021年秋季学期",
    "reference_date": "2021-12-31",
    "checklists": {
        "psychology": {"fulltime_psych_teachers": 0, "staffing_plan": True},
        "guards": {"guards": [
            {"name": "张三", "id_number": "441900195001010011", "hire_date": "2019-03-01", "on_guard_post": True},
            {"name": "李四", "birth_date": "1990-05-06", "hire_date": "2020-01-01", "on_guard_post": True},
        ]},
    },
    "item_notes": {"psychology": {"staffing_plan": "已报送招聘需求"}},
    # psychology v2 judges staffing by fulltime_psych_teacher_missing (roster, enrolment by part).
    "finding_notes": [
        {"checklist": "psychology", "code": "fulltime_psych_teacher_missing", "item": "fulltime_psych_teachers",
         "explanation": "正在招聘", "rectification": {"measure": "招聘专职教师", "responsible": "王副校长",
                                                    "due_date": "2022-08-31", "status": "in_progress"}},
    ],
}  # fmt: skip


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def checklists() -> dict[str, Checklist]:
    """The built-in checklists."""
    return builtin_checklists()


def small_doc_json() -> dict[str, Any]:
    """A fresh copy of the small test document (JSON form)."""
    return copy.deepcopy(SMALL_DOC)


@pytest.fixture
def small_doc(checklists: dict[str, Checklist]) -> AnswersDocument:
    """The small test document, parsed."""
    return DocumentParser(checklists).parse(small_doc_json())


@pytest.fixture
def sample_doc(checklists: dict[str, Checklist]) -> AnswersDocument:
    """resources/samples/sample_school.json, parsed (the small document when it is missing)."""
    raw = json.loads(SAMPLE.read_text(encoding="utf-8")) if SAMPLE.exists() else small_doc_json()
    return DocumentParser(checklists).parse(raw)


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    """An open, empty data folder."""
    database = open_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def school_id(db: Database) -> int:
    """A stored school."""
    with db.session() as s, s.begin():
        return create_school(
            s, School("东莞市示例小学", "4419000001", "primary", 1250, "南城街道"), user="t"
        )


@pytest.fixture
def draft(db: Database, school_id: int, checklists: dict[str, Checklist]) -> int:
    """An empty draft with all four built-in checklists."""
    with db.session() as s, s.begin():
        return start_assessment(
            s,
            school_id,
            period="2021年秋季学期",
            reference_date="2021-12-31",
            checklist_ids=list(checklists),
            checklists=checklists,
            user="t",
        )


@pytest.fixture
def imported(db: Database, small_doc: AnswersDocument, checklists: dict[str, Checklist]) -> int:
    """The small document imported as a draft."""
    with db.session() as s, s.begin():
        return import_document(s, small_doc, user="t", checklists=checklists)


DEMO_YAML = """\
id: demo
version: VERSION
title: {zh: 演示清单, en: Demo checklist}
source:
  document: {zh: 东莞市教育局2021年工作要点, en: Dongguan Education Bureau 2021 work plan}
  clauses: [72]
sections:
  - id: main
    title: {zh: 主要, en: Main}
    items:
      - id: plan_written
        type: yes_no
        label: {zh: 有计划, en: A plan exists}
        clauses: [72]
        rules:
          - code: demo_plan_missing
            fail_if: "${plan_written} = false"
            severity: major
            message: {zh: 没有计划, en: No plan}
            clauses: [72]
      - id: plan_scan
        type: evidence
        label: {zh: 计划扫描件, en: Scan of the plan}
        clauses: [72]
"""


def write_demo(folder: Path, version: int = 1, extra: str = "") -> Path:
    """A small checklist with an evidence item (the built-in ones have none), as a YAML file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.yaml"
    path.write_text(DEMO_YAML.replace("VERSION", str(version)) + extra, encoding="utf-8")
    return path


@pytest.fixture
def demo_checklist(tmp_path: Path) -> Checklist:
    """The demo checklist, loaded from its file."""
    from checklists.registry import load_definition

    return load_definition(write_demo(tmp_path / "defs"))


@pytest.fixture
def demo_draft(db: Database, school_id: int, demo_checklist: Checklist) -> int:
    """A draft answering only the demo checklist."""
    with db.session() as s, s.begin():
        return start_assessment(
            s,
            school_id,
            period="2021年秋季学期",
            reference_date="2021-12-31",
            checklist_ids=["demo"],
            checklists={"demo": demo_checklist},
            user="t",
        )
