"""The plan as the analysis reads it: every table in a few bulk reads, and over-allocation peaks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import fields
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    Table,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union,
)
from sqlalchemy.engine import Row, RowMapping
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import TOLERANCE, UNDATED_DAYS, AllocationPeak, PlanData
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
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.allocation_kept import kept_peaks
from smarket_planner.services.views.pencil_peaks import booked_days, ink_and_pencil, person_peaks
from smarket_planner.services.views.staffing_view import RESTING
from smarket_planner.storage.base import Base
from smarket_planner.storage.model import goal_owner, kpi_owner

__all__ = ["TOLERANCE", "UNDATED_DAYS", "allocation_peaks", "load_plan_data"]

R = TypeVar("R")
_TABLES = Base.metadata.tables
_FUNCTION, _PERSON, _TASK_FORCE = _TABLES["function"], _TABLES["person"], _TABLES["task_force"]
_MEMBERSHIP, _GOAL, _KPI = _TABLES["membership"], _TABLES["goal"], _TABLES["kpi"]
_CHECK_IN, _ACTIVITY, _RACI = _TABLES["check_in"], _TABLES["activity"], _TABLES["raci_assignment"]
_DELIVERABLE, _DEPENDENCY, _QUESTION = _TABLES["deliverable"], _TABLES["dependency"], _TABLES["question"]
_OPEN_ROLE = _TABLES["open_role"]


def load_plan_data(
    plan: Plan, *, today: date | None = None, task_force_ids: Collection[int] | None = None
) -> PlanData:
    """Everything the analysis needs about the plan, or about the task forces named, as plain records.

    With ``task_force_ids``, only those task forces and their own things are read, with the
    people they involve, and what their findings need from beyond them: the work theirs waits
    for, however far upstream (with its task forces), and, for each person whose overload
    involves them or who is on them, the other task forces of that overload and the person's
    shares there. Over-allocation is always worked out across every live task force.
    """
    today = today or date.today()
    chosen = None if task_force_ids is None else sorted(set(task_force_ids))
    scope = _Scope(chosen)
    # A server brings its kept overloads up to date in a transaction of its own first.
    kept = kept_peaks(plan, today, UNDATED_DAYS, TOLERANCE) if _on_server(plan) else None
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
        peaks = kept if kept is not None else _peaks(session, today)
        if chosen is not None:  # the peaks involving them, and every peak of their members
            members = set(
                session.scalars(
                    select(_MEMBERSHIP.c.person_id).where(_MEMBERSHIP.c.task_force_id.in_(chosen))
                )
            )
            peaks = [
                p for p in peaks if p.person_id in members or not set(chosen).isdisjoint(p.task_force_ids)
            ]
        peaks, confirmed = ink_and_pencil(session, peaks, today)
        teams, members = scope.with_peaks(peaks)
        return PlanData(
            today=today,
            functions=_records(session, _FUNCTION, Function),
            people=_records(session, _PERSON, Person, scope.people()),
            task_forces=_records(session, _TASK_FORCE, TaskForce, teams),
            memberships=_records(session, _MEMBERSHIP, Membership, members),
            goals=tuple(goals),
            kpis=tuple(kpis),
            latest_check_ins=_latest_check_ins(session, scope),
            activities=_records(session, _ACTIVITY, Activity, scope.of(_ACTIVITY.c.task_force_id)),
            raci=_records(session, _RACI, RaciAssignment, scope.raci()),
            deliverables=_records(session, _DELIVERABLE, Deliverable, scope.deliverables()),
            dependencies=_records(session, _DEPENDENCY, Dependency, scope.dependencies()),
            allocation_peaks=tuple(peaks),
            questions=_records(session, _QUESTION, Question, scope.of(_QUESTION.c.task_force_id)),
            open_roles=_records(session, _OPEN_ROLE, OpenRole, scope.of(_OPEN_ROLE.c.task_force_id)),
            confirmed_peaks=tuple(confirmed),
            scope=None if chosen is None else tuple(chosen),
        )


def allocation_peaks(plan: Plan, *, today: date) -> list[AllocationPeak]:
    """Everyone whose load across live task forces rises above their capacity at some point, by person.

    Each membership runs over its own dates, else its task force's, else from today for a
    quarter; the peak is the highest running total of the shares starting and ending over
    time, with the first and last day it holds and the task forces that make it up. From a
    plan file, one query reads the spans of the people who could be over (see ``_span_query``)
    and Python works out their peaks; a PostgreSQL server works them out itself (see
    ``allocation_sql``) and keeps them, working out again only whose load edits moved (see
    ``allocation_kept``). Ordered by person, then first day.
    """
    if _on_server(plan):
        return kept_peaks(plan, today, UNDATED_DAYS, TOLERANCE)
    with plan.store.session() as session:
        return _peaks(session, today)


def _on_server(plan: Plan) -> bool:
    return plan.store.engine.dialect.name == "postgresql"


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

    def work(self) -> Select[Any] | None:
        """The wanted task forces' deliverables and every one they wait for, however far upstream.

        A late chain or a cycle can run through other task forces' work; the whole of it is read.
        """
        if self.ids is None:
            return None
        ours = select(_DELIVERABLE.c.id).where(_DELIVERABLE.c.task_force_id.in_(self.ids))
        chain = ours.cte("chain", recursive=True)
        waited_for = select(_DEPENDENCY.c.upstream_id).join(chain, _DEPENDENCY.c.downstream_id == chain.c.id)
        return select(chain.union(waited_for).c.id)

    def deliverables(self) -> ColumnElement[bool] | None:
        work = self.work()
        return None if work is None else _DELIVERABLE.c.id.in_(work)

    def dependencies(self) -> ColumnElement[bool] | None:
        work = self.work()
        return None if work is None else _DEPENDENCY.c.downstream_id.in_(work)

    def with_peaks(self, peaks: Collection[AllocationPeak]) -> tuple[Any, Any]:
        """The task forces and memberships to read: those wanted, and the ones their people's peaks name.

        So an overload reads as it does for the whole plan: every task force it spans, by name,
        and the person's share in each; so does the work they wait for, by its task force's name.
        """
        if self.ids is None:
            return None, None
        beyond = sorted({team for peak in peaks for team in peak.task_force_ids} - set(self.ids))
        people = sorted({peak.person_id for peak in peaks})
        upstream = select(_DELIVERABLE.c.task_force_id).where(self.deliverables())  # type: ignore[arg-type]
        teams = or_(
            _TASK_FORCE.c.id.in_(self.ids), _TASK_FORCE.c.id.in_(beyond), _TASK_FORCE.c.id.in_(upstream)
        )
        shares = and_(_MEMBERSHIP.c.task_force_id.in_(beyond), _MEMBERSHIP.c.person_id.in_(people))
        return teams, or_(_MEMBERSHIP.c.task_force_id.in_(self.ids), shares)

    def people(self) -> ColumnElement[bool] | None:
        """The people the task forces involve: members, sponsors, leads, owners, RACI holders, and
        who asked their questions and who should answer them."""
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
            select(_QUESTION.c.asked_by_id).where(_QUESTION.c.task_force_id.in_(ids)),
            select(_QUESTION.c.answerer_id).where(_QUESTION.c.task_force_id.in_(ids)),
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
    """Every over-allocation of everyone: each span over capacity, with its own peak.

    The database narrows it down to the few people whose shares add up past their capacity at
    all (see ``_span_query``); each of them has a handful of spans, so their load is worked out
    between the days it changes (see ``pencil_peaks.person_peaks``). A run of stretches over
    capacity is one overload, however long; a dip to capacity or below ends it, and a second
    rise is a second overload. Each reports its peak: the highest load, from its first day to
    the last day it holds without a break, with the task forces making it up.
    """
    spans_of: dict[int, list[Row[Any]]] = defaultdict(list)
    for span in session.execute(_span_query(today)).all():
        spans_of[span[0]].append(span)
    peaks = []
    for person in sorted(spans_of):
        _, task_forces, capacity, shares, firsts, lasts = zip(*spans_of[person], strict=True)
        peaks += person_peaks(person, task_forces, shares, firsts, lasts, capacity[0])
    return peaks


@lru_cache(maxsize=4)
def _span_query(today: date) -> Select[Any]:
    """The live memberships, running today or later, of everyone whose shares exceed their capacity.

    Only they can ever be over it; shares of 0% never move the load and are left out.
    Columns: person, task force, capacity, share, first day, last day. The days are read
    as the database hands them over, without SQLAlchemy's conversion: ISO text on SQLite
    (which sorts as the dates do).
    """
    membership, task_force, person = _MEMBERSHIP, _TASK_FORCE, _PERSON
    from_today = literal(today, Date)
    first, last = booked_days(membership, today)
    # From today on: an overload that is over is history, not something a manager can fix.
    live = (
        task_force.c.status.not_in(RESTING),
        membership.c.allocation_pct > 0,
        first <= last,
        last >= literal(today, Date),
    )
    on_team = membership.join(task_force, task_force.c.id == membership.c.task_force_id)
    dated = (
        select(
            membership.c.person_id,
            membership.c.task_force_id,
            membership.c.allocation_pct.label("share"),
            first.label("first_day"),
            last.label("last_day"),
        )
        .select_from(on_team)
        .where(*live)
        .cte("dated")
    )
    # Capacity looked up once per person after grouping, not joined to every membership before.
    capacity = select(person.c.capacity_pct).where(person.c.id == dated.c.person_id).scalar_subquery()
    crowded = (
        select(dated.c.person_id, capacity.label("capacity"))
        .group_by(dated.c.person_id)
        .having(func.sum(dated.c.share) > capacity + TOLERANCE)
        .cte("crowded")
    )
    return select(
        dated.c.person_id,
        dated.c.task_force_id,
        crowded.c.capacity,
        dated.c.share,
        type_coerce(case((dated.c.first_day < from_today, from_today), else_=dated.c.first_day), String),
        type_coerce(dated.c.last_day, String),
    ).join(crowded, crowded.c.person_id == dated.c.person_id)
