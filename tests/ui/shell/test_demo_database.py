"""--demo copies a prepared sample database (built once into the cache) instead of importing."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists import compiled
from models.backup import DB_NAME
from models.ops.assessments import list_assessments
from models.ops.evaluation import evaluate_assessment
from ui.shell import demo


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(compiled.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(demo.tempfile, "tempdir", str(tmp_path))  # demo folders under tmp_path
    return tmp_path / "cache" / "demo"


def _summary(db: object) -> tuple[list[tuple[str, str]], dict[str, str]]:
    with db.session() as s:  # type: ignore[attr-defined]
        rows = [(a.school_name, a.period) for a in list_assessments(s)]
        results = evaluate_assessment(s, 1)
    return rows, {cl: r.status for cl, r in results.checklists.items()}


def test_the_demo_is_a_copy_of_the_sample_built_once(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = demo.open_demo_database("tester")
    try:
        imported = _summary(first)
        with first.session() as s, s.begin():  # the demo is changed …
            from models.ops.answers import set_answer

            set_answer(s, 1, "guards", "training_log", False, user="tester")
    finally:
        first.close()
    (prepared,) = cache.glob("campus-*.db")
    before = prepared.read_bytes()

    def no_import(*_a: object, **_k: object) -> int:
        raise AssertionError("the sample was imported again")

    monkeypatch.setattr(demo, "import_sample", no_import)
    second = demo.open_demo_database("tester")
    try:
        assert _summary(second) == imported  # … but every demo starts from the sample
        assert second.data_dir != first.data_dir
        assert (second.data_dir / DB_NAME).is_file()
    finally:
        second.close()
    assert prepared.read_bytes() == before


def test_without_a_cache_the_sample_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(compiled.CACHE_ENV, "")
    monkeypatch.setattr(demo.tempfile, "tempdir", str(tmp_path))
    db = demo.open_demo_database("tester")
    try:
        rows, statuses = _summary(db)
        assert len(rows) == 1 and set(statuses) == {"safety", "psychology", "lighting", "guards"}
    finally:
        db.close()


def test_a_damaged_prepared_database_is_built_again(cache: Path, tmp_path: Path) -> None:
    """A prepared copy cut short in the cache folder (a full disk, a crash) made every --demo
    refuse to start, pointing at backups of a temporary folder: it is now built again."""
    demo.open_demo_database("tester").close()
    (prepared,) = cache.glob("campus-*.db")
    intact = demo.open_demo_database("tester")
    try:
        sample = _summary(intact)
    finally:
        intact.close()
    prepared.write_bytes(prepared.read_bytes()[:50_000])
    folders_before = set(tmp_path.glob("campus-selfcheck-demo-*"))
    again = demo.open_demo_database("tester")
    try:
        assert _summary(again) == sample
    finally:
        again.close()
    assert len(prepared.read_bytes()) > 50_000  # built again
    assert len(set(tmp_path.glob("campus-selfcheck-demo-*")) - folders_before) == 1  # no leftover
