"""Who is stretched and which functions run short, in ink and in pencil, and which open roles are late."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from smarket_planner.analysis.demand import (
    Booking,
    DemandChart,
    FunctionWeeks,
    capacities,
    demand_chart,
    monday,
    plan_bookings,
)
from smarket_planner.analysis.model import (
    TOLERANCE,
    AllocationPeak,
    EntityRef,
    Finding,
    FindingKind,
    PlanData,
    Severity,
)
from smarket_planner.analysis.plan_index import LIVE, PlanIndex, day, days, join_names, number, weeks
from smarket_planner.domain.records import EntityKind, TaskForce

# A peak this many points over capacity is an error, not a warning.
SEVERE_OVERLOAD = 20.0
# A function is short only by at least a tenth of a person, as the finding rounds it.
SHORT_TOLERANCE = 0.05
# Weeks ahead the shortages are looked for, from this week on.
YEAR = 52
# Up to this many pencilled task forces are named in a shortage; more are "the proposed teams".
FEW = 3


def over_allocation_findings(data: PlanData) -> list[Finding]:
    """People booked beyond their capacity, when, on which task forces, and whether only in pencil.

    An overload is in ink when the person is over capacity at some point of it on active task
    forces alone (a confirmed overload overlapping it, or the peak itself without its pencilled
    shares); otherwise it happens only if the proposed or forming teams in it go ahead: a warning
    that says so, never an error.
    """
    index = PlanIndex(data)
    allocation = {(m.person_id, m.task_force_id): m.allocation_pct for m in data.memberships}
    confirmed: dict[int, list[AllocationPeak]] = defaultdict(list)
    for peak in data.confirmed_peaks:
        confirmed[peak.person_id].append(peak)
    findings = []
    for peak in data.allocation_peaks:
        teams = sorted(
            (t for t in map(index.task_forces.get, set(peak.task_force_ids)) if t is not None),
            key=lambda t: (t.name.casefold(), t.id),
        )
        if any(t.status in LIVE for t in teams):
            shares = {t.id: allocation.get((peak.person_id, t.id), 0.0) for t in teams}
            findings.append(_overload(index, peak, teams, shares, confirmed[peak.person_id]))
    return index.ordered(findings)


def _overload(
    index: PlanIndex,
    peak: AllocationPeak,
    teams: list[TaskForce],
    shares: dict[int, float],
    confirmed: list[AllocationPeak],
) -> Finding:
    """The finding of one overload, in ink or in pencil; ``shares``: the person's on each of ``teams``."""
    person = index.people.get(peak.person_id)
    capacity = person.capacity_pct if person else 100.0
    name = index.person_name(peak.person_id)
    excess = peak.peak_pct - capacity
    pencilled = [t for t in teams if t.status.pencilled]
    pencilled_pct = sum(shares[t.id] for t in pencilled)
    first, last = peak.overload_days
    ink = peak.peak_pct - pencilled_pct > capacity + TOLERANCE or any(
        other.first_day <= last and other.last_day >= first for other in confirmed
    )
    # In pencil, the time to move is the tentative booking's, before its team goes ahead.
    movable = teams if ink or not pencilled else pencilled
    biggest = max(movable, key=lambda t: (shares[t.id], -teams.index(t)))
    pencil_names = join_names([t.name for t in pencilled])
    booked = f"{number(peak.peak_pct)}%"
    if ink and pencilled_pct > TOLERANCE:
        booked += f", of which {number(pencilled_pct)}% is pencilled on {pencil_names},"
    slip = "so some of that work will slip"
    if not ink:
        slip += f" if {pencil_names} {'goes' if len(pencilled) == 1 else 'go'} ahead"
    facts: dict[str, object] = {
        "peak_pct": peak.peak_pct,
        "capacity_pct": capacity,
        "first_day": peak.first_day,
        "last_day": peak.last_day,
        "relieve_task_force_id": biggest.id,  # the team the action moves time off
        "excess_pct": excess,
        "pencilled": not ink,
        "pencilled_pct": pencilled_pct,
    }
    if not ink:
        facts["if_ahead_task_force_ids"] = tuple(t.id for t in pencilled)
    when = f"{day(peak.first_day)} to {day(peak.last_day)} ({weeks(peak.first_day, peak.last_day)})"
    return Finding(
        FindingKind.OVER_ALLOCATION,
        Severity.ERROR if ink and excess > SEVERE_OVERLOAD else Severity.WARNING,
        f"{name} is booked at {booked} against a capacity of {number(capacity)}% from {when} "
        f"across {join_names([t.name for t in teams])}, {slip}.",
        f"Move {number(excess)}% of {name}'s time off {biggest.name}, or extend its dates.",
        tuple(t.id for t in teams),
        (index.person_ref(peak.person_id), *(EntityRef(EntityKind.TASK_FORCE, t.id, t.name) for t in teams)),
        facts,
    )


class BookingTeam(NamedTuple):
    """A live task force booking a function in weeks it is short: what a shortage finding names."""

    id: int
    name: str
    pencilled: bool  # proposed or forming: its bookings are tentative


# The live teams booking a function (by id) between two days, both included.
TeamsBooking = Callable[[int, date, date], Iterable[BookingTeam]]


def function_short_findings(data: PlanData) -> list[Finding]:
    """Functions asked for more people than they have, for each run of weeks in the coming year.

    Demand is everything booked on the function's people by live task forces and every open role
    for it, week by week from this week on; a run of weeks over capacity is one finding. A warning
    if it is short on active task forces' demand alone, else information: it is short only if the
    proposed and forming teams go ahead. Only a reading of the whole plan has every booking.
    """
    if data.scope is not None:
        return []
    index = PlanIndex(data)
    bookings = plan_bookings(data)
    chart = demand_chart(
        data.functions, capacities(data.people), (b for _, b in bookings), monday(data.today), YEAR
    )
    of_function: dict[int, list[tuple[int, Booking]]] = defaultdict(list)
    for team_id, booking in bookings:
        of_function[booking.function_id].append((team_id, booking))

    def teams_booking(function_id: int, begin: date, end: date) -> Iterable[BookingTeam]:
        for team_id in {
            team_id
            for team_id, booking in of_function[function_id]
            if booking.first_day <= end and booking.last_day >= begin
        }:
            team = index.task_forces[team_id]
            yield BookingTeam(team.id, team.name, team.status.pencilled)

    return index.ordered(shortage_findings(chart, teams_booking))


def shortage_findings(chart: DemandChart, teams_booking: TeamsBooking) -> list[Finding]:
    """A finding for each run of weeks a function of the chart is short, naming the teams booking it."""
    findings = []
    for function in chart.functions:
        for first, last in _short_runs(function, len(chart.weeks)):
            begin, end = chart.weeks[first], chart.weeks[last] + timedelta(days=6)
            teams = sorted(
                teams_booking(function.function_id, begin, end), key=lambda t: (t.name.casefold(), t.id)
            )
            findings.append(_shortage(chart, function, first, last, teams))
    return findings


def _short_runs(function: FunctionWeeks, count: int) -> list[tuple[int, int]]:
    """The runs of consecutive weeks the function is short, as (first week, last week) indexes."""
    runs: list[tuple[int, int]] = []
    for week in range(count):
        if function.shortfall(week) <= SHORT_TOLERANCE:
            continue
        if runs and runs[-1][1] == week - 1:
            runs[-1] = (runs[-1][0], week)
        else:
            runs.append((week, week))
    return runs


def _shortage(
    chart: DemandChart, function: FunctionWeeks, first: int, last: int, teams: Sequence[BookingTeam]
) -> Finding:
    """The finding of one run of weeks a function is short, naming the live teams booking it then."""
    begin, end = chart.weeks[first], chart.weeks[last] + timedelta(days=6)
    short = [function.shortfall(week) for week in range(first, last + 1)]
    in_ink = any(
        function.shortfall(week, confirmed_only=True) > SHORT_TOLERANCE for week in range(first, last + 1)
    )
    most = max(short)
    people = max(0.1, math.floor(most * 10 + 0.5) / 10)  # to a tenth, halves up: 0.25 is 0.3
    amount = "1 person" if people == 1 else f"{number(people)} people"
    if most - min(short) > SHORT_TOLERANCE:
        amount = f"up to {amount}"
    pencilled = [t for t in teams if t.pencilled]
    tail = "" if in_ink else f" if {_going_ahead(pencilled)}"
    return Finding(
        FindingKind.FUNCTION_SHORT,
        Severity.WARNING if in_ink else Severity.INFO,
        f"{function.name} is {amount} short from {days(begin, end)} ({weeks(begin, end)}){tail}.",
        _remedy(function.name, pencilled, in_ink),
        tuple(t.id for t in teams),
        (EntityRef(EntityKind.FUNCTION, function.function_id, function.name),),
        {"shortfall": most, "first_week": begin, "last_week": chart.weeks[last], "pencilled": not in_ink},
    )


def _going_ahead(pencilled: Sequence[BookingTeam]) -> str:
    """Who must go ahead for a shortage in pencil: a few teams by name, else the proposed teams."""
    if not pencilled or len(pencilled) > FEW:
        return "the proposed teams go ahead"
    verb = "goes" if len(pencilled) == 1 else "go"
    return f"{join_names([t.name for t in pencilled])} {verb} ahead"


def _remedy(function: str, pencilled: Sequence[BookingTeam], in_ink: bool) -> str:
    """What to do about a shortage."""
    if in_ink:
        return f"Spread {function}'s bookings over more weeks, lower its shares, or add people to {function}."
    names = (
        join_names([t.name for t in pencilled], "or") if 0 < len(pencilled) <= FEW else "the proposed teams"
    )
    return f"Before {names} go ahead, move their dates, lower their shares, or add people to {function}."


def open_role_late_findings(data: PlanData) -> list[Finding]:
    """Open roles of live task forces whose first day (their own start, else the team's) has passed."""
    index = PlanIndex(data)
    findings = []
    for role in data.open_roles:
        task_force = index.live(role.task_force_id)
        first = role.start_date or (task_force.start_date if task_force else None)
        if task_force is None or first is None or first >= data.today:
            continue
        function = index.function_name(role.function_id)
        share = f"{number(role.allocation_pct)}%"
        what = f"{role.title} role ({function}, {share})" if role.title else f"{function} role ({share})"
        findings.append(
            Finding(
                FindingKind.OPEN_ROLE_LATE,
                Severity.WARNING,
                f"The {what} on {task_force.name} was to start on {day(first)} and is still open.",
                "Fill it from the candidates on the Team tab, or move its start.",
                (task_force.id,),
                (EntityRef(EntityKind.TASK_FORCE, task_force.id, task_force.name), index.open_role_ref(role)),
                {"first_day": first, "days_late": (data.today - first).days, "function_id": role.function_id},
            )
        )
    return index.ordered(findings)
