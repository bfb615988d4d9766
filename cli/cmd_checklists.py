"""CLI commands of the checklist engine: checklists, validate, evaluate."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checklists.foundation.errors import DefinitionError, InputError, UserFacingError
from checklists.model import Checklist
from checklists.registry import UNREADABLE_SUFFIXES
from checklists.terms import CHECKLIST_STATUS, NO_CLAUSE, SEVERITY, term
from cli.context import CliContext, path_arg


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the engine's commands."""
    p = sub.add_parser("checklists", help="列出检查清单 / list the checklists")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_checklists)
    p = sub.add_parser(
        "validate", help="检查清单定义或答案文件 / check definition or answers files"
    )
    p.add_argument("files", nargs="+", type=path_arg)
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("evaluate", help="评估答案文件 / evaluate an answers document")
    p.add_argument("answers", type=path_arg)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)


def checklist_to_json(checklist: Checklist) -> dict[str, Any]:
    """The ``checklists --json`` form of one checklist: items flattened with their rules."""
    items = []
    for item in checklist.items():
        rules = [r for r in item.rules] + [r for col in item.columns for r in col.rules]
        items.append(
            {
                "id": item.id,
                "type": item.type,
                "clauses": list(item.clauses),
                "rules": [
                    {"code": r.code, "clauses": list(r.clauses), "severity": r.severity}
                    for r in rules
                ],
            }
        )
    return {
        "id": checklist.id,
        "version": checklist.version,
        "title": {"zh": checklist.title.zh, "en": checklist.title.en},
        "clauses": list(checklist.source.clauses),
        "items": items,
    }


def cmd_checklists(args: argparse.Namespace, ctx: CliContext) -> int:
    """List the checklists (built-in and the data folder's)."""

    checklists = ctx.checklists()
    if args.json:
        ctx.out_json([checklist_to_json(c) for c in checklists.values()])
        return 0
    for c in checklists.values():
        n_items = sum(1 for _ in c.items())
        n_rules = sum(1 for _ in c.rules())
        clauses = "、".join(f"第{n}条" for n in c.source.clauses) or ctx.t(*NO_CLAUSE)
        ctx.out(
            f"{c.id}  v{c.version}  {c.title.get(ctx.lang)}  ({clauses})  "
            + ctx.t(f"{n_items} 项，{n_rules} 条规则", f"{n_items} items, {n_rules} rules")
        )
    return 0


def cmd_validate(args: argparse.Namespace, ctx: CliContext) -> int:
    """Check definition files (.yaml/.xlsx) and answers documents (.json); exit 2 on any error."""
    from checklists.answers_doc import read_answers_file
    from checklists.registry import load_definition
    from checklists.xlsform import load_xlsform_with_notices
    from models.ops.photos import check_photo_files_in, photo_folder

    failed = False
    for path in args.files:
        suffix = path.suffix.lower()
        try:
            if suffix == ".json":
                doc = read_answers_file(path, ctx.checklists())
                if doc.photos:  # the same check as import's: the files beside it, or stored
                    folder = photo_folder(path)
                    check_photo_files_in(
                        ctx.data_dir, doc.photos, folder if folder.is_dir() else None
                    )
            elif suffix in (".xlsx", ".xls"):
                form, notices = load_xlsform_with_notices(path)
                for where, zh, en in notices:
                    ctx.out(ctx.t(f"{where}: 提示：{zh}", f"{where}: note: {en}"))
                _fits_beside(form, path, ctx)
            elif suffix in (".yaml", ".yml"):
                _fits_beside(load_definition(path), path, ctx)
            else:
                raise InputError(*_unknown_kind(path))
            ctx.out(ctx.t(f"{path}：正确", f"{path}: OK"))
        except UserFacingError as exc:
            failed = True
            ctx.err(exc.text(ctx.lang))
    return 2 if failed else 0


def _fits_beside(checklist: Checklist, path: Path, ctx: CliContext) -> None:
    """DefinitionError when the checklist, sound alone, would be skipped beside the checklists
    in use (the built-in ones and the data folder's): the commands would not use it."""
    from checklists.registry import problems_beside

    problems = problems_beside(checklist, ctx.checklists(), path)
    if problems:
        raise DefinitionError(problems)


VALIDATED_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xls", ".json")


def _unknown_kind(path: Path) -> tuple[str, str]:
    """Why ``validate`` does not read ``path``: its extension is none of the accepted ones."""
    accepted = "、".join(VALIDATED_SUFFIXES)
    shown = path.suffix or "（无扩展名）"
    advice_zh = "；请在 Excel 中另存为 .xlsx" if path.suffix.lower() in UNREADABLE_SUFFIXES else ""
    advice_en = "; save it in Excel as .xlsx" if path.suffix.lower() in UNREADABLE_SUFFIXES else ""
    return (
        f"{path}：不能检查扩展名为 {shown} 的文件（可检查：{accepted}）{advice_zh}",
        f"{path}: cannot check a file named {path.suffix or '(no extension)'} "
        f"(accepted: {', '.join(VALIDATED_SUFFIXES)}){advice_en}",
    )


def cmd_evaluate(args: argparse.Namespace, ctx: CliContext) -> int:
    """Evaluate an answers document and print the verdict and findings."""
    from checklists.answers_doc import read_answers_file
    from checklists.evaluator import evaluate_document
    from checklists.results import results_to_json

    checklists = ctx.checklists()
    doc = read_answers_file(args.answers, checklists)
    results = evaluate_document(doc, checklists)
    if args.json:
        ctx.out_json(results_to_json(results))
        return 0
    ctx.out(
        f"{doc.school.name}  {doc.period}  "
        + ctx.t("基准日", "reference date")
        + f" {doc.reference_date}"
    )
    for cl_id, result in results.checklists.items():
        s = result.summary
        compliance = "—" if s["compliance"] is None else f"{s['compliance']}%"
        status = term(CHECKLIST_STATUS, result.status, ctx.lang)
        ctx.out(
            f"\n[{checklists[cl_id].title.get(ctx.lang)}] {status}  "
            + ctx.t(
                f"问题 {s['findings']} 项；符合率 {compliance}（符合 {s['passed']}，不符合 {s['failed']}），未完成 {s['open']} 项，不适用 {s['not_applicable']}",
                f"{s['findings']} findings; compliance rate {compliance} (passed {s['passed']}, failed {s['failed']}), {s['open']} open, n/a {s['not_applicable']}",
            )
        )
        for f in result.findings:
            sev = term(SEVERITY, f.severity, ctx.lang)
            clauses = ",".join(str(c) for c in f.clauses)
            cited = (
                ctx.t("第" + clauses + "条", "clause " + clauses)
                if f.clauses
                else ctx.t(*NO_CLAUSE)
            )
            row = "" if f.row is None else ctx.t(f" 第{f.row + 1}行", f" row {f.row + 1}")
            ctx.out(f"  - [{sev}] {f.code} ({cited}){row}: {f.message.get(ctx.lang)}")
    return 0
