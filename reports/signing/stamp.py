"""The visible signature stamp: its Chinese text, its style and where a new field goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pyHanko is imported lazily: it costs ~0.3 s at start-up
    from pyhanko.pdf_utils.writer import BasePdfFileWriter
    from pyhanko.stamp import TextStampStyle

    from reports.signing.identities import Identity

FONT_SIZE = 10
# Width and height of a stamp created on the last page, in PDF points (1/72 in).
DEFAULT_STAMP_SIZE = (252, 104)
PAGE_MARGIN = 36

STAMP_TEMPLATE = (
    "签署人：%(signer)s\n"
    "职务：%(title)s\n"
    "学校：%(school)s\n"
    "签署时间：%(signed_local)s\n"
    "证书指纹：%(fingerprint)s"
)


@dataclass(frozen=True)
class StampInfo:
    """Optional overrides for the visible stamp.

    ``signer``, ``title`` and ``school`` replace the identity's values on the stamp (not in the
    certificate). ``page`` (0-based, negative from the end) and ``box`` (x1, y1, x2, y2 in points)
    only matter when the PDF has no empty field of the requested name and one is created.
    """

    signer: str | None = None
    title: str | None = None
    school: str | None = None
    page: int = -1
    box: tuple[int, int, int, int] | None = None


def abbreviate_fingerprint(fingerprint: str) -> str:
    """The first 16 hex digits followed by an ellipsis."""
    return f"{fingerprint[:16]}…"


def format_local_time(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in the computer's local time zone."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def stamp_text_params(identity: Identity, stamp: StampInfo, signed_at: datetime) -> dict[str, str]:
    """Values for :data:`STAMP_TEMPLATE` (given as parameters so a ``%`` in a name is harmless)."""
    return {
        "signer": stamp.signer or identity.signer,
        "title": stamp.title or identity.title,
        "school": stamp.school or identity.school,
        "signed_local": format_local_time(signed_at),
        "fingerprint": abbreviate_fingerprint(identity.fingerprint_sha256),
    }


def stamp_style() -> TextStampStyle:
    """A bordered text stamp set in the bundled CJK font, so any viewer shows the Chinese."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    from reports.fonts import FONT_PATH

    font = GlyphAccumulatorFactory(str(FONT_PATH), font_size=FONT_SIZE)
    return TextStampStyle(
        stamp_text=STAMP_TEMPLATE,
        text_box_style=TextBoxStyle(font=font, font_size=FONT_SIZE, leading=FONT_SIZE + 4),
        border_width=1,
        # Left-aligned lines read as a seal's caption; the text shrinks to fit small fields.
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins.uniform(6),
        ),
    )


def default_box(writer: BasePdfFileWriter, page: int) -> tuple[int, int, int, int]:
    """A stamp box in the bottom right corner of ``page``, inside the usual margins."""
    page_ref, _resources = writer.find_page_for_modification(page)
    x1, y1, x2, _y2 = _media_box(page_ref.get_object())
    width, height = DEFAULT_STAMP_SIZE
    right = int(x2) - PAGE_MARGIN
    bottom = int(y1) + PAGE_MARGIN
    return (max(int(x1), right - width), bottom, right, bottom + height)


def _media_box(page: Any) -> tuple[float, float, float, float]:
    """The page's MediaBox, inherited from its ancestors if need be (A4 if none says)."""
    node = page
    while node is not None:
        if "/MediaBox" in node:
            x1, y1, x2, y2 = (float(v) for v in node["/MediaBox"])
            return x1, y1, x2, y2
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return 0.0, 0.0, 595.0, 842.0
