"""A person's week as a bar: each task force's share in turn, pencilled ones hatched, against capacity."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from smarket_planner.services.views.staffing_view import percent
from smarket_planner.ui.kit.form_fields import warning_colour

Share = tuple[str, float, bool]  # a task force's name, its share of the week, whether in pencil
BAR = 22  # the bar's height in pixels
ROOM = 1.08  # the scale runs a little past the larger of capacity and load, so the capacity line shows


class LoadBar(QWidget):
    """How a person's week fills up with a role: shares in turn, the new one highlighted, capacity marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shares: tuple[Share, ...] = ()
        self._capacity = 100.0
        self._new = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        """As wide as the dialog allows; tall enough for the bar and the capacity's label."""
        return QSize(360, BAR + self.fontMetrics().height() + 8)

    def set_load(self, shares: Sequence[Share], capacity_pct: float, new_team: str = "") -> None:
        """Show the shares that fill someone's week, the one on ``new_team`` being the role offered."""
        self._shares = tuple(shares)
        self._capacity = capacity_pct
        self._new = new_team
        self.setToolTip(
            " · ".join(
                f"{name} {percent(share)}{' (pencil)' if pencil else ''}" for name, share, pencil in shares
            )
        )
        self.update()

    def clear(self) -> None:
        """Show nothing: no one is chosen."""
        self.set_load((), 100.0)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The shares left to right, the part past capacity in red, and the capacity line."""
        if not self._shares:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        total = sum(share for _name, share, _pencil in self._shares)
        scale = (self.width() - 2) / (max(total, self._capacity, 1.0) * ROOM)
        bar = QRectF(1, 1, self.width() - 2, BAR)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(bar, 3, 3)
        x = bar.left()
        for number, (name, share, pencil) in enumerate(self._shares):
            width = share * scale
            cell = QRectF(x, bar.top(), width, BAR)
            self._paint_share(painter, cell, name, share, pencil, number)
            x += width
        capacity_x = bar.left() + self._capacity * scale
        if total > self._capacity:
            over = QColor(warning_colour(palette))
            over.setAlpha(110)
            painter.fillRect(QRectF(capacity_x, bar.top(), x - capacity_x, BAR), over)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 2))
        painter.drawLine(int(capacity_x), int(bar.top()) - 1, int(capacity_x), int(bar.bottom()) + 3)
        label = f"capacity {percent(self._capacity)}"
        metrics = self.fontMetrics()
        left = min(
            capacity_x - metrics.horizontalAdvance(label) / 2, self.width() - metrics.horizontalAdvance(label)
        )
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(int(max(left, 0)), int(bar.bottom()) + 4 + metrics.ascent(), label)
        painter.end()

    def _paint_share(
        self, painter: QPainter, cell: QRectF, name: str, share: float, pencil: bool, number: int
    ) -> None:
        palette = self.palette()
        new = name == self._new
        fill = (
            palette.color(QPalette.ColorRole.Highlight) if new else palette.color(QPalette.ColorRole.Midlight)
        )
        if not new and number % 2:
            fill = fill.darker(112)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Window), 1))
        painter.setBrush(fill)
        painter.drawRect(cell)
        if pencil:  # tentative: hatched, like a booking in pencil
            hatch = QColor(palette.color(QPalette.ColorRole.Window if new else QPalette.ColorRole.Dark))
            hatch.setAlpha(120)
            painter.fillRect(cell, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        text = f"{name} {percent(share)}"
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, int(cell.width()) - 8)
        if len(shown) > 4:
            role = QPalette.ColorRole.HighlightedText if new else QPalette.ColorRole.Text
            painter.setPen(palette.color(role))
            painter.drawText(cell.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, shown)
