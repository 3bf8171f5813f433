"""Task-force template files: what a template holds, read and checked from its JSON file."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smarket_planner.domain.enums import (
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LessonOutcome,
    RaciLetter,
    RhythmFrequency,
    TaskForceKind,
)
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import OperatingRhythm

# A template the user saved has a key of its own, so it never shadows a shipped one.
USER_PREFIX = "user:"


class TemplateError(DomainError):
    """A task-force template cannot be used as it is."""


def is_user_key(key: str) -> bool:
    """Whether a template key names one the user saved (``user:<file name>``), not a shipped one."""
    return key.startswith(USER_PREFIX)


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
    """A deliverable a template suggests: its title, duration and what it waits for.

    ``offset_days``: how many days after the task force's start it starts at the earliest (a
    saved template keeps when each piece of work began; the shipped ones start all at once).
    """

    title: str
    duration_days: float
    depends_on: tuple[TemplateLink, ...]
    offset_days: int = 0


@dataclass(frozen=True, slots=True)
class TemplateLesson:
    """A lesson an earlier task force learned, carried in a template to the teams formed from it."""

    title: str
    outcome: LessonOutcome
    what_happened: str
    why: str
    evidence: str
    next_time: str
    functions: tuple[str, ...]  # the template's functions it concerns, by name
    tags: tuple[str, ...]
    learned_by: str  # the task force that learned it ("" if the file does not say)


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
    lessons: tuple[TemplateLesson, ...] = ()

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
            lessons=len(self.lessons),
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
    lessons: int = 0

    @property
    def is_user(self) -> bool:
        """Whether the user saved this template (from one of their task forces)."""
        return is_user_key(self.key)

    def contents(self) -> str:
        """What the template creates, in one line: "4 goals with 6 KPIs, 5 RACI activities..."."""

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        parts = [
            f"{count(self.goals, 'goal', 'goals')} with {count(self.kpis, 'KPI', 'KPIs')}",
            count(self.activities, "RACI activity", "RACI activities"),
            count(self.deliverables, "deliverable", "deliverables"),
        ]
        if self.lessons:
            asked = "as an open question" if self.lessons == 1 else "as open questions"
            parts.append(f"{count(self.lessons, 'lesson', 'lessons')} {asked}")
        return ", ".join(parts[:-1]) + " and " + parts[-1]


def read_template_file(path: Path, key: str | None = None) -> Template:
    """Read and check a template file (its key is its file name unless given); a damaged one
    gives a plain TemplateError."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else "it is not valid JSON"
        raise TemplateError(f"The task-force template {path.name} cannot be read: {detail}.") from None
    try:
        return read_template(path.stem if key is None else key, data)
    except ValueError as error:
        raise TemplateError(f"The task-force template {path.name} is damaged: {error}.") from None


def read_template(key: str, data: Any) -> Template:
    """A template from the parsed contents of its file; ValueError says what is wrong.

    A shipped template gives each activity exactly one A. A user's template (``user:`` key) copies
    a team as it was, so an activity there may have no A yet, or several: the new team's findings
    will say so, as they did for the team it was saved from.
    """
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
    one_a = not is_user_key(key)
    activities = tuple(
        _activity(item, where, known, one_a) for where, item in _items(top, "activities", "activity")
    )
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
        lessons=tuple(_lesson(item, where, known) for where, item in _items(top, "lessons", "lesson")),
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


def _activity(item: dict[str, Any], where: str, known: set[str], one_a: bool) -> TemplateActivity:
    raci = _mapping(item.get("raci"), f"the RACI of {where}")
    cells: list[tuple[str, RaciLetter]] = []
    for name, letter in raci.items():
        _check_function(name, where, known)
        try:
            cells.append((name, RaciLetter(letter)))
        except ValueError:
            raise ValueError(f"{where} gives {name} the letter '{letter}' (use R, A, C or I)") from None
    if one_a and [letter for _, letter in cells].count(RaciLetter.ACCOUNTABLE) != 1:
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
    offset = _number(item, "offset_days", where, 0.0)
    if offset < 0 or not offset.is_integer():
        raise ValueError(f"the offset of {where} must be a whole number of days, 0 or more")
    return TemplateDeliverable(title, duration, tuple(links), int(offset))


def _lesson(item: dict[str, Any], where: str, known: set[str]) -> TemplateLesson:
    functions = item.get("functions", [])
    if not isinstance(functions, list) or not all(isinstance(name, str) for name in functions):
        raise ValueError(f"the functions of {where} must be a list of function names")
    for name in functions:
        _check_function(name, where, known)
    tags = item.get("tags", [])
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError(f"the tags of {where} must be a list of words")
    return TemplateLesson(
        title=_text(item, "title", where),
        outcome=_choice(item, "outcome", LessonOutcome, where) if "outcome" in item else LessonOutcome.MIXED,
        what_happened=_optional_text(item, "what_happened", where),
        why=_optional_text(item, "why", where),
        evidence=_optional_text(item, "evidence", where),
        next_time=_optional_text(item, "next_time", where),
        functions=tuple(functions),
        tags=tuple(tag.strip() for tag in tags if tag.strip()),
        learned_by=_optional_text(item, "learned_by", where),
    )


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


def _optional_text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise ValueError(f"the {key.replace('_', ' ')} of {where} is not text")
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
