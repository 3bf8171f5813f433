"""File ▸ Import Roster: match the file's columns, see what each row would do, then import it all at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWidget

from smarket_planner.services import Outcome
from smarket_planner.services.exchange.roster_import import RosterSummary, RowOutcome, import_roster
from smarket_planner.ui.exchange.preview_model import PreviewLine, preview_lines, problem_lines
from smarket_planner.ui.exchange.roster_check import (
    RosterCheck,
    check_again,
    describe_file,
    examples,
    import_message,
    read_and_check,
)
from smarket_planner.ui.exchange.roster_layout import RosterLayout
from smarket_planner.ui.kit.background import BackgroundRunner
from smarket_planner.ui.kit.focus import keep_reading_order
from smarket_planner.ui.kit.session import PlanSession

IN_PLACE_BYTES = 256 * 1024  # a file this small is read and checked at once, without a thread
IN_PLACE_ROWS = 2_000  # a roster this short is checked and imported at once, without a thread
ROSTER_FILTERS = (
    "Rosters (*.csv *.tsv *.txt *.xlsx *.xlsm)",
    "CSV files (*.csv *.tsv *.txt)",
    "Excel workbooks (*.xlsx *.xlsm)",
    "All files (*)",
)
FILTERS = (
    ("All", None),
    ("New", RowOutcome.NEW),
    ("Updates", RowOutcome.UPDATE),
    ("Unchanged", RowOutcome.SAME),
    ("Errors", RowOutcome.ERROR),
)


class ImportRosterDialog(QDialog):
    """Import Roster: the file's columns matched to fields, what each row would do, then one import."""

    imported = Signal(str)  # what was imported, in a sentence for the status bar

    def __init__(self, session: PlanSession, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path = path
        self.check: RosterCheck | None = None  # the roster as last read and checked
        self.outcome: Outcome[RosterSummary] | None = None  # the import, once made
        self.importing = False
        self._stopping = False  # the import was asked to stop; the dialog closes once it has
        self.setWindowTitle("Import Roster")
        self.setSizeGripEnabled(True)
        self.setMinimumSize(760, 480)
        self.resize(1040, 660)
        self.ui = RosterLayout(self)
        keep_reading_order(self)
        ui = self.ui
        ui.mapping.changed.connect(self._remap)
        ui.sheet.activated.connect(lambda _index: self.load(self.path, ui.sheet.currentText()))
        ui.other_file.clicked.connect(self._choose_another_file)
        ui.show_combo.currentIndexChanged.connect(self._refilter)
        ui.problems.clicked.connect(self._problem_chosen)
        ui.problems.activated.connect(self._problem_chosen)
        ui.import_button.clicked.connect(self.start_import)
        ui.close_button.clicked.connect(self.reject)
        # The runners have no parent: work still going when the dialog closes keeps its runner alive
        # (and so able to report) until it stops, while the dialog itself is gone.
        self.loader = BackgroundRunner()
        self.loader.progressed.connect(self._progressed)
        self.loader.finished.connect(self._checked)
        self.loader.failed.connect(self._unreadable)
        self.importer = BackgroundRunner()
        self.importer.progressed.connect(self._progressed)
        self.importer.finished.connect(self._imported)
        self.importer.failed.connect(self._import_failed)
        self.load(path)

    # -- reading and checking --------------------------------------------------------------
    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read a roster file (the sheet named, or the workbook's first) and check it against the plan."""
        fresh_file = path != self.path or self.check is None
        self.path = path
        self.check = None
        ui = self.ui
        ui.file_name.setText(path.name)
        ui.file_name.setToolTip(str(path))
        ui.file_details.setText(str(path.parent))
        ui.clear_error()
        if fresh_file:
            ui.sheet_row.setVisible(False)
        self._working(f"Reading {path.name}…")
        try:
            small = path.stat().st_size <= IN_PLACE_BYTES
        except OSError:
            small = True  # reading it says what is wrong
        plan = self.session.plan
        self.loader.synchronous = small
        self.loader.start(lambda progress, _cancelled: read_and_check(plan, path, sheet, progress))

    def _remap(self) -> None:
        """Check the roster again with the fields chosen for its columns."""
        if self.check is None:
            return
        plan, check, chosen = self.session.plan, self.check, self.ui.mapping.chosen()
        self._working("Checking the roster…")
        self.loader.synchronous = len(check.table.lines) <= IN_PLACE_ROWS
        self.loader.start(
            lambda progress, _cancelled: check_again(plan, check.table, check.sheets, chosen, progress)
        )

    def _checked(self, result: object) -> None:
        assert isinstance(result, RosterCheck)
        ui = self.ui
        fresh = self.check is None
        self.check = result
        columns = result.preview.columns
        if fresh:
            ui.mapping.show_columns(columns, examples(result.table, columns))
            ui.file_details.setText(describe_file(result.table, columns))
            ui.show_sheets(result.sheets, result.table.sheet)
        ui.model.set_records(preview_lines(result))
        ui.problems_model.set_records(problem_lines(result))
        ui.show_problems(len(result.preview.problems))
        ui.say(result.preview.summary(), ok=result.preview.ok)
        ui.count_outcomes(result.preview, FILTERS)
        self._idle()

    def _unreadable(self, message: str) -> None:
        """The file could not be read: say why, and show nothing of it."""
        self.check = None
        ui = self.ui
        ui.mapping.clear()
        ui.model.set_records([])
        ui.problems_model.set_records([])
        ui.show_problems(0)
        ui.say("The roster could not be read. Choose another file, or save it again as CSV or .xlsx.")
        ui.show_error(message)
        self._idle()

    def _choose_another_file(self) -> None:
        path = self.choose_file()
        if path is not None:
            self.check = None
            self.load(path)

    def choose_file(self) -> Path | None:
        """Ask for another roster file, starting in the folder of the one shown."""
        return ask_for_roster_file(self, self.path.parent)

    # -- showing ---------------------------------------------------------------------------
    def _refilter(self) -> None:
        outcome = self.ui.show_combo.currentData()
        self.ui.proxy.show_only(None if outcome is None else [outcome])
        self.ui.count_shown()

    def _problem_chosen(self, index: Any) -> None:
        """Show the row a problem is about in the preview, all rows shown if need be."""
        ui = self.ui
        line = ui.problems_model.record(ui.problems_proxy.mapToSource(index).row())
        source_row = ui.model.row_of(line.problem.row)
        if source_row is None:
            return
        if not ui.proxy.mapFromSource(ui.model.index(source_row, 0)).isValid():
            ui.show_combo.setCurrentIndex(0)
        shown = ui.proxy.mapFromSource(ui.model.index(source_row, 0))
        ui.table.selectRow(shown.row())
        ui.table.scrollTo(shown)

    def shown_lines(self) -> list[PreviewLine]:
        """The preview's rows as the table shows them now, filtered and sorted."""
        ui = self.ui
        return [
            cast(PreviewLine, ui.model.record(ui.proxy.mapToSource(ui.proxy.index(row, 0)).row()))
            for row in range(ui.proxy.rowCount())
        ]

    # -- importing -------------------------------------------------------------------------
    def can_import(self) -> bool:
        """Whether Import may be pressed: nothing wrong, something to change, nothing under way."""
        check = self.check
        return (
            check is not None
            and check.preview.ok
            and check.to_change > 0
            and not self.loader.busy
            and not self.importing
            and not self.session.plan.read_only
        )

    def start_import(self) -> None:
        """Import the roster as previewed, all of it or nothing, as one step Edit ▸ Undo takes back."""
        if not self.can_import() or self.check is None:
            return
        plan, preview = self.session.plan, self.check.preview
        self.importing = True
        self.ui.clear_error()
        self._working("Checking the roster…")
        self.importer.synchronous = len(preview.rows) <= IN_PLACE_ROWS
        self.importer.start(lambda progress, _cancelled: import_roster(plan, preview, progress))

    def _imported(self, result: object) -> None:
        outcome = cast(Outcome[RosterSummary], result)
        self.importing = False
        # The import is made already (off the window's thread): it goes on the undo stack as one step.
        self.session.edit(lambda: outcome, outcome.label)
        self.outcome = outcome
        name = self.check.table.name if self.check is not None else self.path.name
        self._idle()
        self.imported.emit(import_message(outcome.value, name))
        self.accept()

    def _import_failed(self, message: str) -> None:
        self.importing = False
        if self._stopping:
            super().reject()  # asked to close: nothing was written
            return
        self._idle()
        self.ui.show_error(message)
        self._remap()  # the plan may have changed since the preview: show it as it is now

    def reject(self) -> None:
        """Close without importing; an import under way is stopped first, and nothing is written."""
        if self.importing:
            self._stopping = True
            self.importer.cancel()
            self.ui.note.setText("Stopping the import…")
            return
        self.loader.cancel()
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses only the button that has the focus: it never imports by accident."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if isinstance(focus, QPushButton) and focus.isEnabled():
                focus.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- busy or not -----------------------------------------------------------------------
    def _working(self, note: str) -> None:
        """Say what is under way; nothing can be imported or chosen again until it is done."""
        ui = self.ui
        ui.import_button.setEnabled(False)
        ui.set_busy(True, note)
        self._enable_choices()

    def _idle(self) -> None:
        ui = self.ui
        ui.set_busy(self.loader.busy or self.importing)
        self._enable_choices()
        ui.import_button.setEnabled(self.can_import())
        ui.explain_import(self.check, self.session.plan.read_only)

    def _enable_choices(self) -> None:
        """The file and sheet can be changed unless an import is under way; the columns once read."""
        ui = self.ui
        ui.sheet.setEnabled(not self.importing)
        ui.other_file.setEnabled(not self.importing)
        ui.mapping.setEnabled(not self.importing and self.check is not None)

    def _progressed(self, done: int, total: int, note: str) -> None:
        ui = self.ui
        if self.importing and total and done >= total and self.check is not None:
            people = self.check.to_change
            ui.set_busy(True, f"Writing {people:,} {'person' if people == 1 else 'people'} to the plan…")
            ui.bar.setRange(0, 0)  # one write with no steps to count
            return
        ui.bar.setRange(0, max(total, 1))
        ui.bar.setValue(done)
        if note:
            ui.note.setText(f"{note}: row {done:,} of {total:,}" if total > 1 else f"{note}…")


def ask_for_roster_file(parent: QWidget, folder: Path) -> Path | None:
    """Ask for the roster file to import: a CSV file or an Excel workbook."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import Roster", str(folder), ";;".join(ROSTER_FILTERS))
    return Path(path) if path else None
