"""Task-force templates: the functions, goals, KPIs, RACI and deliverables a kind of team needs."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.domain.enums import (
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LifecycleStatus,
    RaciLetter,
    RhythmFrequency,
    TaskForceKind,
)
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, Function, OperatingRhythm, TaskForce
from smarket_planner.resources import resource
from smarket_planner.services import rows
from smarket_planner.services.crud import insert_step
from smarket_planner.services.edits import Compound, Outcome, Step, apply
from smarket_planner.services.plan import Plan

K = EntityKind
# One template per kind of task force, in the order the kinds are listed.
TEMPLATE_KEYS = tuple(kind.value for kind in TaskForceKind if kind is not TaskForceKind.OTHER)


class TemplateError(DomainError):
    """A task-force template cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class TemplateFunction:
    """A function a template calls for, with the colour it gets if the plan lacks it."""

    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class TemplateKpi:
    """A KPI a template suggests under one of its goals."""

    title: str
    unit: str
    baseline: float
    target: float
    direction: KpiDirection
    weight: float
    incentive_pct: float
    commitment: KpiCommitment
    owners: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TemplateGoal:
    """A shared goal a template suggests, with its KPIs."""

    title: str
    description: str
    owners: tuple[str, ...]
    kpis: tuple[TemplateKpi, ...]


@dataclass(frozen=True, slots=True)
class TemplateActivity:
    """A RACI activity a template suggests: a letter for each function named."""

    name: str
    description: str
    raci: tuple[tuple[str, RaciLetter], ...]


@dataclass(frozen=True, slots=True)
class TemplateLink:
    """A deliverable's dependency on an earlier one of the same template, by title."""

    upstream: str
    kind: DependencyKind


@dataclass(frozen=True, slots=True)
class TemplateDeliverable:
    """A deliverable a template suggests: its title, duration and what it waits for."""

    title: str
    duration_days: float
    depends_on: tuple[TemplateLink, ...]


@dataclass(frozen=True, slots=True)
class Template:
    """Everything a template holds for a new task force of its kind."""

    key: str
    kind: TaskForceKind
    name: str
    description: str
    objective: str
    why: str
    rhythm: OperatingRhythm | None
    functions: tuple[TemplateFunction, ...]
    goals: tuple[TemplateGoal, ...]
    activities: tuple[TemplateActivity, ...]
    deliverables: tuple[TemplateDeliverable, ...]

    @property
    def info(self) -> TemplateInfo:
        """What the template holds, in short, for choosing one."""
        return TemplateInfo(
            key=self.key,
            kind=self.kind,
            name=self.name,
            description=self.description,
            functions=tuple(function.name for function in self.functions),
            goals=len(self.goals),
            kpis=sum(len(goal.kpis) for goal in self.goals),
            activities=len(self.activities),
            deliverables=len(self.deliverables),
        )


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """A template as listed when forming a new task force."""

    key: str
    kind: TaskForceKind
    name: str
    description: str
    functions: tuple[str, ...]
    goals: int
    kpis: int
    activities: int
    deliverables: int

    def contents(self) -> str:
        """What the template creates, in one line: "4 goals with 6 KPIs, 5 RACI activities..."."""

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        return (
            f"{count(self.goals, 'goal', 'goals')} with {count(self.kpis, 'KPI', 'KPIs')}, "
            f"{count(self.activities, 'RACI activity', 'RACI activities')} and "
            f"{count(self.deliverables, 'deliverable', 'deliverables')}"
        )


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


def read_template_file(path: Path) -> Template:
    """Read and check a template file; a damaged one gives a plain TemplateError."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else "it is not valid JSON"
        raise TemplateError(f"The task-force template {path.name} cannot be read: {detail}.") from None
    try:
        return read_template(path.stem, data)
    except ValueError as error:
        raise TemplateError(f"The task-force template {path.name} is damaged: {error}.") from None


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


# -- reading a template file ------------------------------------------------------------------
def read_template(key: str, data: Any) -> Template:
    """A template from the parsed contents of its file; ValueError says what is wrong."""
    top = _mapping(data, "the file")
    kind = _choice(top, "kind", TaskForceKind, "the file")
    functions = tuple(
        TemplateFunction(_text(item, "name", where), _text(item, "colour", where))
        for where, item in _items(top, "functions", "function")
    )
    known = {function.name.casefold() for function in functions}
    if len(known) != len(functions):
        raise ValueError("a function is listed twice")
    goals = tuple(_goal(item, where, known) for where, item in _items(top, "goals", "goal"))
    activities = tuple(_activity(item, where, known) for where, item in _items(top, "activities", "activity"))
    deliverables: list[TemplateDeliverable] = []
    for where, item in _items(top, "deliverables", "deliverable"):
        deliverables.append(_deliverable(item, where, {d.title for d in deliverables}))
    rhythm = None
    if top.get("rhythm") is not None:
        spec = _mapping(top["rhythm"], "the rhythm")
        weekday = spec.get("weekday")
        if weekday is not None and (not isinstance(weekday, int) or not 0 <= weekday <= 6):
            raise ValueError("the rhythm's weekday must be a whole number from 0 (Monday) to 6")
        time = spec.get("time")
        rhythm = OperatingRhythm(
            _choice(spec, "frequency", RhythmFrequency, "the rhythm"),
            weekday,
            None if time is None else _text(spec, "time", "the rhythm"),
            str(spec.get("label", "")),
        )
    return Template(
        key=key,
        kind=kind,
        name=_text(top, "name", "the file"),
        description=_text(top, "description", "the file"),
        objective=str(top.get("objective", "")),
        why=str(top.get("why", "")),
        rhythm=rhythm,
        functions=functions,
        goals=goals,
        activities=activities,
        deliverables=tuple(deliverables),
    )


def _goal(item: dict[str, Any], where: str, known: set[str]) -> TemplateGoal:
    kpis = tuple(
        _kpi(kpi, f"{kpi_where} of {where}", known) for kpi_where, kpi in _items(item, "kpis", "KPI")
    )
    return TemplateGoal(
        title=_text(item, "title", where),
        description=str(item.get("description", "")),
        owners=_owners(item, where, known),
        kpis=kpis,
    )


def _kpi(item: dict[str, Any], where: str, known: set[str]) -> TemplateKpi:
    return TemplateKpi(
        title=_text(item, "title", where),
        unit=str(item.get("unit", "")),
        baseline=_number(item, "baseline", where),
        target=_number(item, "target", where),
        direction=_choice(item, "direction", KpiDirection, where),
        weight=_number(item, "weight", where, 1.0),
        incentive_pct=_number(item, "incentive_pct", where, 0.0),
        commitment=_choice(item, "commitment", KpiCommitment, where),
        owners=_owners(item, where, known),
    )


def _activity(item: dict[str, Any], where: str, known: set[str]) -> TemplateActivity:
    raci = _mapping(item.get("raci"), f"the RACI of {where}")
    cells: list[tuple[str, RaciLetter]] = []
    for name, letter in raci.items():
        _check_function(name, where, known)
        try:
            cells.append((name, RaciLetter(letter)))
        except ValueError:
            raise ValueError(f"{where} gives {name} the letter '{letter}' (use R, A, C or I)") from None
    if [letter for _, letter in cells].count(RaciLetter.ACCOUNTABLE) != 1:
        raise ValueError(f"{where} needs exactly one A")
    return TemplateActivity(_text(item, "name", where), str(item.get("description", "")), tuple(cells))


def _deliverable(item: dict[str, Any], where: str, earlier: set[str]) -> TemplateDeliverable:
    title = _text(item, "title", where)
    if title in earlier:
        raise ValueError(f"two deliverables are called '{title}'")
    links: list[TemplateLink] = []
    for link_where, link in _items(item, "depends_on", "dependency"):
        upstream = _text(link, "title", f"{link_where} of {where}")
        if upstream not in earlier:
            raise ValueError(f"'{title}' depends on '{upstream}', which is not listed before it")
        links.append(TemplateLink(upstream, _choice(link, "kind", DependencyKind, where)))
    duration = _number(item, "duration_days", where)
    if duration < 0:
        raise ValueError(f"the duration of {where} is negative")
    return TemplateDeliverable(title, duration, tuple(links))


def _items(parent: dict[str, Any], key: str, noun: str) -> list[tuple[str, dict[str, Any]]]:
    """The entries of a list in the file, each with words saying where it is ("goal 2")."""
    value = parent.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"'{key}' must be a list")
    return [(f"{noun} {n}", _mapping(item, f"{noun} {n}")) for n, item in enumerate(value, start=1)]


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} is not a set of named values")
    return value


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where} has no {key}")
    return value.strip()


def _number(item: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"the {key.replace('_pct', '').replace('_', ' ')} of {where} is not a number")
    return float(value)


def _choice(item: dict[str, Any], key: str, enum: Any, where: str) -> Any:
    try:
        return enum(item.get(key))
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise ValueError(f"the {key} of {where} must be one of: {choices}") from None


def _owners(item: dict[str, Any], where: str, known: set[str]) -> tuple[str, ...]:
    names = item.get("owners", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ValueError(f"the owners of {where} must be a list of function names")
    for name in names:
        _check_function(name, where, known)
    return tuple(names)


def _check_function(name: str, where: str, known: set[str]) -> None:
    if name.casefold() not in known:
        raise ValueError(f"{where} names the function '{name}', which the template does not list")
