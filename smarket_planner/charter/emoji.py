"""Emoji and symbols on the charter: a black-and-white glyph from a shipped font, or their name, never a box.

DejaVu Sans and WenQuanYi set most text; an emoji or symbol they lack prints in Symbola (a
monochrome font free for any use). What no shipped font can draw prints as its name in brackets:
a flag as '[flag FR]' (a monochrome font can only box its two letters), an emoji newer than
Symbola as '[smiling face with smiling eyes and three hearts]'. A skin tone cannot show in black
and white and is left out; the invisible characters of a sequence (variation selectors, tags)
print nothing. The PDF text reads back as printed: ReportLab writes characters beyond U+FFFF into
the PDF's text map wrongly, and that is mended here too.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from smarket_planner.charter.fonts import CJK, SANS, covered
from smarket_planner.resources import resource

SYMBOLS = "CharterSymbols"
_REGIONAL = "[\U0001f1e6-\U0001f1ff]"
_FLAG = re.compile(f"{_REGIONAL}{{2}}")  # two regional indicator letters make a country's flag
_TAGGED_FLAG = re.compile("\U0001f3f4([\U000e0020-\U000e007e]+)\U000e007f")  # England, Scotland, Wales
_SKIN_TONE = re.compile("(?<=\\S)[\U0001f3fb-\U0001f3ff]")  # after an emoji: a colour, lost in black
_INVISIBLE = re.compile("[\ufe00-\ufe0f\U000e0000-\U000e007f]")  # variation selectors and tags
_GLUE = frozenset("\u200d\ufe0e\ufe0f\u20e3")  # joiner, selectors, keycap: print with the emoji they follow
_TEXT_MAP_ENTRY = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.MULTILINE)
_REGISTERING = threading.Lock()


def named(text: str) -> str:
    """Text with each flag, and each emoji or symbol no shipped font has, as its name; skin tones left out."""
    _mend_text_map()
    if text.isascii() or _in_text_fonts().issuperset(map(ord, text)):
        return text
    text = _TAGGED_FLAG.sub(lambda match: f"[flag {_tag_letters(match[1])}]", text)
    text = _FLAG.sub(lambda match: f"[flag {_letters(match[0])}]", text)
    text = _SKIN_TONE.sub("", text)
    shipped = _in_text_fonts() | symbol_characters()
    return "".join(char if ord(char) in shipped else _named(char) for char in text)


def printable(markup: str) -> str:
    """Paragraph markup with every character the text fonts lack but Symbola has set in Symbola."""
    _mend_text_map()
    covered = _in_text_fonts()
    if markup.isascii() or covered.issuperset(map(ord, markup)):
        return markup
    symbols = symbol_characters()
    pieces: list[str] = []
    run: list[str] = []
    for char in markup:
        if ord(char) in symbols and (ord(char) not in covered or (run and char in _GLUE)):
            run.append(char)
        else:
            _close(run, pieces)
            pieces.append(char)
    _close(run, pieces)
    return "".join(pieces)


def _close(run: list[str], pieces: list[str]) -> None:
    """Put a run of characters set in Symbola into the pieces, and empty it."""
    if run:
        pieces.append(f'<font name="{SYMBOLS}">{"".join(run)}</font>')
        run.clear()


def _named(char: str) -> str:
    """A character no shipped font has: its name if it is a symbol, nothing if invisible, else itself."""
    if _INVISIBLE.match(char):
        return ""
    if unicodedata.category(char) in ("So", "Sk"):
        return f"[{unicodedata.name(char, 'symbol').lower()}]"
    return char  # a letter of a script no font covers: not a symbol, so not named


def _letters(flag: str) -> str:
    """A flag's two regional indicators as the country code they spell: 'FR'."""
    return "".join(chr(ord(char) - 0x1F1E6 + ord("A")) for char in flag)


def _tag_letters(tags: str) -> str:
    """A subdivision flag's tag characters as its code: 'gbeng' as 'GB-ENG'."""
    code = "".join(chr(ord(char) - 0xE0000) for char in tags).upper()
    return f"{code[:2]}-{code[2:]}" if len(code) > 2 else code


@cache
def _in_text_fonts() -> frozenset[int]:
    """The characters DejaVu Sans or the CJK font has a glyph for."""
    return covered(SANS) | covered(CJK)


@cache
def symbol_characters() -> frozenset[int]:
    """The characters Symbola has a glyph for, registering it on first use."""
    with _REGISTERING:
        if SYMBOLS not in pdfmetrics.getRegisteredFontNames():
            # Symbola needs no shaping (and has none of the emoji sequences' ligatures to offer).
            pdfmetrics.registerFont(TTFont(SYMBOLS, str(resource("fonts", "Symbola.ttf")), shapable=False))
            for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):  # no bold or italic: the one face
                addMapping(SYMBOLS, bold, italic, SYMBOLS)
    return frozenset(pdfmetrics.getFont(SYMBOLS).face.charToGlyph)


def _utf16(match: re.Match[str]) -> str:
    """One entry of a text map with a character beyond U+FFFF written as UTF-16, as PDF wants."""
    high, low = divmod(int(match[2], 16) - 0x10000, 0x400)
    return f"<{match[1]}> <{0xD800 + high:04X}{0xDC00 + low:04X}>"


def _mended(original: Callable[[str, list[int]], str]) -> Callable[[str, list[int]], str]:
    """ReportLab's text map maker with characters beyond U+FFFF written as UTF-16 pairs."""

    def text_map(fontname: str, subset: list[int]) -> str:
        return _TEXT_MAP_ENTRY.sub(_utf16, original(fontname, subset))

    text_map.mended = True  # type: ignore[attr-defined]
    return text_map


@cache
def _mend_text_map() -> None:
    """Have ReportLab write '😀' into a PDF's text map as <D83DDE00>, not <1F600> (read back as 'ὠ')."""
    with _REGISTERING:
        if not getattr(ttfonts.makeToUnicodeCMap, "mended", False):
            ttfonts.makeToUnicodeCMap = _mended(ttfonts.makeToUnicodeCMap)
