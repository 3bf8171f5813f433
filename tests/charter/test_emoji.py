"""Emoji print as a black-and-white glyph of a shipped font or as their name, never as an empty box."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from smarket_planner import services
from smarket_planner.charter.emoji import SYMBOLS
from smarket_planner.charter.fonts import CJK, SANS, SANS_BOLD
from smarket_planner.charter.text import markup
from smarket_planner.services import Plan
from tests.charter.conftest import K, new_id, pdf_text, readable
from tests.charter.test_charter_pdf import write

# What is typed, and how it reads back from the PDF: as typed where a shipped font has the glyphs,
# else by name. A skin tone cannot show in black and white; a flag would be two boxed letters.
TYPED = {
    "Ana 😀 Smile": "Ana 😀 Smile",  # DejaVu Sans has the emoticons
    "🚀 launch": "🚀 launch",  # Symbola
    "Love ❤️ Stars ⭐": "Love ❤️ Stars ⭐",  # with the emoji variation selector FE0F
    "👨‍👩‍👧 Family": "👨‍👩‍👧 Family",  # a ZWJ sequence: the three people side by side
    "👍🏽 Thumbs": "👍 Thumbs",  # a skin tone
    "1️⃣ First": "1️⃣ First",  # a keycap
    "🇫🇷 Paris 🇯🇵🇧🇷": "[flag FR] Paris [flag JP][flag BR]",  # regional indicators
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿 England": "[flag GB-ENG] England",  # a tag sequence
    "🥰 Hearts": "[smiling face with smiling eyes and three hearts] Hearts",  # newer than Symbola
    "李雷 🚀": "李雷 🚀",
}


def fonts() -> list[frozenset[int]]:
    """The characters each font a charter prints in has a glyph for."""
    return [frozenset(pdfmetrics.getFont(name).face.charToGlyph) for name in (SANS, SANS_BOLD, CJK, SYMBOLS)]


def unprintable(text: str) -> set[str]:
    """The characters of a PDF's text that no shipped font has a glyph for (each would be a box)."""
    markup("🚀")  # registers every font
    known = fonts()
    return {
        char for char in readable(text) if not char.isspace() and not any(ord(char) in font for font in known)
    }


@pytest.fixture
def emoji_team(plan: Plan) -> int:
    """A team whose name, members, goal, KPI and deliverable are typed with emoji."""
    sales = new_id(plan, K.FUNCTION, name="Sales 📈", colour="#1f77b4")
    ident = new_id(plan, K.TASK_FORCE, name="Launch 🚀 🇫🇷", kind="other", status="active")
    for name in TYPED:
        services.add_member(plan, ident, new_id(plan, K.PERSON, name=name, function_id=sales))
    goal = new_id(plan, K.GOAL, task_force_id=ident, title="Grow 🌱 👍🏽", owner_function_ids=[sales])
    new_id(plan, K.KPI, goal_id=goal, title="Smiles 😀 🥰", unit="🙂", target=5)
    new_id(plan, K.DELIVERABLE, task_force_id=ident, title="Ship 📦 🇯🇵")
    return ident


def test_emoji_come_back_as_typed_or_by_name(plan: Plan, emoji_team: int, tmp_path: Path) -> None:
    text = readable(pdf_text(write(plan, emoji_team, tmp_path / "emoji.pdf")))

    for typed, printed in TYPED.items():
        assert printed in text, f"{typed!r} did not come back as {printed!r}"
    for expected in [
        "Launch 🚀 [flag FR]",
        "Sales 📈",
        "Grow 🌱 👍",
        "Smiles 😀 [smiling face",
        "Ship 📦 [flag JP]",
    ]:
        assert expected in text


def test_no_emoji_prints_as_an_empty_box(plan: Plan, emoji_team: int, tmp_path: Path) -> None:
    path = write(plan, emoji_team, tmp_path / "emoji.pdf")

    text = pdf_text(path)

    assert not unprintable(text), f"no shipped font has {unprintable(text)}"
    # A glyph a font lacks is drawn as its empty box and reads back as nothing: every character
    # typed (or its name) is there, and so is every word of the text around it.
    assert readable(text).count("[flag FR]") >= 2
    used = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Symbola" in used and "DejaVuSans" in used


def test_an_emoji_reads_back_from_a_plain_label(plan: Plan, tmp_path: Path) -> None:
    """The graph draws a label DejaVu Sans sets whole as plain text: its emoji still reads back."""
    ident = new_id(plan, K.TASK_FORCE, name="Plain", kind="other", status="proposed")
    new_id(plan, K.DELIVERABLE, task_force_id=ident, title="Smile 😀 review")

    text = readable(pdf_text(write(plan, ident, tmp_path / "plain.pdf")))

    assert "Smile 😀 review" in text


def test_the_markup_names_what_no_font_has() -> None:
    assert markup("a 🇫🇷 b") == "a [flag FR] b"
    assert markup("🥰") == "[smiling face with smiling eyes and three hearts]"
    assert markup("🚀 & co") == f'<font name="{SYMBOLS}">🚀</font> &amp; co'
    assert markup("👍🏿") == f'<font name="{SYMBOLS}">👍</font>'
    assert markup("plain text") == "plain text"
