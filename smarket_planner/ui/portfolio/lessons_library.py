"""The portfolio's Lessons page: every lesson of the plan, searched and filtered by kind, function,
tag and outcome, the one chosen read whole below the list."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QIcon, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.domain.enums import LessonOutcome, TaskForceKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import ChangeNotice
from smarket_planner.services.views.lessons_view import LearnedLesson, learned_lessons
from smarket_planner.ui.kit.marks import chip
from smarket_planner.ui.kit.search_field import SearchField
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.portfolio.lesson_detail import LessonDetail
from smarket_planner.ui.portfolio.lessons_model import (
    COLUMN_DATE,
    COLUMN_FUNCTIONS,
    COLUMN_KIND,
    COLUMN_OUTCOME,
    COLUMN_TAGS,
    COLUMN_TASK_FORCE,
    COLUMN_TITLE,
    LessonFilter,
    LessonsModel,
    sign_icon,
)
from smarket_planner.ui.portfolio.portfolio_heatmap import functions_by_name

K = EntityKind
ANY = ""  # a filter's "All ..." item (not None: PySide6 mis-counts None item data)
WATCHED = {K.LESSON, K.TASK_FORCE, K.FUNCTION}  # the notices that change what the library shows
NO_LESSONS = (
    "No lessons yet. A task force's lessons are written in its review when it is dispersed; "
    "every one then shows here, to search and filter."
)
FilterItems = list[tuple[QIcon, str, Any]]  # a filter's choices: icon, words, and what it filters by
# Each column's starting width, in characters of an average width (the title takes the rest).
WIDTHS = {COLUMN_OUTCOME: 9, COLUMN_TASK_FORCE: 20, COLUMN_KIND: 16, COLUMN_FUNCTIONS: 16, COLUMN_TAGS: 16}


class LessonsLibrary(QWidget):
    """Every lesson the plan's task forces learned: search, filter, read one, go to its task force."""

    title = "Lessons"
    task_force_activated = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = LessonsModel(self)
        self._stale = False
        self._build()
        self.setFocusProxy(self.search)
        session.changed.connect(self._on_changed)
        self.reload()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = SearchField()
        self.search.setPlaceholderText("Search lessons")
        self.search.setToolTip(
            "Search titles, what happened, why, the data, next time, tags, task forces and functions "
            "(any case, any accents); Down moves into the list"
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 10)
        self.search.textChanged.connect(lambda _text: self._filter_changed())
        self.search.step_into_list.connect(self._step_into_list)
        self.kind_box = self._combo("Show only the lessons of task forces of one kind")
        self.function_box = self._combo("Show only the lessons about one function")
        self.tag_box = self._combo("Show only the lessons with one tag")
        self.outcome_buttons: dict[LessonOutcome, QToolButton] = {}
        for outcome in LessonOutcome:
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # never elided
            button.setToolTip(f"Show only the lessons of outcome “{outcome.label}”; click again for all")
            button.toggled.connect(partial(self._outcome_toggled, outcome))
            self.outcome_buttons[outcome] = button
        self._paint_signs()
        self.clear_button = QToolButton()
        self.clear_button.setText("Clear Filters")
        self.clear_button.setToolTip("Show every lesson again")
        self.clear_button.clicked.connect(self.clear_filters)

        self.detail = LessonDetail()
        self.detail.task_force_activated.connect(self.task_force_activated)
        self.count = QLabel()
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.detail.footer.insertWidget(0, self.count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Lessons")
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(COLUMN_DATE, Qt.SortOrder.DescendingOrder)
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.activated.connect(lambda _index: self.detail.go_button.click())

        # The list above, the lesson below: the list keeps its seven columns readable at 1280 points.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("lessonsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.hint.linkActivated.connect(lambda _link: self.clear_filters())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.hint)

        # The filters in one row when the page is wide enough, else the outcomes go to a second row.
        self.outcomes = QWidget()
        outcomes = QHBoxLayout(self.outcomes)
        outcomes.setContentsMargins(0, 0, 0, 0)
        for button in self.outcome_buttons.values():
            outcomes.addWidget(button)
        outcomes.addSpacing(8)
        outcomes.addWidget(self.clear_button)
        outcomes.addStretch(1)
        self.bar = QWidget()
        rows = QVBoxLayout(self.bar)
        rows.setContentsMargins(0, 0, 0, 0)
        self.top_row = QHBoxLayout()
        self.top_row.addWidget(self.search, 1)
        for box in (self.kind_box, self.function_box, self.tag_box):
            self.top_row.addWidget(box)
        self.top_row.addSpacing(8)
        self.top_row.addWidget(self.outcomes)
        self.second_row = QHBoxLayout()
        rows.addLayout(self.top_row)
        rows.addLayout(self.second_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Put the outcomes beside the other filters when there is room, else below them."""
        super().resizeEvent(event)
        self._arrange_bar()

    def _arrange_bar(self) -> None:
        boxes = [self.kind_box, self.function_box, self.tag_box]
        narrow = self.search.minimumSizeHint().width() + sum(box.sizeHint().width() for box in boxes)
        narrow += self.top_row.spacing() * len(boxes)
        wide = narrow + self.top_row.spacing() + 8 + self.outcomes.sizeHint().width()
        # The bar asks only for its narrow form: the page is never held wider for the outcomes.
        self.bar.setMinimumWidth(max(narrow, self.outcomes.sizeHint().width()))
        row = self.top_row if self.contentsRect().width() >= wide else self.second_row
        if row.indexOf(self.outcomes) < 0:
            (self.second_row if row is self.top_row else self.top_row).removeWidget(self.outcomes)
            row.addWidget(self.outcomes)

    def _combo(self, tip: str) -> QComboBox:
        box = QComboBox()
        box.setToolTip(tip)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        box.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 16)
        box.currentIndexChanged.connect(lambda _index: self._filter_changed())
        return box

    def _size_columns(self) -> None:
        """Start each column at a width for its words; the title takes the rest. Worked out once:
        sizing to the contents would read every row of a plan of thousands of lessons."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("M") * 4)
        average = self.fontMetrics().averageCharWidth()
        for column, characters in WIDTHS.items():
            header.resizeSection(column, average * characters + 16)
        header.resizeSection(COLUMN_DATE, self.fontMetrics().horizontalAdvance("28 Sep 2026") + 28)

    # -- reading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every lesson again (one query) and show those that match the filters."""
        self._stale = False
        chosen = self.current_lesson()
        self.model.load(learned_lessons(self.session.plan))
        self._fill_filters()
        self._apply(chosen)

    def refresh(self) -> None:
        """Read the lessons again now if the page is on screen, else when it next shows."""
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with the edits made while the page was hidden."""
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        if {notice.kind for notice in notices} & WATCHED:
            self.refresh()

    def _fill_filters(self) -> None:
        """The filters offer what the lessons have; a choice still there is kept."""
        colours = {function.id: function.colour for function in functions_by_name(self.session.plan)}
        kinds: FilterItems = [(QIcon(), kind.label, kind.value) for kind in self.model.kinds()]
        functions: FilterItems = [
            (chip(colours[ident]) if ident in colours else QIcon(), name, ident)
            for ident, name in self.model.functions()
        ]
        tags: FilterItems = [(QIcon(), shown, key) for key, shown in self.model.tags()]
        self._refill(self.kind_box, "All kinds", kinds)
        self._refill(self.function_box, "All functions", functions)
        self._refill(self.tag_box, "All tags", tags)

    def _refill(self, box: QComboBox, every: str, items: FilterItems) -> None:
        chosen = box.currentData() if box.currentIndex() >= 0 else ANY
        box.blockSignals(True)
        box.clear()
        box.addItem(every, ANY)
        for icon, text, data in items:
            box.addItem(icon, text, data)
        box.setCurrentIndex(max(0, box.findData(chosen)))
        box.blockSignals(False)

    # -- filtering ---------------------------------------------------------------------------
    def current_filter(self) -> LessonFilter:
        """The filter the controls make."""
        kind, function, tag = (box.currentData() for box in (self.kind_box, self.function_box, self.tag_box))
        outcome = next((o for o, button in self.outcome_buttons.items() if button.isChecked()), None)
        return LessonFilter(
            search=self.search.text(),
            kind=TaskForceKind(kind) if kind not in (None, ANY) else None,
            function_id=int(function) if function not in (None, ANY) else None,
            tag=str(tag) if tag not in (None, ANY) else None,
            outcome=outcome,
        )

    def clear_filters(self) -> None:
        """Show every lesson: no words searched, every filter back to All."""
        controls = (
            self.search,
            self.kind_box,
            self.function_box,
            self.tag_box,
            *self.outcome_buttons.values(),
        )
        for control in controls:
            control.blockSignals(True)  # one filtering at the end, not one per control
        self.search.clear()
        for box in (self.kind_box, self.function_box, self.tag_box):
            box.setCurrentIndex(0)
        for button in self.outcome_buttons.values():
            button.setChecked(False)
        for control in controls:
            control.blockSignals(False)
        self._filter_changed()

    def _outcome_toggled(self, outcome: LessonOutcome, checked: bool) -> None:
        if checked:  # one outcome at a time: choosing one lets go of the other
            for other, button in self.outcome_buttons.items():
                if other is not outcome and button.isChecked():
                    button.blockSignals(True)
                    button.setChecked(False)
                    button.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._apply(self.current_lesson())

    def _apply(self, chosen: int | None) -> None:
        """Filter the loaded lessons (no query), then show the counts and the lesson chosen."""
        self.model.set_filter(self.current_filter())
        counts = self.model.outcome_counts()
        for outcome, button in self.outcome_buttons.items():
            button.setText(f"{outcome.value.capitalize()} ({counts[outcome]})")
        active = self.model.filter.active
        self.clear_button.setEnabled(active)
        total, shown = len(self.model.lessons), self.model.rowCount()
        noun = "lesson" if total == 1 else "lessons"
        self.count.setText(f"{shown} of {total} {noun}" if active else f"{total} {noun}")
        self.bar.setVisible(total > 0)
        self._arrange_bar()  # the counts and the filters' choices change their widths
        if shown:
            self.stack.setCurrentWidget(self.splitter)
        else:
            self.hint.setText(self._empty_text())
            self.stack.setCurrentWidget(self.hint)
        row = self.model.row_of(chosen) if chosen is not None else None
        self._choose(row if row is not None else 0)

    def _empty_text(self) -> str:
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        if not self.model.lessons:
            return f"<p style='color: {quiet}'>{NO_LESSONS}</p>"
        return (
            f"<p style='color: {quiet}'>No lesson matches these filters.</p>"
            "<p><a href='clear'>Clear filters</a></p>"
        )

    # -- choosing ----------------------------------------------------------------------------
    def current_lesson(self) -> int | None:
        """The id of the lesson read in the pane, if any."""
        return self.detail.lesson.id if self.detail.lesson is not None else None

    def shown_lessons(self) -> list[LearnedLesson]:
        """The lessons listed, in their order."""
        return self.model.records()

    def choose_lesson(self, lesson_id: int) -> bool:
        """Select a lesson in the list (if it is shown) and read it in the pane."""
        row = self.model.row_of(lesson_id)
        if row is None:
            return False
        self._choose(row)
        return True

    def _choose(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.detail.show_lesson(None)
            return
        index = self.model.index(row, COLUMN_TITLE)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.detail.show_lesson(self.model.record(row))

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.detail.show_lesson(self.model.record(current.row()))

    def _step_into_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self._choose(0)

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def changeEvent(self, event: QEvent) -> None:
        """Draw the outcome signs (and a quiet hint) again for a new light or dark scheme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "hint"):
            self._paint_signs()
            self.hint.setText(self._empty_text())

    def _paint_signs(self) -> None:
        for outcome, button in self.outcome_buttons.items():
            button.setIcon(sign_icon(outcome, self.palette()))
