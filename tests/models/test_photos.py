"""Photos on items and findings: stored by hash with a report copy, upright, dated, within limits."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from models.errors import EvidenceError, ReadOnlyAssessment
from models.ops import photos as photo_ops
from models.ops.assessments import mark_signed
from models.ops.photos import attach_photo, list_photos, photo_path, remove_photo
from models.ops.revisions import amend
from models.ops.rows import list_rows, reorder_rows
from tests.models.photo_helpers import phone_jpeg


def _file(tmp_path: Path, data: bytes, name: str = "IMG_0001.jpg") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_finding_photo_is_upright_dated_downscaled_and_follows_its_row(
    db, imported: int, tmp_path: Path
) -> None:
    source = _file(tmp_path, phone_jpeg())
    with db.session() as s, s.begin():
        pid = attach_photo(
            s, imported, "guards", "guards", source, code="over_55_on_post", row=0, user="t"
        )
    with db.session() as s, s.begin():
        (ref,) = list_photos(s, imported)
        assert (ref.id, ref.code, ref.row, ref.name) == (pid, "over_55_on_post", 0, "IMG_0001.jpg")
        assert ref.taken_at == datetime(2021, 11, 5, 9, 30)
        # Stored sideways 2400×1800 with orientation 6: upright it is portrait, long side 1600.
        assert (ref.width, ref.height) == (1200, 1600)
        copy = Image.open(photo_path(s, ref))
        assert copy.format == "JPEG" and copy.size == (1200, 1600)
        assert not copy.getexif()  # no EXIF (no GPS position) in the report copy
        assert photo_path(s, ref, report=False).read_bytes() == source.read_bytes()
        rows = list_rows(s, imported, "guards", "guards")
        reorder_rows(s, imported, "guards", "guards", [rows[1].id, rows[0].id], user="t")
    with db.session() as s:
        assert list_photos(s, imported)[0].row == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "不是可识别的图片文件"),
        (phone_jpeg(200, 100)[:400], "图片已损坏"),
    ],
)
def test_a_file_that_is_no_photo_is_refused_and_nothing_stored(
    db, imported: int, tmp_path: Path, data: bytes, message: str
) -> None:
    with db.session() as s, s.begin(), pytest.raises(EvidenceError, match=message):
        attach_photo(s, imported, "psychology", "fulltime_psych_teachers", _file(tmp_path, data))
    with db.session() as s:
        assert list_photos(s, imported) == []


def test_limits_in_words(db, imported: int, tmp_path: Path, monkeypatch) -> None:
    small = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(small, "PNG")
    monkeypatch.setattr(photo_ops, "MAX_PHOTOS_PER_PLACE", 2)
    with db.session() as s, s.begin():
        for _ in range(2):
            attach_photo(s, imported, "psychology", "staffing_plan", small.getvalue(), name="a.png")
    with db.session() as s, s.begin(), pytest.raises(EvidenceError, match="最多 2 张照片"):
        attach_photo(s, imported, "psychology", "staffing_plan", small.getvalue(), name="a.png")
    big = tmp_path / "big.jpg"
    with big.open("wb") as f:
        f.truncate(31 * 1024 * 1024)
    with (
        db.session() as s,
        s.begin(),
        pytest.raises(EvidenceError, match=r"照片过大（31\.0 MB，上限 30 MB）"),
    ):
        attach_photo(s, imported, "psychology", "fulltime_psych_teachers", big)


def test_a_decompression_bomb_is_refused(db, imported: int) -> None:
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")  # 144 MP in a few kB
    with db.session() as s, s.begin(), pytest.raises(EvidenceError, match="像素过多|不是可识别"):
        attach_photo(
            s, imported, "psychology", "fulltime_psych_teachers", out.getvalue(), name="x.png"
        )


def test_photos_of_a_signed_assessment_are_kept_by_its_amendment(db, imported: int) -> None:
    with db.session() as s, s.begin():
        attach_photo(
            s,
            imported,
            "guards",
            "guards",
            phone_jpeg(300, 200),
            name="p.jpg",
            code="over_55_on_post",
            row=0,
        )
        mark_signed(s, imported)
    with db.session() as s, s.begin(), pytest.raises(ReadOnlyAssessment):
        attach_photo(s, imported, "guards", "guards", phone_jpeg(300, 200), name="p.jpg")
    with db.session() as s, s.begin():
        new_id = amend(s, imported)
    with db.session() as s, s.begin():
        (ref,) = list_photos(s, new_id)
        assert (ref.code, ref.row) == ("over_55_on_post", 0)
        remove_photo(s, new_id, ref.id)
    with db.session() as s:
        assert list_photos(s, new_id) == [] and len(list_photos(s, imported)) == 1


def test_a_noisy_photo_report_copy_stays_within_the_budget() -> None:
    from models.photo_images import REPORT_BUDGET_BYTES, prepare_photo

    noisy = Image.effect_noise((3000, 2000), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "JPEG", quality=95)
    prepared = prepare_photo(out.getvalue(), "noise.jpg")
    assert len(prepared.report_jpeg) <= REPORT_BUDGET_BYTES
    assert max(Image.open(io.BytesIO(prepared.report_jpeg)).size) <= 1600
    assert (prepared.width, prepared.height) == Image.open(io.BytesIO(prepared.report_jpeg)).size


def test_a_removed_photo_is_put_back_as_it_was(db, imported: int, tmp_path: Path) -> None:
    """Undo of a removal: same place, row, position, name, date taken and files."""
    with db.session() as s, s.begin():
        first = attach_photo(s, imported, "guards", "guards", _file(tmp_path, phone_jpeg()),
                             code="over_55_on_post", row=0, user="t")  # fmt: skip
        attach_photo(s, imported, "guards", "guards", _file(tmp_path, phone_jpeg(seed=2), "b.jpg"),
                     code="over_55_on_post", row=0, user="t")  # fmt: skip
        before = list_photos(s, imported)
        removed = remove_photo(s, imported, first, user="t")
    assert removed.name == "IMG_0001.jpg"
    with db.session() as s, s.begin():
        assert [p.name for p in list_photos(s, imported)] == ["b.jpg"]
        again = photo_ops.restore_photo(s, removed, user="t")
    with db.session() as s:
        after = list_photos(s, imported)
    assert again != first

    def strip(refs):
        return [(p.code, p.row, p.name, p.sha256, p.report_sha256, p.taken_at) for p in refs]

    assert strip(after) == strip(before)  # the first photo first again


def test_a_photo_whose_file_is_gone_is_not_put_back(db, imported: int, tmp_path: Path) -> None:
    with db.session() as s, s.begin():
        pid = attach_photo(s, imported, "psychology", "fulltime_psych_teachers",
                           _file(tmp_path, phone_jpeg()), user="t")  # fmt: skip
        ref = list_photos(s, imported)[0]
        gone = photo_path(s, ref)
        removed = remove_photo(s, imported, pid, user="t")
    gone.unlink()
    with db.session() as s, s.begin(), pytest.raises(EvidenceError, match="已不在数据文件夹中"):
        photo_ops.restore_photo(s, removed, user="t")
    with db.session() as s:
        assert list_photos(s, imported) == []


def test_a_signed_self_check_takes_no_photo_back(db, imported: int, tmp_path: Path) -> None:
    with db.session() as s, s.begin():
        pid = attach_photo(s, imported, "psychology", "fulltime_psych_teachers",
                           _file(tmp_path, phone_jpeg()), user="t")  # fmt: skip
        removed = remove_photo(s, imported, pid, user="t")
        mark_signed(s, imported, user="t")
    with db.session() as s, s.begin(), pytest.raises(ReadOnlyAssessment):
        photo_ops.restore_photo(s, removed, user="t")
