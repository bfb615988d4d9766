"""PDF pages as images (pypdfium2), one thread at a time: PDFium itself is not thread-safe."""

from __future__ import annotations

import threading

from PySide6.QtGui import QImage

# Every PDFium call of the process goes through this lock (preview renderers and page counts).
PDFIUM_LOCK = threading.Lock()
POINTS_PER_INCH = 72.0


def page_count(data: bytes) -> int:
    """The number of pages of the PDF ``data``."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(data)
        try:
            return len(document)
        finally:
            document.close()


class PdfPages:
    """An open PDF whose pages can be rendered to QImages (from any one thread at a time)."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        self._data = data  # PDFium reads from this buffer for as long as the document is open
        with PDFIUM_LOCK:
            self._document = pdfium.PdfDocument(data)
            self._document.init_forms()  # else a signed report's stamp (a form field) stays blank
            self.sizes = [self._document[i].get_size() for i in range(len(self._document))]

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float) -> QImage:
        """Page ``index`` at ``scale`` pixels per point, as an image that owns its pixels."""
        with PDFIUM_LOCK:
            page = self._document[index]
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            try:
                image = QImage(
                    bytes(bitmap.buffer),
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                )
                return image.copy()  # detach from the temporary buffer
            finally:
                bitmap.close()
                page.close()

    def close(self) -> None:
        """Release the document."""
        with PDFIUM_LOCK:
            self._document.close()
