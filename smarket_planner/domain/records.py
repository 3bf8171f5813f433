"""Plain, read-only pictures of the things in a plan, as the services hand them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from smarket_planner.domain.enums import (
    DecisionStanding,
    DeliverableStatus,
    DependencyKind,
    KpiCommitment,
    KpiDirection,
    LessonOutcome,
    LifecycleStatus,
    MembershipRole,
    RaciLetter,
    RhythmFrequency,
    RiskLikelihood,
    RiskSeverity,
    RiskStatus,
    TaskForceKind,
)


class EntityKind(StrEnum):
    """Every kind of thing a plan holds; change notices name one of these."""

    FUNCTION = "function"
    PERSON = "person"
    TASK_FORCE = "task_force"
    MEMBERSHIP = "membership"
    OPEN_ROLE = "open_role"  # a place on a task force still to be staffed
    GOAL = "goal"
    KPI = "kpi"
    CHECK_IN = "check_in"
    ACTIVITY = "activity"
    RACI = "raci"
    DELIVERABLE = "deliverable"
    DEPENDENCY = "dependency"
    RISK = "risk"
    DECISION = "decision"
    QUESTION = "question"  # an open question of a task force, and its answer
    LESSON = "lesson"  # what a task force learned, for the next one
    CREDIT = "credit"  # who a task force thanks, and for what
    VIEW_POSITION = "view_position"  # where someone placed a node of a graph

    @property
    def label(self) -> str:
        """The kind as a manager says it."""
        special = {
            "kpi": "KPI",
            "raci": "RACI assignment",
            "check_in": "check-in",
            "view_position": "place in a graph",
            "open_role": "open role",
        }
        return special.get(self.value, self.value.replace("_", " "))

    @property
    def plural(self) -> str:
        """Several of the kind, as a manager says it: "people", "KPIs"."""
        irregular = {
            "person": "people",
            "activity": "activities",
            "dependency": "dependencies",
            "view_position": "places in graphs",
        }
        return irregular.get(self.value, self.label + "s")


def split_tags(text: str) -> tuple[str, ...]:
    """Comma-separated tags (skills, lesson tags) one by one, as typed."""
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


@dataclass(frozen=True, slots=True)
class Function:
    """A department such as Sales or Marketing, with the colour it has everywhere."""

    id: int
    name: str
    colour: str
    description: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who can be staffed on task forces."""

    id: int
    name: str
    function_id: int
    title: str = ""
    email: str | None = None
    location: str = ""
    capacity_pct: float = 100.0
    skills: str = ""  # comma separated, as typed: "German, pricing"
    version: int = 1

    @property
    def skill_list(self) -> tuple[str, ...]:
        """The skills one by one."""
        return split_tags(self.skills)


@dataclass(frozen=True, slots=True)
class OperatingRhythm:
    """When a task force meets, e.g. "Weekly stand-up, Tue 09:00"."""

    frequency: RhythmFrequency
    weekday: int | None = None
    time: str | None = None
    label: str = ""

    def describe(self) -> str:
        """The rhythm in one line, as printed on the charter."""
        head = self.label or "Meeting"
        when = self.frequency.label.lower()
        if self.weekday is not None:
            first = "the first " if self.frequency is RhythmFrequency.MONTHLY else ""
            when += f" on {first}{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[self.weekday]}"
        if self.time:
            when += f" at {self.time}"
        return f"{head}, {when}"

    def rrule(self) -> str:
        """The rhythm as an iCalendar RRULE (RFC 5545)."""
        if self.frequency is RhythmFrequency.DAILY:
            return "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"  # a daily stand-up meets on working days
        freq = {"weekly": "WEEKLY", "biweekly": "WEEKLY", "monthly": "MONTHLY"}
        parts = [f"FREQ={freq[self.frequency.value]}"]
        if self.frequency is RhythmFrequency.BIWEEKLY:
            parts.append("INTERVAL=2")
        if self.weekday is not None:
            # Monthly on a weekday means its first occurrence in the month (RFC 5545: 1TU).
            ordinal = "1" if self.frequency is RhythmFrequency.MONTHLY else ""
            parts.append(f"BYDAY={ordinal}" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[self.weekday])
        return ";".join(parts)


@dataclass(frozen=True, slots=True)
class TaskForce:
    """A temporary cross-functional team formed for one objective."""

    id: int
    name: str
    kind: TaskForceKind
    status: LifecycleStatus
    objective: str = ""
    why: str = ""
    sponsor_id: int | None = None
    lead_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    rhythm_frequency: RhythmFrequency | None = None
    rhythm_weekday: int | None = None
    rhythm_time: str | None = None
    rhythm_label: str = ""
    reformed_from_id: int | None = None
    version: int = 1

    @property
    def rhythm(self) -> OperatingRhythm | None:
        """The operating rhythm, if one is set."""
        if self.rhythm_frequency is None:
            return None
        return OperatingRhythm(
            self.rhythm_frequency, self.rhythm_weekday, self.rhythm_time, self.rhythm_label
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """A person on a task force, with a role and a share of their week."""

    id: int
    task_force_id: int
    person_id: int
    role: MembershipRole = MembershipRole.CORE
    allocation_pct: float = 20.0
    start_date: date | None = None
    end_date: date | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class OpenRole:
    """A place on a task force known before the person is: "a PR person at 20% from March"."""

    id: int
    task_force_id: int
    function_id: int
    title: str = ""  # what the role is called: "Solutions engineer"
    role: MembershipRole = MembershipRole.CORE  # the part the person will play
    allocation_pct: float = 20.0
    start_date: date | None = None
    end_date: date | None = None
    skills: str = ""  # the skills wanted, comma separated
    note: str = ""
    version: int = 1

    @property
    def skill_list(self) -> tuple[str, ...]:
        """The skills wanted one by one."""
        return split_tags(self.skills)


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal of a task force, owned by one or (better) several functions."""

    id: int
    task_force_id: int
    title: str
    description: str = ""
    owner_function_ids: tuple[int, ...] = ()
    version: int = 1


@dataclass(frozen=True, slots=True)
class Kpi:
    """A measure under a goal, with its baseline, target and the pay that rides on it."""

    id: int
    goal_id: int
    title: str
    unit: str = ""
    baseline: float = 0.0
    target: float = 0.0
    direction: KpiDirection = KpiDirection.UP
    start_date: date | None = None
    due_date: date | None = None
    weight: float = 1.0
    incentive_pct: float = 0.0
    commitment: KpiCommitment = KpiCommitment.COMMITTED
    accountable_id: int | None = None
    owner_function_ids: tuple[int, ...] = ()
    version: int = 1


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A dated value of a KPI with the reporter's confidence (1-10) and a note."""

    id: int
    kpi_id: int
    checked_on: date
    value: float
    confidence: int = 5
    note: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True)
class Activity:
    """A piece of work the functions argue about, given a RACI."""

    id: int
    task_force_id: int
    name: str
    description: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True)
class RaciAssignment:
    """One cell of the RACI grid: a letter for a function or a person on an activity."""

    id: int
    activity_id: int
    letter: RaciLetter
    function_id: int | None = None
    person_id: int | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class Deliverable:
    """A piece of work of a task force with an owner, a duration and dates."""

    id: int
    task_force_id: int
    title: str
    owner_id: int | None = None
    duration_days: float = 5.0
    start_date: date | None = None
    due_date: date | None = None
    status: DeliverableStatus = DeliverableStatus.PLANNED
    finished_on: date | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class Dependency:
    """The downstream deliverable depends on the upstream one."""

    id: int
    upstream_id: int
    downstream_id: int
    kind: DependencyKind = DependencyKind.BLOCKING
    version: int = 1


@dataclass(frozen=True, slots=True)
class Risk:
    """A piece of bad news, welcome early: severity, likelihood, owner and mitigation."""

    id: int
    task_force_id: int
    title: str
    description: str = ""
    severity: RiskSeverity = RiskSeverity.MEDIUM
    likelihood: RiskLikelihood = RiskLikelihood.POSSIBLE
    status: RiskStatus = RiskStatus.OPEN
    owner_id: int | None = None
    raised_by_id: int | None = None
    raised_on: date | None = None
    mitigation: str = ""
    version: int = 1


@dataclass(frozen=True, slots=True)
class Decision:
    """What was decided, when, by whom, on what data, and who committed to it."""

    id: int
    task_force_id: int
    title: str
    decided_on: date | None = None
    decided_by_id: int | None = None
    data: str = ""
    reasoning: str = ""
    committed_person_ids: tuple[int, ...] = ()
    standing: DecisionStanding = DecisionStanding.IN_FORCE
    version: int = 1


@dataclass(frozen=True, slots=True)
class Question:
    """A question a task force should answer, who should answer it by when, and the answer with its data."""

    id: int
    task_force_id: int
    question: str
    asked_by_id: int | None = None
    answerer_id: int | None = None
    due_on: date | None = None
    answer: str = ""
    evidence: str = ""
    answered_on: date | None = None
    version: int = 1

    @property
    def is_open(self) -> bool:
        """Not answered yet."""
        return not self.answer.strip()


@dataclass(frozen=True, slots=True)
class Lesson:
    """What happened and why, with the data, and what to do next time: blameless, for later teams."""

    id: int
    task_force_id: int
    title: str
    outcome: LessonOutcome = LessonOutcome.MIXED
    what_happened: str = ""
    why: str = ""
    evidence: str = ""
    next_time: str = ""
    function_ids: tuple[int, ...] = ()
    tags: str = ""  # comma separated, as typed: "pricing, launch timing"
    recorded_on: date | None = None
    version: int = 1

    @property
    def tag_list(self) -> tuple[str, ...]:
        """The tags one by one."""
        return split_tags(self.tags)


@dataclass(frozen=True, slots=True)
class Credit:
    """Who a task force thanks (a person or a whole function), and for what."""

    id: int
    task_force_id: int
    for_what: str
    person_id: int | None = None
    function_id: int | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class ViewPosition:
    """Where someone dragged a node of a graph to, kept for that graph."""

    id: int
    view: str  # which graph: its kind and whose, e.g. "deliverables:task-force:3"
    node_key: str  # which node: what it stands for, e.g. "deliverable:12"
    x: float
    y: float
    version: int = 1


Record = (
    Function
    | Person
    | TaskForce
    | Membership
    | OpenRole
    | Goal
    | Kpi
    | CheckIn
    | Activity
    | RaciAssignment
    | Deliverable
    | Dependency
    | Risk
    | Decision
    | Question
    | Lesson
    | Credit
    | ViewPosition
)

RECORD_TYPES: dict[EntityKind, type[Record]] = {
    EntityKind.FUNCTION: Function,
    EntityKind.PERSON: Person,
    EntityKind.TASK_FORCE: TaskForce,
    EntityKind.MEMBERSHIP: Membership,
    EntityKind.OPEN_ROLE: OpenRole,
    EntityKind.GOAL: Goal,
    EntityKind.KPI: Kpi,
    EntityKind.CHECK_IN: CheckIn,
    EntityKind.ACTIVITY: Activity,
    EntityKind.RACI: RaciAssignment,
    EntityKind.DELIVERABLE: Deliverable,
    EntityKind.DEPENDENCY: Dependency,
    EntityKind.RISK: Risk,
    EntityKind.DECISION: Decision,
    EntityKind.QUESTION: Question,
    EntityKind.LESSON: Lesson,
    EntityKind.CREDIT: Credit,
    EntityKind.VIEW_POSITION: ViewPosition,
}
