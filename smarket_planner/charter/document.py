"""Lay a charter out on pages: portrait and landscape templates, footer with page x of y."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from smarket_planner.analysis.plan_index import day
from smarket_planner.charter import graph, sections_team, sections_work
from smarket_planner.charter.fonts import SANS, register_fonts
from smarket_planner.charter.model import CharterContent, CharterOptions, PageSize, Section
from smarket_planner.charter.styles import MARGIN, MUTED, RULE, para
from smarket_planner.charter.text import clean
from smarket_planner.domain.errors import CharterError
from smarket_planner.domain.whole_file import whole_file

FOOTER_SIZE = 7.5

Builder = Callable[[CharterContent, float], list[Flowable]]
_BUILDERS: dict[Section, Builder] = {
    Section.TITLE: sections_team.title_block,
    Section.OBJECTIVE: sections_team.objective,
    Section.RHYTHM: sections_team.rhythm,
    Section.MEMBERS: sections_team.members,
    Section.GOALS: sections_team.goals,
    Section.KPIS: sections_team.kpis,
    Section.RACI: sections_work.raci,
    Section.RISKS: sections_work.risks,
    Section.DECISIONS: sections_work.decisions,
    Section.QUESTIONS: sections_work.questions,
    Section.HEALTH: sections_work.health,
    Section.SIGNATURES: sections_work.signatures,
}


def paper(size: PageSize) -> tuple[float, float]:
    """The portrait page size in points."""
    width, height = A4 if size is PageSize.A4 else LETTER
    return float(width), float(height)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds its pages back until the end, to print 'page x of y' on each."""

    footer_left = ""
    footer_right = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._lines: dict[tuple[str, float], Any] = {}

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, MARGIN - 8, width - MARGIN, MARGIN - 8)
        self.setFont(SANS, FOOTER_SIZE)
        self.setFillColor(MUTED)
        content = width - 2 * MARGIN
        for text, style, x, room in (
            (self.footer_left, "footer", MARGIN, content * 0.3),
            (self.footer_right, "footer_centre", MARGIN + content * 0.3, content * 0.5),
        ):
            line = self._lines.get((text, room))
            if line is None:  # typeset once per page width, drawn on every page
                line = self._lines[text, room] = para(text, style)
                line.wrap(room, 20)
            line.drawOn(self, x, MARGIN - 20)
        self.drawRightString(width - MARGIN, MARGIN - 18, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def _canvas_maker(content: CharterContent) -> type[_NumberedCanvas]:
    """A canvas class whose footer names this plan, task force and day."""
    left = _fit(clean(content.plan_title).replace("\n", " "), 36)
    middle = _fit(clean(content.task_force.name).replace("\n", " "), 44)
    middle += f" \u00b7 charter printed {day(content.printed_on)}"
    return type("CharterCanvas", (_NumberedCanvas,), {"footer_left": left, "footer_right": middle})


def _fit(text: str, limit: int) -> str:
    """Text cut to a footer's room, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def story(content: CharterContent, options: CharterOptions) -> tuple[list[Flowable], str]:
    """The charter's flowables in order, switching to landscape pages where a section is wide.

    Also the template of the first page: landscape when the first section printed is wide.
    """
    portrait = paper(options.page_size)
    width = portrait[0] - 2 * MARGIN
    wide_width, wide_height = landscape(portrait)[0] - 2 * MARGIN, landscape(portrait)[1] - 2 * MARGIN
    flowables: list[Flowable] = []
    turned = False  # whether the page being filled is a landscape one
    first = "portrait"
    for section in Section:
        if section not in options.sections:
            continue
        if section is Section.GRAPH:
            parts, wide = graph.section(content, width, portrait[1] - 2 * MARGIN, wide_width, wide_height)
        elif section is Section.RACI and sections_work.raci_widths(content, width) is None:
            parts, wide = sections_work.raci(content, wide_width), True
        else:
            parts, wide = _BUILDERS[section](content, width), False
        if wide != turned:  # a wide section gets landscape pages of its own, then portrait again
            if flowables:
                flowables += [NextPageTemplate("landscape" if wide else "portrait"), PageBreak()]
            else:  # the very first page is turned instead
                first = "landscape"
            turned = wide
        flowables += parts
    if not flowables:  # only sections printed when they hold something (open questions) were chosen
        flowables = [para("Nothing to print: this task force has no open questions.", "body")]
    return flowables, first


def render(content: CharterContent, options: CharterOptions, target: Any) -> None:
    """Typeset the charter into a file path or a binary stream."""
    register_fonts()
    portrait = paper(options.page_size)
    frame_args = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    tall = Frame(MARGIN, MARGIN, portrait[0] - 2 * MARGIN, portrait[1] - 2 * MARGIN, id="tall", **frame_args)
    wide_size = landscape(portrait)
    wide = Frame(
        MARGIN, MARGIN, wide_size[0] - 2 * MARGIN, wide_size[1] - 2 * MARGIN, id="wide", **frame_args
    )
    document = BaseDocTemplate(
        target,
        pagesize=portrait,
        title=f"{clean(content.task_force.name)} \u2014 task force charter",
        author=clean(content.plan_title),
        subject="Task force charter",
        creator="smarket_planner",
        # The real creation date, unless SOURCE_DATE_EPOCH asks for a reproducible file: then that
        # moment, and the file's identifier fixed too (ReportLab reads the variable itself).
        invariant=bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip()),
    )
    flowables, first = story(content, options)
    templates = [
        PageTemplate("portrait", frames=[tall], pagesize=portrait),
        PageTemplate("landscape", frames=[wide], pagesize=wide_size),
    ]
    document.addPageTemplates(templates if first == "portrait" else templates[::-1])
    try:
        document.build(flowables, canvasmaker=_canvas_maker(content))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, LayoutError) as error:
        # ReportLab and HarfBuzz still stop on a few rare mixes of scripts; say so plainly.
        raise CharterError(
            f"The charter of '{clean(content.task_force.name)}' could not be typeset: the PDF library "
            "stopped on some of its text. Look for unusual text, such as Hebrew or Arabic glued to "
            "Chinese or to symbols, and print again."
        ) from error


def charter_bytes(content: CharterContent, options: CharterOptions) -> bytes:
    """The charter as PDF bytes (for a preview)."""
    buffer = io.BytesIO()
    render(content, options, buffer)
    return buffer.getvalue()


def write_charter(content: CharterContent, options: CharterOptions, path: Path) -> Path:
    """Write the charter to ``path`` whole or not at all (a half-written PDF never replaces a good one)."""
    path = Path(path)
    with whole_file(path, ".pdf") as draft, draft.open("wb") as stream:
        render(content, options, stream)
    return path
