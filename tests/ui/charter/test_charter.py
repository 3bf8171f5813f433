"""The Charter tab: a live preview, the sections and paper chosen, saving, printing, every charter at once."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from smarket_planner import services
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.reports.charter import PageSize, Section
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.charter.charter_export import print_pdf
from smarket_planner.ui.charter.charter_tab import CharterTab
from smarket_planner.ui.kit.session import PlanSession

LAUNCH = "Pulse 3.0 Launch"
WAIT_MS = 20_000
READY = QPdfDocument.Status.Ready


def _id(session: PlanSession, name: str = LAUNCH) -> int:
    return services.find(session.plan, EntityKind.TASK_FORCE, name=name)[0].id


def _pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(re.split(r":\s+", line, maxsplit=1) for line in out.splitlines() if ":" in line)


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def tab(qtbot: QtBot, demo_session: PlanSession) -> Iterator[CharterTab]:
    tab = CharterTab(demo_session)
    qtbot.addWidget(tab)
    tab.resize(1000, 700)
    tab.show()
    messages: list[str] = []
    problems: list[tuple[str, str]] = []
    tab.message.connect(messages.append)
    tab.problem.connect(lambda title, text: problems.append((title, text)))
    tab.messages, tab.problems = messages, problems  # type: ignore[attr-defined]
    yield tab
    QThreadPool.globalInstance().waitForDone(WAIT_MS)  # nothing may read the plan once it is closed


def _preview(qtbot: QtBot, tab: CharterTab, task_force_id: int) -> None:
    with qtbot.waitSignal(tab.preview_ready, timeout=WAIT_MS):
        tab.show_task_force(task_force_id)
    assert tab.document.status() == READY and tab.preview_is_current()


def test_the_preview_shows_the_launch_charter_page_by_page(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession
) -> None:
    assert tab.stack.currentWidget() is tab.empty
    assert tab.empty.text() == "Select a task force to see its charter as it will print."
    assert not tab.export_button.isEnabled() and not tab.print_button.isEnabled()
    _preview(qtbot, tab, _id(demo_session))
    assert tab.stack.currentWidget() is tab.view
    assert tab.document.pageCount() == 6
    assert tab.document.metaData(QPdfDocument.MetaDataField.Title) == f"{LAUNCH} — task force charter"
    assert tab.pages.text() == "6 pages · A4" and tab.busy.text() == ""
    assert tab.view.pageMode() is QPdfView.PageMode.MultiPage
    assert tab.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    assert tab.export_button.isEnabled() and tab.print_button.isEnabled()


def _all_text(document: QPdfDocument) -> str:
    """The text of every page of the preview, as QtPdf reads it."""
    return "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))


def test_unticking_members_typesets_the_charter_again_without_them(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession
) -> None:
    _preview(qtbot, tab, _id(demo_session))
    assert "Noor Haddad" in _all_text(tab.document)  # a member of the launch team only
    with qtbot.waitSignal(tab.preview_ready, timeout=WAIT_MS):
        tab.section_boxes[Section.MEMBERS].setChecked(False)
        assert tab.busy.text() == "Updating preview…"
        assert tab.stack.currentWidget() is tab.view  # the old preview stays up meanwhile
    assert "Noor Haddad" not in _all_text(tab.document)
    assert Section.MEMBERS not in tab.options().sections
    for box in tab.section_boxes.values():
        box.setChecked(False)
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.empty, timeout=WAIT_MS)
    assert tab.empty.text() == "Tick at least one section to see the charter."
    assert not tab.export_button.isEnabled() and not tab.print_button.isEnabled()


def test_the_ticks_stay_from_one_task_force_to_the_next(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession
) -> None:
    _preview(qtbot, tab, _id(demo_session))
    tab.section_boxes[Section.RACI].setChecked(False)
    _preview(qtbot, tab, _id(demo_session, "DACH Market Entry"))
    assert not tab.section_boxes[Section.RACI].isChecked()
    assert tab.document.metaData(QPdfDocument.MetaDataField.Title).startswith("DACH Market Entry")


def test_the_paper_size_reaches_the_pages(qtbot: QtBot, tab: CharterTab, demo_session: PlanSession) -> None:
    _preview(qtbot, tab, _id(demo_session))
    a4 = tab.document.pagePointSize(0)
    assert (round(a4.width()), round(a4.height())) == (595, 842)
    with qtbot.waitSignal(tab.preview_ready, timeout=WAIT_MS):
        tab.paper.setCurrentIndex(tab.paper.findText(PageSize.LETTER.label))
    letter = tab.document.pagePointSize(0)
    assert (round(letter.width()), round(letter.height())) == (612, 792)
    assert tab.pages.text().endswith("· US Letter")


def test_an_edit_to_the_plan_shows_in_the_preview(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession
) -> None:
    launch = _id(demo_session)
    _preview(qtbot, tab, launch)
    with qtbot.waitSignal(tab.preview_ready, timeout=WAIT_MS):
        demo_session.edit(
            lambda: services.update(demo_session.plan, EntityKind.TASK_FORCE, launch, name="Pulse 3.1 Launch")
        )
    assert tab.document.metaData(QPdfDocument.MetaDataField.Title) == "Pulse 3.1 Launch — task force charter"


def test_only_the_latest_preview_is_shown(qtbot: QtBot, tab: CharterTab, demo_session: PlanSession) -> None:
    _preview(qtbot, tab, _id(demo_session))
    shown: list[int] = []
    tab.preview_ready.connect(lambda: shown.append(tab.document.pageCount()))
    tab.render_now()
    tab.paper.setCurrentIndex(tab.paper.findText(PageSize.LETTER.label))
    tab.render_now()  # the first is outdated now: skipped, or dropped when it lands
    qtbot.waitUntil(
        lambda: bool(shown) and QThreadPool.globalInstance().activeThreadCount() == 0, timeout=WAIT_MS
    )
    assert len(shown) == 1 and round(tab.document.pagePointSize(0).width()) == 612


def test_a_charter_that_cannot_be_made_is_explained_in_the_tab(qtbot: QtBot, tab: CharterTab) -> None:
    tab.show_task_force(9999)
    qtbot.waitUntil(lambda: tab.empty.text().startswith("The charter cannot be shown."), timeout=WAIT_MS)
    assert "There is no task force number 9999" in tab.empty.text()
    assert tab.stack.currentWidget() is tab.empty and tab.problems == []  # type: ignore[attr-defined]


def test_export_writes_the_charter_where_the_user_says(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _preview(qtbot, tab, _id(demo_session))
    asked: list[Path] = []
    target = tmp_path / "out" / "launch charter.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(tab, "choose_path", lambda suggestion: asked.append(suggestion) or target)
    with qtbot.waitSignal(tab.exported, timeout=WAIT_MS) as saved:
        tab.export_pdf()
    assert asked == [demo_session.plan.path.parent / f"{LAUNCH}.pdf"]  # type: ignore[union-attr]
    assert saved.args == [target]
    assert _pdfinfo(target)["Pages"] == "6"
    assert LAUNCH in _pdftotext(target)
    assert tab.messages[-1] == f"Charter saved to {target}"  # type: ignore[attr-defined]
    assert tab.folder == target.parent  # the next export starts here


def test_a_charter_that_cannot_be_saved_is_reported(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession, tmp_path: Path
) -> None:
    _preview(qtbot, tab, _id(demo_session))
    tab.export_to(tmp_path / "no such folder" / "charter.pdf")
    qtbot.waitUntil(lambda: bool(tab.problems), timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert tab.problems[0][0] == "The charter could not be saved"  # type: ignore[attr-defined]


def _pdf_printer(path: Path, mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_sends_every_page_to_the_printer(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession, tmp_path: Path
) -> None:
    _preview(qtbot, tab, _id(demo_session))
    printed = tmp_path / "printed.pdf"
    seen: list[tuple[int, int]] = []
    sent = print_pdf(
        tab.document, _pdf_printer(printed), lambda done, total: seen.append((done, total)) or True
    )
    assert sent == 6 and seen[-1] == (6, 6)
    info = _pdfinfo(printed)
    assert info["Pages"] == "6" and "A4" in info["Page size"]


def test_printing_honours_the_page_range_and_copies(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession, tmp_path: Path
) -> None:
    _preview(qtbot, tab, _id(demo_session))
    printed = tmp_path / "two copies.pdf"
    printer = _pdf_printer(printed, QPrinter.PrinterMode.ScreenResolution)  # the order matters, not the ink
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    assert print_pdf(tab.document, printer) == 4
    assert _pdfinfo(printed)["Pages"] == "4"
    stopped = tmp_path / "stopped.pdf"
    screen = QPrinter.PrinterMode.ScreenResolution
    assert print_pdf(tab.document, _pdf_printer(stopped, screen), lambda done, total: done < 2) == 2


def _print_into(path: Path) -> Any:
    """A stand-in for the print dialog: 'print' into a PDF file."""

    def choose(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return choose


def test_print_asks_for_a_printer_then_prints_the_preview_off_the_gui_thread(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = tmp_path / "from the tab.pdf"
    monkeypatch.setattr(tab, "choose_printer", _print_into(printed))
    tab.show_task_force(_id(demo_session))
    steps: list[str] = []
    tab.printing.runner.progressed.connect(lambda *_: steps.append(tab.printing.dialog.labelText()))
    with qtbot.waitSignal(tab.printing.finished, timeout=WAIT_MS) as done:
        tab.print_charter()  # before the preview is there: it prints once it is
    assert done.args == [f"Sent 6 pages of the charter to {printed}"]
    assert steps[-1] == "Printing the charter…\nPage 6 of 6"
    assert _pdfinfo(printed)["Pages"] == "6"
    assert tab.messages[-1] == done.args[0]  # type: ignore[attr-defined]


def test_cancel_stops_printing_after_the_page_being_printed(
    qtbot: QtBot, tab: CharterTab, demo_session: PlanSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tab, "choose_printer", _print_into(tmp_path / "stopped.pdf"))
    _preview(qtbot, tab, _id(demo_session))
    with qtbot.waitSignal(tab.printing.finished, timeout=WAIT_MS) as done:
        tab.print_charter()
        assert tab.printing.dialog is not None and tab.printing.dialog.isVisible()
        tab.printing.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert done.args == ["Printing stopped after 1 page"]


def test_export_all_writes_one_charter_per_task_force(
    qtbot: QtBot, tab: CharterTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "charters"
    monkeypatch.setattr(tab, "choose_folder", lambda: folder)
    labels: list[str] = []
    tab.batch.runner.progressed.connect(lambda *_: labels.append(tab.batch.dialog.labelText()))
    tab.paper.setCurrentIndex(tab.paper.findText(PageSize.LETTER.label))
    with qtbot.waitSignal(tab.batch.finished, timeout=60_000) as done:
        tab.export_all()
        assert tab.batch.dialog is not None and tab.batch.dialog.isVisible()
    assert done.args == [f"Wrote 5 charters to {folder}"]
    assert sorted(path.name for path in folder.iterdir()) == [
        "DACH Market Entry.pdf",
        "Data Days Spring Campaign.pdf",
        "Halvorsen Logistics Pursuit.pdf",
        "Lead Qualification Reset.pdf",
        f"{LAUNCH}.pdf",
    ]
    assert all("612 x 792" in _pdfinfo(path)["Page size"] for path in folder.iterdir())
    assert labels and re.fullmatch(r"Writing charters…\n\d of 5: .+", labels[-1])
    assert tab.batch.dialog is None


def test_cancel_stops_export_all_after_the_charter_being_written(
    qtbot: QtBot, tab: CharterTab, tmp_path: Path
) -> None:
    folder = tmp_path / "charters"
    tab.batch.processes = 1  # one at a time, so exactly one is written before the cancel is heard
    with qtbot.waitSignal(tab.batch.finished, timeout=WAIT_MS) as done:
        tab.export_all_to(folder)
        assert tab.batch.dialog is not None and tab.batch.dialog.isVisible()
        tab.batch.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert tab.batch.result is not None and tab.batch.result.cancelled
    assert done.args == [f"Cancelled after 1 of 5 charters; those are in {folder}"]
    assert len(list(folder.glob("*.pdf"))) == 1


def test_alt_7_and_the_file_menu_reach_the_charter(
    qtbot: QtBot, demo_master: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "demo.smplan"
    shutil.copyfile(demo_master, plan)
    window = MainWindow(AppSettings(tmp_path / "config"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert window.open_plan(str(plan)) and window.workspace is not None
    charter = window.workspace.charter
    assert window.commands.export_charter.shortcut().toString() == "Ctrl+E"
    assert window.commands.print_charter.shortcut().toString() == "Ctrl+P"
    with qtbot.waitSignal(charter.preview_ready, timeout=WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
        assert window.current_page() is charter
    window.workspace.tabs.setCurrentIndex(0)
    target = tmp_path / "from the menu.pdf"
    monkeypatch.setattr(charter, "choose_path", lambda _suggestion: target)
    with qtbot.waitSignal(charter.exported, timeout=WAIT_MS):
        window.commands.export_charter.trigger()
    assert window.current_page() is charter  # what is saved is what the tab shows
    assert window.statusBar().currentMessage() == f"Charter saved to {target}"
    window.close()


def test_export_all_into_a_file_is_refused_with_a_reason(
    qtbot: QtBot, tab: CharterTab, tmp_path: Path
) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("not a folder")
    tab.export_all_to(taken)
    qtbot.waitUntil(lambda: bool(tab.problems), timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert tab.problems == [  # type: ignore[attr-defined]
        (
            "The charters could not be written",
            f"{taken} is a file; charters of several task forces go into a folder.",
        )
    ]
    assert tab.batch.dialog is None and taken.read_text() == "not a folder"
