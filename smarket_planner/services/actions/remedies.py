"""What the Fix… button offers for a finding: the edit that remedies it, prefilled from the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smarket_planner.analysis.model import EntityRef, Finding, FindingKind
from smarket_planner.domain.enums import KpiCommitment, RaciLetter
from smarket_planner.domain.records import (
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
from smarket_planner.services.actions.crud import find
from smarket_planner.services.actions.plan import Plan

K = EntityKind
FIXABLE = frozenset(
    {
        FindingKind.OVER_ALLOCATION,
        FindingKind.SILO_GOAL,
        FindingKind.SILO_KPI,
        FindingKind.PAY_ON_STRETCH,
        FindingKind.RACI_NO_ACCOUNTABLE,
        FindingKind.MISSING_FUNCTION,
        FindingKind.OVERDUE_QUESTION,
        FindingKind.OPEN_ROLE_LATE,
    }
)


@dataclass(frozen=True)
class Remedy:
    """The edit that remedies a finding: what it changes, and the values it proposes.

    ``target`` is the thing edited (a membership, goal, KPI, activity or task force);
    ``proposed`` the value offered (a share, or the choice picked first); ``choices`` what
    else can be picked, the likeliest first.
    """

    finding: Finding
    title: str
    target: EntityRef
    proposed: Any = None
    choices: tuple[EntityRef, ...] = ()


def remedy_for(plan: Plan, finding: Finding) -> Remedy | None:
    """The prefilled remedy of a finding, or None when it has no concrete one (or its things are gone)."""
    if finding.kind not in FIXABLE:
        return None
    try:
        return _REMEDIES[finding.kind](plan, finding)
    except (LookupError, StopIteration):  # what the finding names is no longer in the plan
        return None


def _named(finding: Finding, kind: EntityKind) -> int:
    """The id of the first thing of a kind the finding names."""
    return next(entity.id for entity in finding.entities if entity.kind is kind)


def _get(plan: Plan, kind: EntityKind, ident: int) -> Any:
    """A thing by id, a LookupError if it has gone."""
    found = find(plan, kind, id=ident)
    if not found:
        raise LookupError(ident)
    return found[0]


def _reduce_share(plan: Plan, finding: Finding) -> Remedy:
    person: Person = _get(plan, K.PERSON, _named(finding, K.PERSON))
    team = int(finding.facts["relieve_task_force_id"])  # type: ignore[call-overload]
    membership: Membership = next(iter(find(plan, K.MEMBERSHIP, task_force_id=team, person_id=person.id)))  # type: ignore[assignment]
    excess = float(finding.facts["excess_pct"])  # type: ignore[arg-type]
    name = _get(plan, K.TASK_FORCE, team).name
    return Remedy(
        finding,
        f"Reduce {person.name}'s share of {name}",
        EntityRef(K.MEMBERSHIP, membership.id, f"{person.name} on {name}"),
        max(0.0, round(membership.allocation_pct - excess, 1)),
    )


def _add_owner(plan: Plan, finding: Finding) -> Remedy:
    kind = K.GOAL if finding.kind is FindingKind.SILO_GOAL else K.KPI
    subject: Goal | Kpi = _get(plan, kind, _named(finding, kind))
    suggested = [int(i) for i in finding.facts.get("suggested_function_ids", ())]  # type: ignore[attr-defined]
    functions = {f.id: f for f in find(plan, K.FUNCTION, order=("name",)) if isinstance(f, Function)}
    order = [i for i in suggested if i in functions] + [i for i in functions if i not in suggested]
    choices = tuple(
        EntityRef(K.FUNCTION, i, functions[i].name) for i in order if i not in subject.owner_function_ids
    )
    return Remedy(
        finding,
        f"Share the {kind.label} '{subject.title}'",
        EntityRef(kind, subject.id, subject.title),
        choices[0] if choices else None,
        choices,
    )


def _commit_pay(plan: Plan, finding: Finding) -> Remedy:
    kpi: Kpi = _get(plan, K.KPI, _named(finding, K.KPI))
    goal: Goal = _get(plan, K.GOAL, kpi.goal_id)
    goals = [g.id for g in find(plan, K.GOAL, task_force_id=goal.task_force_id)]
    committed = tuple(
        EntityRef(K.KPI, k.id, k.title)
        for k in find(plan, K.KPI, goal_id=goals)
        if isinstance(k, Kpi) and k.id != kpi.id and k.commitment is KpiCommitment.COMMITTED
    )
    return Remedy(
        finding,
        f"Take pay off the stretch KPI '{kpi.title}'",
        EntityRef(K.KPI, kpi.id, kpi.title),
        None,
        committed,
    )


def _choose_accountable(plan: Plan, finding: Finding) -> Remedy:
    activity = _get(plan, K.ACTIVITY, _named(finding, K.ACTIVITY))
    team: TaskForce = _get(plan, K.TASK_FORCE, activity.task_force_id)
    cells = [c for c in find(plan, K.RACI, activity_id=activity.id) if isinstance(c, RaciAssignment)]
    doers = [c for c in cells if c.letter is RaciLetter.RESPONSIBLE]
    members = [m for m in find(plan, K.MEMBERSHIP, task_force_id=team.id) if isinstance(m, Membership)]
    people = {
        p.id: p for p in find(plan, K.PERSON, id=[m.person_id for m in members]) if isinstance(p, Person)
    }
    function_ids = sorted({p.function_id for p in people.values()})
    functions = {f.id: f for f in find(plan, K.FUNCTION, id=function_ids) if isinstance(f, Function)}
    # The likeliest first: who already does the work, then the lead, then the rest of the team.
    ranked: list[EntityRef] = []
    for cell in doers:
        if cell.function_id in functions:
            ranked.append(EntityRef(K.FUNCTION, cell.function_id, functions[cell.function_id].name))
        elif cell.person_id in people:
            ranked.append(EntityRef(K.PERSON, cell.person_id, people[cell.person_id].name))
    if team.lead_id in people:
        ranked.append(EntityRef(K.PERSON, team.lead_id, people[team.lead_id].name))
    ranked += [EntityRef(K.FUNCTION, f.id, f.name) for f in sorted(functions.values(), key=lambda f: f.name)]
    ranked += [EntityRef(K.PERSON, p.id, p.name) for p in sorted(people.values(), key=lambda p: p.name)]
    choices = tuple(dict.fromkeys(ranked))
    title = f"Choose who is accountable for '{activity.name}'"
    return Remedy(
        finding,
        title,
        EntityRef(K.ACTIVITY, activity.id, activity.name),
        choices[0] if choices else None,
        choices,
    )


def _add_member(plan: Plan, finding: Finding) -> Remedy:
    if finding.facts.get("open_role_ids"):  # planned as an open role: find someone for it
        return _fill_role(plan, finding)
    team: TaskForce = _get(plan, K.TASK_FORCE, finding.task_force_ids[0])
    needs = [str(name).casefold() for name in finding.facts.get("needs", ())]  # type: ignore[attr-defined]
    functions = [f for f in find(plan, K.FUNCTION, order=("name",)) if isinstance(f, Function)]
    wanted = tuple(EntityRef(K.FUNCTION, f.id, f.name) for f in functions if f.name.casefold() in needs)
    title = f"Add someone from {' or '.join(c.name for c in wanted) or 'the missing function'} to {team.name}"
    return Remedy(
        finding, title, EntityRef(K.TASK_FORCE, team.id, team.name), wanted[0] if wanted else None, wanted
    )


def _fill_role(plan: Plan, finding: Finding) -> Remedy:
    """Find someone for the open role a finding names (or the first it plans the function with)."""
    planned = finding.facts.get("open_role_ids")
    ident = planned[0] if isinstance(planned, tuple | list) and planned else _named(finding, K.OPEN_ROLE)
    role: OpenRole = _get(plan, K.OPEN_ROLE, int(ident))
    team: TaskForce = _get(plan, K.TASK_FORCE, role.task_force_id)
    name = role.title or "the open role"
    return Remedy(finding, f"Find someone for {name} on {team.name}", EntityRef(K.OPEN_ROLE, role.id, name))


def _answer_question(plan: Plan, finding: Finding) -> Remedy:
    question: Question = _get(plan, K.QUESTION, _named(finding, K.QUESTION))
    name = next(e.name for e in finding.entities if e.kind is K.QUESTION)
    return Remedy(finding, f"Answer '{name}' or move its date", EntityRef(K.QUESTION, question.id, name))


_REMEDIES = {
    FindingKind.OVER_ALLOCATION: _reduce_share,
    FindingKind.SILO_GOAL: _add_owner,
    FindingKind.SILO_KPI: _add_owner,
    FindingKind.PAY_ON_STRETCH: _commit_pay,
    FindingKind.RACI_NO_ACCOUNTABLE: _choose_accountable,
    FindingKind.MISSING_FUNCTION: _add_member,
    FindingKind.OVERDUE_QUESTION: _answer_question,
    FindingKind.OPEN_ROLE_LATE: _fill_role,
}
