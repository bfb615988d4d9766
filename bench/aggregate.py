"""Benchmark: the office's aggregation vs a floor of pyHanko validation + JSON parsing alone.

Seconds per 1,000 reports and peak memory at 200 and 2,000 signed reports (generated once by
tools/make_reports.py into a cache folder under /tmp and reused). "ours" is the ``aggregate``
command itself (main.main, as ``python main.py aggregate --out summary.xlsx FILES`` runs it,
timed from the import of main.py): list the files, check them in worker processes (read,
hash, verify_pdf, read + parse the embedded answers/results, re-evaluate them), store them in
a fresh SQLite office store, build the summary, write the workbook and print the counts. The
floor reads the same files in the same number of spawned processes, validates the signature
with pyHanko (no trust roots, no fetching), reads the attachments of the signed revision and
json-parses them. Each measurement runs in a fresh child process; rounds alternate
floor/ours; the page cache is warmed first, and one unmeasured run of each writes the byte
code of both (into a cache folder of the bench's own, as an installed program has it) and the
app's cache (compiled checklists, the evaluator's generated judges). Peak memory is the
sum of the RSS of the measuring process and all its descendants, sampled every 50 ms (and
getrusage's self + largest child, for reference). CPU seconds of all processes are printed
too: on a shared machine they say more than the wall clock. Target: ratio ≤ 1.3×.

How the command keeps near the floor: the worker processes start first (nothing but the
process pool is imported before them) and import the checking (pyHanko's validation included)
while the parent imports the store (SQLAlchemy Core: no ORM, no mapped classes), the summary
and the workbook and reads what the store holds (the known files and the parent's pickled
checklists follow in a setup file); after the last file the parent goes on to the summary
while the workers exit; the evaluator's generated judges (~150 sources a process) are compiled
once per machine and loaded from the app's cache; the certificate library is not imported
when there is no certificate to load; a district's pinyin is found by halving pypinyin's data
file instead of parsing its 42,000 readings; the parent and the workers import and set up with the garbage
collector paused (nearly all they make then is kept; keep_what_is_loaded freezes it and turns the
collector on again), and a worker collects its young objects once after each file (the whole
heap every 64 files) instead of in the automatic passes mid-check (which start only after 50,000
new objects), keeps pyHanko's event loop from one signature to the next (asyncio.run made and
closed one per report) and hashes the bytes before the signature once for the file's SHA-256 and
its signed revision's; a worker reads
each embedded file once per report (reports.signing.embedded keeps the last ones) and parses the
answers once (re-evaluation and the office's reading share the document, whose limits are not
walked again); embedded JSON is decoded with the careful number hooks only when its bytes may hold
a number too long, and objects without a repeated key are made by dict() at once; the full-ID check
looks at the bytes first (continuation bytes dropped, digits and separators of any script as one
"0": no 17 in a row, none there); the answers parser reads an answer of a plain kind (text,
yes/no, date, choice, number, a table of them) without the paths it builds to name problems,
leaving anything doubtful to the full check; the command's process and its workers keep what
they have loaded out of the garbage collector's full passes (gc.freeze); a file with
nothing after its signed revision is parsed once; the JSON limits are checked by one quick walk
(the slow one only names problems), which does not search the strings when the bytes hold no
escape that can write a control character or a lone surrogate; the stand-in ID numbers copy only
the objects on the way to an ID number; pyHanko's parser reads hex strings (the signature's
/Contents), names and references ("12 0 R") in one step instead of byte by byte, and asn1crypto's
prepared certificate name strings are remembered (reports.signing._pyhanko_reading: the same
parse, tested against the libraries' own; about a third of pyHanko's time per report, which the floor still spends), and
so is asn1crypto's comparison of two certificate names (pyHanko compares the signer's issuer four
times per signature); the
parent imports no pyHanko; rows go to SQLite's executemany straight through the
driver (each value through its column type's bind processing, as SQLAlchemy would), 64 files per
transaction; the big sheets are written as SpreadsheetML text
into openpyxl's write-only workbook (the findings straight from the stored columns, titles and
recurring texts worked out once, rows written in blocks and spliced as bytes), deflated at the
quickest level, each text cell of the big sheets three strings joined (xml:space only where a
text has blanks at either end). What is left above the floor: per report, a worker now
runs about as many instructions as the floor's (callgrind: 72.6 against 73.3 million) but takes
~5% longer (the floor's byte-by-byte parsing runs at a higher rate than the re-evaluation's
dictionaries): the re-evaluation of the embedded answers, which the floor does not do (the
evaluator ~1.1 ms a report, the answers document ~0.3 ms, the strict JSON ~0.3 ms more than
json.loads, the verdict comparison ~0.2 ms), is paid for by pyHanko's quicker readings. The
parent adds ~0.4 s of CPU at 200 reports (SQLAlchemy Core ~0.13 s and openpyxl ~0.055 s
imported, the store made, the checklists loaded, SQL statements compiled, eight sheets) and
~1 ms a report (~30 finding rows each: stored, tallied, written). Work the parent does while
the workers check is not free: the two cores are busy, and a try that made the findings
sheet's rows during the check (to shorten the summary) measured no faster at 200 reports and
slower at 2,000.

"ours" runs as the command's process does: with main.py's collector setting for a command
(one_command_gc), then the command's own order (cli/cmd_aggregate.py).

Both contenders run with a byte-code cache of the bench's own (PYTHONPYCACHEPREFIX), written by one
unmeasured run of each: an installed program has its byte code (pyHanko's was written when it was
installed), and PYTHONDONTWRITEBYTECODE would make every process of ours compile its sources again.

    .venv/bin/python bench/aggregate.py [--sizes 200 2000] [--rounds 3] [--workers N]
        [--cache /tmp/campus-bench-aggregate] [--quick-floor]

--quick-floor also measures, for reference, the floor with pyHanko parsing through the same
quicker readings the command uses (the floor the target is judged by stays stock pyHanko).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = Path("/tmp/campus-bench-aggregate")
GENERATED = 2000


# --- the two contenders (run inside a child process) -------------------------------------------


def floor_check(path: str) -> tuple[str, int]:
    """pyHanko validation of the first signature + JSON parsing of the signed attachments."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data = Path(path).read_bytes()
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sig = reader.embedded_regular_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
    signed = reader.get_historical_resolver(sig.signed_revision)
    names = signed.root["/Names"]["/EmbeddedFiles"]["/Names"]
    parsed = 0
    for i in range(0, len(names), 2):
        spec = names[i + 1].get_object()
        parsed += len(json.loads(spec["/EF"]["/F"].get_object().data))
    return str(status.intact and status.valid), parsed


def _floor_init(quick: bool = False) -> None:
    import logging

    if quick:  # pyHanko with the command's quicker readings (the same parse)
        from reports.signing import _pyhanko_reading

        _pyhanko_reading.install()

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL + 1)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL + 1)


def run_floor(files: list[str], workers: int, quick: bool = False) -> dict[str, Any]:
    """The floor over ``files``: the same streaming process pool, the same spawn start.
    ``quick``: pyHanko parses with the command's quicker readings (--quick-floor)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("spawn")
    ok = 0
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_floor_init, initargs=(quick,)
    ) as pool:
        queue, pending = list(reversed(files)), set[Any]()
        while queue or pending:
            while queue and len(pending) < workers * 8:
                pending.add(pool.submit(floor_check, queue.pop()))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            ok += sum(f.result()[0] == "True" for f in done)
    return {"valid": ok}


def run_ours(files: list[str], workers: int) -> dict[str, Any]:
    """The ``aggregate`` command itself (main.main) over ``files`` into a fresh data folder,
    the summary workbook included, timed from the import of main.py (as the command's process
    starts) to the command's return; its console text is kept for the counts it prints. The
    check and store time is taken when the run returns to the command (the rest is the
    summary and the workbook)."""
    started_at = time.perf_counter()
    from main import main, one_command_gc

    one_command_gc()  # as main.py sets the collector for a command's process
    from cli import cmd_aggregate

    marks: dict[str, float] = {}
    close_bar = cmd_aggregate.ProgressBar.close

    def checked(bar: Any) -> None:  # the command closes its progress bar when the run returns
        marks["checked"] = time.perf_counter()
        close_bar(bar)

    cmd_aggregate.ProgressBar.close = checked  # type: ignore[method-assign,assignment]
    console = io.StringIO()
    with tempfile.TemporaryDirectory() as temp:
        argv = ["--data-dir", str(Path(temp) / "data"), "aggregate", "--workers", str(workers)]
        argv += ["--lang", "zh", "--out", str(Path(temp) / "summary.xlsx"), *files]
        with contextlib.redirect_stdout(console):
            code = main(argv)
        written = time.perf_counter()
    if code != 0:
        raise SystemExit(f"aggregate exited with {code}")
    return {
        **_counts(console.getvalue()), "elapsed": written - started_at,
        "check_store": marks["checked"] - started_at, "summary_xlsx": written - marks["checked"],
    }  # fmt: skip


def _counts(console: str) -> dict[str, int]:
    """The counts the command printed (a check that it did the whole job)."""
    found = {
        key: re.search(pattern, console)
        for key, pattern in (
            ("valid", r"有效报告 (\d+) 份"),
            ("schools", r"(\d+) 条学校记录"),
            ("rejected", r"被拒文件 (\d+) 个"),
        )
    }
    if not all(found.values()):
        raise SystemExit(f"aggregate printed no summary: {console!r}")
    return {key: int(match.group(1)) for key, match in found.items() if match}


# --- measuring in a child process ---------------------------------------------------------------


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakSampler:
    """Samples the summed RSS of this process and all its descendants."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = sum(_rss_kb(pid) for pid in _descendants(os.getpid()))
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(self.interval)


def child_main(kind: str, list_file: str, workers: int) -> None:
    """Measure one contender and print a JSON line."""
    files = Path(list_file).read_text().split("\n")
    contenders: dict[str, Callable[[list[str], int], dict[str, Any]]] = {
        "ours": run_ours,
        "floor": run_floor,
        "quick_floor": lambda files, workers: run_floor(files, workers, quick=True),
    }
    contender = contenders[kind]
    with PeakSampler() as sampler:
        started = time.perf_counter()
        facts = contender(files, workers)
        seconds = facts.pop("elapsed", time.perf_counter() - started)
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    usage_self, usage_children = me.ru_maxrss, children.ru_maxrss
    facts["cpu_parent"] = me.ru_utime + me.ru_stime
    facts["cpu_children"] = children.ru_utime + children.ru_stime
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": sampler.peak_kb / 1024,
                "rusage_mb": (usage_self + usage_children) / 1024,
                **facts,
            }
        )
    )


def child_env(cache: Path) -> dict[str, str]:
    """The contenders' environment: a bytecode cache and a compiled-checklists cache of their
    own, as an installed program has (PYTHONDONTWRITEBYTECODE would make every process of ours
    compile the sources again, while pyHanko's byte code was written when it was installed)."""
    env = dict(
        os.environ,
        PYTHONPYCACHEPREFIX=str(cache / "pycache"),
        CAMPUS_SELFCHECK_CACHE=str(cache / "app-cache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(kind: str, files: list[str], workers: int, env: dict[str, str]) -> dict[str, Any]:
    """Run one contender in a fresh interpreter and return its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(files))
    try:
        cmd = [sys.executable, __file__, "--child", kind, handle.name, "--workers", str(workers)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    finally:
        os.unlink(handle.name)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


# --- the benchmark ----------------------------------------------------------------------------


def report_files(cache: Path, needed: int = GENERATED) -> list[str]:
    """The cached signed reports (generated once, by the first run that needs them)."""
    folder = cache / f"reports-{max(needed, GENERATED)}"
    manifest = folder / "manifest.json"
    if not manifest.exists() or json.loads(manifest.read_text())["count"] < needed:
        from tools.make_reports import make_reports

        print(
            f"generating {needed} signed reports into {folder} (once; a few minutes) …",
            flush=True,
        )
        make_reports(needed, folder, resubmit=0.02)
    return sorted(str(p) for p in folder.glob("report-*.pdf"))


def warm(files: list[str]) -> None:
    """Read every file once so both contenders start with a warm page cache."""
    for name in files:
        Path(name).read_bytes()


def main(argv: list[str] | None = None) -> int:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument(
        "--quick-floor",
        action="store_true",
        help="also measure the floor with pyHanko parsing through the command's quicker "
        "readings (reports.signing._pyhanko_reading), for reference",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "LIST"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_main(args.child[0], args.child[1], args.workers)
        return 0
    files = report_files(args.cache, max(args.sizes))
    warm(files)
    env = child_env(args.cache)
    kinds = ("floor", "ours", "quick_floor") if args.quick_floor else ("floor", "ours")
    for kind in kinds:  # writes the byte code (and the compiled checklists) once, not measured
        measure(kind, files[:8], args.workers, env)
    print(f"{len(files)} cached reports, {args.workers} worker processes, {args.rounds} round(s)")
    for size in args.sizes:
        chosen = files[:size]
        results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
        for round_no in range(args.rounds):
            order = kinds if round_no % 2 == 0 else kinds[::-1]
            for kind in order:
                results[kind].append(measure(kind, chosen, args.workers, env))
        _print(size, results)
    return 0


def _print(size: int, results: dict[str, list[dict[str, Any]]]) -> None:
    def per_1000(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in results[kind]) / size * 1000

    floor, ours = per_1000("floor", "seconds"), per_1000("ours", "seconds")
    check, summary = per_1000("ours", "check_store"), per_1000("ours", "summary_xlsx")
    peak = {k: max(r["peak_mb"] for r in v) for k, v in results.items()}
    rusage = {k: max(r["rusage_mb"] for r in v) for k, v in results.items()}
    first = results["ours"][0]
    print(
        f"N={size}: floor {floor:.2f} s/1000 reports; ours {ours:.2f} s/1000 "
        f"(check+store {check:.2f}, summary+xlsx {summary:.2f}); valid {first['valid']}, "
        f"schools {first['schools']}"
    )
    print(
        f"        ratio vs floor: whole command {ours / floor:.2f}x, check+store {check / floor:.2f}x "
        "(target ≤ 1.3x)"
    )
    cpu = {
        k: statistics.median(r["cpu_parent"] + r["cpu_children"] for r in v) / size * 1000
        for k, v in results.items()
    }
    parent = statistics.median(r["cpu_parent"] for r in results["ours"]) / size * 1000
    print(
        f"        CPU seconds/1000 (all processes): ours {cpu['ours']:.2f} (parent {parent:.2f}), "
        f"floor {cpu['floor']:.2f}: ratio {cpu['ours'] / cpu['floor']:.2f}x"
    )
    if "quick_floor" in results:
        quick = per_1000("quick_floor", "seconds")
        print(
            f"        floor with the quicker pyHanko readings (reference): {quick:.2f} s/1000, "
            f"CPU {cpu['quick_floor']:.2f}; ours vs it: whole command {ours / quick:.2f}x, "
            f"CPU {cpu['ours'] / cpu['quick_floor']:.2f}x"
        )
    whole = {k: sorted(r["seconds"] * 1000 for r in v) for k, v in results.items()}
    p50 = {k: statistics.median(v) for k, v in whole.items()}
    p99 = {k: v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))] for k, v in whole.items()}
    print(f"timings aggregate {size} reports: p50 {p50['ours']:.0f} ms, p99 {p99['ours']:.0f} ms;"
          f" floor p50 {p50['floor']:.0f} ms, p99 {p99['floor']:.0f} ms")  # fmt: skip
    print(
        f"        peak RSS (all processes, summed): ours {peak['ours']:.0f} MB, floor "
        f"{peak['floor']:.0f} MB; getrusage self+largest child: ours {rusage['ours']:.0f} MB, "
        f"floor {rusage['floor']:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())
