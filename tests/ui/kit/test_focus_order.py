"""Every form from the keyboard: Tab walks the fields as laid out, it opens on the first, no letter twice."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.analysis.model import FindingKind
from smarket_planner.domain import EntityKind
from smarket_planner.domain.records import Decision, Question, Risk
from smarket_planner.services.reports.analysis import analyse
from smarket_planner.services.views.goals_view import goals_of
from smarket_planner.services.views.log_view import person_choices
from smarket_planner.services.views.work_view import deliverable_lines
from smarket_planner.ui.app.finding_fixes import FixDialog
from smarket_planner.ui.exchange.roster_dialog import ImportRosterDialog
from smarket_planner.ui.goals.check_ins import CheckInDialog
from smarket_planner.ui.goals.goal_dialog import GoalDialog
from smarket_planner.ui.goals.kpi_dialogs import KpiDialog
from smarket_planner.ui.kit.focus import follow_layout, plain_standard_buttons
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.log_dialogs import DecisionDialog, RiskDialog
from smarket_planner.ui.logs.question_dialog import QuestionDialog
from smarket_planner.ui.overview.task_force_dialog import NewTaskForceDialog, ReformDialog
from smarket_planner.ui.team.people_dialogs import AddMemberDialog, FunctionDialog, PersonDialog
from smarket_planner.ui.work.work_dialogs import ActivityDialog, DeliverableDialog, UpstreamPicker
from smarket_planner.ui.workspace.template_saving import SaveTemplateDialog
from tests.ui.conftest import DEMO_TODAY

K = EntityKind
MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The letter Alt+ goes with in a label or button text ("&&" is a plain ampersand)."""
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def tab_walk(dialog: QDialog, fields: list[QWidget]) -> list[QWidget]:
    """The fields Tab visits once round from the first, in order."""
    fields[0].setFocus(Qt.FocusReason.TabFocusReason)
    start = dialog.focusWidget()
    visited: list[QWidget] = []
    for _ in range(80):
        focus = dialog.focusWidget()
        owner = next((f for f in fields if focus is f or f.isAncestorOf(focus)), None)
        if owner is not None and owner not in visited:
            visited.append(owner)
        dialog.focusNextChild()
        if dialog.focusWidget() is start:
            break
    return visited


def letters(dialog: QDialog) -> list[str]:
    """Every Alt+ letter the dialog's labels, buttons, ticks and group boxes hold, shown or not."""
    texts = [label.text() for label in dialog.findChildren(QLabel) if "<" not in label.text()]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton)]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    return [letter for text in texts if (letter := mnemonic(text)) is not None]


def form_labels(dialog: QDialog) -> list[QLabel]:
    """The labels of the dialog's form rows that say something."""
    found = []
    for form in dialog.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and label.text().strip():
                found.append(label)
    return found


def opened(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def first_task_force(session: PlanSession) -> int:
    """The demo task force with the most in it: goals, KPIs, deliverables."""
    plan = session.plan
    ids = [tf.id for tf in services.find(plan, K.TASK_FORCE)]
    return max(ids, key=lambda ident: (len(goals_of(plan, ident)), len(deliverable_lines(plan, ident))))


def _fix(session: PlanSession, kind: FindingKind) -> FixDialog:
    finding = next(f for f in analyse(session.plan, today=DEMO_TODAY).findings if f.kind is kind)
    remedy = services.remedy_for(session.plan, finding)
    assert remedy is not None
    return FixDialog(session, remedy)


# Each form, made on the demo plan, with its fields in the order they are laid out.
Form = Callable[[PlanSession, Path], tuple[QDialog, list[str]]]


def new_task_force(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return NewTaskForceDialog(session), ["name", "templates", "start", "end", "sponsor", "lead"]


def reform(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return ReformDialog(session, first_task_force(session)), ["name", "start", "end"]


def save_template(session: PlanSession, tmp: Path) -> tuple[QDialog, list[str]]:
    return SaveTemplateDialog(session, first_task_force(session), tmp), ["name", "description"]


def person(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return PersonDialog(session), ["name", "job_title", "function", "email", "location", "capacity"]


def function(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return FunctionDialog(session), ["name", "colour_button", "description"]


def member(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    dialog = AddMemberDialog(session, first_task_force(session))
    dialog.search, dialog.list = dialog.people.search, dialog.people.view  # type: ignore[attr-defined]
    return dialog, ["search", "list", "role", "allocation", "start", "end"]


def activity(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return ActivityDialog(session, "Add Activity", lambda _values: True), ["name", "description"]


def deliverable(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    people = person_choices(session.plan)
    dialog = DeliverableDialog(session, lambda _values: True, people, date(2026, 12, 1))
    dialog.start_tick, dialog.start_date = dialog.start.tick, dialog.start.edit  # type: ignore[attr-defined]
    dialog.due_tick = dialog.due.tick  # type: ignore[attr-defined]  # its date waits for the tick
    return dialog, ["title", "owner", "duration", "start_tick", "start_date", "due_tick", "status"]


def upstream(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    line = deliverable_lines(session.plan, first_task_force(session))[0]
    return UpstreamPicker(session, line, lambda _values: True), ["search", "view", "kind"]


def risk(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    people = person_choices(session.plan)
    dialog = RiskDialog(session, "Raise Risk", lambda _v: True, people, Risk(0, 1, "", raised_on=DEMO_TODAY))
    dialog.raised_tick, dialog.raised_date = dialog.raised_on.tick, dialog.raised_on.edit  # type: ignore[attr-defined]
    fields = ["title", "description", "severity", "likelihood", "status", "owner", "raised_by"]
    return dialog, [*fields, "raised_tick", "raised_date", "mitigation"]


def decision(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    people = person_choices(session.plan)
    record = Decision(0, 1, "", decided_on=DEMO_TODAY)
    dialog = DecisionDialog(session, "Log Decision", lambda _v: True, people, record)
    dialog.decided_tick, dialog.decided_date = dialog.decided_on.tick, dialog.decided_on.edit  # type: ignore[attr-defined]
    dialog.search, dialog.people = dialog.committed.search, dialog.committed.list  # type: ignore[attr-defined]
    fields = ["title", "decided_tick", "decided_date", "decided_by", "data", "reasoning"]
    return dialog, [*fields, "search", "people"]


def question(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    people = person_choices(session.plan)
    record = Question(0, 1, "", due_on=DEMO_TODAY)
    dialog = QuestionDialog(session, "Ask Question", lambda _v: True, people, record)
    dialog.due_tick, dialog.due_date = dialog.due_on.tick, dialog.due_on.edit  # type: ignore[attr-defined]
    dialog.answered_tick = dialog.answered_on.tick  # type: ignore[attr-defined]
    fields = ["question", "asked_by", "answerer", "due_tick", "due_date", "answer", "evidence"]
    return dialog, [*fields, "answered_tick"]


def goal(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return GoalDialog(session, first_task_force(session)), ["title_edit", "description_edit", "owners"]


def kpi(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    goals = goals_of(session.plan, first_task_force(session))
    dialog = KpiDialog(session, goals, goals[0].id)
    dialog.start_tick, dialog.due_tick = dialog.start.check, dialog.due.check  # type: ignore[attr-defined]
    fields = ["goal_box", "title_edit", "unit_edit", "baseline", "target", "direction", "start_tick"]
    return dialog, [*fields, "due_tick", "weight", "incentive", "commitment", "accountable", "owners"]


def check_in(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    goals = goals_of(session.plan, first_task_force(session))
    found = next(k for g in goals for k in g.kpis)
    return CheckInDialog(session, found, DEMO_TODAY), ["date_edit", "value", "confidence", "note"]


def fix_share(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return _fix(session, FindingKind.OVER_ALLOCATION), ["share"]


def fix_pay(session: PlanSession, _tmp: Path) -> tuple[QDialog, list[str]]:
    return _fix(session, FindingKind.PAY_ON_STRETCH), ["commit_it"]


def import_roster(session: PlanSession, tmp: Path) -> tuple[QDialog, list[str]]:
    path = tmp / "roster.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Name", "Email", "Title", "Department"])
        writer.writerow(["Ana Lopez", "ana@northwind.example", "Analyst", "Sales"])
    dialog = ImportRosterDialog(session, path)
    ui = dialog.ui
    for name in ("other_file", "mapping", "show_combo", "table", "import_button", "close_button"):
        setattr(dialog, name, getattr(ui, name))
    return dialog, ["other_file", "mapping", "show_combo", "table", "import_button", "close_button"]


FORMS: list[Form] = [
    new_task_force, reform, save_template, person, function, member, activity, deliverable, upstream,
    risk, decision, question, goal, kpi, check_in, fix_share, fix_pay, import_roster,
]  # fmt: skip


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_tab_walks_the_fields_as_laid_out_from_the_first(
    form: Form, demo_session: PlanSession, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog, names = form(demo_session, tmp_path)
    fields = [getattr(dialog, name) for name in names]
    opened(qtbot, dialog)
    focus = dialog.focusWidget()
    assert focus is fields[0] or fields[0].isAncestorOf(focus), f"opened on {focus!r}"
    assert [names[fields.index(field)] for field in tab_walk(dialog, fields)] == names


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_no_letter_twice_and_every_label_moves_to_its_field(
    form: Form, demo_session: PlanSession, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog, _names = form(demo_session, tmp_path)
    opened(qtbot, dialog)
    found = letters(dialog)
    assert len(found) == len(set(found)), f"{dialog.windowTitle()}: {sorted(found)}"
    for label in form_labels(dialog):
        assert mnemonic(label.text()), f"{label.text()!r} has no Alt+ letter"
        assert label.buddy() is not None, f"{label.text()!r} moves to no field"


def test_alt_and_a_labels_letter_moves_to_its_field(demo_session: PlanSession, qtbot: QtBot) -> None:
    dialog = PersonDialog(demo_session)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # Alt+ letters reach only the active window
        dialog.show()
        dialog.activateWindow()
    for letter, field in (("l", dialog.location), ("e", dialog.email), ("n", dialog.name)):
        qtbot.keyClick(dialog.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
        assert dialog.focusWidget() is field


def test_the_helpers_read_letters_and_follow_any_layout(qtbot: QtBot) -> None:
    assert [mnemonic(t) for t in ("&Name:", "Tar&get", "R&&D", "Plain", "Save && &Close")] == [
        "n", "g", None, None, "c",
    ]  # fmt: skip
    box = QWidget()
    qtbot.addWidget(box)
    later, earlier = QLineEdit(), QLineEdit()  # made in the wrong order, laid out right
    layout = QVBoxLayout(box)
    layout.addWidget(earlier)
    layout.addWidget(later)
    assert follow_layout(box) == [earlier, later]
    box.show()
    earlier.setFocus()
    box.focusNextChild()
    assert box.focusWidget() is later
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.addButton("&Import", QDialogButtonBox.ButtonRole.ActionRole)
    for button in buttons.buttons()[:2]:
        button.setText(f"&{button.text()}")  # as GNOME and KDE write them
    plain_standard_buttons(buttons)
    assert sorted(button.text() for button in buttons.buttons()) == ["&Import", "Cancel", "OK"]
