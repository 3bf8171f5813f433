"""Carry an earlier team's lesson forward: as a risk, an activity, a KPI or a question of the new team."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from smarket_planner.domain import rules
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, Lesson, Record
from smarket_planner.services.actions import rows
from smarket_planner.services.actions.crud import add
from smarket_planner.services.actions.edits import Outcome
from smarket_planner.services.actions.plan import Plan
from smarket_planner.storage.model import GoalRow, TaskForceRow

K = EntityKind
# What a lesson can become in the new team, as the menu names it.
CARRY_INTO: dict[EntityKind, str] = {
    K.RISK: "a risk to watch",
    K.ACTIVITY: "an activity to agree a RACI for",
    K.KPI: "a KPI to measure",
    K.QUESTION: "a question for the team to answer",
}


def carry_lesson(
    plan: Plan, lesson_id: int, task_force_id: int, into: EntityKind, *, goal_id: int | None = None
) -> Outcome[Record]:
    """Add to a task force, in one undoable step, what a lesson of another one tells it to do.

    A KPI goes under ``goal_id``, or else under the team's first goal (a KPI measures a goal).
    """
    if into not in CARRY_INTO:
        raise DomainError(f"A lesson cannot become {into.label}.")
    with plan.store.session() as session:
        lesson = rows.to_record(K.LESSON, rows.load_row(session, K.LESSON, lesson_id))
        assert isinstance(lesson, Lesson)
        source = session.get(TaskForceRow, lesson.task_force_id)
        source_name = source.name if source is not None else "an earlier task force"
        if into is K.KPI and goal_id is None:
            goal_id = session.scalar(
                select(GoalRow.id).where(GoalRow.task_force_id == task_force_id).order_by(GoalRow.id).limit(1)
            )
            if goal_id is None:
                raise DomainError("Add a goal to the task force first: a KPI measures a goal.")
    values = values_from_lesson(lesson, source_name, into, task_force_id, goal_id=goal_id)
    return add(plan, into, values, f"Carry lesson forward as {into.label}")


def values_from_lesson(
    lesson: Lesson,
    source_name: str,
    into: EntityKind,
    task_force_id: int,
    *,
    goal_id: int | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The fields of the risk, activity, KPI or question a lesson becomes, filled in from it."""
    learned = f"Learned by {source_name}: {lesson.title}"
    story = " ".join(part for part in (lesson.what_happened, lesson.why) if part)
    if into is K.RISK:
        return {
            "task_force_id": task_force_id,
            "title": _fit(lesson.title, rules.TITLE_MAX),
            "description": f"{learned}.\n{story}".strip(),
            "mitigation": lesson.next_time,
            "raised_on": today or date.today(),
        }
    if into is K.ACTIVITY:
        return {
            "task_force_id": task_force_id,
            "name": _fit(lesson.title, rules.TITLE_MAX),
            "description": _fit(lesson.next_time or learned, rules.SHORT_TEXT_MAX),
        }
    if into is K.KPI:
        return {
            "goal_id": goal_id,
            "title": _fit(lesson.title, rules.TITLE_MAX),
            "owner_function_ids": lesson.function_ids,
        }
    return {
        "task_force_id": task_force_id,
        "question": _fit(f"{learned}. What will we do differently?", rules.SHORT_TEXT_MAX),
        "evidence": "",
    }


def _fit(text: str, most: int) -> str:
    """Text cut to ``most`` characters, with an ellipsis where it was cut."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
