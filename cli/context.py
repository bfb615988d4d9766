"""What every CLI command receives: the data folder, the language and the output streams."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from checklists.model import Checklist


@dataclass
class CliContext:
    """The shared state of one CLI invocation.

    ``data_dir`` holds the database, attachments, identities, trust store and backups; it is
    created lazily by the commands that write to it, never by read-only commands.
    """

    data_dir: Path
    lang: str = "zh"
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    _checklists: dict[str, Checklist] | None = field(default=None, init=False, repr=False)

    def t(self, zh: str, en: str) -> str:
        """Pick the text for the current language."""
        return en if self.lang == "en" else zh

    def out(self, text: str) -> None:
        """Print a line for people on stdout."""
        print(text, file=self.stdout)

    def out_json(self, doc: Any) -> None:
        """Print one JSON document on stdout (UTF-8, not ASCII-escaped; text that cannot be
        UTF-8, such as a lone surrogate from a hostile file, is escaped instead)."""
        text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False, default=str)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(doc, ensure_ascii=True, indent=2, sort_keys=False, default=str)
        self.stdout.write(text + "\n")

    def err(self, text: str) -> None:
        """Print a message for people on stderr; a stderr that cannot take it (a full disk,
        closed) loses the message, never the command's exit code."""
        try:
            print(text, file=self.stderr)
            self.stderr.flush()
        except (OSError, ValueError):
            pass

    def checklists(self) -> dict[str, Checklist]:
        """The checklists in use; each skipped data-folder file is noted on stderr, once."""
        if self._checklists is None:
            from checklists.registry import load_checklists_with_problems

            self._checklists, problems = load_checklists_with_problems(self.data_dir)
            for where, zh, en in problems:
                self.err(self.t(f"已跳过 {where}: {zh}", f"skipped {where}: {en}"))
        return self._checklists

    def read_passphrase(self, path: str) -> str:
        """Read a passphrase from a file (first line, without its line ending)."""
        from checklists.foundation import limits
        from checklists.foundation.errors import InputError
        from checklists.foundation.files import read_input_bytes

        data = read_input_bytes(
            Path(path), limits.MAX_PASSPHRASE_FILE_BYTES, "口令文件", "passphrase file"
        )
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"无法读取口令文件 {path}：{exc}", f"Cannot read the passphrase file {path}: {exc}"
            ) from exc
        passphrase = raw.splitlines()[0] if raw.splitlines() else ""
        from reports.signing.identities import check_passphrase_characters

        try:
            check_passphrase_characters(passphrase)
        except InputError as exc:
            raise InputError(
                f"口令文件 {path}：{exc.zh}", f"Passphrase file {path}: {exc.en}"
            ) from exc
        return passphrase


# SQLite's integer is 64-bit signed: a larger id can name no record (and would overflow).
MAX_RECORD_ID = 2**63 - 1


def bounded_int(low: int, high: int, what_zh: str, what_en: str) -> Any:
    """An argparse type: a whole number from ``low`` to ``high`` (plain ASCII digits)."""
    import argparse

    def parse(text: str) -> int:
        digits = text[1:] if text.startswith("-") else text
        value = int(text) if digits.isascii() and digits.isdigit() and len(digits) <= 20 else None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"无效的{what_zh} '{text[:40]}'（应为 {low} 到 {high} 的整数）/ invalid {what_en} "
                f"'{text[:40]}' (a whole number from {low} to {high})"
            )
        return value

    parse.__name__ = what_en
    return parse


# The id of an assessment or a photo, as every command takes it.
record_id = bounded_int(1, MAX_RECORD_ID, "编号", "id")


def path_arg(text: str) -> Path:
    """An argparse type: a file or folder path; an empty one (``--out ""``) names nothing (Path
    would read it as the current folder)."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("路径不能为空 / the path must not be empty")
    return Path(text)
