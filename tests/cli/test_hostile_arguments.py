"""Hostile command-line values and files: each a one-line refusal (exit 2), nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


def _run(data_dir: Path, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(ROOT / "main.py"), "--lang", "en", "--data-dir", str(data_dir)]
    env = dict(os.environ, PYTHONUTF8="1")
    done = subprocess.run([*cmd, *args], capture_output=True, cwd=ROOT, timeout=120, env=env)
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )  # fmt: skip


def _refused(done: subprocess.CompletedProcess[str], *says: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    for word in says:
        assert word in done.stderr, done.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("hostile") / "data"
    data_dir.mkdir()
    assert _run(data_dir, "import", str(SAMPLE)).returncode == 0
    good = data_dir.parent / "pp.txt"
    good.write_text("good passphrase\n", encoding="utf-8")
    made = _run(
        data_dir, "identity", "create", "--school-name", "A", "--school-code", "4419012345",
        "--signer", "S", "--title", "T", "--passphrase-file", str(good),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    (data_dir.parent / "identity").write_text(made.stdout.split()[3], encoding="utf-8")
    (data_dir.parent / "nul.txt").write_bytes(b"pass\x00word\n")
    return data_dir


def test_passphrase_with_nul_is_refused_everywhere(store: Path) -> None:
    nul = str(store.parent / "nul.txt")
    identity = (store.parent / "identity").read_text(encoding="utf-8")
    before = _tree(store)
    out = store.parent / "signed.pdf"
    for args in (
        ["identity", "create", "--school-name", "A", "--school-code", "4419012345",
         "--signer", "S", "--title", "T", "--passphrase-file", nul],
        ["export-pdf", "1", "--out", str(out), "--sign", identity, "--passphrase-file", nul],
    ):  # fmt: skip
        _refused(_run(store, *args), "control or invalid character (U+0000)")
    assert not out.exists()
    assert _tree(store) == before


HUGE = str(2**63)


@pytest.mark.parametrize(
    "args",
    [
        ["history", HUGE],
        ["export-json", HUGE, "--out", "{tmp}/x.json"],
        ["export-pdf", HUGE, "--out", "{tmp}/x.pdf"],
        ["export-xlsx", HUGE, "--out", "{tmp}/x.xlsx"],
        ["amend", HUGE],
        ["new-period", HUGE, "--period", "P", "--reference-date", "2024-09-01"],
        ["compare", "1", "--with", HUGE],
        ["photos", "99999999999999999999999"],
        ["attach-photo", HUGE, "safety", "safety_meeting_held", "{tmp}/x.jpg"],
        ["remove-photo", "1", HUGE],
        ["import-table", HUGE, "guards", "guards", "{tmp}/x.xlsx"],
        ["history", "-1"],
        ["history", "1e3"],
    ],
)
def test_id_out_of_range_is_invalid(store: Path, args: list[str]) -> None:
    before = _tree(store)
    done = _run(store, *(a.replace("{tmp}", str(store.parent)) for a in args))
    _refused(done, "invalid id")
    assert "OverflowError" not in done.stderr
    assert _tree(store) == before


def test_largest_id_is_not_found(store: Path) -> None:
    done = _run(store, "export-json", str(2**63 - 1), "--out", str(store.parent / "x.json"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        [b"attach-photo", b"1", b"safety", b"safety_meeting_held", b"{tmp}/x.jpg", b"--caption",
         b"a\xffb"],
        [b"identity", b"create", b"--school-name", b"\xff", b"--school-code", b"4419012345",
         b"--signer", b"S", b"--title", b"T", b"--passphrase-file", b"{tmp}/pp.txt"],
        [b"export-json", b"1", b"--out", b"{tmp}/\xff.json"],
    ],
)  # fmt: skip
def test_argument_that_is_not_utf8_is_refused(store: Path, args: list[bytes]) -> None:
    before = _tree(store)
    tmp = str(store.parent).encode()
    done = _run(store, *(a.replace(b"{tmp}", tmp) for a in args))
    _refused(done, "is not valid text")
    assert len(done.stderr.strip().splitlines()) == 1
    assert _tree(store) == before
    assert not list(store.parent.glob("*.json"))


@pytest.mark.parametrize("command", ["export-json", "export-xlsx", "export-pdf"])
def test_empty_out_path_is_refused(store: Path, command: str) -> None:
    before = _tree(store)
    _refused(_run(store, command, "1", "--out", ""), "must not be empty")
    assert _tree(store) == before


@pytest.mark.parametrize(
    "args", [["list"], ["checklists"], ["import", str(SAMPLE)], ["history", "1"], ["backup"]]
)
def test_data_dir_that_is_a_file_is_refused_by_every_command(
    tmp_path: Path, args: list[str]
) -> None:
    afile = tmp_path / "afile"
    afile.write_bytes(b"not a folder")
    _refused(_run(afile, *args), "is a file, not a folder")
    assert afile.read_bytes() == b"not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


@pytest.mark.parametrize("version", [-1, "'abc'", "x'00'"])
def test_store_with_invalid_schema_version_is_damaged(
    store: Path, tmp_path: Path, version: object
) -> None:
    import shutil
    import sqlite3

    bad = tmp_path / "data"
    bad.mkdir()
    shutil.copyfile(store / "campus.db", bad / "campus.db")
    conn = sqlite3.connect(bad / "campus.db")
    conn.execute(f"UPDATE schema_version SET version = {version}")
    conn.commit()
    conn.close()
    copy = (bad / "campus.db").read_bytes()
    _refused(_run(bad, "list"), "is damaged")
    assert (bad / "campus.db").read_bytes() == copy
    assert not (bad / "backups").exists()
    before = _tree(store)
    _refused(_run(store, "restore", str(bad / "campus.db")), "is damaged", "nothing was restored")
    assert _tree(store) == before


@pytest.mark.parametrize(
    ("name", "code", "says"),
    [
        ("A", "441901234X", "must be 10 digits"),
        ("A", "44190123456", "must be 10 digits"),
        ("A" * 101, "4419012345", "at most 100"),
        ("A\x01B", "4419012345", "control"),
    ],
)
def test_identity_follows_the_answers_document_rules(
    store: Path, name: str, code: str, says: str
) -> None:
    before = _tree(store)
    done = _run(
        store, "identity", "create", "--school-name", name, "--school-code", code,
        "--signer", "S", "--title", "T", "--passphrase-file", str(store.parent / "pp.txt"),
    )  # fmt: skip
    _refused(done, says)
    assert _tree(store) == before


@pytest.mark.parametrize(
    ("caption", "says"), [("x" * 4_001, "at most 4000"), ("a\x01b", "U+0001"), ("a\x1bb", "U+001B")]
)
def test_caption_breaking_the_document_rules_is_refused(
    store: Path, caption: str, says: str
) -> None:
    from tests.models.photo_helpers import phone_jpeg

    photo = store.parent / "door.jpg"
    photo.write_bytes(phone_jpeg(60, 40))
    before = _tree(store)
    done = _run(store, "attach-photo", "1", "safety", "safety_meeting_held", str(photo),
                "--caption", caption)  # fmt: skip
    _refused(done, "photo caption", says)
    assert _tree(store) == before


def test_caption_at_the_limit_exports_and_imports_again(store: Path, tmp_path: Path) -> None:
    from tests.models.photo_helpers import phone_jpeg

    photo = tmp_path / "door.jpg"
    photo.write_bytes(phone_jpeg(60, 40))
    caption = "门岗\n" + "x" * 3_997
    data = tmp_path / "data"
    data.mkdir()
    assert _run(data, "import", str(SAMPLE)).returncode == 0
    done = _run(data, "attach-photo", "1", "safety", "safety_meeting_held", str(photo),
                "--caption", caption)  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out.json"
    assert _run(data, "export-json", "1", "--out", str(out)).returncode == 0
    assert _run(data, "validate", str(out)).returncode == 0
    done = _run(data, "import", str(out))
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def exported(store: Path) -> Path:
    """An answers document with one photo, and its photo folder beside it."""
    from tests.models.photo_helpers import phone_jpeg

    photo = store.parent / "gate.jpg"
    photo.write_bytes(phone_jpeg(60, 40))
    done = _run(store, "attach-photo", "1", "safety", "safety_meeting_held", str(photo))
    assert done.returncode == 0, done.stderr
    out = store.parent / "export" / "doc.json"
    out.parent.mkdir()
    assert _run(store, "export-json", "1", "--out", str(out)).returncode == 0
    return out


def _variant(exported: Path, folder: Path, size_delta: int, with_photos: bool) -> Path:
    import json
    import shutil

    doc = json.loads(exported.read_text(encoding="utf-8"))
    doc["photos"][0]["size"] += size_delta
    folder.mkdir()
    out = folder / "doc.json"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    if with_photos:
        shutil.copytree(exported.parent / "doc.photos", folder / "doc.photos")
    return out


@pytest.mark.parametrize(
    ("size_delta", "with_photos", "says"),
    [(0, True, None), (1, True, "the answers file says"), (0, False, "not found")],
)
def test_validate_checks_the_photos_as_import_does(
    exported: Path, tmp_path: Path, size_delta: int, with_photos: bool, says: str | None
) -> None:
    doc = _variant(exported, tmp_path / "in", size_delta, with_photos)
    fresh = tmp_path / "fresh"
    validated, imported = _run(fresh, "validate", str(doc)), _run(fresh, "import", str(doc))
    assert validated.returncode == imported.returncode
    if says is None:
        assert imported.returncode == 0, imported.stderr
        return
    _refused(validated, says)
    _refused(imported, says)
    assert not fresh.exists()  # a refused first import leaves no store (nor backups) behind
