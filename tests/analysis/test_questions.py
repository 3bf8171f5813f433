"""Overdue questions: an open question past its date is a finding naming it, who owes the answer, how late."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smarket_planner.analysis.findings import TASK_FORCE_CHECKS, all_findings
from smarket_planner.analysis.health import health
from smarket_planner.analysis.model import EntityRef, FindingKind, Severity
from smarket_planner.analysis.questions import QUOTED, days_overdue, overdue_question_findings, quoted
from smarket_planner.analysis.report import build_report, render_json
from smarket_planner.domain.enums import LifecycleStatus
from smarket_planner.domain.records import EntityKind, Question
from tests.conftest import assert_plain_english

from .builders import TODAY, CleanPlan, clean_plan

ASKED = "Why do webinar sign-ups stall after the first mailing?"


@pytest.fixture
def plan() -> CleanPlan:
    return clean_plan()


def test_an_open_question_past_its_date_names_the_question_who_owes_it_and_how_late(plan: CleanPlan) -> None:
    question = plan.builder.question(plan.launch, ASKED, plan.jonas, due_on=TODAY - timedelta(days=12))

    (found,) = overdue_question_findings(plan.build())

    assert found.kind is FindingKind.OVERDUE_QUESTION and found.severity is Severity.WARNING
    assert found.message == (
        f"The question '{ASKED}' of Atlas Launch is 12 days overdue: Jonas Weber was to answer it by "
        "11 Nov 2026, so the team goes on without the answer."
    )
    assert (
        found.action == f"Get Jonas Weber's answer to '{ASKED}', with the data behind it, or move its date."
    )
    assert found.task_force_ids == (plan.launch.id,)
    assert found.entities == (
        EntityRef(EntityKind.QUESTION, question.id, ASKED),
        EntityRef(EntityKind.PERSON, plan.jonas.id, "Jonas Weber"),
    )
    assert found.facts == {
        "due_on": TODAY - timedelta(days=12),
        "days_overdue": 12,
        "answerer_id": plan.jonas.id,
    }
    assert_plain_english(found.message)
    assert_plain_english(found.action)


def test_one_day_late_is_said_as_one_day(plan: CleanPlan) -> None:
    plan.builder.question(plan.launch, ASKED, plan.jonas, due_on=TODAY - timedelta(days=1))
    (found,) = overdue_question_findings(plan.build())
    assert " is 1 day overdue: " in found.message and found.facts["days_overdue"] == 1


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"due_on": TODAY}, "due today: not late yet"),
        ({"due_on": TODAY + timedelta(days=3)}, "not due yet"),
        ({}, "no date to be late against"),
        (
            {"due_on": TODAY - timedelta(days=30), "answer": "The second mailing went to the wrong list."},
            "answered",
        ),
        (
            {
                "due_on": TODAY - timedelta(days=30),
                "answer": "Wrong list",
                "answered_on": TODAY - timedelta(days=2),
            },
            "answered late, but answered",
        ),
        ({"due_on": TODAY - timedelta(days=30), "answer": "   "}, "blank is no answer"),
    ],
)
def test_only_an_unanswered_question_past_its_date_is_a_finding(
    plan: CleanPlan, values: dict[str, object], why: str
) -> None:
    plan.builder.question(plan.launch, ASKED, plan.jonas, **values)
    found = overdue_question_findings(plan.build())
    late = why == "blank is no answer"
    assert [f.kind for f in found] == ([FindingKind.OVERDUE_QUESTION] if late else []), why


def test_days_overdue_counts_from_the_day_after_the_date() -> None:
    question = Question(1, 1, ASKED, due_on=date(2026, 3, 1))
    assert [days_overdue(question, date(2026, 3, day)) for day in (1, 2, 9)] == [0, 1, 8]
    assert days_overdue(question, date(2026, 2, 20)) == 0
    assert days_overdue(Question(1, 1, ASKED, due_on=date(2026, 3, 1), answer="Yes"), date(2026, 4, 1)) == 0
    assert days_overdue(Question(1, 1, ASKED), date(2026, 4, 1)) == 0


def test_a_question_no_one_was_asked_to_answer_says_so(plan: CleanPlan) -> None:
    question = plan.builder.question(plan.launch, "Who signs for Acme?", due_on=TODAY - timedelta(days=3))
    (found,) = overdue_question_findings(plan.build())
    assert found.message == (
        "The question 'Who signs for Acme?' of Atlas Launch is 3 days overdue: it was to be answered by "
        "20 Nov 2026 but no one was asked to, so the team goes on without the answer."
    )
    assert found.action == "Ask someone on Atlas Launch to answer 'Who signs for Acme?', or move its date."
    assert found.entities == (EntityRef(EntityKind.QUESTION, question.id, "Who signs for Acme?"),)
    assert found.facts["answerer_id"] is None
    assert_plain_english(found.message)


@pytest.mark.parametrize("status", [LifecycleStatus.DISPERSED, LifecycleStatus.ARCHIVED])
def test_a_team_at_rest_is_not_chased_for_answers(plan: CleanPlan, status: LifecycleStatus) -> None:
    plan.builder.replace(plan.launch, status=status)
    plan.builder.question(plan.launch, ASKED, plan.jonas, due_on=TODAY - timedelta(days=12))
    assert overdue_question_findings(plan.build()) == []


@pytest.mark.parametrize("status", [LifecycleStatus.PROPOSED, LifecycleStatus.FORMING])
def test_a_team_getting_going_is(plan: CleanPlan, status: LifecycleStatus) -> None:
    plan.builder.replace(plan.launch, status=status)
    plan.builder.question(plan.launch, ASKED, plan.jonas, due_on=TODAY - timedelta(days=12))
    assert len(overdue_question_findings(plan.build())) == 1


def test_a_long_question_is_quoted_on_one_line_and_cut(plan: CleanPlan) -> None:
    long = "Why  do sign-ups stall\nafter the first mailing " + "and the second " * 12 + "?"
    plan.builder.question(plan.launch, long, plan.jonas, due_on=TODAY - timedelta(days=2))
    (found,) = overdue_question_findings(plan.build())
    cut = found.entities[0].name
    assert cut.startswith("Why do sign-ups stall after the first mailing and") and cut.endswith("\u2026")
    assert len(cut) <= QUOTED and f"'{cut}'" in found.message
    assert_plain_english(found.message)
    assert quoted(Question(1, 1, "Short?")) == "Short?"


def test_each_overdue_question_is_a_finding_of_its_own_and_every_check_runs_it(plan: CleanPlan) -> None:
    plan.builder.question(plan.launch, "Who signs for Acme?", plan.priya, due_on=TODAY - timedelta(days=2))
    plan.builder.question(plan.launch, ASKED, plan.jonas, due_on=TODAY - timedelta(days=20))
    data = plan.build()
    found = overdue_question_findings(data)
    assert [f.facts["days_overdue"] for f in found] == [2, 20]  # ordered by the names they hold
    assert overdue_question_findings in TASK_FORCE_CHECKS
    assert [f for f in all_findings(data) if f.kind is FindingKind.OVERDUE_QUESTION] == found


def test_an_overdue_question_costs_no_health_and_reads_in_the_json_report(plan: CleanPlan) -> None:
    clean = health(plan.launch, all_findings(plan.build()), plan.build())
    plan.builder.question(plan.launch, ASKED, plan.jonas, due_on=TODAY - timedelta(days=12))
    data = plan.build()
    findings = all_findings(data)
    assert health(plan.launch, findings, data).score == clean.score
    report = render_json(build_report("Plan", data, findings))
    assert '"kind": "overdue_question"' in report and '"due_on": "2026-11-11"' in report
