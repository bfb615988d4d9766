"""A photo attached to a finding shows in the PDF: beside the finding and in the appendix."""

from __future__ import annotations

import subprocess
from pathlib import Path

from checklists.answers_doc import DocumentParser
from checklists.registry import builtin_checklists
from models.database import open_database
from models.ops.exchange import import_document
from models.ops.photos import attach_photo
from reports.pdf import build_report
from reports.pdf.from_storage import report_data_for
from tests.models.photo_helpers import phone_jpeg
from tests.reports.pdf.pdf_helpers import FROZEN, pdftotext, sample_json


def _images(pdf: Path) -> list[list[str]]:
    out = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    return [line.split() for line in out.stdout.splitlines()[2:]]


def _pages_with(pdf: Path, text: str) -> list[int]:
    pages = pdftotext(pdf).split("\f")
    return [i + 1 for i, page in enumerate(pages) if text in page]


def test_a_finding_photo_is_drawn_beside_it_and_in_the_appendix(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    doc = DocumentParser(builtin_checklists()).parse(sample_json())
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            aid = import_document(s, doc)
        with db.session() as s:
            plain = build_report(report_data_for(s, data_dir, aid, now=FROZEN))
        with db.session() as s, s.begin():
            attach_photo(
                s,
                aid,
                "guards",
                "guards",
                phone_jpeg(),
                name="门岗.jpg",
                code="over_55_on_post",
                row=0,
            )
        with db.session() as s:
            data = report_data_for(s, data_dir, aid, now=FROZEN)
    before, after = tmp_path / "plain.pdf", tmp_path / "photo.pdf"
    before.write_bytes(plain)
    after.write_bytes(build_report(data))
    photos = [row for row in _images(after) if row[2] == "image" and row[8] == "jpeg"]
    assert len(_images(before)) + 2 == len(_images(after))  # drawn twice ...
    assert {row[10] for row in photos} == {photos[0][10]} and len(photos) == 2  # ... stored once
    assert (int(photos[0][3]), int(photos[0][4])) == (1200, 1600)  # upright, long side 1600
    text = "".join(pdftotext(after).split())
    assert "照片附录" in text and "门岗.jpg" in text and "拍摄于2021-11-0509:30" in text
    finding_page = _pages_with(after, "李国平：现年 57 周岁")[0]  # the over-55 finding
    image_pages = {int(row[0]) for row in photos}
    assert finding_page in image_pages and len(image_pages) == 2
    # The photo's page renders: it is really there, not only listed.
    png = tmp_path / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "30",
            "-f",
            str(finding_page),
            "-l",
            str(finding_page),
            str(after),
            str(png),
        ],
        check=True,
    )
    assert list(tmp_path.glob("page*.png"))


def test_no_id_number_leaks_through_a_photo(tmp_path: Path) -> None:
    """A photo named (and captioned) with a guard's ID number: the page text, the embedded
    answers.json / results.json and the document info show it masked only; the report copy of
    the photo carries no EXIF."""
    import re

    full = "441900196405121310"  # 李国平's number in the sample
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    doc = DocumentParser(builtin_checklists()).parse(sample_json())
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            aid = import_document(s, doc)
            attach_photo(s, aid, "guards", "guards", phone_jpeg(), name=f"{full}_李国平.jpg",
                         code="over_55_on_post", row=0, caption=f"身份证 {full} 的保安")  # fmt: skip
        with db.session() as s:
            pdf = tmp_path / "report.pdf"
            pdf.write_bytes(build_report(report_data_for(s, data_dir, aid, now=FROZEN)))
    text = pdftotext(pdf)
    assert "李国平.jpg" in "".join(text.split())  # the photo is listed ...
    assert full not in "".join(text.split())  # ... its name masked
    out = tmp_path / "embedded"
    out.mkdir()
    subprocess.run(["pdfdetach", "-saveall", "-o", str(out), str(pdf)], check=True)
    embedded = sorted(out.iterdir())
    assert {"answers.json", "results.json"} <= {p.name for p in embedded}
    id_like = re.compile(r"\d{17}[\dXx]")
    digests = re.compile(r"[0-9a-f]{32,}")  # a SHA-256 in hex may hold 18 digits in a row by chance
    for part in embedded:
        text = digests.sub("", part.read_text(encoding="utf-8"))
        assert not id_like.search(text), part.name
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert full not in info


def test_an_id_number_quoted_in_a_file_name_or_a_note_is_masked(tmp_path: Path) -> None:
    """An evidence file named by an ID number, an item note and a finding's explanation that
    quote one: the page text shows it masked."""
    full = "441900196405121310"
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    raw = sample_json()
    raw.setdefault("item_notes", {}).setdefault("guards", {})["guards"] = f"李国平（{full}）已调岗"
    raw["finding_notes"][0]["explanation"] = f"核对身份证 {full} 后确认"
    doc = DocumentParser(builtin_checklists()).parse(raw)
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            aid = import_document(s, doc)
        from models.ops.evidence import attach_evidence
        from models.tables import Evidence  # noqa: F401 - the table the attachment goes to

        card = tmp_path / f"{full}.pdf"
        card.write_bytes(b"%PDF-1.4 card")
        item = next(
            (cl.id, i.id)
            for cl in builtin_checklists().values()
            for i in cl.items()
            if i.type == "evidence"
        )
        with db.session() as s, s.begin():
            attach_evidence(s, aid, item[0], item[1], card)
        with db.session() as s:
            pdf = tmp_path / "report.pdf"
            pdf.write_bytes(build_report(report_data_for(s, data_dir, aid, now=FROZEN)))
    text = "".join(pdftotext(pdf).split())
    at = text.find(full)
    assert ".pdf" in text and at < 0, text[at - 120 : at + 40]


def test_a_caption_of_the_longest_length_allowed_makes_a_report(tmp_path: Path) -> None:
    """A caption of MAX_TEXT_LENGTH characters (the photo beside a finding and in the
    appendix): printed from its start, shortened visibly where a page cannot hold it."""
    from checklists.foundation.limits import MAX_TEXT_LENGTH

    caption = ("长照片说明开头" + "照" * MAX_TEXT_LENGTH)[:MAX_TEXT_LENGTH]
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    doc = DocumentParser(builtin_checklists()).parse(sample_json())
    with open_database(data_dir) as db:
        with db.session() as s, s.begin():
            aid = import_document(s, doc)
            attach_photo(s, aid, "guards", "guards", phone_jpeg(), name="门岗.jpg",
                         code="over_55_on_post", row=0, caption=caption)  # fmt: skip
            attach_photo(s, aid, "safety", "cctv", phone_jpeg(), name="监控.jpg", caption=caption)
        with db.session() as s:
            pdf = tmp_path / "report.pdf"
            pdf.write_bytes(build_report(report_data_for(s, data_dir, aid, now=FROZEN)))
    text = "".join(pdftotext(pdf).split())
    assert "长照片说明开头" in text
    assert "（全文见附件answers.json）" in text
