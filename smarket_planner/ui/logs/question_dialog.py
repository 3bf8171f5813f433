"""Open questions as the logs show them: their table columns and the dialog that asks and answers them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QWidget

from smarket_planner.domain.records import Question
from smarket_planner.services.views.log_view import PersonChoice, QuestionLine
from smarket_planner.ui.kit.cell_editors import combo, person_items
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import OptionalDate, text_box
from smarket_planner.ui.kit.marks import dot_icon
from smarket_planner.ui.kit.record_model import Column
from smarket_planner.ui.kit.session import PlanSession

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
STATUS = 4  # the column sorted on at first: the most overdue on top
# The dot beside each status, in the window's shared mid-tones: red, amber, green.
STATUS_COLOURS = {"Overdue": "#d64541", "Open": "#d4952a", "Answered": "#2e9e5b"}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def status_text(line: QuestionLine) -> str:
    """ "Overdue by 3 days", "Open", or "Answered: " and the answer's first line."""
    if line.days_overdue:
        return f"Overdue by {_days(line.days_overdue)}"
    if line.status == "Answered":
        return f"Answered: {_first_line(line.record.answer)}"
    return "Open"


def status_tooltip(line: QuestionLine) -> str:
    """The answer in full with its data, or what is still owed."""
    question = line.record
    if question.is_open:
        owed = f"{line.answerer_name} should answer it" if line.answerer_name else "No one has been asked yet"
        when = f" by {day_text(question.due_on)}" if question.due_on else ""
        late = f" ({_days(line.days_overdue)} ago)" if line.days_overdue else ""
        return f"{owed}{when}{late}."
    parts = [question.answer.strip()]
    if question.evidence.strip():
        parts.append(f"Data: {question.evidence.strip()}")
    if question.answered_on:
        parts.append(f"Answered on {day_text(question.answered_on)}")
    return "\n\n".join(parts)


def question_columns(setter: Callable[[str], Any], warning: Callable[[], QColor]) -> list[Column]:
    """The question log's columns; ``setter(field)`` gives the in-place edit of that field,
    ``warning()`` the colour an overdue question is marked in."""

    def overdue(line: QuestionLine) -> QColor | None:
        return warning() if line.days_overdue else None

    def person(name: str, shown: str, attribute: str) -> Column:
        return Column(
            shown,
            lambda q: getattr(q, attribute),
            edit=setter(name),
            edit_value=lambda q: getattr(q.record, name),
        )

    def icon(line: QuestionLine) -> QIcon:
        return dot_icon(STATUS_COLOURS[line.status])

    return [
        Column(
            "Question",
            lambda q: q.record.question,
            edit=setter("question"),
            tooltip=lambda q: q.record.question,
            foreground=overdue,
        ),
        person("asked_by_id", "Asked by", "asked_by_name"),
        person("answerer_id", "To answer", "answerer_name"),
        Column("Due", lambda q: q.record.due_on, edit=setter("due_on"), align=RIGHT, foreground=overdue),
        Column(
            "Status",
            status_text,
            tooltip=status_tooltip,
            icon=icon,
            foreground=overdue,
            sort_key=lambda q: q.rank,
        ),
    ]


class QuestionDialog(EditDialog):
    """A question, who asked it, who should answer it by when, and the answer with the data behind it."""

    def __init__(
        self,
        session: PlanSession,
        title: str,
        apply: Callable[[dict[str, Any]], bool],
        people: Sequence[PersonChoice],
        question: Question,
        parent: QWidget | None = None,
        *,
        answering: bool = False,
    ) -> None:
        super().__init__(session, title, parent, apply=apply, min_width=540)
        self.question = QLineEdit(question.question)
        self.question.setPlaceholderText("What the team needs to find out, as a question")
        self.asked_by = combo(person_items(people, none="Not said"), question.asked_by_id)
        self.answerer = combo(person_items(people, none="No one yet"), question.answerer_id)
        self.due_on = OptionalDate("Answer b&y", question.due_on)
        self.answer = text_box(question.answer, 3)
        self.answer.setPlaceholderText("What the team found out; leave empty while the question is open")
        self.evidence = text_box(question.evidence, 3)
        self.evidence.setPlaceholderText("The numbers and evidence behind the answer")
        self.answered_on = OptionalDate("Answered &on", question.answered_on)
        asked: list[tuple[str, str, QWidget]] = [
            ("question", "&Question:", self.question),
            ("asked_by_id", "Asked &by:", self.asked_by),
            ("answerer_id", "&To answer:", self.answerer),
            ("due_on", "", self.due_on),
        ]
        answered: list[tuple[str, str, QWidget]] = [
            ("answer", "&Answer:", self.answer),
            ("evidence", "&Data:", self.evidence),
            ("answered_on", "", self.answered_on),
        ]
        for name, label, widget in asked:
            self.add_field(name, label, widget)
        self.form.addRow(_rule())
        self.form.addRow(_heading("The answer"))
        for name, label, widget in answered:
            self.add_field(name, label, widget)
        self.answer.textChanged.connect(self._date_the_answer)
        (self.answer if answering else self.question).setFocus()

    def _date_the_answer(self) -> None:
        """An answer written is dated today unless a date is given; an answer taken back loses its date."""
        given = bool(self.answer.toPlainText().strip())
        if given and self.answered_on.value() is None:
            self.answered_on.set_value(date.today())
        elif not given and self.answered_on.value() is not None:
            self.answered_on.tick.setChecked(False)

    def values(self) -> dict[str, Any]:
        """The question's fields."""
        return {
            "question": self.question.text(),
            "asked_by_id": self.asked_by.currentData(),
            "answerer_id": self.answerer.currentData(),
            "due_on": self.due_on.value(),
            "answer": self.answer.toPlainText(),
            "evidence": self.evidence.toPlainText(),
            "answered_on": self.answered_on.value(),
        }


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
