"""The Graph page: layout off the GUI thread, dragging with undo, filters, highlights, search, sync."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from smarket_planner import services
from smarket_planner.analysis.graph_picture import GraphKind, GraphLink, GraphNode, GraphPicture, LinkKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.views import graph_view
from smarket_planner.ui.graph import panel as panel_module
from smarket_planner.ui.graph.palette import SELECTED
from smarket_planner.ui.graph.panel import GraphPanel
from smarket_planner.ui.graph.scene import GraphScene
from smarket_planner.ui.graph.view import DECLUTTER_MS, GraphView
from smarket_planner.ui.kit.session import PlanSession

LAYOUT_MS = 30_000


def launch_id(session: PlanSession) -> int:
    return services.find(session.plan, EntityKind.TASK_FORCE, name="Pulse 3.0 Launch")[0].id


def open_panel(session: PlanSession, qtbot: Any, kind: GraphKind = GraphKind.DELIVERABLES) -> GraphPanel:
    panel = GraphPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    panel.set_kind(kind)
    panel.show()
    with qtbot.waitSignal(panel.layout_ready, timeout=LAYOUT_MS):
        panel.show_task_force(launch_id(session))
    return panel


@pytest.fixture
def panel(demo_session: PlanSession, qtbot: Any) -> Iterator[GraphPanel]:
    shown = open_panel(demo_session, qtbot)
    yield shown
    qtbot.waitUntil(lambda: not shown.runner.busy, timeout=LAYOUT_MS)


def key_of(panel: GraphPanel, title: str) -> str:
    scene = panel.scene()
    assert scene is not None
    return next(key for key, item in scene.nodes.items() if item.node.label.startswith(title))


def drag(panel: GraphPanel, key: str, by: QPoint) -> None:
    """Press on a node, move the mouse, let go: as a person would."""
    scene = panel.scene()
    assert scene is not None
    panel.view.resetTransform()
    panel.view.centre_on_key(key)
    start = panel.view.mapFromScene(scene.nodes[key].pos())
    viewport = panel.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + by * step / 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + by)


def test_the_layout_runs_on_a_worker_thread_and_arrives_by_signal(
    demo_session: PlanSession, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = panel_module.lay_out_graph

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(panel_module, "lay_out_graph", spy)
    panel = GraphPanel(demo_session)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.layout_ready, timeout=LAYOUT_MS):
        panel.show_task_force(launch_id(demo_session))
        assert panel.progress_row.isVisibleTo(panel)  # progress shows while it runs
        assert "Select a task force" not in panel.hint.text()  # one is selected: no such advice
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert not panel.progress_row.isVisibleTo(panel)
    scene = panel.scene()
    assert scene is not None and "Sales enablement" in " ".join(n.node.label for n in scene.nodes.values())


def test_a_newer_request_supersedes_an_older_one(panel: GraphPanel, qtbot: Any) -> None:
    panel.set_kind(GraphKind.PEOPLE)
    with qtbot.waitSignal(panel.layout_ready, timeout=LAYOUT_MS):
        panel.set_kind(GraphKind.FUNCTIONS)
    assert panel.graph_layout is not None and panel.graph_layout.picture.kind is GraphKind.FUNCTIONS


def test_dragging_a_node_is_one_undo_step_and_survives_reopening(
    panel: GraphPanel, demo_session: PlanSession, qtbot: Any, tmp_path: Path
) -> None:
    scene = panel.scene()
    assert scene is not None
    key = key_of(panel, "Sales enablement")
    home = scene.nodes[key].pos()
    drag(panel, key, QPoint(80, 60))
    moved = scene.nodes[key].pos()
    assert (moved - home).manhattanLength() > 50
    stack = demo_session.undo_stack
    assert stack.count() == 1 and stack.undoText() == "Move 'Sales enablement sessions'"
    view = panel.view_name()
    assert graph_view.kept_places(demo_session.plan, view)[key].x == pytest.approx(moved.x())

    stack.undo()
    assert scene.nodes[key].pos() == home
    assert key not in graph_view.kept_places(demo_session.plan, view)
    stack.redo()
    assert scene.nodes[key].pos() == moved

    path = demo_session.plan.path
    assert path is not None
    panel.close()
    reopened = PlanSession(services.open_existing(path))  # a new session reads the file afresh
    try:
        again = open_panel(reopened, qtbot)
        scene_again = again.scene()
        assert scene_again is not None
        assert scene_again.nodes[key].pos() == moved
        qtbot.waitUntil(lambda: not again.runner.busy, timeout=LAYOUT_MS)
    finally:
        reopened.close()


def test_lay_out_again_forgets_dragged_places_and_is_undoable(
    panel: GraphPanel, demo_session: PlanSession, qtbot: Any
) -> None:
    scene = panel.scene()
    assert scene is not None
    key = key_of(panel, "Sales enablement")
    home = scene.nodes[key].pos()
    drag(panel, key, QPoint(-90, 70))
    moved = scene.nodes[key].pos()
    with qtbot.waitSignal(panel.layout_ready, timeout=LAYOUT_MS):
        panel.relayout_button.click()
    assert graph_view.kept_places(demo_session.plan, panel.view_name()) == {}
    scene = panel.scene()
    assert scene is not None and scene.nodes[key].pos() == home
    assert demo_session.undo_stack.undoText() == "Lay Out the Graph Again"
    demo_session.undo_stack.undo()
    assert scene.nodes[key].pos() == moved


def test_filter_hides_nodes_of_an_unticked_function_and_their_links(panel: GraphPanel) -> None:
    scene = panel.scene()
    assert scene is not None
    marketing = next(a for a in panel.filters.actions_of("function") if a.text() == "Marketing")
    marketing.setChecked(False)
    hidden = {key for key, item in scene.nodes.items() if not item.isVisible()}
    assert hidden == {key for key, item in scene.nodes.items() if item.node.function == "Marketing"}
    assert hidden
    assert all(not link.isVisible() for link in scene.links if link.link.source in hidden)
    assert scene.find("Launch webinar") == []  # hidden nodes are not found either
    panel.filters.show_all()
    assert all(item.isVisible() for item in scene.nodes.values())


def test_upstream_and_downstream_highlight_dims_the_rest(panel: GraphPanel) -> None:
    scene = panel.scene()
    assert scene is not None
    key = key_of(panel, "Sales enablement")
    assert panel.select_entity(*scene.node_entity(key))  # type: ignore[misc]
    panel.upstream.setChecked(True)
    upstream = {key_of(panel, t) for t in ("Competitive battlecards", "Launch pricing and packaging")}
    upstream.add(key_of(panel, "Pulse 3.0 positioning and messaging"))
    lit = set(scene.nodes) - scene.dimmed_keys()
    assert lit == {key} | upstream
    panel.upstream.setChecked(False)
    panel.downstream.setChecked(True)
    assert set(scene.nodes) - scene.dimmed_keys() == {key, key_of(panel, "First win/loss review")}
    panel.downstream.setChecked(False)
    assert scene.dimmed_keys() == set()


def test_search_selects_and_centres_the_node(panel: GraphPanel) -> None:
    scene = panel.scene()
    assert scene is not None
    panel.search.setText("onboarding")
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    assert [scene.nodes[k].node.label for k in scene.selected_keys()] == [
        "Onboarding playbook for new customers"
    ]
    assert "Onboarding playbook for new customers" in panel.labels.stringList()
    key = key_of(panel, "Onboarding playbook")
    middle = panel.view.viewport().rect().center()
    where = panel.view.mapFromScene(scene.nodes[key].pos())
    assert abs(where.x() - middle.x()) <= 2 and abs(where.y() - middle.y()) <= 2


def test_wheel_zooms_about_the_cursor_and_ctrl_0_fits(panel: GraphPanel) -> None:
    view, scene = panel.view, panel.scene()
    assert scene is not None
    key = key_of(panel, "Customer beta")
    view.fit()
    fitted = view.zoom()
    under = view.mapFromScene(scene.nodes[key].pos())
    QTest.mouseMove(view.viewport(), under)
    wheel = QWheelEvent(
        QPointF(under),
        QPointF(view.viewport().mapToGlobal(under)),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(fitted * 1.15**2, rel=1e-3)
    after = view.mapFromScene(scene.nodes[key].pos())
    assert (after - under).manhattanLength() <= 3  # the node under the cursor stays under it
    panel.activateWindow()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(fitted, rel=1e-3)
    for item in scene.nodes.values():
        box = view.mapFromScene(item.area()).boundingRect()
        assert view.viewport().rect().contains(box)


def test_z_zooms_to_the_selected_node(panel: GraphPanel) -> None:
    view, scene = panel.view, panel.scene()
    assert scene is not None
    key = key_of(panel, "Onboarding playbook")
    view.fit()
    view.zoom_by(0.3)
    assert scene.select_key(key)
    QTest.keyClick(view, Qt.Key.Key_Z)
    assert view.zoom() >= 0.99
    box = view.mapFromScene(scene.nodes[key].area()).boundingRect()
    assert view.viewport().rect().contains(box)


def test_a_big_graph_seen_from_afar_is_drawn_as_dots_and_a_click_still_selects(
    demo_session: PlanSession, qtbot: Any
) -> None:
    picture = big_picture(1500)
    view = GraphView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    scene = GraphScene(
        picture, {f"person:{n}": (float(n % 40) * 60, float(n // 40) * 60) for n in range(1500)}
    )
    view.setScene(scene)
    view.show()
    view.fit()
    assert scene.far and not scene.layer.isVisible() and scene.overview.isVisible()
    target = scene.nodes["person:123"]
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(target.pos()))
    # The click goes close enough to see the node, and selects it.
    assert not scene.far and scene.layer.isVisible() and not scene.overview.isVisible()
    assert scene.selected_keys() == ["person:123"] and target.isVisible()
    middle = view.viewport().rect().center()
    assert (view.mapFromScene(target.pos()) - middle).manhattanLength() <= 3


def big_picture(count: int) -> GraphPicture:
    """People in a grid, each tied to the next: enough items for the far-away drawing."""
    nodes = tuple(
        GraphNode(key=f"person:{n}", entity=EntityKind.PERSON, ident=n, label=f"Person {n}", colour="#2f7ed8")
        for n in range(count)
    )
    links = tuple(
        GraphLink(f"person:{n}", f"person:{n + 1}", LinkKind.COLLABORATION) for n in range(count - 1)
    )
    return GraphPicture(GraphKind.PEOPLE, "People", nodes, links)


def test_double_click_asks_to_open_the_node(panel: GraphPanel, qtbot: Any) -> None:
    scene = panel.scene()
    assert scene is not None
    key = key_of(panel, "Onboarding playbook")
    panel.view.centre_on_key(key)
    where = panel.view.mapFromScene(scene.nodes[key].pos())
    with qtbot.waitSignal(panel.open_requested) as opened:
        QTest.mouseDClick(
            panel.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where
        )
    assert opened.args == [EntityKind.DELIVERABLE, scene.nodes[key].node.ident]


def test_an_edit_elsewhere_reloads_the_graph_keeping_the_zoom(
    panel: GraphPanel, demo_session: PlanSession, qtbot: Any
) -> None:
    key = key_of(panel, "Onboarding playbook")
    panel.view.zoom_by(1.7)
    zoom = panel.view.zoom()
    ident = int(key.split(":")[1])
    with qtbot.waitSignal(panel.layout_ready, timeout=LAYOUT_MS):
        demo_session.edit(
            lambda: services.update(demo_session.plan, EntityKind.DELIVERABLE, ident, title="Playbook v2")
        )
    assert "Playbook v2" in {item.node.label for item in panel.scene().nodes.values()}  # type: ignore[union-attr]
    assert panel.view.zoom() == pytest.approx(zoom)


def test_a_crowd_zoomed_out_names_only_its_most_connected_and_no_captions_overlap(qtbot: Any) -> None:
    count = 1500
    scene = GraphScene(
        big_picture(count), {f"person:{n}": (float(n % 40) * 60, float(n // 40) * 60) for n in range(count)}
    )
    scene.declutter(0.5, force=True)
    named = [item for item in scene.nodes.values() if item.shows_caption()]
    assert 0 < len(named) <= count // 4
    rects = [item.caption_rect().translated(item.pos()) for item in named]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    scene.declutter(1.0, force=True)  # close up, any node may be named again
    assert sum(item.shows_caption() for item in scene.nodes.values()) > count // 4


@pytest.mark.parametrize("count", [3, 700])  # 700: nodes and links kept as pictures on screen
def test_the_screen_shows_a_moved_selected_node_where_it_now_stands(qtbot: Any, count: int) -> None:
    scene = GraphScene(big_picture(count), {f"person:{n}": (n * 200.0, 0.0) for n in range(count)})
    view = GraphView()
    qtbot.addWidget(view)
    view.legend_shown = False
    view.resize(700, 400)
    view.setScene(scene)
    view.show()
    qtbot.waitExposed(view)
    view.auto_fit = False
    view.resetTransform()
    view.setSceneRect(-300, -200, 1000, 400)
    view.centerOn(200, 0)
    scene.declutter(1.0, force=True)
    qtbot.wait(DECLUTTER_MS * 2)  # the view at rest

    def colour_at(x: float, y: float) -> str:
        QApplication.processEvents()
        image = view.viewport().grab().toImage()
        return image.pixelColor(view.mapFromScene(QPointF(x, y))).name()

    assert colour_at(0, 0) == "#2f7ed8"
    assert scene.node_layer.picture.is_kept() == scene.link_layer.picture.is_kept() == (count == 700)
    node = scene.nodes["person:0"]
    node.setPos(100, 0)  # a drag within the drawing
    assert colour_at(100, 0) == "#2f7ed8"  # drawn where it stands now ...
    assert colour_at(0, 0) == "#ffffff"  # ... and gone from where it was
    assert colour_at(150, 0) != "#ffffff"  # its link to the next node follows it
    node.setSelected(True)
    assert colour_at(100, -10 - 4) == SELECTED  # the selection ring, 4 points out
    node.setVisible(False)  # filtered out
    assert colour_at(100, 0) == "#ffffff"


def test_a_big_graph_is_drawn_sharp_again_when_the_wheel_rests_and_a_new_scene_stops_the_old(
    qtbot: Any,
) -> None:
    count = 700
    scene = GraphScene(big_picture(count), {f"person:{n}": (n * 200.0, 0.0) for n in range(count)})
    view = GraphView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.setScene(scene)
    view.show()
    qtbot.waitExposed(view)
    view.auto_fit = False
    view.resetTransform()
    view.centerOn(400, 0)
    scene.declutter(1.0, force=True)
    qtbot.wait(DECLUTTER_MS * 2)
    pictures = (scene.link_layer.picture, scene.node_layer.picture)
    assert all(picture.is_kept() and picture.sharp_at(1.0) for picture in pictures)
    for _ in range(3):
        view.zoom_by(1.1)
        QApplication.processEvents()
    assert not any(picture.sharp_at(view.zoom()) for picture in pictures)  # scaled while it turns
    qtbot.waitUntil(lambda: all(picture.sharp_at(view.zoom()) for picture in pictures), timeout=3000)
    view.centerOn(400, 0)  # (the wheel zooms about the mouse, wherever an earlier test left it)
    image = view.viewport().grab().toImage()
    assert image.pixelColor(view.mapFromScene(QPointF(400, 0))).name() == "#2f7ed8"

    view.zoom_by(1.1)
    QApplication.processEvents()
    scene.declutter(view.zoom())  # the wheel rests: sharp tiles to draw between frames ...
    assert not all(picture.sharp_at(view.zoom()) for picture in pictures)
    view.setScene(GraphScene(big_picture(3), {}))  # ... when the old scene goes
    scene.deleteLater()
    qtbot.wait(DECLUTTER_MS * 3)  # nothing is drawn for items that are gone (no error)
