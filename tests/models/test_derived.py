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
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[int]]:
    monkeypatch.setenv("CAMPUS_SELFCHECK_CACHE", str(tmp_path / "cache"))
    return rich_folder(tmp_path)


def _kept(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "cache" / derived.FOLDER
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


def test_no_cache_folder_means_nothing_kept(
    folder: tuple[Path, list[int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir, ids = folder
    monkeypatch.setenv("CAMPUS_SELFCHECK_CACHE", "")
    with open_database(data_dir) as db, db.session() as s:
        expected = evaluate_assessment(s, ids[0])
    assert _evaluate(data_dir, ids[0]) == expected
    assert _kept(tmp_path) == []


def test_only_the_newest_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMPUS_SELFCHECK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(derived, "KEEP", 3)
    keys = [derived.content_key("n", [str(n).encode()]) for n in range(5)]
    for n, key in enumerate(keys):
        assert derived.derived(key, int, functools.partial(int, n)) == n
        path = tmp_path / "cache" / derived.FOLDER / f"{key}.pickle"
        os.utime(path, ns=(n * 10**9, n * 10**9))
    assert [p.stem for p in _kept(tmp_path)] == sorted(keys[2:])
    assert derived.derived(keys[4], int, lambda: -1) == 4  # kept
    assert derived.derived(keys[0], int, lambda: -1) == -1  # gone: made again


def test_a_failure_while_making_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMPUS_SELFCHECK_CACHE", str(tmp_path / "cache"))

    def fail() -> int:
        raise InputError("坏", "bad")

    with pytest.raises(InputError):
        derived.derived(derived.content_key("n", [b"x"]), int, fail)
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

    monkeypatch.setenv("CAMPUS_SELFCHECK_CACHE", "")
    fresh = report()
    monkeypatch.setenv("CAMPUS_SELFCHECK_CACHE", str(data_dir.parent / "cache"))
    assert report() == fresh  # made and kept
    _no_judging(monkeypatch)
    monkeypatch.setattr(idfacts, "protect_answers", lambda *a: pytest.fail("made again"))
    assert report() == fresh
