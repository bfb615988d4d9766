"""CLI commands of revisions and periods: amend (a signed self-check), new-period (carry a self-check
forward) and compare (with the previous period)."""

from __future__ import annotations

import argparse
from typing import Any

from cli.context import CliContext, record_id


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the period commands."""
    p = sub.add_parser(
        "new-period",
        help="从上期复制，开始新一期自查 / start the next period from an assessment",
    )
    p.add_argument("id", type=record_id)
    p.add_argument(
        "--period", help="新检查周期；默认按校历推算 / the new period (default: the next term)"
    )
    p.add_argument("--reference-date", help="检查基准日 YYYY-MM-DD / the reference date")
    p.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="本期已有自查时仍新建 / start it even if the period has a self-check already",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_new_period)
    p = sub.add_parser(
        "amend",
        help="为已签名的自查建立可修改的修订版本 / a new draft revision of a signed assessment",
    )
    p.add_argument("id", type=record_id)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_amend)
    p = sub.add_parser("compare", help="与上期比较 / compare the findings with the previous period")
    p.add_argument("id", type=record_id)
    p.add_argument(
        "--with", dest="previous", type=record_id, help="上期自查编号 / the previous assessment"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compare)


def cmd_new_period(args: argparse.Namespace, ctx: CliContext) -> int:
    """Carry ``id`` forward to a new draft; prints its id."""
    from cli.cmd_storage import _require_database
    from models.database import open_database
    from models.ops.periods import propose_next_period
    from models.ops.revisions import carry_forward

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s, s.begin():
        proposal = propose_next_period(s, args.id)
        period = args.period if args.period is not None else proposal.period
        new_id = carry_forward(
            s,
            args.id,
            period,
            args.reference_date or proposal.reference_date,
            allow_duplicate=args.allow_duplicate,
        )
    if args.json:
        ctx.out_json({"assessment": new_id, "period": period.strip()})
    else:
        ctx.out(str(new_id))
    return 0


def cmd_amend(args: argparse.Namespace, ctx: CliContext) -> int:
    """Copy the signed ``id`` into a new draft revision; prints its id (the signed one stays)."""
    from cli.cmd_storage import _require_database
    from models.database import open_database
    from models.ops.assessments import get_assessment
    from models.ops.revisions import amend

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s, s.begin():
        new_id = amend(s, args.id)
        revision = get_assessment(s, new_id).revision
    if args.json:
        ctx.out_json({"assessment": new_id, "amends": args.id, "revision": revision})
    else:
        ctx.out(str(new_id))
    return 0


def _finding_json(f: Any, change: str, label: str = "") -> dict[str, Any]:
    return {
        "change": change,
        "checklist": f.checklist,
        "code": f.code,
        "item": f.item,
        "row": f.row,
        "row_label": label,
        "severity": f.severity,
    }


def cmd_compare(args: argparse.Namespace, ctx: CliContext) -> int:
    """List new, recurring and resolved findings against the previous period."""
    from checklists.comparison import change_word
    from cli.cmd_storage import _require_database
    from models.database import open_database
    from models.ops.evaluation import evaluate_assessment
    from models.ops.periods import compare_with_previous

    _require_database(ctx)
    with open_database(ctx.data_dir) as db, db.session() as s:
        comparison = compare_with_previous(s, args.id, args.previous)
        findings = evaluate_assessment(s, args.id).findings
    if comparison is None:
        if args.json:
            ctx.out_json(None)
        else:
            ctx.out(ctx.t("没有上一期自查可比较。", "There is no previous period to compare with."))
        return 0
    rows = [_finding_json(f, comparison.change_of(f) or "new") for f in findings]
    rows += [_finding_json(r.finding, "resolved", r.row_label) for r in comparison.resolved]
    if args.json:
        ctx.out_json(
            {
                "previous": {"id": comparison.previous_id, "period": comparison.previous_period},
                "counts": comparison.counts(),
                "findings": rows,
            }
        )
        return 0
    c = comparison.counts()
    ctx.out(
        ctx.t(
            f"与上期（{comparison.previous_period}，#{comparison.previous_id}）比较："
            f"新增 {c['new']}，重复出现 {c['recurring']}，已解决 {c['resolved']}",
            f"Compared with {comparison.previous_period} (#{comparison.previous_id}): "
            f"{c['new']} new, {c['recurring']} recurring, {c['resolved']} resolved",
        )
    )
    for r in rows:
        where = f"{r['checklist']}.{r['item']}" + ("" if r["row"] is None else f"[{r['row'] + 1}]")
        label = f"  {r['row_label']}" if r["row_label"] else ""
        ctx.out(f"  {change_word(r['change'], ctx.lang)}  {r['code']}  {where}{label}")
    return 0
