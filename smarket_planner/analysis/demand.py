"""Demand on each function against its capacity, week by week: bookings in ink and pencil, open roles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from smarket_planner.analysis.model import UNDATED_DAYS, PlanData
from smarket_planner.analysis.plan_index import LIVE
from smarket_planner.domain.records import Function, Person, TaskForce

WEEK = 7
# Shares are summed in another order by the database than here: a millionth of a person is noise.
_PLACES = 6
# The four things a function's time is asked for, in the order of ``FunctionWeeks``' fields.
_CONFIRMED, _TENTATIVE, _OPEN_CONFIRMED, _OPEN_TENTATIVE = range(4)


@dataclass(frozen=True, slots=True)
class Booking:
    """A share of one function's time over some days: people booked or an open role, in ink or pencil."""

    function_id: int
    first_day: date
    last_day: date
    share_pct: float  # in percent of one person's week; several bookings may be summed in one
    pencilled: bool  # by a proposed or forming task force, which may not go ahead
    open: bool  # asked by an open role, not yet anyone's


@dataclass(frozen=True, slots=True)
class FunctionWeeks:
    """One function's demand against its capacity, week by week, in people (full-time equivalents)."""

    function_id: int
    name: str
    colour: str
    capacity: float  # its people's capacity_pct summed / 100
    confirmed: tuple[float, ...]  # booked by active task forces' memberships (of people in this function)
    tentative: tuple[float, ...]  # booked by proposed and forming task forces' memberships
    open_confirmed: tuple[float, ...]  # asked by open roles of active task forces
    open_tentative: tuple[float, ...]  # asked by open roles of proposed and forming ones

    @property
    def open(self) -> tuple[float, ...]:
        """People asked for by open roles each week, in ink and pencil together."""
        return tuple(
            round(one + other, _PLACES)
            for one, other in zip(self.open_confirmed, self.open_tentative, strict=True)
        )

    @property
    def total(self) -> tuple[float, ...]:
        """Everything asked of the function each week: people booked and open roles, ink and pencil."""
        return tuple(
            round(sum(parts), _PLACES)
            for parts in zip(
                self.confirmed, self.tentative, self.open_confirmed, self.open_tentative, strict=True
            )
        )

    def shortfall(self, week: int, *, confirmed_only: bool = False) -> float:
        """People short in the week (0 if none); ``confirmed_only``: active task forces' demand alone."""
        if confirmed_only:
            demand = self.confirmed[week] + self.open_confirmed[week]
        else:
            demand = (
                self.confirmed[week]
                + self.tentative[week]
                + self.open_confirmed[week]
                + self.open_tentative[week]
            )
        return max(0.0, round(demand - self.capacity, _PLACES))


@dataclass(frozen=True, slots=True)
class DemandChart:
    """Demand against capacity by function over consecutive weeks."""

    weeks: tuple[date, ...]  # the Monday of each week
    functions: tuple[FunctionWeeks, ...]  # in function id order, every function


def monday(day: date) -> date:
    """The Monday of the week a day falls in."""
    return day - timedelta(days=day.weekday())


def booked_days(
    start: date | None, end: date | None, task_force: TaskForce, today: date
) -> tuple[date, date]:
    """The days a booking runs: its own dates, else its task force's, else the next quarter from today."""
    first = start or task_force.start_date or today
    last = end or task_force.end_date or today + timedelta(days=UNDATED_DAYS)
    return first, last


def plan_bookings(data: PlanData) -> list[tuple[int, Booking]]:
    """Every membership and open role of a live task force as a booking of its function, with the team."""
    teams = {team.id: team for team in data.task_forces if team.status in LIVE}
    function_of = {person.id: person.function_id for person in data.people}
    found = []
    for membership in data.memberships:
        team = teams.get(membership.task_force_id)
        function_id = function_of.get(membership.person_id)
        if team is None or function_id is None or membership.allocation_pct <= 0:
            continue
        first, last = booked_days(membership.start_date, membership.end_date, team, data.today)
        if first <= last:
            booking = Booking(
                function_id, first, last, membership.allocation_pct, team.status.pencilled, open=False
            )
            found.append((team.id, booking))
    for role in data.open_roles:
        team = teams.get(role.task_force_id)
        if team is None or role.allocation_pct <= 0:
            continue
        first, last = booked_days(role.start_date, role.end_date, team, data.today)
        if first <= last:
            booking = Booking(
                role.function_id, first, last, role.allocation_pct, team.status.pencilled, open=True
            )
            found.append((team.id, booking))
    return found


def capacities(people: Iterable[Person]) -> dict[int, float]:
    """Each function's people's capacity summed, in percent of one person's week."""
    found: dict[int, float] = {}
    for person in people:
        found[person.function_id] = found.get(person.function_id, 0.0) + person.capacity_pct
    return found


def plan_demand(data: PlanData, *, first_week: date | None = None, weeks: int = 52) -> DemandChart:
    """The demand chart of a whole plan's records, from the week of its today on unless told."""
    bookings = (booking for _, booking in plan_bookings(data))
    start = first_week or monday(data.today)
    return demand_chart(data.functions, capacities(data.people), bookings, start, weeks)


def demand_chart(
    functions: Sequence[Function],
    capacity_pct: Mapping[int, float],
    bookings: Iterable[Booking],
    first_week: date,
    weeks: int,
) -> DemandChart:
    """Each function's demand week by week, a booking counting by the share of each week's days it covers.

    The bookings' shares go into a running difference per function and kind of demand (plus on
    its first day, minus the day after its last), so the cost is one step per booking and one
    per day of each function, however long the bookings run.
    """
    start = monday(first_week)
    span = weeks * WEEK
    row = {function.id: index for index, function in enumerate(sorted(functions, key=lambda f: f.id))}
    changes = [[[0.0] * (span + 1) for _ in range(4)] for _ in row]
    for booking in bookings:
        index = row.get(booking.function_id)
        first, last = (booking.first_day - start).days, (booking.last_day - start).days
        if index is None or last < 0 or first >= span:
            continue
        series = changes[index][_kind(booking)]
        series[max(first, 0)] += booking.share_pct
        series[min(last, span - 1) + 1] -= booking.share_pct
    rows = []
    for function in sorted(functions, key=lambda f: f.id):
        kinds = [_weekly(series, weeks) for series in changes[row[function.id]]]
        capacity = round(capacity_pct.get(function.id, 0.0) / 100, _PLACES)
        rows.append(FunctionWeeks(function.id, function.name, function.colour, capacity, *kinds))
    return DemandChart(tuple(start + timedelta(days=WEEK * n) for n in range(weeks)), tuple(rows))


def _kind(booking: Booking) -> int:
    """Which of the four demands a booking adds to."""
    if booking.open:
        return _OPEN_TENTATIVE if booking.pencilled else _OPEN_CONFIRMED
    return _TENTATIVE if booking.pencilled else _CONFIRMED


def _weekly(changes: list[float], weeks: int) -> tuple[float, ...]:
    """People each week, from the day-by-day changes of a load in percent."""
    daily = list(accumulate(changes[:-1]))
    per_person_week = 100 * WEEK
    return tuple(
        round(sum(daily[week * WEEK : (week + 1) * WEEK]) / per_person_week, _PLACES) + 0.0
        for week in range(weeks)
    )
