"""Amounts and dates printed whole: a number never ends a line its unit starts, and is never cut.

ReportLab breaks lines at white space but not at a no-break space, so a number is joined to its
unit (and the words of a short unit to each other) by no-break spaces. Where a cell is too narrow
for such a group, ReportLab would cut it at a character (splitLongWords), through the number: the
KPI table widens its value columns and sets a value smaller instead, until the group fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache

from reportlab.pdfbase import pdfmetrics

from smarket_planner.analysis.plan_index import day, number
from smarket_planner.charter.fonts import CJK, SANS, register_fonts

NO_BREAK = "\u00a0"
READABLE = 7.0  # points: a value set smaller than this to stay on one line wraps its unit instead
LONG_UNIT = 12  # characters: a longer unit may wrap after its first word ("1,500 qualified / leads per week")
_ATTACHED = ("%", "\u20ac", "$", "\u00a3")  # units written right after the number: '22%', '40€'
# Units the app's own sentences use ("takes 3.5 days", "1.5 FTE"), besides the KPIs' own units.
COMMON_UNITS = (
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "hours",
    "hour",
    "FTE",
    "people",
    "person",
    "points",
    "%",
)
_NUMBER = r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)"
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DATE = re.compile(rf"(?<!\w)(\d{{1,2}}) ({_MONTHS}) (\d{{4}})(?!\w)")
_BREAKS = re.compile(r"[ \t\n\u200b]+")  # where ReportLab may start a new line


def joined(figure: str, unit: str, *, whole: bool = True) -> str:
    """A number and its unit as one group no line break parts.

    The whole unit when it is short (and ``whole``), else its first word: the rest may wrap.
    """
    words = unit.split()
    if not words:
        return figure
    if whole and len(unit.strip()) <= LONG_UNIT:
        return figure + NO_BREAK + NO_BREAK.join(words)
    return figure + NO_BREAK + " ".join(words)


def amount(value: float | None, unit: str, *, whole: bool = True) -> str:
    """A KPI value with its unit, never parted over two lines: '22%', '1,200 leads', '—' for none."""
    if value is None:
        return "\u2014"
    if unit.strip() in _ATTACHED:
        return number(value) + unit.strip()
    return joined(number(value), unit, whole=whole)


def amount_in_cell(value: float | None, unit: str, room: float, size: float) -> tuple[str, float]:
    """A KPI value for a narrow cell and the type size it fits at.

    On one line if that leaves it readable, else the unit's later words on the next lines.
    """
    text = amount(value, unit)
    fitted = cell_size(text, room, size)
    if fitted >= READABLE or fitted >= size:
        return text, fitted
    text = amount(value, unit, whole=False)
    return text, cell_size(text, room, size)


def whole_day(value: date) -> str:
    """A date as '2 Mar 2026' that stays on one line."""
    return day(value).replace(" ", NO_BREAK)


@cache
def _unit_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding a number followed by one of the units (the longest that matches)."""
    spelled = sorted({" ".join(unit.split()) for unit in units if unit.strip()}, key=len, reverse=True)
    choices = "|".join(r"\s+".join(map(re.escape, unit.split())) for unit in spelled)
    return re.compile(rf"{_NUMBER}[ \u00a0]+({choices})(?!\w)")


def bound(sentence: str, units: Iterable[str] = ()) -> str:
    """An app-made sentence with each number kept on the line of its unit and each date whole.

    ``units`` are the units of the KPIs the sentence may name ('USD k'); the units the app's
    own sentences use (days, FTE, people...) are always known.
    """
    pattern = _unit_pattern(tuple(sorted({*COMMON_UNITS, *units})))
    sentence = pattern.sub(lambda match: joined(match[1], match[2]), sentence)
    return _DATE.sub(lambda match: NO_BREAK.join(match.groups()), sentence)


@cache
def _sans_characters() -> frozenset[int]:
    """The characters the text font has a glyph for (the others print in the CJK font)."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(SANS).face.charToGlyph)


def width(text: str, size: float) -> float:
    """How wide a text prints at a type size, each character in the font that sets it."""
    sans = _sans_characters()
    if sans.issuperset(map(ord, text)):
        return float(pdfmetrics.stringWidth(text, SANS, size))
    return float(sum(pdfmetrics.stringWidth(char, SANS if ord(char) in sans else CJK, size) for char in text))


def widest_group(text: str, size: float) -> float:
    """The width of the widest stretch of a text that no line break may part."""
    return max((width(group, size) for group in _BREAKS.split(text) if group), default=0.0)


def cell_size(text: str, room: float, size: float) -> float:
    """The type size, at most ``size``, at which every unbreakable group of a cell's text fits its room."""
    widest = widest_group(text, size)
    if widest <= room:
        return size
    return math.floor(size * room / widest * 4) / 4  # quarter points, rounded down so that it fits


def value_widths(
    columns: Sequence[Sequence[str]], widths: Sequence[float], size: float, padding: float, most: float
) -> list[float]:
    """Each value column widened (to ``most`` at the most) until its widest amount fits at ``size``."""
    result = []
    for texts, given in zip(columns, widths, strict=True):
        needed = max((widest_group(text, size) for text in texts), default=0.0) + padding + 1
        result.append(max(given, min(needed, most)))
    return result
