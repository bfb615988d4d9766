"""The revision and period CLI: amend, new-period (carry forward, calendar proposal, duplicate confirmation), compare, list words."""

from __future__ import annotations

import json
from pathlib import Path

from tests.models.conftest import small_doc_json


def _import(cli, data_dir: Path, tmp_path: Path) -> int:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(small_doc_json(), ensure_ascii=False), encoding="utf-8")
    proc = cli("import", str(path), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    return int(json.loads(proc.stdout)["assessment"])


def test_new_period_proposes_the_next_term_and_refuses_a_duplicate(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    first = _import(cli, data_dir, tmp_path)
    proc = cli("new-period", str(first), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["period"] == "2022年春季学期"
    again = cli("new-period", str(first), "--period", "2022年春季学期", data_dir=data_dir)
    assert again.returncode == 2
    assert "已有自查" in again.stderr and "--allow-duplicate" in again.stderr
    listed = json.loads(cli("list", "--json", data_dir=data_dir).stdout)
    assert len(listed) == 2  # nothing was added by the refused command
    forced = cli(
        "new-period",
        str(first),
        "--period",
        "2022年春季学期",
        "--allow-duplicate",
        data_dir=data_dir,
    )
    assert forced.returncode == 0, forced.stderr


def test_new_period_with_a_bad_date_is_exit_2(cli, data_dir: Path, tmp_path: Path) -> None:
    first = _import(cli, data_dir, tmp_path)
    proc = cli(
        "new-period",
        str(first),
        "--period",
        "2022年春季学期",
        "--reference-date",
        "2022-02-30",
        data_dir=data_dir,
    )
    assert proc.returncode == 2 and proc.stderr.strip()
    assert proc.stdout == ""


def test_compare_lists_recurring_findings(cli, data_dir: Path, tmp_path: Path) -> None:
    first = _import(cli, data_dir, tmp_path)
    new = json.loads(cli("new-period", str(first), "--json", data_dir=data_dir).stdout)
    proc = cli("compare", str(new["assessment"]), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["previous"] == {"id": first, "period": "2021年秋季学期"}
    assert doc["counts"]["new"] == 0 and doc["counts"]["resolved"] == 0
    assert doc["counts"]["recurring"] == len(doc["findings"]) > 0
    assert "441900195001010011" not in proc.stdout  # ID numbers stay masked
    text = cli("compare", str(new["assessment"]), data_dir=data_dir).stdout
    assert "重复出现" in text and "2021年秋季学期" in text
    assert cli("compare", str(first), data_dir=data_dir).stdout.startswith("没有上一期")


def test_list_uses_the_same_severity_words(cli, data_dir: Path, tmp_path: Path) -> None:
    _import(cli, data_dir, tmp_path)
    text = cli("list", data_dir=data_dir).stdout
    assert "一般" in text and "轻微" not in text


def test_attach_list_remove_a_photo(cli, data_dir: Path, tmp_path: Path) -> None:
    from tests.models.photo_helpers import phone_jpeg

    first = _import(cli, data_dir, tmp_path)
    photo = tmp_path / "门岗.jpg"
    photo.write_bytes(phone_jpeg(600, 400))
    proc = cli(
        "attach-photo",
        str(first),
        "guards",
        "guards",
        str(photo),
        "--code",
        "over_55_on_post",
        "--row",
        "1",
        "--json",
        data_dir=data_dir,
    )
    assert proc.returncode == 0, proc.stderr
    pid = json.loads(proc.stdout)["photo"]
    (listed,) = json.loads(cli("photos", str(first), "--json", data_dir=data_dir).stdout)
    assert (listed["id"], listed["row"], listed["code"]) == (pid, 1, "over_55_on_post")
    assert listed["taken_at"] == "2021-11-05T09:30:00"
    text = tmp_path / "notes.txt"
    text.write_text("not a photo", encoding="utf-8")
    bad = cli("attach-photo", str(first), "guards", "guards", str(text), data_dir=data_dir)
    assert bad.returncode == 2 and "不是可识别的图片文件" in bad.stderr
    assert cli("remove-photo", str(first), str(pid), data_dir=data_dir).returncode == 0
    assert cli("photos", str(first), data_dir=data_dir).stdout.strip() == "没有照片。"


def test_amend_copies_a_signed_assessment_into_a_new_draft(
    cli, data_dir: Path, tmp_path: Path
) -> None:
    first = _import(cli, data_dir, tmp_path)
    draft = cli("amend", str(first), data_dir=data_dir)
    assert draft.returncode == 2 and "尚未签名" in draft.stderr and draft.stdout == ""
    from models.database import open_database
    from models.ops.assessments import mark_signed

    with open_database(data_dir) as db, db.session() as s, s.begin():
        mark_signed(s, first)
    proc = cli("amend", str(first), "--json", data_dir=data_dir)
    assert proc.returncode == 0, proc.stderr
    made = json.loads(proc.stdout)
    assert made["amends"] == first and made["revision"] == 2
    listed = {a["id"]: a for a in json.loads(cli("list", "--json", data_dir=data_dir).stdout)}
    assert listed[first]["status"] == "signed"
    assert listed[made["assessment"]]["status"] == "draft"
    assert listed[made["assessment"]]["amended_from"] == first
    assert cli("amend", "999", data_dir=data_dir).returncode == 2
