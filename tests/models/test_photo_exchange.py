"""Photos in the answers document: references by SHA-256 in the JSON, the originals in the
folder beside it; import checks every photo first and refuses the whole document when one is
missing, changed or not a photo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from checklists.answers_doc import DocumentParser, read_answers_file
from checklists.foundation.errors import AnswersError
from models.database import open_database
from models.ops.exchange import export_answers, export_document, import_document
from models.ops.photos import attach_photo, list_photos, photo_folder, photo_path
from models.tables import Assessment, Photo
from tests.models.conftest import small_doc_json
from tests.models.photo_helpers import phone_jpeg


def _with_photos(db, imported: int, tmp_path: Path) -> None:
    with db.session() as s, s.begin():
        for name, seed, code, row, item, cl in (
            ("门岗.jpg", 1, None, None, "staffing_plan", "psychology"),
            ("张三.JPG", 2, "over_55_on_post", 0, "guards", "guards"),
            ("招聘.jpg", 3, "fulltime_psych_teacher_missing", None, "fulltime_psych_teachers", "psychology"),
        ):  # fmt: skip
            path = tmp_path / name
            path.write_bytes(phone_jpeg(900, 600, seed=seed))
            attach_photo(s, imported, cl, item, path, code=code, row=row, user="t")


def _export(db, imported: int, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "answers.json"
    out.parent.mkdir()
    with db.session() as s:
        assert export_answers(s, imported, out) == 3
    return out


def _place(p: Any) -> tuple[Any, ...]:
    return (p.checklist, p.item, p.code, p.row, p.name, p.sha256, p.size, p.taken_at)


def test_photos_travel_with_the_answers_file(db, imported: int, tmp_path: Path, checklists) -> None:
    _with_photos(db, imported, tmp_path)
    out = _export(db, imported, tmp_path)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert [p["name"] for p in raw["photos"]] == [p.name for p in _photos(db, imported)]
    files = sorted(f.name for f in photo_folder(out).iterdir())
    assert len(files) == 3 and any(f.endswith(".jpg") for f in files)
    doc = read_answers_file(out, checklists)
    other = open_database(tmp_path / "other")
    try:
        with other.session() as s, s.begin():
            new_id = import_document(s, doc, checklists=checklists, photo_dir=photo_folder(out))
        with other.session() as s:
            got = list_photos(s, new_id)
            assert [_place(p) for p in got] == [_place(p) for p in _photos(db, imported)]
            assert all(photo_path(s, p).is_file() for p in got)  # the report copies were made
    finally:
        other.close()


def _photos(db, aid: int) -> list[Any]:
    with db.session() as s:
        return list_photos(s, aid)


def _counts(db) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count(Assessment.id))) or 0,
                s.scalar(select(func.count(Photo.id))) or 0)  # fmt: skip


@pytest.mark.parametrize("damage", ["missing", "changed", "no folder"])
def test_a_missing_or_changed_photo_refuses_the_whole_import(
    db, imported: int, tmp_path: Path, checklists, damage: str
) -> None:
    _with_photos(db, imported, tmp_path)
    out = _export(db, imported, tmp_path)
    doc = read_answers_file(out, checklists)
    victim = sorted(photo_folder(out).iterdir())[0]
    if damage == "missing":
        victim.unlink()
    elif damage == "changed":
        victim.write_bytes(phone_jpeg(900, 600, seed=99))
    other = open_database(tmp_path / "other")
    try:
        folder = None if damage == "no folder" else photo_folder(out)
        with pytest.raises(AnswersError) as info, other.session() as s, s.begin():
            import_document(s, doc, checklists=checklists, photo_dir=folder)
        text = str(info.value.problems)
        assert ("与答案文件中的 SHA-256 不符" if damage == "changed" else "找不到照片") in text
        assert _counts(other) == (0, 0)  # nothing stored: no assessment, no photo
    finally:
        other.close()


def test_the_same_data_folder_finds_the_photos_in_its_store(
    db, imported: int, tmp_path: Path, checklists
) -> None:
    """Re-importing into the folder that holds the originals needs no photo folder."""
    _with_photos(db, imported, tmp_path)
    with db.session() as s:
        doc = export_document(s, imported, with_photos=True)
    with db.session() as s, s.begin():
        again = import_document(s, doc, checklists=checklists)
    assert len(_photos(db, again)) == 3


def _doc_with(photos: list[dict[str, Any]]) -> dict[str, Any]:
    doc = small_doc_json()
    doc["photos"] = photos
    return doc


_GOOD = {"checklist": "guards", "item": "guards", "code": "over_55_on_post", "row": 0,
         "name": "a.jpg", "sha256": "ab" * 32, "size": 1000}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"item": "nope"}, "photos[0]"),
        ({"code": "nope"}, "photos[0].code"),
        ({"row": 2}, "photos[0].row"),
        ({"sha256": "xyz"}, "photos[0].sha256"),
        ({"size": 0}, "photos[0].size"),
        ({"size": 31 * 1024 * 1024}, "photos[0].size"),
        ({"taken_at": "yesterday"}, "photos[0].taken_at"),
        ({"path": "/etc/passwd"}, "photos[0]"),
    ],
)
def test_bad_photo_references_are_refused_with_their_path(
    checklists, change: dict[str, Any], path: str
) -> None:
    with pytest.raises(AnswersError) as info:
        DocumentParser(checklists).parse(_doc_with([dict(_GOOD, **change)]))
    assert path in [p for p, _, _ in info.value.problems]


def test_photo_limits_hold_in_the_document(checklists) -> None:
    many = [dict(_GOOD, sha256=f"{i:064x}") for i in range(13)]
    with pytest.raises(AnswersError) as info:
        DocumentParser(checklists).parse(_doc_with(many))
    assert [p for p, _, _ in info.value.problems] == ["photos[12]"]
    doc = DocumentParser(checklists).parse(_doc_with(many[:12]))
    assert len(doc.photos) == 12 and doc.photos[0].row == 0


def test_a_report_carries_no_photo_references(db, imported: int, tmp_path: Path) -> None:
    """The answers a signed PDF embeds are the document without photos (names may say anything)."""
    _with_photos(db, imported, tmp_path)
    with db.session() as s:
        assert export_document(s, imported).photos == ()
