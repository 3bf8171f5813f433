"""Each person's overloads from their spans: across every live task force, and in ink (active ones) alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    Table,
    bindparam,
    case,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import TOLERANCE, UNDATED_DAYS, AllocationPeak
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.services.views.staffing_view import RESTING
from smarket_planner.storage.base import Base

_ONE_DAY = timedelta(days=1)
Day = TypeVar("Day", date, str)  # as the database hands a day over: a date, or ISO text on SQLite
# Ids sent in one statement: well under the bound parameters SQLite and PostgreSQL take.
_CHUNK = 10_000
_TABLES = Base.metadata.tables
_PERSON, _TASK_FORCE, _MEMBERSHIP = _TABLES["person"], _TABLES["task_force"], _TABLES["membership"]


def booked_days(booking: Table, today: date) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """In SQL, the days a membership or open role runs: its own, else its team's, else the next quarter."""
    first = func.coalesce(booking.c.start_date, _TASK_FORCE.c.start_date, literal(today, Date))
    last = func.coalesce(
        booking.c.end_date, _TASK_FORCE.c.end_date, literal(today + timedelta(days=UNDATED_DAYS), Date)
    )
    return first, last


def read_day(value: date | str) -> date:
    """A day as the database hands it over unconverted: ISO text (SQLite) or a date already (PostgreSQL)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def person_peaks(
    person: int,
    task_forces: Sequence[int],
    shares: Sequence[float],
    firsts: Sequence[Day],
    lasts: Sequence[Day],
    capacity: float,
) -> list[AllocationPeak]:
    """One person's overloads from their spans (days as read, ``read_day``), each with its whole run.

    Spans that all run at once (latest start no later than earliest end, no share too small to
    tell from noise) make one overload at most: the load rises, holds, then falls. Otherwise the
    load is worked out between the days it changes (a share starts, or the day after one ends); a
    run of such stretches over capacity is one overload, however long, and reports its peak.
    """
    latest, earliest = max(firsts), min(lasts)
    if latest <= earliest and min(shares) > 2 * TOLERANCE:
        total = sum(shares)
        if total <= capacity + TOLERANCE:
            return []
        top_from, top_to = read_day(latest), read_day(earliest)
        making = tuple(sorted(task_forces))
        return [AllocationPeak(person, round(total, 6), top_from, top_to, making, top_from, top_to)]
    starts: list[date] = [read_day(day) for day in firsts]
    ends: list[date] = [read_day(day) for day in lasts]
    spans = list(zip(starts, ends, shares, strict=True))
    changes = sorted({*starts, *(end + _ONE_DAY for end in ends)})
    found = []
    run: list[tuple[date, date, float]] = []  # the stretches of the overload under way
    for begin, after in pairwise(changes):
        load = sum([share for first, last, share in spans if first <= begin <= last])
        if load > capacity + TOLERANCE:
            run.append((begin, after - _ONE_DAY, load))
        elif run:
            found.append(_summit(person, run, task_forces, starts, ends))
            run = []
    if run:
        found.append(_summit(person, run, task_forces, starts, ends))
    return found


def _summit(
    person: int,
    run: list[tuple[date, date, float]],
    task_forces: Sequence[int],
    starts: list[date],
    ends: list[date],
) -> AllocationPeak:
    """The peak of one overload: its height, first and last day at it, the task forces then, and the run."""
    top = max(load for _, _, load in run)
    at = next(index for index, (_, _, load) in enumerate(run) if load >= top - TOLERANCE)
    last = at  # the peak holds over the stretches after it at the same load
    while last + 1 < len(run) and abs(run[last + 1][2] - top) <= TOLERANCE:
        last += 1
    begin = run[at][0]
    making = tuple(
        sorted(tf for tf, first, end in zip(task_forces, starts, ends, strict=True) if first <= begin <= end)
    )
    return AllocationPeak(person, round(top, 6), begin, run[last][1], making, run[0][0], run[-1][1])


def ink_and_pencil(
    session: Session, peaks: Sequence[AllocationPeak], today: date
) -> tuple[list[AllocationPeak], list[AllocationPeak]]:
    """The peaks with their whole runs, and the same people's overloads on active task forces alone.

    Only someone over capacity across every live task force can be over it on the active ones,
    so only the spans of the people with peaks are read. A peak whose run is not known yet (as a
    server keeps them) gets it from the same spans; one the spans no longer give (an edit landed
    in between) is left as it is.
    """
    spans: dict[int, list[Any]] = defaultdict(list)
    people = sorted({peak.person_id for peak in peaks})
    for begin in range(0, len(people), _CHUNK):
        chunk = people[begin : begin + _CHUNK]
        for span in session.execute(_span_query(today), {"people": chunk}):
            spans[span[0]].append(span)
    runless = {peak.person_id for peak in peaks if peak.overload_first_day is None}
    runs: dict[tuple[int, date], AllocationPeak] = {}
    confirmed = []
    for person in people:
        if not spans[person]:
            continue
        _, teams, capacity, shares, firsts, lasts, inked = zip(*spans[person], strict=True)
        if person in runless:
            for peak in person_peaks(person, teams, shares, firsts, lasts, capacity[0]):
                runs[(person, peak.first_day)] = peak
        ink = [index for index, active in enumerate(inked) if active]
        if ink:
            confirmed += person_peaks(
                person,
                [teams[i] for i in ink],
                [shares[i] for i in ink],
                [firsts[i] for i in ink],
                [lasts[i] for i in ink],
                capacity[0],
            )
    return [_with_run(peak, runs) for peak in peaks], confirmed


def _with_run(peak: AllocationPeak, runs: dict[tuple[int, date], AllocationPeak]) -> AllocationPeak:
    """The peak with the days of its whole run, where they were worked out."""
    if peak.overload_first_day is not None:
        return peak
    worked_out = runs.get((peak.person_id, peak.first_day))
    if worked_out is None:
        return peak
    return AllocationPeak(
        peak.person_id,
        peak.peak_pct,
        peak.first_day,
        peak.last_day,
        peak.task_force_ids,
        worked_out.overload_first_day,
        worked_out.overload_last_day,
    )


@lru_cache(maxsize=4)
def _span_query(today: date) -> Select[Any]:
    """The live memberships, running today or later, of the people in the ``people`` parameter.

    Columns: person, task force, capacity, share, first day (today at the earliest), last day,
    and whether the task force is active (ink). Days as the database hands them over.
    """
    membership, task_force, person = _MEMBERSHIP, _TASK_FORCE, _PERSON
    from_today = literal(today, Date)
    first, last = booked_days(membership, today)
    return (
        select(
            membership.c.person_id,
            membership.c.task_force_id,
            person.c.capacity_pct,
            membership.c.allocation_pct,
            type_coerce(case((first < from_today, from_today), else_=first), String),
            type_coerce(last, String),
            task_force.c.status == LifecycleStatus.ACTIVE,
        )
        .join_from(membership, task_force, task_force.c.id == membership.c.task_force_id)
        .join(person, person.c.id == membership.c.person_id)
        .where(
            membership.c.person_id.in_(bindparam("people", expanding=True)),
            task_force.c.status.not_in(RESTING),
            membership.c.allocation_pct > 0,
            first <= last,
            last >= from_today,
        )
    )
