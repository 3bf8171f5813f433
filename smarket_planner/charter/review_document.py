"""Lay an after-action review out on portrait pages in the charter's style, footer with page x of y."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from smarket_planner.analysis.plan_index import day
from smarket_planner.charter import review_scorecard, review_sections
from smarket_planner.charter.document import FOOTER_SIZE, _NumberedCanvas, paper
from smarket_planner.charter.fonts import register_fonts
from smarket_planner.charter.model import PageSize
from smarket_planner.charter.review_model import ReviewContent
from smarket_planner.charter.styles import MARGIN
from smarket_planner.charter.text import clean
from smarket_planner.charter.units import width as printed_width
from smarket_planner.domain.errors import CharterError
from smarket_planner.domain.whole_file import whole_file

FOOTER_MOST = 120  # characters: more never fit a footer's line
Builder = Callable[[ReviewContent, float], list[Flowable]]
SECTIONS: tuple[Builder, ...] = (
    review_scorecard.title_block,
    review_scorecard.at_a_glance,
    review_scorecard.scorecard,
    review_sections.goals,
    review_sections.deliverables,
    review_sections.risks,
    review_sections.decisions,
    review_sections.lessons,
    review_sections.credits,
    review_sections.questions,
)


def _fit(text: str, room: float, after: str = "") -> str:
    """Text cut to a footer's room (with an ellipsis when cut), ``after`` kept whole at its end."""
    text = clean(text).replace("\n", " ")
    if printed_width(text + after, FOOTER_SIZE) <= room:
        return text + after
    text = text[:FOOTER_MOST]
    while text and printed_width(text + "\u2026" + after, FOOTER_SIZE) > room:
        text = text[:-1]
    return text.rstrip() + "\u2026" + after


def _canvas_maker(content: ReviewContent, page_width: float) -> type[_NumberedCanvas]:
    """A canvas class whose footer names this plan, task force and the day reviewed, each on one line."""
    room = page_width - 2 * MARGIN  # the footer gives the plan 0.3 of it and the team 0.5 (less padding)
    middle = _fit(content.task_force.name, room * 0.5 - 6, f" \u00b7 review as of {day(content.reviewed_on)}")
    fields = {"footer_left": _fit(content.plan_title, room * 0.3 - 6), "footer_right": middle}
    return type("ReviewCanvas", (_NumberedCanvas,), fields)


def story(content: ReviewContent, width: float) -> list[Flowable]:
    """The review's flowables in order."""
    return [flowable for section in SECTIONS for flowable in section(content, width)]


def render(content: ReviewContent, target: Any, page_size: PageSize = PageSize.A4) -> None:
    """Typeset the review into a file path or a binary stream."""
    register_fonts()
    width, height = paper(page_size)
    frame = Frame(
        MARGIN,
        MARGIN,
        width - 2 * MARGIN,
        height - 2 * MARGIN,
        id="tall",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    name = clean(content.task_force.name)
    document = BaseDocTemplate(
        target,
        pagesize=(width, height),
        title=f"{name} \u2014 after-action review",
        author=clean(content.plan_title),
        subject="After-action review",
        creator="smarket_planner",
        invariant=bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),  # as the charter does
    )
    document.addPageTemplates([PageTemplate("portrait", frames=[frame], pagesize=(width, height))])
    try:
        document.build(story(content, width - 2 * MARGIN), canvasmaker=_canvas_maker(content, width))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, LayoutError) as error:
        # ReportLab and HarfBuzz still stop on a few rare mixes of scripts; say so plainly.
        raise CharterError(
            f"The review of '{name}' could not be typeset: the PDF library stopped on some of its "
            "text. Look for unusual text, such as Hebrew or Arabic glued to Chinese or to symbols, "
            "and print again."
        ) from error


def review_bytes(content: ReviewContent, page_size: PageSize = PageSize.A4) -> bytes:
    """The review as PDF bytes (for a preview)."""
    buffer = io.BytesIO()
    render(content, buffer, page_size)
    return buffer.getvalue()


def write_review(content: ReviewContent, path: Path, page_size: PageSize = PageSize.A4) -> Path:
    """Write the review to ``path`` whole or not at all (a half-written PDF never replaces a good one)."""
    path = Path(path)
    with whole_file(path, ".pdf") as draft, draft.open("wb") as stream:
        render(content, stream, page_size)
    return path
