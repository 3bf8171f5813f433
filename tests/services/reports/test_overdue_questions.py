"""The Launch's open question, for Cat to answer by 1 Mar 2026, in the plan's analysis as days go by."""

from __future__ import annotations

from datetime import date

from smarket_planner import services
from smarket_planner.analysis.model import Finding, FindingKind
from smarket_planner.domain import EntityKind
from smarket_planner.services.reports.analysis import analyse, analyse_again
from smarket_planner.services.reports.plan_findings import PlanFindings
from smarket_planner.services.reports.touched import task_forces_touched
from tests.services.staffing import Staffed

K = EntityKind
QUESTION = "Why do webinar sign-ups stall after the first mailing?"


def overdue(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.kind is FindingKind.OVERDUE_QUESTION]


def test_the_question_is_a_finding_only_once_past_its_date(staffed: Staffed) -> None:
    plan = staffed.plan
    assert overdue(analyse(plan, today=date(2026, 2, 20)).findings) == []
    assert overdue(analyse(plan, today=date(2026, 3, 1)).findings) == []  # due today: not late yet
    (found,) = overdue(analyse(plan, today=date(2026, 3, 4)).findings)
    assert found.message == (
        f"The question '{QUESTION}' of Launch is 3 days overdue: Cat Chen was to answer it by 1 Mar 2026, "
        "so the team goes on without the answer."
    )
    assert found.task_force_ids == (staffed.launch,)
    assert [(e.kind, e.id) for e in found.entities] == [
        (K.QUESTION, staffed.question),
        (K.PERSON, staffed.cat),
    ]
    scoped = analyse(plan, today=date(2026, 3, 4), task_force_ids=[staffed.launch])
    assert overdue(scoped.findings) == [found]


def test_answering_it_or_moving_its_date_clears_the_finding(staffed: Staffed) -> None:
    plan, today = staffed.plan, date(2026, 3, 4)
    before = PlanFindings.of(analyse(plan, today=today))
    assert len(overdue(before.findings)) == 1
    for changes in (
        {"due_on": date(2026, 3, 20)},
        {"answer": "The second mailing went to the wrong list.", "evidence": "Open rate 4% against 31%"},
    ):
        outcome = services.update(plan, K.QUESTION, staffed.question, **changes)
        scope = task_forces_touched(plan, outcome.notices, before, today=today)
        assert scope == [staffed.launch]
        assert overdue(analyse_again(plan, before, scope, today=today).findings) == []
        assert overdue(analyse(plan, today=today).findings) == []
        services.undo(plan, outcome)
        assert len(overdue(analyse(plan, today=today).findings)) == 1  # undone: overdue again


def test_the_open_question_of_a_dispersed_team_is_left_to_its_review(staffed: Staffed) -> None:
    plan = staffed.plan
    services.move_to(plan, staffed.launch, "dispersed")
    assert overdue(analyse(plan, today=date(2026, 3, 4)).findings) == []
