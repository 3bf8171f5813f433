"""The after-action review of a task force: its scorecard and record, lessons, credits and questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from smarket_planner.analysis.review import Review, review
from smarket_planner.domain.records import (
    CheckIn,
    Credit,
    Decision,
    Deliverable,
    EntityKind,
    Function,
    Goal,
    Kpi,
    Lesson,
    Person,
    Question,
    Record,
    Risk,
    TaskForce,
)
from smarket_planner.services.actions.crud import find
from smarket_planner.services.actions.plan import Plan

K = EntityKind
R = TypeVar("R", bound=Record)


@dataclass(frozen=True, slots=True)
class ReviewReport:
    """Everything a review shows of one task force, as it stands on ``today``, with names to print."""

    task_force: TaskForce
    review: Review
    lessons: tuple[Lesson, ...]
    credits: tuple[Credit, ...]
    questions: tuple[Question, ...]
    check_ins: dict[int, tuple[CheckIn, ...]]  # each KPI's, oldest first (for the sparklines)
    people: dict[int, str]
    functions: dict[int, str]

    def thanked(self, credit: Credit) -> str:
        """Who a credit thanks, by name: a person, a function, or a person of a function."""
        names = [
            self.people.get(credit.person_id, "") if credit.person_id is not None else "",
            self.functions.get(credit.function_id, "") if credit.function_id is not None else "",
        ]
        return " of ".join(name for name in names if name)

    def person(self, ident: int | None) -> str:
        """A person's name, or an empty text for nobody."""
        return self.people.get(ident, "") if ident is not None else ""


def review_report(plan: Plan, task_force_id: int, today: date | None = None) -> ReviewReport:
    """The review of one task force (any status: a dispersed one may be reviewed later)."""
    today = today or date.today()
    task_force = _all(plan, K.TASK_FORCE, TaskForce, id=task_force_id)[0]
    goals = _all(plan, K.GOAL, Goal, task_force_id=task_force_id)
    kpis = _all(plan, K.KPI, Kpi, goal_id=[goal.id for goal in goals])
    history = _all(plan, K.CHECK_IN, CheckIn, order=("checked_on", "id"), kpi_id=[kpi.id for kpi in kpis])
    check_ins = {kpi.id: tuple(c for c in history if c.kpi_id == kpi.id) for kpi in kpis}
    mine: dict[str, Any] = {"task_force_id": task_force_id}
    result = review(
        today=today,
        goals=goals,
        kpis=kpis,
        check_ins=history,
        deliverables=_all(plan, K.DELIVERABLE, Deliverable, **mine),
        risks=_all(plan, K.RISK, Risk, **mine),
        decisions=_all(plan, K.DECISION, Decision, **mine),
    )
    return ReviewReport(
        task_force,
        result,
        tuple(_all(plan, K.LESSON, Lesson, **mine)),
        tuple(_all(plan, K.CREDIT, Credit, **mine)),
        tuple(_all(plan, K.QUESTION, Question, **mine)),
        check_ins,
        {person.id: person.name for person in _all(plan, K.PERSON, Person)},
        {function.id: function.name for function in _all(plan, K.FUNCTION, Function)},
    )


def _all(
    plan: Plan, kind: EntityKind, record_type: type[R], *, order: tuple[str, ...] = ("id",), **equals: Any
) -> list[R]:
    """The things of a kind whose fields equal the values given, as their own record type."""
    found = find(plan, kind, order=order, **equals)
    return [record for record in found if isinstance(record, record_type)]
