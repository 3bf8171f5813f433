"""Hebrew and Arabic paragraphs that wrap over several printed lines read in the right order.

Each check writes a real charter and reads back where ``pdftotext -bbox`` finds every word on
the page: printed lines top to bottom, words by their position on the line.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from smarket_planner import services
from smarket_planner.services import Plan
from smarket_planner.services.reports.charter import Section
from tests.charter.conftest import K, new_id, task_force
from tests.charter.test_charter_pdf import write

HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
ARABIC = "بتثجحخدذرزسشصضطظعغفقكمنهوي"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
RIGHT_MARGIN = 595 - 51.02  # A4 less the charter's 18 mm margin, in points
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
OBJECTIVE = frozenset({Section.OBJECTIVE})


def coded(index: int, letters: str) -> str:
    """A word of three letters of a right-to-left alphabet, different for every index below its cube."""
    base = len(letters)
    return "".join(letters[index // base**power % base] for power in (2, 1, 0))


def right_to_left(word: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in word)


def logical(printed: str) -> str:
    """A word as pdftotext finds it (glyphs left to right) put back in the order it was typed:
    Arabic presentation forms folded to letters, a right-to-left word's letters reversed."""
    word = unicodedata.normalize("NFKC", printed)
    return word[::-1] if right_to_left(word) else word


def printed_lines(path: Path) -> list[list[tuple[float, float, str]]]:
    """The first page's printed lines, top to bottom, below the heading and above the footer; each
    line's words left to right as (left edge, right edge, word as typed)."""
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for left, top, right, word in _WORD.findall(result.stdout):
        if word == "Objective" or float(top) > 780:
            continue
        row = next((seen for seen in rows if abs(seen - float(top)) < 2), float(top))
        rows.setdefault(row, []).append((float(left), float(right), logical(word)))
    return [sorted(rows[top]) for top in sorted(rows)]


def words_of(lines: list[list[tuple[float, float, str]]]) -> list[list[str]]:
    return [[word for _, _, word in line] for line in lines]


def right_to_left_note(letters: str, count: int) -> list[str]:
    """Typed words of a right-to-left note, each Latin word and number alone between two others."""
    words: list[str] = []
    for index in range(count):
        if index % 7 == 3:
            words.append(f"Pulse{index}")
        elif index % 7 == 5:
            words.append(str(2000 + index))
        elif index % 11 == 8:
            words.append(str(300 + index).translate(ARABIC_INDIC))
        else:
            words.append(coded(index, letters))
    return words


@pytest.mark.parametrize("letters", [HEBREW, ARABIC], ids=["hebrew", "arabic"])
def test_a_right_to_left_objective_reads_right_to_left_line_after_line(
    plan: Plan, tmp_path: Path, letters: str
) -> None:
    typed = right_to_left_note(letters, 90)
    ident = task_force(plan, objective=" ".join(typed))

    lines = printed_lines(write(plan, ident, tmp_path / "rtl.pdf", sections=OBJECTIVE))

    assert len(lines) >= 3
    # The first words typed are on the first line, at its right end...
    assert lines[0][-1][2] == typed[0] and lines[0][-2][2] == typed[1]
    # ...and every line, read from the right, goes on where the line above stopped.
    read = [word for line in words_of(lines) for word in reversed(line)]
    assert read == typed


@pytest.mark.parametrize("letters", [HEBREW, ARABIC], ids=["hebrew", "arabic"])
def test_a_right_to_left_objective_is_set_from_the_right_margin(
    plan: Plan, tmp_path: Path, letters: str
) -> None:
    ident = task_force(plan, objective=" ".join(right_to_left_note(letters, 80)))

    lines = printed_lines(write(plan, ident, tmp_path / "margin.pdf", sections=OBJECTIVE))

    assert len(lines) >= 3
    for line in lines:  # the last, short line too
        assert line[-1][1] == pytest.approx(RIGHT_MARGIN, abs=1.5)
    assert lines[-1][0][0] > lines[0][0][0] + 20  # the last line is short: it starts further right


def visual_line(typed: list[str], base_rtl: bool) -> list[str]:
    """The words of one line (each Latin word or number alone between right-to-left ones, or
    among Latin words) left to right, as the Unicode bidirectional algorithm sets them."""
    kinds = [right_to_left(word) for word in typed]
    runs: list[list[str]] = []
    for word, kind in zip(typed, kinds, strict=True):
        if runs and kind == right_to_left(runs[-1][0]):
            runs[-1].append(word)
        else:
            runs.append([word])
    if base_rtl:
        return [word for run in reversed(runs) for word in (run if not right_to_left(run[0]) else run[::-1])]
    return [word for run in runs for word in (run[::-1] if right_to_left(run[0]) else run)]


def test_a_hebrew_quote_in_an_english_objective_reads_right_to_left_on_each_line(
    plan: Plan, tmp_path: Path
) -> None:
    english = [f"word{index}" for index in range(4)]
    quote = [coded(index, HEBREW) for index in range(70)]
    typed = [*english, *quote, "and", "the", "end", "2026"]
    ident = task_force(plan, objective=" ".join(typed))

    lines = words_of(printed_lines(write(plan, ident, tmp_path / "quote.pdf", sections=OBJECTIVE)))

    assert len(lines) >= 3
    # Every printed line holds the next typed words, set as the algorithm sets them: the quote's
    # first words at the right end of the first line, its next ones on the right of the second.
    start = 0
    for line in lines:
        here = typed[start : start + len(line)]
        assert line == visual_line(here, base_rtl=False)
        start += len(line)
    assert start == len(typed)
    assert lines[0][-1] == quote[0] and lines[1][-1] == quote[len(lines[0]) - len(english)]


def test_english_words_in_an_arabic_objective_keep_their_order_on_every_line(
    plan: Plan, tmp_path: Path
) -> None:
    typed: list[str] = []
    for index in range(45):
        typed.append(coded(index, ARABIC))
        if index % 9 == 4:  # a run of English words and a number inside the Arabic
            typed += ["Pulse", "launch", f"plan{index}", str(2020 + index)]
    ident = task_force(plan, objective=" ".join(typed))

    lines = words_of(printed_lines(write(plan, ident, tmp_path / "runs.pdf", sections=OBJECTIVE)))

    assert len(lines) >= 3
    start = 0
    for line in lines:
        here = typed[start : start + len(line)]
        assert line == visual_line(here, base_rtl=True)
        start += len(line)
    assert start == len(typed)


def test_arabic_indic_numbers_in_a_wrapped_objective_read_in_their_order(plan: Plan, tmp_path: Path) -> None:
    numbers = [str(1000 + 37 * index).translate(ARABIC_INDIC) for index in range(30)]
    typed = [word for index, number in enumerate(numbers) for word in (coded(index, ARABIC), number)]
    ident = task_force(plan, objective=" ".join(typed))

    lines = words_of(printed_lines(write(plan, ident, tmp_path / "digits.pdf", sections=OBJECTIVE)))

    assert len(lines) >= 3
    printed = [word for line in lines for word in line]
    assert sorted(word for word in printed if word in numbers) == sorted(numbers)  # digits in order


def test_a_hebrew_goal_in_a_table_reads_right_to_left_over_its_lines(plan: Plan, tmp_path: Path) -> None:
    ident = task_force(plan)
    typed = right_to_left_note(HEBREW, 60)
    new_id(plan, K.GOAL, task_force_id=ident, title="Goal", description=" ".join(typed))
    services.update(plan, K.TASK_FORCE, ident, objective="Short")

    path = write(plan, ident, tmp_path / "goal.pdf", sections=frozenset({Section.GOALS}))
    text = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows: dict[float, list[tuple[float, str]]] = {}
    for left, top, _, word in _WORD.findall(text):
        if logical(word) in typed and float(top) < 780:  # not the footer's date
            rows.setdefault(round(float(top)), []).append((float(left), logical(word)))
    lines = [[word for _, word in sorted(rows[top])] for top in sorted(rows)]

    assert len(lines) >= 3
    assert [word for line in lines for word in reversed(line)] == typed
