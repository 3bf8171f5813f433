"""A lesson offered on the Overview, opened to read and turned into work; the goal a KPI measures."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.enums import LessonOutcome
from smarket_planner.domain.records import EntityKind, Goal
from smarket_planner.services.actions.lessons import CARRY_INTO
from smarket_planner.services.views.lessons_view import CarriedLesson
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.marks import OUTCOME_MARKS
from smarket_planner.ui.kit.scheme import text_on_window

K = EntityKind
SMALL = 0.9  # the size of the line under a lesson's title, against the title's
OUTCOME_TIPS = {
    LessonOutcome.WORKED: "It worked: do it again",
    LessonOutcome.HURT: "It hurt: do it differently next time",
    LessonOutcome.MIXED: "Some of it worked, some of it hurt",
}


class LessonRow(QFrame):
    """One lesson offered: its outcome, title and why it is offered; opened, the whole story."""

    carry_requested = Signal(int, object)  # the lesson's id, the EntityKind it is to become

    def __init__(self, offer: CarriedLesson, asks_goal: Callable[[], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.offer = offer
        self.lesson_id = offer.lesson.id
        self._asks_goal = asks_goal
        record = offer.lesson.record
        self.arrow = QToolButton(self)
        self.arrow.setAutoRaise(True)
        self.arrow.setArrowType(Qt.ArrowType.RightArrow)
        self.arrow.setToolTip("Show what happened, why, and what to do next time")
        self.arrow.setAccessibleName(f"Read the lesson: {record.title}")
        self.arrow.clicked.connect(self.toggle)
        self.title = QLabel(record.title, self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.meta = QLabel(self)  # the outcome, and why the lesson is offered, in smaller type
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setWordWrap(True)
        small = QFont(self.meta.font())
        small.setPointSizeF(small.pointSizeF() * SMALL)
        self.meta.setFont(small)
        self.details = QLabel(self)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.turn = QPushButton("Turn into", self)
        self.turn.setToolTip(
            "Add what this lesson tells the team to do, as a risk, an activity, a KPI or a question"
        )
        self.menu = QMenu(self.turn)
        self.actions_by_kind: dict[EntityKind, QAction] = {}
        for kind, words in CARRY_INTO.items():
            action = self.menu.addAction(menu_words(words))
            action.setStatusTip(f"Add the lesson to this team as {words}")
            action.triggered.connect(
                lambda _checked=False, kind=kind: self.carry_requested.emit(self.lesson_id, kind)
            )
            self.actions_by_kind[kind] = action
        self.menu.aboutToShow.connect(self._name_actions)
        self.turn.setMenu(self.menu)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        grid.addWidget(self.arrow, 0, 0)
        grid.addWidget(self.title, 0, 1)
        grid.addWidget(self.turn, 0, 2)
        grid.addWidget(self.meta, 1, 1, 1, 2)
        grid.addWidget(self.details, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.show_words()

    @property
    def opened(self) -> bool:
        """Whether the whole story shows."""
        return not self.details.isHidden()

    def set_opened(self, opened: bool) -> None:
        """Show or hide what happened, why, and what to do next time."""
        self.details.setVisible(opened)
        self.arrow.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)

    def toggle(self) -> None:
        """Open the lesson if it is closed, close it if it is open."""
        self.set_opened(not self.opened)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click anywhere on the lesson (not on its text once open) opens or closes it."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.toggle()
        super().mousePressEvent(event)

    def show_words(self) -> None:
        """Write the outcome, the line saying why, and the story, in the colours of the scheme."""
        learned = self.offer.lesson
        record = learned.record
        sign, colour = OUTCOME_MARKS[record.outcome]
        shown = text_on_window(colour, self.palette()).name()
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        mark = f"<b style='color: {shown}'>{sign}\u00a0{record.outcome.value.capitalize()}</b>"
        said = " \u00b7 ".join(
            escape(part) for part in (self.offer.reason, day_text(learned.learned_on)) if part
        )
        self.meta.setText(f"{mark} <span style='color: {quiet}'>\u00b7 {said}</span>")
        self.meta.setToolTip(OUTCOME_TIPS[record.outcome])
        parts = [
            (caption, text)
            for caption, text in (
                ("What happened", record.what_happened),
                ("Why", record.why),
                ("The data", record.evidence),
                ("Next time", record.next_time),
            )
            if text.strip()
        ]
        lines = [f"<b>{caption}:</b> {_paragraph(text)}" for caption, text in parts] or [
            f"<span style='color: {quiet}'>Nothing more was written down.</span>"
        ]
        about = []
        if learned.function_names:
            about.append("Concerns " + ", ".join(learned.function_names))
        if record.tag_list:
            about.append("Tags: " + ", ".join(record.tag_list))
        if about:
            lines.append(f"<span style='color: {quiet}'>{escape(' · '.join(about))}</span>")
        self.details.setText("".join(f"<p style='margin: 4px 0 0 0'>{line}</p>" for line in lines))

    def _name_actions(self) -> None:
        """Say with an ellipsis when turning into a KPI will ask which goal it measures."""
        words = menu_words(CARRY_INTO[K.KPI])
        self.actions_by_kind[K.KPI].setText(words + ("\u2026" if self._asks_goal() else ""))


class GoalChooser(QDialog):
    """Which of the team's goals a KPI made from a lesson will measure."""

    def __init__(self, goals: list[Goal], kpi_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Turn the Lesson into a KPI")
        question = QLabel(f"Which goal will the KPI \u201c{kpi_title}\u201d measure?", self)
        question.setTextFormat(Qt.TextFormat.PlainText)
        question.setWordWrap(True)
        self.goals = QComboBox(self)
        for goal in goals:
            self.goals.addItem(goal.title, goal.id)
        question.setBuddy(self.goals)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add KPI")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.goals)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def chosen(self) -> int:
        """The id of the goal chosen."""
        return int(self.goals.currentData())


def choose_goal(parent: QWidget, goals: list[Goal], kpi_title: str) -> Goal | None:
    """Ask which goal the KPI measures; None if the user cancels."""
    dialog = GoalChooser(goals, kpi_title, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.chosen()
    return next(goal for goal in goals if goal.id == chosen)


def menu_words(words: str) -> str:
    """What a lesson becomes as a menu says it: "a risk to watch" gives "&Risk to watch"."""
    bare = words.split(" ", 1)[1] if words.split(" ", 1)[0] in ("a", "an") else words
    return "&" + bare[:1].upper() + bare[1:]


def _paragraph(text: str) -> str:
    """Plain text as rich text, its line breaks kept."""
    return "<br>".join(escape(line) for line in text.strip().splitlines())
