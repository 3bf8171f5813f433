"""Every check the analysis makes, run over one picture of the plan."""

from __future__ import annotations

from collections.abc import Callable

from smarket_planner.analysis.alignment import (
    coverage_findings,
    incentive_findings,
    raci_findings,
    silo_findings,
)
from smarket_planner.analysis.kpi_status import kpi_findings
from smarket_planner.analysis.model import Finding, PlanData
from smarket_planner.analysis.network import bottleneck_findings, silo_function_findings
from smarket_planner.analysis.questions import overdue_question_findings
from smarket_planner.analysis.schedule import dependency_cycle_findings, schedule_findings
from smarket_planner.analysis.staffing_findings import (
    function_short_findings,
    open_role_late_findings,
    over_allocation_findings,
)

Check = Callable[[PlanData], list[Finding]]

# In the order a manager reads them: people and the places still to staff first, then pay and
# roles, then the work and the questions it waits on...
TASK_FORCE_CHECKS: tuple[Check, ...] = (
    over_allocation_findings,
    open_role_late_findings,
    coverage_findings,
    silo_findings,
    incentive_findings,
    raci_findings,
    kpi_findings,
    dependency_cycle_findings,
    schedule_findings,
    overdue_question_findings,
)
# ...then the whole plan: functions short of people and who links whom need every task force at once.
NETWORK_CHECKS: tuple[Check, ...] = (function_short_findings, bottleneck_findings, silo_function_findings)
CHECKS = TASK_FORCE_CHECKS + NETWORK_CHECKS


def all_findings(data: PlanData, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Run every check (or those given); each finding once, in the order the checks give them."""
    found: list[Finding] = []
    for check in checks:
        found.extend(check(data))
    return found
