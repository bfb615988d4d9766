"""CLI command export-pdf: the PDF report of a stored assessment, optionally signed."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from checklists.errors import InputError
from cli.context import CliContext
from cli.font_warnings import report_undrawable


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
    p.add_argument(
        "--sign",
        metavar="IDENTITY",
        default=None,
        help="用此签名身份签名 / sign with this identity",
    )
    p.add_argument("--passphrase-file", dest="passphrase_file", type=Path, default=None,
                   help="签名口令文件 / file holding the identity's passphrase")  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export_pdf)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from exc
    return moment if moment.tzinfo is not None else moment.astimezone()


def cmd_export_pdf(args: argparse.Namespace, ctx: CliContext) -> int:
    """Build the report of assessment ``args.id`` and write it atomically to ``args.out``.

    With ``--sign`` the report is signed (PAdES) and the assessment locked, all or nothing.
    """
    from models.database import open_database
    from reports.export_ops import SigningRequest, export_report

    if not (ctx.data_dir / "campus.db").exists():
        raise InputError(
            f"{ctx.data_dir} 中还没有数据库", f"there is no database in {ctx.data_dir} yet"
        )
    signing = None
    if args.sign is not None:
        if args.passphrase_file is None:
            raise InputError(
                "签名需要 --passphrase-file（口令从文件读取，不在命令行中给出）",
                "signing needs --passphrase-file (the passphrase is read from a file, never given on the command line)",
            )
        signing = SigningRequest(args.sign, ctx.read_passphrase(args.passphrase_file))
    now = args.generated_at or datetime.now().astimezone()
    with open_database(ctx.data_dir) as db:
        done = export_report(
            db, args.id, args.out, now=now, lang=args.report_lang or ctx.lang, signing=signing
        )
    report_undrawable(ctx, done.undrawable)
    if args.json:
        ctx.out_json(
            {
                "out": str(args.out),
                "report_id": done.report_id,
                "sha256": done.sha256,
                "bytes": done.size,
                "lang": args.report_lang or ctx.lang,
                "signed": done.signed,
                "fingerprint_sha256": done.fingerprint_sha256 or None,
                "signed_at": done.signed_at.isoformat() if done.signed_at else None,
                "undrawable": [u.to_json() for u in done.undrawable],
            }
        )
    elif done.signed:
        ctx.out(
            ctx.t(
                f"已签名并导出到 {args.out}（报告编号 {done.report_id}）；该自查已锁定，修改请用“修订”",
                f"Signed and exported to {args.out} (report ID {done.report_id}); the assessment is now locked — amend it to make changes",
            )
        )
    else:
        ctx.out(
            ctx.t(
                f"已导出到 {args.out}（报告编号 {done.report_id}）",
                f"Exported to {args.out} (report ID {done.report_id})",
            )
        )
    return 0
