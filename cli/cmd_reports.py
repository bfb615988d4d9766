"""CLI command export-pdf: the PDF report of a stored assessment (signing plugs into one hook)."""

from __future__ import annotations

import argparse
import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from checklists.errors import InputError
from cli.context import CliContext

if TYPE_CHECKING:
    from reports.pdf.data import ReportData


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the report commands."""
    p = sub.add_parser("export-pdf", help="导出 PDF 报告 / export the PDF report of an assessment")
    p.add_argument("id", type=int, help="自查编号 / assessment id")
    p.add_argument("--out", type=Path, required=True, help="PDF 文件 / PDF file")
    # Not dest="lang": the global --lang (language of messages) has that name.
    p.add_argument(
        "--lang",
        dest="report_lang",
        choices=("zh", "en"),
        default=None,
        help="报告语言（默认同界面语言）/ report language (default: the message language)",
    )
    p.add_argument(
        "--generated-at",
        dest="generated_at",
        type=_moment,
        default=None,
        help="报告时间，ISO 8601（默认当前时间；相同时间得到相同文件）"
        " / report time, ISO 8601 (default now; the same time gives the same file)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export_pdf)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    return moment if moment.tzinfo is not None else moment.astimezone()


def cmd_export_pdf(args: argparse.Namespace, ctx: CliContext) -> int:
    """Build the report of assessment ``args.id`` and write it atomically to ``args.out``."""
    from reports.pdf.writer import build_report, save_bytes

    data = load_report_data(args, ctx)
    pdf = sign_if_requested(build_report(data), data, args, ctx)
    save_bytes(pdf, args.out)
    if args.json:
        ctx.out_json(
            {
                "out": str(args.out),
                "report_id": data.report_id,
                "sha256": hashlib.sha256(pdf).hexdigest(),
                "bytes": len(pdf),
                "lang": data.lang,
            }
        )
    else:
        ctx.out(
            ctx.t(
                f"已导出到 {args.out}（报告编号 {data.report_id}）",
                f"Exported to {args.out} (report ID {data.report_id})",
            )
        )
    return 0


def load_report_data(args: argparse.Namespace, ctx: CliContext) -> ReportData:
    """ReportData of assessment ``args.id`` (InputError when the folder has no database)."""
    from models.database import open_database
    from reports.pdf.from_storage import report_data_for

    if not (ctx.data_dir / "campus.db").exists():
        raise InputError(
            f"{ctx.data_dir} 中还没有数据库", f"there is no database in {ctx.data_dir} yet"
        )
    now = args.generated_at or datetime.now().astimezone()
    lang = args.report_lang or ctx.lang
    with open_database(ctx.data_dir) as db, db.session() as s:
        return report_data_for(s, ctx.data_dir, args.id, now=now, lang=lang)


def sign_if_requested(
    pdf: bytes, data: ReportData, args: argparse.Namespace, ctx: CliContext
) -> bytes:
    """The signing hook: the report's bytes, signed when signing was asked for.

    Today no signing option exists and ``pdf`` is returned as it is. Wiring it: add
    ``--sign IDENTITY`` and ``--passphrase-file F`` in :func:`register`, then here return
    ``reports.signing.sign_pdf(pdf, data_dir=ctx.data_dir, identity_id=args.sign,
    passphrase=ctx.read_passphrase(args.passphrase_file), now=data.generated_at).data``.
    The report already holds an empty ``SchoolSignature`` field, so the stamp fills the box
    reserved on the signature page, and the signature covers the embedded data.
    """
    if getattr(args, "sign", None) is None:
        return pdf
    raise InputError("签名尚未接入此命令。", "Signing is not wired into this command yet.")
