"""CLI commands of the local storage: import, export-json, list, history, backup, restore."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from checklists.foundation.errors import InputError
from checklists.terms import ASSESSMENT_STATUS, term
from cli.context import CliContext, path_arg, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the storage commands."""
    p = sub.add_parser("import", help="导入答案文件为新的自查 / import an answers document")
    p.add_argument("answers", type=path_arg)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser(
        "export-json", help="导出自查为答案文件 / export an assessment as an answers document"
    )
    p.add_argument("id", type=record_id)
    p.add_argument("--out", type=path_arg, required=True)
    p.set_defaults(func=cmd_export_json)
    p = sub.add_parser("list", help="列出自查 / list the assessments")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = sub.add_parser("history", help="修改记录 / change history of an assessment")
    p.add_argument("id", type=record_id)
    p.add_argument(
        "--verify",
        action="store_true",
        help="校验哈希链，并与已签名报告和备份比对 / verify the chain against signed reports and backups",
    )
    p.add_argument(
        "--reports",
        type=path_arg,
        nargs="+",
        default=[],
        metavar="PATH",
        help="另外比对的已签名报告（文件或文件夹）/ more signed reports to compare (files or folders)",
    )
    p.add_argument(
        "--full-ids", action="store_true", help="显示完整身份证号码 / show full ID numbers"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)
    p = sub.add_parser("backup", help="立即备份数据库 / back up the database now")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="从备份恢复数据库 / restore the database from a backup")
    p.add_argument("backup", type=path_arg)
    p.set_defaults(func=cmd_restore)


def _has_database(ctx: CliContext) -> bool:
    from models.database import require_reachable

    path = ctx.data_dir / "campus.db"
    require_reachable(path)  # a link to a drive not connected is said so, not "no data yet"
    return path.exists()


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Validate the document first (nothing is opened on bad input), then store it as a new draft."""
    from checklists.answers_doc import read_answers_file
    from cli.font_warnings import report_undrawable
    from models.backup import backups_dir
    from models.database import discard_new_database, open_database
    from models.ops.exchange import import_document
    from models.ops.photos import photo_folder
    from reports.undrawable import undrawable_in_document

    checklists = ctx.checklists()
    doc = read_answers_file(args.answers, checklists)
    folder = photo_folder(args.answers)
    store = ctx.data_dir / "campus.db"
    new_folder, fresh = not ctx.data_dir.exists(), not (store.exists() or store.is_symlink())
    new_backups = not backups_dir(ctx.data_dir).exists()
    try:
        with open_database(ctx.data_dir) as db, db.session() as s, s.begin():
            new_id = import_document(
                s, doc, checklists=checklists, photo_dir=folder if folder.is_dir() else None
            )
    except Exception:
        if fresh:  # the first import was refused or failed: no new store stays behind
            discard_new_database(ctx.data_dir, new_folder, new_backups=new_backups)
        raise
    found = undrawable_in_document(doc, checklists)
    report_undrawable(ctx, found)
    if args.json:
        ctx.out_json({"assessment": new_id, "undrawable": [u.to_json() for u in found]})
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
    from models.ops.exchange import export_answers
    from models.ops.photos import photo_folder

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s:
        photos = export_answers(s, args.id, args.out)
    ctx.out(ctx.t(f"已导出到 {args.out}", f"Exported to {args.out}"))
    if photos:
        folder = photo_folder(args.out)
        ctx.out(ctx.t(f"{photos} 张照片已写入 {folder}（导入时请与答案文件放在一起）",
                      f"{photos} photos written to {folder} (keep it beside the answers file to import)"))  # fmt: skip
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
        "compliance": a.compliance,
        "open_items": a.open_items,
        "findings": a.findings,
        "checklists": list(a.checklists),
        "updated_at": a.updated_at.isoformat() + "Z",
    }


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    """List the assessments with status, progress and finding counts."""
    from checklists.terms import SEVERITY
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
        status = term(ASSESSMENT_STATUS, a.status, ctx.lang)
        f = a.findings
        words = "，" if ctx.lang != "en" else ", "
        counts = words.join(
            f"{term(SEVERITY, k, ctx.lang)} {f[k]}" for k in ("critical", "major", "minor")
        )
        rate = "—" if a.compliance is None else f"{a.compliance:.1f}%"
        ctx.out(
            f"#{a.id}  {a.school_name}  {a.period}  {status}  "
            + ctx.t(
                f"问题：{counts}  符合率 {rate}  未完成 {a.open_items} 项  进度 {a.progress:g}%",
                f"findings: {counts}  compliance {rate}  open {a.open_items}  progress {a.progress:g}%",
            )
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
        anchored = _anchor_checks(s, ctx, args, entries) if args.verify else []
    # ID numbers stay in the local database only: masked here unless asked for — the values
    # of ID-number items and columns wholesale, whatever their text, and ID-like runs anywhere.
    id_keys = frozenset(
        i.id
        for checklist in ([] if args.full_ids else ctx.checklists().values())
        for item in checklist.items()
        for i in (item, *item.columns)
        if i.type == "id_number"
    )

    def show(value: object) -> object:
        return value if args.full_ids else mask_ids_in(value, id_keys)

    if args.verify:
        # Even an emptied history is checked: signed reports and backups may know better.
        if not entries and not anchored:
            raise InputError(
                f"自查 #{args.id} 没有修改记录", f"assessment #{args.id} has no history"
            )
        return _report_chain(ctx, args, verdict, anchored)
    if not entries:
        raise InputError(f"自查 #{args.id} 没有修改记录", f"assessment #{args.id} has no history")
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


def _anchor_checks(
    s: Any, ctx: CliContext, args: argparse.Namespace, entries: list[Any]
) -> list[Any]:
    """The chain compared with every signed report it knows (the paths its signature entries
    recorded, and ``--reports``) and with every backup in the data folder."""
    from models.backup import list_backups
    from models.ops.history import backup_anchors, chain_hashes, check_anchors
    from models.tables import Assessment
    from reports.signing.anchors import read_anchor, report_anchor, report_files

    assessment = s.get(Assessment, args.id)
    if assessment is None:
        return []
    code, period = _school_and_period(s, assessment)
    known = [Path(e.new["path"]) for e in entries
             if e.action == "signature" and isinstance(e.new, dict) and e.new.get("path")]  # fmt: skip
    named = [
        p for p in args.reports if not p.is_dir()
    ]  # each file named is compared or said why not
    anchors = []
    for path in named:
        found = read_anchor(path, code, period)
        if isinstance(found, InputError):
            ctx.err(found.text(ctx.lang))
        else:
            anchors.append(found)
    anchors += [a for p in report_files(known + [p for p in args.reports if p.is_dir()])
                if p.resolve() not in {n.resolve() for n in named}
                and (a := report_anchor(p, code, period)) is not None]  # fmt: skip
    anchors += backup_anchors(list_backups(ctx.data_dir), args.id)
    return check_anchors(chain_hashes(s, args.id), anchors)


def _school_and_period(s: Any, assessment: Any) -> tuple[str, str]:
    from models.ops.exchange import export_document

    doc = export_document(s, assessment.id)
    return doc.school.code, doc.period


def _print_anchors(ctx: CliContext, anchored: list[Any]) -> None:
    words = {
        "": ("一致", "agrees"),
        "entries_removed": (
            "记录被删减（比该文件所见的少）",
            "entries removed (fewer than it saw)",
        ),
        "rewritten": ("记录被改写（哈希不同）", "rewritten (another hash)"),
    }
    if not anchored:
        ctx.out(
            ctx.t("没有可比对的已签名报告或备份。", "No signed report or backup to compare with.")
        )
    for c in anchored:
        ctx.out(f"{c.anchor.source}: {c.anchor.entries} — {ctx.t(*words[c.problem])}")


def _report_chain(
    ctx: CliContext, args: argparse.Namespace, verdict: Any, anchored: list[Any]
) -> int:
    broken = [c for c in anchored if not c.ok]
    ok = verdict.ok and not broken
    if args.json:
        ctx.out_json(
            {
                "ok": ok,
                "entries": verdict.entries,
                "first_broken": verdict.first_broken,
                "reason": verdict.reason,
                "anchors": [
                    {
                        "source": c.anchor.source,
                        "entries": c.anchor.entries,
                        "head_sha256": c.anchor.head,
                        "problem": c.problem,
                    }
                    for c in anchored
                ],  # fmt: skip
            }
        )
        return 0 if ok else 1
    _print_anchors(ctx, anchored)
    if verdict.ok and broken:
        ctx.out(
            ctx.t(
                "修改记录与已签名报告或备份不符。",
                "The history disagrees with a signed report or backup.",
            )
        )
        return 1
    if verdict.ok:
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
