"""PageRenderer: a thread that renders preview pages and thumbnails, newest page request first."""

from __future__ import annotations

import queue

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from ui.export.pdf_pages import PdfPages

THUMBNAIL_SCALE = 0.25  # about 150 px wide for A4
_STOP = ("stop", -1, 0.0)


class PageRenderer(QThread):
    """Renders pages of one PDF on request, in its own thread (``start()`` it first).

    Requests queue up; a page request that a newer page request has superseded (quick
    zooming or paging) is skipped, so the thread never falls behind the person.

    Signals:
        pageRendered(int index, float scale, QImage image): a requested page is ready.
        thumbnailRendered(int index, QImage image): one thumbnail is ready.
    """

    pageRendered = Signal(int, float, QImage)
    thumbnailRendered = Signal(int, QImage)

    def __init__(self, data: bytes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreviewRenderer")
        self.pages = PdfPages(data)
        self._requests: queue.Queue[tuple[str, int, float]] = queue.Queue()
        self._latest_page: tuple[int, float] | None = None
        self._stopped = False

    def request_page(self, index: int, scale: float) -> None:
        """Render page ``index`` at ``scale`` pixels per point; replaces an earlier page request."""
        self._latest_page = (index, scale)
        self._requests.put(("page", index, scale))

    def request_thumbnails(self) -> None:
        """Render every page's thumbnail, in order (page requests still come first)."""
        for index in range(len(self.pages)):
            self._requests.put(("thumb", index, THUMBNAIL_SCALE))

    def run(self) -> None:
        """The render loop (QThread.run), until ``stop()``."""
        while True:
            kind, index, scale = self._next()
            if kind == "stop":
                return
            if kind == "page" and self._latest_page != (index, scale):
                continue
            image = self.pages.render(index, scale)
            if kind == "page":
                self.pageRendered.emit(index, scale, image)
            else:
                self.thumbnailRendered.emit(index, image)

    def _next(self) -> tuple[str, int, float]:
        """The next request; a waiting page request goes before the thumbnails."""
        first = self._requests.get()
        waiting = [first]
        while True:
            try:
                waiting.append(self._requests.get_nowait())
            except queue.Empty:
                break
        if any(r[0] == "stop" for r in waiting):
            return _STOP
        pages = [r for r in waiting if r[0] == "page"]
        chosen = pages[-1] if pages else waiting[0]
        for request in waiting:
            if request is not chosen and request[0] == "thumb":
                self._requests.put(request)
        return chosen

    def stop(self) -> None:
        """End the thread and release the document (from the UI thread)."""
        if self._stopped:
            return
        self._stopped = True
        if self.isRunning():
            self._requests.put(_STOP)
            self.wait()
        self.pages.close()
