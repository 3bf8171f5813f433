"""Typed text made safe to print: cleaned, escaped, set in the right font, right-to-left words in order."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from smarket_planner.charter.bidi import display_order, embedding_levels
from smarket_planner.charter.styles import para, styles
from smarket_planner.charter.text import (
    CJK,
    SANS,
    clean,
    has_cjk,
    markup,
    needs_shaping,
    no_empty_words,
)

CJK_OPEN, CJK_CLOSE = f'<font name="{CJK}">', "</font>"


@pytest.mark.parametrize("nothing", [None, ""])
def test_clean_of_nothing_is_empty(nothing: str | None) -> None:
    assert clean(nothing) == ""


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("a\x00b\x07c\x1bd\x1fe", "abcde"),  # C0 controls
        ("a\x7fb\x85c\x9fd", "abcd"),  # DEL and C1 controls
        ("a\ud800b\udfffc", "abc"),  # lone surrogates
        ("a\u0378b\U000e0080c", "abc"),  # unassigned code points
        ("a\ue000b\U000f0000c", "abc"),  # private use: no font of ours has them
        ("one\ntwo\n\nthree", "one\ntwo\n\nthree"),  # newlines stay
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),  # Windows and old Mac line ends become newlines
        ("a\tb", "a b"),
        ("e\u0301", "\u00e9"),  # NFC: e + combining acute is é
        ("\u212b", "\u00c5"),  # NFC: the angstrom sign is Å
    ],
)
def test_clean_keeps_printable_text_and_newlines_only(typed: str, cleaned: str) -> None:
    assert clean(typed) == cleaned


def test_clean_keeps_every_script_and_format_character() -> None:
    text = "Zoë Łukasz Анна عمر דוד 李雷 山田 김민수 Σωκράτης 😀 \u200f\u200b\u00a0&<>"
    assert clean(text) == text
    assert clean("soft\u00adhyphen") == "soft\u00adhyphen"


def test_clean_drops_what_trips_shaping_from_arabic_and_hebrew_text() -> None:
    # ReportLab's shaping fails on a soft hyphen (TypeError) and on Arabic vowel marks set with
    # a rise on a later line (IndexError); both are optional, so shaped text goes without them.
    assert clean("\u0634\u0643\u0631\u0627\u064b team\u00ad") == "\u0634\u0643\u0631\u0627 team"
    assert clean("\u05e9\u05dc\u05d5\u05dd\u00ad") == "\u05e9\u05dc\u05d5\u05dd"


def test_markup_escapes_the_characters_of_markup() -> None:
    assert markup('<b>Tom & "Jerry"</b>') == "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"
    assert markup("&amp; &lt; &#60;") == "&amp;amp; &amp;lt; &amp;#60;"
    assert markup("it's") == "it's"


def test_markup_of_nothing_is_empty() -> None:
    assert markup(None) == "" and markup("") == ""


def test_markup_sets_chinese_japanese_and_korean_runs_in_the_cjk_font() -> None:
    assert markup("Lead: 李雷 (Beijing)") == f"Lead: {CJK_OPEN}李雷{CJK_CLOSE} (Beijing)"
    assert markup("山田太郎") == f"{CJK_OPEN}山田太郎{CJK_CLOSE}"
    assert markup("김민수 and カナ") == f"{CJK_OPEN}김민수{CJK_CLOSE} and {CJK_OPEN}カナ{CJK_CLOSE}"
    assert markup("李<雷>") == f"{CJK_OPEN}李{CJK_CLOSE}&lt;{CJK_OPEN}雷{CJK_CLOSE}&gt;"  # escaped inside too


def test_markup_leaves_latin_cyrillic_greek_in_the_main_font() -> None:
    text = "Zoë Łukasz, Анна Петрова, Σωκράτης"
    assert markup(text) == text


def test_markup_turns_newlines_into_line_breaks() -> None:
    assert markup("one\ntwo\r\nthree\rfour") == "one<br/>two<br/>three<br/>four"
    assert markup("a\n\nb") == "a<br/><br/>b"


def test_markup_drops_control_characters() -> None:
    assert markup("a\x00b\x0bc") == "abc"


def test_markup_keeps_right_to_left_words_in_the_order_typed() -> None:
    # The paragraph orders them on each printed line, once its lines are broken.
    assert markup("Lead: דוד לוי\nעמר & co") == "Lead: דוד לוי<br/>עמר &amp; co"


@pytest.mark.parametrize(
    ("line", "joined"),
    [
        ("plain  words, & \u00e9t\u00e9", "plain  words, & \u00e9t\u00e9"),  # nothing to join
        ("a \u200d b", "a\u00a0\u200d b"),  # a joiner between spaces goes with the word before
        ("a \u0301 b", "a\u00a0\u0301 b"),  # a lone combining accent too (on a no-break space)
        ("a \u200f \u200d b", "a\u00a0\u200f\u00a0\u200d b"),  # several in a row
        ("\u200d a b", "\u200d\u00a0a b"),  # first on the line: with the word after
        ("  \u200d a", "  \u200d\u00a0a"),
        ("a \u200d", "a\u00a0\u200d"),  # last on the line
        ("a \u200b b", "a\u200b  b"),  # a zero-width space alone between spaces goes before them
        ("a \u200b\u200d b", "a\u00a0\u200d\u200b b"),
        ("a\u200b\u200d\u200bb", "a\u200d\u200b\u200bb"),  # joined without a space where there was none
        ("\u200d", "\u200d"),
        ("", ""),
    ],
)
def test_a_word_that_takes_no_room_is_joined_to_a_neighbour(line: str, joined: str) -> None:
    assert no_empty_words(line) == joined


@pytest.mark.parametrize("mark", ["\u200d", "\u200b", "\u200f", "\u0301"])
def test_no_line_is_set_wider_than_measured(mark: str) -> None:
    # One '&amp;' makes a paragraph of several fragments, where ReportLab's line breaker leaves out
    # the space before a word of no width but sets it: without the joining, a line ran off the page.
    paragraph = Paragraph(markup(f"\t{mark}\t".join("&" * 60)), styles()["body"])
    paragraph.wrap(400, 10_000)

    lines = paragraph.blPara.lines
    assert len(lines) > 1
    for line in lines:
        set_width = stringWidth("".join(word.text for word in line.words).rstrip(), SANS, 9.5)
        assert set_width <= 400 - line.extraSpace + 0.01


def test_script_detection() -> None:
    assert needs_shaping("عمر") and needs_shaping("דוד") and not needs_shaping("Zoë Анна 李雷")
    assert has_cjk("李雷") and has_cjk("김") and has_cjk("カ") and not has_cjk("Zoë Анна عمر")


def printed_line(typed: str) -> str:
    """One line of text as a paragraph prints it, words left to right, each word's letters as typed
    (the glyphs of a right-to-left word, set right to left, read back in reverse)."""
    paragraph = para(typed, "body")
    paragraph.wrap(10_000, 1_000)
    (line,) = paragraph.blPara.lines
    drawn = "".join(word.text for word in line.words) if paragraph.blPara.kind else " ".join(line[1])
    words = unicodedata.normalize("NFKC", drawn).split(" ")
    return " ".join(word[::-1] if right_to_left(word) else word for word in words)


def right_to_left(word: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in word)


@pytest.mark.parametrize(
    "line",
    ["Plain English words", "Zoë 2026 Łukasz", "Анна Петрова 42", "李雷 山田太郎", "spaced   out"],
)
def test_text_without_right_to_left_script_prints_as_typed(line: str) -> None:
    assert printed_line(line) == " ".join(line.split())


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        # A run of right-to-left words in a left-to-right line reads right to left on paper...
        ("Hello עמר אל פארוק world", "Hello פארוק אל עמר world"),
        ("Meet عمر الفاروق today", "Meet الفاروق عمر today"),
        # ...with numbers inside the run keeping their place in it, reading left to right.
        ("Pulse 3.0 עם דוד 12 לוי now", "Pulse 3.0 לוי 12 דוד עם now"),
        # Two runs, each reversed on its own; the words between stay where they are.
        ("a אחד שתיים b שלוש ארבע c", "a שתיים אחד b ארבע שלוש c"),
        # Left-to-right words and numbers before the run do not move.
        ("Budget 2026 for דוד לוי", "Budget 2026 for לוי דוד"),
        ("One word דוד", "One word דוד"),
        # A number right after the run is read with it (rule W2), so it goes to the run's left.
        ("Hi עולם 3 ok", "Hi 3 עולם ok"),
        ("Budget ميزانية 2026 approved", "Budget 2026 ميزانية approved"),
        # Arabic-Indic digits read left to right, like any number.
        ("Budget year ٢٠٢٦", "Budget year ٢٠٢٦"),
    ],
)
def test_right_to_left_runs_in_a_left_to_right_line_print_reversed(logical: str, visual: str) -> None:
    assert printed_line(logical) == visual


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        ("שלום עולם", "עולם שלום"),
        ("مرحبا بالعالم يا عمر", "عمر يا بالعالم مرحبا"),
        # A line that starts right to left: left-to-right runs keep their own order inside.
        ("דוד uses Pulse Forecast today", "uses Pulse Forecast today דוד"),
        ("مرحبا بالعالم 2026 test שלום עולם", "עולם שלום test 2026 بالعالم مرحبا"),
        ("עולם 3 דוד", "דוד 3 עולם"),
        ("عمر الفاروق uses Pulse 3", "uses Pulse 3 الفاروق عمر"),
    ],
)
def test_a_right_to_left_line_prints_from_the_right(logical: str, visual: str) -> None:
    assert printed_line(logical) == visual


def test_a_right_to_left_paragraph_is_set_from_the_right_margin() -> None:
    assert para("שלום עולם").style.alignment == TA_RIGHT
    assert para("Hello שלום").style.alignment == TA_LEFT
    assert para("שלום", "cell_center").style.alignment == TA_CENTER


@pytest.mark.parametrize(
    ("levels", "order"),
    [
        ([], []),
        ([0, 0, 0], [0, 1, 2]),
        ([1, 1, 1], [2, 1, 0]),
        ([0, 1, 1, 0], [0, 2, 1, 3]),
        ([1, 2, 2, 1], [3, 1, 2, 0]),  # a left-to-right run inside right-to-left text keeps its order
        ([0, 1, 2, 1, 0], [0, 3, 2, 1, 4]),
    ],
)
def test_display_order_reverses_runs_from_the_highest_level_down(levels: list[int], order: list[int]) -> None:
    assert display_order(levels) == order


def test_embedding_levels_are_one_per_character() -> None:
    typed = "Budget ٢٠٢٦ שלום 12 李雷"
    levels = embedding_levels(typed, 0)

    assert len(levels) == len(typed)
    assert levels[:6] == [0] * 6 and levels[7:11] == [2] * 4  # Arabic-Indic digits: a number, level 2
    assert levels[12:16] == [1] * 4 and levels[17:19] == [2, 2] and levels[-2:] == [0, 0]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.characters(exclude_categories=["Cs"]),
            st.sampled_from(["<b>", "&amp;", "<br/>", "</para>", '"', ";", "\n", " ", "عمر", "דוד", "12"]),
        ),
        max_size=40,
    ).map("".join)
)
def test_markup_always_parses_and_prints_exactly_the_cleaned_text(text: str) -> None:
    """ReportLab reads the markup back as the cleaned text, no tags added (it collapses white
    space as HTML does, so the comparison ignores white space)."""
    paragraph = Paragraph(markup(text), styles()["body"])

    expected = clean(text)
    assert _words(paragraph.getPlainText()) == _words(expected)


def _words(text: str) -> str:
    """The text without white space, nor the zero-width space ReportLab breaks lines at and drops."""
    return "".join(text.replace("\u200b", " ").split())
