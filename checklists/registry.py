"""Where checklists come from: the built-in definitions and a data folder's checklists/ folder."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from checklists.loader import load_files
from checklists.model import Checklist

DEFINITION_SUFFIXES = (".yaml", ".yml", ".xlsx")
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
        p for p in folder.iterdir()
        if p.suffix.lower() in DEFINITION_SUFFIXES and not p.name.startswith((".", "~$"))
    )


def _ordered(checklists: list[Checklist]) -> dict[str, Checklist]:
    rank = {cid: i for i, cid in enumerate(CORE_ORDER)}
    ordered = sorted(checklists, key=lambda c: (rank.get(c.id, len(rank)), c.id))
    return {c.id: c for c in ordered}


@lru_cache(maxsize=1)
def builtin_checklists() -> dict[str, Checklist]:
    """The checklists shipped with the app, by id, in a stable order."""
    return _ordered(load_files(definition_files(definitions_dir())))


def load_checklists(data_dir: Path | None = None) -> dict[str, Checklist]:
    """Built-in checklists plus those an office distributed into ``data_dir/checklists``."""
    if data_dir is None or not definition_files(data_dir / "checklists"):
        return builtin_checklists()
    files = definition_files(definitions_dir()) + definition_files(data_dir / "checklists")
    return _ordered(load_files(files))
