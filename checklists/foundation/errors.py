"""Exception roots shared by the core: every error meant for a person carries zh and en text."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose text is shown to a person as it is (CLI: stderr + exit 2; UI: a dialog).

    ``zh`` is the Chinese text (the default language) and ``en`` its English translation.
    Anything that is not a ``UserFacingError`` is a bug: logged with its traceback, shown
    only as "unexpected error".
    """

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en if en is not None else zh

    def text(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


class InputError(UserFacingError):
    """Bad input from the person: a malformed file, a wrong value, an unknown id."""


class EnvironmentProblem(UserFacingError):
    """The environment failed: disk full, file locked, read-only folder, corrupt file."""


class ChecklistError(InputError):
    """Root of the checklist engine's errors."""


class DefinitionError(ChecklistError):
    """Errors in checklist definition files; ``problems`` are (``FILE:LINE``, zh, en) triples.

    Every problem is reported at once, one ``FILE:LINE: message`` line each.
    """

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        self.problems = list(problems)
        zh = "\n".join(f"{where}: {z}" for where, z, _ in self.problems)
        en = "\n".join(f"{where}: {e}" for where, _, e in self.problems)
        super().__init__(
            f"清单定义有 {len(self.problems)} 处错误：\n{zh}",
            f"{len(self.problems)} error(s) in checklist definitions:\n{en}",
        )


class ExpressionError(ChecklistError):
    """An expression that cannot be parsed or evaluated; ``position`` is a 0-based offset."""

    def __init__(self, zh: str, en: str, source: str = "", position: int | None = None) -> None:
        super().__init__(zh, en)
        self.source = source
        self.position = position


class AnswersError(ChecklistError):
    """An answers document that does not fit the checklists; ``problems`` are (path, zh, en)."""

    def __init__(self, problems: list[tuple[str, str, str]], file: str = "") -> None:
        self.problems = list(problems)
        self.file = file
        zh = "\n".join(f"{p}: {z}" for p, z, _ in self.problems)
        en = "\n".join(f"{p}: {e}" for p, _, e in self.problems)
        if file:
            super().__init__(
                f"答案文件 {file} 有误：\n{zh}", f"Invalid answers document {file}:\n{en}"
            )
        else:
            super().__init__(f"答案文件有误：\n{zh}", f"Invalid answers document:\n{en}")
