"""The review of a task force gathers its scorecard, record, lessons, credits and questions."""

from __future__ import annotations

from datetime import date

from smarket_planner import services
from smarket_planner.analysis.scorecard import KpiVerdict
from smarket_planner.domain.records import EntityKind
from smarket_planner.services.reports.review import review_report
from tests.services.staffing import Staffed

K = EntityKind


def test_the_review_scores_each_kpi_from_its_last_check_in_by_the_day(staffed: Staffed) -> None:
    report = review_report(staffed.plan, staffed.launch, date(2026, 3, 15))
    leads = report.review.scorecard.score(staffed.leads_kpi)
    assert leads is not None and leads.final_value == 55  # the check-in of 1 March, not of 1 February
    assert leads.grade == 0.4 and leads.verdict is KpiVerdict.MISSED  # (55 - 30) / (100 - 30) = 0.36
    revenue = report.review.scorecard.score(staffed.revenue_kpi)
    assert revenue is not None and revenue.verdict is KpiVerdict.NOT_MEASURED
    assert [c.checked_on for c in report.check_ins[staffed.leads_kpi]] == [date(2026, 2, 1), date(2026, 3, 1)]
    # On an earlier day, only what was known then counts.
    earlier = review_report(staffed.plan, staffed.launch, date(2026, 2, 15)).review.scorecard
    assert earlier.score(staffed.leads_kpi).final_value == 40  # type: ignore[union-attr]


def test_the_review_holds_the_teams_own_lessons_credits_and_questions_with_names(staffed: Staffed) -> None:
    services.create(
        staffed.plan, K.CREDIT, task_force_id=staffed.launch, for_what="Pricing", function_id=staffed.sales
    )
    report = review_report(staffed.plan, staffed.launch, date(2026, 3, 15))
    assert [lesson.id for lesson in report.lessons] == [staffed.lesson]
    assert [report.thanked(credit) for credit in report.credits] == ["Ann Archer", "Sales"]
    assert [question.id for question in report.questions] == [staffed.question]
    assert report.person(report.questions[0].answerer_id) == "Cat Chen"
    other = review_report(staffed.plan, staffed.pursuit, date(2026, 3, 15))
    assert other.lessons == () and other.credits == () and other.questions == ()
