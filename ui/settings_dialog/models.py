"""Table models of the settings dialog: trusted certificates, backups, licences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from reports.signing.trust import TrustedCertificate
from ui.row_table_model import RowTableModel
from ui.sign.identities_model import grouped_fingerprint, short_fingerprint
from ui.words import format_date

RowRole = Qt.ItemDataRole.UserRole + 1  # the row's object
SortRole = Qt.ItemDataRole.UserRole + 2
_BACKUP_NAME = re.compile(r"^campus-(\d{8}-\d{6})(?:-\d+)?\.db$")


class _TableModel(RowTableModel[Any]):
    """Rows of one kind; subclasses give the headers and the cell texts."""

    def row_object(self, row: int) -> Any:
        """The object shown in ``row``."""
        return self.row_at(row)

    def text(self, row: Any, column: int) -> str:
        """The cell's text."""
        raise NotImplementedError(f"{type(self).__name__} gives no texts")

    def sort_value(self, row: Any, column: int) -> Any:
        """The cell's sort key (its text unless a subclass says otherwise)."""
        return self.text(row, column)

    def tooltip(self, row: Any, column: int) -> str | None:
        """The cell's tooltip (None: none)."""
        return None

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The text, tooltip, row object or sort key."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == RowRole:
            return row
        if role == SortRole:
            return self.sort_value(row, column)
        return None


class TrustedModel(_TableModel):
    """The trust store: school, code, signer, valid until, fingerprint."""

    def headers(self) -> list[str]:
        return [
            self.tr("学校"),
            self.tr("学校代码"),
            self.tr("签署人"),
            self.tr("有效期至"),
            self.tr("证书指纹"),
        ]

    def text(self, row: TrustedCertificate, column: int) -> str:
        values = [
            row.school or "—",
            row.school_code or "—",
            row.signer or "—",
            format_date(row.not_after.astimezone().date()),
            short_fingerprint(row.fingerprint_sha256),
        ]
        return values[column]

    def tooltip(self, row: TrustedCertificate, column: int) -> str | None:
        return "SHA-256 " + grouped_fingerprint(row.fingerprint_sha256) if column == 4 else None


@dataclass(frozen=True)
class BackupEntry:
    """A backup file with its time (from the name) and size."""

    path: Path
    when: datetime | None
    size: int


def backup_entries(paths: list[Path]) -> list[BackupEntry]:
    """Entries for backup files, newest first (a vanished file is skipped)."""
    entries = []
    for path in paths:
        match = _BACKUP_NAME.match(path.name)
        when = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S") if match else None
        try:
            size = path.stat().st_size
        except OSError:
            continue
        entries.append(BackupEntry(path, when, size))
    return sorted(entries, key=lambda e: (e.when or datetime.min, e.path.name), reverse=True)


def format_size(size: int) -> str:
    """Bytes as people read them: 812 KB, 3.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupsModel(_TableModel):
    """The data folder's backups: time, size, file name."""

    def headers(self) -> list[str]:
        return [self.tr("备份时间"), self.tr("大小"), self.tr("文件")]

    def text(self, row: BackupEntry, column: int) -> str:
        if column == 0:
            return f"{format_date(row.when.date())} {row.when:%H:%M:%S}" if row.when else "—"
        if column == 1:
            return format_size(row.size)
        return row.path.name

    def sort_value(self, row: BackupEntry, column: int) -> Any:
        return [row.when.isoformat() if row.when else "", row.size, row.path.name][column]

    def tooltip(self, row: BackupEntry, column: int) -> str | None:
        return str(row.path)


@dataclass(frozen=True)
class Licence:
    """A component the program ships, its version and licence."""

    name: str
    version: str
    licence: str


class LicencesModel(_TableModel):
    """The components and their licences: name, version, licence."""

    def headers(self) -> list[str]:
        return [self.tr("组件"), self.tr("版本"), self.tr("许可证")]

    def text(self, row: Licence, column: int) -> str:
        return [row.name, row.version, row.licence][column]
