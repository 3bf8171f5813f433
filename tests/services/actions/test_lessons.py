"""A lesson of an earlier task force carried into a new team as a risk, an activity, a KPI or a question."""

from __future__ import annotations

import pytest

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, Kpi, Question, Risk
from smarket_planner.services.actions.lessons import carry_lesson
from tests.services.staffing import Staffed

K = EntityKind


@pytest.fixture
def lesson(staffed: Staffed) -> int:
    """The Launch team's lesson, told in full."""
    services.update(
        staffed.plan,
        K.LESSON,
        staffed.lesson,
        what_happened="Marketing passed 400 leads Sales would not call.",
        why="Two definitions of a qualified lead.",
        next_time="Agree one lead definition in the first week.",
    )
    return staffed.lesson


def test_a_lesson_becomes_a_risk_of_the_new_team_and_undo_takes_it_back(
    staffed: Staffed, lesson: int
) -> None:
    plan = staffed.plan
    before = len(services.find(plan, K.RISK, task_force_id=staffed.pursuit))
    outcome = carry_lesson(plan, lesson, staffed.pursuit, K.RISK)
    risk = outcome.value
    assert isinstance(risk, Risk)
    assert risk.task_force_id == staffed.pursuit
    assert risk.title == "Agree the lead definition before the first campaign"
    assert risk.description.startswith("Learned by Launch: Agree the lead definition")
    assert "Two definitions of a qualified lead." in risk.description
    assert risk.mitigation == "Agree one lead definition in the first week."
    services.undo(plan, outcome)
    assert len(services.find(plan, K.RISK, task_force_id=staffed.pursuit)) == before


def test_a_lesson_becomes_an_activity_with_what_to_do_next_time(staffed: Staffed, lesson: int) -> None:
    activity = carry_lesson(staffed.plan, lesson, staffed.pursuit, K.ACTIVITY).value
    assert activity.name == "Agree the lead definition before the first campaign"  # type: ignore[union-attr]
    assert activity.description == "Agree one lead definition in the first week."  # type: ignore[union-attr]


def test_a_lesson_becomes_a_kpi_of_the_teams_first_goal_owned_by_its_functions(
    staffed: Staffed, lesson: int
) -> None:
    kpi = carry_lesson(staffed.plan, lesson, staffed.pursuit, K.KPI).value
    assert isinstance(kpi, Kpi)
    assert kpi.goal_id == staffed.pursuit_goal
    assert kpi.owner_function_ids == (staffed.sales, staffed.marketing)


def test_a_kpi_needs_a_goal_to_measure(staffed: Staffed, lesson: int) -> None:
    empty = services.create(staffed.plan, K.TASK_FORCE, name="Retention", kind="retention", status="proposed")
    with pytest.raises(DomainError, match="Add a goal to the task force first"):
        carry_lesson(staffed.plan, lesson, empty.value.id, K.KPI)  # type: ignore[union-attr]


def test_a_lesson_becomes_a_question_the_team_answers(staffed: Staffed, lesson: int) -> None:
    question = carry_lesson(staffed.plan, lesson, staffed.pursuit, K.QUESTION).value
    assert isinstance(question, Question)
    assert question.is_open
    assert question.question == (
        "Learned by Launch: Agree the lead definition before the first campaign. What will we do differently?"
    )


def test_a_lesson_cannot_become_a_person(staffed: Staffed, lesson: int) -> None:
    with pytest.raises(DomainError, match="cannot become person"):
        carry_lesson(staffed.plan, lesson, staffed.pursuit, K.PERSON)
