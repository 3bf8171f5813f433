"""Who is staffed where: the roster, the functions, a task force's team and everyone's load."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import String, cast, func, select

from smarket_planner.domain.enums import LifecycleStatus, MembershipRole
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import FunctionRow, MembershipRow, PersonRow, TaskForceRow

# Task forces in these statuses no longer take anyone's time.
RESTING = (LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED)
# Separators for the shares packed into one aggregated string: names never hold control characters.
_FIELD = "\x1f"
_SHARE = "\x1e"
_ROLE_ORDER = {role: rank for rank, role in enumerate(MembershipRole)}


def percent(value: float) -> str:
    """A percentage as a manager reads it: 50%, 12.5%, 33.33%."""
    shown = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return f"{shown}%"


def search_key(*texts: str | None) -> str:
    """Text folded for searching: case and accents ignored, so "lindstrom" finds Lindström."""
    joined = " ".join(text for text in texts if text)
    if joined.isascii():
        return joined.lower()
    plain = unicodedata.normalize("NFKD", joined.casefold())
    return "".join(char for char in plain if not unicodedata.combining(char))


@dataclass(frozen=True, slots=True)
class FunctionSummary:
    """A function with its colour and how many people it has."""

    id: int
    name: str
    colour: str
    description: str
    head_count: int
    version: int  # the function's, for an edit or removal made on what was seen


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A person in the roster, with the name and colour of their function."""

    id: int
    name: str
    title: str
    email: str | None
    location: str
    capacity_pct: float
    function_id: int
    function_name: str
    function_colour: str
    version: int  # the person's, for an edit or removal made on what was seen
    skills: str = ""  # comma separated, as typed

    @property
    def search_text(self) -> str:
        """What a roster search looks in: name, title, e-mail, location, function and skills."""
        return search_key(self.name, self.title, self.email, self.location, self.function_name, self.skills)


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One member of a task force: the membership (its id) and the person on it."""

    id: int
    task_force_id: int
    person_id: int
    person_name: str
    title: str
    function_id: int
    function_name: str
    function_colour: str
    role: MembershipRole
    allocation_pct: float
    start_date: date | None
    end_date: date | None
    capacity_pct: float
    version: int  # the membership's, for an edit or removal made on what was seen


@dataclass(frozen=True, slots=True)
class AllocationShare:
    """The share of a person's week that one task force takes."""

    task_force_id: int
    task_force_name: str
    allocation_pct: float


@dataclass(frozen=True, slots=True)
class PersonLoad:
    """A person's total allocation across every live task force, and what makes it up."""

    person_id: int
    capacity_pct: float
    total_pct: float
    packed_shares: str = ""  # as the grouped query hands them over; read ``shares``

    @property
    def shares(self) -> tuple[AllocationShare, ...]:
        """The task forces that make up the total, each with its allocation, oldest first."""
        found = []
        for item in self.packed_shares.split(_SHARE) if self.packed_shares else ():
            ident, allocation, name = item.split(_FIELD, 2)
            found.append(AllocationShare(int(ident), name, float(allocation)))
        return tuple(sorted(found, key=lambda share: share.task_force_id))

    @property
    def over_capacity(self) -> bool:
        """Whether the task forces ask more of the person than they have to give."""
        return self.total_pct > self.capacity_pct + 1e-9

    @property
    def breakdown(self) -> str:
        """The load in one line: "Launch 50% · Pursuit 40% = 90% of 100% capacity"."""
        capacity = f"{percent(self.capacity_pct)} capacity"
        shares = self.shares
        if not shares:
            return f"On no live task force (0% of {capacity})"
        parts = " · ".join(f"{s.task_force_name} {percent(s.allocation_pct)}" for s in shares)
        return f"{parts} = {percent(self.total_pct)} of {capacity}"


def functions(plan: Plan, function_ids: Collection[int] | None = None) -> list[FunctionSummary]:
    """Functions in the order they were made, each with its head count."""
    query = (
        select(FunctionRow, func.count(PersonRow.id))
        .outerjoin(PersonRow, PersonRow.function_id == FunctionRow.id)
        .group_by(FunctionRow.id)
        .order_by(FunctionRow.id)
    )
    if function_ids is not None:
        query = query.where(FunctionRow.id.in_(list(function_ids)))
    with plan.store.session() as session:
        return [
            FunctionSummary(row.id, row.name, row.colour, row.description, count, row.version)
            for row, count in session.execute(query)
        ]


def roster(plan: Plan, person_ids: Collection[int] | None = None) -> list[RosterEntry]:
    """People with their function, sorted by name (case and accents aside)."""
    query = select(
        PersonRow.id,
        PersonRow.name,
        PersonRow.title,
        PersonRow.email,
        PersonRow.location,
        PersonRow.capacity_pct,
        PersonRow.function_id,
        FunctionRow.name,
        FunctionRow.colour,
        PersonRow.version,
        PersonRow.skills,
    ).join(FunctionRow, FunctionRow.id == PersonRow.function_id)
    if person_ids is not None:
        query = query.where(PersonRow.id.in_(list(person_ids)))
    with plan.store.session() as session:
        rows: list[Any] = list(session.execute(query))  # eleven columns: past the row types spelled out
        entries = [RosterEntry(*row) for row in rows]
    return sorted(entries, key=lambda entry: (search_key(entry.name), entry.id))


def team(
    plan: Plan,
    task_force_id: int,
    *,
    membership_ids: Collection[int] | None = None,
    person_ids: Collection[int] | None = None,
) -> list[TeamMember]:
    """The members of a task force, leads first, then by name; or just the ones named."""
    query = (
        select(MembershipRow, PersonRow, FunctionRow.name, FunctionRow.colour)
        .join(PersonRow, PersonRow.id == MembershipRow.person_id)
        .join(FunctionRow, FunctionRow.id == PersonRow.function_id)
        .where(MembershipRow.task_force_id == task_force_id)
    )
    if membership_ids is not None:
        query = query.where(MembershipRow.id.in_(list(membership_ids)))
    if person_ids is not None:
        query = query.where(MembershipRow.person_id.in_(list(person_ids)))
    with plan.store.session() as session:
        members = [_member(m, p, name, colour) for m, p, name, colour in session.execute(query)]
    return sorted(members, key=lambda m: (_ROLE_ORDER[m.role], search_key(m.person_name), m.id))


def _member(membership: MembershipRow, person: PersonRow, function_name: str, colour: str) -> TeamMember:
    return TeamMember(
        membership.id,
        membership.task_force_id,
        person.id,
        person.name,
        person.title,
        person.function_id,
        function_name,
        colour,
        MembershipRole(membership.role),
        membership.allocation_pct,
        membership.start_date,
        membership.end_date,
        person.capacity_pct,
        membership.version,
    )


def loads(plan: Plan, person_ids: Collection[int] | None = None) -> dict[int, PersonLoad]:
    """Each person's total allocation across live task forces, in one grouped query.

    Every person asked for is in the answer, at 0% if on no live task force.
    """
    live = (
        select(
            MembershipRow.person_id,
            MembershipRow.allocation_pct,
            (
                cast(TaskForceRow.id, String)
                + _FIELD
                + cast(MembershipRow.allocation_pct, String)
                + _FIELD
                + TaskForceRow.name
            ).label("share"),
        )
        .join(TaskForceRow, TaskForceRow.id == MembershipRow.task_force_id)
        .where(TaskForceRow.status.not_in(RESTING))
    )
    if person_ids is not None:
        live = live.where(MembershipRow.person_id.in_(list(person_ids)))
    shares = live.subquery()
    query = (
        select(
            PersonRow.id,
            PersonRow.capacity_pct,
            func.coalesce(func.sum(shares.c.allocation_pct), 0.0),
            func.aggregate_strings(shares.c.share, _SHARE),
        )
        .outerjoin(shares, shares.c.person_id == PersonRow.id)
        .group_by(PersonRow.id, PersonRow.capacity_pct)
    )
    if person_ids is not None:
        query = query.where(PersonRow.id.in_(list(person_ids)))
    with plan.store.session() as session:
        rows = session.execute(query).all()
    return {row[0]: _load(*row) for row in rows}


def _load(person_id: int, capacity: float, total: float, packed: str | None) -> PersonLoad:
    # Summed in SQL; rounded so 0.1 + 0.2 reads as the 0.3 the manager typed.
    return PersonLoad(person_id, capacity, round(float(total), 6), packed or "")
