"""Which way each piece of mixed Hebrew, Arabic and Latin text reads, and the order pieces print in.

The Unicode Bidirectional Algorithm (UAX #9) is python-bidi's: it resolves an embedding level
for every character of a paragraph (even: left to right, odd: right to left); the charter then
breaks the paragraph into printed lines and sets each line's pieces in the order rule L2 gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bidi import get_base_level, get_display  # type: ignore[import-untyped]
from bidi.mirror import MIRRORED  # type: ignore[import-untyped]

# python-bidi hands out its levels only in the description of its work (debug=True), one per
# byte of the text in UTF-8, as "levels: [Level(0), Level(1), ...]" (Rust's Debug format).
_LEVEL = re.compile(rb"Level\(\s*(\d+),\s*\)")
_LEVELS_START = "levels: ["
_LEVELS_END = "paragraphs: ["
# Every character in the one paragraph the charter sets: a typed line break is a line separator
# (white space) to the algorithm, not a paragraph separator, so all lines share one direction.
LINE_BREAK = "\u2028"
_PARAGRAPH_SEPARATORS = str.maketrans("\n\r\x1c\x1d\x1e\x85\u2029", LINE_BREAK * 7)


class BidiError(ValueError):
    """python-bidi described its levels in a way this module does not read."""


def base_level(text: str) -> int:
    """0 when a paragraph reads left to right, 1 when right to left: its first strong letter says (P2, P3)."""
    return int(get_base_level(text))


def embedding_levels(text: str, base: int) -> list[int]:
    """The resolved embedding level of every character of one paragraph read in the base direction given."""
    if not text:
        return []
    text = text.translate(_PARAGRAPH_SEPARATORS)
    described = get_display(text, base_dir="R" if base % 2 else "L", debug=True)
    start, end = described.find(_LEVELS_START), described.find(_LEVELS_END)
    if start < 0 or end < start:
        raise BidiError("python-bidi did not list the embedding levels")
    per_byte = _LEVEL.findall(described[start:end].encode("ascii"))
    encoded = text.encode("utf-8")
    if len(per_byte) != len(encoded):
        raise BidiError(f"python-bidi gave {len(per_byte)} levels for {len(encoded)} bytes")
    # A character's level is that of its first byte (UTF-8 continuation bytes are 10xxxxxx).
    return [int(level) for level, byte in zip(per_byte, encoded, strict=True) if byte & 0xC0 != 0x80]


def display_order(levels: Sequence[int]) -> list[int]:
    """The positions of a printed line's pieces, left to right, given their levels in typed order (rule L2).

    From the highest level down to the lowest odd one, every run of pieces at that level or
    above is reversed.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    highest, lowest_odd = max(levels), min(levels) | 1
    if highest < lowest_odd:  # nothing reads right to left
        return order
    placed = list(levels)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(placed):
            if placed[index] < level:
                index += 1
                continue
            end = index
            while end < len(placed) and placed[end] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            placed[index:end] = placed[index:end][::-1]
            index = end
    return order


@lru_cache(maxsize=4096)
def mirrored(text: str) -> str:
    """Text set right to left without shaping: its characters reversed, brackets turned (rule L4)."""
    return "".join(str(MIRRORED.get(char, char)) for char in reversed(text))
