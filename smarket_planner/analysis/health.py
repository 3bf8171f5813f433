"""How well aligned each task force is, from 0 to 100, and the portfolio at a glance."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

from smarket_planner.analysis.model import (
    AMBER_FROM,
    GREEN_FROM,
    Finding,
    FindingKind,
    Health,
    HealthComponent,
    PlanData,
    Severity,
)
from smarket_planner.domain.enums import RaciLetter
from smarket_planner.domain.records import Activity, EntityKind, Kpi, TaskForce

Kind = FindingKind


@dataclass(frozen=True)
class ComponentSpec:
    """One part of the health score: its name, its share of the score and why it has that share."""

    name: str
    weight: float
    why: str


# The weights add up to 1; the incentive share is the largest because the articles put
# shared pay at the heart of smarketing, and the schedule the smallest because many teams
# have few deliverables.
COMPONENTS: tuple[ComponentSpec, ...] = (
    ComponentSpec("coverage", 0.15, "a team without the functions its objective needs cannot hand work on"),
    ComponentSpec("shared KPIs", 0.15, "functions measured together work together; silo KPIs split them"),
    ComponentSpec("incentive alignment", 0.20, "pay pulling functions apart undoes every shared goal"),
    ComponentSpec("RACI completeness", 0.10, "an activity without one owner and a doer is argued over"),
    ComponentSpec("allocation", 0.15, "people stretched past their capacity let every team down"),
    ComponentSpec("dependency risk", 0.10, "cycles and late hand-offs stall the work downstream"),
    ComponentSpec("KPI status", 0.15, "KPIs behind their trajectory show the objective slipping"),
)
WEIGHTS: Mapping[str, float] = {spec.name: spec.weight for spec in COMPONENTS}

# Points a component loses for each finding of a kind, with the reason for the size.
PENALTIES: Mapping[FindingKind, float] = {
    Kind.MISSING_FUNCTION: 35,  # each missing function leaves a hand-off with no one to take it
    Kind.SINGLE_FUNCTION_TEAM: 70,  # one function alone is a department, not a task force
    Kind.INCENTIVE_CONFLICT: 35,  # opposite pay makes functions fight over the same number
    Kind.LONE_INCENTIVE: 20,  # a function paid only on its own KPIs stops helping the others
    Kind.PAY_ON_STRETCH: 15,  # people sandbag stretch goals that carry pay
    Kind.NO_ACCOUNTABLE_PERSON: 15,  # a shared KPI no one answers for drifts
    Kind.DEPENDENCY_CYCLE: 50,  # nothing in a cycle can ever start
    Kind.LATE_DELIVERABLE: 20,  # work ending after the team disperses has no one to finish it
    Kind.KPI_OFF_TRACK: 30,  # the objective is slipping now
    Kind.KPI_AT_RISK: 15,  # the objective may slip
    Kind.STALE_KPI: 10,  # no one knows where the KPI stands
    Kind.OPEN_ROLE_LATE: 15,  # a place that should be filled by now leaves its part of the work undone
}
# Points a finding of these kinds loses instead when it is only information: the gap is planned for.
PLANNED_PENALTIES: Mapping[FindingKind, float] = {
    Kind.MISSING_FUNCTION: 10,  # an open role will bring the function in; until then no one speaks for it
}
# A function short of people is the whole plan's, found on every team booking it: it lowers no one's health.
NEGATIVE_SLACK_PENALTY = 30.0  # the critical path does not fit between the team's dates
TIGHT_SLACK_PENALTY = 10.0  # a slip of a few days on the critical path moves the end date
TIGHT_SLACK_DAYS = 5.0  # a working week


class _Teams:
    """The plan's KPIs, activities, members and findings grouped by task force, gathered once."""

    def __init__(self, data: PlanData, findings: Iterable[Finding]) -> None:
        self.findings: defaultdict[int, list[Finding]] = defaultdict(list)
        self.over: dict[int, str] = {}  # people over-allocated in ink, by id
        # People over-allocated only if proposed or forming teams go ahead, under each of those teams.
        self.over_if_ahead: defaultdict[int, dict[int, str]] = defaultdict(dict)
        for finding in findings:
            for task_force_id in dict.fromkeys(finding.task_force_ids):
                self.findings[task_force_id].append(finding)
            if finding.kind is Kind.OVER_ALLOCATION:
                people = [(e.id, e.name) for e in finding.entities if e.kind is EntityKind.PERSON]
                ahead = finding.facts.get("if_ahead_task_force_ids")
                if isinstance(ahead, tuple):
                    for task_force_id in ahead:
                        self.over_if_ahead[task_force_id].update(people)
                else:
                    self.over.update(people)
        self.members: defaultdict[int, set[int]] = defaultdict(set)
        for membership in data.memberships:
            self.members[membership.task_force_id].add(membership.person_id)
        team_of_goal = {goal.id: goal.task_force_id for goal in data.goals}
        self.kpis: defaultdict[int, list[Kpi]] = defaultdict(list)
        for kpi in data.kpis:
            if kpi.goal_id in team_of_goal:
                self.kpis[team_of_goal[kpi.goal_id]].append(kpi)
        self.activities: defaultdict[int, list[Activity]] = defaultdict(list)
        for activity in data.activities:
            self.activities[activity.task_force_id].append(activity)
        self.letters: defaultdict[int, Counter[RaciLetter]] = defaultdict(Counter)  # by activity
        for cell in data.raci:
            self.letters[cell.activity_id][cell.letter] += 1

    def over_allocated(self, task_force_id: int) -> dict[int, str]:
        """Who is over-allocated as this task force sees it: in ink, or in pencil if it is one going ahead."""
        return {**self.over_if_ahead.get(task_force_id, {}), **self.over}


def health(task_force: TaskForce, findings: Sequence[Finding], data: PlanData) -> Health:
    """The task force's alignment health, each component with its score and reasons."""
    return _health(task_force, _Teams(data, findings))


def healths(task_forces: Iterable[TaskForce], findings: Sequence[Finding], data: PlanData) -> list[Health]:
    """The health of each task force, reading the plan once for all of them."""
    teams = _Teams(data, findings)
    return [_health(task_force, teams) for task_force in task_forces]


def _health(task_force: TaskForce, teams: _Teams) -> Health:
    """The task force's health from the plan gathered by team."""
    own = teams.findings.get(task_force.id, [])
    scorers: Mapping[str, Callable[[], tuple[float, tuple[str, ...]]]] = {
        "coverage": lambda: _coverage(task_force, own),
        "shared KPIs": lambda: _shared_kpis(teams.kpis.get(task_force.id, [])),
        "incentive alignment": lambda: _incentives(own),
        "RACI completeness": lambda: _raci(teams.activities.get(task_force.id, []), teams.letters),
        "allocation": lambda: _allocation(
            teams.members.get(task_force.id, set()), teams.over_allocated(task_force.id)
        ),
        "dependency risk": lambda: _dependencies(task_force, own),
        "KPI status": lambda: _kpi_status(own),
    }
    components = []
    for spec in COMPONENTS:
        score, reasons = scorers[spec.name]()
        components.append(HealthComponent(spec.name, spec.weight, round(max(0.0, score), 1), reasons))
    errors = sum(finding.severity is Severity.ERROR for finding in own)
    return Health(task_force.id, tuple(components), errors)


def _penalised(
    findings: Sequence[Finding], kinds: Sequence[FindingKind], clean: str
) -> tuple[float, tuple[str, ...]]:
    """100 less the penalty of each finding of the kinds, with the findings' sentences as reasons."""
    hits = sorted((f for f in findings if f.kind in kinds), key=lambda f: (-f.severity.rank, f.message))
    if not hits:
        return 100.0, (clean,)
    return 100.0 - sum(_penalty(f) for f in hits), tuple(f.message for f in hits)


def _penalty(finding: Finding) -> float:
    """What a finding costs its component: less when it only says the gap is planned for."""
    if finding.severity is Severity.INFO and finding.kind in PLANNED_PENALTIES:
        return PLANNED_PENALTIES[finding.kind]
    return PENALTIES[finding.kind]


def _coverage(task_force: TaskForce, own: Sequence[Finding]) -> tuple[float, tuple[str, ...]]:
    """Whether the team holds every function its kind calls for, and has filled the places due by now."""
    clean = f"{task_force.name} holds every function its kind of work calls for."
    return _penalised(own, (Kind.MISSING_FUNCTION, Kind.SINGLE_FUNCTION_TEAM, Kind.OPEN_ROLE_LATE), clean)


def _incentives(own: Sequence[Finding]) -> tuple[float, tuple[str, ...]]:
    """Whether pay rides on shared, committed KPIs that someone answers for."""
    kinds = (Kind.INCENTIVE_CONFLICT, Kind.LONE_INCENTIVE, Kind.PAY_ON_STRETCH, Kind.NO_ACCOUNTABLE_PERSON)
    return _penalised(own, kinds, "Pay rides on shared, committed KPIs that someone answers for.")


def _kpi_status(own: Sequence[Finding]) -> tuple[float, tuple[str, ...]]:
    """Whether the KPIs are on their trajectory and recently checked in."""
    kinds = (Kind.KPI_OFF_TRACK, Kind.KPI_AT_RISK, Kind.STALE_KPI)
    return _penalised(own, kinds, "Every KPI is on track or has no check-in due yet.")


def _dependencies(task_force: TaskForce, own: Sequence[Finding]) -> tuple[float, tuple[str, ...]]:
    """Whether the deliverables can flow: no cycles, nothing late, room on the critical path."""
    score, reasons = _penalised(
        own, (Kind.DEPENDENCY_CYCLE, Kind.LATE_DELIVERABLE), "No deliverable is caught in a cycle or late."
    )
    slacks = [
        s for f in own if f.kind is Kind.CRITICAL_PATH if (s := _slack(task_force, f.facts)) is not None
    ]
    if slacks and min(slacks) < 0:
        score -= NEGATIVE_SLACK_PENALTY
        reasons += (f"The critical path runs {_days(-min(slacks))} past the team's end date.",)
    elif slacks and min(slacks) < TIGHT_SLACK_DAYS:
        score -= TIGHT_SLACK_PENALTY
        reasons += (
            f"The critical path leaves {_days(min(slacks))} before the end date, so a slip moves it.",
        )
    return score, reasons


def _slack(task_force: TaskForce, facts: Mapping[str, object]) -> float | None:
    """Days between the end of the critical path and the team's end date, when both are known.

    The critical-path finding counts its ``total_days`` from the task force's start date.
    """
    total = facts.get("total_days")
    if task_force.start_date is None or task_force.end_date is None:
        return None
    if not isinstance(total, Real) or isinstance(total, bool):
        return None
    return round((task_force.end_date - task_force.start_date).days - float(total), 1)


def _days(days: float) -> str:
    """A number of days in words: "1 day", "3.5 days"."""
    text = f"{days:g}"
    return f"{text} day" if text == "1" else f"{text} days"


def _shared_kpis(kpis: Sequence[Kpi]) -> tuple[float, tuple[str, ...]]:
    """The share of the task force's KPIs owned by two or more functions."""
    kpis = sorted(kpis, key=lambda k: (k.title, k.id))
    if not kpis:
        return 0.0, ("The team has no KPIs yet, so nothing measures the functions together.",)
    silo = [kpi.title for kpi in kpis if len(set(kpi.owner_function_ids)) < 2]
    shared = len(kpis) - len(silo)
    reasons = [
        _share(
            shared,
            len(kpis),
            ("KPI", "KPIs"),
            ("is owned by two or more functions", "are owned by two or more functions"),
        )
    ]
    if silo:
        reasons.append(f"Owned by one function or none: {_names(silo)}.")
    return 100.0 * shared / len(kpis), tuple(reasons)


def _raci(
    activities: Sequence[Activity], letters: Mapping[int, Counter[RaciLetter]]
) -> tuple[float, tuple[str, ...]]:
    """The share of the task force's activities with exactly one A and at least one R."""
    activities = sorted(activities, key=lambda a: (a.name, a.id))
    if not activities:
        return 0.0, ("The team has no activities in its RACI, so no one knows who does what.",)
    letters = {a.id: letters.get(a.id, Counter()) for a in activities}
    no_a = [a.name for a in activities if letters[a.id][RaciLetter.ACCOUNTABLE] == 0]
    many_a = [a.name for a in activities if letters[a.id][RaciLetter.ACCOUNTABLE] > 1]
    no_r = [a.name for a in activities if letters[a.id][RaciLetter.RESPONSIBLE] == 0]
    complete = len(activities) - len(set(no_a) | set(many_a) | set(no_r))
    reasons = [
        _share(
            complete,
            len(activities),
            ("activity", "activities"),
            ("has exactly one accountable and a doer", "have exactly one accountable and a doer"),
        )
    ]
    for names, what in ((no_a, "no one accountable"), (many_a, "more than one accountable")):
        if names:
            reasons.append(f"With {what}: {_names(names)}.")
    if no_r:
        reasons.append(f"With no one responsible: {_names(no_r)}.")
    return 100.0 * complete / len(activities), tuple(reasons)


def _allocation(members: set[int], over_allocated: Mapping[int, str]) -> tuple[float, tuple[str, ...]]:
    """The share of the team's members who are not over-allocated anywhere."""
    if not members:
        return 100.0, ("No one is staffed yet, so no one is stretched.",)
    over = {person_id: over_allocated[person_id] for person_id in members & over_allocated.keys()}
    if not over:
        return 100.0, ("Every member is within their capacity.",)
    names = _names(sorted(over.values()))
    verb = "is" if len(over) == 1 else "are"
    reasons = (f"{names} {verb} over-allocated, {len(over)} of the {len(members)} members.",)
    return 100.0 * (len(members) - len(over)) / len(members), reasons


def _share(part: int, whole: int, things: tuple[str, str], does: tuple[str, str]) -> str:
    """A share in words: "Every KPI is...", "Only 1 of 2 KPIs are...", "Not one of the 2 KPIs is..."."""
    (one, many), (singular, plural) = things, does
    if part == whole:
        return f"Every {one} {singular}."
    if part == 0:
        return f"Not one of the {whole} {many if whole > 1 else one} {singular}."
    return f"Only {part} of {whole} {many} {plural}."


def _names(names: Sequence[str]) -> str:
    """Names as a manager lists them: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class PortfolioSummary:
    """The whole portfolio at a glance: how healthy, who is worst, how many problems of each kind."""

    task_force_count: int
    mean_health: float | None  # None when there are no task forces
    worst: tuple[Health, ...]  # the lowest scores first
    by_severity: Mapping[Severity, int]  # every severity, worst first, zeros included
    by_kind: Mapping[FindingKind, int]  # only the kinds found, in the order of FindingKind


def portfolio_summary(
    healths: Sequence[Health], findings: Sequence[Finding], worst_count: int = 3
) -> PortfolioSummary:
    """The portfolio's mean health, its worst task forces and its findings counted."""
    mean = round(sum(h.score for h in healths) / len(healths), 1) if healths else None
    worst = tuple(sorted(healths, key=lambda h: (h.score, h.task_force_id))[:worst_count])
    severities = Counter(finding.severity for finding in findings)
    kinds = Counter(finding.kind for finding in findings)
    return PortfolioSummary(
        task_force_count=len(healths),
        mean_health=mean,
        worst=worst,
        by_severity={s: severities[s] for s in sorted(Severity, key=lambda s: -s.rank)},
        by_kind={kind: kinds[kind] for kind in FindingKind if kinds[kind]},
    )


def held_down(value: Health) -> str:
    """Why open errors hold the score down, in one sentence; empty when there are none."""
    errors = value.open_errors
    if not errors:
        return ""
    one = errors == 1
    count = "One open error" if one else f"{errors} open errors"
    if value.ceiling < AMBER_FROM:
        effect = "puts it in the red until it is fixed" if one else "put it in the red until they are fixed"
    elif value.parts >= GREEN_FROM:
        effect = "keeps it out of the green" if one else "keep it out of the green"
    else:
        effect = "holds it down" if one else "hold it down"
    return f"{count} {effect}: its parts add up to {value.parts:.0f}, counted at {value.ceiling:.0f}%."


def costliest(value: Health) -> list[HealthComponent]:
    """The parts that lost points, the most points lost first."""
    lost = [part for part in value.components if part.score < 100]
    return sorted(lost, key=lambda part: (-(part.weight * 100 - part.contribution), part.name))


def top_reason(value: Health) -> str:
    """What costs the task force most, in one sentence: the part losing most points and its first reason."""
    parts = costliest(value)
    if not parts:
        return "Every part of its health is at full marks."
    part = parts[0]
    lost = part.weight * 100 - part.contribution
    return f"Costs most: {part.name}, {lost:.0f} of {part.weight * 100:.0f} points lost. {part.reasons[0]}"
