"""Print task force charters: gather what one prints, write it as a PDF, or write many at once."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from pathlib import Path
from typing import cast

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from smarket_planner.analysis.kpi_status import kpi_status
from smarket_planner.analysis.model import PlanData
from smarket_planner.analysis.report import build_report
from smarket_planner.charter.model import CharterContent, CharterOptions, KpiLine, PageSize, Section
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import (
    Decision,
    Deliverable,
    Dependency,
    EntityKind,
    OpenRole,
    Person,
    Question,
    Risk,
)
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.actions.rows import to_record
from smarket_planner.services.views.analysis_data import load_plan_data
from smarket_planner.storage.model import (
    CheckInRow,
    DecisionRow,
    DeliverableRow,
    DependencyRow,
    OpenRoleRow,
    PersonRow,
    RiskRow,
    TaskForceRow,
)

__all__ = [
    "CharterContent",
    "CharterOptions",
    "PageSize",
    "Section",
    "charter_content",
    "charter_pdf",
    "write_task_force_charter",
]

_RISK_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def charter_content(plan: Plan, task_force_id: int, *, today: date | None = None) -> CharterContent:
    """Everything the charter of one task force prints, read in one go."""
    # NetworkX comes in only here, off the window's thread, when a charter is made.
    from smarket_planner.analysis.findings import all_findings
    from smarket_planner.analysis.schedule import critical_path

    today = today or date.today()
    data = load_plan_data(plan, today=today, task_force_ids=[task_force_id])
    team = next((item for item in data.task_forces if item.id == task_force_id), None)
    if team is None:
        raise NotFoundError(f"There is no task force number {task_force_id} in this plan.")
    report = build_report(plan.title, data, all_findings(data), [task_force_id])
    own = next((item for item in report.task_forces if item.id == task_force_id), None)
    questions = sorted(
        (item for item in data.questions if item.task_force_id == team.id and item.is_open),
        key=lambda item: (item.due_on is None, item.due_on or today, item.id),
    )
    # The data holds what the findings need from beyond the team too (the work it waits for,
    # its people's other task forces); the charter prints the team's own, and its links out.
    own_deliverables = [item for item in data.deliverables if item.task_force_id == team.id]
    own_members = tuple(item for item in data.memberships if item.task_force_id == team.id)
    with plan.store.session() as session:
        own_work = [item.id for item in own_deliverables]
        links = [
            cast(Dependency, to_record(EntityKind.DEPENDENCY, row))
            for row in session.scalars(
                select(DependencyRow).where(
                    or_(DependencyRow.upstream_id.in_(own_work), DependencyRow.downstream_id.in_(own_work))
                )
            )
        ]
        outside = {link.upstream_id for link in links} | {link.downstream_id for link in links}
        outside -= set(own_work)
        foreign = [
            cast(Deliverable, to_record(EntityKind.DELIVERABLE, row))
            for row in session.scalars(select(DeliverableRow).where(DeliverableRow.id.in_(outside)))
        ]
        teams = {item.task_force_id for item in foreign}
        query = select(TaskForceRow.id, TaskForceRow.name).where(TaskForceRow.id.in_(teams))
        team_names: dict[int, str] = {ident: name for ident, name in session.execute(query)}
        risks = sorted(
            (
                cast(Risk, to_record(EntityKind.RISK, row))
                for row in session.scalars(select(RiskRow).where(RiskRow.task_force_id == team.id))
            ),
            key=lambda risk: (risk.status.value in ("closed",), _RISK_ORDER[risk.severity.value], risk.id),
        )
        decisions = sorted(
            (
                cast(Decision, to_record(EntityKind.DECISION, row))
                for row in session.scalars(select(DecisionRow).where(DecisionRow.task_force_id == team.id))
            ),
            key=lambda decision: (decision.decided_on or today, decision.id),
        )
        trends = _trends(session, [kpi.id for kpi in data.kpis])
        places = _open_roles(session, team.id, team.start_date)
        wanted = _people_named(risks, decisions, foreign, questions) - {person.id for person in data.people}
        extra = [
            cast(Person, to_record(EntityKind.PERSON, row))
            for row in session.scalars(select(PersonRow).where(PersonRow.id.in_(wanted)))
        ]
    people = {person.id: person for person in (*data.people, *extra)}
    return CharterContent(
        plan_title=plan.title,
        printed_on=today,
        task_force=team,
        functions={function.id: function for function in data.functions},
        people=people,
        memberships=own_members,
        open_roles=places,
        goals=data.goals,
        kpis=tuple(_kpi_lines(data, team.start_date, trends, people)),
        activities=data.activities,
        raci=data.raci,
        deliverables=(*own_deliverables, *foreign),
        dependencies=tuple(links),
        team_names=team_names,
        critical_path=critical_path(data, team.id).deliverable_ids,
        risks=tuple(risks),
        decisions=tuple(decisions),
        questions=tuple(questions),
        health=own.health if own else None,
        findings=own.findings if own else (),
    )


def _open_roles(session: Session, task_force_id: int, team_start: date | None) -> tuple[OpenRole, ...]:
    """The places the team still has to staff, the soonest to start first (on the team's start where
    they give none), then by name."""
    found = (
        cast(OpenRole, to_record(EntityKind.OPEN_ROLE, row))
        for row in session.scalars(select(OpenRoleRow).where(OpenRoleRow.task_force_id == task_force_id))
    )
    return tuple(
        sorted(
            found,
            key=lambda role: (role.start_date or team_start or date.max, role.title.casefold(), role.id),
        )
    )


def _trends(session: Session, kpi_ids: list[int]) -> dict[int, list[tuple[date, float]]]:
    """Every check-in of the KPIs, oldest first, as (day, value)."""
    found: dict[int, list[tuple[date, float]]] = {ident: [] for ident in kpi_ids}
    query = (
        select(CheckInRow.kpi_id, CheckInRow.checked_on, CheckInRow.value)
        .where(CheckInRow.kpi_id.in_(kpi_ids))
        .order_by(CheckInRow.checked_on, CheckInRow.id)
    )
    for kpi_id, day, value in session.execute(query):
        found[kpi_id].append((day, value))
    return found


def _people_named(
    risks: Iterable[Risk],
    decisions: Iterable[Decision],
    foreign: Iterable[Deliverable],
    questions: Iterable[Question],
) -> set[int]:
    """People the logs and other teams' deliverables name."""
    named: set[int | None] = set()
    for risk in risks:
        named |= {risk.owner_id, risk.raised_by_id}
    for decision in decisions:
        named |= {decision.decided_by_id, *decision.committed_person_ids}
    named |= {item.owner_id for item in foreign}
    for question in questions:
        named |= {question.asked_by_id, question.answerer_id}
    return {ident for ident in named if ident is not None}


def _kpi_lines(
    data: PlanData,
    start: date | None,
    trends: dict[int, list[tuple[date, float]]],
    people: dict[int, Person],
) -> Iterable[KpiLine]:
    """Each KPI with its goal, latest value, status and trend."""
    goal_titles = {goal.id: goal.title for goal in data.goals}
    for kpi in data.kpis:
        latest = data.latest_check_ins.get(kpi.id)
        accountable = people.get(kpi.accountable_id) if kpi.accountable_id is not None else None
        yield KpiLine(
            kpi=kpi,
            goal_title=goal_titles.get(kpi.goal_id, ""),
            latest=latest.value if latest else None,
            status=kpi_status(kpi, latest, data.today, start),
            trend=tuple(trends.get(kpi.id, ())),
            accountable=accountable.name if accountable else "",
        )


def charter_pdf(
    plan: Plan, task_force_id: int, options: CharterOptions | None = None, *, today: date | None = None
) -> bytes:
    """The charter of one task force as PDF bytes, for a preview."""
    from smarket_planner.charter.document import charter_bytes  # ReportLab: only to typeset

    return charter_bytes(charter_content(plan, task_force_id, today=today), options or CharterOptions())


def write_task_force_charter(
    plan: Plan,
    task_force_id: int,
    path: Path,
    options: CharterOptions | None = None,
    *,
    today: date | None = None,
) -> Path:
    """Write the charter of one task force to a PDF file (replacing it whole, never half-written)."""
    from smarket_planner.charter.document import write_charter

    return write_charter(charter_content(plan, task_force_id, today=today), options or CharterOptions(), path)


def parse_sections(names: Collection[str]) -> frozenset[Section]:
    """Sections named by a manager ('members, kpis'); a ValueError names the valid ones if one is unknown."""
    chosen: set[Section] = set()
    for name in names:
        key = name.strip().lower().replace(" ", "_").replace("-", "_")
        if not key:
            continue
        if key == "all":
            chosen |= set(Section)
            continue
        try:
            chosen.add(Section(key))
        except ValueError:
            valid = ", ".join(section.value for section in Section)
            raise ValueError(
                f"There is no charter section called '{name.strip()}'; use any of: {valid}."
            ) from None
    return frozenset(chosen)
