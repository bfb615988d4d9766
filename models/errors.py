"""Errors of the storage layer: environment failures (locked, too new, corrupt, disk) and bad input."""

from __future__ import annotations

from pathlib import Path

from checklists.foundation.errors import EnvironmentProblem, InputError


class StorageError(EnvironmentProblem):
    """Root of the storage layer's environment failures (the UI and CLI show ``text(lang)``)."""


class DatabaseLocked(StorageError):
    """Another window (process) has the data folder open."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        super().__init__(
            f"数据文件夹 {data_dir} 已被另一个窗口打开。请先关闭那个窗口，再重试。",
            f"The data folder {data_dir} is already open by another window. Close it and try again.",
        )


class DatabaseTooNew(StorageError):
    """The database was written by a newer version of the app; it is left untouched."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path, self.found, self.supported = path, found, supported
        super().__init__(
            f"数据库 {path} 由更新版本的程序写入（结构版本 {found}，本程序支持到 {supported}）。"
            "请安装最新版本；文件未作任何改动。",
            f"The database {path} was written by a newer version of the app (schema {found}; "
            f"this version supports up to {supported}). Install the latest version; the file was not changed.",
        )


def _newest(backups: list[Path]) -> tuple[str, str]:
    if not backups:
        return "（暂无备份）", "(no backups yet)"
    return str(backups[-1]), str(backups[-1])


class DatabaseCorrupt(StorageError):
    """The database file is damaged; it is kept untouched and the person is pointed at the backups.

    ``backups`` lists the backup files, oldest first; ``backups_dir`` is their folder.
    """

    def __init__(self, path: Path, detail: str, backups_dir: Path, backups: list[Path]) -> None:
        self.path, self.detail, self.backups_dir, self.backups = (
            path,
            detail,
            backups_dir,
            list(backups),
        )
        newest_zh, newest_en = _newest(self.backups)
        super().__init__(
            f"数据库 {path} 已损坏（{detail}），程序不会改动它。\n"
            f"备份文件夹：{backups_dir}\n最新备份：{newest_zh}\n"
            "可用“恢复备份”（命令行：restore 备份文件）从备份恢复。",
            f"The database {path} is damaged ({detail}); the app will not change it.\n"
            f"Backup folder: {backups_dir}\nNewest backup: {newest_en}\n"
            'Use "Restore backup" (command line: restore BACKUP) to restore one.',
        )


class ForeignDatabase(StorageError):
    """``campus.db`` is an SQLite file of some other program; it is never overwritten."""

    def __init__(self, path: Path, office: bool = False) -> None:
        self.path = path
        if office:
            super().__init__(
                f"{path} 是督导室的汇总数据库（office.db），不是学校的自查数据库，程序不会改动它。"
                "请换一个数据文件夹。",
                f"{path} is the supervision office's aggregation database (office.db), not a "
                "school's self-check database; it was not changed. Choose another data folder.",
            )
            return
        super().__init__(
            f"{path} 不是校园自查的数据库（可能属于其他程序），程序不会改动它。请换一个数据文件夹。",
            f"{path} is not a Campus Self-Check database (it may belong to another program); "
            "it was not changed. Choose another data folder.",
        )


class DataFolderUnwritable(StorageError):
    """The data folder (or a file in it) cannot be written: read-only, no permission."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(
            f"无法写入 {path}（{reason}）。请检查该文件夹是否只读或没有权限。",
            f"Cannot write to {path} ({reason}). Check that the folder is not read-only and that you may write to it.",
        )


class DiskFull(StorageError):
    """The disk (or a size limit) is full; the change was not saved, nothing was half-written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"磁盘空间不足，刚才的修改未保存（{path}）。已保存的内容完好。请腾出空间后重试。",
            f"The disk is full; the last change was not saved ({path}). Everything saved before is intact. "
            "Free some space and try again.",
        )


class DatabaseBusy(StorageError):
    """Another program (not this app's window) holds the database: SQLite reports it locked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"数据库被其他程序占用（{path}），操作没有完成。请关闭正在使用它的程序后重试。",
            f"The database is in use by another program ({path}); nothing was done. "
            "Close the program using it and try again.",
        )


class DatabaseMismatch(StorageError):
    """The tables do not match the schema version the file states (an upgrade step cannot run)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path, self.detail = path, detail
        super().__init__(
            f"数据库已损坏或版本不符（{path}：{detail}），程序没有改动它。"
            "请从备份恢复（命令行：restore 备份文件），或用写入它的程序版本打开。",
            f"The database is damaged or of a mismatched version ({path}: {detail}); it was not "
            "changed. Restore a backup (command line: restore BACKUP) or open it with the version "
            "that wrote it.",
        )


class StoredDataDamaged(StorageError):
    """A value stored in the database cannot be read (changed outside the app)."""

    def __init__(self, path: Path, where: str, detail: str) -> None:
        self.path, self.where, self.detail = path, where, detail
        super().__init__(
            f"数据库中的数据已损坏（{path}，{where}：{detail}），操作没有完成，程序没有改动它。"
            "请从备份恢复（命令行：restore 备份文件）。",
            f"Data in the database is damaged ({path}, {where}: {detail}); nothing was done and "
            "the file was not changed. Restore a backup (command line: restore BACKUP).",
        )


class StoredValueError(ValueError):
    """A value read from the store is not of its column's kind (changed outside the app): the
    session or connection it was read in turns it into StoredDataDamaged naming ``where``."""

    def __init__(self, where: str, detail: str) -> None:
        self.where = where
        super().__init__(detail)


class BackupError(StorageError):
    """A backup could not be written, or a backup to restore is itself damaged."""


class ReadOnlyAssessment(InputError):
    """A write to a signed assessment; signed assessments change only through an amendment."""

    def __init__(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        super().__init__(
            f"自查 #{assessment_id} 已签名，只读；请使用“修订”。",
            f'Assessment #{assessment_id} is signed and read-only; use "Amend" to make a new revision.',
        )


class NotFound(InputError):
    """An id (assessment, school, row, evidence, checklist, item) that does not exist."""

    def __init__(self, what_zh: str, what_en: str) -> None:
        super().__init__(f"找不到{what_zh}", f"Not found: {what_en}")


class EvidenceError(InputError):
    """An evidence file that cannot be attached (missing, unreadable, too large)."""
