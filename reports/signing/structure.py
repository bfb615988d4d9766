"""Our own checks of where a signature sits in the file, independent of the PDF library's verdict.

A library's coverage level answers "do the byte counts add up"; these checks answer "is this
file laid out the only way a genuine signature lays it out": ByteRange ``[0 a b n]``, the bytes
``a..b`` exactly one hex string holding the DER signature and zero padding, and a signed
revision ``0..b+n`` that ends with its own ``%%EOF``. Only then is that revision parsed, from
exactly those bytes, and everything reported comes from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Reason codes of this module, each a way the layout differs from a genuine signature's.
BYTE_RANGE_INVALID = "byte_range_invalid"
GAP_INVALID = "signature_gap_invalid"
REVISION_INVALID = "signed_revision_invalid"
STRUCTURE_REASONS = (BYTE_RANGE_INVALID, GAP_INVALID, REVISION_INVALID)

_HEX_STRING = re.compile(rb"<([0-9A-Fa-f]*)>")
_CONTENTS_KEY = re.compile(rb"/Contents\s*$")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_EOF_TAIL = re.compile(rb"%%EOF(\r\n|\r|\n)?$")


@dataclass(frozen=True)
class SignedSpan:
    """A signature whose layout passed every check: its ranges and the signature bytes."""

    start2: int  # b: where the second signed range begins
    end: int  # b + n: the end of the signed revision
    contents_end: int  # a: where the /Contents hex string begins
    der: bytes


class LayoutError(Exception):
    """The layout is not a genuine signature's; ``code`` is one of STRUCTURE_REASONS."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_layout(data: bytes, byte_range: Sequence[Any]) -> SignedSpan:
    """Check the ByteRange, the gap and the end of the signed revision; LayoutError if not."""
    a, b, end = _ranges(data, byte_range)
    der = _gap_signature(data[a:b])
    revision = data[:end]
    if not _EOF_TAIL.search(revision[-8:]):
        raise LayoutError(REVISION_INVALID)
    found = _STARTXREF.search(revision[-64:])
    if found is None or a <= int(found.group(1)) < b or int(found.group(1)) >= end:
        raise LayoutError(REVISION_INVALID)
    return SignedSpan(start2=b, end=end, contents_end=a, der=der)


def _ranges(data: bytes, byte_range: Sequence[Any]) -> tuple[int, int, int]:
    values = [_int(v) for v in byte_range] if len(byte_range) == 4 else []
    if len(values) != 4 or any(v is None for v in values):
        raise LayoutError(BYTE_RANGE_INVALID)
    start1, a, b, length2 = (int(v) for v in values if v is not None)
    end = b + length2
    if start1 != 0 or a <= 0 or b <= a + 1 or length2 <= 0 or end > len(data):
        raise LayoutError(BYTE_RANGE_INVALID)
    # The first range must stop exactly at the value of the signature's /Contents key.
    if not _CONTENTS_KEY.search(data[max(0, a - 32) : a]):
        raise LayoutError(BYTE_RANGE_INVALID)
    return a, b, end


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if str(number) == str(value).strip() and not isinstance(value, bool) else None


def _gap_signature(gap: bytes) -> bytes:
    """The DER signature in ``gap``, which must be ``<hex>`` of the DER followed by zero bytes."""
    match = _HEX_STRING.fullmatch(gap)
    if match is None or len(match.group(1)) % 2:
        raise LayoutError(GAP_INVALID)
    raw = bytes.fromhex(match.group(1).decode("ascii"))
    length = der_length(raw)
    if length is None or any(raw[length:]):
        raise LayoutError(GAP_INVALID)
    return raw[:length]


def der_length(raw: bytes) -> int | None:
    """The length of the DER SEQUENCE at the start of ``raw`` (None if there is none)."""
    if len(raw) < 2 or raw[0] != 0x30:
        return None
    first = raw[1]
    if first < 0x80:
        total = 2 + first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or len(raw) < 2 + count:
            return None
        total = 2 + count + int.from_bytes(raw[2 : 2 + count], "big")
    return total if total <= len(raw) else None


def signature_in_revision(reader: Any, span: SignedSpan, found: Any = None) -> Any:
    """The signature of the signed revision whose ByteRange and contents are ``span``'s;
    ``found``: the signatures ``reader`` embeds, when already collected."""
    for sig in reader.embedded_regular_signatures if found is None else found:
        values = [_int(v) for v in sig.byte_range]
        if values == [0, span.contents_end, span.start2, span.end - span.start2]:
            contents = bytes(sig.pkcs7_content)
            if contents[: len(span.der)] == span.der and not any(contents[len(span.der) :]):
                return sig
    raise LayoutError(REVISION_INVALID)
