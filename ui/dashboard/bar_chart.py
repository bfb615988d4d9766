"""BarChart: clean, large horizontal bars drawn with QPainter (no QtCharts in PySide6-Essentials)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

TRACK = QColor("#EEF1F4")
LABEL = QColor("#1B2430")
CAPTION = QColor("#6B7480")
EMPTY_TEXT = QColor("#8A939E")


@dataclass(frozen=True)
class Bar:
    """One row: a label, the value (None: nothing to show yet), its colour and words."""

    label: str
    value: float | None
    color: str
    value_text: str
    caption: str = ""
    empty_text: str = ""


class BarChart(QWidget):
    """Horizontal bars, one per row, scaled to ``maximum`` (or to the largest value).

    ``large`` draws taller rows with a caption line and big value figures (the compliance
    chart); the compact form suits counts. Only paints: the texts come from the caller.
    """

    def __init__(
        self, *, large: bool = False, maximum: float | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.large = large
        self.maximum = maximum
        self.bars: list[Bar] = []
        self.row_height = 66 if large else 38
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        """Replace the rows and repaint."""
        self.bars = list(bars)
        self.setFixedHeight(self.sizeHint().height())
        self.setAccessibleDescription(
            "; ".join(f"{b.label}: {b.value_text or b.empty_text}" for b in self.bars)
        )
        self.update()

    def bar_at(self, y: float) -> Bar | None:
        """The row at height ``y`` (None between or past the rows)."""
        row = int((y - 4) // self.row_height)
        return self.bars[row] if 0 <= row < len(self.bars) and y >= 4 else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            bar = self.bar_at(event.pos().y())
            if bar is None:
                QToolTip.hideText()
            else:  # the whole label: a long one is elided on the chart
                QToolTip.showText(
                    event.globalPos(), f"{bar.label}: {bar.value_text or bar.empty_text}", self
                )
            return True
        return super().event(event)

    def sizeHint(self) -> QSize:
        return QSize(520, max(1, len(self.bars)) * self.row_height + 8)

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        label, caption, value = QFont(self.font()), QFont(self.font()), QFont(self.font())
        base = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        label.setPointSizeF(base * (1.25 if self.large else 1.1))
        label.setWeight(QFont.Weight.DemiBold if self.large else QFont.Weight.Normal)
        caption.setPointSizeF(base * 0.95)
        value.setPointSizeF(base * (1.7 if self.large else 1.25))
        value.setWeight(QFont.Weight.Bold)
        return label, caption, value

    def _label_width(self, font: QFont) -> float:
        metrics = QFontMetrics(font)
        widest = max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0)
        return float(min(max(widest + 16, 90), self.width() * (0.36 if self.large else 0.42)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        label_font, caption_font, value_font = self._fonts()
        label_width = self._label_width(label_font)
        value_width = QFontMetrics(value_font).horizontalAdvance("100.0%") + 12
        top_value = self.maximum or max((b.value or 0.0 for b in self.bars), default=0.0) or 1.0
        for row, bar in enumerate(self.bars):
            top = 4 + row * self.row_height
            self._paint_row(
                painter,
                bar,
                top,
                label_width,
                value_width,
                top_value,
                (label_font, caption_font, value_font),
            )
        painter.end()

    def _paint_row(
        self,
        painter: QPainter,
        bar: Bar,
        top: float,
        label_width: float,
        value_width: float,
        top_value: float,
        fonts: tuple[QFont, QFont, QFont],
    ) -> None:
        label_font, caption_font, value_font = fonts
        bar_height = 22.0 if self.large else 16.0
        line = top + (24.0 if self.large else self.row_height / 2)
        painter.setFont(label_font)
        painter.setPen(LABEL)
        label_rect = QRectF(0, line - 14, label_width - 12, 28)
        elided = QFontMetrics(label_font).elidedText(
            bar.label, Qt.TextElideMode.ElideRight, int(label_rect.width())
        )
        painter.drawText(
            label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided
        )
        track = QRectF(
            label_width,
            line - bar_height / 2,
            max(10.0, self.width() - label_width - value_width),
            bar_height,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(track, bar_height / 2, bar_height / 2)
        if bar.value is not None and bar.value > 0:
            filled = QRectF(
                track.left(),
                track.top(),
                max(bar_height, track.width() * min(bar.value / top_value, 1.0)),
                bar_height,
            )
            painter.setBrush(QColor(bar.color))
            painter.drawRoundedRect(filled, bar_height / 2, bar_height / 2)
        value_rect = QRectF(track.right() + 10, line - 16, value_width - 10, 32)
        if bar.value is None:
            painter.setFont(caption_font)
            painter.setPen(EMPTY_TEXT)
            painter.drawText(
                track.adjusted(12, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, bar.empty_text
            )
        else:
            painter.setFont(value_font)
            painter.setPen(LABEL)
            painter.drawText(
                value_rect,
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                bar.value_text,
            )
        if self.large and bar.caption:
            painter.setFont(caption_font)
            painter.setPen(CAPTION)
            caption_rect = QRectF(
                label_width, line + bar_height / 2 + 3, track.width() + value_width, 20
            )
            painter.drawText(
                caption_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, bar.caption
            )
