"""The portfolio's demand page: each function's weeks in ink, pencil and open roles, against capacity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

from smarket_planner import services
from smarket_planner.domain import EntityKind
from smarket_planner.ui.app.portfolio_view import PortfolioView
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.demand_panel import WEEKS, DemandPanel
from smarket_planner.ui.portfolio.pencil import Pencil
from tests.ui.conftest import DEMO_TODAY

K = EntityKind
TODAY = date(2026, 3, 4)  # a Wednesday: the chart starts on Monday 2 March (ISO week 10)
MONDAY = date(2026, 3, 2)
MARKETING, SALES, FINANCE = 0, 1, 2  # rows: functions in the order they were made


def _id(outcome: services.Outcome[Any]) -> int:
    assert outcome.value is not None
    return int(outcome.value.id)


@dataclass(frozen=True)
class Staffing:
    """The ids the tests change."""

    launch: int
    expansion: int
    sales_role: int
    marketing_role: int


@pytest.fixture
def staffing(session: PlanSession) -> Staffing:
    """Marketing (two people) and Sales (one), booked by an active launch and a proposed expansion.

    Launch (active), 8 weeks from 2 March: both marketers and the seller at 80%, and an open Sales
    role at 30%, so Sales is 0.1 people short for certain. Expansion (proposed), weeks 3 to 6 (16
    March to 12 April): one marketer at 50% and an open Marketing role at 40%, so Marketing is
    0.5 short in those weeks only if the expansion goes ahead. Finance has no one and is asked nothing.
    """
    plan = session.plan

    def new(kind: EntityKind, /, **values: object) -> int:
        return _id(services.create(plan, kind, **values))

    marketing = new(K.FUNCTION, name="Marketing", colour="#cf6a1f")
    sales = new(K.FUNCTION, name="Sales", colour="#2f7ed8")
    new(K.FUNCTION, name="Finance", colour="#8a6d1f")
    mia = new(K.PERSON, name="Mia Marsh", function_id=marketing)
    max_ = new(K.PERSON, name="Max Moor", function_id=marketing)
    sam = new(K.PERSON, name="Sam Shaw", function_id=sales)
    launch = new(
        K.TASK_FORCE,
        name="Launch",
        kind="product_launch",
        status="active",
        start_date=MONDAY,
        end_date=MONDAY + timedelta(weeks=8, days=-1),
    )
    expansion = new(
        K.TASK_FORCE,
        name="Expansion",
        kind="market_entry",
        status="proposed",
        start_date=MONDAY + timedelta(weeks=2),
        end_date=MONDAY + timedelta(weeks=6, days=-1),
    )
    for person in (mia, max_, sam):
        services.add_member(plan, launch, person, allocation_pct=80)
    services.add_member(plan, expansion, mia, allocation_pct=50)
    sales_role = new(
        K.OPEN_ROLE, task_force_id=launch, function_id=sales, title="Deal desk", allocation_pct=30
    )
    marketing_role = new(K.OPEN_ROLE, task_force_id=expansion, function_id=marketing, allocation_pct=40)
    return Staffing(launch, expansion, sales_role, marketing_role)


@pytest.fixture
def panel(session: PlanSession, staffing: Staffing, qtbot: Any) -> Iterator[DemandPanel]:
    """The demand page of that plan, worked out in place rather than on the thread pool."""
    shown = DemandPanel(session, TODAY, synchronous=True)
    qtbot.addWidget(shown)
    shown.resize(1000, 520)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


def _tooltip_at(chart: Any, point: QPoint) -> str:
    """What the chart's tooltip says at a point of its viewport."""
    viewport = chart.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
    return str(QToolTip.text())


def test_a_year_of_weeks_for_every_function_from_this_week(panel: DemandPanel) -> None:
    demand = panel.chart.demand
    assert demand is not None
    assert demand.weeks[0] == MONDAY and len(demand.weeks) == WEEKS
    assert [f.name for f in demand.functions] == ["Marketing", "Sales", "Finance"]
    assert "52 weeks from this week: 2 Mar 2026" in panel.window_label.text()


def test_weeks_short_only_in_pencil_are_told_apart_from_weeks_short_for_certain(panel: DemandPanel) -> None:
    chart = panel.chart
    assert chart.short_weeks(MARKETING) == [2, 3, 4, 5]
    assert all(chart.week(MARKETING, week).pencil_short for week in (2, 3, 4, 5))
    assert chart.short_weeks(SALES) == list(range(8))
    assert not any(chart.week(SALES, week).pencil_short for week in range(8))
    assert chart.short_weeks(FINANCE) == []
    assert chart.describe_week(MARKETING, 2) == (
        "<b>Marketing</b><br>Week 12 (16 Mar): confirmed 1.6, pencil 0.5, open roles 0.4 of 2.0 people"
        " \u2014 0.5 short if the proposed teams go ahead"
    )
    assert chart.describe_week(MARKETING, 0).endswith(
        "confirmed 1.6, pencil 0.0, open roles 0.0 of 2.0 people \u2014 0.4 to spare"
    )
    assert chart.describe_week(SALES, 0).endswith("open roles 0.3 of 1.0 people \u2014 0.1 short")
    assert "Week 1 (4 Jan 2027)" in chart.describe_week(SALES, 44)  # another year: said with the day
    function = chart.describe_function(MARKETING)
    assert "Short in 4 of 52 weeks, by up to 0.5 people" in function
    assert "4 of them only if the proposed teams go ahead" in function
    assert "Enough people in every week shown" in chart.describe_function(FINANCE)


def test_confirmed_only_leaves_the_proposed_teams_out(panel: DemandPanel) -> None:
    chart = panel.chart
    panel.confirmed_only.setChecked(True)
    assert chart.short_weeks(MARKETING) == [] and chart.short_weeks(SALES) == list(range(8))
    said = chart.describe_week(MARKETING, 2)
    assert said.endswith("Week 12 (16 Mar): confirmed 1.6, open roles 0.0 of 2.0 people \u2014 0.4 to spare")
    assert "pencil" not in said
    assert not any(isinstance(mark, Pencil) for mark, _ in panel.legend.entries)
    panel.confirmed_only.setChecked(False)
    assert chart.short_weeks(MARKETING) == [2, 3, 4, 5]
    assert [text for _, text in panel.legend.entries] == [
        "confirmed",
        "in pencil",
        "open roles",
        "capacity",
        "short",
        "short only in pencil",
    ]


def test_short_weeks_are_tinted_red_and_the_pointer_tells_the_week(panel: DemandPanel) -> None:
    chart = panel.chart
    picture = chart.viewport().grab().toImage()

    def top_of(row: int, week: int) -> QColor:
        slot = chart.bar_rect(row, week)
        return picture.pixelColor(int(slot.left()) + 1, int(slot.top()) + 1)

    stripe = chart.palette().color(QPalette.ColorRole.AlternateBase)  # Sales is on the second row
    assert top_of(SALES, 20).name() == stripe.name()  # a week with nothing asked
    short = top_of(SALES, 0)
    assert short.red() > short.green() + 20 and short.red() > short.blue() + 20
    pencil_short = {
        picture.pixelColor(x, int(chart.bar_rect(MARKETING, 3).top()) + 1).name()
        for x in range(int(chart.bar_rect(MARKETING, 3).left()), int(chart.bar_rect(MARKETING, 3).right()))
    }
    assert len(pencil_short) > 1  # hatched, not one flat tint

    centre = chart.bar_rect(MARKETING, 2).center().toPoint()
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(centre),
        QPointF(chart.viewport().mapToGlobal(centre)),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(chart.viewport(), move)
    assert chart.hovered == (MARKETING, 2)
    assert "0.5 short if the proposed teams go ahead" in _tooltip_at(chart, centre)
    name = QPoint(20, chart.row_top(SALES) + 10)
    assert "Short in 8 of 52 weeks" in _tooltip_at(chart, name)


def test_the_chart_follows_edits_and_catches_up_when_shown_again(
    panel: DemandPanel, session: PlanSession, staffing: Staffing
) -> None:
    chart = panel.chart
    session.edit(lambda: services.delete(session.plan, K.OPEN_ROLE, staffing.sales_role))
    assert chart.short_weeks(SALES) == []
    session.undo_stack.undo()
    assert chart.short_weeks(SALES) == list(range(8))
    panel.hide()
    session.edit(lambda: services.advance(session.plan, staffing.expansion))  # proposed to forming
    session.edit(lambda: services.advance(session.plan, staffing.expansion))  # forming to active
    assert chart.week(MARKETING, 2).pencil_short  # hidden: not read again yet
    panel.show()
    shown = chart.week(MARKETING, 2)
    assert not shown.pencil_short and shown.short == pytest.approx(0.5) and shown.tentative == 0


def test_an_empty_plan_says_there_are_no_functions(session: PlanSession, qtbot: Any) -> None:
    empty = DemandPanel(session, TODAY, synchronous=True)
    qtbot.addWidget(empty)
    empty.resize(800, 400)
    empty.show()
    assert empty.chart.demand is not None and empty.chart.demand.functions == ()
    assert not empty.chart.viewport().grab().isNull()


def test_the_portfolio_works_out_the_demand_off_the_window_when_its_page_is_shown(
    demo_session: PlanSession, qtbot: Any
) -> None:
    view = PortfolioView(demo_session, today=DEMO_TODAY)
    qtbot.addWidget(view)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    assert view.demand.chart.demand is None  # not read while the page is hidden
    view.pages.setCurrentWidget(view.demand)
    qtbot.waitUntil(lambda: view.demand.chart.demand is not None, timeout=10_000)
    demand = view.demand.chart.demand
    assert demand is not None and demand.weeks[0] == date(2026, 11, 23) and len(demand.weeks) == WEEKS
    functions = [f.name for f in services.find(demo_session.plan, K.FUNCTION, order=("id",))]
    assert [f.name for f in demand.functions] == functions
    with qtbot.waitSignal(view.demand.loaded, timeout=10_000):
        demo_session.edit(lambda: services.advance(demo_session.plan, 3))  # DACH Market Entry goes ahead
