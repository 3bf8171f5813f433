"""The Overview's alignment health: the score in its band, each part's points and what costs them."""

from __future__ import annotations

import textwrap
from html import escape

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smarket_planner.analysis.health import costliest, held_down
from smarket_planner.analysis.model import Health, HealthComponent
from smarket_planner.ui.kit.marks import health_colour
from smarket_planner.ui.kit.scheme import text_on_window

NOT_SCORED = "Alignment health is worked out for proposed, forming and active task forces only."
WAITING = "Working out the alignment health…"
COSTS_SHOWN = 3  # the parts losing most points, each with its first reason
ROWS = 4  # the seven parts in two columns


class PartBar(QWidget):
    """A part's score out of 100 as a short bar in the colour of its band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score = 0.0
        self.setFixedHeight(max(6, self.fontMetrics().height() // 3))
        self.setMinimumWidth(60)

    def sizeHint(self) -> QSize:
        """About as wide as a short word."""
        return QSize(90, self.height())

    def set_score(self, score: float) -> None:
        """Show a score from 0 to 100."""
        self.score = max(0.0, min(score, 100.0))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The track, then the filled share."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QColor(self.palette().color(QPalette.ColorRole.Mid))
        track.setAlpha(70)
        radius = self.height() / 2
        painter.setBrush(track)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        painter.setBrush(health_colour(self.score))
        filled = QRectF(0, 0, self.width() * self.score / 100, self.height())
        painter.drawRoundedRect(filled, radius, radius)


class HealthPanel(QGroupBox):
    """The health as the charter prints it: score, band, parts, and what costs them points."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Alignment health", parent)
        self._shown: tuple[Health | None, bool] = (None, False)
        self.score = QLabel(self)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.4)
        big.setBold(True)
        self.score.setFont(big)
        self.score.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.band = QLabel(self)
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.band.setWordWrap(True)
        width = self.fontMetrics().horizontalAdvance("Needs attention") + 8
        self.score.setMinimumWidth(width)
        self.band.setFixedWidth(width)
        badge = QVBoxLayout()
        badge.addWidget(self.score)
        badge.addWidget(self.band)
        badge.addStretch(1)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnMinimumWidth(3, 12)
        self.rows: list[tuple[QLabel, PartBar, QLabel]] = []
        self.held = QLabel(self)
        self.held.setWordWrap(True)
        self.costs = QLabel(self)
        self.costs.setWordWrap(True)
        self.costs.setTextFormat(Qt.TextFormat.RichText)
        parts = QVBoxLayout()
        parts.addLayout(self.grid)
        parts.addWidget(self.held)
        parts.addWidget(self.costs)
        layout = QHBoxLayout(self)
        layout.addLayout(badge)
        layout.addSpacing(6)
        layout.addLayout(parts, 1)
        self.show_health(None, scored=False)

    def changeEvent(self, event: QEvent) -> None:
        """Colour the score again for the new light or dark scheme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "costs"):
            self.show_health(*self._shown)

    def show_health(self, health: Health | None, scored: bool = True) -> None:
        """Show a task force's health; None with ``scored`` while the analysis runs, else not scored."""
        self._shown = (health, scored)
        if health is None:
            self.score.setText("\u2013")
            self.score.setStyleSheet("")
            self.band.setText("")
            self.held.setText(WAITING if scored else NOT_SCORED)
            self.held.show()
            self.costs.hide()
            self._show_parts(())
            return
        colour = text_on_window(health_colour(health.score), self.palette()).name()
        self.score.setText(f"{health.score:.0f}")
        self.score.setStyleSheet(f"color: {colour};")
        self.band.setText(f"out of 100<br><b style='color: {colour}'>{health.band.label.capitalize()}</b>")
        self.held.setText(held_down(health))
        self.held.setVisible(bool(health.open_errors))
        lines = [_cost_line(part) for part in costliest(health)[:COSTS_SHOWN]]
        self.costs.setText("<br>".join(lines))
        self.costs.setVisible(bool(lines))
        self._show_parts(health.components)

    def _show_parts(self, parts: tuple[HealthComponent, ...]) -> None:
        while len(self.rows) < len(parts):
            self._add_row()
        for index, row in enumerate(self.rows):
            for widget in row:
                widget.setVisible(index < len(parts))
        for (name, bar, points), part in zip(self.rows, parts, strict=False):
            name.setText(_title(part))
            points.setText(f"{round(part.contribution, 1):g} of {part.weight * 100:.0f}")
            bar.set_score(part.score)
            tip = "\n".join(textwrap.fill(reason, 90) for reason in part.reasons)
            for widget in (name, bar, points):
                widget.setToolTip(tip)

    def _add_row(self) -> None:
        index = len(self.rows)
        row, column = index % ROWS, (index // ROWS) * 4
        name, bar, points = QLabel(self), PartBar(self), QLabel(self)
        points.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(name, row, column)
        self.grid.addWidget(bar, row, column + 1, Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(points, row, column + 2)
        self.rows.append((name, bar, points))


def _cost_line(part: HealthComponent) -> str:
    """A part that lost points, as rich text: its name, the points lost and its first reason."""
    lost = part.weight * 100 - part.contribution
    more = f" (and {len(part.reasons) - 1} more)" if len(part.reasons) > 1 else ""
    return f"<b>{escape(_title(part))}</b> \u2212{round(lost, 1):g}: {escape(part.reasons[0])}{more}"


def _title(part: HealthComponent) -> str:
    """A part's name as a heading: "KPI status", "Shared KPIs"."""
    return part.name[:1].upper() + part.name[1:]
