"""An office store is only created where no file exists: an empty file, a PDF or a folder at
the store's path is refused and left as it was (SQLite would write its pages over it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.foundation.errors import UserFacingError
from reports.aggregate.database import open_store


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "an empty file"), (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "not an SQLite database")],
)
def test_existing_file_that_is_not_sqlite_is_refused(
    tmp_path: Path, content: bytes, says: str
) -> None:
    victim = tmp_path / "report.pdf"
    victim.write_bytes(content)
    with pytest.raises(UserFacingError) as exc:
        open_store(f"sqlite:///{victim}")
    assert says in exc.value.en and "was not changed" in exc.value.en
    assert victim.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_empty_default_office_db_is_refused(tmp_path: Path) -> None:
    (tmp_path / "office.db").write_bytes(b"")
    with pytest.raises(UserFacingError) as exc:
        open_store(data_dir=tmp_path)
    assert "an empty file" in exc.value.en
    assert (tmp_path / "office.db").read_bytes() == b""


def test_folder_at_the_store_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "office.db").mkdir()
    with pytest.raises(UserFacingError):
        open_store(data_dir=tmp_path)
    assert list((tmp_path / "office.db").iterdir()) == []


def test_new_and_existing_stores_open(tmp_path: Path) -> None:
    with open_store(data_dir=tmp_path):
        pass
    with open_store(data_dir=tmp_path):  # the store just made opens again
        pass
    assert (tmp_path / "office.db").read_bytes().startswith(b"SQLite format 3\x00")
