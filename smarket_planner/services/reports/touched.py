"""Which task forces an edit may have changed the findings of, so only those are analysed again."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from smarket_planner.analysis.model import FindingKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.actions.notices import ChangeAction, ChangeNotice
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.services.views.analysis_data import allocation_peaks
from smarket_planner.storage.model import (
    ActivityRow,
    CheckInRow,
    CreditRow,
    DecisionRow,
    DeliverableRow,
    DependencyRow,
    GoalRow,
    KpiRow,
    LessonRow,
    MembershipRow,
    OpenRoleRow,
    QuestionRow,
    RaciRow,
    RiskRow,
)

K = EntityKind
Overload = tuple[object, object, object, frozenset[int]]  # first day, last day, peak, task forces
# Past this many task forces, analysing the whole plan again costs about the same.
MOST = 150
# Things that belong to one task force directly.
_OWNED = {
    K.GOAL: GoalRow,
    K.ACTIVITY: ActivityRow,
    K.RISK: RiskRow,
    K.DECISION: DecisionRow,
    K.QUESTION: QuestionRow,
    K.LESSON: LessonRow,
    K.CREDIT: CreditRow,
    K.OPEN_ROLE: OpenRoleRow,
}


def task_forces_touched(
    plan: Plan,
    notices: Iterable[ChangeNotice],
    shown: PlanFindings | None = None,
    *,
    today: date | None = None,
) -> list[int] | None:
    """The task forces whose findings these edits may have changed, or None for the whole plan.

    A membership, a task force's status or dates, or a person's capacity can move people's
    load: the task forces of each overload of theirs that moved (as ``shown`` has them, and
    as they are now) count too, and all of a person's task forces if they went over capacity
    or came back under it (their health counts who is over). Without ``shown``, all of their
    task forces count. Removing something, a change to a function or a new person may change
    findings anywhere: the whole plan. Where a thing is placed in a graph changes no finding.
    """
    touched: set[int] = set()
    loaded: set[int] = set()
    with plan.store.session() as session:
        for notice in notices:
            found = _touched(session, notice)
            if found is None:
                return None
            touched.update(found[0])
            loaded.update(found[1])
            if len(touched) > MOST:
                return None
        theirs: dict[int, set[int]] = {person: set() for person in loaded}
        on_teams = select(MembershipRow.person_id, MembershipRow.task_force_id)
        for person, team in session.execute(on_teams.where(MembershipRow.person_id.in_(loaded))):
            theirs[person].add(team)
    if loaded:
        touched.update(_load_moved(plan, theirs, shown, today or date.today()))
    return None if len(touched) > MOST else sorted(touched)


def _touched(session: Session, notice: ChangeNotice) -> tuple[set[int], set[int]] | None:
    """The task forces a notice names or owns things of, and the people whose load it may move."""
    kind, ids = notice.kind, list(notice.ids)
    if kind is K.VIEW_POSITION:
        return set(), set()
    if notice.action is ChangeAction.DELETED or (kind is K.PERSON and notice.action is ChangeAction.CREATED):
        return None  # what it belonged to, and whose load it carried, is gone with it
    if kind in (K.DELIVERABLE, K.DEPENDENCY):
        teams = _along_the_work(session, kind, ids)
        return None if teams is None else (teams, set())
    query = _owners(kind, ids)
    if query is None:
        return None
    teams = set(session.scalars(query))
    people: set[int] = set()
    if kind is K.MEMBERSHIP:
        people.update(session.scalars(select(MembershipRow.person_id).where(MembershipRow.id.in_(ids))))
    elif kind is K.TASK_FORCE:
        downstream = _along_the_work(session, kind, ids)  # its name and dates show in their findings
        if downstream is None:
            return None
        teams.update(ids, downstream)
        people.update(
            session.scalars(select(MembershipRow.person_id).where(MembershipRow.task_force_id.in_(ids)))
        )
    elif kind is K.PERSON:
        people.update(ids)
    return teams, people


def _load_moved(plan: Plan, theirs: dict[int, set[int]], shown: PlanFindings | None, today: date) -> set[int]:
    """The task forces whose findings follow these people's load, where it moved.

    ``theirs``: the task forces each of them is on.
    """
    if shown is None:
        return set().union(*theirs.values())
    wanted = set(theirs)
    before: dict[int, set[Overload]] = {}
    for finding in shown.findings:
        if finding.kind is FindingKind.OVER_ALLOCATION:
            person = next(e.id for e in finding.entities if e.kind is K.PERSON)
            if person in wanted:
                facts = finding.facts
                overload = (
                    facts["first_day"],
                    facts["last_day"],
                    facts["peak_pct"],
                    frozenset(finding.task_force_ids),
                )
                before.setdefault(person, set()).add(overload)
    now: dict[int, set[Overload]] = {}
    for peak in allocation_peaks(plan, today=today):
        if peak.person_id in wanted:
            overload = (peak.first_day, peak.last_day, peak.peak_pct, frozenset(peak.task_force_ids))
            now.setdefault(peak.person_id, set()).add(overload)
    teams: set[int] = set()
    for person in wanted:
        was, is_ = before.get(person, set()), now.get(person, set())
        if bool(was) != bool(is_):
            teams.update(theirs.get(person, ()))  # over capacity, or no longer: their health moves
        for overload in was ^ is_:
            teams.update(overload[3])
    return teams


def _owners(kind: EntityKind, ids: list[int]) -> Select[Any] | None:
    """The task forces the things named belong to (for people: the ones they are on)."""
    if kind is K.TASK_FORCE:
        return select(MembershipRow.task_force_id).where(MembershipRow.task_force_id.in_(ids))
    if kind is K.PERSON:
        return select(MembershipRow.task_force_id).where(MembershipRow.person_id.in_(ids))
    if kind is K.MEMBERSHIP:
        return select(MembershipRow.task_force_id).where(MembershipRow.id.in_(ids))
    if kind in _OWNED:
        row = _OWNED[kind]
        return select(row.task_force_id).where(row.id.in_(ids))  # type: ignore[attr-defined]
    if kind is K.KPI:
        return (
            select(GoalRow.task_force_id).join(KpiRow, KpiRow.goal_id == GoalRow.id).where(KpiRow.id.in_(ids))
        )
    if kind is K.CHECK_IN:
        return (
            select(GoalRow.task_force_id)
            .join(KpiRow, KpiRow.goal_id == GoalRow.id)
            .join(CheckInRow, CheckInRow.kpi_id == KpiRow.id)
            .where(CheckInRow.id.in_(ids))
        )
    if kind is K.RACI:
        return (
            select(ActivityRow.task_force_id)
            .join(RaciRow, RaciRow.activity_id == ActivityRow.id)
            .where(RaciRow.id.in_(ids))
        )
    return None  # a function: anywhere


def _along_the_work(session: Session, kind: EntityKind, ids: list[int]) -> set[int] | None:
    """The task forces of the deliverables (or task forces) named and of all work waiting on them.

    A late chain or a cycle runs downstream through other task forces' work, whose findings
    give the dates and names of what they wait for; each of those task forces is analysed again.
    """
    if kind is K.DEPENDENCY:
        ids = list(session.scalars(select(DependencyRow.downstream_id).where(DependencyRow.id.in_(ids))))
    elif kind is K.TASK_FORCE:
        ids = list(session.scalars(select(DeliverableRow.id).where(DeliverableRow.task_force_id.in_(ids))))
    reached, frontier = set(ids), set(ids)
    while frontier:
        waiting = select(DependencyRow.downstream_id).where(DependencyRow.upstream_id.in_(frontier))
        frontier = set(session.scalars(waiting)) - reached
        reached |= frontier
        if len(reached) > 20 * MOST:
            return None
    found = session.scalars(select(DeliverableRow.task_force_id).where(DeliverableRow.id.in_(reached)))
    return set(found)
