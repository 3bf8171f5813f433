"""Small hand-built plans for the analysis tests: a builder with sensible defaults and a clean plan."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from smarket_planner.analysis.model import AllocationPeak, PlanData
from smarket_planner.domain.enums import (
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    TaskForceKind,
)
from smarket_planner.domain.records import (
    Activity,
    CheckIn,
    Deliverable,
    Dependency,
    Function,
    Goal,
    Kpi,
    Membership,
    OpenRole,
    Person,
    Question,
    RaciAssignment,
    TaskForce,
)

TODAY = date(2026, 11, 23)  # a Monday
START = date(2026, 9, 1)
END = date(2027, 3, 31)

R = TypeVar("R")


class PlanBuilder:
    """Collects records with ids handed out per kind; ``build()`` makes the PlanData."""

    def __init__(self, today: date = TODAY) -> None:
        self.today = today
        self.records: dict[type[Any], list[Any]] = {}
        self.check_ins: dict[int, CheckIn] = {}
        self.peaks: list[AllocationPeak] = []
        self.confirmed: list[AllocationPeak] = []
        self._next: dict[type[Any], int] = {}

    def _add(self, record_type: type[R], /, **values: Any) -> R:
        ident = self._next.get(record_type, 1)
        self._next[record_type] = ident + 1
        record = record_type(id=ident, **values)  # type: ignore[call-arg]
        self.records.setdefault(record_type, []).append(record)
        return record

    def _all(self, kind: type[R]) -> tuple[R, ...]:
        return tuple(self.records.get(kind, ()))

    def function(self, name: str, colour: str = "#777777") -> Function:
        """A function such as Sales."""
        return self._add(Function, name=name, colour=colour)

    def person(self, name: str, function: Function, capacity_pct: float = 100.0, **values: Any) -> Person:
        """Someone of ``function`` who can be staffed."""
        return self._add(Person, name=name, function_id=function.id, capacity_pct=capacity_pct, **values)

    def task_force(
        self,
        name: str,
        kind: TaskForceKind = TaskForceKind.PRODUCT_LAUNCH,
        status: LifecycleStatus = LifecycleStatus.ACTIVE,
        start: date | None = START,
        end: date | None = END,
        **values: Any,
    ) -> TaskForce:
        """A task force, active from START to END unless told otherwise."""
        return self._add(
            TaskForce, name=name, kind=kind, status=status, start_date=start, end_date=end, **values
        )

    def member(
        self,
        task_force: TaskForce,
        person: Person,
        allocation_pct: float = 20.0,
        role: MembershipRole = MembershipRole.CORE,
        **values: Any,
    ) -> Membership:
        """``person`` on ``task_force``."""
        return self._add(
            Membership,
            task_force_id=task_force.id,
            person_id=person.id,
            allocation_pct=allocation_pct,
            role=role,
            **values,
        )

    def open_role(
        self, task_force: TaskForce, function: Function, allocation_pct: float = 20.0, **values: Any
    ) -> OpenRole:
        """A place on ``task_force`` for someone from ``function``, still to be staffed."""
        return self._add(
            OpenRole,
            task_force_id=task_force.id,
            function_id=function.id,
            allocation_pct=allocation_pct,
            **values,
        )

    def goal(
        self, task_force: TaskForce, title: str, owners: tuple[Function, ...] = (), **values: Any
    ) -> Goal:
        """A goal of ``task_force`` owned by ``owners``."""
        owner_ids = tuple(owner.id for owner in owners)
        return self._add(
            Goal, task_force_id=task_force.id, title=title, owner_function_ids=owner_ids, **values
        )

    def kpi(
        self,
        goal: Goal,
        title: str,
        owners: tuple[Function, ...] = (),
        accountable: Person | None = None,
        **values: Any,
    ) -> Kpi:
        """A KPI under ``goal``: 0 to 100, up is better, due at END, committed and without pay by default."""
        values.setdefault("baseline", 0.0)
        values.setdefault("target", 100.0)
        values.setdefault("due_date", END)
        return self._add(
            Kpi,
            goal_id=goal.id,
            title=title,
            owner_function_ids=tuple(owner.id for owner in owners),
            accountable_id=accountable.id if accountable else None,
            **values,
        )

    def check_in(self, kpi: Kpi, on: date, value: float, confidence: int = 7) -> CheckIn:
        """A check-in of ``kpi``; the latest one by date is the one the plan keeps."""
        ident = self._next.get(CheckIn, 1)
        self._next[CheckIn] = ident + 1
        record = CheckIn(ident, kpi.id, on, value, confidence)
        current = self.check_ins.get(kpi.id)
        if current is None or current.checked_on <= on:
            self.check_ins[kpi.id] = record
        return record

    def activity(self, task_force: TaskForce, name: str) -> Activity:
        """An activity of ``task_force`` awaiting its RACI."""
        return self._add(Activity, task_force_id=task_force.id, name=name)

    def raci(self, activity: Activity, letter: RaciLetter, holder: Function | Person) -> RaciAssignment:
        """``holder`` (a function or a person) gets ``letter`` on ``activity``."""
        if isinstance(holder, Function):
            return self._add(RaciAssignment, activity_id=activity.id, letter=letter, function_id=holder.id)
        return self._add(RaciAssignment, activity_id=activity.id, letter=letter, person_id=holder.id)

    def deliverable(
        self, task_force: TaskForce, title: str, owner: Person | None = None, **values: Any
    ) -> Deliverable:
        """A deliverable of ``task_force``."""
        owner_id = owner.id if owner else None
        return self._add(Deliverable, task_force_id=task_force.id, title=title, owner_id=owner_id, **values)

    def dependency(
        self, upstream: Deliverable, downstream: Deliverable, kind: DependencyKind = DependencyKind.BLOCKING
    ) -> Dependency:
        """``downstream`` depends on ``upstream``."""
        return self._add(Dependency, upstream_id=upstream.id, downstream_id=downstream.id, kind=kind)

    def question(
        self, task_force: TaskForce, text: str, answerer: Person | None = None, **values: Any
    ) -> Question:
        """A question of ``task_force`` for ``answerer`` to answer, open unless given an answer."""
        answerer_id = answerer.id if answerer else None
        return self._add(
            Question, task_force_id=task_force.id, question=text, answerer_id=answerer_id, **values
        )

    def peak(
        self,
        person: Person,
        peak_pct: float,
        first_day: date,
        last_day: date,
        task_forces: tuple[TaskForce, ...],
        overload: tuple[date, date] | None = None,
    ) -> AllocationPeak:
        """An over-allocation peak as the database would report it, with its whole run if given."""
        teams = tuple(t.id for t in task_forces)
        record = AllocationPeak(person.id, peak_pct, first_day, last_day, teams, *(overload or (None, None)))
        self.peaks.append(record)
        return record

    def confirmed_peak(
        self,
        person: Person,
        peak_pct: float,
        first_day: date,
        last_day: date,
        task_forces: tuple[TaskForce, ...],
    ) -> AllocationPeak:
        """An overload on active task forces alone, as the database would report it."""
        record = AllocationPeak(person.id, peak_pct, first_day, last_day, tuple(t.id for t in task_forces))
        self.confirmed.append(record)
        return record

    def replace(self, record: R, **changes: Any) -> R:
        """Swap ``record`` for a copy with ``changes``; return the copy."""
        kind = type(record)
        rows = self.records[kind]
        index = next(i for i, row in enumerate(rows) if row.id == getattr(record, "id"))  # noqa: B009
        rows[index] = dataclasses.replace(record, **changes)  # type: ignore[type-var]
        return rows[index]  # type: ignore[no-any-return]

    def remove(self, record: Any) -> None:
        """Leave ``record`` out of the plan."""
        self.records[type(record)] = [row for row in self.records[type(record)] if row.id != record.id]

    def build(self) -> PlanData:
        """The plan as the services would hand it to the analysis."""
        return PlanData(
            today=self.today,
            functions=self._all(Function),
            people=self._all(Person),
            task_forces=self._all(TaskForce),
            memberships=self._all(Membership),
            goals=self._all(Goal),
            kpis=self._all(Kpi),
            latest_check_ins=dict(self.check_ins),
            activities=self._all(Activity),
            raci=self._all(RaciAssignment),
            deliverables=self._all(Deliverable),
            dependencies=self._all(Dependency),
            allocation_peaks=tuple(self.peaks),
            questions=self._all(Question),
            open_roles=self._all(OpenRole),
            confirmed_peaks=tuple(self.confirmed),
        )


@dataclass
class CleanPlan:
    """A well-run product launch: three functions, a shared goal and KPI, a full RACI, fresh check-in."""

    builder: PlanBuilder
    sales: Function
    marketing: Function
    product: Function
    priya: Person  # Sales, the lead
    jonas: Person  # Marketing
    aiko: Person  # Product
    launch: TaskForce
    goal: Goal
    kpi: Kpi
    activity: Activity

    def build(self) -> PlanData:
        """The plan as PlanData."""
        return self.builder.build()


def clean_plan(today: date = TODAY) -> CleanPlan:
    """A plan that none of the alignment checks should complain about."""
    b = PlanBuilder(today)
    sales, marketing, product = b.function("Sales"), b.function("Marketing"), b.function("Product")
    priya = b.person("Priya Raman", sales)
    jonas = b.person("Jonas Weber", marketing)
    aiko = b.person("Aiko Tanaka", product)
    launch = b.task_force("Atlas Launch", lead_id=priya.id, sponsor_id=aiko.id)
    b.member(launch, priya, 40.0, MembershipRole.LEAD)
    b.member(launch, jonas, 30.0)
    b.member(launch, aiko, 30.0)
    goal = b.goal(launch, "Win the mid-market", (sales, marketing, product))
    kpi = b.kpi(
        goal,
        "Qualified pipeline",
        (sales, marketing),
        priya,
        unit="deals",
        incentive_pct=10.0,
        commitment=KpiCommitment.COMMITTED,
        direction=KpiDirection.UP,
    )
    # On 16 Nov, 76 of the 211 days have passed: 36 deals expected, 45 reached.
    b.check_in(kpi, today - timedelta(days=7), 45.0, confidence=8)
    activity = b.activity(launch, "Lead qualification")
    b.raci(activity, RaciLetter.ACCOUNTABLE, priya)
    b.raci(activity, RaciLetter.RESPONSIBLE, marketing)
    b.raci(activity, RaciLetter.CONSULTED, product)
    brief = b.deliverable(
        launch, "Launch brief", jonas, duration_days=10, start_date=START, due_date=date(2026, 9, 15)
    )
    playbook = b.deliverable(
        launch,
        "Sales playbook",
        priya,
        duration_days=10,
        start_date=date(2026, 9, 16),
        due_date=date(2026, 9, 30),
    )
    b.dependency(brief, playbook, DependencyKind.HAND_OFF)
    return CleanPlan(b, sales, marketing, product, priya, jonas, aiko, launch, goal, kpi, activity)
