"""Step 4, credits: who the task force thanks, a person or a whole function, and for what."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLineEdit, QStyle, QTableView, QWidget

from smarket_planner import services
from smarket_planner.domain.records import Credit, EntityKind
from smarket_planner.services.reports.review import ReviewReport
from smarket_planner.services.views.goals_view import OwnerFunction, functions_of
from smarket_planner.services.views.log_view import PersonChoice, person_choices
from smarket_planner.ui.kit.cell_editors import combo, person_items
from smarket_planner.ui.kit.commands import command
from smarket_planner.ui.kit.edit_dialog import EditDialog
from smarket_planner.ui.kit.marks import chip, dot_icon
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.removal import confirm_removal
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.parts import ReviewHooks, ReviewPage, plural, quiet, review_table, section_bar

K = EntityKind.CREDIT
THANKS = (
    "When success is realized, everyone gives credit to one another. Thank the people and the functions "
    "that made the difference, and say for what: the review and its printout carry the thanks."
)


def function_items(functions: Sequence[OwnerFunction], *, none: str) -> list[tuple[str, Any, QIcon | None]]:
    """Functions as combo items, each with its colour, "none" first."""
    return [(none, None, None), *((f.name, f.id, chip(f.colour)) for f in functions)]


class CreditDialog(EditDialog):
    """Thank a person, a whole function, or a person for their function's work; and say for what."""

    def __init__(
        self,
        session: PlanSession,
        credit: Credit,
        people: Sequence[PersonChoice],
        functions: Sequence[OwnerFunction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, "Edit Credit" if credit.id else "Give Credit", parent, min_width=520)
        self.credit = credit
        self.person = combo(person_items(people, none="No one in particular"), credit.person_id)
        self.function = combo(function_items(functions, none="No function"), credit.function_id)
        self.for_what = QLineEdit(credit.for_what)
        self.for_what.setPlaceholderText("What they did that made the difference")
        self.add_field(
            "person_id", "&Person:", self.person, "Someone to thank by name (optional with a function)"
        )
        self.add_field(
            "function_id", "F&unction:", self.function, "A whole function to thank (optional with a person)"
        )
        self.add_field("for_what", "&For what:", self.for_what)
        self.form.addRow(
            "", quiet("Choose a person, a function, or both: a person thanked for their function.")
        )

    def values(self) -> dict[str, Any]:
        """The credit as filled in."""
        return {
            "person_id": self.person.currentData(),
            "function_id": self.function.currentData(),
            "for_what": self.for_what.text(),
        }

    def commit(self) -> bool | None:
        """Give the credit, or change just what was changed."""
        plan, values = self.session.plan, self.values()
        if self.credit.id == 0:
            values["task_force_id"] = self.credit.task_force_id
            return self.edit(
                lambda: services.add(plan, K, values), f"Credit for '{values['for_what'].strip()}'"
            )
        changes = {name: value for name, value in values.items() if value != getattr(self.credit, name)}
        if not changes:
            return True
        return self.change(K, self.credit.id, self.credit.version, changes, "Edit credit")


class CreditsPage(ReviewPage):
    """Who the task force thanks and for what: a list to add to, edit and remove from."""

    step = "Credits"

    def __init__(self, session: PlanSession, hooks: ReviewHooks, parent: QWidget | None = None) -> None:
        super().__init__(session, hooks, parent)
        self.intro.setText(THANKS)
        self._function_colours: dict[int, str] = {}
        self._person_colours: dict[int, str] = {}
        self.model = RecordTableModel(self._columns(), self)
        self.view: QTableView = review_table(self.model)
        self.view.setAccessibleName("Credits")
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setColumnWidth(0, 300)
        context = Qt.ShortcutContext.WidgetShortcut
        new = QStyle.StandardPixmap.SP_FileDialogNewFolder
        self.add_action = command(self.view, "&Give Credit…", self.add, "Ins", new, context)
        self.edit_action = command(self.view, "&Edit Credit…", self.edit, "F2", None, context)
        trash = QStyle.StandardPixmap.SP_TrashIcon
        self.remove_action = command(self.view, "Re&move Credit", self.remove, "Del", trash, context)
        bar, _heading = section_bar("Credits", [self.add_action, self.edit_action, self.remove_action])
        self.empty = quiet("No one thanked yet. Who made the difference, and how?")
        self.column.addSpacing(6)
        self.column.addLayout(bar)
        self.column.addWidget(self.empty)
        self.column.addWidget(self.view, 1)
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self._enable()

    def _columns(self) -> list[Column]:
        def thanked(credit: Credit) -> str:
            return self.report.thanked(credit) if self.report is not None else ""

        def mark(credit: Credit) -> QIcon | None:
            """A function's square chip; a person's round dot in their function's colour."""
            if credit.function_id is not None and credit.function_id in self._function_colours:
                return chip(self._function_colours[credit.function_id])
            if credit.person_id is not None and credit.person_id in self._person_colours:
                return dot_icon(self._person_colours[credit.person_id])
            return None

        return [
            Column("Thanks to", thanked, icon=mark, tooltip=thanked),
            Column("For what", lambda c: c.for_what, tooltip=lambda c: c.for_what),
        ]

    def show_report(self, report: ReviewReport) -> None:
        """Show the credits as they stand."""
        super().show_report(report)
        plan = self.session.plan
        self._function_colours = {function.id: function.colour for function in functions_of(plan)}
        self._person_colours = {person.id: person.colour for person in person_choices(plan)}
        self.model.sync_records(report.credits, ordered=True)
        self.empty.setVisible(not report.credits)
        self.select_wanted()
        self._enable()

    def badge(self) -> str:
        """How many thanks are given."""
        return (
            plural(len(self.report.credits), "credit")
            if self.report is not None and self.report.credits
            else ""
        )

    def current(self) -> Credit | None:
        """The credit chosen, if any."""
        index = self.view.currentIndex()
        record = self.model.record(index.row()) if index.isValid() else None
        return record if isinstance(record, Credit) else None

    def select(self, ident: int) -> bool:
        """Choose a credit in the list."""
        row = self.model.row_of(ident)
        if row is not None:
            self.view.selectRow(row)
        return row is not None

    def _enable(self) -> None:
        writable = not self.session.plan.read_only
        chosen = self.current() is not None
        self.add_action.setEnabled(writable and self.report is not None)
        self.edit_action.setEnabled(writable and chosen)
        self.remove_action.setEnabled(writable and chosen)

    def _open(self, credit: Credit) -> CreditDialog:
        plan = self.session.plan
        people = person_choices(plan, credit.task_force_id)
        dialog = CreditDialog(self.session, credit, people, functions_of(plan), self.window())
        dialog.accepted.connect(lambda: self._made(dialog))
        dialog.open()
        return dialog

    def _made(self, dialog: CreditDialog) -> None:
        made = getattr(dialog.outcome, "value", None)
        if isinstance(made, Credit) and not self.select(made.id):
            self.wanted = made.id  # chosen once the review shows it

    def add(self) -> CreditDialog | None:
        """Open a dialog to thank someone."""
        if self.report is None or self.session.plan.read_only:
            return None
        return self._open(Credit(0, self.report.task_force.id, ""))

    def edit(self) -> CreditDialog | None:
        """Open the credit chosen to change it."""
        credit = self.current()
        return self._open(credit) if credit is not None and not self.session.plan.read_only else None

    def remove(self) -> bool:
        """Remove the credit chosen, after asking (undo brings it back)."""
        credit = self.current()
        if credit is None:
            return False
        if not confirm_removal(self.window(), self.session, K, [credit.id], credit.for_what):
            return False
        return self.session.delete(K, credit.id, credit.version, "Remove credit") is not None
