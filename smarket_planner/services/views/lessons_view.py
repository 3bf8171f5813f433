"""Lessons earlier task forces learned: carried forward to a new team, and the library of them all."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from smarket_planner.domain.enums import LessonOutcome, TaskForceKind
from smarket_planner.domain.records import EntityKind, Lesson
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import (
    FunctionRow,
    GoalRow,
    KpiRow,
    LessonRow,
    MembershipRow,
    PersonRow,
    TaskForceRow,
)

# What makes an earlier lesson matter to a team, as points: its own past comes first. A lesson
# that earns none (another kind of work, none of the team's functions) is not offered.
FROM_ITS_PAST = 4  # learned by the task force this one re-forms (or one before that)
SAME_KIND = 2  # learned by a task force formed for the same kind of work
PER_SHARED_FUNCTION = 1  # it concerns a function the team has (three at most count)
MOST_SHARED = 3


@dataclass(frozen=True, slots=True)
class LearnedLesson:
    """A lesson with the task force that learned it and the functions it concerns, by name."""

    record: Lesson
    task_force_id: int
    task_force_name: str
    task_force_kind: TaskForceKind
    learned_on: date | None  # when it was written down, or else when its task force ended
    function_names: tuple[str, ...]

    @property
    def id(self) -> int:
        """The lesson's id."""
        return self.record.id


@dataclass(frozen=True, slots=True)
class CarriedLesson:
    """An earlier lesson offered to a team, with why it is offered, most relevant first."""

    lesson: LearnedLesson
    score: int
    reason: str


def learned_lessons(plan: Plan) -> list[LearnedLesson]:
    """Every lesson in the plan, the newest first (the library's rows)."""
    with plan.store.session() as session:
        return sorted(_learned(session, select(LessonRow)), key=_newest_first)


def carried_lessons(plan: Plan, task_force_id: int) -> list[CarriedLesson]:
    """The lessons of earlier task forces that a task force should read, the most relevant first."""
    with plan.store.session() as session:
        team = session.get(TaskForceRow, task_force_id)
        if team is None:
            return []
        functions = _team_functions(session, task_force_id)
        past = _ancestry(session, team.reformed_from_id)
        return _ranked(session, team.kind, past, functions, leave_out=task_force_id)


def lessons_for_new_team(
    plan: Plan, kind: TaskForceKind, reformed_from_id: int | None = None, function_ids: Iterable[int] = ()
) -> list[CarriedLesson]:
    """The lessons a task force about to be formed should read (the New Task Force dialog)."""
    with plan.store.session() as session:
        past = _ancestry(session, reformed_from_id)
        return _ranked(session, kind, past, set(function_ids), leave_out=None)


def team_function_ids(plan: Plan, task_force_id: int) -> set[int]:
    """The functions a task force has: its members', and those that own its goals and KPIs
    (what a team re-formed from it starts with, for ranking the lessons it should read)."""
    with plan.store.session() as session:
        return _team_functions(session, task_force_id)


def _ranked(
    session: Session, kind: TaskForceKind, past: list[int], functions: Collection[int], leave_out: int | None
) -> list[CarriedLesson]:
    query = select(LessonRow)
    if leave_out is not None:
        query = query.where(LessonRow.task_force_id != leave_out)
    carried = []
    for learned in _learned(session, query):
        score, reasons = 0, []
        if learned.task_force_id in past:
            score += FROM_ITS_PAST
            reasons.append(f"learned by {learned.task_force_name}, which this team re-forms")
        elif learned.task_force_kind is kind:
            score += SAME_KIND
            reasons.append(f"learned by {learned.task_force_name}, also a {kind.label.lower()}")
        else:
            reasons.append(f"learned by {learned.task_force_name}")
        shared = [
            name
            for ident, name in zip(learned.record.function_ids, learned.function_names, strict=True)
            if ident in functions
        ]
        if shared:
            score += PER_SHARED_FUNCTION * min(len(shared), MOST_SHARED)
            reasons.append(f"concerns {_and(shared)}, on this team")
        if not score:
            continue  # neither its past, nor its kind of work, nor its functions
        reason = "; ".join(reasons)
        carried.append(CarriedLesson(learned, score, reason[:1].upper() + reason[1:]))
    carried.sort(key=lambda offer: (-offer.score, _newest_first(offer.lesson)))
    return carried


def _learned(session: Session, query: Select[LessonRow]) -> list[LearnedLesson]:
    """The lessons a query selects, with their task forces and functions by name."""
    found = list(session.scalars(query))
    teams = {
        row.id: row
        for row in session.scalars(
            select(TaskForceRow).where(TaskForceRow.id.in_({lesson.task_force_id for lesson in found}))
        )
    }
    names = {ident: name for ident, name in session.execute(select(FunctionRow.id, FunctionRow.name))}
    learned = []
    for row in found:
        record = rows.to_record(EntityKind.LESSON, row)
        assert isinstance(record, Lesson)
        team = teams[record.task_force_id]
        learned.append(
            LearnedLesson(
                record,
                team.id,
                team.name,
                team.kind,
                record.recorded_on or team.end_date,
                tuple(names[ident] for ident in record.function_ids),
            )
        )
    return learned


def _newest_first(lesson: LearnedLesson) -> tuple[int, int]:
    """Sorts the newest lessons first (those without a date last), then the later written first."""
    day = lesson.learned_on.toordinal() if lesson.learned_on is not None else 0
    return -day, -lesson.record.id


def _ancestry(session: Session, reformed_from_id: int | None) -> list[int]:
    """The task force a team re-forms, the one that one re-formed, and so on back."""
    chain: list[int] = []
    while reformed_from_id is not None and reformed_from_id not in chain:
        chain.append(reformed_from_id)
        reformed_from_id = session.scalar(
            select(TaskForceRow.reformed_from_id).where(TaskForceRow.id == reformed_from_id)
        )
    return chain


def _team_functions(session: Session, task_force_id: int) -> set[int]:
    """The functions a team has: its members', and those that own its goals and KPIs."""
    members = select(PersonRow.function_id).join(MembershipRow, MembershipRow.person_id == PersonRow.id)
    functions = set(session.scalars(members.where(MembershipRow.task_force_id == task_force_id)))
    for goal in session.scalars(select(GoalRow).where(GoalRow.task_force_id == task_force_id)):
        functions.update(owner.id for owner in goal.owners)
        for kpi in session.scalars(select(KpiRow).where(KpiRow.goal_id == goal.id)):
            functions.update(owner.id for owner in kpi.owners)
    return functions


def _and(names: list[str]) -> str:
    """Names in a sentence: "Sales", "Sales and PR", "Sales, PR and Service"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def outcome_counts(lessons: Iterable[LearnedLesson]) -> dict[LessonOutcome, int]:
    """How many lessons there are of each outcome (for the library's filter)."""
    counts = dict.fromkeys(LessonOutcome, 0)
    for lesson in lessons:
        counts[lesson.record.outcome] += 1
    return counts
