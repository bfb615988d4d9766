"""CLI: ``school-list`` — the office's list of schools expected to report, per period."""

from __future__ import annotations

import argparse
from typing import Any

from cli.context import CliContext, path_arg

EXIT_OK = 0


def register(subparsers: Any) -> None:
    """Add the ``school-list`` command group (template, import, copy, deadline, show, remove)."""
    cmd = subparsers.add_parser(
        "school-list", help="督导室的应报学校名单 / the schools expected to report"
    )
    sub = cmd.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("template", help="名单 Excel 模板 / an empty list to fill in")
    p.add_argument("--out", type=path_arg, required=True, metavar="FILE.xlsx")
    p.set_defaults(func=_template)
    p = _with_db(sub.add_parser("import", help="从 Excel 导入名单 / import a list from Excel"))
    p.add_argument("file", type=path_arg, metavar="FILE.xlsx")
    p.add_argument("--period", required=True, metavar="PERIOD")
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help="报送截止日期（含当天）")
    p.set_defaults(func=_import)
    p = _with_db(sub.add_parser("copy", help="沿用上一周期的名单 / carry a period's list over"))
    p.add_argument("--from", dest="source", required=True, metavar="PERIOD")
    p.add_argument("--period", required=True, metavar="PERIOD")
    p.add_argument("--deadline", metavar="YYYY-MM-DD")
    p.set_defaults(func=_copy)
    p = _with_db(sub.add_parser("deadline", help="设置报送截止日期 / set the deadline"))
    p.add_argument("--period", required=True, metavar="PERIOD")
    p.add_argument("date", metavar="YYYY-MM-DD|none")
    p.set_defaults(func=_deadline)
    p = _with_db(sub.add_parser("show", help="显示名单 / show the lists"))
    p.add_argument("--period", metavar="PERIOD", help="只显示这一周期")
    p.add_argument("--out", type=path_arg, metavar="FILE.xlsx", help="写成 Excel 名单")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_show)
    p = _with_db(sub.add_parser("remove", help="删除一个周期的名单 / forget a period's list"))
    p.add_argument("--period", required=True, metavar="PERIOD")
    p.set_defaults(func=_remove)


def _with_db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p.add_argument("--db", metavar="URL", help="汇总数据库（默认数据文件夹中的 office.db）")
    return p


def _template(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate.expected import write_list_template

    write_list_template(args.out, ctx.lang)
    ctx.out(ctx.t(f"名单模板已写入 {args.out}", f"List template written to {args.out}"))
    return EXIT_OK


def _import(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate import open_store
    from reports.aggregate.expected import parse_deadline, read_school_list, set_school_list

    schools = read_school_list(args.file)  # all or nothing, before the store is touched
    deadline = parse_deadline(args.deadline) if args.deadline else None
    with open_store(args.db, data_dir=ctx.data_dir) as store:
        listed = set_school_list(store, args.period, schools, deadline=deadline)
    _said_stored(listed.period, len(listed.schools), listed.deadline, ctx)
    return EXIT_OK


def _copy(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate import open_store
    from reports.aggregate.expected import parse_deadline, previous_schools, set_school_list

    deadline = parse_deadline(args.deadline) if args.deadline else None
    with open_store(args.db, data_dir=ctx.data_dir) as store:
        schools = previous_schools(store, args.source)
        listed = set_school_list(store, args.period, schools, deadline=deadline)
    _said_stored(listed.period, len(listed.schools), listed.deadline, ctx)
    return EXIT_OK


def _said_stored(period: str, count: int, deadline: Any, ctx: CliContext) -> None:
    until = ctx.t(f"，截止日期 {deadline}", f", deadline {deadline}") if deadline else ""
    ctx.out(
        ctx.t(
            f"检查周期“{period}”的名单：{count} 所学校{until}。",
            f"List for '{period}': {count} school(s){until}.",
        )
    )


def _deadline(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate import open_store
    from reports.aggregate.expected import parse_deadline, set_deadline

    day = None if args.date.lower() == "none" else parse_deadline(args.date)
    with open_store(args.db, data_dir=ctx.data_dir) as store:
        set_deadline(store, args.period, day)
    ctx.out(
        ctx.t(
            f"“{args.period}”截止日期：{day or '无'}",
            f"Deadline of '{args.period}': {day or 'none'}",
        )
    )
    return EXIT_OK


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate import open_store
    from reports.aggregate.expected import expected_lists, write_list_template

    with open_store(args.db, data_dir=ctx.data_dir) as store, store.connect() as s:
        lists = expected_lists(s)
    if args.period is not None:
        lists = {p: v for p, v in lists.items() if p == args.period}
    if args.out is not None:
        schools = [e for listed in lists.values() for e in listed.schools]
        write_list_template(args.out, ctx.lang, schools)
    if args.json:
        ctx.out_json(
            {
                "periods": [
                    {
                        "period": listed.period,
                        "deadline": listed.deadline.isoformat() if listed.deadline else None,
                        "schools": [vars(e) for e in listed.schools],
                    }
                    for listed in lists.values()
                ]
            }
        )
        return EXIT_OK
    if not lists:
        ctx.out(ctx.t("还没有应报学校名单。", "No school list yet."))
    for listed in lists.values():
        _said_stored(listed.period, len(listed.schools), listed.deadline, ctx)
        for e in listed.schools:
            ctx.out(f"  {e.code}  {e.name}  {e.district}")
    return EXIT_OK


def _remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.aggregate import open_store
    from reports.aggregate.expected import remove_school_list

    with open_store(args.db, data_dir=ctx.data_dir) as store:
        count = remove_school_list(store, args.period)
    ctx.out(
        ctx.t(
            f"已删除“{args.period}”的名单（{count} 所学校）。",
            f"Removed the list of '{args.period}' ({count} school(s)).",
        )
    )
    return EXIT_OK
