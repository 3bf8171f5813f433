"""What the analysis reads (a plain picture of the plan) and what it says (findings, health)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from smarket_planner.domain.records import (
    Activity,
    CheckIn,
    Deliverable,
    Dependency,
    EntityKind,
    Function,
    Goal,
    Kpi,
    Membership,
    OpenRole,
    Person,
    Question,
    RaciAssignment,
    TaskForce,
)

# Where no dates are known at all, a membership or open role is taken to run for the next quarter.
UNDATED_DAYS = 90
# A load counts as over capacity only past rounding noise (0.1 + 0.2 is not above 0.3).
TOLERANCE = 1e-6


@dataclass(frozen=True)
class AllocationPeak:
    """A person's highest load over time across live task forces, computed by the database."""

    person_id: int
    peak_pct: float
    first_day: date  # the first day of the peak
    last_day: date  # the last day of the peak
    task_force_ids: tuple[int, ...]  # the task forces whose memberships make up the peak
    # The whole overload the peak tops, from its first day over capacity to its last, where it
    # was worked out; the same overload either way, so left out of comparisons.
    overload_first_day: date | None = field(default=None, compare=False)
    overload_last_day: date | None = field(default=None, compare=False)

    @property
    def overload_days(self) -> tuple[date, date]:
        """The first and last day of the whole overload, else of the peak where only that is known."""
        return (self.overload_first_day or self.first_day, self.overload_last_day or self.last_day)


@dataclass(frozen=True)
class PlanData:
    """Everything the analysis needs, as plain records; the services fill it in."""

    today: date
    functions: tuple[Function, ...] = ()
    people: tuple[Person, ...] = ()
    task_forces: tuple[TaskForce, ...] = ()
    memberships: tuple[Membership, ...] = ()
    goals: tuple[Goal, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    latest_check_ins: Mapping[int, CheckIn] = field(default_factory=dict)  # by KPI id
    activities: tuple[Activity, ...] = ()
    raci: tuple[RaciAssignment, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    allocation_peaks: tuple[AllocationPeak, ...] = ()  # only people whose peak exceeds capacity
    questions: tuple[Question, ...] = ()  # the task forces' questions, answered or not
    open_roles: tuple[OpenRole, ...] = ()  # places on the task forces still to be staffed
    # The overloads of the same people counting active task forces alone (ink, not pencil).
    confirmed_peaks: tuple[AllocationPeak, ...] = ()
    # The task forces it was read for, or None for the whole plan: only the whole plan holds
    # every booking of a function and everyone's capacity.
    scope: tuple[int, ...] | None = None


class Severity(StrEnum):
    """How urgently a finding needs a manager's attention."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 (info) to 2 (error), for sorting the worst first."""
        return list(Severity).index(self)


class FindingKind(StrEnum):
    """Every kind of problem the analysis can find."""

    OVER_ALLOCATION = "over_allocation"
    SILO_GOAL = "silo_goal"
    SILO_KPI = "silo_kpi"
    INCENTIVE_CONFLICT = "incentive_conflict"
    LONE_INCENTIVE = "lone_incentive"  # a function paid only on KPIs no one else shares
    PAY_ON_STRETCH = "pay_on_stretch"  # incentive on an aspirational KPI
    NO_ACCOUNTABLE_PERSON = "no_accountable_person"  # a shared KPI without one
    RACI_NO_ACCOUNTABLE = "raci_no_accountable"
    RACI_MANY_ACCOUNTABLE = "raci_many_accountable"
    RACI_NO_RESPONSIBLE = "raci_no_responsible"
    FUNCTION_WITHOUT_ROLE = "function_without_role"  # a team function absent from every activity
    DEPENDENCY_CYCLE = "dependency_cycle"
    LATE_DELIVERABLE = "late_deliverable"  # ends after its task force does
    CRITICAL_PATH = "critical_path"
    BOTTLENECK_PERSON = "bottleneck_person"
    SINGLE_POINT_OF_FAILURE = "single_point_of_failure"
    SILOED_FUNCTION = "siloed_function"
    FUNCTION_LINE_COMMUNITY = "function_line_community"
    MISSING_FUNCTION = "missing_function"
    SINGLE_FUNCTION_TEAM = "single_function_team"
    KPI_AT_RISK = "kpi_at_risk"
    KPI_OFF_TRACK = "kpi_off_track"
    STALE_KPI = "stale_kpi"
    OVERDUE_QUESTION = "overdue_question"  # an open question past the date it was to be answered by
    FUNCTION_SHORT = "function_short"  # a function booked past its people's capacity for weeks
    OPEN_ROLE_LATE = "open_role_late"  # an open role past the day it was to start

    @property
    def label(self) -> str:
        """The kind as a manager says it."""
        if self in _LABELS:
            return _LABELS[self]
        words = self.value.replace("_", " ").capitalize()
        for plain, proper in (("Raci", "RACI"), ("raci", "RACI"), ("Kpi", "KPI"), ("kpi", "KPI")):
            words = words.replace(plain, proper)
        return words


@dataclass(frozen=True)
class EntityRef:
    """A thing a finding names, so the app can select it."""

    kind: EntityKind
    id: int
    name: str


@dataclass(frozen=True)
class Finding:
    """One problem: what it is, how bad, where, in one sentence, and what to do about it."""

    kind: FindingKind
    severity: Severity
    message: str
    action: str
    task_force_ids: tuple[int, ...] = ()
    entities: tuple[EntityRef, ...] = ()
    facts: Mapping[str, object] = field(default_factory=dict)  # numbers behind the sentence


# Kinds whose words read better than their names.
_LABELS = {
    FindingKind.FUNCTION_SHORT: "Function short of people",
    FindingKind.OPEN_ROLE_LATE: "Open role past its start",
}

# The findings of the whole plan (``findings.NETWORK_CHECKS``): who links whom, and each
# function's demand against its capacity. Only an analysis of every task force at once gives them.
NETWORK_KINDS = frozenset(
    {
        FindingKind.BOTTLENECK_PERSON,
        FindingKind.SINGLE_POINT_OF_FAILURE,
        FindingKind.SILOED_FUNCTION,
        FindingKind.FUNCTION_LINE_COMMUNITY,
        FindingKind.FUNCTION_SHORT,
    }
)


class KpiStatus(StrEnum):
    """Where a KPI stands against the trajectory from its baseline to its target."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        """The status as a manager says it."""
        return self.value.replace("_", " ").capitalize()

    @property
    def band(self) -> HealthBand | None:
        """The colour it wears everywhere: green on track, amber at risk, red off track, none without data."""
        return _STATUS_BANDS.get(self)


@dataclass(frozen=True)
class HealthComponent:
    """One part of a task force's alignment health, and what it adds to the score."""

    name: str
    weight: float  # share of the score, all weights add up to 1
    score: float  # 0-100 for this component
    reasons: tuple[str, ...] = ()

    @property
    def contribution(self) -> float:
        """Points this component adds to the 0-100 score."""
        return self.weight * self.score


GREEN_FROM = 80.0  # a score from here up is green
AMBER_FROM = 60.0  # from here to GREEN_FROM amber; below it red
# What the parts' score may reach with open errors: one error keeps a team out of the green,
# each further error takes ten points more, three are red; never below a tenth.
FIRST_ERROR_CEILING = 79.0
CEILING_STEP = 10.0
LOWEST_CEILING = 10.0


class HealthBand(StrEnum):
    """Where a health score stands: green (healthy), amber (needs attention), red (pulling apart)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"

    @classmethod
    def of(cls, score: float) -> HealthBand:
        """The band a 0-100 score falls in: green from 80, amber from 60, red below."""
        if score >= GREEN_FROM:
            return cls.GREEN
        return cls.AMBER if score >= AMBER_FROM else cls.RED

    @property
    def label(self) -> str:
        """The band as a manager says it."""
        return {"green": "healthy", "amber": "needs attention", "red": "pulling apart"}[self.value]


def error_ceiling(open_errors: int) -> float:
    """The highest health a task force with this many open errors can have, out of 100."""
    if open_errors <= 0:
        return 100.0
    return max(LOWEST_CEILING, FIRST_ERROR_CEILING - CEILING_STEP * (open_errors - 1))


@dataclass(frozen=True)
class Health:
    """A task force's alignment health from 0 to 100: its parts, held down by its open errors."""

    task_force_id: int
    components: tuple[HealthComponent, ...]
    open_errors: int = 0  # findings of error severity naming the task force

    @property
    def parts(self) -> float:
        """The weighted sum of the components, before the open errors count."""
        return round(sum(component.contribution for component in self.components), 1)

    @property
    def ceiling(self) -> float:
        """The highest score the open errors allow."""
        return error_ceiling(self.open_errors)

    @property
    def score(self) -> float:
        """The parts' sum scaled to fit under the ceiling: 95 with one open error is 75."""
        total = sum(component.contribution for component in self.components)
        return round(total * self.ceiling / 100.0, 1)

    @property
    def band(self) -> HealthBand:
        """Green, amber or red."""
        return HealthBand.of(self.score)


_STATUS_BANDS = {
    KpiStatus.ON_TRACK: HealthBand.GREEN,
    KpiStatus.AT_RISK: HealthBand.AMBER,
    KpiStatus.OFF_TRACK: HealthBand.RED,
}
