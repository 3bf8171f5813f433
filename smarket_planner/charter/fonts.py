"""The charter's shipped fonts: registered with ReportLab once, and the characters each can set."""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from smarket_planner.resources import resource

SANS = "CharterSans"
SANS_BOLD = "CharterSans-Bold"
CJK = "CharterCJK"

_REGISTERING = threading.Lock()


def register_fonts() -> None:
    """Register the shipped fonts with ReportLab once per process (safe from several threads)."""
    with _REGISTERING:
        if CJK not in pdfmetrics.getRegisteredFontNames():  # the last one _register adds
            _register()


def _register() -> None:
    """Load the shipped TrueType fonts and tell ReportLab which is bold."""
    pdfmetrics.registerFont(TTFont(SANS, str(resource("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    # Shaping is for Arabic and Hebrew, which DejaVu sets; the CJK font needs none (and cannot take it).
    cjk = TTFont(CJK, str(resource("fonts", "WenQuanYiMicroHei.ttc")), subfontIndex=0, shapable=False)
    pdfmetrics.registerFont(cjk)
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, SANS_BOLD)
    addMapping(CJK, 0, 0, CJK)
    addMapping(CJK, 1, 0, CJK)
    addMapping(CJK, 0, 1, CJK)
    addMapping(CJK, 1, 1, CJK)


@cache
def covered(font: str) -> frozenset[int]:
    """The characters a registered font has a glyph for."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)
