"""What the Goals & KPIs tab reads: a task force's goals, their KPIs and each KPI's check-ins."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from smarket_planner.analysis import kpi_status
from smarket_planner.analysis.model import KpiStatus
from smarket_planner.domain.enums import KpiCommitment, KpiDirection
from smarket_planner.domain.records import CheckIn, EntityKind, Kpi
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.base import code_order
from smarket_planner.storage.model import (
    CheckInRow,
    FunctionRow,
    GoalRow,
    KpiRow,
    MembershipRow,
    PersonRow,
)


@dataclass(frozen=True, slots=True)
class OwnerFunction:
    """A function that owns a goal or a KPI, with the colour it has everywhere."""

    id: int
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One check-in reduced to what a trend line needs."""

    checked_on: date
    value: float


@dataclass(frozen=True, slots=True)
class KpiView:
    """A KPI as the tab shows it: its fields, owners, accountable person and latest check-in."""

    id: int
    goal_id: int
    title: str
    unit: str
    baseline: float
    target: float
    direction: KpiDirection
    start_date: date | None
    due_date: date | None
    weight: float
    incentive_pct: float
    commitment: KpiCommitment
    accountable_id: int | None
    accountable_name: str | None
    owners: tuple[OwnerFunction, ...]
    task_force_start: date | None
    trend: tuple[TrendPoint, ...]
    latest_confidence: int | None
    version: int = 1
    status: KpiStatus = KpiStatus.NO_DATA  # judged as the findings and the charter judge it

    @property
    def owner_function_ids(self) -> tuple[int, ...]:
        """The ids of the owning functions, in id order."""
        return tuple(owner.id for owner in self.owners)

    @property
    def trajectory_start(self) -> date | None:
        """Where the expected trajectory starts: the KPI's own start, else the task force's."""
        return kpi_status.trajectory_start(self, self.task_force_start)

    @property
    def check_in_count(self) -> int:
        """How many check-ins the KPI has."""
        return len(self.trend)

    @property
    def latest_value(self) -> float | None:
        """The value of the most recent check-in, if any."""
        return self.trend[-1].value if self.trend else None

    @property
    def latest_on(self) -> date | None:
        """The date of the most recent check-in, if any."""
        return self.trend[-1].checked_on if self.trend else None


@dataclass(frozen=True, slots=True)
class GoalView:
    """A goal of a task force with its owner functions and the KPIs under it."""

    id: int
    task_force_id: int
    title: str
    description: str
    owners: tuple[OwnerFunction, ...]
    kpis: tuple[KpiView, ...]
    version: int = 1

    @property
    def owner_function_ids(self) -> tuple[int, ...]:
        """The ids of the owning functions, in id order."""
        return tuple(owner.id for owner in self.owners)

    @property
    def is_silo(self) -> bool:
        """A goal owned by one function only: nobody else shares it."""
        return len(self.owners) == 1


@dataclass(frozen=True, slots=True)
class PersonChoice:
    """Someone who can be made accountable for a KPI; members of the task force come first."""

    id: int
    name: str
    function_name: str
    colour: str
    is_member: bool


def _owners(functions: list[FunctionRow]) -> tuple[OwnerFunction, ...]:
    return tuple(OwnerFunction(f.id, f.name, f.colour) for f in functions)


def _trends(session: Session, kpi_ids: list[int]) -> dict[int, list[CheckInRow]]:
    found: dict[int, list[CheckInRow]] = defaultdict(list)
    if kpi_ids:
        query = (
            select(CheckInRow)
            .where(CheckInRow.kpi_id.in_(kpi_ids))
            .order_by(CheckInRow.checked_on, CheckInRow.id)
        )
        for row in session.scalars(query):
            found[row.kpi_id].append(row)
    return found


def _kpi_view(
    row: KpiRow, names: dict[int, str], history: list[CheckInRow], start: date | None, today: date
) -> KpiView:
    latest = history[-1] if history else None
    record = cast(Kpi, rows.to_record(EntityKind.KPI, row))
    check_in = None
    if latest is not None:
        check_in = CheckIn(latest.id, row.id, latest.checked_on, latest.value, latest.confidence)
    return KpiView(
        id=row.id,
        goal_id=row.goal_id,
        title=row.title,
        unit=row.unit,
        baseline=row.baseline,
        target=row.target,
        direction=row.direction,
        start_date=row.start_date,
        due_date=row.due_date,
        weight=row.weight,
        incentive_pct=row.incentive_pct,
        commitment=row.commitment,
        accountable_id=row.accountable_id,
        accountable_name=names.get(row.accountable_id) if row.accountable_id else None,
        owners=_owners(row.owners),
        task_force_start=start,
        trend=tuple(TrendPoint(c.checked_on, c.value) for c in history),
        latest_confidence=latest.confidence if latest else None,
        version=row.version,
        status=kpi_status.kpi_status(record, check_in, today, start),
    )


def goals_of(plan: Plan, task_force_id: int, today: date | None = None) -> list[GoalView]:
    """The goals of a task force in the order they were added, each with its KPIs and their status today."""
    today = today or date.today()
    with plan.store.session() as session:
        task_force = rows.load_row(session, EntityKind.TASK_FORCE, task_force_id)
        goals = list(
            session.scalars(
                select(GoalRow).where(GoalRow.task_force_id == task_force_id).order_by(GoalRow.id)
            )
        )
        kpis = list(
            session.scalars(
                select(KpiRow).where(KpiRow.goal_id.in_([g.id for g in goals])).order_by(KpiRow.id)
            )
        )
        people = {k.accountable_id for k in kpis if k.accountable_id is not None}
        found = session.execute(select(PersonRow.id, PersonRow.name).where(PersonRow.id.in_(people)))
        names = {ident: name for ident, name in found}
        trends = _trends(session, [k.id for k in kpis])
        start = task_force.start_date
        by_goal: dict[int, list[KpiView]] = defaultdict(list)
        for kpi in kpis:
            by_goal[kpi.goal_id].append(_kpi_view(kpi, names, trends[kpi.id], start, today))
        return [
            GoalView(
                id=goal.id,
                task_force_id=goal.task_force_id,
                title=goal.title,
                description=goal.description,
                owners=_owners(goal.owners),
                kpis=tuple(by_goal[goal.id]),
                version=goal.version,
            )
            for goal in goals
        ]


def check_ins_of(plan: Plan, kpi_id: int) -> list[CheckIn]:
    """Every check-in of a KPI, oldest first (same-day check-ins in the order recorded)."""
    with plan.store.session() as session:
        rows.load_row(session, EntityKind.KPI, kpi_id)
        query = (
            select(CheckInRow)
            .where(CheckInRow.kpi_id == kpi_id)
            .order_by(CheckInRow.checked_on, CheckInRow.id)
        )
        return [
            CheckIn(row.id, row.kpi_id, row.checked_on, row.value, row.confidence, row.note, row.version)
            for row in session.scalars(query)
        ]


def functions_of(plan: Plan) -> list[OwnerFunction]:
    """Every function of the plan, by name, to choose owners from."""
    with plan.store.session() as session:
        return list(
            _owners(list(session.scalars(select(FunctionRow).order_by(code_order(FunctionRow.name)))))
        )


def people_for(plan: Plan, task_force_id: int | None) -> list[PersonChoice]:
    """Everyone who can be accountable for a KPI: the task force's members first, then by name."""
    with plan.store.session() as session:
        members: set[int] = set()
        if task_force_id is not None:
            members = set(
                session.scalars(
                    select(MembershipRow.person_id).where(MembershipRow.task_force_id == task_force_id)
                )
            )
        query = select(PersonRow.id, PersonRow.name, FunctionRow.name, FunctionRow.colour).join(
            FunctionRow, PersonRow.function_id == FunctionRow.id
        )
        choices = [
            PersonChoice(ident, name, function, colour, ident in members)
            for ident, name, function, colour in session.execute(query)
        ]
    return sorted(choices, key=lambda p: (not p.is_member, p.name.casefold(), p.id))


def expected_value(kpi: KpiView, on: date) -> float | None:
    """Where the KPI should stand on a day, on the same line the findings judge it against.

    The line runs straight from baseline at its start (else the task force's) to target at its
    due date and is held flat outside those dates; None when a date is missing.

    >>> from datetime import date
    >>> k = KpiView(1, 1, "Leads", "", 0.0, 100.0, KpiDirection.UP, date(2026, 1, 1), date(2026, 1, 11),
    ...             1.0, 0.0, KpiCommitment.COMMITTED, None, None, (), None, (), None)
    >>> expected_value(k, date(2026, 1, 6))
    50.0
    """
    return kpi_status.expected_value(kpi, on, kpi.task_force_start)
