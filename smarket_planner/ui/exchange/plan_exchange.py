"""File ▸ Import Roster and File ▸ Export: ask for the file, then read or write it off the window's thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import Plan
from smarket_planner.services.exchange.roster_export import export_roster
from smarket_planner.services.reports.charter_batch import safe_file_name
from smarket_planner.ui.exchange.roster_dialog import ImportRosterDialog, ask_for_roster_file
from smarket_planner.ui.kit.background import BackgroundRunner
from smarket_planner.ui.kit.session import PlanSession

# (what the file dialog says, the file name's ending) for each format a file can be saved in
ROSTER_FORMATS = (("CSV files (*.csv)", "csv"), ("Excel workbooks (*.xlsx)", "xlsx"))
JSON_FORMATS = (("JSON files (*.json)", "json"),)
CALENDAR_FORMATS = (("Calendar files (*.ics)", "ics"),)


class PlanExchange(QObject):
    """The commands that bring a roster in and take the roster, the plan or its calendar out."""

    message = Signal(str)  # what was done, for the status bar
    problem = Signal(str, str)  # a heading, and why it could not be done

    def __init__(
        self,
        parent: QWidget,
        session: Callable[[], PlanSession | None],
        task_force: Callable[[], int | None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self._session = session
        self._task_force = task_force
        self.synchronous = False  # tests write the files in place, not on a thread
        self.folder: Path | None = None  # where the last file was read or written
        self.dialog: ImportRosterDialog | None = None  # the Import Roster dialog open, if any
        self._writers: set[BackgroundRunner] = set()

    # -- importing -------------------------------------------------------------------------
    def import_roster(self) -> None:
        """Ask for a roster file (CSV or Excel), then show what importing it would do."""
        session = self._session()
        if session is None or session.plan.read_only:
            return
        path = self.choose_roster_file(self._start_folder(session.plan))
        if path is None:
            return
        self.folder = path.parent
        dialog = ImportRosterDialog(session, path, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self.message)
        dialog.destroyed.connect(lambda _gone=None: self._forget_dialog(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: ImportRosterDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def choose_roster_file(self, folder: Path) -> Path | None:
        """Ask for the roster file to import."""
        return ask_for_roster_file(self.parent_widget, folder)

    def choose_save_path(
        self, title: str, suggestion: Path, formats: Sequence[tuple[str, str]]
    ) -> Path | None:
        """Ask where to save a file (the file dialog asks before replacing one)."""
        return ask_for_save_path(self.parent_widget, title, suggestion, formats)

    # -- exporting -------------------------------------------------------------------------
    def export_roster(self) -> None:
        """Save the plan's people as a CSV file or an Excel workbook, as the name chosen ends."""
        session = self._session()
        if session is None:
            return
        plan = session.plan
        suggestion = self._start_folder(plan) / f"{safe_file_name(plan.title, 'Plan')} roster.csv"
        path = self.choose_save_path("Export Roster", suggestion, ROSTER_FORMATS)
        if path is None:
            return

        def write() -> str:
            count = export_roster(plan, path)
            return f"Roster of {count:,} {'person' if count == 1 else 'people'} saved to {path}"

        self._write("roster", path, write)

    def export_plan_json(self) -> None:
        """Save the whole plan as a JSON file, for other tools or for the record."""
        session = self._session()
        if session is None:
            return
        plan = session.plan
        suggestion = self._start_folder(plan) / f"{safe_file_name(plan.title, 'Plan')}.json"
        path = self.choose_save_path("Export Plan as JSON", suggestion, JSON_FORMATS)
        if path is None:
            return
        from smarket_planner.services.exchange.plan_json import write_plan_json

        def write() -> str:
            write_plan_json(plan, path)
            return f"Plan saved as JSON to {path}"

        self._write("plan", path, write)

    def task_force_name(self) -> str | None:
        """The name of the task force shown in the workspace, if one is."""
        session, ident = self._session(), self._task_force()
        if session is None or ident is None:
            return None
        try:
            team = services.get(session.plan, EntityKind.TASK_FORCE, ident)
        except DomainError:
            return None
        return team.name if isinstance(team, TaskForce) else None

    def export_calendar(self, *, whole_plan: bool) -> None:
        """Save the dates of the task force shown, or of every task force not archived, as an .ics file."""
        session = self._session()
        if session is None:
            return
        plan = session.plan
        ident = None if whole_plan else self._task_force()
        name = plan.title if whole_plan else self.task_force_name()
        if name is None or (ident is None and not whole_plan):
            self.problem.emit("No calendar was saved", "Choose a task force first, or save the whole plan's.")
            return
        suggestion = self._start_folder(plan) / f"{safe_file_name(name, 'Plan')} calendar.ics"
        path = self.choose_save_path("Export Calendar", suggestion, CALENDAR_FORMATS)
        if path is None:
            return
        from smarket_planner.services.exchange.plan_calendar import write_calendar

        teams = None if ident is None else [ident]
        what = "the whole plan" if whole_plan else name

        def write() -> str:
            summary = write_calendar(plan, path, teams)
            events = summary.total
            return f"Calendar of {what} ({events:,} event{'s' * (events != 1)}) saved to {path}"

        self._write("calendar", path, write)

    def _write(self, what: str, path: Path, write: Callable[[], str]) -> None:
        """Write a file off the window's thread; say where it went, or why it could not be written."""
        self.folder = path.parent
        runner = BackgroundRunner(self, synchronous=self.synchronous)
        self._writers.add(runner)

        def done(text: object) -> None:
            self.message.emit(str(text))
            self._drop(runner)

        def failed(reason: str) -> None:
            self.message.emit("")
            self.problem.emit(f"The {what} could not be saved", reason)
            self._drop(runner)

        runner.finished.connect(done)
        runner.failed.connect(failed)
        self.message.emit(f"Saving the {what} to {path}…")
        runner.start(lambda _progress, _cancelled: write())

    def _drop(self, runner: BackgroundRunner) -> None:
        self._writers.discard(runner)
        runner.deleteLater()

    @property
    def writing(self) -> bool:
        """Whether a file is being written."""
        return bool(self._writers)

    def _start_folder(self, plan: Plan) -> Path:
        """Where the file dialogs start: the folder last used, else the plan's, else home."""
        if self.folder is not None and self.folder.is_dir():
            return self.folder
        return plan.path.parent if plan.path is not None else Path.home()


def ask_for_save_path(
    parent: QWidget, title: str, suggestion: Path, formats: Sequence[tuple[str, str]]
) -> Path | None:
    """Ask where to save a file; a name without an ending gets the one of the format chosen."""
    dialog = QFileDialog(parent, title, str(suggestion.parent), ";;".join(words for words, _ in formats))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    endings = dict(formats)
    start = next((words for words, ending in formats if f".{ending}" == suggestion.suffix.lower()), None)
    if start is not None:
        dialog.selectNameFilter(start)
    dialog.setDefaultSuffix(endings.get(dialog.selectedNameFilter(), formats[0][1]))
    dialog.filterSelected.connect(lambda words: dialog.setDefaultSuffix(endings.get(words, formats[0][1])))
    dialog.selectFile(suggestion.name)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return with_ending(Path(dialog.selectedFiles()[0]), [ending for _, ending in formats])


def with_ending(path: Path, endings: Sequence[str]) -> Path:
    """The path with one of the endings: its own if it has one of them, else the first."""
    if path.suffix.lower().lstrip(".") in endings:
        return path
    return path.with_name(f"{path.name}.{endings[0]}")
