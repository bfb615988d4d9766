"""Crash safety: a writer SIGKILLed at random moments never loses an answer it reported as saved."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tools.crash_soak import soak

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin", reason="needs POSIX fork"
)


def test_fifty_kills_lose_nothing(data_dir: Path) -> None:
    stats = soak(data_dir / "soak", kills=50, max_delay=0.08, seed=20211231)
    assert stats.failures == []
    assert stats.kills == 50
    # Most kills are aimed at a child that has confirmed saves and is still saving.
    assert stats.kills_while_saving > 0
    assert stats.printed_answers + stats.printed_rows >= stats.kills_while_saving
    assert stats.printed_answers > 0 and stats.printed_rows > 0


def test_the_checker_notices_a_lost_answer(data_dir: Path) -> None:
    from tools.crash_soak import check, setup

    folder = data_dir / "soak"
    assessment_id = setup(folder)
    problems = check(folder, assessment_id, ["A 999999 crisis_checks_term 5", "R 999999 5"])
    assert any("lost answer" in p for p in problems) and any("lost row" in p for p in problems)
