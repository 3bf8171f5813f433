"""A graph as a PNG, SVG or PDF file, drawn by the very code that draws it on screen."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsItem

from smarket_planner.analysis.graph_model import GraphPicture
from smarket_planner.analysis.graph_placement import Place
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.whole_file import whole_file
from smarket_planner.ui.graph.legend import legend_size, paint_legend
from smarket_planner.ui.graph.palette import INK, font, metrics
from smarket_planner.ui.graph.scene import GraphScene

MARGIN, GAP, TITLE_SIZE = 24.0, 20.0, 13.0
PICTURE_FORMATS = ("png", "svg", "pdf")
_app: list[QApplication] = []  # an application made here for a headless caller, kept alive


def _ensure_app() -> None:
    """Text and items need a QApplication; the CLI calls this without one (and needs no screen)."""
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app.append(QApplication([]))


class _Page:
    """Where the title, the drawing and the key go on the page, in points."""

    def __init__(self, scene: GraphScene) -> None:
        self.scene = scene
        self.source = scene.drawing_rect()
        if self.source.isEmpty():
            self.source = QRectF(0, 0, 200, 100)
        self.title_h = metrics(TITLE_SIZE, True).height() + 10
        key = legend_size(scene.legend)
        self.legend_at = QPointF(MARGIN + self.source.width() + GAP, MARGIN + self.title_h)
        self.target = QRectF(MARGIN, MARGIN + self.title_h, self.source.width(), self.source.height())
        self.size = QSizeF(
            self.legend_at.x() + key.width() + MARGIN,
            MARGIN * 2 + self.title_h + max(self.source.height(), key.height()),
        )

    def paint(self, painter: QPainter, scale: float) -> None:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        painter.fillRect(QRectF(QPointF(0, 0), self.size), QColor("white"))
        painter.setFont(font(TITLE_SIZE, True))
        painter.setPen(QColor(INK))
        title_rect = QRectF(MARGIN, MARGIN, self.size.width() - 2 * MARGIN, self.title_h)
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.scene.picture.title
        )
        self.scene.render(painter, self.target, self.source, Qt.AspectRatioMode.KeepAspectRatio)
        paint_legend(painter, self.scene.legend, self.legend_at)


def render_picture(
    picture: GraphPicture,
    places: Mapping[str, Place],
    path: Path,
    fmt: str,
    dpi: int = 144,
    size: QSize | None = None,
) -> Path:
    """Draw a graph with its key and title to a PNG (at dpi, or at ``size`` pixels), SVG or PDF file."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in PICTURE_FORMATS:
        raise DomainError(f"A graph can be drawn as PNG, SVG or PDF, not as {fmt!r}.")
    _ensure_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scene = GraphScene(picture, places)
    scene.clearSelection()
    for item in scene.items():  # vectors and text in the file, not the screen's cached pixels
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    page = _Page(scene)
    with whole_file(path, f".{fmt}") as draft:
        _draw(page, picture.title, draft, fmt, dpi, size)
    scene.deleteLater()
    return path


def _draw(page: _Page, title: str, path: Path, fmt: str, dpi: int, size: QSize | None) -> None:
    """Paint the page into one file of the format asked for.

    Every device is painted at the screen's logical resolution, the one the captions were
    measured at, so that a 9 pt caption takes on paper the room it takes on screen (a device
    of another resolution sets the same points larger or smaller than the boxes around them).
    """
    painter = QPainter()
    screen = _screen_dpi()
    if fmt == "png":
        scale = dpi / 72
        pixels = size or QSize(round(page.size.width() * scale), round(page.size.height() * scale))
        if size is not None:
            scale = min(size.width() / page.size.width(), size.height() / page.size.height())
        image = QImage(pixels, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        image.setDotsPerMeterX(round(screen / 0.0254))
        image.setDotsPerMeterY(round(screen / 0.0254))
        painter.begin(image)
        page.paint(painter, scale)
        painter.end()
        image.setDotsPerMeterX(round(dpi / 0.0254))  # what the file says of itself
        image.setDotsPerMeterY(round(dpi / 0.0254))
        image_writer = QImageWriter(str(path))
        image_writer.setFormat(QByteArray(b"png"))  # whatever the file name ends in
        if not image_writer.write(image):
            raise DomainError(f"The picture could not be written to {path}.")
    elif fmt == "svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(page.size.toSize())
        generator.setViewBox(QRectF(QPointF(0, 0), page.size))
        generator.setResolution(screen)
        generator.setTitle(title)
        painter.begin(generator)
        page.paint(painter, 1.0)
        painter.end()
    else:
        writer = QPdfWriter(str(path))
        writer.setResolution(screen)
        writer.setTitle(title)
        paper = page.size * (72 / screen)  # points, so that one device unit is one unit of the drawing
        writer.setPageLayout(
            QPageLayout(
                QPageSize(paper, QPageSize.Unit.Point, "Graph", QPageSize.SizeMatchPolicy.ExactMatch),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        if not painter.begin(writer):
            raise DomainError(f"The PDF could not be written to {path}.")
        page.paint(painter, 1.0)
        painter.end()


def _screen_dpi() -> int:
    """The logical resolution text is measured at (96 on most desktops and offscreen)."""
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInch()) if screen is not None else 96
