"""PdfPreviewDialog: the report's pages before saving (thumbnails, zoom), then 保存… writes the same bytes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.export.page_renderer import PageRenderer
from ui.export.pages_model import PageThumbnailsModel
from ui.export.pdf_pages import POINTS_PER_INCH
from ui.shell.operation_runner import run_op

ZOOM_STEPS = (50, 75, 100, 125, 150, 200, 300)
SCREEN_DPI = 96.0


class PdfPreviewDialog(QDialog):
    """Shows ``data`` (a built report) page by page; 保存… writes exactly these bytes, atomically.

    Signals:
        saved(object path): the report was written to ``path`` (a Path); the dialog then closes.
    """

    saved = Signal(object)

    def __init__(
        self,
        data: bytes,
        suggested: Path,
        report_id: str = "",
        parent: QWidget | None = None,
        *,
        notice: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreviewDialog")
        self.setWindowTitle(self.tr("报告预览"))
        self.data = data
        self.suggested = suggested
        self.zoom = 100
        self.current = 0
        self._fitted = False
        self.renderer = PageRenderer(data, self)
        self.pages = PageThumbnailsModel(self.renderer.pages.sizes, parent=self)
        self.renderer.pageRendered.connect(self._page_rendered)
        self.renderer.thumbnailRendered.connect(self.pages.set_thumbnail)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        self.notice_label = QLabel(notice)  # e.g. characters the font cannot draw
        self.notice_label.setObjectName("itemMessage")
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_label.setVisible(bool(notice))
        layout.addWidget(self.notice_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._thumbnails())
        splitter.addWidget(self._page_area())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 800])
        layout.addWidget(splitter, 1)
        layout.addLayout(self._buttons(report_id))
        self._shortcuts()
        self.resize(1040, 760)
        self.renderer.start()
        self.show_page(0)
        self.renderer.request_thumbnails()

    # ---- building ----

    def _toolbar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.previous_button = QPushButton(self.tr("上一页"))
        self.previous_button.clicked.connect(lambda: self.show_page(self.current - 1))
        self.next_button = QPushButton(self.tr("下一页"))
        self.next_button.clicked.connect(lambda: self.show_page(self.current + 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.zoom_out_button = QPushButton(self.tr("缩小"))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = QPushButton(self.tr("放大"))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.fit_button = QPushButton(self.tr("适合宽度"))
        self.fit_button.clicked.connect(self.fit_width)
        for widget in (self.previous_button, self.next_button, self.page_label):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            row.addWidget(widget)
        return bar

    def _thumbnails(self) -> QListView:
        self.thumbnail_view = QListView()
        self.thumbnail_view.setObjectName("pageThumbnails")
        self.thumbnail_view.setAccessibleName(self.tr("页面缩略图"))
        self.thumbnail_view.setModel(self.pages)
        self.thumbnail_view.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnail_view.setFlow(QListView.Flow.TopToBottom)
        self.thumbnail_view.setWrapping(False)
        self.thumbnail_view.setMovement(QListView.Movement.Static)
        self.thumbnail_view.setSpacing(8)
        self.thumbnail_view.setIconSize(
            QSize(self.pages.thumb_width, round(self.pages.thumb_width * 1.42))
        )
        self.thumbnail_view.setMinimumWidth(self.pages.thumb_width + 48)
        self.thumbnail_view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.show_page(current.row()) if current.isValid() else None
        )
        return self.thumbnail_view

    def _page_area(self) -> QScrollArea:
        self.page_view = QLabel()
        self.page_view.setObjectName("pageImage")
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_view.setAccessibleName(self.tr("页面"))
        self.page_view.setMargin(16)
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidget(self.page_view)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setStyleSheet(
            "QScrollArea#pageScroll, #pageImage { background: #8A939E; }"
        )
        return self.page_scroll

    def _buttons(self, report_id: str) -> QHBoxLayout:
        info = self.tr("共 %1 页").replace("%1", str(len(self.renderer.pages)))
        if report_id:
            info = self.tr("报告编号 %1").replace("%1", report_id) + " · " + info
        self.info_label = QLabel(info)
        self.info_label.setObjectName("hint")
        self.save_button = QPushButton(self.tr("保存…"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.info_label, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    def _shortcuts(self) -> None:
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
            (QKeySequence(Qt.Key.Key_PageDown), lambda: self.show_page(self.current + 1)),
            (QKeySequence(Qt.Key.Key_PageUp), lambda: self.show_page(self.current - 1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # the first time: the page as wide as the view (sizes are known now)
            self._fitted = True
            QTimer.singleShot(0, self.fit_width)

    # ---- pages and zoom ----

    def page_count(self) -> int:
        """The number of pages shown."""
        return self.pages.rowCount()

    def scale(self) -> float:
        """Device pixels per PDF point at the current zoom."""
        return self.zoom / 100.0 * SCREEN_DPI / POINTS_PER_INCH * self.devicePixelRatioF()

    @Slot(int)
    def show_page(self, index: int) -> None:
        """Show page ``index`` (clamped) and ask the renderer for it."""
        index = max(0, min(index, self.page_count() - 1))
        self.current = index
        self.page_label.setText(
            self.tr("第 %1 / %2 页")
            .replace("%1", str(index + 1))
            .replace("%2", str(self.page_count()))
        )
        self.zoom_label.setText(f"{self.zoom}%")
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.page_count() - 1)
        self.zoom_out_button.setEnabled(self.zoom > ZOOM_STEPS[0])
        self.zoom_in_button.setEnabled(self.zoom < ZOOM_STEPS[-1])
        model_index = self.pages.index(index)
        if self.thumbnail_view.currentIndex() != model_index:
            self.thumbnail_view.selectionModel().setCurrentIndex(
                model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self.renderer.request_page(index, self.scale())

    def step_zoom(self, direction: int) -> None:
        """The next zoom step up (1) or down (-1)."""
        larger = [z for z in ZOOM_STEPS if z > self.zoom]
        smaller = [z for z in ZOOM_STEPS if z < self.zoom]
        if direction > 0 and larger:
            self.set_zoom(larger[0])
        elif direction < 0 and smaller:
            self.set_zoom(smaller[-1])

    def set_zoom(self, percent: int) -> None:
        """Zoom to ``percent`` (of the page's size at 96 dpi)."""
        self.zoom = max(25, min(int(percent), 400))
        self.show_page(self.current)

    @Slot()
    def fit_width(self) -> None:
        """Zoom so the page fills the width of the view."""
        width_points = self.renderer.pages.sizes[self.current][0]
        available = (
            self.page_scroll.viewport().width() - 2 * 16 - 24
        )  # the page's margin, a scroll bar
        self.set_zoom(int(100 * available / (width_points * SCREEN_DPI / POINTS_PER_INCH)))

    @Slot(int, float, QImage)
    def _page_rendered(self, index: int, scale: float, image: QImage) -> None:
        if index != self.current or abs(scale - self.scale()) > 1e-6:
            return  # an answer to an older request
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.page_view.setPixmap(pixmap)

    def page_shown(self) -> bool:
        """Whether the current page's image has arrived."""
        pixmap = self.page_view.pixmap()
        return pixmap is not None and not pixmap.isNull()

    # ---- saving and closing ----

    @Slot()
    def save(self) -> None:
        """Ask where, then write the previewed bytes there (atomically)."""
        from reports.pdf.writer import save_bytes

        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存 PDF 报告"), str(self.suggested), self.tr("PDF 文件 (*.pdf)")
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        if not run_op(self, lambda: save_bytes(self.data, path)):
            return
        self.saved.emit(path)
        self.accept()

    def done(self, result: int) -> None:
        self.renderer.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.renderer.stop()
        super().closeEvent(event)
