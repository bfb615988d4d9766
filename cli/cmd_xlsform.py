"""CLI command export-checklist: write a checklist as an XLSForm workbook to edit in Excel."""

from __future__ import annotations

import argparse
from pathlib import Path

from checklists.foundation.errors import InputError
from cli.context import CliContext, path_arg

FORMATS = ("xlsform",)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the export-checklist command."""
    p = sub.add_parser(
        "export-checklist",
        help="将检查清单导出为 XLSForm 工作簿 / export a checklist as an XLSForm workbook",
    )
    p.add_argument(
        "checklist", metavar="ID", help="清单编号，如 guards / checklist id, e.g. guards"
    )
    p.add_argument("--format", choices=FORMATS, default="xlsform", help="导出格式 / format")
    p.add_argument(
        "--out", type=path_arg, required=True, metavar="FILE.xlsx", help="输出文件 / output file"
    )
    p.set_defaults(func=cmd_export_checklist)


def cmd_export_checklist(args: argparse.Namespace, ctx: CliContext) -> int:
    """Write checklist ID (built-in or from the data folder) to --out as XLSForm."""
    from checklists.registry import load_checklists
    from checklists.xlsform import write_xlsform

    checklists = load_checklists(ctx.data_dir)
    checklist = checklists.get(args.checklist)
    if checklist is None:
        known = ", ".join(checklists)
        raise InputError(
            f"没有编号为 '{args.checklist}' 的清单；可用：{known}",
            f"no checklist '{args.checklist}'; available: {known}",
        )
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise InputError(
            f"输出文件应以 .xlsx 结尾：{out}", f"the output file must end in .xlsx: {out}"
        )
    write_xlsform(checklist, out)
    ctx.out(
        ctx.t(
            f"已导出 {checklist.id} v{checklist.version} → {out}",
            f"Exported {checklist.id} v{checklist.version} → {out}",
        )
    )
    return 0
