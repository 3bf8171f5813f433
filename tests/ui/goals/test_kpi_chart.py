"""The KPI trend chart and the sparkline draw something sensible whatever the check-ins are."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPalette

from smarket_planner.domain import EntityKind
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.domain.records import CheckIn
from smarket_planner.services.views.goals_view import KpiView, OwnerFunction, TrendPoint
from smarket_planner.ui.goals.goal_tree import GoalColumn
from smarket_planner.ui.goals.goals_tab import GoalsTab
from smarket_planner.ui.goals.kpi_chart import KpiTrendChart, TrendScale, format_number, nice_ticks
from smarket_planner.ui.kit.session import PlanSession

TODAY = date(2026, 11, 23)
START, DUE = date(2026, 9, 1), date(2027, 1, 31)


def make_kpi(baseline: float = 0.0, target: float = 400.0, **fields: Any) -> KpiView:
    values: dict[str, Any] = {
        "id": 7,
        "goal_id": 1,
        "title": "Sales-accepted leads",
        "unit": "leads",
        "baseline": baseline,
        "target": target,
        "direction": KpiDirection.UP,
        "start_date": START,
        "due_date": DUE,
        "weight": 1.0,
        "incentive_pct": 10.0,
        "commitment": KpiCommitment.COMMITTED,
        "accountable_id": None,
        "accountable_name": None,
        "owners": (OwnerFunction(1, "Sales", "#2f7ed8"),),
        "task_force_start": None,
        "trend": (),
        "latest_confidence": None,
    }
    return KpiView(**(values | fields))


def check_ins(count: int, baseline: float = 0.0, step: float = 20.0) -> list[CheckIn]:
    return [
        CheckIn(
            i + 1, 7, START + timedelta(days=7 * i), baseline + step * i + (i % 3), 5 + i % 5, f"week {i}"
        )
        for i in range(count)
    ]


def render(chart: KpiTrendChart) -> QImage:
    chart.resize(560, 320)
    return chart.grab().toImage()


def painted_pixels(image: QImage, background: QColor) -> int:
    """How many pixels (sampled on a grid) differ from the background."""
    return sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if image.pixelColor(x, y) != background
    )


@pytest.mark.parametrize(
    ("kpi", "count"),
    [
        (make_kpi(), 0),
        (make_kpi(), 1),
        (make_kpi(), 20),
        (make_kpi(baseline=50.0, target=50.0), 0),
        (make_kpi(baseline=50.0, target=50.0), 3),
        (make_kpi(start_date=None, due_date=None), 4),
        (make_kpi(start_date=None, due_date=None), 0),
        (make_kpi(start_date=DUE, due_date=DUE), 1),
    ],
    ids=["none", "one", "twenty", "flat", "flat-three", "no-dates", "nothing-at-all", "one-day"],
)
def test_the_chart_draws_whatever_it_is_given(kpi: KpiView, count: int, qtbot: Any) -> None:
    chart = KpiTrendChart()
    qtbot.addWidget(chart)
    history = check_ins(count, kpi.baseline, 0.0 if kpi.baseline == kpi.target else 20.0)
    chart.set_kpi(kpi, history, TODAY)
    image = render(chart)
    background = chart.palette().color(QPalette.ColorRole.Base)
    assert painted_pixels(image, background) > 200


def test_the_check_ins_are_drawn_in_the_highlight_colour(qtbot: Any) -> None:
    chart = KpiTrendChart()
    qtbot.addWidget(chart)
    chart.set_kpi(make_kpi(), check_ins(20), TODAY)
    image = render(chart)
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    empty = KpiTrendChart()
    qtbot.addWidget(empty)
    empty.set_kpi(make_kpi(), [], TODAY)
    without = render(empty)

    def coloured(picture: QImage) -> int:
        return sum(
            1
            for x in range(picture.width())
            for y in range(0, picture.height(), 2)
            if picture.pixelColor(x, y) == highlight
        )

    assert coloured(image) > coloured(without) + 50


def test_nothing_selected_draws_only_the_background(qtbot: Any) -> None:
    chart = KpiTrendChart()
    qtbot.addWidget(chart)
    chart.set_kpi(None)
    image = render(chart)
    assert painted_pixels(image, chart.palette().color(QPalette.ColorRole.Base)) == 0


def test_the_scale_never_divides_by_zero() -> None:
    rect = QRectF(0, 0, 100, 50)
    flat = TrendScale.fit(rect, make_kpi(baseline=5.0, target=5.0, start_date=None, due_date=None), [], TODAY)
    assert flat.low < 5.0 < flat.high and flat.first < flat.last
    assert 0 <= flat.x(TODAY) <= 100 and 0 <= flat.y(5.0) <= 50
    zero = TrendScale.fit(rect, make_kpi(baseline=0.0, target=0.0), [TrendPoint(START, 0.0)], TODAY)
    assert zero.low < 0.0 < zero.high


def test_the_scale_keeps_today_in_view_only_when_near() -> None:
    rect = QRectF(10, 10, 200, 100)
    near = TrendScale.fit(rect, make_kpi(), [], TODAY)
    assert near.first <= TODAY <= near.last
    far = TrendScale.fit(rect, make_kpi(start_date=date(2025, 1, 1), due_date=date(2025, 3, 1)), [], TODAY)
    assert far.last == date(2025, 3, 1)
    assert QPointF(far.x(date(2025, 1, 1)), far.y(400.0)).x() == pytest.approx(10.0)


def test_axis_ticks_are_round_numbers() -> None:
    assert nice_ticks(0, 400, 4) == [0, 100, 200, 300, 400]
    assert nice_ticks(-3.2, 17.7, 5) == [0, 5, 10, 15]
    assert nice_ticks(7.5, 8.0, 4)[0] >= 7.5
    assert nice_ticks(5.0, 5.0) == [5.0]


def test_numbers_read_as_a_manager_writes_them() -> None:
    assert format_number(1500.0) == "1,500"
    assert format_number(26.5) == "26.5"
    assert format_number(11.14285) == "11.14"
    assert format_number(-0.001) == "0"
    assert format_number(float("nan")) == "\u2013"


def test_the_sparklines_draw_in_the_tree(demo_session: PlanSession, qtbot: Any) -> None:
    tab = GoalsTab(demo_session)
    qtbot.addWidget(tab)
    tab.today = TODAY
    tab.resize(1000, 650)
    tab.show()
    tab.show_task_force(1)
    index = tab.model.index_of(EntityKind.KPI, 1)
    cell = tab.tree.visualRect(tab.model.index(index.row(), GoalColumn.TREND, index.parent()))
    image = tab.tree.viewport().grab(cell).toImage()
    base = image.pixelColor(1, 1)
    assert painted_pixels(image, base) > 5
