"""What the task-force list shows: each task force with its dates and the functions on its team."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smarket_planner.domain.enums import LifecycleStatus, TaskForceKind
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import FunctionRow, MembershipRow, PersonRow, TaskForceRow


@dataclass(frozen=True, slots=True)
class TaskForceSummary:
    """One task force as listed: name, kind, status, dates, and who is on its team."""

    id: int
    name: str
    kind: TaskForceKind
    status: LifecycleStatus
    start_date: date | None
    end_date: date | None
    objective: str
    function_ids: frozenset[int]  # the functions of its members
    membership_ids: frozenset[int]
    version: int  # the task force's, for an edit or removal made on what was seen

    @property
    def member_count(self) -> int:
        """How many people are on the team."""
        return len(self.membership_ids)


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """A person as offered in a pick list: "Name — Function"."""

    id: int
    name: str
    title: str
    function_id: int
    function_name: str
    function_colour: str

    @property
    def shown(self) -> str:
        """The person as the pick list shows them."""
        return f"{self.name} — {self.function_name}"


def task_force_summaries(plan: Plan, ids: Iterable[int] | None = None) -> list[TaskForceSummary]:
    """Every task force (or just those named), in id order, with their team's functions."""
    wanted = None if ids is None else sorted(set(ids))
    with plan.store.session() as session:
        query = select(
            TaskForceRow.id,
            TaskForceRow.name,
            TaskForceRow.kind,
            TaskForceRow.status,
            TaskForceRow.start_date,
            TaskForceRow.end_date,
            TaskForceRow.objective,
            TaskForceRow.version,
        ).order_by(TaskForceRow.id)
        if wanted is not None:
            query = query.where(TaskForceRow.id.in_(wanted))
        functions, memberships = _teams(session, wanted)
        return [
            TaskForceSummary(
                id=row.id,
                name=row.name,
                kind=TaskForceKind(row.kind),
                status=LifecycleStatus(row.status),
                start_date=row.start_date,
                end_date=row.end_date,
                objective=row.objective,
                function_ids=frozenset(functions.get(row.id, ())),
                membership_ids=frozenset(memberships.get(row.id, ())),
                version=row.version,
            )
            for row in session.execute(query)
        ]


def _teams(session: Session, wanted: list[int] | None) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """The functions and the memberships of each task force's team (of those wanted, or all)."""
    functions: dict[int, set[int]] = {}
    memberships: dict[int, set[int]] = {}
    within = () if wanted is None else (MembershipRow.task_force_id.in_(wanted),)
    if session.get_bind().dialect.name == "postgresql":
        # Over a network, rows cost more than bytes: one row per task force, its ids in arrays;
        # each person's function from the roster (a join per membership costs the server more).
        teams = select(
            MembershipRow.task_force_id,
            func.array_agg(MembershipRow.id),
            func.array_agg(MembershipRow.person_id),
        ).where(*within)
        function_of: dict[int, int] = dict(session.execute(select(PersonRow.id, PersonRow.function_id)).all())
        for task_force_id, ids, people in session.execute(teams.group_by(MembershipRow.task_force_id)):
            memberships[task_force_id] = set(ids)
            functions[task_force_id] = {function_of[person] for person in people}
        return functions, memberships
    members = select(MembershipRow.task_force_id, MembershipRow.id, PersonRow.function_id).where(*within)
    for task_force_id, membership_id, function_id in session.execute(
        members.join(PersonRow, PersonRow.id == MembershipRow.person_id)
    ):
        functions.setdefault(task_force_id, set()).add(function_id)
        memberships.setdefault(task_force_id, set()).add(membership_id)
    return functions, memberships


def task_forces_of_memberships(plan: Plan, membership_ids: Iterable[int]) -> set[int]:
    """The task forces the memberships named belong to (those still in the plan)."""
    wanted = sorted(set(membership_ids))
    if not wanted:
        return set()
    with plan.store.session() as session:
        query = select(MembershipRow.task_force_id).where(MembershipRow.id.in_(wanted))
        return set(session.scalars(query))


def task_forces_of_people(plan: Plan, person_ids: Iterable[int]) -> set[int]:
    """The task forces the people named are members of."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return set()
    with plan.store.session() as session:
        query = select(MembershipRow.task_force_id).where(MembershipRow.person_id.in_(wanted))
        return set(session.scalars(query))


def people_choices(plan: Plan) -> list[PersonChoice]:
    """Everyone in the roster, by name, with their function, for pick lists."""
    with plan.store.session() as session:
        query = (
            select(
                PersonRow.id,
                PersonRow.name,
                PersonRow.title,
                FunctionRow.id,
                FunctionRow.name,
                FunctionRow.colour,
            )
            .join(FunctionRow, FunctionRow.id == PersonRow.function_id)
            .order_by(PersonRow.id)
        )
        people = [PersonChoice(*row) for row in session.execute(query)]
    # Sorted here rather than by the database, so "Émile" sits among the Es, not after "Zoë".
    return sorted(people, key=lambda p: (unicodedata.normalize("NFKD", p.name.casefold()), p.id))
