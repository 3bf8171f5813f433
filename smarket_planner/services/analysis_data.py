"""The plan as the analysis reads it: every table in a few bulk reads, and over-allocation in SQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import fields
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Table,
    and_,
    cast,
    func,
    literal,
    select,
    union,
    union_all,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import AllocationPeak, PlanData
from smarket_planner.domain.records import (
    Activity,
    CheckIn,
    Deliverable,
    Dependency,
    Function,
    Goal,
    Kpi,
    Membership,
    Person,
    RaciAssignment,
    TaskForce,
)
from smarket_planner.services.plan import Plan
from smarket_planner.services.staffing_view import RESTING
from smarket_planner.storage.base import Base
from smarket_planner.storage.model import goal_owner, kpi_owner

# Where no dates are known at all, a membership is taken to run for the next quarter.
UNDATED_DAYS = 90
# A load counts as over capacity only past rounding noise (0.1 + 0.2 is not above 0.3).
TOLERANCE = 1e-6

R = TypeVar("R")
_TABLES = Base.metadata.tables
_FUNCTION, _PERSON, _TASK_FORCE = _TABLES["function"], _TABLES["person"], _TABLES["task_force"]
_MEMBERSHIP, _GOAL, _KPI = _TABLES["membership"], _TABLES["goal"], _TABLES["kpi"]
_CHECK_IN, _ACTIVITY, _RACI = _TABLES["check_in"], _TABLES["activity"], _TABLES["raci_assignment"]
_DELIVERABLE, _DEPENDENCY = _TABLES["deliverable"], _TABLES["dependency"]


def load_plan_data(
    plan: Plan, *, today: date | None = None, task_force_ids: Collection[int] | None = None
) -> PlanData:
    """Everything the analysis needs about the plan, or about the task forces named, as plain records.

    With ``task_force_ids``, only those task forces and their own things are read, with the
    people they involve; a dependency is kept when both its deliverables are. Over-allocation
    is always worked out across every live task force, and kept for people whose peak involves
    a task force named (so a peak may name task forces outside the ones read).
    """
    today = today or date.today()
    chosen = None if task_force_ids is None else sorted(set(task_force_ids))
    scope = _Scope(chosen)
    with plan.store.session() as session:
        goal_owners = _owners(session, goal_owner, "goal_id", scope.goal_ids())
        kpi_owners = _owners(session, kpi_owner, "kpi_id", scope.kpi_ids())
        goals = [
            Goal(**row, owner_function_ids=goal_owners.get(row["id"], ()))
            for row in _mappings(session, _GOAL, Goal, scope.of(_GOAL.c.task_force_id))
        ]
        kpis = [
            Kpi(**row, owner_function_ids=kpi_owners.get(row["id"], ()))
            for row in _mappings(session, _KPI, Kpi, scope.kpis())
        ]
        peaks = _peaks(session, today)
        return PlanData(
            today=today,
            functions=_records(session, _FUNCTION, Function),
            people=_records(session, _PERSON, Person, scope.people()),
            task_forces=_records(session, _TASK_FORCE, TaskForce, scope.of(_TASK_FORCE.c.id)),
            memberships=_records(session, _MEMBERSHIP, Membership, scope.of(_MEMBERSHIP.c.task_force_id)),
            goals=tuple(goals),
            kpis=tuple(kpis),
            latest_check_ins=_latest_check_ins(session, scope),
            activities=_records(session, _ACTIVITY, Activity, scope.of(_ACTIVITY.c.task_force_id)),
            raci=_records(session, _RACI, RaciAssignment, scope.raci()),
            deliverables=_records(session, _DELIVERABLE, Deliverable, scope.of(_DELIVERABLE.c.task_force_id)),
            dependencies=_records(session, _DEPENDENCY, Dependency, scope.dependencies()),
            allocation_peaks=tuple(
                peak for peak in peaks if chosen is None or set(peak.task_force_ids) & set(chosen)
            ),
        )


def allocation_peaks(plan: Plan, *, today: date) -> list[AllocationPeak]:
    """Everyone whose load across live task forces rises above their capacity at some point, by person.

    Worked out by the database: each membership runs over its own dates, else its task
    force's, else from today for a quarter; the peak is the highest running total of the
    shares starting and ending over time, with the first and last day it holds and the task
    forces that make it up.
    """
    with plan.store.session() as session:
        return _peaks(session, today)


class _Scope:
    """The filters that keep the reads to some task forces, or none when all are wanted."""

    def __init__(self, task_force_ids: list[int] | None) -> None:
        self.ids = task_force_ids

    def of(self, column: Any) -> ColumnElement[bool] | None:
        """Rows whose task force is one of those wanted."""
        return None if self.ids is None else column.in_(self.ids)

    def goal_ids(self) -> Select[Any] | None:
        return None if self.ids is None else select(_GOAL.c.id).where(_GOAL.c.task_force_id.in_(self.ids))

    def kpi_ids(self) -> Select[Any] | None:
        goals = self.goal_ids()
        return None if goals is None else select(_KPI.c.id).where(_KPI.c.goal_id.in_(goals))

    def kpis(self) -> ColumnElement[bool] | None:
        goals = self.goal_ids()
        return None if goals is None else _KPI.c.goal_id.in_(goals)

    def raci(self) -> ColumnElement[bool] | None:
        if self.ids is None:
            return None
        activities = select(_ACTIVITY.c.id).where(_ACTIVITY.c.task_force_id.in_(self.ids))
        return _RACI.c.activity_id.in_(activities)

    def dependencies(self) -> ColumnElement[bool] | None:
        if self.ids is None:
            return None
        deliverables = select(_DELIVERABLE.c.id).where(_DELIVERABLE.c.task_force_id.in_(self.ids))
        return and_(
            _DEPENDENCY.c.upstream_id.in_(deliverables), _DEPENDENCY.c.downstream_id.in_(deliverables)
        )

    def people(self) -> ColumnElement[bool] | None:
        """The people the task forces involve: members, sponsors, leads, owners, RACI holders."""
        if self.ids is None:
            return None
        ids = self.ids
        kpis = self.kpis()
        assert kpis is not None
        involved = union(
            select(_MEMBERSHIP.c.person_id).where(_MEMBERSHIP.c.task_force_id.in_(ids)),
            select(_TASK_FORCE.c.sponsor_id).where(_TASK_FORCE.c.id.in_(ids)),
            select(_TASK_FORCE.c.lead_id).where(_TASK_FORCE.c.id.in_(ids)),
            select(_KPI.c.accountable_id).where(kpis),
            select(_DELIVERABLE.c.owner_id).where(_DELIVERABLE.c.task_force_id.in_(ids)),
            select(_RACI.c.person_id).where(self.raci()),  # type: ignore[arg-type]
        )
        return _PERSON.c.id.in_(involved.scalar_subquery())


def _columns(table: Table, record: type[Any]) -> list[Any]:
    """The table's columns that a record's fields are read from, in the record's order."""
    return [table.c[field.name] for field in fields(record) if field.name in table.c]


def _query(table: Table, record: type[Any], where: ColumnElement[bool] | None) -> Select[Any]:
    query = select(*_columns(table, record)).order_by(table.c.id)
    return query if where is None else query.where(where)


def _records(
    session: Session, table: Table, record: type[R], where: ColumnElement[bool] | None = None
) -> tuple[R, ...]:
    """Every row of a table (or those matching) as records, in the order they were made."""
    return tuple(record(*row) for row in session.execute(_query(table, record, where)))


def _mappings(
    session: Session, table: Table, record: type[Any], where: ColumnElement[bool] | None
) -> Iterable[RowMapping]:
    """Rows as column-name mappings, for records that also take ids from a link table."""
    return session.execute(_query(table, record, where)).mappings()


def _owners(
    session: Session, link: Table, owner: str, owned: Select[Any] | None
) -> dict[int, tuple[int, ...]]:
    """The owner functions of every goal (or KPI), read from its link table in one go."""
    query = select(link.c[owner], link.c.function_id).order_by(link.c[owner], link.c.function_id)
    if owned is not None:
        query = query.where(link.c[owner].in_(owned))
    found: dict[int, list[int]] = defaultdict(list)
    for ident, function_id in session.execute(query):
        found[ident].append(function_id)
    return {ident: tuple(members) for ident, members in found.items()}


def _latest_check_ins(session: Session, scope: _Scope) -> dict[int, CheckIn]:
    """Each KPI's latest check-in (the last recorded, on a tie), in one read.

    Picked per KPI through the check-in index; three times faster on SQLite than a
    ROW_NUMBER() over every check-in, which sorts them all.
    """
    newer = _CHECK_IN.alias("newer")
    newest = (
        select(newer.c.id)
        .where(newer.c.kpi_id == _KPI.c.id)
        .order_by(newer.c.checked_on.desc(), newer.c.id.desc())
        .limit(1)
        .correlate(_KPI)
        .scalar_subquery()
    )
    per_kpi = select(newest).select_from(_KPI)
    kpis = scope.kpis()
    if kpis is not None:
        per_kpi = per_kpi.where(kpis)
    query = select(*_columns(_CHECK_IN, CheckIn)).where(_CHECK_IN.c.id.in_(per_kpi))
    check_ins = (CheckIn(*row) for row in session.execute(query.order_by(_CHECK_IN.c.kpi_id)))
    return {check_in.kpi_id: check_in for check_in in check_ins}


def _peaks(session: Session, today: date) -> list[AllocationPeak]:
    """The over-allocation peaks of everyone, from one windowed query."""
    peaks = [
        AllocationPeak(
            person_id,
            round(float(peak), 6),
            first_day,
            last_day,
            tuple(sorted(int(ident) for ident in task_forces.split(","))),
        )
        for person_id, peak, first_day, last_day, task_forces in session.execute(_peak_query(today))
    ]
    return sorted(peaks, key=lambda peak: peak.person_id)


def _peak_query(today: date) -> Select[Any]:
    """Peaks above capacity: the person, the load, its first and last day, its task forces.

    Each membership adds its share on its first day and takes it off after its last day
    (ordered after the day's starts, so no date arithmetic is needed in SQL); the running
    total per person is their load over time. Only people whose shares add up to more
    than their capacity can ever be over it, so only their memberships are run through
    the window; shares of 0% never move the load and are left out.
    """
    membership, task_force, person = _MEMBERSHIP, _TASK_FORCE, _PERSON
    first = func.coalesce(membership.c.start_date, task_force.c.start_date, literal(today, Date))
    last = func.coalesce(
        membership.c.end_date, task_force.c.end_date, literal(today + timedelta(days=UNDATED_DAYS), Date)
    )
    live = (task_force.c.status.not_in(RESTING), membership.c.allocation_pct > 0, first <= last)
    on_team = membership.join(task_force, task_force.c.id == membership.c.task_force_id)
    dated = (
        select(
            membership.c.person_id,
            membership.c.task_force_id,
            person.c.capacity_pct.label("capacity"),
            membership.c.allocation_pct.label("share"),
            first.label("first_day"),
            last.label("last_day"),
        )
        .select_from(on_team.join(person, person.c.id == membership.c.person_id))
        .where(*live)
        .cte("dated")
    )
    crowded = (
        select(dated.c.person_id)
        .group_by(dated.c.person_id, dated.c.capacity)
        .having(func.sum(dated.c.share) > dated.c.capacity + TOLERANCE)
    )
    spans = select(dated).where(dated.c.person_id.in_(crowded)).cte("spans")
    events = union_all(
        select(
            spans.c.person_id,
            spans.c.capacity,
            spans.c.first_day.label("day"),
            literal(0, Integer).label("phase"),
            spans.c.share.label("delta"),
        ),
        select(spans.c.person_id, spans.c.capacity, spans.c.last_day, literal(1, Integer), -spans.c.share),
    ).cte("events")
    running = func.sum(events.c.delta).over(
        partition_by=events.c.person_id, order_by=(events.c.day, events.c.phase), rows=(None, 0)
    )
    loads = select(events.c.person_id, events.c.capacity, events.c.day, running.label("load")).cte("loads")
    # Only the moments over capacity are ranked; the highest, and the first of equals, is the peak.
    highest_first = func.row_number().over(
        partition_by=loads.c.person_id, order_by=(loads.c.load.desc(), loads.c.day)
    )
    above = (
        select(loads.c.person_id, loads.c.day, loads.c.load, highest_first.label("rank"))
        .where(loads.c.load > loads.c.capacity + TOLERANCE)
        .subquery("above")
    )
    peaks = (
        select(above.c.person_id, above.c.load.label("top"), above.c.day.label("first_day"))
        .where(above.c.rank == 1)
        .cte("peaks")
    )
    # The spans first: SQLite then looks each one's peak up instead of scanning them all per peak.
    # The peak lasts until the first of its memberships ends: a share starting before then
    # would have raised it (no share is 0%).
    return (
        select(
            peaks.c.person_id,
            peaks.c.top,
            peaks.c.first_day,
            func.min(spans.c.last_day).label("last_day"),
            func.aggregate_strings(cast(spans.c.task_force_id, String), ",").label("task_forces"),
        )
        .select_from(spans.join(peaks, peaks.c.person_id == spans.c.person_id))
        .where(spans.c.first_day <= peaks.c.first_day, spans.c.last_day >= peaks.c.first_day)
        .group_by(peaks.c.person_id, peaks.c.top, peaks.c.first_day)
    )
