"""Two clients on one plan: an edit made on what someone else has since changed is shown, never lost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.records import EntityKind, Person, Risk
from smarket_planner.services import Plan
from smarket_planner.ui.kit.conflict import ConflictDialog
from smarket_planner.ui.kit.form_fields import remove_together
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.logs.logs_tab import LogsTab
from smarket_planner.ui.team.people_dialogs import PersonDialog

K = EntityKind
THEIRS = "Head of Field Marketing"
MINE = "VP Marketing"


@dataclass
class Answer:
    """What the conflict dialog said, once it has been answered."""

    message: str = ""
    rows: list[tuple[str, str, str]] = field(default_factory=list)


def answer_conflict(apply: bool) -> Answer:
    """Answer the conflict dialog about to open: Apply Mine, or Keep Theirs; what it showed."""
    said = Answer()

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConflictDialog), "no conflict was shown"
        said.message = dialog.findChildren(QLabel)[0].text()
        table = dialog.table
        cells = [
            [table.model().index(row, column).data() for column in range(3)]
            for row in range(table.rowCount())
        ]
        said.rows = [(name, now, yours) for name, now, yours in cells]
        (dialog.apply_button if apply else dialog.keep_button).click()

    QTimer.singleShot(0, handle)
    return said


@pytest.fixture
def other(demo_session: PlanSession) -> Iterator[Plan]:
    """A second client on the same plan: another window, program or colleague."""
    plan = services.open_existing(demo_session.plan.location)
    yield plan
    plan.close()


def person(plan: Plan, name: str) -> Person:
    found = services.find(plan, K.PERSON, name=name)[0]
    assert isinstance(found, Person)
    return found


def stored_title(plan: Plan, ident: int) -> str:
    found = services.get(plan, K.PERSON, ident)
    assert isinstance(found, Person)
    return found.title


def logs_tab(qtbot: QtBot, session: PlanSession) -> LogsTab:
    tab = LogsTab(session)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_task_force(services.find(session.plan, K.TASK_FORCE, name="Pulse 3.0 Launch")[0].id)
    return tab


def title_cell(tab: LogsTab, risk_id: int) -> QModelIndex:
    """The title cell of a risk, where the (sorted) table shows it."""
    row = tab.risks.row_of(risk_id)
    assert row is not None
    return tab.risk_order.mapFromSource(tab.risks.index(row, 0))


def open_person_dialog(qtbot: QtBot, session: PlanSession, name: str) -> PersonDialog:
    dialog = PersonDialog(session, person(session.plan, name))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_apply_mine_over_a_title_changed_meanwhile_is_one_undo_step(
    qtbot: QtBot, demo_session: PlanSession, other: Plan
) -> None:
    dialog = open_person_dialog(qtbot, demo_session, "Priya Raman")
    priya = dialog.person
    assert priya is not None
    services.update(other, K.PERSON, priya.id, title=THEIRS)
    steps = demo_session.undo_stack.count()
    dialog.job_title.setText(MINE)
    said = answer_conflict(apply=True)
    dialog.accept()
    assert "Priya Raman" in said.message and "was changed by" in said.message
    assert said.rows == [("Title", THEIRS, MINE)]
    assert not dialog.isVisible()  # the edit was made
    assert stored_title(demo_session.plan, priya.id) == MINE
    assert stored_title(other, priya.id) == MINE
    assert demo_session.undo_stack.count() == steps + 1
    assert demo_session.undo_stack.undoText() == "Edit Priya Raman"
    demo_session.undo_stack.undo()
    assert stored_title(demo_session.plan, priya.id) == THEIRS  # undo goes back to their title


def test_keep_theirs_leaves_their_title_and_the_dialog_open_saying_why(
    qtbot: QtBot, demo_session: PlanSession, other: Plan
) -> None:
    dialog = open_person_dialog(qtbot, demo_session, "Priya Raman")
    priya = dialog.person
    assert priya is not None
    services.update(other, K.PERSON, priya.id, title=THEIRS)
    steps = demo_session.undo_stack.count()
    dialog.job_title.setText(MINE)
    said = answer_conflict(apply=False)
    dialog.accept()
    assert said.rows == [("Title", THEIRS, MINE)]
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "their change is kept" in dialog.error.text()
    assert "Priya Raman" in dialog.error.text()
    assert stored_title(demo_session.plan, priya.id) == THEIRS
    assert demo_session.undo_stack.count() == steps


def test_an_in_place_edit_of_a_stale_risk_shows_the_conflict_and_the_row_catches_up(
    qtbot: QtBot, demo_session: PlanSession, other: Plan
) -> None:
    tab = logs_tab(qtbot, demo_session)
    ident = tab.risks.record(0).id
    services.update(other, K.RISK, ident, title="Their risk title")
    steps = demo_session.undo_stack.count()
    said = answer_conflict(apply=False)
    assert not tab.risk_order.setData(title_cell(tab, ident), "My risk title")
    assert said.rows == [("Title", "Their risk title", "My risk title")]
    assert "was changed by" in said.message
    assert demo_session.undo_stack.count() == steps
    # The window hears the other change by itself: the row shows their title, not what was typed.
    qtbot.waitUntil(lambda: title_cell(tab, ident).data() == "Their risk title", timeout=3000)
    # ...and holds its newer version, so the next in-place edit goes straight through.
    assert tab.risk_order.setData(title_cell(tab, ident), "My risk title")
    risk = services.get(other, K.RISK, ident)
    assert isinstance(risk, Risk) and risk.title == "My risk title"


def test_apply_mine_in_place_makes_the_edit_once(
    qtbot: QtBot, demo_session: PlanSession, other: Plan
) -> None:
    tab = logs_tab(qtbot, demo_session)
    ident = tab.risks.record(0).id
    services.update(other, K.RISK, ident, title="Their risk title")
    steps = demo_session.undo_stack.count()
    answer_conflict(apply=True)
    assert tab.risk_order.setData(title_cell(tab, ident), "My risk title")
    assert title_cell(tab, ident).data() == "My risk title"  # the row is refreshed at once
    assert demo_session.undo_stack.count() == steps + 1


def test_undo_over_a_later_change_elsewhere_is_refused_and_the_rest_of_the_history_stays(
    demo_session: PlanSession, other: Plan
) -> None:
    said: list[str] = []
    demo_session.refused.connect(lambda message, _field: said.append(message))
    plan = demo_session.plan
    priya, jonas = person(plan, "Priya Raman"), person(plan, "Jonas Berg")
    moved = demo_session.update(K.PERSON, jonas.id, jonas.version, {"location": "Oslo"}, "Move Jonas")
    retitled = demo_session.update(K.PERSON, priya.id, priya.version, {"title": MINE}, "Retitle Priya")
    assert moved is not None and retitled is not None
    services.update(other, K.PERSON, priya.id, title=THEIRS)
    demo_session.undo_stack.undo()
    assert len(said) == 1 and said[0].startswith("Could not undo “Retitle Priya”")
    assert stored_title(plan, priya.id) == THEIRS  # their later change is kept
    assert demo_session.undo_stack.count() == 1  # only the refused step left the history
    assert demo_session.undo_stack.undoText() == "Move Jonas"
    demo_session.undo_stack.undo()
    assert person(plan, "Jonas Berg").location == jonas.location
    assert stored_title(plan, priya.id) == THEIRS
    assert len(said) == 1


def test_a_removal_of_people_changed_meanwhile_asks_about_each_and_stays_one_step(
    qtbot: QtBot, demo_session: PlanSession, other: Plan
) -> None:
    plan = demo_session.plan
    sales = services.find(plan, K.FUNCTION, name="Sales")[0].id
    for name in ("Ada Novak", "Ben Okafor"):
        services.create(plan, K.PERSON, name=name, function_id=sales)
    ada, ben = person(plan, "Ada Novak"), person(plan, "Ben Okafor")
    services.update(other, K.PERSON, ada.id, title=THEIRS)
    steps = demo_session.undo_stack.count()
    said = answer_conflict(apply=False)
    things = [(K.PERSON, ada.id, ada.version), (K.PERSON, ben.id, ben.version)]
    assert remove_together(demo_session, "Remove 2 people", things) == 1
    assert "Ada Novak" in said.message and said.rows == []  # a removal has no fields to set side by side
    assert stored_title(plan, ada.id) == THEIRS  # kept, as chosen
    assert not services.find(plan, K.PERSON, name="Ben Okafor")
    assert demo_session.undo_stack.count() == steps + 1
    assert demo_session.undo_stack.undoText() == "Remove 2 people"
    demo_session.undo_stack.undo()
    assert person(plan, "Ben Okafor").id == ben.id
