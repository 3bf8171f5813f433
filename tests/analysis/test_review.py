"""The dispersal review: KPI grades on the 0.0-1.0 scale, goals met, deliverables, risks and decisions."""

from __future__ import annotations

from datetime import date

import pytest

from smarket_planner.analysis.model import HealthBand
from smarket_planner.analysis.review import (
    DeliverableResult,
    DeliveryOutcome,
    GoalOutcome,
    decisions_review,
    deliverable_result,
    deliverables_review,
    review,
    risks_review,
)
from smarket_planner.analysis.scorecard import (
    KpiVerdict,
    final_check_ins,
    grade,
    grade_text,
    score_kpi,
    scorecard,
    share_achieved,
)
from smarket_planner.domain.enums import (
    DecisionStanding,
    DeliverableStatus,
    KpiCommitment,
    KpiDirection,
    RiskLikelihood,
    RiskSeverity,
    RiskStatus,
)
from smarket_planner.domain.records import CheckIn, Decision, Deliverable, Goal, Kpi, Risk

TODAY = date(2026, 4, 1)
MAR_31 = date(2026, 3, 31)
COMMITTED, ASPIRATIONAL = KpiCommitment.COMMITTED, KpiCommitment.ASPIRATIONAL


def kpi(
    ident: int = 1,
    baseline: float = 0.0,
    target: float = 100.0,
    *,
    goal: int = 1,
    down: bool = False,
    commitment: KpiCommitment = COMMITTED,
    weight: float = 1.0,
) -> Kpi:
    direction = KpiDirection.DOWN if down else KpiDirection.UP
    return Kpi(
        ident, goal, f"KPI {ident}", baseline=baseline, target=target, direction=direction,
        weight=weight, commitment=commitment,
    )  # fmt: skip


def at(value: float, kpi_id: int = 1, on: date = MAR_31, ident: int = 1) -> CheckIn:
    return CheckIn(ident, kpi_id, on, value)


def readable(line: str) -> None:
    """A summary line a manager reads: one sentence on one line, no program words."""
    assert line and "\n" not in line and line == line.strip(), repr(line)
    assert line.endswith("."), line
    assert not any(word in line for word in ("None", "nan", "0.30000", "_")), line


# Grades on the 0.0-1.0 scale


@pytest.mark.parametrize(
    ("value", "share", "mark", "committed", "aspirational"),
    [
        (100.0, 1.0, 1.0, KpiVerdict.DELIVERED, KpiVerdict.ACHIEVED),
        (130.0, 1.3, 1.0, KpiVerdict.DELIVERED, KpiVerdict.ACHIEVED),  # overshoot clamped to 1.0
        (96.0, 0.96, 0.9, KpiVerdict.MISSED, KpiVerdict.ACHIEVED),  # 1.0 is kept for the target
        (94.0, 0.94, 0.9, KpiVerdict.MISSED, KpiVerdict.ACHIEVED),
        (70.0, 0.7, 0.7, KpiVerdict.MISSED, KpiVerdict.ACHIEVED),
        (65.0, 0.65, 0.7, KpiVerdict.MISSED, KpiVerdict.ACHIEVED),  # halves round up
        (64.9, 0.649, 0.6, KpiVerdict.MISSED, KpiVerdict.PROGRESS),
        (40.0, 0.4, 0.4, KpiVerdict.MISSED, KpiVerdict.PROGRESS),
        (35.0, 0.35, 0.4, KpiVerdict.MISSED, KpiVerdict.PROGRESS),
        (34.0, 0.34, 0.3, KpiVerdict.MISSED, KpiVerdict.FELL_SHORT),
        (4.0, 0.04, 0.0, KpiVerdict.MISSED, KpiVerdict.FELL_SHORT),
        (0.0, 0.0, 0.0, KpiVerdict.MISSED, KpiVerdict.FELL_SHORT),
        (-20.0, -0.2, 0.0, KpiVerdict.MISSED, KpiVerdict.FELL_SHORT),  # went backwards: clamped to 0.0
    ],
)
def test_an_up_kpi_is_graded_on_its_share_of_the_way_to_target(
    value: float, share: float, mark: float, committed: KpiVerdict, aspirational: KpiVerdict
) -> None:
    for commitment, expected in ((COMMITTED, committed), (ASPIRATIONAL, aspirational)):
        score = score_kpi(kpi(1, 0.0, 100.0, commitment=commitment), at(value))
        assert score.share == pytest.approx(share)
        assert score.grade == mark
        assert score.verdict is expected
        assert score.final_value == value and score.measured


@pytest.mark.parametrize(
    ("value", "share", "mark", "aspirational"),
    [
        (4.0, 1.0, 1.0, KpiVerdict.ACHIEVED),
        (3.0, 7 / 6, 1.0, KpiVerdict.ACHIEVED),  # lower than the target: overshoot
        (4.6, 0.9, 0.9, KpiVerdict.ACHIEVED),
        (7.0, 0.5, 0.5, KpiVerdict.PROGRESS),
        (7.9, 0.35, 0.4, KpiVerdict.PROGRESS),  # the division gives 0.34999...: still a half, up
        (8.0, 1 / 3, 0.3, KpiVerdict.FELL_SHORT),
        (10.0, 0.0, 0.0, KpiVerdict.FELL_SHORT),
        (12.0, -1 / 3, 0.0, KpiVerdict.FELL_SHORT),  # rose when it should fall
    ],
)
def test_a_down_kpi_is_graded_the_same_way_from_its_baseline_down_to_its_target(
    value: float, share: float, mark: float, aspirational: KpiVerdict
) -> None:
    churn = kpi(1, 10.0, 4.0, down=True, commitment=ASPIRATIONAL)
    score = score_kpi(churn, at(value))
    assert score.share == pytest.approx(share)
    assert (score.grade, score.verdict) == (mark, aspirational)
    committed = score_kpi(kpi(1, 10.0, 4.0, down=True), at(value)).verdict
    assert committed is (KpiVerdict.DELIVERED if mark == 1.0 else KpiVerdict.MISSED)


@pytest.mark.parametrize(
    ("down", "value", "mark"),
    [
        (False, 50.0, 1.0),
        (False, 51.0, 1.0),  # beyond it is held too
        (False, 49.0, 0.0),
        (True, 50.0, 1.0),
        (True, 48.0, 1.0),
        (True, 50.5, 0.0),
    ],
)
def test_a_kpi_whose_target_is_its_baseline_scores_1_when_held_and_0_when_not(
    down: bool, value: float, mark: float
) -> None:
    hold = kpi(1, 50.0, 50.0, down=down)
    assert share_achieved(hold, value) == mark
    assert grade(hold, value) == mark
    assert score_kpi(hold, at(value)).verdict is (KpiVerdict.DELIVERED if mark else KpiVerdict.MISSED)


def test_reaching_the_target_is_1_despite_rounding_noise_in_the_numbers() -> None:
    small = kpi(1, 0.1, 0.3)
    assert grade(small, 0.1 + 0.2) == 1.0  # 0.30000000000000004
    assert grade(kpi(1, 1.0, 2.0), 1.35) == 0.4
    assert grade(kpi(1, 2.0, 2.2), 2.07) == 0.4  # 0.34999999999999887
    assert grade(kpi(1, 0.0, 100.0), 99.999) == 0.9


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.0, "1.0"), (0.0, "0.0"), (0.7, "0.7"), (0.5, "0.5"), (0.93, "0.93"), (None, "not measured")],
)
def test_grades_are_written_as_the_scale_writes_them(value: float | None, text: str) -> None:
    assert grade_text(value) == text


def test_the_verdicts_read_as_a_review_says_them() -> None:
    labels = [verdict.label for verdict in KpiVerdict]
    assert labels == ["Delivered", "Missed", "Achieved", "Progress", "Fell short", "Not measured"]
    assert [verdict.band for verdict in KpiVerdict] == [
        HealthBand.GREEN, HealthBand.RED, HealthBand.GREEN, HealthBand.AMBER, HealthBand.RED, None,
    ]  # fmt: skip


# Which check-in counts


def test_a_kpi_without_check_ins_is_not_measured_and_gets_no_grade() -> None:
    score = score_kpi(kpi(), None)
    assert (score.final, score.share, score.grade, score.final_value) == (None, None, None, None)
    assert score.verdict is KpiVerdict.NOT_MEASURED and not score.measured


def test_the_final_value_is_the_latest_check_in_on_or_before_today() -> None:
    check_ins = [
        at(40.0, on=date(2026, 2, 1), ident=1),
        at(80.0, on=TODAY, ident=2),
        at(100.0, on=date(2026, 4, 2), ident=3),  # after today: ignored
        at(10.0, kpi_id=2, on=date(2026, 4, 15), ident=4),  # KPI 2 has only a later one
        at(55.0, kpi_id=3, on=MAR_31, ident=6),
        at(50.0, kpi_id=3, on=MAR_31, ident=5),  # same day: the last recorded counts
    ]
    final = final_check_ins(check_ins, TODAY)
    assert {k: c.id for k, c in final.items()} == {1: 2, 3: 6}
    card = scorecard([kpi(1), kpi(2), kpi(3)], check_ins, TODAY)
    assert [s.grade for s in card.scores] == [0.8, None, 0.6]
    assert [s.verdict for s in card.scores] == [KpiVerdict.MISSED, KpiVerdict.NOT_MEASURED, KpiVerdict.MISSED]
    assert card.score(2) is card.scores[1] and card.score(9) is None


# Committed and aspirational scored apart


def test_each_group_has_its_weighted_mean_grade_over_its_measured_kpis() -> None:
    kpis = [
        kpi(1, weight=3.0),  # 100 -> 1.0
        kpi(2, weight=1.0),  # 60 -> 0.6
        kpi(3, weight=9.0),  # not measured: not in the mean
        kpi(4, commitment=ASPIRATIONAL, weight=1.0),  # 70 -> 0.7
        kpi(5, commitment=ASPIRATIONAL, weight=2.0),  # 40 -> 0.4
    ]
    check_ins = [at(100.0, 1, ident=1), at(60.0, 2, ident=2), at(70.0, 4, ident=4), at(40.0, 5, ident=5)]
    card = scorecard(kpis, check_ins, TODAY)
    committed, aspirational = card.committed, card.aspirational
    assert [s.kpi.id for s in committed.scores] == [1, 2, 3]
    assert committed.mean_grade == 0.9  # (3 x 1.0 + 1 x 0.6) / 4, not 0.4 x 9 pulled down by a missing one
    assert (committed.count, committed.measured, committed.not_measured, committed.succeeded) == (3, 2, 1, 1)
    assert aspirational.mean_grade == 0.5  # (0.7 + 2 x 0.4) / 3
    assert (aspirational.measured, aspirational.not_measured, aspirational.succeeded) == (2, 0, 1)
    assert card.summary == (
        "1 of 2 committed KPIs delivered, scoring 0.9 on average, 1 more not measured; "
        "1 of 2 aspirational KPIs achieved 0.7 or more, scoring 0.5 on average."
    )
    readable(card.summary)


def test_a_group_of_weightless_kpis_takes_the_plain_mean() -> None:
    kpis = [kpi(1, weight=0.0), kpi(2, weight=0.0)]
    card = scorecard(kpis, [at(100.0, 1, ident=1), at(50.0, 2, ident=2)], TODAY)
    assert card.committed.mean_grade == 0.75


def test_a_group_with_nothing_measured_has_no_mean_and_says_so() -> None:
    kpis = [kpi(1), kpi(2, commitment=ASPIRATIONAL), kpi(3, commitment=ASPIRATIONAL)]
    card = scorecard(kpis, [at(100.0, 1)], TODAY)
    assert card.aspirational.mean_grade is None
    assert card.summary == (
        "1 of 1 committed KPI delivered, scoring 1.0 on average; 2 aspirational KPIs not measured."
    )
    empty = scorecard([], [], TODAY)
    assert (empty.committed.mean_grade, empty.committed.count, empty.summary) == (
        None,
        0,
        "No KPIs to score.",
    )


# Goals


def test_a_goal_is_met_when_its_measured_kpis_succeeded() -> None:
    goals = [Goal(i, 7, f"Goal {i}") for i in range(1, 8)]
    kpis = [
        kpi(1, goal=1), kpi(2, goal=1, commitment=ASPIRATIONAL),  # delivered and 0.7: met
        kpi(3, goal=2), kpi(4, goal=2, commitment=ASPIRATIONAL),  # committed 0.9: not met
        kpi(5, goal=3, commitment=ASPIRATIONAL),  # aspirational 0.6: not met
        kpi(6, goal=4), kpi(7, goal=4),  # one delivered, one not measured: met on what was measured
        kpi(8, goal=5),  # not measured
        kpi(9, goal=7, commitment=ASPIRATIONAL),  # aspirational 1.0: met
    ]  # fmt: skip
    values = {1: 100.0, 2: 70.0, 3: 95.0, 4: 100.0, 5: 64.0, 6: 120.0, 9: 100.0}
    check_ins = [at(value, k, ident=k) for k, value in values.items()]
    result = review(goals=goals, kpis=kpis, check_ins=check_ins, today=TODAY).goals
    outcomes = [r.outcome for r in result.results]
    assert outcomes == [
        GoalOutcome.MET, GoalOutcome.NOT_MET, GoalOutcome.NOT_MET, GoalOutcome.MET,
        GoalOutcome.NOT_MEASURED, GoalOutcome.NO_KPIS, GoalOutcome.MET,
    ]  # fmt: skip
    assert [[s.kpi.id for s in r.scores] for r in result.results] == [
        [1, 2],
        [3, 4],
        [5],
        [6, 7],
        [8],
        [],
        [9],
    ]
    assert [r.not_measured for r in result.results] == [0, 0, 0, 1, 1, 0, 0]
    assert result.count(GoalOutcome.MET) == 3
    assert result.summary == "3 of 7 goals met; 2 not met, 1 not measured and 1 with no KPIs."
    assert [o.label for o in GoalOutcome] == ["Met", "Not met", "Not measured", "No KPIs"]
    readable(result.summary)


def test_goals_that_all_met_and_no_goals_at_all() -> None:
    met = review(goals=[Goal(1, 7, "Win")], kpis=[kpi()], check_ins=[at(100.0)], today=TODAY).goals
    assert met.summary == "1 of 1 goal met."
    assert review(today=TODAY).goals.summary == "No goals were set."


# Deliverables


def done(ident: int, due: date | None, finished: date | None) -> Deliverable:
    return Deliverable(
        ident, 7, f"Work {ident}", due_date=due, status=DeliverableStatus.DONE, finished_on=finished
    )


def test_each_deliverable_ends_on_time_late_dropped_or_unfinished() -> None:
    work = [
        done(1, MAR_31, MAR_31),  # on the day: on time
        done(2, MAR_31, date(2026, 3, 2)),
        done(3, MAR_31, date(2026, 4, 6)),  # 6 days late
        done(4, MAR_31, None),  # finished, date not recorded
        done(5, None, date(2026, 3, 2)),  # no due date to be late against
        done(6, None, None),
        Deliverable(7, 7, "Cancelled", due_date=MAR_31, status=DeliverableStatus.CANCELLED),
        Deliverable(8, 7, "Blocked", due_date=MAR_31, status=DeliverableStatus.BLOCKED),
        Deliverable(9, 7, "Planned", status=DeliverableStatus.PLANNED),
        Deliverable(10, 7, "Half way", status=DeliverableStatus.IN_PROGRESS, finished_on=MAR_31),
    ]
    result = deliverables_review(work)
    assert [(r.outcome, r.days_late) for r in result.results] == [
        (DeliveryOutcome.ON_TIME, None),
        (DeliveryOutcome.ON_TIME, None),
        (DeliveryOutcome.LATE, 6),
        (DeliveryOutcome.DATE_NOT_RECORDED, None),
        (DeliveryOutcome.FINISHED, None),
        (DeliveryOutcome.FINISHED, None),
        (DeliveryOutcome.DROPPED, None),
        (DeliveryOutcome.UNFINISHED, None),
        (DeliveryOutcome.UNFINISHED, None),
        (DeliveryOutcome.UNFINISHED, None),
    ]
    assert result.count(DeliveryOutcome.UNFINISHED) == 3
    assert result.summary == (
        "2 of 10 deliverables finished on time; 1 late (by 6 days), 2 finished with no due date, "
        "1 finished on a day not recorded, 1 dropped and 3 unfinished."
    )
    assert DeliveryOutcome.DATE_NOT_RECORDED.label == "Finished, date not recorded"
    readable(result.summary)


def test_several_late_deliverables_give_the_worst_delay() -> None:
    work = [done(1, MAR_31, date(2026, 4, 1)), done(2, MAR_31, date(2026, 4, 10)), done(3, MAR_31, MAR_31)]
    assert (
        deliverables_review(work).summary
        == "1 of 3 deliverables finished on time; 2 late (by up to 10 days)."
    )
    one = deliverables_review([done(1, MAR_31, date(2026, 4, 1))])
    assert one.summary == "0 of 1 deliverable finished on time; 1 late (by 1 day)."
    assert deliverable_result(work[0]) == DeliverableResult(work[0], DeliveryOutcome.LATE, 1)
    assert deliverables_review([]).summary == "No deliverables were planned."


# Risks and decisions


def risk(ident: int, status: RiskStatus, severity: RiskSeverity = RiskSeverity.MEDIUM) -> Risk:
    return Risk(ident, 7, f"Risk {ident}", severity=severity, likelihood=RiskLikelihood.LIKELY, status=status)


def test_the_risks_that_came_true_are_listed_worst_first() -> None:
    risks = [
        risk(1, RiskStatus.OCCURRED, RiskSeverity.LOW),
        risk(2, RiskStatus.CLOSED, RiskSeverity.CRITICAL),
        risk(3, RiskStatus.OCCURRED, RiskSeverity.CRITICAL),
        risk(4, RiskStatus.OPEN),
        risk(5, RiskStatus.OCCURRED, RiskSeverity.HIGH),
        risk(6, RiskStatus.OCCURRED, RiskSeverity.MEDIUM),
    ]
    result = risks_review(risks)
    assert [r.id for r in result.occurred] == [3, 5, 6, 1]
    assert result.logged == 6
    assert result.summary == "4 of 6 risks came true: 'Risk 3', 'Risk 5', 'Risk 6' and 1 more."
    two = risks_review(risks[:3])
    assert two.summary == "2 of 3 risks came true: 'Risk 3' and 'Risk 1'."
    readable(result.summary)


def test_no_risk_came_true_or_none_was_logged() -> None:
    calm = risks_review([risk(1, RiskStatus.CLOSED), risk(2, RiskStatus.MITIGATING)])
    assert (calm.occurred, calm.summary) == ((), "None of the 2 risks logged came true.")
    assert risks_review([]).summary == "No risks were logged."


def test_decisions_are_sorted_by_whether_they_held() -> None:
    standings = [DecisionStanding.HELD, DecisionStanding.REVERSED, DecisionStanding.HELD]
    standings += [DecisionStanding.IN_FORCE, DecisionStanding.IN_FORCE]
    decisions = [Decision(i, 7, f"Decision {i}", standing=s) for i, s in enumerate(standings, 1)]
    result = decisions_review(decisions)
    assert [d.id for d in result.held] == [1, 3]
    assert [d.id for d in result.reversed] == [2]
    assert [d.id for d in result.in_force] == [4, 5]
    assert result.summary == "Of 5 decisions, 2 held, 1 was reversed and 2 are still in force."
    one = decisions_review([Decision(1, 7, "Price", standing=DecisionStanding.IN_FORCE)])
    assert one.summary == "Of 1 decision, 1 is still in force."
    assert decisions_review([]).summary == "No decisions were logged."
    readable(result.summary)


# The whole review


def test_the_review_gathers_every_section_with_its_line() -> None:
    result = review(
        today=TODAY,
        goals=[Goal(1, 7, "Launch")],
        kpis=[kpi(1), kpi(2, commitment=ASPIRATIONAL)],
        check_ins=[at(100.0, 1, ident=1), at(50.0, 2, ident=2), at(90.0, 2, on=date(2026, 5, 1), ident=3)],
        deliverables=[done(1, MAR_31, date(2026, 3, 30))],
        risks=[risk(1, RiskStatus.OCCURRED)],
        decisions=[Decision(1, 7, "Price", standing=DecisionStanding.REVERSED)],
    )
    assert result.today == TODAY
    assert result.scorecard.aspirational.mean_grade == 0.5  # the May check-in is after today
    assert result.goals.results[0].outcome is GoalOutcome.NOT_MET
    assert result.sections == (
        (
            "KPI scorecard",
            "1 of 1 committed KPI delivered, scoring 1.0 on average; "
            "0 of 1 aspirational KPI achieved 0.7 or more, scoring 0.5 on average.",
        ),
        ("Goals", "0 of 1 goal met; 1 not met."),
        ("Deliverables", "1 of 1 deliverable finished on time."),
        ("Risks", "1 of 1 risk came true: 'Risk 1'."),
        ("Decisions", "Of 1 decision, 1 was reversed."),
    )
    for _, line in result.sections:
        readable(line)
