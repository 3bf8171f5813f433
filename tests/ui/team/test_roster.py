"""The roster dock: people by function, search, drag data, people and functions edited and undone."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.services.views.staffing_view import functions, roster
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.team.roster_dock import RosterDock
from smarket_planner.ui.team.roster_model import PERSON_MIME, RosterModel, people_in
from tests.ui.conftest import confirm_next_removal

K = EntityKind
HIDDEN = {"changed_at", "created_at", "changed_by", "version"}
PEOPLE_TABLES = ("function", "person", "membership", "task_force", "raci_assignment", "decision_commitment")


def dump(session: PlanSession, *tables: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of some tables as read straight from the file, bookkeeping columns left out."""
    assert session.plan.path is not None
    result = {}
    with sqlite3.connect(session.plan.path) as db:
        for table in tables:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[1] not in HIDDEN]
            listed = ", ".join(columns)
            result[table] = db.execute(f"SELECT {listed} FROM {table} ORDER BY {listed}").fetchall()
    return result


def ident(session: PlanSession, kind: EntityKind, name: str) -> int:
    return services.find(session.plan, kind, name=name)[0].id


def dock_on(session: PlanSession, qtbot: Any) -> RosterDock:
    dock = RosterDock(session)
    qtbot.addWidget(dock)
    dock.resize(320, 650)
    dock.show()
    return dock


def shown(model: RosterModel) -> dict[str, list[str]]:
    """Every function row shown, with the names shown under it."""
    result = {}
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        function = model.function_at(group)
        assert function is not None
        result[function.name] = [model.index(r, 0, group).data() for r in range(model.rowCount(group))]
    return result


def test_the_roster_model_passes_qt_checks_through_every_change(
    demo_session: PlanSession, qtmodeltester: Any
) -> None:
    plan = demo_session.plan
    model = RosterModel()
    model.load(functions(plan), roster(plan))
    qtmodeltester.check(model, force_py=True)  # and it keeps checking every change from here on
    model.set_search("berlin")
    priya = ident(demo_session, K.PERSON, "Priya Raman")
    services.update(plan, K.PERSON, priya, location="Berlin", name="Priya Raman-Iyer")
    model.update_people(roster(plan, [priya]), [])
    model.update_people([], [ident(demo_session, K.PERSON, "Jonas Berg")])
    assert shown(model)["Marketing"] == ["Hannah Schmidt", "Priya Raman-Iyer"]
    assert "Jonas Berg" not in shown(model)["Sales"]
    model.set_search("")
    services.create(plan, K.FUNCTION, name="Partners", colour="#123456")
    model.update_functions(functions(plan), [])
    assert shown(model)["Partners"] == []


def test_people_are_grouped_by_function_with_head_counts(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    assert dock.windowTitle() == "Roster"
    groups = shown(dock.model)
    assert list(groups)[:2] == ["Sales", "Marketing"]
    assert "Priya Raman" in groups["Marketing"]
    marketing = dock.model.index(1, 0)
    assert marketing.data() == "Marketing (8)"
    assert marketing.data(Qt.ItemDataRole.DecorationRole) == QColor("#cf6a1f")
    priya = dock.model.row_of_person(ident(demo_session, K.PERSON, "Priya Raman"))
    assert priya.siblingAtColumn(1).data() == "Product Marketing Manager"
    assert dock.tree.isExpanded(marketing)
    assert dock.tree.isFirstColumnSpanned(1, QModelIndex())


def test_search_filters_as_you_type(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    qtbot.keyClicks(dock.search, "berlin")
    assert shown(dock.model) == {
        "Sales": ["Greta Müller", "Jonas Berg"],
        "Marketing": ["Hannah Schmidt"],
        "Product": ["Rosa Lindström"],
    }
    assert dock.model.index(0, 0).data() == "Sales (2 of 9)"
    dock.search.clear()
    qtbot.keyClicks(dock.search, "lindstrom")  # accents aside
    assert shown(dock.model) == {"Product": ["Rosa Lindström"]}
    dock.search.clear()
    qtbot.keyClicks(dock.search, "analyst")  # titles too
    assert "Yuki Sato" in shown(dock.model)["Marketing"]
    dock.search.setText("@")  # e-mail addresses
    assert sum(len(names) for names in shown(dock.model).values()) == 40
    dock.search.clear()
    assert sum(len(names) for names in shown(dock.model).values()) == 40
    assert len(shown(dock.model)) == 7


def test_people_are_dragged_by_id(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    priya = ident(demo_session, K.PERSON, "Priya Raman")
    index = dock.model.row_of_person(priya)
    assert dock.model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert not dock.model.flags(index.parent()) & Qt.ItemFlag.ItemIsDragEnabled
    mime = dock.model.mimeData([index, index.siblingAtColumn(1)])
    assert mime.formats()[0] == PERSON_MIME
    assert people_in(mime) == [priya]
    assert mime.text() == "Priya Raman"


def test_add_a_person_by_the_dialog_then_undo_and_redo(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    before = dump(demo_session, *PEOPLE_TABLES)
    assert dock.select_function(ident(demo_session, K.FUNCTION, "PR"))
    dialog = dock.person_dialog()
    qtbot.addWidget(dialog)
    assert dialog.function.currentText() == "PR"  # the function selected in the roster
    dialog.name.setText("Ingrid Ødegård")
    dialog.job_title.setText("Press Officer")
    dialog.email.setText("ingrid@northwind.example")
    dialog.location.setText("Oslo")
    dialog.capacity.setValue(60)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    after = dump(demo_session, *PEOPLE_TABLES)
    added = [row for row in after["person"] if row not in before["person"]]
    assert len(added) == 1 and "Ingrid Ødegård" in added[0] and 60.0 in added[0]
    assert "Ingrid Ødegård" in shown(dock.model)["PR"]
    assert dock.model.index(3, 0).data() == "PR (5)"
    demo_session.undo_stack.undo()
    assert dump(demo_session, *PEOPLE_TABLES) == before
    assert "Ingrid Ødegård" not in shown(dock.model)["PR"]
    assert dock.model.index(3, 0).data() == "PR (4)"
    demo_session.undo_stack.redo()
    assert dump(demo_session, *PEOPLE_TABLES) == after


def test_a_bad_entry_is_shown_in_the_dialog_which_stays_open(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    before = dump(demo_session, *PEOPLE_TABLES)
    dialog = dock.person_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Ola Nordmann")
    dialog.email.setText("not an address")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.message.text() == "'not an address' is not an e-mail address."
    assert dialog.email.toolTip() == dialog.message.text()
    assert dialog.focusWidget() is dialog.email
    dialog.name.setText("   ")
    dialog.email.clear()
    dialog.accept()
    assert dialog.message.text() == "Name cannot be empty."
    assert dump(demo_session, *PEOPLE_TABLES) == before
    assert demo_session.undo_stack.count() == 0


def test_edit_a_person_into_another_function_then_undo(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    before = dump(demo_session, *PEOPLE_TABLES)
    priya = ident(demo_session, K.PERSON, "Priya Raman")
    assert dock.select_person(priya)
    dialog = dock.person_dialog(priya)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Priya Raman"
    dialog.function.setCurrentIndex(dialog.function.findText("Product"))
    dialog.job_title.setText("Product Manager")
    dialog.accept()
    assert "Priya Raman" in shown(dock.model)["Product"]
    assert "Priya Raman" not in shown(dock.model)["Marketing"]
    assert dock.model.index(1, 0).data() == "Marketing (7)"
    assert demo_session.undo_stack.undoText() == "Edit Priya Raman"
    demo_session.undo_stack.undo()
    assert dump(demo_session, *PEOPLE_TABLES) == before
    assert "Priya Raman" in shown(dock.model)["Marketing"]
    assert dock.model.index(1, 0).data() == "Marketing (8)"
    demo_session.undo_stack.redo()
    assert "Priya Raman" in shown(dock.model)["Product"]


def test_remove_a_person_with_the_delete_key_then_undo(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    before = dump(demo_session, *PEOPLE_TABLES)
    leila = ident(demo_session, K.PERSON, "Leila Farahani")  # on one team, owns nothing
    assert dock.select_person(leila)
    dock.tree.setFocus()
    confirm_next_removal()
    qtbot.keyClick(dock.tree, Qt.Key.Key_Delete)
    assert "Leila Farahani" not in shown(dock.model)["PR"]
    after = dump(demo_session, *PEOPLE_TABLES)
    assert len(after["membership"]) == len(before["membership"]) - 1  # her place on a team goes with her
    demo_session.undo_stack.undo()
    assert dump(demo_session, *PEOPLE_TABLES) == before
    assert "Leila Farahani" in shown(dock.model)["PR"]
    demo_session.undo_stack.redo()
    assert dump(demo_session, *PEOPLE_TABLES) == after


def test_a_refused_removal_changes_nothing_and_says_why(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    said: list[str] = []
    demo_session.refused.connect(lambda message, _field: said.append(message))
    before = dump(demo_session, *PEOPLE_TABLES)
    assert dock.select_person(ident(demo_session, K.PERSON, "Priya Raman"))
    dock.remove_person_action.trigger()
    assert len(said) == 1 and "lead of 1 task force" in said[0]
    assert dump(demo_session, *PEOPLE_TABLES) == before
    assert demo_session.undo_stack.count() == 0
    assert "Priya Raman" in shown(dock.model)["Marketing"]
    assert dock.select_function(ident(demo_session, K.FUNCTION, "Finance"))
    dock.remove_function_action.trigger()
    assert "the function of" in said[-1]
    assert dump(demo_session, *PEOPLE_TABLES) == before
    assert demo_session.undo_stack.count() == 0


def test_add_edit_and_remove_a_function_each_undone(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    start = dump(demo_session, *PEOPLE_TABLES)
    dialog = dock.function_dialog()
    qtbot.addWidget(dialog)
    assert dialog.colour() not in {f.colour for f in functions(demo_session.plan)}
    dialog.name.setText("Partners")
    dialog.set_colour(QColor("#117733"))
    dialog.accept()
    added = dump(demo_session, *PEOPLE_TABLES)
    partners = ident(demo_session, K.FUNCTION, "Partners")
    assert shown(dock.model)["Partners"] == []
    assert dock.model.row_of_function(partners).data() == "Partners (0)"
    dialog = dock.function_dialog(partners)
    qtbot.addWidget(dialog)
    dialog.name.setText("Channel Partners")
    dialog.set_colour(QColor("#aa3377"))
    dialog.accept()
    row = dock.model.row_of_function(partners)
    assert row.data() == "Channel Partners (0)"
    assert row.data(Qt.ItemDataRole.DecorationRole) == QColor("#aa3377")
    assert dock.select_function(partners)
    confirm_next_removal()
    qtbot.keyClick(dock.tree, Qt.Key.Key_Delete)
    assert "Channel Partners" not in shown(dock.model)
    stack = demo_session.undo_stack
    stack.undo()
    assert "Channel Partners" in shown(dock.model)
    stack.undo()
    assert dump(demo_session, *PEOPLE_TABLES) == added
    assert dock.model.row_of_function(partners).data() == "Partners (0)"
    stack.undo()
    assert dump(demo_session, *PEOPLE_TABLES) == start
    assert "Partners" not in shown(dock.model)
    stack.redo()
    assert dump(demo_session, *PEOPLE_TABLES) == added


def test_a_duplicate_function_name_keeps_the_dialog_open(demo_session: PlanSession, qtbot: Any) -> None:
    dock = dock_on(demo_session, qtbot)
    dialog = dock.function_dialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("sales")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.message.text() == "There is already a function called 'Sales'."
    assert demo_session.undo_stack.count() == 0


def test_skills_typed_in_the_person_dialog_are_saved_tidy_and_undone(
    demo_session: PlanSession, qtbot: Any
) -> None:
    dock = dock_on(demo_session, qtbot)
    zoe = ident(demo_session, K.PERSON, "Zoë Whitfield")
    before = dump(demo_session, "person")
    dialog = dock.person_dialog(zoe)
    qtbot.addWidget(dialog)
    assert dialog.skills.text() == services.get(demo_session.plan, K.PERSON, zoe).skills  # type: ignore[union-attr]
    dialog.skills.setText(" German,  board   games ,german,")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert services.get(demo_session.plan, K.PERSON, zoe).skills == "German, board games"  # type: ignore[union-attr]
    assert demo_session.undo_stack.undoText() == "Edit Zoë Whitfield"
    again = dock.person_dialog(zoe)
    qtbot.addWidget(again)
    again.accept()  # nothing changed: no step
    assert demo_session.undo_stack.count() == 1
    demo_session.undo_stack.undo()
    assert dump(demo_session, "person") == before


def test_the_roster_finds_people_by_skill_and_lists_their_skills(
    demo_session: PlanSession, qtbot: Any
) -> None:
    plan = demo_session.plan
    zoe = ident(demo_session, K.PERSON, "Zoë Whitfield")
    demo_session.update(K.PERSON, zoe, None, {"skills": "Origami, Icelandic"}, "Edit Zoë Whitfield")
    dock = dock_on(demo_session, qtbot)
    dock.search.setText("icelandic")
    assert shown(dock.model) == {"Marketing": ["Zoë Whitfield"]}
    tip = dock.model.row_of_person(zoe).data(Qt.ItemDataRole.ToolTipRole)
    assert "Skills: Origami, Icelandic" in tip.splitlines()
    # An edit made while searching is followed: the skill gone, the person leaves the search.
    demo_session.update(K.PERSON, zoe, None, {"skills": "origami"}, "Edit Zoë Whitfield")
    assert shown(dock.model) == {}
    dock.search.setText("origami")
    assert shown(dock.model) == {"Marketing": ["Zoë Whitfield"]}
    demo_session.undo_stack.undo()
    dock.search.setText("icelandic")
    assert shown(dock.model) == {"Marketing": ["Zoë Whitfield"]}
    assert services.get(plan, K.PERSON, zoe).skills == "Origami, Icelandic"  # type: ignore[union-attr]


def test_the_roster_reads_skills_with_the_people_and_an_edit_brings_them(
    demo_session: PlanSession, qtbot: Any
) -> None:
    zoe = ident(demo_session, K.PERSON, "Zoë Whitfield")
    services.update(demo_session.plan, K.PERSON, zoe, skills="Icelandic")
    dock = dock_on(demo_session, qtbot)
    dock.search.setText("icelandic")  # at once: the skills came with the roster
    assert shown(dock.model) == {"Marketing": ["Zoë Whitfield"]}
    ben = ident(demo_session, K.PERSON, "Ben Carter")
    demo_session.update(K.PERSON, ben, None, {"skills": "icelandic, events"}, "Edit Ben Carter")
    assert shown(dock.model) == {"Marketing": ["Ben Carter", "Zoë Whitfield"]}
