"""The portfolio view: task forces on a timeline over who is loaded in which week; demand by function."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QToolButton, QVBoxLayout, QWidget

from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeNotice
from smarket_planner.services.views import portfolio_view as portfolio
from smarket_planner.ui.graph.panel import GraphPanel
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.demand_panel import DemandPanel
from smarket_planner.ui.portfolio.lessons_library import LessonsLibrary
from smarket_planner.ui.portfolio.pencil import Pencil, Swatches
from smarket_planner.ui.portfolio.portfolio_panel import HeatmapPanel, bold_label
from smarket_planner.ui.portfolio.portfolio_timeline import TimelineChart
from smarket_planner.ui.portfolio.timeline_painting import STATUS_COLOURS

__all__ = ["HeatmapPanel", "PortfolioView", "Swatches"]

K = EntityKind


class PortfolioView(QWidget):
    """Every task force on a timeline coloured by status, and people x weeks by load."""

    title = "Portfolio"
    task_force_activated = Signal(int)

    def __init__(
        self, session: PlanSession, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today or date.today()
        self.timeline = TimelineChart(today=self.today)
        self.timeline.activated.connect(self.task_force_activated)
        self.status_legend = Swatches(
            [
                (Pencil(colour) if status.pencilled else colour, status.label)
                for status, colour in STATUS_COLOURS.items()
            ],
            "Bars are coloured by lifecycle status; proposed and forming ones are hatched:"
            " they book their people in pencil",
        )
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(bold_label("Timeline"))
        header.addSpacing(12)
        header.addWidget(self.status_legend)
        header.addStretch(1)
        self.zoom_out = self._zoom_button(
            "\u2212", "Zoom out (Ctrl+wheel down, or -)", lambda: self.timeline.zoom(0.8)
        )
        self.zoom_in = self._zoom_button(
            "+", "Zoom in (Ctrl+wheel up, or +)", lambda: self.timeline.zoom(1.25)
        )
        self.zoom_fit = self._zoom_button("Fit", "Fit every task force into the width (0)", self.timeline.fit)
        for button in (self.zoom_out, self.zoom_in, self.zoom_fit):
            header.addWidget(button)
        upper = QWidget()
        top = QVBoxLayout(upper)
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(header)
        top.addWidget(self.timeline, 1)

        self.heatmap = HeatmapPanel(session, self.today)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("portfolioSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.heatmap)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.graph = GraphPanel(session, portfolio=True)
        self.demand = DemandPanel(session, self.today)
        # One "Confirmed only" choice for the portfolio: the heat map and the demand chart follow each other.
        self.heatmap.confirmed_only_changed.connect(self.demand.confirmed_only.setChecked)
        self.demand.confirmed_only_changed.connect(self.heatmap.confirmed_only.setChecked)
        self.lessons = LessonsLibrary(session)
        self.lessons.task_force_activated.connect(self.task_force_activated)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, "Timeline and Load")
        self.pages.addTab(self.demand, "Demand by Function")
        self.pages.addTab(self.graph, "Graph")
        self.pages.addTab(self.lessons, "Lessons")
        self.pages.currentChanged.connect(self._on_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.pages)
        self._sized = False
        session.changed.connect(self._on_changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """On first showing, give the timeline the height its bars need (at most half)."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            chart = self.timeline
            bars = max(3, len(chart.bars))
            wanted = chart.axis_height() + bars * chart.row_height() + self.zoom_fit.sizeHint().height() + 24
            total = sum(self.splitter.sizes()) or self.height()
            upper = min(wanted, total // 2)
            self.splitter.setSizes([upper, total - upper])

    def _on_page(self, _index: int) -> None:
        if self.pages.currentWidget() is self.lessons:
            self.lessons.focus_search()  # the keyboard starts where a reader starts: the search

    def _zoom_button(self, text: str, tip: str, action: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setMinimumWidth(self.fontMetrics().horizontalAdvance("Fit") + 16)
        button.clicked.connect(action)
        return button

    def refresh(self) -> None:
        """Read the timeline, the heat map and the demand (when shown) again from the plan."""
        self.timeline.set_bars(portfolio.timeline(self.session.plan))
        self.heatmap.refresh_functions()
        self.heatmap.reload()
        self.demand.refresh()

    def graph_is_current(self) -> bool:
        """Whether the Graph page is in front."""
        return self.pages.currentWidget() is self.graph

    def show_task_force(self, task_force_id: int | None) -> None:
        """Select a task force's bar and scroll to it; None clears the selection."""
        self.timeline.select(task_force_id)

    def select_entity(self, kind: EntityKind, ident: int) -> bool:
        """Select a task force's bar, or a person's row if it is loaded."""
        if kind is K.TASK_FORCE:
            return self.timeline.select(ident)
        if kind is K.PERSON:
            row = self.heatmap.model.row_of_person(ident)
            if row is not None:
                self.heatmap.table.selectRow(row)
                self.heatmap.table.scrollTo(self.heatmap.model.index(row, 0))
                return True
        return False

    def _on_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        kinds = {notice.kind for notice in notices}
        if kinds & {K.TASK_FORCE, K.MEMBERSHIP, K.PERSON, K.OPEN_ROLE}:
            # The whole timeline is one light query (a thousand bars in ~0.1 s), and a
            # membership's or open role's removal can change a bar whose id the notice does not name.
            self.timeline.set_bars(portfolio.timeline(self.session.plan))
        if kinds & {K.TASK_FORCE, K.MEMBERSHIP, K.PERSON, K.FUNCTION}:
            self.heatmap.apply(notices)
