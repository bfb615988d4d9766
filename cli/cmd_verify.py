"""CLI: ``verify`` a signed report, and ``trust import|list|remove`` — the office's trust store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.context import CliContext, path_arg

if TYPE_CHECKING:
    from reports.signing.trust import TrustedCertificate
    from reports.signing.verdict import VerificationResult

EXIT_OK, EXIT_NEGATIVE = 0, 1


def register(subparsers: Any) -> None:
    """Add the ``verify`` command and the ``trust`` command group."""
    verify = subparsers.add_parser("verify", help="验证签名的 PDF / verify a signed PDF")
    verify.add_argument("file", type=path_arg, metavar="FILE.pdf")
    verify.add_argument(
        "--trust",
        type=path_arg,
        action="extend",
        nargs="+",
        default=[],
        metavar="CERT",
        help="受信任证书（可多个）/ trusted certificates (one or more)",
    )
    verify.add_argument(
        "--require-trust",
        action="store_true",
        help="证书须受信任 / the certificate must be trusted",
    )
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=_verify)

    group = subparsers.add_parser("trust", help="信任列表 / trusted certificates")
    actions = group.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import", help="加入证书并登记为该校证书 / trust a certificate, pinned to its school"
    )
    imp.add_argument("cert", type=path_arg, metavar="CERT")
    how = imp.add_mutually_exclusive_group()
    how.add_argument(
        "--replace",
        action="store_true",
        help="替换该校已登记的其他证书 / replace the school's other certificates",
    )
    how.add_argument(
        "--add-another",
        action="store_true",
        help="保留该校已登记的证书，再加一张 / keep the school's certificates and add this one",
    )
    imp.set_defaults(func=_trust_import)
    log = actions.add_parser("log", help="信任列表变更记录 / the trust store's change log")
    log.add_argument("--json", action="store_true")
    log.set_defaults(func=_trust_log)
    lst = actions.add_parser("list", help="列出 / list")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=_trust_list)
    remove = actions.add_parser("remove", help="移除 / remove")
    remove.add_argument("fingerprint", metavar="FINGERPRINT")
    remove.set_defaults(func=_trust_remove)


def _verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import certs, report_facts, verify_pdf
    from reports.signing.attachments import signed_report_facts

    trusted = [certs.read_certificate_file(path) for path in args.trust]
    result = verify_pdf(_read(args.file), trusted=trusted, data_dir=ctx.data_dir)
    ok = result.ok(require_trust=args.require_trust)
    if args.json:
        ctx.out_json(
            {
                "ok": ok,
                **_result_json(result),
                **report_facts(result.attachments),
                "report": signed_report_facts(result.attachments),
            }
        )
    else:
        _print_verdict(result, ok, args.require_trust, ctx)
        missing = report_facts(result.attachments).get("missing_checklists")
        if missing and result.reevaluation is not None:
            ctx.out(ctx.t("注意：", "Note: ") + _missing_text(missing, ctx))
    return EXIT_OK if ok else EXIT_NEGATIVE


def _missing_text(missing: list[str], ctx: CliContext) -> str:
    from checklists.registry import builtin_checklists

    names = [builtin_checklists()[c].title.get(ctx.lang) for c in missing]
    return ctx.t(
        f"报告未包含内置检查表：{'、'.join(names)}（自查不完整，督导室汇总记为未完成）。",
        f"The report does not include the built-in checklists: {', '.join(names)} (the"
        " self-check is incomplete; the office's summary counts it as incomplete).",
    )


def _result_json(result: VerificationResult) -> dict[str, Any]:
    return {
        "signed": result.signed,
        "intact": result.intact,
        "valid": result.valid,
        "covers_whole_document": result.covers_whole_document,
        "modified_after_signing": result.modified_after_signing,
        "trusted": result.trusted,
        "signer": result.signer,
        "school": result.school,
        "school_code": result.school_code,
        "fingerprint_sha256": result.fingerprint_sha256,
        "signed_at": result.signed_at.isoformat() if result.signed_at else None,
        "cert_not_before": _iso(result.cert_not_before),
        "cert_not_after": _iso(result.cert_not_after),
        "reasons": list(result.reasons),
        "reevaluation": result.reevaluation,
        "signed_bytes": result.revision_length,
    }


def _print_verdict(
    result: VerificationResult, ok: bool, require_trust: bool, ctx: CliContext
) -> None:
    from reports.signing.stamp import format_local_time
    from reports.signing.verdict import NOTE_REASONS, reason_text

    if result.signed and result.fingerprint_sha256:
        when = format_local_time(result.signed_at) if result.signed_at else "?"
        ctx.out(
            ctx.t(
                f"签署人：{result.signer}　学校：{result.school}　签署时间：{when}",
                f"Signer: {result.signer}  School: {result.school}  Signed: {when}",
            )
        )
        ctx.out(ctx.t("证书指纹", "Certificate") + f" SHA-256: {result.fingerprint_sha256}")
    if ok:
        ctx.out(
            ctx.t("签名有效，文件自签署后未被改动。", "Signature valid; unchanged since signing.")
        )
    else:
        ctx.out(ctx.t("验证未通过：", "Verification failed:"))
    if result.reevaluation is not None:
        ctx.out(_reevaluation_line(result.reevaluation, ctx))
    for code in result.reasons:
        if ok and code in NOTE_REASONS and not require_trust:
            ctx.out(ctx.t("注意：", "Note: ") + reason_text(code, ctx.lang))
        else:
            ctx.out(f"- {reason_text(code, ctx.lang)}")


def _reevaluation_line(outcome: str, ctx: CliContext) -> str:
    words = {
        "matched": ("重新评估：结果与答卷一致。", "Re-evaluation: the results match the answers."),
        "results_do_not_match_answers": (
            "重新评估：结果与答卷不符。",
            "Re-evaluation: the results do not match the answers.",
        ),
        "cannot_reevaluate": (
            "重新评估：无法进行（检查表版本未知）。",
            "Re-evaluation: not possible (unknown checklist version).",
        ),
        "answers_invalid": (
            "重新评估：无法进行（内嵌答案不符合检查清单）。",
            "Re-evaluation: not possible (the embedded answers do not fit the checklists).",
        ),
        "report_incomplete": (
            "重新评估：无法进行（报告不完整）。",
            "Re-evaluation: not possible (the report is incomplete).",
        ),
        "report_data_invalid": (
            "重新评估：无法进行（内嵌数据无效）。",
            "Re-evaluation: not possible (the embedded data is invalid).",
        ),
        "report_format_unknown": (
            "重新评估：无法进行（报告格式未知）。",
            "Re-evaluation: not possible (unknown report format).",
        ),
        "not_report": (
            "重新评估：不适用（不是自查报告）。",
            "Re-evaluation: not applicable (not a self-check report).",
        ),
    }
    return ctx.t(*words.get(outcome, (outcome, outcome)))


def _trust_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import import_trusted_certificate

    entry = import_trusted_certificate(
        ctx.data_dir, _read(args.cert), replace=args.replace, add_another=args.add_another
    )
    if args.replace:
        ctx.out(ctx.t("已替换为该校证书：", "Now the school's certificate: ") + _describe(entry))
    else:
        ctx.out(ctx.t("已信任证书：", "Trusted certificate: ") + _describe(entry))
    return EXIT_OK


def _trust_log(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing.trust import trust_log

    records = trust_log(ctx.data_dir)
    if args.json:
        ctx.out_json({"log": records})
        return EXIT_OK
    if not records:
        ctx.out(ctx.t("信任列表尚无变更记录。", "The trust store has no recorded changes."))
    actions = {
        "add": ("加入", "added"),
        "replace": ("替换", "replaced"),
        "remove": ("移除", "removed"),
    }
    for r in records:
        action = ctx.t(*actions.get(str(r.get("action")), (str(r.get("action")),) * 2))
        replaced = r.get("replaced") or []
        tail = (
            (ctx.t("（替换 ", " (replacing ") + ", ".join(replaced) + ctx.t("）", ")"))
            if replaced
            else ""
        )
        ctx.out(
            f"{r.get('at')}  {action}  {r.get('school_code') or '?'}  {r.get('fingerprint_sha256')}{tail}"
        )
    return EXIT_OK


def _trust_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import list_trusted

    entries = list_trusted(ctx.data_dir)
    if args.json:
        ctx.out_json({"trusted": [_entry_json(e) for e in entries]})
        return EXIT_OK
    if not entries:
        ctx.out(ctx.t("信任列表为空。", "The trust store is empty."))
    for entry in entries:
        ctx.out(_describe(entry))
    return EXIT_OK


def _trust_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import remove_trusted

    entry = remove_trusted(ctx.data_dir, args.fingerprint)
    ctx.out(ctx.t("已移除：", "Removed: ") + _describe(entry))
    return EXIT_OK


def _entry_json(entry: TrustedCertificate) -> dict[str, Any]:
    return {
        "fingerprint_sha256": entry.fingerprint_sha256,
        "signer": entry.signer,
        "school": entry.school,
        "school_code": entry.school_code,
        "not_before": entry.not_before.isoformat(),
        "not_after": entry.not_after.isoformat(),
    }


def _describe(entry: TrustedCertificate) -> str:
    code = f"（{entry.school_code}）" if entry.school_code else ""
    until = entry.not_after.date().isoformat()
    return (
        f"{entry.fingerprint_sha256}  {entry.school or '?'}{code}  {entry.signer or '?'}  ≤ {until}"
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _read(path: Path) -> bytes:
    from checklists.foundation import limits
    from checklists.foundation.files import read_input_bytes

    return read_input_bytes(path, limits.MAX_REPORT_BYTES)
