"""Generate N signed self-check reports from the sample school, with random variations.

For trying out and benchmarking the office's aggregation. Schools get their own names, codes,
districts, stages and enrolments; yes/no answers are flipped now and then, guards' ages
(through their ID numbers) and the lighting measurements vary. Each school signs with its
own identity (made in a temporary data folder); the certificates are exported for
``aggregate --trust``.

    python tools/make_reports.py 2000 --out /tmp/reports [--seed 1]
        [--resubmit 0.02] [--workers N]

Writes ``DIR/report-00001.pdf`` …, ``DIR/certs/*.pem`` and ``DIR/manifest.json``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from checklists.idnumber import check_character  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample_school.json"
PASSPHRASE = "make-reports passphrase"
PERIOD = "2021年秋季学期"
DISTRICTS = (
    "莞城街道", "南城街道", "东城街道", "万江街道", "石碣镇", "石龙镇", "茶山镇", "石排镇",
    "企石镇", "横沥镇", "桥头镇", "谢岗镇", "东坑镇", "常平镇", "寮步镇", "樟木头镇",
    "大朗镇", "黄江镇", "清溪镇", "塘厦镇", "凤岗镇", "大岭山镇", "长安镇", "虎门镇",
    "厚街镇", "沙田镇", "道滘镇", "洪梅镇", "麻涌镇", "望牛墩镇", "中堂镇", "高埗镇",
)  # fmt: skip
STAGES = (("primary", "小学"), ("junior", "中学"), ("nine_year", "学校"))
FLIP_RATE = 0.06
GENERATED = datetime(2022, 1, 5, 9, 0)

# Set in each worker process by _init.
_SIGNING: dict[str, Any] = {}


def school_code(index: int) -> str:
    """A unique ten-digit code for school ``index``."""
    return f"4419{index:06d}"


def vary(
    sample: dict[str, Any], index: int, rng: random.Random, school: int | None = None
) -> dict[str, Any]:
    """A copy of the sample answers for school ``school`` (default ``index``), varied by ``rng``."""
    doc = copy.deepcopy(sample)
    number = index if school is None else school
    district = DISTRICTS[number % len(DISTRICTS)]
    stage, suffix = STAGES[number % len(STAGES)]
    doc["school"].update(
        name=f"东莞市{district}第{number + 1}{suffix}",
        code=school_code(number),
        district=district,
        stage=stage,
        enrollment=rng.randint(300, 3200),
    )
    doc["period"] = PERIOD
    for answers in doc["checklists"].values():
        _flip_answers(answers, rng)
    _vary_guards(doc["checklists"].get("guards", {}), rng)
    _vary_lighting(doc["checklists"].get("lighting", {}), rng)
    return doc


def _flip_answers(answers: dict[str, Any], rng: random.Random) -> None:
    for item, value in answers.items():
        if isinstance(value, bool) and rng.random() < FLIP_RATE:
            answers[item] = not value


def _vary_guards(guards: dict[str, Any], rng: random.Random) -> None:
    for row in guards.get("guards", []):
        number = row.get("id_number", "")
        if len(number) == 18 and number[:17].isdigit():
            year = int(number[6:10]) + rng.randint(-6, 6)
            first17 = f"{number[:6]}{year:04d}{number[10:17]}"
            row["id_number"] = first17 + check_character(first17)


def _vary_lighting(lighting: dict[str, Any], rng: random.Random) -> None:
    for room in lighting.get("classrooms", []):
        for key in ("desk_lux", "board_lux"):
            if isinstance(room.get(key), int | float):
                room[key] = round(room[key] * rng.uniform(0.85, 1.15))
        if isinstance(room.get("ugr"), int | float):
            room["ugr"] = round(room["ugr"] + rng.uniform(-2.5, 2.5), 1)
        if isinstance(room.get("cct"), int):
            room["cct"] = room["cct"] + rng.choice((-800, -300, 0, 300, 800))


def build_signed(
    doc_json: dict[str, Any],
    generated_at: datetime,
    identity_id: str,
    data_dir: Path,
    revision: int = 1,
) -> bytes:
    """The report of ``doc_json`` (the store's ``revision``) built with the real builder and
    signed with ``identity_id``."""
    from checklists.answers_doc import DocumentParser
    from checklists.evaluator import evaluate_document
    from checklists.registry import builtin_checklists
    from reports.pdf import ReportData, build_report, make_report_id
    from reports.signing import sign_pdf

    checklists = builtin_checklists()
    doc = DocumentParser(checklists).parse(doc_json)
    results = evaluate_document(doc, checklists)
    data = ReportData(
        document=doc,
        results=results,
        checklists=checklists,
        report_id=make_report_id(doc, results),
        generated_at=generated_at,
        revision=revision,
    )
    pdf = build_report(data)
    return sign_pdf(pdf, data_dir=data_dir, identity_id=identity_id, passphrase=PASSPHRASE).data


def school_identity(data_dir: Path, doc: dict[str, Any], certs_dir: Path) -> str:
    """The signing identity of the school of ``doc`` (made on first use, its certificate
    exported to ``certs_dir``): a certificate belongs to one school, so each has its own."""
    from reports.signing import create_identity, export_certificate

    code = doc["school"]["code"]
    known = _SIGNING.setdefault("by_code", {})
    if code not in known:
        identity = create_identity(
            data_dir,
            school_name=doc["school"]["name"],
            school_code=code,
            signer="校长",
            title="校长",
            passphrase=PASSPHRASE,
            now=datetime.now(UTC) - timedelta(days=1),
        )
        certs_dir.mkdir(parents=True, exist_ok=True)
        export_certificate(
            data_dir, identity.identity_id, certs_dir / f"{identity.identity_id}.pem"
        )
        known[code] = identity.identity_id
    return str(known[code])


def _init(data_dir: str, seed: int, resubmit: float) -> None:
    _SIGNING.update(data_dir=Path(data_dir), seed=seed, resubmit=resubmit)
    _SIGNING["sample"] = json.loads(SAMPLE.read_text(encoding="utf-8"))


def _make_one(index: int, out: str) -> str:
    rng = random.Random(_SIGNING["seed"] * 1_000_003 + index)
    school = None
    if index > 0 and rng.random() < _SIGNING["resubmit"]:
        school = rng.randrange(index)  # a second, later report from an earlier school
    doc = vary(_SIGNING["sample"], index, rng, school)
    generated = GENERATED + timedelta(minutes=index)
    identity = school_identity(_SIGNING["data_dir"], doc, Path(out) / "certs")
    # A resubmission is an amendment: the school's store gives it the next revision number.
    revision = 1 if school is None else 2 + index
    pdf = build_signed(doc, generated, identity, _SIGNING["data_dir"], revision)
    path = Path(out) / f"report-{index + 1:05d}.pdf"
    path.write_bytes(pdf)
    return str(path)


def make_reports(
    count: int,
    out: Path,
    *,
    seed: int = 1,
    resubmit: float = 0.0,
    workers: int | None = None,
) -> dict[str, Any]:
    """Generate ``count`` signed reports into ``out``; returns the manifest (also written)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="make-reports-") as temp:
        data_dir = Path(temp) / "data"
        args = (str(data_dir), seed, resubmit)
        workers = workers if workers is not None else (os.cpu_count() or 1)
        if workers <= 1:
            _init(*args)
            paths = [_make_one(i, str(out)) for i in range(count)]
        else:
            with ProcessPoolExecutor(workers, initializer=_init, initargs=args) as pool:
                paths = list(pool.map(_make_one, range(count), [str(out)] * count, chunksize=4))
    manifest = {
        "count": count,
        "seed": seed,
        "resubmit": resubmit,
        "certs": sorted(str(p) for p in (out / "certs").glob("*.pem")),
        "reports": [Path(p).name for p in paths],
        "made": date.today().isoformat(),
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Command line: ``make_reports.py N --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, metavar="N")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--resubmit", type=float, default=0.0, help="share of second reports")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    manifest = make_reports(
        args.count,
        args.out,
        seed=args.seed,
        resubmit=args.resubmit,
        workers=args.workers,
    )
    print(f"{manifest['count']} reports in {args.out}; trust: {' '.join(manifest['certs'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
