"""A certificate that names no school code vouches for no school: not in verify, not in the
office's summary, not in the trust store, not at signing."""

from __future__ import annotations

from pathlib import Path

import pytest

from checklists.foundation.errors import InputError
from reports.signing import (
    Identity,
    import_identity,
    import_trusted_certificate,
    list_trusted,
    sign_pdf,
    verify_pdf,
)
from reports.signing.certs import certificate_pem
from reports.signing.sign import check_identity_school
from reports.signing.verdict import reason_text
from tests.reports.aggregate.helpers import run_and_summarise
from tests.reports.aggregate.report_set import PASSPHRASE, SCHOOLS, answers, report_pdf
from tests.reports.signing.signing_helpers import no_code_p12

# The report's school is X, but the report claims any code: the name alone is what the
# certificate carries.
OTHER_CODE = "4419099999"


@pytest.fixture(scope="module")
def no_code(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Identity]:
    data_dir = tmp_path_factory.mktemp("nocode") / "data"
    _, name, _ = SCHOOLS["X"]
    ident = import_identity(data_dir, no_code_p12(b"12345678", name), passphrase="12345678",
                            new_passphrase=PASSPHRASE)  # fmt: skip
    assert ident.school_code is None
    return data_dir, ident


def _report(no_code: tuple[Path, Identity], code: str) -> bytes:
    data_dir, ident = no_code
    doc = answers("X")
    doc["school"]["code"] = code
    return sign_pdf(
        report_pdf(doc), data_dir=data_dir, identity_id=ident.identity_id, passphrase=PASSPHRASE
    ).data


@pytest.mark.parametrize("code", [SCHOOLS["X"][0], OTHER_CODE])
def test_verify_refuses_a_certificate_without_a_school_code(
    no_code: tuple[Path, Identity], code: str
) -> None:
    signed = _report(no_code, code)
    result = verify_pdf(signed, trusted=[no_code[1].certificate()])
    assert "no_school_code" in result.reasons
    assert not result.ok() and not result.ok(require_trust=True)
    assert "学校代码" in reason_text("no_school_code", "zh")
    assert "school code" in reason_text("no_school_code", "en")


def test_the_office_does_not_count_a_report_of_such_a_certificate(
    no_code: tuple[Path, Identity], tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "other_code.pdf").write_bytes(_report(no_code, OTHER_CODE))
    cert = tmp_path / "c.pem"
    cert.write_text(certificate_pem(no_code[1].certificate()), encoding="ascii")
    _, summary = run_and_summarise([folder], data_dir=tmp_path / "office", trust=[cert])
    assert summary.schools == []
    assert [r.reasons for r in summary.rejected] == [("no_school_code",)]


def test_trust_import_refuses_a_certificate_without_a_school_code(
    no_code: tuple[Path, Identity], tmp_path: Path
) -> None:
    pem = certificate_pem(no_code[1].certificate()).encode("ascii")
    with pytest.raises(InputError, match="没有写明学校代码") as info:
        import_trusted_certificate(tmp_path / "office", pem)
    assert "names no school code" in info.value.text("en")
    assert list_trusted(tmp_path / "office") == []


def test_signing_refuses_an_identity_without_a_school_code(
    no_code: tuple[Path, Identity],
) -> None:
    _, ident = no_code
    code, name, _ = SCHOOLS["X"]
    with pytest.raises(InputError, match="没有写明学校代码"):
        check_identity_school(ident, code, name)
    data_dir = no_code[0]
    with pytest.raises(InputError, match="没有写明学校代码"):
        sign_pdf(report_pdf(answers("X")), data_dir=data_dir, identity_id=ident.identity_id,
                 passphrase=PASSPHRASE, school_code=code, school_name=name)  # fmt: skip
