"""Adding, changing, removing and looking up every kind of thing, through real plan files."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from smarket_planner import services
from smarket_planner.domain import EntityKind, NotFoundError, Record
from smarket_planner.services import Plan
from tests.services.helpers import assert_label, plan_data
from tests.services.staffing import Staffed, changes, existing, new_values

K = EntityKind
RECORDS = "smarket_planner.domain.records"


def assert_plain_record(record: object, kind: EntityKind) -> None:
    """A plain, frozen record of the domain, not a live database object."""
    assert type(record).__module__ == RECORDS
    assert type(record).__name__ != "Row"
    assert dataclasses.is_dataclass(record)
    assert type(record).__dataclass_params__.frozen  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.id = 999  # type: ignore[attr-defined]
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        assert type(value).__module__ in ("builtins", "datetime", "smarket_planner.domain.enums"), (
            f"{kind.value}.{field.name} is a {type(value)!r}"
        )


def stored_value(value: Any) -> Any:
    """What a value given to the services reads back as: dates from text, id lists in id order."""
    if isinstance(value, list):
        return tuple(sorted(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return date.fromisoformat(value)
    if isinstance(value, str) and value.startswith("#"):
        return value.lower()
    return value


@pytest.mark.parametrize("kind", list(EntityKind))
def test_create_get_find_update_delete(staffed: Staffed, kind: EntityKind) -> None:
    plan = staffed.plan
    values = new_values(staffed, kind)

    made = services.create(plan, kind, **values)
    assert_label(made)
    record = made.value
    assert_plain_record(record, kind)
    assert record.version == 1
    for name, value in values.items():
        assert getattr(record, name) == stored_value(value), name

    fetched = services.get(plan, kind, record.id)
    assert_plain_record(fetched, kind)
    assert fetched == record
    found = services.find(plan, kind, id=record.id)
    assert found == [record]
    assert all(type(item).__module__ == RECORDS for item in services.find(plan, kind))

    field, value = next(iter(changes(staffed, kind).items()))
    changed = services.update(plan, kind, record.id, **{field: value})
    assert_label(changed)
    assert_plain_record(changed.value, kind)
    assert getattr(changed.value, field) == stored_value(value)
    assert changed.value.version == 2
    assert services.get(plan, kind, record.id) == changed.value

    removed = services.delete(plan, kind, record.id)
    assert_label(removed)
    with pytest.raises(NotFoundError):
        services.get(plan, kind, record.id)
    assert services.find(plan, kind, id=record.id) == []


@pytest.mark.parametrize("kind", list(EntityKind))
def test_update_of_existing_things_changes_only_what_was_asked(staffed: Staffed, kind: EntityKind) -> None:
    plan = staffed.plan
    ident = existing(staffed, kind)
    before = services.get(plan, kind, ident)
    asked = changes(staffed, kind)

    after = services.update(plan, kind, ident, **asked).value

    assert after.version == before.version + 1
    for field in dataclasses.fields(before):
        if field.name in asked:
            assert getattr(after, field.name) == stored_value(asked[field.name]), field.name
        elif field.name != "version":
            assert getattr(after, field.name) == getattr(before, field.name), field.name


@pytest.mark.parametrize("kind", list(EntityKind))
def test_update_of_nothing_writes_nothing(staffed: Staffed, kind: EntityKind) -> None:
    plan = staffed.plan
    ident = existing(staffed, kind)
    record = services.get(plan, kind, ident)
    same = {name: getattr(record, name) for name in changes(staffed, kind)}
    before = plan_data(plan)

    for outcome in (services.update(plan, kind, ident), services.update(plan, kind, ident, **same)):
        assert outcome.value == record
        assert outcome.notices == ()
        assert_label(outcome)
    assert services.get(plan, kind, ident).version == record.version
    assert plan_data(plan) == before


def test_a_value_that_cleans_to_the_same_writes_nothing(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = services.update(plan, K.FUNCTION, staffed.sales, name="  Sales ", colour="#1F77B4")
    assert outcome.notices == ()
    assert services.get(plan, K.FUNCTION, staffed.sales).version == 1


def test_owner_functions_given_in_another_order_are_no_change(staffed: Staffed) -> None:
    plan = staffed.plan
    goal = services.get(plan, K.GOAL, staffed.launch_goal)
    assert goal.owner_function_ids == (staffed.sales, staffed.marketing)

    outcome = services.update(plan, K.GOAL, goal.id, owner_function_ids=[staffed.marketing, staffed.sales])

    assert outcome.notices == ()
    assert services.get(plan, K.GOAL, goal.id) == goal


def test_version_counts_every_change(staffed: Staffed) -> None:
    plan = staffed.plan
    versions = [services.get(plan, K.PERSON, staffed.eve).version]
    for title in ("Lead", "Senior lead", "Head of demand"):
        versions.append(services.update(plan, K.PERSON, staffed.eve, title=title).value.version)
    assert versions == [1, 2, 3, 4]


def test_changing_only_a_list_of_ids_moves_the_version(staffed: Staffed) -> None:
    plan = staffed.plan
    outcome = services.update(plan, K.DECISION, staffed.decision, committed_person_ids=[staffed.fay])
    assert outcome.value.committed_person_ids == (staffed.fay,)
    assert outcome.value.version == 2
    assert services.get(plan, K.DECISION, staffed.decision) == outcome.value


def test_an_empty_plan_holds_nothing(plan: Plan) -> None:
    assert all(count == 0 for count in services.counts(plan).values())
    for kind in EntityKind:
        assert services.find(plan, kind) == []


def test_find_matches_values_and_lists_and_orders(staffed: Staffed) -> None:
    plan = staffed.plan
    people = services.find(plan, K.PERSON, function_id=staffed.sales)
    assert [person.id for person in people] == [staffed.ann, staffed.dan]
    either: list[Record] = services.find(plan, K.PERSON, function_id=[staffed.sales, staffed.product])
    assert {person.id for person in either} == {staffed.ann, staffed.dan, staffed.cat, staffed.fay}
    by_name = services.find(plan, K.PERSON, order=("name",), function_id=[staffed.product, staffed.sales])
    assert [person.name for person in by_name] == ["Ann Archer", "Cat Chen", "Dan Diaz", "Fay Fox"]
    members = services.find(plan, K.MEMBERSHIP, task_force_id=staffed.pursuit)
    assert {m.person_id for m in members} == {staffed.dan, staffed.eve, staffed.fay}
    history = services.find(plan, K.CHECK_IN, order=("checked_on",), kpi_id=staffed.leads_kpi)
    assert [check_in.value for check_in in history] == [40.0, 55.0]


def test_the_staffed_plan_reads_back_as_built(staffed: Staffed) -> None:
    plan = staffed.plan
    counts = services.counts(plan)
    assert counts[K.FUNCTION] == 3
    assert counts[K.PERSON] == 6
    assert counts[K.TASK_FORCE] == 2
    assert counts[K.MEMBERSHIP] == 7
    assert counts[K.RACI] == 6
    launch = services.get(plan, K.TASK_FORCE, staffed.launch)
    assert launch.status == "active"
    assert launch.rhythm is not None
    assert launch.rhythm.describe() == "Stand-up, weekly on Tue at 09:00"
    kpi = services.get(plan, K.KPI, staffed.leads_kpi)
    assert kpi.owner_function_ids == (staffed.sales, staffed.marketing)
    assert kpi.accountable_id == staffed.ben
    decision = services.get(plan, K.DECISION, staffed.decision)
    assert decision.committed_person_ids == (staffed.ben, staffed.fay)


def test_add_takes_a_mapping_and_a_label(staffed: Staffed) -> None:
    outcome = services.add(
        staffed.plan, K.ACTIVITY, {"task_force_id": staffed.launch, "name": "Social media"}
    )
    assert outcome.label == "Add activity 'Social media'"
    labelled = services.add(
        staffed.plan,
        K.ACTIVITY,
        {"task_force_id": staffed.launch, "name": "Sales tools"},
        "Add from template",
    )
    assert labelled.label == "Add from template"
    assert services.undo(staffed.plan, labelled).label == "Add from template"


def test_edits_survive_closing_and_reopening(staffed: Staffed) -> None:
    plan = staffed.plan
    services.update(plan, K.PERSON, staffed.eve, title="Director")
    services.delete(plan, K.RISK, staffed.risk)
    before = plan_data(plan)
    plan.close()
    with services.open_existing(plan.location) as reopened:
        assert plan_data(reopened) == before
        assert services.get(reopened, K.PERSON, staffed.eve).title == "Director"
