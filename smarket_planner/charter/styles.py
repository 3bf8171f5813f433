"""The charter's look: colours, type sizes, paragraph and table styles, and safe paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from smarket_planner.charter.fonts import SANS, SANS_BOLD, register_fonts
from smarket_planner.charter.paragraph import ScriptParagraph
from smarket_planner.charter.text import has_cjk, markup, needs_shaping

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6675")
ACCENT = colors.HexColor("#1f4e79")
ACCENT_LIGHT = colors.HexColor("#e8eef5")
RULE = colors.HexColor("#c9d1db")
ZEBRA = colors.HexColor("#f5f7fa")
GOOD = colors.HexColor("#2e7d32")
WARN = colors.HexColor("#b26a00")
BAD = colors.HexColor("#c62828")
CRITICAL = colors.HexColor("#c0392b")

MARGIN = 18 * mm
LONG_CELL = 1500  # characters: a cell this long may split across pages; shorter rows stay whole
LONG_CELL_LINES = 25  # or a cell of this many lines
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _style(name: str, size: float, *, bold: bool = False, colour: Any = INK, **extra: Any) -> ParagraphStyle:
    """One paragraph style in the charter's type."""
    return ParagraphStyle(
        name,
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        leading=extra.pop("leading", round(size * 1.32, 1)),
        textColor=colour,
        splitLongWords=1,
        **extra,
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Every paragraph style the charter uses, by name."""
    register_fonts()
    return {
        "title": _style("title", 24, bold=True, colour=ACCENT, spaceAfter=2),
        "subtitle": _style("subtitle", 11, colour=MUTED, spaceAfter=10),
        "h1": _style("h1", 14, bold=True, colour=ACCENT, spaceBefore=14, spaceAfter=6),
        "h2": _style("h2", 10.5, bold=True, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "lead": _style("lead", 13, spaceAfter=6),
        "body": _style("body", 9.5, spaceAfter=4),
        "small": _style("small", 8, colour=MUTED),
        "small_centre": _style("small_centre", 8, colour=MUTED, alignment=TA_CENTER),
        "finding": _style("finding", 9, spaceBefore=6, spaceAfter=1),
        "action": _style("action", 8, colour=MUTED, leftIndent=11),
        "cell": _style("cell", 8.5),
        "cell_bold": _style("cell_bold", 8.5, bold=True),
        "cell_right": _style("cell_right", 8.5, alignment=TA_RIGHT),
        "cell_center": _style("cell_center", 8.5, alignment=TA_CENTER),
        "head": _style("head", 8, bold=True, colour=colors.white),
        "head_right": _style("head_right", 8, bold=True, colour=colors.white, alignment=TA_RIGHT),
        "head_center": _style("head_center", 8, bold=True, colour=colors.white, alignment=TA_CENTER),
        "label": _style("label", 7.5, colour=MUTED),
        "field": _style("field", 7, bold=True, colour=MUTED, spaceBefore=2),
        "footer": _style("footer", 7.5, colour=MUTED, leading=9),
        "footer_centre": _style("footer_centre", 7.5, colour=MUTED, leading=9, alignment=TA_CENTER),
        "value": _style("value", 10.5, bold=True),
        "node": _style("node", 7, leading=8.4),
        "node_detail": _style("node_detail", 6, colour=MUTED, leading=7.2),
        "node_detail_right": _style("node_detail_right", 6, colour=MUTED, leading=7.2, alignment=TA_RIGHT),
        "score": _style("score", 30, bold=True, colour=ACCENT, alignment=TA_CENTER),
    }


def paragraph(marked: str, style: ParagraphStyle, texts: str, bullet: str | None = None) -> Paragraph:
    """A paragraph of markup holding the user texts given: ReportLab's own for left-to-right
    text in one font, one that shapes, orders right-to-left words and wraps CJK otherwise."""
    shaping, cjk = needs_shaping(texts), has_cjk(texts)
    if not (shaping or cjk):
        return Paragraph(marked, style, bulletText=bullet)
    return ScriptParagraph(marked, style, bulletText=bullet, shaping=shaping, cjk=cjk)


# A mark in front of a paragraph: a function's chip, a status dot, an arrow, and its colour.
CHIP, DOT, TRIANGLE, ARROW = "\u25a0", "\u25cf", "\u25b2", "\u2192"


def para(
    text: str | None, style: str = "body", *, prefix: str = "", bullet: tuple[str, Any] | None = None
) -> Paragraph:
    """A paragraph printing user text literally.

    ``prefix`` is trusted markup put before it; ``bullet`` a coloured mark hung in front of it
    (as ReportLab's bullet, which keeps a one-style paragraph on its fast path).
    """
    if bullet is None:
        return rich([(prefix, text)], style)
    mark, colour = bullet
    return paragraph(prefix + markup(text), _bulleted(styles()[style], mark, colour), text or "", mark)


@cache
def _bulleted(style: ParagraphStyle, mark: str, colour: Any) -> ParagraphStyle:
    """The style with room on the left for a coloured mark."""
    gap = style.fontSize * (1.25 if mark == CHIP else 1.35)
    return ParagraphStyle(
        f"{style.name}-bullet-{mark}-{colour.hexval()}",
        parent=style,
        bulletFontName=SANS,
        bulletFontSize=style.fontSize * (0.85 if mark == CHIP else 1.0),
        bulletColor=colour,
        bulletIndent=style.leftIndent,
        leftIndent=style.leftIndent + gap,
    )


def rich(pieces: Sequence[tuple[str, str | None]], style: str = "body", joiner: str = "") -> Paragraph:
    """A paragraph of user texts, each after a piece of trusted markup (a chip, a colour)."""
    marked = joiner.join(prefix + markup(text) for prefix, text in pieces)
    return paragraph(marked, styles()[style], "".join(text or "" for _, text in pieces))


def colour_of(value: str | None, fallback: Any = MUTED) -> Any:
    """A function's colour as stored (#rrggbb), or the fallback when it is not a colour."""
    return colors.HexColor(value) if value and _HEX.match(value) else fallback


def chip(colour: str | None) -> str:
    """Markup for a small square in a function's colour, put before its name."""
    hexa = colour_of(colour).hexval()[2:]
    return f'<font color="#{hexa}">\u25a0</font>\u00a0'


def _long(cell: Any) -> bool:
    """Whether a cell holds so much text that its row may have to break across pages."""
    if isinstance(cell, Paragraph):  # the markup: a little longer than what prints
        return len(cell.text) > LONG_CELL or cell.text.count("<br/>") > LONG_CELL_LINES
    if isinstance(cell, list | tuple):
        return any(_long(part) for part in cell)
    return False


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A charter table: dark header row repeated on every page, zebra rows, thin rules."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
    ]
    start = 1 if header else 0
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    for row in range(start + 1, len(rows), 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    result = Table(
        list(map(list, rows)),
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        hAlign="LEFT",
        splitInRow=int(any(_long(cell) for row in rows for cell in row)),
    )
    result.setStyle(TableStyle(commands + list(extra)))
    return result
