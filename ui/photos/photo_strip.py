"""PhotoStrip: the photos of one item or finding as thumbnails; add by button, drag and drop, or paste."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.open_assessment import OpenAssessment

Index = QModelIndex | QPersistentModelIndex
THUMB = 72
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".heic")


class PhotoListModel(QAbstractListModel):
    """The photos of one place: thumbnail (DecorationRole), name and date taken (tooltip)."""

    PhotoRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: list[Any] = []
        self._icons: dict[int, QIcon] = {}
        self.path_of: Any = None  # PhotoRef → Path of its report copy

    def set_rows(self, photos: list[Any]) -> None:
        """Replace every photo (a model reset)."""
        self.beginResetModel()
        self._photos = list(photos)
        self.endResetModel()

    def photo(self, row: int) -> Any:
        """The PhotoRef at ``row``."""
        return self._photos[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        p = self._photos[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(p)
        if role == Qt.ItemDataRole.ToolTipRole:
            taken = f"\n{p.taken_at:%Y-%m-%d %H:%M}" if p.taken_at else ""
            return f"{p.name}{taken}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return p.name
        if role == self.PhotoRole:
            return p
        return None

    def _icon(self, p: Any) -> QIcon:
        icon = self._icons.get(p.id)
        if icon is None and self.path_of is not None:
            image = QImage(str(self.path_of(p)))
            pixmap = QPixmap.fromImage(
                image.scaled(
                    THUMB,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            icon = self._icons[p.id] = QIcon(pixmap)
        return icon or QIcon()


class PhotoStrip(QWidget):
    """Thumbnails of the photos of an item or a finding, with 添加照片 / 删除; accepts dropped
    image files and pasted images (Ctrl+V).

    Signals:
        failed(object exc): adding or removing failed (a limit, not a photo); the owner shows it.
    """

    failed = Signal(object)

    def __init__(self, model: OpenAssessment, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.place: tuple[str, str, str | None, int | None] | None = None
        self.photos = PhotoListModel(self)
        self.photos.path_of = model.photo_file
        self.view = QListView(self)
        self.view.setObjectName("photoList")
        self.view.setModel(self.photos)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(False)
        self.view.setIconSize(QSize(THUMB, THUMB))
        self.view.setFixedHeight(THUMB + 24)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAcceptDrops(False)  # the strip takes the drop
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.hint = QLabel(self)
        self.hint.setObjectName("photoHint")
        self.hint.setWordWrap(True)
        self.title = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title)
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        layout.addWidget(self.hint)
        self.setAcceptDrops(True)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        if hasattr(model, "photosChanged"):
            model.photosChanged.connect(self._photos_changed)
        self.retranslate_ui()

    # ---- public ----

    def set_place(
        self, checklist_id: str, item_id: str, code: str | None = None, row: int | None = None
    ) -> None:
        """Show the photos of an item (``code`` None) or of a finding."""
        self.place = (checklist_id, item_id, code, row)
        self.reload()

    def clear_place(self) -> None:
        """Show nothing (no item or finding chosen)."""
        self.place = None
        self.photos.set_rows([])
        self._enable()

    def reload(self) -> None:
        """Read the photos of the place again."""
        self.photos.set_rows(self.model.photos(*self.place) if self.place else [])
        self._enable()

    def add_files(self, paths: list[Path]) -> None:
        """Attach each file; the first refusal stops and is reported through ``failed``."""
        place = self.place
        if place is None:
            return
        for path in paths:
            if not self._add(lambda p=path: self.model.attach_photo(*place, p)):
                break
        self.reload()

    def add_image(self, image: QImage) -> bool:
        """Attach an image (e.g. from the clipboard) as a PNG."""
        if image.isNull() or self.place is None:
            return False
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide takes the str form
        place, name = self.place, self.tr("粘贴的图片.png")
        ok = self._add(lambda: self.model.attach_photo(*place, bytes(data.data()), name=name))
        self.reload()
        return ok

    # ---- slots ----

    @Slot()
    def choose_files(self) -> None:
        """Ask for photo files and attach them."""
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("选择照片"),
            "",
            self.tr("图片 (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff)"),
        )
        if names:
            self.add_files([Path(n) for n in names])

    @Slot()
    def paste(self) -> None:
        """Attach the image (or image files) on the clipboard."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        if mime.hasImage():
            self.add_image(QImage(mime.imageData()))
        elif mime.hasUrls():
            self.add_files(_photo_paths(mime.urls()))

    @Slot()
    def remove_selected(self) -> None:
        """Detach the selected photo."""
        index = self.view.currentIndex()
        if index.isValid():
            pid = self.photos.photo(index.row()).id
            self._add(lambda: self.model.remove_photo(pid))
            self.reload()

    @Slot(str, str)
    def _photos_changed(self, checklist_id: str, item_id: str) -> None:
        if self.place is not None and self.place[:2] == (checklist_id, item_id):
            self.reload()

    # ---- drag and drop ----

    def dragEnterEvent(self, event: Any) -> None:
        if self._can_take(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        if self._can_take(event):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        mime = event.mimeData()
        if not self._can_take(event):
            return
        event.acceptProposedAction()
        if mime.hasUrls():
            self.add_files(_photo_paths(mime.urls()))
        elif mime.hasImage():
            self.add_image(QImage(mime.imageData()))

    def _can_take(self, event: Any) -> bool:
        mime = event.mimeData()
        writable = self.place is not None and not self.model.read_only
        return writable and (mime.hasImage() or bool(_photo_paths(mime.urls())))

    # ---- helpers ----

    def _add(self, op: Any) -> bool:
        if self.place is None:
            return False
        try:
            op()
        except Exception as exc:  # a limit or not a photo: the owner shows the words
            self.failed.emit(exc)
            return False
        return True

    def _enable(self) -> None:
        # Without photos the strip is one line (title and button): the page keeps its room.
        has_photos = self.photos.rowCount() > 0
        self.view.setVisible(has_photos)
        self.hint.setVisible(has_photos)
        writable = self.place is not None and not self.model.read_only
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and self.photos.rowCount() > 0)

    def retranslate_ui(self) -> None:
        """Every visible text in the current language."""
        self.title.setText(self.tr("照片（可拖入或粘贴）"))
        self.add_button.setToolTip(
            self.tr("可把照片拖到这里，或复制图片后按 Ctrl+V 粘贴。报告中显示缩小后的照片。")
        )
        self.add_button.setText(self.tr("添加照片…"))
        self.remove_button.setText(self.tr("删除照片"))
        self.remove_button.setToolTip(
            self.tr("删除选中的照片（Delete）；可用“编辑 › 撤销”（Ctrl+Z）恢复")
        )
        self.hint.setText(
            self.tr("可把照片拖到这里，或复制图片后按 Ctrl+V 粘贴。报告中显示缩小后的照片。")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def _photo_paths(urls: list[Any]) -> list[Path]:
    """Local image files among dropped or pasted URLs."""
    out = []
    for url in urls:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in PHOTO_SUFFIXES:
                out.append(path)
    return out
