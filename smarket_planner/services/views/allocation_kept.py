"""Over-allocation kept worked out on a PostgreSQL server, brought up to date for the people edits touched."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import AllocationPeak
from smarket_planner.domain.errors import ConflictError, ReadOnlyPlanError
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.views.allocation_sql import server_peaks
from smarket_planner.storage.model import overload, overload_basis, overload_stale

Basis = tuple[date, int, float]  # today, days an undated membership runs, tolerance

# Whoever brings the kept overloads up to date holds this lock (one per plan database) till commit.
_REFRESH_LOCK = 0x6F7665726C6F6164  # "overload"
# Past this many people touched (a roster import, a bulk change), working out everyone is cheaper.
_MANY = 2_000
_KEPT_ORDER = (overload.c.person_id, overload.c.first_day)


def kept_peaks(plan: Plan, today: date, undated_days: int, tolerance: float) -> list[AllocationPeak]:
    """Everyone's overloads as the server keeps them; those of people edited since are worked out first.

    The server's triggers note whose load an edit may have moved (``overload_marks``). Reading
    the kept overloads costs less than summing everyone's memberships; after an edit only the
    people it touched are worked out again, and a new day (or other rules) means everyone. A
    client that may not write (a read-only login or plan) works them all out for itself.
    """
    basis: Basis = (today, undated_days, tolerance)
    with plan.store.session() as session:
        if _up_to_date(session, basis):
            return _kept(session)
    if not plan.store.read_only:
        try:
            with plan.store.session(write=True) as session:
                _bring_up_to_date(session, basis)
                return _kept(session)
        except (ReadOnlyPlanError, ConflictError):
            pass  # the server lets this login read only, or another writer won: work them out here
    with plan.store.session() as session:
        return server_peaks(session, *basis)


def _up_to_date(session: Session, basis: Basis) -> bool:
    """Whether the kept overloads are for this basis, with nobody's waiting to be worked out again."""
    waiting = select(overload_stale.c.person_id).exists()
    found = session.execute(
        select(overload_basis.c.today, overload_basis.c.undated_days, overload_basis.c.tolerance, waiting)
    ).first()
    return found is not None and tuple(found[:3]) == basis and not found[3]


def _bring_up_to_date(session: Session, basis: Basis) -> None:
    """Work out again the overloads of the people noted, or of everyone on a new basis."""
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REFRESH_LOCK})
    kept = session.execute(
        select(overload_basis.c.today, overload_basis.c.undated_days, overload_basis.c.tolerance)
    ).first()
    if kept is None or tuple(kept) != basis:
        _work_out_everyone(session, basis)
        return
    people = list(session.scalars(delete(overload_stale).returning(overload_stale.c.person_id)))
    if len(people) > _MANY:
        _work_out_everyone(session, basis)
    elif people:
        session.execute(delete(overload).where(overload.c.person_id.in_(people)))
        _keep(session, server_peaks(session, *basis, people=sorted(people)))


def _work_out_everyone(session: Session, basis: Basis) -> None:
    """Replace every kept overload, with edits to people, task forces and memberships held back meanwhile."""
    # Until this commits, an edit waits: none can land between the working out and the new basis unnoted.
    session.execute(text("LOCK TABLE person, task_force, membership IN SHARE MODE"))
    for table in (overload, overload_stale, overload_basis):
        session.execute(delete(table))
    today, undated_days, tolerance = basis
    session.execute(
        insert(overload_basis).values(id=1, today=today, undated_days=undated_days, tolerance=tolerance)
    )
    _keep(session, server_peaks(session, *basis))


def _keep(session: Session, peaks: list[AllocationPeak]) -> None:
    """Write overloads to the kept ones."""
    if peaks:
        session.execute(insert(overload), [_row(peak) for peak in peaks])


def _row(peak: AllocationPeak) -> dict[str, Any]:
    return {
        "person_id": peak.person_id,
        "first_day": peak.first_day,
        "last_day": peak.last_day,
        "peak": peak.peak_pct,
        "task_forces": ",".join(map(str, peak.task_force_ids)),
    }


def _kept(session: Session) -> list[AllocationPeak]:
    """The kept overloads, by person, then first day."""
    found = session.execute(
        select(
            overload.c.person_id,
            overload.c.peak,
            overload.c.first_day,
            overload.c.last_day,
            overload.c.task_forces,
        ).order_by(*_KEPT_ORDER)
    ).all()
    return [
        AllocationPeak(person, peak, first, last, tuple(map(int, teams.split(","))))
        for person, peak, first, last, teams in found
    ]
