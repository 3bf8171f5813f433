"""Task-force templates: the functions, goals, KPIs, RACI and deliverables a kind of team needs."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.domain.enums import DependencyKind, LifecycleStatus, TaskForceKind
from smarket_planner.domain.records import EntityKind, Function, Lesson, TaskForce
from smarket_planner.resources import resource
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.crud import insert_step
from smarket_planner.services.actions.edits import Compound, Outcome, Step, apply
from smarket_planner.services.actions.lessons import values_from_lesson
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.actions.template_files import (
    USER_PREFIX,
    Template,
    TemplateActivity,
    TemplateDeliverable,
    TemplateError,
    TemplateFunction,
    TemplateGoal,
    TemplateInfo,
    TemplateKpi,
    TemplateLesson,
    TemplateLink,
    is_user_key,
    read_template,
    read_template_file,
)
from smarket_planner.services.actions.template_saving import (
    TemplateExistsError,
    default_description,
    save_as_template,
    template_file_name,
)

__all__ = [
    "TEMPLATE_KEYS",
    "USER_PREFIX",
    "Template",
    "TemplateActivity",
    "TemplateDeliverable",
    "TemplateError",
    "TemplateExistsError",
    "TemplateFunction",
    "TemplateGoal",
    "TemplateInfo",
    "TemplateKpi",
    "TemplateLesson",
    "TemplateLink",
    "TemplateProblem",
    "UserTemplates",
    "create_from_template",
    "default_description",
    "is_user_key",
    "lay_out",
    "list_templates",
    "load_template",
    "read_template",
    "read_template_file",
    "read_user_templates",
    "save_as_template",
    "template_file_name",
]


K = EntityKind
# One template per kind of task force, in the order the kinds are listed.
TEMPLATE_KEYS = tuple(kind.value for kind in TaskForceKind if kind is not TaskForceKind.OTHER)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """A file in the user's template folder that cannot be used, and why."""

    path: Path
    message: str


@dataclass(frozen=True, slots=True)
class UserTemplates:
    """The templates the user saved, by name, and the files among them that cannot be used."""

    templates: tuple[TemplateInfo, ...]
    problems: tuple[TemplateProblem, ...]


def list_templates(user_folder: Path | None = None) -> list[TemplateInfo]:
    """Every shipped template, one per kind of task force, then those saved in ``user_folder``.

    A saved file that cannot be read is left out (and logged); ``read_user_templates`` says why.
    """
    shipped = [_shipped(key).info for key in TEMPLATE_KEYS]
    if user_folder is None:
        return shipped
    found = read_user_templates(user_folder)
    for problem in found.problems:
        log.warning("Task-force template left out: %s", problem.message)
    return shipped + list(found.templates)


def read_user_templates(folder: Path) -> UserTemplates:
    """The templates saved in a folder (``*.json``), by name; a damaged file is a problem, not an error."""
    templates: list[TemplateInfo] = []
    problems: list[TemplateProblem] = []
    try:
        paths = sorted(path for path in folder.glob("*.json") if not path.name.startswith("."))
    except OSError as error:  # a folder that cannot be listed holds no templates to offer
        return UserTemplates((), (TemplateProblem(folder, f"The folder {folder} cannot be read: {error}."),))
    for path in paths:
        try:
            templates.append(read_template_file(path, USER_PREFIX + path.stem).info)
        except TemplateError as error:
            problems.append(TemplateProblem(path, str(error)))
    templates.sort(key=lambda info: (info.name.casefold(), info.key))
    return UserTemplates(tuple(templates), tuple(problems))


def load_template(key: str, user_folder: Path | None = None) -> Template:
    """A shipped template of one kind of task force (``product_launch``...) or, with ``user_folder``,
    one the user saved there (``user:<file name>``)."""
    if not is_user_key(key):
        return _shipped(key)
    stem = key.removeprefix(USER_PREFIX)
    if user_folder is None or not _plain_file_stem(stem):
        raise TemplateError(f"There is no task-force template called '{stem}'.")
    path = user_folder / f"{stem}.json"
    if not path.is_file():
        raise TemplateError(f"The task-force template {path.name} is no longer in {user_folder}.")
    return read_template_file(path, key)


def _plain_file_stem(stem: str) -> bool:
    """Whether a user template's key names a file right in the folder: no other folder, no hidden file."""
    return bool(stem) and not stem.startswith(".") and not any(mark in stem for mark in ("/", "\\", "\0"))


@cache
def _shipped(key: str) -> Template:
    """A template that comes with the app, read once."""
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
    """Start and due dates by title: each starts at its offset from the start, or later when the
    work it waits for is done."""
    dates: dict[str, tuple[date | None, date | None]] = {}
    for item in deliverables:  # read_template checked they come after what they wait for
        if start is None:
            dates[item.title] = (None, None)
            continue
        begin = start + timedelta(days=item.offset_days)
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
    user_folder: Path | None = None,
) -> Outcome[TaskForce]:
    """Form a new task force, blank or with everything a template holds, as one undo step.

    A template saved in ``user_folder`` is named ``user:<file name>``. Each lesson a template
    carries becomes an open question of the new team.
    """
    template = None if template_key is None else load_template(template_key, user_folder)
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
    for lesson in template.lessons:
        record = _lesson_record(lesson, new.id, owners(lesson.functions))
        values = values_from_lesson(record, lesson.learned_by or "an earlier task force", K.QUESTION, new.id)
        made.append(insert_step(session, K.QUESTION, values, label))


def _lesson_record(lesson: TemplateLesson, task_force_id: int, function_ids: tuple[int, ...]) -> Lesson:
    """A template's lesson as a lesson record, to be turned into what the new team should do."""
    return Lesson(
        id=0,  # never stored: it tells the new team what to ask itself
        task_force_id=task_force_id,
        title=lesson.title,
        outcome=lesson.outcome,
        what_happened=lesson.what_happened,
        why=lesson.why,
        evidence=lesson.evidence,
        next_time=lesson.next_time,
        function_ids=function_ids,
        tags=", ".join(lesson.tags),
    )


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
