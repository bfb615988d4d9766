"""Report data for the PDF tests (the sample school, grown on demand) and poppler wrappers."""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.idnumber import check_character
from checklists.registry import builtin_checklists
from reports.pdf import EvidenceRef, ReportData, Signatory, make_report_id

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"
FROZEN = datetime(2022, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=8)))
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def sample_json() -> dict[str, Any]:
    """The sample school's answers document as JSON."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def id_number(birth: date, seq: int) -> str:
    """A valid ID number born on ``birth`` (Dongguan area code)."""
    first17 = f"441900{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_character(first17)


def grown(guards: int = 0, classrooms: int = 0) -> dict[str, Any]:
    """The sample with ``guards`` guards and ``classrooms`` classrooms (0: as in the sample).

    New rows copy the sample's rows with new names, ID numbers and rooms; births spread over
    1960–1999, so some guards are over 55 or due an assessment, as in a real roster.
    """
    doc = sample_json()
    roster = doc["checklists"]["guards"]["guards"]
    for index in range(len(roster), guards):
        row = copy.deepcopy(roster[index % len(roster)])
        birth = date(1960 + index % 40, 1 + index % 12, 1 + index % 28)
        row["name"] = SURNAMES[index % 20] + GIVEN[(index // 20) % 20] + GIVEN[index % 7]
        row["id_number"] = id_number(birth, index)
        roster.append(row)
    rooms = doc["checklists"]["lighting"]["classrooms"]
    for index in range(len(rooms), classrooms):
        row = copy.deepcopy(rooms[index % len(rooms)])
        row["room"] = f"{index // 8 + 1}({index % 8 + 1})班"
        rooms.append(row)
    if classrooms:
        doc["checklists"]["lighting"]["classrooms_total"] = max(len(rooms), 24)
    return doc


def report_data(
    doc_json: dict[str, Any] | None = None, *, lang: str = "zh", **extra: Any
) -> ReportData:
    """ReportData of ``doc_json`` (default: the sample) with the frozen clock and two evidence files."""
    registry = builtin_checklists()
    doc = DocumentParser(registry).parse(doc_json or sample_json())
    results = evaluate_document(doc, registry)
    values: dict[str, Any] = {
        "evidence": (
            EvidenceRef("guards", "training_log", "保安培训签到表.pdf", "ab" * 32, 234_567),
            EvidenceRef(
                "lighting",
                "lighting_inspection",
                "照明检测报告.pdf",
                "0123456789abcdef" * 4,
                1_234_567,
            ),
        ),
        "assessor": Signatory("陈晓明", "安全办主任"),
        "principal": Signatory("林思远", "校长"),
        "app_version": "0.1.0",
    }
    values.update(extra)
    return ReportData(
        document=doc,
        results=results,
        checklists=registry,
        report_id=make_report_id(doc, results),
        generated_at=FROZEN,
        lang=lang,
        **values,
    )


def pdftotext(
    path: Path,
    first: int | None = None,
    last: int | None = None,
    layout: bool = False,
    raw: bool = False,
) -> str:
    """The text poppler extracts (pages ``first``..``last``, 1-based).

    ``raw`` keeps the drawing order (a table cell's lines stay together instead of being
    interleaved with the next column's); ``layout`` keeps the physical lines.
    """
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    if raw:
        cmd.append("-raw")
    if first is not None:
        cmd += ["-f", str(first), "-l", str(last if last is not None else first)]
    return subprocess.run([*cmd, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(path: Path) -> int:
    """Pages according to pdfinfo."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def pdffonts(path: Path) -> list[list[str]]:
    """pdffonts rows (split on whitespace), header lines dropped."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]
