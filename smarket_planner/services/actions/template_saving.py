"""Save a task force as a template of the user's own: its goals, KPIs, RACI, deliverables and lessons.

What a saved template keeps, and what it leaves out:

- Functions by name, with their colours: those owning its goals and KPIs, holding RACI letters,
  concerned by its lessons, and those of its members.
- Goals with their KPIs (baseline, target, direction, weight, pay share, commitment, owners).
  A KPI's accountable person is left out: a template carries no people.
- The RACI by function. A letter given to a person becomes the letter of that person's function,
  unless the function holds a letter of its own on the activity (that one stays); of several
  people of one function, the strongest letter counts (A, then R, C, I). A shipped template gives
  each activity exactly one A; a saved one keeps the team's RACI as it was, gaps and all.
- Deliverables with their durations, how many days after the task force's start each began
  (``offset_days``), and the links between them. Owners, statuses and dates are left out; links to
  other task forces' work too, and a link that would close a circle of deliverables.
- The rhythm, the objective and the why, and every lesson the team wrote down, with the task force
  that learned it. A team formed from the template gets each lesson as an open question.
"""

from __future__ import annotations

import heapq
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from smarket_planner.domain.enums import RaciLetter
from smarket_planner.domain.records import (
    Activity,
    Deliverable,
    Dependency,
    EntityKind,
    Function,
    Goal,
    Kpi,
    Lesson,
    Membership,
    Person,
    RaciAssignment,
    TaskForce,
)
from smarket_planner.domain.rules import NAME_MAX
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.actions.template_files import USER_PREFIX, TemplateError, read_template

K = EntityKind
Names = Callable[[Iterable[int]], list[str]]  # functions by name, in order, noted as used
# The strongest letter first: of several people of one function, the strongest is the function's.
STRENGTH = {
    RaciLetter.ACCOUNTABLE: 0,
    RaciLetter.RESPONSIBLE: 1,
    RaciLetter.CONSULTED: 2,
    RaciLetter.INFORMED: 3,
}
STEM_MOST = 60  # characters of a template's file name, before ".json"
# Names Windows keeps for devices, whatever follows the dot: a file cannot be called "con.json".
RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(1, 10)),
    *(f"lpt{n}" for n in range(1, 10)),
}


class TemplateExistsError(TemplateError):
    """A template file of that name is there already; saving again with ``force`` replaces it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def template_file_name(name: str) -> str:
    """A safe file name (without ".json") for a template's name: letters and digits in lower case,
    joined by hyphens; never a folder, a hidden file or a name Windows keeps for devices."""
    text = unicodedata.normalize("NFKC", name).casefold()
    stem = re.sub(r"[\W_]+", "-", text).strip("-")[:STEM_MOST].strip("-")
    if not stem:
        return "template"
    return f"{stem}-template" if stem in RESERVED else stem


def default_description(task_force: TaskForce, today: date | None = None) -> str:
    """What a template saved from a task force says about itself, unless the user says otherwise."""
    day = today or date.today()
    return f"The goals and KPIs, RACI and deliverables of {task_force.name}, saved on {day.day} {day:%B %Y}."


def save_as_template(
    plan: Plan,
    task_force_id: int,
    folder: Path,
    *,
    name: str | None = None,
    description: str | None = None,
    force: bool = False,
    today: date | None = None,
) -> Path:
    """Write a task force as a template file in ``folder``; the file written.

    The template is called ``name`` (the task force's name unless given) and its file is named
    after it. A file already there is replaced only with ``force``; without it, a
    TemplateExistsError says so (and which file). The plan is only read.
    """
    with plan.store.session() as session:
        task_force = rows.to_record(K.TASK_FORCE, rows.load_row(session, K.TASK_FORCE, task_force_id))
        assert isinstance(task_force, TaskForce)
        title = " ".join((name if name is not None else task_force.name).split())
        if not title:
            raise TemplateError("Give the template a name.")
        if len(title) > NAME_MAX:
            raise TemplateError(f"A template's name can be at most {NAME_MAX} characters long.")
        about = " ".join((description or "").split()) or default_description(task_force, today)
        data = _template_data(session, task_force, title, about, today or date.today())
    stem = template_file_name(title)
    try:
        read_template(USER_PREFIX + stem, data)  # what is written reads back, always
    except ValueError as error:
        raise TemplateError(f"{task_force.name} cannot be saved as a template: {error}.") from None
    return _write(folder, stem, data, force)


def _write(folder: Path, stem: str, data: dict[str, Any], force: bool) -> Path:
    """Write the file whole or not at all: a half-written template is never left behind."""
    path = folder / f"{stem}.json"
    if path.exists() and not force:
        raise TemplateExistsError(f"There is already a template saved as {path.name} in {folder}.", path)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=f".{stem}.", suffix=".tmp", delete=False
        ) as file:
            file.write(text)
        try:
            os.replace(file.name, path)
        except OSError:
            Path(file.name).unlink(missing_ok=True)
            raise
    except OSError as error:
        detail = error.strerror or str(error)
        raise TemplateError(f"The template could not be saved in {folder}: {detail}.") from None
    return path


def _template_data(
    session: Session, task_force: TaskForce, name: str, description: str, today: date
) -> dict[str, Any]:
    """The contents of the template file, as the reader of template files expects them."""
    functions = {
        record.id: record
        for record in rows.records_where(session, K.FUNCTION)
        if isinstance(record, Function)
    }
    used: set[int] = set()

    def names(ids: Iterable[int]) -> list[str]:
        known = [ident for ident in ids if ident in functions]
        used.update(known)
        return [functions[ident].name for ident in known]

    members = rows.records_where(session, K.MEMBERSHIP, task_force_id=task_force.id)
    member_ids = [member.person_id for member in members if isinstance(member, Membership)]
    people = _people(session, member_ids)
    used.update(people[ident].function_id for ident in member_ids if ident in people)
    goals = [_goal(session, goal, names) for goal in _of(session, K.GOAL, task_force.id, Goal)]
    activities = [
        _activity(session, activity, names, people)
        for activity in _of(session, K.ACTIVITY, task_force.id, Activity)
    ]
    lessons = [_lesson(lesson, task_force, names) for lesson in _of(session, K.LESSON, task_force.id, Lesson)]
    data: dict[str, Any] = {
        "kind": task_force.kind.value,
        "name": name,
        "description": description,
        "objective": task_force.objective,
        "why": task_force.why,
        "saved_from": task_force.name,  # for the reader of the file: the app does not need it
        "saved_on": today.isoformat(),
    }
    rhythm = task_force.rhythm
    if rhythm is not None:
        data["rhythm"] = {
            "frequency": rhythm.frequency.value,
            "weekday": rhythm.weekday,
            "label": rhythm.label,
        }
        if rhythm.time:
            data["rhythm"]["time"] = rhythm.time
    data["functions"] = [
        {"name": functions[ident].name, "colour": functions[ident].colour} for ident in sorted(used)
    ]
    data["goals"] = goals
    data["activities"] = activities
    data["deliverables"] = _deliverables(session, task_force)
    if lessons:
        data["lessons"] = lessons
    return data


def _of(session: Session, kind: EntityKind, task_force_id: int, record_type: type[Any]) -> list[Any]:
    """A task force's records of one kind, in the order they were made."""
    return [
        r
        for r in rows.records_where(session, kind, task_force_id=task_force_id)
        if isinstance(r, record_type)
    ]


def _people(session: Session, ids: Iterable[int]) -> dict[int, Person]:
    wanted = sorted(set(ids))
    found = rows.records_where(session, K.PERSON, id=wanted) if wanted else []
    return {person.id: person for person in found if isinstance(person, Person)}


def _goal(session: Session, goal: Goal, names: Names) -> dict[str, Any]:
    kpis = [kpi for kpi in rows.records_where(session, K.KPI, goal_id=goal.id) if isinstance(kpi, Kpi)]
    return {
        "title": goal.title,
        "description": goal.description,
        "owners": names(goal.owner_function_ids),
        "kpis": [
            {
                "title": kpi.title,
                "unit": kpi.unit,
                "baseline": _number(kpi.baseline),
                "target": _number(kpi.target),
                "direction": kpi.direction.value,
                "weight": _number(kpi.weight),
                "incentive_pct": _number(kpi.incentive_pct),
                "commitment": kpi.commitment.value,
                "owners": names(kpi.owner_function_ids),
            }
            for kpi in kpis
        ],
    }


def _activity(
    session: Session, activity: Activity, names: Names, people: dict[int, Person]
) -> dict[str, Any]:
    """An activity with its RACI by function (people's letters become their functions')."""
    cells = [
        c
        for c in rows.records_where(session, K.RACI, activity_id=activity.id)
        if isinstance(c, RaciAssignment)
    ]
    people = people | _people(session, [c.person_id for c in cells if c.person_id is not None])
    own: dict[int, RaciLetter] = {}
    through_people: dict[int, RaciLetter] = {}
    for cell in cells:
        if cell.function_id is not None:
            own[cell.function_id] = cell.letter
        elif cell.person_id is not None and cell.person_id in people:
            function_id = people[cell.person_id].function_id
            held = through_people.get(function_id)
            if held is None or STRENGTH[cell.letter] < STRENGTH[held]:
                through_people[function_id] = cell.letter
    letters = through_people | own
    order = sorted(letters, key=lambda ident: (STRENGTH[letters[ident]], ident))
    return {
        "name": activity.name,
        "description": activity.description,
        "raci": dict(zip(names(order), (letters[ident].value for ident in order), strict=True)),
    }


def _deliverables(session: Session, task_force: TaskForce) -> list[dict[str, Any]]:
    """The deliverables, each after the work it waits for, with the links between them."""
    items = _of(session, K.DELIVERABLE, task_force.id, Deliverable)
    place = {item.id: n for n, item in enumerate(items)}
    links = (
        [
            link
            for link in rows.records_where(session, K.DEPENDENCY, downstream_id=list(place))
            if isinstance(link, Dependency)
            and link.upstream_id in place
            and link.upstream_id != link.downstream_id
        ]
        if place
        else []
    )
    waits: dict[int, list[Dependency]] = {ident: [] for ident in place}
    for link in links:
        waits[link.downstream_id].append(link)
    titles: dict[int, str] = {}
    taken: set[str] = set()
    written: list[dict[str, Any]] = []
    for item in _in_order(items, waits):
        title, n = item.title, 2
        while title in taken:  # the reader wants one title per deliverable
            title, n = f"{item.title} ({n})", n + 1
        taken.add(title)
        titles[item.id] = title
        entry: dict[str, Any] = {"title": title, "duration_days": _number(item.duration_days)}
        if task_force.start_date is not None and item.start_date is not None:
            offset = (item.start_date - task_force.start_date).days
            if offset > 0:
                entry["offset_days"] = offset
        depends = [
            {"title": titles[link.upstream_id], "kind": link.kind.value}
            for link in waits[item.id]
            if link.upstream_id in titles  # written before: a link closing a circle is left out
        ]
        if depends:
            entry["depends_on"] = depends
        written.append(entry)
    return written


def _in_order(items: list[Deliverable], waits: dict[int, list[Dependency]]) -> list[Deliverable]:
    """The deliverables with each after those it waits for, otherwise as they were made; in a circle
    of links, the earliest made goes first."""
    place = {item.id: n for n, item in enumerate(items)}
    waiting = {item.id: {link.upstream_id for link in waits[item.id]} for item in items}
    ready = [place[ident] for ident, upstream in waiting.items() if not upstream]
    heapq.heapify(ready)
    done: list[Deliverable] = []
    left = set(place)
    while left:
        if not ready:  # a circle: break it at the earliest made
            heapq.heappush(ready, min(place[ident] for ident in left))
        item = items[heapq.heappop(ready)]
        if item.id not in left:
            continue
        left.discard(item.id)
        done.append(item)
        for ident in left:
            if item.id in waiting[ident]:
                waiting[ident].discard(item.id)
                if not waiting[ident]:
                    heapq.heappush(ready, place[ident])
    return done


def _lesson(lesson: Lesson, task_force: TaskForce, names: Names) -> dict[str, Any]:
    return {
        "title": lesson.title,
        "outcome": lesson.outcome.value,
        "what_happened": lesson.what_happened,
        "why": lesson.why,
        "evidence": lesson.evidence,
        "next_time": lesson.next_time,
        "functions": names(lesson.function_ids),
        "tags": list(lesson.tag_list),
        "learned_by": task_force.name,
    }


def _number(value: float) -> float | int:
    """A whole number without its ".0", as a person would write it in the file."""
    return int(value) if float(value).is_integer() else value
