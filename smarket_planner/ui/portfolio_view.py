"""The portfolio view: every task force on a timeline above, who is loaded in which week below."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedLayout,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeAction, ChangeNotice
from smarket_planner.services import portfolio_view as portfolio
from smarket_planner.services.portfolio_view import week_start
from smarket_planner.ui.portfolio_heatmap import (
    OVER_COLOUR,
    FunctionHeading,
    HeatmapModel,
    LoadDelegate,
    chip,
    functions_by_name,
    load_colour,
)
from smarket_planner.ui.portfolio_timeline import STATUS_COLOURS, TimelineChart
from smarket_planner.ui.session import PlanSession

K = EntityKind
ALL = -1  # the function filter's "All functions" item


def _bold(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class Swatches(QWidget):
    """A legend: coloured squares with their words, in one line."""

    def __init__(self, entries: list[tuple[QColor | None, str]], tooltip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.entries = entries
        self.setToolTip(tooltip)

    def set_entries(self, entries: list[tuple[QColor | None, str]]) -> None:
        """Show other colours and words."""
        self.entries = entries
        self.updateGeometry()
        self.update()

    def _advance(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + 12 if text else 2

    def sizeHint(self) -> QSize:
        """Wide enough for every chip and word."""
        box = self.fontMetrics().height() - 4
        width = sum(box + 4 + self._advance(text) for _, text in self.entries)
        return QSize(width, self.fontMetrics().height() + 4)

    def minimumSizeHint(self) -> QSize:
        """Never squeezed: the words would be clipped."""
        return self.sizeHint()

    def paintEvent(self, _event: object) -> None:
        """Each chip then its word."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        box, x = self.fontMetrics().height() - 4, 0
        top = (self.height() - box) // 2
        for colour, text in self.entries:
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.setBrush(colour if colour is not None else palette.color(QPalette.ColorRole.Base))
            painter.drawRoundedRect(x, top, box, box, 2, 2)
            x += box + 4
            if text:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    x, 0, self._advance(text), self.height(), Qt.AlignmentFlag.AlignVCenter, text
                )
            x += self._advance(text)


class HeatmapPanel(QWidget):
    """The allocation heat map with its function filter, search and week window."""

    def __init__(self, session: PlanSession, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = HeatmapModel(session.plan, today=today, parent=self)
        self.heading = _bold("Allocation")
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
        self.legend = Swatches([], "Each week's allocation against the person's capacity")
        self._fill_legend()

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.function_box, self.search):
            controls.addWidget(widget)
        controls.addSpacing(12)
        controls.addWidget(QLabel("From"))
        for widget in (self.first_week, self.this_week, self.weeks):
            controls.addWidget(widget)
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
        ramp: list[tuple[QColor | None, str]] = [
            (load_colour(share, 100, palette), "") for share in (10, 40, 70, 100)
        ]
        self.legend.set_entries(
            [(None, "Free"), *ramp[:-1], (ramp[-1][0], "up to capacity"), (QColor(OVER_COLOUR), "over")]
        )

    def _set_first_week(self, monday: date) -> None:
        self.first_week.setDate(QDate(monday.year, monday.month, monday.day))

    def _on_first_week(self, chosen: QDate) -> None:
        monday = week_start(date(chosen.year(), chosen.month(), chosen.day()))
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
        ids = {kind: set() for kind in (K.PERSON, K.MEMBERSHIP, K.TASK_FORCE)}
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
            [(colour, status.label) for status, colour in STATUS_COLOURS.items()],
            "Bars are coloured by lifecycle status",
        )
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(_bold("Timeline"))
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
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

    def _zoom_button(self, text: str, tip: str, action: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setMinimumWidth(self.fontMetrics().horizontalAdvance("Fit") + 16)
        button.clicked.connect(action)
        return button

    def refresh(self) -> None:
        """Read the timeline and the heat map again from the plan."""
        self.timeline.set_bars(portfolio.timeline(self.session.plan))
        self.heatmap.refresh_functions()
        self.heatmap.reload()

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
        if kinds & {K.TASK_FORCE, K.MEMBERSHIP, K.PERSON}:
            # The whole timeline is one light query (a thousand bars in ~0.1 s), and a
            # membership's removal can change a bar whose id the notice does not name.
            self.timeline.set_bars(portfolio.timeline(self.session.plan))
        if kinds & {K.TASK_FORCE, K.MEMBERSHIP, K.PERSON, K.FUNCTION}:
            self.heatmap.apply(notices)
