"""Which fields each kind of thing has, how each is checked, and the checks across fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields
from functools import partial
from typing import Any

from smarket_planner.domain import rules
from smarket_planner.domain.enums import (
    DecisionStanding,
    DeliverableStatus,
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LessonOutcome,
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    RhythmFrequency,
    RiskLikelihood,
    RiskSeverity,
    RiskStatus,
    TaskForceKind,
)
from smarket_planner.domain.errors import ValidationError
from smarket_planner.domain.records import RECORD_TYPES, EntityKind

Rule = Callable[[object, str], Any]

_title = partial(rules.clean_name, max_length=rules.TITLE_MAX)
_short = partial(rules.clean_text, max_length=rules.SHORT_TEXT_MAX)
_label = partial(rules.clean_text, max_length=rules.NAME_MAX)


def _choice(enum: Any) -> Rule:
    return lambda value, field: rules.clean_choice(value, field, enum)


def _optional_choice(enum: Any) -> Rule:
    return lambda value, field: None if value is None else rules.clean_choice(value, field, enum)


def _weekday(value: object, field: str) -> int | None:
    return None if value is None else rules.clean_whole(value, field, 0, 6)


FIELD_RULES: dict[EntityKind, dict[str, Rule]] = {
    EntityKind.FUNCTION: {
        "name": rules.clean_name,
        "colour": rules.clean_colour,
        "description": _short,
    },
    EntityKind.PERSON: {
        "name": rules.clean_name,
        "function_id": rules.clean_id,
        "title": _label,
        "email": rules.clean_email,
        "location": _label,
        "capacity_pct": rules.clean_percent,
        "skills": rules.clean_tags,
    },
    EntityKind.TASK_FORCE: {
        "name": rules.clean_name,
        "kind": _choice(TaskForceKind),
        "status": _choice(LifecycleStatus),
        "objective": rules.clean_text,
        "why": rules.clean_text,
        "sponsor_id": rules.clean_optional_id,
        "lead_id": rules.clean_optional_id,
        "start_date": rules.clean_date,
        "end_date": rules.clean_date,
        "rhythm_frequency": _optional_choice(RhythmFrequency),
        "rhythm_weekday": _weekday,
        "rhythm_time": rules.clean_time,
        "rhythm_label": _label,
        "reformed_from_id": rules.clean_optional_id,
    },
    EntityKind.MEMBERSHIP: {
        "task_force_id": rules.clean_id,
        "person_id": rules.clean_id,
        "role": _choice(MembershipRole),
        "allocation_pct": rules.clean_percent,
        "start_date": rules.clean_date,
        "end_date": rules.clean_date,
    },
    EntityKind.OPEN_ROLE: {
        "task_force_id": rules.clean_id,
        "function_id": rules.clean_id,
        "title": _label,
        "role": _choice(MembershipRole),
        "allocation_pct": rules.clean_percent,
        "start_date": rules.clean_date,
        "end_date": rules.clean_date,
        "skills": rules.clean_tags,
        "note": _short,
    },
    EntityKind.GOAL: {
        "task_force_id": rules.clean_id,
        "title": _title,
        "description": rules.clean_text,
        "owner_function_ids": rules.clean_ids,
    },
    EntityKind.KPI: {
        "goal_id": rules.clean_id,
        "title": _title,
        "unit": partial(rules.clean_text, max_length=40),
        "baseline": rules.clean_number,
        "target": rules.clean_number,
        "direction": _choice(KpiDirection),
        "start_date": rules.clean_date,
        "due_date": rules.clean_date,
        "weight": rules.clean_positive,
        "incentive_pct": rules.clean_percent,
        "commitment": _choice(KpiCommitment),
        "accountable_id": rules.clean_optional_id,
        "owner_function_ids": rules.clean_ids,
    },
    EntityKind.CHECK_IN: {
        "kpi_id": rules.clean_id,
        "checked_on": rules.clean_required_date,
        "value": rules.clean_number,
        "confidence": lambda value, field: rules.clean_whole(value, field, 1, 10),
        "note": rules.clean_text,
    },
    EntityKind.ACTIVITY: {
        "task_force_id": rules.clean_id,
        "name": _title,
        "description": _short,
    },
    EntityKind.RACI: {
        "activity_id": rules.clean_id,
        "letter": _choice(RaciLetter),
        "function_id": rules.clean_optional_id,
        "person_id": rules.clean_optional_id,
    },
    EntityKind.DELIVERABLE: {
        "task_force_id": rules.clean_id,
        "title": _title,
        "owner_id": rules.clean_optional_id,
        "duration_days": rules.clean_positive,
        "start_date": rules.clean_date,
        "due_date": rules.clean_date,
        "status": _choice(DeliverableStatus),
        "finished_on": rules.clean_date,
    },
    EntityKind.DEPENDENCY: {
        "upstream_id": rules.clean_id,
        "downstream_id": rules.clean_id,
        "kind": _choice(DependencyKind),
    },
    EntityKind.RISK: {
        "task_force_id": rules.clean_id,
        "title": _title,
        "description": rules.clean_text,
        "severity": _choice(RiskSeverity),
        "likelihood": _choice(RiskLikelihood),
        "status": _choice(RiskStatus),
        "owner_id": rules.clean_optional_id,
        "raised_by_id": rules.clean_optional_id,
        "raised_on": rules.clean_date,
        "mitigation": rules.clean_text,
    },
    EntityKind.DECISION: {
        "task_force_id": rules.clean_id,
        "title": _title,
        "decided_on": rules.clean_date,
        "decided_by_id": rules.clean_optional_id,
        "data": rules.clean_text,
        "reasoning": rules.clean_text,
        "committed_person_ids": rules.clean_ids,
        "standing": _choice(DecisionStanding),
    },
    EntityKind.QUESTION: {
        "task_force_id": rules.clean_id,
        "question": partial(rules.clean_name, max_length=rules.SHORT_TEXT_MAX),
        "asked_by_id": rules.clean_optional_id,
        "answerer_id": rules.clean_optional_id,
        "due_on": rules.clean_date,
        "answer": rules.clean_text,
        "evidence": rules.clean_text,
        "answered_on": rules.clean_date,
    },
    EntityKind.LESSON: {
        "task_force_id": rules.clean_id,
        "title": _title,
        "outcome": _choice(LessonOutcome),
        "what_happened": rules.clean_text,
        "why": rules.clean_text,
        "evidence": rules.clean_text,
        "next_time": rules.clean_text,
        "function_ids": rules.clean_ids,
        "tags": rules.clean_tags,
        "recorded_on": rules.clean_date,
    },
    EntityKind.CREDIT: {
        "task_force_id": rules.clean_id,
        "for_what": partial(rules.clean_name, max_length=rules.SHORT_TEXT_MAX),
        "person_id": rules.clean_optional_id,
        "function_id": rules.clean_optional_id,
    },
    EntityKind.VIEW_POSITION: {
        "view": partial(rules.clean_name, max_length=rules.KEY_MAX),
        "node_key": partial(rules.clean_name, max_length=rules.KEY_MAX),
        "x": rules.clean_number,
        "y": rules.clean_number,
    },
}

# Fields that never change after creation: they say what a thing belongs to.
FIXED_FIELDS: dict[EntityKind, frozenset[str]] = {
    EntityKind.MEMBERSHIP: frozenset({"task_force_id", "person_id"}),
    EntityKind.OPEN_ROLE: frozenset({"task_force_id"}),
    EntityKind.GOAL: frozenset({"task_force_id"}),
    EntityKind.KPI: frozenset({"goal_id"}),
    EntityKind.CHECK_IN: frozenset({"kpi_id"}),
    EntityKind.ACTIVITY: frozenset({"task_force_id"}),
    EntityKind.RACI: frozenset({"activity_id", "function_id", "person_id"}),
    EntityKind.DELIVERABLE: frozenset({"task_force_id"}),
    EntityKind.DEPENDENCY: frozenset({"upstream_id", "downstream_id"}),
    EntityKind.RISK: frozenset({"task_force_id"}),
    EntityKind.DECISION: frozenset({"task_force_id"}),
    EntityKind.QUESTION: frozenset({"task_force_id"}),
    EntityKind.LESSON: frozenset({"task_force_id"}),
    EntityKind.CREDIT: frozenset({"task_force_id"}),
    EntityKind.TASK_FORCE: frozenset({"status", "reformed_from_id"}),
    EntityKind.VIEW_POSITION: frozenset({"view", "node_key"}),
}


def field_label(name: str) -> str:
    """A field's name as a manager reads it: ``owner_function_ids`` -> owner functions."""
    words = name.removesuffix("_ids").removesuffix("_id").removesuffix("_pct").replace("_", " ")
    return words + ("s" if name.endswith("_ids") else "")


def defaults(kind: EntityKind) -> dict[str, object]:
    """The value each optional field takes when none is given."""
    result: dict[str, object] = {}
    for field in fields(RECORD_TYPES[kind]):
        if field.name in FIELD_RULES[kind] and field.default is not MISSING:
            result[field.name] = field.default
    return result


def clean(kind: EntityKind, values: Mapping[str, object]) -> dict[str, object]:
    """Check every field given for ``kind`` and the rules across them; return clean values."""
    known = FIELD_RULES[kind]
    unknown = sorted(set(values) - set(known))
    if unknown:
        article = "An" if kind.label[0] in "aeiou" else "A"
        raise ValidationError(unknown[0], f"{article} {kind.label} has no field '{unknown[0]}'.")
    missing = [name for name in known if name not in values]
    if missing:
        raise ValidationError(missing[0], f"{field_label(missing[0]).capitalize()} is required.")
    result = {name: known[name](values[name], name) for name in known}
    _check_across(kind, result)
    return result


def _check_across(kind: EntityKind, values: dict[str, Any]) -> None:
    if "start_date" in values:
        end_field = "due_date" if "due_date" in values else "end_date"
        rules.check_order(values["start_date"], values[end_field], end_field)
    if kind is EntityKind.RACI and (values["function_id"] is None) == (values["person_id"] is None):
        raise ValidationError("function_id", "A RACI letter goes to one function or one person.")
    if kind is EntityKind.CREDIT and values["person_id"] is None and values["function_id"] is None:
        raise ValidationError("person_id", "Say who is thanked: a person or a function.")
    if kind is EntityKind.QUESTION and values["answered_on"] is not None and not values["answer"]:
        raise ValidationError("answer", "A question answered on a date needs its answer.")
    if kind is EntityKind.DEPENDENCY and values["upstream_id"] == values["downstream_id"]:
        raise ValidationError("upstream_id", "A deliverable cannot depend on itself.")
    has_when = values.get("rhythm_weekday") is not None or values.get("rhythm_time")
    if kind is EntityKind.TASK_FORCE and values["rhythm_frequency"] is None and has_when:
        raise ValidationError("rhythm_frequency", "Say how often the team meets.")
