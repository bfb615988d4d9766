"""Crash soak: a child saves answers one at a time and prints each once saved; it is SIGKILLed at random.

After every kill the database must open, pass ``integrity_check``, keep an intact history chain,
and hold every answer and row the child printed. POSIX only (fork + SIGKILL).

    python tools/crash_soak.py --kills 1000 [--data-dir DIR] [--max-delay-ms 60] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checklists.registry import builtin_checklists  # noqa: E402

ITEMS = ("crisis_checks_term", "parent_training_sessions")  # psychology, integers ≥ 0
SCHOOL_CODE = "4419000001"


@dataclass
class SoakStats:
    """What a soak run saw."""

    kills: int = 0
    printed_answers: int = 0
    printed_rows: int = 0
    kills_before_first_save: int = 0
    kills_while_saving: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def setup(data_dir: Path) -> int:
    """Create the data folder with one school and one assessment (psychology + guards)."""
    from checklists.answers import School
    from models.database import open_database
    from models.ops.assessments import start_assessment
    from models.ops.school import save_school

    with open_database(data_dir) as db, db.session() as s, s.begin():
        school = save_school(s, School("崩溃测试学校", SCHOOL_CODE, "primary", 800), user="soak")
        return start_assessment(
            s,
            school,
            period="soak",
            reference_date="2021-12-31",
            checklist_ids=["psychology", "guards"],
            checklists=builtin_checklists(),
            user="soak",
        )


def child(data_dir: Path, assessment_id: int, first_seq: int, out_fd: int) -> None:
    """Save answers and rows forever, printing ``A hid item value`` / ``R row_id seq`` after each returns."""
    from models.database import open_database
    from models.ops.answers import set_answer
    from models.ops.rows import add_row

    db = open_database(data_dir)
    seq = first_seq
    while True:
        seq += 1
        with db.session() as s, s.begin():
            if seq % 3:
                item = ITEMS[seq % 2]
                result = set_answer(s, assessment_id, "psychology", item, seq, user="soak")
                line = f"A {result.history_id} {item} {seq}\n"
            else:
                result = add_row(
                    s, assessment_id, "guards", "guards", {"name": f"g{seq}"}, user="soak"
                )
                line = f"R {result.row_id} {seq}\n"
        os.write(out_fd, line.encode())  # only after the transaction has committed


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def _wait_for_lines(fd: int, wanted: int, timeout: float) -> bytes:
    """Read from the child until it has confirmed ``wanted`` saves (or ``timeout`` passes)."""
    import select

    got = b""
    deadline = time.monotonic() + timeout
    while got.count(b"\n") < wanted:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        got += chunk
    return got


def check(data_dir: Path, assessment_id: int, lines: list[str]) -> list[str]:
    """Problems after a kill (empty when the database kept everything it confirmed)."""
    import json

    from models.database import open_database
    from models.ops.answers import get_answers
    from models.ops.history import verify_history
    from models.tables import HistoryEntry, TableRow

    problems = []
    with open_database(data_dir) as db:
        raw = sqlite3.connect(db.path)
        integrity = raw.execute("PRAGMA integrity_check").fetchall()
        raw.close()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:3]}")
        with db.session() as s:
            chain = verify_history(s, assessment_id)
            if not chain.ok:
                problems.append(f"history chain broken at {chain.first_broken}: {chain.reason}")
            answers = get_answers(s, assessment_id, "psychology")
            for line in lines:
                parts = line.split()
                if parts[0] == "A":
                    entry = s.get(HistoryEntry, int(parts[1]))
                    if (
                        entry is None
                        or entry.item_id != parts[2]
                        or json.loads(entry.new_json or "null") != int(parts[3])
                    ):
                        problems.append(f"lost answer: {line}")
                    if (answers.get(parts[2]) or -1) < int(parts[3]):
                        problems.append(f"answer went back: {line} (now {answers.get(parts[2])})")
                else:
                    row = s.get(TableRow, int(parts[1]))
                    if row is None or json.loads(row.cells_json).get("name") != f"g{parts[2]}":
                        problems.append(f"lost row: {line}")
    return problems


def one_kill(
    data_dir: Path, assessment_id: int, first_seq: int, delay: float, after_saves: int = 0
) -> list[str]:
    """Fork a writer and SIGKILL it; return the lines it had printed.

    ``after_saves`` > 0: wait until it confirmed that many saves, then ``delay`` more (a kill in the
    middle of saving, whatever the disk speed); 0: kill ``delay`` after the fork (maybe while opening).
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the caller (pytest, the soak loop)
        os.close(read_fd)
        code = 0
        try:
            child(data_dir, assessment_id, first_seq, write_fd)
        except BaseException:
            code = 3
        os._exit(code)
    os.close(write_fd)
    early = _wait_for_lines(read_fd, after_saves, timeout=60.0) if after_saves else b""
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    text = early.decode() + _read_all(read_fd)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise RuntimeError(f"the writer ended by itself (status {status}) instead of being killed")
    return [line for line in text.split("\n") if line.strip()]


def soak(data_dir: Path, kills: int, max_delay: float = 0.1, seed: int | None = None) -> SoakStats:
    """Run ``kills`` kill-and-check rounds on one data folder."""
    rng = random.Random(seed)
    stats = SoakStats()
    start = time.perf_counter()
    assessment_id = setup(data_dir)
    for k in range(kills):
        # One kill in five at any moment from the fork (often while opening), the others while saving.
        after = 0 if rng.random() < 0.2 else rng.randint(1, 8)
        delay = rng.uniform(0.0, max_delay) if after == 0 else rng.uniform(0.0, 0.005)
        lines = one_kill(data_dir, assessment_id, (k + 1) * 1_000_000, delay, after)
        stats.kills_while_saving += after > 0
        stats.kills += 1
        stats.printed_answers += sum(1 for line in lines if line.startswith("A"))
        stats.printed_rows += sum(1 for line in lines if line.startswith("R"))
        stats.kills_before_first_save += not lines
        problems = check(data_dir, assessment_id, lines)
        stats.failures.extend(f"kill {k + 1}: {p}" for p in problems)
        if problems:
            break
    stats.seconds = time.perf_counter() - start
    return stats


def main() -> int:
    """Run the soak and print the figures; exit 1 on any lost answer or damaged database."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--max-delay-ms", type=float, default=100.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if not hasattr(os, "fork"):
        print("crash_soak needs POSIX fork", file=sys.stderr)
        return 2
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="crash-soak-")) / "data"
    stats = soak(data_dir, args.kills, args.max_delay_ms / 1000, args.seed)
    print(f"data folder: {data_dir}")
    print(
        f"kills: {stats.kills} (aimed at saving: {stats.kills_while_saving}; "
        f"landed before the first save: {stats.kills_before_first_save})"
    )
    print(
        f"confirmed answers checked: {stats.printed_answers}, confirmed rows checked: {stats.printed_rows}"
    )
    print(f"failures: {len(stats.failures)}")
    for failure in stats.failures[:20]:
        print("  " + failure)
    print(f"time: {stats.seconds:.1f} s")
    return 1 if stats.failures else 0


if __name__ == "__main__":
    sys.exit(main())
