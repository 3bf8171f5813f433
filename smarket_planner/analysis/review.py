"""The dispersal review of a task force: its KPI scorecard, goals met, work finished, risks and decisions.

Everything is worked out from the task force's own records as they stand on ``today``; each
section carries a line a manager reads, the same in the review dialog, the printout and the PDF.

>>> result = review(kpis=kpis, check_ins=check_ins, deliverables=work, today=date(2026, 4, 1))
>>> result.deliverables.summary  # three done by their due dates, one done six days after
'3 of 4 deliverables finished on time; 1 late (by 6 days).'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from smarket_planner.analysis.plan_index import join_names
from smarket_planner.analysis.scorecard import KpiScore, Scorecard, scorecard, scores_by_goal
from smarket_planner.domain.enums import DecisionStanding, DeliverableStatus, Labelled, RiskStatus
from smarket_planner.domain.records import CheckIn, Decision, Deliverable, Goal, Kpi, Risk

NAMED_RISKS = 3  # the summary names this many of the risks that came true, then counts the rest


class GoalOutcome(Labelled):
    """Whether a goal was met, judged on its measured KPIs."""

    MET = "met"  # every measured committed KPI delivered, every measured aspirational one 0.7 or more
    NOT_MET = "not_met"
    NOT_MEASURED = "not_measured"  # none of its KPIs had a check-in
    NO_KPIS = "no_kpis"

    @property
    def label(self) -> str:
        """The outcome as a review says it."""
        return "No KPIs" if self is GoalOutcome.NO_KPIS else super().label


class DeliveryOutcome(Labelled):
    """How a deliverable ended: on time, late, finished without the dates to tell, dropped or unfinished."""

    ON_TIME = "on_time"  # done, finished on or before its due date
    LATE = "late"  # done, finished after its due date
    DATE_NOT_RECORDED = "date_not_recorded"  # done, with a due date but no day it was finished
    FINISHED = "finished"  # done, with no due date to be late against
    DROPPED = "dropped"  # cancelled
    UNFINISHED = "unfinished"  # planned, in progress or blocked

    @property
    def label(self) -> str:
        """The outcome as a review says it."""
        return "Finished, date not recorded" if self is DeliveryOutcome.DATE_NOT_RECORDED else super().label


@dataclass(frozen=True)
class GoalResult:
    """A goal, whether it was met, and the scores of its KPIs."""

    goal: Goal
    outcome: GoalOutcome
    scores: tuple[KpiScore, ...]

    @property
    def not_measured(self) -> int:
        """How many of its KPIs had no check-in (the outcome leaves them out)."""
        return sum(not score.measured for score in self.scores)


@dataclass(frozen=True)
class GoalsReview:
    """Every goal with its outcome, in the order the goals came, and the line a manager reads."""

    results: tuple[GoalResult, ...]
    summary: str

    def count(self, outcome: GoalOutcome) -> int:
        """How many goals ended so."""
        return sum(result.outcome is outcome for result in self.results)


@dataclass(frozen=True)
class DeliverableResult:
    """A deliverable and how it ended; ``days_late`` only for a late one."""

    deliverable: Deliverable
    outcome: DeliveryOutcome
    days_late: int | None = None


@dataclass(frozen=True)
class DeliverablesReview:
    """Every deliverable with how it ended, in the order they came, and the line a manager reads."""

    results: tuple[DeliverableResult, ...]
    summary: str

    def count(self, outcome: DeliveryOutcome) -> int:
        """How many deliverables ended so."""
        return sum(result.outcome is outcome for result in self.results)


@dataclass(frozen=True)
class RisksReview:
    """The risks that came true, worst first, out of how many were logged."""

    occurred: tuple[Risk, ...]
    logged: int
    summary: str


@dataclass(frozen=True)
class DecisionsReview:
    """The decisions that held, were reversed or are still in force, each in the order they came."""

    held: tuple[Decision, ...]
    reversed: tuple[Decision, ...]
    in_force: tuple[Decision, ...]
    summary: str


@dataclass(frozen=True)
class Review:
    """What a task force achieved, section by section, as of the day of the review."""

    today: date
    scorecard: Scorecard
    goals: GoalsReview
    deliverables: DeliverablesReview
    risks: RisksReview
    decisions: DecisionsReview

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """Each section's heading and its summary line, in the order a review reads them."""
        return (
            ("KPI scorecard", self.scorecard.summary),
            ("Goals", self.goals.summary),
            ("Deliverables", self.deliverables.summary),
            ("Risks", self.risks.summary),
            ("Decisions", self.decisions.summary),
        )


def review(
    *,
    today: date,
    goals: Sequence[Goal] = (),
    kpis: Sequence[Kpi] = (),
    check_ins: Iterable[CheckIn] = (),
    deliverables: Sequence[Deliverable] = (),
    risks: Sequence[Risk] = (),
    decisions: Sequence[Decision] = (),
) -> Review:
    """The review of one task force from its own records; check-ins after ``today`` are ignored."""
    card = scorecard(kpis, check_ins, today)
    return Review(
        today,
        card,
        goals_review(goals, card),
        deliverables_review(deliverables),
        risks_review(risks),
        decisions_review(decisions),
    )


def goal_outcome(scores: Sequence[KpiScore]) -> GoalOutcome:
    """Met when every measured committed KPI was delivered and every measured aspirational one scored 0.7."""
    if not scores:
        return GoalOutcome.NO_KPIS
    measured = [score for score in scores if score.measured]
    if not measured:
        return GoalOutcome.NOT_MEASURED
    return GoalOutcome.MET if all(score.verdict.succeeded for score in measured) else GoalOutcome.NOT_MET


def goals_review(goals: Sequence[Goal], card: Scorecard) -> GoalsReview:
    """Each goal judged on the scores of its KPIs."""
    by_goal = scores_by_goal(card.scores)
    results = []
    for goal in goals:
        own = by_goal.get(goal.id, ())
        results.append(GoalResult(goal, goal_outcome(own), own))
    if not results:
        return GoalsReview((), "No goals were set.")
    counts = {outcome: sum(r.outcome is outcome for r in results) for outcome in GoalOutcome}
    line = f"{counts[GoalOutcome.MET]} of {_count(len(results), 'goal')} met"
    words = {
        GoalOutcome.NOT_MET: "not met",
        GoalOutcome.NOT_MEASURED: "not measured",
        GoalOutcome.NO_KPIS: "with no KPIs",
    }
    if rest := [f"{counts[outcome]} {word}" for outcome, word in words.items() if counts[outcome]]:
        line += f"; {join_names(rest)}"
    return GoalsReview(tuple(results), line + ".")


def deliverable_result(deliverable: Deliverable) -> DeliverableResult:
    """How one deliverable ended, from its status and its due and finished dates."""
    if deliverable.status is DeliverableStatus.CANCELLED:
        return DeliverableResult(deliverable, DeliveryOutcome.DROPPED)
    if deliverable.status is not DeliverableStatus.DONE:
        return DeliverableResult(deliverable, DeliveryOutcome.UNFINISHED)
    due, finished = deliverable.due_date, deliverable.finished_on
    if due is None:
        return DeliverableResult(deliverable, DeliveryOutcome.FINISHED)
    if finished is None:
        return DeliverableResult(deliverable, DeliveryOutcome.DATE_NOT_RECORDED)
    if finished <= due:
        return DeliverableResult(deliverable, DeliveryOutcome.ON_TIME)
    return DeliverableResult(deliverable, DeliveryOutcome.LATE, (finished - due).days)


def deliverables_review(deliverables: Sequence[Deliverable]) -> DeliverablesReview:
    """Each deliverable with how it ended, and how many ended each way."""
    results = tuple(deliverable_result(deliverable) for deliverable in deliverables)
    if not results:
        return DeliverablesReview(results, "No deliverables were planned.")
    counts = {outcome: sum(r.outcome is outcome for r in results) for outcome in DeliveryOutcome}
    line = f"{counts[DeliveryOutcome.ON_TIME]} of {_count(len(results), 'deliverable')} finished on time"
    rest = []
    if late := [r.days_late for r in results if r.days_late is not None]:
        by = _count(late[0], "day") if len(late) == 1 else f"up to {_count(max(late), 'day')}"
        rest.append(f"{len(late)} late (by {by})")
    words = {
        DeliveryOutcome.FINISHED: "finished with no due date",
        DeliveryOutcome.DATE_NOT_RECORDED: "finished on a day not recorded",
        DeliveryOutcome.DROPPED: "dropped",
        DeliveryOutcome.UNFINISHED: "unfinished",
    }
    rest += [f"{counts[outcome]} {word}" for outcome, word in words.items() if counts[outcome]]
    if rest:
        line += f"; {join_names(rest)}"
    return DeliverablesReview(results, line + ".")


def risks_review(risks: Sequence[Risk]) -> RisksReview:
    """The risks that came true (occurred), the most severe and likely first."""
    occurred = tuple(
        sorted(
            (risk for risk in risks if risk.status is RiskStatus.OCCURRED),
            key=lambda r: (-r.severity.rank, -r.likelihood.rank, r.title.casefold(), r.id),
        )
    )
    if not risks:
        line = "No risks were logged."
    elif not occurred:
        line = f"None of the {_count(len(risks), 'risk')} logged came true."
    else:
        names = [f"'{risk.title}'" for risk in occurred[:NAMED_RISKS]]
        if len(occurred) > NAMED_RISKS:
            names.append(f"{len(occurred) - NAMED_RISKS} more")
        line = f"{len(occurred)} of {_count(len(risks), 'risk')} came true: {join_names(names)}."
    return RisksReview(occurred, len(risks), line)


def decisions_review(decisions: Sequence[Decision]) -> DecisionsReview:
    """The decisions sorted by whether they held, were reversed or still stand."""
    held, reversed_, in_force = (
        tuple(d for d in decisions if d.standing is standing)
        for standing in (DecisionStanding.HELD, DecisionStanding.REVERSED, DecisionStanding.IN_FORCE)
    )
    if not decisions:
        return DecisionsReview(held, reversed_, in_force, "No decisions were logged.")
    counts = (len(held), len(reversed_), len(in_force))
    words = (("held", "held"), ("was reversed", "were reversed"), ("is still in force", "are still in force"))
    parts = [f"{n} {one if n == 1 else many}" for n, (one, many) in zip(counts, words, strict=True) if n]
    line = f"Of {_count(len(decisions), 'decision')}, {join_names(parts)}."
    return DecisionsReview(held, reversed_, in_force, line)


def _count(count: int, thing: str) -> str:
    """'1 goal', '3 goals'."""
    return f"{count} {thing}" if count == 1 else f"{count} {thing}s"
