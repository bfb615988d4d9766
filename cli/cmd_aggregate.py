"""CLI: ``aggregate`` — the supervision office checks many signed reports and writes a summary."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cli.context import CliContext, bounded_int, path_arg

if TYPE_CHECKING:
    from checklists.foundation.errors import UserFacingError
    from reports.aggregate import FileOutcome, OfficeStore, RunResult, Summary
    from reports.aggregate.inputs import ReportFiles
    from reports.aggregate.pool import StartedPool
    from reports.aggregate.prune import GoneFile

EXIT_OK = 0
_MAX_LISTED = 50  # rejected files listed on the console; the workbook lists them all


def register(subparsers: Any) -> None:
    """Add the ``aggregate`` command."""
    cmd = subparsers.add_parser(
        "aggregate", help="督导汇总：检查多份签名报告并生成汇总表 / aggregate signed reports"
    )
    cmd.add_argument(
        "paths",
        type=path_arg,
        nargs="*",
        metavar="PATH",
        help="PDF 文件或文件夹（汇总只含这些文件）",
    )
    cmd.add_argument("--out", type=path_arg, metavar="SUMMARY.xlsx", help="汇总表")
    cmd.add_argument(
        "--all",
        dest="whole_store",
        action="store_true",
        help="汇总数据库中的全部报告（而不只是 PATH 中的） / summarise the whole store",
    )
    cmd.add_argument(
        "--prune",
        action="store_true",
        help="从汇总数据库删除文件已不存在的记录（逐一列出） / remove entries whose files are gone",
    )
    cmd.add_argument(
        "--as-of",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="按此日期判断整改是否逾期（默认今天） / the date overdue rectification is judged on",
    )
    cmd.add_argument(
        "--db", metavar="URL", help="汇总数据库（SQLAlchemy URL），默认数据文件夹中的 office.db"
    )
    cmd.add_argument(
        "--trust",
        type=path_arg,
        action="extend",
        nargs="+",
        default=[],
        metavar="CERT",
        help="受信任证书",
    )
    cmd.add_argument(
        "--require-trust", action="store_true", help="证书须受信任 / untrusted → rejected"
    )
    cmd.add_argument(
        "--workers",
        type=bounded_int(1, 256, "工作进程数", "number of workers"),
        default=None,
        metavar="N",
        help="工作进程数（默认 CPU 数）",
    )
    cmd.add_argument(
        "--lang", dest="summary_lang", choices=("zh", "en"), default=None, help="汇总表语言"
    )
    cmd.add_argument("--json", action="store_true")
    cmd.set_defaults(func=_aggregate)


def _day(text: str) -> date:
    from checklists.answers import parse_iso_date  # not before the workers start

    found = parse_iso_date(text)
    if found is None:
        raise argparse.ArgumentTypeError(f"应为 YYYY-MM-DD / must be YYYY-MM-DD: {text}")
    return found


def _aggregate(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate.process import pause_collection, resume_collection

    pause_collection()  # while the store, the summary and the workbook are imported
    try:
        return _open_and_run(args, ctx)
    finally:
        resume_collection()  # keep_what_is_loaded resumed it, unless the command failed first


def _open_and_run(args: argparse.Namespace, ctx: CliContext) -> int:
    from checklists.foundation.errors import InputError
    from reports.aggregate.inputs import check_summary_target, list_report_files
    from reports.aggregate.pool import start_pool

    if args.summary_lang:
        ctx.lang = args.summary_lang
    if args.paths and args.whole_store is False and args.out is None:
        raise InputError("请用 --out 给出汇总表文件名。", "Give the summary file with --out.")
    if not args.paths and not args.whole_store and not args.prune:
        raise InputError(
            "请给出报告文件或文件夹（PATH），或 --all（汇总全部）、--prune（清理）。",
            "Give report files or folders (PATH), or --all (whole store) or --prune.",
        )
    if args.whole_store and args.out is None:
        raise InputError("请用 --out 给出汇总表文件名。", "Give the summary file with --out.")
    if args.out is not None:
        check_summary_target(args.out)  # a workbook that cannot be written: nothing checked
    listed = list_report_files(args.paths)  # once; a missing path fails before anything is created
    # The workers start first: they import the checking while this process imports the
    # database, the trust list, the summary and the workbook, opens the store and reads what
    # it holds (one core would wait otherwise). A store or a certificate that cannot be opened
    # stops them before they are given a file.
    with start_pool(args.workers, len(listed.files)) as started:
        from reports.aggregate import open_store, trusted_fingerprints

        trusted = trusted_fingerprints(args.trust, ctx.data_dir)
        with open_store(args.db, data_dir=ctx.data_dir) as store:
            return _run(args, ctx, listed, store, started, trusted)


def _run(
    args: argparse.Namespace,
    ctx: CliContext,
    listed: ReportFiles,
    store: OfficeStore,
    started: StartedPool,
    trusted: frozenset[str],
) -> int:
    from checklists.foundation.errors import UserFacingError
    from reports.aggregate import build_summary, write_summary_xlsx
    from reports.aggregate.pins import run_pins
    from reports.aggregate.process import keep_what_is_loaded
    from reports.aggregate.prune import prune_gone
    from reports.aggregate.run import aggregate_files

    keep_what_is_loaded()  # this command's process ends with the command
    bar = ProgressBar(ctx.stderr, ctx.t("检查报告", "Checking reports"))
    pruned = prune_gone(store) if args.prune else []
    try:
        run = aggregate_files(
            listed, store, workers=args.workers, progress=bar.update, started=started
        )
    finally:
        bar.close()
    summary = None
    if args.out is not None:
        try:
            with store.translate_errors():
                summary = build_summary(
                    store,
                    trusted=trusted,
                    require_trust=args.require_trust,
                    failed=run.failed,
                    scope=None if args.whole_store else run.contents,
                    today=args.as_of,
                    pins=run_pins(args.trust, ctx.data_dir),
                )
            write_summary_xlsx(summary, args.out, ctx.lang)
        except (UserFacingError, OSError, MemoryError) as exc:
            # What was checked stays stored (a second run does not check it again): the
            # message says so rather than leave the office believing nothing was done.
            raise summary_not_written(exc, run, args.out, pruned) from exc
    if args.json:
        _print_json(summary, run, args.out, pruned, ctx)
    else:
        _print_pruned(pruned, ctx)
        if summary is not None:
            _print_text(summary, run, args.out, ctx)
    return EXIT_OK


def summary_not_written(
    exc: BaseException, run: RunResult, out: Path, pruned: list[GoneFile]
) -> UserFacingError:
    """The error for a summary that could not be made or written after the run stored what it
    checked: the problem's own words, then what was done nevertheless."""
    from checklists.foundation.errors import EnvironmentProblem, InputError, UserFacingError
    from checklists.foundation.files import write_problem

    if isinstance(exc, UserFacingError):
        problem: UserFacingError = exc
    elif isinstance(exc, OSError):
        problem = write_problem(Path(exc.filename or out), exc)
    else:
        problem = EnvironmentProblem("内存不足。", "Out of memory.")
    new = run.accepted + run.rejected
    removed_zh = f"已删除 {len(pruned)} 个文件已不存在的记录。" if pruned else ""
    removed_en = f" {len(pruned)} entry(ies) of gone files were removed." if pruned else ""
    if new:
        stored_zh = (
            f"本次 {run.files} 个文件中，新收 {new} 个已存入汇总数据库"
            f"（其中有效 {run.accepted} 个，被拒 {run.rejected} 个），再次运行时不会重新检查"
        )
        stored_en = (
            f"of {run.files} file(s), {new} new one(s) are stored in the office's database "
            f"({run.accepted} valid, {run.rejected} rejected) and are not checked again on the "
            "next run"
        )
    else:
        stored_zh = f"本次 {run.files} 个文件中没有新收的报告，汇总数据库未增加内容"
        stored_en = (
            f"none of the {run.files} file(s) was new, so the office's database holds no more"
        )
    zh = (
        f"{problem.zh}\n汇总表 {out} 没有写成。但报告已检查完毕：{stored_zh}。{removed_zh}"
        "排除上述问题后再运行一次即可得到汇总表。"
    )
    en = (
        f"{problem.en}\nThe summary {out} was not written. The reports were checked, though: "
        f"{stored_en}.{removed_en} Run the command again once the problem is fixed to get the "
        "summary."
    )
    kind = InputError if isinstance(problem, InputError) else EnvironmentProblem
    return kind(zh, en)


def _print_pruned(pruned: list[GoneFile], ctx: CliContext) -> None:
    if not pruned:
        return
    ctx.out(
        ctx.t(
            f"已从汇总数据库删除 {len(pruned)} 个文件已不存在的记录：",
            f"Removed {len(pruned)} stored file(s) that are gone:",
        )
    )
    for gone in pruned:
        school = (
            f"（{gone.school_name} {gone.school_code} {gone.period}）" if gone.school_code else ""
        )
        ctx.out(f"- {gone.path}{school}")


def _print_json(
    summary: Summary | None,
    run: RunResult,
    out: Path | None,
    pruned: list[GoneFile],
    ctx: CliContext,
) -> None:
    from reports.aggregate import summary_to_json

    doc = summary_to_json(summary, ctx.lang) if summary is not None else {}
    doc["run"] = {
        "files": run.files,
        "new_accepted": run.accepted,
        "new_rejected": run.rejected,
        "already_stored": run.known,
        "duplicates": run.duplicates,
        "failed": len(run.failed),
    }
    doc["pruned"] = [
        {"file": g.path, "school_code": g.school_code, "period": g.period} for g in pruned
    ]
    doc["out"] = str(out) if out is not None else None
    ctx.out_json(doc)


def _print_text(summary: Summary, run: RunResult, out: Path | None, ctx: CliContext) -> None:
    counts = summary.counts()
    new = run.accepted + run.rejected
    same = ctx.t(f"，内容重复 {run.duplicates} 个", f", {run.duplicates} duplicate(s)")
    ctx.out(
        ctx.t(
            f"本次检查 {run.files} 个文件：新收 {new} 个，已在库中 {run.known} 个"
            f"{same if run.duplicates else ''}，无法读取 {len(run.failed)} 个。",
            f"Checked {run.files} file(s): {new} new, {run.known} already stored"
            f"{same if run.duplicates else ''}, {len(run.failed)} unreadable.",
        )
    )
    ctx.out(
        ctx.t(
            f"汇总：{counts['schools']} 条学校记录（学校×周期），有效报告 {counts['reports']} 份，"
            f"其中被取代 {counts['superseded']} 份；被拒文件 {counts['rejected']} 个。",
            f"Summary: {counts['schools']} school row(s) (school × period), {counts['reports']} "
            f"valid report(s), {counts['superseded']} superseded; {counts['rejected']} rejected file(s).",
        )
    )
    if summary.rejected:
        ctx.out(ctx.t("被拒文件：", "Rejected files:"))
    for row in summary.rejected[:_MAX_LISTED]:
        ctx.out(f"- {row.path}: {row.reason(ctx.lang)}")
    hidden = len(summary.rejected) - _MAX_LISTED
    if hidden > 0:
        ctx.out(ctx.t(f"……另有 {hidden} 个，见汇总表。", f"… and {hidden} more, see the workbook."))
    if counts["missing"] or counts["late"] or counts["unexpected"]:
        ctx.out(
            ctx.t(
                f"报送情况：未报送 {counts['missing']} 所，逾期报送 {counts['late']} 所，"
                f"不在名单内 {counts['unexpected']} 所（见“报送情况”表）。",
                f"Reporting: {counts['missing']} not reported, {counts['late']} late, "
                f"{counts['unexpected']} not on the list (see the Reporting sheet).",
            )
        )
    if counts["overdue"]:
        ctx.out(
            ctx.t(
                f"整改逾期 {counts['overdue']} 项（见“整改逾期”表）。",
                f"{counts['overdue']} overdue rectification(s) (see the Overdue sheet).",
            )
        )
    ctx.out(ctx.t(f"汇总表已写入 {out}", f"Summary written to {out}"))


class ProgressBar:
    """A one-line progress bar on ``stream``, drawn only when it is a terminal."""

    def __init__(self, stream: TextIO, label: str, width: int = 30) -> None:
        self.stream = stream
        self.label = label
        self.width = width
        self.enabled = _is_terminal(stream)
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, done: int, total: int, _outcome: FileOutcome | None = None) -> None:
        """Redraw (at most ten times a second, and always at the end)."""
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and done < total):
            return
        self._last = now
        filled = self.width * done // total if total else self.width
        rate = done / max(now - self.started, 1e-6)
        eta = (total - done) / rate if rate > 0 else 0.0
        bar = "█" * filled + "░" * (self.width - filled)
        self.stream.write(f"\r{self.label} {bar} {done}/{total}  {rate:.1f}/s  ETA {_clock(eta)} ")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    return f"{minutes}:{secs:02d}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and stream is not sys.stdout
    except (AttributeError, ValueError):
        return False
