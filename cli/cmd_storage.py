"""CLI commands of the local storage: import, export-json, list, history, backup, restore."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from checklists.errors import InputError
from checklists.files import write_atomic
from cli.context import CliContext

STATUS_TEXT = {
    "draft": ("草稿", "draft"),
    "completed": ("已完成", "completed"),
    "signed": ("已签名", "signed"),
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the storage commands."""
    p = sub.add_parser("import", help="导入答案文件为新的自查 / import an answers document")
    p.add_argument("answers", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser(
        "export-json", help="导出自查为答案文件 / export an assessment as an answers document"
    )
    p.add_argument("id", type=int)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_export_json)
    p = sub.add_parser("list", help="列出自查 / list the assessments")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("history", help="修改记录 / change history of an assessment")
    p.add_argument("id", type=int)
    p.add_argument("--verify", action="store_true", help="校验哈希链 / verify the hash chain")
    p.add_argument(
        "--full-ids", action="store_true", help="显示完整身份证号码 / show full ID numbers"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)
    p = sub.add_parser("backup", help="立即备份数据库 / back up the database now")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="从备份恢复数据库 / restore the database from a backup")
    p.add_argument("backup", type=Path)
    p.set_defaults(func=cmd_restore)


def _has_database(ctx: CliContext) -> bool:
    return (ctx.data_dir / "campus.db").exists()


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Validate the document first (nothing is opened on bad input), then store it as a new draft."""
    from checklists.answers_doc import read_answers_file
    from checklists.registry import load_checklists
    from models.database import open_database
    from models.ops.exchange import import_document

    checklists = load_checklists(ctx.data_dir)
    doc = read_answers_file(args.answers, checklists)
    with open_database(ctx.data_dir) as db, db.session() as s, s.begin():
        new_id = import_document(s, doc, checklists=checklists)
    if args.json:
        ctx.out_json({"assessment": new_id})
    else:
        ctx.out(str(new_id))
    return 0


def _require_database(ctx: CliContext) -> None:
    if not _has_database(ctx):
        raise InputError(
            f"{ctx.data_dir} 中还没有数据库", f"there is no database in {ctx.data_dir} yet"
        )


def cmd_export_json(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write one assessment as an answers document."""
    from models.database import open_database
    from models.ops.exchange import document_text

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s:
        text = document_text(s, args.id)
    write_atomic(args.out, text.encode("utf-8"))
    ctx.out(ctx.t(f"已导出到 {args.out}", f"Exported to {args.out}"))
    return 0


def _summary_json(a: Any) -> dict[str, Any]:
    return {
        "id": a.id,
        "school": {"name": a.school_name, "code": a.school_code},
        "period": a.period,
        "reference_date": a.reference_date.isoformat(),
        "status": a.status,
        "revision": a.revision,
        "amended_from": a.amended_from,
        "progress": a.progress,
        "findings": a.findings,
        "checklists": list(a.checklists),
        "updated_at": a.updated_at.isoformat() + "Z",
    }


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """List the assessments with status, progress and finding counts."""
    from checklists.terms import SEVERITY, term
    from models.database import open_database
    from models.ops.assessments import list_assessments

    summaries = []
    if _has_database(ctx):
        with open_database(ctx.data_dir) as db, db.session() as s:
            summaries = list_assessments(s)
    if args.json:
        ctx.out_json([_summary_json(a) for a in summaries])
        return 0
    if not summaries:
        ctx.out(ctx.t("还没有自查。", "No assessments yet."))
    for a in summaries:
        status = STATUS_TEXT[a.status][1 if ctx.lang == "en" else 0]
        f = a.findings
        words = "，" if ctx.lang != "en" else ", "
        counts = words.join(
            f"{term(SEVERITY, k, ctx.lang)} {f[k]}" for k in ("critical", "major", "minor")
        )
        ctx.out(
            f"#{a.id}  {a.school_name}  {a.period}  {status}  "
            + ctx.t(f"进度 {a.progress:g}%  问题：{counts}", f"progress {a.progress:g}%  findings: {counts}")
        )
    return 0


def cmd_history(args: argparse.Namespace, ctx: CliContext) -> int:
    """Show an assessment's change history; ``--verify`` checks the hash chain (exit 1 when broken)."""
    from checklists.idnumber import mask_ids_in
    from models.database import open_database
    from models.ops.history import list_history, verify_history

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s:
        entries = list_history(s, args.id)
        verdict = verify_history(s, args.id)
    # ID numbers stay in the local database only: masked here unless asked for.
    show = (lambda v: v) if args.full_ids else mask_ids_in
    if not entries:
        raise InputError(f"自查 #{args.id} 没有修改记录", f"assessment #{args.id} has no history")
    if args.verify:
        return _report_chain(ctx, args, verdict)
    if args.json:
        ctx.out_json(
            [
                {
                    "id": e.id,
                    "at": e.at.isoformat() + "Z",
                    "user": e.user,
                    "action": e.action,
                    "checklist": e.checklist,
                    "item": e.item,
                    "row_id": e.row_id,
                    "old": show(e.old),
                    "new": show(e.new),
                    "source": e.source,
                }
                for e in entries
            ]
        )
        return 0
    for e in entries:
        where = ".".join(x for x in (e.checklist, e.item) if x)
        row = "" if e.row_id is None else f" row#{e.row_id}"
        ctx.out(
            f"{e.id}  {e.at:%Y-%m-%d %H:%M:%S}Z  {e.user}  {e.action}  {where}{row}  "
            f"{_short(show(e.old))} → {_short(show(e.new))}"
        )
    return 0


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _report_chain(ctx: CliContext, args: argparse.Namespace, verdict: Any) -> int:
    if args.json:
        ctx.out_json(
            {
                "ok": verdict.ok,
                "entries": verdict.entries,
                "first_broken": verdict.first_broken,
                "reason": verdict.reason,
            }
        )
    elif verdict.ok:
        ctx.out(
            ctx.t(
                f"修改记录完整（{verdict.entries} 条）",
                f"History intact ({verdict.entries} entries)",
            )
        )
    else:
        ctx.out(
            ctx.t(
                f"修改记录被改动：第一条有问题的记录是 #{verdict.first_broken}（{verdict.reason}）",
                f"History tampered: first broken entry #{verdict.first_broken} ({verdict.reason})",
            )
        )
    return 0 if verdict.ok else 1


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write a backup of the database now."""
    from models.database import open_database

    _require_database(ctx)
    with open_database(ctx.data_dir, backup_on_open=False) as db:
        path = db.backup()
    ctx.out(ctx.t(f"已备份到 {path}", f"Backed up to {path}"))
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    """Replace the database by a backup (checked first; the current database is backed up)."""
    from models.database import restore

    kept = restore(ctx.data_dir, args.backup)
    ctx.out(ctx.t(f"已从 {args.backup} 恢复。", f"Restored from {args.backup}."))
    if kept is not None:
        ctx.out(ctx.t(f"原数据库已保存为 {kept}", f"The previous database was saved as {kept}"))
    return 0
