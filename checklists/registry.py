"""Where checklists come from: the built-in definitions and a data folder's checklists/ folder."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from checklists.compiled import compiled, content_key, set_checked
from checklists.foundation import limits
from checklists.foundation.errors import DefinitionError, InputError
from checklists.foundation.files import read_input_bytes
from checklists.model import Checklist

DEFINITION_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xls")
# Spreadsheets a checklist folder may hold that the app cannot read: named, never passed over.
UNREADABLE_SUFFIXES = (".xlsm", ".xlsb", ".ods", ".csv")
# Built-in checklists come first, in this order; others follow by id.
CORE_ORDER = ("safety", "psychology", "lighting", "guards")


def definitions_dir() -> Path:
    """The folder of built-in definitions (also inside a PyInstaller bundle)."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "checklists" / "definitions"
    return Path(__file__).resolve().parent / "definitions"


def definition_files(folder: Path) -> list[Path]:
    """Definition files in ``folder`` (sorted; hidden and temporary Excel files skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in DEFINITION_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def _ordered(checklists: list[Checklist]) -> dict[str, Checklist]:
    rank = {cid: i for i, cid in enumerate(CORE_ORDER)}
    ordered = sorted(checklists, key=lambda c: (rank.get(c.id, len(rank)), c.id))
    return {c.id: c for c in ordered}


def load_definition(path: Path) -> Checklist:
    """One definition file, parsed once per content (checklists.compiled); DefinitionError
    (from the loader, with its file and line) when it is broken or unreadable."""
    return _load_definition(path)[0]


def definition_limit(path: Path) -> int:
    """The largest definition file of ``path``'s kind (checklists.foundation.limits gives the reasons)."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        return limits.MAX_CHECKLIST_WORKBOOK_BYTES
    return limits.MAX_CHECKLIST_BYTES


def read_definition(path: Path, limit: int) -> bytes:
    """The file's bytes, at most ``limit``: devices, FIFOs, folders and larger files refused."""
    try:
        return read_input_bytes(path, limit, "清单文件", "checklist file")
    except InputError as exc:
        raise DefinitionError([(f"{path}:1", exc.zh, exc.en)]) from exc


def _load_definition(path: Path, content: bytes | None = None) -> tuple[Checklist, str]:
    if content is None:
        content = read_definition(path, definition_limit(path))
    fmt = "xlsx" if path.suffix.lower() in (".xlsx", ".xls") else "yaml"
    parse = lambda: parse_definition(content, fmt, str(path))  # noqa: E731
    # a workbook without a form_id takes its id from its file name: part of what it compiles to
    kind = f"xlsx@{path.name}" if fmt == "xlsx" else fmt
    return compiled(content, kind, str(path), parse), content_key(content, kind)


def parse_definition(
    content: bytes, fmt: str, origin: str, default_id: str | None = None
) -> Checklist:
    """Parse a definition's bytes with the loader (YAML) or the XLSForm reader (``default_id``:
    a workbook's id when its settings give no form_id, else the file name of ``origin``)."""
    if fmt == "xlsx":
        from checklists.xlsform import load_xlsform_bytes

        checklist: Checklist = load_xlsform_bytes(content, origin, default_id)
        return checklist
    from checklists.loader import load_text

    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise DefinitionError(
            [
                (
                    f"{origin}:1",
                    "这是 Excel 工作簿（或压缩包），不是 YAML 文本；XLSForm 清单请用 .xlsx 扩展名",
                    "this is an Excel workbook (or a zip file), not YAML text; name an XLSForm "
                    "checklist .xlsx",
                )
            ]
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(
            [(f"{origin}:1", f"无法读取文件：{exc}", f"cannot read the file: {exc}")]
        ) from exc
    return load_text(text, origin)


def _cross_check(checklists: list[Checklist]) -> list[tuple[str, str, str]]:
    from checklists.loader import cross_check

    return cross_check(checklists)


def load_definitions(paths: list[Path]) -> list[Checklist]:
    """Several files; the problems of all of them together; ids and codes unique across them."""
    problems: list[tuple[str, str, str]] = []
    loaded: list[Checklist] = []
    keys: list[str] = []
    for path in paths:
        try:
            checklist, key = _load_definition(path)
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(checklist)
        keys.append(key)
    if problems:
        problems.extend(_cross_check(loaded))
    else:
        problems.extend(set_checked(keys, lambda: _cross_check(loaded)))
    if problems:
        raise DefinitionError(problems)
    return loaded


@lru_cache(maxsize=1)
def builtin_checklists() -> dict[str, Checklist]:
    """The checklists shipped with the app, by id, in a stable order."""
    return _ordered(load_definitions(definition_files(definitions_dir())))


def load_checklists(data_dir: Path | None = None) -> dict[str, Checklist]:
    """Built-in checklists plus those an office distributed into ``data_dir/checklists``.

    A distributed checklist with the id of a built-in one replaces it when its version is
    higher (next year's plan). A broken or conflicting file is skipped, never fatal: see
    :func:`load_checklists_with_problems` for what was skipped and why.
    """
    return load_checklists_with_problems(data_dir)[0]


def load_checklists_with_problems(
    data_dir: Path | None,
) -> tuple[dict[str, Checklist], list[tuple[str, str, str]]]:
    """The checklists in use, and the (where, zh, en) problems of skipped data-folder files."""
    builtin = builtin_checklists()
    folder = data_dir / "checklists" if data_dir is not None else None
    files = definition_files(folder) if folder is not None else []
    problems = _unreadable_files(folder) if folder is not None else []
    if not files:
        return builtin, problems
    chosen = dict(builtin)
    budget = limits.MAX_DATA_FOLDER_CHECKLIST_BYTES
    for path in files[limits.MAX_DATA_FOLDER_CHECKLISTS :]:
        problems.append((f"{path}:1", *_too_many()))
    for path in files[: limits.MAX_DATA_FOLDER_CHECKLISTS]:
        try:
            content = read_definition(path, min(definition_limit(path), budget))
        except DefinitionError as exc:
            if budget < definition_limit(path) and _larger_than(path, budget):
                problems.append((f"{path}:1", *_over_budget()))
            else:
                problems.extend(exc.problems)
            continue
        budget -= len(content)
        try:
            extra = _load_definition(path, content)[0]
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        problem = _conflict(extra, chosen, builtin)
        if problem:
            problems.append((f"{path}:1", *problem))
            continue
        candidate = dict(chosen)
        candidate[extra.id] = extra
        clash = _cross_check(list(candidate.values()))
        if clash:
            problems.extend(clash)
            continue
        chosen = candidate
    return _ordered(list(chosen.values())), problems


def problems_beside(
    checklist: Checklist, in_use: dict[str, Checklist], path: Path
) -> list[tuple[str, str, str]]:
    """Why ``checklist`` (read from ``path``) would be skipped beside the checklists ``in_use``
    (the built-in ones and a data folder's; the file's own earlier reading left out): an id
    taken, or ids and finding codes that clash across checklists. Empty: it fits."""
    builtin = builtin_checklists()
    others = {
        cid: c
        for cid, c in in_use.items()
        if (not c.origin or Path(c.origin).resolve() != path.resolve())
        # a new version of a data folder's checklist replaces it there
        and (cid != checklist.id or c is builtin.get(cid))
    }
    problem = _conflict(checklist, others, builtin)
    if problem:
        return [(f"{path}:1", *problem)]
    candidate = dict(others)
    candidate[checklist.id] = checklist
    return _cross_check(list(candidate.values()))


def _larger_than(path: Path, size: int) -> bool:
    try:
        return path.stat().st_size > size
    except OSError:
        return False


def _too_many() -> tuple[str, str]:
    most = limits.MAX_DATA_FOLDER_CHECKLISTS
    return (
        f"清单文件夹中的清单超过 {most} 个，此文件未读取；请移走不用的清单",
        f"more than {most} checklists in the folder: this file was not read; move the "
        "checklists not in use elsewhere",
    )


def _over_budget() -> tuple[str, str]:
    total = limits.MAX_DATA_FOLDER_CHECKLIST_BYTES // (1024 * 1024)
    return (
        f"清单文件夹中的清单合计超过 {total} MB，此文件未读取；请移走不用的清单",
        f"the checklists in the folder add up to more than {total} MB: this file was not "
        "read; move the checklists not in use elsewhere",
    )


def _unreadable_files(folder: Path) -> list[tuple[str, str, str]]:
    """Spreadsheets in the folder that are not checklist files, each named."""
    if not folder.is_dir():
        return []
    return [
        (
            str(p),
            "不能读取此格式的清单；请在 Excel 中另存为 .xlsx",
            "a checklist in this format cannot be read; save it in Excel as .xlsx",
        )
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in UNREADABLE_SUFFIXES and not p.name.startswith((".", "~$"))
    ]


def _conflict(
    new: Checklist, chosen: dict[str, Checklist], builtin: dict[str, Checklist]
) -> tuple[str, str] | None:
    old = chosen.get(new.id)
    if old is None:
        return None
    if old.id in builtin and old is builtin[old.id] and new.version > old.version:
        return None
    return (
        f"清单 '{new.id}' 已存在（版本 {old.version}）；分发的清单须使用新的编号，或更高的版本号以替换内置清单",
        f"checklist '{new.id}' already exists (version {old.version}); a distributed checklist needs a new id, or a higher version to replace the built-in one",
    )
