"""Who could take an open role, and why, in words; and what taking it would make of someone's load."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from smarket_planner.analysis.model import TOLERANCE
from smarket_planner.analysis.plan_index import day, days, join_names
from smarket_planner.domain.errors import DuplicateError, LifecycleError, NotFoundError
from smarket_planner.domain.records import EntityKind, split_tags
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.actions.rows import load_row
from smarket_planner.services.views.open_roles_view import OpenRoleView, open_roles
from smarket_planner.services.views.role_bookings import bookings, peak, peak_loads, role_days, running_on
from smarket_planner.services.views.staffing_view import RESTING, percent, search_key
from smarket_planner.storage.model import FunctionRow, MembershipRow, PersonRow, TaskForceRow

WORKED_WITH_SHOWN = 3  # team members named as past colleagues of a candidate, at most


class _Fit(NamedTuple):
    """How one person of the pool fits an open role, before it is put in words."""

    person_id: int
    name: str
    title: str
    function_id: int
    function_name: str
    function_colour: str
    same_function: bool
    free_pct: float
    can_take: bool
    skills_matched: tuple[str, ...]
    version: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone who could take an open role, and why, in words."""

    person_id: int
    name: str
    title: str
    function_id: int
    function_name: str
    function_colour: str
    same_function: bool
    free_pct: float  # the least free share of their week on any day of the role's span
    can_take: bool  # free enough for the role's whole allocation throughout
    skills_matched: tuple[str, ...]  # the role's wanted skills the person has, as the role spells them
    worked_with: tuple[tuple[str, str], ...]  # (team member, other task force): shared a team before
    reason: str  # "Marketing · free 40% from 3 Mar 2026 to 30 Jun 2026 · knows German"
    version: int  # the person's


@dataclass(frozen=True, slots=True)
class LoadAfter:
    """What taking the role would make of a person's load, shown before committing."""

    person_id: int
    name: str
    capacity_pct: float
    peak_before: float  # the highest load over the role's span now
    peak_after: float  # with the role's share added
    first_day: date  # the role's span
    last_day: date
    shares: tuple[tuple[str, float, bool], ...]  # (task force, share, pencilled) at the peak after
    breakdown: str  # "Launch 50% · DACH Market Entry 20% (pencil) = 70% of 100% capacity, ..."

    @property
    def over_capacity(self) -> bool:
        """Whether taking the role would ask more of the person than they have to give."""
        return self.peak_after > self.capacity_pct + TOLERANCE


def candidates(
    plan: Plan, open_role_id: int, *, limit: int = 10, today: date | None = None
) -> list[Candidate]:
    """The people best placed to take an open role, best first.

    The pool: everyone of the role's function, and anyone else with a skill the role wants,
    never someone already on the team. Ranked by: same function, free enough for the whole
    allocation over the whole span, skills matched, worked with the team before, free share,
    then name. A few set-based reads; only the bookings of people whose bookings do not all
    run at once are swept in Python.
    """
    today = today or date.today()
    role = _staffable_role(plan, open_role_id)
    first, last = role_days(role, today)
    pool = _pool_condition(role)
    in_pool = select(PersonRow.id).where(pool)
    with plan.store.session() as session:
        people = session.execute(_pool_query(pool)).all()
        loads = peak_loads(session, MembershipRow.person_id.in_(in_pool), first, last, today)
        known = _worked_with_team(session, role.task_force_id, in_pool)
        ranked = []
        for ident, name, title, function_id, function, colour, capacity, skills, version in people:
            matched = _matched(role.skills, skills)
            same = function_id == role.function_id
            if not same and not matched:
                continue  # the database looked for the skills' letters; the tags decide
            free = max(0.0, round(capacity - loads.get(ident, 0.0), 6))
            can_take = free >= role.allocation_pct - TOLERANCE
            key = (not same, not can_take, -len(matched), ident not in known, -free, search_key(name), ident)
            fit = _Fit(
                ident, name, title, function_id, function, colour, same, free, can_take, matched, version
            )
            ranked.append((key, fit))
        best = [fit for _, fit in heapq.nsmallest(limit, ranked)] if limit > 0 else []
        colleagues = _colleagues(
            session, role.task_force_id, [f.person_id for f in best if f.person_id in known]
        )
    return [_candidate(role, first, last, fit, colleagues.get(fit.person_id, {})) for fit in best]


def load_after(plan: Plan, open_role_id: int, person_id: int, *, today: date | None = None) -> LoadAfter:
    """A person's highest load over the role's span now, and with the role's share added."""
    today = today or date.today()
    role = _staffable_role(plan, open_role_id)
    first, last = role_days(role, today)
    with plan.store.session() as session:
        person = load_row(session, EntityKind.PERSON, person_id)
        name, capacity = person.name, person.capacity_pct
        on_team = select(MembershipRow.id).where(
            MembershipRow.task_force_id == role.task_force_id, MembershipRow.person_id == person_id
        )
        if session.execute(on_team).first() is not None:
            raise DuplicateError(f"{name} is already on {role.task_force_name}.")
        booked = bookings(session, MembershipRow.person_id == person_id, first, last, today)[person_id]
        top, at = peak(booked, first, last)
        running = running_on(booked, at)
        teams = _teams(session, [booking.task_force_id for booking in running])
    shares = (
        *((teams[b.task_force_id][0], b.share, teams[b.task_force_id][1]) for b in running),
        (role.task_force_name, role.allocation_pct, role.pencilled),
    )
    after = round(top + role.allocation_pct, 6)
    parts = " · ".join(
        f"{team} {percent(share)}" + (" (pencil)" if pencil else "") for team, share, pencil in shares
    )
    breakdown = f"{parts} = {percent(after)} of {percent(capacity)} capacity, {days(first, last)}"
    return LoadAfter(person_id, name, capacity, top, after, first, last, shares, breakdown)


def _staffable_role(plan: Plan, open_role_id: int) -> OpenRoleView:
    """An open role as the Team tab shows it, refused if its task force no longer takes anyone's time."""
    with plan.store.session() as session:
        task_force_id = load_row(session, EntityKind.OPEN_ROLE, open_role_id).task_force_id
    role = next((r for r in open_roles(plan, task_force_id=task_force_id) if r.id == open_role_id), None)
    if role is None:
        raise NotFoundError(f"That {EntityKind.OPEN_ROLE.label} is no longer in the plan.")
    if role.status in RESTING:
        raise LifecycleError(
            f"'{role.task_force_name}' is {role.status.label.lower()}, so its open roles are no longer "
            "staffed; re-form the task force to staff it again."
        )
    return role


def _pool_condition(role: OpenRoleView) -> ColumnElement[bool]:
    """People of the role's function, or whose skills may hold a wanted one; none on the team already."""
    team = select(MembershipRow.person_id).where(MembershipRow.task_force_id == role.task_force_id)
    skilled = _skill_conditions(role.skills) if role.skills else []
    return or_(PersonRow.function_id == role.function_id, *skilled) & PersonRow.id.not_in(team)


def _skill_conditions(skills: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """People whose skills may hold one of those wanted (their tags decide, in Python)."""
    if not all(skill.isascii() for skill in skills):
        # A database folds the case of plain letters only: anyone with skills is looked at.
        return [PersonRow.skills != ""]
    # Most people have no skills noted: that is checked first, the letters only for the others.
    letters = [PersonRow.skills.ilike(f"%{_escaped(skill)}%", escape="\\") for skill in skills]
    return [and_(PersonRow.skills != "", or_(*letters))]


def _escaped(text: str) -> str:
    """Text to look for with LIKE, its wildcards taken as plain characters."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pool_query(pool: ColumnElement[bool]) -> Select[int, str, str, int, str, str, float, str, int]:
    return (
        select(
            PersonRow.id,
            PersonRow.name,
            PersonRow.title,
            PersonRow.function_id,
            FunctionRow.name,
            FunctionRow.colour,
            PersonRow.capacity_pct,
            PersonRow.skills,
            PersonRow.version,
        )
        .join(FunctionRow, FunctionRow.id == PersonRow.function_id)
        .where(pool)
    )


def _matched(wanted: tuple[str, ...], skills: str) -> tuple[str, ...]:
    """The wanted skills the person has, any case, as the role spells them, each once."""
    if not wanted or not skills:
        return ()
    held = {tag.casefold() for tag in split_tags(skills)}
    found: dict[str, str] = {}
    for skill in wanted:
        if skill.casefold() in held:
            found.setdefault(skill.casefold(), skill)
    return tuple(found.values())


# A person of the pool on another task force with a member of the role's team: any status, for a
# dispersed team is where most people worked together before.
_MINE, _THEIRS, _ON_TEAM = (aliased(MembershipRow, name=name) for name in ("mine", "theirs", "on_team"))
_MEMBER = aliased(PersonRow, name="member")


def _alongside_team(task_force_id: int, *columns: Any) -> Select[Any]:
    """The rows of someone on another task force with a member of this one."""
    return (
        select(*columns)
        .select_from(_ON_TEAM)
        .join(_THEIRS, _THEIRS.person_id == _ON_TEAM.person_id)
        .join(_MINE, _MINE.task_force_id == _THEIRS.task_force_id)
        .where(_ON_TEAM.task_force_id == task_force_id, _THEIRS.task_force_id != task_force_id)
    )


def _worked_with_team(session: Session, task_force_id: int, in_pool: Select[Any]) -> set[int]:
    """The people of the pool who shared another task force with a member of the team."""
    # "+ 0": checked row by row; as an index key, SQLite would look up every person of the pool
    # on every task force the members were ever on (a hundred times slower).
    query = _alongside_team(task_force_id, _MINE.person_id).where((_MINE.person_id + 0).in_(in_pool))
    return set(session.scalars(query.distinct()))


def _colleagues(
    session: Session, task_force_id: int, people: list[int]
) -> dict[int, dict[int, tuple[str, int, str]]]:
    """For each person named, the team members they shared another task force with.

    Person -> team member -> (member's name, the latest such task force's id, its name).
    """
    if not people:
        return {}
    query = (
        _alongside_team(
            task_force_id,
            _MINE.person_id,
            _ON_TEAM.person_id,
            _MEMBER.name,
            TaskForceRow.id,
            TaskForceRow.name,
        )
        .join(TaskForceRow, TaskForceRow.id == _MINE.task_force_id)
        .join(_MEMBER, _MEMBER.id == _ON_TEAM.person_id)
        .where(_MINE.person_id.in_(people))
    )
    found: dict[int, dict[int, tuple[str, int, str]]] = defaultdict(dict)
    for person, member_id, member_name, team_id, team_name in session.execute(query):
        known = found[person].get(member_id)
        if known is None or team_id > known[1]:
            found[person][member_id] = (member_name, team_id, team_name)
    return found


def _teams(session: Session, ids: list[int]) -> dict[int, tuple[str, bool]]:
    """The name of each task force, and whether it books in pencil."""
    query = select(TaskForceRow.id, TaskForceRow.name, TaskForceRow.status).where(TaskForceRow.id.in_(ids))
    return {ident: (name, status.pencilled) for ident, name, status in session.execute(query)}


def _candidate(
    role: OpenRoleView, first: date, last: date, fit: _Fit, known: dict[int, tuple[str, int, str]]
) -> Candidate:
    """One ranked person as the Team tab shows them, with the reason in words."""
    ordered = sorted(known.values(), key=lambda item: (search_key(item[0]), item[0], -item[1]))
    worked_with = tuple((member, team) for member, _, team in ordered[:WORKED_WITH_SHOWN])
    span = f"on {day(first)}" if first == last else f"from {days(first, last)}"
    needs = f"(needs {percent(role.allocation_pct)})"
    if fit.can_take:
        free_words = f"free {percent(fit.free_pct)} {span}"
    elif fit.free_pct <= 0:
        free_words = f"fully booked {span} {needs}"
    else:
        free_words = f"only {percent(fit.free_pct)} free {span} {needs}"
    parts = [fit.function_name, free_words]
    if fit.skills_matched:
        parts.append(f"knows {', '.join(fit.skills_matched)}")
    if worked_with:
        on_team: dict[str, list[str]] = defaultdict(list)
        for member, team in worked_with:
            on_team[team].append(member)
        parts.append(
            "worked with " + ", ".join(f"{join_names(names)} on {team}" for team, names in on_team.items())
        )
    # The fit's fields are the candidate's first ten, and its version the last.
    return Candidate(*fit[:10], worked_with, " · ".join(parts), fit.version)
