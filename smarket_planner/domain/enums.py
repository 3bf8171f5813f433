"""The fixed vocabularies of a plan: kinds, statuses, roles, letters and scales."""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A string enum whose members carry the words a manager reads."""

    @property
    def label(self) -> str:
        """The member as shown on screen and in print."""
        return self.value.replace("_", " ").capitalize()


class TaskForceKind(Labelled):
    """What a task force is formed to do."""

    PRODUCT_LAUNCH = "product_launch"
    ACCOUNT_PURSUIT = "account_pursuit"
    MARKET_ENTRY = "market_entry"
    CAMPAIGN = "campaign"
    LEAD_QUALIFICATION = "lead_qualification"
    RETENTION = "retention"
    OTHER = "other"


class LifecycleStatus(Labelled):
    """Where a task force is in its life: proposed, forming, active, dispersed, archived."""

    PROPOSED = "proposed"
    FORMING = "forming"
    ACTIVE = "active"
    DISPERSED = "dispersed"
    ARCHIVED = "archived"

    @property
    def next(self) -> LifecycleStatus | None:
        """The one status this one may advance to, if any."""
        order = list(LifecycleStatus)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None

    @property
    def pencilled(self) -> bool:
        """Whether its bookings are tentative (pencil): proposed and forming teams may not go ahead."""
        return self in (LifecycleStatus.PROPOSED, LifecycleStatus.FORMING)

    def can_become(self, other: LifecycleStatus) -> bool:
        """Whether a task force may move from this status to ``other`` (forward only)."""
        order = list(LifecycleStatus)
        return order.index(other) > order.index(self)

    @property
    def can_reform(self) -> bool:
        """Whether a new task force may be formed from one in this status."""
        return self in (LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED)


class MembershipRole(Labelled):
    """The part a person plays on a task force."""

    LEAD = "lead"
    CORE = "core"
    EXTENDED = "extended"
    ADVISOR = "advisor"


class KpiDirection(Labelled):
    """Whether a KPI gets better as it goes up or as it goes down."""

    UP = "up"
    DOWN = "down"

    @property
    def label(self) -> str:
        """The direction as a manager says it."""
        return "Higher is better" if self is KpiDirection.UP else "Lower is better"


class KpiCommitment(Labelled):
    """A committed KPI is a promise (a quota); an aspirational one is a stretch."""

    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"


class RaciLetter(Labelled):
    """Responsible, Accountable, Consulted or Informed."""

    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"

    @property
    def label(self) -> str:
        """The full word for the letter."""
        return self.name.capitalize()


class RiskSeverity(Labelled):
    """How bad it is if the risk happens."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """1 (low) to 4 (critical), for sorting and scoring."""
        return list(RiskSeverity).index(self) + 1


class RiskLikelihood(Labelled):
    """How likely the risk is to happen."""

    RARE = "rare"
    UNLIKELY = "unlikely"
    POSSIBLE = "possible"
    LIKELY = "likely"
    ALMOST_CERTAIN = "almost_certain"

    @property
    def rank(self) -> int:
        """1 (rare) to 5 (almost certain), for sorting and scoring."""
        return list(RiskLikelihood).index(self) + 1


class RiskStatus(Labelled):
    """Whether a risk is still open."""

    OPEN = "open"
    MITIGATING = "mitigating"
    OCCURRED = "occurred"
    CLOSED = "closed"


class DeliverableStatus(Labelled):
    """How far a deliverable has come."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"


class DependencyKind(Labelled):
    """How one deliverable depends on another."""

    BLOCKING = "blocking"
    NON_BLOCKING = "non_blocking"
    HAND_OFF = "hand_off"

    @property
    def label(self) -> str:
        """The kind as a manager says it."""
        return {"blocking": "Blocking", "non_blocking": "Non-blocking", "hand_off": "Hand-off"}[self.value]


class RhythmFrequency(Labelled):
    """How often a task force meets."""

    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        """The frequency as an adjective."""
        return {"biweekly": "Every two weeks"}.get(self.value, self.value.capitalize())


class DecisionStanding(Labelled):
    """Whether a decision still stands, held once looked back on, or was reversed."""

    IN_FORCE = "in_force"
    HELD = "held"
    REVERSED = "reversed"


class LessonOutcome(Labelled):
    """What a lesson is about: something that worked, something that hurt, or some of each."""

    WORKED = "worked"
    HURT = "hurt"
    MIXED = "mixed"

    @property
    def label(self) -> str:
        """The outcome as a review says it."""
        return {"worked": "What worked", "hurt": "What hurt", "mixed": "Mixed"}[self.value]
