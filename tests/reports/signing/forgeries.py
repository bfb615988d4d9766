"""Forged reports, one for each check the office applies, each failing exactly that check.

Built with the real report builder (the embedded files changed as a forger would, before the
pages are finished) and signed with real pyHanko signatures. The office's data folder trusts
school X's certificate, which pins X; every other school is unpinned and untrusted (a note,
never a reason here). ``verify``, ``aggregate``, the app's verify page and the office's worker
must all refuse each file, with the same reason (tests/reports/signing/test_one_verdict.py,
tests/cli/test_one_verdict_cli.py, tests/ui/verify/test_one_verdict_page.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from cryptography.hazmat.primitives.asymmetric import ec

from checklists.idnumber import check_character
from reports.signing import (
    Identity,
    export_certificate,
    import_identity,
    import_trusted_certificate,
    sign_pdf,
)
from tests.reports.aggregate.report_set import PASSPHRASE, SCHOOLS, answers, report_pdf
from tests.reports.signing.attacks import append_update, gap_bytes, layout, rewrite_byte_range
from tests.reports.signing.real_reports import school_identity
from tests.reports.signing.signing_helpers import flip, no_code_p12, signed_positions

Docs = dict[str, Any]
# The forged file → the one reason every face must give.
EXPECTED: dict[str, str] = {
    "tampered.pdf": "tampered",
    "appended.pdf": "modified_after_signing",
    "gap.pdf": "signature_gap_invalid",
    "byte-range.pdf": "byte_range_invalid",
    "future.pdf": "signed_in_future",
    "expired.pdf": "cert_expired",
    "unsigned.pdf": "unsigned",
    "cert-name.pdf": "cert_name_unusable",
    "other-school-key.pdf": "school_mismatch",
    "no-school-code.pdf": "no_school_code",
    "other-cert.pdf": "not_the_schools_certificate",
    "answers-digest.pdf": "answers_digest_mismatch",
    "results-digest.pdf": "results_digest_mismatch",
    "lying.pdf": "results_do_not_match_answers",
    "incomplete.pdf": "report_incomplete",
    "inconsistent.pdf": "inconsistent",
    "format.pdf": "report_format_unknown",
    "data-invalid.pdf": "report_data_invalid",
    "full-id.pdf": "full_id_number",
    "answers-invalid.pdf": "answers_invalid",
    "answers-invalid-unknown-versions.pdf": "answers_invalid",
}


@dataclass(frozen=True)
class ForgerySet:
    """The forged files, the genuine report, and the office's data folder (trusting X)."""

    folder: Path
    office: Path
    x_cert: Path
    genuine: Path

    def path(self, name: str) -> Path:
        """The forged file ``name`` (a key of EXPECTED)."""
        return self.folder / name


def build_forgery_set(root: Path) -> ForgerySet:
    """Build the set under ``root`` (reused when it is complete: one build per test session)."""
    result = ForgerySet(root / "forged", root / "office", root / "x.pem", root / "genuine.pdf")
    if (root / "complete").exists():
        return result
    school = root / "school"
    result.folder.mkdir(parents=True, exist_ok=True)
    since = datetime.now(UTC) - timedelta(days=2)
    x = school_identity(school, "X", since)
    export_certificate(school, x.identity_id, result.x_cert)
    import_trusted_certificate(result.office, result.x_cert.read_bytes())

    def signed(pdf: bytes, identity: Identity, now: datetime | None = None) -> bytes:
        return sign_pdf(
            pdf, data_dir=school, identity_id=identity.identity_id, passphrase=PASSPHRASE, now=now
        ).data

    genuine = signed(report_pdf(answers("X")), x)
    result.genuine.write_bytes(genuine)
    lay = layout(genuine)
    files: dict[str, Callable[[], bytes]] = {
        "tampered.pdf": lambda: flip(genuine, signed_positions(genuine, 3)[1]),
        "appended.pdf": lambda: append_update(genuine, {"results.json": b'{"checklists": {}}'}),
        "gap.pdf": lambda: gap_bytes(genuine, b"%forged"),
        "byte-range.pdf": lambda: rewrite_byte_range(genuine, (1, lay.a - 1, lay.b, lay.length2)),
        "future.pdf": lambda: signed(
            report_pdf(answers("X")), x, datetime.now(UTC) + timedelta(days=400)
        ),
        "expired.pdf": lambda: _expired(school, signed),
        "unsigned.pdf": lambda: report_pdf(answers("X")),
        "cert-name.pdf": lambda: _unusable_name(school),
        # Z is not pinned: Y's key is the only fault.
        "other-school-key.pdf": lambda: signed(
            report_pdf(answers("Z")), school_identity(school, "Y", since)
        ),
        "no-school-code.pdf": lambda: signed(report_pdf(answers("Z")), _no_code(school)),
        "other-cert.pdf": lambda: signed(
            report_pdf(answers("X")), school_identity(school, "X", since)
        ),
        "answers-digest.pdf": lambda: signed(_forged(_reword_answers, recompute=False), x),
        "results-digest.pdf": lambda: signed(_forged(_reword_results, recompute=False), x),
        "lying.pdf": lambda: signed(_forged(_whitewash), x),
        "incomplete.pdf": lambda: signed(
            _forged(lambda m, a, r: r["checklists"].pop("lighting")), x
        ),
        "inconsistent.pdf": lambda: signed(
            _forged(lambda m, a, r: m.update(period="2099年春季学期")), x
        ),
        "format.pdf": lambda: signed(
            _forged(lambda m, a, r: m.update(format="campus-selfcheck/report@9")), x
        ),
        "data-invalid.pdf": lambda: signed(_forged(lambda m, a, r: None, meta_tail=b"NaN"), x),
        "full-id.pdf": lambda: signed(_forged(_full_id), x),
        "answers-invalid.pdf": lambda: signed(
            _forged(lambda m, a, r: a["school"].update(enrollment=-5)), x
        ),
        "answers-invalid-unknown-versions.pdf": lambda: signed(_forged(_unknown_and_invalid), x),
    }
    assert set(files) == set(EXPECTED)
    for name, make in files.items():
        result.path(name).write_bytes(make())
    (root / "complete").write_text("ok")
    return result


def _expired(data_dir: Path, signed: Callable[..., bytes]) -> bytes:
    """School W's report, signed while its five-year certificate was valid, now expired."""
    since = datetime.now(UTC) - timedelta(days=6 * 366)
    return signed(
        report_pdf(answers("W")), school_identity(data_dir, "W", since), since + timedelta(1)
    )


def _no_code(data_dir: Path) -> Identity:
    _, name, _ = SCHOOLS["Z"]
    return import_identity(
        data_dir, no_code_p12(b"12345678", name), passphrase="12345678", new_passphrase=PASSPHRASE
    )


def _unusable_name(data_dir: Path) -> bytes:
    """School X's report, signed with a certificate made elsewhere whose school name mixes
    right-to-left and left-to-right text (this program refuses to make one)."""
    from reports.signing import certs
    from reports.signing.identities import UnlockedIdentity
    from reports.signing.sign import _sign
    from reports.signing.stamp import StampInfo

    key = ec.generate_private_key(ec.SECP256R1())
    code = SCHOOLS["X"][0]
    since = datetime.now(UTC) - timedelta(days=1)
    cert = certs.build_self_signed(
        key, signer="王校长", title="校长", school="مدرسة ABC", subject_serial=f"{code}-0badf00d",
        now=since,
    )  # fmt: skip
    identity = Identity(
        identity_id=f"{code}-0badf00d", school="مدرسة ABC", school_code=code, signer="王校长",
        title="校长", algorithm="ecdsa-p256", fingerprint_sha256=certs.fingerprint_sha256(cert),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc, created=since,
        certificate_pem=certs.certificate_pem(cert),
    )  # fmt: skip
    unlocked = UnlockedIdentity(identity, key, cert, ())
    now = datetime.now(UTC).replace(microsecond=0)
    return _sign(report_pdf(answers("X")), unlocked, "SchoolSignature", StampInfo(), now)


def _forged(
    change: Callable[[Docs, Docs, Docs], Any], *, recompute: bool = True, meta_tail: bytes = b""
) -> bytes:
    """School X's report built with its embedded files changed by ``change(meta, answers,
    results)``; the digests recomputed (the signer controls them) unless ``recompute`` is
    False; ``meta_tail`` replaces the end of report_meta.json (JSON outside the limits)."""
    from reports.pdf import attachments
    from reports.pdf.data import canonical_json

    original = attachments.attachment_payloads

    def payloads(ctx: Any) -> dict[str, bytes]:
        files = original(ctx)
        meta, ans, res = (
            json.loads(files[n]) for n in ("report_meta.json", "answers.json", "results.json")
        )
        change(meta, ans, res)
        files["answers.json"], files["results.json"] = canonical_json(ans), canonical_json(res)
        if recompute:
            meta["answers_sha256"] = hashlib.sha256(files["answers.json"]).hexdigest()
            meta["results_sha256"] = hashlib.sha256(files["results.json"]).hexdigest()
        text = canonical_json(meta)
        files["report_meta.json"] = text[:-1] + b',"z":' + meta_tail + b"}" if meta_tail else text
        return files

    with mock.patch.object(attachments, "attachment_payloads", payloads):
        return report_pdf(answers("X"))


def _reword_answers(meta: Docs, ans: Docs, res: Docs) -> None:
    """A school's own words changed in the answers (nothing re-evaluation compares)."""
    ans["finding_notes"][0]["explanation"] = "改过的说明"


def _reword_results(meta: Docs, ans: Docs, res: Docs) -> None:
    res["checklists"]["guards"]["findings"][0]["explanation"] = "改过的说明"


def _whitewash(meta: Docs, ans: Docs, res: Docs) -> None:
    for entry in res["checklists"].values():
        entry["findings"] = []
        entry["status"] = "compliant"


def _full_id(meta: Docs, ans: Docs, res: Docs) -> None:
    first17 = "44190019800101123"
    ans["finding_notes"][0]["explanation"] = f"身份证 {first17}{check_character(first17)} 已核对"


def _unknown_and_invalid(meta: Docs, ans: Docs, res: Docs) -> None:
    """Every checklist in a version this program lacks (nothing re-evaluated: a note) and a
    school profile that does not parse (what the office reads of it)."""
    for entry in res["checklists"].values():
        entry["version"] = 999
    ans["school"]["enrollment"] = -5
