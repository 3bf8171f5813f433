"""The reviews of task forces in a window: one dialog per task force, lent the other areas' dialogs.

The review (``ui/review``) records a final check-in with the Goals area's dialog and answers a question
with the Logs area's; the areas never meet, so the app hands those dialogs over here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from smarket_planner import services
from smarket_planner.domain.errors import DomainError
from smarket_planner.domain.records import EntityKind, Goal, Kpi, Question, TaskForce
from smarket_planner.ui.kit.session import PlanSession
from smarket_planner.ui.review.parts import ReviewHooks
from smarket_planner.ui.review.review_dialog import REVIEWABLE, ReviewDialog

K = EntityKind


def record_check_in(session: PlanSession, kpi_id: int, day: date, parent: QWidget) -> QDialog | None:
    """Open the Goals area's check-in dialog for a KPI, dated ``day``; None if the KPI is gone."""
    from smarket_planner.services.views.goals_view import goals_of
    from smarket_planner.ui.goals.check_ins import CheckInDialog

    plan = session.plan
    try:
        kpi = services.get(plan, K.KPI, kpi_id)
        assert isinstance(kpi, Kpi)  # asked for by its kind
        goal = services.get(plan, K.GOAL, kpi.goal_id)
        assert isinstance(goal, Goal)
    except DomainError:
        return None
    shown = (view for goal_view in goals_of(plan, goal.task_force_id, day) for view in goal_view.kpis)
    kpi_view = next((view for view in shown if view.id == kpi_id), None)
    if kpi_view is None:
        return None
    dialog = CheckInDialog(session, kpi_view, day, parent)
    dialog.setWindowTitle(f"Record final check-in: {kpi_view.title}")
    dialog.open()
    return dialog


def answer_question(session: PlanSession, question_id: int, parent: QWidget) -> QDialog | None:
    """Open the Logs area's question dialog to answer a question; None if the question is gone."""
    from smarket_planner.services.views.log_view import person_choices
    from smarket_planner.ui.logs.log_parts import saver
    from smarket_planner.ui.logs.question_dialog import QuestionDialog

    try:
        question = services.get(session.plan, K.QUESTION, question_id)
    except DomainError:
        return None
    assert isinstance(question, Question)  # asked for by its kind
    people = person_choices(session.plan, question.task_force_id)
    label = f"Answer question '{question.question}'"
    apply = saver(session, K.QUESTION, question, label, lambda _ident: None)
    dialog = QuestionDialog(session, "Answer Question", apply, people, question, parent, answering=True)
    dialog.open()
    return dialog


class Reviews:
    """The review dialogs open in a window, one per task force, raised again when asked twice."""

    def __init__(self, session: PlanSession, parent: QWidget, open_guide: Callable[[str], object]) -> None:
        self.session = session
        self.parent = parent
        self.hooks = ReviewHooks(
            record_check_in=lambda kpi_id, day, owner: record_check_in(session, kpi_id, day, owner),
            answer_question=lambda question_id, owner: answer_question(session, question_id, owner),
            open_guide=open_guide,
        )
        self.dialogs: dict[int, ReviewDialog] = {}

    @staticmethod
    def reviewable(session: PlanSession, task_force_id: int) -> str:
        """Why a task force cannot be reviewed yet ("" when it can)."""
        try:
            task_force = services.get(session.plan, K.TASK_FORCE, task_force_id)
        except DomainError as error:
            return str(error)
        assert isinstance(task_force, TaskForce)  # asked for by its kind
        if task_force.status in REVIEWABLE:
            return ""
        return (
            f"'{task_force.name}' is {task_force.status.label.lower()}: a task force is reviewed once it is "
            "active (half-way), dispersed or archived."
        )

    def open(self, task_force_id: int, today: date | None = None) -> ReviewDialog:
        """Show the review of a task force beside the window (the same dialog again if it is open)."""
        dialog = self.dialogs.get(task_force_id)
        if dialog is None:
            dialog = ReviewDialog(self.session, task_force_id, self.parent, hooks=self.hooks, today=today)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda _obj=None, ident=task_force_id: self.dialogs.pop(ident, None))
            self.dialogs[task_force_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def close_all(self) -> None:
        """Close every review (the plan is closing)."""
        for dialog in list(self.dialogs.values()):
            dialog.close()
        self.dialogs.clear()
