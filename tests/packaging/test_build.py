"""The standalone build: PyInstaller makes it from the spec, and the built program works alone.

One build per run (module fixture, ~1–1.5 min on 2 cores), then the program is run the way a
school would: from a folder outside the repository, with a fresh data folder, no Python.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, run_cli

pytestmark = pytest.mark.slow

PASSPHRASE = "usb-stick-test-passphrase"
# A generous ceiling that catches a dependency or Qt module slipping in (today ~178 MiB).
MAX_SIZE_MIB = 250
NEVER_BUNDLED = ("tkinter", "pytest", "_pytest", "hypothesis", "psycopg2", "setuptools", "tests")


@dataclass(frozen=True)
class Built:
    """The build's output and a scratch folder for the runs."""

    app_dir: Path
    exe: Path
    size_bytes: int
    scratch: Path

    @property
    def internal(self) -> Path:
        return self.app_dir / "_internal"

    def run(self, *args: str, timeout: int = 120, **env: str) -> subprocess.CompletedProcess[str]:
        """Run the built program from the scratch folder, with nothing of the repo in reach."""
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CAMPUS_"))}
        clean.update(
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=str(self.scratch / "config"),  # QSettings land here, not in ~
            CAMPUS_SELFCHECK_LANG="zh",
            **env,
        )
        return subprocess.run(
            [str(self.exe), *args],
            capture_output=True,
            text=True,
            cwd=self.scratch,
            env=clean,
            timeout=timeout,
        )


def _version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Build once into a temporary folder with packaging/build.py (a cold build, own cache)."""
    # Chinese in the path, as on a school PC (D:\校园自查, C:\Users\张老师\…)
    out = tmp_path_factory.mktemp("standalone") / "发布 校园自查"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--json",
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
            "--cache-dir",
            str(out / "cache"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\nbuild: {result['seconds']} s, {result['size_bytes'] / 2**20:.1f} MiB")
    scratch = out / "运行"
    scratch.mkdir()
    return Built(Path(result["app_dir"]), Path(result["executable"]), result["size_bytes"], scratch)


@pytest.fixture(scope="module")
def data_with_sample(built: Built) -> Path:
    """A data folder into which the built program imported its bundled sample (assessment 1)."""
    folder = built.scratch / "数据"
    proc = built.run(
        "--data-dir",
        str(folder),
        "import",
        str(built.internal / "resources" / "samples" / SAMPLE.name),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["assessment"] == 1
    return folder


def _choices(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The command names argparse lists after an invalid choice."""
    match = re.search(r"choose from (.*)\)", proc.stderr)
    assert match, proc.stderr
    return re.findall(r"'([^']+)'", match.group(1))


def test_prints_its_version(built: Built) -> None:
    for args in (["version"], ["--version"]):
        proc = built.run(*args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == f"校园自查 Campus Self-Check {_version()}"


def test_has_every_command_of_the_source_tree(built: Built) -> None:
    frozen = _choices(built.run("no-such-command"))
    assert frozen == _choices(run_cli("no-such-command"))
    assert {"checklists", "evaluate", "import", "export-pdf", "verify", "aggregate"} <= set(frozen)


def test_lists_the_bundled_checklists(built: Built) -> None:
    proc = built.run("checklists", "--json")
    assert proc.returncode == 0, proc.stderr
    ids = [c["id"] for c in json.loads(proc.stdout)]
    assert ids[:4] == ["safety", "psychology", "lighting", "guards"]


def test_evaluates_the_bundled_sample_like_the_source(built: Built) -> None:
    bundled = built.internal / "resources" / "samples" / SAMPLE.name
    assert bundled.read_bytes() == SAMPLE.read_bytes()
    proc = built.run("evaluate", str(bundled), "--json")
    assert proc.returncode == 0, proc.stderr
    source = run_cli("evaluate", str(SAMPLE), "--json")
    assert json.loads(proc.stdout) == json.loads(source.stdout)
    assert sum(c["summary"]["findings"] for c in json.loads(proc.stdout)["checklists"].values()) > 0


def test_exports_a_pdf_with_embedded_font_and_version(built: Built, data_with_sample: Path) -> None:
    from pypdf import PdfReader

    pdf = built.scratch / "report.pdf"
    proc = built.run("--data-dir", str(data_with_sample), "export-pdf", "1", "--out", str(pdf))
    assert proc.returncode == 0, proc.stderr
    reader = PdfReader(pdf)
    meta = json.loads(reader.attachments["report_meta.json"][0])
    assert meta["app_version"] == _version()
    assert "东莞市南城示例实验小学" in reader.pages[0].extract_text()
    if shutil.which("pdffonts"):
        lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        fonts = [line.split() for line in lines.splitlines()[2:] if line.strip()]
        assert fonts and all("CampusCJK" in f[0] and f[-5] == "yes" for f in fonts)  # embedded


def test_signs_and_verifies(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "signing-data"
    passfile = tmp_path / "pass.txt"
    passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
    sample = str(built.internal / "resources" / "samples" / SAMPLE.name)
    assert built.run("--data-dir", str(data), "import", sample).returncode == 0
    proc = built.run(
        "--data-dir",
        str(data),
        "identity",
        "create",
        "--school-name",
        "东莞市南城示例实验小学",
        "--school-code",
        "4419012345",
        "--signer",
        "张校长",
        "--title",
        "校长",
        "--passphrase-file",
        str(passfile),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    identity = json.loads(proc.stdout)["id"]
    cert, pdf = tmp_path / "school.pem", tmp_path / "signed.pdf"
    assert (
        built.run(
            "--data-dir", str(data), "identity", "export-cert", identity, "--out", str(cert)
        ).returncode
        == 0
    )
    proc = built.run(
        "--data-dir",
        str(data),
        "export-pdf",
        "1",
        "--out",
        str(pdf),
        "--sign",
        identity,
        "--passphrase-file",
        str(passfile),
    )
    assert proc.returncode == 0, proc.stderr
    proc = built.run("verify", str(pdf), "--trust", str(cert), "--require-trust", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    verdict = json.loads(proc.stdout)
    assert verdict["valid"] and verdict["trusted"] and verdict["answers_digest_ok"]
    # and a flipped byte is caught by the same bundled pyHanko
    tampered = tmp_path / "tampered.pdf"
    data_bytes = bytearray(pdf.read_bytes())
    data_bytes[len(data_bytes) // 3] ^= 0x01
    tampered.write_bytes(bytes(data_bytes))
    assert built.run("verify", str(tampered), "--trust", str(cert)).returncode == 1


def test_exports_excel(built: Built, data_with_sample: Path) -> None:
    from openpyxl import load_workbook

    xlsx = built.scratch / "report.xlsx"
    proc = built.run("--data-dir", str(data_with_sample), "export-xlsx", "1", "--out", str(xlsx))
    assert proc.returncode == 0, proc.stderr
    assert len(load_workbook(xlsx, read_only=True).sheetnames) >= 4


def test_aggregates_with_worker_processes(built: Built, data_with_sample: Path) -> None:
    # Spawned workers re-run the frozen program: this fails without freeze_support().
    pdf = built.scratch / "for-office.pdf"
    assert (
        built.run(
            "--data-dir", str(data_with_sample), "export-pdf", "1", "--out", str(pdf)
        ).returncode
        == 0
    )
    copy = built.scratch / "for-office-copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    summary = built.scratch / "summary.xlsx"
    proc = built.run(
        "--data-dir",
        str(built.scratch / "office"),
        "aggregate",
        str(pdf),
        str(copy),
        "--workers",
        "2",
        "--out",
        str(summary),
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    assert "worker" not in proc.stdout + proc.stderr
    assert summary.is_file()


def test_a_database_driver_it_does_not_carry_is_one_line(built: Built) -> None:
    # psycopg2 is left out of the build: --db postgresql… must say so, not "Failed to execute".
    folder = built.scratch / "no-reports"
    folder.mkdir(exist_ok=True)
    proc = built.run(
        "--data-dir",
        str(built.scratch / "office-pg"),
        "aggregate",
        str(folder),
        "--out",
        str(built.scratch / "pg-summary.xlsx"),
        "--db",
        "postgresql+psycopg2://u:secret@localhost/x",
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    message = proc.stderr.strip()
    assert message.count("\n") == 0 and "Failed to execute" not in message, message
    assert "独立版" in message and "SQLite" in message and "secret" not in message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_main_window_paints(built: Built, data_with_sample: Path, lang: str) -> None:
    proc = built.run(
        "--data-dir",
        str(data_with_sample),
        "--lang",
        lang,
        timeout=60,
        CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^painted \d", proc.stdout, re.MULTILINE), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_main_window_paints_on_a_fresh_folder(built: Built) -> None:
    proc = built.run(
        "--data-dir",
        str(built.scratch / "first-start"),
        timeout=60,
        CAMPUS_SELFCHECK_QUIT_AFTER_PAINT="1",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "painted" in proc.stdout


def test_carries_its_resources(built: Built) -> None:
    internal = built.internal
    for folder, pattern in [
        ("checklists/definitions", "*.yaml"),
        ("resources/fonts", "*.ttf"),
        ("resources/translations", "*.qm"),
        ("resources/plan", "*.txt"),
        ("resources/samples", "*.json"),
        ("resources/icons", "app*"),
    ]:
        source = sorted(p.name for p in (ROOT / folder).glob(pattern))
        assert sorted(p.name for p in (internal / folder).glob(pattern)) == source, folder
    assert (internal / "pyproject.toml").read_bytes() == (ROOT / "pyproject.toml").read_bytes()
    # metadata for the About box's versions
    for name in ("reportlab", "openpyxl", "pyhanko", "cryptography"):
        assert list(internal.glob(f"{name}-*.dist-info")), name


def test_carries_the_licences_of_what_it_ships(built: Built) -> None:
    licences = built.internal / "licences"
    for name in ("pyside6-essentials", "shiboken6", "Python", "sqlalchemy", "reportlab", "lxml",
                 "certifi", "cryptography", "pyhanko"):  # fmt: skip
        assert [p for p in (licences / name).rglob("*") if p.is_file()], name
    assert (built.internal / "LICENSE").is_file()
    if sys.platform.startswith("linux"):
        assert list((licences / "system").glob("*/copyright"))


def test_help_names_the_program(built: Built) -> None:
    proc = built.run("--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"usage: {built.exe.name}"), proc.stdout[:80]


def test_leaves_out_what_it_does_not_need(built: Built) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    pyz = CArchiveReader(str(built.exe)).open_embedded_archive("PYZ.pyz")
    tops = {name.split(".")[0] for name in pyz.toc}
    assert {"cli", "checklists", "models", "reports", "ui"} <= tops
    assert tops.isdisjoint(NEVER_BUNDLED)
    assert not list(built.internal.rglob("*tkinter*"))
    qt = built.internal / "PySide6" / "Qt"
    assert not list(qt.glob("lib/libQt6Qml*")) and not list(qt.glob("lib/*Quick*"))
    assert built.size_bytes < MAX_SIZE_MIB * 2**20


def test_runs_python_in_utf8_mode(built: Built) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    # Windows would otherwise write redirected output and files in its ANSI code page.
    assert "X utf8_mode=1" in CArchiveReader(str(built.exe)).options


def _third_party_imports() -> set[str]:
    """Top-level packages of installed distributions that our code imports anywhere (also lazily)."""
    from importlib.metadata import packages_distributions

    names: set[str] = set()
    for package in ("checklists", "models", "reports", "cli", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module.split(".")[0])
    return (names & set(packages_distributions())) - set(sys.stdlib_module_names)


def test_bundles_every_library_the_code_imports(built: Built) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    pyz = CArchiveReader(str(built.exe)).open_embedded_archive("PYZ.pyz")
    bundled = {name.split(".")[0] for name in pyz.toc}
    bundled |= {p.name.split(".")[0] for p in built.internal.iterdir()}
    wanted = _third_party_imports()
    assert {"PySide6", "sqlalchemy", "reportlab", "openpyxl", "pyhanko", "yaml"} <= wanted
    assert sorted(wanted - bundled) == []
