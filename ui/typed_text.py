"""Text as a person typed or pasted it, made ready to save: the line breaks other programs paste
(Word's manual line break is a vertical tab) become what the field holds, so a paste never
fails on a character nobody sees. What is left outside the answers document's rule is refused
by the core operation, with its position."""

from __future__ import annotations

from checklists.answers import tidy_typed_text


def one_line(text: str) -> str:
    """A one-line field's text: every line break and tab a space, surrounding spaces dropped."""
    return tidy_typed_text(text, lines=False).strip()


def many_lines(text: str) -> str:
    """A multi-line field's text: every pasted line break a line feed, surrounding spaces dropped."""
    return tidy_typed_text(text, lines=True).strip()
