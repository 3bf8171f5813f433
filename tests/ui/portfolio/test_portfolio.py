"""The portfolio view: task forces on a timeline, people x weeks by load, refreshed by notices."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.domain import EntityKind, LifecycleStatus
from smarket_planner.ui.app.portfolio_view import PortfolioView
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.pencil import Pencil, pencil_fill
from smarket_planner.ui.portfolio.portfolio_heatmap import (
    CAPACITY_ROLE,
    LOAD_ROLE,
    OVER_COLOUR,
    OVER_ROLE,
    PENCIL_OVER_ROLE,
    PENCIL_ROLE,
    FunctionHeading,
    HeatmapModel,
)
from smarket_planner.ui.portfolio.timeline_painting import STATUS_COLOURS
from tests.ui.conftest import DEMO_TODAY

K = EntityKind
DEMO_BARS = [
    ("Data Days Spring Campaign", LifecycleStatus.DISPERSED),
    ("Pulse 3.0 Launch", LifecycleStatus.ACTIVE),
    ("Halvorsen Logistics Pursuit", LifecycleStatus.ACTIVE),
    ("DACH Market Entry", LifecycleStatus.FORMING),
    ("Lead Qualification Reset", LifecycleStatus.PROPOSED),
]
# Priya Raman (capacity 100%): Pulse 3.0 Launch 50% from 31 Aug 2026 to 18 Jan 2027,
# Halvorsen 40% from 5 Oct 2026 to 1 Feb 2027, DACH 40% from 9 Nov 2026 to 22 May 2027.
# Sixteen ISO weeks from Monday 26 Oct 2026: Pulse + Halvorsen (90) for two weeks, all
# three (130) from 9 Nov to the week of 18 Jan (11 weeks), Halvorsen + DACH (80) for the
# weeks of 25 Jan and 1 Feb, then DACH alone (40).
PRIYA_FIRST_WEEK = date(2026, 10, 26)
PRIYA_LOADS = [90.0] * 2 + [130.0] * 11 + [80.0] * 2 + [40.0]
# DACH Market Entry is forming: its 40% is pencil. Confirmed alone, Pulse and Halvorsen (90) to the
# week of 18 Jan, Halvorsen (40) for two weeks, then nothing.
PRIYA_CONFIRMED = [90.0] * 13 + [40.0] * 2 + [0.0]


@pytest.fixture
def view(demo_session: PlanSession, qtbot: Any) -> Iterator[PortfolioView]:
    """The portfolio of the demo plan, shown at a realistic size."""
    shown = PortfolioView(demo_session, today=DEMO_TODAY)
    qtbot.addWidget(shown)
    shown.resize(1000, 650)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


def _person(session: PlanSession, name: str) -> int:
    (person,) = services.find(session.plan, K.PERSON, name=name)
    return person.id


def _priya_window(view: PortfolioView) -> int:
    """Show Priya's sixteen weeks from 26 Oct 2026; return her row."""
    view.heatmap.first_week.setDate(QDate(2026, 10, 28))  # a Wednesday: snaps to the Monday
    view.heatmap.weeks.setValue(16)
    row = view.heatmap.model.row_of_person(_person(view.session, "Priya Raman"))
    assert row is not None
    return row


def _loads(model: HeatmapModel, row: int) -> list[float]:
    return [model.data(model.index(row, column), LOAD_ROLE) for column in range(1, model.columnCount())]


def _pixel(widget: Any, point: QPoint) -> QColor:
    return widget.grab().toImage().pixelColor(point)


def _memberships(session: PlanSession) -> list[tuple[Any, ...]]:
    assert session.plan.path is not None
    with sqlite3.connect(session.plan.path) as connection:
        return connection.execute(
            "SELECT id, task_force_id, person_id, role, allocation_pct, start_date, end_date"
            " FROM membership ORDER BY id"
        ).fetchall()


def test_timeline_shows_the_five_task_forces_by_start_in_their_status_colours(view: PortfolioView) -> None:
    chart = view.timeline
    assert [(bar.name, bar.status) for bar in chart.bars] == DEMO_BARS
    picture = chart.viewport().grab().toImage()
    for row, (_, status) in enumerate(DEMO_BARS):
        rect = chart.bar_rect(row)
        assert rect.width() > 20 and rect.right() <= chart.viewport().width()
        y = int(rect.center().y())
        across = {picture.pixelColor(x, y).name() for x in range(int(rect.left()) + 2, int(rect.right()) - 2)}
        solid = STATUS_COLOURS[status].name()
        if status.pencilled:
            # In pencil: the status colour made lighter and hatched, never the solid colour.
            assert pencil_fill(STATUS_COLOURS[status], chart.palette()).name() in across, status
            assert solid not in across, status
        else:
            assert _pixel(chart.viewport(), QPoint(int(rect.left()) + 2, y)).name() == solid, status
    assert sorted(text for _, text in view.status_legend.entries) == sorted(s.label for s in LifecycleStatus)
    marks = {text: mark for mark, text in view.status_legend.entries}
    assert isinstance(marks["Forming"], Pencil) and isinstance(marks["Active"], QColor)


def test_double_click_or_enter_on_a_bar_opens_its_task_force(view: PortfolioView, qtbot: Any) -> None:
    chart = view.timeline
    row = chart.row_of(3)
    assert row is not None
    centre = chart.bar_rect(row).center().toPoint()
    with qtbot.waitSignal(view.task_force_activated) as opened:
        QTest.mouseDClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == [3] and chart.selected_id == 3
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Down)
    assert chart.selected_id == chart.bars[row + 1].task_force_id
    with qtbot.waitSignal(view.task_force_activated) as opened:
        QTest.keyClick(chart, Qt.Key.Key_Return)
    assert opened.args == [chart.bars[row + 1].task_force_id]


def test_zoom_buttons_keys_and_fit(view: PortfolioView) -> None:
    chart = view.timeline
    fitted = chart.per_day()
    view.zoom_in.click()
    assert chart.per_day() == pytest.approx(fitted * 1.25)
    assert chart.horizontalScrollBar().maximum() > 0
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Minus)
    assert chart.per_day() == pytest.approx(fitted)
    view.zoom_in.click()
    view.zoom_fit.click()
    assert chart.per_day() == pytest.approx(fitted) and chart.horizontalScrollBar().maximum() == 0
    at = QPointF(chart.viewport().width() / 2, 100)
    wheel = QWheelEvent(
        at,
        chart.viewport().mapToGlobal(at),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(chart.viewport(), wheel)
    assert chart.per_day() == pytest.approx(fitted * 1.25**2)


def test_show_task_force_selects_its_bar_and_none_clears(view: PortfolioView) -> None:
    view.show_task_force(2)
    assert view.timeline.selected_id == 2
    view.show_task_force(None)
    assert view.timeline.selected_id is None
    assert view.select_entity(K.TASK_FORCE, 5) and view.timeline.selected_id == 5
    priya = _person(view.session, "Priya Raman")
    assert view.select_entity(K.PERSON, priya)
    assert view.heatmap.table.currentIndex().row() == view.heatmap.model.row_of_person(priya)


def test_priya_ramans_weeks_equal_the_hand_count(view: PortfolioView) -> None:
    model = view.heatmap.model
    row = _priya_window(view)
    assert model.weeks[0] == PRIYA_FIRST_WEEK and len(model.weeks) == 16
    assert _loads(model, row) == PRIYA_LOADS
    week = model.index(row, 3)  # the week of 9 Nov: all three
    assert model.data(week, Qt.ItemDataRole.DisplayRole) == "130%"
    tip = model.data(week, Qt.ItemDataRole.ToolTipRole)
    for name, share in (("Pulse 3.0 Launch", "50%"), ("Halvorsen Logistics Pursuit", "40%")):
        assert name in tip and share in tip
    assert "DACH Market Entry" in tip and "30% over" in tip


def test_over_capacity_cells_are_flagged_and_painted_in_the_warning_colour(view: PortfolioView) -> None:
    model, table = view.heatmap.model, view.heatmap.table
    row = _priya_window(view)
    flags = [model.data(model.index(row, column), OVER_ROLE) for column in range(1, 17)]
    assert flags == [load > 100 for load in PRIYA_LOADS]
    for each in range(model.rowCount()):
        if isinstance(model.item(each), FunctionHeading):
            continue
        for column in range(1, model.columnCount()):
            index = model.index(each, column)
            over = model.data(index, LOAD_ROLE) > model.data(index, CAPACITY_ROLE)
            assert model.data(index, OVER_ROLE) is over
    over_cell, calm_cell = model.index(row, 3), model.index(row, 1)
    table.scrollTo(over_cell)
    corner = lambda index: table.visualRect(index).topLeft() + QPoint(3, 3)  # noqa: E731
    calm = _pixel(table.viewport(), corner(calm_cell))
    assert calm.name() != OVER_COLOUR.name() and calm.blue() > calm.red()
    # Over only because of DACH Market Entry (forming): the warning in pencil, lighter and hatched.
    assert model.data(over_cell, PENCIL_OVER_ROLE) is True
    cell = table.visualRect(over_cell)
    picture = table.viewport().grab().toImage()
    inside = {picture.pixelColor(cell.left() + x, cell.top() + 3).name() for x in range(2, cell.width() - 2)}
    assert pencil_fill(OVER_COLOUR, table.palette()).name() in inside and OVER_COLOUR.name() not in inside
    # Once DACH Market Entry goes ahead its 40% is ink, and the week is over for certain: solid.
    view.session.edit(lambda: services.advance(view.session.plan, 3))
    assert model.data(over_cell, PENCIL_OVER_ROLE) is False and model.data(over_cell, OVER_ROLE) is True
    assert _pixel(table.viewport(), corner(over_cell)).name() == OVER_COLOUR.name()


def test_a_membership_edit_refreshes_just_that_persons_row(view: PortfolioView, qtbot: Any) -> None:
    session, model = view.session, view.heatmap.model
    row = _priya_window(view)
    priya = _person(session, "Priya Raman")
    (dach,) = services.find(session.plan, K.MEMBERSHIP, person_id=priya, task_force_id=3)
    before = _memberships(session)
    others = {each: model.item(each) for each in range(model.rowCount()) if each != row}
    bars = list(view.timeline.bars)
    changed: list[tuple[int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda first, last, _roles=(): changed.append((first.row(), last.row())))
    model.modelReset.connect(lambda: resets.append(True))

    session.edit(lambda: services.update(session.plan, K.MEMBERSHIP, dach.id, allocation_pct=10))
    assert resets == [] and changed == [(row, row)]
    assert _loads(model, row) == [90.0] * 2 + [100.0] * 11 + [50.0] * 2 + [10.0]
    assert all(model.item(each) is item for each, item in others.items())
    assert view.timeline.bars == bars

    session.undo_stack.undo()
    assert _loads(model, row) == PRIYA_LOADS and _memberships(session) == before
    session.undo_stack.redo()
    assert _loads(model, row)[2] == 100.0
    assert resets == []


def test_dispersing_a_task_force_recolours_its_bar_and_frees_its_members(view: PortfolioView) -> None:
    session, model = view.session, view.heatmap.model
    row = _priya_window(view)
    session.edit(lambda: services.disperse(session.plan, 2))
    bar = view.timeline.bars[view.timeline.row_of(2) or 0]
    assert bar.status is LifecycleStatus.DISPERSED
    assert _loads(model, row) == [50.0] * 2 + [90.0] * 11 + [40.0] * 3


def test_function_filter_search_and_window(view: PortfolioView, qtbot: Any) -> None:
    panel = view.heatmap
    model = panel.model
    sales = panel.function_box.findText("Sales")
    assert sales > 0
    panel.function_box.setCurrentIndex(sales)
    people = [model.item(row) for row in range(model.rowCount())]
    assert isinstance(people[0], FunctionHeading) and len(people) == 1 + people[0].people
    assert {item.function_id for item in people} == {panel.chosen_function()}
    panel.function_box.setCurrentIndex(0)
    panel.search.setText("priya")
    qtbot.waitUntil(lambda: model.total == 1)
    assert model.item(1).name == "Priya Raman"  # type: ignore[union-attr]
    panel.search.setText("nobody at all")
    qtbot.waitUntil(lambda: model.total == 0)
    assert panel.stack.currentWidget() is panel.hint and "nobody at all" in panel.hint.text()
    panel.search.clear()
    panel.weeks.setValue(8)
    qtbot.waitUntil(lambda: model.total == 40)
    assert model.columnCount() == 9 and panel.stack.currentWidget() is panel.table


def test_roster_changes_reach_the_heat_map(view: PortfolioView) -> None:
    session, panel = view.session, view.heatmap
    (sales,) = services.find(session.plan, K.FUNCTION, name="Sales")
    session.edit(lambda: services.update(session.plan, K.FUNCTION, sales.id, name="Field Sales"))
    assert panel.function_box.findText("Field Sales") > 0
    session.edit(lambda: services.create(session.plan, K.PERSON, name="Aaron Newman", function_id=sales.id))
    assert panel.model.total == 41
    assert panel.model.row_of_person(_person(session, "Aaron Newman")) is not None
    session.undo_stack.undo()
    assert panel.model.total == 40


def test_heat_map_model_passes_qt_checks_while_loading_page_by_page(
    demo_session: PlanSession, qtmodeltester: Any
) -> None:
    model = HeatmapModel(demo_session.plan, today=DEMO_TODAY, page=7)
    model.reload()
    assert model.loaded == 7 and model.canFetchMore()
    qtmodeltester.check(model, force_py=True)  # (it fetches more pages itself)
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model, force_py=True)
    items = [model.item(row) for row in range(model.rowCount())]
    headings = [item.function_id for item in items if isinstance(item, FunctionHeading)]
    assert model.loaded == model.total == 40 and len(headings) == len(set(headings)) == 7
    assert sum(item.people for item in items if isinstance(item, FunctionHeading)) == 40


def test_an_empty_plan_shows_hints_not_blank_panes(session: PlanSession, qtbot: Any) -> None:
    empty = PortfolioView(session, today=DEMO_TODAY)
    qtbot.addWidget(empty)
    empty.resize(900, 600)
    empty.show()
    assert empty.timeline.bars == []
    assert empty.heatmap.stack.currentWidget() is empty.heatmap.hint
    assert "No people yet" in empty.heatmap.hint.text()


def test_confirmed_only_leaves_the_pencil_out_of_the_heat_map(view: PortfolioView) -> None:
    panel, model = view.heatmap, view.heatmap.model
    row = _priya_window(view)
    week = model.index(row, 3)  # 9 Nov: Pulse 50%, Halvorsen 40%, DACH 40% in pencil
    assert model.data(week, PENCIL_ROLE) == 40 and model.data(week, Qt.ItemDataRole.DisplayRole) == "130%"
    tip = model.data(week, Qt.ItemDataRole.ToolTipRole)
    assert "DACH Market Entry <i>(pencil)</i>" in tip
    assert "Over capacity only if DACH Market Entry goes ahead: 90% confirmed" in tip
    assert any(isinstance(mark, Pencil) for mark, _ in panel.legend.entries)

    panel.confirmed_only.setChecked(True)
    assert _loads(model, row) == PRIYA_CONFIRMED
    assert model.data(week, Qt.ItemDataRole.DisplayRole) == "90%"
    assert model.data(week, OVER_ROLE) is False and model.data(week, PENCIL_OVER_ROLE) is False
    assert model.data(week, PENCIL_ROLE) == 0
    tip = model.data(week, Qt.ItemDataRole.ToolTipRole)
    assert "DACH" not in tip and "(confirmed only)" in tip and "40% more in pencil, not counted" in tip
    assert not any(isinstance(mark, Pencil) for mark, _ in panel.legend.entries)
    last = model.index(row, 16)  # 8 Feb: DACH alone, all of it pencil
    assert model.data(last, Qt.ItemDataRole.DisplayRole) == ""
    assert "On no active task force that week" in model.data(last, Qt.ItemDataRole.ToolTipRole)
    # The demand chart's switch follows, and the other way round.
    assert view.demand.confirmed_only.isChecked()
    view.demand.confirmed_only.setChecked(False)
    assert not panel.confirmed_only.isChecked() and _loads(model, row) == PRIYA_LOADS


def test_bars_of_proposed_and_forming_teams_tell_their_open_roles(view: PortfolioView) -> None:
    session, chart = view.session, view.timeline
    (marketing,) = services.find(session.plan, K.FUNCTION, name="Marketing")
    before = {bar.task_force_id: bar.open_roles for bar in chart.bars}
    for title in ("Field marketer", "Events lead"):
        session.edit(
            lambda title=title: services.create(
                session.plan, K.OPEN_ROLE, task_force_id=3, function_id=marketing.id, title=title
            )
        )
    dach = chart.bars[chart.row_of(3) or 0]
    assert dach.open_roles == before[3] + 2 and dach.pencilled
    tip = chart.describe(dach)
    assert f"{dach.open_roles} open roles" in tip and "In pencil" in tip
    assert "In pencil" not in chart.describe(chart.bars[chart.row_of(2) or 0])  # Halvorsen is active
    session.undo_stack.undo()
    assert chart.bars[chart.row_of(3) or 0].open_roles == before[3] + 1
