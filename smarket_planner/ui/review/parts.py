"""What the review's steps share: the hooks the app lends, a step's page, bars, tables that fit, colours."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QObject, QSize, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.analysis.model import HealthBand
from smarket_planner.analysis.review import DeliveryOutcome, GoalOutcome
from smarket_planner.analysis.scorecard import KpiVerdict
from smarket_planner.domain.enums import DecisionStanding
from smarket_planner.services.reports.review import ReviewReport
from smarket_planner.ui.kit.marks import BAND_COLOURS, NO_DATA_COLOUR, dot_icon
from smarket_planner.ui.kit.record_model import Column, RecordTableModel
from smarket_planner.ui.kit.scheme import text_on_base
from smarket_planner.ui.kit.session import PlanSession

GREEN, AMBER, RED = (BAND_COLOURS[band] for band in (HealthBand.GREEN, HealthBand.AMBER, HealthBand.RED))
QUIET = NO_DATA_COLOUR  # no judgement: not measured, no KPIs, dropped, still in force
STILL = "#7f8fa6"  # a decision still in force: neither held nor reversed yet
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter
DASH = "\u2014"
ROW_PADDING = 10  # a table row is the font's height and this

GOAL_COLOURS = {
    GoalOutcome.MET: GREEN,
    GoalOutcome.NOT_MET: RED,
    GoalOutcome.NOT_MEASURED: QUIET,
    GoalOutcome.NO_KPIS: QUIET,
}
DELIVERY_COLOURS = {
    DeliveryOutcome.ON_TIME: GREEN,
    DeliveryOutcome.FINISHED: GREEN,
    DeliveryOutcome.LATE: AMBER,
    DeliveryOutcome.DATE_NOT_RECORDED: QUIET,
    DeliveryOutcome.DROPPED: QUIET,
    DeliveryOutcome.UNFINISHED: RED,
}
# A reversal is no failure: a decision changed on new data is the team learning.
STANDING_COLOURS = {
    DecisionStanding.HELD: GREEN,
    DecisionStanding.REVERSED: AMBER,
    DecisionStanding.IN_FORCE: STILL,
}


def verdict_colour(verdict: KpiVerdict) -> str:
    """Green for a success, amber for progress, red for a miss, grey when not measured."""
    band = verdict.band
    return BAND_COLOURS[band] if band is not None else QUIET


@dataclass(frozen=True)
class ReviewHooks:
    """What the app lends the review from other areas of the window; without one, the review does without.

    ``record_check_in(kpi_id, day, parent)`` opens the Goals area's check-in dialog for a KPI, dated
    ``day``; ``answer_question(question_id, parent)`` opens the Logs area's question dialog to answer;
    ``open_guide(page)`` shows a page of the user guide ("review.html").
    """

    record_check_in: Callable[[int, date, QWidget], QDialog | None] | None = None
    answer_question: Callable[[int, QWidget], QDialog | None] | None = None
    open_guide: Callable[[str], object] | None = None


def number_text(value: float, unit: str = "") -> str:
    """A KPI figure as a manager reads it: thousands separated, at most two decimals, a % kept."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return f"{text}%" if unit.strip() == "%" else text


def first_line(text: str) -> str:
    """The first line of a text, for a table cell (the whole text goes in its tooltip)."""
    return text.strip().splitlines()[0] if text.strip() else ""


def plural(count: int, thing: str) -> str:
    """'1 lesson', '3 lessons'."""
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"


def ink(view: QWidget, colour: str) -> QColor:
    """A colour for words in a table, readable on its background, light or dark."""
    return text_on_base(colour, view.palette())


def dot(colour: str) -> QIcon:
    """The dot beside an outcome: its colour, never the colour alone (the words say it too)."""
    return dot_icon(colour)


def bold(label: QLabel, scale: float = 1.0) -> QLabel:
    """Make a label bold, and bigger by ``scale``."""
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def quiet(text: str = "") -> QLabel:
    """A line of help in the window's quiet colour, wrapped."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def summary_label() -> QLabel:
    """The line a manager reads first on a step: what the section comes to."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def tool_button(action: QAction) -> QToolButton:
    """A flat button for a command: its icon and its words."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    return button


def section_bar(title: str, actions: Sequence[QAction] = ()) -> tuple[QHBoxLayout, QLabel]:
    """A section's heading with its commands on the same line, right-aligned; and the heading."""
    heading = bold(QLabel(title), 1.1)
    bar = QHBoxLayout()
    bar.setContentsMargins(0, 0, 0, 0)
    bar.addWidget(heading)
    bar.addStretch(1)
    for action in actions:
        bar.addWidget(tool_button(action))
    return bar, heading


def review_table(model: QAbstractItemModel, view: QTableView | None = None) -> QTableView:
    """A table of the review: rows in the order the review tells them, one selected at a time."""
    view = view or QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab moves on to the next part of the page
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + ROW_PADDING)
    return view


class ReviewModel(RecordTableModel):
    """A table's rows, with a tooltip on the column headings that need one."""

    def __init__(
        self, columns: Sequence[Column], tips: Mapping[str, str], parent: QObject | None = None
    ) -> None:
        super().__init__(columns, parent)
        self.tips = dict(tips)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, and what a column means where that is not plain."""
        heading = orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns)
        if role == Qt.ItemDataRole.ToolTipRole and heading:
            return self.tips.get(self.columns[section].title)
        return super().headerData(section, orientation, role)


class FittedTable(QTableView):
    """A table as tall as its rows (one at least): pages of several tables scroll as one."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        review_table(model, self)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
            signal.connect(lambda *_: self.updateGeometry())

    def sizeHint(self) -> QSize:
        """Wide as it likes; tall enough for every row."""
        rows = max(self.model().rowCount(), 1) * self.verticalHeader().defaultSectionSize()
        header = self.horizontalHeader().sizeHint().height()
        scroll = 0
        if self.horizontalHeader().length() > self.viewport().width() > 0:
            scroll = self.horizontalScrollBar().sizeHint().height()
        return QSize(super().sizeHint().width(), header + rows + 2 * self.frameWidth() + scroll)

    def minimumSizeHint(self) -> QSize:
        """Never squeezed below its rows."""
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class ReviewPage(QWidget):
    """One step of the review: its title, what to do on it, and what it shows of the report."""

    step: ClassVar[str]  # the step's name in the list of steps

    def __init__(self, session: PlanSession, hooks: ReviewHooks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hooks = hooks
        self.report: ReviewReport | None = None
        self.wanted: int | None = None  # a thing just added, to choose once the page shows it
        self.title = bold(QLabel(self.step), 1.35)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.intro = quiet()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.title)
        self.column.addWidget(self.intro)

    def show_report(self, report: ReviewReport) -> None:
        """Show the review as it stands now (called again after every change)."""
        self.report = report

    def badge(self) -> str:
        """A few words after the step's name in the list: "2 lessons"; empty for none."""
        return ""

    def select(self, ident: int) -> bool:
        """Choose a thing the page lists; whether it is there."""
        return False

    def select_wanted(self) -> None:
        """Choose the thing just added, now that the page shows it."""
        if self.wanted is not None and self.select(self.wanted):
            self.wanted = None
