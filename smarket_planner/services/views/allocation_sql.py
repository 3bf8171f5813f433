"""Over-allocation peaks worked out by a PostgreSQL server, so only the peaks are sent back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    CTE,
    CompoundSelect,
    Date,
    Integer,
    Subquery,
    and_,
    bindparam,
    cast,
    func,
    literal,
    not_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import AllocationPeak
from smarket_planner.services.views.staffing_view import RESTING
from smarket_planner.storage.base import Base

_TABLES = Base.metadata.tables
_PERSON, _TASK_FORCE, _MEMBERSHIP = _TABLES["person"], _TABLES["task_force"], _TABLES["membership"]


def server_peaks(
    session: Session, today: date, undated_days: int, tolerance: float, people: Sequence[int] | None = None
) -> list[AllocationPeak]:
    """Everyone's overloads from today on, or those of ``people``, by person and first day."""
    if people is None:
        rows = session.execute(peak_query(today, undated_days, tolerance)).all()
    else:
        rows = session.execute(
            peak_query(today, undated_days, tolerance, some=True), {"people": people}
        ).all()
    return [
        AllocationPeak(person, round(top, 6), first, last, tuple(sorted(teams)))
        for person, top, first, last, teams in rows
    ]


@lru_cache(maxsize=8)
def peak_query(
    today: date, undated_days: int, tolerance: float, *, some: bool = False
) -> CompoundSelect[Any]:
    """One statement giving each overload: person, peak, its first and last day, its task forces.

    With ``some``, only the overloads of the people in the ``people`` parameter (a list of ids).
    """
    # The rules of the plan-file path in ``analysis_data._peaks``: people whose spans all run
    # at once (most of them) have one overload at most, summed directly; the others go through
    # a running total over the days their load changes, a run over capacity per overload.
    spans = _spans(today, undated_days, tolerance, some)
    shapes = _shapes(spans, tolerance)
    simple = select(
        shapes.c.person_id,
        shapes.c.total.label("peak"),
        shapes.c.latest_start.label("first_day"),
        shapes.c.earliest_end.label("last_day"),
        shapes.c.task_forces,
    ).where(shapes.c.simple, shapes.c.total > shapes.c.capacity + tolerance)
    peaks = _tangled_peaks(spans, shapes, tolerance)
    # The task forces running on a tangled peak's first day, grouped from sorted rows (a
    # hash aggregate of arrays is planned as if each took 8 kB, and spills to disk).
    making = (
        select(peaks.c.person_id, peaks.c.peak, peaks.c.first_day, peaks.c.last_day, spans.c.task_force_id)
        .join_from(
            peaks,
            spans,
            and_(
                spans.c.person_id == peaks.c.person_id,
                spans.c.first_day <= peaks.c.first_day,
                spans.c.last_day >= peaks.c.first_day,
            ),
        )
        .order_by(peaks.c.person_id, peaks.c.first_day, peaks.c.peak, peaks.c.last_day)
        .subquery("making")
    )
    keys = (making.c.person_id, making.c.first_day, making.c.peak, making.c.last_day)
    tangled = select(
        making.c.person_id,
        making.c.peak,
        making.c.first_day,
        making.c.last_day,
        func.array_agg(making.c.task_force_id).label("task_forces"),
    ).group_by(*keys)
    both = union_all(simple, tangled)
    return both.order_by(both.selected_columns.person_id, both.selected_columns.first_day)


def _spans(today: date, undated_days: int, tolerance: float, some: bool) -> CTE:
    """The live memberships, running today or later, of everyone whose live shares exceed their capacity."""
    membership, task_force, person = _MEMBERSHIP, _TASK_FORCE, _PERSON
    # Candidates first, from live shares alone (no dates, no join: a hashed NOT IN per membership);
    # a second scan reads the dates of their memberships only.
    resting = select(task_force.c.id).where(task_force.c.status.in_(RESTING))
    live = [membership.c.task_force_id.not_in(resting), membership.c.allocation_pct > 0]
    if some:
        live.append(membership.c.person_id.in_(bindparam("people", expanding=True)))
    totals = (
        select(membership.c.person_id, func.sum(membership.c.allocation_pct).label("total"))
        .where(*live)
        .group_by(membership.c.person_id)
        .subquery("totals")
    )
    crowded = (
        select(totals.c.person_id, person.c.capacity_pct.label("capacity"))
        .join_from(totals, person, person.c.id == totals.c.person_id)
        .where(totals.c.total > person.c.capacity_pct + tolerance)
        .subquery("crowded")
    )
    starting = func.greatest(
        func.coalesce(membership.c.start_date, task_force.c.start_date), literal(today, Date)
    )
    ending = func.coalesce(
        membership.c.end_date, task_force.c.end_date, literal(today + timedelta(days=undated_days), Date)
    )
    return (
        select(
            membership.c.person_id,
            membership.c.task_force_id,
            membership.c.allocation_pct.label("share"),
            crowded.c.capacity,
            starting.label("first_day"),
            ending.label("last_day"),
        )
        .join_from(membership, crowded, crowded.c.person_id == membership.c.person_id)
        .join(task_force, task_force.c.id == membership.c.task_force_id)
        .where(task_force.c.status.not_in(RESTING), membership.c.allocation_pct > 0, starting <= ending)
        .cte("spans")
    )


def _shapes(spans: CTE, tolerance: float) -> CTE:
    """Per candidate: capacity, total share, latest start, earliest end, task forces, whether all overlap."""
    by_person = select(spans).order_by(spans.c.person_id).subquery("by_person")
    latest, earliest = func.max(by_person.c.first_day), func.min(by_person.c.last_day)
    return (
        select(
            by_person.c.person_id,
            func.max(by_person.c.capacity).label("capacity"),
            func.sum(by_person.c.share).label("total"),
            latest.label("latest_start"),
            earliest.label("earliest_end"),
            func.array_agg(by_person.c.task_force_id).label("task_forces"),
            # All spans running at once, none too small to tell apart: the load rises, holds, falls.
            and_(latest <= earliest, func.min(by_person.c.share) > 2 * tolerance).label("simple"),
        )
        .group_by(by_person.c.person_id)
        .cte("shapes")
    )


def _tangled_peaks(spans: CTE, shapes: CTE, tolerance: float) -> Subquery:
    """Each overload of the other candidates: person, peak, its first day and last day."""
    mine = (
        select(spans.c.person_id, spans.c.capacity, spans.c.share, spans.c.first_day, spans.c.last_day)
        .join_from(spans, shapes, and_(shapes.c.person_id == spans.c.person_id, not_(shapes.c.simple)))
        .cte("mine")
    )
    events = union_all(
        select(mine.c.person_id, mine.c.capacity, mine.c.first_day.label("day"), mine.c.share.label("delta")),
        select(mine.c.person_id, mine.c.capacity, mine.c.last_day + 1, -mine.c.share),
    ).subquery("events")
    changes = (
        select(events.c.person_id, events.c.capacity, events.c.day, func.sum(events.c.delta).label("delta"))
        .group_by(events.c.person_id, events.c.capacity, events.c.day)
        .subquery("changes")
    )
    person, day = changes.c.person_id, changes.c.day
    # One window for both (lead ignores the frame), so the server sorts and scans once.
    loads = select(
        person,
        changes.c.capacity,
        day,
        func.sum(changes.c.delta).over(partition_by=person, order_by=day, rows=(None, 0)).label("load"),
        (func.lead(day).over(partition_by=person, order_by=day, rows=(None, 0)) - 1).label("last_day"),
    ).subquery("loads")
    # Stretches over capacity; a run of them without a gap shares one key (its first day).
    length = loads.c.last_day - loads.c.day + 1
    covered = func.sum(length).over(partition_by=loads.c.person_id, order_by=loads.c.day, rows=(None, 0))
    runs = (
        select(
            loads.c.person_id,
            loads.c.day,
            loads.c.last_day,
            loads.c.load,
            (loads.c.last_day + 1 - cast(covered, Integer)).label("run"),
        )
        .where(loads.c.last_day.is_not(None), loads.c.load > loads.c.capacity + tolerance)
        .cte("runs")
    )
    highest = (
        select(runs.c.person_id, runs.c.run, func.max(runs.c.load).label("top"))
        .group_by(runs.c.person_id, runs.c.run)
        .subquery("highest")
    )
    in_run = and_(runs.c.person_id == highest.c.person_id, runs.c.run == highest.c.run)
    tops = (
        select(
            runs.c.person_id,
            runs.c.run,
            highest.c.top,
            func.min(runs.c.day).filter(runs.c.load >= highest.c.top - tolerance).label("at"),
            func.max(runs.c.last_day).label("run_last"),
        )
        .join_from(runs, highest, in_run)
        .group_by(runs.c.person_id, runs.c.run, highest.c.top)
        .subquery("tops")
    )
    # The peak holds until the first stretch after it below the top.
    drop = func.min(runs.c.day).filter(and_(runs.c.day > tops.c.at, runs.c.load < tops.c.top - tolerance))
    return (
        select(
            tops.c.person_id,
            tops.c.top.label("peak"),
            tops.c.at.label("first_day"),
            func.coalesce(drop - 1, tops.c.run_last).label("last_day"),
        )
        .join_from(tops, runs, and_(runs.c.person_id == tops.c.person_id, runs.c.run == tops.c.run))
        .group_by(tops.c.person_id, tops.c.run, tops.c.top, tops.c.at, tops.c.run_last)
        .subquery("peaks")
    )
