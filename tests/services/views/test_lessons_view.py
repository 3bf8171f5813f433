"""Lessons carried to a new team: its own past first, then its kind of work and functions; the library."""

from __future__ import annotations

from datetime import date

from smarket_planner import services
from smarket_planner.domain.enums import LessonOutcome, TaskForceKind
from smarket_planner.domain.records import EntityKind
from smarket_planner.services import Plan
from smarket_planner.services.views.lessons_view import (
    CarriedLesson,
    carried_lessons,
    learned_lessons,
    lessons_for_new_team,
    outcome_counts,
)

K = EntityKind


def _new(plan: Plan, kind: EntityKind, /, **values: object) -> int:
    outcome = services.create(plan, kind, **values)
    return int(outcome.value.id)  # type: ignore[union-attr]


def _team(plan: Plan, name: str, kind: str, end: date | None = None) -> int:
    return _new(plan, K.TASK_FORCE, name=name, kind=kind, status="active", end_date=end)


def _lesson(plan: Plan, team: int, title: str, functions: list[int], **more: object) -> int:
    return _new(plan, K.LESSON, task_force_id=team, title=title, function_ids=functions, **more)


def test_its_own_past_comes_first_then_its_kind_of_work_sharing_its_functions_then_the_newest(
    plan: Plan,
) -> None:
    sales = _new(plan, K.FUNCTION, name="Sales", colour="#1f77b4")
    pr = _new(plan, K.FUNCTION, name="PR", colour="#d62728")
    marketing = _new(plan, K.FUNCTION, name="Marketing", colour="#ff7f0e")
    old_launch = _team(plan, "Pulse 1 Launch", "product_launch", date(2025, 3, 31))
    newer_launch = _team(plan, "Pulse 2 Launch", "product_launch", date(2025, 11, 30))
    campaign = _team(plan, "Spring Campaign", "campaign", date(2025, 6, 30))
    other_campaign = _team(plan, "Autumn Campaign", "campaign", date(2025, 10, 31))
    services.disperse(plan, campaign)
    reformed = services.reform(plan, campaign, name="Pulse 3 Launch").value
    assert reformed is not None
    services.update(plan, K.TASK_FORCE, reformed.id, kind="product_launch")
    ann = _new(plan, K.PERSON, name="Ann Lee", function_id=sales)
    services.add_member(plan, reformed.id, ann)

    from_its_past = _lesson(plan, campaign, "Book the venue before the press", [marketing])
    shares_sales = _lesson(plan, old_launch, "Train sales before launch day", [sales, pr])
    newest_of_kind = _lesson(plan, newer_launch, "Write the FAQ first", [pr])
    _lesson(plan, other_campaign, "Print fewer flyers", [marketing])  # not its past, kind or functions
    another_kind_same_function = _lesson(plan, other_campaign, "Brief sales on offers", [sales])
    _lesson(plan, reformed.id, "Its own lesson", [sales])  # a team is not offered its own lessons

    offered = carried_lessons(plan, reformed.id)
    expected = [from_its_past, shares_sales, newest_of_kind, another_kind_same_function]
    assert [offer.lesson.id for offer in offered] == expected
    assert [offer.score for offer in offered] == [4, 3, 2, 1]
    assert offered[3].reason == "Learned by Autumn Campaign; concerns Sales, on this team"
    assert offered[0].reason == "Learned by Spring Campaign, which this team re-forms"
    assert offered[1].reason == (
        "Learned by Pulse 1 Launch, also a product launch; concerns Sales, on this team"
    )
    assert offered[1].lesson.function_names == ("Sales", "PR")
    # Without a shared function, the newer of two lessons of the team's kind comes first.
    plain = lessons_for_new_team(plan, TaskForceKind.PRODUCT_LAUNCH)
    assert [offer.lesson.id for offer in plain][:3] == [newest_of_kind, shares_sales, _own(plain)]


def _own(offers: list[CarriedLesson]) -> int:
    """The lesson of Pulse 3 Launch, offered to a new team that is not it (the oldest, undated)."""
    return next(offer.lesson.id for offer in offers if offer.lesson.task_force_name == "Pulse 3 Launch")


def test_the_library_holds_every_lesson_newest_first_with_its_task_force(plan: Plan) -> None:
    sales = _new(plan, K.FUNCTION, name="Sales", colour="#1f77b4")
    team = _team(plan, "Acme Pursuit", "account_pursuit", date(2026, 2, 28))
    first = _lesson(plan, team, "Meet procurement early", [sales], outcome="worked")
    second = _lesson(plan, team, "Price in euros", [], outcome="hurt", recorded_on=date(2026, 3, 5))
    library = learned_lessons(plan)
    assert [lesson.id for lesson in library] == [second, first]
    assert library[1].learned_on == date(2026, 2, 28)  # undated: when its task force ended
    assert library[0].task_force_name == "Acme Pursuit"
    assert outcome_counts(library) == {LessonOutcome.WORKED: 1, LessonOutcome.HURT: 1, LessonOutcome.MIXED: 0}
