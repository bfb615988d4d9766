"""Attacks on the data a signed report embeds, by a signer who holds the school's own key:
results that the answers do not give, reports that leave checklists out, descriptions that
disagree with the answers, full ID numbers, and embedded JSON meant to crash the reader."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checklists.idnumber import check_character
from reports.signing import Identity, sign_pdf, verify_pdf
from reports.signing.report_checks import reevaluate
from tests.reports.signing.signing_helpers import (
    PASSPHRASE,
    SCHOOL_CODE,
    make_pdf,
    new_identity,
    report_attachments,
)

Files = dict[str, bytes]


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Identity]:
    data_dir = tmp_path_factory.mktemp("school") / "data"
    return data_dir, new_identity(data_dir)


def _canon(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _forged(change: Callable[[dict[str, Any], dict[str, Any], dict[str, Any]], None]) -> Files:
    """The genuine attachments after ``change(meta, answers, results)``, digests recomputed
    (the signer controls them)."""
    files = report_attachments()
    meta, answers, results = (
        json.loads(files[n]) for n in ("report_meta.json", "answers.json", "results.json")
    )
    change(meta, answers, results)
    files["answers.json"], files["results.json"] = _canon(answers), _canon(results)
    meta["answers_sha256"] = hashlib.sha256(files["answers.json"]).hexdigest()
    meta["results_sha256"] = hashlib.sha256(files["results.json"]).hexdigest()
    files["report_meta.json"] = _canon(meta)
    return files


def _signed(school: tuple[Path, Identity], files: Files) -> bytes:
    data_dir, ident = school
    pdf = make_pdf(1, files)
    return sign_pdf(
        pdf, data_dir=data_dir, identity_id=ident.identity_id, passphrase=PASSPHRASE
    ).data


def _verify(school: tuple[Path, Identity], files: Files) -> Any:
    return verify_pdf(_signed(school, files), trusted=[school[1].certificate()])


def test_the_genuine_data_verifies(school: tuple[Path, Identity]) -> None:
    result = _verify(school, report_attachments())
    assert result.reevaluation == "matched" and result.ok(require_trust=True), result.reasons


def _whitewash(results: dict[str, Any]) -> None:
    for entry in results["checklists"].values():
        entry["findings"] = []
        entry["status"] = "compliant"


def _unknown_checklist(answers: dict[str, Any], results: dict[str, Any]) -> None:
    answers["checklists"]["zz_future"] = {"anything": True}
    results["checklists"]["zz_future"] = {
        "version": 999, "status": "compliant", "findings": [],
        "summary": {"items": 1, "passed": 1, "compliance": 100.0},
    }  # fmt: skip


def test_an_unknown_checklist_does_not_stop_reevaluating_the_known_ones(
    school: tuple[Path, Identity],
) -> None:
    def lie(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        _whitewash(results)
        _unknown_checklist(answers, results)

    result = _verify(school, _forged(lie))
    assert result.reevaluation == "results_do_not_match_answers"
    assert not result.ok() and not result.ok(require_trust=True)
    # Honest known checklists next to an unknown one: the unknown one is a visible note.
    honest = _verify(school, _forged(lambda m, a, r: _unknown_checklist(a, r)))
    assert honest.reevaluation == "cannot_reevaluate"
    assert honest.ok() and not honest.ok(require_trust=True)


def test_a_report_format_other_than_ours_fails(school: tuple[Path, Identity]) -> None:
    def other(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        meta["format"] = "campus-selfcheck/report@9"
        _whitewash(results)

    result = _verify(school, _forged(other))
    assert "report_format_unknown" in result.reasons and not result.ok()
    gone = _verify(school, _forged(lambda m, a, r: m.pop("format")))
    assert "report_format_unknown" in gone.reasons and not gone.ok()


def _first_finding(results: dict[str, Any]) -> dict[str, Any]:
    finding: dict[str, Any] = results["checklists"]["guards"]["findings"][0]
    return finding


@pytest.mark.parametrize(
    "lie",
    [
        lambda r: _first_finding(r).update(severity="minor"),
        lambda r: _first_finding(r).update(clauses=[1]),
        lambda r: _first_finding(r).update(item="training_log"),
        lambda r: _first_finding(r).update(row=7),
        lambda r: r["checklists"]["guards"]["findings"].append(_first_finding(r)),
        lambda r: r["checklists"]["guards"]["summary"].update(compliance=100.0),
        lambda r: r["checklists"]["guards"]["summary"]["by_severity"].update(major=0),
        lambda r: r["checklists"]["guards"].update(status="compliant"),
        lambda r: r["checklists"]["guards"]["items"].update(guards="pass"),
    ],
    ids=["severity", "clauses", "item", "row", "count", "compliance", "by_severity",
         "status", "item_verdict"],
)  # fmt: skip
def test_every_figure_the_office_uses_is_reevaluated(
    school: tuple[Path, Identity], lie: Callable[[dict[str, Any]], None]
) -> None:
    files = _forged(lambda m, a, r: lie(r))
    assert reevaluate(files, _builtin()) == "results_do_not_match_answers"


def test_the_schools_own_words_are_not_reevaluated() -> None:
    def reword(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        _first_finding(results)["explanation"] = "另一种说法"

    assert reevaluate(_forged(reword), _builtin()) == "matched"


def _builtin() -> Any:
    from checklists.registry import builtin_checklists

    return builtin_checklists()


def test_an_empty_report_fails(school: tuple[Path, Identity]) -> None:
    def empty(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        answers["checklists"], results["checklists"] = {}, {}
        answers.pop("finding_notes", None)
        answers.pop("item_notes", None)
        answers.pop("id_facts", None)

    result = _verify(school, _forged(empty))
    assert "report_incomplete" in result.reasons and not result.ok()


def test_a_checklist_left_out_of_the_results_fails(school: tuple[Path, Identity]) -> None:
    result = _verify(school, _forged(lambda m, a, r: r["checklists"].pop("guards")))
    assert "report_incomplete" in result.reasons and not result.ok()
    extra = _verify(school, _forged(lambda m, a, r: a["checklists"].pop("lighting")))
    assert "report_incomplete" in extra.reasons and not extra.ok()


@pytest.mark.parametrize("key", ["school_code", "period"])
def test_the_description_must_agree_with_the_answers(
    school: tuple[Path, Identity], key: str
) -> None:
    def disagree(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        if key == "school_code":
            answers["school"]["code"] = "4419000199"  # meta keeps the certificate's school
        else:
            meta["period"] = "2099年春季学期"

    result = _verify(school, _forged(disagree))
    assert "inconsistent" in result.reasons and not result.ok()
    assert meta_code(result) == SCHOOL_CODE


def meta_code(result: Any) -> Any:
    return json.loads(result.attachments["report_meta.json"])["school_code"]


def _full_id() -> str:
    first17 = "44190019800101123"
    return first17 + check_character(first17)


@pytest.mark.parametrize("where", ["explanation", "school_name", "results_message"])
def test_a_full_id_number_in_the_embedded_data_fails(
    school: tuple[Path, Identity], where: str
) -> None:
    def leak(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        if where == "explanation":
            answers["finding_notes"][0]["explanation"] = f"身份证 {_full_id()} 已核对"
        elif where == "school_name":
            answers["school"]["name"] += _full_id()
        else:
            _first_finding(results)["message"]["zh"] = _full_id()

    result = _verify(school, _forged(leak))
    assert "full_id_number" in result.reasons and not result.ok()


def test_a_number_with_a_wrong_check_character_is_no_id_number() -> None:
    from reports.signing.embedded import holds_full_id_number

    wrong = "X" if _full_id()[-1] != "X" else "0"
    assert not holds_full_id_number({"a": [_full_id()[:17] + wrong]})
    assert holds_full_id_number({"a": [f"号码{_full_id()}。"]})
    assert not holds_full_id_number({"a": "1" + _full_id()})  # 19 digits: no ID number


def _id_facts(answers: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = answers["id_facts"]
    assert facts
    return facts


@pytest.mark.parametrize(
    "tweak",
    [
        lambda facts, path, ans: facts[path].update(birth_date="0999-01-01"),
        lambda facts, path, ans: facts[path].update(birth_date="9999-12-31"),
        lambda facts, path, ans: facts[path].update(ref=-5),
    ],
    ids=["year_999", "year_9999", "negative_ref"],
)
def test_odd_id_facts_are_a_verdict_not_a_crash(
    school: tuple[Path, Identity], tweak: Callable[[dict[str, Any], str, dict[str, Any]], None]
) -> None:
    def odd(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        facts = _id_facts(answers)
        tweak(facts, next(iter(facts)), answers)

    result = _verify(school, _forged(odd))
    assert result.reevaluation in ("matched", "results_do_not_match_answers")


def test_a_region_of_other_scripts_digits_is_a_verdict_not_a_crash(
    school: tuple[Path, Identity],
) -> None:
    from reports.signing.idfacts import stand_in_answers

    def arabic(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        rows = answers["checklists"]["guards"]["guards"]
        column = next(k for k, v in rows[0].items() if isinstance(v, str) and "*" in v)
        rows[0][column] = "٤٤١٩٠٠" + rows[0][column][6:]

    files = _forged(arabic)
    stand_in_answers(json.loads(files["answers.json"]), _builtin())
    result = _verify(school, files)
    assert result.reevaluation in ("matched", "results_do_not_match_answers")


def test_a_finding_note_naming_no_checklist_is_a_verdict_not_a_crash(
    school: tuple[Path, Identity],
) -> None:
    def bad(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        answers["finding_notes"][0]["checklist"] = {}
        answers["finding_notes"][1]["code"] = ["x"]

    result = _verify(school, _forged(bad))
    assert result.reasons == ["answers_invalid"] and not result.ok()  # the office's word too


def _raw_meta(text: bytes) -> Files:
    files = report_attachments()
    files["report_meta.json"] = text
    return files


@pytest.mark.parametrize(
    "meta",
    [
        b'{"format": "campus-selfcheck/report@1", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"format": "campus-selfcheck/report@1", "revision": 100000000000000000000}',
        b'{"format": "campus-selfcheck/report@1", "revision": 9223372036854775808}',
        b'{"format": "campus-selfcheck/report@1", "report_id": "\\ud800"}',
        b'{"format": "campus-selfcheck/report@1", "format": "campus-selfcheck/report@1"}',
        b'{"format": "campus-selfcheck/report@1", "x": NaN}',
        b"[1, 2]",
        b"\xff\xfe",
    ],
    ids=["deep", "huge_int", "int64_overflow", "lone_surrogate", "duplicate_key", "nan",
         "not_object", "not_utf8"],
)  # fmt: skip
def test_embedded_json_outside_the_limits_fails(school: tuple[Path, Identity], meta: bytes) -> None:
    result = _verify(school, _raw_meta(meta))
    assert "report_data_invalid" in result.reasons and not result.ok()


def test_an_integer_beyond_64_bits_in_the_results_fails(school: tuple[Path, Identity]) -> None:
    def big(meta: dict[str, Any], answers: dict[str, Any], results: dict[str, Any]) -> None:
        results["checklists"]["guards"]["summary"]["items"] = 2**63

    result = _verify(school, _forged(big))
    assert "report_data_invalid" in result.reasons and not result.ok()
