"""Graphs of a plan and the places people dragged their nodes to: kept, undoable, per view."""

from __future__ import annotations

import itertools

import pytest

from smarket_planner import services
from smarket_planner.analysis.graph_picture import GraphKind, node_key
from smarket_planner.domain import EntityKind, NotFoundError
from smarket_planner.services.views.graph_view import (
    forget_places,
    kept_places,
    laid_out,
    load_graph,
    place_nodes,
    view_name,
)
from tests.services.helpers import Listener, Rejected, assert_undo_redo, plan_data
from tests.services.staffing import Staffed

K = EntityKind


def places_of(staffed: Staffed, view: str) -> dict[str, tuple[float, float]]:
    return {key: (place.x, place.y) for key, place in kept_places(staffed.plan, view).items()}


def deliverable(ident: int) -> str:
    return node_key(K.DELIVERABLE, ident)


def test_view_names_differ_per_kind_and_task_force(staffed: Staffed) -> None:
    owners = [None, staffed.launch, staffed.pursuit]
    names = [view_name(kind, owner) for kind, owner in itertools.product(GraphKind, owners)]

    assert len(set(names)) == len(names) == 12
    assert view_name(GraphKind.PEOPLE) == "people:portfolio"
    assert view_name(GraphKind.DELIVERABLES, staffed.launch) == f"deliverables:task-force:{staffed.launch}"


def test_place_nodes_creates_then_moves_places(staffed: Staffed) -> None:
    plan = staffed.plan
    view = view_name(GraphKind.DELIVERABLES, staffed.launch)
    lead_list, webinar = deliverable(staffed.lead_list), deliverable(staffed.webinar)
    assert kept_places(plan, view) == {}

    made = place_nodes(plan, view, {lead_list: (10.0, 20.0), webinar: (-5.5, 7.25)})
    assert made.label == "Move 2 nodes"
    first = kept_places(plan, view)
    assert {key: (p.x, p.y) for key, p in first.items()} == {lead_list: (10.0, 20.0), webinar: (-5.5, 7.25)}
    assert all(p.view == view and p.node_key == key for key, p in first.items())

    moved = place_nodes(plan, view, {webinar: (300.0, -40.0)})
    assert moved.label == "Move a node"
    second = kept_places(plan, view)
    assert (second[webinar].x, second[webinar].y) == (300.0, -40.0)
    assert second[webinar].id == first[webinar].id  # moved, not stored twice
    assert second[webinar].version > first[webinar].version
    assert second[lead_list] == first[lead_list]
    # A move to where the node already is changes nothing.
    before = plan_data(plan)
    place_nodes(plan, view, {webinar: (300.0, -40.0)})
    assert plan_data(plan) == before


def test_place_nodes_keeps_its_own_label_and_tells_subscribers(staffed: Staffed, listener: Listener) -> None:
    view = view_name(GraphKind.PEOPLE, staffed.launch)
    outcome = place_nodes(staffed.plan, view, {node_key(K.PERSON, staffed.ann): (1.0, 2.0)}, "Move 'Ann'")

    assert outcome.label == "Move 'Ann'"
    assert [notice.kind for batch in listener.batches for notice in batch] == [K.VIEW_POSITION]


def test_placing_undoes_and_redoes(staffed: Staffed) -> None:
    plan = staffed.plan
    view = view_name(GraphKind.DELIVERABLES, staffed.launch)
    lead_list, webinar = deliverable(staffed.lead_list), deliverable(staffed.webinar)

    assert_undo_redo(plan, lambda: place_nodes(plan, view, {lead_list: (1.0, 2.0), webinar: (3.0, 4.0)}))
    moved = assert_undo_redo(
        plan, lambda: place_nodes(plan, view, {webinar: (30.0, 40.0), lead_list: (0, 0)})
    )
    # Both moves undone in one step: the earlier places come back.
    services.undo(plan, moved)
    assert places_of(staffed, view) == {lead_list: (1.0, 2.0), webinar: (3.0, 4.0)}


def test_a_place_made_and_moved_in_one_step_undoes_as_one(staffed: Staffed) -> None:
    plan = staffed.plan
    view = view_name(GraphKind.PEOPLE)
    ben, cat = node_key(K.PERSON, staffed.ben), node_key(K.PERSON, staffed.cat)

    outcome = assert_undo_redo(plan, lambda: place_nodes(plan, view, {ben: (0.0, 0.0), cat: (5.0, 5.0)}))
    services.undo(plan, outcome)

    assert places_of(staffed, view) == {ben: (120.0, -40.0)}  # Ben's earlier place, Cat's gone


def test_forget_places_removes_one_view_only_and_undoes(staffed: Staffed) -> None:
    plan = staffed.plan
    launch_view = view_name(GraphKind.DELIVERABLES, staffed.launch)
    pursuit_view = view_name(GraphKind.DELIVERABLES, staffed.pursuit)
    place_nodes(
        plan, launch_view, {deliverable(staffed.lead_list): (1, 1), deliverable(staffed.webinar): (2, 2)}
    )
    place_nodes(plan, pursuit_view, {deliverable(staffed.account_plan): (3, 3)})
    kept_elsewhere = {view: places_of(staffed, view) for view in (pursuit_view, "people:portfolio")}

    outcome = assert_undo_redo(plan, lambda: forget_places(plan, launch_view))  # type: ignore[arg-type,return-value]

    assert outcome.label == "Lay Out the Graph Again"
    assert kept_places(plan, launch_view) == {}
    assert {view: places_of(staffed, view) for view in kept_elsewhere} == kept_elsewhere
    services.undo(plan, outcome)
    assert set(kept_places(plan, launch_view)) == {
        deliverable(staffed.lead_list),
        deliverable(staffed.webinar),
    }


def test_forgetting_a_view_with_no_places_is_no_edit(staffed: Staffed, listener: Listener) -> None:
    before = plan_data(staffed.plan)

    assert forget_places(staffed.plan, view_name(GraphKind.FUNCTIONS, staffed.pursuit)) is None
    assert plan_data(staffed.plan) == before
    assert listener.batches == []


def test_places_survive_closing_and_reopening(staffed: Staffed) -> None:
    plan = staffed.plan
    view = view_name(GraphKind.FUNCTIONS)
    keys = {node_key(K.FUNCTION, f): (float(f) * 10.5, -3.0) for f in (staffed.sales, staffed.product)}
    place_nodes(plan, view, keys)
    plan.close()

    with services.open_existing(plan.location) as again:
        kept = {key: (place.x, place.y) for key, place in kept_places(again, view).items()}
        assert kept == keys
        _, places = laid_out(again, GraphKind.FUNCTIONS)
        assert {key: places[key] for key in keys} == keys


def test_laid_out_uses_kept_places_for_one_task_force(staffed: Staffed) -> None:
    plan = staffed.plan
    webinar = deliverable(staffed.webinar)
    picture, fresh = laid_out(plan, GraphKind.DELIVERABLES, [staffed.launch])
    assert set(fresh) == {node.key for node in picture.nodes}
    assert webinar in fresh and fresh[webinar] != (999.0, 888.0)

    place_nodes(plan, view_name(GraphKind.DELIVERABLES, staffed.launch), {webinar: (999.0, 888.0)})
    # Another graph's place for the same node does not count here.
    place_nodes(plan, view_name(GraphKind.DELIVERABLES), {deliverable(staffed.lead_list): (-1.0, -1.0)})
    picture, places = laid_out(plan, GraphKind.DELIVERABLES, [staffed.launch])

    assert places[webinar] == (999.0, 888.0)
    assert places[deliverable(staffed.lead_list)] == fresh[deliverable(staffed.lead_list)]
    assert set(places) == {node.key for node in picture.nodes}
    # Several task forces together are laid out afresh.
    _, together = laid_out(plan, GraphKind.DELIVERABLES, [staffed.launch, staffed.pursuit])
    assert together[webinar] != (999.0, 888.0)
    # The same team named twice is still one team: its places count.
    _, twice = laid_out(plan, GraphKind.DELIVERABLES, [staffed.launch, staffed.launch])
    assert twice[webinar] == (999.0, 888.0)


def test_laid_out_uses_kept_places_for_the_portfolio(staffed: Staffed) -> None:
    picture, places = laid_out(staffed.plan, GraphKind.PEOPLE)
    ben = node_key(K.PERSON, staffed.ben)

    assert ben in {node.key for node in picture.nodes}
    assert places[ben] == (120.0, -40.0)  # where the staffed plan keeps Ben
    _, for_launch = laid_out(staffed.plan, GraphKind.PEOPLE, [staffed.launch])
    assert for_launch[ben] != (120.0, -40.0)


def test_a_kept_place_of_a_node_no_longer_shown_is_ignored(staffed: Staffed) -> None:
    plan = staffed.plan
    view = view_name(GraphKind.DELIVERABLES, staffed.launch)
    place_nodes(plan, view, {"deliverable:9999": (5.0, 5.0)})

    picture, places = laid_out(plan, GraphKind.DELIVERABLES, [staffed.launch])

    assert "deliverable:9999" not in places
    assert set(places) == {node.key for node in picture.nodes}


def test_load_graph_names_the_graph_and_marks_the_analysis(staffed: Staffed) -> None:
    plan = staffed.plan
    whole = load_graph(plan, GraphKind.PEOPLE)
    launch = load_graph(plan, GraphKind.DELIVERABLES, [staffed.launch])

    assert whole.title == f"People — {plan.title}"
    assert launch.title == "Deliverables — Launch"
    assert {node.ident for node in launch.nodes if not node.external} == {staffed.lead_list, staffed.webinar}
    assert {node.ident for node in launch.nodes if node.external} == {staffed.account_plan}
    assert load_graph(plan, GraphKind.TASK_FORCES, [staffed.launch, staffed.pursuit]).title.endswith(
        plan.title
    )
    # A loop of blocking work is marked.
    services.add_dependency(plan, staffed.webinar, staffed.lead_list, kind="blocking")
    looped = load_graph(plan, GraphKind.DELIVERABLES, [staffed.launch])
    assert {node.ident for node in looped.nodes if node.in_cycle} == {staffed.lead_list, staffed.webinar}


def test_undoing_a_move_whose_place_was_forgotten_is_refused(staffed: Staffed, rejected: Rejected) -> None:
    plan = staffed.plan
    view = view_name(GraphKind.DELIVERABLES, staffed.launch)
    webinar = deliverable(staffed.webinar)
    made = place_nodes(plan, view, {webinar: (1.0, 1.0)})
    moved = place_nodes(plan, view, {webinar: (2.0, 2.0)})
    forget_places(plan, view)  # the row the move changed has moved on: it is gone

    rejected(plan, NotFoundError, lambda: services.undo(plan, moved))
    # Undoing the place's creation finds nothing left to remove either.
    with pytest.raises(NotFoundError):
        services.undo(plan, made)
    assert kept_places(plan, view) == {}


def test_a_refused_place_leaves_no_part_behind(staffed: Staffed, rejected: Rejected) -> None:
    from smarket_planner.domain import ValidationError

    plan = staffed.plan
    view = view_name(GraphKind.PEOPLE, staffed.launch)
    good, bad = node_key(K.PERSON, staffed.ann), node_key(K.PERSON, staffed.ben)

    rejected(plan, ValidationError, lambda: place_nodes(plan, view, {good: (1.0, 1.0), bad: ("far", 2.0)}))  # type: ignore[dict-item]
    assert kept_places(plan, view) == {}
