"""The lessons a task force about to be formed should read, listed in the dialogs that form one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QWidget

from smarket_planner import services
from smarket_planner.domain.enums import TaskForceKind
from smarket_planner.domain.records import EntityKind, Function
from smarket_planner.services import Plan
from smarket_planner.services.views.lessons_view import CarriedLesson, lessons_for_new_team
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.marks import OUTCOME_MARKS
from smarket_planner.ui.kit.scheme import text_on_base

LINES = 7  # the list's height in lines of text: two lessons whole, then it scrolls
GAP = 6  # pixels between two lessons


class LessonOffers(QTextBrowser):
    """Lessons of earlier task forces, most relevant first: each its title, its outcome, and why it
    is offered (which task force learned it, and what it shares with the new team)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson-offers")
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)  # read-only: Tab moves on, the arrows scroll
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Lessons from earlier task forces")
        self.setToolTip(
            "Lessons earlier task forces wrote down, the most relevant first: those of the team this one "
            "re-forms, then those of the same kind of work, then those about its functions"
        )
        frame = 2 * self.frameWidth() + 2 * int(self.document().documentMargin())
        self.setFixedHeight(self.fontMetrics().lineSpacing() * LINES + GAP + frame)
        self.offers: list[CarriedLesson] = []
        self._empty = ""
        self.show_offers([], "")

    def show_offers(self, offers: Sequence[CarriedLesson], empty: str) -> None:
        """List the lessons offered; ``empty`` says, quietly, that there are none."""
        self.offers = list(offers)
        self._empty = empty
        self._write()

    def changeEvent(self, event: QEvent) -> None:
        """Colour the outcomes again for a new light or dark scheme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "offers"):
            self._write()

    def _write(self) -> None:
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        if not self.offers:
            self.setHtml(f"<p style='color: {quiet}'>{escape(self._empty)}</p>")
            return
        entries = []
        for offer in self.offers:
            record = offer.lesson.record
            sign, colour = OUTCOME_MARKS[record.outcome]
            shown = text_on_base(colour, self.palette()).name()
            day = day_text(offer.lesson.learned_on).replace(" ", "\u00a0")  # a date never breaks
            said = " \u00b7 ".join(escape(part) for part in (offer.reason, day) if part)
            entries.append(
                f"<p style='margin: 0 0 {GAP}px 0'><b>{escape(record.title)}</b><br>"
                f"<span style='color: {shown}'>{sign}\u00a0{escape(record.outcome.value.capitalize())}</span>"
                f" <span style='color: {quiet}'>\u00b7 {said}</span></p>"
            )
        self.setHtml("".join(entries))


def offers_for(
    plan: Plan, kind: TaskForceKind, function_names: Iterable[str] = (), reformed_from_id: int | None = None
) -> list[CarriedLesson]:
    """The lessons a new task force of ``kind`` should read, its functions named as a template names
    them (those the plan has count toward relevance)."""
    wanted = {name.casefold() for name in function_names}
    function_ids = [
        function.id
        for function in services.find(plan, EntityKind.FUNCTION)
        if isinstance(function, Function) and function.name.casefold() in wanted
    ]
    return lessons_for_new_team(plan, kind, reformed_from_id, function_ids)


def none_offered(kind: TaskForceKind) -> str:
    """What the list says when no earlier lesson concerns a new team of ``kind``."""
    if kind is TaskForceKind.OTHER:
        return "No lessons yet from earlier task forces of kind Other."
    return f"No lessons yet from earlier task forces of this kind ({kind.label.lower()})."
