"""Warnings, on stderr, for characters the bundled font cannot draw (import and export)."""

from __future__ import annotations

from collections.abc import Sequence

from cli.context import CliContext
from reports.fonts import Undrawable


def report_undrawable(ctx: CliContext, found: Sequence[Undrawable]) -> None:
    """One stderr line per character the font lacks, with its field; nothing when none."""
    if not found:
        return
    ctx.err(
        ctx.t(
            f"警告：内置字体缺 {len(found)} 处字符，界面和报告中显示为带问号的方框（报告的文字层保留原字）：",
            f"Warning: the bundled font cannot draw {len(found)} character(s); the app and the report show "
            "them as a box with a question mark (the report's text layer keeps them):",
        )
    )
    for item in found:
        ctx.err("  " + item.text(ctx.lang))
