"""Benchmark: `main.py export-pdf` as a whole process, against a floor process on the same database.

What a person waits for when exporting is the whole command: start Python, open the data folder,
read the self-check, judge it, lay out the report, write the file. The school is the sample grown
to 300 guards and 120 classrooms (imported through the CLI). The floor is a separate Python
process that reads the same SQLite file with sqlite3 (every answer and table row of the
self-check) and writes the same tables with reportlab — one table of answers per checklist, one
table per table item with the report's column count, in the same embedded font — to a PDF.
Both are timed from outside, rounds interleaved (order alternating), after one warm-up each;
medians and p99 of wall time, and of CPU time (user + system: steadier on a shared machine),
with the load average. Peak memory (max RSS) of an export of a 3,000-guard school and of the
floor on it is reported too. Target: ratio ≤ 1.5× (wall).

    .venv/bin/python bench/cli_export.py [--rounds 7] [--guards 300] [--classrooms 120]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FLOOR = r"""
import json, sqlite3, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table

database, font, out = sys.argv[1:4]
pdfmetrics.registerFont(TTFont("F", font))
conn = sqlite3.connect(database)
answers = conn.execute(
    "SELECT checklist_id, item_id, value_json FROM answers WHERE assessment_id = 1"
    " ORDER BY checklist_id, item_id"
).fetchall()
rows = conn.execute(
    "SELECT checklist_id, item_id, cells_json FROM table_rows WHERE assessment_id = 1"
    " ORDER BY checklist_id, item_id, position"
).fetchall()
conn.close()
cell = ParagraphStyle("cell", fontName="F", fontSize=8.5, leading=11, wordWrap="CJK")
width = A4[0] - 36 * mm
style = [("FONTNAME", (0, 0), (-1, -1), "F"), ("FONTSIZE", (0, 0), (-1, -1), 8),
         ("LINEBELOW", (0, 0), (-1, -1), 0.3, "#b7c3cf")]
story = []
checklists = sorted({c for c, _, _ in answers} | {c for c, _, _ in rows})
for checklist in checklists:
    body = [[item, Paragraph(value or "—", cell), "ok"] for c, item, value in answers if c == checklist]
    story.append(Table([["item", "answer", "result"], *body], colWidths=[width / 3] * 3,
                       repeatRows=1, style=style))
    tables = sorted({i for c, i, _ in rows if c == checklist})
    for item in tables:
        cells = [json.loads(t) for c, i, t in rows if c == checklist and i == item]
        columns = sorted({k for r in cells for k in r})
        body = [[str(n), *(str(r.get(k, "—")) for k in columns), ""] for n, r in enumerate(cells, 1)]
        header = ["#", *columns, "问题"]
        story.append(Table([header, *body], colWidths=[width / len(header)] * len(header),
                           repeatRows=1, style=style))
    story.append(PageBreak())
doc = SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName="F")
doc.build(story)
"""

MAX_RSS = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def prepare(folder: Path, guards: int, classrooms: int) -> Path:
    """A data folder holding the grown sample (imported through the CLI)."""
    from pdf import grown_document

    doc = folder / f"school-{guards}.json"
    doc.write_text(
        json.dumps(grown_document(guards, classrooms), ensure_ascii=False), encoding="utf-8"
    )
    data = folder / f"data-{guards}"
    cmd = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "import", str(doc)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return data


def commands(data: Path, out: Path) -> dict[str, list[str]]:
    """The export command and the floor command on the same data folder."""
    from reports.fonts import FONT_PATH

    return {
        "export": [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "export-pdf",
                   "1", "--out", str(out / "report.pdf"), "--generated-at",
                   "2022-01-05T09:30:00+08:00"],
        "floor": [sys.executable, "-c", FLOOR, str(data / "campus.db"), str(FONT_PATH),
                  str(out / "floor.pdf")],
    }  # fmt: skip


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one process (it must exit 0).

    CPU time is what the process itself spent, whatever else the machine was doing; on a
    shared machine it is the steadier figure.
    """
    start = time.perf_counter()
    child = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{cmd[:4]} failed ({code}):\n{stderr[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def peak_mib(cmd: list[str], env: dict[str, str]) -> float:
    """Max RSS of one run of ``cmd``, in MiB (Linux reports KiB)."""
    done = subprocess.run([sys.executable, "-c", MAX_RSS, *cmd], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)  # fmt: skip
    code, kib = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{cmd[:4]} failed ({code})")
    return int(kib) / 1024


def p99(times: list[float]) -> float:
    """The 99th percentile (the largest of fewer than 100 samples)."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def main() -> None:
    """Prepare, run the interleaved rounds, print medians, p99, the ratio and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--guards", type=int, default=300)
    parser.add_argument("--classrooms", type=int, default=120)
    parser.add_argument("--memory-guards", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="campus-bench-export-") as tmp:
        folder = Path(tmp)
        # An installed app has its bytecode and compiled checklists cached: so do both here.
        env = dict(os.environ, PYTHONPYCACHEPREFIX=str(folder / "pycache"),
                   CAMPUS_SELFCHECK_CACHE=str(folder / "cache"))  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        data = prepare(folder, args.guards, args.classrooms)
        cmds = commands(data, folder)
        times: dict[str, list[float]] = {name: [] for name in cmds}
        cpu: dict[str, list[float]] = {name: [] for name in cmds}
        for cmd in cmds.values():
            timed(cmd, env)  # warm-up
        for round_ in range(args.rounds):
            order = list(cmds) if round_ % 2 == 0 else list(reversed(cmds))
            for name in order:
                wall, used = timed(cmds[name], env)
                times[name].append(wall)
                cpu[name].append(used)
        big = prepare(folder, args.memory_guards, args.classrooms)
        big_cmds = commands(big, folder)
        memory = {name: peak_mib(cmd, env) for name, cmd in big_cmds.items()}
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"school: {args.guards} guards, {args.classrooms} classrooms; {args.rounds} rounds")
    print(f"floor   median {med['floor']:.3f} s, p99 {p99(times['floor']):.3f} s"
          "  (sqlite3 read + reportlab tables, same font, whole process)")  # fmt: skip
    print(f"export  median {med['export']:.3f} s, p99 {p99(times['export']):.3f} s"
          "  (main.py export-pdf, whole process)")  # fmt: skip
    print(f"timings export-pdf {args.guards} guards: p50 {med['export'] * 1e3:.1f} ms,"
          f" p99 {p99(times['export']) * 1e3:.1f} ms; floor p50 {med['floor'] * 1e3:.1f} ms,"
          f" p99 {p99(times['floor']) * 1e3:.1f} ms")  # fmt: skip
    print(f"ratio export/floor: {med['export'] / med['floor']:.2f}x (target <= 1.5x)")
    cpu_med = {name: statistics.median(t) for name, t in cpu.items()}
    print(f"cpu     export median {cpu_med['export']:.3f} s, p99 {p99(cpu['export']):.3f} s;"
          f" floor median {cpu_med['floor']:.3f} s, p99 {p99(cpu['floor']):.3f} s;"
          f" ratio {cpu_med['export'] / cpu_med['floor']:.2f}x (user + system)")  # fmt: skip
    print(
        f"load    {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min) on {os.cpu_count()} CPUs"
    )
    print(
        f"peak memory ratio export/floor: {memory['export'] / memory['floor']:.2f}x"
        f" ({args.memory_guards} guards: export {memory['export']:.0f} MiB,"
        f" floor {memory['floor']:.0f} MiB; reported, no target)"
    )


if __name__ == "__main__":
    main()
