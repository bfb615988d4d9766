"""Real signed reports (the real builder, the sample answers) for the attack tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reports.signing import Identity, create_identity, sign_pdf
from tests.reports.aggregate.report_set import PASSPHRASE, SCHOOLS, answers, report_pdf


@dataclass(frozen=True)
class RealReport:
    """A data folder with identities of schools X and Y, and X's signed report."""

    data_dir: Path
    x: Identity
    y: Identity
    doc: dict[str, Any]
    data: bytes

    def sign(self, pdf: bytes, identity: Identity, now: datetime | None = None) -> bytes:
        """``pdf`` signed with ``identity`` (the library call: no school check of its own)."""
        return sign_pdf(
            pdf,
            data_dir=self.data_dir,
            identity_id=identity.identity_id,
            passphrase=PASSPHRASE,
            now=now,
        ).data


def school_identity(data_dir: Path, school: str, since: datetime | None = None) -> Identity:
    """An identity of one of report_set.SCHOOLS, valid from ``since`` (default: a day ago)."""
    code, name, _ = SCHOOLS[school]
    return create_identity(
        data_dir,
        school_name=name,
        school_code=code,
        signer="王校长",
        title="校长",
        passphrase=PASSPHRASE,
        now=since or datetime.now(UTC) - timedelta(days=1),
    )


def build_real_report(root: Path) -> RealReport:
    """School X's genuine report, signed with X's identity."""
    data_dir = root / "data"
    x, y = school_identity(data_dir, "X"), school_identity(data_dir, "Y")
    doc = answers("X")
    data = sign_pdf(
        report_pdf(doc), data_dir=data_dir, identity_id=x.identity_id, passphrase=PASSPHRASE
    ).data
    return RealReport(data_dir, x, y, doc, data)
