"""A school identity made through the CLI, for the tests that sign reports."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

PASSPHRASE = "a long passphrase\n"


def create_identity(
    cli: Callable[..., Any],
    data_dir: Path,
    tmp_path: Path,
    *,
    school_name: str = "示例小学",
    school_code: str = "4419012345",
) -> tuple[str, Path]:
    """``identity create --json`` with a passphrase file; (the identity's id, that file)."""
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    made = cli(
        "identity",
        "create",
        "--school-name",
        school_name,
        "--school-code",
        school_code,
        "--signer",
        "林校长",
        "--title",
        "校长",
        "--passphrase-file",
        str(secret),
        "--json",
        data_dir=data_dir,
    )
    assert made.returncode == 0, made.stderr
    return json.loads(made.stdout)["id"], secret
