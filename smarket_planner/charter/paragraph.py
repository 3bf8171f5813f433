"""A paragraph of user text in any script: Hebrew and Arabic read right to left on every printed line.

ReportLab breaks lines and draws them; this paragraph gives it words already shaped, each
piece of a word carrying its embedding level from the Unicode Bidirectional Algorithm, and
after the lines are broken sets each printed line's pieces in reading order (rule L2). Words
of Chinese, Japanese and Korean are cut into one word per character, so a line may break
between any two of them, as ReportLab's CJK wrapping would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, _getFragWords, _HSFrag

from smarket_planner.charter.bidi import LINE_BREAK, base_level, display_order, embedding_levels
from smarket_planner.charter.shaping import set_piece
from smarket_planner.charter.text import CJK_CHARACTERS

# Characters that can make a paragraph other than all left to right: right-to-left letters,
# Arabic numbers and the explicit direction controls.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_GAP = object()  # the white space between two words, as a piece of a printed line


class _Word(list[Any]):
    """A word as ReportLab breaks lines with it, [width, (frag, text), ...], and the level of each piece."""

    levels: tuple[int, ...] = ()
    gap = 0  # the level of the white space after it


class _SpacedWord(_HSFrag, _Word):  # type: ignore[misc]
    """A word followed by white space."""


def _is_break(word: Sequence[Any]) -> bool:
    """Whether a word of ReportLab's stands for a typed line break."""
    return hasattr(word[1][0], "lineBreak")


def _cjk_words(word: list[Any]) -> Iterator[list[Any]]:
    """A word cut before and after every CJK character (not before one that cannot start a line)."""
    current: list[tuple[Any, Any]] = []
    after_cjk = False
    for frag, text in word[1:]:
        if not isinstance(text, str) or not CJK_CHARACTERS.search(text):
            current.append((frag, text))
            after_cjk = after_cjk if not text else False
            continue
        kept = ""
        for char in text:
            cjk = CJK_CHARACTERS.match(char) is not None
            if (cjk or after_cjk) and char not in ALL_CANNOT_START and (kept or current):
                yield [0, *current, *([(frag, kept)] if kept else [])]
                current, kept = [], ""
            kept += char
            after_cjk = cjk
        current.append((frag, kept))
    yield (_HSFrag if isinstance(word, _HSFrag) else list)([0, *current])


def _typed_text(words: Sequence[list[Any]]) -> str:
    """The paragraph as the algorithm reads it: words, the spaces between them, line breaks."""
    parts: list[str] = []
    for word in words:
        if _is_break(word):
            parts.append(LINE_BREAK)
            continue
        parts += [text if isinstance(text, str) else "" for _, text in word[1:]]
        if isinstance(word, _HSFrag):
            parts.append(" ")
    return "".join(parts)


def printed_words(frags: list[Any], *, shaping: bool, cjk: bool) -> tuple[list[Any], int]:
    """ReportLab's words of a parsed paragraph, shaped piece by piece at their levels; and its base level."""
    words: list[Any] = _getFragWords(frags)
    if cjk:
        words = [part for word in words for part in (_cjk_words(word) if not _is_break(word) else [word])]
    text = _typed_text(words)
    right_to_left = _RIGHT_TO_LEFT.search(text) is not None
    base = base_level(text) if right_to_left else 0
    levels = embedding_levels(text, base) if right_to_left else None
    result: list[Any] = []
    position = 0
    for word in words:
        if _is_break(word):
            result.append(word)
            position += 1
            continue
        made = (_SpacedWord if isinstance(word, _HSFrag) else _Word)([0.0])
        kept: list[int] = []
        for frag, text in word[1:]:
            if not isinstance(text, str) or not text:
                made.append((frag, text))
                kept.append(base)
                continue
            for level, run in _runs(text, levels, position, base):
                printed, width = set_piece(run, frag.fontName, frag.fontSize, level, shaping)
                if printed:
                    made.append((frag, printed))
                    kept.append(level)
                    made[0] += width
            position += len(text)
        if len(made) == 1:  # nothing printable left (a lone soft hyphen): keep the frag for its style
            made.append((word[1][0], ""))
            kept.append(base)
        made.levels = tuple(kept)
        if isinstance(word, _HSFrag):
            made.gap = levels[position] if levels else base
            position += 1
        result.append(made)
    return result, base


def _runs(text: str, levels: list[int] | None, start: int, base: int) -> Iterator[tuple[int, str]]:
    """A piece of typed text cut where its embedding level changes."""
    if levels is None:
        yield base, text
        return
    begin = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or levels[start + index] != levels[start + begin]:
            yield levels[start + begin], text[begin:index]
            begin = index


def reading_order(words: Sequence[Any], base: int) -> list[Any]:
    """One printed line's words (in typed order) as frags to draw left to right, rule L2 applied."""
    pieces: list[tuple[int, Any, Any]] = []
    for word in words:
        if _is_break(word):
            continue
        levels = getattr(word, "levels", ()) or (base,) * (len(word) - 1)
        pieces += [(level, frag, text) for (frag, text), level in zip(word[1:], levels, strict=False)]
        if isinstance(word, _HSFrag):
            pieces.append((getattr(word, "gap", base), word[-1][0], _GAP))
    while pieces and pieces[-1][2] is _GAP:  # white space ending a line takes no part (rule L1)
        pieces.pop()
    drawn: list[Any] = []
    last = None
    for index in display_order([level for level, _, _ in pieces]):
        _, frag, text = pieces[index]
        text = " " if text is _GAP else text
        if frag is last:
            drawn[-1].text = drawn[-1].text + text
        else:
            piece = frag.clone()
            piece.text = text
            drawn.append(piece)
            last = frag
    return drawn


@cache
def _from_the_right(style: ParagraphStyle) -> ParagraphStyle:
    """The style set from the right margin, for a paragraph that reads right to left."""
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)


class ScriptParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph of user text whose Hebrew and Arabic read right to left on every printed line."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,  # ReportLab's name: its split passes it
        frags: list[Any] | None = None,
        *,
        shaping: bool = False,
        cjk: bool = False,
        base: int = 0,
    ) -> None:
        super().__init__(text, style, bulletText=bulletText, frags=frags)
        self.frags: list[Any]
        self.base = base
        # (width, widths of the first and later lines, lines) broken for this paragraph by the one it
        # was split from; the width its own lines were last broken at.
        self._carried: tuple[float, list[float], list[Any]] | None = None
        self._broken_at: float | None = None
        if frags is None:
            self.frags, self.base = printed_words(self.frags, shaping=shaping, cjk=cjk)
            if self.base % 2 and style.alignment == TA_LEFT:
                self.style = _from_the_right(style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the lines (ReportLab), then set each line's words in reading order.

        The part of a paragraph a page break left over keeps the lines already broken for it,
        at the same width: breaking the rest of a long note again on every page made it
        quadratic (a 100,000-character note: 40 seconds).
        """
        carried = self._carried
        if carried is not None and carried[0] == availWidth and self._evenly_spaced():
            self.width, self._wrapWidths, self._broken_at = availWidth, carried[1], availWidth
            self.blPara = ParaLines(kind=1, lines=carried[2])
            self.height = len(carried[2]) * self.style.leading
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._broken_at = availWidth
        lines = self.blPara.lines
        if self.blPara.kind == 1:
            ends = [line.sFW for line in lines[1:]] + [len(self.frags)]
            for line, end in zip(lines, ends, strict=True):
                drawn = reading_order(self.frags[line.sFW : end], self.base)
                if drawn:
                    line.words = drawn
        return size

    def _evenly_spaced(self) -> bool:
        """Whether every line takes the style's leading (no automatic leading), as ReportLab counts."""
        return getattr(self, "autoLeading", getattr(self.style, "autoLeading", "")) in ("", "off")

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """The paragraph cut where the frame ends; both parts keep its direction and lines."""
        parts: list[Any] = super().split(availWidth, availHeight)
        for part in parts:
            part.base = self.base
        if len(parts) == 2 and self._broken_at == availWidth and self.blPara.kind == 1:
            first, rest = parts
            lines = self.blPara.lines
            count = len(first.blPara.lines)
            start = lines[count].sFW  # the first word of the rest, in this paragraph's words
            first._carried = (availWidth, self._wrapWidths, lines[:count])
            later = self._wrapWidths[1:] * 2
            rest._carried = (availWidth, later, [line.clone(sFW=line.sFW - start) for line in lines[count:]])
        return parts
