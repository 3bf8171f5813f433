"""Hebrew and Arabic letters joined by HarfBuzz and set the way they read, one piece of a word at a time.

ReportLab shapes a whole word as one run whose direction HarfBuzz guesses from its script, so
Arabic-Indic digits (Arabic script, read left to right) and Latin letters glued to an Arabic
sign came out reversed. Here every piece of a word at one embedding level is shaped in the
direction its level says. The result has the form ReportLab's own shaping gives (glyphs as
characters left to right, with HarfBuzz's positions where they differ from the font's), so
ReportLab measures and draws it as before.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import uharfbuzz  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from smarket_planner.charter.bidi import mirrored

# Kerning and the usual ligatures, but not the discretionary ones: DejaVu would print 'st' as 'ﬆ'.
FEATURES = {"kern": True, "liga": True, "dlig": False}
SOFT_HYPHEN = "\u00ad"


@lru_cache(maxsize=64)
def _harfbuzz_font(font_name: str, size: float) -> Any:
    """HarfBuzz's view of a registered TrueType font at one size."""
    return pdfmetrics.getFont(font_name).hbFont(size)


@lru_cache(maxsize=16)
def shapable(font_name: str) -> bool:
    """Whether HarfBuzz may shape text in this font (the CJK font cannot take it)."""
    return bool(getattr(pdfmetrics.getFont(font_name), "shapable", False))


@lru_cache(maxsize=65536)
def shaped(text: str, font_name: str, size: float, right_to_left: bool) -> tuple[str, float]:
    """A piece of a word in one font and one direction as ReportLab prints it, and its width in points.

    Plain characters when HarfBuzz only swapped glyphs (joining forms); a ShapedStr holding
    HarfBuzz's advances and offsets when it also moved them (kerning, marks).
    """
    font = pdfmetrics.getFont(font_name)
    harfbuzz = _harfbuzz_font(font_name, size)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if right_to_left else "ltr"
    uharfbuzz.shape(harfbuzz, buffer, FEATURES)
    face, scale = font.face, font.pdfScale
    glyphs: list[str] = []
    data: list[Any] = []
    advance_total = 0.0
    moved = False
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        gid = info.codepoint
        known = face.glyphToChar.get(gid)
        name = harfbuzz.glyph_to_string(gid)
        code = known[0] if known else font.hbAddPrivate(name, gid, position.x_advance)
        natural = face.charWidths[code]
        x_advance, x_offset = scale(position.x_advance), scale(position.x_offset)
        y_advance, y_offset = scale(position.y_advance), scale(position.y_offset)
        moved = moved or bool(x_offset or y_offset) or x_advance != natural
        advance_total += x_advance
        glyphs.append(chr(code))
        data.append(ShapeData(info.cluster, x_advance, y_advance, x_offset, y_offset, natural))
    width = advance_total * size / 1000
    return (ShapedStr("".join(glyphs), shapeData=data) if moved else "".join(glyphs)), width


def set_piece(text: str, font_name: str, size: float, level: int, shaping: bool) -> tuple[str, float]:
    """A piece of a word at one embedding level as it prints, left to right, and its width in points."""
    text = text.replace(SOFT_HYPHEN, "")  # invisible; ReportLab would print it as a hyphen here
    if not text:
        return "", 0.0
    if shaping and shapable(font_name):
        return shaped(text, font_name, size, bool(level % 2))
    printed = mirrored(text) if level % 2 else text
    return printed, pdfmetrics.stringWidth(printed, font_name, size)
