"""The graph in the window (selection follows tables and findings both ways) and the graph's exports."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from smarket_planner import services
from smarket_planner.analysis.graph_picture import GraphKind
from smarket_planner.analysis.graph_placement import place_picture
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views import graph_view
from smarket_planner.ui.app.main_window import MainWindow
from smarket_planner.ui.app.settings import AppSettings
from smarket_planner.ui.graph.palette import metrics
from smarket_planner.ui.graph.render import render_picture
from smarket_planner.ui.kit.session import PlanSession

LAYOUT_MS = 30_000


@pytest.fixture
def window(tmp_path: Path, demo_master: Path, qtbot: Any) -> MainWindow:
    path = tmp_path / "demo.smplan"
    shutil.copyfile(demo_master, path)
    window = MainWindow(AppSettings(tmp_path / "config"))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_plan(str(path))
    assert window.workspace is not None and window.session is not None and window.findings is not None
    launch = services.find(window.session.plan, EntityKind.TASK_FORCE, name="Pulse 3.0 Launch")[0].id
    window.workspace.select_task_force(launch)
    qtbot.waitUntil(lambda: window.findings.model.rowCount() > 0, timeout=LAYOUT_MS)  # type: ignore[union-attr]
    with qtbot.waitSignal(window.workspace.graph.layout_ready, timeout=LAYOUT_MS):
        window.workspace.tabs.setCurrentWidget(window.workspace.graph)
    return window


def test_clicking_a_node_selects_it_in_the_deliverables_table_and_the_findings(window: MainWindow) -> None:
    assert window.workspace is not None and window.findings is not None
    graph, table = window.workspace.graph, window.workspace.deliverables
    scene = graph.scene()
    assert scene is not None
    # A deliverable the findings name (the critical path names the launch's).
    named = {
        (entity.kind, entity.id) for row in window.findings.model.records() for entity in row.finding.entities
    }
    key = next(k for k, item in scene.nodes.items() if (item.node.entity, item.node.ident) in named)
    node = scene.nodes[key].node
    scene.select_key(key)  # as a click does: the scene's selection changes
    assert window.workspace.tabs.currentWidget() is graph  # no tab switch
    line = table.current_line()
    assert line is not None and line.id == node.ident
    chosen = window.findings.view.currentIndex()
    assert chosen.isValid()
    finding = window.findings.model.record(window.findings.proxy.mapToSource(chosen).row()).finding
    assert any(e.kind is EntityKind.DELIVERABLE and e.id == node.ident for e in finding.entities)


def test_choosing_a_row_in_the_deliverables_table_selects_its_node(window: MainWindow) -> None:
    assert window.workspace is not None
    graph, table = window.workspace.graph, window.workspace.deliverables
    scene = graph.scene()
    assert scene is not None
    for row in range(table.order.rowCount()):
        table.view.selectRow(row)
        line = table.current_line()
        assert line is not None
        assert scene.selected_keys() == [f"deliverable:{line.id}"]


def test_choosing_a_finding_selects_its_node_and_keeps_the_graph_in_front(window: MainWindow) -> None:
    assert window.workspace is not None and window.findings is not None
    scene = window.workspace.graph.scene()
    assert scene is not None
    finding = next(
        row.finding
        for row in window.findings.model.records()
        if any(f"{e.kind.value}:{e.id}" in scene.nodes for e in row.finding.entities)
        and window.workspace.current_task_force() in row.finding.task_force_ids
    )
    window.findings.entity_chosen.emit(finding)
    assert window.workspace.tabs.currentWidget() is window.workspace.graph
    wanted = {f"{e.kind.value}:{e.id}" for e in finding.entities}
    assert scene.selected_keys() and set(scene.selected_keys()) <= wanted


def test_export_graph_action_writes_the_shown_graph(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.workspace is not None
    target = tmp_path / "out" / "launch.svg"
    monkeypatch.setattr(
        "smarket_planner.ui.graph.panel.choose_export_path", lambda _parent, _suggestion: (target, "svg")
    )
    assert window.commands.export_graph.isEnabled()
    window.commands.export_graph.trigger()
    assert ElementTree.parse(target).getroot().tag.endswith("svg")


@pytest.fixture
def picture_and_places(demo_session: PlanSession) -> tuple[Any, dict[str, tuple[float, float]]]:
    picture = graph_view.load_graph(demo_session.plan, GraphKind.PEOPLE, None)
    return picture, place_picture(picture)


def test_png_export_has_the_requested_size(picture_and_places: Any, tmp_path: Path) -> None:
    picture, places = picture_and_places
    path = render_picture(picture, places, tmp_path / "people.png", "png", size=QSize(900, 600))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (900, 600)
    at_dpi = QImage(str(render_picture(picture, places, tmp_path / "dpi.png", "png", dpi=72)))
    at_double = QImage(str(render_picture(picture, places, tmp_path / "dpi2.png", "png", dpi=144)))
    assert abs(at_double.width() - 2 * at_dpi.width()) <= 2
    assert at_dpi.pixelColor(2, 2).name() == "#ffffff"  # a white page


def test_svg_export_parses_as_svg(picture_and_places: Any, tmp_path: Path) -> None:
    picture, places = picture_and_places
    root = ElementTree.parse(render_picture(picture, places, tmp_path / "people.svg", "svg")).getroot()
    assert root.tag.endswith("svg")
    assert "Priya Raman" in ElementTree.tostring(root, encoding="unicode")


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_pdf_export_is_a_valid_pdf(picture_and_places: Any, tmp_path: Path) -> None:
    picture, places = picture_and_places
    path = render_picture(picture, places, tmp_path / "people.pdf", "pdf")
    assert path.read_bytes().startswith(b"%PDF")
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_unknown_picture_format_is_refused(picture_and_places: Any, tmp_path: Path) -> None:
    picture, places = picture_and_places
    with pytest.raises(DomainError):
        render_picture(picture, places, tmp_path / "people.bmp", "bmp")


def test_a_printed_box_holds_its_title_as_the_screen_does(demo_session: PlanSession, tmp_path: Path) -> None:
    """Captions are measured at the screen's resolution; a file of another one must not set them
    larger than the boxes measured for them (they ran out of their boxes at 144 dpi once)."""
    picture = graph_view.load_graph(demo_session.plan, GraphKind.DELIVERABLES, [1])
    places = place_picture(picture)
    path = render_picture(picture, places, tmp_path / "launch.pdf", "pdf")
    layout = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    body = ElementTree.fromstring(layout.split("<body>")[1].split("</body>")[0].replace("&", "&amp;"))
    page = next(element for element in body.iter() if element.tag.endswith("page"))
    width = float(page.attrib["width"])
    words = {
        word.text: float(word.attrib["xMax"]) - float(word.attrib["xMin"])
        for word in page.iter()
        if word.tag.endswith("word") and word.text
    }
    # The title of a box is set in 8 pt bold: as wide on paper, against the page, as on screen.
    drawing = QImage(str(render_picture(picture, places, tmp_path / "units.png", "png", dpi=72)))
    expected = metrics(8.0, True).horizontalAdvance("Onboarding") / drawing.width()  # 72 dpi: a pixel a unit
    assert words["Onboarding"] / width == pytest.approx(expected, rel=0.15)
