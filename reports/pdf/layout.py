"""Page layout: A4 page templates, the running header, the "page X of Y" footer and the fixed clock."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from checklists.idnumber import mask_ids_in
from reports.pdf.context import ReportContext
from reports.pdf.styles import (
    ACCENT,
    LANDSCAPE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PORTRAIT,
    RULE,
    font_name,
)

COVER, PORTRAIT_PAGE, LANDSCAPE_PAGE = "cover", "portrait", "landscape"
DRAFT_RED = "#B3261E"
PDF_LANG = {"zh": "zh-CN", "en": "en"}
# The Flate level of a report's streams (pages, font subsets, attachments). reportlab's (zlib's
# default, 6) spends a tenth of a report's time compressing for a file 8 % smaller than level 2.
FLATE_LEVEL = 2


class _FixedTimeStamp:
    """What reportlab's document reads for /CreationDate and /ModDate: the report's clock."""

    def __init__(self, moment: datetime) -> None:
        offset = moment.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        self.t = moment.timestamp() if moment.tzinfo else 0.0
        self.YMDhms = (
            moment.year,
            moment.month,
            moment.day,
            moment.hour,
            moment.minute,
            moment.second,
        )
        # reportlab writes the offset as %+03d'%02d': the sign lives on the hours.
        self.dhh = int(minutes / 60)
        self.dmm = abs(minutes) % 60


def canvas_class(ctx: ReportContext) -> type[Canvas]:
    """A canvas that holds pages back until the end, to print "page X of Y" on each."""
    lang, report_id, generated_at = ctx.lang, ctx.data.report_id, ctx.data.generated_at
    draft = ctx.draft

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _FixedTimeStamp(generated_at)
            # The file ID is a digest; seeding it with the report id keeps it distinct per report.
            self._doc.updateSignature(report_id)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                draw_footer(self, number, total, lang, report_id)
                if draft:
                    draw_draft_mark(self, lang)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def draw_footer(canvas: Canvas, page: int, pages: int, lang: str, report_id: str) -> None:
    """The footer: a hairline, the report id on the left, "第 X 页 / 共 Y 页" in the middle."""
    from reports.pdf.labels import label

    width, _height = canvas._pagesize
    y = MARGIN_BOTTOM - 16
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN_X, y + 10, width - MARGIN_X, y + 10)
    canvas.setFillColor(MUTED)
    canvas.setFont(font_name(), 7.5)
    canvas.drawString(MARGIN_X, y, report_id)
    canvas.setFont(font_name(), 8.5)
    canvas.drawCentredString(width / 2, y, label("page_of", lang, page=page, pages=pages))
    canvas.restoreState()


def draw_draft_mark(canvas: Canvas, lang: str) -> None:
    """ "草稿 / 未完成" on a page: a red boxed tag centred above the running header and the same
    words beside the page number (horizontal text, so it is read, copied and searched as is)."""
    from reports.pdf.labels import label

    text = label("draft_mark", lang)
    width, height = canvas._pagesize
    size = 10
    text_width = canvas.stringWidth(text, font_name(), size)
    y = height - MARGIN_TOP + 24
    canvas.saveState()
    canvas.setStrokeColor(DRAFT_RED)
    canvas.setLineWidth(0.9)
    canvas.roundRect(width / 2 - text_width / 2 - 8, y - 4, text_width + 16, size + 7, 3)
    canvas.setFillColor(DRAFT_RED)
    canvas.setFont(font_name(), size)
    canvas.drawCentredString(width / 2, y, text)
    canvas.setFont(font_name(), 8.5)
    canvas.drawRightString(width - MARGIN_X, MARGIN_BOTTOM - 16, text)
    canvas.restoreState()


def _header(ctx: ReportContext) -> Any:
    # On every page: an ID number typed into the school name or period is masked here too.
    school = str(mask_ids_in(ctx.data.document.school.name))
    right = f"{ctx.t('report_title')}　{mask_ids_in(ctx.data.document.period)}"

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = canvas._pagesize
        y = height - MARGIN_TOP + 9
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.setFont(font_name(), 9)
        canvas.drawString(MARGIN_X, y, school)
        canvas.setFillColor(MUTED)
        canvas.setFont(font_name(), 8)
        canvas.drawRightString(width - MARGIN_X, y, right)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN_X, y - 5, width - MARGIN_X, y - 5)
        canvas.restoreState()

    return draw


def _frame(size: tuple[float, float], name: str) -> Frame:
    width, height = size
    return Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        width - 2 * MARGIN_X,
        height - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )


class ReportDocTemplate(BaseDocTemplate):
    """Cover, portrait and landscape pages; headings become PDF bookmarks."""

    def __init__(self, out: io.BytesIO, ctx: ReportContext) -> None:
        doc = ctx.data.document
        school, period = mask_ids_in(doc.school.name), mask_ids_in(doc.period)
        super().__init__(
            out,
            pagesize=PORTRAIT,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{ctx.t('report_title')} — {school} — {period}",
            author=school,
            subject=f"{ctx.t('report_id')}: {ctx.data.report_id}",
            creator=f"Campus Self-Check {ctx.data.app_version}".strip(),
            keywords=[doc.school.code, period, ctx.data.report_id],
            invariant=1,
            lang=PDF_LANG[ctx.lang],
            initialFontName=font_name(),
            displayDocTitle=1,
        )
        header = _header(ctx)
        self.addPageTemplates(
            [
                PageTemplate(COVER, [_frame(PORTRAIT, COVER)], pagesize=PORTRAIT),
                PageTemplate(
                    PORTRAIT_PAGE,
                    [_frame(PORTRAIT, PORTRAIT_PAGE)],
                    onPage=header,
                    pagesize=PORTRAIT,
                ),
                PageTemplate(
                    LANDSCAPE_PAGE,
                    [_frame(LANDSCAPE, LANDSCAPE_PAGE)],
                    onPage=header,
                    pagesize=LANDSCAPE,
                ),
            ]
        )
        self._outline_keys = 0
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        """Add a bookmark for every h1/h2 heading."""
        if not isinstance(flowable, Paragraph):
            return
        level = {"h1": 0, "h2": 1}.get(flowable.style.name)
        if level is None:
            return
        # An outline cannot skip a level: an h2 before any h1 becomes a top-level entry.
        level = min(level, self._outline_level + 1)
        self._outline_level = level
        self._outline_keys += 1
        key = f"h{self._outline_keys}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def frame_width(landscape: bool = False) -> float:
    """The usable width of a portrait or landscape page."""
    return float((LANDSCAPE if landscape else PORTRAIT)[0] - 2 * MARGIN_X)
