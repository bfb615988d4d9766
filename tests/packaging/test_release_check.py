"""tools/release_check.py: reading the benchmarks' ratio lines and pytest's totals, the table."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "release_check", ROOT / "tools" / "release_check.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["release_check"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


rc = _load()


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Output as the benchmarks print it (bench/evaluate.py, import.py, pdf.py, save.py, sign.py).
EVALUATE = """\
cold (every ID number parsed afresh, as in one evaluation):
  engine (evaluate, all four checklists): median 36.3 ms
  floor (plain Python, same guard + classroom findings and messages): median 13.6 ms
  ratio engine/floor: 2.66x (target <= 3x)

warm (ID numbers cached from earlier runs):
  engine (evaluate, all four checklists): median 26.5 ms
  ratio engine/floor: 5.78x (target <= 3x)
"""
IMPORT = """\
floor     537.0 ms   ratio 1.00x
parse     622.3 ms   ratio 1.16x
store    1498.6 ms   ratio 2.79x
parse ratio vs floor: 1.16x (target ≤ 1.5x)
"""
PDF = "ratio: 1.46x CPU, 1.46x wall (target <= 1.5x)\n"
SAVE = """\
ratio (psychology, median op / median floor): 2.72x (target <= 3x)
ratio (safety, median op / median floor): 2.33x (target <= 3x)
"""


UI_LATENCY = """\
heartbeat 5 ms; per run 200 cell edits, 20 table switches, target ≤ 100 ms
as the app runs now:
  floor (QStandardItemModel.setData): max stall 11.6 ms, p95 7.4 ms
  edit: max stall 38.4 ms, p95 19.5 ms, ratio 3.3x floor (met)
  switch: max stall 215.0 ms, p95 200.4 ms, ratio 18.5x floor (NOT met)
"""
AGGREGATE = """\
N=200: floor 21.19 s/1000 reports; ours 46.30 s/1000 (check+store 33.78); valid 200, schools 198
        ratio vs floor: whole command 2.19x, check+store 1.59x (target ≤ 1.3x)
"""


def test_evaluate_lines_are_named_by_their_section() -> None:
    lines = rc.parse_bench_output("evaluate", EVALUATE, None)
    assert [(b.label, b.ratio, b.target, b.ok) for b in lines] == [
        ("cold engine/floor", 2.66, 3.0, True),
        ("warm engine/floor", 5.78, 3.0, False),
    ]


def test_only_lines_with_a_target_are_judged() -> None:
    (line,) = rc.parse_bench_output("import", IMPORT, 9.0)
    assert (line.label, line.ratio, line.target, line.ok) == ("parse vs floor", 1.16, 1.5, True)


def test_first_ratio_of_a_line_counts() -> None:
    (line,) = rc.parse_bench_output("pdf", PDF, None)
    assert (line.ratio, line.target, line.ok) == (1.46, 1.5, True)


def test_labels_from_parentheses() -> None:
    assert [b.label for b in rc.parse_bench_output("save", SAVE, None)] == ["psychology", "safety"]


def test_absolute_targets_keep_the_benchmarks_own_verdict() -> None:
    edit, switch = rc.parse_bench_output("ui_latency", UI_LATENCY, None)
    assert (edit.label, edit.ratio, edit.target, edit.ok) == (
        "as the app runs now edit",
        3.3,
        None,
        True,
    )
    assert (switch.label, switch.ok) == ("as the app runs now switch", False)
    assert "100 ms" in switch.note


def test_label_from_the_heading_and_after_the_colon() -> None:
    (line,) = rc.parse_bench_output("aggregate", AGGREGATE, None)
    assert (line.label, line.ratio, line.target, line.ok) == (
        "N=200 whole command",
        2.19,
        1.3,
        False,
    )


def test_docstring_target_when_the_output_has_none(tmp_path: Path) -> None:
    script = tmp_path / "startup.py"
    script.write_text('"""Benchmark: start-up. Target: ratio ≤ 2×."""\n', encoding="utf-8")
    assert rc.docstring_target(script) == 2.0
    (line,) = rc.parse_bench_output(
        "startup", "ratio app/bare Qt: 2.40x\n", rc.docstring_target(script)
    )
    assert (line.ratio, line.target, line.ok) == (2.4, 2.0, False)


def test_no_ratio_or_no_target_is_not_ok() -> None:
    (line,) = rc.parse_bench_output("x", "median 3 ms\n", 2.0)
    assert not line.ok and line.note == "no ratio line"
    (line,) = rc.parse_bench_output("x", "ratio 1.10x\n", None)
    assert not line.ok and line.note == "no target stated"


def test_every_bench_script_states_a_target() -> None:
    for script in sorted((ROOT / "bench").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        stated = rc.docstring_target(script) or rc.TARGET.search(text) or "NOT met" in text
        assert stated, script.name


def test_junit_totals(tmp_path: Path) -> None:
    xml = tmp_path / "t.xml"
    xml.write_text(
        '<testsuites><testsuite tests="10" failures="1" errors="0" skipped="2" time="3.5"/>'
        "</testsuites>",
        encoding="utf-8",
    )
    assert rc.junit_totals(xml) == {
        "passed": 7,
        "failed": 1,
        "errors": 0,
        "skipped": 2,
        "seconds": 3.5,
    }


def test_quick_command_uses_fewer_rounds() -> None:
    command = rc.bench_command(ROOT / "bench" / "sign.py", quick=True)
    assert command[-2:] == ["--rounds", "2"]
    assert rc.bench_command(ROOT / "bench" / "sign.py", quick=False) == [
        sys.executable,
        str(ROOT / "bench" / "sign.py"),
    ]


def test_table_shows_every_number() -> None:
    report = rc.Report("0.1.0", quick=False, logs="/tmp/x")
    report.tests = {"passed": 10, "failed": 0, "errors": 0, "skipped": 1, "seconds": 12.0}
    report.tests_ok = True
    report.benches = rc.parse_bench_output("evaluate", EVALUATE, None)
    report.build = {
        "size_bytes": 171 * 2**20,
        "files": 250,
        "seconds": 37.0,
        "zip_bytes": 106 * 2**20,
        "runs": True,
    }
    report.build_ok = True
    table = rc.format_table(report)
    assert "10 passed, 0 failed, 0 errors, 1 skipped" in table
    assert (
        "5.78x" in table and "OVER" in table and "171.0 MiB" in table and "zip 106.0 MiB" in table
    )
    assert "result: NOT READY — 1 benchmark line(s) not within target" in table
    assert not report.ok


SAVE_ROSTER = """\
save (guards roster cell, 2000-guard roster): median 0.900 ms, p99 3.100 ms
floor (sqlite3 INSERT+COMMIT, WAL, synchronous=FULL): median 0.330 ms, p99 0.600 ms
ratio (guards roster cell, median op / median floor): 2.73x (target <= 3x)
p99 (guards roster cell): 6.10 ms, ratio 10.17x to the floor's p99 (target ≤ 5 ms) (NOT met)
"""

EXPORT = """\
ratio export/floor: 1.42x (target <= 1.5x)
peak memory ratio export/floor: 2.36x (3000 guards: export 144 MiB, floor 61 MiB; reported, no target)
"""


def test_a_p99_line_is_judged_against_its_own_absolute_target() -> None:
    median, p99 = rc.parse_bench_output("save", SAVE_ROSTER, None)
    assert (median.label, median.ratio, median.target, median.ok) == (
        "guards roster cell",
        2.73,
        3.0,
        True,
    )
    assert (p99.label, p99.ok) == ("p99 (guards roster cell)", False)
    assert p99.note == "its own verdict against 5 ms: NOT met"


def test_reported_figures_are_listed_but_not_judged() -> None:
    export, memory = rc.parse_bench_output("cli_export", EXPORT, None)
    assert (export.ratio, export.target, export.ok) == (1.42, 1.5, True)
    assert (memory.label, memory.ratio, memory.target, memory.ok) == (
        "peak memory export/floor",
        2.36,
        None,
        True,
    )
    assert memory.note == "reported, no target"
    assert "reported, no target" in "\n".join(rc._bench_rows([export, memory]))


TIMED = """\
floor   median 0.500 s, p99 1.060 s  (sqlite3 read + reportlab tables, same font, whole process)
export  median 0.700 s, p99 0.900 s  (main.py export-pdf, whole process)
timings export-pdf 300 guards: p50 700.0 ms, p99 900.0 ms; floor p50 500.0 ms, p99 1060.0 ms
ratio export/floor: 1.40x (target <= 1.5x)
"""


def test_whole_process_timings_are_listed_with_their_floor() -> None:
    (timing,) = rc.parse_timings("cli_export", TIMED)
    assert (timing.what, timing.p50, timing.p99, timing.floor_p50, timing.floor_p99) == (
        "export-pdf 300 guards",
        700.0,
        900.0,
        500.0,
        1060.0,
    )
    report = rc.Report("0.1.0", quick=True, logs="/tmp/x")
    report.benches = rc.parse_bench_output("cli_export", TIMED, None)
    report.timings = [timing]
    table = rc.format_table(report)
    row = next(line for line in table.splitlines() if "export-pdf 300 guards" in line)
    assert row.split()[-4:] == ["500.00", "1060.00", "700.00", "900.00"]
    assert "floor p50" in table
    # the timings line is not a ratio: the only judged line is the ratio's
    assert [b.label for b in report.benches] == ["export/floor"]


def test_every_bench_a_person_waits_for_prints_its_timings() -> None:
    assert set(rc.WAITED_FOR) == {"save", "startup", "cli_export", "cli_import", "evaluate",
                                  "aggregate", "ui_latency", "sign"}  # fmt: skip
    for name in rc.WAITED_FOR:
        text = (ROOT / "bench" / f"{name}.py").read_text(encoding="utf-8")
        assert 'f"timings ' in text and "floor p50" in text, name


def test_a_bench_that_printed_no_timings_is_listed_as_such() -> None:
    report = rc.Report("0.1.0", quick=True, logs="/tmp/x")
    report.benches = rc.parse_bench_output("cli_export", TIMED, None) + rc.parse_bench_output(
        "sign", "ratio ours/floor: 1.10x (target <= 1.3x)", None
    )
    report.timings = rc.parse_timings("cli_export", TIMED)
    rows = rc.format_table(report).splitlines()
    (sign,) = [line for line in rows if line.split()[:1] == ["sign"]]
    assert "no p50/p99" in sign
    # benchmarks that did not run at all are not listed as missing
    assert not any(line.split()[:1] == ["startup"] for line in rows)


@pytest.mark.slow
def test_the_benches_timings_lines_are_read_by_the_release_check(tmp_path: Path) -> None:
    """Small runs of the quick benchmarks: each prints timings lines the release check reads."""
    save_bench = _bench_module("save")
    runs = {
        "save": ["--n", "5", "--roster", "40", "--assessments", "2", "--dir", str(tmp_path)],
        "evaluate": ["--rounds", "1", "--guards", "40", "--rooms", "20"],
        "ui_latency": ["--edits", "8", "--rows", "40", "--blocks", "1"],
    }
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    found = {}
    for name, options in runs.items():
        proc = subprocess.run(
            [sys.executable, str(ROOT / "bench" / f"{name}.py"), *options],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        found[name] = rc.parse_timings(name, proc.stdout)
        assert found[name], (name, proc.stdout)
        for t in found[name]:
            assert 0 < t.p50 <= t.p99 and 0 < t.floor_p50 <= t.floor_p99, (name, t)
    saves = [t.what.split(",")[0].removesuffix(" on disk") for t in found["save"]]
    # every save of the bench, once each, in the one folder given
    assert sorted(saves) == sorted(save_bench.TARGETS), saves
    assert len(found["evaluate"]) == 2  # cold and warm
    assert [t.what.split(" (")[0] for t in found["ui_latency"]] == [
        "ui a roster cell edit",
        "ui a table switch",
    ]
