"""The Overview's lessons from earlier task forces: read them, and turn one into this team's work."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from smarket_planner import services
from smarket_planner.analysis.plan_index import LIVE
from smarket_planner.domain.records import Activity, EntityKind, Goal, Kpi, Question, Record, Risk, TaskForce
from smarket_planner.services import ChangeNotice
from smarket_planner.services.actions.lessons import carry_lesson
from smarket_planner.services.views.lessons_view import CarriedLesson, carried_lessons
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.overview.lesson_parts import LessonRow, choose_goal

K = EntityKind
TITLE = "Lessons from earlier task forces"
SHOWN = 3  # the most relevant lessons shown at first; the rest behind "Show N more"
# What the lessons offered to a team depend on: the lessons, the teams that learned them, and
# this team's kind, past and functions (its members', its goals' and KPIs' owners).
WATCHED = frozenset({K.LESSON, K.TASK_FORCE, K.MEMBERSHIP, K.PERSON, K.FUNCTION, K.GOAL, K.KPI})
# The tab that shows what a lesson becomes, as the workspace names it (a test keeps them the same).
SHOWN_ON = {
    K.RISK: "Risks & Decisions",
    K.ACTIVITY: "Responsibilities",
    K.KPI: "Goals & KPIs",
    K.QUESTION: "Risks & Decisions",
}
QUOTED_MOST = 70  # a long question is cut short in the status bar


class CarriedLessons(QGroupBox):
    """What earlier task forces learned that this one should read, most relevant first.

    Shown for proposed, forming and active task forces that have lessons to read; a dispersed or
    archived team's lessons live in its own review. Each lesson turns, in one undo step, into a
    risk, an activity, a KPI or a question of this team.
    """

    said = Signal(str)  # what was added and where, for the status bar

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.session = session
        self.team: TaskForce | None = None
        self.offers: list[CarriedLesson] = []
        self.rows: list[LessonRow] = []
        self._all = False
        self.setToolTip(
            "Lessons of earlier task forces of the same kind, of the one this team re-forms, or about "
            "its functions: open one to read it, and turn it into this team's work"
        )
        self.list = QVBoxLayout()
        self.list.setSpacing(6)
        self.more = QToolButton(self)
        self.more.setAutoRaise(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.clicked.connect(self._show_more)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        bottom = QHBoxLayout()
        bottom.addWidget(self.more)
        bottom.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        layout.addLayout(self.list)
        layout.addLayout(bottom)
        self._say_in_panel("")
        self.hide()

    # -- what the Overview asks ---------------------------------------------------------------
    def show_task_force(self, team: TaskForce | None) -> None:
        """Offer a task force the lessons it should read; hidden when there are none, or no task force."""
        if team is None or self.team is None or team.id != self.team.id:
            self._all = False
            self._say_in_panel("")
            self._show_offers([], opened=set())
        self.team = team
        self.refresh()

    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Offer again when a lesson, a team or this team's people, goals or KPIs changed."""
        if self.team is not None and any(notice.kind in WATCHED for notice in notices):
            self.refresh()

    def refresh(self) -> None:
        """Read the lessons offered again, keeping open the ones that were open."""
        team = self.team
        live = team is not None and team.status in LIVE
        offers = carried_lessons(self.session.plan, team.id) if team is not None and live else []
        if offers != self.offers:
            self._show_offers(offers, opened={row.lesson_id for row in self.rows if row.opened})

    def expand(self, lesson_id: int) -> None:
        """Open a lesson, showing it if it was behind "Show N more"."""
        for index, row in enumerate(self.rows):
            if row.lesson_id == lesson_id:
                if index >= SHOWN:
                    self._all = True
                    self._show_rows()
                row.set_opened(True)

    def changeEvent(self, event: QEvent) -> None:
        """Colour the outcomes again for the new light or dark scheme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "note"):
            for row in self.rows:
                row.show_words()
            self._say_in_panel(self.note.text(), warn=bool(self.note.property("warn")))

    # -- turning a lesson into work --------------------------------------------------------------
    def carry(self, lesson_id: int, into: EntityKind) -> Record | None:
        """Turn a lesson into a risk, activity, KPI or question of the team, as one undo step.

        A KPI measures a goal: with several, the user chooses which; with none, they are told to
        add one first. Says what was added and where; None if nothing was.
        """
        team = self.team
        if team is None:
            return None
        plan = self.session.plan
        goal: Goal | None = None
        if into is K.KPI:
            goals = [
                goal for goal in services.find(plan, K.GOAL, task_force_id=team.id) if isinstance(goal, Goal)
            ]
            if not goals:
                self._tell(
                    f"Add a goal to {team.name} first, on the {SHOWN_ON[K.KPI]} tab: a KPI measures a goal.",
                    True,
                )
                return None
            title = next(
                (offer.lesson.record.title for offer in self.offers if offer.lesson.id == lesson_id), ""
            )
            goal = goals[0] if len(goals) == 1 else choose_goal(self, goals, title)
            if goal is None:
                return None
        goal_id = goal.id if goal is not None else None
        outcome = self.session.edit(lambda: carry_lesson(plan, lesson_id, team.id, into, goal_id=goal_id))
        if outcome is None:
            return None  # refused: the session has said why
        record: Record = outcome.value
        self._tell(added(into, record, goal))
        return record

    def _tell(self, message: str, warn: bool = False) -> None:
        """Say something in the status bar; a warning also under the lessons, until the next step."""
        self._say_in_panel(message if warn else "", warn=warn)
        self.said.emit(message)

    def _say_in_panel(self, message: str, warn: bool = False) -> None:
        colour = (
            error_colour(self.palette()) if warn else self.palette().color(QPalette.ColorRole.PlaceholderText)
        )
        self.note.setProperty("warn", warn)
        self.note.setStyleSheet(f"color: {colour.name()};")
        self.note.setText(message)
        self.note.setVisible(bool(message))

    # -- showing ---------------------------------------------------------------------------------
    def _show_offers(self, offers: list[CarriedLesson], opened: set[int]) -> None:
        self.offers = offers
        for row in self.rows:
            row.hide()
            self.list.removeWidget(row)
            row.deleteLater()  # a row's menu may be what made this edit: it goes once that is done
        self.rows = []
        for offer in offers:
            row = LessonRow(offer, self._asks_goal, self)
            row.carry_requested.connect(self.carry)
            row.set_opened(offer.lesson.id in opened)
            row.turn.setEnabled(not self.session.plan.read_only)
            self.list.addWidget(row)
            self.rows.append(row)
        self.setTitle(f"{TITLE} ({len(offers)})" if offers else TITLE)
        self._show_rows()
        self.setVisible(bool(offers))

    def _show_rows(self) -> None:
        for index, row in enumerate(self.rows):
            row.setVisible(self._all or index < SHOWN)
        hidden = len(self.rows) - SHOWN
        self.more.setVisible(hidden > 0)
        self.more.setText("Show fewer" if self._all else f"Show {hidden} more")
        self.more.setArrowType(Qt.ArrowType.UpArrow if self._all else Qt.ArrowType.DownArrow)

    def _show_more(self) -> None:
        self._all = not self._all
        self._show_rows()

    def _asks_goal(self) -> bool:
        """Whether turning a lesson into a KPI asks which goal: the team has several."""
        if self.team is None:
            return False
        return len(services.find(self.session.plan, K.GOAL, task_force_id=self.team.id)) > 1


def added(into: EntityKind, record: Record, goal: Goal | None = None) -> str:
    """What was added and where: "Added the risk “Lead definition” to the Risks & Decisions tab"."""
    name = _name_of(record)
    if len(name) > QUOTED_MOST:
        name = name[: QUOTED_MOST - 1].rstrip() + "\u2026"
    where = f"under the goal \u201c{goal.title}\u201d on" if goal is not None else "to"
    return f"Added the {into.label} \u201c{name}\u201d {where} the {SHOWN_ON[into]} tab."


def _name_of(record: Record) -> str:
    if isinstance(record, Risk | Kpi):
        return record.title
    if isinstance(record, Activity):
        return record.name
    if isinstance(record, Question):
        return record.question
    return ""
