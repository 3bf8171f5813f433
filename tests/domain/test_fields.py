"""Which fields each kind of thing has, how each is checked, and the checks across fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING
from dataclasses import fields as dataclass_fields
from datetime import date

import pytest

from smarket_planner.domain import fields
from smarket_planner.domain.enums import (
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    RhythmFrequency,
    TaskForceKind,
)
from smarket_planner.domain.errors import ValidationError
from smarket_planner.domain.records import RECORD_TYPES, EntityKind

PlainEnglish = Callable[[str], None]

# The fields each kind cannot do without (a RACI letter also needs a holder).
REQUIRED: dict[EntityKind, dict[str, object]] = {
    EntityKind.FUNCTION: {"name": "Sales", "colour": "#1f77b4"},
    EntityKind.PERSON: {"name": "Ann Lee", "function_id": 1},
    EntityKind.TASK_FORCE: {"name": "Nordic launch", "kind": "product_launch", "status": "proposed"},
    EntityKind.MEMBERSHIP: {"task_force_id": 1, "person_id": 2},
    EntityKind.OPEN_ROLE: {"task_force_id": 1, "function_id": 3},
    EntityKind.GOAL: {"task_force_id": 1, "title": "Win the Nordics"},
    EntityKind.KPI: {"goal_id": 1, "title": "Qualified leads"},
    EntityKind.CHECK_IN: {"kpi_id": 1, "checked_on": "2026-04-01", "value": 42},
    EntityKind.ACTIVITY: {"task_force_id": 1, "name": "Lead qualification"},
    EntityKind.RACI: {"activity_id": 1, "letter": "A", "function_id": 3},
    EntityKind.DELIVERABLE: {"task_force_id": 1, "title": "Launch brief"},
    EntityKind.DEPENDENCY: {"upstream_id": 1, "downstream_id": 2},
    EntityKind.RISK: {"task_force_id": 1, "title": "Pricing slips"},
    EntityKind.DECISION: {"task_force_id": 1, "title": "Launch in Sweden first"},
    EntityKind.QUESTION: {"task_force_id": 1, "question": "Why did trials stall in week 3?"},
    EntityKind.LESSON: {"task_force_id": 1, "title": "Brief the sales team before the press"},
    EntityKind.CREDIT: {"task_force_id": 1, "for_what": "Carrying the pilot", "person_id": 4},
    EntityKind.VIEW_POSITION: {"view": "people:portfolio", "node_key": "person:2", "x": 10.5, "y": -3},
}
KINDS = list(EntityKind)


def complete(kind: EntityKind, /, **changes: object) -> dict[str, object]:
    """Every field of ``kind``: its defaults, the required values, then ``changes``."""
    return {**fields.defaults(kind), **REQUIRED[kind], **changes}


def refused(kind: EntityKind, values: dict[str, object], field: str) -> ValidationError:
    """The ValidationError ``clean`` raises for ``values``; it must name ``field``."""
    with pytest.raises(ValidationError) as caught:
        fields.clean(kind, values)
    assert caught.value.field == field
    return caught.value


def test_every_kind_has_rules_and_a_record() -> None:
    assert set(fields.FIELD_RULES) == set(EntityKind)
    assert set(RECORD_TYPES) == set(EntityKind)
    assert set(REQUIRED) == set(EntityKind)


@pytest.mark.parametrize("kind", KINDS)
def test_rules_cover_exactly_the_fields_a_record_holds(kind: EntityKind) -> None:
    stored = {field.name for field in dataclass_fields(RECORD_TYPES[kind])} - {"id", "version"}
    assert set(fields.FIELD_RULES[kind]) == stored


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_are_the_record_defaults(kind: EntityKind) -> None:
    expected = {
        field.name: field.default
        for field in dataclass_fields(RECORD_TYPES[kind])
        if field.default is not MISSING and field.name != "version"
    }
    assert fields.defaults(kind) == expected


def test_person_defaults() -> None:
    assert fields.defaults(EntityKind.PERSON) == {
        "title": "",
        "email": None,
        "location": "",
        "capacity_pct": 100.0,
        "skills": "",
    }


@pytest.mark.parametrize("kind", list(fields.FIXED_FIELDS))
def test_fixed_fields_are_fields_of_their_kind(kind: EntityKind) -> None:
    assert fields.FIXED_FIELDS[kind] <= set(fields.FIELD_RULES[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_and_required_fields_make_a_record(kind: EntityKind) -> None:
    cleaned = fields.clean(kind, complete(kind))
    assert set(cleaned) == set(fields.FIELD_RULES[kind])
    record = RECORD_TYPES[kind](id=7, **cleaned)  # type: ignore[arg-type]
    assert record.id == 7
    for name, value in REQUIRED[kind].items():
        kept = getattr(record, name)
        # Choices come back as members and dates as dates; each reads as what was given.
        assert kept == value or str(kept) == str(value)


@pytest.mark.parametrize(
    ("kind", "field"), [(kind, field) for kind in KINDS for field in REQUIRED[kind] if field != "function_id"]
)
def test_each_required_field_must_be_given(kind: EntityKind, field: str, plain_english: PlainEnglish) -> None:
    values = complete(kind)
    del values[field]
    error = refused(kind, values, field)
    assert error.message.endswith("is required.")
    plain_english(error.message)


def test_a_person_without_a_function_is_refused(plain_english: PlainEnglish) -> None:
    values = complete(EntityKind.PERSON)
    del values["function_id"]
    error = refused(EntityKind.PERSON, values, "function_id")
    assert error.message == "Function is required."
    plain_english(error.message)


def test_an_unknown_field_is_refused(plain_english: PlainEnglish) -> None:
    error = refused(EntityKind.PERSON, complete(EntityKind.PERSON, salary=100), "salary")
    assert error.message == "A person has no field 'salary'."
    plain_english(error.message)


def test_an_unknown_field_reads_well_after_a_vowel(plain_english: PlainEnglish) -> None:
    error = refused(EntityKind.ACTIVITY, complete(EntityKind.ACTIVITY, colour="#000000"), "colour")
    assert error.message == "An activity has no field 'colour'."
    plain_english(error.message)


def test_values_come_back_clean() -> None:
    cleaned = fields.clean(
        EntityKind.PERSON,
        complete(
            EntityKind.PERSON,
            name="  Ann   Lee ",
            email=" ANN@Example.com",
            capacity_pct="80",
            title="Head\x00 of sales ",
        ),
    )
    assert cleaned["name"] == "Ann Lee"
    assert cleaned["email"] == "ann@example.com"
    assert cleaned["capacity_pct"] == 80.0
    assert cleaned["title"] == "Head of sales"


def test_choices_become_members() -> None:
    cleaned = fields.clean(EntityKind.TASK_FORCE, complete(EntityKind.TASK_FORCE, kind="campaign"))
    assert cleaned["kind"] is TaskForceKind.CAMPAIGN
    assert cleaned["status"] is LifecycleStatus.PROPOSED
    membership = fields.clean(EntityKind.MEMBERSHIP, complete(EntityKind.MEMBERSHIP, role="lead"))
    assert membership["role"] is MembershipRole.LEAD


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        (EntityKind.PERSON, "capacity_pct", 120),
        (EntityKind.PERSON, "capacity_pct", "nan"),
        (EntityKind.PERSON, "email", "ann"),
        (EntityKind.FUNCTION, "colour", "blue"),
        (EntityKind.FUNCTION, "name", "   "),
        (EntityKind.MEMBERSHIP, "allocation_pct", -10),
        (EntityKind.MEMBERSHIP, "role", "boss"),
        (EntityKind.KPI, "incentive_pct", 101),
        (EntityKind.KPI, "weight", -1),
        (EntityKind.KPI, "baseline", "inf"),
        (EntityKind.KPI, "direction", None),
        (EntityKind.KPI, "owner_function_ids", "1,2"),
        (EntityKind.CHECK_IN, "confidence", 0),
        (EntityKind.CHECK_IN, "confidence", 11),
        (EntityKind.CHECK_IN, "checked_on", None),
        (EntityKind.CHECK_IN, "value", True),
        (EntityKind.TASK_FORCE, "kind", None),
        (EntityKind.TASK_FORCE, "name", "x" * 121),
        (EntityKind.TASK_FORCE, "start_date", "next week"),
        (EntityKind.TASK_FORCE, "rhythm_weekday", 7),
        (EntityKind.TASK_FORCE, "rhythm_frequency", "fortnightly"),
        (EntityKind.DELIVERABLE, "duration_days", -2),
        (EntityKind.RISK, "severity", "huge"),
        (EntityKind.DECISION, "committed_person_ids", [1, 0]),
        (EntityKind.GOAL, "title", "t" * 201),
    ],
)
def test_a_bad_value_is_refused_by_its_field(
    kind: EntityKind, field: str, value: object, plain_english: PlainEnglish
) -> None:
    error = refused(kind, complete(kind, **{field: value}), field)
    plain_english(error.message)


@pytest.mark.parametrize(
    ("kind", "start", "end_field"),
    [
        (EntityKind.TASK_FORCE, "start_date", "end_date"),
        (EntityKind.MEMBERSHIP, "start_date", "end_date"),
        (EntityKind.KPI, "start_date", "due_date"),
        (EntityKind.DELIVERABLE, "start_date", "due_date"),
    ],
)
def test_an_end_before_its_start_is_refused(
    kind: EntityKind, start: str, end_field: str, plain_english: PlainEnglish
) -> None:
    values = complete(kind, **{start: "2026-06-30", end_field: "2026-06-01"})
    plain_english(refused(kind, values, end_field).message)
    values[end_field] = "2026-06-30"
    cleaned = fields.clean(kind, values)
    assert cleaned[end_field] == date(2026, 6, 30)


def test_raci_goes_to_a_function_or_to_a_person() -> None:
    to_function = fields.clean(EntityKind.RACI, complete(EntityKind.RACI))
    assert to_function["function_id"] == 3 and to_function["person_id"] is None
    assert to_function["letter"] is RaciLetter.ACCOUNTABLE
    to_person = fields.clean(EntityKind.RACI, complete(EntityKind.RACI, function_id=None, person_id=4))
    assert to_person["person_id"] == 4 and to_person["function_id"] is None


@pytest.mark.parametrize(("function_id", "person_id"), [(None, None), (3, 4)])
def test_raci_needs_exactly_one_holder(
    function_id: int | None, person_id: int | None, plain_english: PlainEnglish
) -> None:
    values = complete(EntityKind.RACI, function_id=function_id, person_id=person_id)
    plain_english(refused(EntityKind.RACI, values, "function_id").message)


def test_a_deliverable_cannot_depend_on_itself(plain_english: PlainEnglish) -> None:
    values = complete(EntityKind.DEPENDENCY, upstream_id=5, downstream_id=5)
    error = refused(EntityKind.DEPENDENCY, values, "upstream_id")
    assert error.message == "A deliverable cannot depend on itself."
    plain_english(error.message)


@pytest.mark.parametrize(("weekday", "time"), [(1, None), (None, "09:00"), (0, "17:30")])
def test_a_rhythm_needs_a_frequency(
    weekday: int | None, time: str | None, plain_english: PlainEnglish
) -> None:
    values = complete(EntityKind.TASK_FORCE, rhythm_weekday=weekday, rhythm_time=time)
    plain_english(refused(EntityKind.TASK_FORCE, values, "rhythm_frequency").message)


def test_a_rhythm_with_a_frequency_is_kept() -> None:
    values = complete(
        EntityKind.TASK_FORCE,
        rhythm_frequency="biweekly",
        rhythm_weekday="1",
        rhythm_time="09:00",
        rhythm_label="Stand-up",
    )
    cleaned = fields.clean(EntityKind.TASK_FORCE, values)
    assert cleaned["rhythm_frequency"] is RhythmFrequency.BIWEEKLY
    assert cleaned["rhythm_weekday"] == 1
    assert cleaned["rhythm_time"] == "09:00"


def test_a_label_alone_needs_no_frequency() -> None:
    cleaned = fields.clean(EntityKind.TASK_FORCE, complete(EntityKind.TASK_FORCE, rhythm_label="Ad hoc"))
    assert cleaned["rhythm_frequency"] is None and cleaned["rhythm_label"] == "Ad hoc"


def test_owner_lists_lose_repeats() -> None:
    cleaned = fields.clean(EntityKind.GOAL, complete(EntityKind.GOAL, owner_function_ids=[2, 1, 2]))
    assert cleaned["owner_function_ids"] == (2, 1)


def test_a_credit_thanks_a_person_or_a_function(plain_english: PlainEnglish) -> None:
    error = refused(EntityKind.CREDIT, complete(EntityKind.CREDIT, person_id=None), "person_id")
    plain_english(str(error))
    thanked = fields.clean(EntityKind.CREDIT, complete(EntityKind.CREDIT, person_id=None, function_id=2))
    assert thanked["function_id"] == 2


def test_a_question_answered_on_a_date_has_its_answer() -> None:
    refused(EntityKind.QUESTION, complete(EntityKind.QUESTION, answered_on="2026-05-02"), "answer")
    answered = complete(EntityKind.QUESTION, answered_on="2026-05-02", answer="Pricing: 40% cited it")
    assert fields.clean(EntityKind.QUESTION, answered)["answered_on"] == date(2026, 5, 2)


def test_lesson_tags_are_trimmed_and_kept_once_in_any_case() -> None:
    cleaned = fields.clean(
        EntityKind.LESSON, complete(EntityKind.LESSON, tags=" Pricing,launch  timing, pricing,, ")
    )
    assert cleaned["tags"] == "Pricing, launch timing"
