"""What a charter prints, as plain data the services fill in, and the choices a manager makes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from smarket_planner.analysis.model import Finding, Health, KpiStatus
from smarket_planner.domain.records import (
    Activity,
    Decision,
    Deliverable,
    Dependency,
    Function,
    Goal,
    Kpi,
    Membership,
    OpenRole,
    Person,
    Question,
    RaciAssignment,
    Risk,
    TaskForce,
)


class Section(StrEnum):
    """A part of the charter that can be left out."""

    TITLE = "title"
    OBJECTIVE = "objective"
    RHYTHM = "rhythm"
    MEMBERS = "members"
    GOALS = "goals"
    KPIS = "kpis"
    RACI = "raci"
    GRAPH = "graph"
    RISKS = "risks"
    DECISIONS = "decisions"
    QUESTIONS = "questions"  # printed only when some are open
    HEALTH = "health"
    SIGNATURES = "signatures"

    @property
    def label(self) -> str:
        """The section's name as printed and as offered in the app."""
        return _LABELS[self]


_LABELS = {
    Section.TITLE: "Title block",
    Section.OBJECTIVE: "Objective and why",
    Section.RHYTHM: "Operating rhythm",
    Section.MEMBERS: "Members",
    Section.GOALS: "Shared goals",
    Section.KPIS: "KPIs",
    Section.RACI: "RACI",
    Section.GRAPH: "Dependency graph",
    Section.RISKS: "Risks",
    Section.DECISIONS: "Decisions",
    Section.QUESTIONS: "Open questions",
    Section.HEALTH: "Alignment health",
    Section.SIGNATURES: "Signatures",
}


class PageSize(StrEnum):
    """The paper the charter is printed on."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def label(self) -> str:
        """The paper as a manager names it."""
        return "A4" if self is PageSize.A4 else "US Letter"


@dataclass(frozen=True)
class CharterOptions:
    """The sections to print and the paper to print them on."""

    page_size: PageSize = PageSize.A4
    sections: frozenset[Section] = frozenset(Section)


@dataclass(frozen=True)
class KpiLine:
    """One KPI as the charter shows it: where it stands and how it got there."""

    kpi: Kpi
    goal_title: str
    latest: float | None
    status: KpiStatus
    trend: tuple[tuple[date, float], ...] = ()  # check-ins, oldest first
    accountable: str = ""


@dataclass(frozen=True)
class CharterContent:
    """Everything one task force's charter prints, as plain records and names."""

    plan_title: str
    printed_on: date
    task_force: TaskForce
    functions: Mapping[int, Function]  # every function the charter names, by id
    people: Mapping[int, Person]  # every person the charter names, by id
    memberships: tuple[Membership, ...] = ()
    open_roles: tuple[OpenRole, ...] = ()  # places still to be staffed, the soonest to start first
    goals: tuple[Goal, ...] = ()
    kpis: tuple[KpiLine, ...] = ()
    activities: tuple[Activity, ...] = ()
    raci: tuple[RaciAssignment, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()  # the team's own, and other teams' it depends on
    dependencies: tuple[Dependency, ...] = ()
    team_names: Mapping[int, str] = field(default_factory=dict)  # other task forces named, by id
    critical_path: tuple[int, ...] = ()  # deliverable ids, first to last
    risks: tuple[Risk, ...] = ()
    decisions: tuple[Decision, ...] = ()
    questions: tuple[Question, ...] = ()  # the open ones, the soonest due first
    health: Health | None = None
    findings: tuple[Finding, ...] = ()  # worst first

    def person_name(self, person_id: int | None) -> str:
        """A person's name, or an empty string for no one."""
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person else ""

    def team_functions(self) -> list[Function]:
        """The functions of the team's members, in the order the plan lists functions."""
        wanted = {
            self.people[m.person_id].function_id for m in self.memberships if m.person_id in self.people
        }
        return [function for ident, function in sorted(self.functions.items()) if ident in wanted]
