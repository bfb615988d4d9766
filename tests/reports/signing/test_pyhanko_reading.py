"""The quicker readings installed into pyHanko and asn1crypto (reports.signing._pyhanko_reading)
give exactly what the libraries' own give: the same value, the same error, the stream left at
the same place, for ordinary and hostile bytes alike."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from typing import Any

import pytest
from asn1crypto import x509
from pyhanko.pdf_utils import generic

from reports.signing import _pyhanko_reading as fast

fast.install()
HEX_ORIGINAL = fast._originals["hex"]
NAME_ORIGINAL = fast._originals["name"]
REFERENCE_ORIGINAL = fast._originals["reference"]
LDAP_ORIGINAL = fast._originals["ldap"]
NAME_EQ_ORIGINAL = fast._originals["name_eq"]


def _outcome(read: Callable[[Any], Any], data: bytes, start: int) -> tuple[Any, ...]:
    stream = io.BytesIO(data)
    stream.seek(start)
    try:
        value = read(stream)
    except Exception as exc:  # the error is part of what must be equal
        return ("error", type(exc), str(exc), stream.tell())
    return ("value", type(value), value, stream.tell())


HEX_CASES = [
    b"<>", b"<0>", b"<00ff>", b"<ABCDEF0123456789abcdef>", b"<0 1\n2\r3\t4\f5\x006>",
    b"<1>rest", b"<12", b"<", b"<1g>", b"<12 % a comment\n34>", b"<%>\n12>", b"<feff0041>",
    b"<FEFF00410042> /Next", b"<" + b"0" * 8191 + b">", b"<12#>", b"<\x8012>", b"<12>>",
]  # fmt: skip
NAME_CASES = [
    b"/", b"/Type", b"/Type/Sig", b"/Type ", b"/Type>>", b"/A#20B", b"/A#2", b"/A#zz",
    b"/A\x80B", b"/A\x01B ", b"/A\x7fB", b"/ByteRange[0 1]", b"/a.b-c_d*e+f,g;h=i?j|k~l!m\"n$o&p'q\\r^s`t",
    b"Type", b"/Name\xe4\xb8\xad", b"/#41", b"/A%comment", b"/A(", b"/A{", b"/A\x00",
]  # fmt: skip


REFERENCE_CASES = [
    b"12 0 R", b"12 0 R>>", b"12 0 R/Next", b"1 0 R ", b"0 0 R", b"00012 0003 R", b"12 0 Rx",
    b"12  0 R", b"12\n0\nR", b"12 0  R", b"12 0 %c\nR", b"12 0 S", b"12 0", b"12 0 ", b"12",
    b"12a 0 R", b"12 -1 R", b"12 0 r", b"1" * 25 + b" 0 R", b"1" * 5000 + b" 0 R",
    b"12 " + b"9" * 21 + b" R", b"\x0012 0 R", b"12\x000 R", b"12\x0b0 R",
]  # fmt: skip


class _Container:
    """What a reference is read for: the document it belongs to (a stand-in handler)."""

    handler = object()

    def get_pdf_handler(self) -> object:
        return self.handler


def _reference(read: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
    def reading(stream: Any) -> Any:
        value = read(stream, _Container())
        return (value.idnum, value.generation, value.get_pdf_handler() is _Container.handler)

    return reading


@pytest.mark.parametrize("data", REFERENCE_CASES)
def test_references_read_as_pyhanko_reads_them(data: bytes) -> None:
    quick, stock = _reference(fast.read_reference), _reference(REFERENCE_ORIGINAL)
    assert _outcome(quick, data, 0) == _outcome(stock, data, 0)
    framed = b"[ " + data
    assert _outcome(quick, framed, 2) == _outcome(stock, framed, 2)


@pytest.mark.parametrize("data", HEX_CASES)
def test_hex_strings_read_as_pyhanko_reads_them(data: bytes) -> None:
    for start in (0, 0):
        assert _outcome(fast.read_hex_string, data, start) == _outcome(HEX_ORIGINAL, data, start)
    framed = b"xx" + data
    assert _outcome(fast.read_hex_string, framed, 2) == _outcome(HEX_ORIGINAL, framed, 2)


@pytest.mark.parametrize("data", NAME_CASES)
def test_names_read_as_pyhanko_reads_them(data: bytes) -> None:
    assert _outcome(fast.read_name, data, 0) == _outcome(NAME_ORIGINAL, data, 0)
    framed = b"<<" + data
    assert _outcome(fast.read_name, framed, 2) == _outcome(NAME_ORIGINAL, framed, 2)


def test_random_bytes_read_alike() -> None:
    rng = random.Random(20261205)
    alphabet = b"0123456789abcdefABCDEFgxyz#%/<>()[]{} \n\r\t\f\x00\x01\x7f\x80\xff"
    for _ in range(3000):
        body = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        digits = bytes(rng.choice(b"0123456789 R\n%") for _ in range(rng.randint(0, 12)))
        for data, read, original in (
            (b"<" + body, fast.read_hex_string, HEX_ORIGINAL),
            (b"/" + body, fast.read_name, NAME_ORIGINAL),
            (b"1" + digits, _reference(fast.read_reference), _reference(REFERENCE_ORIGINAL)),
        ):
            assert _outcome(read, data, 0) == _outcome(original, data, 0), data


def test_a_stream_that_is_no_bytesio_goes_to_the_library() -> None:
    class Other(io.BytesIO):
        pass

    for data, read, original in ((b"<00ff>", fast.read_hex_string, HEX_ORIGINAL),
                                 (b"/Type ", fast.read_name, NAME_ORIGINAL)):  # fmt: skip
        assert read(Other(data)) == original(Other(data))


def test_the_libraries_use_the_quick_readings_once_installed() -> None:
    assert generic.read_hex_string_from_stream is fast.read_hex_string
    assert generic.NameObject.read_from_stream is fast.read_name
    assert generic.IndirectObject.read_from_stream is fast.read_reference
    assert x509.NameTypeAndValue._ldap_string_prep is fast.ldap_string_prep
    assert x509.Name.__eq__ is fast.name_equal
    fast.install()  # a second time changes nothing
    assert fast._originals["hex"] is HEX_ORIGINAL


@pytest.mark.parametrize(
    "text",
    ["东莞市示例小学", "  Example   School ", "ﬁ ligature", "a\u00adb", "tab\tand\u3000space",
     "\u0627\u0644\u0639", "a\u0627", "\ue000 private use", "\ufffd replacement", "\U000e0001"],
)  # fmt: skip
def test_names_prepared_alike_and_refused_alike_every_time(text: str) -> None:
    ntv = x509.Name.build({"common_name": "x"}).chosen[0][0]
    for _ in range(2):
        try:
            expected: Any = LDAP_ORIGINAL(ntv, text)
        except ValueError as exc:
            with pytest.raises(ValueError, match=str(exc)[:20]):
                fast.ldap_string_prep(ntv, text)
            continue
        assert fast.ldap_string_prep(ntv, text) == expected


def test_certificate_names_compare_as_before() -> None:
    a = x509.Name.build({"common_name": "  Example  School", "organization_name": "东莞市"})
    b = x509.Name.build({"common_name": "example school", "organization_name": "东莞市"})
    c = x509.Name.build({"common_name": "example school 2", "organization_name": "东莞市"})
    assert a == b and a != c and b != c


def _name(**values: str) -> x509.Name:
    return x509.Name.build(values)


NAME_PAIRS = [
    (_name(common_name="  Example  School", organization_name="东莞市"),
     _name(common_name="example school", organization_name="东莞市")),
    (_name(common_name="example school"), _name(common_name="example school 2")),
    (_name(common_name="a", organization_name="b"), _name(organization_name="b", common_name="a")),
    (_name(common_name="a"), _name(common_name="a", organization_name="b")),
    (_name(common_name="x"), _name(common_name="x")),
    (_name(common_name="a\u0627"), _name(common_name="a\u0627")),  # refused (RFC 4518 bidi)
    (_name(common_name="a\u0627"), _name(common_name="b")),
    (_name(common_name="\ufffe"), _name(common_name="\ufffe")),  # a noncharacter
]  # fmt: skip


def _compared(equal: Callable[[Any, Any], bool], a: Any, b: Any) -> tuple[Any, ...]:
    try:
        return ("value", equal(a, b))
    except Exception as exc:  # the error is part of what must be equal
        return ("error", type(exc), str(exc))


@pytest.mark.parametrize(("a", "b"), NAME_PAIRS)
def test_names_compared_alike_and_refused_alike_every_time(a: x509.Name, b: x509.Name) -> None:
    for first, second in ((a, b), (b, a), (a, a)):
        expected = _compared(NAME_EQ_ORIGINAL, first, second)
        for _ in range(3):  # the remembered answer is the library's, and an error stays one
            assert _compared(fast.name_equal, first, second) == expected
            assert _compared(lambda x, y: x == y, first, second) == expected
    # A name re-read from its own bytes compares as the one it was read from.
    again = x509.Name.load(a.dump())
    assert _compared(fast.name_equal, a, again) == _compared(NAME_EQ_ORIGINAL, a, again)
    assert fast.name_equal(a, "not a name") is False and (a != "not a name") is True


def test_names_remembered_within_a_bound() -> None:
    for i in range(fast._EQUAL_MAX * 3):
        assert fast.name_equal(_name(common_name=f"s{i}"), _name(common_name=f"s{i}"))
        assert len(fast._EQUAL) <= fast._EQUAL_MAX


def _variants(data: bytes) -> dict[str, bytes]:
    contents = data.index(b"/Contents <") + len(b"/Contents <")
    ranges = data.rindex(b"/ByteRange")
    return {
        "as signed": data,
        "a digit of the signature changed": data[:contents + 40] + b"f" + data[contents + 41 :],
        "white space in the signature": data[:contents + 8] + b"\n" + data[contents + 9 :],
        "a comment in the signature": data[:contents + 8] + b"%\n" + data[contents + 10 :],
        "a byte flipped mid-file": data[: len(data) // 2] + b"\x00" + data[len(data) // 2 + 1 :],
        "a name escaped": data.replace(b"/Type", b"/T#79pe", 1),
        "a byte range name broken": data[:ranges] + b"/Byte#52ange" + data[ranges + 10 :],
        "cut short": data[: len(data) - 200],
        "something appended": data + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    }  # fmt: skip


def test_verification_gives_the_same_verdict_with_the_libraries_own_readings(
    real_report: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from reports.signing import verify_pdf

    now = datetime(2026, 12, 5, tzinfo=UTC)
    quick = {
        name: verify_pdf(data, data_dir=real_report.data_dir, now=now)
        for name, data in _variants(real_report.data).items()
    }
    monkeypatch.setattr(generic, "read_hex_string_from_stream", HEX_ORIGINAL)
    monkeypatch.setattr(generic.NameObject, "read_from_stream", staticmethod(NAME_ORIGINAL))
    monkeypatch.setattr(
        generic.IndirectObject, "read_from_stream", staticmethod(REFERENCE_ORIGINAL)
    )
    monkeypatch.setattr(x509.NameTypeAndValue, "_ldap_string_prep", LDAP_ORIGINAL)
    monkeypatch.setattr(x509.Name, "__eq__", NAME_EQ_ORIGINAL)
    stock = {
        name: verify_pdf(data, data_dir=real_report.data_dir, now=now)
        for name, data in _variants(real_report.data).items()
    }
    assert quick == stock
    assert quick["as signed"].intact and quick["as signed"].reevaluation == "matched"
    assert not quick["a digit of the signature changed"].intact


def test_a_library_of_another_shape_keeps_its_own_readers() -> None:
    """Another pyHanko whose reader takes another argument (or whose name reader is no longer a
    static method) is left as it is: the replacements are installed only over what they copy."""
    import types

    def reader_with_encoding(stream, forced_encoding=None):  # type: ignore[no-untyped-def]
        return None

    shaped = types.SimpleNamespace(
        read_hex_string_from_stream=HEX_ORIGINAL,
        NameObject=generic.NameObject,
        IndirectObject=generic.IndirectObject,
    )
    assert fast._shaped_as_written(shaped, x509)
    other = types.SimpleNamespace(
        read_hex_string_from_stream=reader_with_encoding,
        NameObject=generic.NameObject,
        IndirectObject=generic.IndirectObject,
    )
    assert not fast._shaped_as_written(other, x509)

    class PlainName:
        def read_from_stream(self, stream):  # type: ignore[no-untyped-def]
            return None

    no_static = types.SimpleNamespace(
        read_hex_string_from_stream=HEX_ORIGINAL,
        NameObject=PlainName,
        IndirectObject=generic.IndirectObject,
    )
    assert not fast._shaped_as_written(no_static, x509)

    class ReferenceWithOptions:
        @staticmethod
        def read_from_stream(stream, container_ref, strict=True):  # type: ignore[no-untyped-def]
            return None

    other_reference = types.SimpleNamespace(
        read_hex_string_from_stream=HEX_ORIGINAL,
        NameObject=generic.NameObject,
        IndirectObject=ReferenceWithOptions,
    )
    assert not fast._shaped_as_written(other_reference, x509)
