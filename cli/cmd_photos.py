"""CLI commands of photos: attach a photo to an item or a finding, list them, remove one."""

from __future__ import annotations

import argparse

from cli.context import CliContext, bounded_int, path_arg, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the photo commands."""
    p = sub.add_parser("attach-photo", help="为检查项或问题添加照片 / attach a photo")
    p.add_argument("id", type=record_id)
    p.add_argument("checklist")
    p.add_argument("item")
    p.add_argument("file", type=path_arg)
    p.add_argument("--code", help="问题代码（照片属于该问题）/ the finding's code")
    p.add_argument(
        "--row",
        type=bounded_int(1, 1_000_000, "行号", "row"),
        help="表格行号，从 1 起 / table row, from 1",
    )
    p.add_argument("--caption", default="", help="说明 / caption")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_attach_photo)
    p = sub.add_parser("photos", help="列出照片 / list the photos of an assessment")
    p.add_argument("id", type=record_id)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_photos)
    p = sub.add_parser("remove-photo", help="移除照片 / remove a photo")
    p.add_argument("id", type=record_id)
    p.add_argument("photo", type=record_id)
    p.set_defaults(func=cmd_remove_photo)


def cmd_attach_photo(args: argparse.Namespace, ctx: CliContext) -> int:
    """Attach one photo; prints its id."""
    from checklists.foundation.errors import InputError
    from cli.cmd_storage import _require_database
    from models.database import open_database
    from models.ops.photos import attach_photo, check_caption

    check_caption(args.caption)  # before the store is opened: a refusal changes nothing
    _require_database(ctx)
    if args.row is not None and args.row < 1:
        raise InputError("--row 从 1 开始", "--row starts at 1")
    row = None if args.row is None else args.row - 1
    with open_database(ctx.data_dir) as db, db.session() as s, s.begin():
        pid = attach_photo(
            s,
            args.id,
            args.checklist,
            args.item,
            args.file,
            code=args.code,
            row=row,
            caption=args.caption,
        )
    if args.json:
        ctx.out_json({"photo": pid})
    else:
        ctx.out(str(pid))
    return 0


def cmd_photos(args: argparse.Namespace, ctx: CliContext) -> int:
    """List the photos: id, place, name, date taken."""
    from cli.cmd_storage import _require_database
    from models.database import open_database
    from models.ops.photos import list_photos

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s:
        photos = list_photos(s, args.id)
    if args.json:
        ctx.out_json(
            [
                {
                    "id": p.id,
                    "checklist": p.checklist,
                    "item": p.item,
                    "code": p.code,
                    "row": None if p.row is None else p.row + 1,
                    "name": p.name,
                    "sha256": p.sha256,
                    "size": p.size,
                    "taken_at": p.taken_at.isoformat() if p.taken_at else None,
                    "caption": p.caption,
                }  # fmt: skip
                for p in photos
            ]
        )
        return 0
    if not photos:
        ctx.out(ctx.t("没有照片。", "No photos."))
    for p in photos:
        where = f"{p.checklist}.{p.item}" + ("" if p.row is None else f" [{p.row + 1}]")
        code = f" {p.code}" if p.code else ""
        taken = f"  {p.taken_at:%Y-%m-%d %H:%M}" if p.taken_at else ""
        ctx.out(f"#{p.id}  {where}{code}  {p.name}{taken}")
    return 0


def cmd_remove_photo(args: argparse.Namespace, ctx: CliContext) -> int:
    """Detach one photo."""
    from cli.cmd_storage import _require_database
    from models.database import open_database
    from models.ops.photos import remove_photo

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s, s.begin():
        remove_photo(s, args.id, args.photo)
    ctx.out(ctx.t(f"已移除照片 #{args.photo}", f"Removed photo #{args.photo}"))
    return 0
