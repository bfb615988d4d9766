"""SignaturePad: a handwritten signature drawn with the mouse or a pen, exported as a transparent PNG."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#1B2A4A")
BASE_WIDTH = 2.6  # pen width in pixels at medium pressure
MOUSE_PRESSURE = 0.5
EXPORT_SCALE = 3.0  # the PNG is drawn at 3× so it stays sharp on paper
EXPORT_MARGIN = 6.0

Stroke = list[tuple[QPointF, float]]  # points with pen pressure 0..1


def _width(pressure: float) -> float:
    return BASE_WIDTH * (0.45 + 1.1 * max(0.0, min(pressure, 1.0)))


def paint_strokes(painter: QPainter, strokes: list[Stroke]) -> None:
    """Draw ``strokes`` as smooth curves (quadratic through the midpoints), wider where pressed harder."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for stroke in strokes:
        if len(stroke) == 1:
            point, pressure = stroke[0]
            radius = _width(pressure) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(INK)
            painter.drawEllipse(point, radius, radius)
            continue
        for i in range(1, len(stroke)):
            before, _ = stroke[i - 1]
            point, pressure = stroke[i]
            start = before if i == 1 else (stroke[i - 2][0] + before) / 2
            end = (before + point) / 2 if i < len(stroke) - 1 else point
            path = QPainterPath(start)
            path.quadTo(before, end)
            pen = QPen(
                INK,
                _width(pressure),
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)


class SignaturePad(QWidget):
    """A white pad to sign on; strokes keep the pen's pressure when a tablet gives one.

    Signals:
        changed(): a stroke was added or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAccessibleName(self.tr("手写签名板"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(360, 150)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, True)
        self.strokes: list[Stroke] = []
        self._drawing = False
        self.hint = self.tr("在此处用鼠标或手写笔签名")

    def sizeHint(self) -> QSize:
        return QSize(460, 160)

    def is_empty(self) -> bool:
        """Whether nothing has been drawn."""
        return not self.strokes

    @Slot()
    def clear(self) -> None:
        """Remove every stroke."""
        self.strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    # ---- input ----

    def _begin(self, point: QPointF, pressure: float) -> None:
        self.strokes.append([(point, pressure)])
        self._drawing = True
        self.update()

    def _extend(self, point: QPointF, pressure: float) -> None:
        if self._drawing and self.strokes:
            last = self.strokes[-1][-1][0]
            if (point - last).manhattanLength() >= 1.0:
                self.strokes[-1].append((point, pressure))
                self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), MOUSE_PRESSURE)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position(), MOUSE_PRESSURE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), MOUSE_PRESSURE)
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = event.pressure() if event.pressure() > 0 else MOUSE_PRESSURE
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesized mouse events: the stroke is drawn once

    # ---- drawing and export ----

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#C5CCD5"), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        baseline = self.height() * 0.72
        painter.setPen(QPen(QColor("#D5DAE0"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        if self.is_empty():
            painter.setPen(QColor("#9AA3AE"))
            painter.drawText(
                self.rect().adjusted(0, 0, 0, -int(self.height() * 0.35)),
                Qt.AlignmentFlag.AlignCenter,
                self.hint,
            )
        paint_strokes(painter, self.strokes)
        painter.end()

    def ink_bounds(self) -> QRectF:
        """The rectangle the strokes cover (with the pen's width)."""
        bounds = QRectF()
        for stroke in self.strokes:
            for point, pressure in stroke:
                half = _width(pressure) / 2
                bounds = bounds.united(
                    QRectF(point.x() - half, point.y() - half, 2 * half, 2 * half)
                )
        return bounds

    def to_image(self) -> QImage | None:
        """The signature on a transparent background, cropped to the ink (None when empty)."""
        if self.is_empty():
            return None
        bounds = self.ink_bounds().adjusted(
            -EXPORT_MARGIN, -EXPORT_MARGIN, EXPORT_MARGIN, EXPORT_MARGIN
        )
        size = QSize(
            max(1, round(bounds.width() * EXPORT_SCALE)),
            max(1, round(bounds.height() * EXPORT_SCALE)),
        )
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(EXPORT_SCALE, EXPORT_SCALE)
        painter.translate(-bounds.topLeft())
        paint_strokes(painter, self.strokes)
        painter.end()
        return image

    def to_png(self) -> bytes | None:
        """The signature as PNG bytes with an alpha channel (None when empty)."""
        image = self.to_image()
        if image is None:
            return None
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 wants str
        buffer.close()
        return bytes(data.data())
