"""The Help menu: a guide that holds together, shortcuts read from the window, and an honest About."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from smarket_planner import __version__
from smarket_planner.analysis import kpi_status
from smarket_planner.analysis.model import AMBER_FROM, GREEN_FROM, error_ceiling
from smarket_planner.resources import resource
from smarket_planner.ui.app.about import SHIPPED, AboutDialog
from smarket_planner.ui.app.help import UserGuide, guide_folder
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import data_dir
from smarket_planner.ui.app.shortcuts import ShortcutsDialog, keys_of, plain_text

WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
SECTIONS = [
    "Forming a task force",
    "Staffing",
    "Shared KPIs",
    "Who does what (RACI)",
    "Reading the findings",
    "Printing the charter",
    "Reviewing a task force",
    "Sharing a plan with the whole company",
]
PAGES = sorted(guide_folder().glob("*.html"))


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


# -- the guide ----------------------------------------------------------------------------------
def test_the_help_menu_offers_the_guide_on_f1_the_shortcuts_and_about(window: MainWindow) -> None:
    help_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Help")
    assert isinstance(help_menu, QMenu)
    entries = [action.text() if not action.isSeparator() else "—" for action in help_menu.actions()]
    assert entries == ["&User Guide", "&Keyboard Shortcuts", "—", "&About smarket_planner"]
    assert window.commands.help.guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert not hasattr(window, "about")  # About lives with the Help menu now


def test_the_guide_opens_beside_the_window_on_its_contents(window: MainWindow) -> None:
    window.commands.help.guide.trigger()
    guide = next(child for child in window.findChildren(UserGuide) if child.isVisible())
    assert not guide.isModal()
    assert guide.page() == "index.html"
    titles = [guide.contents.item(row).text() for row in range(guide.contents.count())]
    assert titles == ["Start", *SECTIONS]
    assert window.commands.help.show_guide() is guide  # opened again, the same window comes up


def test_contents_links_back_and_forward_move_through_the_guide(window: MainWindow) -> None:
    guide = window.commands.help.show_guide()
    guide.contents.itemClicked.emit(guide.contents.item(3))
    assert guide.page() == "kpis.html"
    guide.browser.setSource(guide.browser.source().resolved(QUrl("raci.html")))  # as a link clicked does
    assert guide.page() == "raci.html" and guide.contents.currentItem().text() == "Who does what (RACI)"
    assert guide.back.isEnabled() and not guide.forward.isEnabled()
    guide.back.click()
    assert guide.page() == "kpis.html" and guide.forward.isEnabled()
    guide.forward.click()
    assert guide.page() == "raci.html"
    guide.home.click()
    assert guide.page() == "index.html" and guide.contents.currentRow() == 0


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_picture_of_the_guide_is_shipped_and_loads(page: Path) -> None:
    pictures = re.findall(r'<img src="([^"]+)"', _text(page))
    for picture in pictures:
        image = QImage(str(page.parent / picture))
        assert not image.isNull(), f"{page.name}: {picture} is missing or unreadable"
        assert image.width() >= 600  # the app's own screenshots, scaled down by the page
    widths = [int(width) for width in re.findall(r'<img [^>]*width="(\d+)"', _text(page))]
    assert len(widths) == len(pictures) and all(width <= 660 for width in widths)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_in_the_guide_leads_somewhere(page: Path) -> None:
    for link in re.findall(r'href="([^"]+)"', _text(page)):
        target, _, anchor = link.partition("#")
        assert target and not target.startswith(("http", "/")), f"{page.name}: {link} leaves the guide"
        assert (page.parent / target).is_file(), f"{page.name}: {link} leads nowhere"
        if anchor:
            assert re.search(f'(name|id)="{re.escape(anchor)}"', _text(page.parent / target)), link


def test_every_page_of_the_guide_can_be_reached_from_its_contents() -> None:
    index = _text(guide_folder() / "index.html")
    reachable = set(re.findall(r'href="([^"#]+)"', index)) | {"index.html"}
    assert reachable == {page.name for page in PAGES}
    assert all(section in index for section in SECTIONS)


def test_the_guide_states_the_rules_the_app_applies() -> None:
    kpis = _text(guide_folder() / "kpis.html")
    assert f"{kpi_status.ON_TRACK_SHARE:.0%}" in kpis and f"{kpi_status.AT_RISK_SHARE:.0%}" in kpis
    assert f"confidence is {kpi_status.LOW_CONFIDENCE} or lower" in kpis
    assert f"{kpi_status.STALE_DAYS} days" in kpis
    for field in ("Baseline", "Target", "Owned by", "Accountable", "Weight", "Incentive", "Record check-in"):
        assert f"<b>{field}" in kpis
    findings = _text(guide_folder() / "findings.html")
    assert (
        f"{GREEN_FROM:.0f} and over" in findings and f"{AMBER_FROM:.0f} to under {GREEN_FROM:.0f}" in findings
    )
    # One open error keeps a team out of the green; three make it red.
    assert error_ceiling(1) < GREEN_FROM and error_ceiling(3) < AMBER_FROM
    assert "one error" in findings and "three or more make it red" in findings
    raci = _text(guide_folder() / "raci.html")
    assert "Exactly one accountable" in raci and "At least one doer" in raci


def test_the_guide_is_shipped_with_the_program() -> None:
    assert guide_folder() == resource("guide")
    assert (guide_folder().parent / "fonts").is_dir()  # one folder of resources for everything


# -- keyboard shortcuts -------------------------------------------------------------------------
def _listed(dialog: ShortcutsDialog) -> set[tuple[str, str, str]]:
    """(group, command, keys) as the dialog's table shows them."""
    rows = set()
    for index in range(dialog.table.topLevelItemCount()):
        group = dialog.table.topLevelItem(index)
        for row in range(group.childCount()):
            item = group.child(row)
            rows.add((group.text(0), item.text(0), item.text(1)))
    return rows


def _keyed(window: MainWindow) -> list[QAction]:
    return [action for action in window.findChildren(QAction) if keys_of(action)]


def test_the_shortcuts_list_every_command_of_the_window_with_its_key(
    window: MainWindow, demo_path: Path
) -> None:
    assert window.open_plan(str(demo_path))
    dialog = window.commands.help.show_shortcuts()
    listed = {(command, keys) for _group, command, keys in _listed(dialog)}
    keyed = _keyed(window)
    assert len(keyed) > 30
    for action in keyed:
        for key in keys_of(action):
            assert any(
                command == plain_text(action.text()) and key in keys.split(", ") for command, keys in listed
            ), f"{action.text()} ({key}) is not listed"
    groups = [dialog.table.topLevelItem(i).text(0) for i in range(dialog.table.topLevelItemCount())]
    assert groups[:5] == ["File", "Edit", "Task Force", "View", "View ▸ Go to Tab"]
    assert {"Goals & KPIs tab", "Roster panel", "Portfolio ▸ Graph tab"} <= set(groups)
    assert ("View ▸ Go to Tab", "Goals & KPIs", "Alt+3") in _listed(dialog)
    assert (
        "Help",
        "User Guide",
        QKeySequence(QKeySequence.StandardKey.HelpContents).toString(QKeySequence.SequenceFormat.NativeText),
    ) in _listed(dialog)
    assert not any(command == "(unnamed)" for _group, command, _keys in _listed(dialog))


def test_a_command_given_a_key_shows_up_in_the_list_unasked(window: MainWindow, demo_path: Path) -> None:
    assert window.open_plan(str(demo_path))
    dialog = window.commands.help.show_shortcuts()
    dialog.close()
    zoom = QAction("Zoom &Way In", window)
    zoom.setShortcut(QKeySequence("Ctrl+Alt+W"))
    window.commands.view_menu.addAction(zoom)
    assert window.workspace is not None
    tab = window.workspace.tabs.widget(2)
    nudge = QAction("Nudge", tab)
    nudge.setShortcut(QKeySequence("Ctrl+Alt+J"))
    tab.addAction(nudge)
    window.commands.help.show_shortcuts()
    assert ("View", "Zoom Way In", "Ctrl+Alt+W") in _listed(dialog)
    assert ("Goals & KPIs tab", "Nudge", "Ctrl+Alt+J") in _listed(dialog)
    window.close_plan()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the plan's tabs are gone
    dialog.refresh()
    assert not any(where.endswith("tab") for where, _command, _keys in _listed(dialog))


def _reach(thing: QAction | QShortcut, window: MainWindow) -> list[tuple[QWidget, bool]]:
    """Where a key works: (widget, with its children), after Qt's rules for the shortcut's context."""
    context = thing.shortcutContext() if isinstance(thing, QAction) else thing.context()
    if isinstance(thing, QShortcut):
        widgets = [thing.parent()]
    else:
        widgets = [obj for obj in thing.associatedObjects() if isinstance(obj, QWidget)]
    if context in WIDE or any(isinstance(widget, QMenu) for widget in widgets):
        return [(window, True)]
    return [(widget, context is Qt.ShortcutContext.WidgetWithChildrenShortcut) for widget in widgets]


def _overlap(a: list[tuple[QWidget, bool]], b: list[tuple[QWidget, bool]]) -> bool:
    """Whether some focus would wake both: the same widget, or one inside the other's reach."""
    return any(
        one is other or (deep and one.isAncestorOf(other)) or (other_deep and other.isAncestorOf(one))
        for one, deep in a
        for other, other_deep in b
    )


def _clashes(window: MainWindow) -> list[str]:
    things: list[QAction | QShortcut] = [*_keyed(window), *window.findChildren(QShortcut)]
    found = []
    for i, first in enumerate(things):
        for second in things[i + 1 :]:
            shared = set(keys_of(first)) & set(keys_of(second))
            if shared and _overlap(_reach(first, window), _reach(second, window)):
                found.append(
                    f"{first.text() if isinstance(first, QAction) else first.whatsThis()} and "
                    f"{second.text() if isinstance(second, QAction) else second.whatsThis()}: {shared}"
                )
    return found


def test_no_two_commands_answer_the_same_key_in_the_same_place(window: MainWindow, demo_path: Path) -> None:
    assert _clashes(window) == []
    assert window.open_plan(str(demo_path))
    assert _clashes(window) == []


def test_a_key_taken_twice_in_one_place_is_caught(window: MainWindow, demo_path: Path) -> None:
    assert window.open_plan(str(demo_path))
    assert window.workspace is not None
    tab = window.workspace.tabs.widget(2)
    again = QAction("Check in again", tab)
    again.setShortcut(QKeySequence("Ctrl+K"))  # Record check-in's key on the same tab
    tab.addAction(again)
    elsewhere = QAction("Copy link", window.workspace.tabs.widget(0))
    elsewhere.setShortcut(QKeySequence("Ctrl+Shift+G"))  # Add goal's, but on another tab: no clash
    elsewhere.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.workspace.tabs.widget(0).addAction(elsewhere)
    clashes = _clashes(window)
    assert len(clashes) == 1 and "Check in again" in clashes[0]


# -- about ----------------------------------------------------------------------------------------
def _about_text(dialog: AboutDialog) -> str:
    items = [dialog.shipped.item(row).text() for row in range(dialog.shipped.count())]
    return "\n".join([*(label.text() for label in dialog.findChildren(type(dialog.folders))), *items])


def test_about_names_the_version_the_licences_and_where_files_are(
    window: MainWindow, demo_path: Path
) -> None:
    assert window.open_plan(str(demo_path))
    window.commands.help.about.trigger()
    dialog = next(child for child in window.findChildren(AboutDialog) if child.isVisible())
    text = _about_text(dialog)
    assert f"smarket_planner {__version__}" in text
    for name in ("DejaVu Sans", "WenQuanYi Micro Hei", "Symbola", "icon"):
        assert name in text
    for licence in ("Bitstream Vera", "Apache License 2.0", "Free for any use", "MIT"):
        assert licence in text
    plain = unescape(re.sub(r"<[^>]+>", "", text))
    assert str(window.settings.path.parent) in plain  # settings
    assert str(data_dir()) in plain  # the demo plan and the program's own files
    assert str(demo_path.parent) in plain and "backup" in plain  # backups beside the plan


def test_every_shipped_font_and_licence_file_is_in_about(window: MainWindow) -> None:
    dialog = window.commands.help.show_about()
    named = {file for item in SHIPPED for file in item.files}
    fonts = resource("fonts")
    shipped = {f"fonts/{font.name}" for font in fonts.iterdir() if font.suffix in (".ttf", ".ttc", ".otf")}
    assert shipped and shipped <= named, "a font is shipped without its licence in About"
    texts = {text for item in SHIPPED for text in item.texts}
    assert {f"fonts/{licence.name}" for licence in fonts.glob("LICENSE-*")} <= texts
    assert "icons/LICENSE.md" in texts
    for row, item in enumerate(SHIPPED):
        dialog.shipped.setCurrentRow(row)
        shown = dialog.licence_text.toPlainText()
        for licence in item.texts:
            assert resource(*licence.split("/")).read_text(encoding="utf-8").strip() in shown
