"""CLI: ``identity create|import|list|export-cert|delete`` — the school's signing identities."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from checklists.foundation import limits
from checklists.foundation.files import read_input_bytes
from cli.context import CliContext, path_arg

if TYPE_CHECKING:
    from reports.signing.identities import Identity


def register(subparsers: Any) -> None:
    """Add the ``identity`` command group."""
    group = subparsers.add_parser("identity", help="签名身份 / signing identities")
    actions = group.add_subparsers(dest="identity_action", metavar="ACTION", required=True)

    create = actions.add_parser("create", help="新建签名身份 / create an identity")
    create.add_argument("--school-name", required=True, help="学校名称 / school name")
    create.add_argument("--school-code", required=True, help="学校代码 / school code")
    create.add_argument("--signer", required=True, help="签署人 / signer's name")
    create.add_argument("--title", required=True, help="职务 / signer's title")
    create.add_argument("--algorithm", choices=("ecdsa", "rsa"), default="ecdsa")
    create.add_argument("--passphrase-file", required=True, help="口令文件 / passphrase file")
    create.add_argument("--json", action="store_true")
    create.set_defaults(func=_create)

    imp = actions.add_parser("import", help="导入 .p12/.pfx / import a .p12/.pfx")
    imp.add_argument("file", type=path_arg, metavar="FILE.p12")
    imp.add_argument("--passphrase-file", required=True, help="该文件的口令 / its passphrase")
    imp.add_argument("--new-passphrase-file", help="保存用的新口令 / new passphrase")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=_import)

    lst = actions.add_parser("list", help="列出签名身份 / list identities")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=_list)

    export = actions.add_parser("export-cert", help="导出证书 / export the certificate")
    export.add_argument("identity_id", metavar="ID")
    export.add_argument("--out", type=path_arg, required=True, metavar="FILE.pem|FILE.cer")
    export.set_defaults(func=_export)

    delete = actions.add_parser("delete", help="删除签名身份 / delete an identity")
    delete.add_argument("identity_id", metavar="ID")
    delete.set_defaults(func=_delete)


def _create(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import create_identity

    identity = create_identity(
        ctx.data_dir,
        school_name=args.school_name,
        school_code=args.school_code,
        signer=args.signer,
        title=args.title,
        passphrase=ctx.read_passphrase(args.passphrase_file),
        algorithm=args.algorithm,
    )
    _report_new(identity, args.json, ctx, ctx.t("已创建签名身份", "Created signing identity"))
    return 0


def _import(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import import_identity

    data = read_input_bytes(args.file, limits.MAX_KEY_FILE_BYTES, "身份文件", "identity file")
    new = args.new_passphrase_file
    identity = import_identity(
        ctx.data_dir,
        data,
        passphrase=ctx.read_passphrase(args.passphrase_file),
        new_passphrase=ctx.read_passphrase(new) if new else None,
    )
    _report_new(identity, args.json, ctx, ctx.t("已导入签名身份", "Imported signing identity"))
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import list_identities

    identities = list_identities(ctx.data_dir)
    if args.json:
        ctx.out_json({"identities": [i.to_dict(with_certificate=False) for i in identities]})
        return 0
    if not identities:
        ctx.out(ctx.t("还没有签名身份。", "No signing identities yet."))
    for ident in identities:
        until = ident.not_after.date().isoformat()
        ctx.out(
            f"{ident.identity_id}  {ident.school}  {ident.signer}（{ident.title}）  "
            f"{ident.algorithm}  {ctx.t('有效期至', 'valid until')} {until}  "
            f"SHA-256 {ident.fingerprint_sha256[:16]}…"
        )
    return 0


def _export(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import export_certificate

    out = export_certificate(ctx.data_dir, args.identity_id, args.out)
    ctx.out(ctx.t(f"证书已导出到 {out}", f"Certificate exported to {out}"))
    return 0


def _delete(args: argparse.Namespace, ctx: CliContext) -> int:
    from reports.signing import delete_identity

    delete_identity(ctx.data_dir, args.identity_id)
    ctx.out(
        ctx.t(f"已删除签名身份 {args.identity_id}", f"Deleted signing identity {args.identity_id}")
    )
    return 0


def _report_new(identity: Identity, as_json: bool, ctx: CliContext, headline: str) -> None:
    if as_json:
        ctx.out_json(identity.to_dict(with_certificate=False))
        return
    ctx.out(f"{headline} {identity.identity_id}")
    ctx.out(f"SHA-256: {identity.fingerprint_sha256}")
