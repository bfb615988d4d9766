"""IdentitiesModel: the signing identities of the data folder (reports.signing.list_identities)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from reports.signing.identities import Identity
from ui.words import format_date

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
COL_SIGNER, COL_SCHOOL, COL_VALID_UNTIL, COL_ID, COL_FINGERPRINT = range(5)
IdentityRole = Qt.ItemDataRole.UserRole + 1  # the Identity
IdentityIdRole = Qt.ItemDataRole.UserRole + 2  # its id (str)


def short_fingerprint(fingerprint: str) -> str:
    """The first 16 hex digits in groups of four, e.g. ``3FA2 C19B 0D4E 77A1``."""
    head = fingerprint[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def grouped_fingerprint(fingerprint: str) -> str:
    """The whole fingerprint in groups of four hex digits (to read out and compare)."""
    text = fingerprint.upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class IdentitiesModel(QAbstractTableModel):
    """One row per identity: signer (title), school, valid until, id, fingerprint."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Identity] = []

    def set_rows(self, rows: list[Identity]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def identity(self, row: int) -> Identity:
        """The identity shown in ``row``."""
        return self._rows[row]

    def row_of(self, identity_id: str) -> int:
        """The row of an identity (-1 when absent)."""
        return next((r for r, i in enumerate(self._rows) if i.identity_id == identity_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_SIGNER: self.tr("签署人"),
            COL_SCHOOL: self.tr("学校"),
            COL_VALID_UNTIL: self.tr("有效期至"),
            COL_ID: self.tr("编号"),
            COL_FINGERPRINT: self.tr("证书指纹"),
        }.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        identity = self._rows[index.row()]
        if role == IdentityRole:
            return identity
        if role == IdentityIdRole:
            return identity.identity_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(identity, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_FINGERPRINT:
            return "SHA-256 " + grouped_fingerprint(identity.fingerprint_sha256)
        return None

    def _text(self, identity: Identity, column: int) -> str:
        if column == COL_SIGNER:
            if not identity.title:
                return identity.signer
            return self.tr("%1（%2）").replace("%1", identity.signer).replace("%2", identity.title)
        if column == COL_SCHOOL:
            return identity.school
        if column == COL_VALID_UNTIL:
            return format_date(identity.not_after.astimezone().date())
        if column == COL_ID:
            return identity.identity_id
        return short_fingerprint(identity.fingerprint_sha256)
