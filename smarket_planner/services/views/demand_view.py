"""Demand by function: the people each function is asked for week by week, against what it has."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    CompoundSelect,
    Date,
    Select,
    String,
    Subquery,
    Table,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    type_coerce,
    union,
    union_all,
)

from smarket_planner.analysis.demand import WEEK, Booking, DemandChart, demand_chart, monday
from smarket_planner.analysis.model import Finding
from smarket_planner.analysis.report import sort_findings
from smarket_planner.analysis.staffing_findings import YEAR, BookingTeam, shortage_findings
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import Function
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.pencil_peaks import booked_days, read_day
from smarket_planner.services.views.staffing_view import RESTING
from smarket_planner.storage.base import Base

_TABLES = Base.metadata.tables
_FUNCTION, _PERSON, _TASK_FORCE = _TABLES["function"], _TABLES["person"], _TABLES["task_force"]
_MEMBERSHIP, _OPEN_ROLE = _TABLES["membership"], _TABLES["open_role"]
# What a row of the demand query sums: the function's capacity, its people's bookings, its open roles.
_CAPACITY, _BOOKED, _OPEN = 0, 1, 2
_PENCIL = tuple(status.value for status in LifecycleStatus if status.pencilled)


def demand_by_function(
    plan: Plan, *, first_week: date | None = None, weeks: int = 52, today: date | None = None
) -> DemandChart:
    """Every function's demand against its capacity for ``weeks`` weeks from ``first_week`` (this week).

    Memberships and open roles of live task forces count over their own dates, else their task
    force's, else the next quarter from today; active task forces' in ink, proposed and forming
    ones' in pencil. One grouped query sums the shares by function, pencil or ink, first and last
    day; the weeks are worked out from those sums (see ``analysis.demand.demand_chart``).
    """
    today = today or date.today()
    start = monday(first_week or today)
    end = start + timedelta(days=weeks * WEEK - 1)
    functions: dict[int, Function] = {}
    capacity: dict[int, float] = {}
    bookings = []
    with plan.store.session() as session:
        rows = session.execute(_demand_query(today), {"start": start, "end": end}).all()
    for ident, name, colour, source, pencilled, first, last, share in rows:
        functions.setdefault(ident, Function(ident, name, colour))
        if source == _CAPACITY:
            capacity[ident] = share
        elif source is not None:
            bookings.append(
                Booking(ident, read_day(first), read_day(last), share, bool(pencilled), source == _OPEN)
            )
    return demand_chart(list(functions.values()), capacity, bookings, start, weeks)


def function_shortages(plan: Plan, *, today: date | None = None) -> list[Finding]:
    """The functions short of people in the coming year, as a whole-plan analysis finds them.

    The demand chart's grouped query, then for each run of weeks short a query for the live
    teams booking the function then: fast enough to run after every edit.
    """
    today = today or date.today()
    chart = demand_by_function(plan, weeks=YEAR, today=today)
    with plan.store.session() as session:

        def teams_booking(function_id: int, begin: date, end: date) -> list[BookingTeam]:
            values = {"function": function_id, "start": begin, "end": end}
            rows = session.execute(_teams_query(today), values).all()
            return [BookingTeam(ident, name, bool(pencilled)) for ident, name, pencilled in rows]

        return list(sort_findings(shortage_findings(chart, teams_booking)))


def _running(booking: Table, today: date) -> Subquery:
    """Live task forces' memberships (or open roles) running between the ``start`` and ``end`` parameters.

    Columns: the function asked for, the task force's id and name, whether in pencil (1) or ink
    (0), first and last day, and the share in percent.
    """
    start, end = bindparam("start", type_=Date), bindparam("end", type_=Date)
    function_id = _PERSON.c.function_id if booking is _MEMBERSHIP else _OPEN_ROLE.c.function_id
    first, last = booked_days(booking, today)
    spans = select(
        function_id.label("function_id"),
        _TASK_FORCE.c.id.label("task_force_id"),
        _TASK_FORCE.c.name.label("task_force_name"),
        case((_TASK_FORCE.c.status.in_(_PENCIL), 1), else_=0).label("pencilled"),
        first.label("first_day"),
        last.label("last_day"),
        booking.c.allocation_pct.label("share"),
    ).join_from(booking, _TASK_FORCE, _TASK_FORCE.c.id == booking.c.task_force_id)
    if booking is _MEMBERSHIP:
        spans = spans.join(_PERSON, _PERSON.c.id == _MEMBERSHIP.c.person_id)
    return spans.where(
        _TASK_FORCE.c.status.not_in(RESTING),
        booking.c.allocation_pct > 0,
        first <= last,
        last >= start,
        first <= end,
    ).subquery()


@lru_cache(maxsize=4)
def _demand_query(today: date) -> Select[Any]:
    """Each function, with its capacity and its bookings grouped by kind, pencil or ink, first and last day.

    Columns: function id, name, colour, what the row sums (capacity, bookings or open roles; none
    for a function with no people and nothing asked of it), whether in pencil (1) or ink (0),
    first day, last day (as the database hands them over) and the shares summed, in percent. Only
    bookings running in the weeks between the ``start`` and ``end`` parameters are read.
    """
    capacity = select(
        _PERSON.c.function_id.label("function_id"),
        literal_column(str(_CAPACITY)).label("source"),
        literal_column("0").label("pencilled"),
        cast(null(), Date).label("first_day"),
        cast(null(), Date).label("last_day"),
        func.sum(_PERSON.c.capacity_pct).label("share"),
    ).group_by(_PERSON.c.function_id)
    parts: list[Select[Any]] = [capacity]
    for source, booking in ((_BOOKED, _MEMBERSHIP), (_OPEN, _OPEN_ROLE)):
        running = _running(booking, today)
        keys = (running.c.function_id, running.c.pencilled, running.c.first_day, running.c.last_day)
        parts.append(
            select(
                running.c.function_id,
                literal_column(str(source)),
                *keys[1:],
                func.sum(running.c.share),
            ).group_by(*keys)
        )
    demand = union_all(*parts).subquery("demand")
    return (
        select(
            _FUNCTION.c.id,
            _FUNCTION.c.name,
            _FUNCTION.c.colour,
            demand.c.source,
            demand.c.pencilled,
            type_coerce(demand.c.first_day, String),
            type_coerce(demand.c.last_day, String),
            demand.c.share,
        )
        .outerjoin(demand, demand.c.function_id == _FUNCTION.c.id)
        .order_by(_FUNCTION.c.id)
    )


@lru_cache(maxsize=4)
def _teams_query(today: date) -> CompoundSelect[Any]:
    """Live task forces (id, name, in pencil) booking the ``function`` parameter from ``start`` to ``end``."""
    wanted: BindParameter[int] = bindparam("function")
    parts = []
    for booking in (_MEMBERSHIP, _OPEN_ROLE):
        running = _running(booking, today)
        columns = (running.c.task_force_id, running.c.task_force_name, running.c.pencilled)
        parts.append(select(*columns).where(running.c.function_id == wanted))
    return union(*parts)
