"""A big layer's drawing kept as tiles of pixels, so that a pan or a wheel step need not draw it again.

Thousands of links cost the raster engine several milliseconds a frame however they are
batched. On screen, a layer of a big graph is drawn in square tiles at the zoom of the
moment, each drawn once when it first comes into view: a pan shows the tiles it has and
draws the few that come into view, a wheel step shows them scaled, and when the wheel rests
(``sharpen``) sharp tiles are drawn a few at a time between frames, shown all at once when
ready (drawn at once they would freeze the window for ~50 ms); between frames too, the tiles
around what is seen are drawn, ready for a pan. Tiles that would be scaled too far to read
are drawn afresh at once. A change in one place draws again only the tiles it touches. Maps
work the same way. Files are drawn directly, never from pixels.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem

TILE = 512  # pixels a side
MOST_TILES = 40  # kept at once (1 MB each); those farthest from the view go first
SCALED_MOST = 2.0  # tiles are shown scaled up or down by at most this much
STEP_SECONDS = 0.004  # tiles are drawn this long at a time between frames

Draw = Callable[[QPainter, QRectF, float], None]  # painter, part of the layer, zoom
Tile = tuple[int, int]


class KeptPicture:
    """The kept tiles of a layer item, drawn by ``draw(painter, part, zoom)``."""

    def __init__(self, layer: QGraphicsItem, draw: Draw) -> None:
        self._layer, self._draw = layer, draw
        self._tiles: dict[Tile, QPixmap] = {}
        self._seen = QRectF()  # the part last shown
        self._bounds = QRectF()  # the layer's
        self._shown_lod = 0.0  # the zoom last shown at
        self._filling = False  # tiles are being drawn between frames
        self._sharp: tuple[float, dict[Tile, QPixmap]] | None = None  # being drawn at the resting zoom
        self._lod = 0.0  # the zoom the tiles are drawn at
        self._ratio = 1.0  # device pixels a logical pixel
        self._hints = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing

    def is_kept(self) -> bool:
        """Whether any tile is kept now."""
        return bool(self._tiles)

    def forget(self) -> None:
        """The layer changed everywhere: draw it afresh next time."""
        self._tiles.clear()
        self._sharp = None

    def sharp_at(self, lod: float) -> bool:
        """Whether the tiles shown are drawn at this zoom (or none are kept)."""
        return not self._tiles or math.isclose(self._lod, lod, rel_tol=1e-6)

    def sharpen(self, lod: float) -> None:
        """The wheel rests at this zoom: draw sharp tiles for it, a few at a time, then show them."""
        if not self._tiles or math.isclose(self._lod, lod, rel_tol=1e-6):
            self._sharp = None
            return
        self._sharp = (lod, {})
        self._later()

    def renew(self) -> None:
        """Much changed, nothing urgent (names chosen again): draw every tile again, a few at a time."""
        if self._tiles:
            self._sharp = (self._sharp[0] if self._sharp is not None else self._lod, {})
            self._later()

    def _later(self) -> None:
        """Draw more tiles between frames (after what waits: input, other timers)."""
        if not self._filling:
            self._filling = True
            QTimer.singleShot(1, self._fill_some)

    def _fill_some(self) -> None:
        """For STEP_SECONDS: sharp tiles for what is seen, or else tiles one tile beyond it."""
        self._filling = False
        if not shiboken6.isValid(self._layer):  # gone with its scene meanwhile
            return
        began = time.perf_counter()
        if self._sharp is not None:
            lod, done = self._sharp
            kept, self._lod = self._lod, lod  # tile places at the resting zoom
            try:
                missing = [index for index in self._indices(self._seen) if index not in done]
                for index in missing:
                    done[index] = self._make(index)
                    if time.perf_counter() - began > STEP_SECONDS:
                        break
                finished = all(index in done for index in missing)
            finally:
                self._lod = kept
            if finished:
                self._tiles, self._lod, self._sharp = done, lod, None
                self._layer.update()
            self._later()
            return
        around = self._around()
        for index in around:
            self._tiles[index] = self._make(index)
            if time.perf_counter() - began > STEP_SECONDS:
                self._later()
                break

    def _around(self) -> list[Tile]:
        """The missing tiles within a tile of what is seen, when the tiles are at the zoom shown."""
        if (
            not self._tiles
            or self._seen.isEmpty()
            or not math.isclose(self._shown_lod, self._lod, rel_tol=1e-6)
        ):
            return []
        side = self._side()
        near = self._seen.adjusted(-side, -side, side, side).intersected(self._bounds)
        return [index for index in self._indices(near) if index not in self._tiles]

    def redraw(self, part: QRectF) -> None:
        """Something changed in a part of the layer: draw that part of the tiles it touches again."""
        if self._sharp is not None:  # sharp tiles drawn before the change: start them again
            self._sharp[1].clear()
        for index in self._indices(part):
            pixmap = self._tiles.get(index)
            if pixmap is None:
                continue
            here = part.intersected(self._rect(index))
            drawing = self._painter_on(pixmap, index)
            drawing.setClipRect(here)
            drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            drawing.fillRect(here, Qt.GlobalColor.transparent)
            drawing.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            self._draw(drawing, here, self._lod)
            drawing.end()

    def paint(self, painter: QPainter, seen: QRectF, lod: float, bounds: QRectF) -> None:
        """Show the part ``seen`` of the layer (within ``bounds``) at zoom ``lod``."""
        seen = seen.intersected(bounds)
        if seen.isEmpty():
            return
        self._seen, self._bounds, self._shown_lod = seen, bounds, lod
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        if not self._tiles or ratio != self._ratio or not 1 / SCALED_MOST <= lod / self._lod <= SCALED_MOST:
            self.forget()
            self._lod, self._ratio = lod, ratio
            self._hints = painter.renderHints()
        wanted = self._indices(seen)
        for index in wanted:
            if index not in self._tiles:
                self._tiles[index] = self._make(index)
        self._evict(wanted)
        if self._around():  # draw the tiles around between frames, ready for a pan or a zoom out
            self._later()
        if math.isclose(self._lod, lod, rel_tol=1e-6):  # pixel for pixel: the fastest copy there is
            world = painter.worldTransform()
            origin = world.map(QPointF(0, 0))
            left, top = round(origin.x()), round(origin.y())
            step = TILE / ratio  # logical pixels a tile
            for i, j in wanted:
                painter.setWorldTransform(QTransform.fromTranslate(left + i * step, top + j * step))
                painter.drawPixmap(0, 0, self._tiles[i, j])
            painter.setWorldTransform(world)
            return
        # Scaled while the wheel turns: nearest pixels (smoothing them doubles a frame's time,
        # 12 ms against 6 with 2,000 people), sharp again when it rests.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for index in wanted:
            pixmap = self._tiles[index]
            painter.drawPixmap(self._rect(index), pixmap, QRectF(pixmap.rect()))

    def _side(self) -> float:
        """A tile's side in points of the layer."""
        return TILE / (self._lod * self._ratio)

    def _rect(self, index: Tile) -> QRectF:
        side = self._side()
        return QRectF(index[0] * side, index[1] * side, side, side)

    def _indices(self, part: QRectF) -> list[Tile]:
        if not self._lod or part.isEmpty():
            return []
        side = self._side()
        xs = range(math.floor(part.left() / side), math.floor(part.right() / side) + 1)
        ys = range(math.floor(part.top() / side), math.floor(part.bottom() / side) + 1)
        return [(i, j) for j in ys for i in xs]

    def _painter_on(self, pixmap: QPixmap, index: Tile) -> QPainter:
        drawing = QPainter(pixmap)
        drawing.setRenderHints(self._hints)
        drawing.scale(self._lod, self._lod)  # the pixmap's ratio turns logical pixels into its own
        drawing.translate(-self._rect(index).topLeft())
        return drawing

    def _make(self, index: Tile) -> QPixmap:
        pixmap = QPixmap(TILE, TILE)
        pixmap.setDevicePixelRatio(self._ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        drawing = self._painter_on(pixmap, index)
        self._draw(drawing, self._rect(index), self._lod)
        drawing.end()
        return pixmap

    def _evict(self, wanted: list[Tile]) -> None:
        """Keep at most MOST_TILES, dropping those farthest from what is seen."""
        if len(self._tiles) <= MOST_TILES or not wanted:
            return
        mid_i = sum(i for i, _ in wanted) / len(wanted)
        mid_j = sum(j for _, j in wanted) / len(wanted)
        keep = set(wanted)
        far = sorted(
            (index for index in self._tiles if index not in keep),
            key=lambda index: -((index[0] - mid_i) ** 2 + (index[1] - mid_j) ** 2),
        )
        for index in far[: len(self._tiles) - MOST_TILES]:
            del self._tiles[index]
