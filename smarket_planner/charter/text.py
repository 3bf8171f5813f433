"""Any text a manager typed, made safe to print: escaped, a font per run (see paragraph.py for order)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from smarket_planner.charter.emoji import named, printable
from smarket_planner.charter.fonts import CJK, SANS, covered

# Arabic, Hebrew, Syriac, Thaana, N'Ko and the Arabic presentation forms need shaping.
_COMPLEX = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
CJK_CHARACTERS = re.compile(
    "[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]"
)
LONGEST_SHAPED_WORD = 60
_ENDLESS = re.compile(r"\S{" + str(LONGEST_SHAPED_WORD + 1) + ",}")
_FRAGILE = re.compile("[\u00ad\u064b-\u065f\u0670\u06d6-\u06ed]")
# ReportLab parts words at white space (but not at a no-break space) and, in a text holding a
# no-break space, at a zero-width space too.
NO_BREAK_SPACE = "\u00a0"
ZERO_WIDTH_SPACE = "\u200b"
_GAPS = re.compile("((?:[^\\S\u00a0]|\u200b)+)")


def clean(text: str | None) -> str:
    """Text without control characters, lone surrogates or unassigned code points; NFC-composed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    text = named(text)  # flags, skin tones and emoji no shipped font has
    # A soft hyphen or an Arabic vowel mark trips ReportLab's shaping (a TypeError, an IndexError
    # on a later line); the first is invisible and the marks optional, so both are left out there.
    if needs_shaping(text):
        text = _FRAGILE.sub("", text)
        # A shaped word cannot be split across lines: a run this long gets a space now and then.
        text = _ENDLESS.sub(lambda match: " ".join(_pieces(match.group())), text)
    if text.isprintable():
        return text
    return "".join(
        char for char in text if char == "\n" or unicodedata.category(char) not in ("Cc", "Cs", "Cn", "Co")
    )


def _pieces(word: str) -> list[str]:
    """A word cut into lengths a line can hold."""
    return [word[start : start + LONGEST_SHAPED_WORD] for start in range(0, len(word), LONGEST_SHAPED_WORD)]


def needs_shaping(text: str) -> bool:
    """Whether the text holds a script whose letters join or reorder (Arabic, Hebrew...)."""
    return _COMPLEX.search(text) is not None


def has_cjk(text: str) -> bool:
    """Whether the text holds Chinese, Japanese or Korean, which wraps between any two characters."""
    return CJK_CHARACTERS.search(text) is not None


def plain_text(text: str) -> bool:
    """Whether DejaVu Sans alone sets the text, left to right, with no shaping: no paragraph needed."""
    return not needs_shaping(text) and covered(SANS).issuperset(map(ord, text))


@cache
def _takes_no_room(char: str) -> bool:
    """Whether a character has no width where it prints: a combining mark, a joiner, a direction mark."""
    code = ord(char)
    for font in (SANS, CJK):  # the font _font_runs sets it in
        if code in covered(font):
            return bool(pdfmetrics.stringWidth(char, font, 10) == 0)
    return unicodedata.category(char) == "Cf"  # in no font: shaping hides it


def _invisible(word: str) -> bool:
    """Whether a word (no white space in it) takes no room on a line."""
    return all(map(_takes_no_room, word))


def _zero_width_first(gap: str) -> str:
    """White space with its zero-width spaces first, so that none stands alone between two spaces."""
    zero = gap.count(ZERO_WIDTH_SPACE)
    return ZERO_WIDTH_SPACE * zero + gap.replace(ZERO_WIDTH_SPACE, "") if zero else gap


def no_empty_words(line: str) -> str:
    """One line with every word that takes no room joined to the word before it (the first to the one after).

    Between two words of several fragments (markup such as '&amp;' makes them so), ReportLab's line
    breaker counts the space before a word only if the word has some width, but sets it all the
    same: each word of no width (a joiner, a mark, a combining accent between two spaces) makes a line
    one space longer than measured, and a line of many runs past the margin, its end off the paper.
    Joined by a no-break space standing for the white space between them (by nothing if that was
    only zero-width spaces), the words print as before and are measured right. Zero-width spaces go
    to the front of their white space, where they part no word of no width from its neighbours
    whether ReportLab takes them for white space (in a text holding a no-break space) or not.
    """
    parts = _GAPS.split(line)  # words at even places (the first and last may be empty), white space between
    pieces = [parts[0]]
    seen, visible = bool(parts[0]), not _invisible(parts[0])
    carried = ""  # the zero-width spaces of the white space a joint took out, for the next
    for index in range(1, len(parts), 2):
        gap, word = parts[index], parts[index + 1]
        shown = not _invisible(word)
        if word and seen and not (shown and visible):
            joint = NO_BREAK_SPACE if gap.strip(ZERO_WIDTH_SPACE) else ""
            pieces += [joint, word]
            carried += ZERO_WIDTH_SPACE * gap.count(ZERO_WIDTH_SPACE)
            visible = visible or shown or bool(joint)
        else:
            pieces += [_zero_width_first(carried + gap), word]
            carried = ""
            seen, visible = seen or bool(word), shown
    return "".join(pieces) + carried


def _font_runs(text: str) -> str:
    """Escaped text, with each run of characters DejaVu Sans lacks set in the CJK font."""
    sans, cjk = covered(SANS), covered(CJK)
    if sans.issuperset(map(ord, text)):  # the usual case: DejaVu Sans has every character
        return _wrap(text, False)
    parts: list[str] = []
    run: list[str] = []
    in_cjk = False
    for char in text:
        code = ord(char)
        wants_cjk = code not in sans and code in cjk
        if wants_cjk != in_cjk and run:
            parts.append(_wrap("".join(run), in_cjk))
            run = []
        in_cjk = wants_cjk
        run.append(char)
    if run:
        parts.append(_wrap("".join(run), in_cjk))
    return "".join(parts)


def _wrap(run: str, cjk: bool) -> str:
    """One run escaped for paragraph markup, in the CJK font if it needs it."""
    text = escape(run, {'"': "&quot;"})
    return f'<font name="{CJK}">{text}</font>' if cjk else text


def markup(text: str | None) -> str:
    """User text as ReportLab paragraph markup that prints exactly what was typed."""
    lines = clean(text).split("\n")
    runs = "<br/>".join(_font_runs(no_empty_words(line)) for line in lines)
    return printable(runs)
