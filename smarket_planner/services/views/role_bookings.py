"""What people are already booked for over the days an open role runs, counted as the over-allocation
analysis counts load: live task forces only, each membership over its own dates, else its task
force's, else from today for a quarter."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Date, Subquery, func, literal, select
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import TOLERANCE, UNDATED_DAYS
from smarket_planner.services.views.open_roles_view import OpenRoleView
from smarket_planner.services.views.pencil_peaks import booked_days
from smarket_planner.services.views.staffing_view import RESTING
from smarket_planner.storage.base import Base
from smarket_planner.storage.model import MembershipRow, TaskForceRow

_ONE_DAY = timedelta(days=1)
_MEMBERSHIP = Base.metadata.tables["membership"]


class Booking(NamedTuple):
    """One live membership of a person over the days it runs, and the share of their week it takes."""

    person_id: int
    task_force_id: int
    share: float
    first_day: date
    last_day: date


def role_days(role: OpenRoleView, today: date) -> tuple[date, date]:
    """The days an open role asks for: its own, else its task force's, else from today for a quarter,
    as the membership filling it will be counted (``pencil_peaks.booked_days``).

    A role already under way counts from today: the days gone by can no longer be staffed. One
    that would end before it starts is judged on its first day.
    """
    first = role.first_day or today
    last = role.last_day or today + timedelta(days=UNDATED_DAYS)
    if first < today <= last:
        first = today
    return first, max(first, last)


def bookings(
    session: Session, people: ColumnElement[bool], first: date, last: date, today: date
) -> dict[int, list[Booking]]:
    """The live memberships of the people chosen that run on any of the days, by person, in one read."""
    found: dict[int, list[Booking]] = defaultdict(list)
    for row in session.execute(select(_spans(people, first, last, today))):
        found[row[0]].append(Booking(*row))
    return found


def peak_loads(
    session: Session, people: ColumnElement[bool], first: date, last: date, today: date
) -> dict[int, float]:
    """The highest load of each person chosen on any of the days (none booked: left out).

    One grouped read gives each person's total and the latest start and earliest end of their
    bookings: when the latest start comes before the earliest end, all run at once and the total
    is the peak (four people in five). The others' bookings are read again and swept in Python.
    """
    spans = _spans(people, first, last, today)
    grouped = select(
        spans.c.person_id, func.sum(spans.c.share), func.max(spans.c.first_day), func.min(spans.c.last_day)
    ).group_by(spans.c.person_id)
    loads, tangled = {}, []
    for person, total, latest, earliest in session.execute(grouped):
        if latest <= earliest:
            loads[person] = round(total, 6)
        else:
            tangled.append(person)
    if tangled:
        for person, booked in bookings(
            session, MembershipRow.person_id.in_(tangled), first, last, today
        ).items():
            loads[person] = peak(booked, first, last)[0]
    return loads


def _spans(people: ColumnElement[bool], first: date, last: date, today: date) -> Subquery:
    """Person, task force, share, first and last day of each live membership running on any of the days."""
    starts, ends = booked_days(_MEMBERSHIP, today)
    return (
        select(
            MembershipRow.person_id,
            MembershipRow.task_force_id,
            MembershipRow.allocation_pct.label("share"),
            starts.label("first_day"),
            ends.label("last_day"),
        )
        .join(TaskForceRow, TaskForceRow.id == MembershipRow.task_force_id)
        .where(
            people,
            TaskForceRow.status.not_in(RESTING),
            MembershipRow.allocation_pct > 0,  # a share of nothing never moves the load
            starts <= ends,
            starts <= literal(last, Date),
            ends >= literal(first, Date),
        )
        .subquery("spans")
    )


def peak(booked: Iterable[Booking], first: date, last: date) -> tuple[float, date]:
    """The highest load of the bookings on any of the days, and the first day it reaches it."""
    spans = [
        (max(booking.first_day, first), min(booking.last_day, last), booking.share) for booking in booked
    ]
    spans = [span for span in spans if span[0] <= span[1]]
    if not spans:
        return 0.0, first
    latest, earliest = max(span[0] for span in spans), min(span[1] for span in spans)
    if latest <= earliest:  # all run at once (most people): the load rises to their sum and holds
        return round(sum(span[2] for span in spans), 6), latest
    changes: dict[date, float] = defaultdict(float)
    for begin, end, share in spans:
        changes[begin] += share
        changes[end + _ONE_DAY] -= share
    load, top, at = 0.0, 0.0, first
    for when in sorted(changes):
        load += changes[when]
        if load > top + TOLERANCE:
            top, at = load, when
    # Summed share by share; rounded so 0.1 + 0.2 reads as the 0.3 the manager typed.
    return round(top, 6), at


def running_on(booked: Sequence[Booking], when: date) -> list[Booking]:
    """The bookings that take some of the person's week on one day, their task forces in id order."""
    return sorted(
        (booking for booking in booked if booking.first_day <= when <= booking.last_day),
        key=lambda booking: booking.task_force_id,
    )
