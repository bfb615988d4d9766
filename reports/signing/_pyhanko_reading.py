"""Quicker readings for pyHanko's PDF parser and certificate name comparison, same results.

pyHanko reads a PDF one byte at a time in Python: a hex string (a signature's /Contents,
thousands of digits) and every name (/Type, /ByteRange …) cost a fifth of the time of verifying
a report; and asn1crypto prepares the same certificate name strings (RFC 4518) again for every
comparison. Here:

- ``read_hex_string`` reads a hex string that is only hex digits and PDF white space in one
  step;
- ``read_name`` reads a name without ``#`` escapes and of printable ASCII only in one step;
- ``read_reference`` reads an indirect reference written ``12 0 R`` (single spaces) in one step;
- ``ldap_string_prep`` remembers the prepared form of the strings prepared last (a pure
  function of the string; a string it refuses is refused again every time);
- ``name_equal`` remembers whether two certificate names are equal (RFC 5280 7.1) for the pairs
  compared last, by their DER encodings (a pure function of them: pyHanko compares the same
  signer's issuer four times per signature; a pair whose comparison raises raises every time).

Anything else (a comment in a hex string, an escape or a wrong byte in a name, the end of the
data) goes to the library's own reader from the same place: same value, same error. Installed
once per process by ``install()`` (verification does, before parsing), and only while the
library's functions take what these take; tests compare each reading with the library's own on
ordinary and hostile input.
"""

from __future__ import annotations

import binascii
import io
import re
from collections.abc import Callable
from typing import Any

# pyhanko.pdf_utils.misc.PDF_WHITESPACE and PDF_DELIMITERS.
_WHITESPACE = b" \n\r\t\f\x00"
_ENDS_NAME = frozenset(_WHITESPACE + b"()<>[]{}/%")
# Any first byte (pyHanko's reader skips it unread: its caller saw "<"), then hex digits and
# PDF white space, then ">".
_PLAIN_HEX = re.compile(rb".([0-9A-Fa-f \n\r\t\f\x00]*)>", re.DOTALL)
# "/" and printable ASCII but the delimiters and "#" (an escape).
_PLAIN_NAME = re.compile(rb"/([!\"$&'*-.0-;=?-Z\\^-z|~]*)")
# An object number and a generation, ASCII digits each, a space after each, then "R".
_PLAIN_REFERENCE = re.compile(rb"([0-9]{1,20}) ([0-9]{1,20}) R")

_originals: dict[str, Callable[..., Any]] = {}
_PREPARED: dict[str, str] = {}
_PREPARED_MAX = 512
_EQUAL: dict[tuple[bytes, bytes], bool] = {}
_EQUAL_MAX = 64


def read_hex_string(stream: Any) -> Any:
    """pyhanko.pdf_utils.generic.read_hex_string_from_stream, quicker for a plain hex string."""
    from pyhanko.pdf_utils.generic import pdf_string

    if type(stream) is io.BytesIO:
        start = stream.tell()
        with stream.getbuffer() as view:
            found = _PLAIN_HEX.match(view, start)
            if found is not None:
                digits = found.group(1).translate(None, _WHITESPACE)
                stream.seek(found.end())
                return pdf_string(binascii.unhexlify(digits + b"0" if len(digits) % 2 else digits))
    return _originals["hex"](stream)


def read_name(stream: Any) -> Any:
    """pyhanko.pdf_utils.generic.NameObject.read_from_stream, quicker for a plain name."""
    from pyhanko.pdf_utils.generic import NameObject

    if type(stream) is io.BytesIO:
        start = stream.tell()
        with stream.getbuffer() as view:
            found = _PLAIN_NAME.match(view, start)
            end = found.end() if found is not None else 0
            if found is not None and (end == len(view) or view[end] in _ENDS_NAME):
                stream.seek(end)
                return NameObject("/" + found.group(1).decode("ascii"))
    return _originals["name"](stream)


def read_reference(stream: Any, container_ref: Any) -> Any:
    """pyhanko.pdf_utils.generic.IndirectObject.read_from_stream, quicker for ``12 0 R``."""
    from pyhanko.pdf_utils.generic import IndirectObject

    if type(stream) is io.BytesIO:
        with stream.getbuffer() as view:
            found = _PLAIN_REFERENCE.match(view, stream.tell())
            number = int(found.group(1)) if found is not None else 0
            if number > 0:  # object 0 is refused by the library's own reading
                assert found is not None
                stream.seek(found.end())
                generation = int(found.group(2))
                return IndirectObject(number, generation, container_ref.get_pdf_handler())
    return _originals["reference"](stream, container_ref)


def ldap_string_prep(self: Any, string: str) -> str:
    """asn1crypto.x509.NameTypeAndValue._ldap_string_prep, remembered for recent strings."""
    prepared = _PREPARED.get(string)
    if prepared is None:
        prepared = _originals["ldap"](self, string)  # raises ValueError for a refused one
        if len(_PREPARED) >= _PREPARED_MAX:
            _PREPARED.clear()
        _PREPARED[string] = prepared
    return prepared


def name_equal(self: Any, other: Any) -> bool:
    """asn1crypto.x509.Name.__eq__, remembered for recent pairs (by their DER encodings)."""
    from asn1crypto.x509 import Name

    if not isinstance(other, Name):
        return False
    key = (self.dump(), other.dump())
    equal = _EQUAL.get(key)
    if equal is None:
        equal = bool(_originals["name_eq"](self, other))  # an error is raised, not remembered
        if len(_EQUAL) >= _EQUAL_MAX:
            _EQUAL.clear()
        _EQUAL[key] = equal
    return equal


def _shaped_as_written(generic: Any, x509: Any) -> bool:
    """Whether the library functions still take what the replacements take (another version of
    pyHanko or asn1crypto may have changed them: then they are left alone)."""
    import inspect

    name_reader = generic.NameObject.__dict__.get("read_from_stream")
    reference_reader = generic.IndirectObject.__dict__.get("read_from_stream")
    expected = (
        (generic.read_hex_string_from_stream, ["stream"]),
        (getattr(name_reader, "__func__", None), ["stream"]),
        (getattr(reference_reader, "__func__", None), ["stream", "container_ref"]),
        (x509.NameTypeAndValue.__dict__.get("_ldap_string_prep"), ["self", "string"]),
        (x509.Name.__dict__.get("__eq__"), ["self", "other"]),
    )
    for function, parameters in expected:
        if not callable(function):
            return False
        if list(inspect.signature(function).parameters) != parameters:
            return False
    return isinstance(name_reader, staticmethod) and isinstance(reference_reader, staticmethod)


def install() -> bool:
    """Let pyHanko and asn1crypto use the readings above (once per process); False when the
    libraries' functions are not shaped as these were written against (theirs stay)."""
    if _originals:
        return True
    from asn1crypto import x509
    from pyhanko.pdf_utils import generic

    if not _shaped_as_written(generic, x509):
        return False
    _originals["hex"] = generic.read_hex_string_from_stream
    _originals["name"] = generic.NameObject.read_from_stream
    _originals["reference"] = generic.IndirectObject.read_from_stream
    _originals["ldap"] = x509.NameTypeAndValue._ldap_string_prep
    _originals["name_eq"] = x509.Name.__eq__
    generic.read_hex_string_from_stream = read_hex_string
    generic.NameObject.read_from_stream = staticmethod(read_name)  # type: ignore[method-assign]
    generic.IndirectObject.read_from_stream = staticmethod(read_reference)  # type: ignore[method-assign]
    x509.NameTypeAndValue._ldap_string_prep = ldap_string_prep  # type: ignore[method-assign]
    x509.Name.__eq__ = name_equal  # type: ignore[method-assign,assignment]
    return True
