"""Small vector pictures inside table cells: a KPI's sparkline and a health component's score bar."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from smarket_planner.analysis.model import HealthBand
from smarket_planner.charter.styles import ACCENT_LIGHT, BAD, GOOD, RULE, WARN


class Sparkline(Flowable):  # type: ignore[misc]
    """A KPI's check-ins as a small line against its dotted target, the latest value a dot.

    Drawn straight on the canvas: a dozen of these in a KPI table cost next to nothing.
    """

    def __init__(
        self, values: list[float], baseline: float, target: float, colour: Any, size: tuple[float, float]
    ) -> None:
        super().__init__()
        self.values, self.baseline, self.target, self.colour = values, baseline, target, colour
        self.width, self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _y(self, value: float) -> float:
        low = min([*self.values, self.baseline, self.target])
        spread = (max([*self.values, self.baseline, self.target]) - low) or 1.0
        return 2 + (self.height - 4) * (value - low) / spread

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(RULE)
        if not self.values:
            canvas.line(0, self.height / 2, self.width, self.height / 2)
            return
        canvas.setDash([1.5, 1.5])
        canvas.line(0, self._y(self.target), self.width, self._y(self.target))
        canvas.setDash([])
        step = (self.width - 4) / max(len(self.values) - 1, 1)
        points = [(2 + index * step, self._y(value)) for index, value in enumerate(self.values)]
        canvas.setStrokeColor(self.colour)
        canvas.setFillColor(self.colour)
        canvas.setLineWidth(1)
        if len(points) > 1:
            path = canvas.beginPath()
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.circle(*points[-1], 1.6, stroke=0, fill=1)


def band_ink(score: float) -> Any:
    """The colour of a score's health band, the same bands as the window and the check."""
    return {HealthBand.GREEN: GOOD, HealthBand.AMBER: WARN, HealthBand.RED: BAD}[HealthBand.of(score)]


class ScoreBar(Flowable):  # type: ignore[misc]
    """A score out of 100 as a filled bar in the colour of its health band."""

    def __init__(self, score: float, size: tuple[float, float] = (90, 7)) -> None:
        super().__init__()
        self.score = max(0.0, min(score, 100.0))
        self.width, self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(ACCENT_LIGHT)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(band_ink(self.score))
        canvas.rect(0, 0, self.width * self.score / 100, self.height, stroke=0, fill=1)
