"""Benchmark: the longest event-loop stall while editing a 2,000-row guard roster and switching tables.

A QTimer heartbeat (5 ms) records the gap between its ticks while edits are driven from the
event loop: each edit is one cell written through the TableEditor's model (a core write and a
re-evaluation of the guards checklist), with the FindingsPanel listening as in the app. Every
tenth step moves to another table item and back (a new TableEditor over 2,000 rows). The floor
is the same heartbeat with a trivial edit (QStandardItemModel.setData on 2,000 rows), in the
same run, interleaved in blocks. Usage: ``python bench/ui_latency.py [--edits 200] [--rows 2000]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TICK_MS = 5
PAUSE_MS = 15  # between steps: the heartbeat ticks in between, as while a person types
TARGET_MS = 50.0


def guard_rows(n: int) -> list[dict[str, Any]]:
    """``n`` plausible guards (valid ID numbers, ages 25–62, some over 45 without an assessment)."""
    from checklists.idnumber import check_character

    rows = []
    for i in range(n):
        birth = date(1959, 1, 1) + timedelta(days=(i * 3571) % (37 * 365))
        first = f"441900{birth:%Y%m%d}{i % 1000:03d}"
        row: dict[str, Any] = {"name": f"保安{i:04d}", "id_number": first + check_character(first),
                               "hire_date": date(2015, 1, 1) + timedelta(days=i % 2000),
                               "on_guard_post": i % 7 != 0, "licence_no": f"粤莞保字{i:06d}"}  # fmt: skip
        if i % 3 == 0:
            row.update(assessment_date=date(2021, 6, 1), assessment_passed=i % 6 == 0)
        rows.append(row)
    return rows


class Heartbeat:
    """A 5 ms QTimer whose tick gaps measure how long the event loop was busy elsewhere."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def run(self, steps: list[Callable[[], None]]) -> list[float]:
        """Run ``steps`` from the event loop, one per PAUSE_MS; return the gaps (ms) seen meanwhile."""
        self.gaps = []
        loop = QEventLoop()
        pending = list(steps)

        def next_step() -> None:
            if not pending:
                loop.quit()
                return
            pending.pop(0)()
            QTimer.singleShot(PAUSE_MS, next_step)

        self._last = time.perf_counter()
        self.timer.start()
        QTimer.singleShot(PAUSE_MS, next_step)
        loop.exec()
        self.timer.stop()
        return self.gaps[1:]  # the first gap includes starting the timer


def build(rows: int) -> tuple[Any, Any, Any]:
    """A data folder with the sample school and a ``rows``-guard roster; the open model and widgets."""
    from models.database import open_database
    from ui.findings import FindingsPanel
    from ui.open_assessment import OpenAssessment
    from ui.shell.demo import import_sample
    from ui.store import Store
    from ui.tables import TableEditor

    folder = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    store = Store(open_database(folder / "data"), "bench")
    aid = store.call(lambda s: import_sample(s, user="bench"))
    model = OpenAssessment(store, aid)
    model.replace_rows("guards", "guards", guard_rows(rows), "bench")
    time_the_core(store)
    model.undo_stack.clear()
    editor = TableEditor(model, "guards", "guards")
    editor.resize(1400, 700)
    editor.show()
    panel = FindingsPanel(model)
    panel.resize(900, 600)
    panel.show()
    return model, editor, panel


def edit_steps(editor: Any, n: int, start: int = 0) -> list[Callable[[], None]]:
    """``n`` cell edits through the view's model: yes/no, name, a date, an ID number (each a core write)."""
    proxy, rows = editor.proxy, editor.rows_model
    total = rows.rowCount()
    columns = [
        rows.column_index(c) for c in ("on_guard_post", "name", "assessment_date", "id_number")
    ]

    def edit(i: int) -> Callable[[], None]:
        def step() -> None:
            row, column = (i * 397) % total, columns[i % len(columns)]
            current = rows.raw_value(row, column)
            value: Any = {
                0: not current,
                1: f"保安{i:05d}",
                2: date(2021, 1, 1) + timedelta(days=i % 300),
                3: str(current or "")[:-1] + ("X" if i % 2 else "0"),
            }[i % len(columns)]
            started, core_before = time.perf_counter(), CORE["ms"]
            proxy.setData(proxy.index(proxy.mapFromSource(rows.index(row, 0)).row(), column), value)
            SPLIT.append(((time.perf_counter() - started) * 1000, CORE["ms"] - core_before))

        return step

    return [edit(start + i) for i in range(n)]


CORE = {"ms": 0.0}  # time spent inside Store.call (the core operations) so far
SPLIT: list[tuple[float, float]] = []  # per edit: (whole setData, of which in the core) in ms


def time_the_core(store: Any) -> None:
    """Count the time of every Store.call (a core read or write) in CORE."""
    call = store.call

    def timed(op: Any) -> Any:
        started = time.perf_counter()
        try:
            return call(op)
        finally:
            CORE["ms"] += (time.perf_counter() - started) * 1000

    store.call = timed


def switch_steps(model: Any, n: int, holder: dict[str, Any]) -> list[Callable[[], None]]:
    """``n`` moves between items: open another table, then the 2,000-row roster again."""
    from ui.tables import TableEditor

    def open_table(item: tuple[str, str]) -> Callable[[], None]:
        def step() -> None:
            old = holder.pop("page", None)
            if old is not None:
                old.deleteLater()
            holder["page"] = TableEditor(model, *item)
            holder["page"].resize(1400, 700)
            holder["page"].show()

        return step

    others = [("lighting", "classrooms"), ("psychology", "psych_teachers")]
    return [open_table(("guards", "guards") if i % 2 else others[(i // 2) % 2]) for i in range(n)]


def floor_steps(n: int, rows: int, holder: dict[str, Any]) -> list[Callable[[], None]]:
    """``n`` trivial edits of a 2,000-row QStandardItemModel (the loop's own jitter)."""
    model = QStandardItemModel(rows, 8)
    for r in range(rows):
        model.setItem(r, 0, QStandardItem(f"row {r}"))
    holder["floor"] = model

    def edit(i: int) -> Callable[[], None]:
        return lambda: (
            None if model.setData(model.index((i * 397) % rows, 0), f"value {i}") else None
        )

    return [edit(i) for i in range(n)]


def summary(gaps: list[float]) -> tuple[float, float]:
    """(max stall, p95 gap) in ms."""
    ordered = sorted(gaps)
    return ordered[-1], ordered[min(len(ordered) - 1, int(0.95 * (len(ordered) - 1)))]


def measure(
    heart: Heartbeat, model: Any, editor: Any, args: argparse.Namespace, holder: dict[str, Any]
) -> dict[str, list[float]]:
    """Heartbeat gaps of edits, table switches and the floor, interleaved in blocks."""
    gaps: dict[str, list[float]] = {"edit": [], "switch": [], "floor": []}
    SPLIT.clear()
    per_block = max(1, args.edits // args.blocks)
    for block in range(args.blocks):  # interleaved, so a slower moment hits all three alike
        start = (
            args.offset + block * per_block
        )  # new values each time: an unchanged value is no write
        gaps["edit"] += heart.run(edit_steps(editor, per_block, start))
        gaps["switch"] += heart.run(switch_steps(model, max(2, per_block // 10), holder))
        gaps["floor"] += heart.run(floor_steps(per_block, args.rows, holder))
    return gaps


def report(label: str, gaps: dict[str, list[float]], *, judged: bool = True) -> None:
    """Print max stall, p95 and the ratio to the floor for edits and switches; ``judged``: with
    the target's verdict (only for the way the app runs)."""
    floor_stall, floor_p95 = summary(gaps["floor"])
    whole = statistics.median(w for w, _ in SPLIT)
    core = statistics.median(c for _, c in SPLIT)
    ui = statistics.median(w - c for w, c in SPLIT)
    print(f"{label}:")
    print(
        f"  one cell edit (median): {whole:.1f} ms = core (Store.call: write, re-evaluation, reads) {core:.1f} ms + UI {ui:.1f} ms"
    )
    print(
        f"  floor (QStandardItemModel.setData): max stall {floor_stall:.1f} ms, p95 {floor_p95:.1f} ms"
    )
    for kind in ("edit", "switch"):
        stall, p95 = summary(gaps[kind])
        verdict = ("met" if stall <= TARGET_MS else "NOT met") if judged else "not judged"
        print(
            f"  {kind}: max stall {stall:.1f} ms, p95 {p95:.1f} ms, ratio {stall / floor_stall:.1f}x floor ({verdict})"
        )
        if judged:  # the event loop's gaps while a person edits or switches, beside the floor's
            ours, floor = percentiles(gaps[kind]), percentiles(gaps["floor"])
            what = "a roster cell edit" if kind == "edit" else "a table switch"
            print(f"timings ui {what} (event-loop gaps): p50 {ours[0]:.1f} ms,"
                  f" p99 {ours[1]:.1f} ms; floor p50 {floor[0]:.1f} ms, p99 {floor[1]:.1f} ms")  # fmt: skip


def percentiles(gaps: list[float]) -> tuple[float, float]:
    """(p50, p99) of heartbeat gaps in ms."""
    ordered = sorted(gaps)
    return (
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))],
    )


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument(
        "--blocks", type=int, default=4, help="interleaved blocks of edits and floor"
    )
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 - kept alive
    import ui  # noqa: F401 - installs the PySide6 emit guard before any signal
    from ui.shell.style import register_fonts

    register_fonts()
    started = time.perf_counter()
    model, editor, panel = build(args.rows)
    print(
        f"setup: {args.rows} guards, {len(model.findings())} findings, {time.perf_counter() - started:.1f} s"
    )
    heart = Heartbeat()
    holder: dict[str, Any] = {}
    heart.run(edit_steps(editor, 20, 10_000))  # warm up (imports, caches)
    heart.run(switch_steps(model, 4, holder))
    heart.run(floor_steps(20, args.rows, holder))
    switches = args.blocks * max(2, args.edits // args.blocks // 10)
    print(
        f"heartbeat {TICK_MS} ms; per run {args.edits} cell edits, {switches} table switches, target ≤ {TARGET_MS:.0f} ms"
    )
    args.offset = 100_000
    gc.collect()
    gc.freeze()  # what MainWindow.open_assessment does: long-lived objects out of full collections
    report(
        "as the app runs (gc frozen after opening the assessment)",
        measure(heart, model, editor, args, holder),
    )
    gc.unfreeze()
    args.offset = 200_000
    report(
        "for comparison, without gc.freeze()",
        measure(heart, model, editor, args, holder),
        judged=False,
    )
    model.store.close()
    sys.stdout.flush()
    os._exit(0)  # skip Qt's slow teardown: nothing is left to save


if __name__ == "__main__":
    raise SystemExit(main())
