"""Analyse a plan: read it once, run every check, score each task force, and report."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import select

from smarket_planner.analysis.model import NETWORK_KINDS, EntityRef, Finding, FindingKind, Severity
from smarket_planner.analysis.report import (
    Report,
    build_report,
    finding_json,
    has_problems,
    render_json,
    render_text,
)
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.rules import name_key
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.services.views.analysis_data import load_plan_data
from smarket_planner.services.views.demand_view import function_shortages
from smarket_planner.storage.model import TaskForceRow

# The app reads findings and reports through the services, as the layers say.
__all__ = [
    "EntityRef",
    "Finding",
    "FindingKind",
    "Report",
    "Severity",
    "analyse",
    "analyse_again",
    "finding_json",
    "has_problems",
    "render_json",
    "render_text",
    "task_force_ids_named",
]


def analyse(plan: Plan, *, today: date | None = None, task_force_ids: Sequence[int] | None = None) -> Report:
    """The alignment report of the plan (its live task forces), or of the task forces named."""
    from smarket_planner.analysis.findings import all_findings  # NetworkX: only once analysing

    data = load_plan_data(plan, today=today, task_force_ids=task_force_ids)
    return build_report(plan.title, data, all_findings(data), task_force_ids)


def analyse_again(
    plan: Plan, shown: PlanFindings, scope: Collection[int], *, today: date | None = None
) -> PlanFindings:
    """The findings after edits that touched the task forces in ``scope``: theirs worked out again.

    The network of who links whom spans the whole plan, so its findings are kept as they were
    (only a whole-plan analysis works them out), and count towards the health as before. The
    functions short of people are worked out afresh from the database's sums.
    """
    from smarket_planner.analysis.findings import TASK_FORCE_CHECKS, all_findings

    data = load_plan_data(plan, today=today, task_force_ids=scope)
    shortages = function_shortages(plan, today=data.today)
    redone = set(scope)
    kept = [f for f in shown.findings if f.kind in NETWORK_KINDS and f.kind is not FindingKind.FUNCTION_SHORT]
    network = [f for f in [*kept, *shortages] if not redone.isdisjoint(f.task_force_ids)]
    found = all_findings(data, TASK_FORCE_CHECKS) + network
    return shown.updated(build_report(plan.title, data, found, list(scope)), scope, shortages)


def task_force_ids_named(plan: Plan, names: Sequence[str]) -> list[int]:
    """The task forces a manager names by name (any case, in any script) or by number, in the order given."""
    with plan.store.session() as session:
        known = session.execute(select(TaskForceRow.id, TaskForceRow.name)).all()
    by_name = {name_key(name): ident for ident, name in known}
    ids = {ident for ident, _name in known}
    found: list[int] = []
    for name in names:
        wanted = name.strip()
        ident = by_name.get(name_key(wanted))
        if ident is None and wanted.isdigit() and int(wanted) in ids:
            ident = int(wanted)
        if ident is None:
            raise NotFoundError(f"There is no task force called '{wanted}' in this plan.")
        found.append(ident)
    return found
