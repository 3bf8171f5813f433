"""Every edit undoes to the exact prior state and redoes to the exact same result, ids and all."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind, NotFoundError
from smarket_planner.services import Outcome
from tests.services.helpers import assert_undo_redo, plan_data
from tests.services.staffing import Staffed, changes, existing, new_values

K = EntityKind


@pytest.mark.parametrize("kind", list(EntityKind))
def test_create(staffed: Staffed, kind: EntityKind) -> None:
    plan = staffed.plan
    outcome = assert_undo_redo(plan, lambda: services.create(plan, kind, **new_values(staffed, kind)))
    # The redone thing has its old id, so an edit that names it still works.
    ident = outcome.value.id
    assert services.get(plan, kind, ident) == outcome.value
    field, value = next(iter(changes(staffed, kind).items()))
    assert services.update(plan, kind, ident, **{field: value}).value.id == ident


@pytest.mark.parametrize("kind", list(EntityKind))
def test_update(staffed: Staffed, kind: EntityKind) -> None:
    plan = staffed.plan
    ident = existing(staffed, kind)
    original = services.get(plan, kind, ident)
    outcome = assert_undo_redo(plan, lambda: services.update(plan, kind, ident, **changes(staffed, kind)))
    redone = services.get(plan, kind, ident)
    assert redone.id == original.id
    assert redone.version > outcome.value.version  # undo and redo are edits too: a newer version
    services.undo(plan, outcome)  # the first outcome still undoes the redone edit
    restored = services.get(plan, kind, ident)
    assert restored == dataclasses.replace(original, version=restored.version)


DELETABLE = [kind for kind in EntityKind if kind is not K.FUNCTION]


def _deletable(s: Staffed, kind: EntityKind) -> int:
    """A thing that may be removed: for a person, Fay, who is only a member."""
    special = {K.PERSON: s.fay, K.TASK_FORCE: s.launch, K.DELIVERABLE: s.lead_list}
    return special.get(kind) or existing(s, kind)


@pytest.mark.parametrize("kind", DELETABLE)
def test_delete(staffed: Staffed, kind: EntityKind) -> None:
    plan = staffed.plan
    ident = _deletable(staffed, kind)
    outcome = assert_undo_redo(plan, lambda: services.delete(plan, kind, ident))
    with pytest.raises(NotFoundError):
        services.get(plan, kind, ident)
    services.undo(plan, outcome)  # the first outcome still undoes the redone removal
    assert services.get(plan, kind, ident).id == ident


def test_delete_task_force_with_all_its_parts_and_a_cross_task_force_dependency(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = assert_undo_redo(plan, lambda: services.delete(plan, K.TASK_FORCE, staffed.launch))
    assert outcome.label == "Remove task force 'Launch'"
    assert {m.task_force_id for m in services.find(plan, K.MEMBERSHIP)} == {staffed.pursuit}
    assert services.find(plan, K.DEPENDENCY) == []  # the hand-off to Pursuit went with the lead list
    assert [d.id for d in services.find(plan, K.DELIVERABLE)] == [staffed.account_plan]
    services.undo(plan, outcome)
    dependency = services.get(plan, K.DEPENDENCY, staffed.leads_to_account_plan)
    assert (dependency.upstream_id, dependency.downstream_id) == (staffed.lead_list, staffed.account_plan)


def test_delete_function_that_only_has_link_rows(staffed: Staffed) -> None:
    plan = staffed.plan
    finance = services.create(plan, K.FUNCTION, name="Finance", colour="#9467bd").value.id
    services.update(plan, K.GOAL, staffed.launch_goal, owner_function_ids=[staffed.sales, finance])
    services.update(plan, K.KPI, staffed.revenue_kpi, owner_function_ids=[staffed.sales, finance])
    services.set_raci(plan, staffed.lead_management, "C", function_id=finance)

    outcome = assert_undo_redo(plan, lambda: services.delete(plan, K.FUNCTION, finance))

    assert services.get(plan, K.GOAL, staffed.launch_goal).owner_function_ids == (staffed.sales,)
    services.undo(plan, outcome)
    assert services.get(plan, K.GOAL, staffed.launch_goal).owner_function_ids == (staffed.sales, finance)
    assert services.get(plan, K.KPI, staffed.revenue_kpi).owner_function_ids == (staffed.sales, finance)


def test_delete_goal_with_kpis_and_check_ins(staffed: Staffed) -> None:
    plan = staffed.plan
    assert_undo_redo(plan, lambda: services.delete(plan, K.GOAL, staffed.launch_goal))
    assert services.find(plan, K.KPI, goal_id=staffed.launch_goal) == []
    assert services.find(plan, K.CHECK_IN, kpi_id=staffed.leads_kpi) == []


def test_delete_person_who_is_only_a_member(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = assert_undo_redo(plan, lambda: services.delete(plan, K.PERSON, staffed.fay))
    removed = {(n.kind, n.action): n.ids for n in outcome.notices}
    assert set(removed[(K.MEMBERSHIP, services.ChangeAction.DELETED)]) == {
        staffed.fay_on_launch,
        staffed.fay_on_pursuit,
    }
    assert set(removed[(K.RACI, services.ChangeAction.DELETED)]) == {
        staffed.fay_consulted,
        staffed.fay_responsible,
    }
    assert removed[(K.DECISION, services.ChangeAction.UPDATED)] == (staffed.decision,)
    assert services.find(plan, K.MEMBERSHIP, person_id=staffed.fay) == []
    assert services.find(plan, K.RACI, person_id=staffed.fay) == []
    assert services.get(plan, K.DECISION, staffed.decision).committed_person_ids == (staffed.ben,)

    services.undo(plan, outcome)
    assert {m.id for m in services.find(plan, K.MEMBERSHIP, person_id=staffed.fay)} == {
        staffed.fay_on_launch,
        staffed.fay_on_pursuit,
    }
    assert {c.id for c in services.find(plan, K.RACI, person_id=staffed.fay)} == {
        staffed.fay_consulted,
        staffed.fay_responsible,
    }
    assert services.get(plan, K.DECISION, staffed.decision).committed_person_ids == (staffed.ben, staffed.fay)


def test_add_member(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = assert_undo_redo(
        plan,
        lambda: services.add_member(plan, staffed.pursuit, staffed.ann, role="advisor", allocation_pct=5),
    )
    services.update(plan, K.MEMBERSHIP, outcome.value.id, allocation_pct=10)


@pytest.mark.parametrize(
    "act",
    [
        lambda s: services.move_to(s.plan, s.pursuit, "active"),
        lambda s: services.move_to(s.plan, s.pursuit, "archived"),
        lambda s: services.advance(s.plan, s.launch),
        lambda s: services.disperse(s.plan, s.pursuit),
    ],
    ids=["move_to", "move_to_skipping", "advance", "disperse"],
)
def test_lifecycle(staffed: Staffed, act: Callable[[Staffed], Outcome[Any]]) -> None:
    assert_undo_redo(staffed.plan, lambda: act(staffed))


def test_undo_of_a_lifecycle_move_allows_the_move_again(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = services.disperse(plan, staffed.launch)
    services.undo(plan, outcome)
    assert services.get(plan, K.TASK_FORCE, staffed.launch).status == "active"
    assert services.advance(plan, staffed.launch).value.status == "dispersed"


def test_reform(staffed: Staffed) -> None:
    plan = staffed.plan
    services.disperse(plan, staffed.launch)
    outcome = assert_undo_redo(
        plan, lambda: services.reform(plan, staffed.launch, name="Launch II", start_date=date(2026, 7, 1))
    )
    services.update(plan, K.TASK_FORCE, outcome.value.id, objective="Second wave")


def test_record_check_in(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = assert_undo_redo(
        plan,
        lambda: services.record_check_in(
            plan, staffed.leads_kpi, "2026-04-01", 70, confidence=8, note="Good"
        ),
    )
    services.update(plan, K.CHECK_IN, outcome.value.id, value=71)


@pytest.mark.parametrize(
    ("letter", "holder"),
    [
        ("R", {"person_id": "eve"}),  # a new cell for a person
        ("I", {"function_id": "product"}),  # a new cell for a function
        ("R", {"person_id": "cat"}),  # I becomes R
        ("C", {"function_id": "sales"}),  # A becomes C
        (None, {"person_id": "fay"}),  # clear
        (None, {"function_id": "marketing"}),  # clear
    ],
)
def test_set_raci(staffed: Staffed, letter: str | None, holder: dict[str, str]) -> None:
    plan = staffed.plan
    ids = {field: getattr(staffed, name) for field, name in holder.items()}
    assert_undo_redo(plan, lambda: services.set_raci(plan, staffed.lead_management, letter, **ids))


def test_add_and_remove_dependency(staffed: Staffed) -> None:
    plan = staffed.plan
    added = assert_undo_redo(
        plan, lambda: services.add_dependency(plan, staffed.webinar, staffed.account_plan)
    )
    services.update(plan, K.DEPENDENCY, added.value.id, kind="hand_off")
    assert_undo_redo(plan, lambda: services.remove_dependency(plan, staffed.leads_to_account_plan))
    assert_undo_redo(plan, lambda: services.remove_dependency(plan, added.value.id))


def test_a_run_of_edits_undoes_back_to_the_start_and_redoes_to_the_end(staffed: Staffed) -> None:
    plan = staffed.plan
    s = staffed
    actions = [
        lambda: services.create(plan, K.PERSON, name="Gus Green", function_id=s.sales),
        lambda: services.add_member(plan, s.pursuit, s.cat),
        lambda: services.update(plan, K.TASK_FORCE, s.pursuit, objective="Win Acme"),
        lambda: services.record_check_in(plan, s.pursuit_kpi, "2026-03-01", 1),
        lambda: services.set_raci(plan, s.win_loss, "C", function_id=s.product),
        lambda: services.delete(plan, K.DELIVERABLE, s.lead_list),
        lambda: services.disperse(plan, s.launch),
        lambda: services.reform(plan, s.launch, name="Launch II"),
        lambda: services.delete(plan, K.PERSON, s.fay),
        lambda: services.delete(plan, K.TASK_FORCE, s.launch),
    ]
    states = [plan_data(plan)]
    done: list[Outcome[object]] = []
    for act in actions:
        done.append(act())
        states.append(plan_data(plan))

    for _ in range(2):
        undone = []
        for index in reversed(range(len(done))):
            undone.append(services.undo(plan, done[index]))
            assert plan_data(plan) == states[index]
        done = []
        for index, outcome in enumerate(reversed(undone)):
            done.append(services.undo(plan, outcome))
            assert plan_data(plan) == states[index + 1]


LABELLED: list[tuple[str, Callable[[Staffed], Outcome[Any]]]] = [
    (
        "Add person 'Gus Green'",
        lambda s: services.create(s.plan, K.PERSON, name="Gus Green", function_id=s.sales),
    ),
    ("Edit person", lambda s: services.update(s.plan, K.PERSON, s.eve, title="Director")),
    ("Remove person 'Fay Fox'", lambda s: services.delete(s.plan, K.PERSON, s.fay)),
    ("Add team member", lambda s: services.add_member(s.plan, s.pursuit, s.cat)),
    ("Mark task force active", lambda s: services.move_to(s.plan, s.pursuit, "active")),
    ("Mark task force dispersed", lambda s: services.advance(s.plan, s.launch)),
    ("Mark task force dispersed", lambda s: services.disperse(s.plan, s.pursuit)),
    ("Record check-in", lambda s: services.record_check_in(s.plan, s.pursuit_kpi, "2026-03-01", 1)),
    ("Set RACI letter C", lambda s: services.set_raci(s.plan, s.win_loss, "C", person_id=s.eve)),
    ("Clear RACI letter", lambda s: services.set_raci(s.plan, s.win_loss, None, person_id=s.fay)),
    ("Add dependency", lambda s: services.add_dependency(s.plan, s.webinar, s.account_plan)),
    ("Remove dependency", lambda s: services.remove_dependency(s.plan, s.leads_to_webinar)),
]


@pytest.mark.parametrize(("label", "act"), LABELLED, ids=[label for label, _ in LABELLED])
def test_undo_and_redo_keep_the_label_of_the_edit(
    staffed: Staffed, label: str, act: Callable[[Staffed], Outcome[Any]]
) -> None:
    outcome = act(staffed)
    undone = services.undo(staffed.plan, outcome)
    redone = services.undo(staffed.plan, undone)
    assert [outcome.label, undone.label, redone.label] == [label] * 3
