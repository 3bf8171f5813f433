"""How the Import Roster dialog is laid out: the file, its columns, the preview, and the buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smarket_planner.services.exchange.roster_import import RosterPreview, RowOutcome
from smarket_planner.ui.exchange.column_mapping import ColumnMapping, muted
from smarket_planner.ui.exchange.preview_model import (
    PreviewFilter,
    outcome_icon,
    preview_columns,
    problem_columns,
)
from smarket_planner.ui.exchange.roster_check import RosterCheck
from smarket_planner.ui.kit.edit_dialog import error_colour
from smarket_planner.ui.kit.record_model import SORT_ROLE, RecordTableModel

ICON = 16  # points: the icons beside the file's name and the summary


class RosterLayout:
    """The widgets of the Import Roster dialog, and how they show what the dialog tells them."""

    def __init__(self, dialog: QDialog) -> None:
        self.dialog = dialog
        style = dialog.style()
        self._icons = {
            "ok": style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
            "problems": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "unreadable": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
        }
        body = QVBoxLayout(dialog)
        body.setContentsMargins(14, 12, 14, 12)
        body.setSpacing(10)
        body.addLayout(self._file_row(style))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._columns_panel())
        splitter.addWidget(self._preview_panel())
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 700])
        body.addWidget(splitter, 1)
        body.addLayout(self._button_row())

    # -- building --------------------------------------------------------------------------
    def _file_row(self, style: QStyle) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(ICON * 2, ICON * 2))
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        self.file_name = QLabel()
        title = QFont(self.file_name.font())
        title.setBold(True)
        title.setPointSizeF(title.pointSizeF() * 1.15)
        self.file_name.setFont(title)
        self.file_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_details = muted(QLabel())
        names.addWidget(self.file_name)
        names.addWidget(self.file_details)
        row.addLayout(names, 1)
        self.sheet_row = QWidget()
        sheet_layout = QHBoxLayout(self.sheet_row)
        sheet_layout.setContentsMargins(0, 0, 0, 0)
        self.sheet = QComboBox()
        self.sheet.setMinimumContentsLength(12)
        sheet_label = QLabel("&Sheet:")
        sheet_label.setBuddy(self.sheet)
        sheet_layout.addWidget(sheet_label)
        sheet_layout.addWidget(self.sheet)
        self.sheet_row.setVisible(False)
        row.addWidget(self.sheet_row, 0, Qt.AlignmentFlag.AlignVCenter)
        self.other_file = _button("Choose Another &File…")
        row.addWidget(self.other_file, 0, Qt.AlignmentFlag.AlignVCenter)
        return row

    def _columns_panel(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(10, 8, 6, 8)
        layout.setSpacing(6)
        layout.addWidget(bold(QLabel("Columns")))
        hint = muted(QLabel("What each column of the file holds. Columns left out are not imported."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.mapping = ColumnMapping()
        layout.addWidget(self.mapping, 1)
        panel.setMinimumWidth(260)
        return panel

    def _preview_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(8)
        summary_row = QHBoxLayout()
        self.summary_icon = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary_row.addWidget(self.summary_icon, 0, Qt.AlignmentFlag.AlignTop)
        summary_row.addWidget(self.summary, 1)
        layout.addLayout(summary_row)
        filter_row = QHBoxLayout()
        self.show_combo = QComboBox()
        self.show_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        show_label = QLabel("Sh&ow:")
        show_label.setBuddy(self.show_combo)
        self.shown_count = muted(QLabel())
        filter_row.addWidget(show_label)
        filter_row.addWidget(self.show_combo)
        filter_row.addStretch(1)
        filter_row.addWidget(self.shown_count)
        layout.addLayout(filter_row)
        self.model = RecordTableModel(preview_columns(), self.dialog)
        self.proxy = PreviewFilter(self.dialog)
        self.proxy.setSourceModel(self.model)
        self.table = table_view(self.proxy, PreviewTable())
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate(PreviewTable.WIDTHS):
            self.table.horizontalHeader().resizeSection(column, width)
        self.problems_model = RecordTableModel(problem_columns(), self.dialog)
        self.problems_proxy = QSortFilterProxyModel(self.dialog)
        self.problems_proxy.setSortRole(SORT_ROLE)
        self.problems_proxy.setSourceModel(self.problems_model)
        self.problems = table_view(self.problems_proxy)
        for column, width in enumerate((52, 130, 140)):
            self.problems.horizontalHeader().resizeSection(column, width)
        self.problems.setToolTip("Choose a problem to see its row in the preview.")
        self.problems_box = QWidget()
        problems_layout = QVBoxLayout(self.problems_box)
        problems_layout.setContentsMargins(0, 4, 0, 0)
        self.problems_title = bold(QLabel())
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.problems_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.error_row = QWidget()
        error_layout = QHBoxLayout(self.error_row)
        error_layout.setContentsMargins(0, 0, 0, 0)
        error_icon = QLabel()
        error_icon.setPixmap(self._icons["problems"].pixmap(ICON, ICON))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(palette))
        self.error.setPalette(palette)
        error_layout.addWidget(error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_layout.addWidget(self.error, 1)
        layout.addWidget(self.error_row)
        self.error_row.setVisible(False)
        return panel

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.note = muted(QLabel())
        row.addWidget(self.bar)
        row.addWidget(self.note, 1)
        self.import_button = _button("&Import")
        self.import_button.setMinimumWidth(110)
        self.close_button = _button("Cancel")
        row.addWidget(self.import_button)
        row.addWidget(self.close_button)
        self.set_busy(False)
        return row

    # -- showing ---------------------------------------------------------------------------
    def say(self, text: str, *, ok: bool | None = None) -> None:
        """Show the summary sentence, with a tick when the roster can be imported, a warning if not."""
        icon = self._icons["unreadable" if ok is None else "ok" if ok else "problems"]
        self.summary_icon.setPixmap(icon.pixmap(ICON, ICON))
        self.summary.setText(text)

    def show_error(self, message: str) -> None:
        """Say in red what went wrong (the file, or the import), in the user's words."""
        self.error.setText(message)
        self.error_row.setVisible(True)

    def clear_error(self) -> None:
        """Hide the message of what went wrong."""
        self.error.clear()
        self.error_row.setVisible(False)

    def show_problems(self, count: int) -> None:
        """Show the list of problems under the preview, or hide it when there are none."""
        self.problems_title.setText(f"Problems ({count:,})")
        self.problems_box.setVisible(count > 0)

    def show_sheets(self, sheets: Sequence[str], current: str) -> None:
        """Offer the workbook's sheets when it has more than one."""
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(list(sheets))
        self.sheet.setCurrentText(current)
        self.sheet.blockSignals(False)
        self.sheet_row.setVisible(len(sheets) > 1)

    def count_outcomes(
        self, preview: RosterPreview, filters: Sequence[tuple[str, RowOutcome | None]]
    ) -> None:
        """Fill the Show list, each choice with how many rows it shows; the choice made stays."""
        combo = self.show_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for words, outcome in filters:
            count = len(preview.rows) if outcome is None else preview.count(outcome)
            icon = outcome_icon(outcome) if outcome is not None else None
            if icon is None:
                combo.addItem(f"{words} ({count:,})", outcome)
            else:
                combo.addItem(icon, f"{words} ({count:,})", outcome)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)
        self.proxy.show_only(None if combo.currentData() is None else [combo.currentData()])
        self.count_shown()

    def count_shown(self) -> None:
        """Say how many of the roster's rows the table shows."""
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.shown_count.setText(f"{shown:,} of {total:,} rows" if shown != total else f"{total:,} rows")

    def set_busy(self, busy: bool, note: str = "") -> None:
        """Show the progress bar and what is under way, or hide them."""
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)
        self.note.setText(note if busy else "")
        self.table.setEnabled(not busy)

    def explain_import(self, check: RosterCheck | None, read_only: bool) -> None:
        """Say on the Import button why it cannot be pressed, or what it does."""
        if read_only:
            tip = "The plan is read-only; nothing can be imported into it."
        elif check is None:
            tip = "Choose a roster file that can be read."
        elif not check.preview.ok:
            tip = "Fix the rows with errors first: choose the right columns, or correct the file."
        elif check.to_change == 0:
            tip = "Everyone in the roster is in the plan already, as the roster has them."
        else:
            tip = "Import the roster; Edit ▸ Undo takes all of it back in one step."
        self.import_button.setToolTip(tip)


def _button(text: str) -> QPushButton:
    """A button that Enter presses only while it has the focus."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


class PreviewTable(QTableView):
    """The preview's table: What changes takes the room the other columns leave, E-mail comes last."""

    WIDTHS = (48, 104, 130, 136)  # pixels: row, result, name, function
    DETAILS = len(WIDTHS)  # the What changes column
    LEAST_DETAILS, EMAIL = 240, 210  # pixels

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Give What changes the width left over, never less than enough to read a change."""
        super().resizeEvent(event)
        header = self.horizontalHeader()
        if header.count() > self.DETAILS:
            others = sum(header.sectionSize(column) for column in range(self.DETAILS))
            room = self.viewport().width() - others - self.EMAIL
            header.resizeSection(self.DETAILS, max(self.LEAST_DETAILS, room))


def table_view(model: QSortFilterProxyModel, view: QTableView | None = None) -> QTableView:
    """A read-only table of whole rows, as the app's other lists are."""
    view = view or QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def bold(label: QLabel) -> QLabel:
    """A label in bold."""
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
