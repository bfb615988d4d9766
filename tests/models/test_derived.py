"""models.derived: what is derived from a stored self-check is kept under its content's hash and
used for exactly that content — never for changed answers, changed checklists or changed code."""

from __future__ import annotations

import functools
import os
import pickle
from pathlib import Path

import pytest

from checklists import evaluator
from checklists.foundation.errors import InputError
from models import derived
from models.database import open_database
from models.ops.answers import set_answer
from models.ops.evaluation import evaluate_assessment
from models.ops.exchange import export_document
from models.reading import open_for_reading
from reports.pdf import table_values
from tests.models.store_helpers import rich_folder


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, list[int]]:
    return rich_folder(tmp_path)


def _kept(tmp_path: Path) -> list[Path]:
    """What is kept in the data folder of ``rich_folder(tmp_path)`` (or in ``tmp_path``)."""
    data_dir = tmp_path / "data" if (tmp_path / "data").is_dir() else tmp_path
    folder = data_dir / derived.FOLDER
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def _evaluate(data_dir: Path, aid: int) -> object:
    with open_for_reading(data_dir) as store, store.reading():
        return store.evaluate(aid)


def _no_judging(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("judged again")

    monkeypatch.setattr(evaluator, "evaluate_document", refuse)
    monkeypatch.setattr(table_values, "table_rows", refuse)


def test_an_unchanged_self_check_is_not_judged_again(
    folder: tuple[Path, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, ids = folder
    aid = ids[1]
    first = _evaluate(data_dir, aid)
    assert len(_kept(tmp_path)) == 1
    with open_database(data_dir) as db, db.session() as s:
        assert first == evaluate_assessment(s, aid)
    _no_judging(monkeypatch)
    assert _evaluate(data_dir, aid) == first
    assert len(_kept(tmp_path)) == 1


def test_a_changed_answer_is_judged_anew(
    folder: tuple[Path, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack: the cache must not answer for data it was not made from."""
    data_dir, ids = folder
    aid = ids[1]  # a draft
    before = _evaluate(data_dir, aid)
    with open_database(data_dir) as db, db.session() as s, s.begin():
        was = export_document(s, aid).checklists["psychology"]["fulltime_psych_teachers"]
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", was + 3, user="t")
    after = _evaluate(data_dir, aid)
    assert after != before
    with open_database(data_dir) as db, db.session() as s:
        assert after == evaluate_assessment(s, aid)
    assert len(_kept(tmp_path)) == 2
    # And back: the first content's result is the one kept for it.
    with open_database(data_dir) as db, db.session() as s, s.begin():
        set_answer(s, aid, "psychology", "fulltime_psych_teachers", was, user="t")
        expected = evaluate_assessment(s, aid)
    _no_judging(monkeypatch)
    assert _evaluate(data_dir, aid) == expected == before


def test_changed_code_is_judged_anew(
    folder: tuple[Path, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, ids = folder
    _evaluate(data_dir, ids[0])
    monkeypatch.setattr(derived, "code_fingerprint", lambda: b"another version of the code")
    _evaluate(data_dir, ids[0])
    assert len(_kept(tmp_path)) == 2


def test_the_fingerprint_covers_every_module_that_judges() -> None:
    derived.code_fingerprint.cache_clear()
    seen: list[str] = []
    real = Path.stat

    def stat(path: Path, *args: object, **kwargs: object) -> os.stat_result:
        seen.append(path.as_posix())
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "stat", stat)
        derived.code_fingerprint()
    derived.code_fingerprint.cache_clear()
    for name in ("checklists/evaluator.py", "checklists/expr/functions.py",
                 "checklists/model.py", "models/reading.py", "reports/pdf/table_values.py"):  # fmt: skip
        assert any(p.endswith(name) for p in seen), name


def test_a_file_others_could_write_or_a_damaged_one_is_not_used(
    folder: tuple[Path, list[int]], tmp_path: Path
) -> None:
    data_dir, ids = folder
    aid = ids[0]
    right = _evaluate(data_dir, aid)
    (kept,) = _kept(tmp_path)
    # A forged result in a file anyone may write: ignored, judged again, replaced.
    kept.write_bytes(pickle.dumps("forged"))
    kept.chmod(0o666)
    assert _evaluate(data_dir, aid) == right
    assert kept.stat().st_mode & 0o022 == 0 and pickle.loads(kept.read_bytes()) == right
    kept.write_bytes(b"\x80\x05 half-written")
    assert _evaluate(data_dir, aid) == right
    assert pickle.loads(kept.read_bytes()) == right


def test_kept_beside_the_database_not_in_the_shared_cache(
    folder: tuple[Path, list[int]], tmp_path: Path
) -> None:
    """What is kept holds full ID numbers, as the store does: it stays in the data folder."""
    data_dir, ids = folder
    with open_for_reading(data_dir) as store, store.reading():
        stored = store.assessment(ids[1])
        store.evaluate(ids[1])
        rows = store.derived(ids[1], "rows", tuple, lambda: (stored.document.checklists,))
    full = next(
        r["id_number"] for r in rows[0]["guards"]["guards"] if len(r.get("id_number") or "") == 18
    )
    kept = _kept(tmp_path)
    assert kept and all(p.parent == data_dir / derived.FOLDER for p in kept)
    assert any(full.encode() in p.read_bytes() for p in kept)
    shared = Path(os.environ["CAMPUS_SELFCHECK_CACHE"])
    assert not any(full.encode() in p.read_bytes() for p in shared.rglob("*") if p.is_file())
    assert (data_dir / derived.FOLDER).stat().st_mode & 0o077 == 0


def test_a_folder_that_cannot_be_written_keeps_nothing(
    folder: tuple[Path, list[int]], tmp_path: Path
) -> None:
    data_dir, ids = folder
    (data_dir / derived.FOLDER).write_text("not a folder")
    with open_database(data_dir) as db, db.session() as s:
        expected = evaluate_assessment(s, ids[0])
    assert _evaluate(data_dir, ids[0]) == expected
    assert _kept(tmp_path) == []


def test_only_the_newest_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(derived, "KEEP", 3)
    keys = [derived.content_key("n", [str(n).encode()]) for n in range(5)]
    for n, key in enumerate(keys):
        assert derived.derived(tmp_path, key, int, functools.partial(int, n)) == n
        path = tmp_path / derived.FOLDER / f"{key}.pickle"
        os.utime(path, ns=(n * 10**9, n * 10**9))
    assert [p.stem for p in _kept(tmp_path)] == sorted(keys[2:])
    assert derived.derived(tmp_path, keys[4], int, lambda: -1) == 4  # kept
    assert derived.derived(tmp_path, keys[0], int, lambda: -1) == -1  # gone: made again


def test_a_failure_while_making_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> int:
        raise InputError("坏", "bad")

    with pytest.raises(InputError):
        derived.derived(tmp_path, derived.content_key("n", [b"x"]), int, fail)
    assert _kept(tmp_path) == []


def test_a_report_of_an_unchanged_self_check_is_the_same_from_what_was_kept(
    folder: tuple[Path, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Judging, the calculated cells and the embedded answers come from the cache the second
    time; the report's bytes are those of a report made from nothing kept."""
    from reports.pdf import build_report
    from reports.pdf.from_storage import report_data_from_store
    from reports.signing import idfacts
    from tests.reports.pdf.pdf_helpers import FROZEN

    data_dir, ids = folder

    def report() -> bytes:
        with open_for_reading(data_dir) as store, store.reading():
            return build_report(report_data_from_store(store, ids[1], now=FROZEN))

    fresh = report()  # made and kept
    assert _kept(data_dir.parent)
    _no_judging(monkeypatch)
    monkeypatch.setattr(idfacts, "protect_answers", lambda *a: pytest.fail("made again"))
    assert report() == fresh
