"""The pane under the goals: the selected KPI's trend, its facts and its check-in history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QPalette
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from smarket_planner.services.views.goals_view import GoalView, KpiView, expected_value
from smarket_planner.ui.goals.check_ins import CheckInHistory
from smarket_planner.ui.goals.goal_tree import owners_text
from smarket_planner.ui.goals.kpi_chart import KpiTrendChart, format_number
from smarket_planner.ui.kit.dates import day_text
from smarket_planner.ui.kit.session import PlanSession

SELECT_KPI = "Select a KPI to see its trend against the expected trajectory and its check-ins."


def hint_label(text: str) -> QLabel:
    """A quiet, centred line of advice shown where there is nothing yet."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class KpiDetail(QStackedWidget):
    """A KPI's trend against its expected trajectory beside its check-ins; a hint when no KPI is chosen."""

    def __init__(self, session: PlanSession, check_in_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = KpiTrendChart()
        self.history = CheckInHistory(session)
        self.history.add_button(check_in_action)
        self.kpi_title = QLabel()
        font = QFont(self.kpi_title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.kpi_title.setFont(font)
        self.kpi_facts = QLabel()
        self.kpi_facts.setWordWrap(True)
        self.kpi_facts.setTextFormat(Qt.TextFormat.PlainText)
        self.kpi_facts.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        panes = QSplitter(Qt.Orientation.Horizontal)
        panes.addWidget(self.chart)
        panes.addWidget(self.history)
        panes.setStretchFactor(0, 3)
        panes.setStretchFactor(1, 2)  # the chart gets the larger share
        panes.setChildrenCollapsible(False)
        self.history.setMinimumWidth(330)  # its columns scroll; the chart needs the width more
        panes.setSizes([520, 440])
        kpi_page = QWidget()
        column = QVBoxLayout(kpi_page)
        column.setContentsMargins(4, 6, 4, 0)
        column.addWidget(self.kpi_title)
        column.addWidget(self.kpi_facts)
        column.addWidget(panes, 1)
        self.hint = hint_label(SELECT_KPI)
        self.addWidget(self.hint)
        self.addWidget(kpi_page)

    def show_kpi(self, kpi: KpiView, today: date) -> None:
        """Show a KPI's trend up to today, its facts and its check-ins."""
        if self.history.kpi_id != kpi.id:
            self.history.show_kpi(kpi.id)
        self.chart.set_kpi(kpi, self.history.check_ins(), today)
        self.kpi_title.setText(kpi.title)
        self.kpi_facts.setText(self.facts(kpi, today))
        self.setCurrentIndex(1)

    def show_goal(self, goal: GoalView | None) -> None:
        """Show the hint to choose a KPI, with the goal selected, if any, described above it."""
        if self.history.kpi_id is not None:
            self.history.show_kpi(None)
        self.chart.set_kpi(None)
        text = SELECT_KPI
        if goal is not None:
            described = f"{goal.title}: {goal.description}" if goal.description else goal.title
            text = f"{described}\n\n{len(goal.kpis)} KPIs. {text}"
        self.hint.setText(text)
        self.setCurrentIndex(0)

    def facts(self, kpi: KpiView, today: date) -> str:
        """A KPI in one line: owners, who answers for it, commitment, figures, where it should stand."""
        unit = f" {kpi.unit}" if kpi.unit else ""
        parts = [f"Owned by {owners_text(kpi.owners)}" if kpi.owners else "No owner function"]
        parts.append(f"accountable: {kpi.accountable_name or 'nobody yet'}")
        parts.append(f"{kpi.commitment.label.lower()}, {format_number(kpi.incentive_pct)} % incentive")
        way = kpi.direction.label.lower()
        parts.append(f"{format_number(kpi.baseline)} → {format_number(kpi.target)}{unit} ({way})")
        expected = expected_value(kpi, today)
        if expected is not None:
            parts.append(f"expected today: {format_number(expected)}{unit}")
        if kpi.latest_value is not None and kpi.latest_on is not None:
            parts.append(f"latest: {format_number(kpi.latest_value)}{unit} on {day_text(kpi.latest_on)}")
        return " · ".join(parts)
