"""The Charter tab: choose what a task force's charter prints, see it as it will print, save or print it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, TaskForce
from smarket_planner.services import ChangeNotice
from smarket_planner.services.reports.charter import (
    CharterOptions,
    PageSize,
    Section,
    charter_pdf,
    write_task_force_charter,
)
from smarket_planner.services.reports.charter_batch import safe_file_name
from smarket_planner.ui.charter.charter_export import (
    ONE_AT_A_TIME,
    CharterBatch,
    CharterPrint,
    ask_for_pdf_path,
    ask_for_printer,
    charter_printer,
)
from smarket_planner.ui.kit.background import BackgroundRunner
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.kit.task_force_tab import TaskForceTab

SETTLE_MS = 500  # after a tick, a paper change or an edit, wait this long before typesetting again
SWITCH_MS = 150  # another task force: typeset almost at once, not for every row the arrow keys pass
COLUMN_WIDTH = 210


def _bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class CharterTab(TaskForceTab):
    """The selected task force's printable charter: its sections, its paper, and a live preview."""

    title = "Charter"
    message = Signal(str)  # what was done, for the status bar
    problem = Signal(str, str)  # a heading and a sentence: what the user asked for could not be done
    preview_ready = Signal()  # a fresh preview is on screen
    exported = Signal(object)  # the Path of a charter just saved

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        plan_path = session.plan.path
        self.folder = plan_path.parent if plan_path is not None else Path.home()
        self._stale = False  # the preview no longer matches the task force, boxes, paper or plan
        self._rendering = False
        self._print_waiting = False  # Print was asked for before the preview was up to date
        self._asked: tuple[int, CharterOptions] | None = None  # what the latest preview job makes
        self._shown: tuple[int, CharterOptions] | None = None  # what the preview shows
        self._buffer: QBuffer | None = None  # the preview's bytes, kept alive while shown
        self.pdf = b""  # the same bytes, for printing
        self.document = QPdfDocument(self)
        # The newest preview asked for replaces any older one; every save asked for is written.
        self.previewer = BackgroundRunner(self, one_at_a_time=ONE_AT_A_TIME)
        self.previewer.finished.connect(self._rendered)
        self.previewer.failed.connect(self._render_failed)
        self.saver = BackgroundRunner(self, one_at_a_time=ONE_AT_A_TIME, every_request=True)
        self.saver.finished.connect(self._exported)
        self.saver.failed.connect(self._export_failed)
        self.batch = CharterBatch(self)
        self.batch.finished.connect(self.message)
        self.batch.failed.connect(self.problem)
        self.printing = CharterPrint(self)
        self.printing.finished.connect(self.message)
        self.printing.failed.connect(self.problem)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.render_now)
        self._build()
        self.show_task_force(None)

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.section_boxes: dict[Section, QCheckBox] = {}
        choices = QWidget()
        column = QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(_bold(QLabel("Sections to print")))
        for section in Section:
            box = QCheckBox(section.label)
            box.setChecked(True)
            box.toggled.connect(self._options_changed)
            self.section_boxes[section] = box
            column.addWidget(box)
        column.addSpacing(14)
        paper_label = _bold(QLabel("&Paper"))
        self.paper = QComboBox()
        for size in PageSize:
            self.paper.addItem(size.label, size)
        paper_label.setBuddy(self.paper)
        self.paper.currentIndexChanged.connect(self._options_changed)
        column.addWidget(paper_label)
        column.addWidget(self.paper)
        column.addStretch(1)
        # On a short screen the choices scroll; the buttons stay in reach below them.
        scroll = QScrollArea()
        scroll.setWidget(choices)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        choices.setAutoFillBackground(False)
        self.export_button = QPushButton("E&xport PDF…")
        self.export_button.clicked.connect(self.export_pdf)
        self.print_button = QPushButton("P&rint…")
        self.print_button.clicked.connect(self.print_charter)
        settings = QWidget()
        settings.setFixedWidth(COLUMN_WIDTH)
        side = QVBoxLayout(settings)
        side.setContentsMargins(0, 0, 12, 0)
        side.setSpacing(6)
        side.addWidget(scroll, 1)
        side.addWidget(self.export_button)
        side.addWidget(self.print_button)

        self.busy = QLabel()
        self.busy.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages = QLabel()
        self.pages.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bar = QHBoxLayout()
        bar.addWidget(_bold(QLabel("Preview")))
        bar.addStretch(1)
        bar.addWidget(self.busy)
        bar.addSpacing(12)
        bar.addWidget(self.pages)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.empty.setMargin(24)
        self.set_page(self.view)
        preview = QVBoxLayout()
        preview.setSpacing(6)
        preview.addLayout(bar)
        preview.addWidget(self.stack, 1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 9, 9, 9)
        layout.addWidget(settings)
        layout.addLayout(preview, 1)

    # -- what is shown ----------------------------------------------------------------------
    def options(self) -> CharterOptions:
        """The sections ticked and the paper chosen."""
        sections = frozenset(section for section, box in self.section_boxes.items() if box.isChecked())
        # Qt hands a StrEnum back as a plain string: make it the paper size again.
        return CharterOptions(page_size=PageSize(self.paper.currentData()), sections=sections)

    def show_task_force(self, task_force_id: int | None) -> None:
        """Preview the charter of a task force, or say to pick one when none is selected."""
        if task_force_id == self.task_force_id and task_force_id is not None:
            return
        self.task_force_id = task_force_id
        if task_force_id is None:
            # A preview still being made is for a task force no longer shown: it is dropped.
            self._rendering = self._print_waiting = False
            self.timer.stop()
            self._say("Select a task force to see its charter as it will print.")
        self._enable()
        self._want(SWITCH_MS)

    def _say(self, sentence: str) -> None:
        self.show_placeholder(sentence)
        self.busy.clear()
        self.pages.clear()

    def _enable(self) -> None:
        ready = self.task_force_id is not None and any(box.isChecked() for box in self.section_boxes.values())
        self.export_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    def _options_changed(self, *_args: object) -> None:
        self._enable()
        self._want(SETTLE_MS)

    def plan_changed(self, notices: tuple[ChangeNotice, ...]) -> None:
        """Typeset the preview again once edits to the plan settle."""
        self._want(SETTLE_MS)

    def _want(self, delay: int) -> None:
        """Note that the preview is out of date; typeset it again soon if the tab is on screen."""
        if self.task_force_id is None:
            return
        self._stale = True
        if self.isVisible():
            self.busy.setText("Updating preview…")
            self.timer.start(delay)

    def showEvent(self, event: QShowEvent) -> None:
        """Bring the preview up to date on coming into view (it waits while the tab is hidden)."""
        super().showEvent(event)
        if self._stale and not self.timer.isActive():
            self._want(SWITCH_MS)

    def render_now(self) -> None:
        """Typeset the preview on a worker thread; a result outdated by then is dropped."""
        self.timer.stop()
        if self.task_force_id is None:
            return
        self._stale = False
        options = self.options()
        if not options.sections:
            self._rendering = self._print_waiting = False
            self._say("Tick at least one section to see the charter.")
            return
        plan, ident = self.session.plan, self.task_force_id
        self._asked = (ident, options)
        self._rendering = True
        self.busy.setText("Updating preview…")
        self.previewer.start(lambda _progress, _cancelled: charter_pdf(plan, ident, options))

    def _rendered(self, pdf: Any) -> None:
        if not self._rendering:  # the preview was given up meanwhile (every section unticked)
            return
        self._rendering = False
        if not self.timer.isActive():  # else another change is already waiting its turn
            self.busy.clear()
        # The same task force typeset again keeps its place; another one starts at the top.
        same = self._shown is not None and self._asked is not None and self._shown[0] == self._asked[0]
        on_view = self.stack.currentWidget() is self.view
        keep = self.view.verticalScrollBar().value() if same and on_view else 0
        self._shown = self._asked
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer, self.pdf = buffer, pdf
        self.show_page()
        self.view.verticalScrollBar().setValue(keep)
        count = self.document.pageCount()
        paper = self._shown[1].page_size.label if self._shown else ""
        self.pages.setText(f"{count} page{'s' if count != 1 else ''} · {paper}")
        self.preview_ready.emit()
        if self._print_waiting:
            self._print_waiting = False
            self.print_charter()

    def _render_failed(self, reason: str) -> None:
        if not self._rendering:
            return
        self._rendering = self._print_waiting = False
        self._say(f"The charter cannot be shown. {reason}")

    def preview_is_current(self) -> bool:
        """Whether the preview shows the charter as it would print now."""
        return (
            not self._stale
            and not self._rendering
            and self.stack.currentWidget() is self.view
            and self.document.status() == QPdfDocument.Status.Ready
        )

    def _task_force_name(self) -> str:
        assert self.task_force_id is not None
        try:
            task_force = services.get(self.session.plan, EntityKind.TASK_FORCE, self.task_force_id)
        except DomainError:
            return "Charter"
        assert isinstance(task_force, TaskForce)
        return task_force.name

    # -- saving -----------------------------------------------------------------------------
    def export_pdf(self) -> None:
        """Ask where to save the charter as a PDF, then write it there."""
        if not self.export_button.isEnabled():
            return
        suggestion = self.folder / f"{safe_file_name(self._task_force_name(), 'Charter')}.pdf"
        path = self.choose_path(suggestion)
        if path is not None:
            self.export_to(path)

    def choose_path(self, suggestion: Path) -> Path | None:
        """Ask for the PDF file to write (it asks before replacing one)."""
        return ask_for_pdf_path(suggestion, self)

    def export_to(self, path: Path) -> None:
        """Write the charter, with the sections and paper chosen, to a PDF file off the GUI thread."""
        if self.task_force_id is None:
            return
        self.folder = path.parent
        plan, ident, options = self.session.plan, self.task_force_id, self.options()
        self.message.emit(f"Saving the charter to {path}…")
        self.saver.start(lambda _progress, _cancelled: write_task_force_charter(plan, ident, path, options))

    def _exported(self, path: Any) -> None:
        self.message.emit(f"Charter saved to {path}")
        self.exported.emit(path)

    def _export_failed(self, reason: str) -> None:
        self.message.emit("")  # no longer "Saving…"
        self.problem.emit("The charter could not be saved", reason)

    def export_all(self) -> None:
        """Ask for a folder, then write every task force's charter into it."""
        folder = self.choose_folder()
        if folder is not None:
            self.export_all_to(folder)

    def choose_folder(self) -> Path | None:
        """Ask for the folder to write every charter into."""
        chosen = QFileDialog.getExistingDirectory(self, "Export All Charters Into", str(self.folder))
        return Path(chosen) if chosen else None

    def export_all_to(self, folder: Path) -> None:
        """Write every task force's charter into a folder, with the sections and paper chosen here."""
        options = self.options()
        if not options.sections:
            self.problem.emit("No charters were written", "Tick at least one section to print.")
            return
        self.folder = folder
        self.batch.start(self.session.plan, folder, options)

    # -- printing ---------------------------------------------------------------------------
    def print_charter(self) -> None:
        """Ask for a printer, pages and copies, then print the charter the preview shows."""
        if not self.print_button.isEnabled():
            return
        if not self.preview_is_current():
            self._print_waiting = True  # printed as soon as the preview is up to date
            if not self._rendering or self._stale:
                self.render_now()
            return
        printer = charter_printer(self.options().page_size, self._task_force_name())
        if self.choose_printer(printer):
            self.print_to(printer)

    def choose_printer(self, printer: QPrinter) -> bool:
        """Ask for the printer, the pages and the copies; False if the user thought better of it."""
        return ask_for_printer(printer, self.document.pageCount(), self)

    def print_to(self, printer: QPrinter) -> None:
        """Print the previewed charter on a printer set up already, off the GUI thread."""
        current = self.view.pageNavigator().currentPage()
        self.printing.start(self.pdf, printer, self.document.pageCount(), current)
