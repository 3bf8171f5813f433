"""The portfolio's demand page: the people each function is asked for, week by week, against what it has.

The demand is worked out on the thread pool (a year of weeks for every function), the newest
request winning; the page asks again when the plan changes, or when next shown if it was hidden.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QPalette, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from smarket_planner.analysis.demand import DemandChart
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeNotice
from smarket_planner.services.views.demand_view import demand_by_function
from smarket_planner.services.views.portfolio_view import week_start
from smarket_planner.ui.kit.background import BackgroundRunner, Cancelled, Progress
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.demand_chart import DemandByFunction
from smarket_planner.ui.portfolio.demand_painting import SHORT_COLOUR, faded
from smarket_planner.ui.portfolio.pencil import Mark, Outline, Pencil, Rule, Swatches
from smarket_planner.ui.portfolio.portfolio_panel import bold_label, confirmed_only_box
from smarket_planner.ui.portfolio.portfolio_timeline import when

K = EntityKind
WEEKS = 52  # a year from this week
DEMAND_KINDS = {K.TASK_FORCE, K.MEMBERSHIP, K.OPEN_ROLE, K.PERSON, K.FUNCTION}
"""What changes demand or capacity: task forces (status, dates), memberships, open roles, people."""
LEGEND_COLOUR = QColor("#7f8c9b")  # a neutral grey for the legend: each function has its own colour
LEGEND_TIP = (
    "Each week's bar, in the function's colour: people booked by active task forces (solid), booked"
    " in pencil by proposed and forming ones, which may not go ahead (hatched), and open roles still"
    " to be staffed (outlined; dashed when in pencil). The line is what the function's people can"
    " give. A week is short when more is asked than that; hatched when only the pencil makes it so."
)


class DemandPanel(QWidget):
    """Demand by function for the year from this week, with the "Confirmed only" switch and a legend."""

    confirmed_only_changed = Signal(bool)
    loaded = Signal()  # fresh demand is on screen

    def __init__(
        self,
        session: PlanSession,
        today: date,
        parent: QWidget | None = None,
        *,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.chart = DemandByFunction()
        self.confirmed_only = confirmed_only_box()
        self.confirmed_only.toggled.connect(self._on_confirmed_only)
        self.heading = bold_label("Demand by function")
        self.window_label = QLabel()
        self.window_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.legend = Swatches([], LEGEND_TIP)
        self._fill_legend()
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.heading)
        controls.addSpacing(8)
        controls.addWidget(self.window_label)
        controls.addSpacing(16)
        controls.addWidget(self.confirmed_only)
        controls.addStretch(1)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(QLabel("Each week, in people:"))
        footer.addWidget(self.legend)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.chart, 1)
        layout.addLayout(footer)

        self.runner = BackgroundRunner(self, synchronous=synchronous)
        self.runner.finished.connect(self._shown)
        self.runner.failed.connect(lambda message: self.chart.set_demand(None, message))
        self._stale = True  # read when first shown, not while the portfolio opens
        session.changed.connect(self._on_changed)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a change of palette (light to dark): the legend's marks are mixed from it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._fill_legend()

    def showEvent(self, event: QShowEvent) -> None:
        """Read the demand again if the plan changed while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def refresh(self) -> None:
        """Read the demand again now if shown, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        """Work out the demand again on the thread pool; the chart shows it when it is ready."""
        self._stale = False
        plan, first = self.session.plan, week_start(self.today)
        today = self.today

        def work(_progress: Progress, _cancelled: Cancelled) -> DemandChart:
            return demand_by_function(plan, first_week=first, weeks=WEEKS, today=today)

        if self.chart.demand is None:
            self.chart.set_demand(None, "Working out the demand\u2026")
        self.runner.start(work)

    def _shown(self, demand: object) -> None:
        assert isinstance(demand, DemandChart)
        self.chart.set_demand(demand)
        if demand.weeks:
            first, last = demand.weeks[0], demand.weeks[-1]
            span = f"{when(first)} \u2013 {when(last + timedelta(days=6))}"
            self.window_label.setText(f"{len(demand.weeks)} weeks from this week: {span}")
        self.loaded.emit()

    def _on_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        if {notice.kind for notice in notices} & DEMAND_KINDS:
            self.refresh()

    def _on_confirmed_only(self, checked: bool) -> None:
        self.chart.set_confirmed_only(checked)
        self._fill_legend()
        self.confirmed_only_changed.emit(checked)

    def _fill_legend(self) -> None:
        grey = LEGEND_COLOUR
        text = self.palette().color(QPalette.ColorRole.Text)
        pencil = not self.confirmed_only.isChecked()
        entries: list[tuple[Mark, str]] = [(grey, "confirmed")]
        entries += [(Pencil(grey), "in pencil")] if pencil else []
        entries += [(Outline(grey), "open roles"), (Rule(text, 1.6), "capacity")]
        entries += [(faded(SHORT_COLOUR, 90), "short")]
        entries += [(Pencil(SHORT_COLOUR), "short only in pencil")] if pencil else []
        self.legend.set_entries(entries)
