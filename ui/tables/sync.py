"""Bringing a table model's cached rows up to date with the fewest, most specific Qt signals.

An edit changes one row (dataChanged for it); adding or deleting rows inserts or removes them;
a move is a layout change that keeps the selection on the moved row. Only anything else (an
import replacing every row) resets the model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex


class _Row(Protocol):
    id: int
    cells: dict[str, Any]


def plan_rows(
    current: Sequence[_Row], data: Sequence[Any], compute: Callable[[Sequence[Any]], list[Any]]
) -> tuple[set[int], list[Any]]:
    """The target row list: unchanged rows reused, new or edited ones computed (``compute``).

    Returns (ids of rows built afresh, target rows in order).
    """
    old = {r.id: r for r in current}
    need = [d for d in data if d.id not in old or old[d.id].cells != d.cells]
    built = {r.id: r for r in compute(need)} if need else {}
    target = [built.get(d.id) or old[d.id] for d in data]
    return set(built), target


def apply_structure(model: QAbstractItemModel, rows: list[Any], target: list[Any]) -> None:
    """Change ``rows`` (the model's own list, in place) into ``target``, signalling as Qt expects."""
    old_ids = [r.id for r in rows]
    new_ids = [r.id for r in target]
    if old_ids != new_ids:
        if _is_subsequence(old_ids, new_ids):
            _insert(model, rows, target)
        elif _is_subsequence(new_ids, old_ids):
            _remove(model, rows, set(new_ids))
        elif Counter(old_ids) == Counter(new_ids):
            _relayout(model, rows, target)
        else:
            model.beginResetModel()
            rows[:] = target
            model.endResetModel()
            return
    rows[:] = target  # same ids now; edited rows are announced by the caller


def _is_subsequence(short: list[Hashable], long: list[Hashable]) -> bool:
    it = iter(long)
    return all(any(x == y for y in it) for x in short)


def _insert(model: QAbstractItemModel, rows: list[Any], target: list[Any]) -> None:
    present = {r.id for r in rows}
    position = 0
    while position < len(target):
        if target[position].id in present:
            position += 1
            continue
        end = position
        while end + 1 < len(target) and target[end + 1].id not in present:
            end += 1
        model.beginInsertRows(QModelIndex(), position, end)
        rows[position:position] = target[position : end + 1]
        model.endInsertRows()
        position = end + 1


def _remove(model: QAbstractItemModel, rows: list[Any], keep: set[Any]) -> None:
    position = len(rows) - 1
    while position >= 0:
        if rows[position].id in keep:
            position -= 1
            continue
        start = position
        while start - 1 >= 0 and rows[start - 1].id not in keep:
            start -= 1
        model.beginRemoveRows(QModelIndex(), start, position)
        del rows[start : position + 1]
        model.endRemoveRows()
        position = start - 1


def _relayout(model: QAbstractItemModel, rows: list[Any], target: list[Any]) -> None:
    """Same rows, new order: persistent indexes (selection, current cell) follow their rows."""
    model.layoutAboutToBeChanged.emit()
    where = {r.id: i for i, r in enumerate(target)}
    before = model.persistentIndexList()
    after = [model.index(where[rows[p.row()].id], p.column()) for p in before]
    rows[:] = target
    model.changePersistentIndexList(before, after)
    model.layoutChanged.emit()
