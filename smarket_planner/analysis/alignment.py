"""Who works alone, who is paid against whom, who decides, and who is missing."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from smarket_planner.analysis.model import EntityRef, Finding, FindingKind, PlanData, Severity
from smarket_planner.analysis.plan_index import LIVE, PlanIndex, join_names, kpi_ref, number
from smarket_planner.domain.enums import (
    KpiCommitment,
    KpiDirection,
    RaciLetter,
    TaskForceKind,
)
from smarket_planner.domain.records import EntityKind, Kpi, OpenRole, TaskForce

# The functions each kind of task force calls for: every group needs someone from one of its names.
REQUIRED_FUNCTIONS: dict[TaskForceKind, tuple[tuple[str, ...], ...]] = {
    TaskForceKind.PRODUCT_LAUNCH: (("Sales",), ("Marketing",), ("Product",)),
    TaskForceKind.ACCOUNT_PURSUIT: (("Sales",), ("Product", "Customer Service")),
    TaskForceKind.MARKET_ENTRY: (("Sales",), ("Marketing",)),
    TaskForceKind.CAMPAIGN: (("Marketing",), ("Sales",)),
    TaskForceKind.LEAD_QUALIFICATION: (("Marketing",), ("Sales",)),
    TaskForceKind.RETENTION: (("Customer Service",), ("Sales",)),
}
# Words that say which way a measure should move, left out when comparing two KPIs' titles.
_DIRECTION_WORDS = re.compile(
    r"increase|increased|raise|grow|growth|boost|improve|more|higher|reduce|reduced|decrease|cut|lower"
    r"|fewer|less|shrink|minimi[sz]e|maximi[sz]e|the|a|an|of"
)


def _silo(
    index: PlanIndex, kind: FindingKind, subject: EntityRef, task_force: TaskForce, owner_ids: tuple[int, ...]
) -> Finding:
    owners = set(owner_ids)
    owned_by = f"{index.function_name(next(iter(owners)))} alone" if owners else "no function"
    others = index.others_on_team(task_force.id, owners)[:2]
    names = [index.function_name(ident) for ident in others]
    suggestion = f" such as {join_names(names, 'or')}" if others else ""
    what = "goal" if subject.kind is EntityKind.GOAL else "KPI"
    stake = "the other functions on the team have no stake in it" if owners else "no one is answerable for it"
    return Finding(
        kind,
        Severity.WARNING,
        f"The {what} '{subject.name}' of {task_force.name} is owned by {owned_by}, so {stake}.",
        f"Make '{subject.name}' shared by adding another owning function{suggestion}.",
        (task_force.id,),
        (subject, *(index.function_ref(i) for i in sorted(owners))),
        {"owner_count": len(owners), "suggested_function_ids": tuple(others)},
    )


def silo_findings(data: PlanData) -> list[Finding]:
    """Goals and KPIs owned by one function or none, which nobody else shares."""
    index = PlanIndex(data)
    findings = []
    for goal in data.goals:
        task_force = index.live(goal.task_force_id)
        if task_force is not None and len(set(goal.owner_function_ids)) <= 1:
            subject = EntityRef(EntityKind.GOAL, goal.id, goal.title)
            findings.append(_silo(index, FindingKind.SILO_GOAL, subject, task_force, goal.owner_function_ids))
    for task_force, kpi in index.live_kpis():
        if len(set(kpi.owner_function_ids)) <= 1:
            subject = kpi_ref(kpi)
            findings.append(_silo(index, FindingKind.SILO_KPI, subject, task_force, kpi.owner_function_ids))
    return index.ordered(findings)


def _stem(kpi: Kpi) -> str:
    words = re.findall(r"\w+", kpi.title.casefold())
    return " ".join(word for word in words if not _DIRECTION_WORDS.fullmatch(word))


def _pulls_against(one: Kpi, other: Kpi) -> bool:
    """Paid KPIs that push the same measure both ways, for functions not all paid on both.

    The same measure: the same unit and the same title once words such as "increase" or "reduce"
    are left out. Two measures that merely move opposite ways ("Deals closed" up, "Cost per lead"
    down, under one goal) pull no one apart: a team wants both.
    """
    if not (one.owner_function_ids and other.owner_function_ids) or one.direction is other.direction:
        return False
    if set(one.owner_function_ids) == set(other.owner_function_ids):
        return False  # the same people paid both ways: no function against another
    same_unit = one.unit.strip().casefold() == other.unit.strip().casefold()
    return same_unit and _stem(one) != "" and _stem(one) == _stem(other)


def _is_are(names: Sequence[str]) -> str:
    return f"{join_names(names)} {'is' if len(names) == 1 else 'are'}"


def incentive_findings(data: PlanData) -> list[Finding]:
    """Pay that pulls functions apart, pays one function alone, rides on a stretch, or has no one accountable.

    Within one live task force, only KPIs with an incentive above 0% count as pay:

    - INCENTIVE_CONFLICT (error): two paid KPIs on the same measure (same unit and the same title
      once words such as "increase" or "reduce" are left out), one up and one down, whose owner
      functions differ: some function is paid to push the number one way and another the other.
    - LONE_INCENTIVE (warning): a function whose paid KPIs are all owned by it alone.
    - PAY_ON_STRETCH (warning): an aspirational KPI that carries pay.
    - NO_ACCOUNTABLE_PERSON (warning): a KPI owned by two or more functions with no accountable person.
    """
    index = PlanIndex(data)
    findings = []
    paid: dict[int, list[Kpi]] = defaultdict(list)
    teams: dict[int, TaskForce] = {}
    for task_force, kpi in index.live_kpis():
        teams[task_force.id] = task_force
        owners = set(kpi.owner_function_ids)
        owner_names = index.owner_names(owners)
        refs = (kpi_ref(kpi), *(index.function_ref(i) for i in sorted(owners)))
        if kpi.incentive_pct > 0:
            paid[task_force.id].append(kpi)
        if kpi.incentive_pct > 0 and kpi.commitment is KpiCommitment.ASPIRATIONAL:
            findings.append(
                Finding(
                    FindingKind.PAY_ON_STRETCH,
                    Severity.WARNING,
                    f"The stretch KPI '{kpi.title}' of {task_force.name} carries "
                    f"{number(kpi.incentive_pct)}% of variable pay, "
                    "and people sandbag stretch goals when their pay rides on them.",
                    f"Make '{kpi.title}' a committed KPI, or move its {number(kpi.incentive_pct)}% incentive "
                    "to a committed one.",
                    (task_force.id,),
                    refs,
                    {"incentive_pct": kpi.incentive_pct},
                )
            )
        if len(owners) >= 2 and kpi.accountable_id is None:
            findings.append(
                Finding(
                    FindingKind.NO_ACCOUNTABLE_PERSON,
                    Severity.WARNING,
                    f"The KPI '{kpi.title}' of {task_force.name} is shared by {join_names(owner_names)} "
                    "but no one person is accountable for it, so each can leave it to the others.",
                    f"Name one person from {join_names(owner_names, 'or')} accountable for '{kpi.title}'.",
                    (task_force.id,),
                    refs,
                    {"owner_count": len(owners)},
                )
            )
    for team_id, kpis in paid.items():
        task_force = teams[team_id]
        findings.extend(_conflicts(index, task_force, sorted(kpis, key=lambda k: k.id)))
        findings.extend(_lone_incentives(index, task_force, kpis))
    return index.ordered(findings)


def _conflicts(index: PlanIndex, task_force: TaskForce, kpis: list[Kpi]) -> list[Finding]:
    findings = []
    for one, other in combinations(kpis, 2):
        if not _pulls_against(one, other):
            continue
        up, down = (one, other) if one.direction is KpiDirection.UP else (other, one)
        up_names, down_names = (
            index.owner_names(up.owner_function_ids),
            index.owner_names(down.owner_function_ids),
        )
        where = "on the same measure"
        owners = sorted(set(up.owner_function_ids) | set(down.owner_function_ids))
        findings.append(
            Finding(
                FindingKind.INCENTIVE_CONFLICT,
                Severity.ERROR,
                f"In {task_force.name}, {_is_are(up_names)} paid to raise '{up.title}' while "
                f"{_is_are(down_names)} paid to lower '{down.title}' {where}, "
                "so their incentives pull against each other.",
                f"Agree with {join_names(index.owner_names(owners))} which way '{up.title}' and "
                f"'{down.title}' should move, and pay both sides on that.",
                (task_force.id,),
                (kpi_ref(up), kpi_ref(down), *(index.function_ref(i) for i in owners)),
                {"up_incentive_pct": up.incentive_pct, "down_incentive_pct": down.incentive_pct},
            )
        )
    return findings


def _lone_incentives(index: PlanIndex, task_force: TaskForce, kpis: list[Kpi]) -> list[Finding]:
    by_function: dict[int, list[Kpi]] = defaultdict(list)
    for kpi in kpis:
        for owner in set(kpi.owner_function_ids):
            by_function[owner].append(kpi)
    findings = []
    for function_id, own in by_function.items():
        if any(set(kpi.owner_function_ids) != {function_id} for kpi in own):
            continue
        name = index.function_name(function_id)
        total = sum(kpi.incentive_pct for kpi in own)
        titles = [f"'{kpi.title}'" for kpi in sorted(own, key=lambda k: k.title.casefold())]
        findings.append(
            Finding(
                FindingKind.LONE_INCENTIVE,
                Severity.WARNING,
                f"All {number(total)}% of the incentive {name} earns in {task_force.name} rides on "
                f"{join_names(titles)}, which only {name} owns, "
                f"so nothing pays {name} to help the rest of the team.",
                f"Move part of the {number(total)}% {name} earns onto a KPI it shares with another function "
                f"of {task_force.name}.",
                (task_force.id,),
                (index.function_ref(function_id), *(kpi_ref(kpi) for kpi in own)),
                {"incentive_pct": total},
            )
        )
    return findings


def _holder(index: PlanIndex, function_id: int | None, person_id: int | None) -> EntityRef | None:
    if person_id is not None:
        return index.person_ref(person_id)
    return index.function_ref(function_id) if function_id is not None else None


def raci_findings(data: PlanData) -> list[Finding]:
    """Activities without exactly one accountable or any responsible, and team functions left out of all."""
    index = PlanIndex(data)
    letters: dict[int, dict[RaciLetter, list[EntityRef]]] = defaultdict(lambda: defaultdict(list))
    holding: dict[int, set[int]] = defaultdict(set)  # activity -> functions holding a letter
    for cell in data.raci:
        holder = _holder(index, cell.function_id, cell.person_id)
        if holder is None:
            continue
        if holder not in letters[cell.activity_id][cell.letter]:
            letters[cell.activity_id][cell.letter].append(holder)
        if cell.person_id is None:
            holding[cell.activity_id].add(holder.id)
        elif (person := index.people.get(cell.person_id)) is not None:
            holding[cell.activity_id].add(person.function_id)
    findings = []
    activities: dict[int, list[str]] = defaultdict(list)
    roles: dict[int, set[int]] = defaultdict(set)  # task force -> functions holding any letter
    for activity in data.activities:
        task_force = index.live(activity.task_force_id)
        if task_force is None:
            continue
        activities[task_force.id].append(activity.name)
        roles[task_force.id] |= holding[activity.id]
        ref = EntityRef(EntityKind.ACTIVITY, activity.id, activity.name)
        where = f"'{activity.name}' in {task_force.name}"
        accountable = sorted(letters[activity.id][RaciLetter.ACCOUNTABLE], key=lambda e: e.name.casefold())
        if not accountable:
            findings.append(
                Finding(
                    FindingKind.RACI_NO_ACCOUNTABLE,
                    Severity.ERROR,
                    f"No one is accountable for {where}, so decisions about it will stall.",
                    f"Make exactly one function or person accountable for '{activity.name}'.",
                    (task_force.id,),
                    (ref,),
                    {"accountable_count": 0},
                )
            )
        elif len(accountable) > 1:
            names = [e.name for e in accountable]
            findings.append(
                Finding(
                    FindingKind.RACI_MANY_ACCOUNTABLE,
                    Severity.ERROR,
                    f"{join_names(names)} are each accountable for {where}, so no one has the final word.",
                    f"Keep one of {join_names(names, 'or')} accountable for '{activity.name}' "
                    "and make the rest responsible or consulted.",
                    (task_force.id,),
                    (ref, *accountable),
                    {"accountable_count": len(accountable)},
                )
            )
        if not letters[activity.id][RaciLetter.RESPONSIBLE]:
            findings.append(
                Finding(
                    FindingKind.RACI_NO_RESPONSIBLE,
                    Severity.WARNING,
                    f"No one is responsible for doing {where}, so the work may fall between the functions.",
                    f"Make a function or person responsible for '{activity.name}'.",
                    (task_force.id,),
                    (ref,),
                    {},
                )
            )
    for team_id, names in activities.items():
        task_force = index.task_forces[team_id]
        listed = join_names(sorted((f"'{n}'" for n in names), key=str.casefold))
        for function_id in sorted(index.team_functions[team_id] - roles[team_id]):
            name = index.function_name(function_id)
            findings.append(
                Finding(
                    FindingKind.FUNCTION_WITHOUT_ROLE,
                    Severity.WARNING,
                    f"{name} has people on {task_force.name} but no part in {listed}, "
                    "so its voice is missing from how the work is run.",
                    f"Give {name} a letter (responsible, consulted or informed) on at least one activity "
                    f"of {task_force.name}.",
                    (team_id,),
                    (index.function_ref(function_id),),
                    {"activity_count": len(names)},
                )
            )
    return index.ordered(findings)


def coverage_findings(data: PlanData) -> list[Finding]:
    """Live task forces missing a function their kind calls for, or made of one function only.

    A function the team has an open role for is planned, not missing: information that the
    role is still to be staffed, not a warning. A team of one function is judged by its people.
    """
    index = PlanIndex(data)
    by_name = {f.name.casefold(): f for f in data.functions}
    findings = []
    for task_force in data.task_forces:
        if task_force.status not in LIVE:
            continue
        present = {index.function_name(i).casefold() for i in index.team_functions[task_force.id]}
        kind = task_force.kind.label.lower()
        kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        missing_names: list[str] = []
        for group in REQUIRED_FUNCTIONS.get(task_force.kind, ()):
            if any(name.casefold() in present for name in group):
                continue
            names = [by_name[n.casefold()].name if n.casefold() in by_name else n for n in group]
            refs = tuple(
                EntityRef(EntityKind.FUNCTION, by_name[n.casefold()].id, by_name[n.casefold()].name)
                for n in group
                if n.casefold() in by_name
            )
            wanted = {n.casefold() for n in group}
            planned = [
                role
                for role in index.open_roles[task_force.id]
                if index.function_name(role.function_id).casefold() in wanted
            ]
            if planned:
                findings.append(_planned(index, task_force, planned, refs))
                continue
            missing_names.extend(names)
            findings.append(
                Finding(
                    FindingKind.MISSING_FUNCTION,
                    Severity.WARNING,
                    f"{task_force.name} is {kind} with no one from {join_names(names, 'or')}, "
                    "so the plan lacks a voice the work depends on.",
                    f"Add someone from {join_names(names, 'or')} to {task_force.name}.",
                    (task_force.id,),
                    refs,
                    {"needs": tuple(names)},
                )
            )
        team = index.team_functions[task_force.id]
        if len(team) == 1:
            only = next(iter(team))
            name = index.function_name(only)
            suggestion = f"such as {join_names(missing_names)}" if missing_names else "from other functions"
            findings.append(
                Finding(
                    FindingKind.SINGLE_FUNCTION_TEAM,
                    Severity.WARNING,
                    f"Everyone on {task_force.name} comes from {name}, so it is a functional team, "
                    "not a cross-functional one.",
                    f"Add people to {task_force.name} {suggestion}.",
                    (task_force.id,),
                    (index.function_ref(only),),
                    {"function_count": 1},
                )
            )
    return index.ordered(findings)


def _planned(
    index: PlanIndex, task_force: TaskForce, roles: list[OpenRole], refs: tuple[EntityRef, ...]
) -> Finding:
    """A function the team calls for planned as open roles still to be staffed."""
    roles = sorted(roles, key=lambda r: (index.open_role_name(r).casefold(), r.id))
    functions = index.owner_names(role.function_id for role in roles)
    places = "; ".join(
        f"{role.title}, {number(role.allocation_pct)}%" if role.title else f"{number(role.allocation_pct)}%"
        for role in roles
    )
    label = "open role" if len(roles) == 1 else "open roles"
    who = join_names(functions, "or")
    return Finding(
        FindingKind.MISSING_FUNCTION,
        Severity.INFO,
        f"{task_force.name} plans someone from {who} ({label}: {places}), still open.",
        f"Fill the {label} from the candidates on the Team tab.",
        (task_force.id,),
        (*refs, *(index.open_role_ref(role) for role in roles)),
        {"needs": tuple(functions), "open_role_ids": tuple(role.id for role in roles)},
    )
