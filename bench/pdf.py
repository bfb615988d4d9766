"""Benchmark: the PDF export of a large school vs bare reportlab building the same tables.

The sample school is grown to 300 guards and 120 classrooms (plus its findings). Timed: the
export — ``write_report`` (formatting, reportlab, attachments and signature field with pyHanko,
atomic write). Floor, measured in the same run: a plain reportlab ``SimpleDocTemplate`` in the
same embedded font with a Table of the same row and column count for every table of the report
(the same cell texts; Paragraphs only where the report's text must wrap), the same section page
breaks, written to a file. Rounds are interleaved (order alternating); medians are compared.
Target: ratio ≤ 1.5×.

With ``--photos N`` it also times a report with N phone photos (12 MP JPEGs with sensor-like
noise, EXIF-rotated) on the findings: the preparation of each report copy (Pillow) and the
export, and prints the file size (target: 50 photos < 15 MB).

    .venv/bin/python bench/pdf.py [--rounds 7] [--guards 300] [--classrooms 120] [--photos 50]
"""

from __future__ import annotations

import argparse
import copy
import gc
import io
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checklists.answers_doc import DocumentParser  # noqa: E402
from checklists.evaluator import evaluate_document  # noqa: E402
from checklists.idnumber import check_character  # noqa: E402
from checklists.registry import builtin_checklists  # noqa: E402
from reports.fonts import register_reportlab_font  # noqa: E402
from reports.pdf import ReportData, make_report_id, write_report  # noqa: E402
from reports.pdf.labels import format_value  # noqa: E402
from reports.pdf.table_values import report_columns, table_rows  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"
CLOCK = datetime(2022, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=8)))
NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"

Table = tuple[list[str], list[list[str]], set[int]]  # header, rows, columns that wrap


def grown_document(guards: int, classrooms: int) -> dict[str, Any]:
    """The sample with ``guards`` guards (births over 1960–1999) and ``classrooms`` classrooms."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    roster = doc["checklists"]["guards"]["guards"]
    for i in range(len(roster), guards):
        row = copy.deepcopy(roster[i % len(roster)])
        birth = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        first17 = f"441900{birth:%Y%m%d}{i % 1000:03d}"
        row.update(
            name=NAMES[i % 20] + NAMES[(i // 20) % 20] + "明",
            id_number=first17 + check_character(first17),
        )
        roster.append(row)
    rooms = doc["checklists"]["lighting"]["classrooms"]
    for i in range(len(rooms), classrooms):
        row = copy.deepcopy(rooms[i % len(rooms)])
        row["room"] = f"{i // 8 + 1}({i % 8 + 1})班"
        rooms.append(row)
    doc["checklists"]["lighting"]["classrooms_total"] = len(rooms)
    return doc


def report_data(doc_json: dict[str, Any]) -> ReportData:
    """ReportData for the grown document with a fixed clock."""
    registry = builtin_checklists()
    doc = DocumentParser(registry).parse(doc_json)
    results = evaluate_document(doc, registry)
    return ReportData(
        doc, results, registry, make_report_id(doc, results), CLOCK, app_version="bench"
    )


def floor_sections(data: ReportData) -> list[list[Table]]:
    """The report's tables as plain text, section by section (prepared outside the timing)."""
    checklists = [(data.checklists[c], r) for c, r in data.results.checklists.items()]
    summary = [["checklist", *(f"n{i}" for i in range(9)), "status"]]
    summary += [[c.title.zh, *(str(v) for v in range(9)), r.status] for c, r in checklists]
    findings = [
        [f"F{i}", f.severity, str(f.clauses), f.message.zh]
        for i, f in enumerate(data.results.findings, 1)
    ]
    sections: list[list[Table]] = [[(["k", "v"], [["学校", data.document.school.name]] * 9, set())]]
    sections.append([(summary[0], summary[1:], {0})])
    sections.append([(["no", "severity", "clause", "message"], findings, {3})])
    for checklist, result in checklists:
        items = [
            [i.label.zh, str(result.item(i.id).value)[:40], result.item(i.id).status]
            for i in checklist.items()
        ]
        items += [[s.title.zh, "", ""] for s in checklist.sections]
        tables: list[Table] = [(["item", "answer", "result"], items, {0, 1})]
        for item in checklist.items():
            if item.is_table:
                columns = report_columns(checklist, item)
                rows = table_rows(checklist, item, data.document)
                body = [
                    [str(n), *(format_value(c, row.get(c.id), "zh") for c in columns), ""]
                    for n, row in enumerate(rows, 1)
                ]
                tables.append((["#", *(c.label.zh for c in columns), "问题"], body, set()))
        sections.append(tables)
    sections.append([(["name", "title"], [["陈晓明", "校长"]] * 4, set())])
    return sections


def build_floor(sections: list[list[Table]], out: Path) -> int:
    """Bare reportlab: one Table per report table, a page break per section; returns pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
    from reportlab.platypus import Table as RLTable

    font = register_reportlab_font()
    style = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    width = A4[0] - 36 * mm
    story: list[Any] = []
    for section in sections:
        for header, rows, wrap in section:
            cells = [
                [Paragraph(t, style) if i in wrap else t for i, t in enumerate(row)] for row in rows
            ]
            story.append(
                RLTable(
                    [header, *cells],
                    colWidths=[width / len(header)] * len(header),
                    repeatRows=1,
                    style=[
                        ("FONTNAME", (0, 0), (-1, -1), font),
                        ("FONTSIZE", (0, 0), (-1, -1), 8),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.3, "#b7c3cf"),
                    ],
                )
            )
        story.append(PageBreak())
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        initialFontName=font,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
    )
    doc.build(story)
    out.write_bytes(buffer.getvalue())
    return int(doc.page)


def page_count(path: Path) -> int:
    """Pages of a PDF (pypdf)."""
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def phone_photo(seed: int, width: int = 4032, height: int = 3024) -> bytes:
    """A 12 MP phone JPEG: a gradient scene with sensor noise, stored sideways (EXIF 6), dated."""
    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for k in range(12):  # a few shapes so the scene has edges
        x, y = (seed * 997 + k * 331) % width, (seed * 463 + k * 577) % height
        draw.rectangle((x, y, x + width // 6, y + height // 8), fill=(40 * k % 256, 90, 160))
    # Heavy sensor noise (a dim classroom): the worst case for JPEG size.
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, noise, 0.35)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8769)[36867] = "2021:11:05 09:30:00"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def with_photos(data: ReportData, count: int, folder: Path) -> tuple[ReportData, list[float], int]:
    """``data`` with ``count`` photos spread over its findings; (data, seconds per photo, bytes in)."""
    import dataclasses

    from models.photo_images import prepare_photo
    from reports.pdf.photos import ReportPhoto

    findings = list(data.results.findings)
    photos, times, total_in = [], [], 0
    for n in range(count):
        raw = phone_photo(n)
        total_in += len(raw)
        start = time.process_time()
        prepared = prepare_photo(raw, f"IMG_{n:04d}.jpg")
        times.append(time.process_time() - start)
        path = folder / f"photo-{n}.jpg"
        path.write_bytes(prepared.report_jpeg)
        f = findings[n % len(findings)]
        photos.append(
            ReportPhoto(
                f.checklist,
                f.item,
                f.code,
                f.row,
                path.name,
                path,
                prepared.width,
                prepared.height,
                prepared.taken_at,
            )
        )
    return dataclasses.replace(data, photos=tuple(photos)), times, total_in


def photo_run(data: ReportData, count: int, rounds: int, folder: Path) -> None:
    """Time and size of the report with ``count`` photos."""
    photo_data, times, total_in = with_photos(data, count, folder)
    out = folder / "photos.pdf"
    write_report(photo_data, out)
    cpu = []
    for _ in range(max(1, rounds // 2)):
        gc.collect()
        start = time.process_time()
        write_report(photo_data, out)
        cpu.append(time.process_time() - start)
    size = out.stat().st_size
    print(
        f"photos: {count} ({total_in / 1048576:.0f} MB of originals), report copy median "
        f"{statistics.median(times):.3f} s CPU each; export median {statistics.median(cpu):.3f} s CPU, "
        f"{page_count(out)} pages, {size / 1048576:.1f} MB (target < 15 MB)"
    )


def main() -> None:
    """Run the interleaved rounds and print pages, seconds and the ratio to the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--guards", type=int, default=300)
    parser.add_argument("--classrooms", type=int, default=120)
    parser.add_argument("--photos", type=int, default=0)
    args = parser.parse_args()
    data = report_data(grown_document(args.guards, args.classrooms))
    sections = floor_sections(data)
    folder = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    ours, floor = folder / "report.pdf", folder / "floor.pdf"
    write_report(data, ours)  # warm-up: imports, font registration, caches
    floor_pages = build_floor(sections, floor)
    wall: dict[str, list[float]] = {"export": [], "floor": []}
    cpu: dict[str, list[float]] = {"export": [], "floor": []}
    for round_no in range(args.rounds):
        order = ("export", "floor") if round_no % 2 == 0 else ("floor", "export")
        for name in order:
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            if name == "export":
                write_report(data, ours)
            else:
                build_floor(sections, floor)
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    med = {k: (statistics.median(wall[k]), statistics.median(cpu[k])) for k in wall}
    rows = sum(len(rows) for section in sections for _h, rows, _w in section)
    print(
        f"school: {args.guards} guards, {args.classrooms} classrooms, "
        f"{len(data.results.findings)} findings, {rows} table rows"
    )
    print(
        f"export: {page_count(ours)} pages, {ours.stat().st_size / 1024:.0f} KiB, "
        f"median {med['export'][0]:.3f} s wall, {med['export'][1]:.3f} s CPU over {args.rounds} rounds"
    )
    print(
        f"floor (bare reportlab, same tables and font): {floor_pages} pages, "
        f"{floor.stat().st_size / 1024:.0f} KiB, "
        f"median {med['floor'][0]:.3f} s wall, {med['floor'][1]:.3f} s CPU"
    )
    # Both are single-threaded; CPU time is the steadier measure on a busy machine.
    print(
        f"ratio: {med['export'][1] / med['floor'][1]:.2f}x CPU, "
        f"{med['export'][0] / med['floor'][0]:.2f}x wall (target <= 1.5x)"
    )
    if args.photos:
        photo_run(data, args.photos, args.rounds, folder)


if __name__ == "__main__":
    main()
