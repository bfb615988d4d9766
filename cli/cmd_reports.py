"""CLI command export-pdf: the PDF report of a stored assessment, optionally signed."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from checklists.foundation.errors import InputError
from cli.context import CliContext, path_arg, record_id
from cli.font_warnings import report_undrawable

if TYPE_CHECKING:
    from reports.export_ops import ExportedReport, SigningRequest


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the report commands."""
    p = sub.add_parser("export-pdf", help="导出 PDF 报告 / export the PDF report of an assessment")
    p.add_argument("id", type=record_id, help="自查编号 / assessment id")
    p.add_argument("--out", type=path_arg, required=True, help="PDF 文件 / PDF file")
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
    p.add_argument(
        "--passphrase-file",
        dest="passphrase_file",
        type=path_arg,
        default=None,
        help="签名口令文件 / file holding the identity's passphrase",
    )
    p.add_argument(
        "--reasons",
        type=path_arg,
        default=None,
        help="JSON 文件 {清单: {检查项: 原因}}：未完成项的书面原因（记录为检查项说明并印在报告中）"
        " / JSON {checklist: {item: reason}}: written reasons for open items (kept as item notes, printed in the report)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export_pdf)


def _read_reasons(path: Path) -> dict[str, dict[str, str]]:
    """``{checklist: {item: reason}}`` from a UTF-8 JSON file, or InputError."""
    from checklists.answers_json import decode_document, structure_problems
    from checklists.foundation import limits
    from checklists.foundation.files import read_input_bytes

    data = read_input_bytes(path, limits.MAX_REASONS_FILE_BYTES, "原因文件", "reasons file")
    raw = decode_document(data, str(path))
    problems = structure_problems(raw)  # depth, sizes, duplicate keys, invalid characters
    if problems:
        where, zh, en = problems[0]
        raise InputError(
            f"原因文件 {path}：{where}：{zh}", f"the reasons file {path}: {where}: {en}"
        )
    ok = isinstance(raw, dict) and all(
        isinstance(items, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in items.items())
        for items in raw.values()
    )
    if not ok:
        raise InputError(
            f"原因文件 {path} 应为 {{清单: {{检查项: 原因}}}}",
            f"the reasons file {path} must be {{checklist: {{item: reason}}}}",
        )
    return {str(cl): {str(k): str(v) for k, v in items.items()} for cl, items in raw.items()}


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
    from reports.export_ops import SigningRequest

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
    reasons = _read_reasons(args.reasons) if args.reasons is not None else None
    lang = args.report_lang or ctx.lang
    if signing is None and not reasons:
        # Nothing to write to the store: read it without the ORM (a faster start).
        from reports.export_ops import export_unsigned_report

        done = export_unsigned_report(ctx.data_dir, args.id, args.out, now=now, lang=lang)
    else:
        done = _export_writing(ctx, args, now, lang, signing, reasons)
    _report_done(ctx, args, done)
    return 0


def _export_writing(
    ctx: CliContext,
    args: argparse.Namespace,
    now: datetime,
    lang: str,
    signing: SigningRequest | None,
    reasons: dict[str, dict[str, str]] | None,
) -> ExportedReport:
    """An export that writes to the store: reasons recorded first, a signed report locks it."""
    from models.database import open_database
    from reports.export_ops import export_report

    with open_database(ctx.data_dir) as db:
        if signing is not None:
            # Refuse before anything is written when a stored text would make the report
            # invalid, or an open item still lacks a reason.
            from reports.export_ops import (
                IncompleteForSigning,
                check_stored_texts_of,
                signing_blockers,
            )

            check_stored_texts_of(db, args.id)

            given = {(cl, item) for cl, items in (reasons or {}).items() for item in items}
            left = [i for i in signing_blockers(db, args.id) if (i.checklist, i.item) not in given]
            if left:
                raise IncompleteForSigning(left)
        if reasons:
            from reports.export_ops import record_open_reasons

            record_open_reasons(db, args.id, reasons)
        return export_report(db, args.id, args.out, now=now, lang=lang, signing=signing)


def _report_done(ctx: CliContext, args: argparse.Namespace, done: ExportedReport) -> None:
    """What the command prints once the file is written."""
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
