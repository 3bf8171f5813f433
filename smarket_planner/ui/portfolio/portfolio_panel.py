"""The portfolio's allocation panel: the heat map of people by week, with its filters and legend."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QStackedLayout,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services.views import portfolio_view as portfolio
from smarket_planner.services.views.portfolio_view import week_start
from smarket_planner.ui.kit.dates import from_qdate, to_qdate
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.pencil import Mark, Pencil, Swatches
from smarket_planner.ui.portfolio.portfolio_heatmap import (
    OVER_COLOUR,
    FunctionHeading,
    HeatmapModel,
    LoadDelegate,
    functions_by_name,
    load_colour,
)

K = EntityKind
ALL = -1  # the function filter's "All functions" item
CONFIRMED_ONLY_TIP = (
    "Count only what active task forces book; leave out the pencil of proposed and forming ones"
)


def bold_label(text: str) -> QLabel:
    """A label in bold, heading a part of the view."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def confirmed_only_box() -> QCheckBox:
    """The "Confirmed only" switch, the same on the heat map and the demand chart."""
    box = QCheckBox("Confirmed only")
    box.setToolTip(CONFIRMED_ONLY_TIP)
    return box


class HeatmapPanel(QWidget):
    """The allocation heat map with its function filter, search, week window and pencil switch."""

    confirmed_only_changed = Signal(bool)

    def __init__(self, session: PlanSession, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = HeatmapModel(session.plan, today=today, parent=self)
        self.heading = bold_label("Allocation")
        self.function_box = QComboBox()
        self.function_box.setToolTip("Show the people of one function only")
        self.function_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.function_box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search people or titles")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(170)
        self.first_week = QDateEdit()
        self.first_week.setCalendarPopup(True)
        self.first_week.setDisplayFormat("d MMM yyyy")
        self.first_week.setToolTip("The first week shown (weeks start on Monday)")
        self.this_week = QToolButton()
        self.this_week.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.this_week.setToolTip("Start from this week")
        self.weeks = QSpinBox()
        self.weeks.setRange(4, 52)
        self.weeks.setValue(self.model.week_count)
        self.weeks.setSuffix(" weeks")
        self.weeks.setToolTip("How many weeks to show")
        self.confirmed_only = confirmed_only_box()
        self.legend = Swatches(
            [],
            "Each week's allocation against the person's capacity. Hatched: booked in pencil by"
            " proposed and forming task forces, which may not go ahead",
        )
        self._fill_legend()

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.function_box, self.search):
            controls.addWidget(widget)
        controls.addSpacing(12)
        controls.addWidget(QLabel("From"))
        for week_control in (self.first_week, self.this_week, self.weeks):
            controls.addWidget(week_control)
        controls.addSpacing(12)
        controls.addWidget(self.confirmed_only)
        controls.addStretch(1)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 0, 0)
        footer.addWidget(QLabel("Load against capacity:"))
        footer.addWidget(self.legend)
        footer.addStretch(1)
        self.loaded = QLabel()
        self.loaded.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        footer.addWidget(self.loaded)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(LoadDelegate(self.table))
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setAccessibleName("Allocation heat map")
        metrics = self.fontMetrics()
        side = self.table.verticalHeader()
        side.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        side.setDefaultSectionSize(metrics.height() + 8)
        side.setFixedWidth(max(200, metrics.horizontalAdvance("M") * 16))
        side.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        side.setTextElideMode(Qt.TextElideMode.ElideRight)
        top = self.table.horizontalHeader()
        top.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        top.setDefaultSectionSize(
            max(
                metrics.horizontalAdvance("188.5%"),
                metrics.horizontalAdvance("W52 "),
                metrics.horizontalAdvance("30 Nov"),
            )
            + 14
        )
        top.setMinimumHeight(metrics.height() * 2 + 10)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addLayout(self.stack, 1)
        layout.addLayout(footer)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self._set_first_week(self.model.first_week)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.reload)
        self.function_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.first_week.dateChanged.connect(self._on_first_week)
        self.weeks.valueChanged.connect(lambda _value: self.reload())
        self.confirmed_only.toggled.connect(self._on_confirmed_only)
        self.this_week.clicked.connect(lambda: self._set_first_week(week_start(self.model.today)))
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.modelReset.connect(self._on_reset)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a change of palette (light to dark): the ramp is mixed from its base colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._fill_legend()

    def _fill_legend(self) -> None:
        palette = self.palette()
        ramp: list[tuple[Mark, str]] = [(load_colour(share, 100, palette), "") for share in (10, 40, 70, 100)]
        entries: list[tuple[Mark, str]] = [(None, "Free"), *ramp[:-1], (ramp[-1][0], "up to capacity")]
        entries.append((QColor(OVER_COLOUR), "over"))
        if not self.confirmed_only.isChecked():
            entries.append((Pencil(QColor(OVER_COLOUR)), "over only in pencil"))
            entries.append((Pencil(load_colour(100, 100, palette) or QColor()), "share in pencil"))
        self.legend.set_entries(entries)

    def _on_confirmed_only(self, checked: bool) -> None:
        self.model.set_confirmed_only(checked)
        self._fill_legend()
        self.confirmed_only_changed.emit(checked)

    def _set_first_week(self, monday: date) -> None:
        self.first_week.setDate(to_qdate(monday))

    def _on_first_week(self, chosen: QDate) -> None:
        monday = week_start(from_qdate(chosen))
        if (chosen.year(), chosen.month(), chosen.day()) != (monday.year, monday.month, monday.day):
            self._set_first_week(monday)  # snaps to the Monday; that change reloads
            return
        self.reload()

    def reload(self) -> None:
        """Load the heat map again from the first page, with the current filter and window."""
        self._debounce.stop()
        picked = self.first_week.date()
        self.model.first_week = week_start(date(picked.year(), picked.month(), picked.day()))
        self.model.week_count = self.weeks.value()
        self.model.function_id = self.chosen_function()
        self.model.search = self.search.text()
        self.model.reload()
        self._after_load()

    def chosen_function(self) -> int | None:
        """The function the heat map is filtered to, or None for all."""
        if self.function_box.currentIndex() < 0:
            return None  # (never ask an empty combo: PySide6 6.12 mis-counts the None it answers)
        chosen = self.function_box.currentData()
        return None if chosen == ALL else int(chosen)

    def refresh_functions(self) -> None:
        """Fill the function filter from the plan, keeping the choice if it still exists."""
        chosen = self.chosen_function()
        self.function_box.blockSignals(True)
        self.function_box.clear()
        self.function_box.addItem("All functions", ALL)  # not None: PySide6 mis-counts None item data
        for function in functions_by_name(self.session.plan):
            self.function_box.addItem(chip(function.colour), function.name, function.id)
        found = self.function_box.findData(ALL if chosen is None else chosen)
        self.function_box.setCurrentIndex(max(0, found))
        self.function_box.blockSignals(False)

    def _on_reset(self) -> None:
        self.table.clearSpans()
        self._span_headings(0, self.model.rowCount() - 1)

    def _on_rows_inserted(self, _parent: object, first: int, last: int) -> None:
        self._span_headings(first, last)
        self._show_loaded()

    def _span_headings(self, first: int, last: int) -> None:
        """A function's heading row spans every column."""
        columns = self.model.columnCount()
        for row in range(first, last + 1):
            if isinstance(self.model.item(row), FunctionHeading) and columns > 1:
                self.table.setSpan(row, 0, 1, columns)

    def _show_loaded(self) -> None:
        shown, total = self.model.loaded, self.model.total
        more = f"{shown:,} of {total:,} people loaded; scroll down for more" if shown < total else ""
        self.loaded.setText(more)

    def _after_load(self) -> None:
        self._show_loaded()
        total = self.model.total
        people = f"{total:,} {'person' if total == 1 else 'people'}"
        self.heading.setText(f"Allocation · {people}")
        if total:
            self.stack.setCurrentWidget(self.table)
            return
        if self.search.text().strip():
            self.hint.setText(f"No one matches “{self.search.text().strip()}”.")
        elif self.chosen_function() is not None:
            self.hint.setText(f"No one in {self.function_box.currentText()} yet.")
        else:
            self.hint.setText("No people yet: add people to the roster to see their weekly load here.")
        self.stack.setCurrentWidget(self.hint)

    def apply(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Refresh only the people the notices touch; regroup when functions or people come and go."""
        kinds = {notice.kind for notice in notices}
        if K.FUNCTION in kinds:
            self.refresh_functions()
        regroup = K.FUNCTION in kinds or any(
            notice.kind is K.PERSON and notice.action is not ChangeAction.UPDATED for notice in notices
        )
        if regroup:
            self.reload()
            return
        ids: dict[EntityKind, set[int]] = {kind: set() for kind in (K.PERSON, K.MEMBERSHIP, K.TASK_FORCE)}
        existing: dict[EntityKind, set[int]] = {K.MEMBERSHIP: set(), K.TASK_FORCE: set()}
        for notice in notices:
            if notice.kind in ids:
                ids[notice.kind].update(notice.ids)
                if notice.kind in existing and notice.action is not ChangeAction.DELETED:
                    existing[notice.kind].update(notice.ids)
        if not any(ids.values()):
            return
        people = set(ids[K.PERSON])
        people |= self.model.people_holding(ids[K.MEMBERSHIP], ids[K.TASK_FORCE])
        if existing[K.MEMBERSHIP] or existing[K.TASK_FORCE]:
            people |= portfolio.people_on(
                self.session.plan,
                membership_ids=existing[K.MEMBERSHIP],
                task_force_ids=existing[K.TASK_FORCE],
            )
        if not self.model.refresh_people(people):
            self.reload()
