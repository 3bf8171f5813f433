"""The task-force navigator: order, search, filters, selection, and rows kept up to date."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.ui.kit.dates import span_text
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.workspace.navigator import TaskForceNavigator
from smarket_planner.ui.workspace.navigator_model import COLUMN_NAME

K = EntityKind
ORDER = [
    "Lead Qualification Reset",  # proposed
    "DACH Market Entry",  # forming
    "Pulse 3.0 Launch",  # active, started first
    "Halvorsen Logistics Pursuit",  # active
    "Data Days Spring Campaign",  # dispersed
]


def shown(navigator: TaskForceNavigator) -> list[str]:
    proxy = navigator.proxy
    return [proxy.index(row, COLUMN_NAME).data() for row in range(proxy.rowCount())]


def ids(session: PlanSession) -> dict[str, int]:
    return {tf.name: tf.id for tf in services.find(session.plan, K.TASK_FORCE)}


def choose(combo: Any, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_the_models_are_sound(navigator: TaskForceNavigator, qtmodeltester: Any) -> None:
    qtmodeltester.check(navigator.model, force_py=True)
    qtmodeltester.check(navigator.proxy, force_py=True)


def test_task_forces_are_listed_by_status_then_start_date(navigator: TaskForceNavigator) -> None:
    assert shown(navigator) == ORDER
    assert navigator.count.text() == "5 task forces"


def test_search_matches_names_kinds_and_objectives(navigator: TaskForceNavigator, qtbot: Any) -> None:
    qtbot.keyClicks(navigator.search, "halvorsen")
    assert shown(navigator) == ["Halvorsen Logistics Pursuit"]
    navigator.search.setText("market entry")
    assert shown(navigator) == ["DACH Market Entry"]
    navigator.search.setText("FORECASTING")  # in the launch's objective
    assert shown(navigator) == ["Pulse 3.0 Launch"]
    assert navigator.count.text() == "1 of 5 task forces match"
    qtbot.keyClick(navigator.search, Qt.Key.Key_Escape)
    assert shown(navigator) == ORDER


def test_filters_by_status_kind_and_function(
    navigator: TaskForceNavigator, demo_session: PlanSession
) -> None:
    choose(navigator.status_filter, LifecycleStatus.ACTIVE)
    assert shown(navigator) == ["Pulse 3.0 Launch", "Halvorsen Logistics Pursuit"]
    choose(navigator.kind_filter, TaskForceKind.ACCOUNT_PURSUIT)
    assert shown(navigator) == ["Halvorsen Logistics Pursuit"]
    navigator.clear_filters()
    finance = services.find(demo_session.plan, K.FUNCTION, name="Finance")[0]
    choose(navigator.function_filter, finance.id)
    assert shown(navigator) == ["DACH Market Entry", "Pulse 3.0 Launch", "Halvorsen Logistics Pursuit"]


def test_choosing_a_task_force_says_so_and_survives_edits(
    navigator: TaskForceNavigator, demo_session: PlanSession, qtbot: Any
) -> None:
    halvorsen = ids(demo_session)["Halvorsen Logistics Pursuit"]
    with qtbot.waitSignal(navigator.task_force_selected) as said:
        assert navigator.select_task_force(halvorsen)
    assert said.args == [halvorsen] and navigator.current_task_force() == halvorsen
    changed_rows: list[int] = []
    navigator.model.dataChanged.connect(lambda top, _bottom, _roles: changed_rows.append(top.row()))
    demo_session.edit(
        lambda: services.update(demo_session.plan, K.TASK_FORCE, halvorsen, name="Halvorsen Win")
    )
    assert changed_rows == [navigator.model.row_of(halvorsen)]  # just the row named
    assert navigator.view.currentIndex().data() == "Halvorsen Win"
    demo_session.edit(lambda: services.advance(demo_session.plan, halvorsen))  # moves in the order
    assert shown(navigator)[-1] == "Halvorsen Win"
    assert navigator.view.currentIndex().data() == "Halvorsen Win"
    assert navigator.current_task_force() == halvorsen


def test_a_filter_that_hides_the_choice_keeps_it(
    navigator: TaskForceNavigator, demo_session: PlanSession
) -> None:
    launch = ids(demo_session)["Pulse 3.0 Launch"]
    navigator.select_task_force(launch)
    choose(navigator.status_filter, LifecycleStatus.PROPOSED)
    assert navigator.current_task_force() == launch
    choose(navigator.status_filter, None)
    assert navigator.view.currentIndex().data() == "Pulse 3.0 Launch"
    choose(navigator.kind_filter, TaskForceKind.CAMPAIGN)
    assert navigator.select_task_force(launch)  # clears the filters that hid it
    assert navigator.kind_filter.currentIndex() == 0 and len(shown(navigator)) == 5


def test_new_and_removed_task_forces_come_and_go(
    navigator: TaskForceNavigator, demo_session: PlanSession, qtbot: Any
) -> None:
    outcome = demo_session.edit(
        lambda: services.create(
            demo_session.plan, K.TASK_FORCE, name="Aardvark", kind="other", status="proposed"
        )
    )
    assert outcome is not None
    assert shown(navigator)[:2] == ["Lead Qualification Reset", "Aardvark"]  # no dates: last of its status
    navigator.select_task_force(outcome.value.id)
    with qtbot.waitSignal(navigator.task_force_selected) as said:
        demo_session.undo_stack.undo()
    assert said.args == [None] and "Aardvark" not in shown(navigator)
    demo_session.undo_stack.redo()
    assert "Aardvark" in shown(navigator)


def test_membership_changes_update_the_function_filter(
    navigator: TaskForceNavigator, demo_session: PlanSession
) -> None:
    plan = demo_session.plan
    finance = services.find(plan, K.FUNCTION, name="Finance")[0]
    reset = ids(demo_session)["Lead Qualification Reset"]
    choose(navigator.function_filter, finance.id)
    assert "Lead Qualification Reset" not in shown(navigator)
    accountant = services.find(plan, K.PERSON, function_id=finance.id)[0]
    demo_session.edit(lambda: services.add_member(plan, reset, accountant.id))
    assert "Lead Qualification Reset" in shown(navigator)
    demo_session.undo_stack.undo()
    assert "Lead Qualification Reset" not in shown(navigator)


def test_new_functions_join_the_filter(navigator: TaskForceNavigator, demo_session: PlanSession) -> None:
    demo_session.edit(lambda: services.create(demo_session.plan, K.FUNCTION, name="Legal", colour="#445566"))
    assert navigator.function_filter.findText("Legal") > 0


def test_the_search_is_one_keystroke_away(navigator: TaskForceNavigator, qtbot: Any) -> None:
    navigator.search.setText("launch")
    navigator.activateWindow()
    navigator.focus_search()
    qtbot.waitUntil(navigator.search.hasFocus)
    assert navigator.search.selectedText() == "launch"
    qtbot.keyClick(navigator.search, Qt.Key.Key_Down)
    assert navigator.view.hasFocus() and navigator.current_task_force() is not None


def test_dates_read_as_a_short_span() -> None:
    from datetime import date

    assert span_text(date(2027, 1, 5), date(2027, 6, 30)) == "5 Jan 2027 \u2013 30 Jun 2027"  # C locale
    assert span_text(date(2026, 12, 1), None) == "From 1 Dec 2026"
    assert span_text(None, date(2027, 2, 1)) == "Until 1 Feb 2027"
    assert span_text(None, None) == "No dates"


def test_an_empty_plan_says_how_to_begin(session: PlanSession, qtbot: Any) -> None:
    widget = TaskForceNavigator(session)
    qtbot.addWidget(widget)
    assert widget.count.text().startswith("No task forces yet")
    assert widget.current_task_force() is None
