"""The plan's records by id, and the words every finding uses for names, numbers and dates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from smarket_planner.analysis.model import EntityRef, Finding, PlanData
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import EntityKind, Function, Goal, Kpi, OpenRole, Person, TaskForce

LIVE = frozenset({LifecycleStatus.PROPOSED, LifecycleStatus.FORMING, LifecycleStatus.ACTIVE})


class PlanIndex:
    """The plan's records by id, with the links the findings follow."""

    def __init__(self, data: PlanData) -> None:
        self.data = data
        self.functions: dict[int, Function] = {f.id: f for f in data.functions}
        self.people: dict[int, Person] = {p.id: p for p in data.people}
        self.task_forces: dict[int, TaskForce] = {t.id: t for t in data.task_forces}
        self.goals: dict[int, Goal] = {g.id: g for g in data.goals}
        self.team_functions: dict[int, set[int]] = defaultdict(set)  # task force -> functions of members
        for membership in data.memberships:
            person = self.people.get(membership.person_id)
            if person is not None:
                self.team_functions[membership.task_force_id].add(person.function_id)
        self.open_roles: dict[int, list[OpenRole]] = defaultdict(list)  # task force -> its open roles
        for role in data.open_roles:
            self.open_roles[role.task_force_id].append(role)

    def live(self, task_force_id: int) -> TaskForce | None:
        """The task force if it is proposed, forming or active."""
        task_force = self.task_forces.get(task_force_id)
        return task_force if task_force is not None and task_force.status in LIVE else None

    def live_kpis(self) -> list[tuple[TaskForce, Kpi]]:
        """Every KPI of a live task force, with that task force."""
        found = []
        for kpi in self.data.kpis:
            goal = self.goals.get(kpi.goal_id)
            task_force = self.live(goal.task_force_id) if goal else None
            if task_force is not None:
                found.append((task_force, kpi))
        return found

    def function_name(self, ident: int) -> str:
        """A function's name."""
        function = self.functions.get(ident)
        return function.name if function else f"function {ident}"

    def person_name(self, ident: int) -> str:
        """A person's name."""
        person = self.people.get(ident)
        return person.name if person else f"person {ident}"

    def function_ref(self, ident: int) -> EntityRef:
        """A function as an entity a finding names."""
        return EntityRef(EntityKind.FUNCTION, ident, self.function_name(ident))

    def person_ref(self, ident: int) -> EntityRef:
        """A person as an entity a finding names."""
        return EntityRef(EntityKind.PERSON, ident, self.person_name(ident))

    def open_role_name(self, role: OpenRole) -> str:
        """What an open role is called, else the function it needs: "PR lead", "someone from Marketing"."""
        return role.title or f"someone from {self.function_name(role.function_id)}"

    def open_role_ref(self, role: OpenRole) -> EntityRef:
        """An open role as an entity a finding names."""
        return EntityRef(EntityKind.OPEN_ROLE, role.id, self.open_role_name(role))

    def owner_names(self, owner_ids: Iterable[int]) -> list[str]:
        """Names of functions, alphabetically."""
        return sorted((self.function_name(i) for i in set(owner_ids)), key=str.casefold)

    def others_on_team(self, task_force_id: int, owner_ids: Iterable[int]) -> list[int]:
        """Functions with people on the team besides ``owner_ids``, alphabetically by name."""
        others = self.team_functions[task_force_id] - set(owner_ids)
        return sorted(others, key=lambda ident: (self.function_name(ident).casefold(), ident))

    def ordered(self, findings: Iterable[Finding]) -> list[Finding]:
        """Worst first, then by task force name, then by the names the findings hold."""

        def key(finding: Finding) -> tuple[int, str, str, tuple[str, ...], str]:
            task_forces = (self.task_forces.get(i) for i in finding.task_force_ids)
            team = next((t.name.casefold() for t in task_forces if t is not None), "")
            names = tuple(e.name.casefold() for e in finding.entities)
            return (-finding.severity.rank, team, finding.kind.value, names, finding.message)

        return sorted(findings, key=key)


def join_names(names: Sequence[str], word: str = "and") -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def number(value: float) -> str:
    """A number as a manager writes it: 40, 37.5, 1,200."""
    return f"{round(value, 2):,.10g}"


def day(value: date) -> str:
    """A date as '2 Mar 2026'."""
    return f"{value.day} {value:%b %Y}"


def days(first: date, last: date) -> str:
    """Days from one to another as '2 Feb to 8 Mar 2027', the year said once where both share it."""
    if first == last:
        return day(first)
    if first.year == last.year:
        return f"{first.day} {first:%b} to {day(last)}"
    return f"{day(first)} to {day(last)}"


def kpi_ref(kpi: Kpi) -> EntityRef:
    """A KPI as an entity a finding names."""
    return EntityRef(EntityKind.KPI, kpi.id, kpi.title)


def weeks(first: date, last: date) -> str:
    """ISO weeks: 'week 2026-W10' or 'weeks 2026-W10 to 2026-W12'."""
    one, two = first.isocalendar(), last.isocalendar()
    if (one.year, one.week) == (two.year, two.week):
        return f"week {one.year}-W{one.week:02d}"
    return f"weeks {one.year}-W{one.week:02d} to {two.year}-W{two.week:02d}"
