"""What an after-action review PDF prints, as plain data the services fill in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from smarket_planner.analysis.review import Review
from smarket_planner.analysis.scorecard import KpiScore
from smarket_planner.domain.records import Credit, Function, Lesson, Question, TaskForce


@dataclass(frozen=True)
class ScoreLine:
    """One KPI on the printed scorecard: its score, the goal it serves and its check-ins for a sparkline."""

    score: KpiScore
    goal_title: str = ""
    trend: tuple[float, ...] = ()  # the values checked in up to the day of the review, oldest first
    accountable: str = ""


@dataclass(frozen=True)
class ReviewContent:
    """Everything one task force's after-action review prints, as plain records and names."""

    plan_title: str
    task_force: TaskForce
    review: Review  # the scorecard, goals, deliverables, risks and decisions as of review.today
    scores: tuple[ScoreLine, ...] = ()  # in the order of review.scorecard.scores
    lessons: tuple[Lesson, ...] = ()
    credits: tuple[Credit, ...] = ()
    questions: tuple[Question, ...] = ()  # answered first, then the open ones
    people: Mapping[int, str] = field(default_factory=dict)  # every person the review names, by id
    functions: Mapping[int, Function] = field(default_factory=dict)  # every function the review names, by id

    @property
    def reviewed_on(self) -> date:
        """The day the review is as of."""
        return self.review.today

    def person(self, ident: int | None) -> str:
        """A person's name, or an empty text for nobody."""
        return self.people.get(ident, "") if ident is not None else ""

    def function(self, ident: int | None) -> Function | None:
        """A function, or None for none (or one no longer in the plan)."""
        return self.functions.get(ident) if ident is not None else None
