"""Where each KPI stands against its expected trajectory, and which ones nobody has checked lately."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, KpiStatus, PlanData, Severity
from smarket_planner.analysis.plan_index import PlanIndex, day, join_names, kpi_ref, number
from smarket_planner.domain.enums import KpiDirection
from smarket_planner.domain.records import CheckIn, Kpi, TaskForce

# Behind the trajectory by no more than this share of the span still counts as on track
# (noise in a weekly number should not raise an alarm).
ON_TRACK_SHARE = 0.03
# Behind the trajectory by up to this share of the baseline-to-target span is at risk; more is off track.
AT_RISK_SHARE = 0.10
# A reporter this unsure (1-10) puts the KPI at risk even when the numbers look fine.
LOW_CONFIDENCE = 4
# A started KPI with no check-in for longer than this is stale.
STALE_DAYS = 30
# Rounding noise of the straight line is not "behind".
_EPSILON = 1e-9


class Trajectory(Protocol):
    """What a KPI's expected line is drawn from: its baseline, target, and start and due dates."""

    @property
    def baseline(self) -> float:
        """Where the KPI stood when it started."""
        ...

    @property
    def target(self) -> float:
        """Where the KPI should stand by its due date."""
        ...

    @property
    def start_date(self) -> date | None:
        """The KPI's own start, if it has one."""
        ...

    @property
    def due_date(self) -> date | None:
        """When the KPI should reach its target, if set."""
        ...


def trajectory_start(kpi: Trajectory, task_force_start: date | None) -> date | None:
    """Where the expected line of a KPI starts: its own start date, else its task force's."""
    return kpi.start_date or task_force_start


def expected_value(kpi: Trajectory, on: date, task_force_start: date | None = None) -> float | None:
    """Where the KPI should stand on a day: baseline at its start to target at its due date.

    The line runs straight from the KPI's start (else the task force's) and is held flat
    outside its dates; None when either date is missing. This is the one line both the
    findings and the Goals & KPIs tab measure a KPI against.

    >>> from datetime import date
    >>> k = Kpi(1, 1, "Leads", target=100.0, start_date=date(2026, 1, 1), due_date=date(2026, 1, 11))
    >>> expected_value(k, date(2026, 1, 6))
    50.0
    """
    start, due = trajectory_start(kpi, task_force_start), kpi.due_date
    if start is None or due is None:
        return None
    if on >= due:
        return kpi.target
    if on <= start:
        return kpi.baseline
    share = (on - start).days / (due - start).days
    return kpi.baseline + (kpi.target - kpi.baseline) * share


def shortfall(kpi: Kpi, value: float, expected: float) -> float:
    """How far ``value`` is behind ``expected`` in the KPI's direction (0 or less: at or beyond it)."""
    return expected - value if kpi.direction is KpiDirection.UP else value - expected


def _behind(kpi: Kpi, value: float, expected: float | None) -> bool:
    """Whether ``value`` trails the line by more than the on-track allowance."""
    if expected is None:
        return False
    return shortfall(kpi, value, expected) > ON_TRACK_SHARE * abs(kpi.target - kpi.baseline) + _EPSILON


def kpi_status(
    kpi: Kpi, latest: CheckIn | None, today: date, task_force_start: date | None = None
) -> KpiStatus:
    """On track, at risk, off track, or no data, from the latest check-in against the trajectory.

    The check-in is judged against the value expected on its own date (a check-in dated after
    ``today`` is judged as of today). Behind by more than 10% of the baseline-to-target span is
    off track (with baseline equal to target, any shortfall is); behind by less, or a reporter's
    confidence of 4 or lower, is at risk. Without a start or due date only the confidence counts.
    """
    if latest is None:
        return KpiStatus.NO_DATA
    expected = expected_value(kpi, min(latest.checked_on, today), task_force_start)
    behind = 0.0 if expected is None else shortfall(kpi, latest.value, expected)
    if behind > AT_RISK_SHARE * abs(kpi.target - kpi.baseline) + _EPSILON:
        return KpiStatus.OFF_TRACK
    if _behind(kpi, latest.value, expected) or latest.confidence <= LOW_CONFIDENCE:
        return KpiStatus.AT_RISK
    return KpiStatus.ON_TRACK


def _amount(kpi: Kpi, value: float) -> str:
    unit = kpi.unit.strip()
    if not unit:
        return number(value)
    return f"{number(value)}{unit}" if unit.startswith("%") else f"{number(value)} {unit}"


def _who(index: PlanIndex, task_force: TaskForce, kpi: Kpi) -> str:
    """Who to ask about a KPI: its accountable person, else its owners, else the team's lead."""
    if kpi.accountable_id is not None:
        return index.person_name(kpi.accountable_id)
    if owners := index.owner_names(kpi.owner_function_ids):
        return join_names(owners)
    return index.person_name(task_force.lead_id) if task_force.lead_id else f"the lead of {task_force.name}"


def _entities(index: PlanIndex, kpi: Kpi) -> tuple[EntityRef, ...]:
    """The KPI and, if named, its accountable person."""
    if kpi.accountable_id is None:
        return (kpi_ref(kpi),)
    return (kpi_ref(kpi), index.person_ref(kpi.accountable_id))


def _status_finding(
    index: PlanIndex, task_force: TaskForce, kpi: Kpi, latest: CheckIn, status: KpiStatus, today: date
) -> Finding:
    expected = expected_value(kpi, min(latest.checked_on, today), task_force.start_date)
    behind = _behind(kpi, latest.value, expected)
    due = f" by {day(kpi.due_date)}" if kpi.due_date else ""
    head = f"The KPI '{kpi.title}' of {task_force.name} stood at {_amount(kpi, latest.value)}"
    head += f" on {day(latest.checked_on)}"
    against = (
        f"the {_amount(kpi, expected)} expected by then" if expected is not None else "no expected value"
    )
    target = f"a target of {_amount(kpi, kpi.target)}{due}"
    if status is KpiStatus.OFF_TRACK:
        message = f"{head}, well behind {against} on the way to {target}, so it is off track."
        action = (
            f"Agree a recovery plan for '{kpi.title}' with {_who(index, task_force, kpi)}, "
            "or reset its target with its owners."
        )
    else:
        if behind:
            why = f"slightly behind {against} on the way to {target}"
        else:
            why = f"against {against} and {target}, but the reporter's confidence is only "
            why += f"{latest.confidence} of 10"
        message = f"{head}, {why}, so it is at risk."
        action = (
            f"Ask {_who(index, task_force, kpi)} what would bring '{kpi.title}' back on track "
            "before the next check-in."
        )
    return Finding(
        FindingKind.KPI_OFF_TRACK if status is KpiStatus.OFF_TRACK else FindingKind.KPI_AT_RISK,
        Severity.ERROR if status is KpiStatus.OFF_TRACK else Severity.WARNING,
        message,
        action,
        (task_force.id,),
        _entities(index, kpi),
        {
            "latest": latest.value,
            "expected": expected,
            "target": kpi.target,
            "baseline": kpi.baseline,
            "checked_on": latest.checked_on,
            "confidence": latest.confidence,
        },
    )


def _stale_finding(
    index: PlanIndex, task_force: TaskForce, kpi: Kpi, latest: CheckIn | None, started: date, today: date
) -> Finding:
    since = latest.checked_on if latest is not None else started
    days = (today - since).days
    if latest is None:
        what = f"has had no check-in since it started on {day(started)}"
    else:
        what = f"has had no check-in since {day(latest.checked_on)}, "
        what += f"when it stood at {_amount(kpi, latest.value)}"
    expected = expected_value(kpi, today, task_force.start_date)
    now = f", {_amount(kpi, expected)} expected by now" if expected is not None else ""
    return Finding(
        FindingKind.STALE_KPI,
        Severity.WARNING,
        f"The KPI '{kpi.title}' of {task_force.name} {what} ({days} days ago{now}, target "
        f"{_amount(kpi, kpi.target)}), so no one knows whether it is on track.",
        f"Ask {_who(index, task_force, kpi)} to record a check-in for '{kpi.title}' this week.",
        (task_force.id,),
        _entities(index, kpi),
        {
            "latest": latest.value if latest is not None else None,
            "expected": expected,
            "target": kpi.target,
            "last_check_in": latest.checked_on if latest is not None else None,
            "days_since": days,
        },
    )


def kpi_findings(data: PlanData) -> list[Finding]:
    """KPIs of live task forces that are at risk, off track, or have gone unchecked for a month.

    A KPI is stale when it has started (its own start date, else its task force's, is on or
    before today) and neither a check-in nor its start falls within the 30 days before today.
    """
    index = PlanIndex(data)
    stale_before = data.today - timedelta(days=STALE_DAYS)
    findings = []
    for task_force, kpi in index.live_kpis():
        latest = data.latest_check_ins.get(kpi.id)
        status = kpi_status(kpi, latest, data.today, task_force.start_date)
        if latest is not None and status in (KpiStatus.AT_RISK, KpiStatus.OFF_TRACK):
            findings.append(_status_finding(index, task_force, kpi, latest, status, data.today))
        started = trajectory_start(kpi, task_force.start_date)
        if started is None or started > data.today:
            continue
        if max(started, latest.checked_on if latest else started) < stale_before:
            findings.append(_stale_finding(index, task_force, kpi, latest, started, data.today))
    return index.ordered(findings)
