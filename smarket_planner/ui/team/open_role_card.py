"""An open role as a card of two lines: what and how much; then which function, when and what skills."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from smarket_planner.services.views.open_roles_view import OpenRoleView
from smarket_planner.services.views.staffing_view import percent
from smarket_planner.ui.kit.dates import day_text, span_text
from smarket_planner.ui.kit.form_fields import warning_colour

Index = QModelIndex | QPersistentModelIndex
PENCIL = "\u270e"  # ✎: a booking that may not go ahead
PAD = 6  # pixels around a card's words
BAR = 5  # the width of the function's colour down the card's left side


def capitalised(text: str) -> str:
    """A name as the first words of a line: "someone from Sales" reads "Someone from Sales"."""
    return text[:1].upper() + text[1:]


def booking_tip(role: OpenRoleView) -> str:
    """Whether a role is tentative or confirmed, and why, in words."""
    status = role.status.label.lower()
    if role.pencilled:
        return f"Tentative: {role.task_force_name} is {status}"
    return f"Confirmed: {role.task_force_name} is {status}"


def card_height(font: QFont) -> int:
    """How tall a card is in a font: two lines and the room around them."""
    return QFontMetrics(font).lineSpacing() * 2 + PAD * 2 + 2


@dataclass(frozen=True, slots=True)
class CardText:
    """The words on an open role's card."""

    title: str  # "Solutions engineer"
    part: str  # "Core · 50%"
    function: str  # "Sales"
    when: str  # "11 Jan 2027 to 22 May 2027", with a dash
    late: str  # "⚠ Overdue since 16 Nov 2026" when it should have started by now and is still open
    skills: str  # "wants German, pricing", or nothing
    mark: str  # "✎ pencil" while the team is proposed or forming, else nothing

    @classmethod
    def of(cls, role: OpenRoleView, today: date) -> CardText:
        """The card of a role as of ``today``."""
        overdue = role.first_day is not None and role.first_day < today
        return cls(
            capitalised(role.name),
            f"{role.role.label} · {percent(role.allocation_pct)}",
            role.function_name,
            span_text(role.first_day, role.last_day),
            f"\u26a0 Overdue since {day_text(role.first_day)}" if overdue else "",
            f"wants {', '.join(role.skills)}" if role.skills else "no skills named",
            f"{PENCIL} pencil" if role.pencilled else "",
        )

    @property
    def overdue(self) -> bool:
        """Whether it should have started by now and is still open."""
        return bool(self.late)


class OpenRoleCard(QStyledItemDelegate):
    """Paints each open role as a card: the function's colour down the side, its words in two lines."""

    def __init__(
        self, card_at: Callable[[Index], tuple[CardText, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._card_at = card_at  # the card's words and the function's colour, for a row

    def sizeHint(self, option: QStyleOptionViewItem, _index: Index) -> QSize:
        """Two lines of text with room around them."""
        return QSize(320, card_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """The card: its background (selected or not), the colour bar, then the two lines."""
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        card, colour = self._card_at(index)
        rect: QRect = option.rect
        painter.save()
        painter.fillRect(QRect(rect.left() + 2, rect.top() + 3, BAR, rect.height() - 6), QColor(colour))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        quiet = text if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        warn = text if selected else warning_colour(palette)
        line = QFontMetrics(option.font).lineSpacing()
        inner = rect.adjusted(BAR + 2 + PAD * 2, PAD, -PAD * 2, -PAD)
        first = QRect(inner.left(), inner.top(), inner.width(), line)
        second = first.translated(0, line)
        bold = QFont(option.font)
        bold.setBold(True)
        right = self._right(painter, first, card.part, option.font, text)
        title = [(card.title, bold, text), ("   ", option.font, text), (card.late, bold, warn)]
        self._left(painter, first.adjusted(0, 0, -right - PAD * 2, 0), title if card.late else title[:1])
        mark = self._right(painter, second, card.mark, option.font, quiet) if card.mark else 0
        parts = [
            (card.function, option.font, quiet),
            (" · ", option.font, quiet),
            (card.when, option.font, quiet),
            (" · ", option.font, quiet),
            (card.skills, option.font, quiet),
        ]
        self._left(painter, second.adjusted(0, 0, -mark - PAD * 2, 0), parts)
        painter.restore()

    @staticmethod
    def _right(painter: QPainter, rect: QRect, words: str, font: QFont, colour: QColor) -> int:
        """Words at the right of a line; how wide they are."""
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, words)
        return QFontMetrics(font).horizontalAdvance(words)

    @staticmethod
    def _left(painter: QPainter, rect: QRect, parts: list[tuple[str, QFont, QColor]]) -> None:
        """Pieces of a line in their own fonts and colours, left to right, the last one cut short to fit."""
        x = rect.left()
        for words, font, colour in parts:
            metrics = QFontMetrics(font)
            room = rect.right() - x
            shown = metrics.elidedText(words, Qt.TextElideMode.ElideRight, room)
            if room <= 0 or not shown:
                return
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRect(x, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignVCenter, shown)
            x += metrics.horizontalAdvance(shown)
            if shown != words:
                return
