"""Release check: the test suite, every benchmark against its target, and the standalone build.

    .venv/bin/python tools/release_check.py            # everything (several minutes)
    .venv/bin/python tools/release_check.py --quick    # no slow tests, no build, fewer rounds
    .venv/bin/python tools/release_check.py --json     # the same numbers as one JSON document

Prints one table — tests passed, each benchmark's ratio against the target its script states
("target <= N" in its output, else "Target: ratio ≤ N×" in its docstring), the build's size and
time — and exits 0 only when every line is OK. Logs of each step stay in the work folder.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Fewer rounds in --quick mode, for whichever of these options a benchmark accepts.
QUICK_OPTIONS = {"--rounds": "2", "--n": "100", "--sizes": "200", "--edits": "60"}
RATIO = re.compile(r"ratio\b[^0-9]*?(\d+(?:\.\d+)?)\s*[x×]", re.IGNORECASE)
TARGET = re.compile(r"target:?\s*(?:\w+\s*)?(?:<=|≤|<)\s*(\d+(?:\.\d+)?)\s*[x×]", re.IGNORECASE)
# A benchmark with an absolute target (bench/ui_latency.py: "target ≤ 100 ms") judges each line
# itself, "(met)" or "(NOT met)"; its ratio to the floor is shown for information.
VERDICT = re.compile(r"\((met|NOT met)\)")
ABSOLUTE_TARGET = re.compile(r"target\s*(?:<=|≤|<)\s*(\d+(?:\.\d+)?\s*[a-wyzµ]+)", re.IGNORECASE)
# A figure shown without a target (e.g. peak memory against its floor): "reported, no target".
REPORTED = re.compile(r"\breported, no target", re.IGNORECASE)
# What a person waits for, against its floor measured in the same run (whole processes, saves):
# "timings <what>: p50 12.3 ms, p99 15.0 ms; floor p50 4.1 ms, p99 5.2 ms".
TIMINGS = re.compile(
    r"^timings (?P<what>.+?): p50 (?P<p50>\d+(?:\.\d+)?) ms, p99 (?P<p99>\d+(?:\.\d+)?) ms;"
    r" floor p50 (?P<floor_p50>\d+(?:\.\d+)?) ms, p99 (?P<floor_p99>\d+(?:\.\d+)?) ms"
)

# The paths a person waits for: each of these benchmarks prints a "timings" line (p50 and p99
# beside its floor's), and the table lists every one of them, marked when one printed none.
WAITED_FOR = (
    "save",
    "startup",
    "cli_export",
    "cli_import",
    "evaluate",
    "aggregate",
    "ui_latency",
    "sign",
)


@dataclass
class BenchLine:
    """One judged ratio of one benchmark."""

    bench: str
    label: str
    ratio: float | None
    target: float | None
    ok: bool
    note: str = ""


@dataclass
class Timing:
    """One path a person waits for: its median and p99 and those of its floor, in ms."""

    bench: str
    what: str
    p50: float
    p99: float
    floor_p50: float
    floor_p99: float


def parse_timings(bench: str, output: str) -> list[Timing]:
    """The ``timings`` lines of a benchmark's output."""
    found = []
    for line in output.splitlines():
        match = TIMINGS.match(line.strip())
        if match:
            numbers = {k: float(v) for k, v in match.groupdict().items() if k != "what"}
            found.append(Timing(bench, match.group("what"), **numbers))
    return found


@dataclass
class Report:
    """Everything the table shows."""

    version: str
    quick: bool
    tests: dict[str, float] = field(default_factory=dict)
    tests_ok: bool = False
    benches: list[BenchLine] = field(default_factory=list)
    timings: list[Timing] = field(default_factory=list)
    build: dict[str, object] | None = None
    build_ok: bool | None = None
    logs: str = ""

    @property
    def ok(self) -> bool:
        """True when tests, every benchmark and (if run) the build are OK."""
        return self.tests_ok and all(b.ok for b in self.benches) and self.build_ok is not False


def docstring_target(script: Path) -> float | None:
    """The "Target: ratio ≤ N×" a benchmark's docstring states, if any."""
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    match = TARGET.search(doc)
    return float(match.group(1)) if match else None


def _section(lines: list[str], index: int) -> str:
    """For an indented line, the heading it sits under, shortened: 'cold', 'N=200'."""
    if not lines[index][:1].isspace():
        return ""
    for line in reversed(lines[:index]):
        if line.strip() and not line[:1].isspace():
            return line.split(":", 1)[0].split(" (", 1)[0].strip()
    return ""


def _label(line: str, section: str) -> str:
    """A short name for a ratio line: its section and what the line says it compares."""
    before, after = line.split("ratio", 1)
    before = before.split(":", 1)[0].strip(" ,")
    inside = re.match(r"\s*\(([^,)]*)", after)
    words = re.split(r"\d", after, maxsplit=1)[0]  # up to the first number
    head, _, tail = words.rpartition(":")  # "engine/floor: 2.1x", "vs floor: whole command 2.1x"
    what = inside.group(1) if inside else (tail.strip() or head.strip(" (,"))
    parts = [section, before, what]
    return " ".join(p for p in parts if p).strip() or "ratio"


def parse_bench_output(bench: str, output: str, fallback_target: float | None) -> list[BenchLine]:
    """The judged ratios in a benchmark's output.

    Lines naming both a ratio and a target are judged; if there are none, every ratio line is
    judged against the docstring's target.
    """
    lines = output.splitlines()
    absolute = next((m.group(1) for m in map(ABSOLUTE_TARGET.search, lines) if m), "")
    judged = [
        i
        for i, line in enumerate(lines)
        if RATIO.search(line) and (TARGET.search(line) or VERDICT.search(line))
    ]
    if not judged:
        judged = [
            i for i, line in enumerate(lines) if RATIO.search(line) and not REPORTED.search(line)
        ]
    result = []
    for i in judged:
        line = lines[i]
        label = _label(line, _section(lines, i))
        ratio = float(RATIO.search(line).group(1))  # type: ignore[union-attr]
        verdict = VERDICT.search(line)
        if verdict:
            here = ABSOLUTE_TARGET.search(line)
            target_text = here.group(1) if here else absolute or "its target"
            note = f"its own verdict against {target_text}: {verdict.group(1)}"
            result.append(BenchLine(bench, label, ratio, None, verdict.group(1) == "met", note))
            continue
        found = TARGET.search(line)
        target = float(found.group(1)) if found else fallback_target
        ok = target is not None and ratio <= target
        note = "" if target is not None else "no target stated"
        result.append(BenchLine(bench, label, ratio, target, ok, note))
    for i, line in enumerate(lines):
        if REPORTED.search(line) and RATIO.search(line):
            ratio = float(RATIO.search(line).group(1))  # type: ignore[union-attr]
            label = _label(line, _section(lines, i))
            result.append(BenchLine(bench, label, ratio, None, True, "reported, no target"))
    if not result:
        result.append(BenchLine(bench, "-", None, fallback_target, False, "no ratio line"))
    return result


def junit_totals(path: Path) -> dict[str, float]:
    """passed/failed/errors/skipped/seconds from a pytest JUnit XML file."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = {
        k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")
    }
    return {
        "passed": total["tests"] - total["failures"] - total["errors"] - total["skipped"],
        "failed": total["failures"],
        "errors": total["errors"],
        "skipped": total["skipped"],
        "seconds": round(sum(float(s.get("time", 0)) for s in suites), 1),
    }


def _run_logged(command: list[str], log: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with its output going to ``log`` as it comes (to watch a long step)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.run(
            command,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            env=env,
        )
    return subprocess.CompletedProcess(proc.args, proc.returncode, log.read_text("utf-8"), "")


def run_tests(work: Path, quick: bool) -> tuple[dict[str, float], bool]:
    """Run pytest (without the slow tests in quick mode); totals and whether all passed."""
    xml = work / "tests.xml"
    # Failures and errors summarised in the log; a hung test dumps its stack after 10 minutes.
    command = [sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider",
               "-o", "faulthandler_timeout=600", f"--junitxml={xml}"]  # fmt: skip
    if quick:
        command += ["-m", "not slow"]
    proc = _run_logged(command, work / "tests.log", timeout=3600)
    if not xml.exists():
        return {"passed": 0, "failed": 0, "errors": 1, "skipped": 0, "seconds": 0.0}, False
    totals = junit_totals(xml)
    ok = proc.returncode == 0 and totals["failed"] == 0 and totals["errors"] == 0
    return totals, ok and totals["passed"] > 0


def bench_command(script: Path, quick: bool) -> list[str]:
    """The command for one benchmark; in quick mode with fewer rounds where it takes them."""
    command = [sys.executable, str(script)]
    if quick:
        usage = subprocess.run(
            [*command, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
        ).stdout
        for option, value in QUICK_OPTIONS.items():
            if re.search(rf"{re.escape(option)}\b", usage):
                command += [option, value]
    return command


def run_benches(work: Path, quick: bool, timings: list[Timing] | None = None) -> list[BenchLine]:
    """Run every bench/*.py and judge its ratio lines (their ``timings`` lines go to ``timings``)."""
    lines: list[BenchLine] = []
    for script in sorted(BENCH.glob("*.py")):
        name = script.stem
        print(f"  bench {name} …", file=sys.stderr, flush=True)
        try:
            proc = _run_logged(bench_command(script, quick), work / f"bench-{name}.log", 1800)
        except subprocess.TimeoutExpired:
            lines.append(BenchLine(name, "-", None, None, False, "timed out"))
            continue
        if proc.returncode != 0:
            lines.append(BenchLine(name, "-", None, None, False, f"exit {proc.returncode}"))
            continue
        lines += parse_bench_output(name, proc.stdout, docstring_target(script))
        if timings is not None:
            timings += parse_timings(name, proc.stdout)
    return lines


def run_build(work: Path) -> tuple[dict[str, object] | None, bool]:
    """Build the standalone program (and its zip) with packaging/build.py into ``work``."""
    command = [sys.executable, str(ROOT / "packaging" / "build.py"), "--json", "--zip",
               "--dist", str(work / "dist"), "--work", str(work / "pyinstaller"),
               "--cache-dir", str(work / "pyinstaller-cache")]  # fmt: skip
    proc = _run_logged(command, work / "build.log", timeout=1800)
    if proc.returncode != 0:
        return None, False
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    if result.get("zip"):
        result["zip_bytes"] = Path(str(result["zip"])).stat().st_size
    smoke = subprocess.run(
        [str(result["executable"]), "version"], capture_output=True, text=True, timeout=120
    )
    result["runs"] = smoke.returncode == 0 and bool(smoke.stdout.strip())
    return result, bool(result["runs"])


def _mib(value: object) -> str:
    return f"{int(value) / 2**20:.1f} MiB"  # type: ignore[call-overload]


def _verdict(b: BenchLine) -> str:
    if b.ok:
        return "OK"
    if b.ratio is not None and b.target:
        return "OVER"
    return "NOT MET" if "verdict" in b.note else "FAIL"


def _bench_rows(benches: list[BenchLine]) -> list[str]:
    name_width = max((len(b.bench) for b in benches), default=0)
    label_width = min(44, max((len(b.label) for b in benches), default=0))
    rows = []
    for b in benches:
        ratio = f"{b.ratio:.2f}x" if b.ratio is not None else "-"
        target = f"<= {b.target:g}x" if b.target is not None else "-"
        note = f"  ({b.note})" if b.note else ""
        rows.append(
            f"{'bench':8} {b.bench:{name_width}} {b.label[:label_width]:{label_width}} "
            f"{ratio:>8} {target:>8}   {_verdict(b)}{note}"
        )
    return rows


def _timing_rows(timings: list[Timing], ran: list[str] | None = None) -> list[str]:
    """One line per path a person waits for: floor, p50 and p99 side by side; a benchmark of
    WAITED_FOR that ran (``ran``; default: all of them) and printed none is listed too."""
    expected = [b for b in WAITED_FOR if ran is None or b in ran]
    missing = [b for b in expected if not any(t.bench == b for t in timings)]
    if not timings and not missing:
        return []
    names = [f"{t.bench} {t.what}" for t in timings] + missing
    width = min(60, max(len(name) for name in names))
    head = f"{'floor p50':>10} {'floor p99':>10} {'p50':>10} {'p99':>10}"
    rows = ["", f"{'waits':8} {'(what a person waits for, ms)':{width}} {head}"]
    for t in timings:
        name = f"{t.bench} {t.what}"[:width]
        rows.append(
            f"{'':8} {name:{width}} {t.floor_p50:10.2f} {t.floor_p99:10.2f}"
            f" {t.p50:10.2f} {t.p99:10.2f}"
        )
    for bench in missing:
        rows.append(f"{'':8} {bench:{width}} {'(no p50/p99: see its log)':>43}")
    return rows


def format_table(report: Report) -> str:
    """The summary a release is judged by, as plain text."""
    mode = "quick" if report.quick else "full"
    out = [f"Release check — 校园自查 Campus Self-Check {report.version} ({mode})", ""]
    t = report.tests
    out.append(
        f"{'tests':8} {int(t.get('passed', 0))} passed, {int(t.get('failed', 0))} failed, "
        f"{int(t.get('errors', 0))} errors, {int(t.get('skipped', 0))} skipped "
        f"in {t.get('seconds', 0):.0f} s{'' if not report.quick else ' (slow tests left out)'}"
        f"   {'OK' if report.tests_ok else 'FAIL'}"
    )
    out += _bench_rows(report.benches)
    out += _timing_rows(report.timings, sorted({b.bench for b in report.benches}))
    if report.build_ok is None:
        out.append(f"{'build':8} skipped (--quick)")
    elif report.build:
        b = report.build
        out.append(
            f"{'build':8} {_mib(b['size_bytes'])} in {b['files']} files, {b['seconds']} s; "
            f"zip {_mib(b.get('zip_bytes', 0))}; runs: {'yes' if b.get('runs') else 'NO'}"
            f"   {'OK' if report.build_ok else 'FAIL'}"
        )
    else:
        out.append(f"{'build':8} FAILED (see build.log)")
    over = sum(not b.ok for b in report.benches)
    out += [
        "",
        f"result: {'OK' if report.ok else 'NOT READY'}"
        + (f" — {over} benchmark line(s) not within target" if over else ""),
        f"logs: {report.logs}",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the checks, print the table (or JSON), exit 0 only if all is OK."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="no slow tests, no build, fewer rounds"
    )
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    parser.add_argument("--work", type=Path, default=None, help="folder for logs and the build")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="release-check-"))
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from checklists.foundation.appinfo import app_version

    report = Report(app_version(), args.quick, logs=str(work))
    started = time.perf_counter()
    print("  tests …", file=sys.stderr, flush=True)
    report.tests, report.tests_ok = run_tests(work, args.quick)
    report.benches = run_benches(work, args.quick, report.timings)
    if not args.quick:
        print("  build …", file=sys.stderr, flush=True)
        report.build, report.build_ok = run_build(work)
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if args.json:
        doc = asdict(report) | {"ok": report.ok}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
