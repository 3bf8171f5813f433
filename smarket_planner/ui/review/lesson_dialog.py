"""A lesson written blamelessly: what happened and why, with the data, what to do next time, for whom."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.enums import LessonOutcome
from smarket_planner.domain.records import EntityKind, Lesson
from smarket_planner.services.views.goals_view import OwnerFunction
from smarket_planner.ui.kit.cell_editors import combo
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.form_fields import OptionalDate, text_box
from smarket_planner.ui.kit.marks import OUTCOME_MARKS, dot_icon
from smarket_planner.ui.kit.pickers import FunctionPicker
from smarket_planner.ui.kit.scheme import text_on_window
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.parts import AMBER, quiet

K = EntityKind.LESSON
TEXTS = ("what_happened", "why", "evidence", "next_time")
BLAMELESS = (
    "A lesson is blameless: it says what happened and why, in the way the work was set up, with the data, "
    "and what the next team should do. It names no culprit; people are optional (thank them under Credits)."
)
PLACEHOLDERS = {
    "title": "The lesson in a line: 'Book the follow-up calls before the event'",
    "what_happened": "What happened, not who: describe the situation and the data",
    "why": "Why it happened: the causes in how the work was planned, staffed or handed over",
    "evidence": "The numbers behind it: check-ins, dates, counts, what customers said",
    "next_time": "What the next team should do again, or do differently",
    "tags": "Words to find it by: events, follow-up",
}


def outcome_items() -> list[tuple[str, Any, Any]]:
    """The three outcomes, each with its sign in its colour."""
    return [(f"{OUTCOME_MARKS[o][0]}  {o.label}", o, dot_icon(OUTCOME_MARKS[o][1])) for o in LessonOutcome]


def names_in(text: str, names: Sequence[str]) -> list[str]:
    """The people's names a text mentions, whole names only, each once, in the order given."""
    found = []
    for name in names:
        if name.strip() and re.search(rf"(?<!\w){re.escape(name.strip())}(?!\w)", text, re.IGNORECASE):
            found.append(name.strip())
    return list(dict.fromkeys(found))


class LessonDialog(EditDialog):
    """Add or change a lesson; a name of someone in its story earns a gentle word, never a refusal."""

    def __init__(
        self,
        session: PlanSession,
        lesson: Lesson,
        functions: Sequence[OwnerFunction],
        people: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Edit Lesson" if lesson.id else "Add Lesson", parent, min_width=880)
        self.lesson = lesson
        self.people = list(people)
        self.title_edit = QLineEdit(lesson.title)
        self.outcome = combo(outcome_items(), lesson.outcome)
        self.outcome.setToolTip("Something that worked (do it again), that hurt (do it differently), or both")
        self.what_happened = text_box(lesson.what_happened, 3)
        self.why = text_box(lesson.why, 3)
        self.evidence = text_box(lesson.evidence, 3)
        self.next_time = text_box(lesson.next_time, 3)
        self.functions = FunctionPicker(
            functions,
            lesson.function_ids,
            "The functions this lesson concerns: later teams with them see it first",
        )
        self.tags = QLineEdit(lesson.tags)
        self.recorded_on = OptionalDate("Recorded &on", lesson.recorded_on)
        self.title_edit.setPlaceholderText(PLACEHOLDERS["title"])
        self.tags.setPlaceholderText(PLACEHOLDERS["tags"])
        for name in TEXTS:
            self.text(name).setPlaceholderText(PLACEHOLDERS[name])
        for name, label, widget in (
            ("title", "&Title:", self.title_edit),
            ("outcome", "O&utcome:", self.outcome),
            ("what_happened", "What &happened:", self.what_happened),
            ("why", "&Why:", self.why),
            ("evidence", "The &data:", self.evidence),
            ("next_time", "&Next time:", self.next_time),
        ):
            self.add_field(name, label, widget)
        side = QFormLayout()
        side.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, widget in (
            ("function_ids", "&Functions:", self.functions),
            ("tags", "Ta&gs:", self.tags),
            ("recorded_on", "", self.recorded_on),
        ):
            side.addRow(label, widget)
            self.fields[name] = widget
        self.named = QLabel()
        self.named.setWordWrap(True)
        self.named.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.named.palette()
        palette.setColor(QPalette.ColorRole.WindowText, text_on_window(AMBER, palette))
        self.named.setPalette(palette)
        right = QVBoxLayout()
        right.addLayout(side)
        right.addWidget(self.named)
        right.addStretch(1)
        self.hint = quiet(BLAMELESS)
        self.body.removeItem(self.form)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 3)
        columns.addSpacing(12)
        columns.addLayout(right, 2)
        self.body.insertWidget(0, self.hint)
        self.body.insertLayout(1, columns)
        for name in TEXTS:
            self.text(name).textChanged.connect(self.check_names)
        self.title_edit.textChanged.connect(self.check_names)
        self.check_names()

    def text(self, name: str) -> QPlainTextEdit:
        """One of the lesson's four texts."""
        box = {
            "what_happened": self.what_happened,
            "why": self.why,
            "evidence": self.evidence,
            "next_time": self.next_time,
        }[name]
        return box

    def check_names(self) -> list[str]:
        """Say, gently, which people the lesson names; the names found."""
        written = " ".join([self.title_edit.text(), *(self.text(name).toPlainText() for name in TEXTS)])
        found = names_in(written, self.people)
        if found:
            who = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
            self.named.setText(
                f"The lesson names {who}. That is fine if it tells what happened; if it says who was to "
                "blame, say instead what in the plan, the staffing or the hand-overs let it happen."
            )
        self.named.setVisible(bool(found))
        return found

    def values(self) -> dict[str, Any]:
        """The lesson as filled in."""
        return {
            "title": self.title_edit.text(),
            "outcome": self.outcome.currentData(),
            **{name: self.text(name).toPlainText() for name in TEXTS},
            "function_ids": self.functions.checked_ids(),
            "tags": self.tags.text(),
            "recorded_on": self.recorded_on.value(),
        }

    def commit(self) -> bool | None:
        """Add the lesson, or change just what was changed."""
        plan, values = self.session.plan, self.values()
        title = values["title"].strip()
        if self.lesson.id == 0:
            values["task_force_id"] = self.lesson.task_force_id
            return self.edit(lambda: services.add(plan, K, values), f"Add lesson '{title}'")
        current = {field.name: getattr(self.lesson, field.name) for field in fields(self.lesson)}
        changes = {name: value for name, value in values.items() if value != current.get(name)}
        if not changes:
            return True
        return self.change(K, self.lesson.id, self.lesson.version, changes, f"Edit lesson '{title}'")
