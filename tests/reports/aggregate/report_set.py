"""A mixed folder of real reports for the aggregation tests, built once per test session.

Built with the real report builder and signed with reports.signing.sign_pdf:

=====================  ==========================================================
x-valid.pdf            school X, trusted identity (trusted.pem)
y-old.pdf              school Y, its own trusted identity (trusted-y.pem), signed an hour later
sub/y-new.pdf          school Y again, other answers, signed later: supersedes y-old
z-untrusted.pdf        school Z, signed by an identity not in the trust list
x-tampered.pdf         x-valid.pdf with one signed byte flipped
unsigned.pdf           a real report, never signed
notes.pdf              not a PDF at all
signed-plain.pdf       a signed PDF without the report's embedded data
=====================  ==========================================================
"""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from checklists.answers_doc import DocumentParser
from checklists.evaluator import evaluate_document
from checklists.registry import builtin_checklists
from reports.pdf import ReportData, build_report, make_report_id
from reports.signing import create_identity, export_certificate, sign_pdf
from tests.conftest import SAMPLE
from tests.reports.signing.signing_helpers import flip, make_pdf, signed_positions

PASSPHRASE = "aggregate test passphrase"
PERIOD = "2021年秋季学期"
SCHOOLS = {
    "X": ("4419000101", "东莞市南城示例第一小学", "南城街道"),
    "Y": ("4419000102", "东莞市东城示例中学", "东城街道"),
    "Z": ("4419000103", "东莞市南城示例第二小学", "南城街道"),
    "W": ("4419000104", "东莞市万江示例小学", "万江街道"),
}
ACCEPTED = ("x-valid.pdf", "y-old.pdf", "sub/y-new.pdf", "z-untrusted.pdf")
REJECTED = {
    "x-tampered.pdf": "tampered",
    "unsigned.pdf": "unsigned",
    "notes.pdf": "not_pdf",
    "signed-plain.pdf": "not_report",
}


@dataclass(frozen=True)
class ReportSet:
    """Where the mixed folder is, and the certificates to trust."""

    folder: Path
    data_dir: Path  # holds the two signing identities
    trusted_cert: Path  # school X's
    untrusted_cert: Path  # school Z's
    trusted_y_cert: Path  # school Y's
    signed_at: dict[str, datetime]

    def path(self, name: str) -> Path:
        """The absolute path of one file of the set."""
        return self.folder / name

    def copy_to(self, target: Path) -> Path:
        """A copy of the mixed folder at ``target`` (tests may then add or change files)."""
        shutil.copytree(self.folder, target)
        return target


def answers(school: str, flip_item: str | None = None) -> dict[str, Any]:
    """The sample answers for one of SCHOOLS (optionally with one yes/no answer flipped)."""
    doc = copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))
    code, name, district = SCHOOLS[school]
    doc["school"].update(code=code, name=name, district=district)
    doc["period"] = PERIOD
    if flip_item:
        checklist, item = flip_item.split(".")
        doc["checklists"][checklist][item] = not doc["checklists"][checklist][item]
    return doc


def report_pdf(doc_json: dict[str, Any], minute: int = 0, revision: int = 1) -> bytes:
    """The unsigned report of ``doc_json`` (the store's ``revision``), built with the real builder."""
    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(doc_json)
    results = evaluate_document(doc, checklists)
    data = ReportData(
        document=doc,
        results=results,
        checklists=checklists,
        report_id=make_report_id(doc, results),
        generated_at=datetime(2022, 1, 5, 10, minute),
        revision=revision,
    )
    return build_report(data)


def build_report_set(root: Path) -> ReportSet:
    """Build the mixed folder under ``root`` (reused when it is already complete)."""
    folder, data_dir = root / "mixed", root / "data"
    done = root / "complete.json"
    if done.exists():
        return _load(done)
    shutil.rmtree(root, ignore_errors=True)
    (folder / "sub").mkdir(parents=True)
    since = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    trusted = _identity(data_dir, "4419000101", since)
    trusted_y = _identity(data_dir, "4419000102", since)
    untrusted = _identity(data_dir, "4419000103", since)
    base = since + timedelta(days=1)
    plan = {
        "x-valid.pdf": (answers("X"), trusted, base),
        "y-old.pdf": (answers("Y"), trusted_y, base + timedelta(hours=1)),
        "sub/y-new.pdf": (
            answers("Y", "safety.bullying_survey"),
            trusted_y,
            base + timedelta(hours=2),
        ),
        "z-untrusted.pdf": (answers("Z"), untrusted, base),
    }
    for minute, (name, (doc, identity, moment)) in enumerate(plan.items()):
        signed = sign_pdf(
            report_pdf(doc, minute, revision=2 if name == "sub/y-new.pdf" else 1),
            data_dir=data_dir,
            identity_id=identity,
            passphrase=PASSPHRASE,
            now=moment,
        )
        (folder / name).write_bytes(signed.data)
    x = (folder / "x-valid.pdf").read_bytes()
    middle = signed_positions(x, 3)[1]
    (folder / "x-tampered.pdf").write_bytes(flip(x, middle))
    (folder / "unsigned.pdf").write_bytes(report_pdf(answers("W"), 9))
    (folder / "notes.pdf").write_text("这不是 PDF，只是备忘。\n", encoding="utf-8")
    plain = sign_pdf(
        make_pdf(1), data_dir=data_dir, identity_id=trusted, passphrase=PASSPHRASE, now=base
    )
    (folder / "signed-plain.pdf").write_bytes(plain.data)
    certs = {}
    for label, identity in (
        ("trusted", trusted),
        ("untrusted", untrusted),
        ("trusted-y", trusted_y),
    ):
        certs[label] = export_certificate(data_dir, identity, root / f"{label}.pem")
    signed_at = {name: moment for name, (_, _, moment) in plan.items()}
    done.write_text(
        json.dumps(
            {"root": str(root), "signed_at": {k: v.isoformat() for k, v in signed_at.items()}}
        )
    )
    return _load(done)


def _identity(data_dir: Path, code: str, since: datetime) -> str:
    identity = create_identity(
        data_dir,
        school_name=f"学校{code}",
        school_code=code,
        signer="王校长",
        title="校长",
        passphrase=PASSPHRASE,
        now=since,
    )
    return identity.identity_id


def _load(done: Path) -> ReportSet:
    facts = json.loads(done.read_text())
    root = Path(facts["root"])
    return ReportSet(
        folder=root / "mixed",
        data_dir=root / "data",
        trusted_cert=root / "trusted.pem",
        untrusted_cert=root / "untrusted.pem",
        trusted_y_cert=root / "trusted-y.pem",
        signed_at={k: datetime.fromisoformat(v) for k, v in facts["signed_at"].items()},
    )


def compliant_answers(school: str) -> dict[str, Any]:
    """The sample answers of one of SCHOOLS, changed so that every built-in checklist passes
    (no finding at all)."""
    doc = answers(school)
    safety = doc["checklists"]["safety"]
    safety.update(
        bullying_survey=True,
        canteen_training=True,
        bright_kitchen=True,
        hazchem_registered=True,
        fulltime_guards=3,
    )
    psychology = doc["checklists"]["psychology"]
    psychology["fulltime_psych_teachers"] = 1
    psychology.pop("staffing_plan", None)
    psychology["psych_teachers"].append(
        {
            "name": "王心怡",
            "employment": "fulltime",
            "teacher_cert": True,
            "psych_major": True,
            "mh_training_cert": True,
            "training_hours_year": 40,
        }
    )
    lighting = doc["checklists"]["lighting"]
    good = dict(lighting["classrooms"][0])
    good.update(
        desk_lux=350, desk_uniformity=0.8, board_lights=True, board_lux=550,
        board_uniformity=0.85, ugr=15, cct=4500, ra=90, lpd=9, mount_height=1.85,
        lamps_perpendicular=True, test_report=True, test_date="2021-10-19",
        upgrade_date="2021-08-20",
    )  # fmt: skip
    lighting["classrooms"] = [{**good, "room": r["room"]} for r in lighting["classrooms"]]
    doc["checklists"]["guards"]["guards"] = [
        {"name": "罗文辉", "id_number": "452501199012210575", "hire_date": "2020-07-01",
         "on_guard_post": True, "licence_no": "粤莞保字2020A02574"},
        {"name": "梁秀英", "id_number": "441900198406091423", "hire_date": "2018-09-03",
         "on_guard_post": True, "licence_no": "粤莞保字2018A03016"},
        {"name": "邓家豪", "id_number": "440882199303272195", "hire_date": "2021-03-15",
         "on_guard_post": True, "licence_no": "粤莞保字2021A00935"},
    ]  # fmt: skip
    doc["finding_notes"] = []
    doc["item_notes"] = {}
    return doc


def only_checklists_of(doc: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """``doc`` with only the checklists ``keep`` (their notes too)."""
    out = copy.deepcopy(doc)
    out["checklists"] = {k: v for k, v in out["checklists"].items() if k in keep}
    out["item_notes"] = {k: v for k, v in out.get("item_notes", {}).items() if k in keep}
    out["finding_notes"] = [n for n in out.get("finding_notes", []) if n.get("checklist") in keep]
    return out
