"""Print the after-action review of a task force as a PDF in the charter's style."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from smarket_planner.charter.model import PageSize
from smarket_planner.charter.review_model import ReviewContent, ScoreLine
from smarket_planner.domain.errors import NotFoundError
from smarket_planner.domain.records import EntityKind, Function, Goal, Question
from smarket_planner.services.actions.crud import find
from smarket_planner.services.actions.plan import Plan
from smarket_planner.services.reports.review import ReviewReport, review_report

__all__ = ["PageSize", "ReviewContent", "review_content", "review_pdf", "write_review_pdf"]


def review_content(plan: Plan, task_force_id: int, today: date | None = None) -> ReviewContent:
    """Everything the review PDF of one task force prints, as of ``today``."""
    if not find(plan, EntityKind.TASK_FORCE, id=task_force_id):
        raise NotFoundError(f"There is no task force number {task_force_id} in this plan.")
    report = review_report(plan, task_force_id, today)
    functions = {
        function.id: function
        for function in find(plan, EntityKind.FUNCTION)
        if isinstance(function, Function)
    }
    goal_ids = sorted({score.kpi.goal_id for score in report.review.scorecard.scores})
    goals = {
        goal.id: goal.title for goal in find(plan, EntityKind.GOAL, id=goal_ids) if isinstance(goal, Goal)
    }
    return content_of(report, plan.title, functions, goals)


def content_of(
    report: ReviewReport, plan_title: str, functions: dict[int, Function], goal_titles: dict[int, str]
) -> ReviewContent:
    """The review's content from its report: sparklines cut at the day reviewed, answered questions first."""
    today = report.review.today
    scores = tuple(
        ScoreLine(
            score,
            goal_titles.get(score.kpi.goal_id, ""),
            tuple(c.value for c in report.check_ins.get(score.kpi.id, ()) if c.checked_on <= today),
            report.person(score.kpi.accountable_id),
        )
        for score in report.review.scorecard.scores
    )
    return ReviewContent(
        plan_title=plan_title,
        task_force=report.task_force,
        review=report.review,
        scores=scores,
        lessons=report.lessons,
        credits=report.credits,
        questions=tuple(sorted(report.questions, key=_question_order)),
        people=dict(report.people),
        functions=functions,
    )


def _question_order(question: Question) -> tuple[bool, date, int]:
    """Answered questions first, by the day answered; then the open ones, by the day they are due."""
    when = (question.due_on if question.is_open else question.answered_on) or date.max
    return question.is_open, when, question.id


def review_pdf(
    plan: Plan, task_force_id: int, today: date | None = None, *, page_size: PageSize = PageSize.A4
) -> bytes:
    """The review of one task force as PDF bytes, for a preview."""
    from smarket_planner.charter.review_document import review_bytes  # ReportLab: only to typeset

    return review_bytes(review_content(plan, task_force_id, today), page_size)


def write_review_pdf(
    plan: Plan,
    task_force_id: int,
    path: Path,
    today: date | None = None,
    *,
    page_size: PageSize = PageSize.A4,
) -> Path:
    """Write the review of one task force to a PDF file (replacing it whole, never half-written)."""
    from smarket_planner.charter.review_document import write_review

    return write_review(review_content(plan, task_force_id, today), Path(path), page_size)
