"""Task-force templates: the functions, goals, KPIs, RACI and deliverables a kind of team needs."""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.domain.enums import DependencyKind, LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import EntityKind, Function, TaskForce
from smarket_planner.resources import resource
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.crud import insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Step, apply
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.actions.template_files import (
    Template,
    TemplateActivity,
    TemplateDeliverable,
    TemplateError,
    TemplateFunction,
    TemplateGoal,
    TemplateInfo,
    TemplateKpi,
    TemplateLink,
    read_template,
    read_template_file,
)

__all__ = [
    "TEMPLATE_KEYS",
    "Template",
    "TemplateActivity",
    "TemplateDeliverable",
    "TemplateError",
    "TemplateFunction",
    "TemplateGoal",
    "TemplateInfo",
    "TemplateKpi",
    "TemplateLink",
    "create_from_template",
    "lay_out",
    "list_templates",
    "load_template",
    "read_template",
    "read_template_file",
]


K = EntityKind
# One template per kind of task force, in the order the kinds are listed.
TEMPLATE_KEYS = tuple(kind.value for kind in TaskForceKind if kind is not TaskForceKind.OTHER)


def list_templates() -> list[TemplateInfo]:
    """Every shipped template, one per kind of task force."""
    return [load_template(key).info for key in TEMPLATE_KEYS]


@cache
def load_template(key: str) -> Template:
    """The shipped template of one kind of task force (``product_launch``...)."""
    if key not in TEMPLATE_KEYS:
        raise TemplateError(f"There is no task-force template called '{key}'.")
    try:
        path = resource("templates", f"{key}.json")
    except FileNotFoundError:
        raise TemplateError(
            f"The task-force template '{key}' is missing; reinstall smarket_planner."
        ) from None
    return read_template_file(path)


def lay_out(
    deliverables: tuple[TemplateDeliverable, ...], start: date | None
) -> dict[str, tuple[date | None, date | None]]:
    """Start and due dates by title: each starts when the work it waits for is done."""
    dates: dict[str, tuple[date | None, date | None]] = {}
    for item in deliverables:  # read_template checked they come after what they wait for
        if start is None:
            dates[item.title] = (None, None)
            continue
        begin = start
        for link in item.depends_on:
            upstream_due = dates[link.upstream][1]
            if link.kind is not DependencyKind.NON_BLOCKING and upstream_due is not None:
                begin = max(begin, upstream_due)
        dates[item.title] = (begin, begin + timedelta(days=math.ceil(item.duration_days)))
    return dates


def create_from_template(
    plan: Plan,
    template_key: str | None,
    *,
    name: str,
    start_date: date | None = None,
    end_date: date | None = None,
    sponsor_id: int | None = None,
    lead_id: int | None = None,
) -> Outcome[TaskForce]:
    """Form a new task force, blank or with everything a template holds, as one undo step."""
    template = None if template_key is None else load_template(template_key)
    shown = " ".join(str(name).split()) if isinstance(name, str) else ""
    label = f"New task force '{shown}'" if shown else "New task force"
    values: dict[str, Any] = {
        "name": name,
        "kind": template.kind if template else TaskForceKind.OTHER,
        "status": LifecycleStatus.PROPOSED,
        "sponsor_id": sponsor_id,
        "lead_id": lead_id,
        "start_date": start_date,
        "end_date": end_date,
    }
    if template is not None:
        values |= {"objective": template.objective, "why": template.why}
        if template.rhythm is not None:
            rhythm = template.rhythm
            values |= {
                "rhythm_frequency": rhythm.frequency,
                "rhythm_weekday": rhythm.weekday,
                "rhythm_time": rhythm.time,
                "rhythm_label": rhythm.label,
            }

    def build(session: Session, made: list[Step[Any]]) -> TaskForce:
        made.append(insert_step(session, K.TASK_FORCE, values, label))
        task_force: TaskForce = made[-1].value
        if template is not None:
            _fill(session, made, template, task_force, label)
        return task_force

    return apply(plan, Compound(build, label))


def _fill(session: Session, made: list[Step[Any]], template: Template, new: TaskForce, label: str) -> None:
    """Add the template's functions, goals with KPIs, RACI and deliverables to a new task force."""
    functions = _functions(session, made, template, label)

    def owners(names: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(sorted(functions[name.casefold()] for name in names))

    for goal in template.goals:
        values = {
            "task_force_id": new.id,
            "title": goal.title,
            "description": goal.description,
            "owner_function_ids": owners(goal.owners),
        }
        made.append(insert_step(session, K.GOAL, values, label))
        goal_id = made[-1].value.id
        for kpi in goal.kpis:
            values = {
                "goal_id": goal_id,
                "title": kpi.title,
                "unit": kpi.unit,
                "baseline": kpi.baseline,
                "target": kpi.target,
                "direction": kpi.direction,
                "start_date": new.start_date,
                "due_date": new.end_date,
                "weight": kpi.weight,
                "incentive_pct": kpi.incentive_pct,
                "commitment": kpi.commitment,
                "owner_function_ids": owners(kpi.owners),
            }
            made.append(insert_step(session, K.KPI, values, label))
    for activity in template.activities:
        values = {"task_force_id": new.id, "name": activity.name, "description": activity.description}
        made.append(insert_step(session, K.ACTIVITY, values, label))
        activity_id = made[-1].value.id
        for function_name, letter in activity.raci:
            cell = {
                "activity_id": activity_id,
                "letter": letter,
                "function_id": functions[function_name.casefold()],
            }
            made.append(insert_step(session, K.RACI, cell, label))
    _deliverables(session, made, template, new, label)


def _functions(session: Session, made: list[Step[Any]], template: Template, label: str) -> dict[str, int]:
    """The plan's function ids by folded name; those the template calls for but the plan lacks are added."""
    found: dict[str, int] = {}
    for record in rows.records_where(session, K.FUNCTION):
        assert isinstance(record, Function)
        found.setdefault(record.name.casefold(), record.id)
    for function in template.functions:
        if function.name.casefold() not in found:
            made.append(
                insert_step(session, K.FUNCTION, {"name": function.name, "colour": function.colour}, label)
            )
            found[function.name.casefold()] = made[-1].value.id
    return found


def _deliverables(
    session: Session, made: list[Step[Any]], template: Template, new: TaskForce, label: str
) -> None:
    """Add the deliverables laid out from the start date, then the links between them."""
    dates = lay_out(template.deliverables, new.start_date)
    ids: dict[str, int] = {}
    for item in template.deliverables:
        start, due = dates[item.title]
        values = {
            "task_force_id": new.id,
            "title": item.title,
            "duration_days": item.duration_days,
            "start_date": start,
            "due_date": due,
        }
        made.append(insert_step(session, K.DELIVERABLE, values, label))
        ids[item.title] = made[-1].value.id
    for item in template.deliverables:
        for link in item.depends_on:
            values = {"upstream_id": ids[link.upstream], "downstream_id": ids[item.title], "kind": link.kind}
            made.append(insert_step(session, K.DEPENDENCY, values, label))
