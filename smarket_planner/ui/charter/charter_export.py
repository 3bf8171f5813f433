"""Charters leave the app: typeset off the GUI thread, written to files one or all at once, or printed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressBar, QProgressDialog, QWidget

from smarket_planner.domain.errors import DomainError
from smarket_planner.services import Plan
from smarket_planner.services.reports.charter import CharterOptions, PageSize
from smarket_planner.services.reports.charter_batch import BatchResult, all_task_force_ids, export_charters
from smarket_planner.ui.kit.background import BackgroundRunner, Cancelled, Progress, Work

# (pages printed, pages in all) -> False to stop printing.
PrintProgress = Callable[[int, int], bool]
PAPER = {PageSize.A4: QPageSize.PageSizeId.A4, PageSize.LETTER: QPageSize.PageSizeId.Letter}
PRINT_DPI = 300  # finer than this only makes the print job bigger, not the text sharper
# Charter work runs one job at a time in this process: ReportLab's font registry is shared.
ONE_AT_A_TIME = threading.Lock()


# -- printing ---------------------------------------------------------------------------------
def chosen_pages(printer: QPrinter, total: int, current_page: int = 0) -> list[int]:
    """The pages (counted from 0) the print dialog asked for: all, a range, or the one shown."""
    match printer.printRange():
        case QPrinter.PrintRange.PageRange:
            first = max(printer.fromPage(), 1)
            last = min(printer.toPage() or total, total)
            return list(range(first - 1, last))
        case QPrinter.PrintRange.CurrentPage:
            return [min(max(current_page, 0), total - 1)]
        case _:
            return list(range(total))


def print_order(printer: QPrinter, pages: list[int]) -> list[int]:
    """Every sheet to send, in order: pages reversed if asked, copies made here if the printer cannot."""
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages = list(reversed(pages))
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _ in range(copies)]


def print_pdf(
    document: QPdfDocument,
    printer: QPrinter,
    progress: PrintProgress | None = None,
    *,
    current_page: int = 0,
) -> int:
    """Print a PDF's pages, each fitted to the paper, honouring the dialog's pages and copies.

    Returns the number of sheets sent; ``progress`` returning False aborts the job.
    """
    total = document.pageCount()
    if document.status() != QPdfDocument.Status.Ready or total == 0:
        raise DomainError("There is no charter to print yet; wait for the preview to appear.")
    sheets = print_order(printer, chosen_pages(printer, total, current_page))
    painter = QPainter()
    if not painter.begin(printer):
        where = printer.printerName() or printer.outputFileName() or "the printer"
        raise DomainError(f"Printing could not start on {where}.")
    printed = 0
    try:
        for page in sheets:
            if printed and not printer.newPage():
                raise DomainError("The printer stopped taking pages.")
            _paint_page(document, page, painter, printer.resolution())
            printed += 1
            if progress is not None and not progress(printed, len(sheets)):
                printer.abort()
                break
    finally:
        painter.end()
    return printed


def _paint_page(document: QPdfDocument, page: int, painter: QPainter, resolution: int) -> None:
    """One PDF page as an image at the printer's resolution (at most PRINT_DPI), centred on the paper."""
    area = QRectF(painter.viewport())
    points = document.pagePointSize(page)
    scale = min(area.width() / points.width(), area.height() / points.height())
    target = QRectF(0, 0, points.width() * scale, points.height() * scale)
    target.moveCenter(area.center())
    # Device pixels per point on paper, never more than PRINT_DPI would give.
    density = min(scale, scale * PRINT_DPI / max(resolution, 1), PRINT_DPI / 72)
    pixels = QSize(max(1, round(points.width() * density)), max(1, round(points.height() * density)))
    painter.fillRect(target, QColor("white"))
    painter.drawImage(target, document.render(page, pixels))


def charter_printer(page_size: PageSize, task_force: str) -> QPrinter:
    """A printer set up for a charter: its paper, no margins of its own, the task force as the job's name."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAPER[page_size]))
    printer.setFullPage(True)  # the charter brings its own margins
    printer.setDocName(f"{task_force} — charter")
    return printer


def ask_for_pdf_path(suggestion: Path, parent: QWidget) -> Path | None:
    """Ask where to save a PDF, starting from a suggested file; the dialog asks before replacing one."""
    dialog = QFileDialog(parent, "Export Charter", str(suggestion.parent), "PDF files (*.pdf)")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("pdf")
    dialog.selectFile(suggestion.name)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_for_printer(printer: QPrinter, pages: int, parent: QWidget) -> bool:
    """Ask for the printer, the pages and the copies; False if the user thought better of it."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Charter")
    dialog.setMinMax(1, pages)
    option = QAbstractPrintDialog.PrintDialogOption
    for wanted in (option.PrintPageRange, option.PrintCurrentPage, option.PrintCollateCopies):
        dialog.setOption(wanted, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_charter_pdf(
    pdf: bytes, printer: QPrinter, progress: PrintProgress | None = None, *, current_page: int = 0
) -> int:
    """Print a charter's PDF bytes on any thread: it opens a copy of its own, so the preview is untouched."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(pdf)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    try:
        return print_pdf(document, printer, progress, current_page=current_page)
    finally:
        document.close()


# -- long work behind a progress dialog ------------------------------------------------------
class LongWork(QObject):
    """Work off the GUI thread behind a window-modal progress dialog whose Cancel stops it."""

    finished = Signal(str)  # what was done, in a sentence for the status bar
    failed = Signal(str, str)  # a heading, and why it could not be done
    heading = ""  # the dialog's title
    doing = ""  # the dialog's first line
    step = "{done} of {total}"  # the dialog's second line, as the work goes on
    failure = ""  # the heading when the work fails

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.result: Any = None
        self.runner = BackgroundRunner(self, one_at_a_time=ONE_AT_A_TIME)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._done)
        self.runner.failed.connect(self._failed)
        self.dialog: QProgressDialog | None = None
        self.bar: QProgressBar | None = None  # the dialog's bar
        self._cancelled = False

    def run(self, work: Work, total: int) -> None:
        """Show the progress dialog and start the work on the thread pool."""
        self.result = None
        self._cancelled = False
        dialog = QProgressDialog(self.doing, "Cancel", 0, total, self.parent_widget)
        dialog.setWindowTitle(self.heading)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        # A bar of our own, moved on directly: a modal dialog's setValue runs the event loop, and
        # from inside a progress signal that would hand on later news before this one is told.
        self.bar = QProgressBar()
        self.bar.setRange(0, total)
        dialog.setBar(self.bar)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        dialog.show()
        self.dialog = dialog
        self.runner.start(work)

    def cancel(self) -> None:
        """Stop once the step under way is done."""
        self._cancelled = True
        self.runner.cancel()

    def cancelled(self) -> bool:
        """Whether Cancel was pressed."""
        return self._cancelled

    def summary(self, result: Any) -> str:
        """What the work did, in a sentence."""
        return ""

    def _progressed(self, done: int, total: int, name: str) -> None:
        if self.dialog is not None and self.bar is not None and not self._cancelled:
            self.dialog.setLabelText(f"{self.doing}\n{self.step.format(done=done, total=total, name=name)}")
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = self.bar = None

    def _done(self, result: Any) -> None:
        self._close_dialog()
        self.result = result
        self.finished.emit(self.summary(result))

    def _failed(self, message: str) -> None:
        self._close_dialog()
        self.failed.emit(self.failure, message)


class CharterPrint(LongWork):
    """Prints the previewed charter on a worker thread, page by page, with Cancel."""

    heading, doing, failure = "Print Charter", "Printing the charter…", "The charter could not be printed"
    step = "Page {done} of {total}"

    def start(self, pdf: bytes, printer: QPrinter, pages: int, current_page: int = 0) -> None:
        """Send the charter to a printer set up already (the print dialog has had its say)."""
        self.printer = printer  # kept alive while the worker paints on it
        self.run(
            lambda progress, _cancelled: print_charter_pdf(pdf, printer, progress, current_page=current_page),
            pages,
        )

    def summary(self, result: Any) -> str:
        """How many sheets went to which printer, or where printing stopped."""
        where = self.printer.outputFileName() or self.printer.printerName() or "the printer"
        if self.cancelled():
            return f"Printing stopped after {result} page{'s' if result != 1 else ''}"
        return f"Sent {result} page{'s' if result != 1 else ''} of the charter to {where}"


class CharterBatch(LongWork):
    """Writes the charters of every task force into a folder on a worker thread, with Cancel."""

    heading, doing, failure = "Export All Charters", "Writing charters…", "The charters could not be written"
    step = "{done} of {total}: {name}"
    processes: int | None = None  # worker processes; None uses every CPU

    def start(self, plan: Plan, folder: Path, options: CharterOptions) -> None:
        """Start writing; the progress dialog shows how far it got and offers Cancel."""
        ids = all_task_force_ids(plan)
        self.folder, self.total = folder, len(ids)

        def write_all(progress: Progress, _cancelled: Cancelled) -> BatchResult:
            return export_charters(plan, ids, folder, options, processes=self.processes, progress=progress)

        self.run(write_all, len(ids))

    def summary(self, result: Any) -> str:
        """What the batch wrote."""
        return batch_summary(result, self.folder, self.total)


def batch_summary(result: BatchResult, folder: Path, total: int) -> str:
    """A sentence saying what a batch wrote: all of it, up to a cancel, or which ones failed and why."""
    written = len(result.written)
    if result.cancelled:
        return f"Cancelled after {written} of {total} charters; those are in {folder}"
    if result.failed:
        reasons = "; ".join(f"{name} ({reason})" for name, reason in result.failed)
        return f"Wrote {written} of {total} charters to {folder}. Not written: {reasons}"
    noun = "charter" if written == 1 else "charters"
    return f"Wrote {written} {noun} to {folder}"
