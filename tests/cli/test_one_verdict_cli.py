"""``verify`` and ``aggregate`` on the forged reports of tests/reports/signing/forgeries.py:
each one refused by both commands with the same reason — verify with exit 1 and the reason in
Chinese, aggregate listing the file as rejected for it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reports.signing.verdict import reason_text
from tests.reports.signing.forgeries import EXPECTED, ForgerySet, build_forgery_set


@pytest.fixture(scope="session")
def forgeries(tmp_path_factory: pytest.TempPathFactory) -> ForgerySet:
    return build_forgery_set(tmp_path_factory.getbasetemp() / "forgery-set")


@pytest.fixture(scope="module")
def office(forgeries: ForgerySet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(forgeries.office, tmp_path_factory.mktemp("cli") / "office"))


def test_the_genuine_report_verifies(cli: Any, forgeries: ForgerySet, office: Path) -> None:
    proc = cli("verify", str(forgeries.genuine), "--require-trust", data_dir=office)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "签名有效" in proc.stdout and "结果与答卷一致" in proc.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verify_refuses_each_forgery(
    cli: Any, forgeries: ForgerySet, office: Path, name: str
) -> None:
    proc = cli("verify", str(forgeries.path(name)), data_dir=office)
    assert proc.returncode == 1, (name, proc.stdout, proc.stderr)
    assert "验证未通过" in proc.stdout and "签名有效" not in proc.stdout
    assert f"- {reason_text(EXPECTED[name], 'zh')}" in proc.stdout.splitlines()
    doc = json.loads(cli("verify", str(forgeries.path(name)), "--json", data_dir=office).stdout)
    assert doc["ok"] is False and EXPECTED[name] in doc["reasons"]


def test_verify_says_why_in_english(cli: Any, forgeries: ForgerySet, office: Path) -> None:
    proc = cli("--lang", "en", "verify", str(forgeries.path("cert-name.pdf")), data_dir=office)
    assert proc.returncode == 1
    assert f"- {reason_text('cert_name_unusable', 'en')}" in proc.stdout.splitlines()


def test_aggregate_refuses_each_forgery_for_the_same_reason(
    cli: Any, forgeries: ForgerySet, tmp_path: Path
) -> None:
    office = shutil.copytree(forgeries.office, tmp_path / "office")
    proc = cli(
        "aggregate",
        str(forgeries.folder),
        "--out",
        str(tmp_path / "s.xlsx"),
        "--json",
        data_dir=office,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    rejected = {Path(r["file"]).name: r["reasons"] for r in doc["rejected"]}
    assert rejected == {name: [reason] for name, reason in EXPECTED.items()}
    assert doc["schools"] == []
