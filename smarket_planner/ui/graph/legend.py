"""The key to a graph: which colour is which function, what the shapes, marks and lines mean."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from smarket_planner.analysis.graph_model import GraphPicture, LinkKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.ui.graph.palette import (
    BOTTLENECK,
    CRITICAL,
    INK,
    LINK_COLOURS,
    LINK_STYLES,
    OUTLINE,
    QUIET_INK,
    SINGLE_POINT,
    font,
    metrics,
)

ROW, SWATCH, PAD, GAP = 15.0, 18.0, 8.0, 6.0
MAX_FUNCTIONS = 8  # more colours than this are listed as "and N more"


@dataclass(frozen=True)
class Legend:
    """What a graph's key lists: only what the graph shows."""

    functions: tuple[tuple[str, str], ...]  # name, colour
    shapes: tuple[str, ...]  # "box", "hexagon", "disc", "diamond"
    critical: bool
    in_cycle: bool
    bottleneck: bool
    single_point: bool
    external: bool
    links: tuple[LinkKind, ...]


def legend_of(picture: GraphPicture) -> Legend:
    """The key for a picture: its functions by colour, the shapes, marks and line kinds it uses."""
    functions: dict[str, str] = {}
    shapes: list[str] = []
    boxed = picture.directed
    for node in picture.nodes:
        if node.function and node.entity is not EntityKind.TASK_FORCE:
            functions.setdefault(node.function, node.colour)
        shape = {
            (True, EntityKind.TASK_FORCE): "hexagon",
            (False, EntityKind.TASK_FORCE): "diamond",
        }.get((boxed, node.entity), "box" if boxed else "disc")
        if shape not in shapes:
            shapes.append(shape)
    kinds = {link.kind for link in picture.links}
    return Legend(
        functions=tuple(sorted(functions.items(), key=lambda pair: pair[0].casefold())),
        shapes=tuple(shapes),
        critical=any(n.critical for n in picture.nodes),
        in_cycle=any(n.in_cycle for n in picture.nodes),
        bottleneck=any(n.bottleneck for n in picture.nodes),
        single_point=any(n.single_point for n in picture.nodes),
        external=any(n.external for n in picture.nodes),
        links=tuple(kind for kind in LinkKind if kind in kinds),
    )


SHAPE_WORDS = {
    "box": "Deliverable",
    "hexagon": "Task force",
    "disc": "Person or function",
    "diamond": "Large team",
}


def _rows(legend: Legend) -> list[tuple[str, str, str]]:
    """(what to draw, its colour, its words) for each line of the key."""
    rows = [("swatch", colour, name) for name, colour in legend.functions[:MAX_FUNCTIONS]]
    if len(legend.functions) > MAX_FUNCTIONS:
        rows.append(("none", "", f"and {len(legend.functions) - MAX_FUNCTIONS} more functions"))
    rows += [(shape, OUTLINE, SHAPE_WORDS[shape]) for shape in legend.shapes]
    marks = (
        (legend.critical, "critical", CRITICAL, "Critical path"),
        (legend.in_cycle, "loop", CRITICAL, "Loop of dependencies"),
        (legend.bottleneck, "bottleneck", BOTTLENECK, "Bottleneck"),
        (legend.single_point, "single", SINGLE_POINT, "Single point of failure"),
        (legend.external, "external", OUTLINE, "Another team's work"),
    )
    rows += [(what, colour, words) for shown, what, colour, words in marks if shown]
    rows += [(f"link:{kind.value}", LINK_COLOURS[kind], kind.label) for kind in legend.links]
    return rows


def legend_size(legend: Legend) -> QSizeF:
    """How much room the key takes, in points (or device pixels on screen)."""
    rows = _rows(legend)
    text = metrics(8.0)
    width = max((text.horizontalAdvance(words) for _, _, words in rows), default=0.0)
    return QSizeF(PAD * 2 + SWATCH + GAP + width, PAD * 2 + ROW * len(rows))


def paint_legend(painter: QPainter, legend: Legend, top_left: QPointF) -> QRectF:
    """Draw the key at a point, on a pale card; used by the screen and by every export."""
    rows = _rows(legend)
    size = legend_size(legend)
    card = QRectF(top_left, size)
    if not rows:
        return card
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#d1d5db"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(card, 6, 6)
    painter.setFont(font(8.0))
    y = card.top() + PAD
    for what, colour, words in rows:
        icon = QRectF(card.left() + PAD, y + 2, SWATCH, ROW - 4)
        _paint_icon(painter, what, QColor(colour) if colour else QColor(INK), icon)
        painter.setPen(QColor(QUIET_INK if what == "none" else INK))
        text_rect = QRectF(icon.right() + GAP, y, card.right() - icon.right() - GAP - PAD, ROW)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)
        y += ROW
    painter.restore()
    return card


def _paint_icon(painter: QPainter, what: str, colour: QColor, rect: QRectF) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    mid = rect.center()
    square = QRectF(mid.x() - rect.height() / 2, rect.top(), rect.height(), rect.height())
    if what == "swatch":
        painter.setPen(QPen(colour.darker(130), 1))
        painter.setBrush(colour)
        painter.drawEllipse(square)
    elif what == "box":
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(rect, 2, 2)
    elif what in ("hexagon", "diamond"):
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QColor("#e5e7eb"))
        if what == "diamond":
            points = [
                QPointF(mid.x(), rect.top()),
                QPointF(mid.x() + 6, mid.y()),
                QPointF(mid.x(), rect.bottom()),
                QPointF(mid.x() - 6, mid.y()),
            ]
        else:
            points = [
                QPointF(rect.left(), mid.y()),
                QPointF(rect.left() + 4, rect.top()),
                QPointF(rect.right() - 4, rect.top()),
                QPointF(rect.right(), mid.y()),
                QPointF(rect.right() - 4, rect.bottom()),
                QPointF(rect.left() + 4, rect.bottom()),
            ]
        painter.drawPolygon(points)
    elif what == "disc":
        painter.setPen(QPen(colour, 1))
        painter.setBrush(QColor("#c7cdd6"))
        painter.drawEllipse(square)
    elif what in ("critical", "loop", "external"):
        style = Qt.PenStyle.SolidLine if what == "critical" else Qt.PenStyle.DashLine
        painter.setPen(QPen(colour, 2.2 if what == "critical" else 1.6, style))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 2, 2)
    elif what in ("bottleneck", "single"):
        style = Qt.PenStyle.SolidLine if what == "bottleneck" else Qt.PenStyle.DashLine
        painter.setPen(QPen(colour, 2.2, style))
        painter.drawEllipse(square.adjusted(1, 1, -1, -1))
    elif what.startswith("link:"):
        kind = LinkKind(what.removeprefix("link:"))
        painter.setPen(QPen(colour, 1.8, LINK_STYLES[kind], Qt.PenCapStyle.FlatCap))
        painter.drawLine(QPointF(rect.left(), mid.y()), QPointF(rect.right(), mid.y()))
